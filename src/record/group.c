/*
 * Group commit: a queue of writes, and a leader that commits them in
 * batches. See group.h.
 */
#include "record/group.h"

#include "core/alloc.h"

#include <pthread.h>

/* A write waiting for its batch. */
struct job {
    const struct ctx *x;
    write_fn fn;
    void *arg;
    struct err *err;
    enum err_code rc;
    bool done;
    struct job *next;
};

struct group {
    struct store *st;
    pthread_mutex_t lock;
    pthread_cond_t done; /* broadcast when a batch is over */
    struct job *head, *tail;
    bool committing;
    struct group_counts counts;
};

struct group *group_new(struct store *st)
{
    struct group *g = xcalloc(1, sizeof(*g));
    g->st = st;
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->done, NULL);
    return g;
}

void group_free(struct group *g)
{
    if (g == NULL) {
        return;
    }
    pthread_cond_destroy(&g->done);
    pthread_mutex_destroy(&g->lock);
    xfree(g);
}

/* One write of a batch, in its savepoint. */
static enum err_code job_body(struct store_conn *c, void *arg, struct err *err)
{
    struct job *j = arg;
    struct ctx x = *j->x;
    x.c = c;
    return j->fn(&x, j->arg, err);
}

/* A batch: its jobs, in the order they came. */
struct batch {
    struct job *jobs[GROUP_MAX];
    int n;
};

static enum err_code batch_body(struct store_conn *c, void *arg, struct err *err)
{
    struct batch *b = arg;
    (void)err;
    for (int i = 0; i < b->n; i++) {
        b->jobs[i]->rc = store_savepoint(c, job_body, b->jobs[i], b->jobs[i]->err);
    }
    return ERR_OK;
}

/* Commits batch b (the leader, without the lock). */
static void commit(struct group *g, struct batch *b)
{
    struct err failed;
    err_init(&failed);
    struct store_conn *c = store_acquire(g->st);
    enum err_code rc = store_write(c, batch_body, b, &failed);
    store_release(c);
    for (int i = 0; rc != ERR_OK && i < b->n; i++) {
        /* Not durable: what the batch's writes said no longer holds. */
        if (b->jobs[i]->rc == ERR_OK) {
            *b->jobs[i]->err = failed;
            b->jobs[i]->rc = rc;
        }
    }
}

enum err_code
group_write(struct group *g, const struct ctx *x, write_fn fn, void *arg, struct err *err)
{
    struct job j = {.x = x, .fn = fn, .arg = arg, .err = err};
    pthread_mutex_lock(&g->lock);
    if (g->tail != NULL) {
        g->tail->next = &j;
    } else {
        g->head = &j;
    }
    g->tail = &j;
    while (!j.done) {
        if (g->committing) {
            pthread_cond_wait(&g->done, &g->lock);
            continue;
        }
        /* Lead: take what is queued, this write among it. */
        struct batch b = {.n = 0};
        while (g->head != NULL && b.n < GROUP_MAX) {
            b.jobs[b.n++] = g->head;
            g->head = g->head->next;
        }
        if (g->head == NULL) {
            g->tail = NULL;
        }
        g->committing = true;
        pthread_mutex_unlock(&g->lock);
        commit(g, &b);
        pthread_mutex_lock(&g->lock);
        for (int i = 0; i < b.n; i++) {
            b.jobs[i]->done = true;
        }
        g->counts.writes += b.n;
        g->counts.commits++;
        g->counts.largest = b.n > g->counts.largest ? b.n : g->counts.largest;
        g->committing = false;
        pthread_cond_broadcast(&g->done);
    }
    pthread_mutex_unlock(&g->lock);
    return j.rc;
}

void group_counts(struct group *g, struct group_counts *out)
{
    pthread_mutex_lock(&g->lock);
    *out = g->counts;
    pthread_mutex_unlock(&g->lock);
}
