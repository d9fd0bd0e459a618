/*
 * The events' pass of verify_log (record/verify.c), and the report's one
 * way of noting a problem; for the verifier's own files.
 */
#ifndef PROBITY_VERIFY_EVENTS_H
#define PROBITY_VERIFY_EVENTS_H

#include "log/hash.h"
#include "record/verify.h"

/* Notes problem p at index in r, with its detail, unless r has one. */
void verify_problem_at(struct verify_report *r,
                       enum verify_problem p,
                       int64_t index,
                       const char *fmt,
                       ...) PRINTF_LIKE(4, 5);

/*
 * Streams the events of c (total of them, for progress), checking each
 * row's columns and stored hashes, hashing on jobs threads; leaves the
 * tree's root in root and the first problem by index, with the events
 * checked, in r.
 */
MUST_CHECK enum err_code verify_events(struct store_conn *c,
                                       int jobs,
                                       verify_progress_fn progress,
                                       void *progress_ctx,
                                       int64_t total,
                                       struct verify_report *r,
                                       uint8_t root[TLOG_HASH_SIZE],
                                       struct err *err);

#endif
