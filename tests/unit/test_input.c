/*
 * Unit tests of JSON input validation (core/input.h): parsing under limits
 * (malformed, non-object, duplicate keys, depth, trailing bytes), unknown
 * fields, and the typed readers (text, enum, int, date) with their
 * required/optional/nullable rules, plus slugs and UTF-8 character counts.
 */
#include "core/input.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"

/* Markers a reader must leave alone when it fails or finds nothing. */
static const char untouched[] = "untouched";
static json_t not_parsed;

/* Parses text with input_parse and returns the code; *out gets the
 * document (or stays NULL). */
static enum err_code parse(const char *text, json_t **out, struct err *err)
{
    *out = NULL;
    err_init(err);
    return input_parse(text, strlen(text), out, err);
}

static void test_input_parse_accepts_an_object(void **state)
{
    (void)state;
    json_t *doc = NULL;
    struct err err;
    assert_int_equal(parse("{\"name\": \"店口镇\", \"n\": 3, \"list\": [1, {}]}", &doc, &err),
                     ERR_OK);
    assert_true(json_is_object(doc));
    assert_string_equal(json_string_value(json_object_get(doc, "name")), "店口镇");
    json_decref(doc);
    assert_int_equal(parse(" {} \n", &doc, &err), ERR_OK);
    assert_int_equal(json_object_size(doc), 0);
    json_decref(doc);
}

static void test_input_parse_reads_a_huge_integer_as_a_non_integer(void **state)
{
    (void)state;
    json_t *doc = NULL;
    struct err err;
    /* Well-formed JSON beyond 64 bits: the body parses, the huge number is
     * no integer (its field refuses it), and the other integers stay
     * integers, in objects and arrays alike. */
    assert_int_equal(parse("{\"amount_fen\": 99999999999999999999, \"n\": 3,"
                           " \"list\": [1, {\"k\": -7}], \"r\": 2.5}",
                           &doc, &err),
                     ERR_OK);
    assert_false(json_is_integer(json_object_get(doc, "amount_fen")));
    assert_true(json_is_number(json_object_get(doc, "amount_fen")));
    assert_int_equal(json_integer_value(json_object_get(doc, "n")), 3);
    const json_t *list = json_object_get(doc, "list");
    assert_int_equal(json_integer_value(json_array_get(list, 0)), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 1), "k")), -7);
    assert_true(json_is_real(json_object_get(doc, "r")));
    int64_t n = 0;
    assert_int_equal(input_int(doc, "amount_fen", INPUT_REQUIRED, 0, INT64_MAX, &n, &err),
                     ERR_INVALID);
    assert_string_equal(err.field, "amount_fen");
    json_decref(doc);
}

static void test_input_parse_reads_only_len_bytes(void **state)
{
    (void)state;
    const char text[] = "{\"a\":1}garbage";
    json_t *doc = NULL;
    struct err err;
    err_init(&err);
    assert_int_equal(input_parse(text, 7, &doc, &err), ERR_OK);
    assert_int_equal(json_integer_value(json_object_get(doc, "a")), 1);
    json_decref(doc);
}

static void test_input_parse_rejects_malformed_json(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",           "{",     "{\"a\":}",    "{\"a\" 1}",           "{'a':1}",
        "{\"a\":1,}", "{a:1}", "{\"a\":tru}", "{\"a\":\"\\x\"}",     "nul",
        "{} {}",      "{}x",   "{\"a\":01}",  "{\"a\":\"\\u0000\"}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        json_t *doc = &not_parsed;
        struct err err;
        err_init(&err);
        if (input_parse(bad[i], strlen(bad[i]), &doc, &err) != ERR_BAD_REQUEST) {
            fail_msg("accepted %s", bad[i]);
        }
        assert_int_equal(err.code, ERR_BAD_REQUEST);
        assert_true(err.message_en[0] != '\0');
        assert_ptr_equal(doc, &not_parsed);
    }
}

static void test_input_parse_rejects_non_objects(void **state)
{
    (void)state;
    static const char *const bad[] = {"[]", "[{}]", "\"text\"", "3", "-1.5", "true", "null"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        json_t *doc = &not_parsed;
        struct err err;
        err_init(&err);
        if (input_parse(bad[i], strlen(bad[i]), &doc, &err) != ERR_BAD_REQUEST) {
            fail_msg("accepted %s", bad[i]);
        }
        assert_ptr_equal(doc, &not_parsed);
    }
}

static void test_input_parse_rejects_duplicate_keys(void **state)
{
    (void)state;
    json_t *doc = NULL;
    struct err err;
    assert_int_equal(parse("{\"a\":1,\"a\":2}", &doc, &err), ERR_BAD_REQUEST);
    assert_null(doc);
    assert_int_equal(parse("{\"o\":{\"k\":1,\"k\":1}}", &doc, &err), ERR_BAD_REQUEST);
    assert_null(doc);
}

/* Returns the text of an object whose value under "a" nests `arrays`
 * arrays; the document's depth is arrays + 1. Free with xfree. */
static char *deep_document(int arrays)
{
    size_t n = 5 + 2 * (size_t)arrays + 2;
    char *text = xmalloc(n);
    char *p = text;
    memcpy(p, "{\"a\":", 5);
    p += 5;
    for (int i = 0; i < arrays; i++) {
        *p++ = '[';
    }
    for (int i = 0; i < arrays; i++) {
        *p++ = ']';
    }
    *p++ = '}';
    *p = '\0';
    return text;
}

static void test_input_parse_accepts_nesting_up_to_max_depth(void **state)
{
    (void)state;
    char *text = deep_document(INPUT_MAX_DEPTH - 1);
    json_t *doc = NULL;
    struct err err;
    assert_int_equal(parse(text, &doc, &err), ERR_OK);
    json_decref(doc);
    xfree(text);
}

static void test_input_parse_rejects_nesting_past_max_depth(void **state)
{
    (void)state;
    int depths[] = {INPUT_MAX_DEPTH, INPUT_MAX_DEPTH + 10, 1000};
    for (size_t i = 0; i < sizeof(depths) / sizeof(depths[0]); i++) {
        char *text = deep_document(depths[i]);
        json_t *doc = NULL;
        struct err err;
        assert_int_equal(parse(text, &doc, &err), ERR_BAD_REQUEST);
        assert_null(doc);
        xfree(text);
    }
}

static void test_input_only_names_the_first_unknown_field(void **state)
{
    (void)state;
    static const char *const allowed[] = {"name", "name_en", NULL};
    struct err err;
    json_t *obj = unit_json("{\"name\":\"a\",\"name_en\":\"b\"}");
    err_init(&err);
    assert_int_equal(input_only(obj, allowed, &err), ERR_OK);
    json_decref(obj);

    obj = unit_json("{}");
    assert_int_equal(input_only(obj, allowed, &err), ERR_OK);
    json_decref(obj);

    obj = unit_json("{\"name\":\"a\",\"colour\":\"red\"}");
    assert_int_equal(input_only(obj, allowed, &err), ERR_INVALID);
    assert_string_equal(err.field, "colour");
    json_decref(obj);

    /* Matching is exact: no prefixes, no case folding. */
    obj = unit_json("{\"Name\":\"a\"}");
    assert_int_equal(input_only(obj, allowed, &err), ERR_INVALID);
    assert_string_equal(err.field, "Name");
    json_decref(obj);
    obj = unit_json("{\"nam\":\"a\"}");
    assert_int_equal(input_only(obj, allowed, &err), ERR_INVALID);
    json_decref(obj);
}

static void test_input_has_sees_null_values(void **state)
{
    (void)state;
    json_t *obj = unit_json("{\"a\":null,\"b\":0}");
    assert_true(input_has(obj, "a"));
    assert_true(input_has(obj, "b"));
    assert_false(input_has(obj, "c"));
    json_decref(obj);
}

/* Runs input_text on the JSON object text for key "v". */
static enum err_code
text_of(const char *json_text, int flags, size_t max_chars, const char **out, struct err *err)
{
    json_t *obj = unit_json(json_text);
    err_init(err);
    enum err_code rc = input_text(obj, "v", flags, max_chars, out, err);
    /* *out is borrowed from obj; keep only the outcome past this point. */
    if (rc == ERR_OK && *out != NULL && *out != untouched) {
        *out = "(read)";
    }
    json_decref(obj);
    return rc;
}

static void test_input_text_returns_a_string_borrowed_from_the_object(void **state)
{
    (void)state;
    json_t *obj = unit_json("{\"v\":\"店口 镇\"}");
    const char *out = NULL;
    struct err err;
    err_init(&err);
    assert_int_equal(input_text(obj, "v", INPUT_REQUIRED, 10, &out, &err), ERR_OK);
    assert_ptr_equal(out, json_string_value(json_object_get(obj, "v")));
    assert_string_equal(out, "店口 镇");
    json_decref(obj);
}

static void test_input_text_required_refuses_absent_and_null(void **state)
{
    (void)state;
    const char *out = untouched;
    struct err err;
    assert_int_equal(text_of("{}", INPUT_REQUIRED, 10, &out, &err), ERR_INVALID);
    assert_string_equal(err.field, "v");
    assert_ptr_equal(out, untouched);
    assert_int_equal(text_of("{\"v\":null}", INPUT_REQUIRED, 10, &out, &err), ERR_INVALID);
    assert_string_equal(err.field, "v");
    assert_ptr_equal(out, untouched);
    assert_int_equal(text_of("{\"v\":null}", INPUT_REQUIRED | INPUT_NULLABLE, 10, &out, &err),
                     ERR_INVALID);
    assert_ptr_equal(out, untouched);
}

static void test_input_text_optional_leaves_output_when_absent(void **state)
{
    (void)state;
    const char *out = untouched;
    struct err err;
    assert_int_equal(text_of("{\"other\":1}", INPUT_OPTIONAL, 10, &out, &err), ERR_OK);
    assert_ptr_equal(out, untouched);
    assert_int_equal(text_of("{}", INPUT_NULLABLE, 10, &out, &err), ERR_OK);
    assert_ptr_equal(out, untouched);
}

static void test_input_text_null_is_refused_unless_nullable(void **state)
{
    (void)state;
    const char *out = untouched;
    struct err err;
    assert_int_equal(text_of("{\"v\":null}", INPUT_OPTIONAL, 10, &out, &err), ERR_INVALID);
    assert_string_equal(err.field, "v");
    assert_ptr_equal(out, untouched);
    assert_int_equal(text_of("{\"v\":null}", INPUT_NULLABLE, 10, &out, &err), ERR_OK);
    assert_null(out);
}

static void test_input_text_refuses_non_strings(void **state)
{
    (void)state;
    static const char *const bad[] = {"{\"v\":1}",  "{\"v\":1.5}",       "{\"v\":true}",
                                      "{\"v\":[]}", "{\"v\":{\"a\":1}}", "{\"v\":[\"x\"]}"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *out = untouched;
        struct err err;
        assert_int_equal(text_of(bad[i], INPUT_REQUIRED, 10, &out, &err), ERR_INVALID);
        assert_string_equal(err.field, "v");
        assert_ptr_equal(out, untouched);
    }
}

static void test_input_text_refuses_control_characters(void **state)
{
    (void)state;
    static const char *const bad[] = {"{\"v\":\"a\\nb\"}",     "{\"v\":\"a\\tb\"}",
                                      "{\"v\":\"a\\rb\"}",     "{\"v\":\"\\u0001ab\"}",
                                      "{\"v\":\"ab\\u001f\"}", "{\"v\":\"a\\u007fb\"}"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *out = untouched;
        struct err err;
        if (text_of(bad[i], INPUT_REQUIRED, 10, &out, &err) != ERR_INVALID) {
            fail_msg("accepted %s", bad[i]);
        }
        assert_string_equal(err.field, "v");
        assert_ptr_equal(out, untouched);
    }
}

static void test_input_text_refuses_c1_control_characters(void **state)
{
    (void)state;
    /* U+0080..U+009F are control characters too (NEL, CSI, ...). */
    static const char *const bad[] = {"{\"v\":\"a\\u0085b\"}", "{\"v\":\"\\u009b31m\"}",
                                      "{\"v\":\"x\\u0080\"}"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *out = untouched;
        struct err err;
        if (text_of(bad[i], INPUT_REQUIRED, 10, &out, &err) != ERR_INVALID) {
            fail_msg("accepted %s", bad[i]);
        }
        assert_string_equal(err.field, "v");
    }
    /* Other non-ASCII text is fine. */
    const char *out = untouched;
    struct err err;
    assert_int_equal(text_of("{\"v\":\"\\u00a0\\u4e2d\"}", INPUT_REQUIRED, 10, &out, &err), ERR_OK);
}

static void test_input_text_refuses_embedded_nul(void **state)
{
    (void)state;
    json_t *obj = json_object();
    json_object_set_new(obj, "v", json_stringn("a\0b", 3));
    const char *out = untouched;
    struct err err;
    err_init(&err);
    assert_int_equal(input_text(obj, "v", INPUT_REQUIRED, 10, &out, &err), ERR_INVALID);
    assert_string_equal(err.field, "v");
    assert_ptr_equal(out, untouched);
    json_decref(obj);
}

static void test_input_text_refuses_empty_and_untrimmed_text(void **state)
{
    (void)state;
    static const char *const bad[] = {"{\"v\":\"\"}",    "{\"v\":\" \"}",    "{\"v\":\"   \"}",
                                      "{\"v\":\" a\"}",  "{\"v\":\"a \"}",   "{\"v\":\" a \"}",
                                      "{\"v\":\" 中\"}", "{\"v\":\"中文 \"}"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *out = untouched;
        struct err err;
        if (text_of(bad[i], INPUT_REQUIRED, 10, &out, &err) != ERR_INVALID) {
            fail_msg("accepted %s", bad[i]);
        }
        assert_string_equal(err.field, "v");
        assert_ptr_equal(out, untouched);
    }
    /* Inner spaces are part of the text. */
    const char *out = untouched;
    struct err err;
    assert_int_equal(text_of("{\"v\":\"a  b\"}", INPUT_REQUIRED, 10, &out, &err), ERR_OK);
}

static void test_input_text_counts_max_in_characters_not_bytes(void **state)
{
    (void)state;
    const char *out = NULL;
    struct err err;
    /* Three characters of three bytes each fit a limit of three. */
    assert_int_equal(text_of("{\"v\":\"诸暨市\"}", INPUT_REQUIRED, 3, &out, &err), ERR_OK);
    assert_int_equal(text_of("{\"v\":\"诸暨市镇\"}", INPUT_REQUIRED, 3, &out, &err), ERR_INVALID);
    assert_string_equal(err.field, "v");
    /* Four-byte characters, and mixed text. */
    assert_int_equal(text_of("{\"v\":\"😀😀\"}", INPUT_REQUIRED, 2, &out, &err), ERR_OK);
    assert_int_equal(text_of("{\"v\":\"😀😀a\"}", INPUT_REQUIRED, 2, &out, &err), ERR_INVALID);
    assert_int_equal(text_of("{\"v\":\"aé中😀\"}", INPUT_REQUIRED, 4, &out, &err), ERR_OK);
    /* ASCII: exactly max is fine, one more is not. */
    assert_int_equal(text_of("{\"v\":\"abcde\"}", INPUT_REQUIRED, 5, &out, &err), ERR_OK);
    assert_int_equal(text_of("{\"v\":\"abcdef\"}", INPUT_REQUIRED, 5, &out, &err), ERR_INVALID);
}

static void test_input_utf8_chars_counts_code_points(void **state)
{
    (void)state;
    assert_int_equal(input_utf8_chars(""), 0);
    assert_int_equal(input_utf8_chars("abc"), 3);
    assert_int_equal(input_utf8_chars("é"), 1);
    assert_int_equal(input_utf8_chars("诸暨"), 2);
    assert_int_equal(input_utf8_chars("😀a"), 2);
    assert_int_equal(input_utf8_chars("a é 中 😀"), 7);
}

static const char *const colours[] = {"red", "green", "蓝", NULL};

/* Runs input_enum on the JSON object text for key "v". */
static enum err_code enum_of(const char *json_text, int flags, const char **out, struct err *err)
{
    json_t *obj = unit_json(json_text);
    err_init(err);
    enum err_code rc = input_enum(obj, "v", flags, colours, out, err);
    json_decref(obj);
    return rc;
}

static void test_input_enum_returns_the_table_entry(void **state)
{
    (void)state;
    const char *out = NULL;
    struct err err;
    assert_int_equal(enum_of("{\"v\":\"green\"}", INPUT_REQUIRED, &out, &err), ERR_OK);
    assert_ptr_equal(out, colours[1]);
    assert_int_equal(enum_of("{\"v\":\"蓝\"}", INPUT_REQUIRED, &out, &err), ERR_OK);
    assert_ptr_equal(out, colours[2]);
}

static void test_input_enum_refuses_other_values(void **state)
{
    (void)state;
    static const char *const bad[] = {"{\"v\":\"blue\"}", "{\"v\":\"Red\"}", "{\"v\":\"re\"}",
                                      "{\"v\":\"red \"}", "{\"v\":1}",       "{\"v\":\"\"}"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *out = untouched;
        struct err err;
        if (enum_of(bad[i], INPUT_REQUIRED, &out, &err) != ERR_INVALID) {
            fail_msg("accepted %s", bad[i]);
        }
        assert_string_equal(err.field, "v");
        assert_ptr_equal(out, untouched);
    }
}

static void test_input_enum_presence_rules(void **state)
{
    (void)state;
    const char *out = untouched;
    struct err err;
    assert_int_equal(enum_of("{}", INPUT_REQUIRED, &out, &err), ERR_INVALID);
    assert_ptr_equal(out, untouched);
    assert_int_equal(enum_of("{}", INPUT_OPTIONAL, &out, &err), ERR_OK);
    assert_ptr_equal(out, untouched);
    assert_int_equal(enum_of("{\"v\":null}", INPUT_OPTIONAL, &out, &err), ERR_INVALID);
    assert_ptr_equal(out, untouched);
    assert_int_equal(enum_of("{\"v\":null}", INPUT_NULLABLE, &out, &err), ERR_OK);
    assert_null(out);
}

/* Runs input_int on the JSON object text for key "v". */
static enum err_code
int_of(const char *json_text, int flags, int64_t min, int64_t max, int64_t *out, struct err *err)
{
    json_t *obj = unit_json(json_text);
    err_init(err);
    enum err_code rc = input_int(obj, "v", flags, min, max, out, err);
    json_decref(obj);
    return rc;
}

static void test_input_int_accepts_the_range_inclusive(void **state)
{
    (void)state;
    int64_t out = 0;
    struct err err;
    assert_int_equal(int_of("{\"v\":1}", INPUT_REQUIRED, 1, 10, &out, &err), ERR_OK);
    assert_int_equal(out, 1);
    assert_int_equal(int_of("{\"v\":10}", INPUT_REQUIRED, 1, 10, &out, &err), ERR_OK);
    assert_int_equal(out, 10);
    assert_int_equal(int_of("{\"v\":-5}", INPUT_REQUIRED, -5, 5, &out, &err), ERR_OK);
    assert_true(out == -5);
    assert_int_equal(
        int_of("{\"v\":9223372036854775807}", INPUT_REQUIRED, INT64_MIN, INT64_MAX, &out, &err),
        ERR_OK);
    assert_true(out == INT64_MAX);
    assert_int_equal(
        int_of("{\"v\":-9223372036854775808}", INPUT_REQUIRED, INT64_MIN, INT64_MAX, &out, &err),
        ERR_OK);
    assert_true(out == INT64_MIN);
}

static void test_input_int_refuses_out_of_range_and_non_integers(void **state)
{
    (void)state;
    static const char *const bad[] = {"{\"v\":0}",     "{\"v\":11}",  "{\"v\":-1}",
                                      "{\"v\":\"5\"}", "{\"v\":5.0}", "{\"v\":5.5}",
                                      "{\"v\":true}",  "{\"v\":[5]}", "{\"v\":100000000000}"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int64_t out = 777;
        struct err err;
        if (int_of(bad[i], INPUT_REQUIRED, 1, 10, &out, &err) != ERR_INVALID) {
            fail_msg("accepted %s", bad[i]);
        }
        assert_string_equal(err.field, "v");
        assert_int_equal(out, 777);
    }
}

static void test_input_int_presence_rules(void **state)
{
    (void)state;
    int64_t out = 777;
    struct err err;
    assert_int_equal(int_of("{}", INPUT_REQUIRED, 1, 10, &out, &err), ERR_INVALID);
    assert_string_equal(err.field, "v");
    assert_int_equal(int_of("{\"v\":null}", INPUT_REQUIRED, 1, 10, &out, &err), ERR_INVALID);
    assert_int_equal(int_of("{}", INPUT_OPTIONAL, 1, 10, &out, &err), ERR_OK);
    assert_int_equal(int_of("{\"v\":null}", INPUT_OPTIONAL, 1, 10, &out, &err), ERR_INVALID);
    assert_int_equal(int_of("{\"v\":null}", INPUT_NULLABLE, 1, 10, &out, &err), ERR_OK);
    assert_int_equal(out, 777);
}

/* Runs input_date on the JSON object text for key "v". */
static enum err_code date_of(const char *json_text, int flags, const char **out, struct err *err)
{
    json_t *obj = unit_json(json_text);
    err_init(err);
    enum err_code rc = input_date(obj, "v", flags, out, err);
    if (rc == ERR_OK && *out != NULL && *out != untouched) {
        *out = "(read)";
    }
    json_decref(obj);
    return rc;
}

static void test_input_date_accepts_calendar_dates(void **state)
{
    (void)state;
    json_t *obj = unit_json("{\"v\":\"2024-02-29\"}");
    const char *out = NULL;
    struct err err;
    err_init(&err);
    assert_int_equal(input_date(obj, "v", INPUT_REQUIRED, &out, &err), ERR_OK);
    assert_string_equal(out, "2024-02-29");
    json_decref(obj);
}

static void test_input_date_refuses_other_text(void **state)
{
    (void)state;
    static const char *const bad[] = {"{\"v\":\"2023-02-29\"}",
                                      "{\"v\":\"2024-2-29\"}",
                                      "{\"v\":\"2024-02-29 \"}",
                                      "{\"v\":\"29/02/2024\"}",
                                      "{\"v\":\"2024-02-29T00:00:00Z\"}",
                                      "{\"v\":20240229}",
                                      "{\"v\":\"\"}",
                                      "{\"v\":\"2024-13-01\"}"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *out = untouched;
        struct err err;
        if (date_of(bad[i], INPUT_REQUIRED, &out, &err) != ERR_INVALID) {
            fail_msg("accepted %s", bad[i]);
        }
        assert_string_equal(err.field, "v");
        assert_ptr_equal(out, untouched);
    }
}

static void test_input_date_presence_rules(void **state)
{
    (void)state;
    const char *out = untouched;
    struct err err;
    assert_int_equal(date_of("{}", INPUT_REQUIRED, &out, &err), ERR_INVALID);
    assert_ptr_equal(out, untouched);
    assert_int_equal(date_of("{}", INPUT_OPTIONAL, &out, &err), ERR_OK);
    assert_ptr_equal(out, untouched);
    assert_int_equal(date_of("{\"v\":null}", INPUT_OPTIONAL, &out, &err), ERR_INVALID);
    assert_ptr_equal(out, untouched);
    assert_int_equal(date_of("{\"v\":null}", INPUT_NULLABLE, &out, &err), ERR_OK);
    assert_null(out);
}

static void test_input_is_slug_accepts_lowercase_identifiers(void **state)
{
    (void)state;
    static const char *const good[] = {"ab", "diankou", "a-b_c9", "z0", "a--", "x_1-2"};
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        if (!input_is_slug(good[i])) {
            fail_msg("refused %s", good[i]);
        }
    }
    char forty[41];
    memset(forty, 'a', 40);
    forty[40] = '\0';
    assert_true(input_is_slug(forty));
}

static void test_input_is_slug_refuses_other_text(void **state)
{
    (void)state;
    static const char *const bad[] = {"",    "a",   "1ab", "_ab",  "-ab",  "aB",  "Ab",
                                      "a b", "a.b", "a/b", "店口", "ab\n", "a+b", "é1"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (input_is_slug(bad[i])) {
            fail_msg("accepted \"%s\"", bad[i]);
        }
    }
    char forty_one[42];
    memset(forty_one, 'a', 41);
    forty_one[41] = '\0';
    assert_false(input_is_slug(forty_one));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_input_parse_accepts_an_object),
        cmocka_unit_test(test_input_parse_reads_only_len_bytes),
        cmocka_unit_test(test_input_parse_reads_a_huge_integer_as_a_non_integer),
        cmocka_unit_test(test_input_parse_rejects_malformed_json),
        cmocka_unit_test(test_input_parse_rejects_non_objects),
        cmocka_unit_test(test_input_parse_rejects_duplicate_keys),
        cmocka_unit_test(test_input_parse_accepts_nesting_up_to_max_depth),
        cmocka_unit_test(test_input_parse_rejects_nesting_past_max_depth),
        cmocka_unit_test(test_input_only_names_the_first_unknown_field),
        cmocka_unit_test(test_input_has_sees_null_values),
        cmocka_unit_test(test_input_text_returns_a_string_borrowed_from_the_object),
        cmocka_unit_test(test_input_text_required_refuses_absent_and_null),
        cmocka_unit_test(test_input_text_optional_leaves_output_when_absent),
        cmocka_unit_test(test_input_text_null_is_refused_unless_nullable),
        cmocka_unit_test(test_input_text_refuses_non_strings),
        cmocka_unit_test(test_input_text_refuses_control_characters),
        cmocka_unit_test(test_input_text_refuses_c1_control_characters),
        cmocka_unit_test(test_input_text_refuses_embedded_nul),
        cmocka_unit_test(test_input_text_refuses_empty_and_untrimmed_text),
        cmocka_unit_test(test_input_text_counts_max_in_characters_not_bytes),
        cmocka_unit_test(test_input_utf8_chars_counts_code_points),
        cmocka_unit_test(test_input_enum_returns_the_table_entry),
        cmocka_unit_test(test_input_enum_refuses_other_values),
        cmocka_unit_test(test_input_enum_presence_rules),
        cmocka_unit_test(test_input_int_accepts_the_range_inclusive),
        cmocka_unit_test(test_input_int_refuses_out_of_range_and_non_integers),
        cmocka_unit_test(test_input_int_presence_rules),
        cmocka_unit_test(test_input_date_accepts_calendar_dates),
        cmocka_unit_test(test_input_date_refuses_other_text),
        cmocka_unit_test(test_input_date_presence_rules),
        cmocka_unit_test(test_input_is_slug_accepts_lowercase_identifiers),
        cmocka_unit_test(test_input_is_slug_refuses_other_text),
    };
    return cmocka_run_group_tests(tests, unit_group_setup, NULL);
}
