/*
 * Entities: the query tables that events create, update and delete rows
 * of. One descriptor per table (its fields and its literal SQL) lets one
 * generic function apply "<entity>.created", ".updated" and ".deleted"
 * events, on the write path and in `probity rebuild` alike. The payload of
 * such an event is the full row (for .deleted, just {"id"}).
 */
#ifndef PROBITY_ENTITY_H
#define PROBITY_ENTITY_H

#include "record/event.h"

struct field;

struct entity_field {
    const char *name; /* column and payload key */
    char type;        /* 't' text, 'i' integer or 'j' a JSON value stored as its canonical
                         text (core/canon.h); any may be null */
};

struct entity {
    const char *name;                  /* event type prefix, e.g. "organization" */
    const char *table;                 /* its query table, e.g. "organizations" */
    bool text_id;                      /* id is a caller-given slug, not allocated */
    const struct entity_field *fields; /* every column but id, NULL-name terminated */
    const char *sql_insert;            /* INSERT (id, fields...) VALUES (?, ...) */
    const char *sql_delete;            /* DELETE WHERE id = ? */
    bool allocates_id; /* ids come from id_counters (never reused); false: the row brings its id */
    const char *sql_dump; /* SELECT id, fields... ORDER BY id (rebuild) */
    /* Child rows a ".created" or ".updated" event brings along (NULL:
     * none): each element of the payload's array children_key is applied
     * as a ".created" row of children (which brings its own id and parent
     * reference), so that one command that writes a parent and creates its
     * children records one event. */
    const char *children_key;
    const struct entity *children;
    const char *zh; /* what a row is, as an office names it, zh-CN ("执行任务") */
    const char *en; /* the same in English, a lower-case phrase ("execution task") */
    /* What the description says of columns that no command or query of
     * the entity takes as a field: a status its procedure sets, declared
     * as F_ENUM with its choices' labels (record/command.h;
     * F_END-terminated), or NULL. */
    const struct field *columns;
    /* Its sealed parts are read by nobody, whatever their role, until its
     * procedure publishes them (a bid before the bids are opened). */
    bool sealed_until_published;
};

/*
 * Declaring an entity once. Its columns but id are one X-macro of
 * X(name, TEXT | INT | JSON) rows, e.g.
 *
 *     #define TASK_ROW(X) X(agenda_item_id, INT) X(description, TEXT) ...
 *     ENTITY(task_entity, "task", "tasks", TASK_ROW, .allocates_id = true,
 *            .zh = "执行任务", .en = "execution task");
 *
 * which defines the descriptor with its fields and its SQL, all string
 * literals (values are bound, never spliced). ENTITY_COLUMNS(TASK_ROW) is
 * the column list "id, agenda_item_id, ..." for queries, and
 *
 *     #define TASK_READER(name, type) ENTITY_ACCESSOR(task, name, type)
 *     TASK_ROW(TASK_READER)
 *
 * defines typed readers of a row, task_description(row) and so on. The
 * migration stays the schema's source: a unit test checks every entity
 * against its table, and that it has its names in both languages (the
 * OpenAPI description and the log's pages show them).
 */
#define ENTITY_TYPE_TEXT          't'
#define ENTITY_TYPE_INT           'i'
#define ENTITY_TYPE_JSON          'j'
#define ENTITY_FIELD(name, type)  {#name, ENTITY_TYPE_##type},
#define ENTITY_COLUMN(name, type) ", " #name
#define ENTITY_HOLE(name, type)   ", ?"
#define ENTITY_COLUMNS(ROW)       "id" ROW(ENTITY_COLUMN)
#define ENTITY(var, ename, tname, ROW, ...)                                                        \
    static const struct entity_field var##_fields[] = {ROW(ENTITY_FIELD){NULL, 0}};                \
    const struct entity var = {                                                                    \
        .name = ename,                                                                             \
        .table = tname,                                                                            \
        .fields = var##_fields,                                                                    \
        .sql_insert =                                                                              \
            "INSERT INTO " tname " (" ENTITY_COLUMNS(ROW) ") VALUES (?" ROW(ENTITY_HOLE) ")",      \
        .sql_delete = "DELETE FROM " tname " WHERE id = ?",                                        \
        .sql_dump = "SELECT " ENTITY_COLUMNS(ROW) " FROM " tname " ORDER BY id",                   \
        __VA_ARGS__}

#define ENTITY_CTYPE_TEXT          const char *
#define ENTITY_CTYPE_INT           int64_t
#define ENTITY_CTYPE_JSON          const json_t *
#define ENTITY_READ_TEXT(row, key) json_string_value(json_object_get(row, key))
#define ENTITY_READ_INT(row, key)  ((int64_t)json_integer_value(json_object_get(row, key)))
#define ENTITY_READ_JSON(row, key) json_object_get(row, key)
/* prefix_name(row): the column's value (NULL, 0 or NULL when absent or
 * null). */
#define ENTITY_ACCESSOR(prefix, name, type)                                                        \
    MAYBE_UNUSED static inline ENTITY_CTYPE_##type prefix##_##name(const json_t *row)              \
    {                                                                                              \
        return ENTITY_READ_##type(row, #name);                                                     \
    }

/*
 * Records "<entity>.created" with row as payload (borrowed; when the
 * entity allocates ids, "id" is set in row first) and applies it. Call inside a
 * write transaction. *id_out (may be NULL) receives the new integer id.
 */
MUST_CHECK enum err_code entity_create(struct store_conn *c,
                                       const struct actor *who,
                                       const struct entity *ent,
                                       const char *township,
                                       json_t *row,
                                       struct event_ref *ref,
                                       struct err *err);
/*
 * As entity_create and entity_update, with the row's keys named in sealed
 * (NULL-terminated) that hold a value moved to a sealed part (sealed.h):
 * the record carries the rest of the row and the sealed part's digest; the
 * table gets the whole row. With none of them holding a value, a plain
 * record.
 */
MUST_CHECK enum err_code entity_create_sealed(struct store_conn *c,
                                              const struct actor *who,
                                              const struct entity *ent,
                                              const char *township,
                                              json_t *row,
                                              const char *const *sealed,
                                              struct event_ref *ref,
                                              struct err *err);
MUST_CHECK enum err_code entity_update_sealed(struct store_conn *c,
                                              const struct actor *who,
                                              const struct entity *ent,
                                              const char *township,
                                              const json_t *row,
                                              const char *const *sealed,
                                              struct event_ref *ref,
                                              struct err *err);
/* Records "<entity>.updated" with the full new row (including "id"). */
MUST_CHECK enum err_code entity_update(struct store_conn *c,
                                       const struct actor *who,
                                       const struct entity *ent,
                                       const char *township,
                                       const json_t *row,
                                       struct event_ref *ref,
                                       struct err *err);
/* Records "<entity>.deleted" with payload {"id": id}. */
MUST_CHECK enum err_code entity_delete(struct store_conn *c,
                                       const struct actor *who,
                                       const struct entity *ent,
                                       const char *township,
                                       const json_t *id,
                                       struct event_ref *ref,
                                       struct err *err);
/* Applies one entity event (action "created", "updated" or "deleted"). */
MUST_CHECK enum err_code entity_apply(struct store_conn *c,
                                      const struct entity *ent,
                                      const char *action,
                                      const json_t *payload,
                                      struct err *err);
/*
 * The next id of an entity that allocates ids (one more than the last
 * given out, never reused), for a row or child row about to be created in
 * the caller's write transaction; entity_create uses it for the row itself.
 */
MUST_CHECK enum err_code
entity_next_id(struct store_conn *c, const struct entity *ent, int64_t *out, struct err *err);
/* Finds the entity whose event types start with name (up to the '.'). */
const struct entity *entity_find(const char *name, size_t len);
/*
 * The entity's UPDATE: "UPDATE table SET field = ?, … WHERE id = ?", made
 * once and kept for the process's life. The SET list leaves id out (but
 * for a table of id alone, which sets id = id): on SQLite, naming the key
 * there, even as "id = id", makes every update look for the rows of
 * other tables that refer to the row, a scan where those references have
 * no index.
 */
const char *entity_update_sql(const struct entity *ent);

#endif
