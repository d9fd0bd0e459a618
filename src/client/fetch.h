/*
 * The HTTP client (libcurl): GET and POST with a size limit and a timeout
 * over a reusable connection, and a streaming GET for Server-Sent Events
 * that hands the bytes to a callback and stops on a flag. Used by
 * `probity verify --remote`, the monitor and the witness submitter. Only
 * http and https URLs are fetched and redirects are not followed.
 * See docs/monitor.md, "HTTP client".
 *
 * THREAD SAFETY: call fetch_global_init once before any thread uses this
 * module; after that, one struct fetch belongs to one thread at a time.
 */
#ifndef PROBITY_FETCH_H
#define PROBITY_FETCH_H

#include "core/buf.h"
#include "core/err.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

/* A client: one libcurl easy handle, so that requests reuse connections. */
struct fetch {
    void *curl; /* CURL *, owned */
};

/* A response: status, Content-Type and body. */
struct fetch_response {
    long status;            /* HTTP status */
    char content_type[128]; /* the Content-Type header, "" when absent */
    struct buf body;        /* the body; its maximum is the caller's limit */
};

/* Initialises libcurl for the process. Call once, before threads start. */
void fetch_global_init(void);
/* Releases what fetch_global_init set up; after every client is cleared. */
void fetch_global_cleanup(void);

/* Prepares f. Aborts (like xmalloc) when libcurl cannot make a handle.
 * Release with fetch_clear. */
void fetch_init(struct fetch *f);
/* Releases f's handle and connections. Safe on a cleared or zeroed f. */
void fetch_clear(struct fetch *f);

/* Prepares r with a body limited to max bytes; release with
 * fetch_response_clear (safe on a zeroed r). */
void fetch_response_init(struct fetch_response *r, size_t max);
void fetch_response_clear(struct fetch_response *r);

/*
 * GETs url into r (r->body is reset first; any status is a success here:
 * the caller looks at r->status). timeout_ms bounds the whole request.
 * ERR_UNAVAILABLE (field "url") when the server cannot be reached, does
 * not answer in time or the transfer fails; ERR_TOO_LARGE when the body
 * exceeds r's limit; ERR_INVALID for a URL that is not http or https.
 */
MUST_CHECK enum err_code fetch_get(
    struct fetch *f, const char *url, long timeout_ms, struct fetch_response *r, struct err *err);

/*
 * GETs url into r as fetch_get does, sending "Authorization: Bearer
 * <token>" (an API token of the node's; libcurl's bearer authentication,
 * which a redirect would not carry along, and redirects are not followed).
 */
MUST_CHECK enum err_code fetch_get_bearer(struct fetch *f,
                                          const char *url,
                                          const char *token,
                                          long timeout_ms,
                                          struct fetch_response *r,
                                          struct err *err);

/*
 * POSTs body[0..len) with the given Content-Type to url and reads the
 * answer into r, as fetch_get does.
 */
MUST_CHECK enum err_code fetch_post(struct fetch *f,
                                    const char *url,
                                    const char *content_type,
                                    const void *body,
                                    size_t len,
                                    long timeout_ms,
                                    struct fetch_response *r,
                                    struct err *err);

/* Receives streamed bytes; a non-ERR_OK result ends the stream with it. */
typedef enum err_code (*fetch_data_fn)(void *ctx, const char *data, size_t len, struct err *err);
/* Called between reads, at least every FETCH_IDLE_MS, outside libcurl's
 * callbacks (so it may use other clients). */
typedef void (*fetch_idle_fn)(void *ctx);

#define FETCH_IDLE_MS 200

struct fetch_stream_opts {
    const char *url;
    const char *last_event_id; /* sent as Last-Event-ID when not NULL */
    fetch_data_fn on_data;     /* receives the body as it arrives */
    fetch_idle_fn on_idle;     /* may be NULL */
    void *ctx;                 /* passed to both */
    const atomic_bool *stop;   /* the stream ends soon after it is set */
    long connect_timeout_ms;   /* for the connection */
    long idle_timeout_ms;      /* the stream ends after this long without a byte */
};

/*
 * Streams a GET (for text/event-stream) until the server closes it, *stop
 * is set, nothing arrives for idle_timeout_ms, or on_data fails. Data is
 * read into a buffer in libcurl's callback and handed to on_data from the
 * loop, never from inside libcurl. ERR_OK when the server closed the
 * stream or stop was set; ERR_UNAVAILABLE when it could not be reached,
 * answered with a status other than 200, or went quiet; ERR_TOO_LARGE when
 * more than 8 MiB arrived between two reads; on_data's error as it gave it.
 */
MUST_CHECK enum err_code fetch_stream(const struct fetch_stream_opts *o, struct err *err);

#endif
