/*
 * The budget's query tables as entities, each declared once by its row's
 * X-macro (internal.h; record/entity.h, ENTITY).
 */
#include "areas/budget/internal.h"

ENTITY(budget_entity,
       "budget",
       "budgets",
       BUDGET_ROW,
       .allocates_id = true,
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
       .zh = "预算调整",
       .en = "budget adjustment");

ENTITY(expenditure_entity,
       "expenditure",
       "expenditures",
       EXPENDITURE_ROW,
       .allocates_id = true,
       .zh = "支出",
       .en = "expenditure");
