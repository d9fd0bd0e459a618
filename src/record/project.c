/*
 * The projection dispatcher: an event to its entity (registered by its
 * area, record/area.h) and the note of the row it touched. See project.h
 * and docs/events.md.
 */
#include "record/project.h"

#include "record/entity.h"

#include <stdio.h>
#include <string.h>

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
