/*
 * Walking the registered areas' entities and commands (area.h).
 */
#include "record/area.h"

const struct entity *area_entity_next(size_t *i)
{
    size_t n = (*i)++;
    for (size_t a = 0; areas[a] != NULL; a++) {
        for (size_t k = 0; areas[a]->entities != NULL && areas[a]->entities[k] != NULL; k++) {
            if (n-- == 0) {
                return areas[a]->entities[k];
            }
        }
    }
    return NULL;
}

const struct command *area_command_next(size_t *i)
{
    size_t n = (*i)++;
    for (size_t a = 0; areas[a] != NULL; a++) {
        for (size_t k = 0; areas[a]->commands != NULL && areas[a]->commands[k] != NULL; k++) {
            if (n-- == 0) {
                return areas[a]->commands[k];
            }
        }
    }
    return NULL;
}
