/*
 * Unit tests of money formatting (core/money.h): fen shown as yuan with
 * thousands separators and as 万元 rounded half away from zero, including
 * zero, negatives and the int64 extremes.
 */
#include "core/money.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static void assert_yuan(int64_t fen, const char *want)
{
    char out[MONEY_TEXT_MAX];
    memset(out, 'x', sizeof(out));
    money_format_yuan(fen, out);
    assert_string_equal(out, want);
}

static void assert_wan(int64_t fen, const char *want)
{
    char out[MONEY_TEXT_MAX];
    memset(out, 'x', sizeof(out));
    money_format_wan(fen, out);
    assert_string_equal(out, want);
}

static void test_money_yuan_writes_two_decimals(void **state)
{
    (void)state;
    assert_yuan(0, "0.00");
    assert_yuan(1, "0.01");
    assert_yuan(10, "0.10");
    assert_yuan(99, "0.99");
    assert_yuan(100, "1.00");
    assert_yuan(12345, "123.45");
}

static void test_money_yuan_groups_thousands(void **state)
{
    (void)state;
    assert_yuan(99999, "999.99");
    assert_yuan(100000, "1,000.00");
    assert_yuan(123456, "1,234.56");
    assert_yuan(12345678, "123,456.78");
    assert_yuan(100000000, "1,000,000.00");
    assert_yuan(123456789012, "1,234,567,890.12");
}

static void test_money_yuan_writes_negatives_with_a_minus(void **state)
{
    (void)state;
    assert_yuan(-1, "-0.01");
    assert_yuan(-100, "-1.00");
    assert_yuan(-123456, "-1,234.56");
    assert_yuan(-100000000, "-1,000,000.00");
}

static void test_money_yuan_handles_int64_extremes(void **state)
{
    (void)state;
    assert_yuan(INT64_MAX, "92,233,720,368,547,758.07");
    assert_yuan(INT64_MIN, "-92,233,720,368,547,758.08");
    assert_yuan(INT64_MIN + 1, "-92,233,720,368,547,758.07");
}

static void test_money_wan_divides_by_a_million_fen(void **state)
{
    (void)state;
    assert_wan(0, "0.00");
    assert_wan(1000000, "1.00");
    assert_wan(10000, "0.01");
    assert_wan(1234567890, "1,234.57");
    assert_wan(100000000000, "100,000.00");
}

static void test_money_wan_rounds_half_away_from_zero(void **state)
{
    (void)state;
    assert_wan(4999, "0.00");
    assert_wan(5000, "0.01");
    assert_wan(14999, "0.01");
    assert_wan(15000, "0.02");
    assert_wan(25000, "0.03");
    assert_wan(99994999, "99.99");
    assert_wan(99995000, "100.00");
    assert_wan(999995000, "1,000.00");
}

static void test_money_wan_rounds_negatives_symmetrically(void **state)
{
    (void)state;
    assert_wan(-5000, "-0.01");
    assert_wan(-15000, "-0.02");
    assert_wan(-1234567890, "-1,234.57");
    assert_wan(-99995000, "-100.00");
}

static void test_money_wan_never_writes_negative_zero(void **state)
{
    (void)state;
    assert_wan(-1, "0.00");
    assert_wan(-4999, "0.00");
}

static void test_money_wan_handles_int64_extremes(void **state)
{
    (void)state;
    assert_wan(INT64_MAX, "9,223,372,036,854.78");
    assert_wan(INT64_MIN, "-9,223,372,036,854.78");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_money_yuan_writes_two_decimals),
        cmocka_unit_test(test_money_yuan_groups_thousands),
        cmocka_unit_test(test_money_yuan_writes_negatives_with_a_minus),
        cmocka_unit_test(test_money_yuan_handles_int64_extremes),
        cmocka_unit_test(test_money_wan_divides_by_a_million_fen),
        cmocka_unit_test(test_money_wan_rounds_half_away_from_zero),
        cmocka_unit_test(test_money_wan_rounds_negatives_symmetrically),
        cmocka_unit_test(test_money_wan_never_writes_negative_zero),
        cmocka_unit_test(test_money_wan_handles_int64_extremes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
