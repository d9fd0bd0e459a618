/*
 * The sealed parts of the followed logs. A township's public record of a
 * deliberation carries only the salted digest of what stays confidential
 * until the minutes close (statements, ballots, reasons: core/salted.h).
 * The commission is entitled to more than the public: given an API token
 * of one of its inspectors on a node (--sealed-token URL=FILE), the
 * monitor reads each sealed part of that node through the node's
 * authenticated GET /api/v1/events/{index}/sealed, checks it against the
 * digest in its own mirror of the log (never the digest the answer
 * brings), keeps it, and serves it only to the commission's own
 * inspectors. When the log itself publishes a part (a publication
 * record), the monitor checks the publication against the digest the same
 * way. A part that does not match is an alert ("bad_sealed"). Tables in
 * src/store/migrations/0010_monitor_sealed.sql. See docs/monitor.md,
 * "Sealed parts".
 */
#ifndef PROBITY_SEALEDPARTS_H
#define PROBITY_SEALEDPARTS_H

#include "client/fetch.h"
#include "core/err.h"
#include "store/store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* States of a part (the mirrored_sealed_parts.state column). */
#define SEALEDPARTS_PENDING   "pending"
#define SEALEDPARTS_READ      "read"
#define SEALEDPARTS_PUBLISHED "published"
#define SEALEDPARTS_REFUSED   "refused"
#define SEALEDPARTS_BAD       "bad"

/* Parts read from a node in one round (one write transaction after). */
#define SEALEDPARTS_BATCH 64
/* The longest token accepted from a token file. */
#define SEALEDPARTS_TOKEN_MAX 256

/* A problem found in what an entry publishes, or in what a node served. */
struct sealedparts_problem {
    int64_t index;    /* the part's entry, -1 when none was found */
    char detail[320]; /* English, for the alert */
};

/*
 * Reads an API token from the first line of the file at path into token
 * (SEALEDPARTS_TOKEN_MAX bytes): ERR_INVALID when the file cannot be
 * read, is readable by others than its owner (like ssh, the secret must
 * be kept private), or its first line is empty, too long or holds spaces
 * or control characters.
 */
MUST_CHECK enum err_code
sealedparts_read_token(const char *path, char token[SEALEDPARTS_TOKEN_MAX], struct err *err);

/*
 * Notes what the mirrored entry index of origin (its bytes, body[0..len))
 * brings, inside the mirror's write transaction: a record whose payload
 * carries "sealed_digest" becomes a pending part; a publication record
 * ("publication.created" with its parts, "sealed_publication.created")
 * has each part it publishes checked against the part's digest and marked
 * published, or bad with *problem filled (problem->index >= 0) for the
 * first one that does not match or names no sealed part. Entries that are
 * not JSON records are ignored (the log holds bytes).
 */
MUST_CHECK enum err_code sealedparts_note(struct store_conn *c,
                                          const char *origin,
                                          int64_t index,
                                          const char *body,
                                          size_t len,
                                          int64_t now_ms,
                                          struct sealedparts_problem *problem,
                                          struct err *err);

/*
 * Records at start whether the running monitor holds a token for origin,
 * and makes its refused parts pending again (a new token may be
 * entitled). Inside the caller's write transaction.
 */
MUST_CHECK enum err_code
sealedparts_register(struct store_conn *c, const char *origin, bool token, struct err *err);

/* What one round of reading brought. */
struct sealedparts_round {
    int read;                       /* parts read and matching */
    int refused;                    /* parts the node refused (403) */
    bool more;                      /* pending parts remain */
    struct sealedparts_problem bad; /* the first part that did not match */
    bool failed;                    /* the round stopped early: error says why */
    char error[320];                /* English, for the node's sealed_error */
};

/*
 * Reads up to SEALEDPARTS_BATCH pending parts of origin, oldest first,
 * from the node at url (its base URL) with the bearer token, through f,
 * each within timeout_ms, and records each outcome in one write
 * transaction (no transaction is open while fetching): read (the answer's
 * salt and content give the mirrored digest), refused (403), bad (another
 * digest, a malformed answer, or 404 though the log shows a digest). A
 * refused token (401), a failure to connect or another status ends the
 * round with r->failed, and is recorded as the node's sealed_error (a
 * successful round clears it). Store errors as they come.
 */
MUST_CHECK enum err_code sealedparts_fetch(struct store *st,
                                           const char *origin,
                                           const char *url,
                                           const char *token,
                                           struct fetch *f,
                                           long timeout_ms,
                                           struct sealedparts_round *r,
                                           struct err *err);

/*
 * The counts of origin's parts by state, and the token and last error, as
 * a new {"token", "parts", "pending", "read", "published", "refused",
 * "bad", "error", "error_at"} (for the nodes' view; no content). Inside
 * the caller's read.
 */
MUST_CHECK enum err_code
sealedparts_summary_json(struct store_conn *c, const char *origin, json_t **out, struct err *err);

/*
 * The inspectors' view, read in one read transaction on a connection of
 * st: origin's parts of the given state (NULL: every state), index order
 * from offset, as {"origin", "items": [{"index", "digest", "state",
 * "salt", "content", "published_index", "checked_at", "detail"}],
 * "total", "limit", "offset"} with content the part as JSON (null until
 * read or published). With index >= 0, only that part: {"item": {...}},
 * ERR_NOT_FOUND when origin's entry index has no sealed part mirrored.
 */
MUST_CHECK enum err_code sealedparts_json(struct store *st,
                                          const char *origin,
                                          int64_t index,
                                          const char *state,
                                          int64_t limit,
                                          int64_t offset,
                                          json_t **out,
                                          struct err *err);

#endif
