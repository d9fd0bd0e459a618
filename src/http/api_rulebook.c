/*
 * The rulebook's read (GET /rulebook); its change is a declared command
 * (api_command.c). See docs/decisions.md.
 */
#include "http/api_decision.h"

#include "areas/rulebook/rulebooks.h"

enum err_code api_rulebook_get(struct request *req, struct reply *rep, struct err *err)
{
    struct ctx x;
    json_t *out = NULL;
    api_decision_ctx(req, &x);
    enum err_code rc = rulebooks_get(&x, request_query(req, "township"), &out, err);
    if (rc == ERR_OK) {
        reply_json(rep, 200, out);
    }
    return rc;
}
