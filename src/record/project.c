/*
 * The projection dispatcher and the list of entities (query tables) that
 * events maintain. See project.h and docs/events.md.
 */
#include "record/project.h"

#include "areas/budget/budget.h"
#include "areas/meeting/meeting.h"
#include "areas/org/org.h"
#include "areas/rulebook/rulebooks.h"
#include "areas/user/user.h"
#include "record/entity.h"
#include "record/sealed.h"

#include <stdio.h>
#include <string.h>

/* clang-format off: one entity a line */
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
    &rulebooks_entity,
    &matter_entity,
    &meeting_entity,
    &agenda_item_entity,
    &notification_entity,
    &statement_entity,
    &ballot_entity,
    &amendment_entity,
    &task_entity,
    &budget_entity,
    &budget_line_entity,
    &budget_adjustment_entity,
    &budget_adjustment_line_entity,
    &expenditure_entity,
    NULL,
};
/* clang-format on */

enum err_code project_apply(
    struct store_conn *c, int64_t seq, const char *type, const json_t *payload, struct err *err)
{
    const char *dot = strchr(type, '.');
    const struct entity *ent = dot ? entity_find(type, (size_t)(dot - type)) : NULL;
    if (ent == NULL) {
        return err_set(err, ERR_INTEGRITY, NULL, "未知的事件类型“%s”", "unknown event type '%s'",
                       type);
    }
    enum err_code rc = entity_apply(c, ent, dot + 1, payload, err);
    const json_t *id = json_object_get(payload, "id");
    char text[24];
    if (rc == ERR_OK && (json_is_integer(id) || json_is_string(id))) {
        if (json_is_integer(id)) {
            snprintf(text, sizeof(text), "%lld", (long long)json_integer_value(id));
        }
        rc = store_exec(
            c, err, "INSERT INTO record_events (entity, id, seq, action) VALUES (?, ?, ?, ?)",
            "ttit", ent->name, json_is_integer(id) ? text : json_string_value(id), seq, dot + 1);
    }
    return rc;
}
