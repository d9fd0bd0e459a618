/*
 * The answer cache: encoded answers to public reads, kept in memory so
 * that a repeated read is sent without touching the database. Knows no
 * HTTP library and no route: the server decides what may be cached and
 * under which key, and keeps its own response objects on an entry
 * (cache_entry_attach).
 *
 * An entry belongs to a generation (a number the server raises whenever
 * the public state changes: the log grew, a cosignature came); once a
 * newer generation is stored, the older entries are dropped. Generation 0
 * is for answers that never change (full tiles): they are only evicted.
 * The cache holds at most its byte bound (keys, bodies, their gzip copies
 * and the server's objects made to send them), evicting the least
 * recently used first. Entries are counted
 * references: one being sent stays valid after it is evicted.
 *
 * THREAD SAFETY: every function may be called from any thread (one mutex).
 */
#ifndef PROBITY_CACHE_H
#define PROBITY_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An entry's strong validator, quoted: "<generation>-<16 hex digits of
 * the body's SHA-256>", with "-gzip" after it for the gzip copy. */
#define CACHE_ETAG_MAX 56

struct cache;
struct cache_entry;

/* What an answer is: its status, media type and caching header (both
 * static strings), and its bytes (copied). */
struct cache_answer {
    int status;
    const char *content_type;
    const char *cache_control;
    const void *body;
    size_t len;
};

/* A new cache of at most max_bytes; object_free frees the objects the
 * server attaches to entries (cache_entry_attach). */
struct cache *cache_new(size_t max_bytes, void (*object_free)(void *obj));
/* Frees c and drops its references (entries being sent live on). */
void cache_free(struct cache *c);

/* The entry of key at generation, as a new reference (cache_entry_release);
 * NULL when there is none. */
struct cache_entry *cache_get(struct cache *c, const char *key, uint64_t generation);
/*
 * Keeps answer under key for generation (0: it never changes), with a
 * gzip copy when gzip is true and it has ENCODING_MIN bytes, replacing an entry of the same key;
 * drops every entry of an older generation but 0 first. Returns a new reference to the entry, which
 * the caller sends (and releases) even when it was too large to keep.
 */
struct cache_entry *cache_put(struct cache *c,
                              const char *key,
                              uint64_t generation,
                              const struct cache_answer *answer,
                              bool gzip);
/* Lets go of a reference. NULL is a no-op. */
void cache_entry_release(struct cache_entry *e);

/* The entry's answer; its body gzipped when gzipped and it has a gzip copy
 * (cache_entry_has_gzip). */
void cache_entry_answer(const struct cache_entry *e, bool gzipped, struct cache_answer *out);
bool cache_entry_has_gzip(const struct cache_entry *e);
/* The entry's strong ETag, quoted, of its body or of its gzip copy. */
const char *cache_entry_etag(const struct cache_entry *e, bool gzipped);
/* True when the If-None-Match value if_none_match (NULL: none) names the
 * entry in either form, or is "*". */
bool cache_entry_matches(const struct cache_entry *e, const char *if_none_match);

/* The object the server made to send the entry in form slot (0 to
 * CACHE_SLOTS - 1), or NULL. cache_entry_attach keeps obj in that slot
 * unless one is there already, and returns the one kept; the other is
 * freed at once, the kept one when the entry goes. The object's bytes
 * count against the bound from then on (the least recently used entries
 * are evicted to make room). */
#define CACHE_SLOTS 4
void *cache_entry_object(struct cache_entry *e, int slot);
void *cache_entry_attach(struct cache_entry *e, int slot, void *obj, size_t bytes);

/* Counts, for the tests and the logs. */
struct cache_counts {
    uint64_t hits, misses, evicted;
    size_t entries, bytes;
};
void cache_counts(struct cache *c, struct cache_counts *out);

#endif
