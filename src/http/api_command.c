/*
 * The one handler of every declared command: the path's parameters and
 * the body go to the command runner (record/command.h); the reply has the
 * command's status (200 for a dry run).
 */
#include "http/api_decision.h"

enum err_code api_command(struct request *req, struct reply *rep, struct err *err)
{
    const struct command *cmd = req->route->command;
    struct ctx x;
    struct args a;
    json_t *result = NULL;
    api_decision_ctx(req, &x);
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
