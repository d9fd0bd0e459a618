/*
 * Changing a meeting after its items are notified: postponing it to a
 * later time or cancelling it, each with its reason, before any item is
 * under way. Every member of its items is notified of the change again
 * (notifications with "change"), and a postponement checks the notice
 * rule anew, from the new notice to the new start (a late one is flagged
 * with its justification, or refused). The change is one meeting.updated
 * record: the row with its list of changes, the notifications as its
 * children. See meeting.h.
 */
#include "areas/meeting/internal.h"

#include "core/alloc.h"
#include "rules/notice.h"

#include <string.h>

/* The meeting's items with what the change needs of each: its status,
 * roster, rulebook and category; refuses when one is under way or
 * concluded (procedure.meeting_begun). */
static enum err_code
load_items(struct store_conn *c, int64_t meeting, json_t **items, struct err *err)
{
    enum err_code rc = store_query_json(
        c, items, err,
        "SELECT a.id, a.status, a.roster, a.rulebook, m.category FROM agenda_items a"
        " JOIN matters m ON m.id = a.matter_id WHERE a.meeting_id = ? ORDER BY a.position",
        "i", meeting);
    size_t i;
    json_t *it;
    json_array_foreach(rc == ERR_OK ? *items : NULL, i, it)
    {
        row_decode(&agenda_item_entity, it);
        if (rc == ERR_OK && strcmp(row_text(it, "status"), "notified") != 0) {
            rc = procedure_refuse(err, PROCEDURE_MEETING_BEGUN, NULL);
        }
    }
    if (rc != ERR_OK) {
        json_decref(*items);
        *items = NULL;
    }
    return rc;
}

/* The notice rule for each item, notified now of a start at starts_ms:
 * the worst verdict of them in *worst. */
static enum err_code check_notices(const struct ctx *x,
                                   const json_t *items,
                                   int64_t starts_ms,
                                   struct verdict *worst,
                                   struct err *err)
{
    struct rulebook *rb = xmalloc(sizeof(*rb));
    enum err_code rc = ERR_OK;
    size_t i;
    const json_t *it;
    rules_verdict_ok(worst);
    json_array_foreach(items, i, it)
    {
        struct verdict v;
        rc = rulebooks_load(x, json_object_get(it, "rulebook"), rb, err);
        if (rc != ERR_OK) {
            break;
        }
        struct rules_notice notice = {row_text(it, "category"), true, x->now_ms, starts_ms};
        enum verdict_kind kind = rules_check_notice(rb, &notice, &v);
        if (kind > worst->kind) {
            *worst = v;
        }
    }
    xfree(rb);
    return rc;
}

/* Appends the change {"kind","reason","at","by",...more} to the meeting
 * row's list of changes (more is taken). */
static void
add_change(const struct ctx *x, json_t *row, const char *kind, const char *reason, json_t *more)
{
    char now[UTC_TEXT_MAX];
    ctx_now_text(x, now);
    json_t *change = json_pack("{ss, ss, ss, ss}", "kind", kind, "reason", reason, "at", now, "by",
                               actor_label(x->who));
    json_object_update(change, more);
    json_decref(more);
    json_t *changes = json_object_get(row, "changes");
    if (!json_is_array(changes)) {
        json_object_set_new(row, "changes", json_array());
        changes = json_object_get(row, "changes");
    }
    json_array_append_new(changes, change);
}

/* The notifications of the change to every member of every item. */
static enum err_code notify_change(
    const struct ctx *x, const json_t *items, const char *change, json_t **list, struct err *err)
{
    char now[UTC_TEXT_MAX];
    ctx_now_text(x, now);
    enum err_code rc = ERR_OK;
    size_t i;
    const json_t *it;
    json_array_foreach(items, i, it)
    {
        if (rc == ERR_OK) {
            rc = notifications_for(x->c, row_int(it, "id"), json_object_get(it, "roster"), now,
                                   change, list, err);
        }
    }
    return rc;
}

/* Records the changed row with its notifications and answers the meeting. */
static enum err_code
save(const struct ctx *x, json_t *row, json_t *notices, json_t **result, struct err *err)
{
    struct event_ref ref;
    json_t *item = NULL;
    int64_t id = row_int(row, "id");
    row_bump_revision(row);
    json_object_set_new(row, "notifications", notices ? notices : json_array());
    enum err_code rc =
        entity_update(x->c, x->who, &meeting_entity, row_text(row, "township_id"), row, &ref, err);
    if (rc == ERR_OK) {
        rc = meeting_get(x, &(struct args){.id = id}, &item, err);
    }
    if (rc == ERR_OK) {
        *result = command_answer(item, &ref);
    }
    return rc;
}

static enum err_code
postpone_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL, *items = NULL, *notices = NULL;
    int64_t starts = 0;
    char start_text[UTC_TEXT_MAX];
    struct verdict v;
    const char *justification = args_text(a, "justification");
    enum err_code rc = meeting_begin(x, a, MEETING_OPEN, &row, err);
    if (rc == ERR_OK) {
        const char *raw = args_text(a, "starts_at");
        if (!utc_parse(raw, &starts) || starts > 32503680000000LL) {
            rc = err_set(err, ERR_INVALID, "starts_at",
                         "延期后的开始时间须为 3000 年以前的时间（RFC 3339）",
                         "the new start must be a time before 3000 (RFC 3339)");
        } else if (starts <= row_int(row, "starts_ms")) {
            rc = procedure_refuse(err, PROCEDURE_MEETING_EARLIER, "starts_at");
        } else if (starts <= x->now_ms) {
            rc = err_set(err, ERR_INVALID, "starts_at", "延期后的开始时间须晚于现在",
                         "the new start must be later than now");
        }
    }
    if (rc == ERR_OK) {
        rc = load_items(x->c, a->id, &items, err);
    }
    if (rc == ERR_OK) {
        rc = check_notices(x, items, starts, &v, err);
    }
    if (rc == ERR_OK) {
        rc = verdict_settle(v.kind, &v, justification, err);
    }
    if (rc == ERR_OK) {
        rc = notify_change(x, items, "postponed", &notices, err);
    }
    if (rc == ERR_OK) {
        bool flagged = v.kind == VERDICT_FLAG;
        utc_format(starts, start_text);
        add_change(x, row, "postponed", args_text(a, "reason"),
                   json_pack("{sO, ss, so, so}", "from", json_object_get(row, "starts_at"), "to",
                             start_text, "verdict", rules_verdict_json(&v), "justification",
                             flagged ? json_string(justification) : json_null()));
        json_object_set_new(row, "starts_at", json_string(start_text));
        json_object_set_new(row, "starts_ms", json_integer(starts));
        rc = save(x, row, notices, result, err);
        notices = NULL;
    }
    json_decref(row);
    json_decref(items);
    json_decref(notices);
    return rc;
}

static const struct field postpone_fields[] = {
    F_TIME("starts_at", FIELD_REQUIRED, "延期后的开始时间", "new start"),
    F_TEXT("reason", FIELD_REQUIRED, 2000, "延期原因", "reason for postponing"),
    F_JUSTIFICATION,
    F_REVISION,
    F_END,
};

const struct command meeting_postpone_command = {
    .name = "meeting.postpone",
    .method = "POST",
    .path = "/api/v1/meetings/{id}/postpone",
    .cap = CAP_MEETING_MANAGE,
    .status = 200,
    .fields = postpone_fields,
    .run = postpone_body,
    .zh = "会议延期，并重新通知参会成员",
    .en = "Postpone a meeting and notify its members again",
    .entity = &meeting_entity,
    .scope = "SELECT township_id FROM meetings WHERE id = ?",
};

static enum err_code
cancel_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL, *items = NULL, *notices = NULL;
    char now[UTC_TEXT_MAX];
    enum err_code rc = meeting_begin(x, a, MEETING_OPEN, &row, err);
    if (rc == ERR_OK) {
        rc = load_items(x->c, a->id, &items, err);
    }
    if (rc == ERR_OK) {
        rc = notify_change(x, items, "cancelled", &notices, err);
    }
    if (rc == ERR_OK) {
        ctx_now_text(x, now);
        add_change(x, row, "cancelled", args_text(a, "reason"), json_object());
        json_object_set_new(row, "cancelled_at", json_string(now));
        rc = save(x, row, notices, result, err);
        notices = NULL;
    }
    json_decref(row);
    json_decref(items);
    json_decref(notices);
    return rc;
}

static const struct field cancel_fields[] = {
    F_TEXT("reason", FIELD_REQUIRED, 2000, "取消原因", "reason for cancelling"),
    F_REVISION,
    F_END,
};

const struct command meeting_cancel_command = {
    .name = "meeting.cancel",
    .method = "POST",
    .path = "/api/v1/meetings/{id}/cancel",
    .cap = CAP_MEETING_MANAGE,
    .status = 200,
    .fields = cancel_fields,
    .run = cancel_body,
    .zh = "取消会议，并通知参会成员",
    .en = "Cancel a meeting and notify its members",
    .entity = &meeting_entity,
    .scope = "SELECT township_id FROM meetings WHERE id = ?",
};
