/*
 * Handlers for budgets, their lines, the congress's votes, adjustments
 * and expenditures: parse, call the domain (src/domain/budget/), render.
 * See docs/decisions.md.
 */
#include "http/api_decision.h"

#include "domain/budget/budget.h"

enum err_code api_budget_list(struct request *req, struct reply *rep, struct err *err)
{
    struct decision_ctx x;
    struct decision_page q;
    json_t *page = NULL;
    api_decision_ctx(req, &x);
    enum err_code rc = api_decision_page(req, &q, err);
    if (rc == ERR_OK) {
        rc = budget_list(&x, req->params[0], &q, &page, err);
    }
    if (rc == ERR_OK) {
        reply_json(rep, 200, page);
    }
    return rc;
}

enum err_code api_budget_create(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_township(req, rep, err, budget_create);
}

static enum err_code
get(struct request *req,
    struct reply *rep,
    struct err *err,
    enum err_code (*fn)(const struct decision_ctx *, int64_t, json_t **, struct err *))
{
    struct decision_ctx x;
    int64_t id = 0;
    json_t *item = NULL;
    api_decision_ctx(req, &x);
    enum err_code rc = api_decision_id(req, &id, err);
    if (rc == ERR_OK) {
        rc = fn(&x, id, &item, err);
    }
    if (rc == ERR_OK) {
        reply_json(rep, 200, item);
    }
    return rc;
}

enum err_code api_budget_get(struct request *req, struct reply *rep, struct err *err)
{
    return get(req, rep, err, budget_get);
}

enum err_code api_budget_line_get(struct request *req, struct reply *rep, struct err *err)
{
    return get(req, rep, err, budget_line_get);
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
