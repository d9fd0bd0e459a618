/*
 * The web app's static files: which file answers a path, with which MIME
 * type and caching policy. Pure functions; server.c sends the file.
 */
#ifndef PROBITY_STATIC_H
#define PROBITY_STATIC_H

#include "core/config.h"

#include <stdbool.h>
#include <stddef.h>

struct static_file {
    char path[4096];      /* the file to send */
    const char *mime;     /* its Content-Type */
    const char *cache;    /* its Cache-Control */
    const char *encoding; /* its Content-Encoding ("br", "gzip"), or NULL */
    bool compressible;    /* a compressed copy may answer it (Vary: Accept-Encoding) */
};

/*
 * Resolves a URL path under web_dir: a safe path (no "." or ".." segments,
 * no backslashes) naming a regular file, else index.html for paths whose
 * last segment does not end in a file type the app serves (.js, .png,
 * ...): the app's own routes. Of a file with a Brotli (.br) or gzip (.gz)
 * copy beside it (web/scripts/compress.mjs), the copy the client accepts
 * (accepted: encoding.h's bits), Brotli first. Returns false when nothing
 * should be served (404).
 */
bool static_resolve(const char *web_dir,
                    const char *url,
                    unsigned accepted,
                    struct static_file *out);
/* The MIME type for a file name by its extension. */
const char *static_mime(const char *name);

#endif
