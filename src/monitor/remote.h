/*
 * A township node seen from outside, through its C2SP endpoints only:
 * GET <url>/log/checkpoint and GET <url>/log/tile/... (C2SP tlog-tiles), as
 * a tile source for tilecheck. See docs/monitor.md.
 */
#ifndef PROBITY_REMOTE_H
#define PROBITY_REMOTE_H

#include "client/fetch.h"
#include "core/buf.h"
#include "core/err.h"
#include "log/note.h"
#include "monitor/tilecheck.h"

#define REMOTE_URL_MAX 512
/* Time allowed for one checkpoint or tile request. */
#define REMOTE_TIMEOUT_MS 30000

struct remote {
    struct fetch fetch;        /* the connection, reused */
    char url[REMOTE_URL_MAX];  /* the node's base URL, without a final '/' */
    struct fetch_response res; /* the last answer */
    long timeout_ms;           /* per request; REMOTE_TIMEOUT_MS unless changed */
};

/*
 * Splits a command-line target "URL=VKEY" (at the first '=': the URL must
 * not contain one) into url (without a final '/') and the parsed verifier
 * key *key; vkey_text (when not NULL, TLOG_KEY_TEXT_MAX bytes) receives
 * the key's text. ERR_INVALID (field given) when either part is missing
 * or malformed, or the URL is not http(s) or too long.
 */
MUST_CHECK enum err_code remote_parse_target(const char *arg,
                                             const char *field,
                                             char url[REMOTE_URL_MAX],
                                             struct tlog_verifier *key,
                                             char *vkey_text,
                                             struct err *err);

/*
 * Prepares r for the node at url ("http://host:port", a trailing '/' is
 * dropped). ERR_INVALID when url is not http(s) or is too long. Release
 * with remote_clear (also after a failure).
 */
MUST_CHECK enum err_code remote_init(struct remote *r, const char *url, struct err *err);
void remote_clear(struct remote *r);

/*
 * Appends the node's signed checkpoint (GET /log/checkpoint) to out.
 * ERR_UNAVAILABLE when the node does not answer or answers with a status
 * other than 200 (field "url"); ERR_TOO_LARGE past out's maximum.
 */
MUST_CHECK enum err_code remote_checkpoint(struct remote *r, struct buf *out, struct err *err);

/* The node's tiles as a tilecheck source (valid while r is). A tile the
 * node does not have (404) is ERR_NOT_FOUND; other failures ERR_UNAVAILABLE. */
struct tilecheck_source remote_tiles(struct remote *r);

#endif
