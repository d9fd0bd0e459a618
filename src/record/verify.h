/*
 * Verifying a node's record from its own data folder: every event row
 * against its canonical bytes, every stored hash of the Merkle log against
 * the hashes recomputed from the events, the latest checkpoint's root and
 * signature, and the query tables against a replay of the events. The
 * first problem found is reported with the index it concerns.
 * See docs/log.md, "Verification".
 */
#ifndef PROBITY_VERIFY_H
#define PROBITY_VERIFY_H

#include "log/key.h"
#include "store/store.h"

enum verify_problem {
    VERIFY_OK,
    VERIFY_ROW_MISSING,        /* a seq is absent */
    VERIFY_ROWS_REORDERED,     /* a row holds another index's record */
    VERIFY_ROW_CHANGED,        /* a row's bytes or columns do not match the log */
    VERIFY_TILE_MISMATCH,      /* a stored hash differs from the recomputed one */
    VERIFY_CHECKPOINT_SIZE,    /* the checkpoint's size is not the number of events */
    VERIFY_CHECKPOINT_ROOT,    /* the checkpoint's root is not the tree's */
    VERIFY_BAD_SIGNATURE,      /* the checkpoint is not signed by the node's key */
    VERIFY_TABLES_OUT_OF_STEP, /* the query tables differ from a replay of the events */
    VERIFY_SEALED_MISMATCH     /* a sealed part is missing or not the one its digest seals */
};

struct verify_report {
    enum verify_problem problem; /* VERIFY_OK when everything agrees */
    int64_t index;               /* the first bad index, or -1 */
    int64_t events;              /* events checked */
    char detail[320];            /* what is wrong, in English */
};

/* The most hashing threads a verification takes (`probity verify --jobs`). */
#define VERIFY_JOBS_MAX 64

/* Called every VERIFY_PROGRESS_STEP events with the count so far. */
#define VERIFY_PROGRESS_STEP 100000
typedef void (*verify_progress_fn)(int64_t done, int64_t total, void *ctx);

/*
 * Verifies the store c (see above) with the node's key, and every sealed
 * part against the digest its event carries, hashing on jobs threads (1:
 * the caller's alone; see log/hashcheck.h). scratch_path is where the
 * replay of the query tables may put its scratch database (outside the
 * data folder, which is only read).
 * Returns ERR_OK when the verification ran (see report->problem); an error
 * when it could not run (I/O, store).
 */
MUST_CHECK enum err_code verify_store(struct store_conn *c,
                                      const struct tlog_key *key,
                                      int jobs,
                                      const char *scratch_path,
                                      verify_progress_fn progress,
                                      void *progress_ctx,
                                      struct verify_report *report,
                                      struct err *err);
/* As verify_store without the query tables: the events, the Merkle log and
 * the signed checkpoint only. */
MUST_CHECK enum err_code verify_log(struct store_conn *c,
                                    const struct tlog_key *key,
                                    int jobs,
                                    verify_progress_fn progress,
                                    void *progress_ctx,
                                    struct verify_report *report,
                                    struct err *err);
/* A stable name for the problem ("row_changed", ...). */
const char *verify_problem_name(enum verify_problem p);

#endif
