/*
 * The sessions' table in memory: a hash table by digest behind one mutex.
 * See sessions.h.
 */
#include "areas/user/sessions.h"

#include "core/alloc.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define BUCKETS  8192
#define CSRF_MAX 64

struct session {
    session_key key;
    int64_t user_id;
    int64_t epoch; /* of the user's credentials when it was opened */
    char csrf[CSRF_MAX];
    int64_t expires_ms;
    int64_t used_ms; /* the last use */
    int64_t idle_ms; /* it ends when unused this long */
    struct session *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct session *buckets[BUCKETS];
static int n_sessions;

static size_t bucket_of(const session_key key)
{
    /* The key is a digest already: its first bytes are as good as any hash. */
    return ((size_t)key[0] << 8 | key[1]) % BUCKETS;
}

/* Removes the session ending soonest. Under the lock. */
static void drop_soonest(void)
{
    struct session **soonest = NULL;
    for (size_t b = 0; b < BUCKETS; b++) {
        for (struct session **p = &buckets[b]; *p != NULL; p = &(*p)->next) {
            if (soonest == NULL || (*p)->expires_ms < (*soonest)->expires_ms) {
                soonest = p;
            }
        }
    }
    if (soonest != NULL) {
        struct session *s = *soonest;
        *soonest = s->next;
        sodium_memzero(s, sizeof(*s));
        xfree(s);
        n_sessions--;
    }
}

void sessions_open(const session_key key,
                   int64_t user_id,
                   int64_t epoch,
                   const char *csrf,
                   int64_t now_ms,
                   int64_t expires_ms,
                   int64_t idle_ms)
{
    struct session *s = xcalloc(1, sizeof(*s));
    memcpy(s->key, key, sizeof(session_key));
    s->user_id = user_id;
    s->epoch = epoch;
    snprintf(s->csrf, sizeof(s->csrf), "%s", csrf);
    s->expires_ms = expires_ms;
    s->used_ms = now_ms;
    s->idle_ms = idle_ms;
    size_t b = bucket_of(key);
    pthread_mutex_lock(&lock);
    if (n_sessions >= SESSIONS_MAX) {
        drop_soonest();
    }
    s->next = buckets[b];
    buckets[b] = s;
    n_sessions++;
    pthread_mutex_unlock(&lock);
}

bool sessions_find(const session_key key,
                   int64_t now_ms,
                   int64_t *user_id,
                   int64_t *epoch,
                   char *csrf,
                   size_t size)
{
    bool found = false;
    size_t b = bucket_of(key);
    pthread_mutex_lock(&lock);
    for (struct session **p = &buckets[b]; *p != NULL;) {
        struct session *s = *p;
        if (s->expires_ms <= now_ms || now_ms - s->used_ms >= s->idle_ms) {
            /* ended: forget it on the way */
            *p = s->next;
            sodium_memzero(s, sizeof(*s));
            xfree(s);
            n_sessions--;
            continue;
        }
        if (sodium_memcmp(s->key, key, sizeof(session_key)) == 0) {
            s->used_ms = now_ms > s->used_ms ? now_ms : s->used_ms;
            *user_id = s->user_id;
            *epoch = s->epoch;
            snprintf(csrf, size, "%s", s->csrf);
            found = true;
        }
        p = &s->next;
    }
    pthread_mutex_unlock(&lock);
    return found;
}

/* Removes the sessions matching (key, or every one of user_id when key is
 * NULL); returns how many. */
static int close_where(const session_key key, int64_t user_id)
{
    int n = 0;
    pthread_mutex_lock(&lock);
    for (size_t b = key != NULL ? bucket_of(key) : 0; b < BUCKETS; b++) {
        for (struct session **p = &buckets[b]; *p != NULL;) {
            struct session *s = *p;
            bool match = key != NULL ? sodium_memcmp(s->key, key, sizeof(session_key)) == 0
                                     : s->user_id == user_id;
            if (match) {
                *p = s->next;
                sodium_memzero(s, sizeof(*s));
                xfree(s);
                n_sessions--;
                n++;
            } else {
                p = &s->next;
            }
        }
        if (key != NULL) {
            break;
        }
    }
    pthread_mutex_unlock(&lock);
    return n;
}

void sessions_close(const session_key key)
{
    close_where(key, 0);
}

int sessions_close_user(int64_t user_id)
{
    return close_where(NULL, user_id);
}

void sessions_reset(void)
{
    pthread_mutex_lock(&lock);
    for (size_t b = 0; b < BUCKETS; b++) {
        while (buckets[b] != NULL) {
            struct session *s = buckets[b];
            buckets[b] = s->next;
            sodium_memzero(s, sizeof(*s));
            xfree(s);
        }
    }
    n_sessions = 0;
    pthread_mutex_unlock(&lock);
}
