/*
 * Merkle inclusion and consistency proofs, RFC 9162 §2.1.3 and §2.1.4:
 * generation from stored hashes (tree.h) and verification. Proofs are
 * arrays of 32-byte hashes, at most TLOG_MAX_PROOF of them. Verification
 * failures are ERR_INTEGRITY with a message saying what did not match.
 * See docs/log.md, "Proofs".
 */
#ifndef PROBITY_LOG_PROOF_H
#define PROBITY_LOG_PROOF_H

#include "core/err.h"
#include "log/hash.h"
#include "log/tree.h"

#include <stddef.h>
#include <stdint.h>

/* Longest proof accepted or produced: a consistency proof within a tree of
 * fewer than 2^63 leaves has at most 64 hashes, an inclusion proof 63. */
#define TLOG_MAX_PROOF 64

/*
 * Writes the inclusion proof (RFC 9162 §2.1.3.1 PATH) of leaf index in the
 * tree of the first size leaves into proof (room for TLOG_MAX_PROOF
 * hashes), leaf's sibling first, and its length into *n_out. Reads the
 * stored hashes of that tree (or a larger one) through reader, in one call.
 * ERR_INVALID unless 0 <= index < size <= TLOG_SIZE_MAX; a reader error is
 * passed back.
 */
MUST_CHECK enum err_code tlog_prove_inclusion(int64_t index,
                                              int64_t size,
                                              const struct tlog_reader *reader,
                                              uint8_t (*proof)[TLOG_HASH_SIZE],
                                              size_t *n_out,
                                              struct err *err);

/*
 * Checks an inclusion proof (RFC 9162 §2.1.3.2): that leaf_hash is leaf
 * index of the tree of size leaves whose root is root, given the n hashes
 * of proof. ERR_OK, or ERR_INTEGRITY (field "proof") when index is not in
 * [0, size), the proof is longer than TLOG_MAX_PROOF, has the wrong length
 * for (index, size), or leads to another root.
 */
MUST_CHECK enum err_code tlog_verify_inclusion(int64_t index,
                                               int64_t size,
                                               const uint8_t leaf_hash[TLOG_HASH_SIZE],
                                               const uint8_t (*proof)[TLOG_HASH_SIZE],
                                               size_t n,
                                               const uint8_t root[TLOG_HASH_SIZE],
                                               struct err *err);

/*
 * Writes the consistency proof between the trees of the first m and the
 * first n leaves (RFC 9162 §2.1.4.1 PROOF) into proof (room for
 * TLOG_MAX_PROOF hashes) and its length into *n_out. As the RFC defines
 * proofs only for 0 < m < n, the proof for m == 0 or m == n is empty (the
 * convention of C2SP tlog-witness). Reads the stored hashes of the tree of
 * n (or more) leaves through reader, in at most one call. ERR_INVALID
 * unless 0 <= m <= n <= TLOG_SIZE_MAX; a reader error is passed back.
 */
MUST_CHECK enum err_code tlog_prove_consistency(int64_t m,
                                                int64_t n,
                                                const struct tlog_reader *reader,
                                                uint8_t (*proof)[TLOG_HASH_SIZE],
                                                size_t *n_out,
                                                struct err *err);

/*
 * Checks a consistency proof (RFC 9162 §2.1.4.2): that the tree of n leaves
 * with root root_n extends the tree of m leaves with root root_m, given the
 * count hashes of proof. Beyond the RFC's 0 < m < n: for m == n the proof
 * must be empty and the roots equal; for m == 0 the proof must be empty and
 * root_m must be the empty tree's hash (any tree extends the empty one).
 * ERR_OK, or ERR_INTEGRITY (field "proof") when m > n, a size is negative,
 * the proof is longer than TLOG_MAX_PROOF or has the wrong length, or
 * either recomputed root differs.
 */
MUST_CHECK enum err_code tlog_verify_consistency(int64_t m,
                                                 int64_t n,
                                                 const uint8_t root_m[TLOG_HASH_SIZE],
                                                 const uint8_t root_n[TLOG_HASH_SIZE],
                                                 const uint8_t (*proof)[TLOG_HASH_SIZE],
                                                 size_t count,
                                                 struct err *err);

#endif
