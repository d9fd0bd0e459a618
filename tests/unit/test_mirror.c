/*
 * Unit tests of the monitor's mirror (monitor/mirror.h) on a temporary
 * node, with an in-memory log serving its tiles: extending the mirror a
 * bundle per write transaction, across bundles and from the middle of one,
 * with the checkpoint verified in the transaction of the last entries;
 * keeping the checked entries before a bad entry or a source error, with
 * nothing verified; and the JSON views read in their own transactions.
 */
#include "core/utc.h"
#include "log/hash.h"
#include "log/tiles.h"
#include "log/tree.h"
#include "monitor/mirror.h"
#include "monitor/tilecheck.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_node.h"

#define ORIGIN   "example.org/town"
#define LOG_SIZE 700

/* A log in memory: entries "entry <i>" and their stored hashes. */
struct mem_log {
    char entries[LOG_SIZE][32];
    size_t lens[LOG_SIZE];
    uint8_t hashes[2 * LOG_SIZE][TLOG_HASH_SIZE];
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

static struct mem_log the_log;

static int group_setup(void **state)
{
    struct err err;
    struct tlog_reader reader = {.read = mem_read, .ctx = &the_log};
    err_init(&err);
    if (unit_group_setup(state) != 0) {
        return -1;
    }
    for (int64_t i = 0; i < LOG_SIZE; i++) {
        uint8_t leaf[TLOG_HASH_SIZE];
        size_t n = 0;
        int len =
            snprintf(the_log.entries[i], sizeof(the_log.entries[i]), "entry %lld", (long long)i);
        the_log.lens[i] = (size_t)len;
        tlog_hash_leaf(the_log.entries[i], the_log.lens[i], leaf);
        if (tlog_stored_hashes_for_leaf(i, leaf, &reader, the_log.hashes + the_log.n_hashes, &n,
                                        &err) != ERR_OK) {
            return -1;
        }
        the_log.n_hashes += (int64_t)n;
    }
    return 0;
}

static void log_root(int64_t size, uint8_t out[TLOG_HASH_SIZE])
{
    struct err err;
    struct tlog_reader reader = {.read = mem_read, .ctx = &the_log};
    err_init(&err);
    assert_int_equal(tlog_tree_hash(size, &reader, out, &err), ERR_OK);
}

/* The log's first size leaves as a node serves them, with faults. */
struct source {
    int64_t size;
    int64_t bad_entry;     /* served altered; -1 for none */
    int64_t failed_bundle; /* this entry bundle fails (ERR_UNAVAILABLE); -1 for none */
};

static enum err_code
source_get(void *ctx, const struct tlog_tile *tile, struct buf *out, struct err *err)
{
    struct source *s = ctx;
    struct tlog_reader reader = {.read = mem_read, .ctx = &the_log};
    if (!tlog_tile_exists(tile, s->size)) {
        return err_set(err, ERR_NOT_FOUND, "path", NULL, NULL);
    }
    if (tile->level != TLOG_TILE_ENTRIES) {
        uint8_t data[TLOG_TILE_WIDTH * TLOG_HASH_SIZE];
        enum err_code rc = tlog_tile_read(tile, s->size, &reader, data, err);
        return rc == ERR_OK ? buf_append(out, data, (size_t)tile->width * TLOG_HASH_SIZE) : rc;
    }
    if (tile->index == s->failed_bundle) {
        return err_set(err, ERR_UNAVAILABLE, NULL, NULL, NULL);
    }
    struct tlog_entry entries[TLOG_TILE_WIDTH];
    char altered[32];
    for (int i = 0; i < tile->width; i++) {
        int64_t at = tile->index * TLOG_TILE_WIDTH + i;
        entries[i].data = (const uint8_t *)the_log.entries[at];
        entries[i].len = the_log.lens[at];
        if (at == s->bad_entry) {
            memcpy(altered, the_log.entries[at], the_log.lens[at]);
            altered[0] ^= 1;
            entries[i].data = (const uint8_t *)altered;
        }
    }
    return tlog_bundle_encode(entries, (size_t)tile->width, out, err);
}

static struct source plain(int64_t size)
{
    return (struct source){.size = size, .bad_entry = -1, .failed_bundle = -1};
}

/* Opens a node following ORIGIN, with nothing mirrored. */
static void open_node(struct unit_node *n, struct mirror_state *ms)
{
    struct err err;
    err_init(&err);
    assert_int_equal(unit_node_open(n), 0);
    assert_int_equal(mirror_register(n->c, ORIGIN, "http://127.0.0.1:1", "vkey", &err), ERR_OK);
    assert_int_equal(mirror_load(n->c, ORIGIN, ms, &err), ERR_OK);
    assert_int_equal(ms->mirrored, 0);
}

/* Extends the mirror to src's size; returns the call's code. The node's
 * two connections are the mirror's while it runs. */
static enum err_code extend(struct unit_node *n,
                            struct source *src,
                            struct mirror_state *ms,
                            struct tilecheck_report *rep,
                            struct err *err)
{
    uint8_t root[TLOG_HASH_SIZE];
    struct tilecheck_source s = {.get = source_get, .ctx = src};
    log_root(src->size, root);
    err_init(err);
    store_release(n->c);
    enum err_code rc =
        mirror_extend(n->st, ORIGIN, &s, ms, src->size, root, "the note", utc_now_ms(), rep, err);
    n->c = store_acquire(n->st);
    return rc;
}

static int64_t count(struct store_conn *c, const char *sql)
{
    struct err err;
    int64_t v = -1;
    err_init(&err);
    assert_int_equal(store_query_int(c, &v, NULL, &err, sql, "t", ORIGIN), ERR_OK);
    return v;
}

/* Checks what the store holds of ORIGIN: mirrored entries (and their
 * stored hashes, and the node's count), verified size and checkpoints. */
static void assert_stored(struct unit_node *n, int64_t mirrored, int64_t size, int64_t checkpoints)
{
    assert_int_equal(count(n->c, "SELECT COUNT(*) FROM mirrored_entries WHERE origin = ?"),
                     mirrored);
    assert_int_equal(count(n->c, "SELECT COUNT(*) FROM mirrored_hashes WHERE origin = ?"),
                     tlog_stored_count(mirrored));
    assert_int_equal(count(n->c, "SELECT mirrored FROM followed_nodes WHERE origin = ?"), mirrored);
    assert_int_equal(count(n->c, "SELECT size FROM followed_nodes WHERE origin = ?"), size);
    assert_int_equal(count(n->c, "SELECT COUNT(*) FROM verified_checkpoints WHERE origin = ?"),
                     checkpoints);
}

static void test_mirror_extends_a_bundle_at_a_time_and_verifies_with_the_last(void **state)
{
    (void)state;
    struct unit_node n;
    struct mirror_state ms;
    struct tilecheck_report rep;
    struct err err;
    uint8_t root[TLOG_HASH_SIZE], got[TLOG_HASH_SIZE];
    open_node(&n, &ms);
    /* Two full bundles and part of a third. */
    struct source src = plain(600);
    assert_int_equal(extend(&n, &src, &ms, &rep, &err), ERR_OK);
    assert_int_equal(rep.problem, TILECHECK_OK);
    assert_int_equal(ms.mirrored, 600);
    assert_int_equal(ms.verified_size, 600);
    log_root(600, root);
    assert_memory_equal(ms.verified_root, root, TLOG_HASH_SIZE);
    assert_stored(&n, 600, 600, 1);
    log_root(300, root);
    assert_int_equal(mirror_root(n.c, ORIGIN, 300, got, &err), ERR_OK);
    assert_memory_equal(got, root, TLOG_HASH_SIZE);
    /* From the middle of the third bundle to the middle of the fourth. */
    src = plain(LOG_SIZE);
    assert_int_equal(extend(&n, &src, &ms, &rep, &err), ERR_OK);
    assert_int_equal(rep.problem, TILECHECK_OK);
    assert_int_equal(ms.mirrored, LOG_SIZE);
    assert_int_equal(ms.verified_size, LOG_SIZE);
    assert_stored(&n, LOG_SIZE, LOG_SIZE, 2);
    unit_node_close(&n);
}

static void test_mirror_keeps_the_checked_entries_before_a_bad_one(void **state)
{
    (void)state;
    struct unit_node n;
    struct mirror_state ms;
    struct tilecheck_report rep;
    struct err err;
    open_node(&n, &ms);
    struct source src = plain(600);
    src.bad_entry = 300;
    assert_int_equal(extend(&n, &src, &ms, &rep, &err), ERR_OK);
    assert_int_equal(rep.problem, TILECHECK_BAD_ENTRY);
    assert_int_equal(rep.index, 300);
    assert_int_equal(ms.mirrored, 300);
    assert_int_equal(ms.verified_size, 0);
    assert_stored(&n, 300, 0, 0);
    /* The next check goes on from the mirror's stored hashes. */
    src = plain(600);
    assert_int_equal(extend(&n, &src, &ms, &rep, &err), ERR_OK);
    assert_int_equal(rep.problem, TILECHECK_OK);
    assert_int_equal(ms.mirrored, 600);
    assert_int_equal(ms.verified_size, 600);
    assert_stored(&n, 600, 600, 1);
    unit_node_close(&n);
}

static void test_mirror_keeps_the_entries_before_a_source_error(void **state)
{
    (void)state;
    struct unit_node n;
    struct mirror_state ms;
    struct tilecheck_report rep;
    struct err err;
    open_node(&n, &ms);
    struct source src = plain(600);
    src.failed_bundle = 1;
    assert_int_equal(extend(&n, &src, &ms, &rep, &err), ERR_UNAVAILABLE);
    assert_int_equal(err.code, ERR_UNAVAILABLE);
    assert_int_equal(ms.mirrored, 256);
    assert_int_equal(ms.verified_size, 0);
    assert_stored(&n, 256, 0, 0);
    unit_node_close(&n);
}

static void test_mirror_views_read_the_store(void **state)
{
    (void)state;
    struct unit_node n;
    struct mirror_state ms;
    struct tilecheck_report rep;
    struct err err;
    json_t *out = NULL;
    open_node(&n, &ms);
    struct source src = plain(600);
    assert_int_equal(extend(&n, &src, &ms, &rep, &err), ERR_OK);
    assert_int_equal(mirror_alert(n.c, ORIGIN, MIRROR_ALERT_UNREACHABLE, "gone", &err), ERR_OK);

    assert_int_equal(mirror_nodes_json(n.st, &out, &err), ERR_OK);
    json_t *node = json_array_get(json_object_get(out, "items"), 0);
    assert_string_equal(json_string_value(json_object_get(node, "origin")), ORIGIN);
    assert_int_equal(json_integer_value(json_object_get(node, "size")), 600);
    assert_int_equal(json_integer_value(json_object_get(node, "mirrored")), 600);
    assert_int_equal(json_integer_value(json_object_get(node, "open_alerts")), 1);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(node, "lag"), "samples")),
                     1);
    json_decref(out);

    assert_int_equal(mirror_alerts_json(n.st, ORIGIN, 10, 0, &out, &err), ERR_OK);
    assert_int_equal(json_integer_value(json_object_get(out, "total")), 1);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(out, "items"), 0), "kind")),
                        MIRROR_ALERT_UNREACHABLE);
    json_decref(out);

    assert_int_equal(mirror_entries_json(n.st, ORIGIN, 3, 598, &out, &err), ERR_OK);
    assert_true(json_is_true(json_object_get(out, "followed")));
    assert_int_equal(json_integer_value(json_object_get(out, "size")), 600);
    json_t *items = json_object_get(out, "items");
    assert_int_equal(json_array_size(items), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 1), "index")), 599);
    assert_true(json_is_null(json_object_get(json_array_get(items, 1), "record")));
    json_decref(out);

    assert_int_equal(mirror_entries_json(n.st, "example.org/other", 3, 0, &out, &err), ERR_OK);
    assert_true(json_is_false(json_object_get(out, "followed")));
    assert_int_equal(json_array_size(json_object_get(out, "items")), 0);
    json_decref(out);
    unit_node_close(&n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mirror_extends_a_bundle_at_a_time_and_verifies_with_the_last),
        cmocka_unit_test(test_mirror_keeps_the_checked_entries_before_a_bad_one),
        cmocka_unit_test(test_mirror_keeps_the_entries_before_a_source_error),
        cmocka_unit_test(test_mirror_views_read_the_store),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
