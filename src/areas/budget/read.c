/*
 * Reading budgets: a budget with its lines (allocated, spent, remaining,
 * so that a screen can draw progress bars), adjustments, the matters that
 * studied it and its next steps; the township's budgets; one line with its
 * expenditures. The public sees adopted budgets and their spending.
 * See budget.h.
 */
#include "areas/budget/internal.h"
#include "record/query.h"
#include "record/steps.h"

#include "core/page.h"

#include <stdio.h>
#include <string.h>

static bool visible(const struct ctx *x, const json_t *budget)
{
    return policy_can_read(x->who, row_text(budget, "township_id")) ||
           strcmp(row_text(budget, "status"), "adopted") == 0;
}

/* The commands of a budget's steps. */
static const struct step_command budget_steps[] = {
    {"add_line", &budget_add_line_command},
    {"congress_vote", &budget_congress_vote_command},
    {"adjust", &budget_adjust_command},
    {"expenditure", &expenditure_create_command},
    {NULL, NULL},
};

static void
budget_next(const struct ctx *x, const json_t *budget, bool studied, json_t *next, json_t *blocked)
{
    char path[96];
    long long id = (long long)row_int(budget, "id");
#define NEXT(action, fmt)                                                                          \
    do {                                                                                           \
        snprintf(path, sizeof(path), fmt, id);                                                     \
        json_array_append_new(next, json_pack("{ss, ss}", "action", action, "path", path));        \
    } while (0)
    if (strcmp(row_text(budget, "status"), "adopted") == 0) {
        NEXT("adjust", "/api/v1/budgets/%lld/adjustments");
        json_array_append_new(next, json_pack("{ss, ss}", "action", "expenditure", "path",
                                              "/api/v1/budget_lines/{line_id}/expenditures"));
        procedure_block(x->english, blocked, "add_line", PROCEDURE_BUDGET_ADOPTED);
        procedure_block(x->english, blocked, "congress_vote", PROCEDURE_BUDGET_ADOPTED);
        return;
    }
    NEXT("add_line", "/api/v1/budgets/%lld/lines");
    if (studied) {
        NEXT("congress_vote", "/api/v1/budgets/%lld/congress_vote");
    } else {
        procedure_block(x->english, blocked, "congress_vote", PROCEDURE_COMMITTEE_STUDY);
    }
    procedure_block(x->english, blocked, "expenditure", PROCEDURE_BUDGET_NOT_ADOPTED);
#undef NEXT
}

/* Sums the lines' figures into totals. */
static json_t *totals(const json_t *lines)
{
    int64_t allocated = 0, spent = 0;
    size_t i;
    const json_t *l;
    json_array_foreach(lines, i, l)
    {
        allocated += row_int(l, "allocated_fen");
        spent += row_int(l, "spent_fen");
    }
    return json_pack("{sI, sI, sI}", "allocated_fen", (json_int_t)allocated, "spent_fen",
                     (json_int_t)spent, "remaining_fen", (json_int_t)(allocated - spent));
}

enum err_code budget_get(const struct ctx *x, const struct args *a, json_t **item, struct err *err)
{
    int64_t id = a->id;
    json_t *row = NULL, *lines = NULL, *adjustments = NULL, *matters = NULL;
    bool studied = false;
    enum err_code rc = budget_load(x->c, id, &row, err);
    if (rc == ERR_OK && !visible(x, row)) {
        rc = err_set(err, ERR_NOT_FOUND, "id", NULL, NULL);
    }
    if (rc == ERR_OK) {
        rc = budget_lines(x->c, id, 0, &lines, err);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(x->c, &adjustments, err,
                              "SELECT id, budget_id, matter_id, reason, status, congress_vote,"
                              " verdict, delta_fen, created FROM budget_adjustments"
                              " WHERE budget_id = ? ORDER BY id",
                              "i", id);
    }
    size_t i;
    json_t *adj;
    json_array_foreach(rc == ERR_OK ? adjustments : NULL, i, adj)
    {
        json_t *changes = NULL;
        row_decode(&budget_adjustment_entity, adj);
        rc = store_query_json(x->c, &changes, err,
                              "SELECT budget_line_id, delta_fen FROM budget_adjustment_lines"
                              " WHERE adjustment_id = ? ORDER BY id",
                              "i", row_int(adj, "id"));
        if (rc != ERR_OK) {
            break;
        }
        json_object_set_new(adj, "changes", changes);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(
            x->c, &matters, err,
            "SELECT m.id, m.title, m.category, m.amount_fen, (SELECT a.status FROM agenda_items a"
            " WHERE a.matter_id = m.id ORDER BY a.id DESC LIMIT 1) AS item_status,"
            " (SELECT a.id FROM agenda_items a WHERE a.matter_id = m.id ORDER BY a.id DESC"
            " LIMIT 1) AS item_id FROM matters m WHERE m.budget_id = ? ORDER BY m.id",
            "i", id);
    }
    if (rc == ERR_OK) {
        rc = budget_studied(x->c, id, 0, false, &studied, err);
    }
    if (rc == ERR_OK) {
        json_t *next = json_array(), *blocked = json_array();
        if (policy_can_read(x->who, row_text(row, "township_id"))) {
            budget_next(x, row, studied, next, blocked);
            steps_keep_permitted(x->who, row_text(row, "township_id"), next, budget_steps);
        }
        json_object_set_new(row, "totals", totals(lines));
        json_object_set_new(row, "lines", lines);
        json_object_set_new(row, "adjustments", adjustments);
        json_object_set_new(row, "matters", matters);
        json_object_set_new(row, "studied", json_boolean(studied));
        json_object_set_new(row, "next", next);
        json_object_set_new(row, "blocked", blocked);
        lines = adjustments = matters = NULL;
        *item = json_incref(row);
    }
    json_decref(row);
    json_decref(lines);
    json_decref(adjustments);
    json_decref(matters);
    return rc;
}

/* What a budget carries besides its row: its lines, adjustments, the
 * matters that studied it, and its steps. */
static const struct field budget_extra[] = {
    F_OBJECT("totals", 0, NULL, "合计", "totals"),
    F_LIST("lines", 0, 0, NULL, "预算项目", "budget lines"),
    F_LIST("adjustments", 0, 0, NULL, "预算调整", "adjustments"),
    F_LIST("matters", 0, 0, NULL, "研究它的议题", "matters that studied it"),
    F_BOOL("studied", 0, "党委已研究", "studied by the committee"),
    F_STEPS,
    F_END,
};

const struct query budget_get_query = {
    .name = "budget.get",
    .path = "/api/v1/budgets/{id}",
    .cap = CAP_PUBLIC_READ,
    .run = budget_get,
    .zh = "一份预算及其预算线（已安排、已支出、结余）",
    .en = "One budget with its lines (allocated, spent, remaining)",
    .entity = &budget_entity,
    .extra = budget_extra,
};

enum err_code budget_list(const struct ctx *x, const struct args *a, json_t **page, struct err *err)
{
    const char *township = a->township;
    const struct page_query *q = &a->page;
    int64_t all = policy_can_read(x->who, township) ? 1 : 0, total = 0;
    json_t *items = NULL;
    enum err_code rc = org_check_township(x->c, township, err);
#define BUDGET_WHERE " FROM budgets b WHERE b.township_id = ? AND (? = 1 OR b.status = 'adopted')"
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &total, NULL, err, "SELECT COUNT(*)" BUDGET_WHERE, "ti",
                             township, all);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(
            x->c, &items, err,
            "SELECT b.id, b.township_id, b.fiscal_year, b.title, b.status, b.adopted_fen,"
            " b.adopted_at, b.revision,"
            " (SELECT COUNT(*) FROM budget_lines l WHERE l.budget_id = b.id) AS lines,"
            " COALESCE((SELECT SUM(l.amount_fen) FROM budget_lines l WHERE l.budget_id = b.id), 0)"
            " + COALESCE((SELECT SUM(ad.delta_fen) FROM budget_adjustments ad"
            " WHERE ad.budget_id = b.id AND ad.status = 'adopted'), 0) AS allocated_fen,"
            " COALESCE((SELECT SUM(e.amount_fen) FROM expenditures e JOIN budget_lines l"
            " ON l.id = e.budget_line_id WHERE l.budget_id = b.id), 0) AS spent_fen" BUDGET_WHERE
            " ORDER BY b.fiscal_year DESC LIMIT ? OFFSET ?",
            "tiii", township, all, q->limit, q->offset);
    }
#undef BUDGET_WHERE
    size_t i;
    json_t *b;
    json_array_foreach(rc == ERR_OK ? items : NULL, i, b)
    {
        json_object_set_new(b, "remaining_fen",
                            json_integer(row_int(b, "allocated_fen") - row_int(b, "spent_fen")));
    }
    if (rc == ERR_OK) {
        *page = page_json(items, total, q->limit, q->offset);
    }
    return rc;
}

/* What a listed budget carries besides its columns: its lines' totals. */
static const struct field list_extra[] = {
    F_INT("lines", 0, 0, FIELD_INT_MAX, "预算项目数", "budget lines"),
    F_INT("allocated_fen", 0, 0, FIELD_INT_MAX, "已安排（分）", "allocated (fen)"),
    F_INT("spent_fen", 0, 0, FIELD_INT_MAX, "已支出（分）", "spent (fen)"),
    F_INT("remaining_fen", 0, -FIELD_INT_MAX, FIELD_INT_MAX, "剩余（分）", "remaining (fen)"),
    F_END,
};

const struct query budget_list_query = {
    .name = "budget.list",
    .path = "/api/v1/townships/{tid}/budgets",
    .cap = CAP_PUBLIC_READ,
    .paged = true,
    .run = budget_list,
    .flags = QUERY_RECORDS_ONLY,
    .zh = "乡镇的预算",
    .en = "Budgets of a township",
    .entity = &budget_entity,
    .extra = list_extra,
};

enum err_code
budget_line_get(const struct ctx *x, const struct args *a, json_t **item, struct err *err)
{
    int64_t id = a->id;
    json_t *found = NULL, *budget = NULL, *lines = NULL, *spending = NULL;
    enum err_code rc = store_query_row(x->c, &found, err,
                                       "SELECT budget_id FROM budget_lines WHERE id = ?", "i", id);
    if (rc == ERR_OK && found == NULL) {
        rc = err_set(err, ERR_NOT_FOUND, "id", NULL, NULL);
    }
    if (rc == ERR_OK) {
        rc = budget_load(x->c, row_int(found, "budget_id"), &budget, err);
    }
    if (rc == ERR_OK && !visible(x, budget)) {
        rc = err_set(err, ERR_NOT_FOUND, "id", NULL, NULL);
    }
    if (rc == ERR_OK) {
        rc = budget_lines(x->c, row_int(budget, "id"), id, &lines, err);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(x->c, &spending, err,
                              "SELECT e.id, e.budget_line_id, e.amount_fen, e.purpose, e.spent_on,"
                              " e.resolution_id, r.resolution_text, rm.title AS resolution_title,"
                              " e.rulebook, e.recorded_by, e.created, e.corrections"
                              " FROM expenditures e"
                              " LEFT JOIN agenda_items r ON r.id = e.resolution_id"
                              " LEFT JOIN matters rm ON rm.id = r.matter_id"
                              " WHERE e.budget_line_id = ? ORDER BY e.spent_on, e.id",
                              "i", id);
    }
    size_t i;
    json_t *e;
    json_array_foreach(rc == ERR_OK ? spending : NULL, i, e)
    {
        row_decode(&expenditure_entity, e);
    }
    if (rc == ERR_OK) {
        json_t *line = json_incref(json_array_get(lines, 0));
        json_object_set(line, "fiscal_year", json_object_get(budget, "fiscal_year"));
        json_object_set(line, "township_id", json_object_get(budget, "township_id"));
        json_object_set(line, "budget_status", json_object_get(budget, "status"));
        json_object_set_new(line, "expenditures", spending);
        spending = NULL;
        *item = line;
    }
    json_decref(found);
    json_decref(budget);
    json_decref(lines);
    json_decref(spending);
    return rc;
}

/* What a budget line carries besides its row: names, its spending and its budget's year. */
static const struct field line_extra[] = {
    F_TEXT("department_name", FIELD_NULLABLE, 0, "责任部门", "department"),
    F_TEXT("department_name_en", FIELD_NULLABLE, 0, "责任部门（英文）", "department in English"),
    F_TEXT("owner_name", FIELD_NULLABLE, 0, "责任人", "owner"),
    F_TEXT("owner_name_en", FIELD_NULLABLE, 0, "责任人（英文）", "owner in English"),
    F_INT("allocated_fen", 0, 0, FIELD_INT_MAX, "已安排（分）", "allocated (fen)"),
    F_INT("spent_fen", 0, 0, FIELD_INT_MAX, "已支出（分）", "spent (fen)"),
    F_INT("expenditure_count", 0, 0, FIELD_INT_MAX, "支出笔数", "expenditures"),
    F_INT("remaining_fen", 0, -FIELD_INT_MAX, FIELD_INT_MAX, "剩余（分）", "remaining (fen)"),
    F_INT("fiscal_year", 0, 0, 9999, "年度", "fiscal year"),
    F_TEXT("township_id", 0, 0, "乡镇", "township"),
    F_ENUM("budget_status", 0, budget_statuses, "预算状态", "budget status"),
    F_LIST("expenditures", 0, 0, NULL, "支出", "expenditures"),
    F_END,
};

const struct query budget_line_get_query = {
    .name = "budget_line.get",
    .path = "/api/v1/budget_lines/{id}",
    .cap = CAP_PUBLIC_READ,
    .run = budget_line_get,
    .zh = "一条预算线及其支出",
    .en = "One budget line with its expenditures",
    .entity = &budget_line_entity,
    .extra = line_extra,
};
