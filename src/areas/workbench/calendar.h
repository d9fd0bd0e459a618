/*
 * Each user's private calendar feed (iCalendar, RFC 5545, written with
 * libical): the meetings of their township they are to attend (those they
 * convene or are notified of), or all of them for whoever prepares or
 * countersigns the minutes, from 90 days back. An office calendar
 * subscribes to its secret address; the secret is kept only as its
 * SHA-256 digest, made again to change the address, and ends with the
 * account. See docs/decisions.md, "The workbench".
 */
#ifndef PROBITY_CALENDAR_H
#define PROBITY_CALENDAR_H

#include "core/buf.h"
#include "core/err.h"

#include <stdint.h>

struct store;

/* The feed's secret as text: a prefix and 32 random bytes in base64url. */
#define CALENDAR_TOKEN_MAX 64

/* Makes user_id's feed, or a new address for it (the old one stops);
 * token receives the secret, shown once. */
MUST_CHECK enum err_code calendar_feed_create(struct store *st,
                                              int64_t user_id,
                                              char token[CALENDAR_TOKEN_MAX],
                                              struct err *err);
/* Stops user_id's feed (no error when there is none). */
MUST_CHECK enum err_code calendar_feed_delete(struct store *st, int64_t user_id, struct err *err);
/* The calendar of the feed whose secret is token, as iCalendar text into
 * out; ERR_NOT_FOUND for an unknown secret or a disabled account. now_ms
 * sets how far back it reaches. */
MUST_CHECK enum err_code calendar_render(
    struct store *st, const char *token, int64_t now_ms, struct buf *out, struct err *err);

#endif
