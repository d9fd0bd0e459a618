/*
 * The one handler of every declared command and of every declared query:
 * the path's parameters and the body (or the query string) go to the
 * runner (record/command.h, record/query.h); the reply has the command's
 * status (200 for a dry run and for a query). A query declaring a table
 * answers as CSV or XLSX when asked (http/export.h).
 */
#include "http/api.h"

#include "http/export.h"

/* The context of a request: the node's database (the runner takes a
 * connection of it for the transaction), the actor, the real clock and the
 * language. */
static void request_ctx(const struct request *req, struct ctx *x)
{
    *x = (struct ctx){
        .store = req->store, .who = &req->who, .now_ms = utc_now_ms(), .english = req->english};
}

enum err_code api_command(struct request *req, struct reply *rep, struct err *err)
{
    const struct command *cmd = req->route->command;
    struct ctx x;
    struct args a;
    json_t *result = NULL;
    request_ctx(req, &x);
    enum err_code rc = command_args(cmd, req->params, req->n_params, req->body, &a, err);
    if (rc == ERR_OK) {
        rc = command_run(&x, cmd, &a, &result, err);
    }
    if (rc == ERR_OK) {
        bool dry =
            (cmd->flags & COMMAND_DRY_RUN) && json_is_true(json_object_get(result, "dry_run"));
        reply_json(rep, dry ? 200 : cmd->status, result);
    }
    return rc;
}

enum err_code api_query(struct request *req, struct reply *rep, struct err *err)
{
    const struct query *q = req->route->query;
    struct ctx x;
    struct args a = {.query = q};
    json_t *result = NULL;
    enum export_format format = EXPORT_JSON;
    request_ctx(req, &x);
    enum err_code rc = export_format_of(req, q, &format, err);
    if (rc == ERR_OK) {
        rc = args_path(q->path, q->flags, req->params, req->n_params, &a, err);
    }
    if (rc == ERR_OK) {
        rc = query_params(q, req->query, &a, err);
    }
    if (rc == ERR_OK) {
        rc = query_run(&x, q, &a, &result, err);
    }
    if (rc == ERR_OK && format != EXPORT_JSON) {
        rc = export_reply(q->table, result, format, req->english, rep, err);
        json_decref(result);
    } else if (rc == ERR_OK) {
        reply_json(rep, 200, result);
    }
    return rc;
}
