/*
 * Unit tests of the canonical JSON encoder (core/canon.h): golden bytes for
 * key order (by UTF-8 bytes, also for non-ASCII keys), whitespace, string
 * escapes, literals and 64-bit integers; refusal of real numbers, of
 * nesting past CANON_MAX_DEPTH and of output past the buffer's maximum;
 * and independence from the order in which keys were inserted.
 */
#include "core/buf.h"
#include "core/canon.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"

/* Encodes v into a fresh buffer (max bytes) and returns the code; the
 * bytes are left in out for the caller to check and clear. */
static enum err_code encode(const json_t *v, size_t max, struct buf *out, struct err *err)
{
    buf_init(out, max);
    err_init(err);
    return canon_encode(v, out, err);
}

/* Asserts that v encodes to exactly the n bytes at want. */
static void assert_canon_bytes(const json_t *v, const char *want, size_t n)
{
    struct buf out;
    struct err err;
    assert_int_equal(encode(v, 1 << 20, &out, &err), ERR_OK);
    if (out.len != n || memcmp(out.data, want, n) != 0) {
        print_error("want: %.*s\ngot:  %s\n", (int)n, want, buf_str(&out));
    }
    assert_int_equal(out.len, n);
    assert_memory_equal(out.data, want, n);
    buf_clear(&out);
}

/* Asserts that the JSON text encodes to want (a C string). */
static void assert_canon_text(const char *json_text, const char *want)
{
    json_t *v = unit_json(json_text);
    assert_canon_bytes(v, want, strlen(want));
    json_decref(v);
}

static void test_canon_sorts_keys_and_drops_whitespace(void **state)
{
    (void)state;
    assert_canon_text(
        "{ \"b\" : 1,\n \"a\" : [ 1, 2, {\"d\": null, \"c\": true} ],\t\"c\": false }",
        "{\"a\":[1,2,{\"c\":true,\"d\":null}],\"b\":1,\"c\":false}");
}

static void test_canon_sorts_prefix_keys_first_and_uppercase_before_lowercase(void **state)
{
    (void)state;
    assert_canon_text("{\"ab\":1,\"a\":2,\"B\":3,\"_\":4,\"a0\":5,\"\":6}",
                      "{\"\":6,\"B\":3,\"_\":4,\"a\":2,\"a0\":5,\"ab\":1}");
}

static void test_canon_sorts_non_ascii_keys_by_utf8_bytes(void **state)
{
    (void)state;
    /* By UTF-8 bytes (= code points): z (7a) < é (c3 a9) < 中 (e4 b8 ad) <
     * ！ U+FF01 (ef bc 81) < 😀 U+1F600 (f0 9f 98 80). Sorting by UTF-16
     * code units would put 😀 (d83d) before ！ (ff01). */
    assert_canon_text("{\"😀\":5,\"！\":4,\"中\":3,\"é\":2,\"z\":1}",
                      "{\"z\":1,\"é\":2,\"中\":3,\"！\":4,\"😀\":5}");
    /* Code points U+00FF (c3 bf) and U+0100 (c4 80): byte order agrees. */
    assert_canon_text("{\"Ā\":2,\"ÿ\":1}", "{\"ÿ\":1,\"Ā\":2}");
}

static void test_canon_escapes_quote_backslash_and_short_controls(void **state)
{
    (void)state;
    json_t *v = json_string("q\"b\\s\b f\f n\n r\r t\t/");
    const char want[] = "\"q\\\"b\\\\s\\b f\\f n\\n r\\r t\\t/\"";
    assert_canon_bytes(v, want, sizeof(want) - 1);
    json_decref(v);
}

static void test_canon_escapes_other_controls_as_lowercase_u00xx(void **state)
{
    (void)state;
    json_t *v = json_stringn("\x00\x01\x0b\x0e\x1a\x1b\x1f\x20\x7f", 9);
    const char want[] = "\"\\u0000\\u0001\\u000b\\u000e\\u001a\\u001b\\u001f \x7f\"";
    assert_canon_bytes(v, want, sizeof(want) - 1);
    json_decref(v);
}

static void test_canon_escapes_every_control_character(void **state)
{
    (void)state;
    for (int c = 0; c < 0x20; c++) {
        char in = (char)c;
        json_t *v = json_stringn(&in, 1);
        char want[16];
        switch (c) {
        case '\b':
            snprintf(want, sizeof(want), "\"\\b\"");
            break;
        case '\f':
            snprintf(want, sizeof(want), "\"\\f\"");
            break;
        case '\n':
            snprintf(want, sizeof(want), "\"\\n\"");
            break;
        case '\r':
            snprintf(want, sizeof(want), "\"\\r\"");
            break;
        case '\t':
            snprintf(want, sizeof(want), "\"\\t\"");
            break;
        default:
            snprintf(want, sizeof(want), "\"\\u%04x\"", (unsigned)c);
            break;
        }
        assert_canon_bytes(v, want, strlen(want));
        json_decref(v);
    }
}

static void test_canon_keeps_non_ascii_text_raw(void **state)
{
    (void)state;
    /* Parsed from \u escapes, written back as raw UTF-8. */
    assert_canon_text("[\"\\u4e2d\\u6587\", \"\\u00e9\", \"\\ud83d\\ude00\", \"\\u2028\"]",
                      "[\"中文\",\"é\",\"😀\",\"\xe2\x80\xa8\"]");
    assert_canon_text("{\"name\":\"诸暨市店口镇\"}", "{\"name\":\"诸暨市店口镇\"}");
}

static void test_canon_escapes_keys_like_strings(void **state)
{
    (void)state;
    json_t *v = json_object();
    json_object_set_new(v, "a\"b\\c\nd\x01", json_integer(1));
    const char want[] = "{\"a\\\"b\\\\c\\nd\\u0001\":1}";
    assert_canon_bytes(v, want, sizeof(want) - 1);
    json_decref(v);
}

static void test_canon_writes_literals_and_int64_extremes(void **state)
{
    (void)state;
    assert_canon_text("[true,false,null,0,-0,1,-1,1000000,-42,9223372036854775807,"
                      "-9223372036854775808]",
                      "[true,false,null,0,0,1,-1,1000000,-42,9223372036854775807,"
                      "-9223372036854775808]");
    json_t *v = json_integer(INT64_MIN);
    assert_canon_bytes(v, "-9223372036854775808", 20);
    json_decref(v);
}

static void test_canon_writes_nested_and_empty_containers(void **state)
{
    (void)state;
    assert_canon_text("{\"z\":{\"y\":{\"x\":[[],{},[{}],\"\"]}},\"a\":{}}",
                      "{\"a\":{},\"z\":{\"y\":{\"x\":[[],{},[{}],\"\"]}}}");
    assert_canon_text("[]", "[]");
    assert_canon_text("{}", "{}");
}

static void test_canon_encodes_top_level_scalars(void **state)
{
    (void)state;
    json_t *v = json_string("x");
    assert_canon_bytes(v, "\"x\"", 3);
    json_decref(v);
    v = json_integer(5);
    assert_canon_bytes(v, "5", 1);
    json_decref(v);
    v = json_null();
    assert_canon_bytes(v, "null", 4);
    json_decref(v);
}

static void test_canon_encodes_an_event_record_golden(void **state)
{
    (void)state;
    assert_canon_text(
        "{\"type\":\"organization.created\",\"township\":\"diankou\",\"time\":"
        "\"2026-11-29T05:48:32.123Z\",\"seq\":17,\"payload\":{\"township_id\":\"diankou\","
        "\"name_en\":\"Party Committee\",\"name\":\"店口镇党委\",\"id\":3,\"class\":"
        "\"committee\"},\"actor\":\"diankou.clerk\"}",
        "{\"actor\":\"diankou.clerk\",\"payload\":{\"class\":\"committee\",\"id\":3,\"name\":"
        "\"店口镇党委\",\"name_en\":\"Party Committee\",\"township_id\":\"diankou\"},\"seq\":17,"
        "\"time\":\"2026-11-29T05:48:32.123Z\",\"township\":\"diankou\",\"type\":"
        "\"organization.created\"}");
}

static void test_canon_appends_to_existing_buffer_content(void **state)
{
    (void)state;
    struct buf out;
    struct err err;
    buf_init(&out, 100);
    err_init(&err);
    assert_int_equal(buf_append_lit(&out, "prefix:"), ERR_OK);
    json_t *v = unit_json("{\"b\":2,\"a\":1}");
    assert_int_equal(canon_encode(v, &out, &err), ERR_OK);
    assert_string_equal(buf_str(&out), "prefix:{\"a\":1,\"b\":2}");
    json_decref(v);
    buf_clear(&out);
}

static void test_canon_refuses_real_numbers_naming_the_key(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"{\"amount\":1.5}", "amount"},
        {"{\"amount\":1.0}", "amount"},
        {"{\"a\":1,\"list\":[1,2,3.25]}", "list"},
        {"{\"outer\":{\"inner\":-0.5}}", "inner"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_t *v = unit_json(cases[i][0]);
        struct buf out;
        struct err err;
        assert_int_equal(encode(v, 1000, &out, &err), ERR_INVALID);
        assert_int_equal(err.code, ERR_INVALID);
        assert_string_equal(err.field, cases[i][1]);
        buf_clear(&out);
        json_decref(v);
    }
    json_t *v = json_real(2.0);
    struct buf out;
    struct err err;
    assert_int_equal(encode(v, 1000, &out, &err), ERR_INVALID);
    assert_int_equal(err.code, ERR_INVALID);
    buf_clear(&out);
    json_decref(v);
}

/* Returns n arrays nested in one another; the innermost holds inner
 * (stolen; NULL for an empty innermost array). */
static json_t *nested_arrays(int n, json_t *inner)
{
    json_t *v = json_array();
    if (inner != NULL) {
        json_array_append_new(v, inner);
    }
    for (int i = 1; i < n; i++) {
        json_t *outer = json_array();
        json_array_append_new(outer, v);
        v = outer;
    }
    return v;
}

/* Returns n objects nested under key "k"; the innermost holds {"k": 1}
 * when with_value, else it is empty. */
static json_t *nested_objects(int n, bool with_value)
{
    json_t *v = json_object();
    if (with_value) {
        json_object_set_new(v, "k", json_integer(1));
    }
    for (int i = 1; i < n; i++) {
        json_t *outer = json_object();
        json_object_set_new(outer, "k", v);
        v = outer;
    }
    return v;
}

static enum err_code encode_code(json_t *v)
{
    struct buf out;
    struct err err;
    enum err_code rc = encode(v, 1 << 16, &out, &err);
    buf_clear(&out);
    json_decref(v);
    return rc;
}

static void test_canon_accepts_nesting_up_to_max_depth(void **state)
{
    (void)state;
    assert_int_equal(encode_code(nested_arrays(CANON_MAX_DEPTH, NULL)), ERR_OK);
    assert_int_equal(encode_code(nested_arrays(CANON_MAX_DEPTH, json_integer(1))), ERR_OK);
    assert_int_equal(encode_code(nested_objects(CANON_MAX_DEPTH, false)), ERR_OK);
    assert_int_equal(encode_code(nested_objects(CANON_MAX_DEPTH, true)), ERR_OK);
}

static void test_canon_refuses_nesting_past_max_depth(void **state)
{
    (void)state;
    assert_int_equal(encode_code(nested_arrays(CANON_MAX_DEPTH + 1, json_integer(1))), ERR_INVALID);
    assert_int_equal(encode_code(nested_objects(CANON_MAX_DEPTH + 1, true)), ERR_INVALID);
    assert_int_equal(encode_code(nested_arrays(CANON_MAX_DEPTH + 20, json_integer(1))),
                     ERR_INVALID);
}

static void test_canon_refuses_nesting_past_max_depth_with_empty_innermost(void **state)
{
    (void)state;
    /* CANON_MAX_DEPTH + 1 containers are too deep whatever the innermost
     * one holds. */
    assert_int_equal(encode_code(nested_arrays(CANON_MAX_DEPTH + 1, NULL)), ERR_INVALID);
    assert_int_equal(encode_code(nested_objects(CANON_MAX_DEPTH + 1, false)), ERR_INVALID);
}

static void test_canon_reports_too_large_past_buffer_max(void **state)
{
    (void)state;
    json_t *v = unit_json("{\"key\":\"a fairly long value\",\"n\":[1,2,3]}");
    const char *want = "{\"key\":\"a fairly long value\",\"n\":[1,2,3]}";
    size_t n = strlen(want);
    struct buf out;
    struct err err;
    assert_int_equal(encode(v, n, &out, &err), ERR_OK);
    assert_string_equal(buf_str(&out), want);
    buf_clear(&out);
    for (size_t max = 0; max < n; max++) {
        assert_int_equal(encode(v, max, &out, &err), ERR_TOO_LARGE);
        assert_int_equal(err.code, ERR_TOO_LARGE);
        assert_true(out.len <= max);
        buf_clear(&out);
    }
    json_decref(v);
}

/* Builds an object with the keys of names inserted in the order given by
 * order[]; each value is derived from its key. */
static json_t *object_in_order(const char *const *names, const size_t *order, size_t n)
{
    json_t *v = json_object();
    for (size_t i = 0; i < n; i++) {
        const char *name = names[order[i]];
        json_t *value = json_pack("{si,s[ss]}", "len", (int)strlen(name), "k", name, "x");
        json_object_set_new(v, name, value);
    }
    return v;
}

static void test_canon_same_bytes_whatever_key_insertion_order(void **state)
{
    (void)state;
    static const char *const names[] = {"seq",  "time", "type", "actor", "payload", "township",
                                        "中文", "é",    "A",    "a",     "aa",      "😀",
                                        "！",   "",     "z9",   "z10",   "id",      "name_en"};
    enum { N = sizeof(names) / sizeof(names[0]) };
    size_t order[N];
    for (size_t i = 0; i < N; i++) {
        order[i] = i;
    }
    json_t *first = object_in_order(names, order, N);
    struct buf want;
    struct err err;
    assert_int_equal(encode(first, 1 << 16, &want, &err), ERR_OK);
    json_decref(first);

    uint32_t seed = 12345;
    for (int round = 0; round < 50; round++) {
        /* A deterministic shuffle (Fisher-Yates over a small LCG). */
        for (size_t i = N - 1; i > 0; i--) {
            seed = seed * 1103515245u + 12345u;
            size_t j = (seed >> 16) % (i + 1);
            size_t t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        json_t *v = object_in_order(names, order, N);
        struct buf got;
        assert_int_equal(encode(v, 1 << 16, &got, &err), ERR_OK);
        assert_int_equal(got.len, want.len);
        assert_memory_equal(got.data, want.data, want.len);
        buf_clear(&got);
        json_decref(v);
    }
    buf_clear(&want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_canon_sorts_keys_and_drops_whitespace),
        cmocka_unit_test(test_canon_sorts_prefix_keys_first_and_uppercase_before_lowercase),
        cmocka_unit_test(test_canon_sorts_non_ascii_keys_by_utf8_bytes),
        cmocka_unit_test(test_canon_escapes_quote_backslash_and_short_controls),
        cmocka_unit_test(test_canon_escapes_other_controls_as_lowercase_u00xx),
        cmocka_unit_test(test_canon_escapes_every_control_character),
        cmocka_unit_test(test_canon_keeps_non_ascii_text_raw),
        cmocka_unit_test(test_canon_escapes_keys_like_strings),
        cmocka_unit_test(test_canon_writes_literals_and_int64_extremes),
        cmocka_unit_test(test_canon_writes_nested_and_empty_containers),
        cmocka_unit_test(test_canon_encodes_top_level_scalars),
        cmocka_unit_test(test_canon_encodes_an_event_record_golden),
        cmocka_unit_test(test_canon_appends_to_existing_buffer_content),
        cmocka_unit_test(test_canon_refuses_real_numbers_naming_the_key),
        cmocka_unit_test(test_canon_accepts_nesting_up_to_max_depth),
        cmocka_unit_test(test_canon_refuses_nesting_past_max_depth),
        cmocka_unit_test(test_canon_refuses_nesting_past_max_depth_with_empty_innermost),
        cmocka_unit_test(test_canon_reports_too_large_past_buffer_max),
        cmocka_unit_test(test_canon_same_bytes_whatever_key_insertion_order),
    };
    return cmocka_run_group_tests(tests, unit_group_setup, NULL);
}
