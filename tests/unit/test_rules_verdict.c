/*
 * Unit tests of verdicts and the rule-id table (rules/verdict.h): ids are
 * unique and well formed, each message format takes exactly the arguments
 * its "args" column declares (in both languages) and fits the verdict with
 * the widest arguments, fixed rules always refuse; settling a verdict with
 * and without a justification; the JSON form; truncation keeps UTF-8.
 */
#include "rules/rulebook.h"
#include "rules/verdict.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"

/* Writes the conversion types of printf format fmt into out ("d" for
 * %lld, "s" for %s); returns false on any other conversion. */
static bool format_args(const char *fmt, char *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = fmt; *p != '\0'; p++) {
        if (*p != '%') {
            continue;
        }
        p++;
        if (*p == '%') {
            continue;
        }
        if (strncmp(p, "lld", 3) == 0) {
            p += 2;
            out[n++] = 'd';
        } else if (*p == 's') {
            out[n++] = 's';
        } else {
            return false;
        }
        if (n + 1 >= cap) {
            return false;
        }
    }
    out[n] = '\0';
    return true;
}

static void test_rules_table_ids_are_unique_and_dotted(void **state)
{
    (void)state;
    for (size_t i = 0; i < RULE_N; i++) {
        const char *name = rules_rule_name((enum rule_id)i);
        const char *dot = strchr(name, '.');
        assert_non_null(dot);
        assert_true(dot > name && dot[1] != '\0');
        assert_true(strlen(name) < VERDICT_RULE_MAX);
        for (const char *p = name; *p != '\0'; p++) {
            assert_true((*p >= 'a' && *p <= 'z') || *p == '_' || *p == '.');
        }
        enum rule_id found;
        assert_true(rules_rule_find(name, &found));
        assert_int_equal(found, i);
        for (size_t j = i + 1; j < RULE_N; j++) {
            assert_string_not_equal(name, rules_rule_name((enum rule_id)j));
        }
    }
    enum rule_id found;
    assert_false(rules_rule_find("no.such_rule", &found));
}

static void test_rules_table_formats_match_their_args(void **state)
{
    (void)state;
    for (size_t i = 0; i < RULE_N; i++) {
        char zh[16];
        char en[16];
        const char *want = rules_rule_args((enum rule_id)i);
        assert_true(format_args(rules_rule_format((enum rule_id)i, false), zh, sizeof(zh)));
        assert_true(format_args(rules_rule_format((enum rule_id)i, true), en, sizeof(en)));
        if (strcmp(zh, want) != 0 || strcmp(en, want) != 0) {
            print_error("%s: args %s, zh %s, en %s\n", rules_rule_name((enum rule_id)i), want, zh,
                        en);
        }
        assert_string_equal(zh, want);
        assert_string_equal(en, want);
    }
}

static void test_rules_table_fixed_rules_refuse_and_codes_are_409_or_422(void **state)
{
    (void)state;
    for (size_t i = 0; i < RULE_N; i++) {
        enum rule_id id = (enum rule_id)i;
        if (!rules_rule_configurable(id)) {
            assert_int_equal(rules_rule_default_action(id), RULE_ACTION_REFUSE);
        }
        assert_true(rules_rule_code(id) == ERR_CONFLICT || rules_rule_code(id) == ERR_INVALID);
    }
}

/* Builds the violation of rule id with the widest arguments its args
 * column allows: 20-character numbers, 40-character ids. */
static void widest_violation(enum rule_id id, struct verdict *v)
{
    const char *args = rules_rule_args(id);
    const char *s = "abcdefghijklmnopqrstuvwxyz-0123456789abc";
    long long d = LLONG_MIN;
    if (strcmp(args, "") == 0) {
        rules__violation(v, NULL, id, "f");
    } else if (strcmp(args, "d") == 0) {
        rules__violation(v, NULL, id, "f", d);
    } else if (strcmp(args, "s") == 0) {
        rules__violation(v, NULL, id, "f", s);
    } else if (strcmp(args, "dd") == 0) {
        rules__violation(v, NULL, id, "f", d, d);
    } else if (strcmp(args, "ss") == 0) {
        rules__violation(v, NULL, id, "f", s, s);
    } else if (strcmp(args, "sd") == 0) {
        rules__violation(v, NULL, id, "f", s, d);
    } else if (strcmp(args, "ddd") == 0) {
        rules__violation(v, NULL, id, "f", d, d, d);
    } else if (strcmp(args, "sdd") == 0) {
        rules__violation(v, NULL, id, "f", s, d, d);
    } else if (strcmp(args, "sss") == 0) {
        rules__violation(v, NULL, id, "f", s, s, s);
    } else {
        fail_msg("%s: add its args \"%s\" to widest_violation", rules_rule_name(id), args);
    }
}

static void test_rules_messages_fit_with_the_widest_arguments(void **state)
{
    (void)state;
    for (size_t i = 0; i < RULE_N; i++) {
        struct verdict v;
        widest_violation((enum rule_id)i, &v);
        assert_true(strlen(v.message_zh) < VERDICT_MESSAGE_MAX - 1);
        assert_true(strlen(v.message_en) < VERDICT_MESSAGE_MAX - 1);
        assert_string_equal(v.rule, rules_rule_name((enum rule_id)i));
        json_t *j = rules_verdict_json(&v);
        assert_non_null(json_object_get(j, "message_zh"));
        json_decref(j);
    }
}

static void test_rules_violation_fills_numbers_in_both_languages(void **state)
{
    (void)state;
    struct verdict v;
    rules__violation(&v, NULL, RULE_NOTICE_MIN_HOURS, "notified_at", 20LL, 48LL);
    assert_int_equal(v.kind, VERDICT_FLAG);
    assert_int_equal(v.id, RULE_NOTICE_MIN_HOURS);
    assert_string_equal(v.rule, "notice.min_hours");
    assert_string_equal(v.field, "notified_at");
    assert_string_equal(v.message_en,
                        "notified 20 hours before the meeting; at least 48 required: an ad-hoc "
                        "motion");
    assert_string_equal(v.message_zh, "议题在会前 20 小时告知，少于规定的 48 小时，属临时动议");
}

static void test_rules_violation_takes_the_action_from_the_rulebook(void **state)
{
    (void)state;
    struct rulebook rb;
    struct verdict v;
    rulebook_default(&rb);
    rb.actions[RULE_NOTICE_MIN_HOURS] = RULE_ACTION_REFUSE;
    rules__violation(&v, &rb, RULE_NOTICE_MIN_HOURS, NULL, 1LL, 2LL);
    assert_int_equal(v.kind, VERDICT_REFUSE);
    assert_string_equal(v.field, "");
    /* A fixed rule refuses even if its slot says flag. */
    rb.actions[RULE_QUORUM_NOT_MET] = RULE_ACTION_FLAG;
    assert_int_equal(rulebook_action(&rb, RULE_QUORUM_NOT_MET), RULE_ACTION_REFUSE);
    rules__violation(&v, &rb, RULE_QUORUM_NOT_MET, "attendance", 7LL, 3LL, 4LL);
    assert_int_equal(v.kind, VERDICT_REFUSE);
}

static void test_rules_truncated_message_stays_utf8(void **state)
{
    (void)state;
    char id[400];
    struct verdict v;
    /* "成" is 3 bytes: a 300-byte id of them overflows the 256-byte message
     * in the middle of a character wherever the cut falls. */
    for (int shift = 0; shift < 3; shift++) {
        memset(id, 'x', (size_t)shift);
        for (int i = 0; i < 100; i++) {
            memcpy(id + shift + 3 * i, "成", 3);
        }
        id[shift + 300] = '\0';
        rules__violation(&v, NULL, RULE_BALLOT_PROXY, "member", id);
        json_t *j = rules_verdict_json(&v);
        assert_non_null(j);
        assert_true(json_is_string(json_object_get(j, "message_zh")));
        assert_true(json_is_string(json_object_get(j, "message_en")));
        json_decref(j);
    }
}

static void test_rules_settle_ok_goes_ahead(void **state)
{
    (void)state;
    struct verdict v;
    struct err err;
    err_init(&err);
    rules_verdict_ok(&v);
    assert_int_equal(rules_settle(&v, NULL, &err), ERR_OK);
    assert_string_equal(v.rule, "");
}

static void test_rules_settle_flag_needs_a_justification(void **state)
{
    (void)state;
    struct verdict v;
    struct err err;
    rules__violation(&v, NULL, RULE_NOTICE_ADHOC, "notified_at", 48LL);
    assert_int_equal(v.kind, VERDICT_FLAG);
    const char *empty[] = {NULL, "", "   ", " \t\n", "\xe3\x80\x80 \xe3\x80\x80"};
    for (size_t i = 0; i < ARRAY_SIZE(empty); i++) {
        err_init(&err);
        assert_int_equal(rules_settle(&v, empty[i], &err), ERR_INVALID);
        assert_string_equal(err.field, "justification");
        assert_non_null(strstr(err.message_en, "notice.adhoc"));
        assert_non_null(strstr(err.message_en, "ad-hoc motion"));
        assert_null(strstr(err.message_en, "临时动议"));
        assert_non_null(strstr(err.message_zh, "临时动议"));
    }
    err_init(&err);
    assert_int_equal(rules_settle(&v, "防汛抢险，须当日决定", &err), ERR_OK);
    assert_int_equal(rules_settle(&v, "x", &err), ERR_OK);
}

static void test_rules_settle_flag_refuses_an_overlong_justification(void **state)
{
    (void)state;
    struct verdict v;
    struct err err;
    char text[3 * (RULES_JUSTIFICATION_MAX + 1) + 1];
    rules__violation(&v, NULL, RULE_NOTICE_ADHOC, "notified_at", 48LL);
    for (int i = 0; i < RULES_JUSTIFICATION_MAX; i++) {
        memcpy(text + 3 * i, "急", 3);
    }
    text[3 * RULES_JUSTIFICATION_MAX] = '\0';
    err_init(&err);
    assert_int_equal(rules_settle(&v, text, &err), ERR_OK);
    memcpy(text + 3 * RULES_JUSTIFICATION_MAX, "急", 4);
    assert_int_equal(rules_settle(&v, text, &err), ERR_INVALID);
    assert_string_equal(err.field, "justification");
}

static void test_rules_settle_refusal_carries_code_field_and_messages(void **state)
{
    (void)state;
    struct verdict v;
    struct err err;
    err_init(&err);
    rules__violation(&v, NULL, RULE_QUORUM_NOT_MET, "attendance", 7LL, 3LL, 4LL);
    assert_int_equal(rules_settle(&v, "a good reason", &err), ERR_CONFLICT);
    assert_int_equal(err_http_status(err.code), 409);
    assert_string_equal(err.field, "attendance");
    assert_string_equal(err.message_en,
                        "7 members, 3 present (recused excluded); this category needs at least 4");
    assert_string_equal(err.message_zh, "应到 7 人，实到（不含回避）3 人，该类事项至少须 4 人到会");
    err_init(&err);
    rules__violation(&v, NULL, RULE_BALLOT_BUNDLE, "matters", 2LL);
    assert_int_equal(rules_settle(&v, NULL, &err), ERR_INVALID);
    assert_int_equal(err_http_status(err.code), 422);
}

static void test_rules_verdict_json_names_kind_rule_and_field(void **state)
{
    (void)state;
    struct verdict v;
    rules_verdict_ok(&v);
    json_t *j = rules_verdict_json(&v);
    assert_string_equal(json_string_value(json_object_get(j, "kind")), "ok");
    assert_true(json_is_null(json_object_get(j, "rule")));
    assert_true(json_is_null(json_object_get(j, "field")));
    json_decref(j);
    rules__violation(&v, NULL, RULE_NOTICE_ADHOC, "notified_at", 48LL);
    j = rules_verdict_json(&v);
    assert_string_equal(json_string_value(json_object_get(j, "kind")), "flag");
    assert_string_equal(json_string_value(json_object_get(j, "rule")), "notice.adhoc");
    assert_string_equal(json_string_value(json_object_get(j, "field")), "notified_at");
    json_decref(j);
    rules__violation(&v, NULL, RULE_BALLOT_PROXY, "member", "m1");
    j = rules_verdict_json(&v);
    assert_string_equal(json_string_value(json_object_get(j, "kind")), "refuse");
    json_decref(j);
}

static void test_rules_every_id_is_documented(void **state)
{
    (void)state;
    /* docs/rules.md lists every rule id of the table. The source tree is
     * found from this file's path (CMake compiles it by absolute path). */
    char path[UNIT_PATH_MAX];
    const char *tail = strstr(__FILE__, "tests/unit/");
    assert_non_null(tail);
    snprintf(path, sizeof(path), "%.*sdocs/rules.md", (int)(tail - __FILE__), __FILE__);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *doc = xmalloc(1 << 20);
    size_t n = fread(doc, 1, (1 << 20) - 1, f);
    doc[n] = '\0';
    fclose(f);
    for (size_t i = 0; i < RULE_N; i++) {
        char quoted[VERDICT_RULE_MAX + 8];
        snprintf(quoted, sizeof(quoted), "| `%s` |", rules_rule_name((enum rule_id)i));
        if (strstr(doc, quoted) == NULL) {
            print_error("docs/rules.md does not list %s\n", quoted);
        }
        assert_non_null(strstr(doc, quoted));
    }
    xfree(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_table_ids_are_unique_and_dotted),
        cmocka_unit_test(test_rules_table_formats_match_their_args),
        cmocka_unit_test(test_rules_table_fixed_rules_refuse_and_codes_are_409_or_422),
        cmocka_unit_test(test_rules_messages_fit_with_the_widest_arguments),
        cmocka_unit_test(test_rules_violation_fills_numbers_in_both_languages),
        cmocka_unit_test(test_rules_violation_takes_the_action_from_the_rulebook),
        cmocka_unit_test(test_rules_truncated_message_stays_utf8),
        cmocka_unit_test(test_rules_settle_ok_goes_ahead),
        cmocka_unit_test(test_rules_settle_flag_needs_a_justification),
        cmocka_unit_test(test_rules_settle_flag_refuses_an_overlong_justification),
        cmocka_unit_test(test_rules_settle_refusal_carries_code_field_and_messages),
        cmocka_unit_test(test_rules_verdict_json_names_kind_rule_and_field),
        cmocka_unit_test(test_rules_every_id_is_documented),
    };
    return cmocka_run_group_tests(tests, unit_group_setup, NULL);
}
