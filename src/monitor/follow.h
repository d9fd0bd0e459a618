/*
 * Following township nodes: one thread per node subscribes to its feed
 * (GET /api/v1/feed, Server-Sent Events, resumed with Last-Event-ID), and
 * on each checkpoint event, or every poll interval from GET
 * /log/checkpoint, verifies the checkpoint's signature and its consistency
 * with what was verified before (rebuilding the tree from the node's
 * tiles), mirrors the new entries, and records alerts: fork, rollback,
 * bad_signature, unreachable, bad_entry, bad_tile. With a token for the
 * node, it also reads the sealed parts of the entries it mirrors
 * (sealedparts.h; alert bad_sealed). See docs/monitor.md.
 *
 * THREAD SAFETY: the threads share only the store (one connection each at
 * a time) and the stop flag.
 */
#ifndef PROBITY_FOLLOW_H
#define PROBITY_FOLLOW_H

#include "core/err.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

struct follow_options {
    int64_t poll_ms;            /* fallback poll of /log/checkpoint, e.g. 5000 */
    int64_t unreachable_ms;     /* no answer for this long: alert "unreachable" */
    char *const *sealed_tokens; /* "URL=FILE": the token to read URL's sealed parts */
    size_t n_sealed_tokens;
};

struct follow_set;

/*
 * Registers the n targets ("URL=VKEY", the log's note verifier key; the
 * origin is the key's name) in the store as the followed nodes (others
 * become inactive), with the token of each opts->sealed_tokens entry read
 * from its file, then starts one thread for each. ERR_INVALID for a
 * malformed target, a token for a URL not followed or given twice, or a
 * token file sealedparts_read_token refuses; ERR_CONFLICT for a log given
 * twice; store errors.
 * Nothing is started on failure. Stop and free with follow_stop.
 */
MUST_CHECK enum err_code follow_start(struct store *st,
                                      char *const *targets,
                                      size_t n,
                                      const struct follow_options *opts,
                                      struct follow_set **out,
                                      struct err *err);

/* Stops every thread (within about one request timeout), waits for them
 * and frees set. NULL is a no-op. */
void follow_stop(struct follow_set *set);

#endif
