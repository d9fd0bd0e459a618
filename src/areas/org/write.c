/*
 * The one runner for creating, changing and deleting objects of the
 * organisation model: find the township, check the policy, read and check
 * the fields, record the event, commit. See kinds.c for what differs.
 */
#include "areas/org/kinds.h"

#include "core/input.h"

#include <string.h>

/* Reads one input field into row; absent fields keep the old value on
 * update and become null (or stay missing, for required ones) on create. */
static enum err_code
fill_field(struct org_cmd *x, const struct org_field *f, json_t *row, struct err *err)
{
    bool creating = x->old == NULL;
    if (f->type == 's' && creating) {
        return ERR_OK; /* slugs are taken by resolve */
    }
    if (!input_has(x->input, f->name)) {
        if (!creating) {
            json_object_set(row, f->name, json_object_get(x->old, f->name));
            return ERR_OK;
        }
        if (f->flags & INPUT_REQUIRED) {
            return err_set(err, ERR_INVALID, f->name, "缺少必填字段“%s”",
                           "missing required field '%s'", f->name);
        }
        if (json_object_get(row, f->name) == NULL) {
            json_object_set_new(row, f->name, json_null());
        }
        return ERR_OK;
    }
    if (!creating && f->fixed) {
        json_t *old = json_object_get(x->old, f->name);
        if (!json_equal(old, json_object_get(x->input, f->name))) {
            return err_set(err, ERR_INVALID, f->name, "字段“%s”创建后不能修改",
                           "field '%s' cannot be changed after creation", f->name);
        }
        if (f->type == 's') {
            return ERR_OK; /* the same slug: nothing to read */
        }
    }
    const char *text = NULL;
    int64_t n = 0;
    enum err_code rc = ERR_OK;
    json_t *value = NULL;
    switch (f->type) {
    case 't':
        rc = input_text(x->input, f->name, f->flags, (size_t)f->max, &text, err);
        value = text ? json_string(text) : json_null();
        break;
    case 'e':
        rc = input_enum(x->input, f->name, f->flags, f->values, &text, err);
        value = text ? json_string(text) : json_null();
        break;
    case 'd':
        rc = input_date(x->input, f->name, f->flags, &text, err);
        value = text ? json_string(text) : json_null();
        break;
    case 'i':
        if (json_is_null(json_object_get(x->input, f->name)) && (f->flags & INPUT_NULLABLE)) {
            value = json_null();
            break;
        }
        rc = input_int(x->input, f->name, f->flags | INPUT_REQUIRED, 1, f->max, &n, err);
        value = json_integer(n);
        break;
    default:
        rc = err_set(err, ERR_INTERNAL, f->name, NULL, NULL);
        break;
    }
    if (rc == ERR_OK) {
        json_object_set_new(row, f->name, value);
    } else {
        json_decref(value);
    }
    return rc;
}

/* Refuses input keys that are not fields of the kind. */
static enum err_code
only_known(const struct org_kind_ops *ops, const json_t *input, struct err *err)
{
    const char *names[16];
    size_t n = 0;
    for (size_t i = 0; ops->fields[i].name != NULL && n + 1 < ARRAY_SIZE(names); i++) {
        names[n++] = ops->fields[i].name;
    }
    names[n] = NULL;
    return input_only(input, names, err);
}

enum op { OP_CREATE, OP_UPDATE, OP_DELETE };

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
        *result = json_pack("{so, so}", "item", item, "event", event_ref_json(ref));
    }
    return rc;
}

static enum err_code run(struct store_conn *c,
                         const struct actor *who,
                         enum org_kind kind,
                         enum op op,
                         const char *target,
                         const json_t *input,
                         json_t **result,
                         struct err *err)
{
    const struct org_kind_ops *ops = &org_kinds[kind];
    struct org_cmd x = {.c = c, .who = who, .input = input};
    json_t *old = NULL;
    json_t *row = json_object();
    struct event_ref ref;
    enum err_code rc = store_begin_write(c, err);
    if (rc != ERR_OK) {
        json_decref(row);
        return rc;
    }
    if (op == OP_CREATE) {
        x.parent = target;
        rc = ops->resolve(&x, row, err);
    } else {
        rc = org_load_row(c, kind, target, &old, err);
        x.old = old;
        if (rc == ERR_OK) {
            json_object_update(row, old);
            rc = org_row_township(&x, kind, old, &x.township, err);
        }
    }
    if (rc == ERR_OK) {
        rc = policy_check(who, ops->cap, x.township, err);
    }
    if (rc == ERR_OK && op != OP_DELETE) {
        rc = only_known(ops, input, err);
        for (size_t i = 0; rc == ERR_OK && ops->fields[i].name != NULL; i++) {
            rc = fill_field(&x, &ops->fields[i], row, err);
        }
        if (rc == ERR_OK && json_is_null(json_object_get(row, "seats"))) {
            json_object_set_new(row, "seats", json_integer(1));
        }
        if (rc == ERR_OK && ops->check != NULL) {
            rc = ops->check(&x, row, err);
        }
    }
    if (rc == ERR_OK && op == OP_DELETE && ops->may_delete != NULL) {
        rc = ops->may_delete(&x, err);
    }
    if (rc == ERR_OK) {
        switch (op) {
        case OP_CREATE:
            rc = entity_create(c, who, ops->ent, x.township, row, &ref, err);
            break;
        case OP_UPDATE:
            rc = entity_update(c, who, ops->ent, x.township, row, &ref, err);
            break;
        case OP_DELETE:
            rc = entity_delete(c, who, ops->ent, x.township, json_object_get(row, "id"), &ref, err);
            break;
        }
    }
    if (rc == ERR_OK) {
        rc = answer(&x, kind, op == OP_DELETE, row, &ref, result, err);
    }
    if (rc == ERR_OK) {
        rc = store_commit(c, err);
        if (rc != ERR_OK) {
            json_decref(*result);
            *result = NULL;
        }
    } else {
        store_rollback(c);
    }
    json_decref(old);
    json_decref(row);
    json_decref(x.hold);
    return rc;
}

enum err_code org_create(struct store_conn *c,
                         const struct actor *who,
                         enum org_kind kind,
                         const char *parent,
                         const json_t *input,
                         json_t **result,
                         struct err *err)
{
    return run(c, who, kind, OP_CREATE, parent, input, result, err);
}

enum err_code org_update(struct store_conn *c,
                         const struct actor *who,
                         enum org_kind kind,
                         const char *id,
                         const json_t *input,
                         json_t **result,
                         struct err *err)
{
    return run(c, who, kind, OP_UPDATE, id, input, result, err);
}

enum err_code org_delete(struct store_conn *c,
                         const struct actor *who,
                         enum org_kind kind,
                         const char *id,
                         json_t **result,
                         struct err *err)
{
    return run(c, who, kind, OP_DELETE, id, NULL, result, err);
}
