/*
 * The rulebook as an area: its versions and the command that records one
 * (record/area.h).
 */
#include "record/area.h"
#include "areas/rulebook/rulebooks.h"

static const struct entity *const rulebook_entities[] = {&rulebooks_entity, NULL};
static const struct command *const rulebook_commands[] = {&rulebook_change_command, NULL};

static const struct query *const rulebook_queries[] = {
    &rulebook_get_query,
    NULL,
};

const struct area rulebook_area = {
    .name = "rulebook",
    .zh = "议事规则",
    .en = "rulebook",
    .entities = rulebook_entities,
    .commands = rulebook_commands,
    .queries = rulebook_queries,
};
