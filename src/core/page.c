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

enum err_code id_parse(const char *text, int64_t *out, struct err *err)
{
    char *end = NULL;
    long long n = text ? strtoll(text, &end, 10) : 0;
    if (text == NULL || *text == '\0' || *end != '\0' || n <= 0) {
        return err_set(err, ERR_NOT_FOUND, "id", NULL, NULL);
    }
    *out = (int64_t)n;
    return ERR_OK;
}
