/*
 * Correcting a mis-entered statement or ballot by a correcting record
 * with its reason (record/correction.h), never by erasing: a statement
 * while its item is still being discussed, an open ballot while the vote
 * is open; afterwards the finalised minutes take an amendment. The
 * clerk corrects anyone's, a member only their own. The values replaced
 * travel in the sealed part with the new ones. See meeting.h.
 */
#include "record/correction.h"
#include "areas/meeting/internal.h"

/*
 * The common start of a correction: loads the row (ent, from sql by the
 * path's id) and its item, at one of statuses and with its record open,
 * and checks that the actor may record for the row's member.
 */
static enum err_code correction_begin(const struct ctx *x,
                                      const struct args *a,
                                      const struct entity *ent,
                                      const char *sql,
                                      const char *const *statuses,
                                      json_t **row,
                                      struct item_state *st,
                                      struct err *err)
{
    enum err_code rc = row_load(x->c, ent, sql, a->id, row, err);
    if (rc != ERR_OK) {
        return rc;
    }
    rc = item_begin(x, &(struct args){.id = row_int(*row, "agenda_item_id")}, statuses, st, err);
    if (rc == ERR_OK) {
        rc = member_check_own(x, row_int(*row, "person_id"), err);
        if (rc != ERR_OK) {
            item_state_clear(st);
        }
    }
    if (rc != ERR_OK) {
        json_decref(*row);
        *row = NULL;
    }
    return rc;
}

static enum err_code
statement_correct_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    static const char *const statuses[] = {"in_session", NULL};
    static const char *const corrected[] = {"view", "summary", NULL};
    static const char *const sealed[] = {"view", "summary", "corrections", NULL};
    struct item_state st;
    struct event_ref ref;
    json_t *row = NULL;
    int64_t seq = 0;
    enum err_code rc = correction_begin(x, a, &statement_entity,
                                        "SELECT " STATEMENT_COLUMNS " FROM statements WHERE id = ?",
                                        statuses, &row, &st, err);
    if (rc != ERR_OK) {
        return rc;
    }
    rc = correction_apply(x, row, corrected, a, err);
    if (rc == ERR_OK) {
        /* The row names its latest record, whose sealed part holds the
         * view now in force (item_read.c, publication.c). */
        rc = store_query_int(x->c, &seq, NULL, err, "SELECT COALESCE(MAX(seq) + 1, 0) FROM events",
                             "");
    }
    if (rc == ERR_OK) {
        json_object_set_new(row, "seq", json_integer(seq));
        rc = entity_update_sealed(x->c, x->who, &statement_entity, row_text(st.item, "township_id"),
                                  row, sealed, &ref, err);
    }
    if (rc == ERR_OK && ref.seq != seq) {
        rc = err_set(err, ERR_INTEGRITY, "seq", "表态更正记录的序号与预期不符",
                     "the statement's correction has an unexpected index");
    }
    if (rc == ERR_OK) {
        rc = item_answer(x, row_int(row, "agenda_item_id"), &ref, result, err);
    }
    json_decref(row);
    item_state_clear(&st);
    return rc;
}

static const struct field statement_correct_fields[] = {
    F_ENUM("view", FIELD_NULLABLE, statement_views, "表态", "view"),
    F_TEXT("summary", FIELD_NULLABLE, 4000, "发言要点", "summary"),
    F_CORRECTION_REASON,
    F_END,
};

const struct command statement_correct_command = {
    .name = "statement.correct",
    .method = "POST",
    .path = "/api/v1/statements/{id}/correction",
    .cap = CAP_MEETING_RECORD,
    .status = 200,
    .fields = statement_correct_fields,
    .run = statement_correct_body,
    .zh = "更正记错的表态（说明原因，原记录保留）",
    .en = "Correct a mis-entered statement (with the reason; the original stays on record)",
    .entity = &statement_entity,
    .scope = "SELECT a.township_id FROM statements s"
             " JOIN agenda_items a ON a.id = s.agenda_item_id WHERE s.id = ?",
};

static enum err_code
ballot_correct_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    static const char *const statuses[] = {"voting", NULL};
    static const char *const corrected[] = {"choice", NULL};
    static const char *const sealed[] = {"choice", "corrections", NULL};
    struct item_state st;
    struct event_ref ref;
    json_t *row = NULL;
    enum err_code rc = correction_begin(x, a, &ballot_entity,
                                        "SELECT " BALLOT_COLUMNS " FROM ballots WHERE id = ?",
                                        statuses, &row, &st, err);
    if (rc != ERR_OK) {
        return rc;
    }
    /* A secret ballot records who voted, never how: nothing to correct. */
    if (st.req.secret_ballot || row_text(row, "choice") == NULL) {
        rc = procedure_refuse(err, PROCEDURE_SECRET_BALLOT, "choice");
    }
    if (rc == ERR_OK) {
        rc = correction_apply(x, row, corrected, a, err);
    }
    if (rc == ERR_OK) {
        rc = entity_update_sealed(x->c, x->who, &ballot_entity, row_text(st.item, "township_id"),
                                  row, sealed, &ref, err);
    }
    if (rc == ERR_OK) {
        rc = item_answer(x, row_int(row, "agenda_item_id"), &ref, result, err);
    }
    json_decref(row);
    item_state_clear(&st);
    return rc;
}

static const struct field ballot_correct_fields[] = {
    F_ENUM("choice", FIELD_REQUIRED, ballot_choices, "意见", "choice"),
    F_CORRECTION_REASON,
    F_END,
};

const struct command ballot_correct_command = {
    .name = "ballot.correct",
    .method = "POST",
    .path = "/api/v1/ballots/{id}/correction",
    .cap = CAP_MEETING_RECORD,
    .status = 200,
    .fields = ballot_correct_fields,
    .run = ballot_correct_body,
    .zh = "更正记错的选票（表决结果形成前，说明原因）",
    .en = "Correct a mis-entered ballot (before the result, with the reason)",
    .entity = &ballot_entity,
    .scope = "SELECT a.township_id FROM ballots b"
             " JOIN agenda_items a ON a.id = b.agenda_item_id WHERE b.id = ?",
};
