/*
 * The log's reads for a server, each in a read transaction of its own.
 * See serve.h.
 */
#include "log/serve.h"

#include "core/utc.h"

#include "log/db.h"
#include "log/note.h"

/* A read of the log: what it asks for and where the answer goes. */
struct serve_read {
    enum err_code (*fn)(struct store_conn *c, struct serve_read *r, struct err *err);
    const struct tlog_tile *tile;
    struct buf *out;
    int64_t index, size, from, to;
    struct tlog_inclusion *inclusion;
    struct tlog_consistency *consistency;
};

static enum err_code serve_on(struct store_conn *c, void *arg, struct err *err)
{
    struct serve_read *r = arg;
    return r->fn(c, r, err);
}

/* Runs r->fn in one read transaction, on a replica where there is one. */
static enum err_code serve(struct store *st, struct serve_read *r, struct err *err)
{
    return store_read_routed(st, serve_on, r, err);
}

static enum err_code checkpoint_on(struct store_conn *c, struct serve_read *r, struct err *err)
{
    return tlog_db_checkpoint(c, r->out, &r->size, err);
}

enum err_code
tlog_serve_checkpoint(struct store *st, struct buf *note, int64_t *size, struct err *err)
{
    struct serve_read r = {.fn = checkpoint_on, .out = note};
    enum err_code rc = serve(st, &r, err);
    *size = r.size;
    return rc;
}

static enum err_code tile_on(struct store_conn *c, struct serve_read *r, struct err *err)
{
    return tlog_db_tile(c, r->tile, r->out, err);
}

enum err_code
tlog_serve_tile(struct store *st, const struct tlog_tile *tile, struct buf *data, struct err *err)
{
    struct serve_read r = {.fn = tile_on, .tile = tile, .out = data};
    return serve(st, &r, err);
}

void tlog_serve_verifier_key(struct store *st, char out[TLOG_KEY_TEXT_MAX])
{
    struct tlog_verifier v;
    tlog_verifier_from_key(&tlog_db_state(st)->key, TLOG_KEY_TYPE_ED25519, &v);
    tlog_verifier_text(&v, out);
}

static enum err_code size_on(struct store_conn *c, struct serve_read *r, struct err *err)
{
    return tlog_db_size(c, &r->size, err);
}

enum err_code tlog_serve_size(struct store *st, int64_t *size, struct err *err)
{
    struct serve_read r = {.fn = size_on};
    enum err_code rc = serve(st, &r, err);
    *size = r.size;
    return rc;
}

/* The signed size into *signed_size; refuses a wanted size beyond it. */
static enum err_code
signed_size(struct store_conn *c, int64_t wanted, int64_t *signed_size, struct err *err)
{
    struct buf note;
    buf_init(&note, 1024 * 1024);
    enum err_code rc = tlog_db_checkpoint(c, &note, signed_size, err);
    buf_clear(&note);
    if (rc == ERR_OK && wanted > *signed_size) {
        rc = err_set(err, ERR_NOT_FOUND, "size", "日志尚未达到该规模(已签名 %lld)",
                     "the log has not reached that size (signed: %lld)", (long long)*signed_size);
    }
    return rc;
}

static enum err_code inclusion_on(struct store_conn *c, struct serve_read *r, struct err *err)
{
    struct tlog_inclusion *p = r->inclusion;
    struct tlog_reader reader = tlog_db_reader(c);
    int64_t have = 0;
    enum err_code rc = signed_size(c, r->size, &have, err);
    p->index = r->index;
    p->size = r->size < 0 ? have : r->size;
    if (rc == ERR_OK && p->index >= p->size) {
        rc = err_set(err, ERR_NOT_FOUND, "index", "第 %lld 条记录不在该规模的树中",
                     "entry %lld is not in a tree of that size", (long long)p->index);
    }
    if (rc == ERR_OK) {
        rc = tlog_prove_inclusion(p->index, p->size, &reader, p->proof, &p->n, err);
    }
    if (rc == ERR_OK) {
        rc = tlog_db_leaf_hash(c, p->index, p->leaf, err);
    }
    if (rc == ERR_OK) {
        rc = tlog_tree_hash(p->size, &reader, p->root, err);
    }
    return rc;
}

enum err_code tlog_serve_inclusion(
    struct store *st, int64_t index, int64_t size, struct tlog_inclusion *out, struct err *err)
{
    struct serve_read r = {.fn = inclusion_on, .index = index, .size = size, .inclusion = out};
    return serve(st, &r, err);
}

static enum err_code consistency_on(struct store_conn *c, struct serve_read *r, struct err *err)
{
    struct tlog_consistency *p = r->consistency;
    struct tlog_reader reader = tlog_db_reader(c);
    int64_t have = 0;
    p->from = r->from;
    p->to = r->to;
    enum err_code rc = signed_size(c, p->to, &have, err);
    if (rc == ERR_OK && p->from > p->to) {
        rc = err_set(err, ERR_BAD_REQUEST, "from", "from 不能大于 to", "from cannot exceed to");
    }
    if (rc == ERR_OK) {
        rc = tlog_prove_consistency(p->from, p->to, &reader, p->proof, &p->n, err);
    }
    if (rc == ERR_OK) {
        rc = tlog_tree_hash(p->from, &reader, p->from_root, err);
    }
    if (rc == ERR_OK) {
        rc = tlog_tree_hash(p->to, &reader, p->to_root, err);
    }
    return rc;
}

enum err_code tlog_serve_consistency(
    struct store *st, int64_t from, int64_t to, struct tlog_consistency *out, struct err *err)
{
    struct serve_read r = {.fn = consistency_on, .from = from, .to = to, .consistency = out};
    return serve(st, &r, err);
}

static enum err_code receipt_on(struct store_conn *c, struct serve_read *r, struct err *err)
{
    return tlog_db_receipt(c, r->index, r->out, err);
}

enum err_code tlog_serve_receipt(struct store *st, int64_t index, struct buf *out, struct err *err)
{
    struct serve_read r = {.fn = receipt_on, .index = index, .out = out};
    return serve(st, &r, err);
}

int64_t tlog_serve_wait(struct store *st, int64_t size, int timeout_ms)
{
    return tlog_db_wait(tlog_db_state(st), size, timeout_ms);
}

/* True when the database may hold a commit state has not seen: its data
 * version changed, or (without one) the size was last read long enough
 * ago. Notes what it saw. */
static bool may_have_grown(struct store *st, struct tlog_db_state *state)
{
    int64_t version = 0, now = utc_now_ms();
    bool versioned = store_data_version(st, &version);
    pthread_mutex_lock(&state->lock);
    bool stale = versioned ? version != state->data_version
                           : now - state->refreshed_ms >= TLOG_SERVE_REFRESH_MS;
    if (stale) {
        state->data_version = version;
        state->refreshed_ms = now;
    }
    pthread_mutex_unlock(&state->lock);
    return stale;
}

uint64_t tlog_serve_generation(struct store *st)
{
    struct tlog_db_state *state = tlog_db_state(st);
    if (state == NULL) {
        return 0;
    }
    struct err err;
    err_init(&err);
    if (may_have_grown(st, state) && tlog_db_refresh(st, &err) != ERR_OK) {
        pthread_mutex_lock(&state->lock);
        state->data_version = state->refreshed_ms = 0; /* read again next time */
        pthread_mutex_unlock(&state->lock);
    }
    return tlog_db_generation(state);
}

enum err_code tlog_serve_refresh(struct store *st, struct err *err)
{
    return tlog_db_refresh(st, err);
}
