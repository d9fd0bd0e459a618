/*
 * Drawing up a budget: opening the draft of a fiscal year and proposing
 * its lines; and the helpers the budget's other commands share (a line's
 * figures, a congress vote's counts, the committee's study).
 * See budget.h.
 */
#include "areas/budget/internal.h"

#include "core/alloc.h"

#include <stdio.h>
#include <string.h>

enum err_code budget_load(struct store_conn *c, int64_t id, json_t **row, struct err *err)
{
    return row_load(c, &budget_entity, "SELECT " BUDGET_COLUMNS " FROM budgets WHERE id = ?", id,
                    row, err);
}

enum err_code budget_lines(
    struct store_conn *c, int64_t budget_id, int64_t line_id, json_t **lines, struct err *err)
{
    enum err_code rc = store_query_json(
        c, lines, err,
        "SELECT l.id, l.budget_id, l.purpose, l.amount_fen, l.department_id,"
        " d.name AS department_name, d.name_en AS department_name_en, l.owner_id,"
        " p.name AS owner_name, p.name_en AS owner_name_en, l.proposed_by, l.proposed_login,"
        " l.created, l.amount_fen + COALESCE((SELECT SUM(al.delta_fen)"
        " FROM budget_adjustment_lines al JOIN budget_adjustments ad ON ad.id = al.adjustment_id"
        " WHERE al.budget_line_id = l.id AND ad.status = 'adopted'), 0) AS allocated_fen,"
        " COALESCE((SELECT SUM(e.amount_fen) FROM expenditures e"
        " WHERE e.budget_line_id = l.id), 0) AS spent_fen,"
        " (SELECT COUNT(*) FROM expenditures e WHERE e.budget_line_id = l.id) AS expenditure_count"
        " FROM budget_lines l JOIN people p ON p.id = l.owner_id"
        " LEFT JOIN organizations d ON d.id = l.department_id"
        " WHERE l.budget_id = ? AND (? = 0 OR l.id = ?) ORDER BY l.id",
        "iii", budget_id, line_id, line_id);
    size_t i;
    json_t *l;
    json_array_foreach(rc == ERR_OK ? *lines : NULL, i, l)
    {
        json_object_set_new(l, "remaining_fen",
                            json_integer(row_int(l, "allocated_fen") - row_int(l, "spent_fen")));
    }
    return rc;
}

enum err_code budget_studied(struct store_conn *c,
                             int64_t budget_id,
                             int64_t matter_id,
                             bool adjustment,
                             bool *out,
                             struct err *err)
{
    int64_t one = 0;
    return store_query_int(c, &one, out, err,
                           "SELECT 1 FROM matters m JOIN agenda_items a ON a.matter_id = m.id"
                           " WHERE m.budget_id = ? AND (? = 0 OR m.id = ?)"
                           " AND ((? = 1 AND m.category = 'budget_adjustment')"
                           " OR (? = 0 AND m.category <> 'budget_adjustment'))"
                           " AND a.status = 'passed'",
                           "iiiii", budget_id, matter_id, matter_id, (int64_t)adjustment,
                           (int64_t)adjustment);
}

static enum err_code
create_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    int64_t year = args_int(a, "fiscal_year"), taken = 0;
    bool found = false;
    json_t *row = NULL, *item = NULL;
    char now[UTC_TEXT_MAX];
    struct event_ref ref;
    enum err_code rc =
        store_query_int(x->c, &taken, &found, err,
                        "SELECT id FROM budgets WHERE township_id = ? AND fiscal_year = ?", "ti",
                        a->township, year);
    if (rc == ERR_OK && found) {
        rc = err_set(err, ERR_CONFLICT, "fiscal_year", "本乡镇该年度的预算已经存在",
                     "the township already has a budget for this fiscal year");
    }
    if (rc != ERR_OK) {
        return rc;
    }
    ctx_now_text(x, now);
    row = json_pack("{ss, sI, ss, ss, sn, sn, sn, sn, ss, si}", "township_id", a->township,
                    "fiscal_year", (json_int_t)year, "title", args_text(a, "title"), "status",
                    "draft", "adopted_fen", "congress_vote", "adoption_verdict", "adopted_at",
                    "created", now, "revision", 1);
    rc = entity_create(x->c, x->who, &budget_entity, a->township, row, &ref, err);
    if (rc == ERR_OK) {
        rc = budget_get(x, &(struct args){.id = row_int(row, "id")}, &item, err);
    }
    if (rc == ERR_OK) {
        *result = command_answer(item, &ref);
    }
    json_decref(row);
    return rc;
}

static const struct field create_fields[] = {
    F_INT("fiscal_year", FIELD_REQUIRED, 2000, 2999, "预算年度", "fiscal year"),
    F_TEXT("title", FIELD_REQUIRED, 200, "预算名称", "title"),
    F_END,
};

const struct command budget_create_command = {
    .name = "budget.create",
    .method = "POST",
    .path = "/api/v1/townships/{tid}/budgets",
    .cap = CAP_BUDGET_WRITE,
    .status = 201,
    .fields = create_fields,
    .run = create_body,
    .zh = "编制年度预算草案",
    .en = "Open the draft budget of a fiscal year",
    .entity = &budget_entity,
};

static enum err_code
line_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *budget = NULL, *row = NULL, *lines = NULL;
    const char *township = a->township;
    int64_t amount = args_int(a, "amount_fen"), owner = args_int(a, "owner_id");
    int64_t department = args_int(a, "department_id"), person = 0;
    struct rulebook *rb = xmalloc(sizeof(*rb));
    struct verdict v;
    char now[UTC_TEXT_MAX], owner_text[24];
    struct event_ref ref;
    enum err_code rc = budget_load(x->c, a->id, &budget, err);
    if (rc == ERR_OK && strcmp(row_text(budget, "status"), "adopted") == 0) {
        rc = procedure_refuse(err, PROCEDURE_BUDGET_ADOPTED, NULL);
    }
    if (rc == ERR_OK && owner != 0) {
        rc = org_check_person(x->c, township, owner, "owner_id", err);
    }
    if (rc == ERR_OK && department != 0) {
        rc = org_check_department(x->c, township, department, "department_id", err);
    }
    if (rc == ERR_OK) {
        rc = rulebooks_in_force(x, township, x->now_ms, rb, NULL, err);
    }
    if (rc == ERR_OK) {
        /* The line on its own: an owner and an amount that is not negative. */
        snprintf(owner_text, sizeof(owner_text), "%lld", (long long)owner);
        struct rules_budget_line line = {owner ? owner_text : "", amount, 0};
        rc = verdict_settle(rules_check_budget_split(rb, amount, &line, 1, &v), &v, NULL, err);
    }
    if (rc == ERR_OK) {
        rc = org_actor_person(x->c, x->who, &person, err);
    }
    if (rc == ERR_OK) {
        ctx_now_text(x, now);
        row =
            json_pack("{sI, ss, sI, so, sI, so, ss, ss}", "budget_id", (json_int_t)a->id, "purpose",
                      args_text(a, "purpose"), "amount_fen", (json_int_t)amount, "department_id",
                      department ? json_integer(department) : json_null(), "owner_id",
                      (json_int_t)owner, "proposed_by", person ? json_integer(person) : json_null(),
                      "proposed_login", actor_label(x->who), "created", now);
        rc = entity_create(x->c, x->who, &budget_line_entity, township, row, &ref, err);
    }
    if (rc == ERR_OK) {
        rc = budget_lines(x->c, a->id, row_int(row, "id"), &lines, err);
    }
    if (rc == ERR_OK) {
        *result = command_answer(json_incref(json_array_get(lines, 0)), &ref);
    }
    json_decref(lines);
    json_decref(row);
    json_decref(budget);
    xfree(rb);
    return rc;
}

static const struct field line_fields[] = {
    F_TEXT("purpose", FIELD_REQUIRED, 200, "用途", "purpose"),
    F_INT("amount_fen",
          FIELD_REQUIRED,
          -RULEBOOK_MAX_FEN,
          RULEBOOK_MAX_FEN,
          "金额（分）",
          "amount (fen)"),
    F_REF("owner_id", FIELD_NULLABLE, "负责人", "owner"),
    F_REF("department_id", FIELD_NULLABLE, "责任部门", "department"),
    F_END,
};

const struct command budget_add_line_command = {
    .name = "budget.add_line",
    .method = "POST",
    .path = "/api/v1/budgets/{id}/lines",
    .cap = CAP_BUDGET_PROPOSE,
    .status = 201,
    .fields = line_fields,
    .run = line_body,
    .zh = "提出预算线",
    .en = "Propose a budget line",
    .entity = &budget_line_entity,
    .scope = "SELECT township_id FROM budgets WHERE id = ?",
};
