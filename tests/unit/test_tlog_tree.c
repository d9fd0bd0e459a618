/*
 * Unit tests of the Merkle tree (log/hash.h, log/tree.h, log/proof.h)
 * against a plain recursive RFC 9162 §2.1 reference written here (MTH,
 * PATH, PROOF/SUBPROOF over a list of leaves, hashed with libsodium's
 * SHA-256 rather than the library's OpenSSL): for trees of 0..300 leaves,
 * stored hashes appended leaf by leaf into an in-memory array, every tree
 * hash, every inclusion proof (index, size) and every consistency proof
 * (m, n) with m <= n, each generated through the reader, compared with the
 * reference's proof, verified, and rejected once tampered with.
 */
#include "core/alloc.h"
#include "core/err.h"
#include "log/hash.h"
#include "log/proof.h"
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

#define MAX_LEAVES 300

/* --- the reference: RFC 9162 §2.1 written recursively ------------------ */

static void ref_leaf(const void *data, size_t len, uint8_t out[32])
{
    crypto_hash_sha256_state st;
    const uint8_t zero = 0x00;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, &zero, 1);
    crypto_hash_sha256_update(&st, data, len);
    crypto_hash_sha256_final(&st, out);
}

static void ref_node(const uint8_t left[32], const uint8_t right[32], uint8_t out[32])
{
    uint8_t in[65];
    in[0] = 0x01;
    memcpy(in + 1, left, 32);
    memcpy(in + 33, right, 32);
    crypto_hash_sha256(out, in, sizeof(in));
}

/* The largest power of two strictly below n (n >= 2). */
static size_t ref_split(size_t n)
{
    size_t k = 1;
    while (k * 2 < n) {
        k *= 2;
    }
    return k;
}

/* The leaves of the reference tree. */
static uint8_t ref_leaves[MAX_LEAVES][32];
/* Memo of MTH(D[lo:lo+n]): the recursion below asks for the same
 * subtrees over and over. */
static uint8_t ref_memo[MAX_LEAVES + 1][MAX_LEAVES + 1][32];
static bool ref_known[MAX_LEAVES + 1][MAX_LEAVES + 1];

/* MTH(D[lo:lo+n]) (RFC 9162 §2.1.1). */
static void ref_mth(size_t lo, size_t n, uint8_t out[32])
{
    if (ref_known[lo][n]) {
        memcpy(out, ref_memo[lo][n], 32);
        return;
    }
    if (n == 0) {
        crypto_hash_sha256(out, NULL, 0);
    } else if (n == 1) {
        memcpy(out, ref_leaves[lo], 32);
    } else {
        size_t k = ref_split(n);
        uint8_t left[32];
        uint8_t right[32];
        ref_mth(lo, k, left);
        ref_mth(lo + k, n - k, right);
        ref_node(left, right, out);
    }
    memcpy(ref_memo[lo][n], out, 32);
    ref_known[lo][n] = true;
}

/* PATH(m, D[lo:lo+n]) appended to out (RFC 9162 §2.1.3.1). */
static void ref_path(size_t m, size_t lo, size_t n, uint8_t (*out)[32], size_t *len)
{
    if (n <= 1) {
        return;
    }
    size_t k = ref_split(n);
    if (m < k) {
        ref_path(m, lo, k, out, len);
        ref_mth(lo + k, n - k, out[(*len)++]);
    } else {
        ref_path(m - k, lo + k, n - k, out, len);
        ref_mth(lo, k, out[(*len)++]);
    }
}

/* SUBPROOF(m, D[lo:lo+n], b) appended to out (RFC 9162 §2.1.4.1). */
static void ref_subproof(size_t m, size_t lo, size_t n, bool b, uint8_t (*out)[32], size_t *len)
{
    if (m == n) {
        if (!b) {
            ref_mth(lo, n, out[(*len)++]);
        }
        return;
    }
    size_t k = ref_split(n);
    if (m <= k) {
        ref_subproof(m, lo, k, b, out, len);
        ref_mth(lo + k, n - k, out[(*len)++]);
    } else {
        ref_subproof(m - k, lo + k, n - k, false, out, len);
        ref_mth(lo, k, out[(*len)++]);
    }
}

/* --- an in-memory store of stored hashes ------------------------------- */

struct mem_store {
    uint8_t (*hashes)[32];
    int64_t n_hashes;
    int64_t limit;  /* reads at or past this index fail: the tree being asked about */
    size_t n_reads; /* reader calls */
};

static enum err_code
mem_read(void *ctx, const int64_t *indexes, size_t n, uint8_t (*hashes)[32], struct err *err)
{
    struct mem_store *s = ctx;
    assert_true(n > 0);
    s->n_reads++;
    for (size_t i = 0; i < n; i++) {
        if (indexes[i] < 0 || indexes[i] >= s->limit || indexes[i] >= s->n_hashes) {
            return err_set(err, ERR_NOT_FOUND, "index", NULL, "no stored hash %lld",
                           (long long)indexes[i]);
        }
        memcpy(hashes[i], s->hashes[indexes[i]], 32);
    }
    return ERR_OK;
}

struct fixture {
    uint8_t (*leaves)[32]; /* ref_leaves */
    struct mem_store store;
    struct tlog_reader reader;
};

static struct fixture fx;

/* Builds MAX_LEAVES leaves and appends their stored hashes one by one. */
static int setup_tree(void **state)
{
    (void)state;
    if (sodium_init() < 0) {
        return -1;
    }
    fx.leaves = ref_leaves;
    fx.store.hashes = xcalloc((size_t)tlog_stored_count(MAX_LEAVES), 32);
    fx.store.n_hashes = 0;
    fx.reader.read = mem_read;
    fx.reader.ctx = &fx.store;
    for (int i = 0; i < MAX_LEAVES; i++) {
        char data[32];
        int len = snprintf(data, sizeof(data), "leaf %d", i);
        ref_leaf(data, (size_t)len, fx.leaves[i]);
        uint8_t out[TLOG_MAX_STORED_PER_LEAF][32];
        size_t n_out = 0;
        struct err err;
        err_init(&err);
        fx.store.limit = fx.store.n_hashes; /* only earlier hashes may be read */
        if (tlog_stored_hashes_for_leaf(i, fx.leaves[i], &fx.reader, out, &n_out, &err) != ERR_OK ||
            fx.store.n_hashes != tlog_stored_count(i)) {
            return -1;
        }
        memcpy(fx.store.hashes[fx.store.n_hashes], out, n_out * 32);
        fx.store.n_hashes += (int64_t)n_out;
    }
    return fx.store.n_hashes == tlog_stored_count(MAX_LEAVES) ? 0 : -1;
}

static int teardown_tree(void **state)
{
    (void)state;
    xfree(fx.store.hashes);
    return 0;
}

/* Restricts reads to the stored hashes of the tree of size leaves. */
static void limit_to(int64_t size)
{
    fx.store.limit = tlog_stored_count(size);
}

/* --- tests ------------------------------------------------------------- */

static void test_tlog_hashes_match_known_answers(void **state)
{
    (void)state;
    uint8_t h[32];
    uint8_t want[32];
    char b64[TLOG_HASH_B64_SIZE];
    tlog_hash_empty(h);
    tlog_hash_to_b64(h, b64);
    assert_string_equal(b64, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    /* RFC 6962's empty leaf: SHA-256(0x00). */
    tlog_hash_leaf("", 0, h);
    tlog_hash_to_b64(h, b64);
    assert_string_equal(b64, "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=");
    for (int i = 0; i < 8; i++) {
        tlog_hash_leaf(fx.leaves, (size_t)i * 37, h);
        ref_leaf(fx.leaves, (size_t)i * 37, want);
        assert_memory_equal(h, want, 32);
        tlog_hash_node(fx.leaves[i], fx.leaves[i + 1], h);
        ref_node(fx.leaves[i], fx.leaves[i + 1], want);
        assert_memory_equal(h, want, 32);
    }
    /* A reused hasher gives the same answers as the one-shot calls. */
    struct tlog_hasher hasher;
    tlog_hasher_init(&hasher);
    for (int i = 0; i < 8; i++) {
        tlog_hasher_leaf(&hasher, "abc", 3, h);
        ref_leaf("abc", 3, want);
        assert_memory_equal(h, want, 32);
        memcpy(h, fx.leaves[i], 32);
        tlog_hasher_node(&hasher, h, fx.leaves[i + 1], h); /* out aliases left */
        ref_node(fx.leaves[i], fx.leaves[i + 1], want);
        assert_memory_equal(h, want, 32);
    }
    tlog_hasher_clear(&hasher);
    tlog_hasher_clear(&hasher); /* clearing twice is harmless */
}

static void test_tlog_hash_b64_refuses_other_lengths(void **state)
{
    (void)state;
    uint8_t h[32];
    memset(h, 0xaa, sizeof(h));
    struct err err;
    err_init(&err);
    assert_int_equal(
        tlog_hash_from_b64("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", 44, h, &err), ERR_OK);
    uint8_t empty[32];
    tlog_hash_empty(empty);
    assert_memory_equal(h, empty, 32);
    static const char *const bad[] = {
        "",
        "ZG9uJ3QgY2FyZSAx",                             /* 12 bytes */
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU",  /* no padding */
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV=", /* non-zero padding bits */
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU==",
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuF-=", /* URL alphabet */
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hS uFU=",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", /* 35 bytes */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        memset(h, 0xaa, sizeof(h));
        assert_int_equal(tlog_hash_from_b64(bad[i], strlen(bad[i]), h, &err), ERR_INVALID);
        assert_int_equal(h[0], 0xaa); /* unchanged */
    }
}

static void test_tlog_stored_index_numbers_hashes_in_append_order(void **state)
{
    (void)state;
    /* Leaves 0..3 store: (0,0) (0,1) (1,0) (0,2) (0,3) (1,1) (2,0). */
    assert_int_equal(tlog_stored_index(0, 0), 0);
    assert_int_equal(tlog_stored_index(0, 1), 1);
    assert_int_equal(tlog_stored_index(1, 0), 2);
    assert_int_equal(tlog_stored_index(0, 2), 3);
    assert_int_equal(tlog_stored_index(0, 3), 4);
    assert_int_equal(tlog_stored_index(1, 1), 5);
    assert_int_equal(tlog_stored_index(2, 0), 6);
    assert_int_equal(tlog_stored_count(0), 0);
    assert_int_equal(tlog_stored_count(1), 1);
    assert_int_equal(tlog_stored_count(4), 7);
    assert_int_equal(tlog_stored_count(5), 8);
    /* The largest tree still numbers its last hash within int64. */
    assert_int_equal(tlog_stored_count(TLOG_SIZE_MAX), INT64_MAX);
    assert_int_equal(tlog_stored_index(62, 0), INT64_MAX - 1);
    /* Every stored hash is the MTH of its subtree, at its index. */
    for (int level = 0; (1 << level) <= MAX_LEAVES; level++) {
        for (int64_t n = 0; (n + 1) << level <= MAX_LEAVES; n++) {
            uint8_t want[32];
            ref_mth((size_t)(n << level), (size_t)1 << level, want);
            int64_t i = tlog_stored_index(level, n);
            assert_true(i < fx.store.n_hashes);
            assert_memory_equal(fx.store.hashes[i], want, 32);
        }
    }
}

static void test_tlog_tree_hash_matches_reference_for_every_size(void **state)
{
    (void)state;
    struct err err;
    err_init(&err);
    for (int64_t size = 0; size <= MAX_LEAVES; size++) {
        uint8_t got[32];
        uint8_t want[32];
        limit_to(size);
        size_t reads = fx.store.n_reads;
        assert_int_equal(tlog_tree_hash(size, &fx.reader, got, &err), ERR_OK);
        assert_int_equal(fx.store.n_reads - reads, size == 0 ? 0 : 1); /* one call */
        ref_mth(0, (size_t)size, want);
        assert_memory_equal(got, want, 32);
    }
    uint8_t out[32];
    assert_int_equal(tlog_tree_hash(-1, &fx.reader, out, &err), ERR_INVALID);
    assert_int_equal(tlog_tree_hash(TLOG_SIZE_MAX + 1, &fx.reader, out, &err), ERR_INVALID);
    /* A reader error comes back unchanged. */
    limit_to(3);
    assert_int_equal(tlog_tree_hash(5, &fx.reader, out, &err), ERR_NOT_FOUND);
    assert_string_equal(err.field, "index");
}

static void test_tlog_inclusion_proofs_match_reference_and_verify(void **state)
{
    (void)state;
    struct err err;
    err_init(&err);
    for (int64_t size = 1; size <= MAX_LEAVES; size++) {
        uint8_t root[32];
        ref_mth(0, (size_t)size, root);
        limit_to(size);
        for (int64_t index = 0; index < size; index++) {
            uint8_t proof[TLOG_MAX_PROOF][32];
            uint8_t want[TLOG_MAX_PROOF][32];
            size_t n = 99;
            size_t n_want = 0;
            assert_int_equal(tlog_prove_inclusion(index, size, &fx.reader, proof, &n, &err),
                             ERR_OK);
            ref_path((size_t)index, 0, (size_t)size, want, &n_want);
            assert_int_equal(n, n_want);
            if (n > 0) {
                assert_memory_equal(proof, want, n * 32);
            }
            const uint8_t(*p)[32] = (const uint8_t(*)[32])proof;
            assert_int_equal(tlog_verify_inclusion(index, size, fx.leaves[index], p, n, root, &err),
                             ERR_OK);
            /* Wrong leaf, wrong index, wrong size, wrong root: refused. */
            int64_t other = (index + 1) % size;
            if (other != index) {
                assert_int_equal(
                    tlog_verify_inclusion(index, size, fx.leaves[other], p, n, root, &err),
                    ERR_INTEGRITY);
                assert_int_equal(
                    tlog_verify_inclusion(other, size, fx.leaves[index], p, n, root, &err),
                    ERR_INTEGRITY);
            }
            /* A proof binds the size only through the root: checked as one
             * for the next size, it must miss that tree's root. */
            if (size < MAX_LEAVES) {
                uint8_t next_root[32];
                ref_mth(0, (size_t)size + 1, next_root);
                assert_int_equal(
                    tlog_verify_inclusion(index, size + 1, fx.leaves[index], p, n, next_root, &err),
                    ERR_INTEGRITY);
            }
            assert_int_equal(
                tlog_verify_inclusion(index, size, fx.leaves[index], p, n, fx.leaves[index], &err),
                size == 1 ? ERR_OK : ERR_INTEGRITY);
            /* Every flipped bit, a dropped hash, an added hash: refused. */
            for (size_t i = 0; i < n; i++) {
                proof[i][i % 32] ^= 0x01;
                assert_int_equal(
                    tlog_verify_inclusion(index, size, fx.leaves[index], p, n, root, &err),
                    ERR_INTEGRITY);
                proof[i][i % 32] ^= 0x01;
            }
            if (n > 0) {
                assert_int_equal(
                    tlog_verify_inclusion(index, size, fx.leaves[index], p, n - 1, root, &err),
                    ERR_INTEGRITY);
            }
            memcpy(proof[n], root, 32);
            assert_int_equal(
                tlog_verify_inclusion(index, size, fx.leaves[index], p, n + 1, root, &err),
                ERR_INTEGRITY);
            assert_string_equal(err.field, "proof");
        }
    }
}

static void test_tlog_inclusion_refuses_bad_arguments(void **state)
{
    (void)state;
    struct err err;
    err_init(&err);
    uint8_t proof[TLOG_MAX_PROOF + 1][32];
    uint8_t root[32];
    size_t n = 7;
    limit_to(MAX_LEAVES);
    assert_int_equal(tlog_prove_inclusion(3, 3, &fx.reader, proof, &n, &err), ERR_INVALID);
    assert_int_equal(n, 0);
    assert_int_equal(tlog_prove_inclusion(-1, 3, &fx.reader, proof, &n, &err), ERR_INVALID);
    assert_int_equal(tlog_prove_inclusion(0, 0, &fx.reader, proof, &n, &err), ERR_INVALID);
    assert_int_equal(tlog_prove_inclusion(0, TLOG_SIZE_MAX + 1, &fx.reader, proof, &n, &err),
                     ERR_INVALID);
    limit_to(2); /* a reader error comes back */
    assert_int_equal(tlog_prove_inclusion(0, 9, &fx.reader, proof, &n, &err), ERR_NOT_FOUND);
    const uint8_t(*p)[32] = (const uint8_t(*)[32])proof;
    memset(proof, 0, sizeof(proof));
    memcpy(root, fx.leaves[0], 32);
    assert_int_equal(tlog_verify_inclusion(0, 0, fx.leaves[0], p, 0, root, &err), ERR_INTEGRITY);
    assert_int_equal(tlog_verify_inclusion(-1, 5, fx.leaves[0], p, 0, root, &err), ERR_INTEGRITY);
    assert_int_equal(tlog_verify_inclusion(5, 5, fx.leaves[0], p, 0, root, &err), ERR_INTEGRITY);
    assert_int_equal(
        tlog_verify_inclusion(0, INT64_MAX, fx.leaves[0], p, TLOG_MAX_PROOF + 1, root, &err),
        ERR_INTEGRITY);
    assert_int_equal(tlog_verify_inclusion(0, 1, fx.leaves[0], p, 0, root, &err), ERR_OK);
}

static void test_tlog_consistency_proofs_match_reference_and_verify(void **state)
{
    (void)state;
    struct err err;
    err_init(&err);
    uint8_t roots[MAX_LEAVES + 1][32];
    for (int64_t size = 0; size <= MAX_LEAVES; size++) {
        ref_mth(0, (size_t)size, roots[size]);
    }
    for (int64_t n = 0; n <= MAX_LEAVES; n++) {
        limit_to(n);
        for (int64_t m = 0; m <= n; m++) {
            uint8_t proof[TLOG_MAX_PROOF + 1][32];
            uint8_t want[TLOG_MAX_PROOF][32];
            size_t count = 99;
            size_t n_want = 0;
            assert_int_equal(tlog_prove_consistency(m, n, &fx.reader, proof, &count, &err), ERR_OK);
            if (m > 0 && m < n) {
                ref_subproof((size_t)m, 0, (size_t)n, true, want, &n_want);
            }
            assert_int_equal(count, n_want);
            if (count > 0) {
                assert_memory_equal(proof, want, count * 32);
            }
            const uint8_t(*p)[32] = (const uint8_t(*)[32])proof;
            assert_int_equal(tlog_verify_consistency(m, n, roots[m], roots[n], p, count, &err),
                             ERR_OK);
            /* Swapped or wrong roots and sizes: refused. */
            if (m != n) {
                assert_int_equal(tlog_verify_consistency(m, n, roots[n], roots[m], p, count, &err),
                                 ERR_INTEGRITY);
                assert_int_equal(tlog_verify_consistency(n, m, roots[m], roots[n], p, count, &err),
                                 ERR_INTEGRITY);
            }
            if (m > 0) {
                assert_int_equal(
                    tlog_verify_consistency(m, n, roots[m - 1], roots[n], p, count, &err),
                    ERR_INTEGRITY);
            }
            /* (Any tree extends the empty one, so m == 0 is left out.) */
            if (m > 0 && n < MAX_LEAVES) {
                assert_int_equal(
                    tlog_verify_consistency(m, n, roots[m], roots[n + 1], p, count, &err),
                    ERR_INTEGRITY);
                assert_int_equal(
                    tlog_verify_consistency(m, n + 1, roots[m], roots[n + 1], p, count, &err),
                    ERR_INTEGRITY);
            }
            /* Every flipped bit, a dropped hash, an added hash: refused. */
            for (size_t i = 0; i < count; i++) {
                proof[i][31 - i % 32] ^= 0x80;
                assert_int_equal(tlog_verify_consistency(m, n, roots[m], roots[n], p, count, &err),
                                 ERR_INTEGRITY);
                proof[i][31 - i % 32] ^= 0x80;
            }
            if (count > 0) {
                assert_int_equal(
                    tlog_verify_consistency(m, n, roots[m], roots[n], p, count - 1, &err),
                    ERR_INTEGRITY);
            }
            memcpy(proof[count], roots[n], 32);
            assert_int_equal(tlog_verify_consistency(m, n, roots[m], roots[n], p, count + 1, &err),
                             ERR_INTEGRITY);
            assert_string_equal(err.field, "proof");
        }
    }
}

static void test_tlog_consistency_edge_cases(void **state)
{
    (void)state;
    struct err err;
    err_init(&err);
    uint8_t proof[TLOG_MAX_PROOF + 1][32];
    uint8_t empty[32];
    uint8_t root5[32];
    size_t count = 9;
    tlog_hash_empty(empty);
    ref_mth(0, 5, root5);
    const uint8_t(*p)[32] = (const uint8_t(*)[32])proof;
    limit_to(MAX_LEAVES);
    assert_int_equal(tlog_prove_consistency(6, 5, &fx.reader, proof, &count, &err), ERR_INVALID);
    assert_int_equal(count, 0);
    assert_int_equal(tlog_prove_consistency(-1, 5, &fx.reader, proof, &count, &err), ERR_INVALID);
    assert_int_equal(tlog_prove_consistency(1, TLOG_SIZE_MAX + 1, &fx.reader, proof, &count, &err),
                     ERR_INVALID);
    /* From the empty tree: empty proof, and root_m must be the empty hash. */
    assert_int_equal(tlog_verify_consistency(0, 5, empty, root5, p, 0, &err), ERR_OK);
    assert_int_equal(tlog_verify_consistency(0, 5, root5, root5, p, 0, &err), ERR_INTEGRITY);
    memcpy(proof[0], empty, 32);
    assert_int_equal(tlog_verify_consistency(0, 5, empty, root5, p, 1, &err), ERR_INTEGRITY);
    assert_int_equal(tlog_verify_consistency(0, 0, empty, empty, p, 0, &err), ERR_OK);
    assert_int_equal(tlog_verify_consistency(0, 0, root5, root5, p, 0, &err), ERR_INTEGRITY);
    /* Equal sizes: empty proof and equal roots. */
    assert_int_equal(tlog_verify_consistency(5, 5, root5, root5, p, 0, &err), ERR_OK);
    assert_int_equal(tlog_verify_consistency(5, 5, root5, empty, p, 0, &err), ERR_INTEGRITY);
    assert_int_equal(tlog_verify_consistency(5, 5, root5, root5, p, 1, &err), ERR_INTEGRITY);
    /* 0 < m < n needs a non-empty proof; bounded length; no negative sizes. */
    assert_int_equal(tlog_verify_consistency(3, 5, root5, root5, p, 0, &err), ERR_INTEGRITY);
    assert_int_equal(tlog_verify_consistency(3, 5, root5, root5, p, TLOG_MAX_PROOF + 1, &err),
                     ERR_INTEGRITY);
    assert_int_equal(tlog_verify_consistency(-1, 5, empty, root5, p, 0, &err), ERR_INTEGRITY);
    assert_int_equal(tlog_verify_consistency(-2, -1, empty, root5, p, 0, &err), ERR_INTEGRITY);
    /* A reader error comes back. */
    limit_to(1);
    assert_int_equal(tlog_prove_consistency(1, 9, &fx.reader, proof, &count, &err), ERR_NOT_FOUND);
}

static void test_tlog_stored_hashes_for_leaf_refuses_bad_index(void **state)
{
    (void)state;
    struct err err;
    err_init(&err);
    uint8_t out[TLOG_MAX_STORED_PER_LEAF][32];
    size_t n = 5;
    assert_int_equal(tlog_stored_hashes_for_leaf(-1, fx.leaves[0], &fx.reader, out, &n, &err),
                     ERR_INVALID);
    assert_int_equal(n, 0);
    assert_int_equal(
        tlog_stored_hashes_for_leaf(TLOG_SIZE_MAX, fx.leaves[0], &fx.reader, out, &n, &err),
        ERR_INVALID);
    /* Leaf 7 needs the stored hashes of levels 0..2 to its left. */
    limit_to(7);
    assert_int_equal(tlog_stored_hashes_for_leaf(7, fx.leaves[7], &fx.reader, out, &n, &err),
                     ERR_OK);
    assert_int_equal(n, 4);
    assert_memory_equal(out[3], fx.store.hashes[tlog_stored_index(3, 0)], 32);
    limit_to(6); /* without (0, 6) it cannot be done */
    assert_int_equal(tlog_stored_hashes_for_leaf(7, fx.leaves[7], &fx.reader, out, &n, &err),
                     ERR_NOT_FOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tlog_hashes_match_known_answers),
        cmocka_unit_test(test_tlog_hash_b64_refuses_other_lengths),
        cmocka_unit_test(test_tlog_stored_index_numbers_hashes_in_append_order),
        cmocka_unit_test(test_tlog_tree_hash_matches_reference_for_every_size),
        cmocka_unit_test(test_tlog_inclusion_proofs_match_reference_and_verify),
        cmocka_unit_test(test_tlog_inclusion_refuses_bad_arguments),
        cmocka_unit_test(test_tlog_consistency_proofs_match_reference_and_verify),
        cmocka_unit_test(test_tlog_consistency_edge_cases),
        cmocka_unit_test(test_tlog_stored_hashes_for_leaf_refuses_bad_index),
    };
    return cmocka_run_group_tests(tests, setup_tree, teardown_tree);
}
