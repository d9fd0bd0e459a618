/*
 * Sending answers over libmicrohttpd: a JSON reply, a handler's own bytes,
 * an answer kept in the answer cache, the error document of a struct err, a file of the web app.
 * Every answer carries the security headers (CSP, nosniff, frame and referrer policy, and HSTS when
 * the request came over TLS). Used by server.c and feed_stream.c on the thread that answers the
 * connection.
 */
#ifndef PROBITY_SEND_H
#define PROBITY_SEND_H

#include "core/err.h"
#include "http/cache.h"
#include "http/http.h"

#include <jansson.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>

/* A header to add to a reply; a NULL or empty value adds nothing. */
struct header {
    const char *name;
    const char *value;
};

/* Whether the request being answered on this thread reached the server
 * over TLS (through a trusted proxy): its answers then carry HSTS. */
void send_over_tls(bool tls);
/* Adds the security headers to resp. */
void send_security_headers(struct MHD_Response *resp);
/* True when the client asks for English (Accept-Language: en...). */
bool send_wants_english(struct MHD_Connection *conn);
/* Sends a JSON reply with status; body may be NULL (no content); the n
 * headers are added. A body of ENCODING_MIN bytes or more is gzipped when
 * the client accepts it. */
enum MHD_Result send_json(
    struct MHD_Connection *conn, int status, json_t *body, const struct header *headers, size_t n);
/* Sends a handler's own bytes (rep->raw, which the response takes). */
enum MHD_Result send_raw(struct MHD_Connection *conn, struct reply *rep);
/* Sends an answer of the answer cache (http/cache.h): 304 Not Modified
 * when If-None-Match names it, its gzip copy when the client accepts
 * gzip, with its ETag; the responses are made once and kept on the entry,
 * and send the entry's own bytes: the caller keeps its reference to e
 * until the request completes. */
enum MHD_Result send_cached(struct MHD_Connection *conn, struct cache_entry *e);
/* Sends the error document of err in the client's language, with the n
 * headers (at most 3) and Retry-After when err says when to try again. */
enum MHD_Result send_error_with(struct MHD_Connection *conn,
                                const struct err *err,
                                bool english,
                                const struct header *headers,
                                size_t n);
enum MHD_Result send_error(struct MHD_Connection *conn, const struct err *err, bool english);
/* Sends the file of the web app under web_dir that answers url (its
 * compressed copy when the client accepts one): GET or HEAD only. */
enum MHD_Result
send_static(const char *web_dir, struct MHD_Connection *conn, const char *url, const char *method);

#endif
