/*
 * struct buf: the one growable byte/string buffer (Fossil's Blob, curl's
 * dynbuf). Its data is always NUL-terminated and it never grows past the
 * maximum size given at init; appends past it fail with ERR_TOO_LARGE.
 */
#ifndef PROBITY_BUF_H
#define PROBITY_BUF_H

#include "core/config.h"
#include "core/err.h"

#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *data; /* NUL-terminated; NULL until the first append */
    size_t len; /* bytes used, excluding the NUL */
    size_t cap; /* bytes allocated */
    size_t max; /* largest len allowed */
};

/* Prepares b, empty, to hold at most max bytes. Storage is the caller's. */
void buf_init(struct buf *b, size_t max);
/* Releases b's storage and leaves it empty and reusable. */
void buf_clear(struct buf *b);
/* Sets len to 0, keeping the storage. */
void buf_reset(struct buf *b);
/* Appends n bytes; ERR_TOO_LARGE (and b unchanged) past the maximum. */
MUST_CHECK enum err_code buf_append(struct buf *b, const void *p, size_t n);
/* Appends a NUL-terminated string. */
MUST_CHECK enum err_code buf_append_str(struct buf *b, const char *s);
/* Appends a string literal without measuring it at run time. */
#define buf_append_lit(b, lit) buf_append((b), "" lit, sizeof(lit) - 1)
/* Appends printf-formatted text. */
MUST_CHECK enum err_code buf_appendf(struct buf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
MUST_CHECK enum err_code buf_vappendf(struct buf *b, const char *fmt, va_list ap) PRINTF_LIKE(2, 0);
/* Returns the bytes (NUL-terminated, never NULL) and resets b; the caller
 * frees them with xfree. *len_out (when not NULL) receives the length. */
char *buf_take(struct buf *b, size_t *len_out);
/* Returns a borrowed, NUL-terminated view ("" when empty); valid until the
 * next change to b. */
const char *buf_str(const struct buf *b);

#endif
