/*
 * The one body of the organisation model's commands: find the township,
 * check the policy, take the declared fields into the row, check the
 * model's rules, record the event. See kinds.c for what differs between
 * kinds, commands.c for the commands.
 */
#include "areas/org/kinds.h"

#include <string.h>

/* Takes one checked input field into row: absent fields keep the old
 * value on update and become null on create; a field given at creation
 * only must not change. */
static enum err_code
fill_field(struct org_cmd *x, const struct field *f, json_t *row, struct err *err)
{
    bool creating = x->old == NULL;
    const json_t *given = json_object_get(x->a->input, f->name);
    if (f->type == FIELD_SLUG && creating) {
        return ERR_OK; /* slugs are taken by resolve */
    }
    if (given == NULL) {
        if (!creating) {
            json_object_set(row, f->name, json_object_get(x->old, f->name));
        } else if (json_object_get(row, f->name) == NULL) {
            json_object_set_new(row, f->name, json_null());
        }
        return ERR_OK;
    }
    if (!creating && (f->flags & FIELD_FIXED) &&
        !json_equal(json_object_get(x->old, f->name), given)) {
        return err_set(err, ERR_INVALID, f->name, "字段“%s”创建后不能修改",
                       "field '%s' cannot be changed after creation", f->name);
    }
    json_object_set(row, f->name, (json_t *)given);
    return ERR_OK;
}

/* Reads the answer back as the API shows it, with the event. */
static enum err_code answer(struct org_cmd *x,
                            enum org_kind kind,
                            bool deleted,
                            const json_t *row,
                            const struct event_ref *ref,
                            json_t **result,
                            struct err *err)
{
    json_t *item = NULL;
    enum err_code rc = ERR_OK;
    const json_t *id = json_object_get(row, "id");
    if (deleted) {
        item = json_pack("{sO}", "id", (json_t *)id);
    } else {
        char text[32];
        const char *id_text = json_string_value(id);
        if (id_text == NULL) {
            snprintf(text, sizeof(text), "%lld", (long long)json_integer_value(id));
            id_text = text;
        }
        rc = org_get(x->c, kind, id_text, &item, err);
    }
    if (rc == ERR_OK) {
        *result = command_answer(item, ref);
    }
    return rc;
}

enum err_code
org_write(const struct ctx *ctx, const struct args *a, json_t **result, struct err *err)
{
    enum org_kind kind = (enum org_kind)a->cmd->arg;
    const struct org_kind_ops *ops = &org_kinds[kind];
    bool creating = strcmp(a->cmd->method, "POST") == 0;
    bool deleting = strcmp(a->cmd->method, "DELETE") == 0;
    struct org_cmd x = {.c = ctx->c, .who = ctx->who, .a = a};
    json_t *old = NULL;
    json_t *row = json_object();
    struct event_ref ref;
    enum err_code rc;
    if (creating) {
        x.parent = a->key;
        rc = ops->resolve(&x, row, err);
    } else {
        rc = org_load_row(x.c, kind, a->key, &old, err);
        x.old = old;
        if (rc == ERR_OK) {
            json_object_update(row, old);
            rc = org_row_township(&x, kind, old, &x.township, err);
        }
    }
    if (rc == ERR_OK) {
        rc = policy_check(x.who, ops->cap, x.township, err);
    }
    for (size_t i = 0; rc == ERR_OK && !deleting && ops->fields[i].name != NULL; i++) {
        rc = fill_field(&x, &ops->fields[i], row, err);
    }
    if (rc == ERR_OK && !deleting && json_is_null(json_object_get(row, "seats"))) {
        json_object_set_new(row, "seats", json_integer(1));
    }
    if (rc == ERR_OK && !deleting && ops->check != NULL) {
        rc = ops->check(&x, row, err);
    }
    if (rc == ERR_OK && deleting && ops->may_delete != NULL) {
        rc = ops->may_delete(&x, err);
    }
    if (rc == ERR_OK && creating) {
        rc = entity_create(x.c, x.who, ops->ent, x.township, row, &ref, err);
    } else if (rc == ERR_OK && deleting) {
        rc = entity_delete(x.c, x.who, ops->ent, x.township, json_object_get(row, "id"), &ref, err);
    } else if (rc == ERR_OK) {
        rc = entity_update(x.c, x.who, ops->ent, x.township, row, &ref, err);
    }
    if (rc == ERR_OK) {
        rc = answer(&x, kind, deleting, row, &ref, result, err);
    }
    json_decref(old);
    json_decref(row);
    json_decref(x.hold);
    return rc;
}
