/*
 * Checking a log from its tiles. The stored hashes of the new leaves are
 * rebuilt in memory (about 64 bytes a leaf) on top of the verified tree's,
 * which a reader supplies; see tilecheck.h.
 */
#include "monitor/tilecheck.h"

#include "core/alloc.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define PROGRESS_TILES 64

const char *tilecheck_problem_name(enum tilecheck_problem p)
{
    static const char *const names[] = {"ok", "fork", "bad_root", "bad_tile", "bad_entry"};
    return names[p];
}

static void
problem(struct tilecheck_report *r, enum tilecheck_problem p, int64_t index, const char *fmt, ...)
    PRINTF_LIKE(4, 5);

static void
problem(struct tilecheck_report *r, enum tilecheck_problem p, int64_t index, const char *fmt, ...)
{
    if (r->problem != TILECHECK_OK) {
        return; /* keep the first */
    }
    va_list ap;
    va_start(ap, fmt);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(r->detail, sizeof(r->detail), fmt, ap);
#pragma GCC diagnostic pop
    va_end(ap);
    r->problem = p;
    r->index = index;
}

/* The verified tree's stored hashes, then the ones rebuilt in memory. */
struct combined {
    const struct tlog_reader *old; /* indexes below old_count */
    int64_t old_count;
    uint8_t (*mem)[TLOG_HASH_SIZE]; /* index old_count + i is mem[i] */
    int64_t n_mem;                  /* how many are filled */
};

static enum err_code combined_read(
    void *ctx, const int64_t *indexes, size_t n, uint8_t (*hashes)[TLOG_HASH_SIZE], struct err *err)
{
    struct combined *cb = ctx;
    size_t n_old = 0;
    enum err_code rc = ERR_OK;
    for (size_t i = 0; i < n; i++) {
        n_old += indexes[i] < cb->old_count;
    }
    if (n_old > 0) {
        int64_t *idx = xmalloc(n_old * sizeof(*idx));
        uint8_t(*got)[TLOG_HASH_SIZE] = xmalloc(n_old * TLOG_HASH_SIZE);
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (indexes[i] < cb->old_count) {
                idx[k++] = indexes[i];
            }
        }
        rc = cb->old->read(cb->old->ctx, idx, n_old, got, err);
        k = 0;
        for (size_t i = 0; rc == ERR_OK && i < n; i++) {
            if (indexes[i] < cb->old_count) {
                memcpy(hashes[i], got[k++], TLOG_HASH_SIZE);
            }
        }
        xfree(idx);
        xfree(got);
    }
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        if (indexes[i] < cb->old_count) {
            continue;
        }
        int64_t m = indexes[i] - cb->old_count;
        if (m >= cb->n_mem) {
            rc = err_set(err, ERR_NOT_FOUND, "tile", "散列 %lld 尚未计算",
                         "hash %lld has not been computed", (long long)indexes[i]);
        } else {
            memcpy(hashes[i], cb->mem[m], TLOG_HASH_SIZE);
        }
    }
    return rc;
}

/* The level-0 tile k of a tree of size leaves. */
static struct tlog_tile leaf_tile(int64_t k, int64_t size)
{
    int64_t left = size - k * TLOG_TILE_WIDTH;
    return (struct tlog_tile){
        .level = 0,
        .index = k,
        .width = (int)(left < TLOG_TILE_WIDTH ? left : TLOG_TILE_WIDTH),
    };
}

static void report_progress(
    const struct tilecheck_job *job, const char *phase, int64_t tiles_done, int64_t done, bool last)
{
    if (job->progress != NULL && (last || tiles_done % PROGRESS_TILES == 0)) {
        job->progress(job->progress_ctx, phase, done, job->new_size);
    }
}

/* Step 1 and the stored hashes of step 2: reads the level-0 tiles. */
static enum err_code read_leaf_tiles(const struct tilecheck_job *job,
                                     struct combined *cb,
                                     struct tilecheck_report *rep,
                                     struct err *err)
{
    struct tlog_reader reader = {.read = combined_read, .ctx = cb};
    struct buf data;
    enum err_code rc = ERR_OK;
    int64_t first = job->old_size / TLOG_TILE_WIDTH;
    buf_init(&data, (size_t)TLOG_TILE_WIDTH * TLOG_HASH_SIZE);
    for (int64_t k = first;
         rc == ERR_OK && rep->problem == TILECHECK_OK && k * TLOG_TILE_WIDTH < job->new_size; k++) {
        struct tlog_tile tile = leaf_tile(k, job->new_size);
        char path[TLOG_TILE_PATH_MAX];
        int64_t base = k * TLOG_TILE_WIDTH;
        buf_reset(&data);
        rc = job->src->get(job->src->ctx, &tile, &data, err);
        if (rc != ERR_OK) {
            break;
        }
        tlog_tile_path(&tile, path);
        if (data.len != (size_t)tile.width * TLOG_HASH_SIZE) {
            problem(rep, TILECHECK_BAD_TILE, base, "%s has %zu bytes, not %zu", path, data.len,
                    (size_t)tile.width * TLOG_HASH_SIZE);
            break;
        }
        const uint8_t(*hashes)[TLOG_HASH_SIZE] = (const uint8_t(*)[TLOG_HASH_SIZE])data.data;
        /* Leaves the verified tree has: they must not have changed. */
        int64_t n_known = job->old_size > base ? job->old_size - base : 0;
        if (n_known > 0) {
            int64_t *idx = xmalloc((size_t)n_known * sizeof(*idx));
            uint8_t(*known)[TLOG_HASH_SIZE] = xmalloc((size_t)n_known * TLOG_HASH_SIZE);
            for (int64_t i = 0; i < n_known; i++) {
                idx[i] = tlog_stored_index(0, base + i);
            }
            rc = job->old->read(job->old->ctx, idx, (size_t)n_known, known, err);
            for (int64_t i = 0; rc == ERR_OK && i < n_known; i++) {
                if (memcmp(known[i], hashes[i], TLOG_HASH_SIZE) != 0) {
                    problem(rep, TILECHECK_FORK, base + i,
                            "%s: leaf %lld differs from the one verified before", path,
                            (long long)(base + i));
                    break;
                }
            }
            xfree(idx);
            xfree(known);
        }
        for (int64_t i = n_known; rc == ERR_OK && rep->problem == TILECHECK_OK && i < tile.width;
             i++) {
            size_t n = 0;
            int64_t leaf = base + i;
            assert(tlog_stored_count(leaf) - cb->old_count == cb->n_mem);
            rc =
                tlog_stored_hashes_for_leaf(leaf, hashes[i], &reader, cb->mem + cb->n_mem, &n, err);
            cb->n_mem += (int64_t)n;
        }
        report_progress(job, "tiles", k - first + 1, base + tile.width,
                        base + tile.width == job->new_size);
    }
    buf_clear(&data);
    return rc;
}

/* Step 3: every higher tile the growth publishes, against the tree. */
static enum err_code check_upper_tiles(const struct tilecheck_job *job,
                                       struct combined *cb,
                                       struct tilecheck_report *rep,
                                       struct err *err)
{
    struct tlog_reader reader = {.read = combined_read, .ctx = cb};
    struct tlog_tile *tiles = NULL;
    struct buf data;
    uint8_t expect[TLOG_TILE_WIDTH][TLOG_HASH_SIZE];
    enum err_code rc = ERR_OK;
    size_t n = tlog_tiles_new(job->old_size, job->new_size, &tiles);
    buf_init(&data, (size_t)TLOG_TILE_WIDTH * TLOG_HASH_SIZE);
    for (size_t i = 0; rc == ERR_OK && rep->problem == TILECHECK_OK && i < n; i++) {
        const struct tlog_tile *t = &tiles[i];
        if (t->level == 0) {
            continue; /* read in step 1 */
        }
        char path[TLOG_TILE_PATH_MAX];
        int64_t first_leaf = (t->index * TLOG_TILE_WIDTH) << (TLOG_TILE_HEIGHT * t->level);
        tlog_tile_path(t, path);
        buf_reset(&data);
        rc = job->src->get(job->src->ctx, t, &data, err);
        if (rc == ERR_OK) {
            rc = tlog_tile_read(t, job->new_size, &reader, &expect[0][0], err);
        }
        if (rc == ERR_OK && (data.len != (size_t)t->width * TLOG_HASH_SIZE ||
                             memcmp(data.data, expect, data.len) != 0)) {
            problem(rep, TILECHECK_BAD_TILE, first_leaf,
                    "%s differs from the tree rebuilt from the level-0 tiles", path);
        }
    }
    xfree(tiles);
    buf_clear(&data);
    return rc;
}

/* Step 4: the entry bundles. */
static enum err_code check_entries(const struct tilecheck_job *job,
                                   struct combined *cb,
                                   struct tilecheck_report *rep,
                                   struct err *err)
{
    struct buf data;
    struct tlog_entry *entries = xmalloc(TLOG_TILE_WIDTH * sizeof(*entries));
    struct tlog_hasher h;
    enum err_code rc = ERR_OK;
    int64_t first = job->old_size / TLOG_TILE_WIDTH;
    buf_init(&data, (size_t)TLOG_TILE_WIDTH * (TLOG_ENTRY_MAX + 2));
    tlog_hasher_init(&h);
    for (int64_t k = first;
         rc == ERR_OK && rep->problem == TILECHECK_OK && k * TLOG_TILE_WIDTH < job->new_size; k++) {
        struct tlog_tile tile = leaf_tile(k, job->new_size);
        struct tlog_tile bundle = {.level = TLOG_TILE_ENTRIES, .index = k, .width = tile.width};
        char path[TLOG_TILE_PATH_MAX];
        int64_t base = k * TLOG_TILE_WIDTH;
        size_t n = 0;
        struct err why;
        err_init(&why);
        tlog_tile_path(&bundle, path);
        buf_reset(&data);
        rc = job->src->get(job->src->ctx, &bundle, &data, err);
        if (rc != ERR_OK) {
            break;
        }
        if (tlog_bundle_decode((const uint8_t *)data.data, data.len, entries, &n, &why) != ERR_OK) {
            problem(rep, TILECHECK_BAD_ENTRY, base, "%s is malformed: %s", path,
                    err_message(&why, true));
            break;
        }
        if (n != (size_t)tile.width) {
            problem(rep, TILECHECK_BAD_ENTRY, base + (int64_t)(n < (size_t)tile.width ? n : 0),
                    "%s has %zu entries, not %d", path, n, tile.width);
            break;
        }
        int64_t from = job->old_size > base ? job->old_size - base : 0;
        for (int64_t i = from; rc == ERR_OK && i < tile.width; i++) {
            int64_t leaf = base + i;
            int64_t at = tlog_stored_count(leaf) - cb->old_count;
            int64_t end = tlog_stored_count(leaf + 1) - cb->old_count;
            uint8_t got[TLOG_HASH_SIZE];
            tlog_hasher_leaf(&h, entries[i].data, entries[i].len, got);
            if (memcmp(got, cb->mem[at], TLOG_HASH_SIZE) != 0) {
                problem(rep, TILECHECK_BAD_ENTRY, leaf,
                        "entry %lld of %s does not hash to its leaf in the level-0 tile",
                        (long long)leaf, path);
                break;
            }
            if (job->on_entry != NULL) {
                rc = job->on_entry(job->entry_ctx, leaf, entries[i].data, entries[i].len,
                                   (const uint8_t(*)[TLOG_HASH_SIZE])cb->mem + at,
                                   (size_t)(end - at), err);
            }
        }
        report_progress(job, "entries", k - first + 1, base + tile.width,
                        base + tile.width == job->new_size);
    }
    tlog_hasher_clear(&h);
    buf_clear(&data);
    xfree(entries);
    return rc;
}

enum err_code
tilecheck_run(const struct tilecheck_job *job, struct tilecheck_report *rep, struct err *err)
{
    memset(rep, 0, sizeof(*rep));
    rep->problem = TILECHECK_OK;
    rep->index = -1;
    if (job->old_size < 0 || job->new_size < job->old_size || job->new_size > TLOG_SIZE_MAX ||
        (job->old_size > 0 && job->old == NULL)) {
        return err_set(err, ERR_INVALID, "size", "树的大小无效", "tree sizes out of order");
    }
    struct combined cb = {
        .old = job->old,
        .old_count = tlog_stored_count(job->old_size),
        .n_mem = 0,
    };
    int64_t n_new = tlog_stored_count(job->new_size) - cb.old_count;
    cb.mem = xmalloc((size_t)(n_new > 0 ? n_new : 1) * TLOG_HASH_SIZE);
    struct tlog_reader reader = {.read = combined_read, .ctx = &cb};
    uint8_t root[TLOG_HASH_SIZE];
    enum err_code rc = read_leaf_tiles(job, &cb, rep, err);
    if (rc == ERR_OK && rep->problem == TILECHECK_OK) {
        rc = tlog_tree_hash(job->new_size, &reader, root, err);
        if (rc == ERR_OK && memcmp(root, job->new_root, TLOG_HASH_SIZE) != 0) {
            char want[TLOG_HASH_B64_SIZE], got[TLOG_HASH_B64_SIZE];
            tlog_hash_to_b64(job->new_root, want);
            tlog_hash_to_b64(root, got);
            if (job->old_size > 0) {
                problem(rep, TILECHECK_FORK, job->old_size,
                        "the checkpoint of %lld leaves (root %s) does not extend the %lld leaves "
                        "verified before: rebuilt from the tiles, the root is %s",
                        (long long)job->new_size, want, (long long)job->old_size, got);
            } else {
                problem(rep, TILECHECK_BAD_ROOT, job->new_size > 0 ? job->new_size - 1 : 0,
                        "the tree rebuilt from the tiles has root %s, the checkpoint says %s", got,
                        want);
            }
        }
    }
    if (rc == ERR_OK && rep->problem == TILECHECK_OK) {
        rc = check_upper_tiles(job, &cb, rep, err);
    }
    if (rc == ERR_OK && rep->problem == TILECHECK_OK) {
        rc = check_entries(job, &cb, rep, err);
    }
    xfree(cb.mem);
    return rc;
}
