/*
 * Walking the registered areas' entities, commands and queries (area.h).
 */
#include "record/area.h"

#include <string.h>

/* Defines fn, which walks the member lists of every area in turn. */
#define AREA_WALK(type, fn, member)                                                                \
    const struct type *fn(size_t *i)                                                               \
    {                                                                                              \
        size_t n = (*i)++;                                                                         \
        for (size_t a = 0; areas[a] != NULL; a++) {                                                \
            for (size_t k = 0; areas[a]->member != NULL && areas[a]->member[k] != NULL; k++) {     \
                if (n-- == 0) {                                                                    \
                    return areas[a]->member[k];                                                    \
                }                                                                                  \
            }                                                                                      \
        }                                                                                          \
        return NULL;                                                                               \
    }

AREA_WALK(entity, area_entity_next, entities)
AREA_WALK(command, area_command_next, commands)
AREA_WALK(query, area_query_next, queries)

const struct area *area_named(const char *name)
{
    for (size_t a = 0; name != NULL && areas[a] != NULL; a++) {
        if (strcmp(areas[a]->name, name) == 0) {
            return areas[a];
        }
    }
    return NULL;
}
