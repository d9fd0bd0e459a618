/*
 * Unit tests of the hash-check pool (log/hashcheck.h): the checks of a
 * 5,000-leaf log (each leaf, and each subtree it completes, against
 * hashes made here with libsodium's SHA-256 rather than the library's
 * OpenSSL) pass on 1, 2 and 4 threads, over many chunks; a wrong leaf or
 * subtree hash is reported at its index, and of two wrong ones the lower,
 * whichever thread finds it; at one index a leaf's failure is the one
 * told.
 */
#include "core/alloc.h"
#include "log/hashcheck.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#define LEAVES 20000

/* One check, as the verifier makes it. */
struct want {
    int64_t index;
    bool leaf;
    char bytes[64];
    size_t len;
    uint8_t left[32], right[32], stored[32];
};

static struct want *wants;
static int n_wants;

static void
sha(uint8_t prefix, const void *a, size_t a_len, const void *b, size_t b_len, uint8_t out[32])
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, &prefix, 1);
    crypto_hash_sha256_update(&st, a, a_len);
    crypto_hash_sha256_update(&st, b, b_len);
    crypto_hash_sha256_final(&st, out);
}

/* The checks of a log of LEAVES entries: each leaf, then each subtree it
 * completes, from the right edge of the tree. */
static int make_log(void **state)
{
    (void)state;
    uint8_t edge[64][32];
    int level[64], n = 0;
    wants = xcalloc(2 * LEAVES, sizeof(*wants));
    for (int64_t seq = 0; seq < LEAVES; seq++) {
        struct want *w = &wants[n_wants++];
        w->index = seq;
        w->leaf = true;
        w->len = (size_t)snprintf(w->bytes, sizeof(w->bytes), "entry %lld %.*s", (long long)seq,
                                  (int)(seq % 40), "........................................");
        sha(0x00, w->bytes, w->len, "", 0, w->stored);
        uint8_t cur[32];
        memcpy(cur, w->stored, 32);
        int lv = 0;
        while (n > 0 && level[n - 1] == lv) {
            struct want *node = &wants[n_wants++];
            node->index = seq;
            memcpy(node->left, edge[n - 1], 32);
            memcpy(node->right, cur, 32);
            sha(0x01, node->left, 32, node->right, 32, node->stored);
            memcpy(cur, node->stored, 32);
            n--;
            lv++;
        }
        memcpy(edge[n], cur, 32);
        level[n] = lv;
        n++;
    }
    return 0;
}

static int free_log(void **state)
{
    (void)state;
    xfree(wants);
    return 0;
}

/* Feeds every check to a pool of jobs threads; returns whether one failed. */
static bool run(int jobs, int64_t *index, bool *leaf)
{
    struct tlog_checks *p = tlog_checks_start(jobs);
    struct tlog_chunk *k = tlog_checks_chunk(p);
    int chunks = 1;
    for (int i = 0; i < n_wants; i++) {
        const struct want *w = &wants[i];
        for (;;) {
            bool added = w->leaf ? tlog_chunk_leaf(k, w->index, w->bytes, w->len, w->stored)
                                 : tlog_chunk_node(k, w->index, w->left, w->right, w->stored);
            if (added) {
                break;
            }
            tlog_checks_submit(p, k);
            k = tlog_checks_chunk(p);
            chunks++;
        }
    }
    tlog_checks_submit(p, k);
    bool failed = tlog_checks_finish(p, index, leaf);
    tlog_checks_free(p);
    /* With workers the log spans chunks; alone, each check is made as it
     * is added. */
    assert_true(jobs == 1 || chunks > 1);
    return failed;
}

static void test_a_good_log_passes_on_any_number_of_threads(void **state)
{
    (void)state;
    for (int jobs = 1; jobs <= 4; jobs *= 2) {
        int64_t index = -1;
        bool leaf = false;
        assert_false(run(jobs, &index, &leaf));
    }
}

/* The want of the given kind at index. */
static struct want *find(int64_t index, bool leaf)
{
    for (int i = 0; i < n_wants; i++) {
        if (wants[i].index == index && wants[i].leaf == leaf) {
            return &wants[i];
        }
    }
    fail();
    return NULL;
}

static void test_the_lowest_wrong_hash_is_reported_on_any_number_of_threads(void **state)
{
    (void)state;
    struct want *late_leaf = find(4321, true), *node = find(1023, false), *leaf = find(1023, true);
    late_leaf->stored[5] ^= 1;
    node->stored[31] ^= 0x80;
    for (int jobs = 1; jobs <= 4; jobs *= 2) {
        int64_t index = -1;
        bool is_leaf = true;
        assert_true(run(jobs, &index, &is_leaf));
        assert_int_equal(index, 1023);
        assert_false(is_leaf);
    }
    /* At one index, the leaf's failure is told. */
    leaf->bytes[0] = 'E';
    for (int jobs = 1; jobs <= 4; jobs *= 2) {
        int64_t index = -1;
        bool is_leaf = false;
        assert_true(run(jobs, &index, &is_leaf));
        assert_int_equal(index, 1023);
        assert_true(is_leaf);
    }
    leaf->bytes[0] = 'e';
    node->stored[31] ^= 0x80;
    for (int jobs = 1; jobs <= 4; jobs *= 2) {
        int64_t index = -1;
        bool is_leaf = false;
        assert_true(run(jobs, &index, &is_leaf));
        assert_int_equal(index, 4321);
        assert_true(is_leaf);
    }
    late_leaf->stored[5] ^= 1;
}

int main(void)
{
    if (sodium_init() < 0) {
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_good_log_passes_on_any_number_of_threads),
        cmocka_unit_test(test_the_lowest_wrong_hash_is_reported_on_any_number_of_threads),
    };
    return cmocka_run_group_tests(tests, make_log, free_log);
}
