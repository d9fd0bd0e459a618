/*
 * Unit tests of the city's floors (rules/floors.h): the seed is within
 * them, each setting below a floor is refused with its rule id and the
 * path of the setting, a city may change its floors (and then names them
 * in its document), and a township override cannot set any.
 */
#include "core/buf.h"
#include "core/utc.h"
#include "rules/floors.h"
#include "rules/rulebook.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_rulebook.h"

/* Sets one setting of a category of rb, checks the floors and expects rule
 * at field; then puts the setting back. */
static void
expect_floor(struct rulebook *rb, const char *category, const char *rule, const char *field)
{
    struct verdict v;
    assert_int_equal(rulebook_check_floors(rb, &v), VERDICT_REFUSE);
    if (strcmp(v.rule, rule) != 0 || strcmp(v.field, field) != 0) {
        print_error("%s: got %s at %s\n", category, v.rule, v.field);
    }
    assert_string_equal(v.rule, rule);
    assert_string_equal(v.field, field);
}

static void test_rulebook_floors_hold_under_every_version(void **state)
{
    (void)state;
    struct rulebook rb, t;
    struct verdict v;
    struct err err;
    rulebook_default(&rb);
    /* The seed is within its floors. */
    assert_int_equal(rulebook_check_floors(&rb, &v), VERDICT_OK);
    struct rule_category *cadre =
        (struct rule_category *)rulebook_category(&rb, "cadre_appointment");
    struct rule_category *fund = (struct rule_category *)rulebook_category(&rb, "large_fund");
    struct rule_category *routine =
        (struct rule_category *)rulebook_category(&rb, "routine_affairs");
    fund->notice_hours = 0;
    expect_floor(&rb, "large_fund", "rulebook.floor_notice", "categories.large_fund.notice_hours");
    fund->notice_hours = 48;
    /* A category never decided collectively has no notice floor. */
    routine->notice_hours = 0;
    assert_int_equal(rulebook_check_floors(&rb, &v), VERDICT_OK);
    fund->secretary_last = false;
    expect_floor(&rb, "large_fund", "rulebook.floor_secretary_last",
                 "categories.large_fund.secretary_last");
    fund->secretary_last = true;
    fund->pass.base = RULE_BASE_PRESENT;
    expect_floor(&rb, "large_fund", "rulebook.floor_pass", "categories.large_fund.pass.base");
    fund->pass.base = RULE_BASE_ENTITLED;
    fund->ballot = RULE_WHEN_FROM_LARGE_FUND;
    expect_floor(&rb, "large_fund", "rulebook.floor_vote", "categories.large_fund.ballot");
    fund->ballot = RULE_WHEN_ALWAYS;
    cadre->quorum = (struct rule_threshold){RULE_MORE_THAN, 1, 2, RULE_BASE_ENTITLED};
    expect_floor(&rb, "cadre_appointment", "rulebook.floor_cadre_quorum",
                 "categories.cadre_appointment.quorum");
    /* Stricter than the floor is fine. */
    cadre->quorum = (struct rule_threshold){RULE_AT_LEAST, 3, 4, RULE_BASE_ENTITLED};
    assert_int_equal(rulebook_check_floors(&rb, &v), VERDICT_OK);
    cadre->adhoc_allowed = true;
    expect_floor(&rb, "cadre_appointment", "rulebook.floor_cadre_adhoc",
                 "categories.cadre_appointment.adhoc_allowed");
    cadre->adhoc_allowed = false;
    /* The city may change its floors: a document names them then, and
     * they travel through parsing; the seed's are implied (the pinned
     * digest of the default rulebook did not change with them). */
    rb.floors.notice_hours = 24;
    fund->notice_hours = 24;
    assert_int_equal(rulebook_check_floors(&rb, &v), VERDICT_OK);
    json_t *doc = rulebook_to_json(&rb);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(doc, "floors"), "notice_hours")), 24);
    struct rulebook back;
    assert_int_equal(rulebook_from_json(doc, &back, &err), ERR_OK);
    assert_int_equal(back.floors.notice_hours, 24);
    json_decref(doc);
    rulebook_default(&rb);
    doc = rulebook_to_json(&rb);
    assert_null(json_object_get(doc, "floors"));
    json_decref(doc);
    /* A township cannot set floors. */
    assert_int_not_equal(merge_text(&rb,
                                    "{\"version\":2,\"effective_from\":\"2024-01-01T00:00:00Z\","
                                    "\"township\":\"fengqiao\",\"floors\":{\"notice_hours\":0}}",
                                    &t, &err),
                         ERR_OK);
    assert_string_equal(err.field, "floors");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rulebook_floors_hold_under_every_version),
    };
    return cmocka_run_group_tests(tests, unit_group_setup, NULL);
}
