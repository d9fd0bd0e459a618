/*
 * Areas: org, meeting, budget, rulebook, user and the pillars to come each
 * register their entities (query tables), commands and queries here, so that the
 * event core, the router, the API description and the web forms find
 * them without knowing any area. The list is src/areas/areas.c, one line
 * an area; see docs/adding-an-area.md.
 */
#ifndef PROBITY_AREA_H
#define PROBITY_AREA_H

#include "record/query.h"

struct area {
    const char *name; /* e.g. "meeting" */
    const char *zh;   /* what an office calls it, zh-CN ("会议与事项") */
    const char *en;   /* ... and in English, lower case ("meetings and matters") */
    const struct entity *const *entities;  /* NULL-terminated */
    const struct command *const *commands; /* NULL-terminated */
    const struct query *const *queries;    /* NULL-terminated */
    /* Run when a node opens for writing, its log attached (node_open),
     * before anything else: brings the area's operational data up to
     * date where SQL migrations cannot (sealing secrets, say). NULL: none. */
    enum err_code (*open)(struct store *st, struct err *err);
};

/* Every area, NULL-terminated (src/areas/areas.c). */
extern const struct area *const areas[];

/* The area named name, or NULL. */
const struct area *area_named(const char *name);
/* Walks every entity of every area: *i (start at 0) is the position;
 * NULL after the last. */
const struct entity *area_entity_next(size_t *i);
/* Walks every command of every area, as area_entity_next. */
const struct command *area_command_next(size_t *i);
/* Walks every query of every area, as area_entity_next. */
const struct query *area_query_next(size_t *i);

#endif
