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

struct entity_field {
    const char *name; /* column and payload key */
    char type;        /* 't' text, 'i' integer or 'j' a JSON value stored as its canonical
                         text (core/canon.h); any may be null */
};

struct entity {
    const char *name;                  /* event type prefix, e.g. "organization" */
    bool text_id;                      /* id is a caller-given slug, not allocated */
    const struct entity_field *fields; /* every column but id, NULL-name terminated */
    const char *sql_insert;            /* INSERT (id, fields...) VALUES (?, ...) */
    const char *sql_update;            /* UPDATE SET fields... = ? WHERE id = ? */
    const char *sql_delete;            /* DELETE WHERE id = ? */
    bool allocates_id; /* ids come from id_counters (never reused); false: the row brings its id */
    const char *sql_dump; /* SELECT id, fields... ORDER BY id (rebuild) */
    /* Child rows a ".created" event brings along (NULL: none): each element
     * of the payload's array children_key is applied as a ".created" row of
     * children (which brings its own id and parent reference), so that one
     * command that creates a parent and its children records one event. */
    const char *children_key;
    const struct entity *children;
};

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
/* As entity_create, with a sealed part (sealed.h): the record carries the
 * row and the sealed part's digest; the table gets the row and the sealed
 * part's keys. */
MUST_CHECK enum err_code entity_create_sealed(struct store_conn *c,
                                              const struct actor *who,
                                              const struct entity *ent,
                                              const char *township,
                                              json_t *row,
                                              const json_t *sealed,
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

#endif
