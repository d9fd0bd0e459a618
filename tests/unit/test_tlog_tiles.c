/*
 * Unit tests of C2SP tlog-tiles (log/tiles.h): tile paths as in the spec
 * (index 1234067 is x001/x234/067; partial tiles ".p/<W>"), strict path
 * parsing that refuses non-canonical spellings, the tiles of a tree of
 * 70,000 and of 256 leaves as the spec lists them, tile bytes read from
 * stored hashes equal to reference subtree hashes, every stored hash
 * recomputed from its tile, and entry bundles (round trip, size limits,
 * malformed bundles, checking entries against a level-0 tile).
 */
#include "core/alloc.h"
#include "core/buf.h"
#include "core/err.h"
#include "log/hash.h"
#include "log/tiles.h"
#include "log/tree.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

/* The tree of the spec's example: 70,000 leaves, three tile levels. */
#define TREE_SIZE 70000

struct mem_store {
    uint8_t (*hashes)[32];
    int64_t n_hashes;
};

static enum err_code
mem_read(void *ctx, const int64_t *indexes, size_t n, uint8_t (*hashes)[32], struct err *err)
{
    struct mem_store *s = ctx;
    for (size_t i = 0; i < n; i++) {
        if (indexes[i] < 0 || indexes[i] >= s->n_hashes) {
            return err_set(err, ERR_NOT_FOUND, "index", NULL, NULL);
        }
        memcpy(hashes[i], s->hashes[indexes[i]], 32);
    }
    return ERR_OK;
}

static struct mem_store store;
static struct tlog_reader reader = {mem_read, &store};
static uint8_t (*leaves)[32];

/* The RFC 9162 hash of the complete subtree of 2^level leaves from first,
 * computed directly from the leaf hashes with libsodium (a reference
 * independent of the stored hashes). */
static void ref_subtree(int64_t first, int level, uint8_t out[32])
{
    if (level == 0) {
        memcpy(out, leaves[first], 32);
        return;
    }
    uint8_t in[65];
    in[0] = 0x01;
    ref_subtree(first, level - 1, in + 1);
    ref_subtree(first + (INT64_C(1) << (level - 1)), level - 1, in + 33);
    crypto_hash_sha256(out, in, sizeof(in));
}

static int setup_store(void **state)
{
    (void)state;
    if (sodium_init() < 0) {
        return -1;
    }
    leaves = xcalloc(TREE_SIZE, 32);
    store.hashes = xcalloc((size_t)tlog_stored_count(TREE_SIZE), 32);
    for (int64_t i = 0; i < TREE_SIZE; i++) {
        uint8_t out[TLOG_MAX_STORED_PER_LEAF][32];
        size_t n = 0;
        struct err err;
        err_init(&err);
        tlog_hash_leaf(&i, sizeof(i), leaves[i]);
        if (tlog_stored_hashes_for_leaf(i, leaves[i], &reader, out, &n, &err) != ERR_OK) {
            return -1;
        }
        memcpy(store.hashes[store.n_hashes], out, n * 32);
        store.n_hashes += (int64_t)n;
    }
    return 0;
}

static int teardown_store(void **state)
{
    (void)state;
    xfree(leaves);
    xfree(store.hashes);
    return 0;
}

/* Asserts t's fields (the struct has padding, so no memcmp). */
static void assert_tile(const struct tlog_tile *t, int level, int64_t index, int width)
{
    assert_int_equal(t->level, level);
    assert_int_equal(t->index, index);
    assert_int_equal(t->width, width);
}

static void assert_path(int level, int64_t index, int width, const char *want)
{
    struct tlog_tile t = {level, index, width};
    struct tlog_tile back;
    char path[TLOG_TILE_PATH_MAX];
    struct err err;
    err_init(&err);
    tlog_tile_path(&t, path);
    assert_string_equal(path, want);
    assert_int_equal(tlog_tile_parse_path(path, strlen(path), &back, &err), ERR_OK);
    assert_int_equal(back.level, level);
    assert_int_equal(back.index, index);
    assert_int_equal(back.width, width);
}

static void test_tlog_tile_paths_follow_the_spec(void **state)
{
    (void)state;
    assert_path(0, 1234067, 256, "tile/0/x001/x234/067");
    assert_path(TLOG_TILE_ENTRIES, 1234067, 256, "tile/entries/x001/x234/067");
    assert_path(0, 0, 256, "tile/0/000");
    assert_path(1, 1, 17, "tile/1/001.p/17");
    assert_path(2, 0, 1, "tile/2/000.p/1");
    assert_path(0, 273, 112, "tile/0/273.p/112");
    assert_path(TLOG_TILE_ENTRIES, 273, 112, "tile/entries/273.p/112");
    assert_path(0, 1000, 255, "tile/0/x001/000.p/255");
    assert_path(63, 999, 256, "tile/63/999");
    assert_path(5, 1000000, 256, "tile/5/x001/x000/000");
    assert_path(0, INT64_MAX, 1, "tile/0/x009/x223/x372/x036/x854/x775/807.p/1");
    /* A spread of indexes and widths round-trips. */
    for (int64_t index = 1; index > 0 && index < INT64_MAX / 3; index = index * 3 + 1) {
        for (int width = 1; width <= 256; width += 51) {
            struct tlog_tile t = {index % 7 == 0 ? TLOG_TILE_ENTRIES : (int)(index % 64), index,
                                  width};
            struct tlog_tile back;
            char path[TLOG_TILE_PATH_MAX];
            struct err err;
            err_init(&err);
            tlog_tile_path(&t, path);
            assert_int_equal(tlog_tile_parse_path(path, strlen(path), &back, &err), ERR_OK);
            assert_tile(&back, t.level, t.index, t.width);
        }
    }
}

static void test_tlog_tile_parse_refuses_non_canonical_paths(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "tile/",
        "tile/0",
        "tile/0/",
        "tiles/0/000",
        "/tile/0/000",
        "tile/00/000", /* leading zero in L */
        "tile/01/000",
        "tile/64/000", /* level past 63 */
        "tile/-1/000",
        "tile/+1/000",
        "tile/x/000",
        "tile/entry/000",
        "tile/entries",
        "tile/entries/",
        "tile/0/1", /* groups are three digits */
        "tile/0/01",
        "tile/0/0001",
        "tile/0/1234",
        "tile/0/x001", /* the last group has no x */
        "tile/0/x001/",
        "tile/0/001/002",  /* all but the last need an x */
        "tile/0/x000/001", /* a leading zero group */
        "tile/0/x000/x001/002",
        "tile/0/xx001/002",
        "tile/0/x01/002",
        "tile/0/x0a1/002",
        "tile/0/000/",
        "tile/0/000.p",
        "tile/0/000.p/",
        "tile/0/000.p/0",   /* W of 0 */
        "tile/0/000.p/256", /* W of 256: a full tile has no .p */
        "tile/0/000.p/300",
        "tile/0/000.p/007", /* leading zero in W */
        "tile/0/000.p/12x",
        "tile/0/000.p/1/",
        "tile/0/000.q/1",
        "tile/0/000p/1",
        "tile/0/x009/x223/x372/x036/x854/x775/808", /* 2^63 */
        "tile/0/x999/x999/x999/x999/x999/x999/999",
        "tile/0/x001/x000/x000/x000/x000/x000/x000/000", /* eight groups */
        "tile/0/000\n",
        "tile/0/000 ",
        "TILE/0/000",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct tlog_tile t = {7, 7, 7};
        struct err err;
        err_init(&err);
        if (tlog_tile_parse_path(bad[i], strlen(bad[i]), &t, &err) != ERR_NOT_FOUND) {
            fail_msg("accepted the path \"%s\"", bad[i]);
        }
        assert_int_equal(t.level, 7); /* unchanged */
        assert_string_equal(err.field, "path");
    }
    /* A path with an embedded NUL is measured by its length, not by strlen. */
    struct tlog_tile t;
    struct err err;
    err_init(&err);
    assert_int_equal(tlog_tile_parse_path("tile/0/000\0", 11, &t, &err), ERR_NOT_FOUND);
}

/* Returns the number of tiles with that level and width in the list. */
static int count_tiles(const struct tlog_tile *tiles, size_t n, int level, int width)
{
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        count += tiles[i].level == level && tiles[i].width == width;
    }
    return count;
}

static void test_tlog_tiles_of_a_tree_follow_the_spec(void **state)
{
    (void)state;
    struct tlog_tile *tiles = NULL;
    /* "a tree of size 70,000 will be represented by 273 full level 0 tiles,
     * one partial level 0 tile of width 112, one full level 1 tile, one
     * partial level 1 tile of width 17, and one partial level 2 tile of
     * width 1." */
    size_t n = tlog_tiles_new(0, 70000, &tiles);
    assert_int_equal(n, 273 + 1 + 1 + 1 + 1);
    assert_int_equal(count_tiles(tiles, n, 0, 256), 273);
    assert_int_equal(count_tiles(tiles, n, 0, 112), 1);
    assert_int_equal(count_tiles(tiles, n, 1, 256), 1);
    assert_int_equal(count_tiles(tiles, n, 1, 17), 1);
    assert_int_equal(count_tiles(tiles, n, 2, 1), 1);
    assert_int_equal(tiles[273].index, 273);
    assert_int_equal(tiles[275].index, 1);
    xfree(tiles);
    /* "a tree of size 256 will be represented by a full level 0 tile and a
     * partial level 1 tile of width 1." */
    n = tlog_tiles_new(0, 256, &tiles);
    assert_int_equal(n, 2);
    assert_tile(&tiles[0], 0, 0, 256);
    assert_tile(&tiles[1], 1, 0, 1);
    xfree(tiles);
    /* Growth publishes only the tiles that grow, at their new width. */
    n = tlog_tiles_new(100, 300, &tiles);
    assert_int_equal(n, 3);
    assert_tile(&tiles[0], 0, 0, 256);
    assert_tile(&tiles[1], 0, 1, 44);
    assert_tile(&tiles[2], 1, 0, 1);
    xfree(tiles);
    n = tlog_tiles_new(256, 257, &tiles);
    assert_int_equal(n, 1);
    assert_tile(&tiles[0], 0, 1, 1);
    xfree(tiles);
    assert_int_equal(tlog_tiles_new(5, 5, &tiles), 0);
    assert_null(tiles);
    assert_int_equal(tlog_tiles_new(0, 0, &tiles), 0);
    /* Growing step by step publishes every tile of the final tree, each
     * last at its final width. */
    struct tlog_tile *all = NULL;
    size_t n_all = tlog_tiles_new(0, 5000, &all);
    int seen[5000 / 256 + 2][3];
    memset(seen, 0, sizeof(seen));
    for (int64_t size = 0; size < 5000; size += 37) {
        int64_t next = size + 37 > 5000 ? 5000 : size + 37;
        n = tlog_tiles_new(size, next, &tiles);
        for (size_t i = 0; i < n; i++) {
            assert_true(tlog_tile_exists(&tiles[i], next));
            seen[tiles[i].index][tiles[i].level] = tiles[i].width;
        }
        xfree(tiles);
    }
    for (size_t i = 0; i < n_all; i++) {
        assert_int_equal(seen[all[i].index][all[i].level], all[i].width);
    }
    xfree(all);
}

static void test_tlog_tile_exists_for_sizes(void **state)
{
    (void)state;
    struct tlog_tile t = {0, 0, 256};
    assert_false(tlog_tile_exists(&t, 255));
    assert_true(tlog_tile_exists(&t, 256));
    t.width = 5; /* partial tiles of earlier sizes stay available */
    assert_true(tlog_tile_exists(&t, 5));
    assert_true(tlog_tile_exists(&t, 70000));
    assert_false(tlog_tile_exists(&t, 4));
    assert_false(tlog_tile_exists(&t, 0));
    t = (struct tlog_tile){1, 1, 17};
    assert_true(tlog_tile_exists(&t, 70000));
    t.width = 18;
    assert_false(tlog_tile_exists(&t, 70000));
    t = (struct tlog_tile){2, 0, 1};
    assert_true(tlog_tile_exists(&t, 70000));
    t = (struct tlog_tile){3, 0, 1};
    assert_false(tlog_tile_exists(&t, 70000));
    t = (struct tlog_tile){TLOG_TILE_ENTRIES, 273, 112};
    assert_true(tlog_tile_exists(&t, 70000));
    t.width = 113;
    assert_false(tlog_tile_exists(&t, 70000));
    t = (struct tlog_tile){63, 0, 1};
    assert_false(tlog_tile_exists(&t, INT64_MAX));
    t = (struct tlog_tile){7, 0, 127};
    assert_true(tlog_tile_exists(&t, INT64_MAX));
    t = (struct tlog_tile){0, INT64_MAX, 256};
    assert_false(tlog_tile_exists(&t, INT64_MAX));
    t = (struct tlog_tile){0, 0, 0};
    assert_false(tlog_tile_exists(&t, 70000));
}

static void test_tlog_tile_bytes_equal_reference_hashes(void **state)
{
    (void)state;
    struct tlog_tile *tiles = NULL;
    size_t n = tlog_tiles_new(0, TREE_SIZE, &tiles);
    uint8_t *data = xmalloc(TLOG_TILE_WIDTH * 32);
    struct err err;
    err_init(&err);
    for (size_t i = 0; i < n; i++) {
        const struct tlog_tile *t = &tiles[i];
        assert_int_equal(tlog_tile_read(t, TREE_SIZE, &reader, data, &err), ERR_OK);
        for (int k = 0; k < t->width; k++) {
            uint8_t want[32];
            int level = t->level * TLOG_TILE_HEIGHT;
            ref_subtree(((t->index * TLOG_TILE_WIDTH) + k) << level, level, want);
            assert_memory_equal(data + k * 32, want, 32);
        }
    }
    xfree(tiles);
    /* Tiles the tree does not hold, and entry bundles, are not read. */
    struct tlog_tile t = {0, 273, 113};
    assert_int_equal(tlog_tile_read(&t, TREE_SIZE, &reader, data, &err), ERR_NOT_FOUND);
    t = (struct tlog_tile){3, 0, 1};
    assert_int_equal(tlog_tile_read(&t, TREE_SIZE, &reader, data, &err), ERR_NOT_FOUND);
    t = (struct tlog_tile){TLOG_TILE_ENTRIES, 0, 1};
    assert_int_equal(tlog_tile_read(&t, TREE_SIZE, &reader, data, &err), ERR_NOT_FOUND);
    /* A partial tile of an earlier size is the prefix of the full tile. */
    uint8_t *full = xmalloc(TLOG_TILE_WIDTH * 32);
    t = (struct tlog_tile){0, 5, 256};
    assert_int_equal(tlog_tile_read(&t, TREE_SIZE, &reader, full, &err), ERR_OK);
    t.width = 9;
    assert_int_equal(tlog_tile_read(&t, TREE_SIZE, &reader, data, &err), ERR_OK);
    assert_memory_equal(data, full, 9 * 32);
    xfree(full);
    xfree(data);
}

static void test_tlog_every_stored_hash_comes_from_its_tile(void **state)
{
    (void)state;
    uint8_t *data = xmalloc(TLOG_TILE_WIDTH * 32);
    struct err err;
    err_init(&err);
    for (int level = 0; (INT64_C(1) << level) <= TREE_SIZE; level++) {
        /* Every hash at levels 0..9 would be slow to walk; take a sample
         * that includes each level's first and last hash. */
        int64_t count = TREE_SIZE >> level;
        for (int64_t index = 0; index < count; index += (index % 97) + 1 + level) {
            for (int last = 0; last < 2; last++) {
                int64_t at = last ? count - 1 : index;
                struct tlog_tile t;
                uint8_t got[32];
                tlog_tile_for_hash(level, at, &t);
                assert_int_equal(t.level, level / TLOG_TILE_HEIGHT);
                assert_true(tlog_tile_exists(&t, TREE_SIZE));
                assert_int_equal(tlog_tile_read(&t, TREE_SIZE, &reader, data, &err), ERR_OK);
                assert_int_equal(
                    tlog_tile_hash(&t, data, (size_t)t.width * 32, level, at, got, &err), ERR_OK);
                assert_memory_equal(got, store.hashes[tlog_stored_index(level, at)], 32);
            }
        }
    }
    /* The tile must hold the hash, and its bytes must have its width. */
    struct tlog_tile t;
    uint8_t got[32];
    tlog_tile_for_hash(3, 10, &t); /* leaves 80..87: tile 0 of level 0, width 88 */
    assert_tile(&t, 0, 0, 88);
    assert_int_equal(tlog_tile_read(&t, TREE_SIZE, &reader, data, &err), ERR_OK);
    assert_int_equal(tlog_tile_hash(&t, data, 88 * 32, 3, 11, got, &err), ERR_INVALID);
    assert_int_equal(tlog_tile_hash(&t, data, 87 * 32, 3, 10, got, &err), ERR_INVALID);
    assert_int_equal(tlog_tile_hash(&t, data, 88 * 32, 8, 0, got, &err), ERR_INVALID);
    assert_int_equal(tlog_tile_hash(&t, data, 88 * 32, -1, 0, got, &err), ERR_INVALID);
    assert_int_equal(tlog_tile_hash(&t, data, 88 * 32, 3, 10, got, &err), ERR_OK);
    tlog_tile_for_hash(8, 2, &t);
    assert_tile(&t, 1, 0, 3);
    tlog_tile_for_hash(9, 2, &t);
    assert_tile(&t, 1, 0, 6);
    xfree(data);
}

static void test_tlog_bundle_round_trip(void **state)
{
    (void)state;
    static uint8_t big[TLOG_ENTRY_MAX + 1];
    memset(big, 'b', sizeof(big));
    struct tlog_entry entries[4] = {
        {(const uint8_t *)"first", 5},
        {(const uint8_t *)"", 0},
        {big, TLOG_ENTRY_MAX},
        {(const uint8_t *)"\x00\x01\x02", 3},
    };
    struct buf out;
    struct err err;
    err_init(&err);
    buf_init(&out, 1 << 20);
    assert_int_equal(tlog_bundle_encode(entries, 4, &out, &err), ERR_OK);
    assert_int_equal(out.len, 2 + 5 + 2 + 0 + 2 + TLOG_ENTRY_MAX + 2 + 3);
    assert_memory_equal(out.data,
                        "\x00\x05"
                        "first"
                        "\x00\x00"
                        "\xff\xff",
                        11);
    struct tlog_entry back[TLOG_TILE_WIDTH];
    size_t n = 0;
    assert_int_equal(tlog_bundle_decode((const uint8_t *)out.data, out.len, back, &n, &err),
                     ERR_OK);
    assert_int_equal(n, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(back[i].len, entries[i].len);
        assert_memory_equal(back[i].data, entries[i].data, entries[i].len);
    }
    /* The entries match the level-0 tile of their leaf hashes. */
    uint8_t tile[4 * 32];
    for (size_t i = 0; i < 4; i++) {
        tlog_hash_leaf(entries[i].data, entries[i].len, tile + i * 32);
    }
    assert_int_equal(tlog_bundle_check(back, n, tile, sizeof(tile), &err), ERR_OK);
    assert_int_equal(tlog_bundle_check(back, n - 1, tile, sizeof(tile), &err), ERR_INTEGRITY);
    tile[3 * 32] ^= 1;
    assert_int_equal(tlog_bundle_check(back, n, tile, sizeof(tile), &err), ERR_INTEGRITY);
    assert_string_equal(err.field, "bundle");
    /* A full bundle of 256 entries, and no more. */
    struct tlog_entry many[TLOG_TILE_WIDTH + 1];
    for (size_t i = 0; i <= TLOG_TILE_WIDTH; i++) {
        many[i] = (struct tlog_entry){(const uint8_t *)"x", 1};
    }
    buf_reset(&out);
    assert_int_equal(tlog_bundle_encode(many, TLOG_TILE_WIDTH, &out, &err), ERR_OK);
    assert_int_equal(tlog_bundle_decode((const uint8_t *)out.data, out.len, back, &n, &err),
                     ERR_OK);
    assert_int_equal(n, TLOG_TILE_WIDTH);
    assert_int_equal(tlog_bundle_encode(many, TLOG_TILE_WIDTH + 1, &out, &err), ERR_INVALID);
    buf_clear(&out);
}

static void test_tlog_bundle_limits_and_malformed_bundles(void **state)
{
    (void)state;
    static uint8_t big[TLOG_ENTRY_MAX + 1];
    struct err err;
    err_init(&err);
    struct buf out;
    buf_init(&out, 1 << 20);
    assert_int_equal(buf_append_lit(&out, "keep"), ERR_OK);
    /* An entry over 65,535 bytes is too large; out is left as it was. */
    struct tlog_entry entries[2] = {{(const uint8_t *)"ok", 2}, {big, TLOG_ENTRY_MAX + 1}};
    assert_int_equal(tlog_bundle_encode(entries, 2, &out, &err), ERR_TOO_LARGE);
    assert_string_equal(err.field, "entry");
    assert_int_equal(out.len, 4);
    buf_clear(&out);
    /* So is a bundle past the buffer's maximum, which is then unchanged. */
    buf_init(&out, 10);
    assert_int_equal(buf_append_lit(&out, "ab"), ERR_OK);
    entries[1] = (struct tlog_entry){(const uint8_t *)"1234567", 7};
    assert_int_equal(tlog_bundle_encode(entries, 2, &out, &err), ERR_TOO_LARGE);
    assert_int_equal(out.len, 2);
    assert_string_equal(out.data, "ab");
    buf_clear(&out);
    /* Malformed bundles. */
    struct tlog_entry back[TLOG_TILE_WIDTH];
    size_t n = 9;
    assert_int_equal(tlog_bundle_decode((const uint8_t *)"", 0, back, &n, &err), ERR_INVALID);
    assert_int_equal(n, 0);
    assert_int_equal(tlog_bundle_decode((const uint8_t *)"\x00", 1, back, &n, &err), ERR_INVALID);
    assert_int_equal(tlog_bundle_decode((const uint8_t *)"\x00\x03"
                                                         "ab",
                                        4, back, &n, &err),
                     ERR_INVALID);
    assert_int_equal(tlog_bundle_decode((const uint8_t *)"\x00\x02"
                                                         "ab"
                                                         "\x00",
                                        5, back, &n, &err),
                     ERR_INVALID);
    assert_string_equal(err.field, "bundle");
    uint8_t zeros[2 * (TLOG_TILE_WIDTH + 1)];
    memset(zeros, 0, sizeof(zeros)); /* 257 empty entries */
    assert_int_equal(tlog_bundle_decode(zeros, sizeof(zeros), back, &n, &err), ERR_INVALID);
    assert_int_equal(tlog_bundle_decode(zeros, sizeof(zeros) - 2, back, &n, &err), ERR_OK);
    assert_int_equal(n, TLOG_TILE_WIDTH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tlog_tile_paths_follow_the_spec),
        cmocka_unit_test(test_tlog_tile_parse_refuses_non_canonical_paths),
        cmocka_unit_test(test_tlog_tiles_of_a_tree_follow_the_spec),
        cmocka_unit_test(test_tlog_tile_exists_for_sizes),
        cmocka_unit_test(test_tlog_tile_bytes_equal_reference_hashes),
        cmocka_unit_test(test_tlog_every_stored_hash_comes_from_its_tile),
        cmocka_unit_test(test_tlog_bundle_round_trip),
        cmocka_unit_test(test_tlog_bundle_limits_and_malformed_bundles),
    };
    return cmocka_run_group_tests(tests, setup_store, teardown_store);
}
