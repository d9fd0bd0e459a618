/*
 * Budgets as an area: budgets, lines, adjustments and expenditures
 * (record/area.h).
 */
#include "record/area.h"
#include "areas/budget/budget.h"

static const struct entity *const budget_entities[] = {
    &budget_entity,
    &budget_line_entity,
    &budget_adjustment_entity,
    &budget_adjustment_line_entity,
    &expenditure_entity,
    NULL,
};

static const struct command *const budget_commands[] = {
    &budget_create_command,
    &budget_add_line_command,
    &budget_congress_vote_command,
    &budget_adjust_command,
    &expenditure_create_command,
    &expenditure_correct_command,
    NULL,
};

static const struct query *const budget_queries[] = {
    &budget_get_query,
    &budget_list_query,
    &budget_line_get_query,
    NULL,
};

const struct area budget_area = {
    .name = "budget",
    .zh = "预算与支出",
    .en = "budgets and spending",
    .entities = budget_entities,
    .commands = budget_commands,
    .queries = budget_queries,
};
