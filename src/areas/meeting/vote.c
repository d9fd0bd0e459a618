/*
 * Deciding an agenda item: opening the vote (one matter, one vote; every
 * view on record first), the ballots (no proxy, no recused voter, once;
 * in a secret vote who voted is recorded, never how), and the result by
 * the pass rule, from the ballots, the tellers' count of a secret vote,
 * or, where the category has no vote, the statements. See meeting.h.
 */
#include "areas/meeting/internal.h"

#include <string.h>

/* Checks that every view is on record before the decision; a flag needs
 * the justification and marks the item "vote only". */
static enum err_code check_discussion(const struct item_state *st,
                                      const char *justification,
                                      json_t *item,
                                      struct err *err)
{
    struct verdict v;
    enum err_code rc = verdict_settle(
        rules_check_statements_complete(st->rb, &st->roster, st->recorded, st->n_recorded, &v), &v,
        justification, err);
    if (rc == ERR_OK) {
        bool flagged = v.kind == VERDICT_FLAG;
        json_object_set_new(item, "discussion_verdict", rules_verdict_json(&v));
        json_object_set_new(item, "discussion_justification",
                            flagged ? json_string(justification) : json_null());
        json_object_set_new(item, "vote_only", json_integer(flagged ? 1 : 0));
    }
    return rc;
}

static enum err_code
open_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    static const char *const statuses[] = {"in_session", NULL};
    struct item_state st;
    struct verdict v;
    const char *justification = args_text(a, "justification");
    char now[UTC_TEXT_MAX];
    const json_t *matters = args_json(a, "matter_ids"); /* a list, null or absent */
    enum err_code rc = item_begin(x, a, statuses, &st, err);
    if (rc != ERR_OK) {
        return rc;
    }
    if (!st.req.ballot) {
        rc = procedure_refuse(err, PROCEDURE_NO_VOTE, NULL);
    }
    if (rc == ERR_OK) {
        /* One matter, one vote: a vote on several matters is a bundle. */
        size_t n = json_is_array(matters) ? json_array_size(matters) : 1;
        rc = verdict_settle(rules_check_vote_matters(st.rb, n, &v), &v, NULL, err);
        if (rc == ERR_OK && json_is_array(matters) &&
            json_integer_value(json_array_get(matters, 0)) != row_int(st.item, "matter_id")) {
            rc = err_set(err, ERR_INVALID, "matter_ids", "表决的事项须为本议题的事项",
                         "the vote is on this item's matter");
        }
    }
    if (rc == ERR_OK) {
        rc = check_discussion(&st, justification, st.item, err);
    }
    if (rc == ERR_OK) {
        ctx_now_text(x, now);
        json_object_set_new(st.item, "status", json_string("voting"));
        json_object_set_new(st.item, "vote_opened_at", json_string(now));
        rc = item_save(x, a->id, st.item, result, err);
    }
    item_state_clear(&st);
    return rc;
}

static const struct field open_fields[] = {
    F_IDS("matter_ids", FIELD_NULLABLE, 100, "表决事项", "matters voted on"),
    F_JUSTIFICATION,
    F_REVISION,
    F_END,
};

const struct command item_open_vote_command = {
    .name = "agenda_item.open_vote",
    .method = "POST",
    .path = "/api/v1/items/{id}/vote",
    .cap = CAP_MEETING_MANAGE,
    .status = 200,
    .fields = open_fields,
    .run = open_body,
    .zh = "开始表决（一事一表决，意见均已记录）",
    .en = "Open the vote (one matter, every view on record)",
    .entity = &agenda_item_entity,
    .flags = COMMAND_ANSWERS_VIEW,
    .scope = "SELECT township_id FROM agenda_items WHERE id = ?",
};

/* A ballot's declared choice for the rules: none is a secret ballot. */
static enum rules_choice ballot_choice(const char *choice)
{
    if (choice == NULL) {
        return RULES_CHOICE_SECRET;
    }
    return strcmp(choice, "agree") == 0      ? RULES_CHOICE_AGREE
           : strcmp(choice, "disagree") == 0 ? RULES_CHOICE_DISAGREE
                                             : RULES_CHOICE_ABSTAIN;
}

static enum err_code
ballot_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    static const char *const statuses[] = {"voting", NULL};
    struct item_state st;
    struct verdict v;
    struct event_ref ref;
    const char *choice = args_text(a, "choice");
    int64_t person = 0;
    json_t *row = NULL;
    char now[UTC_TEXT_MAX], member[24];
    enum err_code rc = member_begin(x, a, statuses, &st, &person, member, err);
    if (rc != ERR_OK) {
        return rc;
    }
    struct rules_ballot ballot = {member, ballot_choice(choice)};
    rc = verdict_settle(
        rules_check_ballot(st.rb, st.category, &st.roster, st.cast, st.n_cast, &ballot, &v), &v,
        NULL, err);
    if (rc == ERR_OK) {
        /* A secret ballot reaches this point only without a choice: none
         * is ever stored. */
        ctx_now_text(x, now);
        row = json_pack("{sI, sI, so, ss, ss}", "agenda_item_id", (json_int_t)a->id, "person_id",
                        (json_int_t)person, "choice", choice ? json_string(choice) : json_null(),
                        "recorded_by", actor_label(x->who), "recorded_at", now);
        /* How a member voted is a sealed part of the record (docs/rules.md). */
        static const char *const sealed[] = {"choice", NULL};
        rc = entity_create_sealed(x->c, x->who, &ballot_entity, row_text(st.item, "township_id"),
                                  row, sealed, &ref, err);
    }
    if (rc == ERR_OK) {
        rc = item_answer(x, a->id, &ref, result, err);
    }
    json_decref(row);
    item_state_clear(&st);
    return rc;
}

static const struct field ballot_fields[] = {
    F_REF("person_id", FIELD_NULLABLE, "投票成员", "member"),
    F_ENUM("choice", FIELD_NULLABLE, ballot_choices, "意见", "choice"),
    F_END,
};

const struct command item_ballot_command = {
    .name = "agenda_item.ballot",
    .method = "POST",
    .path = "/api/v1/items/{id}/ballots",
    .cap = CAP_MEETING_RECORD,
    .status = 201,
    .fields = ballot_fields,
    .run = ballot_body,
    .zh = "记录成员投票（无记名投票不记录意见）",
    .en = "A member's ballot (no choice in a secret vote)",
    .entity = &ballot_entity,
    .scope = "SELECT township_id FROM agenda_items WHERE id = ?",
};

/* Reads the tellers' count of a secret vote: the declared tally's
 * {"agree","disagree","abstain"}, which a secret vote must give. */
static enum err_code read_tally(const json_t *in, struct rules_tally *t, struct err *err)
{
    if (!json_is_object(in)) {
        return err_set(err, ERR_INVALID, "tally", "无记名投票须由计票人报告计票结果（tally）",
                       "a secret vote needs the tellers' count (tally)");
    }
    memset(t, 0, sizeof(*t));
    t->agree = json_integer_value(json_object_get(in, "agree"));
    t->disagree = json_integer_value(json_object_get(in, "disagree"));
    t->abstain = json_integer_value(json_object_get(in, "abstain"));
    return ERR_OK;
}

static json_t *
result_json(const struct rules_result *r, const struct rules_tally *t, const char *by)
{
    return json_pack("{sb, sI, sI, sI, sI, sI, s{sI, sI, sI, sI}, ss}", "passed", r->passed, "base",
                     (json_int_t)r->base, "needed", (json_int_t)r->needed, "agree",
                     (json_int_t)r->agree, "not_agree", (json_int_t)r->not_agree, "not_voting",
                     (json_int_t)r->not_voting, "tally", "agree", (json_int_t)t->agree, "disagree",
                     (json_int_t)t->disagree, "abstain", (json_int_t)t->abstain, "reserved",
                     (json_int_t)t->reserved, "by", by);
}

static enum err_code
result_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    static const char *const voting[] = {"voting", NULL};
    static const char *const in_session[] = {"in_session", NULL};
    struct item_state st;
    struct verdict v;
    struct rules_tally tally;
    struct rules_result res;
    const char *resolution = args_text(a, "resolution");
    const char *justification = args_text(a, "justification"), *by = "statements";
    const json_t *given = args_json(a, "tally");
    char now[UTC_TEXT_MAX];
    memset(&tally, 0, sizeof(tally));
    enum err_code rc = item_begin(x, a, NULL, &st, err);
    if (rc != ERR_OK) {
        return rc;
    }
    rc = item_need_status(&st, st.req.ballot ? voting : in_session, err);
    if (rc == ERR_OK && st.req.ballot && st.req.secret_ballot) {
        by = "secret_ballot";
        rc = read_tally(given, &tally, err);
        if (rc == ERR_OK) {
            rc = verdict_settle(rules_check_tally(st.rb, (int64_t)st.n_cast, &tally, &v), &v, NULL,
                                err);
        }
    } else if (rc == ERR_OK && st.req.ballot) {
        by = "ballot";
        if (given != NULL && !json_is_null(given)) {
            rc = err_set(err, ERR_INVALID, "tally", "记名表决按选票计票，无须另报",
                         "an open vote is counted from its ballots");
        }
        rules_tally_ballots(st.cast, st.n_cast, &tally);
    } else if (rc == ERR_OK) {
        if (given != NULL && !json_is_null(given)) {
            rc = err_set(err, ERR_INVALID, "tally", "此类事项按表态形成决定，无须计票",
                         "this matter is decided on the statements, without a count");
        }
        if (rc == ERR_OK) {
            rc = check_discussion(&st, justification, st.item, err);
        }
        rules_tally_statements(st.recorded, st.n_recorded, &tally);
    }
    if (rc == ERR_OK) {
        struct rules_decision d = {st.category, st.amount_fen, true, st.req.ballot};
        rc = verdict_settle(rules_check_decision(st.rb, &d, &v), &v, NULL, err);
    }
    if (rc == ERR_OK) {
        rc = verdict_settle(rules_result(st.rb, st.category, &st.roster, &tally, &res, &v), &v,
                            NULL, err);
    }
    if (rc == ERR_OK) {
        ctx_now_text(x, now);
        json_object_set_new(st.item, "status", json_string(res.passed ? "passed" : "rejected"));
        json_object_set_new(st.item, "result", result_json(&res, &tally, by));
        json_object_set_new(st.item, "concluded_at", json_string(now));
        /* Without a text of its own, the resolution adopts the matter as
         * proposed: no text, rather than the title repeated. */
        json_object_set_new(st.item, "resolution_text",
                            res.passed && resolution ? json_string(resolution) : json_null());
        rc = item_save(x, a->id, st.item, result, err);
    }
    item_state_clear(&st);
    return rc;
}

static const struct field tally_fields[] = {
    F_INT("agree", FIELD_REQUIRED, 0, RULES_MAX_HEADS, "同意票", "votes for"),
    F_INT("disagree", FIELD_REQUIRED, 0, RULES_MAX_HEADS, "不同意票", "votes against"),
    F_INT("abstain", FIELD_REQUIRED, 0, RULES_MAX_HEADS, "弃权票", "abstentions"),
    F_END,
};

static const struct field result_fields[] = {
    F_OBJECT("tally", FIELD_NULLABLE, tally_fields, "计票结果", "tellers' tally"),
    F_TEXT("resolution", FIELD_NULLABLE, 4000, "决议内容", "resolution"),
    F_JUSTIFICATION,
    F_REVISION,
    F_END,
};

const struct command item_result_command = {
    .name = "agenda_item.result",
    .method = "POST",
    .path = "/api/v1/items/{id}/result",
    .cap = CAP_MEETING_MANAGE,
    .status = 200,
    .fields = result_fields,
    .run = result_body,
    .zh = "按通过规则形成结果（无记名投票按计票）",
    .en = "The result by the pass rule (tellers' tally for a secret vote)",
    .entity = &agenda_item_entity,
    .flags = COMMAND_ANSWERS_VIEW,
    .scope = "SELECT township_id FROM agenda_items WHERE id = ?",
};
