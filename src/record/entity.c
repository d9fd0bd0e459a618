/*
 * Generic application of entity events to the query tables. See entity.h.
 */
#include "record/entity.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/canon.h"
#include "core/diag.h"
#include "record/area.h"
#include "record/sealed.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

const struct entity *entity_find(const char *name, size_t len)
{
    size_t i = 0;
    for (const struct entity *e = area_entity_next(&i); e != NULL; e = area_entity_next(&i)) {
        if (strlen(e->name) == len && memcmp(e->name, name, len) == 0) {
            return e;
        }
    }
    return NULL;
}

/* The UPDATE statements made so far, one per entity. */
enum { UPDATES_MAX = 128 };
static struct {
    const struct entity *ent;
    char *sql;
} updates[UPDATES_MAX];
static size_t n_updates;
static pthread_mutex_t updates_lock = PTHREAD_MUTEX_INITIALIZER;

const char *entity_update_sql(const struct entity *ent)
{
    const char *sql = NULL;
    pthread_mutex_lock(&updates_lock);
    for (size_t i = 0; sql == NULL && i < n_updates; i++) {
        sql = updates[i].ent == ent ? updates[i].sql : NULL;
    }
    if (sql == NULL) {
        struct buf b;
        buf_init(&b, 64 * 1024);
        enum err_code rc = buf_appendf(&b, "UPDATE %s SET ", ent->table);
        for (size_t k = 0; rc == ERR_OK && ent->fields[k].name != NULL; k++) {
            rc = buf_appendf(&b, "%s%s = ?", k > 0 ? ", " : "", ent->fields[k].name);
        }
        if (rc == ERR_OK) {
            /* A row of id alone has nothing to set but must be there. */
            rc = buf_appendf(&b, "%s WHERE id = ?", ent->fields[0].name == NULL ? "id = id" : "");
        }
        if (rc != ERR_OK || n_updates == UPDATES_MAX) {
            diag_fatal("entity %s: its UPDATE could not be kept", ent->name);
        }
        updates[n_updates].ent = ent;
        updates[n_updates].sql = xstrdup(b.data);
        sql = updates[n_updates++].sql;
        buf_clear(&b);
    }
    pthread_mutex_unlock(&updates_lock);
    return sql;
}

/* Binds one payload value at idx according to the field type. */
static enum err_code bind_value(
    struct store_stmt *s, int idx, const char *name, char type, const json_t *v, struct err *err)
{
    if (v == NULL || json_is_null(v)) {
        store_bind_null(s, idx);
        return ERR_OK;
    }
    if (type == 'i' && json_is_integer(v)) {
        store_bind_int(s, idx, (int64_t)json_integer_value(v));
        return ERR_OK;
    }
    if (type == 't' && json_is_string(v)) {
        store_bind_text(s, idx, json_string_value(v));
        return ERR_OK;
    }
    if (type == 'j') {
        /* A JSON column holds the value's canonical text, so that a replay
         * writes the same bytes. */
        struct buf text;
        buf_init(&text, EVENT_MAX_BYTES);
        enum err_code rc = canon_encode(v, &text, err);
        if (rc == ERR_OK) {
            store_bind_text(s, idx, text.data);
        }
        buf_clear(&text);
        return rc;
    }
    return err_set(err, ERR_INTEGRITY, name, "事件字段“%s”类型不符",
                   "event field '%s' has the wrong type", name);
}

/* Runs sql with the id bound first (insert), last (update) or alone. */
static enum err_code run_with_row(struct store_conn *c,
                                  const struct entity *ent,
                                  const char *sql,
                                  const json_t *payload,
                                  bool id_first,
                                  bool with_fields,
                                  struct err *err)
{
    struct store_stmt *s = NULL;
    enum err_code rc = store_prepare(c, sql, &s, err);
    if (rc != ERR_OK) {
        return rc;
    }
    int idx = 1;
    const json_t *id = json_object_get(payload, "id");
    char id_type = ent->text_id ? 't' : 'i';
    if (id == NULL || json_is_null(id)) {
        rc = err_set(err, ERR_INTEGRITY, "id", "事件缺少 id", "the event has no id");
    }
    if (rc == ERR_OK && id_first) {
        rc = bind_value(s, idx++, "id", id_type, id, err);
    }
    for (size_t i = 0; with_fields && rc == ERR_OK && ent->fields[i].name != NULL; i++) {
        const struct entity_field *f = &ent->fields[i];
        rc = bind_value(s, idx++, f->name, f->type, json_object_get(payload, f->name), err);
    }
    if (rc == ERR_OK && !id_first) {
        rc = bind_value(s, idx++, "id", id_type, id, err);
    }
    if (rc == ERR_OK && store_step(s, err) == STORE_ERROR) {
        rc = err->code;
    }
    if (rc == ERR_OK && store_changes(c) != 1) {
        rc = err_set(err, ERR_INTEGRITY, "id", "事件指向不存在的记录",
                     "the event refers to a row that does not exist");
    }
    store_done(s);
    return rc;
}

/* Creates the child rows a ".created" or ".updated" payload brings. */
static enum err_code apply_children(struct store_conn *c,
                                    const struct entity *ent,
                                    const json_t *payload,
                                    struct err *err)
{
    const json_t *children = ent->children_key ? json_object_get(payload, ent->children_key) : NULL;
    enum err_code rc = ERR_OK;
    for (size_t i = 0; rc == ERR_OK && i < json_array_size(children); i++) {
        rc = entity_apply(c, ent->children, "created", json_array_get(children, i), err);
    }
    return rc;
}

enum err_code entity_apply(struct store_conn *c,
                           const struct entity *ent,
                           const char *action,
                           const json_t *payload,
                           struct err *err)
{
    if (strcmp(action, "created") == 0) {
        enum err_code rc = run_with_row(c, ent, ent->sql_insert, payload, true, true, err);
        if (rc == ERR_OK) {
            rc = apply_children(c, ent, payload, err);
        }
        if (rc == ERR_OK && ent->allocates_id) {
            /* The counter is part of the projection: a replay rebuilds it. */
            rc = store_exec(c, err,
                            "INSERT INTO id_counters (entity, last) VALUES (?, ?)"
                            " ON CONFLICT (entity) DO UPDATE SET last = CASE"
                            " WHEN excluded.last > id_counters.last THEN excluded.last"
                            " ELSE id_counters.last END",
                            "ti", ent->name,
                            (int64_t)json_integer_value(json_object_get(payload, "id")));
        }
        return rc;
    }
    if (strcmp(action, "updated") == 0) {
        enum err_code rc = run_with_row(c, ent, entity_update_sql(ent), payload, false, true, err);
        return rc == ERR_OK ? apply_children(c, ent, payload, err) : rc;
    }
    if (strcmp(action, "deleted") == 0) {
        return run_with_row(c, ent, ent->sql_delete, payload, false, false, err);
    }
    return err_set(err, ERR_INTEGRITY, NULL, "未知的事件动作“%s”", "unknown event action '%s'",
                   action);
}

/* Records "<entity>.<action>" with payload. */
static enum err_code record(struct store_conn *c,
                            const struct actor *who,
                            const struct entity *ent,
                            const char *action,
                            const char *township,
                            const json_t *payload,
                            struct event_ref *ref,
                            struct err *err)
{
    char type[64];
    snprintf(type, sizeof(type), "%s.%s", ent->name, action);
    return event_record(c, who, township, type, payload, ref, err);
}

enum err_code
entity_next_id(struct store_conn *c, const struct entity *ent, int64_t *out, struct err *err)
{
    return store_query_int(
        c, out, NULL, err,
        "SELECT COALESCE((SELECT last FROM id_counters WHERE entity = ?), 0) + 1", "t", ent->name);
}

/* Sets row's "id" from the entity's counter when the entity allocates ids. */
static enum err_code
allocate_id(struct store_conn *c, const struct entity *ent, json_t *row, struct err *err)
{
    if (!ent->allocates_id) {
        return ERR_OK;
    }
    int64_t id = 0;
    enum err_code rc = entity_next_id(c, ent, &id, err);
    if (rc == ERR_OK) {
        json_object_set_new(row, "id", json_integer(id));
    }
    return rc;
}

/* Records "<entity>.<action>" with row, its keys in sealed that hold a
 * value as a sealed part. */
static enum err_code record_sealed(struct store_conn *c,
                                   const struct actor *who,
                                   const struct entity *ent,
                                   const char *action,
                                   const char *township,
                                   const json_t *row,
                                   const char *const *sealed,
                                   struct event_ref *ref,
                                   struct err *err)
{
    json_t *payload = json_copy((json_t *)row), *part = json_object();
    for (size_t i = 0; sealed[i] != NULL; i++) {
        json_t *v = json_object_get(payload, sealed[i]);
        if (v != NULL && !json_is_null(v)) {
            json_object_set(part, sealed[i], v);
            json_object_del(payload, sealed[i]);
        }
    }
    char type[64];
    snprintf(type, sizeof(type), "%s.%s", ent->name, action);
    enum err_code rc = json_object_size(part) > 0
                           ? sealed_record(c, who, township, type, payload, part, ref, err)
                           : event_record(c, who, township, type, payload, ref, err);
    json_decref(payload);
    json_decref(part);
    return rc;
}

enum err_code entity_create_sealed(struct store_conn *c,
                                   const struct actor *who,
                                   const struct entity *ent,
                                   const char *township,
                                   json_t *row,
                                   const char *const *sealed,
                                   struct event_ref *ref,
                                   struct err *err)
{
    enum err_code rc = allocate_id(c, ent, row, err);
    return rc == ERR_OK ? record_sealed(c, who, ent, "created", township, row, sealed, ref, err)
                        : rc;
}

enum err_code entity_update_sealed(struct store_conn *c,
                                   const struct actor *who,
                                   const struct entity *ent,
                                   const char *township,
                                   const json_t *row,
                                   const char *const *sealed,
                                   struct event_ref *ref,
                                   struct err *err)
{
    return record_sealed(c, who, ent, "updated", township, row, sealed, ref, err);
}

enum err_code entity_create(struct store_conn *c,
                            const struct actor *who,
                            const struct entity *ent,
                            const char *township,
                            json_t *row,
                            struct event_ref *ref,
                            struct err *err)
{
    enum err_code rc = allocate_id(c, ent, row, err);
    if (rc != ERR_OK) {
        return rc;
    }
    return record(c, who, ent, "created", township, row, ref, err);
}

enum err_code entity_update(struct store_conn *c,
                            const struct actor *who,
                            const struct entity *ent,
                            const char *township,
                            const json_t *row,
                            struct event_ref *ref,
                            struct err *err)
{
    return record(c, who, ent, "updated", township, row, ref, err);
}

enum err_code entity_delete(struct store_conn *c,
                            const struct actor *who,
                            const struct entity *ent,
                            const char *township,
                            const json_t *id,
                            struct event_ref *ref,
                            struct err *err)
{
    json_t *payload = json_pack("{sO}", "id", (json_t *)id);
    enum err_code rc = record(c, who, ent, "deleted", township, payload, ref, err);
    json_decref(payload);
    return rc;
}
