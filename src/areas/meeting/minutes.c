/*
 * The minutes: the discipline secretary's countersignature of the record
 * (同步記錄) once every item is concluded, finalising (locking) the
 * countersigned minutes, and corrections of finalised minutes as new
 * linked records (amendments), never edits. See meeting.h.
 */
#include "areas/meeting/internal.h"

#include <string.h>

static enum err_code save(const struct ctx *x, json_t *row, json_t **result, struct err *err)
{
    struct event_ref ref;
    json_t *item = NULL;
    row_bump_revision(row);
    enum err_code rc =
        entity_update(x->c, x->who, &meeting_entity, row_text(row, "township_id"), row, &ref, err);
    if (rc == ERR_OK) {
        rc = meeting_get(x, &(struct args){.id = row_int(row, "id")}, &item, err);
    }
    if (rc == ERR_OK) {
        *result = command_answer(item, &ref);
    }
    return rc;
}

static enum err_code
countersign_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    const char *note = args_text(a, "note");
    int64_t open = 0, person = 0;
    char now[UTC_TEXT_MAX];
    enum err_code rc = meeting_begin(x, a, MEETING_OPEN, &row, err);
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &open, NULL, err,
                             "SELECT COUNT(*) FROM agenda_items WHERE meeting_id = ?"
                             " AND status NOT IN ('passed', 'rejected', 'deferred')",
                             "i", a->id);
    }
    if (rc == ERR_OK && open > 0) {
        rc = procedure_refuse(err, PROCEDURE_ITEMS_OPEN, NULL);
    }
    if (rc == ERR_OK) {
        rc = org_actor_person(x->c, x->who, &person, err);
    }
    if (rc == ERR_OK) {
        ctx_now_text(x, now);
        json_object_set_new(row, "countersigned_by", person ? json_integer(person) : json_null());
        json_object_set_new(row, "countersign_login", json_string(actor_label(x->who)));
        json_object_set_new(row, "countersigned_at", json_string(now));
        json_object_set_new(row, "countersign_note", note ? json_string(note) : json_null());
        rc = save(x, row, result, err);
    }
    json_decref(row);
    return rc;
}

static const struct field countersign_fields[] = {
    F_TEXT("note", FIELD_NULLABLE, 2000, "签字意见", "note"),
    F_REVISION,
    F_END,
};

const struct command meeting_countersign_command = {
    .name = "meeting.countersign",
    .method = "POST",
    .path = "/api/v1/meetings/{id}/countersign",
    .cap = CAP_MEETING_COUNTERSIGN,
    .status = 200,
    .fields = countersign_fields,
    .run = countersign_body,
    .zh = "纪委书记同步记录签字",
    .en = "The discipline secretary countersigns the record",
    .entity = &meeting_entity,
    .scope = "SELECT township_id FROM meetings WHERE id = ?",
};

static enum err_code
finalise_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    char now[UTC_TEXT_MAX];
    enum err_code rc = meeting_begin(x, a, MEETING_COUNTERSIGNED, &row, err);
    if (rc == ERR_OK) {
        ctx_now_text(x, now);
        json_object_set_new(row, "finalised_at", json_string(now));
        json_object_set_new(row, "finalised_by", json_string(actor_label(x->who)));
        rc = save(x, row, result, err);
    }
    if (rc == ERR_OK) {
        /* What the minutes publish follows their record. */
        rc = minutes_publish(x, row, err);
    }
    json_decref(row);
    return rc;
}

static const struct field finalise_fields[] = {
    F_REVISION,
    F_END,
};

const struct command meeting_finalise_command = {
    .name = "meeting.finalise",
    .method = "POST",
    .path = "/api/v1/meetings/{id}/finalise",
    .cap = CAP_MEETING_MANAGE,
    .status = 200,
    .fields = finalise_fields,
    .run = finalise_body,
    .zh = "会议纪要定稿锁定",
    .en = "Finalise (lock) the minutes",
    .entity = &meeting_entity,
    .scope = "SELECT township_id FROM meetings WHERE id = ?",
};

static enum err_code
amend_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL, *amendment = NULL;
    int64_t item = args_int(a, "item_id");
    char now[UTC_TEXT_MAX];
    struct event_ref ref;
    enum err_code rc = meeting_begin(x, a, MEETING_FINALISED, &row, err);
    if (rc == ERR_OK && item != 0) {
        bool found = false;
        int64_t one = 0;
        rc = store_query_int(x->c, &one, &found, err,
                             "SELECT 1 FROM agenda_items WHERE id = ? AND meeting_id = ?", "ii",
                             item, a->id);
        if (rc == ERR_OK && !found) {
            rc = err_set(err, ERR_INVALID, "item_id", "议题不属于该会议",
                         "the item is not on this meeting's agenda");
        }
    }
    if (rc == ERR_OK) {
        ctx_now_text(x, now);
        amendment = json_pack("{sI, so, ss, ss, ss, ss}", "meeting_id", (json_int_t)a->id,
                              "agenda_item_id", item ? json_integer(item) : json_null(), "text",
                              args_text(a, "text"), "reason", args_text(a, "reason"), "recorded_by",
                              actor_label(x->who), "recorded_at", now);
        rc = entity_create(x->c, x->who, &amendment_entity, row_text(row, "township_id"), amendment,
                           &ref, err);
    }
    if (rc == ERR_OK) {
        *result = command_answer(json_incref(amendment), &ref);
    }
    json_decref(amendment);
    json_decref(row);
    return rc;
}

static const struct field amend_fields[] = {
    F_TEXT("text", FIELD_REQUIRED, 4000, "更正内容", "text"),
    F_TEXT("reason", FIELD_REQUIRED, 2000, "更正原因", "reason"),
    F_REF("item_id", FIELD_NULLABLE, "所涉议题", "agenda item"),
    F_END,
};

const struct command meeting_amend_command = {
    .name = "meeting.amend",
    .method = "POST",
    .path = "/api/v1/meetings/{id}/amendments",
    .cap = CAP_MEETING_MANAGE,
    .status = 201,
    .fields = amend_fields,
    .run = amend_body,
    .zh = "以关联更正记录更正已定稿的纪要",
    .en = "Correct finalised minutes by a linked amendment",
    .entity = &amendment_entity,
    .scope = "SELECT township_id FROM meetings WHERE id = ?",
};
