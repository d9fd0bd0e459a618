/*
 * The helpers the collective-decision handlers share (api_decision.h):
 * the domain context of a request, list queries, and the few shapes of
 * handler that call the domain and reply.
 */
#include "http/api_decision.h"

void api_decision_ctx(const struct request *req, struct ctx *x)
{
    *x = (struct ctx){.c = req->db,
                      .who = &req->who,
                      .now_ms = utc_now_ms(),
                      .english = req->english,
                      .cache = NULL};
}

enum err_code api_decision_page(const struct request *req, struct page_query *q, struct err *err)
{
    *q = (struct page_query){0};
    q->status = request_query(req, "status");
    q->from = request_query(req, "from");
    q->to = request_query(req, "to");
    return request_page(req, &q->limit, &q->offset, err);
}

enum err_code api_decision_id(const struct request *req, int64_t *id, struct err *err)
{
    return id_parse(req->n_params > 0 ? req->params[req->n_params - 1] : NULL, id, err);
}

enum err_code
api_decision_get_id(struct request *req, struct reply *rep, struct err *err, api_id_read fn)
{
    struct ctx x;
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
    struct ctx x;
    struct page_query q;
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
