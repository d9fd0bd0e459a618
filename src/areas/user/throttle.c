/*
 * Sign-in throttling: a hash table of failure counts by (login, address)
 * and by address, behind one mutex. See throttle.h.
 */
#include "areas/user/throttle.h"

#include "core/alloc.h"
#include "core/seclog.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define BUCKETS     4096
#define ENTRIES_MAX 65536
#define KEY_MAX     192

struct entry {
    char key[KEY_MAX]; /* "login\x1f" "address", or "\x1f" "address" */
    int failures;
    int64_t last_ms;   /* the last failure counted */
    int64_t logged_ms; /* the end of the last wait logged as a lockout */
    struct entry *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry *buckets[BUCKETS];
static int n_entries;

static uint32_t hash(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s != '\0'; s++) {
        h = (h ^ (uint8_t)*s) * 16777619u;
    }
    return h % BUCKETS;
}

int64_t throttle_wait_after(int failures, int free_tries)
{
    if (failures <= free_tries) {
        return 0;
    }
    int64_t wait = THROTTLE_FIRST_WAIT_MS;
    for (int i = free_tries + 1; i < failures && wait < THROTTLE_MAX_WAIT_MS; i++) {
        wait *= 2;
    }
    return wait < THROTTLE_MAX_WAIT_MS ? wait : THROTTLE_MAX_WAIT_MS;
}

/* Drops the entries idle past THROTTLE_FORGET_MS, and when the table is
 * still full the stalest one. Under the lock. */
static void sweep(int64_t now_ms)
{
    struct entry *stalest = NULL, **stalest_at = NULL;
    for (int b = 0; b < BUCKETS; b++) {
        for (struct entry **p = &buckets[b]; *p != NULL;) {
            struct entry *e = *p;
            if (now_ms - e->last_ms > THROTTLE_FORGET_MS) {
                *p = e->next;
                xfree(e);
                n_entries--;
                continue;
            }
            if (stalest == NULL || e->last_ms < stalest->last_ms) {
                stalest = e;
                stalest_at = p;
            }
            p = &e->next;
        }
    }
    if (n_entries >= ENTRIES_MAX && stalest != NULL) {
        *stalest_at = stalest->next;
        xfree(stalest);
        n_entries--;
    }
}

/* The entry of key, made when create. Under the lock. */
static struct entry *find(const char *key, bool create, int64_t now_ms)
{
    uint32_t h = hash(key);
    for (struct entry *e = buckets[h]; e != NULL; e = e->next) {
        if (strcmp(e->key, key) == 0) {
            return e;
        }
    }
    if (!create) {
        return NULL;
    }
    if (n_entries >= ENTRIES_MAX) {
        sweep(now_ms);
    }
    struct entry *e = xcalloc(1, sizeof(*e));
    snprintf(e->key, sizeof(e->key), "%s", key);
    e->last_ms = now_ms;
    e->next = buckets[h];
    buckets[h] = e;
    n_entries++;
    return e;
}

/* The key of a pair (login given) or of an address alone. */
static void make_key(char key[KEY_MAX], const char *login, const char *address)
{
    snprintf(key, KEY_MAX, "%s\x1f%s", login != NULL ? login : "", address);
}

/* How long e must still wait at now_ms (0: it may try). */
static int64_t remaining(struct entry *e, int free_tries, int64_t now_ms)
{
    if (now_ms - e->last_ms > THROTTLE_FORGET_MS) {
        e->failures = 0;
    }
    int64_t until = e->last_ms + throttle_wait_after(e->failures, free_tries);
    return until > now_ms ? until - now_ms : 0;
}

/* How long an account must still wait at now_ms: once it has
 * THROTTLE_ACCOUNT_MAX failures, until they are forgotten, an hour after
 * the last. */
static int64_t account_remaining(struct entry *e, int64_t now_ms)
{
    if (now_ms - e->last_ms > THROTTLE_FORGET_MS) {
        e->failures = 0;
    }
    int64_t until = e->last_ms + THROTTLE_FORGET_MS;
    return e->failures >= THROTTLE_ACCOUNT_MAX && until > now_ms ? until - now_ms : 0;
}

/* Counts a failure on e (NULL: none). */
static void count(struct entry *e, int64_t now_ms)
{
    if (e != NULL) {
        e->failures++;
        e->last_ms = now_ms;
    }
}

/* Begins an attempt counted on the pair's key and, when they are not
 * NULL, on the address's and on the account's (its login from any
 * address). */
static void begin(const char *pair_key,
                  const char *address_key,
                  const char *account_key,
                  int64_t now_ms,
                  struct throttle_verdict *v)
{
    memset(v, 0, sizeof(*v));
    pthread_mutex_lock(&lock);
    struct entry *pair = find(pair_key, true, now_ms);
    struct entry *addr = address_key != NULL ? find(address_key, true, now_ms) : NULL;
    struct entry *account = account_key != NULL ? find(account_key, true, now_ms) : NULL;
    int64_t by_pair = remaining(pair, THROTTLE_FREE_TRIES, now_ms);
    int64_t by_address = addr != NULL ? remaining(addr, THROTTLE_ADDRESS_FREE_TRIES, now_ms) : 0;
    int64_t by_account = account != NULL ? account_remaining(account, now_ms) : 0;
    struct entry *decides = NULL;
    if (by_account > 0) {
        decides = account;
        v->wait_ms = by_account;
        v->by = "account";
    } else if (by_pair > 0 || by_address > 0) {
        decides = by_address > by_pair ? addr : pair;
        v->by_address = decides == addr;
        v->wait_ms = by_address > by_pair ? by_address : by_pair;
    }
    if (decides != NULL && decides->logged_ms < now_ms + v->wait_ms) {
        v->lockout = decides->logged_ms <= now_ms;
        decides->logged_ms = now_ms + v->wait_ms;
    }
    if (decides == NULL) {
        count(pair, now_ms);
        count(addr, now_ms);
        count(account, now_ms);
    }
    pthread_mutex_unlock(&lock);
}

void throttle_begin(const char *login,
                    const char *address,
                    int64_t now_ms,
                    struct throttle_verdict *v)
{
    char pair_key[KEY_MAX], address_key[KEY_MAX], account_key[KEY_MAX];
    make_key(pair_key, login, address);
    make_key(address_key, NULL, address);
    make_key(account_key, login, THROTTLE_ACCOUNT);
    begin(pair_key, address_key, account_key, now_ms, v);
    if (v->by == NULL) {
        v->by = v->by_address ? "address" : "login_and_address";
    }
}

void throttle_begin_login(const char *login,
                          const char *kind,
                          int64_t now_ms,
                          struct throttle_verdict *v)
{
    char pair_key[KEY_MAX];
    make_key(pair_key, login, kind);
    begin(pair_key, NULL, NULL, now_ms, v);
    v->by = "login";
}

void throttle_succeeded(const char *login, const char *address)
{
    char pair_key[KEY_MAX], address_key[KEY_MAX];
    make_key(pair_key, login, address);
    make_key(address_key, NULL, address);
    pthread_mutex_lock(&lock);
    struct entry *pair = find(pair_key, false, 0);
    struct entry *addr = find(address_key, false, 0);
    if (pair != NULL) {
        pair->failures = 0;
        pair->logged_ms = 0;
    }
    if (addr != NULL && addr->failures > 0) {
        addr->failures--;
    }
    pthread_mutex_unlock(&lock);
}

void throttle_reset(void)
{
    pthread_mutex_lock(&lock);
    for (int b = 0; b < BUCKETS; b++) {
        while (buckets[b] != NULL) {
            struct entry *e = buckets[b];
            buckets[b] = e->next;
            xfree(e);
        }
    }
    n_entries = 0;
    pthread_mutex_unlock(&lock);
}

enum err_code throttle_refuse(const char *login,
                              const char *address,
                              const struct throttle_verdict *v,
                              struct err *err)
{
    int64_t seconds = (v->wait_ms + 999) / 1000;
    if (v->lockout) {
        seclog("login.throttled", json_pack("{ss, ss, ss, sI}", "login", login, "address", address,
                                            "by", v->by, "retry_after_s", (json_int_t)seconds));
    }
    err_set(err, ERR_RATE_LIMITED, NULL, "尝试过于频繁,请 %lld 秒后再试",
            "too many attempts; try again in %lld s", (long long)seconds);
    err_set_retry_after(err, seconds);
    return ERR_RATE_LIMITED;
}
