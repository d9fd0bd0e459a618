/*
 * A command's file body: what a command that takes a file (a meeting's
 * material) accepts, as data on its declaration (`.file`), and the file
 * as the runner hands it to the body once it is checked and stored. The
 * runner reads the file's type from its bytes (libmagic), never from what
 * the client says; refuses a type the command does not accept (415) or a
 * file over its bound (413) or empty (400); and stores it by its SHA-256
 * in the node's file store (store/files.h) before the write transaction,
 * so that the record naming it is committed only once the file is durable.
 * See docs/adding-an-area.md, "A command that takes a file".
 */
#ifndef PROBITY_CONTENT_H
#define PROBITY_CONTENT_H

#include "core/err.h"
#include "store/files.h"

#include <stddef.h>
#include <stdint.h>

struct store;

/* One accepted type of file, with what an office calls it. */
struct content_type {
    const char *media_type; /* as libmagic names it: "application/pdf"; NULL ends a table */
    const char *zh;         /* "PDF 文档" */
    const char *en;         /* "PDF document" */
};

/* What a command takes as its file. */
struct content_kind {
    const struct content_type *types; /* the accepted types */
    size_t max_bytes;                 /* the largest file */
    const char *zh;                   /* what the file is: "会议材料" */
    const char *en;                   /* "meeting material" */
};

/* A file as the runner received it (the request's body). */
struct content_in {
    const void *data;
    size_t len;
};

/* The file as stored, for the command's body. */
struct content_stored {
    char sha256[FILES_DIGEST_HEX];
    int64_t size;
    const char *media_type; /* kind's, static */
};

/*
 * Reads the type of the len bytes at data and finds it among kind's types
 * (*type, static): ERR_BAD_REQUEST when there are no bytes, ERR_TOO_LARGE
 * over kind->max_bytes, ERR_UNSUPPORTED_MEDIA naming the accepted types in
 * words when its type is not one of them.
 */
MUST_CHECK enum err_code content_check(const struct content_kind *kind,
                                       const struct content_in *in,
                                       const struct content_type **type,
                                       struct err *err);
/* content_check, then stores the file (files_put) and describes it in
 * *out. */
MUST_CHECK enum err_code content_store(struct store *st,
                                       const struct content_kind *kind,
                                       const struct content_in *in,
                                       struct content_stored *out,
                                       struct err *err);
/* Reads the stored file of SHA-256 hex (a file of kind, so at most its
 * max_bytes) into a new buffer *out of *len bytes (free with xfree): as
 * files_get. */
MUST_CHECK enum err_code content_load(struct store *st,
                                      const struct content_kind *kind,
                                      const char *hex,
                                      char **out,
                                      size_t *len,
                                      struct err *err);
/* The accepted type named media_type, or NULL. */
const struct content_type *content_type_find(const struct content_kind *kind,
                                             const char *media_type);

#endif
