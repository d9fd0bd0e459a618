/*
 * Lanes of worker threads over a queue each. See lanes.h.
 */
#include "http/lanes.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "core/utc.h"

#include <pthread.h>
#include <stdio.h>

struct job {
    lane_fn run;
    lane_fn given_up;
    void *arg;
    int64_t queued_ms;
    struct job *next;
};

struct lane {
    char name[32];
    int64_t max_wait_ms;
    size_t queue_max;
    pthread_mutex_t lock;
    pthread_cond_t ready;
    struct job *head, *tail;
    size_t queued;
    bool stop;
    pthread_t *threads;
    int n_threads, max_threads; /* started (on demand), and the most */
    int idle;                   /* started and waiting for a job */
    struct lane_counts counts;
};

static void *work(void *arg)
{
    struct lane *l = arg;
    pthread_mutex_lock(&l->lock);
    for (;;) {
        while (l->head == NULL && !l->stop) {
            l->idle++;
            pthread_cond_wait(&l->ready, &l->lock);
            l->idle--;
        }
        if (l->head == NULL) {
            break; /* stopping, and nothing left */
        }
        struct job *j = l->head;
        l->head = j->next;
        l->tail = l->head == NULL ? NULL : l->tail;
        l->queued--;
        bool late = utc_now_ms() - j->queued_ms > l->max_wait_ms;
        l->counts.run += !late;
        l->counts.given_up += late;
        pthread_mutex_unlock(&l->lock);
        if (late) {
            diag(DIAG_WARN, "http", "lane %s: a job waited over %lld ms and is given up", l->name,
                 (long long)l->max_wait_ms);
            j->given_up(j->arg);
        } else {
            j->run(j->arg);
        }
        xfree(j);
        pthread_mutex_lock(&l->lock);
    }
    pthread_mutex_unlock(&l->lock);
    return NULL;
}

/* Starts one more thread, unless the lane has its most (with the lock);
 * false when none could start. */
static bool grow(struct lane *l)
{
    if (l->n_threads == l->max_threads ||
        pthread_create(&l->threads[l->n_threads], NULL, work, l) != 0) {
        return false;
    }
    l->n_threads++;
    return true;
}

enum err_code lane_start(const char *name,
                         int n,
                         int64_t max_wait_ms,
                         size_t queue_max,
                         struct lane **out,
                         struct err *err)
{
    struct lane *l = xcalloc(1, sizeof(*l));
    snprintf(l->name, sizeof(l->name), "%s", name);
    l->max_wait_ms = max_wait_ms;
    l->queue_max = queue_max;
    pthread_mutex_init(&l->lock, NULL);
    pthread_cond_init(&l->ready, NULL);
    l->max_threads = n > 0 ? n : 1;
    l->threads = xcalloc((size_t)l->max_threads, sizeof(*l->threads));
    *out = NULL;
    pthread_mutex_lock(&l->lock);
    bool started = grow(l);
    pthread_mutex_unlock(&l->lock);
    if (!started) {
        lane_stop(l);
        return err_set(err, ERR_INTERNAL, NULL, "无法启动线程", "cannot start a thread");
    }
    *out = l;
    return ERR_OK;
}

void lane_stop(struct lane *l)
{
    if (l == NULL) {
        return;
    }
    pthread_mutex_lock(&l->lock);
    l->stop = true;
    pthread_cond_broadcast(&l->ready);
    pthread_mutex_unlock(&l->lock);
    for (int i = 0; i < l->n_threads; i++) {
        pthread_join(l->threads[i], NULL);
    }
    pthread_cond_destroy(&l->ready);
    pthread_mutex_destroy(&l->lock);
    xfree(l->threads);
    xfree(l);
}

bool lane_submit(struct lane *l, lane_fn run, lane_fn given_up, void *arg)
{
    struct job *j = xcalloc(1, sizeof(*j));
    j->run = run;
    j->given_up = given_up;
    j->arg = arg;
    j->queued_ms = utc_now_ms();
    pthread_mutex_lock(&l->lock);
    bool ok = l->queued < l->queue_max && !l->stop;
    if (ok) {
        if (l->tail != NULL) {
            l->tail->next = j;
        } else {
            l->head = j;
        }
        l->tail = j;
        l->queued++;
        /* Threads start as jobs need them: none idle, one more (if it
         * cannot, the job waits for one that is). */
        if (l->idle < (int)l->queued) {
            (void)grow(l);
        }
        pthread_cond_signal(&l->ready);
    } else {
        l->counts.refused++;
    }
    pthread_mutex_unlock(&l->lock);
    if (!ok) {
        xfree(j);
    }
    return ok;
}

void lane_counts(struct lane *l, struct lane_counts *out)
{
    pthread_mutex_lock(&l->lock);
    *out = l->counts;
    pthread_mutex_unlock(&l->lock);
}
