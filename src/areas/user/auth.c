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

void auth_actor(const struct auth_user *u, struct actor *who)
{
    who->user_id = u->id;
    who->login = u->login;
    who->role = u->role;
    who->township = u->township[0] ? u->township : NULL;
    who->person_id = u->person_id;
    who->name = u->name[0] ? u->name : NULL;
}

json_t *auth_user_json(const struct auth_user *u)
{
    return json_pack("{sI, ss, ss, ss?, so}", "id", (json_int_t)u->id, "login", u->login, "role",
                     role_name(u->role), "township", u->township[0] ? u->township : NULL,
                     "person_id", u->person_id ? json_integer(u->person_id) : json_null());
}

/* A fresh random secret with a prefix ("ps_" session, "pt_" token, "pc_" CSRF). */
static void new_secret(const char *prefix, char out[AUTH_TOKEN_MAX])
{
    unsigned char raw[TOKEN_BYTES];
    randombytes_buf(raw, sizeof(raw));
    size_t n = strlen(prefix);
    memcpy(out, prefix, n);
    sodium_bin2base64(out + n, AUTH_TOKEN_MAX - n, raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void digest(const char *token, unsigned char out[crypto_hash_sha256_BYTES])
{
    crypto_hash_sha256(out, (const unsigned char *)token, strlen(token));
}

/* Fills u from the row of s: id, login, role, township, person, CSRF,
 * the person's name. */
static void fill_user(struct store_stmt *s, struct auth_user *u)
{
    memset(u, 0, sizeof(*u));
    u->id = store_col_int(s, 0);
    snprintf(u->login, sizeof(u->login), "%s", store_col_text(s, 1));
    if (!role_parse(store_col_text(s, 2), &u->role)) {
        u->role = ROLE_PUBLIC;
    }
    snprintf(u->township, sizeof(u->township), "%s", store_col_text(s, 3));
    u->person_id = store_col_int(s, 4);
    snprintf(u->csrf, sizeof(u->csrf), "%s", store_col_text(s, 5));
    snprintf(u->name, sizeof(u->name), "%s", store_col_text(s, 6));
}

/* Runs the prepared s (parameters bound) for one user row into u;
 * ERR_UNAUTHENTICATED when there is none. */
static enum err_code load_row(struct store_stmt *s, struct auth_user *u, struct err *err)
{
    enum store_step_result r = store_step(s, err);
    if (r == STORE_ROW) {
        fill_user(s, u);
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

/* Loads the user of a bearer token's digest. */
static enum err_code load_token_user(struct store_conn *c,
                                     const unsigned char *key,
                                     struct auth_user *u,
                                     struct err *err)
{
    struct store_stmt *s = NULL;
    enum err_code rc = store_prepare(
        c,
        "SELECT u.id, u.login, u.role, u.township_id, u.person_id, '', p.name FROM api_tokens t"
        " JOIN users u ON u.id = t.user_id LEFT JOIN people p ON p.id = u.person_id"
        " WHERE t.token_hash = ?",
        &s, err);
    if (rc != ERR_OK) {
        return rc;
    }
    store_bind_blob(s, 1, key, crypto_hash_sha256_BYTES);
    return load_row(s, u, err);
}

/* Loads the user of a session: by id, with the session's CSRF token. */
static enum err_code load_session_user(
    struct store_conn *c, int64_t user_id, const char *csrf, struct auth_user *u, struct err *err)
{
    struct store_stmt *s = NULL;
    enum err_code rc = store_prepare(
        c,
        "SELECT u.id, u.login, u.role, u.township_id, u.person_id, ?, p.name FROM users u"
        " LEFT JOIN people p ON p.id = u.person_id WHERE u.id = ?",
        &s, err);
    if (rc != ERR_OK) {
        return rc;
    }
    store_bind_text(s, 1, csrf);
    store_bind_int(s, 2, user_id);
    return load_row(s, u, err);
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

/* Refuses a throttled attempt with when to try again, and logs the
 * lockout when this refusal starts a wait. */
static enum err_code refuse_throttled(const char *login,
                                      const char *address,
                                      const struct throttle_verdict *v,
                                      struct err *err)
{
    int64_t seconds = (v->wait_ms + 999) / 1000;
    if (v->lockout) {
        seclog("login.throttled", json_pack("{ss, ss, ss, sI}", "login", login, "address", address,
                                            "by", v->by_address ? "address" : "login_and_address",
                                            "retry_after_s", (json_int_t)seconds));
    }
    err_set(err, ERR_RATE_LIMITED, NULL, "尝试过于频繁,请 %lld 秒后再试",
            "too many attempts; try again in %lld s", (long long)seconds);
    err_set_retry_after(err, seconds);
    return ERR_RATE_LIMITED;
}

static enum err_code login_on(struct store_conn *c,
                              const char *login,
                              const char *password,
                              const char *address,
                              char token[AUTH_TOKEN_MAX],
                              struct auth_user *user,
                              struct err *err)
{
    int64_t now = utc_now_ms();
    json_t *row = NULL;
    /* The attempt counts as a failure from here until it succeeds, so
     * that parallel attempts cannot all slip past the count. */
    struct throttle_verdict v;
    throttle_begin(login, address, now, &v);
    if (v.wait_ms > 0) {
        return refuse_throttled(login, address, &v, err);
    }
    enum err_code rc = store_query_row(c, &row, err,
                                       "SELECT u.id, c.password_hash FROM users u"
                                       " JOIN credentials c ON c.user_id = u.id WHERE u.login = ?",
                                       "t", login);
    if (rc != ERR_OK) {
        return rc;
    }
    pthread_once(&dummy_once, make_dummy_hash);
    const char *hash = row ? json_string_value(json_object_get(row, "password_hash")) : dummy_hash;
    bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0 && row != NULL;
    int64_t user_id = row ? (int64_t)json_integer_value(json_object_get(row, "id")) : 0;
    json_decref(row);
    if (!ok) {
        seclog("login.failed", json_pack("{ss, ss, sb}", "login", login, "address", address,
                                         "known_login", user_id != 0));
        return err_set(err, ERR_UNAUTHENTICATED, NULL, "登录名或密码错误",
                       "wrong login or password");
    }
    throttle_succeeded(login, address);
    session_key key;
    char csrf[AUTH_TOKEN_MAX];
    new_secret("ps_", token);
    new_secret("pc_", csrf);
    digest(token, key);
    sessions_open(key, user_id, csrf, now, now + AUTH_SESSION_TTL_MS, AUTH_SESSION_IDLE_MS);
    rc = load_session_user(c, user_id, csrf, user, err);
    if (rc != ERR_OK) {
        sessions_close(key);
    }
    return rc;
}

enum err_code auth_login(struct store *st,
                         const char *login,
                         const char *password,
                         const char *address,
                         char token[AUTH_TOKEN_MAX],
                         struct auth_user *user,
                         struct err *err)
{
    struct store_conn *c = store_acquire(st);
    enum err_code rc = login_on(c, login, password, address, token, user, err);
    store_release(c);
    return rc;
}

enum err_code auth_session_at(
    struct store *st, const char *token, int64_t now_ms, struct auth_user *user, struct err *err)
{
    session_key key;
    int64_t user_id = 0;
    char csrf[AUTH_TOKEN_MAX];
    digest(token, key);
    if (!sessions_find(key, now_ms, &user_id, csrf, sizeof(csrf))) {
        return err_set(err, ERR_UNAUTHENTICATED, NULL, "登录已失效,请重新登录",
                       "the session is not valid; sign in again");
    }
    struct store_conn *c = store_acquire(st);
    enum err_code rc = load_session_user(c, user_id, csrf, user, err);
    store_release(c);
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
    digest(token, key);
    sessions_close(key);
    return ERR_OK;
}

enum err_code auth_token_create(struct store *st,
                                int64_t user_id,
                                const char *label,
                                char token[AUTH_TOKEN_MAX],
                                json_t **item,
                                struct err *err)
{
    unsigned char key[crypto_hash_sha256_BYTES];
    char now[UTC_TEXT_MAX];
    utc_format(utc_now_ms(), now);
    new_secret("pt_", token);
    digest(token, key);
    struct store_conn *c = store_acquire(st);
    enum err_code rc = store_exec(c, err,
                                  "INSERT INTO api_tokens (user_id, label, token_hash, created)"
                                  " VALUES (?, ?, ?, ?)",
                                  "itbt", user_id, label, key, sizeof(key), now);
    if (rc == ERR_OK) {
        rc = store_query_row(c, item, err,
                             "SELECT id, label, created FROM api_tokens WHERE token_hash = ?", "b",
                             key, sizeof(key));
    }
    store_release(c);
    return rc;
}

enum err_code
auth_bearer(struct store *st, const char *token, struct auth_user *user, struct err *err)
{
    unsigned char key[crypto_hash_sha256_BYTES];
    digest(token, key);
    struct store_conn *c = store_acquire(st);
    enum err_code rc = load_token_user(c, key, user, err);
    store_release(c);
    return rc;
}

enum err_code auth_token_list(struct store *st, int64_t user_id, json_t **items, struct err *err)
{
    struct store_conn *c = store_acquire(st);
    enum err_code rc = store_query_json(c, items, err,
                                        "SELECT id, label, created FROM api_tokens"
                                        " WHERE user_id = ? ORDER BY id",
                                        "i", user_id);
    store_release(c);
    return rc;
}

enum err_code auth_token_delete(struct store *st, int64_t user_id, int64_t id, struct err *err)
{
    struct store_conn *c = store_acquire(st);
    enum err_code rc = store_exec(c, err, "DELETE FROM api_tokens WHERE id = ? AND user_id = ?",
                                  "ii", id, user_id);
    if (rc == ERR_OK && store_changes(c) == 0) {
        rc = err_set(err, ERR_NOT_FOUND, "id", NULL, NULL);
    }
    store_release(c);
    return rc;
}

enum err_code
auth_set_password(struct store *st, const char *login, const char *password, struct err *err)
{
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        return err_set(err, ERR_INTERNAL, NULL, "无法计算密码散列", "cannot hash the password");
    }
    struct store_conn *c = store_acquire(st);
    enum err_code rc = store_exec(c, err,
                                  "UPDATE credentials SET password_hash = ? WHERE user_id ="
                                  " (SELECT id FROM users WHERE login = ?)",
                                  "tt", hash, login);
    if (rc == ERR_OK && store_changes(c) == 0) {
        rc = err_set(err, ERR_NOT_FOUND, "login", "用户不存在", "no such user");
    }
    store_release(c);
    sodium_memzero(hash, sizeof(hash));
    return rc;
}
