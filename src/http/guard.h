/*
 * The connection guard: what keeps one client, or many slow ones, from
 * taking the server's connections from everyone else. It knows nothing of
 * libmicrohttpd: the server tells it when a connection opens, when its
 * request's headers are in, when it is answered and when it closes, and
 * the guard
 *  - refuses a new connection from an address that holds its share
 *    already (trusted reverse proxies excepted: their clients are many);
 *  - bounds the time to send a request's headers (from the connection's
 *    opening, or the end of its previous answer on a kept-alive
 *    connection) and then its body, per request, however slowly the bytes
 *    trickle in; a connection past its bound is shut down (shutdown(2) on
 *    its socket: the server then sees it end and closes it);
 *  - when every connection is taken, makes room by shutting down the one
 *    that has waited longest for its request, and when none is waiting,
 *    marks the new one "over", to be answered 503;
 *  - keeps endless answers (the feed) to half the connections, and to
 *    GUARD_STREAMS_PER_ADDRESS for one client address.
 * A background thread shuts down the connections past their bound every
 * GUARD_TICK_MS. See docs/http.md, "Limits".
 *
 * THREAD SAFETY: every function may be called from any thread; one mutex
 * guards the table, and a socket is shut down only under it, before the
 * server's close callback (guard_close) can let the descriptor be reused.
 */
#ifndef PROBITY_GUARD_H
#define PROBITY_GUARD_H

#include "core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUARD_ADDRESS_MAX 46 /* INET6_ADDRSTRLEN */
#define GUARD_TICK_MS     200
/* Endless answers (feeds) open at once from one client address. */
#define GUARD_STREAMS_PER_ADDRESS 4

struct guard_config {
    int max_connections;        /* connections open at once */
    int per_address;            /* of them, from one client address */
    int64_t header_ms;          /* to send a request's headers */
    int64_t body_ms;            /* then to send its body */
    const char *const *trusted; /* addresses of trusted reverse proxies */
    size_t n_trusted;
    bool manual; /* no thread: the caller runs guard_reap (tests) */
};

/* Where a connection stands. */
enum guard_phase {
    GUARD_HEADERS,   /* waiting for a request's headers (also between requests) */
    GUARD_BODY,      /* headers in; waiting for the body */
    GUARD_ANSWERING, /* the request is being answered: no bound */
};

struct guard;
struct guard_conn;

/* Starts a guard (and its thread, unless cfg->manual). ERR_INVALID for limits below 1, or a
 * trusted address that is not an IPv4 or IPv6 address. */
MUST_CHECK enum err_code
guard_start(const struct guard_config *cfg, struct guard **out, struct err *err);
/* Stops the thread and frees g; every connection must be closed. */
void guard_stop(struct guard *g);

/* True when a new connection from address may be accepted: the quick
 * check at accept(2); guard_open decides under the table's lock. */
bool guard_accept(struct guard *g, const char *address);
/* True when address is one of the trusted reverse proxies. */
bool guard_trusted(const struct guard *g, const char *address);

/*
 * Notes an opened connection (its socket fd, its client address) in the
 * headers phase. When its address holds its share already (two threads
 * accepted from it at once, and guard_accept said yes to both) it is
 * shut down at once. When the table is full it shuts down the connection
 * waiting longest for a request to make room, or, with none waiting,
 * marks this one over (guard_over). Returns the guard's record of it, to
 * be handed back until guard_close.
 */
struct guard_conn *guard_open(struct guard *g, int fd, const char *address, int64_t now_ms);
/* Moves c to phase, its bound counted from now_ms. */
void guard_phase(struct guard *g, struct guard_conn *c, enum guard_phase phase, int64_t now_ms);
/* True when c was opened with every connection taken: answer 503. */
bool guard_over(struct guard *g, const struct guard_conn *c);
/* Notes that c answers with an endless stream for the client at address
 * (the connection's, or the one a trusted proxy forwarded): false, and
 * the stream must be refused (503), when half the connections stream
 * already, or the address has GUARD_STREAMS_PER_ADDRESS streams (a trusted
 * proxy's own address excepted). NULL c: true. */
bool guard_stream(struct guard *g, struct guard_conn *c, const char *address);
/* Forgets c (the server is about to close its socket). NULL is a no-op. */
void guard_close(struct guard *g, struct guard_conn *c);

/* Shuts down the connections past their bound at now_ms; returns how
 * many. The guard's thread calls it; tests call it directly. */
int guard_reap(struct guard *g, int64_t now_ms);

/* Counts, for the tests and the logs. */
struct guard_counts {
    int open;    /* connections open */
    int reaped;  /* shut down past their bound, since the start */
    int evicted; /* shut down to make room, since the start */
    int refused; /* refused for their address, since the start */
    int over;    /* opened with no room, since the start */
};
void guard_counts(struct guard *g, struct guard_counts *out);

#endif
