/*
 * The projection dispatcher and the list of entities (query tables) that
 * events maintain. See project.h and docs/events.md.
 */
#include "domain/project.h"

#include "domain/entity.h"
#include "domain/org/org.h"
#include "domain/sealed.h"
#include "domain/user.h"

#include <string.h>

const struct entity *const entities[] = {
    &org_entity_city,
    &org_entity_township,
    &org_entity_village,
    &org_entity_organization,
    &org_entity_person,
    &org_entity_post,
    &org_entity_membership,
    &org_entity_portfolio,
    &user_entity,
    &sealed_publication_entity,
    NULL,
};

enum err_code
project_apply(struct store_conn *c, const char *type, const json_t *payload, struct err *err)
{
    const char *dot = strchr(type, '.');
    const struct entity *ent = dot ? entity_find(type, (size_t)(dot - type)) : NULL;
    if (ent == NULL) {
        return err_set(err, ERR_INTEGRITY, NULL, "未知的事件类型“%s”", "unknown event type '%s'",
                       type);
    }
    return entity_apply(c, ent, dot + 1, payload, err);
}
