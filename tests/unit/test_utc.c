/*
 * Unit tests of time handling (core/utc.h): RFC 3339 formatting and
 * parsing round trips (negative epochs, leap days, offsets, fractions),
 * refusal of malformed text, Asia/Shanghai display across midnight, and
 * calendar date validation.
 */
#include "core/utc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static const struct {
    int64_t ms;
    const char *text;
} known[] = {
    {0, "1970-01-01T00:00:00.000Z"},
    {1, "1970-01-01T00:00:00.001Z"},
    {-1, "1969-12-31T23:59:59.999Z"},
    {-1000, "1969-12-31T23:59:59.000Z"},
    {-86400000, "1969-12-31T00:00:00.000Z"},
    {-14182940000, "1969-07-20T20:17:40.000Z"},
    {-310435200001, "1960-02-29T23:59:59.999Z"},
    {-2208988800000, "1900-01-01T00:00:00.000Z"},
    {951782400000, "2000-02-29T00:00:00.000Z"},
    {1709210096789, "2024-02-29T12:34:56.789Z"},
    {1735662600000, "2024-12-31T16:30:00.000Z"},
    {1795931312123, "2026-11-29T05:48:32.123Z"},
    {253402300799999, "9999-12-31T23:59:59.999Z"},
};

static void test_utc_format_writes_known_instants(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        char out[UTC_TEXT_MAX];
        utc_format(known[i].ms, out);
        assert_string_equal(out, known[i].text);
    }
}

static void test_utc_parse_reads_known_instants(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        int64_t ms = 42;
        assert_true(utc_parse(known[i].text, &ms));
        assert_true(ms == known[i].ms);
    }
}

static void test_utc_format_parse_round_trip_over_the_whole_range(void **state)
{
    (void)state;
    /* From 1900 to 9999 in steps that hit every field value many times. */
    const int64_t first = -2208988800000LL;
    const int64_t last = 253402300799999LL;
    int64_t n = 0;
    for (int64_t ms = first; ms <= last; ms += 7777777777LL) {
        char text[UTC_TEXT_MAX];
        int64_t back = 0;
        utc_format(ms, text);
        assert_int_equal(strlen(text), 24);
        assert_true(utc_parse(text, &back));
        if (back != ms) {
            fail_msg("%s parsed as %lld, not %lld", text, (long long)back, (long long)ms);
        }
        n++;
    }
    assert_true(n > 30000);
}

static void test_utc_round_trips_around_leap_days(void **state)
{
    (void)state;
    static const char *const days[] = {"2024-02-28", "2024-02-29", "2024-03-01", "2000-02-29",
                                       "2000-03-01", "1900-02-28", "1900-03-01", "2023-02-28",
                                       "2023-03-01", "1904-02-29", "1968-02-29", "2400-02-29"};
    for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
        char text[UTC_TEXT_MAX];
        char again[UTC_TEXT_MAX];
        int64_t ms = 0;
        snprintf(text, sizeof(text), "%sT23:59:59.999Z", days[i]);
        assert_true(utc_parse(text, &ms));
        utc_format(ms, again);
        assert_string_equal(again, text);
        /* The next millisecond is the next day at midnight. */
        utc_format(ms + 1, again);
        assert_string_equal(again + 10, "T00:00:00.000Z");
        assert_true(strcmp(again, text) > 0);
    }
    int64_t a = 0;
    int64_t b = 0;
    assert_true(utc_parse("2024-02-29T00:00:00Z", &a));
    assert_true(utc_parse("2024-03-01T00:00:00Z", &b));
    assert_true(b - a == 86400000);
    assert_true(utc_parse("2023-02-28T00:00:00Z", &a));
    assert_true(utc_parse("2023-03-01T00:00:00Z", &b));
    assert_true(b - a == 86400000);
}

static void test_utc_parse_applies_numeric_offsets(void **state)
{
    (void)state;
    int64_t utc = 0;
    int64_t ms = 0;
    assert_true(utc_parse("2024-01-01T00:00:00Z", &utc));
    assert_true(utc_parse("2024-01-01T08:00:00+08:00", &ms));
    assert_true(ms == utc);
    assert_true(utc_parse("2023-12-31T19:30:00-04:30", &ms));
    assert_true(ms == utc);
    assert_true(utc_parse("2024-01-01T00:00:00+00:00", &ms));
    assert_true(ms == utc);
    assert_true(utc_parse("2024-01-01T00:00:00-00:00", &ms));
    assert_true(ms == utc);
    assert_true(utc_parse("2024-01-01T23:59:00+23:59", &ms));
    assert_true(ms == utc);
    /* Lowercase separators are allowed by RFC 3339 (section 5.6 note). */
    assert_true(utc_parse("2024-01-01t00:00:00z", &ms));
    assert_true(ms == utc);
}

static void test_utc_parse_reads_fractions_to_milliseconds(void **state)
{
    (void)state;
    int64_t base = 0;
    int64_t ms = 0;
    assert_true(utc_parse("2024-05-06T07:08:09Z", &base));
    assert_true(utc_parse("2024-05-06T07:08:09.5Z", &ms));
    assert_true(ms - base == 500);
    assert_true(utc_parse("2024-05-06T07:08:09.12Z", &ms));
    assert_true(ms - base == 120);
    assert_true(utc_parse("2024-05-06T07:08:09.123Z", &ms));
    assert_true(ms - base == 123);
    assert_true(utc_parse("2024-05-06T07:08:09.123999999Z", &ms));
    assert_true(ms - base == 123);
    assert_true(utc_parse("2024-05-06T07:08:09.000Z", &ms));
    assert_true(ms == base);
    assert_true(utc_parse("2024-05-06T15:08:09.250+08:00", &ms));
    assert_true(ms - base == 250);
}

static void test_utc_parse_rejects_bad_inputs(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "2024-02-30T00:00:00Z",
        "2023-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2024-04-31T00:00:00Z",
        "2024-13-01T00:00:00Z",
        "2024-00-01T00:00:00Z",
        "2024-01-00T00:00:00Z",
        "2024-01-01T25:00:00Z",
        "2024-01-01T24:00:00Z",
        "2024-01-01T00:60:00Z",
        "2024-01-01T00:00:61Z",
        "2024-01-01T00:00:00",
        "2024-01-01T00:00:00.123",
        "2024-01-01T00:00:00Zjunk",
        "2024-01-01T00:00:00Z ",
        "2024-01-01T00:00:00+08:00x",
        "2024-01-01T00:00:00+0800",
        "2024-01-01T00:00:00+08",
        "2024-01-01T00:00:00+24:00",
        "2024-01-01T00:00:00+08:60",
        "2024-01-01T00:00:00.Z",
        "2024-01-01T00:00Z",
        "2024-01-01T00",
        "2024-01-01",
        "2024-01-01X00:00:00Z",
        "2024-1-01T00:00:00Z",
        "2024-01-1T00:00:00Z",
        "24-01-01T00:00:00Z",
        " 2024-01-01T00:00:00Z",
        "2024/01/01T00:00:00Z",
        "2024-01-01T0:00:00Z",
        "2024-01-01T00:00:0aZ",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int64_t ms = 4242;
        if (utc_parse(bad[i], &ms)) {
            fail_msg("accepted \"%s\"", bad[i]);
        }
        /* A refused text leaves the output alone. */
        assert_true(ms == 4242);
    }
}

static void test_utc_format_shanghai_adds_eight_hours(void **state)
{
    (void)state;
    static const struct {
        const char *utc;
        const char *shanghai;
    } cases[] = {
        {"1970-01-01T00:00:00.000Z", "1970-01-01 08:00"},
        {"2024-06-01T03:04:59.999Z", "2024-06-01 11:04"},
        {"2024-06-01T15:59:59.999Z", "2024-06-01 23:59"},
        {"2024-06-01T16:00:00.000Z", "2024-06-02 00:00"},
        {"2024-12-31T16:30:00.000Z", "2025-01-01 00:30"},
        {"2024-02-28T16:00:00.000Z", "2024-02-29 00:00"},
        {"2023-02-28T16:00:00.000Z", "2023-03-01 00:00"},
        {"1969-12-31T23:59:59.999Z", "1970-01-01 07:59"},
        {"1969-12-31T15:59:59.999Z", "1969-12-31 23:59"},
        {"1969-12-31T16:00:00.000Z", "1970-01-01 00:00"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t ms = 0;
        char out[UTC_TEXT_MAX];
        assert_true(utc_parse(cases[i].utc, &ms));
        utc_format_shanghai(ms, out);
        assert_string_equal(out, cases[i].shanghai);
    }
}

static void test_utc_valid_date_accepts_real_calendar_dates(void **state)
{
    (void)state;
    static const char *const good[] = {"2024-02-29", "2000-02-29", "1900-01-01", "9999-12-31",
                                       "2023-12-31", "2024-04-30", "1904-02-29", "2026-11-29"};
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        if (!utc_valid_date(good[i])) {
            fail_msg("refused \"%s\"", good[i]);
        }
    }
}

static void test_utc_valid_date_rejects_other_text(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",           "2023-02-29",  "1900-02-29",  "2100-02-29",  "2024-02-30",
        "2024-04-31", "2024-00-10",  "2024-13-01",  "2024-01-00",  "2024-01-32",
        "1899-12-31", "0000-01-01",  "2024-1-01",   "2024-01-1",   "20240101",
        "2024/01/01", "2024-01-01x", "2024-01-01 ", " 2024-01-01", "2024-01-01T00:00:00Z",
        "abcd-ef-gh", "2024-0a-01",  "10000-01-01"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (utc_valid_date(bad[i])) {
            fail_msg("accepted \"%s\"", bad[i]);
        }
    }
}

static void test_utc_today_shanghai_is_a_valid_date_matching_the_clock(void **state)
{
    (void)state;
    char before[UTC_TEXT_MAX];
    char after[UTC_TEXT_MAX];
    char today[11];
    utc_format_shanghai(utc_now_ms(), before);
    utc_today_shanghai(today);
    utc_format_shanghai(utc_now_ms(), after);
    assert_int_equal(strlen(today), 10);
    assert_true(utc_valid_date(today));
    /* Unless midnight passed in between, today is the clock's date. */
    assert_true(strncmp(today, before, 10) == 0 || strncmp(today, after, 10) == 0);
}

static void test_utc_now_is_after_2024(void **state)
{
    (void)state;
    int64_t since_2024 = 0;
    assert_true(utc_parse("2024-01-01T00:00:00Z", &since_2024));
    assert_true(utc_now_ms() > since_2024);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utc_format_writes_known_instants),
        cmocka_unit_test(test_utc_parse_reads_known_instants),
        cmocka_unit_test(test_utc_format_parse_round_trip_over_the_whole_range),
        cmocka_unit_test(test_utc_round_trips_around_leap_days),
        cmocka_unit_test(test_utc_parse_applies_numeric_offsets),
        cmocka_unit_test(test_utc_parse_reads_fractions_to_milliseconds),
        cmocka_unit_test(test_utc_parse_rejects_bad_inputs),
        cmocka_unit_test(test_utc_format_shanghai_adds_eight_hours),
        cmocka_unit_test(test_utc_valid_date_accepts_real_calendar_dates),
        cmocka_unit_test(test_utc_valid_date_rejects_other_text),
        cmocka_unit_test(test_utc_today_shanghai_is_a_valid_date_matching_the_clock),
        cmocka_unit_test(test_utc_now_is_after_2024),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
