/*
 * Public reads answered from the answer cache (cache.h): which requests
 * the cache answers, under which key and generation, and keeping a fresh
 * answer for the next ones. See docs/http.md, "The answer cache".
 */
#ifndef PROBITY_CACHED_H
#define PROBITY_CACHED_H

#include "http/cache.h"
#include "http/http.h"

#include <microhttpd.h>
#include <stdbool.h>
#include <stdint.h>

/* A read the cache answers: its key (xmalloc'd) and generation. */
struct cached_read {
    char *key;
    uint64_t generation;
};

/*
 * True, with *out set, when the request on conn (url, in English or not,
 * over TLS or not) to route is one the cache answers: a GET of a
 * ROUTE_CACHED route by the public (no Authorization header, no session
 * cookie). The generation is the log's (tlog_serve_generation), or 0 for
 * a ROUTE_IMMUTABLE route.
 */
bool cached_read_of(struct MHD_Connection *conn,
                    const struct route *route,
                    const char *url,
                    bool english,
                    bool secure,
                    struct store *st,
                    struct cached_read *out);
/* Frees read's key. */
void cached_read_done(struct cached_read *read);
/* Keeps rep, a 200 answer in JSON or in bytes of its own that sets no
 * cookie and is no attachment, in c under read; returns the entry to send
 * (cache_entry_release after), or NULL for a reply not to keep. */
struct cache_entry *
cached_keep(struct cache *c, const struct cached_read *read, const struct reply *rep);

#endif
