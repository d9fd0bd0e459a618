/*
 * The helpers the collective-decision handlers share (api_decision.h):
 * the domain context of a request, list queries, and the few shapes of
 * handler that call the domain and reply.
 */
#include "http/api_decision.h"

void api_decision_ctx(const struct request *req, struct decision_ctx *x)
{
    *x = (struct decision_ctx){.c = req->db,
                               .who = &req->who,
                               .now_ms = utc_now_ms(),
                               .english = req->english,
                               .cache = NULL};
}

enum err_code api_decision_page(const struct request *req, struct decision_page *q, struct err *err)
{
    *q = (struct decision_page){0};
    q->status = request_query(req, "status");
    q->from = request_query(req, "from");
    q->to = request_query(req, "to");
    return request_page(req, &q->limit, &q->offset, err);
}

enum err_code api_decision_id(const struct request *req, int64_t *id, struct err *err)
{
    return decision_parse_id(req->n_params > 0 ? req->params[req->n_params - 1] : NULL, id, err);
}

enum err_code api_decision_run_id(
    struct request *req, struct reply *rep, struct err *err, api_id_command fn, int status)
{
    struct decision_ctx x;
    int64_t id = 0;
    json_t *result = NULL;
    json_t *empty = req->body ? NULL : json_object();
    api_decision_ctx(req, &x);
    enum err_code rc = api_decision_id(req, &id, err);
    if (rc == ERR_OK) {
        rc = fn(&x, id, req->body ? req->body : empty, &result, err);
    }
    if (rc == ERR_OK) {
        reply_json(rep, status, result);
    }
    json_decref(empty);
    return rc;
}

enum err_code api_decision_run_township(struct request *req,
                                        struct reply *rep,
                                        struct err *err,
                                        api_township_command fn)
{
    struct decision_ctx x;
    json_t *result = NULL;
    json_t *empty = req->body ? NULL : json_object();
    api_decision_ctx(req, &x);
    enum err_code rc = fn(&x, req->params[0], req->body ? req->body : empty, &result, err);
    if (rc == ERR_OK) {
        reply_json(rep, 201, result);
    }
    json_decref(empty);
    return rc;
}

enum err_code
api_decision_get_id(struct request *req, struct reply *rep, struct err *err, api_id_read fn)
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

enum err_code
api_decision_list(struct request *req, struct reply *rep, struct err *err, api_township_list fn)
{
    struct decision_ctx x;
    struct decision_page q;
    json_t *page = NULL;
    api_decision_ctx(req, &x);
    enum err_code rc = api_decision_page(req, &q, err);
    if (rc == ERR_OK) {
        rc = fn(&x, req->n_params > 0 ? req->params[0] : NULL, &q, &page, err);
    }
    if (rc == ERR_OK) {
        reply_json(rep, 200, page);
    }
    return rc;
}
