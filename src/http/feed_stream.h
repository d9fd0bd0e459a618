/*
 * The record feed's streams: a connection answering GET /api/v1/events
 * streams the log's records as server-sent events and waits for more. See
 * docs/api.md, "The log and the feed".
 */
#ifndef PROBITY_FEED_STREAM_H
#define PROBITY_FEED_STREAM_H

#include <microhttpd.h>
#include <stdint.h>

struct feeds;
struct store;

/* Starts the streams' ticker over st (borrowed): it wakes the waiting
 * streams when the log grows and for keepalives. */
struct feeds *feeds_start(struct store *st);
/* Starts streaming the log to conn from record index from. */
enum MHD_Result feeds_send(struct feeds *fs, struct MHD_Connection *conn, int64_t from);
/* Stops the ticker and ends every stream at its next read; call before
 * stopping the daemon. */
void feeds_close(struct feeds *fs);
/* Frees fs, once the daemon has stopped (and freed every stream). */
void feeds_free(struct feeds *fs);

#endif
