/*
 * The Merkle log kept in the store: stored hashes appended with each event
 * (in the event's transaction), the latest signed checkpoint (signed in the
 * same transaction, just before it commits), tiles and entry bundles read
 * from the tables, and proofs. See docs/log.md.
 */
#ifndef PROBITY_TLOG_DB_H
#define PROBITY_TLOG_DB_H

#include "core/buf.h"
#include "log/hash.h"
#include "log/key.h"
#include "log/proof.h"
#include "log/tiles.h"
#include "log/tree.h"
#include "store/store.h"

#include <pthread.h>

/* The right edge of a tree of size leaves: the root of each complete
 * subtree of its decomposition, by stored index (none: size -1). Enough to
 * append the next leaf without reading the store. */
struct tlog_edge {
    int64_t size;
    uint64_t txn; /* the transaction that appended its last leaf (store_transaction) */
    int n;
    int64_t index[TLOG_MAX_STORED_PER_LEAF];
    uint8_t hash[TLOG_MAX_STORED_PER_LEAF][TLOG_HASH_SIZE];
};

/* The node's log: its key and what followers wait on. Owned by the store
 * (as its hook context) once attached. */
struct tlog_db_state {
    struct tlog_key key;  /* the node's signing key */
    pthread_mutex_t lock; /* guards size */
    pthread_cond_t grew;  /* broadcast when a commit grows the log */
    int64_t size;         /* the committed log size */
    /* Raised whenever what the public reads of the log may have changed:
     * it grew, or a witness's cosignature was stored (tlog_db_touch). */
    uint64_t generation;
    /* What tlog_serve_generation last saw of the database: its data
     * version (store_data_version), or when it last read the size. */
    int64_t data_version;
    int64_t refreshed_ms;
    /* The edge after this process's last append (pending: of its
     * transaction only, which may yet roll back) and after its last commit
     * (committed: the database's, while its size is the database's). */
    struct tlog_edge pending, committed;
};

/*
 * Attaches the log to st: signs a checkpoint if none covers the events
 * yet, and installs the commit hooks that sign a new
 * checkpoint inside every write transaction that grows the log and wake
 * followers after it commits. key is copied. ERR_INVALID when the key's
 * name is not the node's origin.
 */
MUST_CHECK enum err_code
tlog_db_attach(struct store *st, const struct tlog_key *key, struct err *err);
/* The attached state of st, or NULL (borrowed). */
struct tlog_db_state *tlog_db_state(struct store *st);
/* Reads the committed log's size from the database and wakes the waiters
 * when it grew without a commit of this process (another process, such as
 * a command-line tool, wrote to the same data folder). */
MUST_CHECK enum err_code tlog_db_refresh(struct store *st, struct err *err);
/* The state's generation (under its lock). */
uint64_t tlog_db_generation(struct tlog_db_state *state);
/* Raises the state's generation: a cosignature was stored. */
void tlog_db_touch(struct tlog_db_state *state);
/* Waits until the committed log is larger than size or timeout_ms passes;
 * returns the committed size. */
int64_t tlog_db_wait(struct tlog_db_state *state, int64_t size, int timeout_ms);

/* Room for the stored hashes one leaf adds. */
#define TLOG_DB_LEAF_HASHES_MAX (TLOG_MAX_STORED_PER_LEAF * TLOG_HASH_SIZE)
/* Subtrees of 2^TLOG_DB_UPPER_LEVEL leaves and more also go to tlog_upper. */
#define TLOG_DB_UPPER_LEVEL TLOG_TILE_HEIGHT
/*
 * Appends leaf number seq (the next one) with the given bytes to the log:
 * computes its stored hashes — its leaf hash, then the hash of each subtree
 * it completes, lowest level first — into out (*out_len bytes, a multiple
 * of 32) for the caller to write in the leaf's events row (column tlog),
 * and writes those of level TLOG_DB_UPPER_LEVEL and above to tlog_upper.
 * The left siblings come from the edge this process keeps (its last
 * append's, or its last commit's), or else are read through c. Inside the
 * caller's write transaction.
 */
MUST_CHECK enum err_code tlog_db_append_hashes(struct store_conn *c,
                                               int64_t seq,
                                               const void *leaf,
                                               size_t len,
                                               uint8_t out[TLOG_DB_LEAF_HASHES_MAX],
                                               size_t *out_len,
                                               struct err *err);
/* The leaf whose row holds stored hash idx, and the hash's place there. */
int64_t tlog_db_leaf_of_stored(int64_t idx, int *offset);
/* A reader of c's stored hashes for the library (valid while c is held). */
struct tlog_reader tlog_db_reader(struct store_conn *c);
/* The number of leaves (events) in the log. */
MUST_CHECK enum err_code tlog_db_size(struct store_conn *c, int64_t *size, struct err *err);
/* The latest signed checkpoint as text (appended to out) and its size,
 * followed by the cosignature lines witnesses returned for it (table
 * witness_cosignatures, same size and root; docs/monitor.md). ERR_NOT_FOUND
 * when none has been signed. */
MUST_CHECK enum err_code
tlog_db_checkpoint(struct store_conn *c, struct buf *out, int64_t *size, struct err *err);
/* The bytes of a tile or entry bundle of the current tree (appended to
 * out), in the caller's read transaction (log/serve.h runs one).
 * ERR_NOT_FOUND when the tree does not hold it. */
MUST_CHECK enum err_code
tlog_db_tile(struct store_conn *c, const struct tlog_tile *tile, struct buf *out, struct err *err);
/* The leaf hash of entry index. ERR_NOT_FOUND past the end. */
MUST_CHECK enum err_code tlog_db_leaf_hash(struct store_conn *c,
                                           int64_t index,
                                           uint8_t out[TLOG_HASH_SIZE],
                                           struct err *err);
/*
 * The C2SP tlog-proof of entry index against the latest checkpoint
 * (appended to out), in the caller's read transaction. ERR_NOT_FOUND when
 * the entry is not covered.
 */
MUST_CHECK enum err_code
tlog_db_receipt(struct store_conn *c, int64_t index, struct buf *out, struct err *err);

#endif
