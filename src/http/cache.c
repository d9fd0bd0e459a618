/*
 * The answer cache: a hash table of counted entries (chained, keyed with
 * SipHash under a random key, so that chosen paths cannot pile into one
 * chain) on a list from the most to the least recently used. See cache.h.
 */
#include "http/cache.h"

#include "core/alloc.h"
#include "http/encoding.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#define BUCKETS 4096 /* a power of two */

struct cache_entry {
    atomic_int refs;                   /* the cache's (while kept) and the senders' */
    struct cache *owner;               /* for object_free */
    struct cache_entry *next;          /* in its bucket; under the cache's lock */
    struct cache_entry *newer, *older; /* in the use list; under the cache's lock */
    uint64_t hash, generation;
    char *key;
    struct cache_answer answer; /* body owned */
    char *gzip;                 /* the gzip copy, or NULL */
    size_t gzip_len, bytes;     /* bytes: counted against the bound */
    bool kept;                  /* in the cache; under the cache's lock */
    char etag[CACHE_ETAG_MAX], etag_gzip[CACHE_ETAG_MAX];
    _Atomic(void *) objects[CACHE_SLOTS];
};

struct cache {
    pthread_mutex_t lock;
    void (*object_free)(void *obj);
    unsigned char hash_key[crypto_shorthash_KEYBYTES];
    struct cache_entry *buckets[BUCKETS];
    struct cache_entry *newest, *oldest;
    size_t bytes, max_bytes, entries;
    uint64_t generation; /* the newest stored */
    uint64_t hits, misses, evicted;
};

struct cache *cache_new(size_t max_bytes, void (*object_free)(void *obj))
{
    struct cache *c = xcalloc(1, sizeof(*c));
    pthread_mutex_init(&c->lock, NULL);
    randombytes_buf(c->hash_key, sizeof(c->hash_key));
    c->max_bytes = max_bytes;
    c->object_free = object_free;
    return c;
}

static void entry_free(struct cache_entry *e)
{
    for (int i = 0; i < CACHE_SLOTS; i++) {
        void *obj = atomic_load(&e->objects[i]);
        if (obj != NULL) {
            e->owner->object_free(obj);
        }
    }
    xfree(e->key);
    xfree((void *)e->answer.body);
    xfree(e->gzip);
    xfree(e);
}

void cache_entry_release(struct cache_entry *e)
{
    if (e != NULL && atomic_fetch_sub(&e->refs, 1) == 1) {
        entry_free(e);
    }
}

static uint64_t hash_of(const struct cache *c, const char *key, uint64_t generation)
{
    unsigned char out[crypto_shorthash_BYTES];
    uint64_t h;
    crypto_shorthash(out, (const unsigned char *)key, strlen(key), c->hash_key);
    memcpy(&h, out, sizeof(h));
    return h ^ (generation * 0x9e3779b97f4a7c15ULL);
}

/* Takes e off the use list. Under the lock. */
static void unlink_use(struct cache *c, struct cache_entry *e)
{
    if (e->newer != NULL) {
        e->newer->older = e->older;
    } else {
        c->newest = e->older;
    }
    if (e->older != NULL) {
        e->older->newer = e->newer;
    } else {
        c->oldest = e->newer;
    }
    e->newer = e->older = NULL;
}

/* Puts e at the head of the use list. Under the lock. */
static void link_newest(struct cache *c, struct cache_entry *e)
{
    e->older = c->newest;
    e->newer = NULL;
    if (c->newest != NULL) {
        c->newest->newer = e;
    }
    c->newest = e;
    if (c->oldest == NULL) {
        c->oldest = e;
    }
}

/* Takes e out of the cache, dropping the cache's reference. Under the lock. */
static void drop(struct cache *c, struct cache_entry *e)
{
    struct cache_entry **p = &c->buckets[e->hash & (BUCKETS - 1)];
    while (*p != e) {
        p = &(*p)->next;
    }
    *p = e->next;
    unlink_use(c, e);
    c->bytes -= e->bytes;
    c->entries--;
    e->kept = false;
    cache_entry_release(e);
}

/* The kept entry of key at generation, or NULL. Under the lock. */
static struct cache_entry *find(struct cache *c, const char *key, uint64_t generation)
{
    uint64_t h = hash_of(c, key, generation);
    for (struct cache_entry *e = c->buckets[h & (BUCKETS - 1)]; e != NULL; e = e->next) {
        if (e->hash == h && e->generation == generation && strcmp(e->key, key) == 0) {
            return e;
        }
    }
    return NULL;
}

struct cache_entry *cache_get(struct cache *c, const char *key, uint64_t generation)
{
    pthread_mutex_lock(&c->lock);
    struct cache_entry *e = find(c, key, generation);
    if (e != NULL) {
        atomic_fetch_add(&e->refs, 1);
        unlink_use(c, e);
        link_newest(c, e);
        c->hits++;
    } else {
        c->misses++;
    }
    pthread_mutex_unlock(&c->lock);
    return e;
}

/* A new entry for answer, with its gzip copy and validators. */
static struct cache_entry *
entry_new(const char *key, uint64_t generation, const struct cache_answer *answer, bool gzip)
{
    struct cache_entry *e = xcalloc(1, sizeof(*e));
    atomic_init(&e->refs, 1);
    e->key = xstrdup(key);
    e->generation = generation;
    e->answer = *answer;
    char *body = xmalloc(answer->len + 1);
    memcpy(body, answer->body, answer->len);
    body[answer->len] = '\0';
    e->answer.body = body;
    if (gzip && answer->len >= ENCODING_MIN &&
        !encoding_gzip(body, answer->len, &e->gzip, &e->gzip_len)) {
        e->gzip = NULL;
    }
    unsigned char digest[crypto_hash_sha256_BYTES];
    char hex[17];
    crypto_hash_sha256(digest, (const unsigned char *)body, answer->len);
    sodium_bin2hex(hex, sizeof(hex), digest, 8);
    snprintf(e->etag, sizeof(e->etag), "\"%llu-%s\"", (unsigned long long)generation, hex);
    snprintf(e->etag_gzip, sizeof(e->etag_gzip), "\"%llu-%s-gzip\"", (unsigned long long)generation,
             hex);
    e->bytes = sizeof(*e) + strlen(key) + answer->len + e->gzip_len;
    return e;
}

struct cache_entry *cache_put(struct cache *c,
                              const char *key,
                              uint64_t generation,
                              const struct cache_answer *answer,
                              bool gzip)
{
    struct cache_entry *e = entry_new(key, generation, answer, gzip);
    e->owner = c;
    pthread_mutex_lock(&c->lock);
    if (generation > c->generation) {
        /* The public state changed: what older generations said is stale. */
        for (struct cache_entry *o = c->oldest, *newer; o != NULL; o = newer) {
            newer = o->newer;
            if (o->generation != 0) {
                drop(c, o);
            }
        }
        c->generation = generation;
    }
    if (generation != 0 && generation < c->generation) {
        /* Answered from a state already superseded: sent, not kept. */
        pthread_mutex_unlock(&c->lock);
        return e;
    }
    struct cache_entry *old = find(c, key, generation);
    if (old != NULL) {
        drop(c, old);
    }
    while (c->oldest != NULL && c->bytes + e->bytes > c->max_bytes) {
        drop(c, c->oldest);
        c->evicted++;
    }
    if (e->bytes <= c->max_bytes) {
        e->hash = hash_of(c, key, generation);
        atomic_fetch_add(&e->refs, 1);
        e->next = c->buckets[e->hash & (BUCKETS - 1)];
        c->buckets[e->hash & (BUCKETS - 1)] = e;
        link_newest(c, e);
        c->bytes += e->bytes;
        c->entries++;
        e->kept = true;
    }
    pthread_mutex_unlock(&c->lock);
    return e;
}

void cache_free(struct cache *c)
{
    if (c == NULL) {
        return;
    }
    while (c->oldest != NULL) {
        drop(c, c->oldest);
    }
    pthread_mutex_destroy(&c->lock);
    xfree(c);
}

void cache_entry_answer(const struct cache_entry *e, bool gzipped, struct cache_answer *out)
{
    *out = e->answer;
    if (gzipped && e->gzip != NULL) {
        out->body = e->gzip;
        out->len = e->gzip_len;
    }
}

bool cache_entry_has_gzip(const struct cache_entry *e)
{
    return e->gzip != NULL;
}

const char *cache_entry_etag(const struct cache_entry *e, bool gzipped)
{
    return gzipped && e->gzip != NULL ? e->etag_gzip : e->etag;
}

/* True when the list of entity tags in header names tag (weak or strong). */
static bool names(const char *header, const char *tag)
{
    size_t n = strlen(tag);
    for (const char *p = header; (p = strstr(p, tag)) != NULL; p += n) {
        char after = p[n];
        if (after == '\0' || after == ',' || after == ' ' || after == '\t') {
            return true;
        }
    }
    return false;
}

bool cache_entry_matches(const struct cache_entry *e, const char *if_none_match)
{
    if (if_none_match == NULL) {
        return false;
    }
    while (*if_none_match == ' ' || *if_none_match == '\t') {
        if_none_match++;
    }
    return strcmp(if_none_match, "*") == 0 || names(if_none_match, e->etag) ||
           (e->gzip != NULL && names(if_none_match, e->etag_gzip));
}

void *cache_entry_object(struct cache_entry *e, int slot)
{
    return atomic_load(&e->objects[slot]);
}

void *cache_entry_attach(struct cache_entry *e, int slot, void *obj, size_t bytes)
{
    void *none = NULL;
    if (!atomic_compare_exchange_strong(&e->objects[slot], &none, obj)) {
        e->owner->object_free(obj);
        return none;
    }
    struct cache *c = e->owner;
    pthread_mutex_lock(&c->lock);
    e->bytes += bytes;
    if (e->kept) {
        c->bytes += bytes;
        while (c->oldest != NULL && c->bytes > c->max_bytes) {
            drop(c, c->oldest);
            c->evicted++;
        }
    }
    pthread_mutex_unlock(&c->lock);
    return obj;
}

void cache_counts(struct cache *c, struct cache_counts *out)
{
    pthread_mutex_lock(&c->lock);
    *out = (struct cache_counts){.hits = c->hits,
                                 .misses = c->misses,
                                 .evicted = c->evicted,
                                 .entries = c->entries,
                                 .bytes = c->bytes};
    pthread_mutex_unlock(&c->lock);
}
