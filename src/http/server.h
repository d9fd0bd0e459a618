/*
 * The HTTP server: serves the API route table and the web app's static
 * files over libmicrohttpd, until SIGINT or SIGTERM. See docs/http.md.
 */
#ifndef PROBITY_SERVER_H
#define PROBITY_SERVER_H

#include "core/err.h"
#include "record/group.h"

#include <stddef.h>
#include <stdint.h>

struct store;

/* Defaults of the connection limits (http/guard.h; docs/http.md). */
#define SERVER_MAX_CONNECTIONS 1000  /* open at once (fewer if open files are fewer) */
#define SERVER_PER_ADDRESS     32    /* from one client address */
#define SERVER_HEADER_MS       10000 /* to send a request's headers */
#define SERVER_BODY_MS         30000 /* then its body */
#define SERVER_OVER_MAX        64    /* connections beyond the limit, answered 503 */
/* Lanes (http/lanes.h): writes run on as many threads as a group commit
 * carries writes (record/group.h: each thread waits for its write's batch),
 * sign-ins on two; a request waits at most this long for its lane's
 * thread. */
#define SERVER_WRITE_THREADS   GROUP_MAX
#define SERVER_SIGN_IN_THREADS 2
#define SERVER_LANE_WAIT_MS    5000
#define SERVER_LANE_QUEUE_MAX  256
/* The answer cache's bound by default, in MB (--cache-mb). */
#define SERVER_CACHE_MB 64
/* Store connections a server needs for threads threads: the connections'
 * threads, the write lane's, the sign-in lane's, and two for the rest. */
#define SERVER_STORE_CONNS(threads) (2 * (threads) + SERVER_SIGN_IN_THREADS + 2)

struct server_config {
    const char *listen;                 /* "ADDR:PORT"; port 0 picks a free one */
    const char *web_dir;                /* the built web app, or NULL to serve the API only */
    int threads;                        /* worker threads (and store connections) */
    struct store *store;                /* borrowed */
    int max_connections;                /* 0: SERVER_MAX_CONNECTIONS */
    int per_address;                    /* 0: SERVER_PER_ADDRESS */
    int64_t header_ms;                  /* 0: SERVER_HEADER_MS */
    int64_t body_ms;                    /* 0: SERVER_BODY_MS */
    const char *const *trusted_proxies; /* reverse proxies whose X-Forwarded-For is believed */
    size_t n_trusted_proxies;
    size_t cache_bytes; /* the answer cache's bound (http/cache.h); 0: no cache */
};

/* Blocks SIGINT and SIGTERM in the calling thread, so that they reach
 * server_run's sigwait and never a thread started afterwards (which
 * inherits the mask), and ignores SIGPIPE. server_run calls it; call it
 * first when starting threads of your own beside the server. */
void server_block_signals(void);
/*
 * Listens, prints "listening on http://ADDR:PORT" on stdout, serves until
 * SIGINT or SIGTERM, then stops accepting, lets requests in flight finish
 * (for up to 10 s) and returns. ERR_INVALID for a bad listen address,
 * ERR_IO when the socket cannot be bound.
 */
MUST_CHECK enum err_code server_run(const struct server_config *cfg, struct err *err);

#endif
