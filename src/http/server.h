/*
 * The HTTP server: serves the API route table and the web app's static
 * files over libmicrohttpd, until SIGINT or SIGTERM. See docs/http.md.
 */
#ifndef PROBITY_SERVER_H
#define PROBITY_SERVER_H

#include "core/err.h"

struct store;

struct server_config {
    const char *listen;  /* "ADDR:PORT"; port 0 picks a free one */
    const char *web_dir; /* the built web app, or NULL to serve the API only */
    int threads;         /* worker threads (and store connections) */
    struct store *store; /* borrowed */
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
