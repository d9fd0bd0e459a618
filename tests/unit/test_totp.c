/*
 * Unit tests of two-factor sign-in: the code check (areas/user/totp.h)
 * against RFC 6238 Appendix B's SHA-1 test vectors, in 8 digits and
 * truncated to 6, its window of one step either side and its refusal of
 * a step already used; then, on one temporary node, a step kept once in
 * the credentials (user_totp_use), the secret sealed at rest (a clear one
 * sealed when the node opens) and bound to its owner and node, setting it up and turning it on
 * (user.totp_enrol, user.totp_confirm), signing in in two steps
 * (auth_login's ticket, auth_login_code), code guessing throttled by
 * login from any address, and an administrator's reset.
 */
#include "areas/user/auth.h"
#include "areas/user/throttle.h"
#include "areas/user/totp.h"
#include "areas/user/user.h"

#include <oath.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_account.h"
#include "unit_node.h"

#define PASSWORD "two-factor-password-1"
/* RFC 6238 Appendix B: the SHA-1 seed, "12345678901234567890" in ASCII. */
#define RFC_KEY "12345678901234567890"

static const unsigned char *rfc_key(void)
{
    return (const unsigned char *)RFC_KEY;
}

/* Appendix B's SHA-1 rows: Unix time, TOTP (8 digits). */
static const struct {
    int64_t time;
    const char *code;
} rfc_vectors[] = {
    {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
    {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
};

static enum totp_result check_at(int64_t now_s, unsigned digits, const char *code, int64_t last)
{
    int64_t step = -1;
    enum totp_result r = totp_check(rfc_key(), 20, now_s, digits, code, last, &step);
    if (r == TOTP_ACCEPTED) {
        assert_true(step > last);
    }
    return r;
}

static void test_totp_matches_rfc6238_sha1_vectors(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(rfc_vectors); i++) {
        int64_t step = -1;
        assert_int_equal(
            totp_check(rfc_key(), 20, rfc_vectors[i].time, 8, rfc_vectors[i].code, 0, &step),
            TOTP_ACCEPTED);
        assert_int_equal(step, rfc_vectors[i].time / 30);
        assert_int_equal(totp_step_of(rfc_vectors[i].time), rfc_vectors[i].time / 30);
    }
}

static void test_totp_truncates_to_six_digits(void **state)
{
    (void)state;
    /* RFC 4226 §5.3: the code is the truncated value mod 10^digits, so the
     * 6-digit code is the 8-digit one's last six digits. */
    for (size_t i = 0; i < ARRAY_SIZE(rfc_vectors); i++) {
        const char *six = rfc_vectors[i].code + 2;
        assert_int_equal(check_at(rfc_vectors[i].time, TOTP_DIGITS, six, 0), TOTP_ACCEPTED);
        /* Six digits are not eight. */
        assert_int_equal(check_at(rfc_vectors[i].time, 8, six, 0), TOTP_WRONG);
        assert_int_equal(check_at(rfc_vectors[i].time, TOTP_DIGITS, rfc_vectors[i].code, 0),
                         TOTP_WRONG);
    }
    assert_int_equal(check_at(59, TOTP_DIGITS, "287082", 0), TOTP_ACCEPTED);
}

static void test_totp_accepts_one_step_either_side(void **state)
{
    (void)state;
    /* 287082 is the code of step 1 (30..59 s). */
    assert_int_equal(check_at(0, 6, "287082", 0), TOTP_ACCEPTED);  /* step 0: one early */
    assert_int_equal(check_at(30, 6, "287082", 0), TOTP_ACCEPTED); /* its own step */
    assert_int_equal(check_at(89, 6, "287082", 0), TOTP_ACCEPTED); /* step 2: one late */
    assert_int_equal(check_at(90, 6, "287082", 0), TOTP_WRONG);    /* step 3: too late */
    assert_int_equal(check_at(5000, 6, "287082", 0), TOTP_WRONG);
}

static void test_totp_refuses_a_step_used_or_earlier(void **state)
{
    (void)state;
    int64_t step = 0;
    assert_int_equal(totp_check(rfc_key(), 20, 59, 6, "287082", 0, &step), TOTP_ACCEPTED);
    assert_int_equal(step, 1);
    /* The same code again, once step 1 is the last used: a replay. */
    assert_int_equal(check_at(59, 6, "287082", 1), TOTP_REPLAYED);
    /* A later step was used already: step 1's code is stale too. */
    assert_int_equal(check_at(59, 6, "287082", 2), TOTP_REPLAYED);
}

static void test_totp_refuses_malformed_codes(void **state)
{
    (void)state;
    const char *bad[] = {"", "28708", "2870820", "28708a", " 28708", "287083", "２８７０８２"};
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        assert_int_equal(check_at(59, 6, bad[i], 0), TOTP_WRONG);
    }
    assert_int_equal(check_at(59, 5, "87082", 0), TOTP_WRONG);
    assert_int_equal(check_at(59, 9, "094287082", 0), TOTP_WRONG);
}

static void test_totp_writes_base32_and_the_key_uri(void **state)
{
    (void)state;
    char base32[TOTP_BASE32_MAX], uri[TOTP_URI_MAX];
    totp_base32(rfc_key(), base32);
    assert_string_equal(base32, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    assert_true(totp_uri(rfc_key(), "diankou.clerk", uri));
    assert_string_equal(uri, "otpauth://totp/probity:diankou.clerk?secret="
                             "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=probity&algorithm=SHA1"
                             "&digits=6&period=30");
    unsigned char a[TOTP_SECRET_BYTES], b[TOTP_SECRET_BYTES];
    totp_new_secret(a);
    totp_new_secret(b);
    assert_memory_not_equal(a, b, TOTP_SECRET_BYTES);
}

/* ---- on a node ---- */

struct totp_fixture {
    struct unit_node node;
    int64_t admin_id;
};

static struct store_conn *conn(void **state)
{
    return ((struct totp_fixture *)*state)->node.c;
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

/* The user's TOTP secret as the credentials keep it (present). */
static void secret_of(void **state, int64_t id, unsigned char secret[TOTP_SECRET_BYTES])
{
    struct store_stmt *s = NULL;
    struct err err;
    err_init(&err);
    assert_int_equal(store_prepare(conn(state),
                                   "SELECT totp_secret FROM credentials WHERE user_id = ?", &s,
                                   &err),
                     ERR_OK);
    store_bind_int(s, 1, id);
    assert_int_equal(store_step(s, &err), STORE_ROW);
    size_t len = 0;
    const void *blob = store_col_blob(s, 0, &len);
    assert_int_equal(len, USER_TOTP_SEALED_BYTES);
    assert_int_equal(
        vault_open(store_of(conn(state)), USER_TOTP_PURPOSE, id, blob, len, secret, &err), ERR_OK);
    /* Not in the clear anywhere in the row. */
    for (size_t at = 0; at + TOTP_SECRET_BYTES <= len; at++) {
        assert_memory_not_equal((const unsigned char *)blob + at, secret, TOTP_SECRET_BYTES);
    }
    store_done(s);
}

/* The 6-digit code of secret at Unix time t, made by liboath directly. */
static void code_at(const unsigned char secret[TOTP_SECRET_BYTES], int64_t t, char code[8])
{
    assert_int_equal(oath_init(), OATH_OK);
    assert_int_equal(
        oath_totp_generate((const char *)secret, TOTP_SECRET_BYTES, (time_t)t, 30, 0, 6, code),
        OATH_OK);
}

/* The state of the user's two-factor sign-in in the users table ("" off). */
static const char *state_of(void **state, int64_t id, char out[16])
{
    json_t *row = NULL;
    struct err err;
    err_init(&err);
    assert_int_equal(user_load(conn(state), id, &row, &err), ERR_OK);
    const char *totp = json_string_value(json_object_get(row, "totp"));
    snprintf(out, 16, "%s", totp ? totp : "");
    json_decref(row);
    return out;
}

/* Signs login in with PASSWORD as the first step; the ticket in ticket. */
static enum err_code password_step(void **state,
                                   const char *login,
                                   const char *address,
                                   char token[AUTH_TOKEN_MAX],
                                   char ticket[AUTH_TICKET_MAX],
                                   struct auth_user *user)
{
    struct err err;
    err_init(&err);
    return auth_login(((struct totp_fixture *)*state)->node.st, login, PASSWORD,
                      &(struct session_client){address, NULL}, token, ticket, user, &err);
}

static enum err_code code_step(void **state,
                               const char *ticket,
                               const char *code,
                               const char *address,
                               char token[AUTH_TOKEN_MAX],
                               struct auth_user *user,
                               struct err *err)
{
    return auth_login_code(((struct totp_fixture *)*state)->node.st, ticket, code,
                           &(struct session_client){address, NULL}, token, user, err);
}

/* Makes user login and turns their two-factor sign-in on, as they would:
 * set up, then confirmed with the current code. Their secret in secret. */
static int64_t
make_two_factor_user(void **state, const char *login, unsigned char secret[TOTP_SECRET_BYTES])
{
    int64_t id = make_user(state, login);
    char token[AUTH_TOKEN_MAX], ticket[AUTH_TICKET_MAX], code[8], st[16];
    struct auth_user user;
    struct actor who;
    json_t *result = NULL;
    struct err err;
    err_init(&err);
    assert_int_equal(password_step(state, login, "10.7.0.1", token, ticket, &user), ERR_OK);
    assert_string_equal(ticket, "");
    auth_actor(&user, &who);
    assert_int_equal(run(state, &who, &user_totp_enrol_command, 0,
                         "{\"password\": \"" PASSWORD "\"}", &result, &err),
                     ERR_OK);
    assert_string_equal(state_of(state, id, st), "pending");
    secret_of(state, id, secret);
    char base32[TOTP_BASE32_MAX];
    totp_base32(secret, base32);
    assert_string_equal(json_string_value(json_object_get(result, "secret")), base32);
    assert_non_null(strstr(json_string_value(json_object_get(result, "uri")), base32));
    json_decref(result);
    /* Not on until a code confirms it: signing in needs no code yet. */
    assert_int_equal(password_step(state, login, "10.7.0.1", token, ticket, &user), ERR_OK);
    assert_string_equal(ticket, "");
    assert_int_equal(
        run(state, &who, &user_totp_confirm_command, 0, "{\"code\":\"000000x\"}", NULL, &err),
        ERR_INVALID);
    assert_string_equal(err.field, "code");
    code_at(secret, utc_now_ms() / 1000, code);
    char input[64];
    snprintf(input, sizeof(input), "{\"code\":\"%s\"}", code);
    assert_int_equal(run(state, &who, &user_totp_confirm_command, 0, input, NULL, &err), ERR_OK);
    assert_string_equal(state_of(state, id, st), "on");
    return id;
}

static void test_totp_use_keeps_each_step_once(void **state)
{
    int64_t id = make_user(state, "steps1");
    enum totp_result r = TOTP_WRONG;
    struct err err;
    err_init(&err);
    /* Without a secret nothing is accepted. */
    assert_int_equal(user_totp_use(conn(state), id, 59, "287082", &r, &err), ERR_OK);
    assert_int_equal(r, TOTP_WRONG);
    /* The secret kept in the clear, as schema 16 kept it, is sealed when
     * the node opens. */
    assert_int_equal(store_exec(conn(state), &err,
                                "UPDATE credentials SET totp_secret = ? WHERE user_id = ?", "bi",
                                RFC_KEY, (size_t)20, id),
                     ERR_OK);
    assert_int_equal(user_open(store_of(conn(state)), &err), ERR_OK);
    unsigned char secret[TOTP_SECRET_BYTES];
    secret_of(state, id, secret);
    assert_memory_equal(secret, RFC_KEY, TOTP_SECRET_BYTES);
    assert_int_equal(user_totp_use(conn(state), id, 59, "287082", &r, &err), ERR_OK);
    assert_int_equal(r, TOTP_ACCEPTED);
    assert_int_equal(user_totp_use(conn(state), id, 59, "287082", &r, &err), ERR_OK);
    assert_int_equal(r, TOTP_REPLAYED);
    /* The next step's code is a new one. */
    char code[8];
    code_at(rfc_key(), 60, code);
    assert_int_equal(user_totp_use(conn(state), id, 60, code, &r, &err), ERR_OK);
    assert_int_equal(r, TOTP_ACCEPTED);
    assert_int_equal(user_totp_use(conn(state), id, 59, "287082", &r, &err), ERR_OK);
    assert_int_equal(r, TOTP_REPLAYED);
}

/* A sealed secret opens only as its owner's, under its node's key. */
static void test_totp_secret_is_bound_to_its_owner_and_node(void **state)
{
    int64_t a = make_user(state, "bound1"), b = make_user(state, "bound2");
    unsigned char sealed[USER_TOTP_SEALED_BYTES], out[TOTP_SECRET_BYTES];
    struct err err;
    err_init(&err);
    struct store *st = store_of(conn(state));
    assert_int_equal(
        vault_seal(st, USER_TOTP_PURPOSE, a, rfc_key(), TOTP_SECRET_BYTES, sealed, &err), ERR_OK);
    assert_int_equal(vault_open(st, USER_TOTP_PURPOSE, a, sealed, sizeof(sealed), out, &err),
                     ERR_OK);
    assert_memory_equal(out, RFC_KEY, TOTP_SECRET_BYTES);
    /* Copied to another user's row, it does not open: no code is checked. */
    assert_int_equal(store_exec(conn(state), &err,
                                "UPDATE credentials SET totp_secret = ? WHERE user_id = ?", "bi",
                                sealed, sizeof(sealed), b),
                     ERR_OK);
    enum totp_result r = TOTP_ACCEPTED;
    assert_int_equal(user_totp_use(conn(state), b, 59, "287082", &r, &err), ERR_INTERNAL);
    /* Another node's key does not open it either. */
    struct unit_node other;
    assert_int_equal(unit_node_open(&other), 0);
    assert_int_equal(vault_open(other.st, USER_TOTP_PURPOSE, a, sealed, sizeof(sealed), out, &err),
                     ERR_INTERNAL);
    unit_node_close(&other);
    /* Nor a flipped bit. */
    sealed[sizeof(sealed) - 1] ^= 1;
    assert_int_equal(vault_open(st, USER_TOTP_PURPOSE, a, sealed, sizeof(sealed), out, &err),
                     ERR_INTERNAL);
    assert_int_equal(store_exec(conn(state), &err,
                                "UPDATE credentials SET totp_secret = NULL WHERE user_id = ?", "i",
                                b),
                     ERR_OK);
}

static void test_totp_sign_in_takes_two_steps(void **state)
{
    unsigned char secret[TOTP_SECRET_BYTES];
    (void)make_two_factor_user(state, "two.step1", secret);
    char token[AUTH_TOKEN_MAX], ticket[AUTH_TICKET_MAX], code[8];
    struct auth_user user;
    struct err err;
    err_init(&err);
    /* The password alone opens no session: it gives a ticket. */
    assert_int_equal(password_step(state, "two.step1", "10.7.1.1", token, ticket, &user), ERR_OK);
    assert_string_equal(token, "");
    assert_int_equal(strncmp(ticket, "pv_", 3), 0);
    {
        struct err e2;
        err_init(&e2);
        assert_int_equal(auth_login(((struct totp_fixture *)*state)->node.st, "two.step1", PASSWORD,
                                    &(struct session_client){"10.7.1.1", NULL}, token, NULL, &user,
                                    &e2),
                         ERR_UNAUTHENTICATED);
    }
    /* A wrong code, a forged ticket: no session. */
    assert_int_equal(code_step(state, ticket, "000000", "10.7.1.1", token, &user, &err),
                     ERR_UNAUTHENTICATED);
    assert_string_equal(err.field, "code");
    char forged[AUTH_TICKET_MAX];
    snprintf(forged, sizeof(forged), "%s", ticket);
    forged[10] = forged[10] == 'A' ? 'B' : 'A';
    code_at(secret, utc_now_ms() / 1000 + 30, code);
    assert_int_equal(code_step(state, forged, code, "10.7.1.1", token, &user, &err),
                     ERR_UNAUTHENTICATED);
    assert_string_equal(err.field, "");
    /* The confirmation used this step's code: the next step's opens the session. */
    assert_int_equal(code_step(state, ticket, code, "10.7.1.1", token, &user, &err), ERR_OK);
    assert_int_equal(strncmp(token, "ps_", 3), 0);
    assert_string_equal(user.login, "two.step1");
    assert_string_equal(user.totp, "on");
    struct auth_user again;
    assert_int_equal(auth_session(((struct totp_fixture *)*state)->node.st, token, &again, &err),
                     ERR_OK);
    /* The same code once more: refused as used. */
    assert_int_equal(code_step(state, ticket, code, "10.7.1.2", token, &user, &err),
                     ERR_UNAUTHENTICATED);
    assert_string_equal(err.field, "code");
    assert_non_null(strstr(err.message_en, "used already"));
}

static void test_totp_code_guessing_is_throttled_by_login(void **state)
{
    unsigned char secret[TOTP_SECRET_BYTES];
    (void)make_two_factor_user(state, "guess.code1", secret);
    char token[AUTH_TOKEN_MAX], ticket[AUTH_TICKET_MAX], address[32], code[8];
    struct auth_user user;
    struct err err;
    err_init(&err);
    assert_int_equal(password_step(state, "guess.code1", "10.7.2.1", token, ticket, &user), ERR_OK);
    /* Each wrong code from another address: the login's count still grows. */
    for (int i = 0; i <= THROTTLE_FREE_TRIES; i++) {
        snprintf(address, sizeof(address), "10.7.3.%d", i + 1);
        assert_int_equal(code_step(state, ticket, "000001", address, token, &user, &err),
                         ERR_UNAUTHENTICATED);
    }
    /* Then even the right code waits, from a new address too. */
    code_at(secret, utc_now_ms() / 1000 + 30, code);
    assert_int_equal(code_step(state, ticket, code, "10.7.4.1", token, &user, &err),
                     ERR_RATE_LIMITED);
    assert_true(err.retry_after_s >= 1);
}

static void test_totp_reset_by_an_administrator(void **state)
{
    struct totp_fixture *f = *state;
    unsigned char secret[TOTP_SECRET_BYTES];
    int64_t id = make_two_factor_user(state, "lost.phone1", secret);
    char token[AUTH_TOKEN_MAX], ticket[AUTH_TICKET_MAX], st[16];
    struct auth_user user;
    struct err err;
    err_init(&err);
    const struct actor admin = {.user_id = f->admin_id, .login = "root2", .role = ROLE_ADMIN};
    assert_int_equal(password_step(state, "lost.phone1", "10.7.5.1", token, ticket, &user), ERR_OK);
    assert_int_not_equal(ticket[0], '\0');
    assert_int_equal(run(state, &admin, &user_totp_reset_command, id, NULL, NULL, &err), ERR_OK);
    assert_string_equal(state_of(state, id, st), "");
    /* The ticket of before is over; the password alone signs in again. */
    char code[8];
    code_at(secret, utc_now_ms() / 1000 + 30, code);
    assert_int_equal(code_step(state, ticket, code, "10.7.5.1", token, &user, &err),
                     ERR_UNAUTHENTICATED);
    assert_int_equal(password_step(state, "lost.phone1", "10.7.5.1", token, ticket, &user), ERR_OK);
    assert_string_equal(ticket, "");
    assert_int_equal(strncmp(token, "ps_", 3), 0);
    /* Nothing left to reset. */
    assert_int_equal(run(state, &admin, &user_totp_reset_command, id, NULL, NULL, &err),
                     ERR_CONFLICT);
}

static int setup_totp(void **state)
{
    struct totp_fixture *f = xcalloc(1, sizeof(*f));
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
            "{\"login\":\"root2\",\"role\":\"admin\",\"password\":\"" PASSWORD "\"}", &result,
            &err) != ERR_OK) {
        return -1;
    }
    f->admin_id = json_integer_value(json_object_get(json_object_get(result, "item"), "id"));
    json_decref(result);
    return 0;
}

static int teardown_totp(void **state)
{
    struct totp_fixture *f = *state;
    unit_node_close(&f->node);
    xfree(f);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_totp_matches_rfc6238_sha1_vectors),
        cmocka_unit_test(test_totp_truncates_to_six_digits),
        cmocka_unit_test(test_totp_accepts_one_step_either_side),
        cmocka_unit_test(test_totp_refuses_a_step_used_or_earlier),
        cmocka_unit_test(test_totp_refuses_malformed_codes),
        cmocka_unit_test(test_totp_writes_base32_and_the_key_uri),
        cmocka_unit_test(test_totp_use_keeps_each_step_once),
        cmocka_unit_test(test_totp_secret_is_bound_to_its_owner_and_node),
        cmocka_unit_test(test_totp_sign_in_takes_two_steps),
        cmocka_unit_test(test_totp_code_guessing_is_throttled_by_login),
        cmocka_unit_test(test_totp_reset_by_an_administrator),
    };
    return cmocka_run_group_tests(tests, setup_totp, teardown_totp);
}
