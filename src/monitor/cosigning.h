/*
 * A township node's side of witnessing (C2SP tlog-witness): a background
 * thread that, after each commit that grows the log, submits the new
 * checkpoint to every configured witness with a consistency proof from the
 * size that witness cosigned last, checks the cosignature it gets back
 * against the witness's key and stores it (table witness_cosignatures), so
 * that /log/checkpoint serves it with the log's signature. The write path
 * never waits for it. See docs/monitor.md, "Witness".
 */
#ifndef PROBITY_COSIGNING_H
#define PROBITY_COSIGNING_H

#include "core/err.h"
#include "store/store.h"

#include <stddef.h>

struct cosigning;

/*
 * Starts the thread for the n witnesses given as "URL=VKEY" (the URL is
 * the witness's submission prefix: requests go to URL/add-checkpoint; the
 * key is its cosigner verifier key, type 0x04). st must have the log
 * attached (node_open). ERR_INVALID for a malformed target. Stop and free
 * with cosigning_stop.
 */
MUST_CHECK enum err_code cosigning_start(
    struct store *st, char *const *targets, size_t n, struct cosigning **out, struct err *err);

/* Stops the thread (within one request timeout), waits for it and frees
 * it. NULL is a no-op. */
void cosigning_stop(struct cosigning *cs);

#endif
