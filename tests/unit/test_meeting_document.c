/*
 * Tests of the numbers of a meeting's printed notice and minutes
 * (src/areas/meeting/document.c) on a simulated clock across the turn of
 * the year in Asia/Shanghai: a notice's year is the year its meeting was
 * scheduled in Beijing, not in UTC; both kinds of meeting share the party
 * committee's series of notices, cancelled meetings keeping their number;
 * each kind has its own series of minutes, by the time of finalising; no
 * number moves when later meetings are scheduled or finalised.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_decision.h"

/* The instant of UTC time text. */
static int64_t at(const char *text)
{
    int64_t ms = 0;
    assert_true(utc_parse(text, &ms));
    return ms;
}

/* Schedules a meeting of kind at now (a day later); its id. */
static int64_t schedule(struct fixture *f, const char *kind, int64_t now)
{
    struct err err;
    json_t *result = NULL;
    char when[UTC_TEXT_MAX];
    err_init(&err);
    utc_format(now + DAY_MS, when);
    struct ctx x = fx_ctx(f, &f->clerk, now);
    json_t *in = jf("{\"kind\":\"%s\",\"title\":\"会议 %s\",\"starts_at\":\"%s\","
                    "\"place\":\"三楼会议室\",\"convener_id\":%lld}",
                    kind, kind, when, (long long)f->people[0]);
    assert_ok_rc(fx_command(&x, &meeting_create_command, "diankou", 0, in, &result, &err), &err);
    json_decref(in);
    return fx_id(result);
}

/* The discipline secretary countersigns the meeting (it has no items) an
 * hour before now, and the clerk finalises it at now. */
static void finalise(struct fixture *f, int64_t meeting, int64_t now)
{
    struct err err;
    assert_ok_rc(fx_run(f, &f->discipline, now - HOUR_MS, &meeting_countersign_command, meeting,
                        "{}", NULL, &err),
                 &err);
    assert_ok_rc(fx_run(f, &f->clerk, now, &meeting_finalise_command, meeting, "{}", NULL, &err),
                 &err);
}

/* Asserts the meeting's notice and minutes numbers as the clerk reads
 * them (a minutes year of 0: not finalised, null). */
static void assert_numbers(
    struct fixture *f, int64_t meeting, int notice_year, int notice, int minutes_year, int minutes)
{
    json_t *m = NULL;
    struct err err;
    struct ctx x = fx_ctx(f, &f->clerk, at("2027-02-01T00:00:00Z"));
    assert_ok_rc(meeting_get(&x, &(struct args){.id = meeting}, &m, &err), &err);
    assert_int_equal(json_integer_value(json_object_get(m, "notice_year")), notice_year);
    assert_int_equal(json_integer_value(json_object_get(m, "notice_number")), notice);
    if (minutes_year == 0) {
        assert_true(json_is_null(json_object_get(m, "minutes_year")));
        assert_true(json_is_null(json_object_get(m, "minutes_number")));
    } else {
        assert_int_equal(json_integer_value(json_object_get(m, "minutes_year")), minutes_year);
        assert_int_equal(json_integer_value(json_object_get(m, "minutes_number")), minutes);
    }
    assert_string_equal(json_string_value(json_object_get(m, "issuer_code")), "店口委");
    json_t *issuers = json_object_get(m, "issuers");
    assert_int_equal(json_array_size(issuers), 1); /* the fixture's township has no government */
    assert_string_equal(json_string_value(json_object_get(json_array_get(issuers, 0), "name")),
                        "店口镇党委");
    json_decref(m);
}

static void test_numbers_follow_the_year_in_beijing(void **state)
{
    struct fixture *f = *state;
    struct err err;
    /* 23:59 on New Year's Eve in Beijing, then midnight: 15:59 and 16:00 UTC. */
    int64_t eve = schedule(f, "committee", at("2026-12-31T15:59:00Z"));
    int64_t first = schedule(f, "committee", at("2026-12-31T16:00:00Z"));
    int64_t joint = schedule(f, "joint", at("2027-01-01T01:00:00Z"));
    int64_t cancelled = schedule(f, "committee", at("2027-01-02T01:00:00Z"));
    assert_ok_rc(fx_run(f, &f->clerk, at("2027-01-02T02:00:00Z"), &meeting_cancel_command,
                        cancelled, "{\"reason\":\"并入下次会议\"}", NULL, &err),
                 &err);
    int64_t later = schedule(f, "committee", at("2027-01-03T01:00:00Z"));
    assert_numbers(f, eve, 2026, 1, 0, 0);
    assert_numbers(f, first, 2027, 1, 0, 0);
    assert_numbers(f, joint, 2027, 2, 0, 0);
    assert_numbers(f, cancelled, 2027, 3, 0, 0);
    assert_numbers(f, later, 2027, 4, 0, 0);

    /* Minutes: the eve's finalised at 23:30 in Beijing is 2026's; the
     * joint meeting's and the committee's of 2027 are two series. */
    finalise(f, eve, at("2026-12-31T15:30:00Z"));
    finalise(f, later, at("2027-01-04T01:00:00Z"));
    finalise(f, joint, at("2027-01-05T01:00:00Z"));
    finalise(f, first, at("2027-01-06T01:00:00Z"));
    assert_numbers(f, eve, 2026, 1, 2026, 1);
    assert_numbers(f, later, 2027, 4, 2027, 1);
    assert_numbers(f, joint, 2027, 2, 2027, 1);
    assert_numbers(f, first, 2027, 1, 2027, 2);
    assert_numbers(f, cancelled, 2027, 3, 0, 0);
}

static void test_rebuild_replays_the_meetings(void **state)
{
    fx_assert_rebuild(*state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_follow_the_year_in_beijing),
        cmocka_unit_test(test_rebuild_replays_the_meetings),
    };
    return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
