/*
 * The monitor's store: the followed nodes and what was verified of each,
 * the mirrored entries and stored hashes of their logs, the verified
 * checkpoints (with their lag) and the alerts; and the JSON views the
 * monitor's API serves. Tables in src/store/migrations/0003_monitor.sql.
 * See docs/monitor.md.
 *
 * The mirror of a log is always a prefix of every tree of that log the
 * monitor accepted: entries enter it only after the tree they belong to
 * was rebuilt from the node's tiles and its root matched a signed
 * checkpoint (tilecheck.h). So its stored hashes give the root of any
 * mirrored size, against which later checkpoints are judged.
 */
#ifndef PROBITY_MIRROR_H
#define PROBITY_MIRROR_H

#include "core/err.h"
#include "log/hash.h"
#include "log/tree.h"
#include "monitor/tilecheck.h"
#include "store/store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* Alert kinds (the alerts.kind column). */
#define MIRROR_ALERT_FORK          "fork"
#define MIRROR_ALERT_ROLLBACK      "rollback"
#define MIRROR_ALERT_BAD_SIGNATURE "bad_signature"
#define MIRROR_ALERT_UNREACHABLE   "unreachable"
#define MIRROR_ALERT_BAD_ENTRY     "bad_entry"
#define MIRROR_ALERT_BAD_TILE      "bad_tile"
#define MIRROR_ALERT_BAD_SEALED    "bad_sealed"

/* Lag samples the API summarises (the latest verified checkpoints). */
#define MIRROR_LAG_WINDOW 1000

/* What the monitor knows of one followed log. */
struct mirror_state {
    int64_t verified_size;                 /* size of the latest verified checkpoint */
    uint8_t verified_root[TLOG_HASH_SIZE]; /* its root (empty tree's when size is 0) */
    int64_t mirrored;                      /* entries mirrored, >= verified_size */
};

/* Marks every followed node inactive (before the current ones register). */
MUST_CHECK enum err_code mirror_deactivate_all(struct store_conn *c, struct err *err);

/*
 * Registers the log origin as followed at url with the verifier key text
 * vkey, active, keeping what was verified of it before. ERR_CONFLICT when
 * origin is already registered as active in this run (the same log
 * followed twice).
 */
MUST_CHECK enum err_code mirror_register(
    struct store_conn *c, const char *origin, const char *url, const char *vkey, struct err *err);

/* Reads what is known of origin into *st (zero sizes for a new node). */
MUST_CHECK enum err_code
mirror_load(struct store_conn *c, const char *origin, struct mirror_state *st, struct err *err);

/* A reader of origin's mirrored stored hashes. The context (c, origin) is
 * the caller's and must outlive the reader's use. */
struct mirror_reader_ctx {
    struct store_conn *c;
    const char *origin;
};
struct tlog_reader mirror_reader(struct mirror_reader_ctx *ctx);

/* The root of the first size leaves of origin's mirror (size at most the
 * mirrored count): ERR_INVALID past it; reader errors as they come. */
MUST_CHECK enum err_code mirror_root(struct store_conn *c,
                                     const char *origin,
                                     int64_t size,
                                     uint8_t out[TLOG_HASH_SIZE],
                                     struct err *err);

/*
 * Extends origin's mirror from its st->mirrored entries to a checkpoint of
 * new_size leaves with root new_root, through tilecheck_run over src: the
 * tree is rebuilt from the tiles on top of the mirror and checked, then
 * each entry is checked and held, and the entries are written with their
 * stored hashes a bundle at a time, one write transaction each (so other
 * writers are not held up). The checked entries of an unfinished bundle
 * are written when the check ends, whatever its outcome; when everything
 * checks, the checkpoint (its signed text note, arrived at arrived_ms) is
 * recorded as verified (mirror_record_verified) in that same transaction.
 * st follows what was committed. The problem found, if any, is in *rep.
 * Errors of the source or the store as they come.
 */
MUST_CHECK enum err_code mirror_extend(struct store *store,
                                       const char *origin,
                                       const struct tilecheck_source *src,
                                       struct mirror_state *st,
                                       int64_t new_size,
                                       const uint8_t new_root[TLOG_HASH_SIZE],
                                       const char *note,
                                       int64_t arrived_ms,
                                       struct tilecheck_report *rep,
                                       struct err *err);

/*
 * Records the checkpoint (size, root, signed note text) as origin's
 * verified one: the node's row (status "ok", verification time, lag) and
 * a row of verified_checkpoints when the size grew, in one write
 * transaction (part of the caller's when c is in one). Updates st.
 */
MUST_CHECK enum err_code mirror_record_verified(struct store_conn *c,
                                                const char *origin,
                                                struct mirror_state *st,
                                                int64_t size,
                                                const uint8_t root[TLOG_HASH_SIZE],
                                                const char *note,
                                                int64_t arrived_ms,
                                                struct err *err);

/* Records an alert of kind (MIRROR_ALERT_*) for origin, and sets the
 * node's status to kind and its last error to detail, in one write
 * transaction (part of the caller's when c is in one). */
MUST_CHECK enum err_code mirror_alert(struct store_conn *c,
                                      const char *origin,
                                      const char *kind,
                                      const char *detail,
                                      struct err *err);

/* Marks origin's open alerts of kind cleared now. */
MUST_CHECK enum err_code
mirror_clear_alerts(struct store_conn *c, const char *origin, const char *kind, struct err *err);

/* Sets origin's status (and, when error is not NULL, its last error). */
MUST_CHECK enum err_code mirror_set_status(struct store_conn *c,
                                           const char *origin,
                                           const char *status,
                                           const char *error,
                                           struct err *err);

/* Records when the node last answered. */
MUST_CHECK enum err_code
mirror_seen(struct store_conn *c, const char *origin, int64_t ms, struct err *err);

/* Replaces the integer member key of obj (milliseconds, or null) by its
 * RFC 3339 text under the name as (null when it was not an integer). */
void mirror_time_member(json_t *obj, const char *key, const char *as);

/*
 * The API's views, as new JSON objects, each read in one read transaction
 * on a connection of st it takes for the call:
 *  - mirror_nodes_json: {"items":[node...]} for the active nodes, each with
 *    origin, url, verifier_key, status, size, root, checkpoint,
 *    verified_at, last_seen_at, last_error, last_error_at, mirrored,
 *    open_alerts, cosigned_size and cosigned_at (the latest checkpoint
 *    cosigned as a witness, or null), lag {latest_ms, p50_ms, p99_ms,
 *    max_ms, samples} and sealed (sealedparts_summary_json);
 *  - mirror_alerts_json: {"items":[{id, origin, kind, time, detail,
 *    cleared_at}], "total", "limit", "offset"}, newest first, of one origin
 *    when origin is not NULL;
 *  - mirror_entries_json: {"origin", "followed", "size", "items":[{index,
 *    leaf_hash, record, sealed}], "limit", "offset"}, where record is the
 *    entry parsed as JSON (null when it is not JSON), sealed the state of
 *    its sealed part (null when it has none; never the content) and size
 *    the mirrored count;
 *    an origin not followed gives followed false and no items.
 */
MUST_CHECK enum err_code mirror_nodes_json(struct store *st, json_t **out, struct err *err);
MUST_CHECK enum err_code mirror_alerts_json(struct store *st,
                                            const char *origin,
                                            int64_t limit,
                                            int64_t offset,
                                            json_t **out,
                                            struct err *err);
MUST_CHECK enum err_code mirror_entries_json(struct store *st,
                                             const char *origin,
                                             int64_t limit,
                                             int64_t offset,
                                             json_t **out,
                                             struct err *err);

#endif
