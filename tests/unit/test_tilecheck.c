/*
 * Unit tests of checking a log from its tiles (monitor/tilecheck.h), the
 * consistency logic of `verify --remote` and the monitor: in-memory logs
 * serve their tiles and entry bundles; a full check from the empty tree
 * and every extension of a verified tree pass and hand over the new
 * entries with their stored hashes; a log that rewrote a verified leaf
 * (inside the shared tile or in an earlier one), a wrong checkpoint root,
 * an altered entry, an altered higher tile, a malformed tile and a missing
 * tile are each reported as what they are.
 */
#include "core/alloc.h"
#include "core/buf.h"
#include "core/err.h"
#include "log/hash.h"
#include "log/tiles.h"
#include "log/tree.h"
#include "monitor/tilecheck.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

/* A log in memory: its entries and stored hashes. */
struct mem_log {
    int64_t size;
    char (*entries)[32];
    size_t *lens;
    uint8_t (*hashes)[TLOG_HASH_SIZE];
    int64_t n_hashes;
};

static enum err_code mem_read(
    void *ctx, const int64_t *indexes, size_t n, uint8_t (*hashes)[TLOG_HASH_SIZE], struct err *err)
{
    struct mem_log *log = ctx;
    for (size_t i = 0; i < n; i++) {
        if (indexes[i] < 0 || indexes[i] >= log->n_hashes) {
            return err_set(err, ERR_NOT_FOUND, "index", NULL, NULL);
        }
        memcpy(hashes[i], log->hashes[indexes[i]], TLOG_HASH_SIZE);
    }
    return ERR_OK;
}

/* Builds a log of size entries "entry <i>", or "forked <i>" from fork_at
 * on (fork_at < 0: never). */
static void mem_log_build(struct mem_log *log, int64_t size, int64_t fork_at)
{
    struct err err;
    err_init(&err);
    log->size = size;
    log->entries = xcalloc((size_t)(size > 0 ? size : 1), sizeof(*log->entries));
    log->lens = xcalloc((size_t)(size > 0 ? size : 1), sizeof(*log->lens));
    log->hashes = xcalloc((size_t)(tlog_stored_count(size) + 1), TLOG_HASH_SIZE);
    log->n_hashes = 0;
    struct tlog_reader reader = {.read = mem_read, .ctx = log};
    for (int64_t i = 0; i < size; i++) {
        uint8_t leaf[TLOG_HASH_SIZE];
        size_t n = 0;
        int len = snprintf(log->entries[i], sizeof(log->entries[i]), "%s %lld",
                           fork_at >= 0 && i >= fork_at ? "forked" : "entry", (long long)i);
        log->lens[i] = (size_t)len;
        tlog_hash_leaf(log->entries[i], log->lens[i], leaf);
        assert_int_equal(
            tlog_stored_hashes_for_leaf(i, leaf, &reader, log->hashes + log->n_hashes, &n, &err),
            ERR_OK);
        log->n_hashes += (int64_t)n;
    }
}

static void mem_log_free(struct mem_log *log)
{
    xfree(log->entries);
    xfree(log->lens);
    xfree(log->hashes);
}

static void mem_log_root(struct mem_log *log, int64_t size, uint8_t out[TLOG_HASH_SIZE])
{
    struct err err;
    err_init(&err);
    struct tlog_reader reader = {.read = mem_read, .ctx = log};
    assert_int_equal(tlog_tree_hash(size, &reader, out, &err), ERR_OK);
}

/* A tile source over a log, with faults to inject. */
struct source {
    struct mem_log *log;
    int64_t bad_entry;     /* this entry is served altered; -1 for none */
    int bad_level;         /* a tile of this level is served altered; -1 for none */
    bool short_tiles;      /* level-0 tiles lose their last byte */
    int64_t missing_index; /* this level-0 tile is missing (404); -1 for none */
    int n_gets;
};

static enum err_code
source_get(void *ctx, const struct tlog_tile *tile, struct buf *out, struct err *err)
{
    struct source *s = ctx;
    struct tlog_reader reader = {.read = mem_read, .ctx = s->log};
    s->n_gets++;
    if (tile->level == 0 && tile->index == s->missing_index) {
        return err_set(err, ERR_NOT_FOUND, "path", NULL, NULL);
    }
    if (!tlog_tile_exists(tile, s->log->size)) {
        return err_set(err, ERR_NOT_FOUND, "path", NULL, NULL);
    }
    if (tile->level == TLOG_TILE_ENTRIES) {
        struct tlog_entry entries[TLOG_TILE_WIDTH];
        char altered[32];
        for (int i = 0; i < tile->width; i++) {
            int64_t at = tile->index * TLOG_TILE_WIDTH + i;
            entries[i].data = (const uint8_t *)s->log->entries[at];
            entries[i].len = s->log->lens[at];
            if (at == s->bad_entry) {
                memcpy(altered, s->log->entries[at], s->log->lens[at]);
                altered[0] ^= 1;
                entries[i].data = (const uint8_t *)altered;
            }
        }
        return tlog_bundle_encode(entries, (size_t)tile->width, out, err);
    }
    uint8_t data[TLOG_TILE_WIDTH * TLOG_HASH_SIZE];
    size_t len = (size_t)tile->width * TLOG_HASH_SIZE;
    enum err_code rc = tlog_tile_read(tile, s->log->size, &reader, data, err);
    if (rc != ERR_OK) {
        return rc;
    }
    if (tile->level == s->bad_level) {
        data[len - 1] ^= 1;
    }
    if (tile->level == 0 && s->short_tiles) {
        len--;
    }
    return buf_append(out, data, len);
}

/* Collects what on_entry is given and checks it against a log. */
struct seen {
    struct mem_log *log;
    int64_t next; /* the index expected next */
};

static enum err_code on_entry(void *ctx,
                              int64_t index,
                              const uint8_t *data,
                              size_t len,
                              const uint8_t (*stored)[TLOG_HASH_SIZE],
                              size_t n_stored,
                              struct err *err)
{
    struct seen *s = ctx;
    (void)err;
    assert_int_equal(index, s->next);
    assert_int_equal(len, s->log->lens[index]);
    assert_memory_equal(data, s->log->entries[index], len);
    int64_t first = tlog_stored_count(index);
    assert_int_equal((int64_t)n_stored, tlog_stored_count(index + 1) - first);
    assert_memory_equal(stored, s->log->hashes[first], n_stored * TLOG_HASH_SIZE);
    s->next++;
    return ERR_OK;
}

/* Runs a check of src's log from old_size (its stored hashes from
 * verified) to new_size with root; returns the report. */
static struct tilecheck_report run_check(struct source *src,
                                         struct mem_log *verified,
                                         int64_t old_size,
                                         int64_t new_size,
                                         const uint8_t root[TLOG_HASH_SIZE],
                                         struct seen *seen)
{
    struct err err;
    struct tilecheck_report rep;
    struct tlog_reader old = {.read = mem_read, .ctx = verified};
    struct tilecheck_source s = {.get = source_get, .ctx = src};
    struct tilecheck_job job = {
        .src = &s,
        .old_size = old_size,
        .old = &old,
        .new_size = new_size,
        .new_root = root,
        .on_entry = on_entry,
        .entry_ctx = seen,
    };
    err_init(&err);
    assert_int_equal(tilecheck_run(&job, &rep, &err), ERR_OK);
    return rep;
}

static struct source plain(struct mem_log *log)
{
    return (struct source){
        .log = log, .bad_entry = -1, .bad_level = -1, .missing_index = -1, .n_gets = 0};
}

static void test_tilecheck_accepts_whole_logs_from_the_empty_tree(void **state)
{
    (void)state;
    static const int64_t sizes[] = {0, 1, 2, 255, 256, 257, 511, 512, 1000, 66000};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        struct mem_log log;
        uint8_t root[TLOG_HASH_SIZE];
        mem_log_build(&log, sizes[i], -1);
        mem_log_root(&log, sizes[i], root);
        struct source src = plain(&log);
        struct seen seen = {.log = &log, .next = 0};
        struct tilecheck_report rep = run_check(&src, &log, 0, sizes[i], root, &seen);
        assert_int_equal(rep.problem, TILECHECK_OK);
        assert_int_equal(rep.index, -1);
        assert_int_equal(seen.next, sizes[i]);
        mem_log_free(&log);
    }
}

static void test_tilecheck_extends_a_verified_tree_with_only_the_new_entries(void **state)
{
    (void)state;
    static const int64_t pairs[][2] = {{1, 2},     {5, 5},     {100, 255}, {255, 256}, {256, 257},
                                       {256, 512}, {300, 301}, {300, 900}, {511, 513}, {700, 1000}};
    struct mem_log log;
    mem_log_build(&log, 1000, -1);
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        uint8_t root[TLOG_HASH_SIZE];
        int64_t m = pairs[i][0], n = pairs[i][1];
        mem_log_root(&log, n, root);
        struct mem_log served = log;
        served.size = n; /* the node's tree is n leaves */
        struct source src = plain(&served);
        struct seen seen = {.log = &log, .next = m};
        struct tilecheck_report rep = run_check(&src, &log, m, n, root, &seen);
        assert_int_equal(rep.problem, TILECHECK_OK);
        assert_int_equal(seen.next, n);
    }
    mem_log_free(&log);
}

static void test_tilecheck_reports_a_fork_of_a_leaf_in_the_shared_tile(void **state)
{
    (void)state;
    struct mem_log mine, theirs;
    uint8_t root[TLOG_HASH_SIZE];
    mem_log_build(&mine, 300, -1);
    mem_log_build(&theirs, 400, 290); /* rewrote leaves 290.. after 300 were verified */
    mem_log_root(&theirs, 400, root);
    struct source src = plain(&theirs);
    struct seen seen = {.log = &theirs, .next = 300};
    struct tilecheck_report rep = run_check(&src, &mine, 300, 400, root, &seen);
    assert_int_equal(rep.problem, TILECHECK_FORK);
    assert_int_equal(rep.index, 290);
    assert_string_equal(tilecheck_problem_name(rep.problem), "fork");
    assert_int_equal(seen.next, 300); /* nothing handed over */
    mem_log_free(&mine);
    mem_log_free(&theirs);
}

static void test_tilecheck_reports_a_fork_of_an_earlier_tile_by_its_root(void **state)
{
    (void)state;
    struct mem_log mine, theirs;
    uint8_t root[TLOG_HASH_SIZE];
    mem_log_build(&mine, 512, -1);
    mem_log_build(&theirs, 600, 10); /* differs in tile 0, which is not read again */
    mem_log_root(&theirs, 600, root);
    struct source src = plain(&theirs);
    struct seen seen = {.log = &theirs, .next = 512};
    struct tilecheck_report rep = run_check(&src, &mine, 512, 600, root, &seen);
    assert_int_equal(rep.problem, TILECHECK_FORK);
    assert_int_equal(rep.index, 512);
    assert_non_null(strstr(rep.detail, "does not extend"));
    assert_int_equal(seen.next, 512);
    mem_log_free(&mine);
    mem_log_free(&theirs);
}

static void test_tilecheck_reports_a_root_that_is_not_the_tiles_tree(void **state)
{
    (void)state;
    struct mem_log log;
    uint8_t root[TLOG_HASH_SIZE];
    mem_log_build(&log, 700, -1);
    mem_log_root(&log, 699, root); /* the root of another size */
    struct source src = plain(&log);
    struct seen seen = {.log = &log, .next = 0};
    struct tilecheck_report rep = run_check(&src, &log, 0, 700, root, &seen);
    assert_int_equal(rep.problem, TILECHECK_BAD_ROOT);
    assert_int_equal(seen.next, 0);
    mem_log_free(&log);
}

static void test_tilecheck_reports_the_first_altered_entry(void **state)
{
    (void)state;
    struct mem_log log;
    uint8_t root[TLOG_HASH_SIZE];
    mem_log_build(&log, 700, -1);
    mem_log_root(&log, 700, root);
    struct source src = plain(&log);
    src.bad_entry = 517;
    struct seen seen = {.log = &log, .next = 0};
    struct tilecheck_report rep = run_check(&src, &log, 0, 700, root, &seen);
    assert_int_equal(rep.problem, TILECHECK_BAD_ENTRY);
    assert_int_equal(rep.index, 517);
    assert_string_equal(tilecheck_problem_name(rep.problem), "bad_entry");
    assert_int_equal(seen.next, 517); /* the entries before it were handed over */
    mem_log_free(&log);
}

static void test_tilecheck_reports_an_altered_higher_tile(void **state)
{
    (void)state;
    struct mem_log log;
    uint8_t root[TLOG_HASH_SIZE];
    mem_log_build(&log, 700, -1);
    mem_log_root(&log, 700, root);
    struct source src = plain(&log);
    src.bad_level = 1;
    struct seen seen = {.log = &log, .next = 0};
    struct tilecheck_report rep = run_check(&src, &log, 0, 700, root, &seen);
    assert_int_equal(rep.problem, TILECHECK_BAD_TILE);
    assert_non_null(strstr(rep.detail, "tile/1/000.p/2"));
    assert_int_equal(seen.next, 0);
    mem_log_free(&log);
}

static void test_tilecheck_reports_a_malformed_tile(void **state)
{
    (void)state;
    struct mem_log log;
    uint8_t root[TLOG_HASH_SIZE];
    mem_log_build(&log, 10, -1);
    mem_log_root(&log, 10, root);
    struct source src = plain(&log);
    src.short_tiles = true;
    struct seen seen = {.log = &log, .next = 0};
    struct tilecheck_report rep = run_check(&src, &log, 0, 10, root, &seen);
    assert_int_equal(rep.problem, TILECHECK_BAD_TILE);
    assert_int_equal(rep.index, 0);
    mem_log_free(&log);
}

static void test_tilecheck_passes_back_source_errors(void **state)
{
    (void)state;
    struct mem_log log;
    uint8_t root[TLOG_HASH_SIZE];
    struct err err;
    struct tilecheck_report rep;
    err_init(&err);
    mem_log_build(&log, 600, -1);
    mem_log_root(&log, 600, root);
    struct source src = plain(&log);
    src.missing_index = 1;
    struct tilecheck_source s = {.get = source_get, .ctx = &src};
    struct tilecheck_job job = {.src = &s, .new_size = 600, .new_root = root};
    assert_int_equal(tilecheck_run(&job, &rep, &err), ERR_NOT_FOUND);
    /* Sizes out of order are refused before any fetch. */
    src.n_gets = 0;
    job.old_size = 601;
    assert_int_equal(tilecheck_run(&job, &rep, &err), ERR_INVALID);
    assert_int_equal(src.n_gets, 0);
    mem_log_free(&log);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tilecheck_accepts_whole_logs_from_the_empty_tree),
        cmocka_unit_test(test_tilecheck_extends_a_verified_tree_with_only_the_new_entries),
        cmocka_unit_test(test_tilecheck_reports_a_fork_of_a_leaf_in_the_shared_tile),
        cmocka_unit_test(test_tilecheck_reports_a_fork_of_an_earlier_tile_by_its_root),
        cmocka_unit_test(test_tilecheck_reports_a_root_that_is_not_the_tiles_tree),
        cmocka_unit_test(test_tilecheck_reports_the_first_altered_entry),
        cmocka_unit_test(test_tilecheck_reports_an_altered_higher_tile),
        cmocka_unit_test(test_tilecheck_reports_a_malformed_tile),
        cmocka_unit_test(test_tilecheck_passes_back_source_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
