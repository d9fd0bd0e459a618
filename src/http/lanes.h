/*
 * Lanes: small pools of worker threads, each with its own queue, on which
 * the server runs the requests that may wait (writes, which may wait for
 * the database's write lock; sign-ins, which hash a password), so that the
 * threads reading and answering connections never wait: reads go on while
 * another process holds the write lock. A job waits in its lane's queue at
 * most max_wait_ms; a job that waited longer is not run but given up
 * (answered 503 by its owner), and a full queue refuses new jobs. Knows
 * nothing of libmicrohttpd. See docs/http.md, "Lanes".
 *
 * THREAD SAFETY: lane_submit may be called from any thread; run and
 * given_up run on the lane's threads.
 */
#ifndef PROBITY_LANES_H
#define PROBITY_LANES_H

#include "core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lane;

/* A job's two ends: run it, or tell it that it waited too long. */
typedef void (*lane_fn)(void *arg);

/* Starts a lane of up to n threads (at least 1; one at first, another
 * whenever a job is queued and none is idle) whose jobs wait at most
 * max_wait_ms, queue_max of them at once. ERR_INTERNAL when the first
 * thread cannot start. */
MUST_CHECK enum err_code lane_start(const char *name,
                                    int n,
                                    int64_t max_wait_ms,
                                    size_t queue_max,
                                    struct lane **out,
                                    struct err *err);
/* Runs the jobs still queued (or gives them up when they waited too long),
 * stops the threads and frees the lane. NULL is a no-op. */
void lane_stop(struct lane *l);

/* Queues a job: run(arg) on one of the lane's threads, or given_up(arg)
 * when it waited longer than the lane allows. False when the queue is
 * full (nothing is queued). */
bool lane_submit(struct lane *l, lane_fn run, lane_fn given_up, void *arg);

/* Counts, since the start. */
struct lane_counts {
    int64_t run;
    int64_t given_up;
    int64_t refused; /* the queue was full */
};
void lane_counts(struct lane *l, struct lane_counts *out);

#endif
