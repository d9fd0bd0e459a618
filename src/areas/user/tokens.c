/*
 * Bearer API tokens for machine clients: made from a signed-in session,
 * each with its scope (read only or read and write, one township, one
 * area) and its end, kept as SHA-256 digests, and revoked by their user,
 * by a new password set by an administrator, by the account's sessions
 * being ended or by its being disabled. See auth.h.
 */
#include "areas/user/auth.h"

#include "store/store.h"

#include "core/utc.h"
#include "record/area.h"

#include <sodium.h>
#include <string.h>

#define DAY_MS (24LL * 3600 * 1000)

static const struct choice token_access[] = {
    {"read", "只读", "read only"},
    {"write", "读写", "read and write"},
    {NULL, NULL, NULL},
};

const struct field auth_token_fields[] = {
    F_TEXT("label", FIELD_REQUIRED, 60, "令牌用途", "label"),
    F_ENUM("access", 0, token_access, "权限", "access"),
    F_TEXT("township", FIELD_NULLABLE, 40, "仅限乡镇", "only in township"),
    F_TEXT("area", FIELD_NULLABLE, 40, "仅限业务范围", "only in area"),
    F_INT("expires_in_days", 0, 1, AUTH_TOKEN_MAX_DAYS, "有效天数", "valid for days"),
    F_END,
};

/* Checks the scope asked for: a township that exists and where u may
 * act, an area that is one. */
static enum err_code check_scope(struct store_conn *c,
                                 const struct auth_user *u,
                                 const char *township,
                                 const char *area,
                                 struct err *err)
{
    if (area != NULL && area_named(area) == NULL) {
        return err_set(err, ERR_INVALID, "area", "没有这个业务范围", "no such area");
    }
    if (township == NULL) {
        return ERR_OK;
    }
    bool found = false;
    int64_t one = 0;
    enum err_code rc = store_query_int(c, &one, &found, err, "SELECT 1 FROM townships WHERE id = ?",
                                       "t", township);
    if (rc == ERR_OK && !found) {
        return err_set(err, ERR_INVALID, "township", "乡镇不存在", "no such township");
    }
    if (rc == ERR_OK && u->township[0] != '\0' && strcmp(u->township, township) != 0) {
        return err_set(err, ERR_INVALID, "township", "只能限定为本乡镇",
                       "a token can be limited only to your own township");
    }
    return rc;
}

/* Text of input's key, or NULL when absent or null. */
static const char *scope_text(const json_t *input, const char *key)
{
    return json_string_value(json_object_get(input, key));
}

/* The token of digest key as auth_token_list lists it. */
static enum err_code
token_item(struct store_conn *c, const unsigned char *key, json_t **item, struct err *err)
{
    enum err_code rc = store_query_row(
        c, item, err,
        "SELECT id, label, created, access, township_id AS township, area, expires_ms"
        " FROM api_tokens WHERE token_hash = ?",
        "b", key, (size_t)crypto_hash_sha256_BYTES);
    return rc;
}

/* Turns a listed token's expires_ms into its "expires" time. */
static void expires_text(json_t *item)
{
    char when[UTC_TEXT_MAX];
    utc_format((int64_t)json_integer_value(json_object_get(item, "expires_ms")), when);
    json_object_del(item, "expires_ms");
    json_object_set_new(item, "expires", json_string(when));
}

enum err_code auth_token_create(struct store *st,
                                const struct auth_user *u,
                                const json_t *input,
                                char token[AUTH_TOKEN_MAX],
                                json_t **item,
                                struct err *err)
{
    unsigned char key[crypto_hash_sha256_BYTES];
    char now[UTC_TEXT_MAX];
    int64_t now_ms = utc_now_ms(), days = AUTH_TOKEN_DEFAULT_DAYS;
    const char *access = scope_text(input, "access"), *township = scope_text(input, "township");
    const char *area = scope_text(input, "area");
    if (json_is_integer(json_object_get(input, "expires_in_days"))) {
        days = (int64_t)json_integer_value(json_object_get(input, "expires_in_days"));
    }
    utc_format(now_ms, now);
    auth_new_secret("pt_", token);
    auth_digest(token, key);
    struct store_conn *c = store_acquire(st);
    enum err_code rc = check_scope(c, u, township, area, err);
    if (rc == ERR_OK) {
        rc = store_exec(c, err,
                        "INSERT INTO api_tokens (user_id, label, token_hash, created, access,"
                        " township_id, area, expires_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        "itbtttti", u->id, scope_text(input, "label"), key, sizeof(key), now,
                        access ? access : "read", township, area, now_ms + days * DAY_MS);
    }
    if (rc == ERR_OK) {
        rc = token_item(c, key, item, err);
    }
    if (rc == ERR_OK) {
        expires_text(*item);
    }
    store_release(c);
    return rc;
}

enum err_code
auth_bearer(struct store *st, const char *token, struct auth_user *user, struct err *err)
{
    unsigned char key[crypto_hash_sha256_BYTES];
    struct store_stmt *s = NULL;
    auth_digest(token, key);
    struct store_conn *c = store_acquire(st);
    enum err_code rc = store_prepare(
        c,
        "SELECT u.id, u.login, u.role, u.township_id, u.person_id, '', p.name, u.totp, t.access,"
        " t.township_id, t.area FROM api_tokens t JOIN users u ON u.id = t.user_id"
        " LEFT JOIN people p ON p.id = u.person_id"
        " WHERE t.token_hash = ? AND t.expires_ms > ? AND u.disabled IS NULL",
        &s, err);
    if (rc == ERR_OK) {
        store_bind_blob(s, 1, key, sizeof(key));
        store_bind_int(s, 2, utc_now_ms());
        rc = auth_load_user(s, user, err);
    }
    store_release(c);
    return rc;
}

enum err_code auth_token_list(struct store *st, int64_t user_id, json_t **items, struct err *err)
{
    struct store_conn *c = store_acquire(st);
    enum err_code rc =
        store_query_json(c, items, err,
                         "SELECT id, label, created, access, township_id AS township, area,"
                         " expires_ms FROM api_tokens WHERE user_id = ? ORDER BY id",
                         "i", user_id);
    store_release(c);
    size_t i;
    json_t *item;
    json_array_foreach(rc == ERR_OK ? *items : NULL, i, item)
    {
        expires_text(item);
    }
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
