/*
 * The page object of list answers and the ids of paths (page.h).
 */
#include "core/page.h"

#include <stdlib.h>

json_t *page_json(json_t *items, int64_t total, int64_t limit, int64_t offset)
{
    return json_pack("{so, sI, sI, sI}", "items", items, "total", (json_int_t)total, "limit",
                     (json_int_t)limit, "offset", (json_int_t)offset);
}

/* A decimal of at least min in text; ERR_NOT_FOUND naming field otherwise. */
static enum err_code
parse_at_least(const char *text, long long min, const char *field, int64_t *out, struct err *err)
{
    char *end = NULL;
    long long n = text ? strtoll(text, &end, 10) : 0;
    if (text == NULL || *text == '\0' || *end != '\0' || n < min) {
        return err_set(err, ERR_NOT_FOUND, field, NULL, NULL);
    }
    *out = (int64_t)n;
    return ERR_OK;
}

enum err_code id_parse(const char *text, int64_t *out, struct err *err)
{
    return parse_at_least(text, 1, "id", out, err);
}

enum err_code index_parse(const char *text, int64_t *out, struct err *err)
{
    return parse_at_least(text, 0, "seq", out, err);
}

enum err_code page_number(
    const char *text, const char *key, int64_t min, int64_t max, int64_t *out, struct err *err)
{
    char *end = NULL;
    long long n = strtoll(text, &end, 10);
    if (*text == '\0' || *end != '\0' || n < min || n > max) {
        return err_set(err, ERR_BAD_REQUEST, key, "参数“%s”须为 %lld 到 %lld 之间的整数",
                       "parameter '%s' must be an integer from %lld to %lld", key, (long long)min,
                       (long long)max);
    }
    *out = n;
    return ERR_OK;
}

enum err_code
page_parse(const char *limit, const char *offset, struct page_query *q, struct err *err)
{
    enum err_code rc = ERR_OK;
    q->limit = 50;
    q->offset = 0;
    if (limit != NULL) {
        rc = page_number(limit, "limit", 1, 200, &q->limit, err);
    }
    if (rc == ERR_OK && offset != NULL) {
        rc = page_number(offset, "offset", 0, INT32_MAX, &q->offset, err);
    }
    return rc;
}
