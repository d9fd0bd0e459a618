/*
 * Logins, sessions and API tokens over libsodium (Argon2id, random
 * tokens, SHA-256 digests). See auth.h.
 */
#include "areas/user/auth.h"

#include "store/store.h"

#include "areas/user/sessions.h"
#include "areas/user/throttle.h"
#include "core/seclog.h"
#include "core/utc.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define TOKEN_BYTES 32

void auth_actor(struct auth_user *u, struct actor *who)
{
    u->scope.township = u->scope_township[0] ? u->scope_township : NULL;
    u->scope.area = u->scope_area[0] ? u->scope_area : NULL;
    who->token = u->by_token ? &u->scope : NULL;
    who->user_id = u->id;
    who->login = u->login;
    who->role = u->role;
    who->township = u->township[0] ? u->township : NULL;
    who->person_id = u->person_id;
    who->name = u->name[0] ? u->name : NULL;
}

json_t *auth_user_json(const struct auth_user *u)
{
    return json_pack("{sI, ss, ss, ss?, so, ss?, ss?}", "id", (json_int_t)u->id, "login", u->login,
                     "role", role_name(u->role), "township", u->township[0] ? u->township : NULL,
                     "person_id", u->person_id ? json_integer(u->person_id) : json_null(), "name",
                     u->name[0] ? u->name : NULL, "totp", u->totp[0] ? u->totp : NULL);
}

void auth_new_secret(const char *prefix, char out[AUTH_TOKEN_MAX])
{
    unsigned char raw[TOKEN_BYTES];
    randombytes_buf(raw, sizeof(raw));
    size_t n = strlen(prefix);
    memcpy(out, prefix, n);
    sodium_bin2base64(out + n, AUTH_TOKEN_MAX - n, raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void auth_digest(const char *token, unsigned char out[crypto_hash_sha256_BYTES])
{
    crypto_hash_sha256(out, (const unsigned char *)token, strlen(token));
}

/* Copies the text of column i of s into out (size bytes). */
static void copy_col(struct store_stmt *s, int i, char *out, size_t size)
{
    const char *text = store_col_text(s, i);
    snprintf(out, size, "%s", text != NULL ? text : "");
}

enum err_code auth_load_user(struct store_stmt *s, struct auth_user *u, struct err *err)
{
    enum store_step_result r = store_step(s, err);
    if (r == STORE_ROW) {
        memset(u, 0, sizeof(*u));
        u->id = store_col_int(s, 0);
        copy_col(s, 1, u->login, sizeof(u->login));
        if (!role_parse(store_col_text(s, 2), &u->role)) {
            u->role = ROLE_PUBLIC;
        }
        copy_col(s, 3, u->township, sizeof(u->township));
        u->person_id = store_col_int(s, 4);
        copy_col(s, 5, u->csrf, sizeof(u->csrf));
        copy_col(s, 6, u->name, sizeof(u->name));
        copy_col(s, 7, u->totp, sizeof(u->totp));
        if (store_col_count(s) > 8) {
            u->by_token = true;
            u->scope.read_only = strcmp(store_col_text(s, 8), "read") == 0;
            copy_col(s, 9, u->scope_township, sizeof(u->scope_township));
            copy_col(s, 10, u->scope_area, sizeof(u->scope_area));
        }
    }
    store_done(s);
    if (r == STORE_ERROR) {
        return err->code;
    }
    if (r == STORE_DONE) {
        return err_set(err, ERR_UNAUTHENTICATED, NULL, "登录已失效,请重新登录",
                       "the session is not valid; sign in again");
    }
    return ERR_OK;
}

/* Loads the user of a session: by id, with the session's CSRF token, while
 * the account is enabled and its credentials are at the session's epoch. */
static enum err_code load_session_user(struct store_conn *c,
                                       int64_t user_id,
                                       int64_t epoch,
                                       const char *csrf,
                                       struct auth_user *u,
                                       struct err *err)
{
    struct store_stmt *s = NULL;
    enum err_code rc = store_prepare(
        c,
        "SELECT u.id, u.login, u.role, u.township_id, u.person_id, ?, p.name, u.totp FROM users u"
        " JOIN credentials k ON k.user_id = u.id LEFT JOIN people p ON p.id = u.person_id"
        " WHERE u.id = ? AND k.epoch = ? AND u.disabled IS NULL",
        &s, err);
    if (rc != ERR_OK) {
        return rc;
    }
    store_bind_text(s, 1, csrf);
    store_bind_int(s, 2, user_id);
    store_bind_int(s, 3, epoch);
    return auth_load_user(s, u, err);
}

/* A valid Argon2id hash of a random password, so that an unknown login
 * costs as much time as a known one. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
    char pw[TOKEN_BYTES];
    randombytes_buf(pw, sizeof(pw));
    if (crypto_pwhash_str(dummy_hash, pw, sizeof(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        dummy_hash[0] = '\0';
    }
}

enum err_code auth_open_session(struct store_conn *c,
                                int64_t user_id,
                                int64_t epoch,
                                const struct session_client *client,
                                int64_t now_ms,
                                char token[AUTH_TOKEN_MAX],
                                struct auth_user *user,
                                struct err *err)
{
    session_key key;
    char csrf[AUTH_TOKEN_MAX];
    auth_new_secret("ps_", token);
    auth_new_secret("pc_", csrf);
    auth_digest(token, key);
    sessions_open(key, user_id, epoch, csrf, client, now_ms, now_ms + AUTH_SESSION_TTL_MS,
                  AUTH_SESSION_IDLE_MS);
    enum err_code rc = load_session_user(c, user_id, epoch, csrf, user, err);
    if (rc != ERR_OK) {
        sessions_close(key);
    }
    return rc;
}

static enum err_code login_on(struct store_conn *c,
                              const char *login,
                              const char *password,
                              const struct session_client *client,
                              char token[AUTH_TOKEN_MAX],
                              char ticket[AUTH_TICKET_MAX],
                              struct auth_user *user,
                              struct err *err)
{
    int64_t now = utc_now_ms();
    const char *address = client->address;
    json_t *row = NULL;
    /* The attempt counts as a failure from here until it succeeds, so
     * that parallel attempts cannot all slip past the count. */
    struct throttle_verdict v;
    throttle_begin(login, address, now, &v);
    if (v.wait_ms > 0) {
        return throttle_refuse(login, address, &v, err);
    }
    enum err_code rc = store_query_row(c, &row, err,
                                       "SELECT u.id, u.disabled, u.totp, c.password_hash, c.epoch"
                                       " FROM users u JOIN credentials c ON c.user_id = u.id"
                                       " WHERE u.login = ?",
                                       "t", login);
    if (rc != ERR_OK) {
        return rc;
    }
    pthread_once(&dummy_once, make_dummy_hash);
    const char *hash = row ? json_string_value(json_object_get(row, "password_hash")) : dummy_hash;
    bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0 && row != NULL;
    int64_t user_id = row ? (int64_t)json_integer_value(json_object_get(row, "id")) : 0;
    int64_t epoch = row ? (int64_t)json_integer_value(json_object_get(row, "epoch")) : 0;
    bool disabled = row != NULL && json_is_string(json_object_get(row, "disabled"));
    const char *totp = row ? json_string_value(json_object_get(row, "totp")) : NULL;
    bool needs_code = totp != NULL && strcmp(totp, "on") == 0;
    json_decref(row);
    if (!ok) {
        seclog("login.failed", json_pack("{ss, ss, sb}", "login", login, "address", address,
                                         "known_login", user_id != 0));
        return err_set(err, ERR_UNAUTHENTICATED, NULL, "登录名或密码错误",
                       "wrong login or password");
    }
    throttle_succeeded(login, address);
    if (disabled) {
        /* Said only to whoever knows the password. */
        seclog("login.disabled", json_pack("{ss, ss}", "login", login, "address", address));
        return err_set(err, ERR_FORBIDDEN, NULL, "该账号已停用,请联系系统管理员",
                       "this account is disabled; ask the administrator");
    }
    token[0] = '\0';
    if (needs_code && ticket == NULL) {
        return err_set(err, ERR_UNAUTHENTICATED, NULL, "该账号登录还需输入验证码",
                       "this account signs in with a one-time code as well");
    }
    if (needs_code) {
        auth_ticket_new(user_id, epoch, now, ticket);
        return ERR_OK;
    }
    return auth_open_session(c, user_id, epoch, client, now, token, user, err);
}

enum err_code auth_login(struct store *st,
                         const char *login,
                         const char *password,
                         const struct session_client *client,
                         char token[AUTH_TOKEN_MAX],
                         char ticket[AUTH_TICKET_MAX],
                         struct auth_user *user,
                         struct err *err)
{
    struct store_conn *c = store_acquire(st);
    if (ticket != NULL) {
        ticket[0] = '\0';
    }
    enum err_code rc = login_on(c, login, password, client, token, ticket, user, err);
    store_release(c);
    return rc;
}

enum err_code auth_session_at(
    struct store *st, const char *token, int64_t now_ms, struct auth_user *user, struct err *err)
{
    session_key key;
    int64_t user_id = 0, epoch = 0;
    char csrf[AUTH_TOKEN_MAX];
    auth_digest(token, key);
    if (!sessions_find(key, now_ms, &user_id, &epoch, csrf, sizeof(csrf))) {
        return err_set(err, ERR_UNAUTHENTICATED, NULL, "登录已失效,请重新登录",
                       "the session is not valid; sign in again");
    }
    struct store_conn *c = store_acquire(st);
    enum err_code rc = load_session_user(c, user_id, epoch, csrf, user, err);
    store_release(c);
    if (rc == ERR_UNAUTHENTICATED) {
        sessions_close(key); /* a new password, or the account disabled */
    }
    return rc;
}

enum err_code
auth_session(struct store *st, const char *token, struct auth_user *user, struct err *err)
{
    return auth_session_at(st, token, utc_now_ms(), user, err);
}

enum err_code auth_logout(struct store *st, const char *token, struct err *err)
{
    session_key key;
    (void)st;
    (void)err;
    auth_digest(token, key);
    sessions_close(key);
    return ERR_OK;
}
