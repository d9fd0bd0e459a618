/*
 * Stored-hash numbering, the hashes appended per leaf, and root hashes
 * folded from complete subtrees (RFC 9162 §2.1.1). See tree.h and
 * docs/log.md, "Stored hashes".
 */
#include "log/tree.h"

#include "core/alloc.h"

#include <assert.h>
#include <string.h>

/* popcount of a non-negative int64. */
static int popcount64(int64_t v)
{
    assert(v >= 0);
    return __builtin_popcountll((unsigned long long)v);
}

int64_t tlog_stored_index(int level, int64_t n)
{
    assert(level >= 0 && level <= 62);
    assert(n >= 0 && n < (TLOG_SIZE_MAX >> level));
    /* m is the leaf whose append completes the subtree; the subtree's hash
     * is written right after the hashes of levels 0 .. level-1 on top of
     * the S(m) = 2m - popcount(m) hashes stored before leaf m. */
    int64_t m = ((n + 1) << level) - 1;
    return 2 * m - popcount64(m) + level;
}

int64_t tlog_stored_count(int64_t size)
{
    assert(size >= 0 && size <= TLOG_SIZE_MAX);
    /* 2 * 2^62 itself is past INT64_MAX; the difference is not. */
    return (int64_t)(2 * (uint64_t)size - (uint64_t)popcount64(size));
}

enum err_code tlog_stored_hashes_for_leaf(int64_t n,
                                          const uint8_t leaf_hash[TLOG_HASH_SIZE],
                                          const struct tlog_reader *reader,
                                          uint8_t (*out)[TLOG_HASH_SIZE],
                                          size_t *n_out,
                                          struct err *err)
{
    int64_t indexes[TLOG_MAX_STORED_PER_LEAF];
    uint8_t left[TLOG_MAX_STORED_PER_LEAF][TLOG_HASH_SIZE];
    *n_out = 0;
    if (n < 0 || n >= TLOG_SIZE_MAX) {
        return err_set(err, ERR_INVALID, "index", "叶子序号超出范围", "leaf index out of range");
    }
    /* Leaf n completes one subtree per trailing one bit of n: at level l
     * its left half is the subtree (l, (n >> l) - 1), already stored. */
    int levels = 0;
    while ((n >> levels) & 1) {
        indexes[levels] = tlog_stored_index(levels, (n >> levels) - 1);
        levels++;
    }
    assert(levels < TLOG_MAX_STORED_PER_LEAF);
    if (levels > 0) {
        enum err_code rc = reader->read(reader->ctx, indexes, (size_t)levels, left, err);
        if (rc != ERR_OK) {
            return rc;
        }
    }
    memcpy(out[0], leaf_hash, TLOG_HASH_SIZE);
    if (levels > 0) {
        struct tlog_hasher hasher;
        tlog_hasher_init(&hasher);
        for (int l = 0; l < levels; l++) {
            tlog_hasher_node(&hasher, left[l], out[l], out[l + 1]);
        }
        tlog_hasher_clear(&hasher);
    }
    *n_out = (size_t)levels + 1;
    return ERR_OK;
}

/* The number of complete subtrees in the range [lo, hi). */
static size_t range_subtrees(int64_t lo, int64_t hi)
{
    assert(lo >= 0 && lo < hi && hi <= TLOG_SIZE_MAX);
    return (size_t)popcount64(hi - lo);
}

/* Writes the stored indexes of the complete subtrees that make up
 * [lo, hi), largest (leftmost) first, into out; returns their number. */
static size_t range_indexes(int64_t lo, int64_t hi, int64_t *out)
{
    int64_t len = hi - lo;
    int64_t pos = lo;
    size_t k = 0;
    for (int level = 62; level >= 0; level--) {
        int64_t width = INT64_C(1) << level;
        if (len & width) {
            /* The range's alignment makes every piece a stored subtree. */
            assert(pos % width == 0);
            out[k++] = tlog_stored_index(level, pos >> level);
            pos += width;
        }
    }
    assert(pos == hi);
    return k;
}

enum err_code tlog__range_hashes(const int64_t *lo,
                                 const int64_t *hi,
                                 size_t n,
                                 const struct tlog_reader *reader,
                                 struct tlog_hasher *hasher,
                                 uint8_t (*out)[TLOG_HASH_SIZE],
                                 struct err *err)
{
    enum err_code rc = ERR_OK;
    int64_t *indexes = NULL;
    uint8_t(*hashes)[TLOG_HASH_SIZE] = NULL;
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        total += range_subtrees(lo[i], hi[i]);
    }
    if (total == 0) {
        goto done;
    }
    indexes = xcalloc(total, sizeof(*indexes));
    hashes = xcalloc(total, sizeof(*hashes));
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        k += range_indexes(lo[i], hi[i], indexes + k);
    }
    assert(k == total);
    rc = reader->read(reader->ctx, indexes, total, hashes, err);
    if (rc != ERR_OK) {
        goto done;
    }
    /* MTH of a range splits at the largest power of two below its length
     * (RFC 9162 §2.1.1), so it is the right fold of its subtrees. */
    k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t count = range_subtrees(lo[i], hi[i]);
        memcpy(out[i], hashes[k + count - 1], TLOG_HASH_SIZE);
        for (size_t j = count - 1; j > 0; j--) {
            tlog_hasher_node(hasher, hashes[k + j - 1], out[i], out[i]);
        }
        k += count;
    }
done:
    xfree(indexes);
    xfree(hashes);
    return rc;
}

enum err_code tlog_tree_hash(int64_t size,
                             const struct tlog_reader *reader,
                             uint8_t out[TLOG_HASH_SIZE],
                             struct err *err)
{
    if (size < 0 || size > TLOG_SIZE_MAX) {
        return err_set(err, ERR_INVALID, "size", "树的大小超出范围", "tree size out of range");
    }
    if (size == 0) {
        tlog_hash_empty(out);
        return ERR_OK;
    }
    const int64_t lo = 0;
    struct tlog_hasher hasher;
    tlog_hasher_init(&hasher);
    enum err_code rc =
        tlog__range_hashes(&lo, &size, 1, reader, &hasher, (uint8_t(*)[TLOG_HASH_SIZE])out, err);
    tlog_hasher_clear(&hasher);
    return rc;
}
