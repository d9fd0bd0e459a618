/*
 * The organisation model as an area: its entities, commands and queries
 * (record/area.h).
 */
#include "record/area.h"
#include "areas/org/org.h"

static const struct entity *const org_entities[] = {
    &org_entity_city,         &org_entity_township,  &org_entity_village,
    &org_entity_organization, &org_entity_person,    &org_entity_post,
    &org_entity_membership,   &org_entity_portfolio, NULL,
};

const struct area org_area = {.name = "org",
                              .zh = "组织架构",
                              .en = "organisation",
                              .entities = org_entities,
                              .commands = org_commands,
                              .queries = org_queries};
