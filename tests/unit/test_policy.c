/*
 * Unit tests of the role and capability tables (record/actor.h,
 * record/policy.h): the public may only read, the admin holds everything,
 * a clerk may write the organisation model of its own township only,
 * township.admin belongs to the admin alone, and user.admin to the admin
 * and, in their own township, the township administrator.
 */
#include "record/actor.h"
#include "record/policy.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static const struct actor public_actor = {
    .user_id = 0, .login = "public", .role = ROLE_PUBLIC, .township = NULL};
static const struct actor diankou_clerk = {
    .user_id = 3, .login = "diankou.clerk", .role = ROLE_CLERK, .township = "diankou"};
static const struct actor diankou_member = {
    .user_id = 4, .login = "diankou.member", .role = ROLE_MEMBER, .township = "diankou"};
static const struct actor admin = {
    .user_id = 1, .login = "admin", .role = ROLE_ADMIN, .township = NULL};
static const struct actor diankou_admin = {
    .user_id = 5, .login = "diankou.admin", .role = ROLE_TOWNSHIP_ADMIN, .township = "diankou"};
static const struct actor inspector = {
    .user_id = 2, .login = "inspector", .role = ROLE_COMMISSION_INSPECTOR, .township = NULL};

static enum err_code check(const struct actor *who, enum capability cap, const char *township)
{
    struct err err;
    err_init(&err);
    enum err_code rc = policy_check(who, cap, township, &err);
    assert_int_equal(err.code, rc);
    return rc;
}

static void test_policy_public_may_only_read(void **state)
{
    (void)state;
    for (int cap = 0; cap < CAP_N; cap++) {
        assert_int_equal(policy_role_has(ROLE_PUBLIC, (enum capability)cap),
                         cap == CAP_PUBLIC_READ);
    }
}

static void test_policy_admin_holds_every_capability(void **state)
{
    (void)state;
    for (int cap = 0; cap < CAP_N; cap++) {
        assert_true(policy_role_has(ROLE_ADMIN, (enum capability)cap));
        assert_int_equal(check(&admin, (enum capability)cap, NULL), ERR_OK);
        assert_int_equal(check(&admin, (enum capability)cap, "diankou"), ERR_OK);
    }
}

static void test_policy_every_signed_in_role_reads_and_is_signed_in(void **state)
{
    (void)state;
    for (int role = 0; role < ROLE_N; role++) {
        assert_true(policy_role_has((enum role)role, CAP_PUBLIC_READ));
        assert_int_equal(policy_role_has((enum role)role, CAP_SIGNED_IN), role != ROLE_PUBLIC);
    }
}

static void test_policy_township_admin_is_admin_only(void **state)
{
    (void)state;
    for (int role = 0; role < ROLE_N; role++) {
        assert_int_equal(policy_role_has((enum role)role, CAP_TOWNSHIP_ADMIN), role == ROLE_ADMIN);
    }
    assert_int_equal(check(&diankou_clerk, CAP_TOWNSHIP_ADMIN, "diankou"), ERR_FORBIDDEN);
    assert_int_equal(check(&diankou_admin, CAP_TOWNSHIP_ADMIN, "diankou"), ERR_FORBIDDEN);
}

static void test_policy_user_admin_is_the_admins_and_a_township_admins_at_home(void **state)
{
    (void)state;
    for (int role = 0; role < ROLE_N; role++) {
        assert_int_equal(policy_role_has((enum role)role, CAP_USER_ADMIN),
                         role == ROLE_ADMIN || role == ROLE_TOWNSHIP_ADMIN);
    }
    assert_int_equal(check(&admin, CAP_USER_ADMIN, NULL), ERR_OK);
    assert_int_equal(check(&admin, CAP_USER_ADMIN, "zhibu"), ERR_OK);
    assert_int_equal(check(&diankou_admin, CAP_USER_ADMIN, "diankou"), ERR_OK);
    assert_int_equal(check(&diankou_admin, CAP_USER_ADMIN, "zhibu"), ERR_FORBIDDEN);
    assert_int_equal(check(&diankou_admin, CAP_USER_ADMIN, NULL), ERR_FORBIDDEN);
    assert_true(role_is_township_scoped(ROLE_TOWNSHIP_ADMIN));
    assert_int_equal(check(&diankou_clerk, CAP_USER_ADMIN, "diankou"), ERR_FORBIDDEN);
    assert_int_equal(check(&inspector, CAP_USER_ADMIN, NULL), ERR_FORBIDDEN);
    assert_int_equal(check(&public_actor, CAP_USER_ADMIN, NULL), ERR_UNAUTHENTICATED);
}

static void test_policy_org_write_belongs_to_admin_and_clerk(void **state)
{
    (void)state;
    for (int role = 0; role < ROLE_N; role++) {
        assert_int_equal(policy_role_has((enum role)role, CAP_ORG_WRITE),
                         role == ROLE_ADMIN || role == ROLE_CLERK);
    }
}

static void test_policy_clerk_writes_only_its_own_township(void **state)
{
    (void)state;
    assert_int_equal(check(&diankou_clerk, CAP_ORG_WRITE, "diankou"), ERR_OK);
    assert_int_equal(check(&diankou_clerk, CAP_ORG_WRITE, "zhibu"), ERR_FORBIDDEN);
    assert_int_equal(check(&diankou_clerk, CAP_ORG_WRITE, NULL), ERR_FORBIDDEN);
    /* The comparison is exact. */
    assert_int_equal(check(&diankou_clerk, CAP_ORG_WRITE, "diankou2"), ERR_FORBIDDEN);
    assert_int_equal(check(&diankou_clerk, CAP_ORG_WRITE, "Diankou"), ERR_FORBIDDEN);
    /* A township role without a township writes nowhere. */
    const struct actor lost = {.user_id = 5, .login = "lost", .role = ROLE_CLERK, .township = NULL};
    assert_int_equal(check(&lost, CAP_ORG_WRITE, "diankou"), ERR_FORBIDDEN);
}

static void test_policy_other_roles_may_not_write(void **state)
{
    (void)state;
    assert_int_equal(check(&diankou_member, CAP_ORG_WRITE, "diankou"), ERR_FORBIDDEN);
    assert_int_equal(check(&inspector, CAP_ORG_WRITE, "diankou"), ERR_FORBIDDEN);
    assert_int_equal(check(&public_actor, CAP_ORG_WRITE, "diankou"), ERR_UNAUTHENTICATED);
    assert_int_equal(check(&public_actor, CAP_SIGNED_IN, NULL), ERR_UNAUTHENTICATED);
}

static void test_policy_public_reads_every_township(void **state)
{
    (void)state;
    assert_int_equal(check(&public_actor, CAP_PUBLIC_READ, NULL), ERR_OK);
    assert_int_equal(check(&public_actor, CAP_PUBLIC_READ, "zhibu"), ERR_OK);
    assert_int_equal(check(&inspector, CAP_PUBLIC_READ, "zhibu"), ERR_OK);
}

static void test_policy_township_roles_are_not_scoped_for_reading_or_signing_in(void **state)
{
    (void)state;
    /* What the anonymous public may read, a signed-in clerk may read too,
     * in any township; and "signed_in" is not about a township at all. */
    assert_int_equal(check(&diankou_clerk, CAP_PUBLIC_READ, "zhibu"), ERR_OK);
    assert_int_equal(check(&diankou_clerk, CAP_PUBLIC_READ, NULL), ERR_OK);
    assert_int_equal(check(&diankou_member, CAP_SIGNED_IN, NULL), ERR_OK);
}

static void test_policy_system_actor_is_an_admin(void **state)
{
    (void)state;
    assert_int_equal(actor_system.role, ROLE_ADMIN);
    assert_null(actor_system.township);
    assert_string_equal(actor_system.login, "system");
    assert_int_equal(check(&actor_system, CAP_TOWNSHIP_ADMIN, NULL), ERR_OK);
    assert_int_equal(check(&actor_system, CAP_ORG_WRITE, "zhibu"), ERR_OK);
}

static void test_policy_capability_names_are_stable_and_distinct(void **state)
{
    (void)state;
    assert_string_equal(policy_capability_name(CAP_PUBLIC_READ), "public.read");
    assert_string_equal(policy_capability_name(CAP_SIGNED_IN), "signed_in");
    assert_string_equal(policy_capability_name(CAP_ORG_WRITE), "org.write");
    assert_string_equal(policy_capability_name(CAP_TOWNSHIP_ADMIN), "township.admin");
    assert_string_equal(policy_capability_name(CAP_USER_ADMIN), "user.admin");
    for (int i = 0; i < CAP_N; i++) {
        for (int j = 0; j < i; j++) {
            assert_string_not_equal(policy_capability_name((enum capability)i),
                                    policy_capability_name((enum capability)j));
        }
    }
}

static void test_policy_roles_parse_back_from_their_names(void **state)
{
    (void)state;
    for (int i = 0; i < ROLE_N; i++) {
        enum role r = ROLE_N;
        assert_true(role_parse(role_name((enum role)i), &r));
        assert_int_equal(r, i);
    }
    enum role r = ROLE_CLERK;
    assert_false(role_parse("king", &r));
    assert_false(role_parse("Clerk", &r));
    assert_false(role_parse("", &r));
    assert_int_equal(r, ROLE_CLERK);
    assert_true(role_is_township_scoped(ROLE_CLERK));
    assert_true(role_is_township_scoped(ROLE_SECRETARY));
    assert_false(role_is_township_scoped(ROLE_ADMIN));
    assert_false(role_is_township_scoped(ROLE_COMMISSION_INSPECTOR));
    assert_false(role_is_township_scoped(ROLE_PUBLIC));
}

static void test_policy_user_roles_are_all_roles_but_public(void **state)
{
    (void)state;
    size_t n = 0;
    for (; role_user_names[n] != NULL; n++) {
        assert_string_not_equal(role_user_names[n], "public");
        enum role r;
        assert_true(role_parse(role_user_names[n], &r));
    }
    assert_int_equal(n, ROLE_N - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_policy_public_may_only_read),
        cmocka_unit_test(test_policy_admin_holds_every_capability),
        cmocka_unit_test(test_policy_every_signed_in_role_reads_and_is_signed_in),
        cmocka_unit_test(test_policy_township_admin_is_admin_only),
        cmocka_unit_test(test_policy_user_admin_is_the_admins_and_a_township_admins_at_home),
        cmocka_unit_test(test_policy_org_write_belongs_to_admin_and_clerk),
        cmocka_unit_test(test_policy_clerk_writes_only_its_own_township),
        cmocka_unit_test(test_policy_other_roles_may_not_write),
        cmocka_unit_test(test_policy_public_reads_every_township),
        cmocka_unit_test(test_policy_township_roles_are_not_scoped_for_reading_or_signing_in),
        cmocka_unit_test(test_policy_system_actor_is_an_admin),
        cmocka_unit_test(test_policy_capability_names_are_stable_and_distinct),
        cmocka_unit_test(test_policy_roles_parse_back_from_their_names),
        cmocka_unit_test(test_policy_user_roles_are_all_roles_but_public),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
