/*
 * RFC 9162 §2.1.3 (inclusion) and §2.1.4 (consistency) proofs: generation
 * by walking the RFC's recursive definitions as loops over leaf ranges,
 * whose hashes come from stored hashes; verification exactly as the RFC's
 * numbered steps. See proof.h and docs/log.md, "Proofs".
 */
#include "log/proof.h"

#include <assert.h>
#include <string.h>

/* The largest power of two strictly below len (len >= 2): the split point
 * k of RFC 9162 §2.1.1. */
static int64_t split_point(int64_t len)
{
    assert(len >= 2);
    return INT64_C(1) << (63 - __builtin_clzll((unsigned long long)(len - 1)));
}

/* Hashes the ranges [lo[i], hi[i]) into proof in reverse order: the loops
 * below find the proof's hashes from the root down, and proofs list them
 * from the leaves up. */
static enum err_code hash_reversed(const int64_t *lo,
                                   const int64_t *hi,
                                   size_t n,
                                   const struct tlog_reader *reader,
                                   uint8_t (*proof)[TLOG_HASH_SIZE],
                                   struct err *err)
{
    uint8_t hashes[TLOG_MAX_PROOF][TLOG_HASH_SIZE];
    assert(n <= TLOG_MAX_PROOF);
    if (n == 0) {
        return ERR_OK;
    }
    struct tlog_hasher hasher;
    tlog_hasher_init(&hasher);
    enum err_code rc = tlog__range_hashes(lo, hi, n, reader, &hasher, hashes, err);
    tlog_hasher_clear(&hasher);
    if (rc != ERR_OK) {
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        memcpy(proof[i], hashes[n - 1 - i], TLOG_HASH_SIZE);
    }
    return ERR_OK;
}

enum err_code tlog_prove_inclusion(int64_t index,
                                   int64_t size,
                                   const struct tlog_reader *reader,
                                   uint8_t (*proof)[TLOG_HASH_SIZE],
                                   size_t *n_out,
                                   struct err *err)
{
    int64_t lo_of[TLOG_MAX_PROOF];
    int64_t hi_of[TLOG_MAX_PROOF];
    size_t n = 0;
    *n_out = 0;
    if (size <= 0 || size > TLOG_SIZE_MAX || index < 0 || index >= size) {
        return err_set(err, ERR_INVALID, "index", "叶子序号 %lld 不在大小为 %lld 的树中",
                       "leaf %lld is not in a tree of size %lld", (long long)index,
                       (long long)size);
    }
    /* PATH(m, D[lo:hi]): with k the split point, the proof for a leaf in
     * the left part ends with MTH of the right part, and the other way
     * round; the recursion continues in the part holding the leaf. */
    int64_t lo = 0;
    int64_t hi = size;
    while (hi - lo > 1) {
        int64_t k = split_point(hi - lo);
        assert(n < TLOG_MAX_PROOF);
        if (index < lo + k) {
            lo_of[n] = lo + k;
            hi_of[n] = hi;
            hi = lo + k;
        } else {
            lo_of[n] = lo;
            hi_of[n] = lo + k;
            lo = lo + k;
        }
        n++;
    }
    enum err_code rc = hash_reversed(lo_of, hi_of, n, reader, proof, err);
    if (rc == ERR_OK) {
        *n_out = n;
    }
    return rc;
}

enum err_code tlog_prove_consistency(int64_t m,
                                     int64_t n,
                                     const struct tlog_reader *reader,
                                     uint8_t (*proof)[TLOG_HASH_SIZE],
                                     size_t *n_out,
                                     struct err *err)
{
    int64_t lo_of[TLOG_MAX_PROOF];
    int64_t hi_of[TLOG_MAX_PROOF];
    size_t count = 0;
    *n_out = 0;
    if (m < 0 || m > n || n > TLOG_SIZE_MAX) {
        return err_set(err, ERR_INVALID, "size", "无法证明大小 %lld 与 %lld 的一致性",
                       "no consistency proof from size %lld to %lld", (long long)m, (long long)n);
    }
    if (m == 0 || m == n) {
        return ERR_OK;
    }
    /* SUBPROOF(m, D[lo:hi], b): it ends at m == hi with nothing when b is
     * still true (the old tree is a whole subtree of the proof's root) or
     * with MTH(D[lo:hi]); otherwise, with k the split point, m <= k keeps b
     * and adds MTH of the right part, m > k clears b and adds MTH of the
     * left part. */
    int64_t lo = 0;
    int64_t hi = n;
    int whole = 1; /* b */
    for (;;) {
        assert(lo < m && m <= hi && count < TLOG_MAX_PROOF);
        if (m == hi) {
            if (!whole) {
                lo_of[count] = lo;
                hi_of[count] = hi;
                count++;
            }
            break;
        }
        int64_t k = split_point(hi - lo);
        if (m - lo <= k) {
            lo_of[count] = lo + k;
            hi_of[count] = hi;
            hi = lo + k;
        } else {
            lo_of[count] = lo;
            hi_of[count] = lo + k;
            lo = lo + k;
            whole = 0;
        }
        count++;
    }
    enum err_code rc = hash_reversed(lo_of, hi_of, count, reader, proof, err);
    if (rc == ERR_OK) {
        *n_out = count;
    }
    return rc;
}

/* Shifts fn and sn right until fn's low bit is set or fn is 0 (the "right-
 * shift both equally" step of RFC 9162 §2.1.3.2 and §2.1.4.2). */
static void shift_to_set_bit(int64_t *fn, int64_t *sn)
{
    while ((*fn & 1) == 0 && *fn != 0) {
        *fn >>= 1;
        *sn >>= 1;
    }
}

static enum err_code proof_fails(struct err *err, const char *zh, const char *en)
{
    return err_set(err, ERR_INTEGRITY, "proof", zh, en);
}

enum err_code tlog_verify_inclusion(int64_t index,
                                    int64_t size,
                                    const uint8_t leaf_hash[TLOG_HASH_SIZE],
                                    const uint8_t (*proof)[TLOG_HASH_SIZE],
                                    size_t n,
                                    const uint8_t root[TLOG_HASH_SIZE],
                                    struct err *err)
{
    uint8_t r[TLOG_HASH_SIZE];
    /* 1. The leaf must be in the tree. */
    if (index < 0 || size <= 0 || index >= size) {
        return err_set(err, ERR_INTEGRITY, "proof", "叶子序号 %lld 不在大小为 %lld 的树中",
                       "leaf %lld is not in a tree of size %lld", (long long)index,
                       (long long)size);
    }
    if (n > TLOG_MAX_PROOF) {
        return proof_fails(err, "包含证明过长", "the inclusion proof is too long");
    }
    /* 2, 3. */
    int64_t fn = index;
    int64_t sn = size - 1;
    memcpy(r, leaf_hash, TLOG_HASH_SIZE);
    struct tlog_hasher hasher;
    tlog_hasher_init(&hasher);
    /* 4. */
    for (size_t i = 0; i < n; i++) {
        if (sn == 0) {
            tlog_hasher_clear(&hasher);
            return proof_fails(err, "包含证明过长", "the inclusion proof is too long");
        }
        if ((fn & 1) || fn == sn) {
            tlog_hasher_node(&hasher, proof[i], r, r);
            shift_to_set_bit(&fn, &sn);
        } else {
            tlog_hasher_node(&hasher, r, proof[i], r);
        }
        fn >>= 1;
        sn >>= 1;
    }
    tlog_hasher_clear(&hasher);
    /* 5. */
    if (sn != 0) {
        return proof_fails(err, "包含证明过短", "the inclusion proof is too short");
    }
    if (memcmp(r, root, TLOG_HASH_SIZE) != 0) {
        return proof_fails(err, "包含证明算出的根哈希与树根不符",
                           "the inclusion proof leads to a different root hash");
    }
    return ERR_OK;
}

enum err_code tlog_verify_consistency(int64_t m,
                                      int64_t n,
                                      const uint8_t root_m[TLOG_HASH_SIZE],
                                      const uint8_t root_n[TLOG_HASH_SIZE],
                                      const uint8_t (*proof)[TLOG_HASH_SIZE],
                                      size_t count,
                                      struct err *err)
{
    uint8_t fr[TLOG_HASH_SIZE];
    uint8_t sr[TLOG_HASH_SIZE];
    if (m < 0 || n < 0 || m > n) {
        return err_set(err, ERR_INTEGRITY, "proof", "大小 %lld 的树不可能是大小 %lld 的树的前缀",
                       "a tree of size %lld cannot be a prefix of one of size %lld", (long long)m,
                       (long long)n);
    }
    if (count > TLOG_MAX_PROOF) {
        return proof_fails(err, "一致性证明过长", "the consistency proof is too long");
    }
    if (m == 0 || m == n) {
        uint8_t empty[TLOG_HASH_SIZE];
        tlog_hash_empty(empty);
        if (count != 0) {
            return proof_fails(err, "此时一致性证明应为空", "the consistency proof must be empty");
        }
        if (m == 0 && memcmp(root_m, empty, TLOG_HASH_SIZE) != 0) {
            return proof_fails(err, "空树的根哈希不对", "wrong root hash for the empty tree");
        }
        if (m == n && memcmp(root_m, root_n, TLOG_HASH_SIZE) != 0) {
            return proof_fails(err, "同样大小的两棵树根哈希不同",
                               "two trees of the same size have different root hashes");
        }
        return ERR_OK;
    }
    /* 1. */
    if (count == 0) {
        return proof_fails(err, "一致性证明为空", "the consistency proof is empty");
    }
    /* 2. When m is a power of two the old root is the first node of the
     * path; it is used without copying the proof. */
    size_t first = 0;
    const uint8_t *start = proof[0];
    if ((m & (m - 1)) == 0) {
        start = root_m;
    } else {
        first = 1;
    }
    /* 3, 4. */
    int64_t fn = m - 1;
    int64_t sn = n - 1;
    while (fn & 1) {
        fn >>= 1;
        sn >>= 1;
    }
    /* 5. */
    memcpy(fr, start, TLOG_HASH_SIZE);
    memcpy(sr, start, TLOG_HASH_SIZE);
    struct tlog_hasher hasher;
    tlog_hasher_init(&hasher);
    /* 6. */
    for (size_t i = first; i < count; i++) {
        if (sn == 0) {
            tlog_hasher_clear(&hasher);
            return proof_fails(err, "一致性证明过长", "the consistency proof is too long");
        }
        if ((fn & 1) || fn == sn) {
            tlog_hasher_node(&hasher, proof[i], fr, fr);
            tlog_hasher_node(&hasher, proof[i], sr, sr);
            shift_to_set_bit(&fn, &sn);
        } else {
            tlog_hasher_node(&hasher, sr, proof[i], sr);
        }
        fn >>= 1;
        sn >>= 1;
    }
    tlog_hasher_clear(&hasher);
    /* 7. */
    if (sn != 0) {
        return proof_fails(err, "一致性证明过短", "the consistency proof is too short");
    }
    if (memcmp(fr, root_m, TLOG_HASH_SIZE) != 0) {
        return proof_fails(err, "一致性证明算出的旧树根与给定的不符",
                           "the consistency proof leads to a different old root hash");
    }
    if (memcmp(sr, root_n, TLOG_HASH_SIZE) != 0) {
        return proof_fails(err, "一致性证明算出的新树根与给定的不符",
                           "the consistency proof leads to a different new root hash");
    }
    return ERR_OK;
}
