/*
 * Server-Sent Events parsing (the WHATWG HTML "event stream" format): bytes
 * in, events out. Lines end in CRLF, LF or CR (also across chunks); a line
 * starting with ':' is a comment; "event", "data" and "id" fields build the
 * event, which an empty line dispatches; the last event id persists across
 * events, as the spec's "last event ID buffer" does, for reconnecting with
 * Last-Event-ID. See docs/monitor.md, "Following a node".
 */
#ifndef PROBITY_SSE_H
#define PROBITY_SSE_H

#include "core/buf.h"
#include "core/err.h"

#include <stdbool.h>
#include <stddef.h>

#define SSE_FIELD_MAX 128 /* longest event type or id kept, NUL included */

/* One dispatched event. Everything is borrowed until the handler returns. */
struct sse_event {
    const char *type; /* the "event" field, or "message" */
    const char *id;   /* the last event id so far, "" when none */
    const char *data; /* the data lines joined by "\n", NUL-terminated */
    size_t data_len;
};

/* Receives each event; a non-ERR_OK result stops sse_feed with it. */
typedef enum err_code (*sse_event_fn)(void *ctx, const struct sse_event *ev, struct err *err);

struct sse_parser {
    struct buf line;             /* the line being read */
    struct buf data;             /* the event's data so far */
    char type[SSE_FIELD_MAX];    /* the event's type so far, "" for "message" */
    char last_id[SSE_FIELD_MAX]; /* the last event id buffer */
    bool started;                /* past the optional byte order mark */
    bool after_cr;               /* the previous byte ended a line with CR */
    sse_event_fn on_event;
    void *ctx;
};

/*
 * Prepares p to parse one stream, calling on_event(ctx, ...) for each
 * event. max bounds a line and an event's data, in bytes. Release with
 * sse_clear.
 */
void sse_init(struct sse_parser *p, size_t max, sse_event_fn on_event, void *ctx);
/* Releases p's buffers. */
void sse_clear(struct sse_parser *p);
/* Forgets a partial line and event (after a reconnection); keeps the
 * last event id. */
void sse_reset(struct sse_parser *p);

/*
 * Parses the next len bytes of the stream, dispatching complete events.
 * ERR_TOO_LARGE (field "event") when a line or an event's data exceeds
 * max; the handler's error as it returned it.
 */
MUST_CHECK enum err_code
sse_feed(struct sse_parser *p, const char *bytes, size_t len, struct err *err);

/* The last event id seen ("" when none); borrowed from p. */
const char *sse_last_event_id(const struct sse_parser *p);

#endif
