/*
 * Handlers for reading budgets and their lines (src/areas/budget/); the
 * budget commands are routed from their declarations (api_command.c).
 * See docs/decisions.md.
 */
#include "http/api_decision.h"

#include "areas/budget/budget.h"

enum err_code api_budget_list(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_list(req, rep, err, budget_list);
}

enum err_code api_budget_get(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_get_id(req, rep, err, budget_get);
}

enum err_code api_budget_line_get(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_get_id(req, rep, err, budget_line_get);
}
