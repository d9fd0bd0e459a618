/*
 * Statements on an agenda item: every member present and not recused
 * states a view, once; the secretary last (rules_check_statement). A
 * member records their own; the clerk records on a member's behalf and is
 * named as the recorder. The view and summary are a sealed part of the
 * record (sealed.h): published with the minutes, or kept sealed where the
 * rulebook keeps them (personnel deliberations always). See meeting.h.
 */
#include "areas/meeting/internal.h"

/* What of a statement's row its record seals. */
static const char *const statement_sealed[] = {"view", "summary", NULL};

static enum err_code
statement_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    static const char *const statuses[] = {"in_session", NULL};
    struct item_state st;
    struct verdict v;
    struct event_ref ref;
    const char *view = args_text(a, "view"), *summary = args_text(a, "summary");
    const char *justification = args_text(a, "justification");
    int64_t person = 0, seq = 0;
    json_t *row = NULL;
    char now[UTC_TEXT_MAX], member[24];
    enum err_code rc = member_begin(x, a, statuses, &st, &person, member, err);
    if (rc != ERR_OK) {
        return rc;
    }
    rc = verdict_settle(rules_check_statement(st.rb, st.category, &st.roster, st.recorded,
                                              st.n_recorded, member, &v),
                        &v, justification, err);
    if (rc == ERR_OK) {
        /* The statement's record is the next event: its index is kept with
         * the row, so that a sealed part can be read or published by it. */
        rc = store_query_int(x->c, &seq, NULL, err, "SELECT COALESCE(MAX(seq) + 1, 0) FROM events",
                             "");
    }
    if (rc != ERR_OK) {
        goto done;
    }
    bool flagged = v.kind == VERDICT_FLAG;
    ctx_now_text(x, now);
    row = json_pack("{sI, sI, sI, sI, si, so, so, ss, ss}", "agenda_item_id", (json_int_t)a->id,
                    "person_id", (json_int_t)person, "position",
                    (json_int_t)(json_array_size(st.statements) + 1), "seq", (json_int_t)seq,
                    "sealed", 1, "verdict", flagged ? rules_verdict_json(&v) : json_null(),
                    "justification", flagged ? json_string(justification) : json_null(),
                    "recorded_by", actor_label(x->who), "recorded_at", now);
    json_object_set_new(row, "view", json_string(view));
    json_object_set_new(row, "summary", json_string(summary));
    rc = entity_create_sealed(x->c, x->who, &statement_entity, row_text(st.item, "township_id"),
                              row, statement_sealed, &ref, err);
    if (rc == ERR_OK && ref.seq != seq) {
        rc = err_set(err, ERR_INTEGRITY, "seq", "表态记录的序号与预期不符",
                     "the statement's record has an unexpected index");
    }
    if (rc == ERR_OK) {
        rc = item_answer(x, a->id, &ref, result, err);
    }
done:
    json_decref(row);
    item_state_clear(&st);
    return rc;
}

static const struct field statement_fields[] = {
    F_REF("person_id", FIELD_NULLABLE, "表态成员", "member"),
    F_ENUM("view", FIELD_REQUIRED, statement_views, "表态", "view"),
    F_TEXT("summary", FIELD_REQUIRED, 4000, "发言要点", "summary"),
    F_JUSTIFICATION,
    F_END,
};

const struct command item_statement_command = {
    .name = "agenda_item.statement",
    .method = "POST",
    .path = "/api/v1/items/{id}/statements",
    .cap = CAP_MEETING_RECORD,
    .status = 201,
    .fields = statement_fields,
    .run = statement_body,
    .zh = "记录成员表态（书记末位表态）",
    .en = "A member's statement (the secretary last)",
    .entity = &statement_entity,
    .scope = "SELECT township_id FROM agenda_items WHERE id = ?",
};
