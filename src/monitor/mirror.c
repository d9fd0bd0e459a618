/*
 * The monitor's tables and their JSON views. See mirror.h.
 */
#include "monitor/mirror.h"

#include "core/alloc.h"
#include "core/utc.h"

#include <stdlib.h>
#include <string.h>

/* Entries committed per transaction while mirroring: one bundle. */
#define MIRROR_BATCH TLOG_TILE_WIDTH

enum err_code mirror_deactivate_all(struct store_conn *c, struct err *err)
{
    return store_exec(c, err, "UPDATE followed_nodes SET active = 0", "");
}

enum err_code mirror_register(
    struct store_conn *c, const char *origin, const char *url, const char *vkey, struct err *err)
{
    int64_t active = 0;
    bool found = false;
    enum err_code rc = store_query_int(
        c, &active, &found, err, "SELECT active FROM followed_nodes WHERE origin = ?", "t", origin);
    if (rc == ERR_OK && found && active) {
        return err_set(err, ERR_CONFLICT, "follow", "日志 %s 被重复关注",
                       "the log %s is followed twice", origin);
    }
    if (rc == ERR_OK) {
        rc = store_exec(c, err,
                        "INSERT INTO followed_nodes (origin, url, verifier_key, active)"
                        " VALUES (?, ?, ?, 1) ON CONFLICT (origin) DO UPDATE SET"
                        " url = excluded.url, verifier_key = excluded.verifier_key, active = 1",
                        "ttt", origin, url, vkey);
    }
    return rc;
}

enum err_code
mirror_load(struct store_conn *c, const char *origin, struct mirror_state *st, struct err *err)
{
    json_t *row = NULL;
    memset(st, 0, sizeof(*st));
    tlog_hash_empty(st->verified_root);
    enum err_code rc = store_query_row(
        c, &row, err, "SELECT size, root, mirrored FROM followed_nodes WHERE origin = ?", "t",
        origin);
    if (rc == ERR_OK && row != NULL) {
        const char *root = json_string_value(json_object_get(row, "root"));
        st->verified_size = (int64_t)json_integer_value(json_object_get(row, "size"));
        st->mirrored = (int64_t)json_integer_value(json_object_get(row, "mirrored"));
        if (root != NULL) {
            rc = tlog_hash_from_b64(root, strlen(root), st->verified_root, err);
        }
    }
    json_decref(row);
    return rc;
}

static enum err_code read_mirror(
    void *ctx, const int64_t *indexes, size_t n, uint8_t (*hashes)[TLOG_HASH_SIZE], struct err *err)
{
    struct mirror_reader_ctx *m = ctx;
    struct store_stmt *s = NULL;
    enum err_code rc = store_prepare(
        m->c, "SELECT hash FROM mirrored_hashes WHERE origin = ? AND idx = ?", &s, err);
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        store_bind_text(s, 1, m->origin);
        store_bind_int(s, 2, indexes[i]);
        enum store_step_result r = store_step(s, err);
        size_t len = 0;
        const void *h = r == STORE_ROW ? store_col_blob(s, 0, &len) : NULL;
        if (r == STORE_ERROR) {
            rc = err->code;
        } else if (h == NULL || len != TLOG_HASH_SIZE) {
            rc = err_set(err, ERR_INTEGRITY, "mirrored_hashes", "镜像散列 %lld 缺失",
                         "mirrored hash %lld is missing", (long long)indexes[i]);
        } else {
            memcpy(hashes[i], h, TLOG_HASH_SIZE);
        }
        store_done(s);
    }
    return rc;
}

struct tlog_reader mirror_reader(struct mirror_reader_ctx *ctx)
{
    return (struct tlog_reader){.read = read_mirror, .ctx = ctx};
}

enum err_code mirror_root(struct store_conn *c,
                          const char *origin,
                          int64_t size,
                          uint8_t out[TLOG_HASH_SIZE],
                          struct err *err)
{
    struct mirror_reader_ctx ctx = {.c = c, .origin = origin};
    struct tlog_reader reader = mirror_reader(&ctx);
    return tlog_tree_hash(size, &reader, out, err);
}

/* What mirror_extend's entry callback needs. */
struct extend {
    struct store *store;
    struct store_conn *c; /* held while a batch is open */
    const char *origin;
    struct mirror_state *st;
    int64_t now_ms;
};

/* Commits the open batch, if any, with the mirrored count. */
static enum err_code commit_batch(struct extend *x, int64_t mirrored, struct err *err)
{
    if (x->c == NULL) {
        return ERR_OK;
    }
    enum err_code rc =
        store_exec(x->c, err, "UPDATE followed_nodes SET mirrored = ? WHERE origin = ?", "it",
                   mirrored, x->origin);
    if (rc == ERR_OK) {
        rc = store_commit(x->c, err);
    } else {
        store_rollback(x->c);
    }
    if (rc == ERR_OK) {
        x->st->mirrored = mirrored;
    }
    store_release(x->c);
    x->c = NULL;
    return rc;
}

static enum err_code store_entry(void *ctx,
                                 int64_t index,
                                 const uint8_t *data,
                                 size_t len,
                                 const uint8_t (*stored)[TLOG_HASH_SIZE],
                                 size_t n_stored,
                                 struct err *err)
{
    struct extend *x = ctx;
    enum err_code rc = ERR_OK;
    if (x->c == NULL) {
        x->c = store_acquire(x->store);
        rc = store_begin_write(x->c, err);
        if (rc != ERR_OK) {
            store_release(x->c);
            x->c = NULL;
            return rc;
        }
    }
    rc = store_exec(x->c, err,
                    "INSERT INTO mirrored_entries (origin, idx, leaf_hash, body, mirrored_ms)"
                    " VALUES (?, ?, ?, ?, ?)",
                    "tibbi", x->origin, index, stored[0], (size_t)TLOG_HASH_SIZE, data, len,
                    x->now_ms);
    int64_t first = tlog_stored_count(index);
    for (size_t i = 0; rc == ERR_OK && i < n_stored; i++) {
        rc = store_exec(x->c, err,
                        "INSERT INTO mirrored_hashes (origin, idx, hash) VALUES (?, ?, ?)", "tib",
                        x->origin, first + (int64_t)i, stored[i], (size_t)TLOG_HASH_SIZE);
    }
    if (rc != ERR_OK) {
        store_rollback(x->c);
        store_release(x->c);
        x->c = NULL;
        return rc;
    }
    if ((index + 1) % MIRROR_BATCH == 0) {
        rc = commit_batch(x, index + 1, err);
    }
    return rc;
}

enum err_code mirror_extend(struct store *store,
                            const char *origin,
                            const struct tilecheck_source *src,
                            struct mirror_state *st,
                            int64_t new_size,
                            const uint8_t new_root[TLOG_HASH_SIZE],
                            const char *note,
                            int64_t arrived_ms,
                            struct tilecheck_report *rep,
                            struct err *err)
{
    struct store_conn *c = store_acquire(store);
    struct mirror_reader_ctx rctx = {.c = c, .origin = origin};
    struct tlog_reader reader = mirror_reader(&rctx);
    struct extend x = {
        .store = store, .c = NULL, .origin = origin, .st = st, .now_ms = utc_now_ms()};
    struct tilecheck_job job = {
        .src = src,
        .old_size = st->mirrored,
        .old = &reader,
        .new_size = new_size,
        .new_root = new_root,
        .on_entry = store_entry,
        .entry_ctx = &x,
    };
    enum err_code rc = tilecheck_run(&job, rep, err);
    store_release(c);
    /* The entries stored so far were each checked: keep them; and when
     * all were, the checkpoint is verified in the same transaction. */
    int64_t done = st->mirrored;
    struct mirror_state after = *st;
    bool verified = rc == ERR_OK && rep->problem == TILECHECK_OK;
    if (verified && x.c != NULL) {
        rc = mirror_record_verified(x.c, origin, &after, new_size, new_root, note, arrived_ms, err);
        verified = rc == ERR_OK;
    } else if (verified) {
        c = store_acquire(store);
        rc = mirror_record_verified(c, origin, st, new_size, new_root, note, arrived_ms, err);
        store_release(c);
        verified = false; /* recorded and committed already */
    }
    if (x.c != NULL) {
        int64_t n = 0;
        struct err ignored;
        err_init(&ignored);
        if (store_query_int(x.c, &n, NULL, &ignored,
                            "SELECT COALESCE(MAX(idx) + 1, 0) FROM mirrored_entries"
                            " WHERE origin = ?",
                            "t", origin) == ERR_OK) {
            done = n;
        }
        struct err *commit_err = rc == ERR_OK ? err : &ignored;
        enum err_code crc = commit_batch(&x, done, commit_err);
        if (crc == ERR_OK && verified) {
            st->verified_size = after.verified_size;
            memcpy(st->verified_root, after.verified_root, TLOG_HASH_SIZE);
        }
        rc = rc == ERR_OK ? crc : rc;
    }
    return rc;
}

enum err_code mirror_record_verified(struct store_conn *c,
                                     const char *origin,
                                     struct mirror_state *st,
                                     int64_t size,
                                     const uint8_t root[TLOG_HASH_SIZE],
                                     const char *note,
                                     int64_t arrived_ms,
                                     struct err *err)
{
    char b64[TLOG_HASH_B64_SIZE];
    int64_t now = utc_now_ms();
    bool grew = size > st->verified_size;
    tlog_hash_to_b64(root, b64);
    enum err_code rc = store_begin_write(c, err);
    if (rc != ERR_OK) {
        return rc;
    }
    if (grew) {
        rc = store_exec(c, err,
                        "UPDATE followed_nodes SET status = 'ok', size = ?, root = ?,"
                        " checkpoint = ?, verified_ms = ?, lag_ms = ?, last_seen_ms = ?"
                        " WHERE origin = ?",
                        "ittiiit", size, b64, note, now, now - arrived_ms, now, origin);
        if (rc == ERR_OK) {
            rc = store_exec(c, err,
                            "INSERT INTO verified_checkpoints (origin, size, root, checkpoint,"
                            " arrived_ms, verified_ms) VALUES (?, ?, ?, ?, ?, ?)",
                            "tittii", origin, size, b64, note, arrived_ms, now);
        }
    } else {
        rc = store_exec(c, err,
                        "UPDATE followed_nodes SET status = 'ok', verified_ms = ?,"
                        " last_seen_ms = ? WHERE origin = ?",
                        "iit", now, now, origin);
    }
    if (rc == ERR_OK) {
        rc = store_commit(c, err);
    } else {
        store_rollback(c);
    }
    if (rc == ERR_OK && grew) {
        st->verified_size = size;
        memcpy(st->verified_root, root, TLOG_HASH_SIZE);
    }
    return rc;
}

enum err_code mirror_alert(
    struct store_conn *c, const char *origin, const char *kind, const char *detail, struct err *err)
{
    int64_t now = utc_now_ms();
    enum err_code rc = store_begin_write(c, err);
    if (rc != ERR_OK) {
        return rc;
    }
    rc =
        store_exec(c, err, "INSERT INTO alerts (origin, kind, time_ms, detail) VALUES (?, ?, ?, ?)",
                   "ttit", origin, kind, now, detail);
    if (rc == ERR_OK) {
        rc = store_exec(c, err,
                        "UPDATE followed_nodes SET status = ?, last_error = ?, last_error_ms = ?"
                        " WHERE origin = ?",
                        "ttit", kind, detail, now, origin);
    }
    if (rc == ERR_OK) {
        rc = store_commit(c, err);
    } else {
        store_rollback(c);
    }
    return rc;
}

enum err_code
mirror_clear_alerts(struct store_conn *c, const char *origin, const char *kind, struct err *err)
{
    return store_exec(c, err,
                      "UPDATE alerts SET cleared_ms = ? WHERE origin = ? AND kind = ?"
                      " AND cleared_ms IS NULL",
                      "itt", utc_now_ms(), origin, kind);
}

enum err_code mirror_set_status(struct store_conn *c,
                                const char *origin,
                                const char *status,
                                const char *error,
                                struct err *err)
{
    if (error == NULL) {
        return store_exec(c, err, "UPDATE followed_nodes SET status = ? WHERE origin = ?", "tt",
                          status, origin);
    }
    return store_exec(c, err,
                      "UPDATE followed_nodes SET status = ?, last_error = ?, last_error_ms = ?"
                      " WHERE origin = ?",
                      "ttit", status, error, utc_now_ms(), origin);
}

enum err_code mirror_seen(struct store_conn *c, const char *origin, int64_t ms, struct err *err)
{
    return store_exec(c, err, "UPDATE followed_nodes SET last_seen_ms = ? WHERE origin = ?", "it",
                      ms, origin);
}

/* Replaces the integer member key (milliseconds, or null) by its RFC 3339
 * text under the name as. */
static void time_member(json_t *obj, const char *key, const char *as)
{
    json_t *v = json_object_get(obj, key);
    if (json_is_integer(v)) {
        char text[UTC_TEXT_MAX];
        utc_format((int64_t)json_integer_value(v), text);
        json_object_set_new(obj, as, json_string(text));
    } else {
        json_object_set_new(obj, as, json_null());
    }
    json_object_del(obj, key);
}

static int compare_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The lag summary of origin's latest MIRROR_LAG_WINDOW verifications. */
static enum err_code
lag_json(struct store_conn *c, const char *origin, json_t **out, struct err *err)
{
    struct store_stmt *s = NULL;
    int64_t *lags = xmalloc(MIRROR_LAG_WINDOW * sizeof(*lags));
    size_t n = 0;
    int64_t latest = -1;
    enum err_code rc = store_prepare(c,
                                     "SELECT verified_ms - arrived_ms FROM verified_checkpoints"
                                     " WHERE origin = ? ORDER BY id DESC LIMIT ?",
                                     &s, err);
    if (rc == ERR_OK) {
        store_bind_text(s, 1, origin);
        store_bind_int(s, 2, MIRROR_LAG_WINDOW);
        enum store_step_result r;
        while ((r = store_step(s, err)) == STORE_ROW && n < MIRROR_LAG_WINDOW) {
            lags[n] = store_col_int(s, 0);
            latest = n == 0 ? lags[n] : latest;
            n++;
        }
        rc = r == STORE_ERROR ? err->code : ERR_OK;
        store_done(s);
    }
    if (rc == ERR_OK) {
        qsort(lags, n, sizeof(*lags), compare_i64);
        *out = n == 0 ? json_pack("{sn, sn, sn, sn, si}", "latest_ms", "p50_ms", "p99_ms", "max_ms",
                                  "samples", 0)
                      : json_pack("{sI, sI, sI, sI, sI}", "latest_ms", (json_int_t)latest, "p50_ms",
                                  (json_int_t)lags[(n - 1) / 2], "p99_ms",
                                  (json_int_t)lags[(n * 99 + 99) / 100 - 1], "max_ms",
                                  (json_int_t)lags[n - 1], "samples", (json_int_t)n);
    }
    xfree(lags);
    return rc;
}

enum err_code mirror_nodes_json(struct store_conn *c, json_t **out, struct err *err)
{
    json_t *rows = NULL;
    *out = NULL;
    enum err_code rc = store_begin_read(c, err);
    if (rc != ERR_OK) {
        return rc;
    }
    rc = store_query_json(c, &rows, err,
                          "SELECT n.origin, url, verifier_key, status, n.size, n.root,"
                          " n.checkpoint, mirrored, verified_ms, last_seen_ms, last_error,"
                          " last_error_ms, (SELECT COUNT(*) FROM alerts a WHERE"
                          "  a.origin = n.origin AND a.cleared_ms IS NULL) AS open_alerts,"
                          " w.size AS cosigned_size, w.cosigned_ms"
                          " FROM followed_nodes n LEFT JOIN witnessed_checkpoints w"
                          " ON w.origin = n.origin WHERE active = 1 ORDER BY n.origin",
                          "");
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        json_t *lag = NULL;
        if (rc == ERR_OK) {
            rc = lag_json(c, json_string_value(json_object_get(row, "origin")), &lag, err);
        }
        if (rc == ERR_OK) {
            json_object_set_new(row, "lag", lag);
        }
        time_member(row, "verified_ms", "verified_at");
        time_member(row, "last_seen_ms", "last_seen_at");
        time_member(row, "last_error_ms", "last_error_at");
        time_member(row, "cosigned_ms", "cosigned_at");
    }
    store_rollback(c);
    if (rc == ERR_OK) {
        *out = json_pack("{so}", "items", rows);
    } else {
        json_decref(rows);
    }
    return rc;
}

enum err_code mirror_alerts_json(struct store_conn *c,
                                 const char *origin,
                                 int64_t limit,
                                 int64_t offset,
                                 json_t **out,
                                 struct err *err)
{
    json_t *rows = NULL;
    int64_t total = 0;
    *out = NULL;
    enum err_code rc = store_begin_read(c, err);
    if (rc != ERR_OK) {
        return rc;
    }
    if (origin == NULL) {
        rc = store_query_json(c, &rows, err,
                              "SELECT id, origin, kind, time_ms, detail, cleared_ms FROM alerts"
                              " ORDER BY id DESC LIMIT ? OFFSET ?",
                              "ii", limit, offset);
        if (rc == ERR_OK) {
            rc = store_query_int(c, &total, NULL, err, "SELECT COUNT(*) FROM alerts", "");
        }
    } else {
        rc = store_query_json(c, &rows, err,
                              "SELECT id, origin, kind, time_ms, detail, cleared_ms FROM alerts"
                              " WHERE origin = ? ORDER BY id DESC LIMIT ? OFFSET ?",
                              "tii", origin, limit, offset);
        if (rc == ERR_OK) {
            rc = store_query_int(c, &total, NULL, err,
                                 "SELECT COUNT(*) FROM alerts WHERE origin = ?", "t", origin);
        }
    }
    store_rollback(c);
    if (rc != ERR_OK) {
        json_decref(rows);
        return rc;
    }
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        time_member(row, "time_ms", "time");
        time_member(row, "cleared_ms", "cleared_at");
    }
    *out = json_pack("{so, sI, sI, sI}", "items", rows, "total", (json_int_t)total, "limit",
                     (json_int_t)limit, "offset", (json_int_t)offset);
    return ERR_OK;
}

enum err_code mirror_entries_json(struct store_conn *c,
                                  const char *origin,
                                  int64_t limit,
                                  int64_t offset,
                                  json_t **out,
                                  struct err *err)
{
    struct store_stmt *s = NULL;
    json_t *items = json_array();
    int64_t mirrored = 0;
    bool followed = false;
    *out = NULL;
    enum err_code rc = store_begin_read(c, err);
    if (rc != ERR_OK) {
        json_decref(items);
        return rc;
    }
    rc = store_query_int(c, &mirrored, &followed, err,
                         "SELECT mirrored FROM followed_nodes WHERE origin = ?", "t", origin);
    if (rc == ERR_OK && followed) {
        rc = store_prepare(c,
                           "SELECT idx, leaf_hash, body FROM mirrored_entries WHERE origin = ?"
                           " AND idx >= ? AND idx < ? ORDER BY idx",
                           &s, err);
    }
    if (s != NULL) {
        store_bind_text(s, 1, origin);
        store_bind_int(s, 2, offset);
        store_bind_int(s, 3, offset + limit);
        enum store_step_result r;
        while ((r = store_step(s, err)) == STORE_ROW) {
            size_t hl = 0, bl = 0;
            const uint8_t *h = store_col_blob(s, 1, &hl);
            const char *body = store_col_blob(s, 2, &bl);
            char b64[TLOG_HASH_B64_SIZE] = "";
            if (h != NULL && hl == TLOG_HASH_SIZE) {
                tlog_hash_to_b64(h, b64);
            }
            json_t *record =
                body != NULL ? json_loadb(body, bl, JSON_REJECT_DUPLICATES, NULL) : NULL;
            json_array_append_new(items,
                                  json_pack("{sI, ss, so}", "index",
                                            (json_int_t)store_col_int(s, 0), "leaf_hash", b64,
                                            "record", record != NULL ? record : json_null()));
        }
        rc = r == STORE_ERROR ? err->code : ERR_OK;
        store_done(s);
    }
    store_rollback(c);
    if (rc != ERR_OK) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{ss, sb, sI, so, sI, sI}", "origin", origin, "followed", followed, "size",
                     (json_int_t)mirrored, "items", items, "limit", (json_int_t)limit, "offset",
                     (json_int_t)offset);
    return ERR_OK;
}
