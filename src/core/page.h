/*
 * The one shape of a page of a list, as every list endpoint answers it:
 * {"items","total","limit","offset"} (docs/api.md, "Pagination").
 */
#ifndef PROBITY_PAGE_H
#define PROBITY_PAGE_H

#include <jansson.h>
#include <stdint.h>

/* A new page object that takes over items. */
json_t *page_json(json_t *items, int64_t total, int64_t limit, int64_t offset);

#endif
