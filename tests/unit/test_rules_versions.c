/*
 * Unit tests of rulebook versions (rules/rulebook.h): township overrides
 * that tighten and loosen and are validated again, need their identity
 * and the city's, take effect after it and add complete categories; the
 * diff of two versions; the version in force; and the check of a change
 * (scope, next version, never retroactive).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_rulebook.h"

/* ---- township overrides ------------------------------------------------ */

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
