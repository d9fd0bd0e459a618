/*
 * Checking a log from its C2SP tiles alone, as an outsider does: the
 * level-0 tiles give the leaf hashes, from which the tree is rebuilt (on
 * top of an already verified tree, when there is one) and its root compared
 * with a signed checkpoint's; every higher tile the growth publishes is
 * compared with the rebuilt tree; then each entry of the entry bundles is
 * hashed and compared with its leaf hash. This is both `probity verify
 * --remote` (from an empty tree) and the monitor's consistency check (from
 * the tree it verified last). See docs/monitor.md, "Checking from tiles".
 */
#ifndef PROBITY_TILECHECK_H
#define PROBITY_TILECHECK_H

#include "core/buf.h"
#include "core/err.h"
#include "log/hash.h"
#include "log/tiles.h"
#include "log/tree.h"

#include <stddef.h>
#include <stdint.h>

/* Where tiles come from: get appends the bytes of tile (a hash tile, or an
 * entry bundle when tile->level is TLOG_TILE_ENTRIES) to out. An error it
 * returns (ERR_NOT_FOUND, ERR_UNAVAILABLE, ...) is passed back. */
struct tilecheck_source {
    enum err_code (*get)(void *ctx, const struct tlog_tile *tile, struct buf *out, struct err *err);
    void *ctx;
};

enum tilecheck_problem {
    TILECHECK_OK,
    TILECHECK_FORK,      /* the tiles contradict the verified tree: another history */
    TILECHECK_BAD_ROOT,  /* the tiles' tree is not the checkpoint's (no earlier tree) */
    TILECHECK_BAD_TILE,  /* a tile is malformed, or a higher tile differs from the tree */
    TILECHECK_BAD_ENTRY, /* an entry does not hash to its leaf in the level-0 tile */
};

struct tilecheck_report {
    enum tilecheck_problem problem; /* TILECHECK_OK when everything agrees */
    int64_t index;                  /* the first bad leaf index, or -1 */
    char detail[320];               /* what is wrong, in English */
};

/* Receives each new entry (index old_size onward, in order) once the tree
 * is verified, with its leaf's stored hashes (tree.h): the leaf hash, then
 * the hashes of the subtrees it completes; they take stored indexes
 * tlog_stored_count(index) onward. Borrowed for the call. */
typedef enum err_code (*tilecheck_entry_fn)(void *ctx,
                                            int64_t index,
                                            const uint8_t *data,
                                            size_t len,
                                            const uint8_t (*stored)[TLOG_HASH_SIZE],
                                            size_t n_stored,
                                            struct err *err);

/* Reports progress: phase "tiles" or "entries", leaves done of total. */
typedef void (*tilecheck_progress_fn)(void *ctx, const char *phase, int64_t done, int64_t total);

struct tilecheck_job {
    const struct tilecheck_source *src;
    int64_t old_size;              /* leaves already verified, 0 for none */
    const struct tlog_reader *old; /* their stored hashes (NULL when old_size is 0) */
    int64_t new_size;              /* the checkpoint's size, >= old_size */
    const uint8_t *new_root;       /* the checkpoint's root, TLOG_HASH_SIZE bytes */
    tilecheck_entry_fn on_entry;   /* NULL: entries are checked only */
    void *entry_ctx;
    tilecheck_progress_fn progress; /* NULL for none; called about every 64 tiles */
    void *progress_ctx;
};

/*
 * Runs the check of job (see above):
 *  1. fetches the level-0 tiles of leaves [old_size rounded down to a
 *     tile, new_size) at their widths in the new tree; their hashes of
 *     leaves below old_size must equal the verified ones (else FORK);
 *  2. rebuilds the stored hashes of the new leaves on top of the old tree
 *     and compares the root of new_size leaves with new_root (else FORK
 *     when old_size > 0, BAD_ROOT otherwise);
 *  3. fetches every higher tile that the growth publishes
 *     (tlog_tiles_new) and compares it with the rebuilt tree (BAD_TILE);
 *  4. fetches the entry bundles of those level-0 tiles, hashes each new
 *     entry, compares it with its leaf hash (BAD_ENTRY) and hands it to
 *     on_entry.
 * The first problem is reported in *rep, and the run stops there: on_entry
 * sees entries only when steps 1 to 3 passed, and only up to the first bad
 * entry. Returns ERR_OK when the check ran (see rep->problem), or the
 * error of the source, of job->old or of on_entry. ERR_INVALID when the
 * sizes are out of order or over TLOG_SIZE_MAX.
 */
MUST_CHECK enum err_code
tilecheck_run(const struct tilecheck_job *job, struct tilecheck_report *rep, struct err *err);

/* A stable name for the problem ("fork", "bad_root", ...). */
const char *tilecheck_problem_name(enum tilecheck_problem p);

#endif
