/*
 * Unit tests of users and authentication (areas/user/user.h, areas/user/auth.h) on
 * one temporary node shared by the file's tests (Argon2id is slow, so
 * users are made once): user_create's validation and event, generated
 * passwords, login and throttling, session expiry and logout, bearer
 * tokens with their scope and end. Tests use distinct logins and client
 * addresses so that their failure counts do not mix.
 */
#include "areas/user/auth.h"
#include "areas/user/password.h"
#include "areas/user/sessions.h"
#include "areas/user/throttle.h"
#include "areas/user/user.h"

#include <openssl/evp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_node.h"

#define ADMIN_PASSWORD "admin-password-1"
#define CLERK_PASSWORD "clerk-password-1"
#define OTHER_PASSWORD "other-password-1"

struct auth_fixture {
    struct unit_node node;
    int64_t admin_id;
    int64_t clerk_id;
    int64_t diankou_person;
    int64_t zhibu_person;
};

static const struct actor diankou_clerk = {
    .user_id = 2, .login = "clerk1", .role = ROLE_CLERK, .township = "diankou"};
static const struct actor public_actor = {
    .user_id = 0, .login = "public", .role = ROLE_PUBLIC, .township = NULL};

/* Runs user_create as actor with input given as JSON text. */
static enum err_code
create_user(struct store_conn *c, const struct actor *who, const char *input, json_t **result)
{
    struct err err;
    json_t *in = unit_json(input);
    json_t *out = NULL;
    err_init(&err);
    enum err_code rc = user_create(c, who, in, &out, &err);
    json_decref(in);
    if (rc != ERR_OK) {
        assert_int_equal(err.code, rc);
    }
    if (result != NULL) {
        *result = out;
    } else {
        json_decref(out);
    }
    return rc;
}

static int64_t create_user_id(struct store_conn *c, const char *input)
{
    json_t *result = NULL;
    if (create_user(c, &actor_system, input, &result) != ERR_OK) {
        return -1;
    }
    int64_t id =
        (int64_t)json_integer_value(json_object_get(json_object_get(result, "item"), "id"));
    json_decref(result);
    return id;
}

static int setup_auth(void **state)
{
    struct auth_fixture *f = xcalloc(1, sizeof(*f));
    struct err err;
    if (unit_group_setup(state) != 0 || unit_node_open(&f->node) != 0) {
        xfree(f);
        return -1;
    }
    struct store_conn *c = f->node.c;
    bool ok = unit_org_create(c, &actor_system, ORG_CITY, NULL,
                              "{\"id\":\"zhuji\",\"name\":\"诸暨市\",\"name_en\":\"Zhuji\"}", NULL,
                              NULL, &err) == ERR_OK &&
              unit_org_create(c, &actor_system, ORG_TOWNSHIP, NULL,
                              "{\"id\":\"diankou\",\"kind\":\"township\",\"name\":\"店口镇\","
                              "\"name_en\":\"Diankou\"}",
                              NULL, NULL, &err) == ERR_OK &&
              unit_org_create(c, &actor_system, ORG_TOWNSHIP, NULL,
                              "{\"id\":\"zhibu\",\"kind\":\"township\",\"name\":\"直埠镇\","
                              "\"name_en\":\"Zhibu\"}",
                              NULL, NULL, &err) == ERR_OK &&
              unit_org_create(c, &actor_system, ORG_PERSON, "diankou", "{\"name\":\"甲\"}",
                              &f->diankou_person, NULL, &err) == ERR_OK &&
              unit_org_create(c, &actor_system, ORG_PERSON, "zhibu", "{\"name\":\"乙\"}",
                              &f->zhibu_person, NULL, &err) == ERR_OK;
    if (ok) {
        f->admin_id = create_user_id(
            c, "{\"login\":\"admin1\",\"role\":\"admin\",\"password\":\"" ADMIN_PASSWORD "\"}");
        f->clerk_id = create_user_id(c, "{\"login\":\"clerk1\",\"role\":\"clerk\",\"township\":"
                                        "\"diankou\",\"password\":\"" CLERK_PASSWORD "\"}");
        ok = f->admin_id > 0 && f->clerk_id > 0 &&
             create_user_id(c, "{\"login\":\"throttled1\",\"role\":\"member\",\"township\":"
                               "\"diankou\",\"password\":\"" OTHER_PASSWORD "\"}") > 0;
    }
    if (!ok) {
        unit_node_close(&f->node);
        xfree(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown_auth(void **state)
{
    struct auth_fixture *f = *state;
    unit_node_close(&f->node);
    xfree(f);
    return 0;
}

/* Expects user_create to be refused with code and field, writing nothing. */
static void user_refused(struct auth_fixture *f,
                         const struct actor *who,
                         const char *input,
                         enum err_code code,
                         const char *field)
{
    struct store_conn *c = f->node.c;
    json_t *in = unit_json(input);
    json_t *out = NULL;
    struct err err;
    int64_t users_before = 0;
    int64_t users_after = 0;
    int64_t events = unit_event_count(c);
    err_init(&err);
    assert_int_equal(
        store_query_int(c, &users_before, NULL, &err, "SELECT COUNT(*) FROM users", ""), ERR_OK);
    enum err_code rc = user_create(c, who, in, &out, &err);
    bool answered = out != NULL;
    json_decref(out); /* released before any assertion can end the test */
    json_decref(in);
    if (rc != code) {
        fail_msg("%s: got %s (%s), want %s", input, err_code_name(rc), err_message(&err, 1),
                 err_code_name(code));
    }
    assert_false(answered);
    if (field != NULL) {
        assert_string_equal(err.field, field);
    }
    assert_int_equal(unit_event_count(c), events);
    assert_int_equal(store_query_int(c, &users_after, NULL, &err, "SELECT COUNT(*) FROM users", ""),
                     ERR_OK);
    assert_int_equal(users_after, users_before);
}

static enum err_code login(struct store_conn *c,
                           const char *name,
                           const char *password,
                           const char *address,
                           char token[AUTH_TOKEN_MAX],
                           struct auth_user *user)
{
    struct err err;
    err_init(&err);
    memset(token, 0, AUTH_TOKEN_MAX);
    enum err_code rc = auth_login(store_of(c), name, password,
                                  &(struct session_client){address, NULL}, token, NULL, user, &err);
    if (rc != ERR_OK) {
        assert_int_equal(err.code, rc);
    }
    return rc;
}

static enum err_code session(struct store_conn *c, const char *token, struct auth_user *user)
{
    struct err err;
    err_init(&err);
    return auth_session(store_of(c), token, user, &err);
}

/* ---- user_create ---- */

static void test_auth_user_create_checks_the_login_pattern(void **state)
{
    struct auth_fixture *f = *state;
    static const char *const bad[] = {
        "{\"login\":\"ab\",\"role\":\"admin\"}",
        "{\"login\":\"Admin2\",\"role\":\"admin\"}",
        "{\"login\":\"has space\",\"role\":\"admin\"}",
        "{\"login\":\"user@example\",\"role\":\"admin\"}",
        "{\"login\":\"店口文书\",\"role\":\"admin\"}",
        "{\"login\":\"\",\"role\":\"admin\"}",
        "{\"login\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"role\":\"admin\"}",
        "{\"role\":\"admin\"}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        user_refused(f, &actor_system, bad[i], ERR_INVALID, "login");
    }
}

static void test_auth_user_create_checks_role_and_township(void **state)
{
    struct auth_fixture *f = *state;
    user_refused(f, &actor_system, "{\"login\":\"u1\",\"role\":\"admin\"}", ERR_INVALID, "login");
    user_refused(f, &actor_system, "{\"login\":\"user1\",\"role\":\"king\"}", ERR_INVALID, "role");
    user_refused(f, &actor_system, "{\"login\":\"user1\",\"role\":\"public\"}", ERR_INVALID,
                 "role");
    user_refused(f, &actor_system, "{\"login\":\"user1\"}", ERR_INVALID, "role");
    user_refused(f, &actor_system, "{\"login\":\"user1\",\"role\":\"clerk\"}", ERR_INVALID,
                 "township");
    user_refused(f, &actor_system, "{\"login\":\"user1\",\"role\":\"secretary\",\"township\":null}",
                 ERR_INVALID, "township");
    user_refused(f, &actor_system,
                 "{\"login\":\"user1\",\"role\":\"admin\",\"township\":\"diankou\"}", ERR_INVALID,
                 "township");
    user_refused(f, &actor_system,
                 "{\"login\":\"user1\",\"role\":\"commission_inspector\",\"township\":\"zhibu\"}",
                 ERR_INVALID, "township");
    user_refused(f, &actor_system, "{\"login\":\"user1\",\"role\":\"admin\",\"email\":\"x\"}",
                 ERR_INVALID, "email");
    user_refused(f, &actor_system, "{\"login\":\"user1\",\"role\":\"admin\",\"person_id\":0}",
                 ERR_INVALID, "person_id");
}

static void test_auth_user_create_refuses_short_passwords(void **state)
{
    struct auth_fixture *f = *state;
    user_refused(f, &actor_system,
                 "{\"login\":\"user1\",\"role\":\"admin\",\"password\":\"short\"}", ERR_INVALID,
                 "password");
    user_refused(f, &actor_system,
                 "{\"login\":\"user1\",\"role\":\"admin\",\"password\":\"12345678901\"}",
                 ERR_INVALID, "password");
    /* Counted in characters: eleven Chinese characters are still eleven
     * (ASVS 4.0.3 2.1.1: at least 12). */
    user_refused(f, &actor_system,
                 "{\"login\":\"user1\",\"role\":\"admin\",\"password\":\"一二三四五六七八九十一\"}",
                 ERR_INVALID, "password");
}

static void test_auth_user_create_needs_user_admin(void **state)
{
    struct auth_fixture *f = *state;
    user_refused(f, &diankou_clerk,
                 "{\"login\":\"user1\",\"role\":\"clerk\",\"township\":\"diankou\"}", ERR_FORBIDDEN,
                 NULL);
    user_refused(f, &public_actor, "{\"login\":\"user1\",\"role\":\"admin\"}", ERR_UNAUTHENTICATED,
                 NULL);
}

static void test_auth_user_create_refuses_an_unknown_township(void **state)
{
    struct auth_fixture *f = *state;
    user_refused(f, &actor_system,
                 "{\"login\":\"user1\",\"role\":\"clerk\",\"township\":\"nowhere\",\"password\":"
                 "\"" OTHER_PASSWORD "\"}",
                 ERR_INVALID, "township");
}

static void test_auth_user_create_refuses_a_taken_login(void **state)
{
    struct auth_fixture *f = *state;
    user_refused(f, &actor_system,
                 "{\"login\":\"clerk1\",\"role\":\"admin\",\"password\":\"" OTHER_PASSWORD "\"}",
                 ERR_CONFLICT, "login");
}

static void test_auth_user_create_refuses_a_person_of_another_township(void **state)
{
    struct auth_fixture *f = *state;
    char input[256];
    snprintf(input, sizeof(input),
             "{\"login\":\"user1\",\"role\":\"member\",\"township\":\"diankou\","
             "\"person_id\":%lld,\"password\":\"" OTHER_PASSWORD "\"}",
             (long long)f->zhibu_person);
    user_refused(f, &actor_system, input, ERR_INVALID, "person_id");
    /* A city-wide role is linked to no township's person. */
    snprintf(input, sizeof(input),
             "{\"login\":\"user1\",\"role\":\"admin\",\"person_id\":%lld,"
             "\"password\":\"" OTHER_PASSWORD "\"}",
             (long long)f->diankou_person);
    user_refused(f, &actor_system, input, ERR_INVALID, "person_id");
}

static void test_auth_user_create_records_an_event_without_secrets(void **state)
{
    struct auth_fixture *f = *state;
    struct store_conn *c = f->node.c;
    char input[256];
    json_t *result = NULL;
    struct err err;
    snprintf(input, sizeof(input),
             "{\"login\":\"member.one\",\"role\":\"member\",\"township\":\"diankou\","
             "\"person_id\":%lld,\"password\":\"secret-member-pw\"}",
             (long long)f->diankou_person);
    int64_t before = unit_event_count(c);
    assert_int_equal(create_user(c, &actor_system, input, &result), ERR_OK);
    assert_int_equal(unit_event_count(c), before + 1);
    assert_null(json_object_get(result, "password"));
    const json_t *item = json_object_get(result, "item");
    assert_string_equal(json_string_value(json_object_get(item, "login")), "member.one");
    assert_string_equal(json_string_value(json_object_get(item, "role")), "member");
    assert_string_equal(json_string_value(json_object_get(item, "township_id")), "diankou");
    assert_int_equal(json_integer_value(json_object_get(item, "person_id")), f->diankou_person);
    assert_int_equal(json_string_length(json_object_get(item, "created")), 24);
    const json_t *event = json_object_get(result, "event");
    assert_string_equal(json_string_value(json_object_get(event, "type")), "user.created");
    int64_t id = (int64_t)json_integer_value(json_object_get(item, "id"));
    json_decref(result);

    json_t *row = NULL;
    err_init(&err);
    assert_int_equal(store_query_row(c, &row, &err,
                                     "SELECT CAST(body AS TEXT) AS body, township FROM events"
                                     " ORDER BY seq DESC LIMIT 1",
                                     ""),
                     ERR_OK);
    const char *body = json_string_value(json_object_get(row, "body"));
    assert_null(strstr(body, "secret-member-pw"));
    assert_null(strstr(body, "\"password\""));
    assert_null(strstr(body, "argon2"));
    /* The login is sealed: the record carries its digest only. */
    assert_null(strstr(body, "member.one"));
    assert_non_null(strstr(body, "\"sealed_digest\""));
    assert_string_equal(json_string_value(json_object_get(row, "township")), "diankou");
    json_decref(row);

    assert_int_equal(store_query_row(c, &row, &err,
                                     "SELECT password_hash FROM credentials WHERE user_id = ?", "i",
                                     id),
                     ERR_OK);
    assert_non_null(row);
    assert_true(
        strncmp(json_string_value(json_object_get(row, "password_hash")), "$argon2id$", 10) == 0);
    json_decref(row);
}

static void test_auth_user_create_generates_a_password_when_none_is_given(void **state)
{
    struct auth_fixture *f = *state;
    struct store_conn *c = f->node.c;
    json_t *result = NULL;
    assert_int_equal(create_user(c, &actor_system,
                                 "{\"login\":\"inspector1\",\"role\":\"commission_inspector\"}",
                                 &result),
                     ERR_OK);
    const char *password = json_string_value(json_object_get(result, "password"));
    assert_non_null(password);
    assert_int_equal(strlen(password), PASSWORD_GENERATED);
    for (const char *p = password; *p != '\0'; p++) {
        assert_non_null(strchr("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", *p));
    }
    assert_true(json_is_null(json_object_get(json_object_get(result, "item"), "township_id")));
    char token[AUTH_TOKEN_MAX];
    struct auth_user user;
    assert_int_equal(login(c, "inspector1", password, "10.0.1.1", token, &user), ERR_OK);
    assert_int_equal(user.role, ROLE_COMMISSION_INSPECTOR);
    assert_string_equal(user.township, "");
    json_decref(result);
}

static void test_auth_user_list_pages_users(void **state)
{
    struct auth_fixture *f = *state;
    json_t *page = NULL;
    struct err err;
    err_init(&err);
    assert_int_equal(user_list(f->node.c, NULL, 2, 0, &page, &err), ERR_OK);
    assert_true(json_integer_value(json_object_get(page, "total")) >= 4);
    const json_t *items = json_object_get(page, "items");
    assert_int_equal(json_array_size(items), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "login")),
                        "admin1");
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "township_id")),
                        "diankou");
    assert_null(json_object_get(json_array_get(items, 0), "password_hash"));
    json_decref(page);
}

/* ---- login and sessions ---- */

/* SHA-256 of text, computed with OpenSSL. */
static void sha256_of(const char *text, unsigned char out[32])
{
    unsigned int n = 0;
    assert_int_equal(EVP_Digest(text, strlen(text), out, &n, EVP_sha256(), NULL), 1);
    assert_int_equal(n, 32);
}

static void test_auth_login_opens_a_session(void **state)
{
    struct auth_fixture *f = *state;
    struct store_conn *c = f->node.c;
    char token[AUTH_TOKEN_MAX];
    struct auth_user user;
    struct auth_user again;
    assert_int_equal(login(c, "clerk1", CLERK_PASSWORD, "10.0.2.1", token, &user), ERR_OK);
    assert_true(strncmp(token, "ps_", 3) == 0);
    assert_true(strlen(token) > 40);
    assert_int_equal(user.id, f->clerk_id);
    assert_string_equal(user.login, "clerk1");
    assert_int_equal(user.role, ROLE_CLERK);
    assert_string_equal(user.township, "diankou");
    assert_true(strncmp(user.csrf, "pc_", 3) == 0);

    assert_int_equal(session(c, token, &again), ERR_OK);
    assert_int_equal(again.id, user.id);
    assert_string_equal(again.csrf, user.csrf);

    /* Only the token's SHA-256 is kept: the session is found by it. */
    unsigned char digest[32];
    sha256_of(token, digest);
    int64_t user_id = 0, epoch = -1;
    char csrf[AUTH_TOKEN_MAX];
    assert_true(sessions_find(digest, utc_now_ms(), &user_id, &epoch, csrf, sizeof(csrf)));
    assert_int_equal(user_id, f->clerk_id);
    assert_int_equal(epoch, 0);
    assert_string_equal(csrf, user.csrf);

    struct actor who;
    auth_actor(&user, &who);
    assert_int_equal(who.user_id, f->clerk_id);
    assert_string_equal(who.login, "clerk1");
    assert_string_equal(who.township, "diankou");
    json_t *v = auth_user_json(&user);
    assert_string_equal(json_string_value(json_object_get(v, "role")), "clerk");
    assert_string_equal(json_string_value(json_object_get(v, "township")), "diankou");
    assert_true(json_is_null(json_object_get(v, "person_id")));
    json_decref(v);
}

static void test_auth_login_refuses_wrong_password_and_unknown_login(void **state)
{
    struct auth_fixture *f = *state;
    struct store_conn *c = f->node.c;
    char token[AUTH_TOKEN_MAX];
    struct auth_user user;
    assert_int_equal(login(c, "clerk1", "not-the-password", "10.0.3.1", token, &user),
                     ERR_UNAUTHENTICATED);
    assert_string_equal(token, "");
    assert_int_equal(login(c, "nobody", CLERK_PASSWORD, "10.0.3.1", token, &user),
                     ERR_UNAUTHENTICATED);
    assert_int_equal(login(c, "clerk1", CLERK_PASSWORD, "10.0.3.1", token, &user), ERR_OK);
}

static void test_auth_a_login_that_keeps_failing_from_an_address_waits_there_only(void **state)
{
    struct auth_fixture *f = *state;
    struct store_conn *c = f->node.c;
    char token[AUTH_TOKEN_MAX];
    struct auth_user user;
    struct err err;
    /* Five failures are free; after the sixth, that address waits 1 s. */
    for (int i = 0; i < THROTTLE_FREE_TRIES + 1; i++) {
        assert_int_equal(login(c, "throttled1", "wrong-password", "10.0.4.1", token, &user),
                         ERR_UNAUTHENTICATED);
    }
    err_init(&err);
    assert_int_equal(auth_login(store_of(c), "throttled1", OTHER_PASSWORD,
                                &(struct session_client){"10.0.4.1", NULL}, token, NULL, &user,
                                &err),
                     ERR_RATE_LIMITED);
    assert_int_equal(err.retry_after_s, 1);
    assert_string_equal(token, "");
    /* The right password from an address that has not failed gets in:
     * nobody can lock another person out. */
    assert_int_equal(login(c, "throttled1", OTHER_PASSWORD, "10.0.4.2", token, &user), ERR_OK);
}

static void test_auth_a_success_forgives_the_failures(void **state)
{
    struct auth_fixture *f = *state;
    struct store_conn *c = f->node.c;
    char token[AUTH_TOKEN_MAX];
    struct auth_user user;
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < THROTTLE_FREE_TRIES; i++) {
            assert_int_equal(login(c, "clerk1", "wrong-password", "10.0.5.1", token, &user),
                             ERR_UNAUTHENTICATED);
        }
        assert_int_equal(login(c, "clerk1", CLERK_PASSWORD, "10.0.5.1", token, &user), ERR_OK);
    }
}

/* ASVS 4.0.3 V3.3.2 (level 2): 30 minutes idle, 12 hours at most. */
static void test_auth_asvs_3_3_2_sessions_end_idle_and_after_twelve_hours(void **state)
{
    struct auth_fixture *f = *state;
    struct store_conn *c = f->node.c;
    char token[AUTH_TOKEN_MAX];
    struct auth_user user;
    struct err err;
    assert_int_equal(login(c, "admin1", ADMIN_PASSWORD, "10.0.7.1", token, &user), ERR_OK);
    assert_int_equal(session(c, token, &user), ERR_OK);
    err_init(&err);
    /* Unused for AUTH_SESSION_IDLE_MS, the session is over (ASVS 4.0.3
     * 3.3.2), and later instants do not find it either. */
    int64_t now = utc_now_ms();
    assert_int_equal(
        auth_session_at(store_of(c), token, now + AUTH_SESSION_IDLE_MS - 1000, &user, &err),
        ERR_OK);
    assert_int_equal(
        auth_session_at(store_of(c), token, now + 2 * AUTH_SESSION_IDLE_MS, &user, &err),
        ERR_UNAUTHENTICATED);
    assert_int_equal(session(c, token, &user), ERR_UNAUTHENTICATED);

    /* Used at least every AUTH_SESSION_IDLE_MS, a session lasts
     * AUTH_SESSION_TTL_MS (12 hours), and not a moment more. */
    assert_int_equal(login(c, "admin1", ADMIN_PASSWORD, "10.0.7.1", token, &user), ERR_OK);
    now = utc_now_ms();
    int64_t at = now;
    while (at + AUTH_SESSION_IDLE_MS - 1000 < now + AUTH_SESSION_TTL_MS) {
        at += AUTH_SESSION_IDLE_MS - 1000;
        assert_int_equal(auth_session_at(store_of(c), token, at, &user, &err), ERR_OK);
    }
    assert_int_equal(
        auth_session_at(store_of(c), token, now + AUTH_SESSION_TTL_MS + 1000, &user, &err),
        ERR_UNAUTHENTICATED);
    assert_true(AUTH_SESSION_IDLE_MS <= 30LL * 60 * 1000 &&
                AUTH_SESSION_TTL_MS <= 12LL * 3600 * 1000);
}

static void test_auth_logout_ends_only_that_session(void **state)
{
    struct auth_fixture *f = *state;
    struct store_conn *c = f->node.c;
    char first[AUTH_TOKEN_MAX];
    char second[AUTH_TOKEN_MAX];
    struct auth_user user;
    struct err err;
    assert_int_equal(login(c, "clerk1", CLERK_PASSWORD, "10.0.8.1", first, &user), ERR_OK);
    assert_int_equal(login(c, "clerk1", CLERK_PASSWORD, "10.0.8.2", second, &user), ERR_OK);
    assert_string_not_equal(first, second);
    err_init(&err);
    assert_int_equal(auth_logout(store_of(c), first, &err), ERR_OK);
    assert_int_equal(session(c, first, &user), ERR_UNAUTHENTICATED);
    assert_int_equal(session(c, second, &user), ERR_OK);
    /* Logging out twice is no error. */
    assert_int_equal(auth_logout(store_of(c), first, &err), ERR_OK);
    assert_int_equal(auth_logout(store_of(c), second, &err), ERR_OK);
    assert_int_equal(session(c, second, &user), ERR_UNAUTHENTICATED);
}

/* The key of test session n. */
static void test_key(int n, session_key key)
{
    memset(key, 0, sizeof(session_key));
    key[0] = (unsigned char)n;
    key[5] = 0x5a;
}

static void test_auth_asvs_3_3_4_a_user_lists_their_live_sessions_and_ends_others(void **state)
{
    (void)state;
    session_key k1, k2, k3, k4;
    struct session_info list[SESSIONS_LIST_MAX];
    int64_t now = 1800000000000;
    char long_device[400];
    memset(long_device, 'a', sizeof(long_device) - 1);
    long_device[sizeof(long_device) - 1] = '\0';
    test_key(1, k1);
    test_key(2, k2);
    test_key(3, k3);
    test_key(4, k4);
    sessions_reset();
    sessions_open(k1, 7, 1, "c1", &(struct session_client){"10.0.0.1", "Firefox\n\x01中"}, now,
                  now + AUTH_SESSION_TTL_MS, AUTH_SESSION_IDLE_MS);
    sessions_open(k2, 7, 1, "c2", &(struct session_client){"10.0.0.2", long_device}, now + 1000,
                  now + AUTH_SESSION_TTL_MS, AUTH_SESSION_IDLE_MS);
    sessions_open(k3, 8, 1, "c3", &(struct session_client){"10.0.0.3", NULL}, now + 2000,
                  now + AUTH_SESSION_TTL_MS, AUTH_SESSION_IDLE_MS);
    /* One that was left unused past its idle time is not listed. */
    sessions_open(k4, 7, 1, "c4", &(struct session_client){"10.0.0.4", NULL},
                  now - AUTH_SESSION_IDLE_MS - 1, now + AUTH_SESSION_TTL_MS, AUTH_SESSION_IDLE_MS);

    size_t n = sessions_list_user(7, k1, now + 3000, list, SESSIONS_LIST_MAX);
    assert_int_equal(n, 2);
    assert_string_equal(list[0].address, "10.0.0.2"); /* the newest first */
    assert_false(list[0].current);
    assert_int_equal(strlen(list[0].device), SESSIONS_DEVICE_MAX - 1); /* cut, not overrun */
    assert_string_equal(list[1].address, "10.0.0.1");
    assert_true(list[1].current);
    assert_string_equal(list[1].device, "Firefox?????"); /* printable ASCII only */
    assert_int_equal(list[1].opened_ms, now);
    assert_int_equal(list[1].ends_ms, now + AUTH_SESSION_IDLE_MS);
    assert_int_equal(strlen(list[1].id), 16);
    assert_string_not_equal(list[0].id, list[1].id);
    assert_int_equal(sessions_list_user(7, k1, now + 3000, list, 1), 1);

    /* Another user's handle ends nothing; the current one is left open;
     * one's own other ends that one. */
    char id1[17], id2[17];
    memcpy(id2, list[0].id, sizeof(id2));
    memcpy(id1, list[1].id, sizeof(id1));
    assert_int_equal(sessions_close_handle(8, k3, id2, now + 3000), SESSIONS_NONE);
    assert_int_equal(sessions_close_handle(7, k1, id1, now + 3000), SESSIONS_CURRENT);
    assert_int_equal(sessions_close_handle(7, k1, id2, now + 3000), SESSIONS_CLOSED);
    assert_int_equal(sessions_close_handle(7, k1, id2, now + 3000), SESSIONS_NONE);
    assert_int_equal(sessions_list_user(7, k1, now + 3000, list, SESSIONS_LIST_MAX), 1);
    assert_true(list[0].current);

    /* All the others: the current one and another user's stay. */
    sessions_open(k2, 7, 1, "c2", NULL, now + 4000, now + AUTH_SESSION_TTL_MS,
                  AUTH_SESSION_IDLE_MS);
    assert_int_equal(sessions_close_others(7, k1, now + 4000), 1);
    n = sessions_list_user(7, k1, now + 5000, list, SESSIONS_LIST_MAX);
    assert_int_equal(n, 1);
    assert_true(list[0].current);
    assert_int_equal(sessions_list_user(8, NULL, now + 5000, list, SESSIONS_LIST_MAX), 1);
    assert_false(list[0].current);
    assert_string_equal(list[0].device, "");
    sessions_reset();
}

static void test_auth_unknown_session_tokens_are_refused(void **state)
{
    struct auth_fixture *f = *state;
    struct auth_user user;
    assert_int_equal(session(f->node.c, "ps_not-a-real-token", &user), ERR_UNAUTHENTICATED);
    assert_int_equal(session(f->node.c, "", &user), ERR_UNAUTHENTICATED);
}

/* ---- bearer tokens ---- */

/* Creates a token for u from input given as JSON text. */
static enum err_code make_token(struct store_conn *c,
                                const struct auth_user *u,
                                const char *input,
                                char token[AUTH_TOKEN_MAX],
                                json_t **item,
                                struct err *err)
{
    json_t *in = unit_json(input);
    enum err_code rc = auth_token_create(store_of(c), u, in, token, item, err);
    json_decref(in);
    return rc;
}

static void test_auth_bearer_tokens_create_find_and_delete(void **state)
{
    struct auth_fixture *f = *state;
    struct store_conn *c = f->node.c;
    const struct auth_user admin = {.id = f->admin_id, .role = ROLE_ADMIN};
    const struct auth_user clerk = {.id = f->clerk_id, .role = ROLE_CLERK, .township = "diankou"};
    char admin_token[AUTH_TOKEN_MAX];
    char clerk_token[AUTH_TOKEN_MAX];
    json_t *admin_item = NULL;
    json_t *clerk_item = NULL;
    json_t *list = NULL;
    struct auth_user user;
    struct err err;
    err_init(&err);
    assert_int_equal(make_token(c, &admin, "{\"label\":\"ci-export\",\"access\":\"write\"}",
                                admin_token, &admin_item, &err),
                     ERR_OK);
    assert_int_equal(make_token(c, &clerk,
                                "{\"label\":\"sync\",\"township\":\"diankou\",\"area\":\"task\","
                                "\"expires_in_days\":7}",
                                clerk_token, &clerk_item, &err),
                     ERR_OK);
    assert_true(strncmp(admin_token, "pt_", 3) == 0);
    assert_string_not_equal(admin_token, clerk_token);
    assert_string_equal(json_string_value(json_object_get(admin_item, "label")), "ci-export");
    assert_int_equal(json_string_length(json_object_get(admin_item, "created")), 24);
    assert_int_equal(json_object_size(admin_item), 7);
    assert_string_equal(json_string_value(json_object_get(admin_item, "access")), "write");
    assert_true(json_is_null(json_object_get(admin_item, "township")));
    assert_true(json_is_null(json_object_get(admin_item, "area")));
    /* Read only unless asked; the days counted from now. */
    assert_string_equal(json_string_value(json_object_get(clerk_item, "access")), "read");
    assert_string_equal(json_string_value(json_object_get(clerk_item, "township")), "diankou");
    assert_string_equal(json_string_value(json_object_get(clerk_item, "area")), "task");
    int64_t expires = 0;
    assert_true(utc_parse(json_string_value(json_object_get(clerk_item, "expires")), &expires));
    assert_true(llabs(expires - (utc_now_ms() + 7 * 86400000LL)) < 60000);
    int64_t admin_token_id = (int64_t)json_integer_value(json_object_get(admin_item, "id"));
    int64_t clerk_token_id = (int64_t)json_integer_value(json_object_get(clerk_item, "id"));

    assert_int_equal(auth_bearer(store_of(c), admin_token, &user, &err), ERR_OK);
    assert_int_equal(user.id, f->admin_id);
    assert_int_equal(user.role, ROLE_ADMIN);
    assert_string_equal(user.csrf, "");
    assert_true(user.by_token);
    assert_false(user.scope.read_only);
    assert_int_equal(auth_bearer(store_of(c), clerk_token, &user, &err), ERR_OK);
    assert_int_equal(user.id, f->clerk_id);
    struct actor who;
    auth_actor(&user, &who);
    assert_non_null(who.token);
    assert_true(who.token->read_only);
    assert_string_equal(who.token->township, "diankou");
    assert_string_equal(who.token->area, "task");
    assert_int_equal(auth_bearer(store_of(c), "pt_unknown", &user, &err), ERR_UNAUTHENTICATED);

    /* A scope must be one: an area that exists, the user's own township. */
    char ignored_token[AUTH_TOKEN_MAX];
    json_t *ignored_item = NULL;
    assert_int_equal(make_token(c, &clerk, "{\"label\":\"x\",\"township\":\"zhibu\"}",
                                ignored_token, &ignored_item, &err),
                     ERR_INVALID);
    assert_string_equal(err.field, "township");
    assert_int_equal(make_token(c, &admin, "{\"label\":\"x\",\"area\":\"nowhere\"}", ignored_token,
                                &ignored_item, &err),
                     ERR_INVALID);
    assert_string_equal(err.field, "area");
    assert_int_equal(make_token(c, &admin, "{\"label\":\"x\",\"township\":\"nowhere\"}",
                                ignored_token, &ignored_item, &err),
                     ERR_INVALID);
    assert_string_equal(err.field, "township");

    assert_int_equal(auth_token_list(store_of(c), f->admin_id, &list, &err), ERR_OK);
    assert_int_equal(json_array_size(list), 1);
    assert_true(json_equal(json_array_get(list, 0), admin_item));
    json_decref(list);

    /* Another user's token is not found, and keeps working. */
    assert_int_equal(auth_token_delete(store_of(c), f->admin_id, clerk_token_id, &err),
                     ERR_NOT_FOUND);
    assert_int_equal(auth_bearer(store_of(c), clerk_token, &user, &err), ERR_OK);
    assert_int_equal(auth_token_delete(store_of(c), f->admin_id, 999999, &err), ERR_NOT_FOUND);

    assert_int_equal(auth_token_delete(store_of(c), f->admin_id, admin_token_id, &err), ERR_OK);
    assert_int_equal(auth_bearer(store_of(c), admin_token, &user, &err), ERR_UNAUTHENTICATED);
    assert_int_equal(auth_token_delete(store_of(c), f->admin_id, admin_token_id, &err),
                     ERR_NOT_FOUND);
    assert_int_equal(auth_token_list(store_of(c), f->admin_id, &list, &err), ERR_OK);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);

    /* A token whose time is over is refused. */
    assert_int_equal(store_exec(c, &err, "UPDATE api_tokens SET expires_ms = ? WHERE id = ?", "ii",
                                utc_now_ms() - 1, clerk_token_id),
                     ERR_OK);
    assert_int_equal(auth_bearer(store_of(c), clerk_token, &user, &err), ERR_UNAUTHENTICATED);

    /* Session and bearer tokens are not interchangeable. */
    struct auth_user ignored;
    assert_int_equal(auth_session(store_of(c), clerk_token, &ignored, &err), ERR_UNAUTHENTICATED);
    assert_int_equal(auth_token_delete(store_of(c), f->clerk_id, clerk_token_id, &err), ERR_OK);
    json_decref(admin_item);
    json_decref(clerk_item);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_auth_user_create_checks_the_login_pattern),
        cmocka_unit_test(test_auth_user_create_checks_role_and_township),
        cmocka_unit_test(test_auth_user_create_refuses_short_passwords),
        cmocka_unit_test(test_auth_user_create_needs_user_admin),
        cmocka_unit_test(test_auth_user_create_refuses_an_unknown_township),
        cmocka_unit_test(test_auth_user_create_refuses_a_taken_login),
        cmocka_unit_test(test_auth_user_create_refuses_a_person_of_another_township),
        cmocka_unit_test(test_auth_user_create_records_an_event_without_secrets),
        cmocka_unit_test(test_auth_user_create_generates_a_password_when_none_is_given),
        cmocka_unit_test(test_auth_user_list_pages_users),
        cmocka_unit_test(test_auth_login_opens_a_session),
        cmocka_unit_test(test_auth_login_refuses_wrong_password_and_unknown_login),
        cmocka_unit_test(test_auth_a_login_that_keeps_failing_from_an_address_waits_there_only),
        cmocka_unit_test(test_auth_a_success_forgives_the_failures),
        cmocka_unit_test(test_auth_asvs_3_3_2_sessions_end_idle_and_after_twelve_hours),
        cmocka_unit_test(test_auth_logout_ends_only_that_session),
        cmocka_unit_test(test_auth_asvs_3_3_4_a_user_lists_their_live_sessions_and_ends_others),
        cmocka_unit_test(test_auth_unknown_session_tokens_are_refused),
        cmocka_unit_test(test_auth_bearer_tokens_create_find_and_delete),
    };
    return cmocka_run_group_tests(tests, setup_auth, teardown_auth);
}
