/*
 * The one command runner: arguments from the path, the input checked
 * against the declaration, one write transaction around the body.
 * See command.h.
 */
#include "record/command.h"

#include "record/group.h"

#include "core/page.h"
#include "record/query.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

void ctx_now_text(const struct ctx *x, char out[UTC_TEXT_MAX])
{
    utc_format(x->now_ms, out);
}

enum err_code args_path(const char *path,
                        unsigned flags,
                        const char *const *params,
                        int n_params,
                        struct args *a,
                        struct err *err)
{
    int i = 0;
    for (const char *p = strchr(path, '{'); p != NULL && i < n_params;
         p = strchr(p + 1, '{'), i++) {
        if (strncmp(p, "{tid}", 5) == 0) {
            a->township = params[i];
        }
        if (i == n_params - 1) {
            a->key = params[i];
            if (strncmp(p, "{id}", 4) == 0 && !(flags & COMMAND_TEXT_ID)) {
                return id_parse(params[i], &a->id, err);
            }
        }
    }
    return ERR_OK;
}

enum err_code command_args(const struct command *cmd,
                           const char *const *params,
                           int n_params,
                           const json_t *input,
                           struct args *a,
                           struct err *err)
{
    *a = (struct args){.cmd = cmd, .input = input};
    return args_path(cmd->path, cmd->flags, params, n_params, a, err);
}

/* The body of a command as a write. */
struct command_write {
    const struct ctx *x; /* for a read before the write (store_file) */
    const struct command *cmd;
    struct args *a;
    json_t *answer;
    char township[64];
};

/* The township the command acts on, and whether the actor may act there.
 * The township's text is kept in w->township. */
static enum err_code authorize(const struct ctx *x, struct command_write *w, struct err *err)
{
    const struct command *cmd = w->cmd;
    struct args *a = w->a;
    json_t *row = NULL;
    enum err_code rc = ERR_OK;
    if (cmd->scope != NULL) {
        rc = store_query_row(x->c, &row, err, cmd->scope, "i", a->id);
        if (rc == ERR_OK && row == NULL) {
            return err_set(err, ERR_NOT_FOUND, "id", NULL, NULL);
        }
        const char *key = NULL;
        json_t *value = NULL;
        json_object_foreach(row, key, value)
        {
            snprintf(w->township, sizeof(w->township), "%s", json_string_value(value));
            break;
        }
        json_decref(row);
        a->township = w->township;
    } else if (a->township != NULL) {
        bool found = false;
        int64_t one = 0;
        rc = store_query_int(x->c, &one, &found, err, "SELECT 1 FROM townships WHERE id = ?", "t",
                             a->township);
        if (rc == ERR_OK && !found) {
            return err_set(err, ERR_NOT_FOUND, NULL, "乡镇不存在", "no such township");
        }
    } else {
        return rc; /* the body decides */
    }
    return rc == ERR_OK ? policy_check(x->who, cmd->cap, a->township, err) : rc;
}

static enum err_code run_body(const struct ctx *x, void *arg, struct err *err)
{
    struct command_write *w = arg;
    enum err_code rc = authorize(x, w, err);
    if (rc == ERR_OK && w->cmd->fields != NULL && w->cmd->prepare == NULL && w->cmd->file == NULL) {
        rc = fields_check(w->cmd->fields, w->a->input, strcmp(w->cmd->method, "PATCH") == 0, err);
    }
    return rc == ERR_OK ? w->cmd->run(x, w->a, &w->answer, err) : rc;
}

/* authorize as a read of its own. */
static enum err_code authorize_read(struct store_conn *c, void *arg, struct err *err)
{
    struct command_write *w = arg;
    const struct ctx *x = w->x;
    struct ctx own = *x;
    own.c = c;
    return authorize(&own, w, err);
}

/* A command's file: stored once the actor may act where it goes (so that
 * nobody fills the file store with files refused anyway), before the
 * write transaction (so that the write lock is not held while it is
 * written and flushed). */
static enum err_code store_file(const struct ctx *x,
                                struct command_write *w,
                                struct content_stored *out,
                                struct err *err)
{
    struct store_conn *c = x->c ? x->c : store_acquire(x->store);
    w->x = x;
    enum err_code rc = store_read(c, authorize_read, w, err);
    if (rc == ERR_OK && w->cmd->fields != NULL) {
        rc = fields_check(w->cmd->fields, w->a->input, false, err);
    }
    if (rc == ERR_OK) {
        rc = content_store(store_of(c), w->cmd->file, w->a->file, out, err);
        w->a->stored = out;
    }
    if (x->c == NULL) {
        store_release(c);
    }
    return rc;
}

/* A write of ctx_write's as the store runs it. */
struct ctx_write_call {
    const struct ctx *x;
    write_fn fn;
    void *arg;
};

static enum err_code ctx_write_body(struct store_conn *c, void *arg, struct err *err)
{
    (void)c; /* the same as call->x->c */
    struct ctx_write_call *call = arg;
    return call->fn(call->x, call->arg, err);
}

enum err_code ctx_write(const struct ctx *x, write_fn fn, void *arg, struct err *err)
{
    if (x->c == NULL && x->group != NULL) {
        return group_write(x->group, x, fn, arg, err);
    }
    struct ctx own = *x;
    if (own.c == NULL) {
        assert(own.store != NULL);
        own.c = store_acquire(own.store);
    }
    struct ctx_write_call call = {&own, fn, arg};
    enum err_code rc = store_write(own.c, ctx_write_body, &call, err);
    if (x->c == NULL) {
        store_release(own.c);
    }
    return rc;
}

enum err_code command_run(const struct ctx *x,
                          const struct command *cmd,
                          const struct args *a,
                          json_t **result,
                          struct err *err)
{
    json_t *empty = NULL;
    struct args checked = *a;
    checked.cmd = cmd;
    if (checked.input == NULL) {
        checked.input = empty = json_object();
    }
    struct command_write w = {x, cmd, &checked, NULL, ""};
    struct content_stored stored;
    enum err_code rc = ERR_OK;
    if (cmd->file != NULL) {
        rc = store_file(x, &w, &stored, err);
    } else if (cmd->prepare != NULL) {
        if (cmd->fields != NULL) {
            rc = fields_check(cmd->fields, checked.input, strcmp(cmd->method, "PATCH") == 0, err);
        }
        if (rc == ERR_OK) {
            rc = cmd->prepare(x, &checked, err);
        }
    }
    if (rc == ERR_OK) {
        rc = ctx_write(x, run_body, &w, err);
    }
    if (checked.prepared != NULL) {
        cmd->release(checked.prepared);
    }
    if (rc == ERR_OK) {
        *result = w.answer;
    } else {
        json_decref(w.answer);
    }
    json_decref(empty);
    return rc;
}

json_t *command_answer(json_t *item, const struct event_ref *ref)
{
    return json_pack("{so, so}", "item", item, "event", event_ref_json(ref));
}

/* The input's value of a field the command declares. */
static const json_t *declared(const struct args *a, const char *name)
{
    assert(a->cmd == NULL || a->cmd->fields == NULL || fields_find(a->cmd->fields, name) != NULL);
    assert(a->query == NULL || a->query->params == NULL ||
           fields_find(a->query->params, name) != NULL);
    return json_object_get(a->input, name);
}

const char *args_text(const struct args *a, const char *name)
{
    return json_string_value(declared(a, name));
}

int64_t args_int(const struct args *a, const char *name)
{
    return (int64_t)json_integer_value(declared(a, name));
}

bool args_has(const struct args *a, const char *name)
{
    return declared(a, name) != NULL;
}

const json_t *args_json(const struct args *a, const char *name)
{
    return declared(a, name);
}
