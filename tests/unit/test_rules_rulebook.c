/*
 * Unit tests of the rulebook document (rules/rulebook.h): the built-in
 * default and its values; strict parsing, where every bad input is refused
 * with the JSON path of the offending field; canonical bytes and digest as
 * a version's identity. Overrides, the diff and versions are in
 * test_rules_versions.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_rulebook.h"

/* The SHA-256 of the built-in rulebook's canonical bytes. */
#define DEFAULT_DIGEST "226ff3e8c27a902988f8bb9b2658828aea799aaad612ffb241baf3708c8bd9ea"

/* Asserts that the default document with path set to value (a JSON
 * literal, or NULL to delete it) is refused with ERR_INVALID naming
 * want_field. */
static void assert_refused(const char *path, const char *value, const char *want_field)
{
    struct rulebook rb;
    struct err err;
    json_t *doc = default_doc();
    set_path(doc, path, value != NULL ? json_loads(value, JSON_DECODE_ANY, NULL) : NULL);
    enum err_code rc = parse_doc(doc, &rb, &err);
    if (rc != ERR_INVALID || strcmp(err.field, want_field) != 0) {
        print_error("%s = %s: got code %d field '%s' (%s), want field '%s'\n", path,
                    value ? value : "(deleted)", rc, err.field, err.message_en, want_field);
    }
    assert_int_equal(rc, ERR_INVALID);
    assert_string_equal(err.field, want_field);
    json_decref(doc);
}

/* ---- the default ---------------------------------------------------- */

static void test_rulebook_default_parses_with_the_seed_values(void **state)
{
    (void)state;
    struct rulebook rb;
    rulebook_default(&rb);
    assert_int_equal(rb.version, 1);
    assert_string_equal(rb.township, "");
    assert_int_equal(rb.city_version, 0);
    assert_int_equal(rb.large_fund_fen, 10000000);
    assert_int_equal(rb.tender_fen, 50000000);
    for (size_t i = 0; i < ARRAY_SIZE(rulebook_major_categories); i++) {
        const struct rule_category *c = rulebook_category(&rb, rulebook_major_categories[i]);
        assert_non_null(c);
        assert_true(c->major);
        assert_int_equal(c->collective, RULE_WHEN_ALWAYS);
        assert_int_equal(c->ballot, RULE_WHEN_ALWAYS);
        assert_int_equal(c->notice_hours, 48); /* "at least two days before" */
        assert_true(c->secretary_last);        /* "the secretary states his position last" */
        assert_int_equal(c->pass.compare, RULE_MORE_THAN);
        assert_int_equal(c->pass.numerator, 1);
        assert_int_equal(c->pass.denominator, 2);
        assert_int_equal(c->pass.base, RULE_BASE_ENTITLED);
    }
    const struct rule_category *cadre = rulebook_category(&rb, "cadre_appointment");
    assert_true(cadre->secret_ballot);
    assert_false(cadre->adhoc_allowed);
    assert_int_equal(cadre->quorum.compare, RULE_AT_LEAST);
    assert_int_equal(cadre->quorum.numerator, 2);
    assert_int_equal(cadre->quorum.denominator, 3);
    const struct rule_category *decision = rulebook_category(&rb, "major_decision");
    assert_false(decision->secret_ballot);
    assert_true(decision->adhoc_allowed);
    assert_int_equal(decision->quorum.compare, RULE_MORE_THAN);
    assert_int_equal(decision->quorum.numerator, 1);
    assert_int_equal(decision->quorum.denominator, 2);
    assert_int_equal(rulebook_category(&rb, "major_project")->public_tender, RULE_WHEN_FROM_TENDER);
    assert_true(rulebook_category(&rb, "budget_adjustment")->congress_vote);
    assert_false(rulebook_category(&rb, "routine_affairs")->major);
    assert_null(rulebook_category(&rb, "no_such"));
    assert_null(rulebook_category(&rb, NULL));
    assert_int_equal(rulebook_action(&rb, RULE_NOTICE_MIN_HOURS), RULE_ACTION_FLAG);
    assert_int_equal(rulebook_action(&rb, RULE_STATEMENT_SECRETARY_LAST), RULE_ACTION_REFUSE);
    assert_int_equal(rb.congress_quorum.compare, RULE_AT_LEAST);
    assert_int_equal(rb.congress_pass.base, RULE_BASE_ENTITLED);
    /* Sorted by name. */
    for (size_t i = 1; i < rb.n_categories; i++) {
        assert_true(strcmp(rb.categories[i - 1].name, rb.categories[i].name) < 0);
    }
}

static void test_rulebook_when_applies_thresholds_at_or_above(void **state)
{
    (void)state;
    struct rulebook rb;
    rulebook_default(&rb);
    assert_false(rulebook_when(&rb, RULE_WHEN_NEVER, INT64_MAX));
    assert_true(rulebook_when(&rb, RULE_WHEN_ALWAYS, 0));
    assert_false(rulebook_when(&rb, RULE_WHEN_FROM_LARGE_FUND, 9999999));
    assert_true(rulebook_when(&rb, RULE_WHEN_FROM_LARGE_FUND, 10000000));
    assert_false(rulebook_when(&rb, RULE_WHEN_FROM_TENDER, 49999999));
    assert_true(rulebook_when(&rb, RULE_WHEN_FROM_TENDER, 50000000));
}

static void test_rulebook_actions_default_to_the_table_when_absent(void **state)
{
    (void)state;
    struct rulebook rb;
    struct err err;
    json_t *doc = default_doc();
    json_object_del(doc, "actions");
    assert_int_equal(parse_doc(doc, &rb, &err), ERR_OK);
    for (size_t i = 0; i < RULE_N; i++) {
        assert_int_equal(rulebook_action(&rb, (enum rule_id)i),
                         rules_rule_default_action((enum rule_id)i));
    }
    set_path(doc, "actions", json_object());
    set_path(doc, "actions.notice.min_hours", json_string("refuse"));
    assert_int_equal(parse_doc(doc, &rb, &err), ERR_OK);
    assert_int_equal(rulebook_action(&rb, RULE_NOTICE_MIN_HOURS), RULE_ACTION_REFUSE);
    assert_int_equal(rulebook_action(&rb, RULE_NOTICE_ADHOC), RULE_ACTION_FLAG);
    json_decref(doc);
}

/* ---- strict parsing --------------------------------------------------- */

static void test_rulebook_refuses_unknown_keys_with_their_path(void **state)
{
    (void)state;
    assert_refused("colour", "1", "colour");
    assert_refused("thresholds.extra_fen", "1", "thresholds.extra_fen");
    assert_refused("congress.quorum.base", "\"entitled\"", "congress.quorum.base");
    assert_refused("categories.major_decision.notice_days", "2",
                   "categories.major_decision.notice_days");
    assert_refused("categories.large_fund.quorum.base", "\"present\"",
                   "categories.large_fund.quorum.base");
    assert_refused("categories.large_fund.pass.extra", "1", "categories.large_fund.pass.extra");
    assert_refused("actions.no.such_rule", "\"flag\"", "actions.no.such_rule");
}

static void test_rulebook_refuses_missing_fields_with_their_path(void **state)
{
    (void)state;
    assert_refused("version", NULL, "version");
    assert_refused("effective_from", NULL, "effective_from");
    assert_refused("thresholds", NULL, "thresholds");
    assert_refused("thresholds.tender_fen", NULL, "thresholds.tender_fen");
    assert_refused("congress.pass", NULL, "congress.pass");
    assert_refused("categories", NULL, "categories");
    assert_refused("categories.large_fund", NULL, "categories.large_fund");
    assert_refused("categories.cadre_appointment", NULL, "categories.cadre_appointment");
    assert_refused("categories.routine_affairs.secretary_last", NULL,
                   "categories.routine_affairs.secretary_last");
    assert_refused("categories.major_project.pass.base", NULL,
                   "categories.major_project.pass.base");
    assert_refused("categories.major_project.quorum.denominator", NULL,
                   "categories.major_project.quorum.denominator");
    assert_refused("categories.major_project.notice_hours", "null",
                   "categories.major_project.notice_hours");
}

static void test_rulebook_refuses_wrong_types_and_reals(void **state)
{
    (void)state;
    assert_refused("version", "\"1\"", "version");
    assert_refused("version", "1.0", "version");
    assert_refused("effective_from", "20200101", "effective_from");
    assert_refused("effective_from", "\"yesterday\"", "effective_from");
    assert_refused("effective_from", "\"1969-12-31T23:59:59Z\"", "effective_from");
    assert_refused("thresholds", "[]", "thresholds");
    assert_refused("thresholds.large_fund_fen", "100000.5", "thresholds.large_fund_fen");
    assert_refused("thresholds.large_fund_fen", "1e7", "thresholds.large_fund_fen");
    assert_refused("thresholds.large_fund_fen", "\"10000000\"", "thresholds.large_fund_fen");
    assert_refused("thresholds.tender_fen", "true", "thresholds.tender_fen");
    assert_refused("categories", "[]", "categories");
    assert_refused("categories.large_fund", "true", "categories.large_fund");
    assert_refused("categories.large_fund.secret_ballot", "0",
                   "categories.large_fund.secret_ballot");
    assert_refused("categories.large_fund.adhoc_allowed", "\"yes\"",
                   "categories.large_fund.adhoc_allowed");
    assert_refused("categories.large_fund.notice_hours", "48.0",
                   "categories.large_fund.notice_hours");
    assert_refused("categories.large_fund.collective", "\"sometimes\"",
                   "categories.large_fund.collective");
    assert_refused("categories.routine_affairs.public_tender", "1",
                   "categories.routine_affairs.public_tender");
    assert_refused("categories.large_fund.quorum", "\"half\"", "categories.large_fund.quorum");
    assert_refused("categories.large_fund.quorum.compare", "\"most\"",
                   "categories.large_fund.quorum.compare");
    assert_refused("categories.large_fund.pass.base", "\"all\"", "categories.large_fund.pass.base");
    assert_refused("actions", "[]", "actions");
    assert_refused("actions.notice.min_hours", "\"warn\"", "actions.notice.min_hours");
    assert_refused("actions.notice.min_hours", "true", "actions.notice.min_hours");
}

static void test_rulebook_refuses_out_of_range_numbers(void **state)
{
    (void)state;
    assert_refused("version", "0", "version");
    assert_refused("version", "-3", "version");
    assert_refused("thresholds.large_fund_fen", "0", "thresholds.large_fund_fen");
    assert_refused("thresholds.large_fund_fen", "-100", "thresholds.large_fund_fen");
    assert_refused("thresholds.tender_fen", "1000000000000001", "thresholds.tender_fen");
    assert_refused("categories.major_decision.notice_hours", "-1",
                   "categories.major_decision.notice_hours");
    assert_refused("categories.major_decision.notice_hours", "721",
                   "categories.major_decision.notice_hours");
}

static void test_rulebook_accepts_zero_notice_hours(void **state)
{
    (void)state;
    struct rulebook rb;
    struct err err;
    json_t *doc = default_doc();
    set_path(doc, "categories.routine_affairs.notice_hours", json_integer(0));
    assert_int_equal(parse_doc(doc, &rb, &err), ERR_OK);
    assert_int_equal(rulebook_category(&rb, "routine_affairs")->notice_hours, 0);
    json_decref(doc);
}

static void test_rulebook_refuses_invalid_fractions(void **state)
{
    (void)state;
    const char *q = "categories.major_decision.quorum";
    assert_refused(q, "{\"compare\":\"at_least\",\"numerator\":0,\"denominator\":3}",
                   "categories.major_decision.quorum.numerator");
    assert_refused(q, "{\"compare\":\"at_least\",\"numerator\":2,\"denominator\":0}",
                   "categories.major_decision.quorum.denominator");
    assert_refused(q, "{\"compare\":\"at_least\",\"numerator\":4,\"denominator\":3}",
                   "categories.major_decision.quorum.numerator");
    assert_refused(q, "{\"compare\":\"at_least\",\"numerator\":1,\"denominator\":101}",
                   "categories.major_decision.quorum.denominator");
    /* "more than all" can never be met. */
    assert_refused(q, "{\"compare\":\"more_than\",\"numerator\":3,\"denominator\":3}",
                   "categories.major_decision.quorum.numerator");
    /* Below "more than half": a third, or exactly half. */
    assert_refused(q, "{\"compare\":\"at_least\",\"numerator\":1,\"denominator\":3}", q);
    assert_refused(q, "{\"compare\":\"at_least\",\"numerator\":1,\"denominator\":2}", q);
    assert_refused(q, "{\"compare\":\"more_than\",\"numerator\":2,\"denominator\":5}", q);
    assert_refused("categories.large_fund.pass",
                   "{\"compare\":\"at_least\",\"numerator\":50,\"denominator\":100,"
                   "\"base\":\"entitled\"}",
                   "categories.large_fund.pass");
    assert_refused("congress.quorum",
                   "{\"compare\":\"at_least\",\"numerator\":1,\"denominator\":3}",
                   "congress.quorum");
    assert_refused("congress.pass.base", "\"present\"", "congress.pass.base");
}

static void test_rulebook_accepts_strict_and_unanimous_fractions(void **state)
{
    (void)state;
    struct rulebook rb;
    struct err err;
    json_t *doc = default_doc();
    set_path(doc, "categories.large_fund.quorum",
             unit_json("{\"compare\":\"at_least\",\"numerator\":1,\"denominator\":1}"));
    set_path(doc, "categories.large_fund.pass",
             unit_json("{\"compare\":\"more_than\",\"numerator\":50,\"denominator\":100,"
                       "\"base\":\"entitled\"}"));
    assert_int_equal(parse_doc(doc, &rb, &err), ERR_OK);
    json_decref(doc);
}

static void test_rulebook_refuses_broken_invariants(void **state)
{
    (void)state;
    /* Major matters: always collective, always by vote, of all entitled. */
    assert_refused("categories.major_decision.collective", "\"from_large_fund\"",
                   "categories.major_decision.collective");
    assert_refused("categories.large_fund.ballot", "\"never\"", "categories.large_fund.ballot");
    assert_refused("categories.cadre_appointment.pass.base", "\"present\"",
                   "categories.cadre_appointment.pass.base");
    /* A vote applies only where collective decision does. */
    assert_refused("categories.routine_affairs.ballot", "\"always\"",
                   "categories.routine_affairs.ballot");
    assert_refused("categories.procurement_minor.collective", "\"from_tender\"",
                   "categories.procurement_minor.ballot");
    /* No secret vote without a vote. */
    assert_refused("categories.personnel_minor.secret_ballot", "true",
                   "categories.personnel_minor.secret_ballot");
    /* Fixed rules always refuse. */
    assert_refused("actions.quorum.not_met", "\"flag\"", "actions.quorum.not_met");
    assert_refused("actions.ballot.proxy", "\"refuse\"", "actions.ballot.proxy");
}

static void test_rulebook_refuses_bad_names_and_scope(void **state)
{
    (void)state;
    assert_refused("categories.Village Affairs", "{}", "categories.Village Affairs");
    assert_refused("categories.a_category_name_longer_than_32_chars", "{}",
                   "categories.a_category_name_longer_than_32_chars");
    assert_refused("township", "\"Diankou Town\"", "township");
    assert_refused("township", "5", "township");
    assert_refused("township", "\"diankou\"", "city_version");
    assert_refused("city_version", "3", "city_version");
}

static void test_rulebook_accepts_a_new_ordinary_category(void **state)
{
    (void)state;
    struct rulebook rb;
    struct err err;
    json_t *doc = default_doc();
    json_t *cat =
        json_deep_copy(json_object_get(json_object_get(doc, "categories"), "routine_affairs"));
    set_path(doc, "categories.village_guidance", cat);
    assert_int_equal(parse_doc(doc, &rb, &err), ERR_OK);
    assert_non_null(rulebook_category(&rb, "village_guidance"));
    json_decref(doc);
}

static void test_rulebook_refuses_bad_documents(void **state)
{
    (void)state;
    struct rulebook rb;
    struct err err;
    assert_int_equal(parse_text("{\"version\":", &rb, &err), ERR_BAD_REQUEST);
    assert_int_equal(parse_text("[1,2]", &rb, &err), ERR_BAD_REQUEST);
    assert_int_equal(parse_text("{\"version\":1,\"version\":2}", &rb, &err), ERR_BAD_REQUEST);
    assert_int_equal(parse_text("{} trailing", &rb, &err), ERR_BAD_REQUEST);
    json_t *three = json_integer(3);
    err_init(&err);
    assert_int_equal(rulebook_from_json(three, &rb, &err), ERR_INVALID);
    json_decref(three);
    char *big = xmalloc(RULEBOOK_MAX_BYTES + 2);
    memset(big, ' ', RULEBOOK_MAX_BYTES + 1);
    big[0] = '{';
    big[RULEBOOK_MAX_BYTES] = '}';
    big[RULEBOOK_MAX_BYTES + 1] = '\0';
    err_init(&err);
    assert_int_equal(rulebook_parse(big, RULEBOOK_MAX_BYTES + 1, &rb, &err), ERR_TOO_LARGE);
    xfree(big);
}

/* ---- canonical bytes and identity -------------------------------------- */

static void test_rulebook_canonical_bytes_round_trip(void **state)
{
    (void)state;
    struct rulebook a;
    struct rulebook b;
    struct err err;
    size_t len_a = 0;
    size_t len_b = 0;
    rulebook_default(&a);
    char *bytes_a = canonical(&a, &len_a);
    assert_int_equal(parse_text(bytes_a, &b, &err), ERR_OK);
    char *bytes_b = canonical(&b, &len_b);
    assert_int_equal(len_a, len_b);
    assert_memory_equal(bytes_a, bytes_b, len_a);
    /* Sorted keys, no whitespace, the time normalised to UTC with ms. */
    assert_true(strncmp(bytes_a, "{\"actions\":{", 12) == 0);
    assert_null(strchr(bytes_a, ' '));
    assert_non_null(strstr(bytes_a, "\"effective_from\":\"2000-01-01T00:00:00.000Z\""));
    assert_non_null(strstr(bytes_a, "\"township\":null"));
    xfree(bytes_a);
    xfree(bytes_b);
}

static void test_rulebook_same_document_same_digest(void **state)
{
    (void)state;
    struct rulebook a;
    struct rulebook b;
    struct err err;
    char da[RULEBOOK_DIGEST_HEX];
    char db[RULEBOOK_DIGEST_HEX];
    rulebook_default(&a);
    rulebook_default(&b);
    rulebook_digest(&a, da);
    rulebook_digest(&b, db);
    assert_string_equal(da, db);
    assert_int_equal(strlen(da), 64);
    /* The same rules written differently: keys reordered, whitespace,
     * the time in +08:00, actions left to their defaults. */
    json_t *doc = default_doc();
    json_object_del(doc, "actions");
    json_object_set_new(doc, "effective_from", json_string("2000-01-01T08:00:00+08:00"));
    char *text = json_dumps(doc, JSON_INDENT(3) | JSON_SORT_KEYS);
    assert_int_equal(parse_text(text, &b, &err), ERR_OK);
    rulebook_digest(&b, db);
    assert_string_equal(da, db);
    xfree(text);
    /* Any change of substance changes the digest. */
    b.categories[0].notice_hours++;
    rulebook_digest(&b, db);
    assert_string_not_equal(da, db);
    json_decref(doc);
}

static void test_rulebook_default_digest_is_pinned(void **state)
{
    (void)state;
    /* The built-in rulebook's identity: decisions recorded under it name
     * this digest, so it changes only on purpose (and with a new version
     * in docs/rules.md). */
    struct rulebook rb;
    char d[RULEBOOK_DIGEST_HEX];
    rulebook_default(&rb);
    rulebook_digest(&rb, d);
    assert_string_equal(d, DEFAULT_DIGEST);
}

/* A row of RULEBOOK_CATEGORY_NAMES. */
struct category_name {
    const char *category;
    const char *zh;
    const char *en;
};
static const struct category_name category_names[] = {
#define CATEGORY_NAME(category, zh, en) {category, zh, en},
    RULEBOOK_CATEGORY_NAMES(CATEGORY_NAME)
#undef CATEGORY_NAME
};

static void test_rulebook_default_categories_are_named(void **state)
{
    (void)state;
    /* Every category of the built-in rulebook has its names in both
     * languages (the API's description gives them to the web app), and
     * every name is of one of its categories. */
    struct rulebook rb;
    rulebook_default(&rb);
    size_t n = sizeof(category_names) / sizeof(category_names[0]);
    assert_int_equal(n, rb.n_categories);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(rulebook_category(&rb, category_names[i].category));
        assert_true(category_names[i].zh[0] != '\0' && category_names[i].en[0] != '\0');
        for (size_t j = 0; j < i; j++) {
            assert_string_not_equal(category_names[i].category, category_names[j].category);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rulebook_default_parses_with_the_seed_values),
        cmocka_unit_test(test_rulebook_when_applies_thresholds_at_or_above),
        cmocka_unit_test(test_rulebook_actions_default_to_the_table_when_absent),
        cmocka_unit_test(test_rulebook_refuses_unknown_keys_with_their_path),
        cmocka_unit_test(test_rulebook_refuses_missing_fields_with_their_path),
        cmocka_unit_test(test_rulebook_refuses_wrong_types_and_reals),
        cmocka_unit_test(test_rulebook_refuses_out_of_range_numbers),
        cmocka_unit_test(test_rulebook_accepts_zero_notice_hours),
        cmocka_unit_test(test_rulebook_refuses_invalid_fractions),
        cmocka_unit_test(test_rulebook_accepts_strict_and_unanimous_fractions),
        cmocka_unit_test(test_rulebook_refuses_broken_invariants),
        cmocka_unit_test(test_rulebook_refuses_bad_names_and_scope),
        cmocka_unit_test(test_rulebook_accepts_a_new_ordinary_category),
        cmocka_unit_test(test_rulebook_refuses_bad_documents),
        cmocka_unit_test(test_rulebook_canonical_bytes_round_trip),
        cmocka_unit_test(test_rulebook_same_document_same_digest),
        cmocka_unit_test(test_rulebook_default_digest_is_pinned),
        cmocka_unit_test(test_rulebook_default_categories_are_named),
    };
    return cmocka_run_group_tests(tests, unit_group_setup, NULL);
}
