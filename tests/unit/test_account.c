/*
 * Unit tests of the account's lifecycle (areas/user/account.c) and the
 * password policy (areas/user/password.h) on one temporary node: a new
 * password, disabling and enabling, ending sessions, a role changed, and
 * one's own password changed; what each ends (sessions wherever opened,
 * tokens), what it records (never the login), and what it refuses; a
 * township administrator's scope.
 */
#include "areas/user/auth.h"
#include "areas/user/password.h"
#include "areas/user/throttle.h"
#include "areas/user/user.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_account.h"
#include "unit_node.h"

#define PASSWORD     "lifecycle-password-1"
#define NEW_PASSWORD "lifecycle-password-2"

struct account_fixture {
    struct unit_node node;
    int64_t admin_id;
};

static struct store *store(void **state)
{
    return ((struct account_fixture *)*state)->node.st;
}

static struct store_conn *conn(void **state)
{
    return ((struct account_fixture *)*state)->node.c;
}

/* Runs cmd on user id as who with input given as JSON text (NULL: none). */
static enum err_code run(void **state,
                         const struct actor *who,
                         const struct command *cmd,
                         int64_t id,
                         const char *input,
                         json_t **result,
                         struct err *err)
{
    return unit_account_run(conn(state), who, cmd, id, input, result, err);
}

/* A member of diankou signing in as login with PASSWORD; its id. */
static int64_t make_user(void **state, const char *login)
{
    return unit_account_member(conn(state), login, PASSWORD);
}

/* Signs login in with password from address; the session's secret in token. */
static enum err_code sign_in(void **state,
                             const char *login,
                             const char *password,
                             char token[AUTH_TOKEN_MAX],
                             struct auth_user *user)
{
    struct err err;
    err_init(&err);
    return auth_login(store(state), login, password, &(struct session_client){"10.9.0.1", NULL},
                      token, NULL, user, &err);
}

static int64_t f_admin(void **state)
{
    return ((struct account_fixture *)*state)->admin_id;
}

static enum err_code session_of(void **state, const char *token)
{
    struct auth_user user;
    struct err err;
    err_init(&err);
    return auth_session(store(state), token, &user, &err);
}

/* A read-and-write token of user u; its secret in token. */
static void make_token(void **state, const struct auth_user *u, char token[AUTH_TOKEN_MAX])
{
    json_t *in = unit_json("{\"label\":\"sync\",\"access\":\"write\"}"), *item = NULL;
    struct err err;
    err_init(&err);
    assert_int_equal(auth_token_create(store(state), u, in, token, &item, &err), ERR_OK);
    json_decref(in);
    json_decref(item);
}

static enum err_code bearer_of(void **state, const char *token)
{
    struct auth_user user;
    struct err err;
    err_init(&err);
    return auth_bearer(store(state), token, &user, &err);
}

/* The payload of the last record. */
static json_t *last_payload(void **state)
{
    json_t *row = NULL;
    struct err err;
    err_init(&err);
    assert_int_equal(store_query_row(conn(state), &row, &err,
                                     "SELECT type, CAST(body AS TEXT) AS body FROM events"
                                     " ORDER BY seq DESC LIMIT 1",
                                     ""),
                     ERR_OK);
    assert_string_equal(json_string_value(json_object_get(row, "type")), "user.updated");
    json_t *body = unit_json(json_string_value(json_object_get(row, "body")));
    json_t *payload = json_incref(json_object_get(body, "payload"));
    assert_non_null(payload);
    json_decref(body);
    json_decref(row);
    return payload;
}

static int setup_account(void **state)
{
    struct account_fixture *f = xcalloc(1, sizeof(*f));
    struct err err;
    err_init(&err);
    if (unit_group_setup(state) != 0 || unit_node_open(&f->node) != 0) {
        xfree(f);
        return -1;
    }
    *state = f;
    json_t *result = NULL;
    if (unit_org_create(f->node.c, &actor_system, ORG_CITY, NULL,
                        "{\"id\":\"zhuji\",\"name\":\"诸暨市\",\"name_en\":\"Zhuji\"}", NULL, NULL,
                        &err) != ERR_OK ||
        unit_org_create(f->node.c, &actor_system, ORG_TOWNSHIP, NULL,
                        "{\"id\":\"diankou\",\"kind\":\"township\",\"name\":\"店口镇\","
                        "\"name_en\":\"Diankou\"}",
                        NULL, NULL, &err) != ERR_OK ||
        run(state, &actor_system, &user_create_command, 0,
            "{\"login\":\"root1\",\"role\":\"admin\",\"password\":\"" PASSWORD "\"}", &result,
            &err) != ERR_OK) {
        return -1;
    }
    f->admin_id = json_integer_value(json_object_get(json_object_get(result, "item"), "id"));
    json_decref(result);
    return 0;
}

static int teardown_account(void **state)
{
    struct account_fixture *f = *state;
    unit_node_close(&f->node);
    xfree(f);
    return 0;
}

/* ---- the password policy ---- */

static void test_password_policy(void **state)
{
    (void)state;
    struct err err;
    err_init(&err);
    assert_int_equal(password_check("short-one", NULL, "password", &err), ERR_INVALID);
    assert_string_equal(err.field, "password");
    assert_non_null(strstr(err.message_en, "at least 12"));
    char long_one[PASSWORD_MAX + 2];
    memset(long_one, 'x', sizeof(long_one) - 1);
    long_one[sizeof(long_one) - 1] = '\0';
    assert_int_equal(password_check(long_one, NULL, "new_password", &err), ERR_INVALID);
    assert_string_equal(err.field, "new_password");
    assert_non_null(strstr(err.message_en, "at most 128"));
    long_one[PASSWORD_MAX] = '\0';
    assert_int_equal(password_check(long_one, NULL, "password", &err), ERR_OK);
    /* Common passwords, in any case, from the shipped list's top, middle
     * and end. */
    assert_true(password_is_common("1qaz2wsx3edc"));
    assert_true(password_is_common("QWERTYQWERTY"));
    assert_true(password_is_common("superfriends"));
    assert_false(password_is_common("correct horse battery staple"));
    assert_int_equal(password_check("Qwerty123456", NULL, "password", &err), ERR_INVALID);
    assert_non_null(strstr(err.message_en, "common"));
    /* Not the login, in any case. */
    assert_int_equal(password_check("my-Wang.Wei-2026", "wang.wei", "password", &err), ERR_INVALID);
    assert_non_null(strstr(err.message_en, "login"));
    /* Any characters count as one each: twelve Chinese characters pass,
     * eleven do not. */
    assert_int_equal(password_check("枫桥经验依靠群众就地化解矛盾", NULL, "password", &err),
                     ERR_OK);
    assert_int_equal(password_check("枫桥经验依靠群众就地化解", NULL, "password", &err), ERR_OK);
    assert_int_equal(password_check("枫桥经验依靠群众就地化", NULL, "password", &err), ERR_INVALID);
    /* A generated password passes the policy. */
    char generated[PASSWORD_GENERATED + 1];
    password_generate(generated);
    assert_int_equal(strlen(generated), PASSWORD_GENERATED);
    assert_int_equal(password_check(generated, "someone", "password", &err), ERR_OK);
}

static void test_account_create_refuses_a_common_password(void **state)
{
    struct err err;
    err_init(&err);
    int64_t before = unit_event_count(conn(state));
    assert_int_equal(run(state, &actor_system, &user_create_command, 0,
                         "{\"login\":\"common1\",\"role\":\"admin\",\"password\":\"1q2w3e4r5t6y\"}",
                         NULL, &err),
                     ERR_INVALID);
    assert_string_equal(err.field, "password");
    assert_int_equal(unit_event_count(conn(state)), before);
}

/* ---- an administrator's steps ---- */

static void test_account_reset_password_ends_sessions_and_tokens(void **state)
{
    int64_t id = make_user(state, "reset1");
    char session[AUTH_TOKEN_MAX], token[AUTH_TOKEN_MAX];
    struct auth_user user;
    json_t *result = NULL;
    struct err err;
    err_init(&err);
    assert_int_equal(sign_in(state, "reset1", PASSWORD, session, &user), ERR_OK);
    make_token(state, &user, token);
    assert_int_equal(session_of(state, session), ERR_OK);

    assert_int_equal(
        run(state, &actor_system, &user_reset_password_command, id, "{}", &result, &err), ERR_OK);
    const char *generated = json_string_value(json_object_get(result, "password"));
    assert_non_null(generated);
    assert_int_equal(session_of(state, session), ERR_UNAUTHENTICATED);
    assert_int_equal(bearer_of(state, token), ERR_UNAUTHENTICATED);
    assert_int_equal(sign_in(state, "reset1", PASSWORD, session, &user), ERR_UNAUTHENTICATED);
    assert_int_equal(sign_in(state, "reset1", generated, session, &user), ERR_OK);
    assert_int_equal(session_of(state, session), ERR_OK);
    json_decref(result);

    /* The record says when, never the login nor a secret. */
    json_t *payload = last_payload(state);
    assert_true(json_is_string(json_object_get(payload, "password_changed")));
    assert_null(json_object_get(payload, "login"));
    assert_null(json_object_get(payload, "password"));
    json_decref(payload);

    /* A given password must pass the policy; nothing is written then. */
    int64_t before = unit_event_count(conn(state));
    assert_int_equal(run(state, &actor_system, &user_reset_password_command, id,
                         "{\"password\":\"qwertyqwerty\"}", NULL, &err),
                     ERR_INVALID);
    assert_int_equal(unit_event_count(conn(state)), before);
    assert_int_equal(
        run(state, &actor_system, &user_reset_password_command, 999999, "{}", NULL, &err),
        ERR_NOT_FOUND);
}

static void test_account_disable_and_enable(void **state)
{
    struct account_fixture *f = *state;
    int64_t id = make_user(state, "disable1");
    const struct actor admin = {.user_id = f->admin_id, .login = "root1", .role = ROLE_ADMIN};
    const struct actor member = {
        .user_id = id, .login = "disable1", .role = ROLE_MEMBER, .township = "diankou"};
    char session[AUTH_TOKEN_MAX], token[AUTH_TOKEN_MAX];
    struct auth_user user;
    struct err err;
    err_init(&err);
    assert_int_equal(sign_in(state, "disable1", PASSWORD, session, &user), ERR_OK);
    make_token(state, &user, token);

    /* Only an administrator, and never on their own account. */
    assert_int_equal(
        run(state, &member, &user_disable_command, id, "{\"reason\":\"调离\"}", NULL, &err),
        ERR_FORBIDDEN);
    assert_int_equal(
        run(state, &admin, &user_disable_command, f->admin_id, "{\"reason\":\"调离\"}", NULL, &err),
        ERR_CONFLICT);
    assert_string_equal(err.rule, "user.self");

    assert_int_equal(
        run(state, &admin, &user_disable_command, id, "{\"reason\":\"调离本镇\"}", NULL, &err),
        ERR_OK);
    /* Why is sealed, as the login is. */
    json_t *payload = last_payload(state);
    assert_null(json_object_get(payload, "disabled_reason"));
    assert_non_null(json_object_get(payload, "sealed_digest"));
    json_decref(payload);
    json_t *row = NULL;
    assert_int_equal(store_query_row(conn(state), &row, &err,
                                     "SELECT disabled_reason FROM users WHERE id = ?", "i", id),
                     ERR_OK);
    assert_string_equal(json_string_value(json_object_get(row, "disabled_reason")), "调离本镇");
    json_decref(row);
    assert_int_equal(session_of(state, session), ERR_UNAUTHENTICATED);
    assert_int_equal(bearer_of(state, token), ERR_UNAUTHENTICATED);
    /* The right password is told the account is disabled; a wrong one is
     * only wrong. */
    assert_int_equal(sign_in(state, "disable1", PASSWORD, session, &user), ERR_FORBIDDEN);
    assert_int_equal(sign_in(state, "disable1", "not-the-password", session, &user),
                     ERR_UNAUTHENTICATED);
    assert_int_equal(
        run(state, &admin, &user_disable_command, id, "{\"reason\":\"again\"}", NULL, &err),
        ERR_CONFLICT);

    assert_int_equal(run(state, &admin, &user_enable_command, id, NULL, NULL, &err), ERR_OK);
    payload = last_payload(state);
    assert_true(json_is_null(json_object_get(payload, "disabled")));
    json_decref(payload);
    assert_int_equal(sign_in(state, "disable1", PASSWORD, session, &user), ERR_OK);
    /* Its tokens were revoked for good. */
    assert_int_equal(bearer_of(state, token), ERR_UNAUTHENTICATED);
    assert_int_equal(run(state, &admin, &user_enable_command, id, NULL, NULL, &err), ERR_CONFLICT);
}

static void test_account_end_sessions(void **state)
{
    int64_t id = make_user(state, "endall1");
    char first[AUTH_TOKEN_MAX], second[AUTH_TOKEN_MAX], token[AUTH_TOKEN_MAX];
    struct auth_user user;
    struct err err;
    err_init(&err);
    assert_int_equal(sign_in(state, "endall1", PASSWORD, first, &user), ERR_OK);
    assert_int_equal(sign_in(state, "endall1", PASSWORD, second, &user), ERR_OK);
    make_token(state, &user, token);
    assert_int_equal(run(state, &actor_system, &user_end_sessions_command, id, NULL, NULL, &err),
                     ERR_OK);
    assert_int_equal(session_of(state, first), ERR_UNAUTHENTICATED);
    assert_int_equal(session_of(state, second), ERR_UNAUTHENTICATED);
    assert_int_equal(bearer_of(state, token), ERR_UNAUTHENTICATED);
    json_t *payload = last_payload(state);
    assert_true(json_is_string(json_object_get(payload, "sessions_ended")));
    json_decref(payload);
    /* The password still works. */
    assert_int_equal(sign_in(state, "endall1", PASSWORD, first, &user), ERR_OK);
}

static void test_account_update_role_and_township(void **state)
{
    struct account_fixture *f = *state;
    int64_t id = make_user(state, "update1");
    const struct actor admin = {.user_id = f->admin_id, .login = "root1", .role = ROLE_ADMIN};
    json_t *result = NULL;
    struct err err;
    err_init(&err);
    assert_int_equal(
        run(state, &admin, &user_update_command, id, "{\"role\":\"clerk\"}", &result, &err),
        ERR_OK);
    assert_string_equal(json_string_value(json_object_get(json_object_get(result, "item"), "role")),
                        "clerk");
    json_decref(result);
    /* A city-wide role has no township. */
    assert_int_equal(run(state, &admin, &user_update_command, id,
                         "{\"role\":\"commission_inspector\"}", NULL, &err),
                     ERR_INVALID);
    assert_string_equal(err.field, "township");
    assert_int_equal(run(state, &admin, &user_update_command, id,
                         "{\"role\":\"commission_inspector\",\"township\":null}", NULL, &err),
                     ERR_OK);
    assert_int_equal(
        run(state, &admin, &user_update_command, id, "{\"township\":\"nowhere\"}", NULL, &err),
        ERR_INVALID);
    /* Not one's own role. */
    assert_int_equal(run(state, &admin, &user_update_command, f->admin_id,
                         "{\"role\":\"clerk\",\"township\":\"diankou\"}", NULL, &err),
                     ERR_CONFLICT);
    assert_string_equal(err.rule, "user.self");
}

/* ---- a township administrator ---- */

/* Asserts a township administrator's refusal: 403, rule user.scope, on
 * field (NULL: none), its messages saying said_zh and said_en and naming
 * no login. */
static void expect_scope(enum err_code rc,
                         const struct err *err,
                         const char *field,
                         const char *said_zh,
                         const char *said_en)
{
    assert_int_equal(rc, ERR_FORBIDDEN);
    assert_string_equal(err->rule, "user.scope");
    assert_string_equal(err->field, field ? field : "");
    assert_non_null(strstr(err->message_zh, said_zh));
    assert_non_null(strstr(err->message_en, said_en));
    assert_null(strstr(err->message_zh, "scope1"));
    assert_null(strstr(err->message_en, "scope1"));
}

/* Creates a user as who from input (JSON text); its id. */
static int64_t made_by(void **state, const struct actor *who, const char *input)
{
    json_t *result = NULL;
    struct err err;
    err_init(&err);
    assert_int_equal(run(state, who, &user_create_command, 0, input, &result, &err), ERR_OK);
    int64_t id = json_integer_value(json_object_get(json_object_get(result, "item"), "id"));
    json_decref(result);
    return id;
}

static void test_account_township_admin_manages_only_their_township(void **state)
{
    struct err err;
    err_init(&err);
    assert_int_equal(unit_org_create(conn(state), &actor_system, ORG_TOWNSHIP, NULL,
                                     "{\"id\":\"zhibu\",\"kind\":\"township\",\"name\":\"直埠镇\","
                                     "\"name_en\":\"Zhibu\"}",
                                     NULL, NULL, &err),
                     ERR_OK);
    int64_t self = made_by(state, &actor_system,
                           "{\"login\":\"scope1.admin\",\"role\":\"township_admin\",\"township\":"
                           "\"diankou\",\"password\":\"" PASSWORD "\"}");
    const struct actor township_admin = {.user_id = self,
                                         .login = "scope1.admin",
                                         .role = ROLE_TOWNSHIP_ADMIN,
                                         .township = "diankou"};
    assert_true(user_may_grant(&township_admin, "clerk"));
    assert_true(user_may_grant(&township_admin, "congress_officer"));
    assert_false(user_may_grant(&township_admin, "township_admin"));
    assert_false(user_may_grant(&township_admin, "admin"));
    assert_false(user_may_grant(&township_admin, "commission_inspector"));
    assert_false(user_may_grant(&township_admin, "public"));
    assert_true(user_may_grant(&actor_system, "township_admin"));

    /* Their township's staff: created, changed, disabled. */
    int64_t member = made_by(state, &township_admin,
                             "{\"login\":\"scope1.member\",\"role\":\"member\",\"township\":"
                             "\"diankou\",\"password\":\"" PASSWORD "\"}");
    assert_int_equal(run(state, &township_admin, &user_update_command, member,
                         "{\"role\":\"clerk\"}", NULL, &err),
                     ERR_OK);
    assert_int_equal(run(state, &township_admin, &user_disable_command, member,
                         "{\"reason\":\"调岗\"}", NULL, &err),
                     ERR_OK);
    int64_t other = made_by(state, &actor_system,
                            "{\"login\":\"scope1.zhibu\",\"role\":\"clerk\",\"township\":"
                            "\"zhibu\",\"password\":\"" PASSWORD "\"}");
    int64_t before = unit_event_count(conn(state));

    /* No other township, no role that is not the township's staff's. */
    expect_scope(run(state, &township_admin, &user_create_command, 0,
                     "{\"login\":\"scope1.other\",\"role\":\"clerk\",\"township\":\"zhibu\","
                     "\"password\":\"" PASSWORD "\"}",
                     NULL, &err),
                 &err, "township", "店口镇", "Diankou");
    expect_scope(run(state, &township_admin, &user_create_command, 0,
                     "{\"login\":\"scope1.city\",\"role\":\"admin\",\"password\":\"" PASSWORD "\"}",
                     NULL, &err),
                 &err, "role", "系统管理员", "administrator");
    expect_scope(run(state, &township_admin, &user_create_command, 0,
                     "{\"login\":\"scope1.peer\",\"role\":\"township_admin\",\"township\":"
                     "\"diankou\",\"password\":\"" PASSWORD "\"}",
                     NULL, &err),
                 &err, "role", "乡镇系统管理员", "township administrator");
    expect_scope(run(state, &township_admin, &user_update_command, member,
                     "{\"role\":\"township_admin\"}", NULL, &err),
                 &err, "role", "店口镇的一个文书账号", "a clerk's account of Diankou");
    expect_scope(run(state, &township_admin, &user_update_command, member,
                     "{\"township\":\"zhibu\"}", NULL, &err),
                 &err, "township", "店口镇的一个文书账号", "a clerk's account of Diankou");
    /* Nor their own account, nor anyone of another township or city-wide. */
    expect_scope(
        run(state, &township_admin, &user_update_command, self, "{\"role\":\"clerk\"}", NULL, &err),
        &err, NULL, "乡镇系统管理员", "township administrator");
    expect_scope(run(state, &township_admin, &user_end_sessions_command, self, NULL, NULL, &err),
                 &err, NULL, "市级系统管理员", "the city's administrator manages");
    expect_scope(run(state, &township_admin, &user_reset_password_command, other, "{}", NULL, &err),
                 &err, NULL, "直埠镇的一个文书账号", "a clerk's account of Zhibu");
    expect_scope(run(state, &township_admin, &user_disable_command, f_admin(state),
                     "{\"reason\":\"x\"}", NULL, &err),
                 &err, NULL, "一个系统管理员账号", "an administrator's account");
    assert_int_equal(unit_event_count(conn(state)), before);
}

/* ---- one's own password ---- */

static void test_account_change_own_password(void **state)
{
    int64_t id = make_user(state, "change1");
    char session[AUTH_TOKEN_MAX], other[AUTH_TOKEN_MAX], token[AUTH_TOKEN_MAX];
    struct auth_user user;
    struct actor who;
    struct err err;
    err_init(&err);
    assert_int_equal(sign_in(state, "change1", PASSWORD, session, &user), ERR_OK);
    assert_int_equal(sign_in(state, "change1", PASSWORD, other, &user), ERR_OK);
    make_token(state, &user, token);
    auth_actor(&user, &who);
    int64_t before = unit_event_count(conn(state));

    assert_int_equal(
        run(state, &who, &user_change_password_command, 0,
            "{\"current_password\":\"wrong-password-9\",\"new_password\":\"" NEW_PASSWORD "\"}",
            NULL, &err),
        ERR_INVALID);
    assert_string_equal(err.field, "current_password");
    assert_int_equal(run(state, &who, &user_change_password_command, 0,
                         "{\"current_password\":\"" PASSWORD "\",\"new_password\":\"" PASSWORD
                         "\"}",
                         NULL, &err),
                     ERR_INVALID);
    assert_string_equal(err.field, "new_password");
    assert_int_equal(run(state, &who, &user_change_password_command, 0,
                         "{\"current_password\":\"" PASSWORD
                         "\",\"new_password\":\"iloveyou1234\"}",
                         NULL, &err),
                     ERR_INVALID);
    assert_string_equal(err.field, "new_password");
    assert_int_equal(unit_event_count(conn(state)), before);

    /* A token cannot change the password. */
    struct auth_user by_token;
    assert_int_equal(auth_bearer(store(state), token, &by_token, &err), ERR_OK);
    struct actor token_actor;
    auth_actor(&by_token, &token_actor);
    assert_int_equal(run(state, &token_actor, &user_change_password_command, 0,
                         "{\"current_password\":\"" PASSWORD "\",\"new_password\":\"" NEW_PASSWORD
                         "\"}",
                         NULL, &err),
                     ERR_FORBIDDEN);

    assert_int_equal(run(state, &who, &user_change_password_command, 0,
                         "{\"current_password\":\"" PASSWORD "\",\"new_password\":\"" NEW_PASSWORD
                         "\"}",
                         NULL, &err),
                     ERR_OK);
    json_t *payload = last_payload(state);
    assert_int_equal(json_integer_value(json_object_get(payload, "id")), id);
    json_decref(payload);
    /* Every session ends, this one too; the user's tokens stay. */
    assert_int_equal(session_of(state, session), ERR_UNAUTHENTICATED);
    assert_int_equal(session_of(state, other), ERR_UNAUTHENTICATED);
    assert_int_equal(bearer_of(state, token), ERR_OK);
    assert_int_equal(sign_in(state, "change1", PASSWORD, session, &user), ERR_UNAUTHENTICATED);
    assert_int_equal(sign_in(state, "change1", NEW_PASSWORD, session, &user), ERR_OK);
}

static void test_account_change_password_is_throttled(void **state)
{
    (void)make_user(state, "guess1");
    char session[AUTH_TOKEN_MAX];
    struct auth_user user;
    struct actor who;
    struct err err;
    err_init(&err);
    assert_int_equal(sign_in(state, "guess1", PASSWORD, session, &user), ERR_OK);
    auth_actor(&user, &who);
    for (int i = 0; i <= THROTTLE_FREE_TRIES; i++) {
        assert_int_equal(
            run(state, &who, &user_change_password_command, 0,
                "{\"current_password\":\"guess-number-x\",\"new_password\":\"" NEW_PASSWORD "\"}",
                NULL, &err),
            ERR_INVALID);
    }
    /* Even the right one waits now. */
    assert_int_equal(run(state, &who, &user_change_password_command, 0,
                         "{\"current_password\":\"" PASSWORD "\",\"new_password\":\"" NEW_PASSWORD
                         "\"}",
                         NULL, &err),
                     ERR_RATE_LIMITED);
    assert_true(err.retry_after_s >= 1);
    /* Signing in is counted apart. */
    assert_int_equal(sign_in(state, "guess1", PASSWORD, session, &user), ERR_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password_policy),
        cmocka_unit_test(test_account_create_refuses_a_common_password),
        cmocka_unit_test(test_account_reset_password_ends_sessions_and_tokens),
        cmocka_unit_test(test_account_disable_and_enable),
        cmocka_unit_test(test_account_end_sessions),
        cmocka_unit_test(test_account_update_role_and_township),
        cmocka_unit_test(test_account_township_admin_manages_only_their_township),
        cmocka_unit_test(test_account_change_own_password),
        cmocka_unit_test(test_account_change_password_is_throttled),
    };
    return cmocka_run_group_tests(tests, setup_account, teardown_account);
}
