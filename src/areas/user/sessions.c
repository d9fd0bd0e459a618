/*
 * The sessions' table in memory: a hash table by digest behind one mutex.
 * See sessions.h.
 */
#include "areas/user/sessions.h"

#include "core/alloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
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
    int64_t opened_ms;
    char handle[17];
    char address[SESSIONS_ADDRESS_MAX];
    char device[SESSIONS_DEVICE_MAX];
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

/* Copies text into out (size bytes), printable ASCII only (anything else
 * becomes '?'), cut at the end of out. */
static void copy_printable(char *out, size_t size, const char *text)
{
    size_t n = 0;
    for (; text != NULL && text[n] != '\0' && n + 1 < size; n++) {
        unsigned char ch = (unsigned char)text[n];
        out[n] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
    }
    out[n] = '\0';
}

void sessions_open(const session_key key,
                   int64_t user_id,
                   int64_t epoch,
                   const char *csrf,
                   const struct session_client *client,
                   int64_t now_ms,
                   int64_t expires_ms,
                   int64_t idle_ms)
{
    struct session *s = xcalloc(1, sizeof(*s));
    unsigned char handle[8];
    memcpy(s->key, key, sizeof(session_key));
    s->user_id = user_id;
    s->epoch = epoch;
    snprintf(s->csrf, sizeof(s->csrf), "%s", csrf);
    s->expires_ms = expires_ms;
    s->used_ms = now_ms;
    s->idle_ms = idle_ms;
    s->opened_ms = now_ms;
    randombytes_buf(handle, sizeof(handle));
    sodium_bin2hex(s->handle, sizeof(s->handle), handle, sizeof(handle));
    copy_printable(s->address, sizeof(s->address), client != NULL ? client->address : NULL);
    copy_printable(s->device, sizeof(s->device), client != NULL ? client->device : NULL);
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

/* Which sessions close_where removes. */
enum close_which {
    CLOSE_KEY,    /* the one of key */
    CLOSE_USER,   /* every one of user_id */
    CLOSE_OTHERS, /* every one of user_id but the one of key */
};

static bool
matches(const struct session *s, enum close_which which, const session_key key, int64_t user_id)
{
    bool is_key = key != NULL && sodium_memcmp(s->key, key, sizeof(session_key)) == 0;
    switch (which) {
    case CLOSE_KEY:
        return is_key;
    case CLOSE_USER:
        return s->user_id == user_id;
    case CLOSE_OTHERS:
        return s->user_id == user_id && !is_key;
    }
    return false;
}

/* True when s is live at now_ms. */
static bool live(const struct session *s, int64_t now_ms)
{
    return s->expires_ms > now_ms && now_ms - s->used_ms < s->idle_ms;
}

/* Unlinks and frees the session *p. Under the lock. */
static void drop(struct session **p)
{
    struct session *s = *p;
    *p = s->next;
    sodium_memzero(s, sizeof(*s));
    xfree(s);
    n_sessions--;
}

/* Removes the sessions matching; returns how many of them were live at
 * now_ms (every one when now_ms is 0). */
static int
close_where(enum close_which which, const session_key key, int64_t user_id, int64_t now_ms)
{
    int n = 0;
    pthread_mutex_lock(&lock);
    for (size_t b = which == CLOSE_KEY ? bucket_of(key) : 0; b < BUCKETS; b++) {
        for (struct session **p = &buckets[b]; *p != NULL;) {
            struct session *s = *p;
            if (matches(s, which, key, user_id)) {
                n += now_ms == 0 || live(s, now_ms);
                drop(p);
            } else {
                p = &s->next;
            }
        }
        if (which == CLOSE_KEY) {
            break;
        }
    }
    pthread_mutex_unlock(&lock);
    return n;
}

void sessions_close(const session_key key)
{
    close_where(CLOSE_KEY, key, 0, 0);
}

int sessions_close_user(int64_t user_id)
{
    return close_where(CLOSE_USER, NULL, user_id, 0);
}

enum sessions_closed
sessions_close_handle(int64_t user_id, const session_key current, const char *id, int64_t now_ms)
{
    enum sessions_closed result = SESSIONS_NONE;
    pthread_mutex_lock(&lock);
    for (size_t b = 0; b < BUCKETS && result == SESSIONS_NONE; b++) {
        for (struct session **p = &buckets[b]; *p != NULL; p = &(*p)->next) {
            struct session *s = *p;
            if (s->user_id != user_id || strcmp(s->handle, id) != 0) {
                continue;
            }
            if (sodium_memcmp(s->key, current, sizeof(session_key)) == 0) {
                result = SESSIONS_CURRENT;
            } else {
                result = live(s, now_ms) ? SESSIONS_CLOSED : SESSIONS_NONE;
                drop(p);
            }
            break;
        }
    }
    pthread_mutex_unlock(&lock);
    return result;
}

int sessions_close_others(int64_t user_id, const session_key key, int64_t now_ms)
{
    return close_where(CLOSE_OTHERS, key, user_id, now_ms);
}

static int newest_first(const void *a, const void *b)
{
    int64_t x = ((const struct session_info *)a)->opened_ms;
    int64_t y = ((const struct session_info *)b)->opened_ms;
    return x < y ? 1 : x > y ? -1 : 0;
}

size_t sessions_list_user(
    int64_t user_id, const session_key key, int64_t now_ms, struct session_info *out, size_t max)
{
    size_t n = 0;
    pthread_mutex_lock(&lock);
    for (size_t b = 0; b < BUCKETS; b++) {
        for (const struct session *s = buckets[b]; s != NULL; s = s->next) {
            int64_t idle_end = s->used_ms + s->idle_ms;
            if (s->user_id != user_id || !live(s, now_ms)) {
                continue;
            }
            struct session_info info = {
                .opened_ms = s->opened_ms,
                .used_ms = s->used_ms,
                .ends_ms = idle_end < s->expires_ms ? idle_end : s->expires_ms,
                .current = key != NULL && sodium_memcmp(s->key, key, sizeof(session_key)) == 0,
            };
            memcpy(info.id, s->handle, sizeof(info.id));
            memcpy(info.address, s->address, sizeof(info.address));
            memcpy(info.device, s->device, sizeof(info.device));
            if (n < max) {
                out[n++] = info;
            } else if (max > 0) {
                /* Keep the newest: replace the oldest kept when this one is newer. */
                size_t oldest = 0;
                for (size_t i = 1; i < n; i++) {
                    oldest = out[i].opened_ms < out[oldest].opened_ms ? i : oldest;
                }
                if (info.opened_ms > out[oldest].opened_ms || info.current) {
                    out[oldest] = info;
                }
            }
        }
    }
    pthread_mutex_unlock(&lock);
    qsort(out, n, sizeof(*out), newest_first);
    return n;
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
