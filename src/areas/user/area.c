/*
 * Users as an area: their entity (record/area.h).
 */
#include "record/area.h"
#include "areas/user/user.h"

static const struct entity *const user_entities[] = {&user_entity, NULL};

const struct area user_area = {.name = "user", .entities = user_entities};
