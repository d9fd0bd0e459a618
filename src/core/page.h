/*
 * Lists and ids as requests give them: the one shape of a page of a list,
 * {"items","total","limit","offset"} (docs/api.md, "Pagination"), the
 * query that asks for one, and the ids of records in paths.
 */
#ifndef PROBITY_PAGE_H
#define PROBITY_PAGE_H

#include "core/err.h"

#include <jansson.h>
#include <stdint.h>

/* A list query: the page and the filters lists share. */
struct page_query {
    int64_t limit;
    int64_t offset;
    const char *status; /* filter (lists that have one), or NULL */
    const char *from;   /* "YYYY-MM-DD" or NULL */
    const char *to;     /* "YYYY-MM-DD" (exclusive) or NULL */
};

/* A new page object that takes over items. */
json_t *page_json(json_t *items, int64_t total, int64_t limit, int64_t offset);
/* Parses a record id (decimal, > 0); ERR_NOT_FOUND (field "id") otherwise. */
MUST_CHECK enum err_code id_parse(const char *text, int64_t *out, struct err *err);
/* Parses a query argument: a decimal in [min, max]; ERR_BAD_REQUEST naming
 * the parameter key otherwise. */
MUST_CHECK enum err_code page_number(
    const char *text, const char *key, int64_t min, int64_t max, int64_t *out, struct err *err);
/* Reads a page's ?limit (1..200, default 50) and ?offset (>= 0, default 0)
 * from their texts (NULL: absent) into q. */
MUST_CHECK enum err_code
page_parse(const char *limit, const char *offset, struct page_query *q, struct err *err);
/* Parses a log index (decimal, >= 0); ERR_NOT_FOUND (field "seq") otherwise. */
MUST_CHECK enum err_code index_parse(const char *text, int64_t *out, struct err *err);

#endif
