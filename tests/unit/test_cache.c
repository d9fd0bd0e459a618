/*
 * Unit tests of the answer cache (http/cache.h): an answer kept and found
 * under its key and generation; a newer generation drops the older
 * entries but not those that never change; the byte bound evicts the
 * least recently used; an entry being sent outlives its eviction; the
 * ETag and If-None-Match in both forms; the gzip copy; the server's
 * objects kept once and freed once.
 */
#include "http/cache.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include <cmocka.h>

#include "unit.h"

static int objects_freed;

static void object_free(void *obj)
{
    (void)obj;
    objects_freed++;
}

static struct cache_answer text(const char *body)
{
    return (struct cache_answer){.status = 200,
                                 .content_type = "application/json",
                                 .cache_control = "no-cache",
                                 .body = body,
                                 .len = strlen(body)};
}

/* Puts body under key at generation and lets go of the reference. */
static void put(struct cache *c, const char *key, uint64_t generation, const char *body)
{
    struct cache_answer a = text(body);
    cache_entry_release(cache_put(c, key, generation, &a, false));
}

/* The body kept under key at generation, or NULL. */
static char *got(struct cache *c, const char *key, uint64_t generation, char out[64])
{
    struct cache_entry *e = cache_get(c, key, generation);
    if (e == NULL) {
        return NULL;
    }
    struct cache_answer a;
    cache_entry_answer(e, false, &a);
    snprintf(out, 64, "%.*s", (int)a.len, (const char *)a.body);
    cache_entry_release(e);
    return out;
}

static void test_cache_keeps_by_key_and_generation(void **state)
{
    (void)state;
    char body[64];
    struct cache *c = cache_new(1 << 20, object_free);
    put(c, "/api/v1/townships", 5, "[1]");
    assert_string_equal(got(c, "/api/v1/townships", 5, body), "[1]");
    assert_null(got(c, "/api/v1/townships", 6, body));
    assert_null(got(c, "/api/v1/townships?x", 5, body));
    /* An answer that never changes is kept under generation 0. */
    put(c, "/log/tile/0/000", 0, "tile");
    assert_string_equal(got(c, "/log/tile/0/000", 0, body), "tile");
    assert_null(got(c, "/log/tile/0/000", 5, body));
    /* A newer generation drops the older entries, not those of 0. */
    put(c, "/log/checkpoint", 6, "size 6");
    assert_null(got(c, "/api/v1/townships", 5, body));
    assert_string_equal(got(c, "/log/tile/0/000", 0, body), "tile");
    /* An answer computed from a state superseded is not kept. */
    put(c, "/api/v1/townships", 5, "[old]");
    assert_null(got(c, "/api/v1/townships", 5, body));
    /* The same key again replaces. */
    put(c, "/log/checkpoint", 6, "size 6 again");
    assert_string_equal(got(c, "/log/checkpoint", 6, body), "size 6 again");
    struct cache_counts n;
    cache_counts(c, &n);
    assert_int_equal(n.entries, 2);
    assert_int_equal(n.hits, 4);
    assert_int_equal(n.misses, 5);
    cache_free(c);
}

static void test_cache_evicts_the_least_recently_used(void **state)
{
    (void)state;
    char body[64], key[32];
    struct cache_counts n;
    /* Room for two entries of one key and body each (measured). */
    struct cache *probe = cache_new(1 << 20, object_free);
    put(probe, "/k0", 1, "0123456789");
    cache_counts(probe, &n);
    cache_free(probe);
    struct cache *c = cache_new(3 * n.bytes - 1, object_free);
    for (int i = 0; i < 4; i++) {
        snprintf(key, sizeof(key), "/k%d", i);
        put(c, key, 1, "0123456789");
    }
    cache_counts(c, &n);
    assert_int_equal(n.entries, 2); /* /k2 and /k3 */
    /* Reading /k2 makes it the newest: /k3 goes first. */
    assert_non_null(got(c, "/k2", 1, body));
    put(c, "/k9", 1, "0123456789");
    assert_non_null(got(c, "/k2", 1, body));
    assert_non_null(got(c, "/k9", 1, body));
    assert_null(got(c, "/k3", 1, body));
    assert_null(got(c, "/k0", 1, body));
    cache_counts(c, &n);
    assert_int_equal(n.evicted, 3);
    /* Too large for the bound: answered, never kept. */
    char big[2000];
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    struct cache_answer a = text(big);
    struct cache_entry *e = cache_put(c, "/big", 1, &a, false);
    struct cache_answer sent;
    cache_entry_answer(e, false, &sent);
    assert_int_equal(sent.len, sizeof(big) - 1);
    cache_entry_release(e);
    assert_null(got(c, "/big", 1, body));
    cache_free(c);
}

static void test_cache_entry_outlives_its_eviction_and_objects_are_freed_once(void **state)
{
    (void)state;
    objects_freed = 0;
    struct cache *c = cache_new(1 << 20, object_free);
    put(c, "/a", 1, "first");
    struct cache_entry *e = cache_get(c, "/a", 1);
    static int one, two;
    assert_ptr_equal(cache_entry_attach(e, 0, &one, 0), &one);
    /* A second object for the slot is freed at once; the first is kept. */
    assert_ptr_equal(cache_entry_attach(e, 0, &two, 0), &one);
    assert_int_equal(objects_freed, 1);
    assert_ptr_equal(cache_entry_object(e, 0), &one);
    assert_null(cache_entry_object(e, 1));
    /* A newer generation drops it; the sender's reference still reads it. */
    put(c, "/b", 2, "second");
    struct cache_answer a;
    cache_entry_answer(e, false, &a);
    assert_memory_equal(a.body, "first", 5);
    assert_int_equal(objects_freed, 1);
    cache_entry_release(e);
    assert_int_equal(objects_freed, 2);
    cache_free(c);
}

static void test_cache_counts_attached_objects_against_the_bound(void **state)
{
    (void)state;
    char body[64];
    struct cache_counts n;
    struct cache *probe = cache_new(1 << 20, object_free);
    put(probe, "/k0", 1, "0123456789");
    cache_counts(probe, &n);
    cache_free(probe);
    size_t one = n.bytes;
    struct cache *c = cache_new(3 * one, object_free);
    put(c, "/k0", 1, "0123456789");
    put(c, "/k1", 1, "0123456789");
    /* An object of more than one entry's bytes on /k1 (now the newest):
     * the least recently used, /k0, makes room. */
    struct cache_entry *e = cache_get(c, "/k1", 1);
    static int object;
    assert_ptr_equal(cache_entry_attach(e, 0, &object, one + 1), &object);
    cache_counts(c, &n);
    assert_int_equal(n.entries, 1);
    assert_int_equal(n.evicted, 1);
    assert_int_equal(n.bytes, 2 * one + 1);
    assert_null(got(c, "/k0", 1, body));
    assert_non_null(got(c, "/k1", 1, body));
    cache_entry_release(e);
    cache_free(c);
}

static void test_cache_etag_and_gzip(void **state)
{
    (void)state;
    struct cache *c = cache_new(1 << 20, object_free);
    char body[4096];
    for (size_t i = 0; i < sizeof(body) - 1; i++) {
        body[i] = "{\"name\":\"店口镇\"}"[i % 20];
    }
    body[sizeof(body) - 1] = '\0';
    struct cache_answer a = text(body);
    struct cache_entry *e = cache_put(c, "/t", 42, &a, true);
    const char *etag = cache_entry_etag(e, false), *etag_gz = cache_entry_etag(e, true);
    assert_int_equal(strncmp(etag, "\"42-", 4), 0);
    assert_int_equal(strlen(etag), strlen("\"42-") + 16 + 1);
    assert_string_not_equal(etag, etag_gz);
    assert_true(cache_entry_matches(e, etag));
    assert_true(cache_entry_matches(e, etag_gz));
    char list[160];
    snprintf(list, sizeof(list), "\"41-0000000000000000\", W/%s", etag);
    assert_true(cache_entry_matches(e, list));
    assert_true(cache_entry_matches(e, "*"));
    assert_false(cache_entry_matches(e, "\"42-0000000000000000\""));
    assert_false(cache_entry_matches(e, NULL));
    /* The gzip copy inflates to the body. */
    assert_true(cache_entry_has_gzip(e));
    struct cache_answer gz;
    cache_entry_answer(e, true, &gz);
    assert_true(gz.len < a.len);
    char inflated[4096];
    uLongf out_len = sizeof(inflated);
    z_stream z = {.next_in = (Bytef *)gz.body, .avail_in = (uInt)gz.len};
    assert_int_equal(inflateInit2(&z, 16 + MAX_WBITS), Z_OK);
    z.next_out = (Bytef *)inflated;
    z.avail_out = (uInt)out_len;
    assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
    assert_int_equal(z.total_out, a.len);
    inflateEnd(&z);
    assert_memory_equal(inflated, body, a.len);
    /* Another body at the same generation has another tag. */
    struct cache_answer b = text("other");
    struct cache_entry *f = cache_put(c, "/u", 42, &b, true);
    assert_string_not_equal(cache_entry_etag(f, false), etag);
    assert_false(cache_entry_has_gzip(f)); /* too short to be worth it */
    cache_entry_release(f);
    cache_entry_release(e);
    cache_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cache_keeps_by_key_and_generation),
        cmocka_unit_test(test_cache_evicts_the_least_recently_used),
        cmocka_unit_test(test_cache_entry_outlives_its_eviction_and_objects_are_freed_once),
        cmocka_unit_test(test_cache_counts_attached_objects_against_the_bound),
        cmocka_unit_test(test_cache_etag_and_gzip),
    };
    return cmocka_run_group_tests(tests, unit_group_setup, NULL);
}
