/*
 * The monitor's tables and their JSON views. See mirror.h.
 */
#include "monitor/mirror.h"

#include "core/alloc.h"
#include "core/utc.h"
#include "monitor/sealedparts.h"

#include <assert.h>

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

/*
 * What mirror_extend's entry callback needs, and the batch it holds: the
 * checked entries of the bundle under way, their bytes one after another
 * in data and their stored hashes one after another in hashes, waiting to
 * be written in one transaction.
 */
struct extend {
    struct store *store;
    const char *origin;
    struct mirror_state *st;
    int64_t now_ms;
    int64_t first;                 /* index of the batch's first entry */
    size_t n;                      /* entries held */
    size_t len[MIRROR_BATCH];      /* bytes of each entry */
    size_t n_stored[MIRROR_BATCH]; /* stored hashes of each entry */
    struct buf data;
    struct buf hashes;
};

/* Writes the batch's entries with their stored hashes, and the mirrored
 * count after them. Inside the caller's write transaction. */
static enum err_code write_batch(struct store_conn *c, const struct extend *x, struct err *err)
{
    const char *data = buf_str(&x->data);
    const uint8_t(*stored)[TLOG_HASH_SIZE] = (const uint8_t(*)[TLOG_HASH_SIZE])buf_str(&x->hashes);
    struct sealedparts_problem problem = {.index = -1};
    enum err_code rc = ERR_OK;
    for (size_t i = 0; rc == ERR_OK && i < x->n; i++) {
        int64_t index = x->first + (int64_t)i;
        rc = store_exec(c, err,
                        "INSERT INTO mirrored_entries (origin, idx, leaf_hash, body, mirrored_ms)"
                        " VALUES (?, ?, ?, ?, ?)",
                        "tibbi", x->origin, index, stored[0], (size_t)TLOG_HASH_SIZE, data,
                        x->len[i], x->now_ms);
        if (rc == ERR_OK) {
            rc = sealedparts_note(c, x->origin, index, data, x->len[i], x->now_ms, &problem, err);
        }
        int64_t first = tlog_stored_count(index);
        for (size_t k = 0; rc == ERR_OK && k < x->n_stored[i]; k++) {
            rc = store_exec(
                c, err, "INSERT INTO mirrored_hashes (origin, idx, hash) VALUES (?, ?, ?)", "tib",
                x->origin, first + (int64_t)k, stored[k], (size_t)TLOG_HASH_SIZE);
        }
        data += x->len[i];
        stored += x->n_stored[i];
    }
    if (rc == ERR_OK) {
        rc = store_exec(c, err, "UPDATE followed_nodes SET mirrored = ? WHERE origin = ?", "it",
                        x->first + (int64_t)x->n, x->origin);
    }
    if (rc == ERR_OK && problem.index >= 0) {
        rc = mirror_alert(c, x->origin, MIRROR_ALERT_BAD_SEALED, problem.detail, err);
    }
    return rc;
}

static enum err_code write_batch_body(struct store_conn *c, void *arg, struct err *err)
{
    return write_batch(c, arg, err);
}

/* Empties the batch, keeping its storage. */
static void batch_reset(struct extend *x)
{
    x->n = 0;
    buf_reset(&x->data);
    buf_reset(&x->hashes);
}

/* Writes and commits the batch held (a complete bundle). */
static enum err_code commit_batch(struct extend *x, struct err *err)
{
    struct store_conn *c = store_acquire(x->store);
    enum err_code rc = store_write(c, write_batch_body, x, err);
    store_release(c);
    if (rc == ERR_OK) {
        x->st->mirrored = x->first + (int64_t)x->n;
    }
    batch_reset(x);
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
    assert(x->n < MIRROR_BATCH);
    if (x->n == 0) {
        x->first = index;
    }
    enum err_code rc = buf_append(&x->data, data, len);
    if (rc == ERR_OK) {
        rc = buf_append(&x->hashes, stored, n_stored * TLOG_HASH_SIZE);
    }
    if (rc != ERR_OK) {
        return err_set(err, rc, "entry", NULL, NULL);
    }
    x->len[x->n] = len;
    x->n_stored[x->n] = n_stored;
    x->n++;
    return (index + 1) % MIRROR_BATCH == 0 ? commit_batch(x, err) : ERR_OK;
}

/* mirror_extend's last write: the entries still held and, when every entry
 * checked, the checkpoint recorded as verified, committed together. */
struct last_write {
    const struct extend *x;
    bool verified;
    struct mirror_state after; /* st as the verification leaves it */
    int64_t size;
    const uint8_t *root;
    const char *note;
    int64_t arrived_ms;
};

static enum err_code write_last(struct store_conn *c, void *arg, struct err *err)
{
    struct last_write *w = arg;
    enum err_code rc = w->x->n > 0 ? write_batch(c, w->x, err) : ERR_OK;
    if (rc == ERR_OK && w->verified) {
        rc = mirror_record_verified(c, w->x->origin, &w->after, w->size, w->root, w->note,
                                    w->arrived_ms, err);
    }
    return rc;
}

/* Writes what the run leaves (w): the checked entries held, and the
 * checkpoint when verified. Its errors go to err unless the run failed
 * already (rc), whose error comes first. */
static enum err_code
finish_extend(struct extend *x, enum err_code rc, struct last_write *w, struct err *err)
{
    if (x->n == 0 && !w->verified) {
        return rc;
    }
    struct err ignored;
    err_init(&ignored);
    struct store_conn *c = store_acquire(x->store);
    enum err_code wrc = store_write(c, write_last, w, rc == ERR_OK ? err : &ignored);
    store_release(c);
    if (wrc == ERR_OK && x->n > 0) {
        x->st->mirrored = x->first + (int64_t)x->n;
    }
    if (wrc == ERR_OK && w->verified) {
        x->st->verified_size = w->after.verified_size;
        memcpy(x->st->verified_root, w->after.verified_root, TLOG_HASH_SIZE);
    }
    batch_reset(x);
    return rc == ERR_OK ? wrc : rc;
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
    struct extend *x = xcalloc(1, sizeof(*x));
    x->store = store;
    x->origin = origin;
    x->st = st;
    x->now_ms = utc_now_ms();
    buf_init(&x->data, (size_t)MIRROR_BATCH * TLOG_ENTRY_MAX);
    buf_init(&x->hashes, (size_t)MIRROR_BATCH * TLOG_MAX_STORED_PER_LEAF * TLOG_HASH_SIZE);
    struct tilecheck_job job = {
        .src = src,
        .old_size = st->mirrored,
        .old = &reader,
        .new_size = new_size,
        .new_root = new_root,
        .on_entry = store_entry,
        .entry_ctx = x,
    };
    enum err_code rc = tilecheck_run(&job, rep, err);
    store_release(c);
    /* The entries held were each checked: keep them; and when all were,
     * the checkpoint is verified in the same transaction. */
    struct last_write last = {
        .x = x,
        .verified = rc == ERR_OK && rep->problem == TILECHECK_OK,
        .after = *st,
        .size = new_size,
        .root = new_root,
        .note = note,
        .arrived_ms = arrived_ms,
    };
    rc = finish_extend(x, rc, &last, err);
    buf_clear(&x->data);
    buf_clear(&x->hashes);
    xfree(x);
    return rc;
}

/* mirror_record_verified's write. */
struct verified {
    const char *origin;
    int64_t size;
    const char *root; /* base64 */
    const char *note;
    int64_t arrived_ms;
    bool grew;
};

static enum err_code record_verified(struct store_conn *c, void *arg, struct err *err)
{
    const struct verified *v = arg;
    int64_t now = utc_now_ms();
    if (!v->grew) {
        return store_exec(c, err,
                          "UPDATE followed_nodes SET status = 'ok', verified_ms = ?,"
                          " last_seen_ms = ? WHERE origin = ?",
                          "iit", now, now, v->origin);
    }
    enum err_code rc =
        store_exec(c, err,
                   "UPDATE followed_nodes SET status = 'ok', size = ?, root = ?,"
                   " checkpoint = ?, verified_ms = ?, lag_ms = ?, last_seen_ms = ?"
                   " WHERE origin = ?",
                   "ittiiit", v->size, v->root, v->note, now, now - v->arrived_ms, now, v->origin);
    if (rc == ERR_OK) {
        rc = store_exec(c, err,
                        "INSERT INTO verified_checkpoints (origin, size, root, checkpoint,"
                        " arrived_ms, verified_ms) VALUES (?, ?, ?, ?, ?, ?)",
                        "tittii", v->origin, v->size, v->root, v->note, v->arrived_ms, now);
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
    tlog_hash_to_b64(root, b64);
    struct verified v = {origin, size, b64, note, arrived_ms, size > st->verified_size};
    enum err_code rc = store_write(c, record_verified, &v, err);
    if (rc == ERR_OK && v.grew) {
        st->verified_size = size;
        memcpy(st->verified_root, root, TLOG_HASH_SIZE);
    }
    return rc;
}

/* mirror_alert's write. */
struct alert {
    const char *origin;
    const char *kind;
    const char *detail;
};

static enum err_code record_alert(struct store_conn *c, void *arg, struct err *err)
{
    const struct alert *a = arg;
    int64_t now = utc_now_ms();
    enum err_code rc =
        store_exec(c, err, "INSERT INTO alerts (origin, kind, time_ms, detail) VALUES (?, ?, ?, ?)",
                   "ttit", a->origin, a->kind, now, a->detail);
    if (rc == ERR_OK) {
        rc = store_exec(c, err,
                        "UPDATE followed_nodes SET status = ?, last_error = ?, last_error_ms = ?"
                        " WHERE origin = ?",
                        "ttit", a->kind, a->detail, now, a->origin);
    }
    return rc;
}

enum err_code mirror_alert(
    struct store_conn *c, const char *origin, const char *kind, const char *detail, struct err *err)
{
    struct alert a = {origin, kind, detail};
    return store_write(c, record_alert, &a, err);
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

void mirror_time_member(json_t *obj, const char *key, const char *as)
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

/* mirror_nodes_json's read: the active nodes' rows into *arg. */
static enum err_code read_nodes(struct store_conn *c, void *arg, struct err *err)
{
    json_t **rows = arg;
    enum err_code rc =
        store_query_json(c, rows, err,
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
    json_array_foreach(*rows, i, row)
    {
        json_t *lag = NULL, *sealed = NULL;
        if (rc == ERR_OK) {
            rc = lag_json(c, json_string_value(json_object_get(row, "origin")), &lag, err);
        }
        if (rc == ERR_OK) {
            json_object_set_new(row, "lag", lag);
            rc = sealedparts_summary_json(c, json_string_value(json_object_get(row, "origin")),
                                          &sealed, err);
        }
        if (rc == ERR_OK) {
            json_object_set_new(row, "sealed", sealed);
        }
        mirror_time_member(row, "verified_ms", "verified_at");
        mirror_time_member(row, "last_seen_ms", "last_seen_at");
        mirror_time_member(row, "last_error_ms", "last_error_at");
        mirror_time_member(row, "cosigned_ms", "cosigned_at");
    }
    return rc;
}

enum err_code mirror_nodes_json(struct store *st, json_t **out, struct err *err)
{
    json_t *rows = NULL;
    *out = NULL;
    struct store_conn *c = store_acquire(st);
    enum err_code rc = store_read(c, read_nodes, &rows, err);
    store_release(c);
    if (rc == ERR_OK) {
        *out = json_pack("{so}", "items", rows);
    } else {
        json_decref(rows);
    }
    return rc;
}

/* mirror_alerts_json's read: a page of alerts and their number. */
struct alerts_page {
    const char *origin; /* NULL for every origin */
    int64_t limit;
    int64_t offset;
    json_t *rows;
    int64_t total;
};

static enum err_code read_alerts(struct store_conn *c, void *arg, struct err *err)
{
    struct alerts_page *p = arg;
    enum err_code rc;
    if (p->origin == NULL) {
        rc = store_query_json(c, &p->rows, err,
                              "SELECT id, origin, kind, time_ms, detail, cleared_ms FROM alerts"
                              " ORDER BY id DESC LIMIT ? OFFSET ?",
                              "ii", p->limit, p->offset);
        if (rc == ERR_OK) {
            rc = store_query_int(c, &p->total, NULL, err, "SELECT COUNT(*) FROM alerts", "");
        }
    } else {
        rc = store_query_json(c, &p->rows, err,
                              "SELECT id, origin, kind, time_ms, detail, cleared_ms FROM alerts"
                              " WHERE origin = ? ORDER BY id DESC LIMIT ? OFFSET ?",
                              "tii", p->origin, p->limit, p->offset);
        if (rc == ERR_OK) {
            rc = store_query_int(c, &p->total, NULL, err,
                                 "SELECT COUNT(*) FROM alerts WHERE origin = ?", "t", p->origin);
        }
    }
    return rc;
}

enum err_code mirror_alerts_json(struct store *st,
                                 const char *origin,
                                 int64_t limit,
                                 int64_t offset,
                                 json_t **out,
                                 struct err *err)
{
    struct alerts_page p = {.origin = origin, .limit = limit, .offset = offset};
    *out = NULL;
    struct store_conn *c = store_acquire(st);
    enum err_code rc = store_read(c, read_alerts, &p, err);
    store_release(c);
    if (rc != ERR_OK) {
        json_decref(p.rows);
        return rc;
    }
    size_t i;
    json_t *row;
    json_array_foreach(p.rows, i, row)
    {
        mirror_time_member(row, "time_ms", "time");
        mirror_time_member(row, "cleared_ms", "cleared_at");
    }
    *out = json_pack("{so, sI, sI, sI}", "items", p.rows, "total", (json_int_t)p.total, "limit",
                     (json_int_t)limit, "offset", (json_int_t)offset);
    return ERR_OK;
}

/* mirror_entries_json's read: a page of origin's mirrored entries. */
struct entries_page {
    const char *origin;
    int64_t limit;
    int64_t offset;
    json_t *items;
    int64_t mirrored;
    bool followed;
};

/* Appends the entry of the row s to items. */
static void entry_item(struct store_stmt *s, json_t *items)
{
    size_t hl = 0, bl = 0;
    const uint8_t *h = store_col_blob(s, 1, &hl);
    const char *body = store_col_blob(s, 2, &bl);
    char b64[TLOG_HASH_B64_SIZE] = "";
    if (h != NULL && hl == TLOG_HASH_SIZE) {
        tlog_hash_to_b64(h, b64);
    }
    json_t *record = body != NULL ? json_loadb(body, bl, JSON_REJECT_DUPLICATES, NULL) : NULL;
    json_array_append_new(
        items,
        json_pack("{sI, ss, so, so}", "index", (json_int_t)store_col_int(s, 0), "leaf_hash", b64,
                  "record", record != NULL ? record : json_null(), "sealed",
                  store_col_is_null(s, 3) ? json_null() : json_string(store_col_text(s, 3))));
}

static enum err_code read_entries(struct store_conn *c, void *arg, struct err *err)
{
    struct entries_page *p = arg;
    struct store_stmt *s = NULL;
    enum err_code rc =
        store_query_int(c, &p->mirrored, &p->followed, err,
                        "SELECT mirrored FROM followed_nodes WHERE origin = ?", "t", p->origin);
    if (rc == ERR_OK && p->followed) {
        rc = store_prepare(c,
                           "SELECT e.idx, e.leaf_hash, e.body, p.state FROM mirrored_entries e"
                           " LEFT JOIN mirrored_sealed_parts p ON p.origin = e.origin"
                           " AND p.idx = e.idx WHERE e.origin = ? AND e.idx >= ? AND e.idx < ?"
                           " ORDER BY e.idx",
                           &s, err);
    }
    if (s != NULL) {
        store_bind_text(s, 1, p->origin);
        store_bind_int(s, 2, p->offset);
        store_bind_int(s, 3, p->offset + p->limit);
        enum store_step_result r;
        while ((r = store_step(s, err)) == STORE_ROW) {
            entry_item(s, p->items);
        }
        rc = r == STORE_ERROR ? err->code : ERR_OK;
        store_done(s);
    }
    return rc;
}

enum err_code mirror_entries_json(struct store *st,
                                  const char *origin,
                                  int64_t limit,
                                  int64_t offset,
                                  json_t **out,
                                  struct err *err)
{
    struct entries_page p = {
        .origin = origin, .limit = limit, .offset = offset, .items = json_array()};
    *out = NULL;
    struct store_conn *c = store_acquire(st);
    enum err_code rc = store_read(c, read_entries, &p, err);
    store_release(c);
    if (rc != ERR_OK) {
        json_decref(p.items);
        return rc;
    }
    *out = json_pack("{ss, sb, sI, so, sI, sI}", "origin", origin, "followed", p.followed, "size",
                     (json_int_t)p.mirrored, "items", p.items, "limit", (json_int_t)limit, "offset",
                     (json_int_t)offset);
    return ERR_OK;
}
