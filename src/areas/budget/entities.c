/*
 * The budget's query tables as entities, each declared once by its row's
 * X-macro (internal.h; record/entity.h, ENTITY), with the statuses of
 * budgets and adjustments for the API's description.
 */
#include "areas/budget/internal.h"

/* A budget is a draft until the congress votes on it; an adjustment
 * (which the congress votes on when it is recorded) is adopted or
 * rejected: budget_statuses + 1. */
const struct choice budget_statuses[] = {
    {"draft", "草案", "draft"},
    {"adopted", "已批准", "adopted"},
    {"rejected", "未批准", "rejected"},
    {NULL, NULL, NULL},
};
static const struct field budget_columns[] = {
    F_ENUM("status", 0, budget_statuses, "状态", "status"),
    F_END,
};
static const struct field adjustment_columns[] = {
    F_ENUM("status", 0, budget_statuses + 1, "状态", "status"),
    F_END,
};

ENTITY(budget_entity,
       "budget",
       "budgets",
       BUDGET_ROW,
       .allocates_id = true,
       .columns = budget_columns,
       .zh = "预算",
       .en = "budget");

ENTITY(budget_line_entity,
       "budget_line",
       "budget_lines",
       BUDGET_LINE_ROW,
       .allocates_id = true,
       .zh = "预算项目",
       .en = "budget line");

ENTITY(budget_adjustment_line_entity,
       "budget_adjustment_line",
       "budget_adjustment_lines",
       BUDGET_ADJUSTMENT_LINE_ROW,
       .allocates_id = true,
       .zh = "预算调整明细",
       .en = "budget adjustment line");

ENTITY(budget_adjustment_entity,
       "budget_adjustment",
       "budget_adjustments",
       BUDGET_ADJUSTMENT_ROW,
       .allocates_id = true,
       .children_key = "lines",
       .children = &budget_adjustment_line_entity,
       .columns = adjustment_columns,
       .zh = "预算调整",
       .en = "budget adjustment");

ENTITY(expenditure_entity,
       "expenditure",
       "expenditures",
       EXPENDITURE_ROW,
       .allocates_id = true,
       .zh = "支出",
       .en = "expenditure");
