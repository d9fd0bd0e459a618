/*
 * Events: every write is a command that records exactly one event, a
 * canonical JSON record {"actor","payload","seq","time","township","type"}
 * appended to the events table and applied to the query tables in the same
 * transaction. See docs/events.md.
 */
#ifndef PROBITY_EVENT_H
#define PROBITY_EVENT_H

#include "core/utc.h"
#include "record/actor.h"
#include "store/store.h"

/* The largest canonical record accepted: one entry of a C2SP tlog-tiles
 * entry bundle holds at most 65,535 bytes. */
#define EVENT_MAX_BYTES 65535

struct event_ref {
    int64_t seq;             /* 0-based; the event's index in the log */
    char type[64];           /* e.g. "organization.created" */
    char time[UTC_TEXT_MAX]; /* UTC RFC 3339 */
};

/*
 * Appends an event and applies it to the query tables. Must run inside the
 * caller's write transaction (a store_write body), which commits both or
 * neither. township is NULL for a city-wide event; payload is borrowed.
 * The time is the clock's, but never earlier than the previous event's.
 * ERR_TOO_LARGE when the record exceeds EVENT_MAX_BYTES; the projection's
 * errors otherwise.
 */
MUST_CHECK enum err_code event_record(struct store_conn *c,
                                      const struct actor *who,
                                      const char *township,
                                      const char *type,
                                      const json_t *payload,
                                      struct event_ref *out,
                                      struct err *err);
/*
 * As event_record, but the query tables are changed by applied (the public
 * payload merged with a sealed part, see sealed.c) while the record, and so
 * the log, carries only payload.
 */
MUST_CHECK enum err_code event_append(struct store_conn *c,
                                      const struct actor *who,
                                      const char *township,
                                      const char *type,
                                      const json_t *payload,
                                      const json_t *applied,
                                      struct event_ref *out,
                                      struct err *err);
/* A new JSON object {"seq","log_index","type","time"} for a write's
 * response (log_index equals seq). */
json_t *event_ref_json(const struct event_ref *ref);
/* Number of events recorded. */
MUST_CHECK enum err_code event_count(struct store_conn *c, int64_t *out, struct err *err);
/* A page of event records in order: {"items":[record...],"total","limit","offset"}. */
MUST_CHECK enum err_code
event_list(struct store_conn *c, int64_t limit, int64_t offset, json_t **page, struct err *err);

#endif
