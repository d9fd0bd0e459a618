/*
 * Unit tests of sign-in throttling (areas/user/throttle.h) with the clock
 * given: five free failures per (login, address), then waits doubling
 * from 1 s up to 15 minutes; other addresses never wait for another's
 * failures; an address guessing across many logins waits after fifty;
 * a success forgives; a lockout is reported once per wait; counts are
 * forgotten after an hour; an account takes at most 100 failures an hour
 * over every address (ASVS 4.0.3 V2.2.1).
 */
#include "areas/user/throttle.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "unit.h"

static int reset(void **state)
{
    (void)state;
    throttle_reset();
    return 0;
}

/* Fails n attempts of login from address at now (each must be let through). */
static void fail_n(const char *login, const char *address, int n, int64_t now)
{
    struct throttle_verdict v;
    for (int i = 0; i < n; i++) {
        throttle_begin(login, address, now, &v);
        assert_int_equal(v.wait_ms, 0);
    }
}

static void test_waits_double_after_five_failures(void **state)
{
    (void)state;
    struct throttle_verdict v;
    assert_int_equal(throttle_wait_after(5, 5), 0);
    assert_int_equal(throttle_wait_after(6, 5), 1000);
    assert_int_equal(throttle_wait_after(7, 5), 2000);
    assert_int_equal(throttle_wait_after(15, 5), 512000);
    assert_int_equal(throttle_wait_after(16, 5), THROTTLE_MAX_WAIT_MS);
    assert_int_equal(throttle_wait_after(1000, 5), THROTTLE_MAX_WAIT_MS);
    fail_n("li.wei", "192.0.2.1", 6, 1000);
    throttle_begin("li.wei", "192.0.2.1", 1500, &v);
    assert_int_equal(v.wait_ms, 500);
    assert_true(v.lockout);
    assert_false(v.by_address);
    throttle_begin("li.wei", "192.0.2.1", 1600, &v);
    assert_int_equal(v.wait_ms, 400);
    assert_false(v.lockout); /* reported once per wait */
    fail_n("li.wei", "192.0.2.1", 1, 2000);
    throttle_begin("li.wei", "192.0.2.1", 3999, &v);
    assert_int_equal(v.wait_ms, 1);
    assert_true(v.lockout);
    /* Another address, and another login from the same address, may try. */
    fail_n("li.wei", "192.0.2.2", 1, 3999);
    fail_n("wang.fang", "192.0.2.1", 1, 3999);
}

static void test_a_success_forgives_and_an_hour_forgets(void **state)
{
    (void)state;
    struct throttle_verdict v;
    fail_n("li.wei", "192.0.2.1", 6, 0);
    throttle_succeeded("li.wei", "192.0.2.1");
    fail_n("li.wei", "192.0.2.1", 5, 1);
    fail_n("zhao.min", "192.0.2.3", 6, 0);
    throttle_begin("zhao.min", "192.0.2.3", 500, &v);
    assert_int_equal(v.wait_ms, 500);
    /* An hour without a failure: the count starts again. */
    fail_n("zhao.min", "192.0.2.3", 5, THROTTLE_FORGET_MS + 1);
}

static void test_an_address_guessing_across_logins_waits(void **state)
{
    (void)state;
    struct throttle_verdict v;
    for (int i = 0; i < THROTTLE_ADDRESS_FREE_TRIES + 1; i++) {
        char login[32];
        snprintf(login, sizeof(login), "guess%d", i);
        fail_n(login, "198.51.100.7", 1, 100);
    }
    throttle_begin("admin", "198.51.100.7", 100, &v);
    assert_int_equal(v.wait_ms, 1000);
    assert_true(v.by_address);
    assert_true(v.lockout);
    /* Elsewhere the same login signs in. */
    fail_n("admin", "198.51.100.8", 1, 100);
}

/* ASVS 4.0.3 V2.2.1: no more than 100 failed attempts an hour on one
 * account, from however many addresses. */
static void test_asvs_2_2_1_an_account_takes_at_most_100_failures_an_hour(void **state)
{
    (void)state;
    struct throttle_verdict v;
    int64_t t = 1000;
    for (int i = 0; i < THROTTLE_ACCOUNT_MAX; i++) {
        char address[32];
        snprintf(address, sizeof(address), "203.0.113.%d", i % 250);
        fail_n("chen.jie", address, 1, t + i);
    }
    /* The 101st, from an address never seen, the right password or not. */
    throttle_begin("chen.jie", "198.18.0.1", t + 200, &v);
    assert_true(v.wait_ms > THROTTLE_FORGET_MS - 1000);
    assert_string_equal(v.by, "account");
    assert_true(v.lockout);
    /* A success elsewhere does not forgive the account's count. */
    throttle_succeeded("chen.jie", "203.0.113.1");
    throttle_begin("chen.jie", "198.18.0.2", t + 300, &v);
    assert_true(v.wait_ms > 0);
    /* Another account is untouched; the hour over, the account may try. */
    fail_n("sun.li", "198.18.0.1", 1, t + 300);
    fail_n("chen.jie", "198.18.0.3", 1, t + THROTTLE_ACCOUNT_MAX + THROTTLE_FORGET_MS + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_waits_double_after_five_failures, reset),
        cmocka_unit_test_setup(test_a_success_forgives_and_an_hour_forgets, reset),
        cmocka_unit_test_setup(test_an_address_guessing_across_logins_waits, reset),
        cmocka_unit_test_setup(test_asvs_2_2_1_an_account_takes_at_most_100_failures_an_hour,
                               reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
