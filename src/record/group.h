/*
 * Group commit: writes that arrive while a commit is in flight join the
 * next one. The first writer to find no commit in flight leads: it takes
 * every write queued (at most GROUP_MAX), runs each in a savepoint of one
 * transaction (store_savepoint: a refused write undoes its own rows only),
 * and commits once: one fsync, one signed checkpoint for the batch. Each
 * writer is answered only after its batch is durable, so every write
 * acknowledged is in a signed checkpoint at that moment. A batch is bound
 * by count (GROUP_MAX) and by time (GROUP_MAX_MS). See
 * docs/http.md, "Group commit".
 *
 * THREAD SAFETY: group_write may be called from any thread; the writes of
 * a batch run on its leader's thread, one after another.
 */
#ifndef PROBITY_GROUP_H
#define PROBITY_GROUP_H

#include "record/command.h"

/* The most writes one commit carries, and the longest its writes run:
 * a batch whose writes have run this long commits what ran, and the rest
 * lead the next batch (so that a batch of slow writes does not hold its
 * first writer's answer for long). */
#define GROUP_MAX    64
#define GROUP_MAX_MS 20

struct group;

/* A group committing to st. */
struct group *group_new(struct store *st);
void group_free(struct group *g);

/*
 * Runs fn(x', arg) in the next batch's transaction, x' being x with that
 * transaction's connection, and returns once the batch is durable (or
 * undone): fn's own result, or the commit's failure.
 */
MUST_CHECK enum err_code
group_write(struct group *g, const struct ctx *x, write_fn fn, void *arg, struct err *err);

/* Counts, for the tests and the benchmark. */
struct group_counts {
    int64_t writes;    /* run */
    int64_t commits;   /* batches committed or undone */
    int largest;       /* the most writes a batch carried */
    int64_t cut_short; /* batches that reached GROUP_MAX_MS before their last write */
};
void group_counts(struct group *g, struct group_counts *out);

#endif
