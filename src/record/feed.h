/*
 * The real-time feed (GET /api/v1/feed): the public event records as
 * Server-Sent Events, each with its log index as the event id, followed by
 * the signed checkpoint that covers them. The HTTP server streams it; this
 * file produces the text, reading in a transaction of its own. See
 * docs/log.md, "Feed".
 */
#ifndef PROBITY_FEED_H
#define PROBITY_FEED_H

#include "core/buf.h"

#include <stdint.h>

struct store;

/* Records sent per batch. */
#define FEED_BATCH 256

/*
 * Appends to out the records with index >= *next (at most FEED_BATCH) as
 * "id: N\nevent: record\ndata: <record>\n\n", then, when any were sent and
 * the latest checkpoint covers them, "event: checkpoint\ndata: <line>\n..."
 * with one data line per line of the signed note. Advances *next past the
 * records sent. Sends nothing when there is nothing new.
 */
MUST_CHECK enum err_code
feed_fill(struct store *st, int64_t *next, struct buf *out, struct err *err);

#endif
