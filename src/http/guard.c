/*
 * The connection guard: a table of the open connections with their phase
 * and bound, a thread that shuts down those past it. See guard.h.
 */
#include "http/guard.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "core/utc.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

struct guard_conn {
    int fd;
    char address[GUARD_ADDRESS_MAX];
    enum guard_phase phase;
    int64_t deadline_ms; /* for GUARD_HEADERS and GUARD_BODY */
    bool over;
    bool stream;                    /* answering with an endless stream (the feed) */
    char client[GUARD_ADDRESS_MAX]; /* the stream's client (behind a proxy: forwarded) */
    bool shut;                      /* shut down already: it will close soon */
    struct guard_conn *prev, *next;
};

struct guard {
    struct guard_config cfg;
    char (*trusted)[GUARD_ADDRESS_MAX];
    pthread_mutex_t lock;
    struct guard_conn *head; /* the open connections */
    int open;
    struct guard_counts counts;
    pthread_t thread;
    atomic_bool stop;
};

/* True when text is an IPv4 or IPv6 address. */
static bool is_address(const char *text)
{
    unsigned char raw[16];
    return inet_pton(AF_INET, text, raw) == 1 || inet_pton(AF_INET6, text, raw) == 1;
}

static void *run(void *arg)
{
    struct guard *g = arg;
    struct timespec tick = {.tv_sec = 0, .tv_nsec = GUARD_TICK_MS * 1000000L};
    while (!atomic_load(&g->stop)) {
        nanosleep(&tick, NULL);
        guard_reap(g, utc_now_ms());
    }
    return NULL;
}

enum err_code guard_start(const struct guard_config *cfg, struct guard **out, struct err *err)
{
    *out = NULL;
    if (cfg->max_connections < 1 || cfg->per_address < 1 || cfg->header_ms < 1 ||
        cfg->body_ms < 1) {
        return err_set(err, ERR_INVALID, "connections", "连接上限和时限须至少为 1",
                       "connection limits and bounds must be at least 1");
    }
    for (size_t i = 0; i < cfg->n_trusted; i++) {
        if (strlen(cfg->trusted[i]) >= GUARD_ADDRESS_MAX || !is_address(cfg->trusted[i])) {
            return err_set(err, ERR_INVALID, "--trusted-proxy", "%s 不是 IP 地址",
                           "%s is not an IP address", cfg->trusted[i]);
        }
    }
    struct guard *g = xcalloc(1, sizeof(*g));
    g->cfg = *cfg;
    g->trusted = xcalloc(cfg->n_trusted > 0 ? cfg->n_trusted : 1, sizeof(*g->trusted));
    for (size_t i = 0; i < cfg->n_trusted; i++) {
        snprintf(g->trusted[i], GUARD_ADDRESS_MAX, "%s", cfg->trusted[i]);
    }
    g->cfg.trusted = NULL;
    pthread_mutex_init(&g->lock, NULL);
    atomic_init(&g->stop, false);
    if (!cfg->manual && pthread_create(&g->thread, NULL, run, g) != 0) {
        pthread_mutex_destroy(&g->lock);
        xfree(g->trusted);
        xfree(g);
        return err_set(err, ERR_INTERNAL, NULL, "无法启动线程", "cannot start a thread");
    }
    *out = g;
    return ERR_OK;
}

void guard_stop(struct guard *g)
{
    if (g == NULL) {
        return;
    }
    atomic_store(&g->stop, true);
    if (!g->cfg.manual) {
        pthread_join(g->thread, NULL);
    }
    while (g->head != NULL) {
        struct guard_conn *c = g->head;
        g->head = c->next;
        xfree(c);
    }
    pthread_mutex_destroy(&g->lock);
    xfree(g->trusted);
    xfree(g);
}

bool guard_trusted(const struct guard *g, const char *address)
{
    for (size_t i = 0; i < g->cfg.n_trusted; i++) {
        if (strcmp(g->trusted[i], address) == 0) {
            return true;
        }
    }
    return false;
}

bool guard_accept(struct guard *g, const char *address)
{
    if (guard_trusted(g, address)) {
        return true;
    }
    int n = 0;
    pthread_mutex_lock(&g->lock);
    for (const struct guard_conn *c = g->head; c != NULL; c = c->next) {
        n += !c->shut && strcmp(c->address, address) == 0;
    }
    bool ok = n < g->cfg.per_address;
    g->counts.refused += !ok;
    pthread_mutex_unlock(&g->lock);
    if (!ok) {
        diag(DIAG_DEBUG, "http", "refused a connection from %s: %d open from that address", address,
             n);
    }
    return ok;
}

/* Shuts c's socket down. Under the lock. */
static void shut(struct guard_conn *c)
{
    c->shut = true;
    shutdown(c->fd, SHUT_RDWR);
}

/* Makes room by shutting down the connection waiting longest for its
 * request; false when none is waiting. Under the lock. */
static bool evict(struct guard *g)
{
    struct guard_conn *oldest = NULL;
    for (struct guard_conn *c = g->head; c != NULL; c = c->next) {
        if (!c->shut && c->phase == GUARD_HEADERS &&
            (oldest == NULL || c->deadline_ms < oldest->deadline_ms)) {
            oldest = c;
        }
    }
    if (oldest != NULL) {
        shut(oldest);
        g->counts.evicted++;
    }
    return oldest != NULL;
}

struct guard_conn *guard_open(struct guard *g, int fd, const char *address, int64_t now_ms)
{
    struct guard_conn *c = xcalloc(1, sizeof(*c));
    c->fd = fd;
    snprintf(c->address, sizeof(c->address), "%s", address);
    c->phase = GUARD_HEADERS;
    c->deadline_ms = now_ms + g->cfg.header_ms;
    bool trusted = guard_trusted(g, address);
    pthread_mutex_lock(&g->lock);
    int live = 0, mine = 0;
    for (const struct guard_conn *o = g->head; o != NULL; o = o->next) {
        live += !o->shut;
        mine += !o->shut && strcmp(o->address, address) == 0;
    }
    if (mine >= g->cfg.per_address && !trusted) {
        /* Accepted on another thread while the address's last share was
         * being opened: shut down before a byte of it is read. */
        shut(c);
        g->counts.refused++;
    } else if (live >= g->cfg.max_connections && !evict(g)) {
        c->over = true;
        g->counts.over++;
    }
    c->next = g->head;
    if (g->head != NULL) {
        g->head->prev = c;
    }
    g->head = c;
    g->open++;
    pthread_mutex_unlock(&g->lock);
    return c;
}

void guard_phase(struct guard *g, struct guard_conn *c, enum guard_phase phase, int64_t now_ms)
{
    if (c == NULL) {
        return;
    }
    pthread_mutex_lock(&g->lock);
    c->phase = phase;
    c->deadline_ms = now_ms + (phase == GUARD_BODY ? g->cfg.body_ms : g->cfg.header_ms);
    pthread_mutex_unlock(&g->lock);
}

bool guard_over(struct guard *g, const struct guard_conn *c)
{
    pthread_mutex_lock(&g->lock);
    bool over = c != NULL && c->over;
    pthread_mutex_unlock(&g->lock);
    return over;
}

bool guard_stream(struct guard *g, struct guard_conn *c, const char *address)
{
    if (c == NULL) {
        return true;
    }
    int all = 0, mine = 0;
    pthread_mutex_lock(&g->lock);
    for (const struct guard_conn *o = g->head; o != NULL; o = o->next) {
        all += o->stream && !o->shut;
        mine += o->stream && !o->shut && strcmp(o->client, address) == 0;
    }
    bool ok = all < g->cfg.max_connections / 2 &&
              (mine < GUARD_STREAMS_PER_ADDRESS || guard_trusted(g, address));
    c->stream = ok;
    snprintf(c->client, sizeof(c->client), "%s", address);
    g->counts.over += !ok;
    pthread_mutex_unlock(&g->lock);
    return ok;
}

void guard_close(struct guard *g, struct guard_conn *c)
{
    if (c == NULL) {
        return;
    }
    pthread_mutex_lock(&g->lock);
    if (c->prev != NULL) {
        c->prev->next = c->next;
    } else {
        g->head = c->next;
    }
    if (c->next != NULL) {
        c->next->prev = c->prev;
    }
    g->open--;
    pthread_mutex_unlock(&g->lock);
    xfree(c);
}

int guard_reap(struct guard *g, int64_t now_ms)
{
    int n = 0;
    pthread_mutex_lock(&g->lock);
    for (struct guard_conn *c = g->head; c != NULL; c = c->next) {
        if (!c->shut && c->phase != GUARD_ANSWERING && now_ms >= c->deadline_ms) {
            shut(c);
            n++;
        }
    }
    g->counts.reaped += n;
    pthread_mutex_unlock(&g->lock);
    if (n > 0) {
        diag(DIAG_DEBUG, "http", "shut down %d connection(s) too slow to send their request", n);
    }
    return n;
}

void guard_counts(struct guard *g, struct guard_counts *out)
{
    pthread_mutex_lock(&g->lock);
    *out = g->counts;
    out->open = g->open;
    pthread_mutex_unlock(&g->lock);
}
