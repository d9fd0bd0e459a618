/*
 * Canonical JSON encoding (sorted keys, no whitespace, integers only).
 * See canon.h.
 */
#include "core/canon.h"

#include "core/alloc.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static enum err_code encode_string(const char *s, size_t len, struct buf *out)
{
    static const char hex[] = "0123456789abcdef";
    enum err_code rc = buf_append_lit(out, "\"");
    size_t run = 0; /* start of the pending run of bytes needing no escape */
    for (size_t i = 0; i < len && rc == ERR_OK; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[7];
        size_t n = 0;
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            n = 2;
        } else if (c < 0x20) {
            const char *shortform = NULL;
            switch (c) {
            case '\b':
                shortform = "\\b";
                break;
            case '\f':
                shortform = "\\f";
                break;
            case '\n':
                shortform = "\\n";
                break;
            case '\r':
                shortform = "\\r";
                break;
            case '\t':
                shortform = "\\t";
                break;
            default:
                break;
            }
            if (shortform != NULL) {
                memcpy(esc, shortform, 2);
                n = 2;
            } else {
                memcpy(esc, "\\u00", 4);
                esc[4] = hex[c >> 4];
                esc[5] = hex[c & 15];
                n = 6;
            }
        }
        if (n > 0) {
            rc = buf_append(out, s + run, i - run);
            if (rc == ERR_OK) {
                rc = buf_append(out, esc, n);
            }
            run = i + 1;
        }
    }
    if (rc == ERR_OK) {
        rc = buf_append(out, s + run, len - run);
    }
    if (rc == ERR_OK) {
        rc = buf_append_lit(out, "\"");
    }
    return rc;
}

static int compare_keys(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static enum err_code encode_value(const json_t *v, int depth, struct buf *out, struct err *err);

static enum err_code encode_object(const json_t *v, int depth, struct buf *out, struct err *err)
{
    size_t n = json_object_size(v);
    const char **keys = xcalloc(n, sizeof(*keys));
    const char *key;
    json_t *member;
    size_t i = 0;
    enum err_code rc = ERR_OK;
    json_object_foreach((json_t *)v, key, member)
    {
        keys[i++] = key;
    }
    /* Keys are NUL-free UTF-8 (jansson refuses NUL in keys by default), so
     * strcmp orders them by bytes, which is code point order. */
    qsort(keys, n, sizeof(*keys), compare_keys);
    rc = buf_append_lit(out, "{");
    for (i = 0; i < n && rc == ERR_OK; i++) {
        if (i > 0) {
            rc = buf_append_lit(out, ",");
        }
        if (rc == ERR_OK) {
            rc = encode_string(keys[i], strlen(keys[i]), out);
        }
        if (rc == ERR_OK) {
            rc = buf_append_lit(out, ":");
        }
        if (rc == ERR_OK) {
            rc = encode_value(json_object_get(v, keys[i]), depth + 1, out, err);
            if (rc == ERR_INVALID && err != NULL && err->field[0] == '\0') {
                err_set(err, ERR_INVALID, keys[i], "字段“%s”不是整数或嵌套过深",
                        "field '%s' is not an integer or is nested too deeply", keys[i]);
            }
        }
    }
    if (rc == ERR_OK) {
        rc = buf_append_lit(out, "}");
    }
    xfree(keys);
    return rc;
}

static enum err_code encode_value(const json_t *v, int depth, struct buf *out, struct err *err)
{
    /* depth counts the containers around v; v itself may be the last one. */
    if ((json_is_object(v) || json_is_array(v)) && depth >= CANON_MAX_DEPTH) {
        return err_set(err, ERR_INVALID, NULL, "嵌套过深", "nested too deeply");
    }
    enum err_code rc = ERR_OK;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return encode_object(v, depth, out, err);
    case JSON_ARRAY:
        rc = buf_append_lit(out, "[");
        for (size_t i = 0; i < json_array_size(v) && rc == ERR_OK; i++) {
            if (i > 0) {
                rc = buf_append_lit(out, ",");
            }
            if (rc == ERR_OK) {
                rc = encode_value(json_array_get(v, i), depth + 1, out, err);
            }
        }
        if (rc == ERR_OK) {
            rc = buf_append_lit(out, "]");
        }
        return rc;
    case JSON_STRING:
        return encode_string(json_string_value(v), json_string_length(v), out);
    case JSON_INTEGER:
        return buf_appendf(out, "%" PRId64, (int64_t)json_integer_value(v));
    case JSON_REAL:
        return err_set(err, ERR_INVALID, NULL, "金额与数量须为整数", "numbers must be integers");
    case JSON_TRUE:
        return buf_append_lit(out, "true");
    case JSON_FALSE:
        return buf_append_lit(out, "false");
    case JSON_NULL:
        return buf_append_lit(out, "null");
    }
    return ERR_INTERNAL;
}

enum err_code canon_encode(const json_t *v, struct buf *out, struct err *err)
{
    enum err_code rc = encode_value(v, 0, out, err);
    if (rc == ERR_TOO_LARGE) {
        err_set(err, ERR_TOO_LARGE, NULL, "记录过大", "record too large");
    }
    return rc;
}
