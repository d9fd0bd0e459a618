/*
 * The log as a server reads it: checkpoints, tiles, proofs and receipts,
 * each read in a transaction of its own on a connection of the node's
 * database, so that the HTTP layer holds neither a connection nor the
 * signing key. See docs/log.md.
 */
#ifndef PROBITY_TLOG_SERVE_H
#define PROBITY_TLOG_SERVE_H

#include "core/buf.h"
#include "log/hash.h"
#include "log/key.h"
#include "log/proof.h"
#include "log/tiles.h"

struct store;

/* An inclusion proof of entry index in the tree of size. */
struct tlog_inclusion {
    int64_t index, size;
    uint8_t leaf[TLOG_HASH_SIZE]; /* the entry's leaf hash */
    uint8_t root[TLOG_HASH_SIZE]; /* the root of the tree of size */
    uint8_t proof[TLOG_MAX_PROOF][TLOG_HASH_SIZE];
    size_t n; /* hashes in proof */
};

/* A consistency proof between the trees of sizes from and to. */
struct tlog_consistency {
    int64_t from, to;
    uint8_t from_root[TLOG_HASH_SIZE], to_root[TLOG_HASH_SIZE];
    uint8_t proof[TLOG_MAX_PROOF][TLOG_HASH_SIZE];
    size_t n;
};

/* The latest signed checkpoint with its cosignatures (appended to note)
 * and its size (tlog_db_checkpoint). */
MUST_CHECK enum err_code
tlog_serve_checkpoint(struct store *st, struct buf *note, int64_t *size, struct err *err);
/* The bytes of a tile or entry bundle (tlog_db_tile). */
MUST_CHECK enum err_code
tlog_serve_tile(struct store *st, const struct tlog_tile *tile, struct buf *data, struct err *err);
/* The node's verifier key as text (C2SP signed-note "name+hash+key"). */
void tlog_serve_verifier_key(struct store *st, char out[TLOG_KEY_TEXT_MAX]);
/* The number of entries in the log. */
MUST_CHECK enum err_code tlog_serve_size(struct store *st, int64_t *size, struct err *err);
/*
 * The inclusion proof of entry index in the tree of size, or of the signed
 * size when size < 0. ERR_NOT_FOUND ("size") when the signed log has not
 * reached size, ("index") when the entry is not in that tree.
 */
MUST_CHECK enum err_code tlog_serve_inclusion(
    struct store *st, int64_t index, int64_t size, struct tlog_inclusion *out, struct err *err);
/* The consistency proof between sizes from and to. ERR_NOT_FOUND ("size")
 * when the signed log has not reached to; ERR_BAD_REQUEST ("from") when
 * from exceeds to. */
MUST_CHECK enum err_code tlog_serve_consistency(
    struct store *st, int64_t from, int64_t to, struct tlog_consistency *out, struct err *err);
/* Waits until the committed log is larger than size or timeout_ms passes
 * (0: does not wait); returns the committed size (tlog_db_wait). */
int64_t tlog_serve_wait(struct store *st, int64_t size, int timeout_ms);
/* The log's generation (tlog_db_generation): raised whenever what the
 * public reads of it may have changed; 0 when st has no log attached.
 * A commit of another process is noticed at once on SQLite (its data
 * version changed: the size is read afresh), and on PostgreSQL within
 * TLOG_SERVE_REFRESH_MS (the size is read afresh that often). */
#define TLOG_SERVE_REFRESH_MS 1000
uint64_t tlog_serve_generation(struct store *st);
/* Notices entries another process committed (tlog_db_refresh). */
MUST_CHECK enum err_code tlog_serve_refresh(struct store *st, struct err *err);
/* The C2SP tlog-proof receipt of entry index (tlog_db_receipt). */
MUST_CHECK enum err_code
tlog_serve_receipt(struct store *st, int64_t index, struct buf *out, struct err *err);

#endif
