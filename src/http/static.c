/*
 * Static file resolution for the web app. Hashed build assets under
 * /assets/ are cached for a year as immutable; everything else is
 * revalidated. See static.h.
 */
#include "http/static.h"

#include "http/encoding.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const struct {
    const char *ext;
    const char *mime;
} mime_types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".ico", "image/x-icon"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".ttf", "font/ttf"},
    {".txt", "text/plain; charset=utf-8"},
    {".map", "application/json"},
    {".webmanifest", "application/manifest+json"},
};

/* The type of a file named name by its extension, or NULL when unknown. */
static const char *known_type(const char *name)
{
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot != NULL && i < ARRAY_SIZE(mime_types); i++) {
        if (strcmp(dot, mime_types[i].ext) == 0) {
            return mime_types[i].mime;
        }
    }
    return NULL;
}

const char *static_mime(const char *name)
{
    const char *type = known_type(name);
    return type != NULL ? type : "application/octet-stream";
}

static bool safe_path(const char *url)
{
    if (url[0] != '/' || strchr(url, '\\') != NULL) {
        return false;
    }
    for (const char *p = url; *p != '\0'; p++) {
        if (p[0] == '/' && p[1] == '.') {
            return false; /* ".", "..", and hidden files alike */
        }
    }
    return true;
}

static bool regular_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The compressed copy of out's file the client accepts, if there is one. */
static void pick_copy(unsigned accepted, struct static_file *out)
{
    static const struct {
        unsigned bit;
        const char *suffix;
        const char *coding;
    } copies[] = {{ENCODING_BR, ".br", "br"}, {ENCODING_GZIP, ".gz", "gzip"}};
    char path[sizeof(out->path)];
    for (size_t i = 0; i < ARRAY_SIZE(copies); i++) {
        int n = snprintf(path, sizeof(path), "%s%s", out->path, copies[i].suffix);
        if ((accepted & copies[i].bit) && n > 0 && (size_t)n < sizeof(path) && regular_file(path)) {
            memcpy(out->path, path, (size_t)n + 1);
            out->encoding = copies[i].coding;
            return;
        }
    }
}

bool static_resolve(const char *web_dir,
                    const char *url,
                    unsigned accepted,
                    struct static_file *out)
{
    if (web_dir == NULL || !safe_path(url)) {
        return false;
    }
    const char *name = strcmp(url, "/") == 0 ? "/index.html" : url;
    int n = snprintf(out->path, sizeof(out->path), "%s%s", web_dir, name);
    if (n < 0 || (size_t)n >= sizeof(out->path)) {
        return false;
    }
    if (!regular_file(out->path)) {
        /* A missing file of a type the app is built of is not found; any
         * other path is an app route (a log origin such as
         * /monitor/nodes/zhuji.example has a dot, yet is a route). */
        if (known_type(strrchr(url, '/')) != NULL) {
            return false;
        }
        name = "/index.html";
        n = snprintf(out->path, sizeof(out->path), "%s%s", web_dir, name);
        if (n < 0 || (size_t)n >= sizeof(out->path) || !regular_file(out->path)) {
            return false;
        }
    }
    out->mime = static_mime(name);
    out->cache =
        strncmp(name, "/assets/", 8) == 0 ? "public, max-age=31536000, immutable" : "no-cache";
    out->encoding = NULL;
    out->compressible = strncmp(out->mime, "text/", 5) == 0 ||
                        strncmp(out->mime, "application/", 12) == 0 ||
                        strcmp(out->mime, "image/svg+xml") == 0;
    if (out->compressible) {
        pick_copy(accepted, out);
    }
    return true;
}
