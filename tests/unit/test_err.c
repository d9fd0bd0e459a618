/*
 * Unit tests of the error table and records (core/err.h): every code has
 * a distinct JSON name, an HTTP status and a CLI exit code in range;
 * err_set formats both languages; err_message falls back to the table.
 */
#include "core/err.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static void test_err_every_code_has_a_distinct_json_name(void **state)
{
    (void)state;
    for (int i = 0; i < ERR_N_CODES; i++) {
        const char *name = err_code_name((enum err_code)i);
        assert_non_null(name);
        assert_true(name[0] != '\0');
        for (const char *p = name; *p != '\0'; p++) {
            assert_true((*p >= 'a' && *p <= 'z') || *p == '_');
        }
        for (int j = 0; j < i; j++) {
            if (strcmp(name, err_code_name((enum err_code)j)) == 0) {
                fail_msg("codes %d and %d share the name %s", j, i, name);
            }
        }
    }
}

static void test_err_every_code_has_an_http_status_and_exit_code_in_range(void **state)
{
    (void)state;
    for (int i = 0; i < ERR_N_CODES; i++) {
        int status = err_http_status((enum err_code)i);
        int exit_code = err_exit_code((enum err_code)i);
        assert_in_range(status, 200, 599);
        assert_in_range(exit_code, 0, 2);
        /* Only success is 2xx and exits 0. */
        if (i == ERR_OK) {
            assert_int_equal(status, 200);
            assert_int_equal(exit_code, 0);
        } else {
            assert_in_range(status, 400, 599);
            assert_int_not_equal(exit_code, 0);
        }
    }
}

static void test_err_codes_documented_for_the_api_keep_their_values(void **state)
{
    (void)state;
    static const struct {
        enum err_code code;
        const char *name;
        int status;
    } api[] = {
        {ERR_OK, "ok", 200},
        {ERR_INVALID, "invalid", 422},
        {ERR_BAD_REQUEST, "bad_request", 400},
        {ERR_UNAUTHENTICATED, "unauthenticated", 401},
        {ERR_FORBIDDEN, "forbidden", 403},
        {ERR_NOT_FOUND, "not_found", 404},
        {ERR_METHOD_NOT_ALLOWED, "method_not_allowed", 405},
        {ERR_CONFLICT, "conflict", 409},
        {ERR_TOO_LARGE, "too_large", 413},
        {ERR_UNSUPPORTED_MEDIA, "unsupported_media_type", 415},
        {ERR_RATE_LIMITED, "rate_limited", 429},
        {ERR_INTERNAL, "internal", 500},
        {ERR_UNAVAILABLE, "unavailable", 503},
    };
    for (size_t i = 0; i < sizeof(api) / sizeof(api[0]); i++) {
        assert_string_equal(err_code_name(api[i].code), api[i].name);
        assert_int_equal(err_http_status(api[i].code), api[i].status);
    }
}

static void test_err_every_code_has_default_messages_in_both_languages(void **state)
{
    (void)state;
    for (int i = 0; i < ERR_N_CODES; i++) {
        struct err e;
        err_init(&e);
        e.code = (enum err_code)i;
        assert_true(err_message(&e, 0)[0] != '\0');
        assert_true(err_message(&e, 1)[0] != '\0');
        assert_string_not_equal(err_message(&e, 0), err_message(&e, 1));
    }
}

static void test_err_init_empties_the_record(void **state)
{
    (void)state;
    struct err e;
    memset(&e, 'x', sizeof(e));
    err_init(&e);
    assert_int_equal(e.code, ERR_OK);
    assert_string_equal(e.field, "");
    assert_string_equal(e.message_zh, "");
    assert_string_equal(e.message_en, "");
    assert_string_equal(err_message(&e, 0), "成功");
    assert_string_equal(err_message(&e, 1), "success");
}

static void test_err_set_formats_both_languages_and_returns_the_code(void **state)
{
    (void)state;
    struct err e;
    err_init(&e);
    enum err_code rc = err_set(&e, ERR_INVALID, "name", "字段“%s”不能超过 %d 个字符",
                               "field '%s' must be at most %d characters", "name", 40);
    assert_int_equal(rc, ERR_INVALID);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "name");
    assert_string_equal(e.message_zh, "字段“name”不能超过 40 个字符");
    assert_string_equal(e.message_en, "field 'name' must be at most 40 characters");
    assert_string_equal(err_message(&e, 0), "字段“name”不能超过 40 个字符");
    assert_string_equal(err_message(&e, 1), "field 'name' must be at most 40 characters");
}

static void test_err_message_falls_back_to_the_table(void **state)
{
    (void)state;
    struct err e;
    err_init(&e);
    assert_int_equal(err_set(&e, ERR_NOT_FOUND, NULL, NULL, NULL), ERR_NOT_FOUND);
    assert_string_equal(e.field, "");
    assert_string_equal(err_message(&e, 0), "未找到");
    assert_string_equal(err_message(&e, 1), "not found");

    /* One language given: the other comes from the table. */
    err_set(&e, ERR_CONFLICT, "id", "标识“%s”已被使用", NULL, "x");
    assert_string_equal(err_message(&e, 0), "标识“x”已被使用");
    assert_string_equal(err_message(&e, 1), "conflicts with existing records");
    err_set(&e, ERR_CONFLICT, "id", NULL, "the id '%s' is taken", "x");
    assert_string_equal(err_message(&e, 0), "与现有记录冲突");
    assert_string_equal(err_message(&e, 1), "the id 'x' is taken");
}

static void test_err_set_replaces_an_earlier_failure(void **state)
{
    (void)state;
    struct err e;
    err_init(&e);
    err_set(&e, ERR_INVALID, "first", "第一", "first");
    err_set(&e, ERR_FORBIDDEN, NULL, NULL, NULL);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_string_equal(e.field, "");
    assert_string_equal(err_message(&e, 0), "无权执行此操作");
    assert_string_equal(err_message(&e, 1), "not allowed");
}

static void test_err_set_truncates_long_fields_and_messages(void **state)
{
    (void)state;
    char long_text[2000];
    memset(long_text, 'a', sizeof(long_text) - 1);
    long_text[sizeof(long_text) - 1] = '\0';
    struct err e;
    err_init(&e);
    err_set(&e, ERR_INVALID, long_text, "%s", "%s!", long_text);
    assert_int_equal(strlen(e.field), ERR_FIELD_MAX - 1);
    assert_int_equal(strlen(e.message_zh), ERR_MESSAGE_MAX - 1);
    assert_int_equal(strlen(e.message_en), ERR_MESSAGE_MAX - 1);
}

static void test_err_set_without_a_record_only_returns_the_code(void **state)
{
    (void)state;
    assert_int_equal(err_set(NULL, ERR_IO, "x", "读写 %d", "io %d", 1), ERR_IO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_err_every_code_has_a_distinct_json_name),
        cmocka_unit_test(test_err_every_code_has_an_http_status_and_exit_code_in_range),
        cmocka_unit_test(test_err_codes_documented_for_the_api_keep_their_values),
        cmocka_unit_test(test_err_every_code_has_default_messages_in_both_languages),
        cmocka_unit_test(test_err_init_empties_the_record),
        cmocka_unit_test(test_err_set_formats_both_languages_and_returns_the_code),
        cmocka_unit_test(test_err_message_falls_back_to_the_table),
        cmocka_unit_test(test_err_set_replaces_an_earlier_failure),
        cmocka_unit_test(test_err_set_truncates_long_fields_and_messages),
        cmocka_unit_test(test_err_set_without_a_record_only_returns_the_code),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
