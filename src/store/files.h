/*
 * The file store: files kept by their content, beside the database, in the
 * data folder's files/ (files/ab/ab12...: the first two hex digits of the
 * SHA-256, then all 64). A record names a file by its SHA-256 and never
 * holds its bytes, so the log proves which file it was without carrying
 * it. A file is written and made durable before the record naming it is
 * committed; one stored twice is kept once. See docs/store.md.
 *
 * THREAD SAFETY: any thread; two writers of the same file write the same
 * bytes, and the rename that publishes it is atomic.
 */
#ifndef PROBITY_FILES_H
#define PROBITY_FILES_H

#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

struct store;

/* A SHA-256 as 64 lowercase hex digits and its NUL. */
#define FILES_DIGEST_HEX 65

/* Writes the SHA-256 of len bytes at data, in hex, into hex. */
void files_digest(const void *data, size_t len, char hex[FILES_DIGEST_HEX]);
/*
 * Stores len bytes at data in st's file store under their SHA-256 (hex,
 * written into hex): written to a temporary file, flushed to disk, renamed
 * into place and the folder flushed, so that it survives a crash once this
 * returns. Nothing is written when the file is there already. ERR_IO when
 * the folder or the file cannot be written; ERR_INTEGRITY when a file of
 * that name is there with other bytes.
 */
MUST_CHECK enum err_code files_put(
    struct store *st, const void *data, size_t len, char hex[FILES_DIGEST_HEX], struct err *err);
/*
 * Reads the file of SHA-256 hex (64 lowercase hex digits) from st's file
 * store into a new buffer *out of *len bytes (free with xfree), at most
 * max bytes. ERR_NOT_FOUND when there is none; ERR_INTEGRITY when its
 * bytes no longer have that digest; ERR_IO otherwise.
 */
MUST_CHECK enum err_code
files_get(struct store *st, const char *hex, size_t max, char **out, size_t *len, struct err *err);

#endif
