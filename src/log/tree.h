/*
 * Stored hashes: every complete subtree hash of the log, numbered in the
 * order an append-only store writes them, so that one table keyed by an
 * integer holds the whole tree. The hash of the complete subtree at
 * (level, n) covers leaves [n * 2^level, (n + 1) * 2^level). Root hashes
 * (RFC 9162 §2.1.1 MTH) of any earlier size are computed from them.
 * See docs/log.md, "Stored hashes".
 */
#ifndef PROBITY_LOG_TREE_H
#define PROBITY_LOG_TREE_H

#include "core/err.h"
#include "log/hash.h"

#include <stddef.h>
#include <stdint.h>

/* Largest tree the stored-hash numbering supports: its 2^63 - 1 stored
 * hashes still have int64 indexes. */
#define TLOG_SIZE_MAX (INT64_C(1) << 62)
/* Most hashes one appended leaf can add: the leaf's and one per level. */
#define TLOG_MAX_STORED_PER_LEAF 64

/*
 * The caller's access to earlier stored hashes. read fills hashes[i] with
 * the stored hash whose index is indexes[i], for i in [0, n), in the order
 * asked (indexes may repeat). It returns ERR_OK, or an error code recorded
 * in err (ERR_NOT_FOUND when an index has no hash, ERR_STORE and so on),
 * which the library passes back unchanged. The library never calls read
 * with n == 0.
 */
struct tlog_reader {
    enum err_code (*read)(void *ctx,
                          const int64_t *indexes,
                          size_t n,
                          uint8_t (*hashes)[TLOG_HASH_SIZE],
                          struct err *err);
    void *ctx; /* passed to read as is */
};

/*
 * The index of the stored hash of the complete subtree (level, n): 0 for
 * the first leaf, then in append order. Requires 0 <= level <= 62, n >= 0
 * and (n + 1) * 2^level <= TLOG_SIZE_MAX (asserted). The formula is
 * S(m) + level with m = (n + 1) * 2^level - 1 the leaf that completes the
 * subtree and S(m) = 2m - popcount(m) the stored hashes before leaf m.
 */
int64_t tlog_stored_index(int level, int64_t n);
/* The number of stored hashes of a tree of size leaves, 2 * size -
 * popcount(size). Requires 0 <= size <= TLOG_SIZE_MAX (asserted). */
int64_t tlog_stored_count(int64_t size);

/*
 * The hashes to append to the store when leaf n (0-based; the tree grows
 * from n to n + 1 leaves) with leaf hash leaf_hash is added: leaf_hash
 * itself, then each parent completed by it, lowest level first. Their
 * indexes are tlog_stored_count(n) onward. The left siblings needed are
 * read through reader in one call. out receives *n_out hashes (at most
 * TLOG_MAX_STORED_PER_LEAF, so out must hold that many).
 * ERR_INVALID when n is negative or n + 1 > TLOG_SIZE_MAX; a reader error
 * is passed back.
 */
MUST_CHECK enum err_code tlog_stored_hashes_for_leaf(int64_t n,
                                                     const uint8_t leaf_hash[TLOG_HASH_SIZE],
                                                     const struct tlog_reader *reader,
                                                     uint8_t (*out)[TLOG_HASH_SIZE],
                                                     size_t *n_out,
                                                     struct err *err);

/*
 * The RFC 9162 §2.1.1 root hash (MTH) of the first size leaves, from the
 * stored hashes of that tree (one reader call, none for size 0; stored
 * hashes of a larger tree serve too). The empty tree's hash is SHA-256 of
 * the empty string. ERR_INVALID when size is negative or over
 * TLOG_SIZE_MAX; a reader error is passed back.
 */
MUST_CHECK enum err_code tlog_tree_hash(int64_t size,
                                        const struct tlog_reader *reader,
                                        uint8_t out[TLOG_HASH_SIZE],
                                        struct err *err);

/*
 * Internal to src/log: the hashes of the leaf ranges [lo[i], hi[i]) for i
 * in [0, n), each a range whose start is a multiple of the smallest power
 * of two not below its length (the only ranges RFC 9162 proofs use), so
 * that its MTH folds complete stored subtrees. One reader call in all.
 */
MUST_CHECK enum err_code tlog__range_hashes(const int64_t *lo,
                                            const int64_t *hi,
                                            size_t n,
                                            const struct tlog_reader *reader,
                                            struct tlog_hasher *hasher,
                                            uint8_t (*out)[TLOG_HASH_SIZE],
                                            struct err *err);

#endif
