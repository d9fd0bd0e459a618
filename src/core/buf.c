/*
 * Growable NUL-terminated buffer with a maximum size. See buf.h.
 */
#include "core/buf.h"

#include "core/alloc.h"

#include <stdio.h>
#include <string.h>

void buf_init(struct buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

void buf_clear(struct buf *b)
{
    xfree(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->data != NULL) {
        b->data[0] = '\0';
    }
}

/* Makes room for n more bytes plus the NUL, or fails past the maximum. */
static enum err_code buf_reserve(struct buf *b, size_t n)
{
    if (n > b->max || b->len > b->max - n) {
        return ERR_TOO_LARGE;
    }
    size_t need = b->len + n + 1;
    if (need <= b->cap) {
        return ERR_OK;
    }
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) {
        cap *= 2;
    }
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
    return ERR_OK;
}

enum err_code buf_append(struct buf *b, const void *p, size_t n)
{
    enum err_code rc = buf_reserve(b, n);
    if (rc != ERR_OK) {
        return rc;
    }
    if (n > 0) {
        memcpy(b->data + b->len, p, n);
    }
    b->len += n;
    b->data[b->len] = '\0';
    return ERR_OK;
}

enum err_code buf_append_str(struct buf *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}

enum err_code buf_vappendf(struct buf *b, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0) {
        return ERR_INTERNAL;
    }
    enum err_code rc = buf_reserve(b, (size_t)n);
    if (rc != ERR_OK) {
        return rc;
    }
    int written = vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    if (written != n) {
        return ERR_INTERNAL;
    }
    b->len += (size_t)n;
    return ERR_OK;
}

enum err_code buf_appendf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    enum err_code rc = buf_vappendf(b, fmt, ap);
    va_end(ap);
    return rc;
}

char *buf_take(struct buf *b, size_t *len_out)
{
    char *data = b->data;
    if (data == NULL) {
        data = xstrdup("");
    }
    if (len_out != NULL) {
        *len_out = b->len;
    }
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    return data;
}

const char *buf_str(const struct buf *b)
{
    return b->data ? b->data : "";
}
