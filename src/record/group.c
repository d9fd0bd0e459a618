/*
 * Group commit: a queue of writes, and a leader that commits them in
 * batches. See group.h.
 *
 * A writer that finds no commit in flight leads at once; the others wait
 * on their own semaphore, posted once: when their write is answered, or
 * when the lead is handed to them (the leader, done, hands it to the write
 * at the head of the queue, which is then first in its own batch, and the
 * first write of a batch always runs). So no writer is woken for nothing,
 * and a leader commits one batch only.
 */
#include "record/group.h"

#include "core/alloc.h"
#include "core/utc.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>

/* A write waiting for its batch. */
struct job {
    const struct ctx *x;
    write_fn fn;
    void *arg;
    struct err *err;
    enum err_code rc;
    bool done;  /* answered (set by the leader, with the lock) */
    sem_t wake; /* posted once: answered, or handed the lead */
    struct job *next;
};

struct group {
    struct store *st;
    pthread_mutex_t lock;
    struct job *head, *tail; /* waiting for a batch */
    bool committing;         /* a leader is at work */
    struct group_counts counts;
};

struct group *group_new(struct store *st)
{
    struct group *g = xcalloc(1, sizeof(*g));
    g->st = st;
    pthread_mutex_init(&g->lock, NULL);
    return g;
}

void group_free(struct group *g)
{
    if (g == NULL) {
        return;
    }
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

/* A batch: its jobs, in the order they came, and how many of them ran
 * before it reached its time. */
struct batch {
    struct job *jobs[GROUP_MAX];
    int n;
    int ran;
    int64_t started_ms;
};

/* Runs the batch's writes, each in its savepoint, until all ran or the
 * batch has taken GROUP_MAX_MS (the first always runs). */
static enum err_code batch_body(struct store_conn *c, void *arg, struct err *err)
{
    struct batch *b = arg;
    (void)err;
    for (b->ran = 0; b->ran < b->n; b->ran++) {
        if (b->ran > 0 && utc_monotonic_ms() - b->started_ms >= GROUP_MAX_MS) {
            break;
        }
        struct job *j = b->jobs[b->ran];
        j->rc = store_savepoint(c, job_body, j, j->err);
    }
    return ERR_OK;
}

/* Commits batch b (the leader, without the lock). When the commit fails,
 * or the transaction cannot begin (another process holds the write lock
 * past its bound), every write of the batch is answered with that failure:
 * what those that ran said no longer holds. */
static void commit(struct group *g, struct batch *b)
{
    struct err failed;
    err_init(&failed);
    b->ran = 0;
    b->started_ms = utc_monotonic_ms();
    struct store_conn *c = store_acquire(g->st);
    enum err_code rc = store_write(c, batch_body, b, &failed);
    store_release(c);
    if (rc != ERR_OK) {
        for (int i = 0; i < b->n; i++) {
            if (i >= b->ran || b->jobs[i]->rc == ERR_OK) {
                *b->jobs[i]->err = failed;
                b->jobs[i]->rc = rc;
            }
        }
        b->ran = b->n;
    }
}

/* Takes the queued writes (at most GROUP_MAX) into b (with the lock). */
static void take(struct group *g, struct batch *b)
{
    b->n = 0;
    while (g->head != NULL && b->n < GROUP_MAX) {
        b->jobs[b->n++] = g->head;
        g->head = g->head->next;
    }
    if (g->head == NULL) {
        g->tail = NULL;
    }
}

/* Ends batch b (with the lock): the writes that ran are answered (their
 * writers are woken afterwards); those that did not go back to the head
 * of the queue, in their order, for the next batch. */
static void settle(struct group *g, struct batch *b)
{
    for (int i = 0; i < b->ran; i++) {
        b->jobs[i]->done = true;
    }
    for (int i = b->n - 1; i >= b->ran; i--) {
        b->jobs[i]->next = g->head;
        g->head = b->jobs[i];
        if (g->tail == NULL) {
            g->tail = b->jobs[i];
        }
    }
    g->counts.writes += b->ran;
    g->counts.commits++;
    g->counts.largest = b->ran > g->counts.largest ? b->ran : g->counts.largest;
    g->counts.cut_short += b->ran < b->n;
}

/* Waits for j's semaphore to be posted. */
static void await(struct job *j)
{
    while (sem_wait(&j->wake) != 0 && errno == EINTR) {
    }
}

enum err_code
group_write(struct group *g, const struct ctx *x, write_fn fn, void *arg, struct err *err)
{
    struct job j = {.x = x, .fn = fn, .arg = arg, .err = err, .rc = ERR_OK};
    sem_init(&j.wake, 0, 0);
    pthread_mutex_lock(&g->lock);
    if (g->tail != NULL) {
        g->tail->next = &j;
    } else {
        g->head = &j;
    }
    g->tail = &j;
    bool lead = !g->committing;
    g->committing = true;
    pthread_mutex_unlock(&g->lock);
    if (!lead) {
        await(&j);
    }
    if (!j.done) {
        /* Lead: j is at the head of the queue, so first in the batch. */
        struct batch b;
        pthread_mutex_lock(&g->lock);
        take(g, &b);
        pthread_mutex_unlock(&g->lock);
        assert(b.n > 0 && b.jobs[0] == &j);
        commit(g, &b);
        pthread_mutex_lock(&g->lock);
        settle(g, &b);
        struct job *next = g->head;
        g->committing = next != NULL;
        pthread_mutex_unlock(&g->lock);
        for (int i = 1; i < b.ran; i++) {
            sem_post(&b.jobs[i]->wake);
        }
        if (next != NULL) {
            sem_post(&next->wake);
        }
    }
    sem_destroy(&j.wake);
    return j.rc;
}

void group_counts(struct group *g, struct group_counts *out)
{
    pthread_mutex_lock(&g->lock);
    *out = g->counts;
    pthread_mutex_unlock(&g->lock);
}
