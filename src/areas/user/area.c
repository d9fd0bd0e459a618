/*
 * Users as an area: their entity and the command that creates one
 * (record/area.h).
 */
#include "record/area.h"
#include "areas/user/user.h"

static const struct entity *const user_entities[] = {&user_entity, NULL};
static const struct command *const user_commands[] = {&user_create_command, NULL};

const struct area user_area = {
    .name = "user",
    .entities = user_entities,
    .commands = user_commands,
};
