/*
 * The account's lifecycle as commands: an administrator changes a user's
 * role, township or person, disables and enables the account, sets a new
 * password and ends every session and token of the user; a signed-in
 * user changes their own password. Each records "user.updated" with the
 * whole new row (the login sealed). A new password, a disabled account
 * and ended sessions end the user's sessions wherever they were opened
 * (user_end_all); tokens are revoked too, but for the user's own change
 * of password. See user.h and docs/security.md, "Accounts".
 */
#include "areas/user/user.h"

#include "areas/user/password.h"
#include "areas/user/throttle.h"
#include "core/alloc.h"
#include "core/seclog.h"
#include "record/row.h"

#include <sodium.h>
#include <string.h>

/* The row of the path's user, for a command of the administrator's (a
 * township administrator's only on a user they manage: manage.c). */
static enum err_code
load_admin_target(const struct ctx *x, const struct args *a, json_t **row, struct err *err)
{
    return user_load_managed(x->c, x->who, a->id, row, err);
}

/* Records row as changed and answers with it. */
static enum err_code record(const struct ctx *x, json_t *row, json_t **result, struct err *err)
{
    struct event_ref ref;
    enum err_code rc = user_record_update(x, row, &ref, err);
    if (rc == ERR_OK) {
        *result = command_answer(json_incref(row), &ref);
    }
    return rc;
}

/* Refuses an administrator's step on their own account that would lock
 * them out (rule user.self). */
static enum err_code refuse_self(const struct ctx *x, const struct args *a, struct err *err)
{
    if (x->who->user_id == 0 || x->who->user_id != a->id) {
        return ERR_OK;
    }
    err_set(err, ERR_CONFLICT, NULL, "不能停用自己的账号或更改自己的角色,请由另一位管理员办理",
            "you cannot disable your own account or change your own role; ask another "
            "administrator");
    err_set_rule(err, "user.self");
    return ERR_CONFLICT;
}

/* The fields of a step that takes none (its body is {}). */
static const struct field no_fields[] = {F_END};

/* ---- user.update ---- */

static enum err_code
update_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    struct user_name name;
    enum err_code rc = load_admin_target(x, a, &row, err);
    if (rc == ERR_OK) {
        rc = user_name_of(x->c, row, &name, err);
    }
    if (rc == ERR_OK && args_has(a, "role") && strcmp(args_text(a, "role"), user_role(row)) != 0) {
        rc = refuse_self(x, a, err);
        json_object_set_new(row, "role", json_string(args_text(a, "role")));
    }
    if (rc == ERR_OK && args_has(a, "township")) {
        const char *township = args_text(a, "township");
        json_object_set_new(row, "township_id", township ? json_string(township) : json_null());
    }
    if (rc == ERR_OK && args_has(a, "person_id")) {
        int64_t person = args_int(a, "person_id");
        json_object_set_new(row, "person_id", person ? json_integer(person) : json_null());
    }
    if (rc == ERR_OK) {
        rc = user_check_role(user_role(row), user_township_id(row), err);
    }
    if (rc == ERR_OK) {
        rc = user_check_grant(x->c, x->who, user_role(row), user_township_id(row), &name, err);
    }
    if (rc == ERR_OK) {
        rc = user_check_refs(x->c, row, err);
    }
    if (rc == ERR_OK) {
        rc = record(x, row, result, err);
    }
    json_decref(row);
    return rc;
}

static const struct field update_fields[] = {
    F_ENUM("role", 0, user_role_choices + 1, "角色", "role"), /* all but the public */
    F_TEXT("township", FIELD_NULLABLE, 40, "所属乡镇", "township"),
    F_REF("person_id", FIELD_NULLABLE, "关联人员", "person"),
    F_END,
};

const struct command user_update_command = {
    .name = "user.update",
    .method = "PATCH",
    .path = "/api/v1/users/{id}",
    .cap = CAP_USER_ADMIN,
    .status = 200,
    .fields = update_fields,
    .run = update_body,
    .zh = "更改用户的角色、乡镇或关联人员",
    .en = "Change a user's role, township or person",
    .entity = &user_entity,
};

/* ---- user.disable and user.enable ---- */

static enum err_code
disable_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    char now[UTC_TEXT_MAX];
    ctx_now_text(x, now);
    enum err_code rc = load_admin_target(x, a, &row, err);
    if (rc == ERR_OK) {
        rc = refuse_self(x, a, err);
    }
    if (rc == ERR_OK && user_disabled(row) != NULL) {
        rc = err_set(err, ERR_CONFLICT, NULL, "该账号已停用", "the account is already disabled");
    }
    if (rc == ERR_OK) {
        json_object_set_new(row, "disabled", json_string(now));
        json_object_set_new(row, "disabled_reason", json_string(args_text(a, "reason")));
        rc = user_end_all(x->c, a->id, true, err);
    }
    if (rc == ERR_OK) {
        rc = record(x, row, result, err);
    }
    json_decref(row);
    return rc;
}

static const struct field disable_fields[] = {
    F_TEXT("reason", FIELD_REQUIRED, 500, "停用原因", "reason"),
    F_END,
};

const struct command user_disable_command = {
    .name = "user.disable",
    .method = "POST",
    .path = "/api/v1/users/{id}/disable",
    .cap = CAP_USER_ADMIN,
    .status = 200,
    .fields = disable_fields,
    .run = disable_body,
    .zh = "停用账号（结束其全部会话并吊销令牌）",
    .en = "Disable an account (ending its sessions and revoking its tokens)",
    .entity = &user_entity,
};

static enum err_code
enable_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    enum err_code rc = load_admin_target(x, a, &row, err);
    if (rc == ERR_OK && user_disabled(row) == NULL) {
        rc = err_set(err, ERR_CONFLICT, NULL, "该账号未停用", "the account is not disabled");
    }
    if (rc == ERR_OK) {
        json_object_set_new(row, "disabled", json_null());
        json_object_set_new(row, "disabled_reason", json_null());
        rc = record(x, row, result, err);
    }
    json_decref(row);
    return rc;
}

const struct command user_enable_command = {
    .name = "user.enable",
    .method = "POST",
    .path = "/api/v1/users/{id}/enable",
    .cap = CAP_USER_ADMIN,
    .status = 200,
    .fields = no_fields,
    .run = enable_body,
    .zh = "重新启用账号",
    .en = "Enable a disabled account again",
    .entity = &user_entity,
};

/* ---- user.end_sessions ---- */

static enum err_code
end_sessions_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    char now[UTC_TEXT_MAX];
    ctx_now_text(x, now);
    enum err_code rc = load_admin_target(x, a, &row, err);
    if (rc == ERR_OK) {
        json_object_set_new(row, "sessions_ended", json_string(now));
        rc = user_end_all(x->c, a->id, true, err);
    }
    if (rc == ERR_OK) {
        rc = record(x, row, result, err);
    }
    json_decref(row);
    return rc;
}

const struct command user_end_sessions_command = {
    .name = "user.end_sessions",
    .method = "POST",
    .path = "/api/v1/users/{id}/sign-out",
    .cap = CAP_USER_ADMIN,
    .status = 200,
    .fields = no_fields,
    .run = end_sessions_body,
    .zh = "结束用户的全部会话并吊销其令牌",
    .en = "End all of a user's sessions and revoke their tokens",
    .entity = &user_entity,
};

/* ---- new passwords ---- */

/* A new password, hashed before the write transaction, and the one
 * generated (shown once) or "". */
struct new_password {
    char generated[PASSWORD_GENERATED + 1];
    char hash[crypto_pwhash_STRBYTES];
};

static void new_password_release(void *p)
{
    sodium_memzero(p, sizeof(struct new_password));
    xfree(p);
}

/* The login and password hash of user id, read outside the write
 * transaction (x->c, or a connection of x->store's). */
static enum err_code
read_credentials(const struct ctx *x, int64_t id, json_t **row, struct err *err)
{
    struct store_conn *c = x->c != NULL ? x->c : store_acquire(x->store);
    enum err_code rc =
        store_query_row(c, row, err,
                        "SELECT u.login, c.password_hash FROM users u JOIN credentials c"
                        " ON c.user_id = u.id WHERE u.id = ?",
                        "i", id);
    if (x->c == NULL) {
        store_release(c);
    }
    if (rc == ERR_OK && *row == NULL) {
        rc = err_set(err, ERR_NOT_FOUND, "id", NULL, NULL);
    }
    return rc;
}

/* Checks password (field) against the policy for login, or generates one
 * when it is NULL, and hashes it into a->prepared. */
static enum err_code prepare_new(
    struct args *a, const char *password, const char *login, const char *field, struct err *err)
{
    enum err_code rc = password ? password_check(password, login, field, err) : ERR_OK;
    if (rc != ERR_OK) {
        return rc;
    }
    struct new_password *np = xcalloc(1, sizeof(*np));
    if (password == NULL) {
        password_generate(np->generated);
        password = np->generated;
    }
    rc = password_hash(password, np->hash, err);
    if (rc != ERR_OK) {
        new_password_release(np);
        return rc;
    }
    a->prepared = np;
    return ERR_OK;
}

/* Keeps the prepared password as the user's, ends their sessions (and
 * with tokens, their tokens) and records when it changed. */
static enum err_code set_password(const struct ctx *x,
                                  const struct args *a,
                                  int64_t id,
                                  json_t *row,
                                  bool tokens,
                                  json_t **result,
                                  struct err *err)
{
    const struct new_password *np = a->prepared;
    char now[UTC_TEXT_MAX];
    ctx_now_text(x, now);
    json_object_set_new(row, "password_changed", json_string(now));
    enum err_code rc = user_set_hash(x->c, id, np->hash, err);
    if (rc == ERR_OK) {
        rc = user_end_all(x->c, id, tokens, err);
    }
    if (rc == ERR_OK) {
        rc = record(x, row, result, err);
    }
    if (rc == ERR_OK && np->generated[0] != '\0') {
        json_object_set_new(*result, "password", json_string(np->generated));
    }
    return rc;
}

/* ---- user.reset_password ---- */

static enum err_code reset_prepare(const struct ctx *x, struct args *a, struct err *err)
{
    json_t *cred = NULL;
    enum err_code rc = read_credentials(x, a->id, &cred, err);
    if (rc == ERR_OK) {
        rc = prepare_new(a, args_text(a, "password"), row_text(cred, "login"), "password", err);
    }
    json_decref(cred);
    return rc;
}

static enum err_code
reset_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    enum err_code rc = load_admin_target(x, a, &row, err);
    if (rc == ERR_OK) {
        rc = set_password(x, a, a->id, row, true, result, err);
    }
    json_decref(row);
    return rc;
}

static const struct field reset_fields[] = {
    F_TEXT("password", 0, 200, "新密码（不填则生成）", "new password (generated if empty)"),
    F_END,
};

const struct command user_reset_password_command = {
    .name = "user.reset_password",
    .method = "POST",
    .path = "/api/v1/users/{id}/password",
    .cap = CAP_USER_ADMIN,
    .status = 200,
    .fields = reset_fields,
    .prepare = reset_prepare,
    .release = new_password_release,
    .run = reset_body,
    .zh = "为用户设置新密码（结束其全部会话并吊销令牌）",
    .en = "Set a new password for a user (ending their sessions and revoking their tokens)",
    .entity = &user_entity,
};

/* ---- user.change_password ---- */

enum err_code user_check_own_password(const struct ctx *x,
                                      const char *password,
                                      const char *field,
                                      struct err *err)
{
    if (x->who->token != NULL || x->who->user_id == 0) {
        return err_set(err, ERR_FORBIDDEN, NULL, "只能由本人登录后办理,API 令牌不能办理",
                       "only the user, signed in, may do this; an API token cannot");
    }
    struct throttle_verdict v;
    throttle_begin(x->who->login, THROTTLE_PASSWORD_CHANGE, utc_now_ms(), &v);
    if (v.wait_ms > 0) {
        return throttle_refuse(x->who->login, THROTTLE_PASSWORD_CHANGE, &v, err);
    }
    json_t *cred = NULL;
    enum err_code rc = read_credentials(x, x->who->user_id, &cred, err);
    if (rc == ERR_OK && crypto_pwhash_str_verify(row_text(cred, "password_hash"), password,
                                                 strlen(password)) != 0) {
        seclog("password.refused",
               json_pack("{sI, ss}", "user", (json_int_t)x->who->user_id, "reason", "wrong"));
        rc = err_set(err, ERR_INVALID, field, "当前密码不正确", "the current password is wrong");
    }
    if (rc == ERR_OK) {
        throttle_succeeded(x->who->login, THROTTLE_PASSWORD_CHANGE);
    }
    json_decref(cred);
    return rc;
}

/* Checks the current password and the new one against the policy, and
 * hashes the new one. */
static enum err_code change_prepare(const struct ctx *x, struct args *a, struct err *err)
{
    const char *current = args_text(a, "current_password"), *next = args_text(a, "new_password");
    enum err_code rc = user_check_own_password(x, current, "current_password", err);
    if (rc == ERR_OK && strcmp(current, next) == 0) {
        rc = err_set(err, ERR_INVALID, "new_password", "新密码不能与当前密码相同",
                     "the new password must differ from the current one");
    }
    if (rc == ERR_OK) {
        rc = prepare_new(a, next, x->who->login, "new_password", err);
    }
    return rc;
}

static enum err_code
change_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    int64_t id = x->who->user_id;
    enum err_code rc = user_load(x->c, id, &row, err);
    if (rc == ERR_OK) {
        rc = set_password(x, a, id, row, false, result, err);
    }
    json_decref(row);
    return rc;
}

static const struct field change_fields[] = {
    F_TEXT("current_password", FIELD_REQUIRED, 200, "当前密码", "current password"),
    F_TEXT("new_password", FIELD_REQUIRED, 200, "新密码", "new password"),
    F_END,
};

const struct command user_change_password_command = {
    .name = "user.change_password",
    .method = "POST",
    .path = "/api/v1/session/password",
    .cap = CAP_SIGNED_IN,
    .status = 200,
    .fields = change_fields,
    .prepare = change_prepare,
    .release = new_password_release,
    .run = change_body,
    .zh = "修改自己的密码（此后须重新登录）",
    .en = "Change your own password (then sign in again)",
    .entity = &user_entity,
};
