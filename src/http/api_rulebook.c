/*
 * Handlers for the rulebook (GET and POST /rulebook). See
 * docs/decisions.md.
 */
#include "http/api_decision.h"

#include "areas/rulebook/rulebooks.h"

enum err_code api_rulebook_get(struct request *req, struct reply *rep, struct err *err)
{
    struct decision_ctx x;
    json_t *out = NULL;
    api_decision_ctx(req, &x);
    enum err_code rc = rulebooks_get(&x, request_query(req, "township"), &out, err);
    if (rc == ERR_OK) {
        reply_json(rep, 200, out);
    }
    return rc;
}

enum err_code api_rulebook_create(struct request *req, struct reply *rep, struct err *err)
{
    struct decision_ctx x;
    json_t *out = NULL;
    json_t *empty = req->body ? NULL : json_object();
    bool wrote = false;
    api_decision_ctx(req, &x);
    enum err_code rc = rulebooks_create(&x, req->body ? req->body : empty, &out, &wrote, err);
    if (rc == ERR_OK) {
        /* A dry run creates nothing. */
        reply_json(rep, wrote ? 201 : 200, out);
    }
    json_decref(empty);
    return rc;
}
