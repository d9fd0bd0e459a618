/*
 * Logins, sessions and API tokens over libsodium (Argon2id, random
 * tokens, SHA-256 digests). See auth.h.
 */
#include "areas/user/auth.h"

#include "store/store.h"

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

/* Loads the user row by a query taking one parameter. */
static enum err_code load_user(struct store_conn *c,
                               const char *sql,
                               const void *key,
                               size_t key_len,
                               int64_t now,
                               struct auth_user *u,
                               struct err *err)
{
    struct store_stmt *s = NULL;
    enum err_code rc = store_prepare(c, sql, &s, err);
    if (rc != ERR_OK) {
        return rc;
    }
    store_bind_blob(s, 1, key, key_len);
    store_bind_int(s, 2, now);
    enum store_step_result r = store_step(s, err);
    if (r == STORE_ROW) {
        memset(u, 0, sizeof(*u));
        u->id = store_col_int(s, 0);
        snprintf(u->login, sizeof(u->login), "%s", store_col_text(s, 1));
        if (!role_parse(store_col_text(s, 2), &u->role)) {
            u->role = ROLE_PUBLIC;
        }
        snprintf(u->township, sizeof(u->township), "%s", store_col_text(s, 3));
        u->person_id = store_col_int(s, 4);
        snprintf(u->csrf, sizeof(u->csrf), "%s", store_col_text(s, 5));
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

/* A session opened by a sign-in that succeeded, expired sessions removed. */
struct opening {
    const unsigned char *key; /* the token's digest */
    int64_t user_id;
    const char *csrf;
    int64_t now_ms;
};

static enum err_code open_session(struct store_conn *c, void *arg, struct err *err)
{
    const struct opening *op = arg;
    enum err_code rc =
        store_exec(c, err, "DELETE FROM sessions WHERE expires_ms <= ?", "i", op->now_ms);
    if (rc == ERR_OK) {
        rc = store_exec(c, err,
                        "INSERT INTO sessions (token_hash, user_id, csrf, created_ms, expires_ms)"
                        " VALUES (?, ?, ?, ?, ?)",
                        "bitii", op->key, (size_t)crypto_hash_sha256_BYTES, op->user_id, op->csrf,
                        op->now_ms, op->now_ms + AUTH_SESSION_TTL_MS);
    }
    return rc;
}

static enum err_code
session_user(struct store_conn *c, const char *token, struct auth_user *user, struct err *err);

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
    unsigned char key[crypto_hash_sha256_BYTES];
    char csrf[AUTH_TOKEN_MAX];
    new_secret("ps_", token);
    new_secret("pc_", csrf);
    digest(token, key);
    struct opening op = {.key = key, .user_id = user_id, .csrf = csrf, .now_ms = now};
    rc = store_write(c, open_session, &op, err);
    if (rc == ERR_OK) {
        rc = session_user(c, token, user, err);
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

static enum err_code
session_user(struct store_conn *c, const char *token, struct auth_user *user, struct err *err)
{
    unsigned char key[crypto_hash_sha256_BYTES];
    digest(token, key);
    return load_user(c,
                     "SELECT u.id, u.login, u.role, u.township_id, u.person_id, s.csrf"
                     " FROM sessions s JOIN users u ON u.id = s.user_id"
                     " WHERE s.token_hash = ? AND s.expires_ms > ?",
                     key, sizeof(key), utc_now_ms(), user, err);
}

enum err_code
auth_session(struct store *st, const char *token, struct auth_user *user, struct err *err)
{
    struct store_conn *c = store_acquire(st);
    enum err_code rc = session_user(c, token, user, err);
    store_release(c);
    return rc;
}

enum err_code auth_logout(struct store *st, const char *token, struct err *err)
{
    unsigned char key[crypto_hash_sha256_BYTES];
    digest(token, key);
    struct store_conn *c = store_acquire(st);
    enum err_code rc =
        store_exec(c, err, "DELETE FROM sessions WHERE token_hash = ?", "b", key, sizeof(key));
    store_release(c);
    return rc;
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
    /* The second parameter keeps the query's shape; tokens do not expire. */
    enum err_code rc =
        load_user(c,
                  "SELECT u.id, u.login, u.role, u.township_id, u.person_id, '' FROM api_tokens t"
                  " JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND ? > 0",
                  key, sizeof(key), 1, user, err);
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
