/*
 * The one handler of every declared command and of every declared query:
 * the path's parameters and the body (or the query string; a command
 * taking a file has its fields there and the file as its body) go to the
 * runner (record/command.h, record/query.h); the reply has the command's
 * status (200 for a dry run and for a query). A query declaring a table
 * answers as CSV or XLSX when asked (http/export.h).
 */
#include "http/api.h"

#include "core/alloc.h"
#include "http/export.h"

#include <stdio.h>
#include <string.h>

/* The context of a request: the node's database (the runner takes a
 * connection of it for its reads), the group commit its write joins, the
 * actor, the real clock and the language. */
static void request_ctx(const struct request *req, struct ctx *x)
{
    *x = (struct ctx){.store = req->store,
                      .group = req->group,
                      .who = &req->who,
                      .now_ms = utc_now_ms(),
                      .english = req->english};
}

enum err_code api_command(struct request *req, struct reply *rep, struct err *err)
{
    const struct command *cmd = req->route->command;
    struct ctx x;
    struct args a;
    json_t *result = NULL, *input = NULL;
    struct content_in file = {req->raw_body, req->raw_body_len};
    request_ctx(req, &x);
    if (cmd->file != NULL) {
        input = fields_from_query(cmd->fields, req->query);
    }
    enum err_code rc =
        command_args(cmd, req->params, req->n_params, input ? input : req->body, &a, err);
    a.file = &file;
    if (rc == ERR_OK) {
        rc = command_run(&x, cmd, &a, &result, err);
    }
    if (rc == ERR_OK) {
        bool dry =
            (cmd->flags & COMMAND_DRY_RUN) && json_is_true(json_object_get(result, "dry_run"));
        reply_json(rep, dry ? 200 : cmd->status, result);
    }
    json_decref(input);
    return rc;
}

/* The stored file a query's answer names (record/query.h, .file), as the
 * reply's bytes. */
static enum err_code send_file(const struct request *req,
                               const struct content_kind *kind,
                               const json_t *answer,
                               struct reply *rep,
                               struct err *err)
{
    const char *name = json_string_value(json_object_get(answer, "name"));
    const struct content_type *type =
        content_type_find(kind, json_string_value(json_object_get(answer, "media_type")));
    char *bytes = NULL;
    size_t len = 0;
    if (type == NULL || name == NULL) {
        return err_set(err, ERR_INTERNAL, NULL, "文件记录不完整",
                       "the file's record is incomplete");
    }
    enum err_code rc = content_load(
        req->store, kind, json_string_value(json_object_get(answer, "sha256")), &bytes, &len, err);
    /* The plain name for old readers: "file" and the name's extension. */
    const char *dot = strrchr(name, '.');
    char plain[16] = "file";
    if (dot != NULL && strlen(dot) < sizeof(plain) - 4) {
        snprintf(plain, sizeof(plain), "file%s", dot);
    }
    if (rc == ERR_OK &&
        !export_disposition(plain, name, rep->disposition, sizeof(rep->disposition))) {
        xfree(bytes);
        rc = err_set(err, ERR_INTERNAL, NULL, "文件名过长", "the file's name is too long");
    }
    if (rc == ERR_OK) {
        rep->raw = bytes;
        rep->raw_len = len;
        rep->content_type = type->media_type;
        rep->cache_control = "private, no-store";
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
    bool whole = rc == ERR_OK && export_whole_list(req, q, format, &a.page);
    if (rc == ERR_OK) {
        rc = query_run(&x, q, &a, &result, err);
    }
    if (rc == ERR_OK && whole) {
        rc = export_check_whole(result, err);
        if (rc != ERR_OK) {
            json_decref(result);
        }
    }
    if (rc == ERR_OK && q->file != NULL) {
        rc = send_file(req, q->file, result, rep, err);
        json_decref(result);
    } else if (rc == ERR_OK && format != EXPORT_JSON) {
        rc = export_reply(q->table, result, format, req->english, rep, err);
        json_decref(result);
    } else if (rc == ERR_OK) {
        reply_json(rep, 200, result);
    }
    return rc;
}
