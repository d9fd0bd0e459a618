/*
 * The second step of signing in, for a user whose two-factor sign-in is
 * on: the ticket the password gave (its user, the epoch of their
 * credentials and its end, authenticated with HMAC-SHA-512-256 under a
 * random key of the process's, so that it needs no table and no write)
 * and a current one-time code open the session. Code guessing is
 * throttled as password guessing is, and by login from any address. See
 * auth.h and docs/security.md, "Two-factor sign-in".
 */
#include "areas/user/auth.h"
#include "areas/user/sessions.h"

#include "store/store.h"

#include "areas/user/throttle.h"
#include "areas/user/user.h"
#include "core/seclog.h"
#include "core/utc.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

/* What a ticket says, as it is authenticated: three little-endian int64. */
#define TICKET_FIELDS 3
#define TICKET_BYTES  (TICKET_FIELDS * 8 + crypto_auth_BYTES)
#define TICKET_PREFIX "pv_"

static unsigned char ticket_key[crypto_auth_KEYBYTES];
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void make_ticket_key(void)
{
    crypto_auth_keygen(ticket_key);
}

static void put_int(unsigned char *p, int64_t v)
{
    for (int i = 0; i < 8; i++) {
        p[i] = (unsigned char)((uint64_t)v >> (8 * i));
    }
}

static int64_t get_int(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) {
        v = (v << 8) | p[i];
    }
    return (int64_t)v;
}

void auth_ticket_new(int64_t user_id, int64_t epoch, int64_t now_ms, char out[AUTH_TICKET_MAX])
{
    unsigned char raw[TICKET_BYTES];
    _Static_assert(sizeof(TICKET_PREFIX) - 1 + (TICKET_BYTES + 2) / 3 * 4 < AUTH_TICKET_MAX,
                   "a ticket fits its text");
    pthread_once(&key_once, make_ticket_key);
    put_int(raw, user_id);
    put_int(raw + 8, epoch);
    put_int(raw + 16, now_ms + AUTH_TICKET_TTL_MS);
    crypto_auth(raw + TICKET_FIELDS * 8, raw, TICKET_FIELDS * 8, ticket_key);
    memcpy(out, TICKET_PREFIX, sizeof(TICKET_PREFIX));
    sodium_bin2base64(out + sizeof(TICKET_PREFIX) - 1, AUTH_TICKET_MAX - sizeof(TICKET_PREFIX) + 1,
                      raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* Reads a ticket made by this process and not yet over at now_ms: its
 * user and epoch. False for anything else. */
static bool ticket_open(const char *ticket, int64_t now_ms, int64_t *user_id, int64_t *epoch)
{
    unsigned char raw[TICKET_BYTES];
    size_t len = 0;
    size_t prefix = sizeof(TICKET_PREFIX) - 1;
    pthread_once(&key_once, make_ticket_key);
    if (strncmp(ticket, TICKET_PREFIX, prefix) != 0 ||
        sodium_base642bin(raw, sizeof(raw), ticket + prefix, strlen(ticket + prefix), NULL, &len,
                          NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        len != sizeof(raw) ||
        crypto_auth_verify(raw + TICKET_FIELDS * 8, raw, TICKET_FIELDS * 8, ticket_key) != 0 ||
        get_int(raw + 16) <= now_ms) {
        return false;
    }
    *user_id = get_int(raw);
    *epoch = get_int(raw + 8);
    return true;
}

/* ERR_UNAUTHENTICATED: the ticket is over, or its user changed. */
static enum err_code expired(struct err *err)
{
    return err_set(err, ERR_UNAUTHENTICATED, NULL, "登录已超时,请重新输入登录名和密码",
                   "the sign-in has timed out; enter your login and password again");
}

/* Begins the attempt at a code: by login from anywhere, then as a
 * password's attempt from the address. */
static enum err_code begin_attempt(const char *login, const char *address, struct err *err)
{
    struct throttle_verdict v;
    int64_t now = utc_now_ms();
    throttle_begin_login(login, THROTTLE_CODE, now, &v);
    if (v.wait_ms > 0) {
        return throttle_refuse(login, address, &v, err);
    }
    throttle_begin(login, address, now, &v);
    return v.wait_ms > 0 ? throttle_refuse(login, address, &v, err) : ERR_OK;
}

static enum err_code code_on(struct store_conn *c,
                             const char *ticket,
                             const char *code,
                             const struct session_client *client,
                             char token[AUTH_TOKEN_MAX],
                             struct auth_user *user,
                             struct err *err)
{
    int64_t now = utc_now_ms(), user_id = 0, epoch = 0;
    const char *address = client->address;
    json_t *row = NULL;
    token[0] = '\0';
    if (!ticket_open(ticket, now, &user_id, &epoch)) {
        return expired(err);
    }
    enum err_code rc = store_query_row(c, &row, err,
                                       "SELECT u.login, u.disabled, u.totp, c.epoch FROM users u"
                                       " JOIN credentials c ON c.user_id = u.id WHERE u.id = ?",
                                       "i", user_id);
    const char *totp = row ? json_string_value(json_object_get(row, "totp")) : NULL;
    if (rc == ERR_OK &&
        (row == NULL || json_integer_value(json_object_get(row, "epoch")) != epoch ||
         !json_is_null(json_object_get(row, "disabled")) || totp == NULL ||
         strcmp(totp, "on") != 0)) {
        rc = expired(err);
    }
    const char *login = rc == ERR_OK ? json_string_value(json_object_get(row, "login")) : NULL;
    if (rc == ERR_OK) {
        rc = begin_attempt(login, address, err);
    }
    enum totp_result found = TOTP_WRONG;
    if (rc == ERR_OK) {
        rc = user_totp_use(c, user_id, now / 1000, code, &found, err);
    }
    if (rc == ERR_OK && found != TOTP_ACCEPTED) {
        bool replayed = found == TOTP_REPLAYED;
        seclog("login.code_failed", json_pack("{ss, ss, ss}", "login", login, "address", address,
                                              "reason", replayed ? "replayed" : "wrong"));
        /* A code used already, after the right password: its holder hears
         * of it (ASVS 2.8.5), whoever tried. */
        rc = replayed ? user_notice_add(c, user_id, "code_replayed", address, now, err) : ERR_OK;
        if (rc == ERR_OK) {
            rc = replayed ? err_set(err, ERR_UNAUTHENTICATED, "code",
                                    "该验证码已经用过,请等手机显示下一个验证码再输入",
                                    "this code was used already; wait for the phone to show the "
                                    "next one")
                          : err_set(err, ERR_UNAUTHENTICATED, "code", "验证码不正确",
                                    "the code is wrong");
        }
    }
    if (rc == ERR_OK) {
        throttle_succeeded(login, THROTTLE_CODE);
        throttle_succeeded(login, address);
        rc = auth_open_session(c, user_id, epoch, client, now, token, user, err);
    }
    json_decref(row);
    return rc;
}

enum err_code auth_login_code(struct store *st,
                              const char *ticket,
                              const char *code,
                              const struct session_client *client,
                              char token[AUTH_TOKEN_MAX],
                              struct auth_user *user,
                              struct err *err)
{
    struct store_conn *c = store_acquire(st);
    enum err_code rc = code_on(c, ticket, code, client, token, user, err);
    store_release(c);
    return rc;
}
