/*
 * The Merkle log's tables: stored hashes, the signed checkpoint, tiles,
 * entry bundles and receipts. See db.h and docs/log.md.
 */
#include "log/db.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "core/utc.h"
#include "log/checkpoint.h"
#include "log/proof_text.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

int64_t tlog_db_leaf_of_stored(int64_t idx, int *offset)
{
    /* Leaf m's first stored hash is S(m) = tlog_stored_count(m), strictly
     * increasing in m; find the last m with S(m) <= idx. */
    int64_t lo = 0, hi = idx + 1; /* S(lo) <= idx < S(hi) */
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        if (tlog_stored_count(mid) <= idx) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    *offset = (int)(idx - tlog_stored_count(lo));
    return lo;
}

/* The stored hashes a reader asks for. */
struct hashes_read {
    const int64_t *indexes;
    size_t n;
    uint8_t (*hashes)[TLOG_HASH_SIZE];
};

static enum err_code read_hashes_on(struct store_conn *c, void *arg, struct err *err)
{
    struct hashes_read *h = arg;
    struct store_stmt *rows = NULL, *upper = NULL;
    enum err_code rc = store_prepare(c, "SELECT tlog FROM events WHERE seq = ?", &rows, err);
    if (rc == ERR_OK) {
        rc = store_prepare(c, "SELECT hash FROM tlog_upper WHERE idx = ?", &upper, err);
    }
    for (size_t i = 0; rc == ERR_OK && i < h->n; i++) {
        /* The offset of a stored hash in its leaf's row is its level. */
        int offset = 0;
        int64_t seq = tlog_db_leaf_of_stored(h->indexes[i], &offset);
        struct store_stmt *s = offset >= TLOG_DB_UPPER_LEVEL ? upper : rows;
        store_bind_int(s, 1, s == upper ? h->indexes[i] : seq);
        offset = s == upper ? 0 : offset;
        enum store_step_result r = store_step(s, err);
        size_t len = 0;
        const uint8_t *bytes = r == STORE_ROW ? store_col_blob(s, 0, &len) : NULL;
        if (r == STORE_ERROR) {
            rc = err->code;
        } else if (bytes == NULL || len < (size_t)(offset + 1) * TLOG_HASH_SIZE) {
            rc = err_set(err, ERR_INTEGRITY, "tlog", "日志散列 %lld 缺失或损坏",
                         "log hash %lld is missing or damaged", (long long)h->indexes[i]);
        } else {
            memcpy(h->hashes[i], bytes + (size_t)offset * TLOG_HASH_SIZE, TLOG_HASH_SIZE);
        }
        store_done(s);
    }
    return rc;
}

/* All the hashes asked for in one read transaction (nested in the
 * caller's, if any): one snapshot, and one locking cost for all. */
static enum err_code read_hashes(
    void *ctx, const int64_t *indexes, size_t n, uint8_t (*hashes)[TLOG_HASH_SIZE], struct err *err)
{
    struct hashes_read h = {indexes, n, hashes};
    return store_read(ctx, read_hashes_on, &h, err);
}

struct tlog_reader tlog_db_reader(struct store_conn *c)
{
    return (struct tlog_reader){.read = read_hashes, .ctx = c};
}

enum err_code tlog_db_size(struct store_conn *c, int64_t *size, struct err *err)
{
    return store_query_int(c, size, NULL, err, "SELECT COALESCE(MAX(seq) + 1, 0) FROM events", "");
}

/* Loads the edge of a tree of size leaves from the store. */
static enum err_code
edge_load(struct store_conn *c, int64_t size, struct tlog_edge *e, struct err *err)
{
    e->size = size;
    e->n = 0;
    for (int level = 0; level < 63; level++) {
        if ((size >> level) & 1) {
            e->index[e->n++] = tlog_stored_index(level, (size >> level) - 1);
        }
    }
    return e->n > 0 ? read_hashes(c, e->index, (size_t)e->n, e->hash, err) : ERR_OK;
}

/* A reader of the edge's hashes (tlog_stored_hashes_for_leaf asks for the
 * left siblings of the next leaf, all on the edge). */
static enum err_code read_edge(
    void *ctx, const int64_t *indexes, size_t n, uint8_t (*hashes)[TLOG_HASH_SIZE], struct err *err)
{
    const struct tlog_edge *e = ctx;
    for (size_t i = 0; i < n; i++) {
        int k = 0;
        while (k < e->n && e->index[k] != indexes[i]) {
            k++;
        }
        if (k == e->n) {
            return err_set(err, ERR_INTERNAL, "tlog", NULL, "log hash %lld is not on the edge",
                           (long long)indexes[i]);
        }
        memcpy(hashes[i], e->hash[k], TLOG_HASH_SIZE);
    }
    return ERR_OK;
}

/* Moves the edge past leaf seq, whose stored hashes are out[0..n): the n - 1
 * subtrees it merged leave it, the one it completed joins it. */
static void edge_advance(struct tlog_edge *e, int64_t seq, uint8_t (*out)[TLOG_HASH_SIZE], size_t n)
{
    int levels = (int)n - 1;
    for (int level = 0; level < levels; level++) {
        int64_t merged = tlog_stored_index(level, (seq >> level) - 1);
        for (int k = 0; k < e->n; k++) {
            if (e->index[k] == merged) {
                e->index[k] = e->index[e->n - 1];
                memcpy(e->hash[k], e->hash[e->n - 1], TLOG_HASH_SIZE);
                e->n--;
                break;
            }
        }
    }
    e->index[e->n] = tlog_stored_index(levels, seq >> levels);
    memcpy(e->hash[e->n], out[levels], TLOG_HASH_SIZE);
    e->n++;
    e->size = seq + 1;
}

enum err_code tlog_db_append_hashes(struct store_conn *c,
                                    int64_t seq,
                                    const void *leaf,
                                    size_t len,
                                    uint8_t out[TLOG_DB_LEAF_HASHES_MAX],
                                    size_t *out_len,
                                    struct err *err)
{
    uint8_t leaf_hash[TLOG_HASH_SIZE];
    size_t n = 0;
    struct tlog_db_state *state = tlog_db_state(store_of(c));
    struct tlog_edge edge;
    bool known = false;
    uint64_t txn = store_transaction(c);
    if (state != NULL) {
        pthread_mutex_lock(&state->lock);
        bool mine = state->pending.size == seq && state->pending.txn == txn;
        known = mine || state->committed.size == seq;
        if (known) {
            edge = mine ? state->pending : state->committed;
        }
        pthread_mutex_unlock(&state->lock);
    }
    enum err_code rc = known ? ERR_OK : edge_load(c, seq, &edge, err);
    tlog_hash_leaf(leaf, len, leaf_hash);
    struct tlog_reader reader = {.read = read_edge, .ctx = &edge};
    if (rc == ERR_OK) {
        rc = tlog_stored_hashes_for_leaf(seq, leaf_hash, &reader, (uint8_t(*)[TLOG_HASH_SIZE])out,
                                         &n, err);
    }
    *out_len = rc == ERR_OK ? n * TLOG_HASH_SIZE : 0;
    int64_t first = tlog_stored_count(seq);
    for (size_t k = TLOG_DB_UPPER_LEVEL; rc == ERR_OK && k < n; k++) {
        rc = store_exec(c, err, "INSERT INTO tlog_upper (idx, hash) VALUES (?, ?)", "ib",
                        first + (int64_t)k, out + k * TLOG_HASH_SIZE, (size_t)TLOG_HASH_SIZE);
    }
    if (rc == ERR_OK && state != NULL) {
        edge_advance(&edge, seq, (uint8_t(*)[TLOG_HASH_SIZE])out, n);
        edge.txn = txn;
        pthread_mutex_lock(&state->lock);
        state->pending = edge;
        pthread_mutex_unlock(&state->lock);
    }
    return rc;
}

/* Signs a checkpoint of the current size unless one covers it already. */
static enum err_code sign_checkpoint(struct store_conn *c, void *ctx, struct err *err)
{
    struct tlog_db_state *state = ctx;
    int64_t size = 0, signed_size = -1;
    bool found = false;
    enum err_code rc = tlog_db_size(c, &size, err);
    if (rc == ERR_OK) {
        rc = store_query_int(c, &signed_size, &found, err, "SELECT size FROM checkpoint", "");
    }
    if (rc != ERR_OK || (found && signed_size == size)) {
        return rc;
    }
    if (found && signed_size > size) {
        return err_set(err, ERR_INTEGRITY, "checkpoint", "日志比已签名的检查点短",
                       "the log is shorter than its signed checkpoint");
    }
    struct tlog_checkpoint cp = {.size = size};
    struct buf note;
    buf_init(&note, 64 * 1024);
    memcpy(cp.origin, state->key.name, strlen(state->key.name) + 1);
    struct tlog_reader reader = tlog_db_reader(c);
    rc = tlog_tree_hash(size, &reader, cp.root, err);
    if (rc == ERR_OK) {
        rc = tlog_checkpoint_sign(&cp, &state->key, &note, err);
    }
    if (rc == ERR_OK) {
        rc = store_exec(c, err,
                        "INSERT INTO checkpoint (id, size, note) VALUES (1, ?, ?)"
                        " ON CONFLICT (id) DO UPDATE SET size = excluded.size,"
                        " note = excluded.note",
                        "it", size, buf_str(&note));
    }
    buf_clear(&note);
    return rc;
}

/* Reads the committed size; wakes the followers when it grew. When txn
 * (not 0) has just committed and made the last append, its edge is the
 * database's. */
static enum err_code
note_size(struct store_conn *c, struct tlog_db_state *state, uint64_t txn, struct err *err)
{
    int64_t size = 0;
    enum err_code rc = tlog_db_size(c, &size, err);
    if (rc == ERR_OK) {
        pthread_mutex_lock(&state->lock);
        if (size > state->size) {
            state->size = size;
            state->generation++;
            pthread_cond_broadcast(&state->grew);
        }
        if (txn != 0 && state->pending.txn == txn && state->pending.size == size) {
            state->committed = state->pending;
        }
        pthread_mutex_unlock(&state->lock);
    }
    return rc;
}

/* After a commit is durable: wakes the followers. */
static enum err_code notify(struct store_conn *c, void *ctx, struct err *err)
{
    return note_size(c, ctx, store_transaction(c), err);
}

static void state_free(void *ctx)
{
    struct tlog_db_state *state = ctx;
    if (state == NULL) {
        return;
    }
    pthread_cond_destroy(&state->grew);
    pthread_mutex_destroy(&state->lock);
    sodium_memzero(&state->key, sizeof(state->key));
    xfree(state);
}

/* The body of an empty write. */
static enum err_code write_nothing(struct store_conn *c, void *arg, struct err *err)
{
    (void)c;
    (void)arg;
    (void)err;
    return ERR_OK;
}

/* Runs an empty write transaction, whose commit hook signs a checkpoint
 * when none covers the events yet (a new node, or an older data folder). */
static enum err_code sign_if_needed(struct store_conn *c, struct err *err)
{
    return store_write(c, write_nothing, NULL, err);
}

enum err_code tlog_db_attach(struct store *st, const struct tlog_key *key, struct err *err)
{
    struct tlog_db_state *state = xcalloc(1, sizeof(*state));
    state->key = *key;
    state->generation = 1; /* 0 is for what never changes (http/cache.h) */
    state->pending.size = state->committed.size = -1;
    pthread_mutex_init(&state->lock, NULL);
    pthread_cond_init(&state->grew, NULL);
    store_set_hooks(st, sign_checkpoint, notify, state, state_free);
    struct store_conn *c = store_acquire(st);
    json_t *origin = NULL;
    enum err_code rc =
        store_query_row(c, &origin, err, "SELECT value FROM node WHERE key = 'origin'", "");
    if (rc == ERR_OK &&
        (origin == NULL ||
         strcmp(json_string_value(json_object_get(origin, "value")), key->name) != 0)) {
        rc = err_set(err, ERR_INVALID, "key", "签名密钥与本节点的日志名称不符",
                     "the signing key does not match the node's log origin");
    }
    json_decref(origin);
    if (rc == ERR_OK) {
        rc = sign_if_needed(c, err);
    }
    if (rc == ERR_OK) {
        rc = tlog_db_size(c, &state->size, err);
    }
    store_release(c);
    if (rc != ERR_OK) {
        store_set_hooks(st, NULL, NULL, NULL, NULL);
    }
    return rc;
}

struct tlog_db_state *tlog_db_state(struct store *st)
{
    return store_hook_ctx(st);
}

enum err_code tlog_db_refresh(struct store *st, struct err *err)
{
    struct store_conn *c = store_acquire(st);
    enum err_code rc = note_size(c, store_hook_ctx(st), 0, err);
    store_release(c);
    return rc;
}

uint64_t tlog_db_generation(struct tlog_db_state *state)
{
    pthread_mutex_lock(&state->lock);
    uint64_t g = state->generation;
    pthread_mutex_unlock(&state->lock);
    return g;
}

void tlog_db_touch(struct tlog_db_state *state)
{
    pthread_mutex_lock(&state->lock);
    state->generation++;
    pthread_mutex_unlock(&state->lock);
}

int64_t tlog_db_wait(struct tlog_db_state *state, int64_t size, int timeout_ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&state->lock);
    while (state->size <= size) {
        if (pthread_cond_timedwait(&state->grew, &state->lock, &until) == ETIMEDOUT) {
            break;
        }
    }
    int64_t now = state->size;
    pthread_mutex_unlock(&state->lock);
    return now;
}

/* Appends the witnesses' cosignature lines for the checkpoint note (of
 * size leaves): those stored for the same size and root (docs/monitor.md,
 * "Witness"). */
static enum err_code append_cosignatures(
    struct store_conn *c, const char *note, int64_t size, struct buf *out, struct err *err)
{
    struct store_stmt *s = NULL;
    const char *root = strchr(note, '\n');
    root = root != NULL ? strchr(root + 1, '\n') : NULL;
    size_t len = root != NULL ? strcspn(root + 1, "\n") : 0;
    if (len != TLOG_HASH_B64_SIZE - 1) {
        return ERR_OK;
    }
    char b64[TLOG_HASH_B64_SIZE];
    memcpy(b64, root + 1, len);
    b64[len] = '\0';
    enum err_code rc = store_prepare(c,
                                     "SELECT cosignature FROM witness_cosignatures"
                                     " WHERE size = ? AND root = ? ORDER BY witness",
                                     &s, err);
    if (rc != ERR_OK) {
        return rc;
    }
    store_bind_int(s, 1, size);
    store_bind_text(s, 2, b64);
    enum store_step_result r;
    while (rc == ERR_OK && (r = store_step(s, err)) == STORE_ROW) {
        rc = buf_append_str(out, store_col_text(s, 0));
    }
    if (rc == ERR_OK && r == STORE_ERROR) {
        rc = err->code;
    }
    store_done(s);
    return rc;
}

enum err_code
tlog_db_checkpoint(struct store_conn *c, struct buf *out, int64_t *size, struct err *err)
{
    json_t *row = NULL;
    enum err_code rc = store_query_row(c, &row, err, "SELECT size, note FROM checkpoint", "");
    const char *note = NULL;
    if (rc == ERR_OK && row == NULL) {
        rc = err_set(err, ERR_NOT_FOUND, NULL, "尚无签名检查点", "no checkpoint has been signed");
    }
    if (rc == ERR_OK) {
        *size = (int64_t)json_integer_value(json_object_get(row, "size"));
        note = json_string_value(json_object_get(row, "note"));
        rc = buf_append_str(out, note);
    }
    if (rc == ERR_OK) {
        rc = append_cosignatures(c, note, *size, out, err);
    }
    json_decref(row);
    return rc;
}

/* Appends the entry bundle for tile (level TLOG_TILE_ENTRIES). */
static enum err_code
entry_bundle(struct store_conn *c, const struct tlog_tile *tile, struct buf *out, struct err *err)
{
    struct store_stmt *s = NULL;
    int64_t first = tile->index * TLOG_TILE_WIDTH;
    enum err_code rc = store_prepare(
        c, "SELECT body FROM events WHERE seq >= ? AND seq < ? ORDER BY seq", &s, err);
    if (rc != ERR_OK) {
        return rc;
    }
    store_bind_int(s, 1, first);
    store_bind_int(s, 2, first + tile->width);
    int n = 0;
    enum store_step_result r;
    while (rc == ERR_OK && (r = store_step(s, err)) == STORE_ROW) {
        size_t len = 0;
        const uint8_t *body = store_col_blob(s, 0, &len);
        uint8_t prefix[2] = {(uint8_t)(len >> 8), (uint8_t)(len & 0xff)};
        rc = len > TLOG_ENTRY_MAX ? err_set(err, ERR_INTEGRITY, NULL, NULL, NULL)
                                  : buf_append(out, prefix, 2);
        if (rc == ERR_OK) {
            rc = buf_append(out, body, len);
        }
        n++;
    }
    if (rc == ERR_OK && r == STORE_ERROR) {
        rc = err->code;
    }
    store_done(s);
    if (rc == ERR_OK && n != tile->width) {
        rc = err_set(err, ERR_NOT_FOUND, "path", NULL, NULL);
    }
    return rc;
}

enum err_code
tlog_db_tile(struct store_conn *c, const struct tlog_tile *tile, struct buf *out, struct err *err)
{
    int64_t size = 0;
    enum err_code rc = store_query_int(c, &size, NULL, err,
                                       "SELECT COALESCE((SELECT size FROM checkpoint), 0)", "");
    if (rc == ERR_OK && !tlog_tile_exists(tile, size)) {
        rc = err_set(err, ERR_NOT_FOUND, "path", NULL, NULL);
    }
    if (rc == ERR_OK && tile->level == TLOG_TILE_ENTRIES) {
        rc = entry_bundle(c, tile, out, err);
    } else if (rc == ERR_OK) {
        uint8_t *data = xmalloc((size_t)tile->width * TLOG_HASH_SIZE);
        struct tlog_reader reader = tlog_db_reader(c);
        rc = tlog_tile_read(tile, size, &reader, data, err);
        if (rc == ERR_OK) {
            rc = buf_append(out, data, (size_t)tile->width * TLOG_HASH_SIZE);
        }
        xfree(data);
    }
    return rc;
}

enum err_code
tlog_db_leaf_hash(struct store_conn *c, int64_t index, uint8_t out[TLOG_HASH_SIZE], struct err *err)
{
    int64_t size = 0;
    enum err_code rc = tlog_db_size(c, &size, err);
    if (rc == ERR_OK && (index < 0 || index >= size)) {
        return err_set(err, ERR_NOT_FOUND, "index", "日志中没有第 %lld 条记录",
                       "the log has no entry %lld", (long long)index);
    }
    int64_t idx = tlog_stored_index(0, index);
    return rc == ERR_OK ? read_hashes(c, &idx, 1, (uint8_t(*)[TLOG_HASH_SIZE])out, err) : rc;
}

enum err_code tlog_db_receipt(struct store_conn *c, int64_t index, struct buf *out, struct err *err)
{
    struct buf note;
    struct tlog_proof_text p = {.index = index};
    int64_t size = 0;
    buf_init(&note, 64 * 1024);
    enum err_code rc = tlog_db_checkpoint(c, &note, &size, err);
    if (rc == ERR_OK && (index < 0 || index >= size)) {
        rc = err_set(err, ERR_NOT_FOUND, "index", "检查点未覆盖第 %lld 条记录",
                     "the checkpoint does not cover entry %lld", (long long)index);
    }
    struct tlog_reader reader = tlog_db_reader(c);
    if (rc == ERR_OK) {
        rc = tlog_prove_inclusion(index, size, &reader, p.path, &p.n_path, err);
    }
    if (rc == ERR_OK) {
        p.checkpoint = buf_str(&note);
        p.checkpoint_len = note.len;
        rc = tlog_proof_text_format(&p, out, err);
    }
    buf_clear(&note);
    return rc;
}
