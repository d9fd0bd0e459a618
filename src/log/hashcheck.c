/*
 * The hash-check pool: a queue of filled chunks, a list of free ones, and
 * worker threads between them. See hashcheck.h.
 */
#include "log/hashcheck.h"

#include "core/alloc.h"
#include "core/diag.h"

#include <pthread.h>
#include <string.h>

/* One check: the hash of data[at, at + len) must be stored. */
struct check {
    int64_t index;
    uint32_t at, len;
    uint8_t stored[TLOG_HASH_SIZE];
    bool leaf;
};

struct tlog_chunk {
    uint8_t *data;
    size_t used;
    struct check *checks;
    int n;
    struct tlog_chunk *next;
    struct tlog_checks *pool; /* with no workers, each check is made at once */
};

struct tlog_checks {
    pthread_mutex_t lock;
    pthread_cond_t queued;          /* a chunk was queued, or the pool is stopping */
    pthread_cond_t returned;        /* a chunk was given back */
    struct tlog_chunk *head, *tail; /* filled, waiting to be checked */
    struct tlog_chunk *free;        /* empty */
    int chunks, max_chunks;         /* made, and the most to make */
    int out;                        /* taken and not given back */
    bool stopping;
    bool failed;
    int64_t bad_index;
    bool bad_leaf;
    int workers;
    pthread_t *threads;
    struct tlog_hasher hasher; /* the caller's */
};

/* Notes a failed check (with the lock): the lowest index, a leaf's first. */
static void failed_at(struct tlog_checks *p, int64_t index, bool leaf)
{
    if (!p->failed || index < p->bad_index || (index == p->bad_index && leaf)) {
        p->failed = true;
        p->bad_index = index;
        p->bad_leaf = leaf;
    }
}

/* Hashes k's checks in order; records the first that fails (with the lock
 * taken only then). Skips the chunk when a failure before it is known. */
static void check_chunk(struct tlog_checks *p, struct tlog_hasher *h, struct tlog_chunk *k)
{
    pthread_mutex_lock(&p->lock);
    bool skip = p->failed && k->n > 0 && k->checks[0].index > p->bad_index;
    pthread_mutex_unlock(&p->lock);
    for (int i = 0; !skip && i < k->n; i++) {
        const struct check *c = &k->checks[i];
        uint8_t got[TLOG_HASH_SIZE];
        tlog_hasher_raw(h, k->data + c->at, c->len, got);
        if (memcmp(got, c->stored, TLOG_HASH_SIZE) != 0) {
            pthread_mutex_lock(&p->lock);
            failed_at(p, c->index, c->leaf);
            pthread_mutex_unlock(&p->lock);
            break;
        }
    }
}

/* Gives k back, empty (with the lock). */
static void give_back(struct tlog_checks *p, struct tlog_chunk *k)
{
    k->used = 0;
    k->n = 0;
    k->next = p->free;
    p->free = k;
    p->out--;
    pthread_cond_broadcast(&p->returned);
}

/* Takes the oldest queued chunk (with the lock), or NULL. */
static struct tlog_chunk *dequeue(struct tlog_checks *p)
{
    struct tlog_chunk *k = p->head;
    if (k != NULL) {
        p->head = k->next;
        if (p->head == NULL) {
            p->tail = NULL;
        }
    }
    return k;
}

/* The caller checks the oldest queued chunk itself (with the lock, which
 * it lets go meanwhile); false when none is queued. */
static bool help(struct tlog_checks *p)
{
    struct tlog_chunk *k = dequeue(p);
    if (k == NULL) {
        return false;
    }
    pthread_mutex_unlock(&p->lock);
    check_chunk(p, &p->hasher, k);
    pthread_mutex_lock(&p->lock);
    give_back(p, k);
    return true;
}

static void *work(void *arg)
{
    struct tlog_checks *p = arg;
    struct tlog_hasher h;
    tlog_hasher_init(&h);
    pthread_mutex_lock(&p->lock);
    for (;;) {
        struct tlog_chunk *k = dequeue(p);
        if (k == NULL) {
            if (p->stopping) {
                break;
            }
            pthread_cond_wait(&p->queued, &p->lock);
            continue;
        }
        pthread_mutex_unlock(&p->lock);
        check_chunk(p, &h, k);
        pthread_mutex_lock(&p->lock);
        give_back(p, k);
    }
    pthread_mutex_unlock(&p->lock);
    tlog_hasher_clear(&h);
    return NULL;
}

struct tlog_checks *tlog_checks_start(int jobs)
{
    struct tlog_checks *p = xcalloc(1, sizeof(*p));
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->queued, NULL);
    pthread_cond_init(&p->returned, NULL);
    tlog_hasher_init(&p->hasher);
    p->workers = jobs > 1 ? jobs - 1 : 0;
    /* One being filled, one being checked by each thread, one waiting. */
    p->max_chunks = p->workers + 3;
    p->threads = xcalloc((size_t)p->workers + 1, sizeof(*p->threads));
    for (int i = 0; i < p->workers; i++) {
        if (pthread_create(&p->threads[i], NULL, work, p) != 0) {
            diag_fatal("cannot start a hashing thread");
        }
    }
    return p;
}

void tlog_checks_free(struct tlog_checks *p)
{
    if (p == NULL) {
        return;
    }
    pthread_mutex_lock(&p->lock);
    p->stopping = true;
    pthread_cond_broadcast(&p->queued);
    pthread_mutex_unlock(&p->lock);
    for (int i = 0; i < p->workers; i++) {
        pthread_join(p->threads[i], NULL);
    }
    struct tlog_chunk *k = p->free;
    while (k != NULL) {
        struct tlog_chunk *next = k->next;
        xfree(k->data);
        xfree(k->checks);
        xfree(k);
        k = next;
    }
    tlog_hasher_clear(&p->hasher);
    pthread_cond_destroy(&p->returned);
    pthread_cond_destroy(&p->queued);
    pthread_mutex_destroy(&p->lock);
    xfree(p->threads);
    xfree(p);
}

struct tlog_chunk *tlog_checks_chunk(struct tlog_checks *p)
{
    pthread_mutex_lock(&p->lock);
    while (p->free == NULL && p->chunks == p->max_chunks) {
        if (!help(p)) {
            pthread_cond_wait(&p->returned, &p->lock);
        }
    }
    struct tlog_chunk *k = p->free;
    if (k != NULL) {
        p->free = k->next;
    } else {
        k = xcalloc(1, sizeof(*k));
        if (p->workers > 0) {
            /* Alone, the caller checks each as it comes: no room needed. */
            k->data = xmalloc(TLOG_CHUNK_BYTES);
            k->checks = xcalloc(TLOG_CHUNK_CHECKS, sizeof(*k->checks));
        }
        p->chunks++;
    }
    k->next = NULL;
    k->pool = p;
    p->out++;
    pthread_mutex_unlock(&p->lock);
    return k;
}

/* Adds a check of prefix || a || b; false when k has no room. */
static bool add(struct tlog_chunk *k,
                int64_t index,
                bool leaf,
                const void *a,
                size_t a_len,
                const void *b,
                size_t b_len,
                const uint8_t stored[TLOG_HASH_SIZE])
{
    struct tlog_checks *p = k->pool;
    if (p->workers == 0) {
        /* The caller's thread alone: hash the bytes where they are. */
        uint8_t got[TLOG_HASH_SIZE];
        if (leaf) {
            tlog_hasher_leaf(&p->hasher, a, a_len, got);
        } else {
            tlog_hasher_node(&p->hasher, a, b, got);
        }
        if (memcmp(got, stored, TLOG_HASH_SIZE) != 0) {
            failed_at(p, index, leaf);
        }
        return true;
    }
    size_t len = 1 + a_len + b_len;
    if (k->n == TLOG_CHUNK_CHECKS || len > TLOG_CHUNK_BYTES - k->used) {
        return false;
    }
    struct check *c = &k->checks[k->n++];
    c->index = index;
    c->at = (uint32_t)k->used;
    c->len = (uint32_t)len;
    c->leaf = leaf;
    memcpy(c->stored, stored, TLOG_HASH_SIZE);
    uint8_t *d = k->data + k->used;
    d[0] = leaf ? 0x00 : 0x01;
    memcpy(d + 1, a, a_len);
    if (b_len > 0) {
        memcpy(d + 1 + a_len, b, b_len);
    }
    k->used += len;
    return true;
}

bool tlog_chunk_leaf(struct tlog_chunk *k,
                     int64_t index,
                     const void *bytes,
                     size_t len,
                     const uint8_t stored[TLOG_HASH_SIZE])
{
    return add(k, index, true, bytes, len, NULL, 0, stored);
}

bool tlog_chunk_node(struct tlog_chunk *k,
                     int64_t index,
                     const uint8_t left[TLOG_HASH_SIZE],
                     const uint8_t right[TLOG_HASH_SIZE],
                     const uint8_t stored[TLOG_HASH_SIZE])
{
    return add(k, index, false, left, TLOG_HASH_SIZE, right, TLOG_HASH_SIZE, stored);
}

void tlog_checks_submit(struct tlog_checks *p, struct tlog_chunk *k)
{
    pthread_mutex_lock(&p->lock);
    if (k->n == 0) {
        give_back(p, k);
    } else {
        k->next = NULL;
        if (p->tail != NULL) {
            p->tail->next = k;
        } else {
            p->head = k;
        }
        p->tail = k;
        if (p->workers == 0) {
            help(p);
        } else {
            pthread_cond_signal(&p->queued);
        }
    }
    pthread_mutex_unlock(&p->lock);
}

bool tlog_checks_finish(struct tlog_checks *p, int64_t *index, bool *leaf)
{
    pthread_mutex_lock(&p->lock);
    while (p->out > 0) {
        if (!help(p)) {
            pthread_cond_wait(&p->returned, &p->lock);
        }
    }
    bool failed = p->failed;
    *index = p->bad_index;
    *leaf = p->bad_leaf;
    pthread_mutex_unlock(&p->lock);
    return failed;
}
