/*
 * Expenditures charged to a budget line: refused when they would
 * overdraw the line, and from the large-fund threshold they must cite the
 * resolution (a passed agenda item of the township) that approved them
 * (rules_check_expenditure). A resolution cited must authorise the
 * spending: for this line or its department, within its period, and not
 * beyond its amount with all that cited it before
 * (rules_check_spending_against; what the rulebook flags is recorded with
 * the justification). The rulebook version is recorded with each. See
 * budget.h.
 */
#include "areas/budget/internal.h"
#include "rules/authorisation.h"
#include "rules/dates.h"

#include "core/alloc.h"

#include <stdio.h>
#include <string.h>

/*
 * Checks spending amount on spent_on from line (a budget_lines row as
 * budget_lines reads it) citing resolution, a passed agenda item of the
 * township: what its matter authorises (rules_check_spending_against).
 * Sets *flags to the flagged verdicts (a new array) or NULL when none.
 */
static enum err_code check_resolution(const struct ctx *x,
                                      const struct rulebook *rb,
                                      const char *township,
                                      const json_t *line,
                                      const struct args *a,
                                      json_t **flags,
                                      struct err *err)
{
    json_t *matter = NULL;
    int64_t resolution = args_int(a, "resolution_id"), cited = 0;
    struct verdict v[RULES_AUTHORISATION_CHECKS];
    *flags = NULL;
    enum err_code rc = store_query_row(
        x->c, &matter, err,
        "SELECT m.title, m.category, m.amount_fen, m.budget_line_id, m.department_id,"
        " m.spend_from, m.spend_until FROM agenda_items a JOIN matters m ON m.id = a.matter_id"
        " WHERE a.id = ? AND a.township_id = ? AND a.status = 'passed'",
        "it", resolution, township);
    if (rc == ERR_OK && matter == NULL) {
        rc = err_set(err, ERR_INVALID, "resolution_id", "引用的决议须为本乡镇已通过的议题",
                     "the resolution cited must be a passed agenda item of the township");
    }
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &cited, NULL, err,
                             "SELECT COALESCE(SUM(amount_fen), 0) FROM expenditures"
                             " WHERE resolution_id = ?",
                             "i", resolution);
    }
    if (rc != ERR_OK) {
        json_decref(matter);
        return rc;
    }
    struct rules_authorisation auth = {
        row_text(matter, "title"),        row_text(matter, "category"),
        row_int(matter, "amount_fen"),    row_int(matter, "budget_line_id"),
        row_int(matter, "department_id"), row_text(matter, "spend_from"),
        row_text(matter, "spend_until"),
    };
    struct rules_spending spending = {row_int(line, "id"), row_int(line, "department_id"),
                                      args_text(a, "spent_on"), args_int(a, "amount_fen"), cited};
    size_t n = rules_check_spending_against(rb, &auth, &spending, v);
    /* A refusal comes first; else the flags share one justification. */
    if (n > 0) {
        rc = verdict_settle(v[0].kind, &v[0], args_text(a, "justification"), err);
    }
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        if (*flags == NULL) {
            *flags = json_array();
        }
        json_array_append_new(*flags, rules_verdict_json(&v[i]));
    }
    json_decref(matter);
    return rc;
}

static enum err_code
expenditure_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *lines = NULL, *budget = NULL, *row = NULL, *ref = NULL, *flags = NULL;
    struct rulebook *rb = xmalloc(sizeof(*rb));
    const char *township = a->township;
    int64_t amount = args_int(a, "amount_fen"), resolution = args_int(a, "resolution_id");
    int64_t budget_id = 0;
    struct verdict v;
    struct event_ref eref;
    char now[UTC_TEXT_MAX], owner[24], resolution_text[24];
    enum err_code rc = store_query_int(
        x->c, &budget_id, NULL, err, "SELECT budget_id FROM budget_lines WHERE id = ?", "i", a->id);
    if (rc == ERR_OK) {
        rc = budget_load(x->c, budget_id, &budget, err);
    }
    if (rc == ERR_OK && strcmp(row_text(budget, "status"), "adopted") != 0) {
        rc = procedure_refuse(err, PROCEDURE_BUDGET_NOT_ADOPTED, NULL);
    }
    if (rc == ERR_OK) {
        rc = budget_lines(x->c, budget_id, a->id, &lines, err);
    }
    if (rc == ERR_OK) {
        rc = rulebooks_in_force(x, township, x->now_ms, rb, &ref, err);
    }
    if (rc == ERR_OK) {
        rc = verdict_settle(rules_check_spending_date(rb, args_text(a, "spent_on"),
                                                      row_int(budget, "fiscal_year"), &v),
                            &v, NULL, err);
    }
    if (rc == ERR_OK) {
        const json_t *l = json_array_get(lines, 0);
        snprintf(owner, sizeof(owner), "%lld", (long long)row_int(l, "owner_id"));
        snprintf(resolution_text, sizeof(resolution_text), "%lld", (long long)resolution);
        struct rules_budget_line line = {owner, row_int(l, "allocated_fen"),
                                         row_int(l, "spent_fen")};
        struct rules_expenditure e = {amount, resolution ? resolution_text : NULL};
        rc = verdict_settle(rules_check_expenditure(rb, &line, &e, &v), &v, NULL, err);
    }
    if (rc == ERR_OK && resolution != 0) {
        rc = check_resolution(x, rb, township, json_array_get(lines, 0), a, &flags, err);
    }
    if (rc != ERR_OK) {
        goto done;
    }
    ctx_now_text(x, now);
    row = json_pack("{sI, ss, sI, ss, ss, so, sO, ss, ss}", "budget_line_id", (json_int_t)a->id,
                    "township_id", township, "amount_fen", (json_int_t)amount, "purpose",
                    args_text(a, "purpose"), "spent_on", args_text(a, "spent_on"), "resolution_id",
                    resolution ? json_integer(resolution) : json_null(), "rulebook", ref,
                    "recorded_by", actor_label(x->who), "created", now);
    json_object_set_new(row, "verdicts", flags ? json_incref(flags) : json_null());
    json_object_set_new(row, "justification",
                        flags ? json_string(args_text(a, "justification")) : json_null());
    rc = entity_create(x->c, x->who, &expenditure_entity, township, row, &eref, err);
    if (rc == ERR_OK) {
        json_decref(lines);
        lines = NULL;
        rc = budget_lines(x->c, budget_id, a->id, &lines, err);
    }
    if (rc == ERR_OK) {
        json_t *item = json_deep_copy(row);
        json_object_set(item, "line", json_array_get(lines, 0));
        *result = command_answer(item, &eref);
    }
done:
    json_decref(flags);
    json_decref(lines);
    json_decref(budget);
    json_decref(row);
    json_decref(ref);
    xfree(rb);
    return rc;
}

static const struct field expenditure_fields[] = {
    F_INT("amount_fen",
          FIELD_REQUIRED,
          -RULEBOOK_MAX_FEN,
          RULEBOOK_MAX_FEN,
          "金额（分）",
          "amount (fen)"),
    F_TEXT("purpose", FIELD_REQUIRED, 500, "用途", "purpose"),
    F_DATE("spent_on", FIELD_REQUIRED, "支出日期", "spent on"),
    F_REF("resolution_id", FIELD_NULLABLE, "依据的决议", "resolution"),
    F_JUSTIFICATION,
    F_END,
};

const struct command expenditure_create_command = {
    .name = "expenditure.create",
    .method = "POST",
    .path = "/api/v1/budget_lines/{id}/expenditures",
    .cap = CAP_EXPENDITURE_WRITE,
    .status = 201,
    .fields = expenditure_fields,
    .run = expenditure_body,
    .zh = "登记预算支出",
    .en = "Charge an expenditure to a budget line",
    .entity = &expenditure_entity,
    .scope = "SELECT b.township_id FROM budget_lines l"
             " JOIN budgets b ON b.id = l.budget_id WHERE l.id = ?",
};
