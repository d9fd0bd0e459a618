/*
 * Unit tests of the rulebook document (rules/rulebook.h): the built-in
 * default and its values; strict parsing, where every bad input is refused
 * with the JSON path of the offending field; township overrides that
 * tighten and loosen and are validated again; canonical bytes and digest
 * as a version's identity; the diff; the version in force; and the check
 * of a change (scope, next version, never retroactive).
 */
#include "core/buf.h"
#include "core/utc.h"
#include "rules/rulebook.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"

/* The SHA-256 of the built-in rulebook's canonical bytes. */
#define DEFAULT_DIGEST "226ff3e8c27a902988f8bb9b2658828aea799aaad612ffb241baf3708c8bd9ea"

/* The default rulebook as a JSON value (new reference). */
static json_t *default_doc(void)
{
    return unit_json(rulebook_default_text());
}

/* Parses the JSON value as a rulebook; returns the code, err filled. */
static enum err_code parse_doc(const json_t *doc, struct rulebook *rb, struct err *err)
{
    char *text = json_dumps(doc, JSON_COMPACT);
    err_init(err);
    enum err_code rc = rulebook_parse(text, strlen(text), rb, err);
    xfree(text);
    return rc;
}

/* Parses JSON text as a rulebook. */
static enum err_code parse_text(const char *text, struct rulebook *rb, struct err *err)
{
    err_init(err);
    return rulebook_parse(text, strlen(text), rb, err);
}

/* Sets (value not NULL; stolen) or deletes the member at a dotted path of
 * doc. Under "actions" the rest of the path is one key (rule ids hold
 * dots). The parents must exist. */
static void set_path(json_t *doc, const char *path, json_t *value)
{
    char key[128];
    const char *dot = strchr(path, '.');
    bool actions = strncmp(path, "actions.", 8) == 0;
    if (dot == NULL) {
        if (value != NULL) {
            json_object_set_new(doc, path, value);
        } else {
            json_object_del(doc, path);
        }
        return;
    }
    size_t n = (size_t)(dot - path);
    assert_true(n < sizeof(key));
    memcpy(key, path, n);
    key[n] = '\0';
    json_t *child = json_object_get(doc, key);
    assert_non_null(child);
    if (actions) {
        if (value != NULL) {
            json_object_set_new(child, dot + 1, value);
        } else {
            json_object_del(child, dot + 1);
        }
        return;
    }
    set_path(child, dot + 1, value);
}

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

/* The canonical bytes of rb as a new string (xfree it). */
static char *canonical(const struct rulebook *rb, size_t *len)
{
    struct buf b;
    struct err err;
    buf_init(&b, 1 << 20);
    err_init(&err);
    assert_int_equal(rulebook_canonical(rb, &b, &err), ERR_OK);
    return buf_take(&b, len);
}

static int64_t at(const char *rfc3339)
{
    int64_t ms = 0;
    assert_true(utc_parse(rfc3339, &ms));
    return ms;
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

/* ---- township overrides ------------------------------------------------ */

static enum err_code
merge_text(const struct rulebook *city, const char *text, struct rulebook *out, struct err *err)
{
    json_t *o = unit_json(text);
    err_init(err);
    enum err_code rc = rulebook_merge(city, o, out, err);
    json_decref(o);
    return rc;
}

static void test_rulebook_override_tightens(void **state)
{
    (void)state;
    struct rulebook city;
    struct rulebook t;
    struct err err;
    rulebook_default(&city);
    assert_int_equal(
        merge_text(&city,
                   "{\"version\":1,\"effective_from\":\"2024-03-01T00:00:00+08:00\","
                   "\"township\":\"diankou\",\"thresholds\":{\"large_fund_fen\":5000000},"
                   "\"categories\":{\"major_decision\":{\"notice_hours\":72,"
                   "\"quorum\":{\"compare\":\"at_least\",\"numerator\":2,\"denominator\":3}}},"
                   "\"actions\":{\"notice.min_hours\":\"refuse\"}}",
                   &t, &err),
        ERR_OK);
    assert_string_equal(t.township, "diankou");
    assert_int_equal(t.version, 1);
    assert_int_equal(t.city_version, 1);
    assert_int_equal(t.effective_from, at("2024-02-29T16:00:00Z"));
    assert_int_equal(t.large_fund_fen, 5000000);
    assert_int_equal(t.tender_fen, city.tender_fen);
    const struct rule_category *md = rulebook_category(&t, "major_decision");
    assert_int_equal(md->notice_hours, 72);
    assert_int_equal(md->quorum.compare, RULE_AT_LEAST);
    assert_int_equal(md->quorum.numerator, 2);
    assert_true(md->secretary_last); /* untouched keys keep the city's */
    assert_int_equal(rulebook_category(&t, "large_fund")->notice_hours, 48);
    assert_int_equal(rulebook_action(&t, RULE_NOTICE_MIN_HOURS), RULE_ACTION_REFUSE);
    assert_int_equal(rulebook_action(&t, RULE_NOTICE_ADHOC), RULE_ACTION_FLAG);
    assert_int_equal(t.n_categories, city.n_categories);
    /* The merged rulebook round-trips through its canonical form. */
    struct rulebook again;
    size_t len = 0;
    char *bytes = canonical(&t, &len);
    assert_int_equal(parse_text(bytes, &again, &err), ERR_OK);
    char d1[RULEBOOK_DIGEST_HEX];
    char d2[RULEBOOK_DIGEST_HEX];
    rulebook_digest(&t, d1);
    rulebook_digest(&again, d2);
    assert_string_equal(d1, d2);
    rulebook_digest(&city, d2);
    assert_string_not_equal(d1, d2);
    xfree(bytes);
}

static void test_rulebook_override_loosens_within_the_invariants(void **state)
{
    (void)state;
    struct rulebook city;
    struct rulebook t;
    struct err err;
    rulebook_default(&city);
    assert_int_equal(merge_text(&city,
                                "{\"version\":2,\"effective_from\":\"2024-01-01T00:00:00Z\","
                                "\"township\":\"fengqiao\",\"categories\":{\"cadre_appointment\":"
                                "{\"adhoc_allowed\":true,\"secretary_last\":false},"
                                "\"routine_affairs\":{\"notice_hours\":24}},"
                                "\"actions\":{\"statement.secretary_last\":\"flag\"}}",
                                &t, &err),
                     ERR_OK);
    assert_true(rulebook_category(&t, "cadre_appointment")->adhoc_allowed);
    assert_false(rulebook_category(&t, "cadre_appointment")->secretary_last);
    assert_int_equal(rulebook_category(&t, "routine_affairs")->notice_hours, 24);
    assert_int_equal(rulebook_action(&t, RULE_STATEMENT_SECRETARY_LAST), RULE_ACTION_FLAG);
}

static void test_rulebook_override_is_validated_again(void **state)
{
    (void)state;
    struct rulebook city;
    struct rulebook t;
    struct err err;
    rulebook_default(&city);
    const char *head = "{\"version\":1,\"effective_from\":\"2024-01-01T00:00:00Z\","
                       "\"township\":\"zhibu\",";
    struct {
        const char *rest;
        const char *field;
    } cases[] = {
        {"\"categories\":{\"large_fund\":{\"ballot\":\"never\"}}}", "categories.large_fund.ballot"},
        {"\"categories\":{\"major_decision\":{\"notice_hourz\":24}}}",
         "categories.major_decision.notice_hourz"},
        {"\"categories\":{\"major_decision\":{\"quorum\":{\"numerator\":1,\"denominator\":3}}}}",
         "categories.major_decision.quorum"},
        {"\"categories\":{\"major_decision\":{\"quorum\":{\"numerator\":1.5}}}}",
         "categories.major_decision.quorum.numerator"},
        {"\"thresholds\":{\"tender_fen\":-1}}", "thresholds.tender_fen"},
        {"\"thresholds\":{\"tender_fen\":1000000},\"categories\":{\"procurement_minor\":"
         "{\"ballot\":\"from_tender\"}}}",
         "categories.procurement_minor.ballot"},
        {"\"actions\":{\"ballot.duplicate\":\"flag\"}}", "actions.ballot.duplicate"},
        {"\"categories\":{\"village_affairs\":{\"collective\":\"always\"}}}",
         "categories.village_affairs.ballot"},
        {"\"categories\":{\"routine_affairs\":null}}", "categories.routine_affairs"},
        {"\"colour\":\"red\"}", "colour"},
        {"\"city_version\":7}", "city_version"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        char text[512];
        snprintf(text, sizeof(text), "%s%s", head, cases[i].rest);
        enum err_code rc = merge_text(&city, text, &t, &err);
        if (rc != ERR_INVALID || strcmp(err.field, cases[i].field) != 0) {
            print_error("%s: got %d '%s' (%s)\n", cases[i].rest, rc, err.field, err.message_en);
        }
        assert_int_equal(rc, ERR_INVALID);
        assert_string_equal(err.field, cases[i].field);
    }
}

static void test_rulebook_override_needs_its_identity_and_the_city(void **state)
{
    (void)state;
    struct rulebook city;
    struct rulebook t;
    struct rulebook t2;
    struct err err;
    rulebook_default(&city);
    assert_int_equal(
        merge_text(&city, "{\"version\":1,\"effective_from\":\"2024-01-01T00:00:00Z\"}", &t, &err),
        ERR_INVALID);
    assert_string_equal(err.field, "township");
    assert_int_equal(merge_text(&city,
                                "{\"township\":\"zhibu\",\"effective_from\":"
                                "\"2024-01-01T00:00:00Z\"}",
                                &t, &err),
                     ERR_INVALID);
    assert_string_equal(err.field, "version");
    assert_int_equal(merge_text(&city, "{\"township\":\"zhibu\",\"version\":1}", &t, &err),
                     ERR_INVALID);
    assert_string_equal(err.field, "effective_from");
    assert_int_equal(merge_text(&city,
                                "{\"township\":\"Zhi Bu\",\"version\":1,"
                                "\"effective_from\":\"2024-01-01T00:00:00Z\"}",
                                &t, &err),
                     ERR_INVALID);
    assert_string_equal(err.field, "township");
    /* An override goes over the city's rulebook, not a township's. */
    assert_int_equal(merge_text(&city,
                                "{\"township\":\"zhibu\",\"version\":1,"
                                "\"effective_from\":\"2024-01-01T00:00:00Z\"}",
                                &t, &err),
                     ERR_OK);
    assert_int_equal(merge_text(&t,
                                "{\"township\":\"zhibu\",\"version\":2,"
                                "\"effective_from\":\"2024-01-01T00:00:00Z\"}",
                                &t2, &err),
                     ERR_INVALID);
    assert_string_equal(err.field, "township");
}

static void test_rulebook_override_takes_effect_after_the_city(void **state)
{
    (void)state;
    struct rulebook city;
    struct rulebook t;
    struct err err;
    rulebook_default(&city);
    city.version = 4;
    city.effective_from = at("2025-01-01T00:00:00Z");
    assert_int_equal(merge_text(&city,
                                "{\"township\":\"zhibu\",\"version\":1,"
                                "\"effective_from\":\"2024-01-01T00:00:00Z\"}",
                                &t, &err),
                     ERR_OK);
    assert_int_equal(t.effective_from, city.effective_from);
    assert_int_equal(t.city_version, 4);
}

static void test_rulebook_override_adds_a_complete_category(void **state)
{
    (void)state;
    struct rulebook city;
    struct rulebook t;
    struct err err;
    rulebook_default(&city);
    assert_int_equal(
        merge_text(&city,
                   "{\"township\":\"diankou\",\"version\":1,\"effective_from\":"
                   "\"2024-01-01T00:00:00Z\",\"categories\":{\"village_guidance\":{"
                   "\"collective\":\"always\",\"ballot\":\"never\",\"secret_ballot\":false,"
                   "\"public_tender\":\"never\",\"congress_vote\":false,"
                   "\"quorum\":{\"compare\":\"more_than\",\"numerator\":1,\"denominator\":2},"
                   "\"pass\":{\"compare\":\"more_than\",\"numerator\":1,\"denominator\":2,"
                   "\"base\":\"present\"},\"notice_hours\":24,\"adhoc_allowed\":true,"
                   "\"secretary_last\":true}}}",
                   &t, &err),
        ERR_OK);
    assert_int_equal(t.n_categories, city.n_categories + 1);
    assert_int_equal(rulebook_category(&t, "village_guidance")->pass.base, RULE_BASE_PRESENT);
}

/* ---- diff ---------------------------------------------------------------- */

static void test_rulebook_diff_lists_changed_paths(void **state)
{
    (void)state;
    struct rulebook city;
    struct rulebook t;
    struct err err;
    rulebook_default(&city);
    json_t *same = rulebook_diff(&city, &city);
    assert_int_equal(json_array_size(same), 0);
    json_decref(same);
    assert_int_equal(merge_text(&city,
                                "{\"version\":1,\"effective_from\":\"2000-01-01T00:00:00Z\","
                                "\"township\":\"diankou\",\"thresholds\":{\"tender_fen\":40000000},"
                                "\"categories\":{\"major_decision\":{\"notice_hours\":72}},"
                                "\"actions\":{\"notice.adhoc\":\"refuse\"}}",
                                &t, &err),
                     ERR_OK);
    json_t *diff = rulebook_diff(&city, &t);
    json_t *want =
        unit_json("[{\"path\":\"actions.notice.adhoc\",\"old\":\"flag\",\"new\":\"refuse\"},"
                  "{\"path\":\"categories.major_decision.notice_hours\",\"old\":48,\"new\":72},"
                  "{\"path\":\"city_version\",\"old\":null,\"new\":1},"
                  "{\"path\":\"thresholds.tender_fen\",\"old\":50000000,\"new\":40000000},"
                  "{\"path\":\"township\",\"old\":null,\"new\":\"diankou\"}]");
    if (!json_equal(diff, want)) {
        char *got = json_dumps(diff, JSON_COMPACT);
        print_error("diff: %s\n", got);
        xfree(got);
    }
    assert_true(json_equal(diff, want));
    json_decref(diff);
    json_decref(want);
}

static void test_rulebook_diff_shows_added_category_leaves(void **state)
{
    (void)state;
    struct rulebook a;
    struct rulebook b;
    struct err err;
    json_t *doc = default_doc();
    rulebook_default(&a);
    json_t *cat =
        json_deep_copy(json_object_get(json_object_get(doc, "categories"), "routine_affairs"));
    set_path(doc, "categories.village_guidance", cat);
    set_path(doc, "version", json_integer(2));
    assert_int_equal(parse_doc(doc, &b, &err), ERR_OK);
    json_t *diff = rulebook_diff(&a, &b);
    /* The new category's 15 leaves (8 scalars, quorum 3, pass 4) and the
     * version. */
    size_t added = 0;
    for (size_t i = 0; i < json_array_size(diff); i++) {
        json_t *c = json_array_get(diff, i);
        const char *path = json_string_value(json_object_get(c, "path"));
        if (strncmp(path, "categories.village_guidance.", 28) == 0) {
            assert_true(json_is_null(json_object_get(c, "old")));
            added++;
        } else {
            assert_string_equal(path, "version");
        }
    }
    assert_int_equal(added, 15);
    assert_int_equal(json_array_size(diff), 16);
    json_t *back = rulebook_diff(&b, &a);
    assert_int_equal(json_array_size(back), 16);
    json_decref(back);
    json_decref(diff);
    json_decref(doc);
}

/* ---- versions in force and changes -------------------------------------- */

static void test_rulebook_in_force_picks_the_latest_effective(void **state)
{
    (void)state;
    struct rulebook v1;
    struct rulebook v2;
    struct rulebook v3;
    rulebook_default(&v1);
    v2 = v1;
    v2.version = 2;
    v2.effective_from = at("2025-01-01T00:00:00Z");
    v3 = v1;
    v3.version = 3;
    v3.effective_from = at("2026-01-01T00:00:00Z");
    const struct rulebook *all[] = {&v3, &v1, &v2};
    assert_null(rulebook_in_force(all, 3, at("1999-12-31T23:59:59Z")));
    assert_ptr_equal(rulebook_in_force(all, 3, at("2000-01-01T00:00:00Z")), &v1);
    assert_ptr_equal(rulebook_in_force(all, 3, at("2024-12-31T23:59:59.999Z")), &v1);
    assert_ptr_equal(rulebook_in_force(all, 3, at("2025-01-01T00:00:00Z")), &v2);
    assert_ptr_equal(rulebook_in_force(all, 3, at("2030-01-01T00:00:00Z")), &v3);
    v3.effective_from = v2.effective_from; /* a tie: the higher version */
    assert_ptr_equal(rulebook_in_force(all, 3, at("2030-01-01T00:00:00Z")), &v3);
    assert_null(rulebook_in_force(all, 0, at("2030-01-01T00:00:00Z")));
}

static void test_rulebook_change_is_next_version_same_scope_not_retroactive(void **state)
{
    (void)state;
    struct rulebook current;
    struct rulebook next;
    struct verdict v;
    int64_t now = at("2025-06-01T00:00:00Z");
    rulebook_default(&current);
    next = current;
    next.version = 2;
    next.effective_from = now;
    assert_int_equal(rulebook_check_change(&current, &next, now, &v), VERDICT_OK);
    next.effective_from = now + 86400000;
    assert_int_equal(rulebook_check_change(&current, &next, now, &v), VERDICT_OK);

    next.version = 3;
    assert_int_equal(rulebook_check_change(&current, &next, now, &v), VERDICT_REFUSE);
    assert_string_equal(v.rule, "rulebook.version");
    assert_string_equal(v.field, "version");
    assert_string_equal(v.message_en, "the new version must be 2 (the current one is 1)");
    next.version = 1;
    assert_int_equal(rulebook_check_change(&current, &next, now, &v), VERDICT_REFUSE);
    assert_string_equal(v.rule, "rulebook.version");

    next.version = 2;
    next.effective_from = now - 1;
    assert_int_equal(rulebook_check_change(&current, &next, now, &v), VERDICT_REFUSE);
    assert_string_equal(v.rule, "rulebook.retroactive");
    assert_string_equal(v.field, "effective_from");
    /* Nor before the version it replaces, when that one is scheduled. */
    current.effective_from = now + 2 * 86400000LL;
    next.effective_from = now + 86400000LL;
    assert_int_equal(rulebook_check_change(&current, &next, now, &v), VERDICT_REFUSE);
    assert_string_equal(v.rule, "rulebook.retroactive");

    next.effective_from = current.effective_from;
    snprintf(next.township, sizeof(next.township), "%s", "diankou");
    assert_int_equal(rulebook_check_change(&current, &next, now, &v), VERDICT_REFUSE);
    assert_string_equal(v.rule, "rulebook.scope");
    assert_string_equal(v.field, "township");

    /* The first version of a scope is 1. */
    next.version = 1;
    assert_int_equal(rulebook_check_change(NULL, &next, now, &v), VERDICT_REFUSE);
    assert_string_equal(v.rule, "rulebook.scope");
    next.township[0] = '\0';
    assert_int_equal(rulebook_check_change(NULL, &next, now, &v), VERDICT_OK);
    next.version = 2;
    assert_int_equal(rulebook_check_change(NULL, &next, now, &v), VERDICT_REFUSE);
    assert_string_equal(v.rule, "rulebook.version");
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
        cmocka_unit_test(test_rulebook_override_tightens),
        cmocka_unit_test(test_rulebook_override_loosens_within_the_invariants),
        cmocka_unit_test(test_rulebook_override_is_validated_again),
        cmocka_unit_test(test_rulebook_override_needs_its_identity_and_the_city),
        cmocka_unit_test(test_rulebook_override_takes_effect_after_the_city),
        cmocka_unit_test(test_rulebook_override_adds_a_complete_category),
        cmocka_unit_test(test_rulebook_diff_lists_changed_paths),
        cmocka_unit_test(test_rulebook_diff_shows_added_category_leaves),
        cmocka_unit_test(test_rulebook_in_force_picks_the_latest_effective),
        cmocka_unit_test(test_rulebook_change_is_next_version_same_scope_not_retroactive),
    };
    return cmocka_run_group_tests(tests, unit_group_setup, NULL);
}
