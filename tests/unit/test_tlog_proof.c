/*
 * Known-answer tests of proof verification (log/proof.h) with the RFC
 * 6962/9162 vectors of transparency-dev/merkle, copied to
 * tests/vectors/merkle (see its README and LICENSE): every case under
 * inclusion/ and consistency/ is read with jansson; each happy path must
 * verify and every other case must be rejected. The vectors folder is found
 * from PROBITY_TEST_DATA ("<repo>/tests/data") by replacing its last
 * component: "<repo>/tests/vectors/merkle". The subtree folders hold
 * vectors for Merkle Tree Certificate subtrees, which the log does not use.
 *
 * Hashes are decoded with tlog_hash_from_b64, which accepts only 32-byte
 * hashes, so a case with hashes of another length is rejected there: that
 * is the deliberate decision asserted for the one such "happy path",
 * consistency/additional/sizes-are-equal-one-and-proof-is-empty.json.
 */
#include "core/alloc.h"
#include "core/err.h"
#include "log/hash.h"
#include "log/proof.h"

#include <dirent.h>
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#define PATH_MAX_LEN 4096

/* The one happy-path case this library rejects on purpose (12-byte roots). */
#define TWELVE_BYTE_CASE "consistency/additional/sizes-are-equal-one-and-proof-is-empty.json"

/* Writes "<repo>/tests/vectors/merkle/<rel>" into out. */
static void vector_path(const char *rel, char out[PATH_MAX_LEN])
{
    const char *data = PROBITY_TEST_DATA; /* "<repo>/tests/data" */
    const char *slash = strrchr(data, '/');
    assert_non_null(slash);
    int n = snprintf(out, PATH_MAX_LEN, "%.*s/vectors/merkle/%s", (int)(slash - data), data, rel);
    assert_true(n > 0 && n < PATH_MAX_LEN);
}

struct tally {
    int happy;     /* wantErr false, verified */
    int rejected;  /* wantErr true, rejected */
    int by_decode; /* rejected on decoding: a hash not of 32 bytes, a size past int64 */
};

/* Decodes the base64 hash in JSON string v; false when it is not one. */
static bool decode_hash(const json_t *v, uint8_t out[32])
{
    struct err err;
    err_init(&err);
    assert_true(json_is_string(v));
    if (tlog_hash_from_b64(json_string_value(v), json_string_length(v), out, &err) != ERR_OK) {
        assert_int_equal(err.code, ERR_INVALID);
        return false;
    }
    return true;
}

/* Decodes the JSON array of base64 hashes into a new array; false when one
 * is not a 32-byte hash or there are more than TLOG_MAX_PROOF. A null (the
 * vectors' generator writes an empty list so) is an empty proof. */
static bool decode_proof(const json_t *arr, uint8_t (**out)[32], size_t *n)
{
    assert_true(json_is_array(arr) || json_is_null(arr));
    *n = json_is_array(arr) ? json_array_size(arr) : 0;
    *out = xcalloc(*n ? *n : 1, 32);
    if (*n > TLOG_MAX_PROOF) {
        return false;
    }
    for (size_t i = 0; i < *n; i++) {
        if (!decode_hash(json_array_get(arr, i), (*out)[i])) {
            return false;
        }
    }
    return true;
}

/* Reads one case file; a new reference. Numbers are read as reals since
 * some cases hold 2^64 - 1 (an index of -1 wrapped), which jansson's
 * integers cannot; the sizes of the other cases are exact in a double. */
static json_t *load_case(const char *path)
{
    json_error_t jerr;
    json_t *v = json_load_file(path, JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &jerr);
    if (v == NULL) {
        fail_msg("%s: %s", path, jerr.text);
    }
    return v;
}

/* Reads the integer key of case c into *out; false when it is outside
 * int64 (the library's sizes and indexes are int64, as no tree of 2^63
 * leaves can exist), which counts as a rejection when decoding. */
static bool decode_int(const json_t *c, const char *key, int64_t *out)
{
    const json_t *v = json_object_get(c, key);
    assert_true(json_is_number(v));
    double d = json_number_value(v);
    assert_true(d == (double)(int64_t)d || d >= 9.2e18 || d < -9.2e18);
    if (d >= 9.2e18 || d < -9.2e18) {
        return false;
    }
    *out = (int64_t)d;
    return true;
}

/* Checks one inclusion case; returns true when it was rejected. */
static bool run_inclusion(const json_t *c, bool *by_decode)
{
    uint8_t root[32];
    uint8_t leaf[32];
    uint8_t(*proof)[32] = NULL;
    size_t n = 0;
    struct err err;
    err_init(&err);
    int64_t index = 0;
    int64_t size = 0;
    bool ok = decode_int(c, "leafIdx", &index) && decode_int(c, "treeSize", &size) &&
              decode_hash(json_object_get(c, "root"), root) &&
              decode_hash(json_object_get(c, "leafHash"), leaf) &&
              decode_proof(json_object_get(c, "proof"), &proof, &n);
    *by_decode = !ok;
    if (ok) {
        enum err_code rc =
            tlog_verify_inclusion(index, size, leaf, (const uint8_t(*)[32])proof, n, root, &err);
        if (rc != ERR_OK) {
            /* A rejection says what is wrong. */
            assert_int_equal(rc, ERR_INTEGRITY);
            assert_string_equal(err.field, "proof");
            assert_true(err.message_en[0] != '\0');
        }
        ok = rc == ERR_OK;
    }
    xfree(proof);
    return !ok;
}

/* Checks one consistency case; returns true when it was rejected. */
static bool run_consistency(const json_t *c, bool *by_decode)
{
    uint8_t root1[32];
    uint8_t root2[32];
    uint8_t(*proof)[32] = NULL;
    size_t n = 0;
    struct err err;
    err_init(&err);
    int64_t size1 = 0;
    int64_t size2 = 0;
    bool ok = decode_int(c, "size1", &size1) && decode_int(c, "size2", &size2) &&
              decode_hash(json_object_get(c, "root1"), root1) &&
              decode_hash(json_object_get(c, "root2"), root2) &&
              decode_proof(json_object_get(c, "proof"), &proof, &n);
    *by_decode = !ok;
    if (ok) {
        enum err_code rc = tlog_verify_consistency(size1, size2, root1, root2,
                                                   (const uint8_t(*)[32])proof, n, &err);
        if (rc != ERR_OK) {
            assert_int_equal(rc, ERR_INTEGRITY);
            assert_string_equal(err.field, "proof");
            assert_true(err.message_en[0] != '\0');
        }
        ok = rc == ERR_OK;
    }
    xfree(proof);
    return !ok;
}

/* Runs every *.json case under dir (recursively), rel being its path
 * relative to the vectors folder. */
static void walk(const char *dir, const char *rel, bool inclusion, struct tally *t)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (d == NULL) {
        fail_msg("cannot open the vectors folder %s", dir);
    }
    while ((e = readdir(d)) != NULL) {
        char path[PATH_MAX_LEN];
        char sub[PATH_MAX_LEN];
        struct stat st;
        if (e->d_name[0] == '.') {
            continue;
        }
        assert_true(snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) < PATH_MAX_LEN);
        assert_true(snprintf(sub, sizeof(sub), "%s/%s", rel, e->d_name) < PATH_MAX_LEN);
        assert_int_equal(stat(path, &st), 0);
        if (S_ISDIR(st.st_mode)) {
            walk(path, sub, inclusion, t);
            continue;
        }
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 5, ".json") != 0) {
            continue;
        }
        json_t *c = load_case(path);
        json_t *want_err = json_object_get(c, "wantErr");
        assert_true(json_is_boolean(want_err));
        bool by_decode = false;
        bool rejected = inclusion ? run_inclusion(c, &by_decode) : run_consistency(c, &by_decode);
        if (strcmp(sub, TWELVE_BYTE_CASE) == 0) {
            /* The decision: a happy path in the vectors, rejected here
             * because its "roots" are 12 bytes, when decoding them. */
            assert_false(json_is_true(want_err));
            assert_true(rejected && by_decode);
            t->by_decode++;
        } else if (json_is_true(want_err)) {
            if (!rejected) {
                fail_msg("%s: accepted, but the vector expects a rejection", sub);
            }
            t->rejected++;
            t->by_decode += by_decode;
        } else {
            if (rejected) {
                fail_msg("%s: rejected, but it is a happy path", sub);
            }
            t->happy++;
        }
        json_decref(c);
    }
    closedir(d);
}

static void test_tlog_inclusion_vectors(void **state)
{
    (void)state;
    char dir[PATH_MAX_LEN];
    struct tally t = {0, 0, 0};
    vector_path("inclusion", dir);
    walk(dir, "inclusion", true, &t);
    /* 98 cases: the happy paths of folders 0..4 and the single-entry
     * tree whose root is its leaf; the other 92 are negative. */
    print_message("inclusion: %d verified, %d rejected (%d when decoding)\n", t.happy, t.rejected,
                  t.by_decode);
    assert_int_equal(t.happy, 6);
    assert_int_equal(t.rejected, 92);
}

static void test_tlog_consistency_vectors(void **state)
{
    (void)state;
    char dir[PATH_MAX_LEN];
    struct tally t = {0, 0, 0};
    vector_path("consistency", dir);
    walk(dir, "consistency", false, &t);
    print_message("consistency: %d verified, %d rejected (%d when decoding)\n", t.happy, t.rejected,
                  t.by_decode);
    /* 98 cases: the happy paths of folders 0..4, the 12-byte one (counted
     * in by_decode only) and 92 negative cases. */
    assert_int_equal(t.happy, 5);
    assert_int_equal(t.rejected, 92);
}

/* The 12-byte case on its own, so the decision shows in the test list. */
static void test_tlog_rejects_hashes_other_than_32_bytes(void **state)
{
    (void)state;
    char path[PATH_MAX_LEN];
    uint8_t root[32];
    vector_path(TWELVE_BYTE_CASE, path);
    json_t *c = load_case(path);
    assert_false(json_is_true(json_object_get(c, "wantErr")));
    int64_t size = 0;
    assert_true(decode_int(c, "size1", &size) && size == 1);
    assert_true(decode_int(c, "size2", &size) && size == 1);
    assert_false(decode_hash(json_object_get(c, "root1"), root));
    assert_false(decode_hash(json_object_get(c, "root2"), root));
    json_decref(c);
    /* The same case with 32-byte roots verifies: equal sizes, equal roots,
     * empty proof. */
    uint8_t h[32];
    struct err err;
    err_init(&err);
    tlog_hash_leaf("x", 1, h);
    assert_int_equal(tlog_verify_consistency(1, 1, h, h, NULL, 0, &err), ERR_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tlog_inclusion_vectors),
        cmocka_unit_test(test_tlog_consistency_vectors),
        cmocka_unit_test(test_tlog_rejects_hashes_other_than_32_bytes),
    };
    alloc_install_json();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
