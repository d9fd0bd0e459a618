/*
 * Unit tests of sign-in throttling (areas/user/throttle.h) with the clock
 * given: five free failures per (login, address), then waits doubling
 * from 1 s up to 15 minutes; other addresses never wait for another's
 * failures; an address guessing across many logins waits after fifty;
 * a success forgives; a lockout is reported once per wait; counts are
 * forgotten after an hour.
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_waits_double_after_five_failures, reset),
        cmocka_unit_test_setup(test_a_success_forgives_and_an_hour_forgets, reset),
        cmocka_unit_test_setup(test_an_address_guessing_across_logins_waits, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
