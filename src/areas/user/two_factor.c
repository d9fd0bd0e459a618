/*
 * Two-factor sign-in with one-time codes (TOTP, totp.h), optional per
 * user, as commands: a signed-in user sets it up with their password (a
 * new secret, answered once as base32 text and an otpauth:// URI for the
 * app's QR code), turns it on with a current code, and off with the
 * password and a current code; an administrator (a township
 * administrator for their township's users) resets it when the phone is
 * lost, which ends the user's sessions. Each records "user.updated" with
 * the whole new row (the login and the state sealed); the secret stays in
 * the credentials table, sealed in the vault (record/vault.h), and never
 * enters a record. See user.h and docs/security.md, "Two-factor sign-in".
 */
#include "areas/user/user.h"

#include "areas/user/throttle.h"
#include "core/seclog.h"
#include "record/row.h"
#include "record/vault.h"

#include <sodium.h>
#include <string.h>

enum err_code user_totp_use(struct store_conn *c,
                            int64_t user_id,
                            int64_t now_s,
                            const char *code,
                            enum totp_result *result,
                            struct err *err)
{
    unsigned char secret[TOTP_SECRET_BYTES];
    bool has = false;
    int64_t last = 0, step = 0;
    struct store_stmt *s = NULL;
    enum err_code rc = store_prepare(
        c, "SELECT totp_secret, totp_last_step FROM credentials WHERE user_id = ?", &s, err);
    if (rc != ERR_OK) {
        return rc;
    }
    store_bind_int(s, 1, user_id);
    enum store_step_result r = store_step(s, err);
    if (r == STORE_ROW) {
        size_t len = 0;
        const void *blob = store_col_blob(s, 0, &len);
        has = blob != NULL;
        if (has && len != USER_TOTP_SEALED_BYTES) {
            rc = err_set(err, ERR_INTERNAL, NULL, "加密保存的密钥已损坏",
                         "a sealed secret is damaged");
        } else if (has) {
            rc = vault_open(store_of(c), USER_TOTP_PURPOSE, user_id, blob, len, secret, err);
        }
        last = store_col_int(s, 1);
    }
    store_done(s);
    if (r == STORE_ERROR || rc != ERR_OK) {
        return r == STORE_ERROR ? err->code : rc;
    }
    *result = has ? totp_check(secret, sizeof(secret), now_s, TOTP_DIGITS, code, last, &step)
                  : TOTP_WRONG;
    sodium_memzero(secret, sizeof(secret));
    if (*result == TOTP_ACCEPTED) {
        rc = store_exec(c, err,
                        "UPDATE credentials SET totp_last_step = ?"
                        " WHERE user_id = ? AND totp_last_step < ?",
                        "iii", step, user_id, step);
    }
    if (rc == ERR_OK && *result == TOTP_ACCEPTED && store_changes(c) == 0) {
        *result = TOTP_REPLAYED; /* another request used the step first */
    }
    return rc;
}

/* Keeps secret, sealed, as user_id's (c's transaction). */
static enum err_code keep_secret(struct store_conn *c,
                                 int64_t user_id,
                                 const unsigned char secret[TOTP_SECRET_BYTES],
                                 struct err *err)
{
    unsigned char sealed[USER_TOTP_SEALED_BYTES];
    enum err_code rc =
        vault_seal(store_of(c), USER_TOTP_PURPOSE, user_id, secret, TOTP_SECRET_BYTES, sealed, err);
    if (rc == ERR_OK) {
        rc = store_exec(c, err, "UPDATE credentials SET totp_secret = ? WHERE user_id = ?", "bi",
                        sealed, sizeof(sealed), user_id);
    }
    return rc;
}

/* Seals c's every secret kept in the clear, as schema 16 kept them. */
static enum err_code seal_clear_secrets(struct store_conn *c, void *arg, struct err *err)
{
    (void)arg;
    json_t *rows = NULL;
    enum err_code rc = store_query_json(
        c, &rows, err,
        "SELECT user_id FROM credentials WHERE totp_secret IS NOT NULL AND length(totp_secret) = ?",
        "i", (int64_t)TOTP_SECRET_BYTES);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        int64_t user_id = json_integer_value(json_object_get(row, "user_id"));
        unsigned char secret[TOTP_SECRET_BYTES];
        size_t len = 0;
        struct store_stmt *s = NULL;
        if (rc == ERR_OK) {
            rc = store_prepare(c, "SELECT totp_secret FROM credentials WHERE user_id = ?", &s, err);
        }
        if (rc == ERR_OK) {
            store_bind_int(s, 1, user_id);
            if (store_step(s, err) == STORE_ROW) {
                const void *blob = store_col_blob(s, 0, &len);
                if (blob != NULL && len == TOTP_SECRET_BYTES) {
                    memcpy(secret, blob, len);
                }
            }
            store_done(s);
        }
        if (rc == ERR_OK && len == TOTP_SECRET_BYTES) {
            rc = keep_secret(c, user_id, secret, err);
        }
        sodium_memzero(secret, sizeof(secret));
    }
    json_decref(rows);
    return rc;
}

enum err_code user_open(struct store *st, struct err *err)
{
    struct store_conn *c = store_acquire(st);
    enum err_code rc = store_write(c, seal_clear_secrets, NULL, err);
    store_release(c);
    return rc;
}

/* The refusal of a code totp_check did not accept (field "code"). */
static enum err_code refuse_code(enum totp_result result, struct err *err)
{
    if (result == TOTP_REPLAYED) {
        return err_set(err, ERR_INVALID, "code", "该验证码已经用过,请等手机显示下一个验证码再输入",
                       "this code was used already; wait for the phone to show the next one");
    }
    return err_set(err, ERR_INVALID, "code",
                   "验证码不正确,请输入手机验证器当前显示的 6 位数字(并核对手机时间是否准确)",
                   "the code is wrong; enter the 6 digits the authenticator app shows now (and "
                   "check that the phone's clock is right)");
}

/* The state of the user's two-factor sign-in: "pending", "on" or "" (off). */
static const char *state_of(const json_t *row)
{
    return user_totp(row) != NULL ? user_totp(row) : "";
}

/* Sets the row's state (NULL: off) and when it changed, keeps secret
 * (NULL: none) as the user's, records the row and answers with it. */
static enum err_code change(const struct ctx *x,
                            json_t *row,
                            const char *state,
                            const unsigned char *secret,
                            json_t **result,
                            struct err *err)
{
    char now[UTC_TEXT_MAX];
    struct event_ref ref;
    ctx_now_text(x, now);
    json_object_set_new(row, "totp", state ? json_string(state) : json_null());
    json_object_set_new(row, "totp_changed", json_string(now));
    enum err_code rc = ERR_OK;
    if (secret != NULL) {
        rc = keep_secret(x->c, row_int(row, "id"), secret, err);
    } else if (state == NULL) {
        rc = store_exec(x->c, err, "UPDATE credentials SET totp_secret = NULL WHERE user_id = ?",
                        "i", row_int(row, "id"));
    }
    if (rc == ERR_OK) {
        rc = user_record_update(x, row, &ref, err);
    }
    if (rc == ERR_OK) {
        *result = command_answer(json_incref(row), &ref);
    }
    return rc;
}

/* The row of the signed-in user acting on their own account from a
 * session (a token cannot). */
static enum err_code own_row(const struct ctx *x, json_t **row, struct err *err)
{
    if (x->who->token != NULL || x->who->user_id == 0) {
        return err_set(err, ERR_FORBIDDEN, NULL, "两步验证只能由本人登录后设置,API 令牌不能设置",
                       "only the user, signed in, sets up two-factor sign-in; a token cannot");
    }
    return user_load(x->c, x->who->user_id, row, err);
}

/* The fields of a step that takes none (its body is {}). */
static const struct field no_fields[] = {F_END};

/* ---- user.totp_enrol ---- */

/* Asks for the password again (slow: before the transaction): a session
 * left open on a desk must not bind the account to another phone. */
static enum err_code enrol_prepare(const struct ctx *x, struct args *a, struct err *err)
{
    return user_check_own_password(x, args_text(a, "password"), "password", err);
}

static enum err_code
enrol_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    (void)a;
    json_t *row = NULL;
    unsigned char secret[TOTP_SECRET_BYTES];
    char base32[TOTP_BASE32_MAX], uri[TOTP_URI_MAX];
    enum err_code rc = own_row(x, &row, err);
    if (rc == ERR_OK && strcmp(state_of(row), "on") == 0) {
        rc = err_set(err, ERR_CONFLICT, NULL,
                     "两步验证已经开启;如要换用另一部手机,请先关闭再重新设置",
                     "two-factor sign-in is on already; to use another phone, turn it off and "
                     "set it up again");
    }
    totp_new_secret(secret);
    totp_base32(secret, base32);
    if (rc == ERR_OK && !totp_uri(secret, user_login(row), uri)) {
        rc = err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
    }
    if (rc == ERR_OK) {
        rc = change(x, row, "pending", secret, result, err);
    }
    if (rc == ERR_OK) {
        /* Shown this once: the app keeps it, the server never says it again. */
        json_object_set_new(*result, "secret", json_string(base32));
        json_object_set_new(*result, "uri", json_string(uri));
    }
    sodium_memzero(secret, sizeof(secret));
    sodium_memzero(base32, sizeof(base32));
    sodium_memzero(uri, sizeof(uri));
    json_decref(row);
    return rc;
}

static const struct field enrol_fields[] = {
    F_TEXT("password", FIELD_REQUIRED, 200, "当前密码", "current password"),
    F_END,
};

const struct command user_totp_enrol_command = {
    .name = "user.totp_enrol",
    .method = "POST",
    .path = "/api/v1/session/totp",
    .cap = CAP_SIGNED_IN,
    .status = 200,
    .fields = enrol_fields,
    .prepare = enrol_prepare,
    .run = enrol_body,
    .zh = "设置两步验证(需当前密码):生成新的密钥(仅显示一次),待输入验证码确认后开启",
    .en = "Set up two-factor sign-in (with the password): a new secret (shown once), on once a "
          "code confirms it",
    .entity = &user_entity,
};

/* ---- user.totp_confirm ---- */

static enum err_code
confirm_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    enum totp_result found = TOTP_WRONG;
    enum err_code rc = own_row(x, &row, err);
    if (rc == ERR_OK && strcmp(state_of(row), "pending") != 0) {
        rc = err_set(err, ERR_CONFLICT, NULL,
                     strcmp(state_of(row), "on") == 0 ? "两步验证已经开启"
                                                      : "没有待确认的两步验证设置,请重新设置",
                     strcmp(state_of(row), "on") == 0
                         ? "two-factor sign-in is on already"
                         : "no two-factor set-up awaits a code; set it up again");
    }
    if (rc == ERR_OK) {
        rc = user_totp_use(x->c, x->who->user_id, x->now_ms / 1000, args_text(a, "code"), &found,
                           err);
    }
    if (rc == ERR_OK && found != TOTP_ACCEPTED) {
        rc = refuse_code(found, err);
    }
    if (rc == ERR_OK) {
        rc = change(x, row, "on", NULL, result, err);
    }
    json_decref(row);
    return rc;
}

static const struct field confirm_fields[] = {
    F_TEXT("code", FIELD_REQUIRED, 8, "验证码", "code"),
    F_END,
};

const struct command user_totp_confirm_command = {
    .name = "user.totp_confirm",
    .method = "POST",
    .path = "/api/v1/session/totp/confirm",
    .cap = CAP_SIGNED_IN,
    .status = 200,
    .fields = confirm_fields,
    .run = confirm_body,
    .zh = "输入手机验证器当前的验证码,开启两步验证",
    .en = "Turn two-factor sign-in on with a current code from the app",
    .entity = &user_entity,
};

/* ---- user.totp_disable ---- */

/* Checks the password (slow: before the transaction) and begins the
 * attempt at a code, throttled by login. */
static enum err_code disable_prepare(const struct ctx *x, struct args *a, struct err *err)
{
    enum err_code rc = user_check_own_password(x, args_text(a, "password"), "password", err);
    if (rc != ERR_OK) {
        return rc;
    }
    struct throttle_verdict v;
    throttle_begin_login(x->who->login, THROTTLE_CODE, utc_now_ms(), &v);
    return v.wait_ms > 0 ? throttle_refuse(x->who->login, THROTTLE_CODE, &v, err) : ERR_OK;
}

static enum err_code
disable_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    enum totp_result found = TOTP_WRONG;
    enum err_code rc = own_row(x, &row, err);
    if (rc == ERR_OK && strcmp(state_of(row), "on") != 0) {
        rc = err_set(err, ERR_CONFLICT, NULL, "两步验证没有开启", "two-factor sign-in is not on");
    }
    if (rc == ERR_OK) {
        rc = user_totp_use(x->c, x->who->user_id, x->now_ms / 1000, args_text(a, "code"), &found,
                           err);
    }
    if (rc == ERR_OK && found != TOTP_ACCEPTED) {
        seclog("code.refused", json_pack("{sI, ss}", "user", (json_int_t)x->who->user_id, "reason",
                                         found == TOTP_REPLAYED ? "replayed" : "wrong"));
        rc = refuse_code(found, err);
    }
    if (rc == ERR_OK) {
        throttle_succeeded(x->who->login, THROTTLE_CODE);
        rc = change(x, row, NULL, NULL, result, err);
    }
    json_decref(row);
    return rc;
}

static const struct field disable_fields[] = {
    F_TEXT("password", FIELD_REQUIRED, 200, "当前密码", "current password"),
    F_TEXT("code", FIELD_REQUIRED, 8, "验证码", "code"),
    F_END,
};

const struct command user_totp_disable_command = {
    .name = "user.totp_disable",
    .method = "POST",
    .path = "/api/v1/session/totp/disable",
    .cap = CAP_SIGNED_IN,
    .status = 200,
    .fields = disable_fields,
    .prepare = disable_prepare,
    .run = disable_body,
    .zh = "关闭两步验证(需当前密码和验证码)",
    .en = "Turn two-factor sign-in off (with the password and a current code)",
    .entity = &user_entity,
};

/* ---- user.totp_reset ---- */

static enum err_code
reset_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    struct user_name name;
    enum err_code rc = user_load_managed(x->c, x->who, a->id, &row, err);
    if (rc == ERR_OK && state_of(row)[0] == '\0') {
        rc = user_name_of(x->c, row, &name, err);
        if (rc == ERR_OK) {
            rc = err_set(err, ERR_CONFLICT, NULL, "%s%.0s没有设置两步验证,无需重置",
                         "%.0s%s has no two-factor sign-in to reset", name.zh, name.en);
        }
    }
    if (rc == ERR_OK) {
        rc = user_end_all(x->c, a->id, false, err);
    }
    if (rc == ERR_OK) {
        rc = change(x, row, NULL, NULL, result, err);
    }
    json_decref(row);
    return rc;
}

const struct command user_totp_reset_command = {
    .name = "user.totp_reset",
    .method = "POST",
    .path = "/api/v1/users/{id}/totp/reset",
    .cap = CAP_USER_ADMIN,
    .status = 200,
    .fields = no_fields,
    .run = reset_body,
    .zh = "重置用户的两步验证(手机丢失时;结束其全部会话)",
    .en = "Reset a user's two-factor sign-in (a lost phone), ending their sessions",
    .entity = &user_entity,
};
