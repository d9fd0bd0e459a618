/*
 * Replay and comparison of the query tables. See rebuild.h.
 */
#include "record/rebuild.h"

#include "core/alloc.h"
#include "record/area.h"
#include "record/entity.h"
#include "record/project.h"
#include "store/scan.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The id counters and the record events are part of the projection too
 * (compared only). */
static const struct entity id_counters = {
    .name = "id_counters",
    .sql_dump = "SELECT entity, last FROM id_counters ORDER BY entity",
};
static const struct entity record_events = {
    .name = "record_events",
    .sql_dump = "SELECT seq, entity, id, action FROM record_events ORDER BY seq, entity, id",
};

/* Replays every event of live into scratch. */
static enum err_code replay(struct store_conn *live,
                            struct store_conn *scratch,
                            struct rebuild_report *rep,
                            struct err *err)
{
    struct store_scan scan;
    enum err_code rc = ERR_OK;
    store_scan_start(&scan, live,
                     "SELECT e.seq, e.body, s.content FROM events e"
                     " LEFT JOIN sealed_parts s ON s.seq = e.seq WHERE e.seq >= ?"
                     " ORDER BY e.seq LIMIT ?",
                     0);
    enum store_step_result r;
    while (rc == ERR_OK && (r = store_scan_step(&scan, err)) == STORE_ROW) {
        struct store_stmt *s = store_scan_row(&scan);
        size_t len = 0;
        const void *body = store_col_blob(s, 1, &len);
        int64_t seq = store_col_int(s, 0);
        json_error_t jerr;
        json_t *record = json_loadb(body, len, 0, &jerr);
        const char *type = json_string_value(json_object_get(record, "type"));
        if (record == NULL || type == NULL) {
            rc = err_set(err, ERR_INTEGRITY, NULL, "事件 %lld 无法解析", "event %lld is unreadable",
                         (long long)seq);
        } else {
            /* A sealed part joins the payload, as when it was recorded. */
            json_t *applied = json_deep_copy(json_object_get(record, "payload"));
            size_t sealed_len = 0;
            const void *sealed_bytes = store_col_blob(s, 2, &sealed_len);
            json_t *sealed = sealed_bytes ? json_loadb(sealed_bytes, sealed_len, 0, &jerr) : NULL;
            if (sealed_bytes != NULL && !json_is_object(sealed)) {
                rc = err_set(err, ERR_INTEGRITY, NULL, "事件 %lld 的密封内容无法解析",
                             "the sealed part of event %lld is unreadable", (long long)seq);
            } else {
                json_object_update(applied, sealed);
                rc = project_apply(scratch, seq, type, applied, err);
            }
            json_decref(sealed);
            json_decref(applied);
        }
        json_decref(record);
        rep->events++;
    }
    if (rc == ERR_OK && r == STORE_ERROR) {
        rc = err->code;
    }
    store_scan_done(&scan);
    return rc;
}

/* Compares one table's dump in both databases. */
static enum err_code compare(struct store_conn *live,
                             struct store_conn *scratch,
                             const struct entity *ent,
                             struct rebuild_report *rep,
                             struct err *err)
{
    json_t *a = NULL, *b = NULL;
    enum err_code rc = store_query_json(live, &a, err, ent->sql_dump, "");
    if (rc == ERR_OK) {
        rc = store_query_json(scratch, &b, err, ent->sql_dump, "");
    }
    if (rc == ERR_OK) {
        size_t na = json_array_size(a), nb = json_array_size(b);
        for (size_t i = 0; i < na && i < nb && rep->equal; i++) {
            json_t *ra = json_array_get(a, i), *rb = json_array_get(b, i);
            rep->rows++;
            if (!json_equal(ra, rb)) {
                char *text = json_dumps(ra, JSON_COMPACT);
                rep->equal = false;
                snprintf(rep->detail, sizeof(rep->detail), "row differs: %s", text ? text : "");
                xfree(text);
            }
        }
        if (rep->equal && na != nb) {
            rep->equal = false;
            snprintf(rep->detail, sizeof(rep->detail), "%zu rows live, %zu replayed", na, nb);
        }
        if (!rep->equal) {
            snprintf(rep->table, sizeof(rep->table), "%s", ent->name);
        }
    }
    json_decref(a);
    json_decref(b);
    return rc;
}

static void remove_database(const char *path)
{
    char side[4200];
    unlink(path);
    snprintf(side, sizeof(side), "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", path);
    unlink(side);
}

/* One check's state, carried through its two transactions. */
struct check {
    struct store_conn *live;
    struct store_conn *scratch;
    struct rebuild_report *rep;
};

/* What the scratch write's body returns once the replay was compared, so
 * that store_write rolls the replay back (the scratch database only serves
 * the comparison). Not an error code: never mistaken for a failure. */
#define SCRATCH_DISCARD ERR_N_CODES

/* The scratch write's body: replays the live events and compares every
 * table, then discards the replay. */
static enum err_code replay_and_compare(struct store_conn *scratch, void *arg, struct err *err)
{
    struct check *k = arg;
    struct rebuild_report *rep = k->rep;
    enum err_code rc = replay(k->live, scratch, rep, err);
    size_t i = 0;
    for (const struct entity *e = area_entity_next(&i); rc == ERR_OK && e != NULL && rep->equal;
         e = area_entity_next(&i)) {
        rc = compare(k->live, scratch, e, rep, err);
    }
    if (rc == ERR_OK && rep->equal) {
        rc = compare(k->live, scratch, &id_counters, rep, err);
    }
    if (rc == ERR_OK && rep->equal) {
        rc = compare(k->live, scratch, &record_events, rep, err);
    }
    return rc == ERR_OK ? SCRATCH_DISCARD : rc;
}

/* The live read's body: one snapshot of live for the whole replay. */
static enum err_code check_live(struct store_conn *live, void *arg, struct err *err)
{
    struct check *k = arg;
    (void)live; /* the same as k->live */
    enum err_code rc = store_write(k->scratch, replay_and_compare, k, err);
    return rc == SCRATCH_DISCARD ? ERR_OK : rc;
}

enum err_code rebuild_check(struct store_conn *live,
                            const char *scratch_path,
                            struct rebuild_report *rep,
                            struct err *err)
{
    struct store *st = NULL;
    memset(rep, 0, sizeof(*rep));
    rep->equal = true;
    enum err_code rc = store_open(scratch_path, NULL, STORE_OPEN_CREATE, 1, &st, err);
    if (rc != ERR_OK) {
        return rc;
    }
    struct check k = {.live = live, .scratch = store_acquire(st), .rep = rep};
    rc = store_read(live, check_live, &k, err);
    store_release(k.scratch);
    store_close(st);
    remove_database(scratch_path);
    return rc;
}
