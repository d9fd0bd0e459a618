/*
 * The opening steps of an agenda item at the meeting: attendance and
 * recusals (rules_check_attendance) with the quorum for the item's
 * category (rules_check_quorum), and deferring an item. See meeting.h.
 */
#include "areas/meeting/internal.h"

#include <string.h>

/* A member's reason, or null. */
static json_t *reason_json(const json_t *in, const char *key)
{
    const char *reason = json_string_value(json_object_get(in, key));
    return reason ? json_string(reason) : json_null();
}

/* Takes one member's attendance (an element of the declared "members",
 * checked by the runner) into their roster entry m. */
static void read_member(const json_t *in, json_t *m)
{
    json_object_set_new(m, "present", json_boolean(json_is_true(json_object_get(in, "present"))));
    json_object_set_new(m, "absence_reason", reason_json(in, "absence_reason"));
    json_object_set_new(m, "recused", json_boolean(json_is_true(json_object_get(in, "recused"))));
    json_object_set_new(m, "recusal_reason", reason_json(in, "recusal_reason"));
}

/* Sets every roster member's attendance from the input's "members" list,
 * which names each member of the roster exactly once. */
static enum err_code read_roster(json_t *roster, const json_t *members, struct err *err)
{
    size_t n = json_array_size(roster);
    if (json_array_size(members) != n) {
        return err_set(err, ERR_INVALID, "members", "出席情况须逐一列出本议题应到的 %zu 名成员",
                       "the attendance must list each of the item's %zu members once", n);
    }
    bool seen[ROSTER_MAX] = {false};
    size_t i;
    const json_t *in;
    json_array_foreach(members, i, in)
    {
        int64_t person = json_integer_value(json_object_get(in, "person_id"));
        size_t k = 0;
        while (k < n && k < ROSTER_MAX &&
               row_int(json_array_get(roster, k), "person_id") != person) {
            k++;
        }
        if (k == n || k >= ROSTER_MAX || seen[k]) {
            return err_set(err, ERR_INVALID, "members",
                           "“members”中的人员 %lld 不是本议题的应到成员，或重复列出",
                           "person %lld in 'members' is not a member of the item, or is listed "
                           "twice",
                           (long long)person);
        }
        seen[k] = true;
        read_member(in, json_array_get(roster, k));
    }
    return ERR_OK;
}

static enum err_code
attendance_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    static const char *const statuses[] = {"notified", "in_session", NULL};
    struct item_state st;
    struct verdict v, quorum;
    const char *justification = args_text(a, "justification");
    enum err_code rc = item_begin(x, a, statuses, &st, err);
    if (rc != ERR_OK) {
        return rc;
    }
    if (json_array_size(st.statements) > 0) {
        rc = procedure_refuse(err, PROCEDURE_ATTENDANCE_LOCKED, NULL);
    }
    if (rc == ERR_OK && x->now_ms < row_int(st.meeting, "starts_ms")) {
        rc = procedure_refuse(err, PROCEDURE_NOT_STARTED, NULL);
    }
    if (rc == ERR_OK) {
        rc = read_roster(json_object_get(st.item, "roster"), args_json(a, "members"), err);
    }
    if (rc == ERR_OK) {
        item_state_rebuild(&st);
        rc = verdict_settle(rules_check_attendance(st.rb, &st.roster, &v), &v, justification, err);
    }
    if (rc == ERR_OK) {
        rc = verdict_settle(rules_check_quorum(st.rb, st.category, &st.roster, &quorum), &quorum,
                            NULL, err);
    }
    if (rc == ERR_OK) {
        bool flagged = v.kind == VERDICT_FLAG;
        json_object_set_new(st.item, "status", json_string("in_session"));
        json_object_set_new(st.item, "attendance_verdict", rules_verdict_json(&v));
        json_object_set_new(st.item, "attendance_justification",
                            flagged ? json_string(justification) : json_null());
        rc = item_save(x, a->id, st.item, result, err);
    }
    item_state_clear(&st);
    return rc;
}

static const struct field member_fields[] = {
    F_REF("person_id", FIELD_REQUIRED, "成员", "member"),
    F_BOOL("present", FIELD_REQUIRED, "出席", "present"),
    F_REASON("absence_reason",
             FIELD_NULLABLE,
             500,
             "attendance.absence_reason",
             "缺席原因",
             "absence reason"),
    F_BOOL("recused", FIELD_NULLABLE, "回避", "recused"),
    F_REASON("recusal_reason", FIELD_NULLABLE, 500, "recusal.reason", "回避原因", "recusal reason"),
    F_END,
};

static const struct field attendance_fields[] = {
    F_LIST("members", FIELD_REQUIRED, ROSTER_MAX, member_fields, "应到成员", "members"),
    F_JUSTIFICATION,
    F_REVISION,
    F_END,
};

const struct command item_attendance_command = {
    .name = "agenda_item.attendance",
    .method = "POST",
    .path = "/api/v1/items/{id}/attendance",
    .cap = CAP_MEETING_MANAGE,
    .status = 200,
    .fields = attendance_fields,
    .run = attendance_body,
    .zh = "记录出席和回避情况，核对到会人数",
    .en = "Attendance and recusals; the quorum",
    .entity = &agenda_item_entity,
    .flags = COMMAND_ANSWERS_VIEW,
    .scope = "SELECT township_id FROM agenda_items WHERE id = ?",
};

static enum err_code
defer_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    static const char *const statuses[] = {"notified", "in_session", "voting", NULL};
    struct item_state st;
    char now[UTC_TEXT_MAX];
    enum err_code rc = item_begin(x, a, statuses, &st, err);
    if (rc != ERR_OK) {
        return rc;
    }
    ctx_now_text(x, now);
    json_object_set_new(st.item, "status", json_string("deferred"));
    json_object_set_new(st.item, "deferral_reason", json_string(args_text(a, "reason")));
    json_object_set_new(st.item, "concluded_at", json_string(now));
    rc = item_save(x, a->id, st.item, result, err);
    item_state_clear(&st);
    return rc;
}

static const struct field defer_fields[] = {
    F_TEXT("reason", FIELD_REQUIRED, 2000, "暂缓原因", "reason"),
    F_REVISION,
    F_END,
};

const struct command item_defer_command = {
    .name = "agenda_item.defer",
    .method = "POST",
    .path = "/api/v1/items/{id}/defer",
    .cap = CAP_MEETING_MANAGE,
    .status = 200,
    .fields = defer_fields,
    .run = defer_body,
    .zh = "暂缓议题",
    .en = "Defer an item",
    .entity = &agenda_item_entity,
    .flags = COMMAND_ANSWERS_VIEW,
    .scope = "SELECT township_id FROM agenda_items WHERE id = ?",
};
