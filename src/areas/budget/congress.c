/*
 * The township people's congress and the budget: its vote adopts the
 * budget (after the committee's study) once the lines add up to what it
 * adopted, and every adjustment needs a new vote of its own. A vote that
 * fails is a fact on record too: it is recorded, and adopts nothing.
 * See budget.h.
 */
#include "areas/budget/internal.h"

#include "core/alloc.h"

#include <stdio.h>
#include <string.h>

/* The vote with its result by the congress's pass rule and the rulebook
 * version (ref, stolen) it was counted under. */
static json_t *vote_with_result(json_t *vote, const struct rules_result *r, json_t *ref)
{
    json_object_set_new(vote, "result",
                        json_pack("{sb, sI, sI}", "passed", r->passed, "needed",
                                  (json_int_t)r->needed, "base", (json_int_t)r->base));
    json_object_set_new(vote, "rulebook", ref);
    return vote;
}

/* Checks that the budget's lines, with owners, add up to adopted_fen. */
static enum err_code
check_split(const struct rulebook *rb, const json_t *lines, int64_t adopted_fen, struct err *err)
{
    size_t n = json_array_size(lines);
    struct rules_budget_line *split = xcalloc(n ? n : 1, sizeof(*split));
    char(*owners)[24] = xcalloc(n ? n : 1, sizeof(*owners));
    struct verdict v;
    for (size_t i = 0; i < n; i++) {
        const json_t *l = json_array_get(lines, i);
        snprintf(owners[i], sizeof(owners[i]), "%lld", (long long)row_int(l, "owner_id"));
        split[i] = (struct rules_budget_line){owners[i], row_int(l, "allocated_fen"),
                                              row_int(l, "spent_fen")};
    }
    enum err_code rc =
        verdict_settle(rules_check_budget_split(rb, adopted_fen, split, n, &v), &v, NULL, err);
    xfree(split);
    xfree(owners);
    return rc;
}

static enum err_code
vote_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL, *vote = NULL, *lines = NULL, *item = NULL, *book = NULL;
    struct rulebook *rb = xmalloc(sizeof(*rb));
    struct rules_congress_vote cv;
    struct rules_result res;
    struct verdict adoption;
    struct event_ref ref;
    int64_t adopted = args_int(a, "adopted_fen");
    bool studied = false;
    const char *township = a->township;
    char now[UTC_TEXT_MAX];
    enum err_code rc = budget_load(x->c, a->id, &row, err);
    if (rc == ERR_OK && strcmp(row_text(row, "status"), "adopted") == 0) {
        rc = procedure_refuse(err, PROCEDURE_BUDGET_ADOPTED, NULL);
    }
    if (rc == ERR_OK) {
        rc = row_check_revision(a->input, row, err);
    }
    if (rc == ERR_OK) {
        rc = budget_studied(x->c, a->id, 0, false, &studied, err);
    }
    if (rc == ERR_OK && !studied) {
        rc = procedure_refuse(err, PROCEDURE_COMMITTEE_STUDY, NULL);
    }
    if (rc == ERR_OK) {
        rc = rulebooks_in_force(x, township, x->now_ms, rb, &book, err);
    }
    if (rc == ERR_OK) {
        /* An inconsistent, inquorate or future vote is refused outright. */
        rc = congress_vote_read(x, rb, township, a->input, args_text(a, "justification"), &cv, &res,
                                &vote, err);
    }
    enum verdict_kind kind = VERDICT_OK;
    if (rc == ERR_OK) {
        kind = rules_check_budget_adoption(rb, &cv, &adoption);
    }
    if (rc == ERR_OK && kind == VERDICT_OK) {
        rc = budget_lines(x->c, a->id, 0, &lines, err);
        if (rc == ERR_OK) {
            rc = check_split(rb, lines, adopted, err);
        }
    }
    if (rc != ERR_OK) {
        goto done;
    }
    ctx_now_text(x, now);
    json_object_set_new(row, "status", json_string(kind == VERDICT_OK ? "adopted" : "rejected"));
    json_object_set_new(row, "adopted_fen",
                        kind == VERDICT_OK ? json_integer(adopted) : json_null());
    json_object_set_new(row, "congress_vote",
                        vote_with_result(json_incref(vote), &res, json_incref(book)));
    json_object_set_new(row, "adoption_verdict", rules_verdict_json(&adoption));
    json_object_set_new(row, "adopted_at", kind == VERDICT_OK ? json_string(now) : json_null());
    row_bump_revision(row);
    rc = entity_update(x->c, x->who, &budget_entity, township, row, &ref, err);
    if (rc == ERR_OK) {
        rc = budget_get(x, &(struct args){.id = a->id}, &item, err);
    }
    if (rc == ERR_OK) {
        *result = command_answer(item, &ref);
    }
done:
    json_decref(row);
    json_decref(vote);
    json_decref(lines);
    json_decref(book);
    xfree(rb);
    return rc;
}

static const struct field vote_fields[] = {
    BUDGET_VOTE_FIELDS,
    F_INT("adopted_fen",
          FIELD_REQUIRED,
          0,
          RULEBOOK_MAX_FEN,
          "通过的预算总额（分）",
          "adopted total (fen)"),
    F_JUSTIFICATION,
    F_REVISION,
    F_END,
};

const struct command budget_congress_vote_command = {
    .name = "budget.congress_vote",
    .method = "POST",
    .path = "/api/v1/budgets/{id}/congress_vote",
    .cap = CAP_CONGRESS_RECORD,
    .status = 200,
    .fields = vote_fields,
    .run = vote_body,
    .zh = "记录乡镇人代会对预算的表决",
    .en = "The township congress's vote on the budget",
    .entity = &budget_entity,
    .scope = "SELECT township_id FROM budgets WHERE id = ?",
};

/* Reads the declared changes [{"line_id","delta_fen"}] (at least one)
 * against the budget's lines and applies them to lines' "allocated_fen"
 * (for the split check); fills the adjustment's child rows and the total
 * change. */
static enum err_code read_changes(struct store_conn *c,
                                  const json_t *changes,
                                  json_t *lines,
                                  int64_t adjustment_id,
                                  json_t **children,
                                  int64_t *total,
                                  struct err *err)
{
    int64_t next = 0;
    size_t n = json_array_size(changes);
    if (n == 0) {
        return err_set(err, ERR_INVALID, "changes", "调整须列出 1 至 100 个预算项的增减",
                       "an adjustment must list 1 to 100 changes to budget lines");
    }
    enum err_code rc = entity_next_id(c, &budget_adjustment_line_entity, &next, err);
    *children = json_array();
    *total = 0;
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        const json_t *ch = json_array_get(changes, i);
        int64_t line = json_integer_value(json_object_get(ch, "line_id"));
        int64_t delta = json_integer_value(json_object_get(ch, "delta_fen"));
        json_t *target = NULL;
        for (size_t k = 0; rc == ERR_OK && k < json_array_size(lines) && !target; k++) {
            if (row_int(json_array_get(lines, k), "id") == line) {
                target = json_array_get(lines, k);
            }
        }
        if (rc == ERR_OK && (target == NULL || delta == 0)) {
            rc = err_set(err, ERR_INVALID, "changes",
                         "每项调整须指向本预算的一条预算线，且金额不为零",
                         "each change names a line of this budget and a non-zero amount");
        }
        if (rc == ERR_OK) {
            int64_t allocated = row_int(target, "allocated_fen") + delta;
            if (allocated < row_int(target, "spent_fen")) {
                rc = err_set(
                    err, ERR_CONFLICT, "changes", "调整后预算线 %lld 的额度将低于已支出金额",
                    "line %lld would be left with less than it has spent", (long long)line);
            }
            json_object_set_new(target, "allocated_fen", json_integer(allocated));
            *total += delta;
            json_array_append_new(
                *children, json_pack("{sI, sI, sI, sI}", "id", (json_int_t)(next + (int64_t)i),
                                     "adjustment_id", (json_int_t)adjustment_id, "budget_line_id",
                                     (json_int_t)line, "delta_fen", (json_int_t)delta));
        }
    }
    return rc;
}

static enum err_code
adjust_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *budget = NULL, *vote = NULL, *lines = NULL, *children = NULL, *row = NULL, *book = NULL;
    struct rulebook *rb = xmalloc(sizeof(*rb));
    struct rules_congress_vote cv;
    struct rules_result res;
    struct verdict adoption;
    struct event_ref ref;
    int64_t matter = args_int(a, "matter_id"), id = 0, total = 0, used = 0;
    bool studied = false, found = false;
    const char *township = a->township;
    char now[UTC_TEXT_MAX];
    enum err_code rc = budget_load(x->c, a->id, &budget, err);
    if (rc == ERR_OK && strcmp(row_text(budget, "status"), "adopted") != 0) {
        rc = procedure_refuse(err, PROCEDURE_BUDGET_NOT_ADOPTED, NULL);
    }
    if (rc == ERR_OK) {
        rc = matter_check(x->c, township, matter, "matter_id", err);
    }
    if (rc == ERR_OK) {
        rc = budget_studied(x->c, a->id, matter, true, &studied, err);
    }
    if (rc == ERR_OK && !studied) {
        rc = procedure_refuse(err, PROCEDURE_COMMITTEE_STUDY, "matter_id");
    }
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &used, &found, err,
                             "SELECT id FROM budget_adjustments WHERE matter_id = ?"
                             " AND status = 'adopted'",
                             "i", matter);
    }
    if (rc == ERR_OK && found) {
        rc = err_set(err, ERR_CONFLICT, "matter_id", "该事项已据以调整过预算",
                     "this matter has already adjusted the budget");
    }
    if (rc == ERR_OK) {
        rc = rulebooks_in_force(x, township, x->now_ms, rb, &book, err);
    }
    if (rc == ERR_OK) {
        rc = congress_vote_read(x, rb, township, args_json(a, "vote"),
                                args_text(a, "justification"), &cv, &res, &vote, err);
    }
    if (rc == ERR_OK) {
        rc = budget_lines(x->c, a->id, 0, &lines, err);
    }
    if (rc == ERR_OK) {
        rc = entity_next_id(x->c, &budget_adjustment_entity, &id, err);
    }
    if (rc == ERR_OK) {
        rc = read_changes(x->c, args_json(a, "changes"), lines, id, &children, &total, err);
    }
    enum verdict_kind kind = VERDICT_OK;
    if (rc == ERR_OK) {
        kind = rules_check_budget_adoption(rb, &cv, &adoption);
    }
    if (rc == ERR_OK && kind == VERDICT_OK) {
        /* The lines, changed, add up to the budget as adjusted so far plus
         * this change. */
        int64_t before = 0;
        rc = store_query_int(x->c, &before, NULL, err,
                             "SELECT COALESCE(SUM(delta_fen), 0) FROM budget_adjustments"
                             " WHERE budget_id = ? AND status = 'adopted'",
                             "i", a->id);
        if (rc == ERR_OK) {
            rc = check_split(rb, lines, row_int(budget, "adopted_fen") + before + total, err);
        }
    }
    if (rc != ERR_OK) {
        goto done;
    }
    ctx_now_text(x, now);
    row = json_pack("{sI, sI, sI, ss, ss, so, so, sI, ss, sO}", "id", (json_int_t)id, "budget_id",
                    (json_int_t)a->id, "matter_id", (json_int_t)matter, "reason",
                    args_text(a, "reason"), "status", kind == VERDICT_OK ? "adopted" : "rejected",
                    "congress_vote", vote_with_result(json_incref(vote), &res, json_incref(book)),
                    "verdict", rules_verdict_json(&adoption), "delta_fen", (json_int_t)total,
                    "created", now, "lines", children);
    rc = entity_create(x->c, x->who, &budget_adjustment_entity, township, row, &ref, err);
    if (rc == ERR_OK) {
        *result = command_answer(json_incref(row), &ref);
    }
done:
    json_decref(budget);
    json_decref(book);
    json_decref(vote);
    json_decref(lines);
    json_decref(children);
    json_decref(row);
    xfree(rb);
    return rc;
}

static const struct field change_fields[] = {
    F_REF("line_id", FIELD_REQUIRED, "预算线", "budget line"),
    F_INT("delta_fen",
          FIELD_REQUIRED,
          -RULEBOOK_MAX_FEN,
          RULEBOOK_MAX_FEN,
          "调整金额（分）",
          "change (fen)"),
    F_END,
};

static const struct field adjust_vote_fields[] = {
    BUDGET_VOTE_FIELDS,
    F_END,
};

static const struct field adjust_fields[] = {
    F_REF("matter_id", FIELD_REQUIRED, "预算调整议题", "adjustment matter"),
    F_TEXT("reason", FIELD_REQUIRED, 2000, "调整原因", "reason"),
    F_LIST("changes", FIELD_REQUIRED, 100, change_fields, "预算线调整", "changes"),
    F_OBJECT("vote", FIELD_REQUIRED, adjust_vote_fields, "人代会表决", "congress vote"),
    F_JUSTIFICATION,
    F_END,
};

const struct command budget_adjust_command = {
    .name = "budget.adjust",
    .method = "POST",
    .path = "/api/v1/budgets/{id}/adjustments",
    .cap = CAP_CONGRESS_RECORD,
    .status = 201,
    .fields = adjust_fields,
    .run = adjust_body,
    .zh = "经人代会重新表决调整已通过的预算",
    .en = "Adjust an adopted budget by a new congress vote",
    .entity = &budget_adjustment_entity,
    .scope = "SELECT township_id FROM budgets WHERE id = ?",
};
