/*
 * Putting a matter on a meeting's agenda: the item takes the rulebook in
 * force now for good, notifies every member entitled (one notification
 * row each, made by the same event), and an item notified too late is an
 * ad-hoc motion (rules_check_notice): flagged with its justification, or
 * refused. See meeting.h.
 */
#include "areas/meeting/internal.h"

#include "core/alloc.h"
#include "rules/notice.h"

#include <string.h>

/* Refuses a matter that is on an agenda item not yet concluded, passed
 * already, or decided alone. */
static enum err_code check_matter_free(struct store_conn *c, const json_t *matter, struct err *err)
{
    const char *status = NULL;
    enum err_code rc = matter_status(c, matter, &status, err);
    if (rc == ERR_OK && strcmp(status, "registered") != 0 && strcmp(status, "rejected") != 0) {
        rc = procedure_refuse(err, PROCEDURE_MATTER_BUSY, "matter_id");
    }
    return rc;
}

static enum err_code
add_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *meeting = NULL, *matter = NULL, *ref = NULL, *roster = NULL, *row = NULL,
           *notices = NULL;
    struct rulebook *rb = xmalloc(sizeof(*rb));
    struct rules_requirements req;
    struct verdict v;
    struct event_ref eref;
    int64_t matter_id = args_int(a, "matter_id"), position = 0, item_id = 0;
    const char *justification = args_text(a, "justification");
    const char *township = a->township;
    char now[UTC_TEXT_MAX];
    enum err_code rc = meeting_begin(x, a, MEETING_OPEN, &meeting, err);
    if (rc == ERR_OK) {
        rc = row_load(x->c, &matter_entity, "SELECT " MATTER_COLUMNS " FROM matters WHERE id = ?",
                      matter_id, &matter, err);
        if (rc == ERR_NOT_FOUND ||
            (rc == ERR_OK && strcmp(row_text(matter, "township_id"), township) != 0)) {
            rc = err_set(err, ERR_INVALID, "matter_id", "事项不存在或不属于本乡镇",
                         "no such matter in the township");
        }
    }
    if (rc == ERR_OK) {
        rc = check_matter_free(x->c, matter, err);
    }
    if (rc == ERR_OK) {
        rc = rulebooks_in_force(x, township, x->now_ms, rb, &ref, err);
    }
    if (rc == ERR_OK) {
        rc = verdict_settle(rules_catalogue(rb, row_text(matter, "category"),
                                            row_int(matter, "amount_fen"), &req, &v),
                            &v, NULL, err);
    }
    struct rules_notice notice = {row_text(matter, "category"), true, x->now_ms,
                                  row_int(meeting, "starts_ms")};
    if (rc == ERR_OK) {
        rc = verdict_settle(rules_check_notice(rb, &notice, &v), &v, justification, err);
    }
    if (rc == ERR_OK) {
        rc = roster_for_meeting(x->c, meeting, &roster, err);
    }
    if (rc == ERR_OK && json_array_size(roster) == 0) {
        rc = err_set(err, ERR_CONFLICT, NULL, "会议当日本乡镇党委没有在任成员",
                     "the township committee has no members in office on the meeting's day");
    }
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &position, NULL, err,
                             "SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items"
                             " WHERE meeting_id = ?",
                             "i", a->id);
    }
    if (rc == ERR_OK) {
        rc = entity_next_id(x->c, &agenda_item_entity, &item_id, err);
    }
    ctx_now_text(x, now);
    if (rc == ERR_OK) {
        rc = notifications_for(x->c, item_id, roster, now, NULL, &notices, err);
    }
    if (rc != ERR_OK) {
        goto done;
    }
    bool flagged = v.kind == VERDICT_FLAG;
    row = json_pack("{sI, sI, ss, sI, sI, ss, ss, sb, so, so, sO, so, sO, sn, sn, sn, sn, si, sn,"
                    " sn, sn, sn, sn, si, sO}",
                    "id", (json_int_t)item_id, "meeting_id", (json_int_t)a->id, "township_id",
                    township, "matter_id", (json_int_t)matter_id, "position", (json_int_t)position,
                    "status", "notified", "notified_at", now, "adhoc",
                    rules_notice_is_adhoc(rb, &notice), "notice_verdict", rules_verdict_json(&v),
                    "notice_justification", flagged ? json_string(justification) : json_null(),
                    "rulebook", ref, "requirements", requirements_json(&req), "roster", roster,
                    "attendance_verdict", "attendance_justification", "discussion_verdict",
                    "discussion_justification", "vote_only", 0, "vote_opened_at", "result",
                    "concluded_at", "resolution_text", "deferral_reason", "revision", 1,
                    "notifications", notices);
    /* "adhoc" is stored as an integer. */
    json_object_set_new(row, "adhoc", json_integer(rules_notice_is_adhoc(rb, &notice) ? 1 : 0));
    rc = entity_create(x->c, x->who, &agenda_item_entity, township, row, &eref, err);
    if (rc == ERR_OK) {
        rc = item_answer(x, item_id, &eref, result, err);
    }
done:
    json_decref(meeting);
    json_decref(matter);
    json_decref(ref);
    json_decref(roster);
    json_decref(row);
    json_decref(notices);
    xfree(rb);
    return rc;
}

static const struct field add_fields[] = {
    F_REF("matter_id", FIELD_REQUIRED, "议题", "matter"),
    F_JUSTIFICATION,
    F_REVISION,
    F_END,
};

const struct command agenda_add_command = {
    .name = "agenda_item.create",
    .method = "POST",
    .path = "/api/v1/meetings/{id}/items",
    .cap = CAP_MEETING_MANAGE,
    .status = 201,
    .fields = add_fields,
    .run = add_body,
    .zh = "将议题列入议程并告知班子成员",
    .en = "Put a matter on the agenda and notify the members",
    .entity = &agenda_item_entity,
    .flags = COMMAND_ANSWERS_VIEW,
    .scope = "SELECT township_id FROM meetings WHERE id = ?",
};
