/*
 * Handlers for budgets, their lines, the congress's votes, adjustments
 * and expenditures: parse, call the domain (src/areas/budget/), render.
 * See docs/decisions.md.
 */
#include "http/api_decision.h"

#include "areas/budget/budget.h"

enum err_code api_budget_list(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_list(req, rep, err, budget_list);
}

enum err_code api_budget_create(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_township(req, rep, err, budget_create);
}

enum err_code api_budget_get(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_get_id(req, rep, err, budget_get);
}

enum err_code api_budget_line_get(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_get_id(req, rep, err, budget_line_get);
}

enum err_code api_budget_add_line(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_id(req, rep, err, budget_add_line, 201);
}

enum err_code api_budget_congress_vote(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_id(req, rep, err, budget_congress_vote, 200);
}

enum err_code api_budget_adjust(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_id(req, rep, err, budget_adjust, 201);
}

enum err_code api_expenditure_create(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_id(req, rep, err, expenditure_create, 201);
}
