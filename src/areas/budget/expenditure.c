/*
 * Expenditures charged to a budget line: refused when they would
 * overdraw the line, and from the large-fund threshold they must cite the
 * resolution (a passed agenda item of the township) that approved them
 * (rules_check_expenditure). A resolution cited must authorise the
 * spending: for this line or its department, within its period, and not
 * beyond its amount with all that cited it before
 * (rules_check_spending_against; what the rulebook flags is recorded with
 * the justification). The rulebook version is recorded with each. A
 * mis-entered expenditure is corrected with its reason
 * (record/correction.h), checked again as if charged anew without the
 * amount it replaces. See budget.h.
 */
#include "areas/budget/internal.h"
#include "record/correction.h"
#include "rules/authorisation.h"
#include "rules/dates.h"

#include "core/alloc.h"

#include <stdio.h>
#include <string.h>

/* A charge to a budget line: a new expenditure, or an expenditure as a
 * correction would leave it (replaced: the amount it had, which no longer
 * counts against the line and the resolution). */
struct charge {
    int64_t line;
    int64_t amount;
    const char *spent_on;
    int64_t resolution; /* 0: none cited */
    int64_t replaced;   /* the corrected expenditure's amount, else 0 */
    const char *justification;
};

/*
 * Checks the charge against resolution it cites, a passed agenda item of
 * the township: what its matter authorises (rules_check_spending_against).
 * line is the budget_lines row as budget_lines reads it. Sets *flags to the
 * flagged verdicts (a new array) or NULL when none.
 */
static enum err_code check_resolution(const struct ctx *x,
                                      const struct rulebook *rb,
                                      const char *township,
                                      const json_t *line,
                                      const struct charge *ch,
                                      json_t **flags,
                                      struct err *err)
{
    json_t *matter = NULL;
    int64_t cited = 0;
    struct verdict v[RULES_AUTHORISATION_CHECKS];
    *flags = NULL;
    enum err_code rc = store_query_row(
        x->c, &matter, err,
        "SELECT m.title, m.category, m.amount_fen, m.budget_line_id, m.department_id,"
        " m.spend_from, m.spend_until FROM agenda_items a JOIN matters m ON m.id = a.matter_id"
        " WHERE a.id = ? AND a.township_id = ? AND a.status = 'passed'",
        "it", ch->resolution, township);
    if (rc == ERR_OK && matter == NULL) {
        rc = err_set(err, ERR_INVALID, "resolution_id", "引用的决议须为本乡镇已通过的议题",
                     "the resolution cited must be a passed agenda item of the township");
    }
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &cited, NULL, err,
                             "SELECT COALESCE(SUM(amount_fen), 0) FROM expenditures"
                             " WHERE resolution_id = ?",
                             "i", ch->resolution);
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
                                      ch->spent_on, ch->amount, cited - ch->replaced};
    size_t n = rules_check_spending_against(rb, &auth, &spending, v);
    /* A refusal comes first; else the flags share one justification. */
    if (n > 0) {
        rc = verdict_settle(v[0].kind, &v[0], ch->justification, err);
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

/* What check_charge finds: the line's budget, the rulebook version in
 * force (as recorded with the expenditure) and the flagged verdicts. */
struct charge_check {
    int64_t budget;
    json_t *ref;
    json_t *flags;
};

static void charge_check_clear(struct charge_check *cc)
{
    json_decref(cc->ref);
    json_decref(cc->flags);
    memset(cc, 0, sizeof(*cc));
}

/*
 * Checks the charge: the line's budget adopted, the date within its
 * fiscal year, the line not overdrawn, the resolution the amount needs
 * (rules_check_expenditure) and what that resolution authorises.
 */
static enum err_code check_charge(const struct ctx *x,
                                  const char *township,
                                  const struct charge *ch,
                                  struct charge_check *cc,
                                  struct err *err)
{
    json_t *lines = NULL, *budget = NULL;
    struct rulebook *rb = xmalloc(sizeof(*rb));
    struct verdict v;
    char owner[24], resolution_text[24];
    memset(cc, 0, sizeof(*cc));
    enum err_code rc =
        store_query_int(x->c, &cc->budget, NULL, err,
                        "SELECT budget_id FROM budget_lines WHERE id = ?", "i", ch->line);
    if (rc == ERR_OK) {
        rc = budget_load(x->c, cc->budget, &budget, err);
    }
    if (rc == ERR_OK && strcmp(row_text(budget, "status"), "adopted") != 0) {
        rc = procedure_refuse(err, PROCEDURE_BUDGET_NOT_ADOPTED, NULL);
    }
    if (rc == ERR_OK) {
        rc = budget_lines(x->c, cc->budget, ch->line, &lines, err);
    }
    if (rc == ERR_OK) {
        rc = rulebooks_in_force(x, township, x->now_ms, rb, &cc->ref, err);
    }
    if (rc == ERR_OK) {
        rc = verdict_settle(
            rules_check_spending_date(rb, ch->spent_on, row_int(budget, "fiscal_year"), &v), &v,
            NULL, err);
    }
    if (rc == ERR_OK) {
        const json_t *l = json_array_get(lines, 0);
        snprintf(owner, sizeof(owner), "%lld", (long long)row_int(l, "owner_id"));
        snprintf(resolution_text, sizeof(resolution_text), "%lld", (long long)ch->resolution);
        struct rules_budget_line line = {owner, row_int(l, "allocated_fen"),
                                         row_int(l, "spent_fen") - ch->replaced};
        struct rules_expenditure e = {ch->amount, ch->resolution ? resolution_text : NULL};
        rc = verdict_settle(rules_check_expenditure(rb, &line, &e, &v), &v, NULL, err);
    }
    if (rc == ERR_OK && ch->resolution != 0) {
        rc = check_resolution(x, rb, township, json_array_get(lines, 0), ch, &cc->flags, err);
    }
    if (rc != ERR_OK) {
        charge_check_clear(cc);
    }
    json_decref(lines);
    json_decref(budget);
    xfree(rb);
    return rc;
}

/* Sets the row's flagged verdicts and their justification. */
static void set_verdicts(json_t *row, const struct charge_check *cc, const char *justification)
{
    json_object_set_new(row, "verdicts", cc->flags ? json_incref(cc->flags) : json_null());
    json_object_set_new(row, "justification", cc->flags ? json_string(justification) : json_null());
}

/* The answer of an expenditure command: the row with its line's figures
 * after the write. */
static enum err_code charge_answer(const struct ctx *x,
                                   const struct charge_check *cc,
                                   const json_t *row,
                                   const struct event_ref *ref,
                                   json_t **result,
                                   struct err *err)
{
    json_t *lines = NULL;
    enum err_code rc = budget_lines(x->c, cc->budget, row_int(row, "budget_line_id"), &lines, err);
    if (rc == ERR_OK) {
        json_t *item = json_deep_copy(row);
        json_object_set(item, "line", json_array_get(lines, 0));
        *result = command_answer(item, ref);
    }
    json_decref(lines);
    return rc;
}

static enum err_code
expenditure_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    const char *township = a->township;
    struct charge ch = {
        a->id, args_int(a, "amount_fen"),    args_text(a, "spent_on"), args_int(a, "resolution_id"),
        0,     args_text(a, "justification")};
    struct charge_check cc;
    struct event_ref ref;
    char now[UTC_TEXT_MAX];
    enum err_code rc = check_charge(x, township, &ch, &cc, err);
    if (rc != ERR_OK) {
        return rc;
    }
    ctx_now_text(x, now);
    json_t *row =
        json_pack("{sI, ss, sI, ss, ss, so, sO, ss, ss}", "budget_line_id", (json_int_t)a->id,
                  "township_id", township, "amount_fen", (json_int_t)ch.amount, "purpose",
                  args_text(a, "purpose"), "spent_on", ch.spent_on, "resolution_id",
                  ch.resolution ? json_integer(ch.resolution) : json_null(), "rulebook", cc.ref,
                  "recorded_by", actor_label(x->who), "created", now);
    set_verdicts(row, &cc, ch.justification);
    rc = entity_create(x->c, x->who, &expenditure_entity, township, row, &ref, err);
    if (rc == ERR_OK) {
        rc = charge_answer(x, &cc, row, &ref, result, err);
    }
    json_decref(row);
    charge_check_clear(&cc);
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

/* The value of an expenditure's field after the correction: the input's,
 * else the row's. */
static const json_t *corrected(const struct args *a, const json_t *row, const char *name)
{
    const json_t *given = args_json(a, name);
    return args_has(a, name) && !json_is_null(given) ? given : json_object_get(row, name);
}

static enum err_code
correct_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    static const char *const names[] = {"amount_fen", "purpose", "spent_on", NULL};
    json_t *row = NULL;
    struct charge_check cc;
    struct event_ref ref;
    memset(&cc, 0, sizeof(cc));
    enum err_code rc =
        row_load(x->c, &expenditure_entity,
                 "SELECT " EXPENDITURE_COLUMNS " FROM expenditures WHERE id = ?", a->id, &row, err);
    if (rc != ERR_OK) {
        return rc;
    }
    struct charge ch = {row_int(row, "budget_line_id"),
                        json_integer_value(corrected(a, row, "amount_fen")),
                        json_string_value(corrected(a, row, "spent_on")),
                        row_int(row, "resolution_id"),
                        row_int(row, "amount_fen"),
                        args_text(a, "justification")};
    rc = check_charge(x, row_text(row, "township_id"), &ch, &cc, err);
    if (rc == ERR_OK) {
        rc = correction_apply(x, row, names, a, err);
    }
    if (rc == ERR_OK) {
        set_verdicts(row, &cc, ch.justification);
        rc = entity_update(x->c, x->who, &expenditure_entity, row_text(row, "township_id"), row,
                           &ref, err);
    }
    if (rc == ERR_OK) {
        rc = charge_answer(x, &cc, row, &ref, result, err);
    }
    charge_check_clear(&cc);
    json_decref(row);
    return rc;
}

static const struct field correct_fields[] = {
    F_INT("amount_fen",
          FIELD_NULLABLE,
          -RULEBOOK_MAX_FEN,
          RULEBOOK_MAX_FEN,
          "金额（分）",
          "amount (fen)"),
    F_TEXT("purpose", FIELD_NULLABLE, 500, "用途", "purpose"),
    F_DATE("spent_on", FIELD_NULLABLE, "支出日期", "spent on"),
    F_CORRECTION_REASON,
    F_JUSTIFICATION,
    F_END,
};

const struct command expenditure_correct_command = {
    .name = "expenditure.correct",
    .method = "POST",
    .path = "/api/v1/expenditures/{id}/correction",
    .cap = CAP_EXPENDITURE_WRITE,
    .status = 200,
    .fields = correct_fields,
    .run = correct_body,
    .zh = "更正记错的支出（重新核对预算，说明原因，原记录保留）",
    .en = "Correct a mis-entered expenditure (checked against the budget again, with the reason)",
    .entity = &expenditure_entity,
    .scope = "SELECT township_id FROM expenditures WHERE id = ?",
};
