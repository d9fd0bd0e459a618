/*
 * Users: the entity, the command that creates one, the list, and what the
 * lifecycle's commands (account.c) share. See user.h.
 */
#include "areas/user/user.h"

#include "areas/user/password.h"
#include "core/alloc.h"
#include "core/page.h"
#include "record/row.h"

#include <sodium.h>
#include <string.h>

/* Two-factor sign-in: being set up, or on (NULL: off). */
static const struct choice user_totp_states[] = {
    {"pending", "待确认", "awaiting its first code"},
    {"on", "已开启", "on"},
    {NULL, NULL, NULL},
};

/* The columns no command takes as they are, named for the description. */
static const struct field user_columns[] = {
    F_TEXT("login", 0, 40, "登录名", "login"),
    F_TEXT("township_id", FIELD_NULLABLE, 40, "所属乡镇", "township"),
    F_TIME("created", 0, "创建时间", "created"),
    F_TIME("disabled", FIELD_NULLABLE, "停用时间", "disabled"),
    F_TEXT("disabled_reason", FIELD_NULLABLE, 500, "停用原因", "reason disabled"),
    F_TIME("password_changed", FIELD_NULLABLE, "密码修改时间", "password changed"),
    F_TIME("sessions_ended", FIELD_NULLABLE, "强制下线时间", "signed out everywhere"),
    F_ENUM("totp", FIELD_NULLABLE, user_totp_states, "两步验证", "two-factor sign-in"),
    F_TIME("totp_changed", FIELD_NULLABLE, "两步验证变更时间", "two-factor sign-in changed"),
    F_END,
};

ENTITY(user_entity,
       "user",
       "users",
       USER_ROW,
       .allocates_id = true,
       .zh = "用户",
       .en = "user",
       .columns = user_columns);

/* The login stays out of the public record (a list of logins would help
 * whoever guesses passwords), and so does whether two-factor sign-in is
 * on (which accounts lack it would guide them too), and why an account
 * was disabled (which may touch on a person's conduct): all are sealed
 * parts. */
static const char *const sealed_columns[] = {"login", "totp", "disabled_reason", NULL};

static bool login_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > 40) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
              ch == '-')) {
            return false;
        }
    }
    return true;
}

enum err_code user_check_role(const char *role, const char *township, struct err *err)
{
    enum role r = ROLE_PUBLIC;
    (void)role_parse(role, &r);
    if (role_is_township_scoped(r) && township == NULL) {
        return err_set(err, ERR_INVALID, "township", "该角色须指定乡镇",
                       "this role needs a township");
    }
    if (!role_is_township_scoped(r) && township != NULL) {
        return err_set(err, ERR_INVALID, "township", "市级角色不属于任何乡镇",
                       "a city-wide role has no township");
    }
    return ERR_OK;
}

/* The secrets of a new user, made before the write transaction (Argon2id
 * takes a while) and wiped after it. */
struct user_secret {
    char generated[PASSWORD_GENERATED + 1]; /* "" when the password was given */
    char hash[crypto_pwhash_STRBYTES];
};

static void secret_release(void *p)
{
    sodium_memzero(p, sizeof(struct user_secret));
    xfree(p);
}

/* Checks what the declaration cannot (the login's characters, the
 * password's policy, a township for a township role) and hashes the
 * password, or a generated one. */
static enum err_code prepare(const struct ctx *x, struct args *a, struct err *err)
{
    (void)x;
    const char *login = args_text(a, "login"), *password = args_text(a, "password");
    if (!login_ok(login)) {
        return err_set(err, ERR_INVALID, "login", "登录名须为 3–40 位小写字母、数字、. _ -",
                       "the login must be 3-40 lowercase letters, digits, '.', '_' or '-'");
    }
    enum err_code rc = ERR_OK;
    if (password != NULL) {
        rc = password_check(password, login, "password", err);
    }
    if (rc == ERR_OK) {
        rc = user_check_role(args_text(a, "role"), args_text(a, "township"), err);
    }
    if (rc != ERR_OK) {
        return rc;
    }
    struct user_secret *secret = xcalloc(1, sizeof(*secret));
    if (password == NULL) {
        password_generate(secret->generated);
        password = secret->generated;
    }
    rc = password_hash(password, secret->hash, err);
    if (rc != ERR_OK) {
        secret_release(secret);
        return rc;
    }
    a->prepared = secret;
    return ERR_OK;
}

enum err_code user_check_refs(struct store_conn *c, const json_t *row, struct err *err)
{
    bool found = false;
    int64_t one = 0;
    enum err_code rc = ERR_OK;
    const char *township = user_township_id(row);
    if (township != NULL) {
        rc = store_query_int(c, &one, &found, err, "SELECT 1 FROM townships WHERE id = ?", "t",
                             township);
        if (rc == ERR_OK && !found) {
            return err_set(err, ERR_INVALID, "township", "乡镇不存在", "no such township");
        }
    }
    if (rc == ERR_OK && user_person_id(row) != 0) {
        if (township == NULL) {
            return err_set(err, ERR_INVALID, "person_id", "市级角色不关联乡镇人员",
                           "a city-wide role is not linked to a township's person");
        }
        rc = store_query_int(c, &one, &found, err,
                             "SELECT 1 FROM people WHERE id = ? AND township_id = ?", "it",
                             user_person_id(row), township);
        if (rc == ERR_OK && !found) {
            return err_set(err, ERR_INVALID, "person_id", "人员不存在或不属于该乡镇",
                           "no such person in that township");
        }
    }
    return rc;
}

enum err_code
user_record_update(const struct ctx *x, const json_t *row, struct event_ref *ref, struct err *err)
{
    return entity_update_sealed(x->c, x->who, &user_entity, user_township_id(row), row,
                                sealed_columns, ref, err);
}

enum err_code
user_set_hash(struct store_conn *c, int64_t user_id, const char *hash, struct err *err)
{
    return store_exec(c, err, "UPDATE credentials SET password_hash = ? WHERE user_id = ?", "ti",
                      hash, user_id);
}

enum err_code user_end_all(struct store_conn *c, int64_t user_id, bool tokens, struct err *err)
{
    enum err_code rc = store_exec(
        c, err, "UPDATE credentials SET epoch = epoch + 1 WHERE user_id = ?", "i", user_id);
    if (rc == ERR_OK && tokens) {
        rc = store_exec(c, err, "DELETE FROM api_tokens WHERE user_id = ?", "i", user_id);
    }
    return rc;
}

/* Records the user (the login sealed) and keeps the password's hash. */
static enum err_code
create_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    const struct user_secret *secret = a->prepared;
    const char *township = args_text(a, "township");
    int64_t person = args_int(a, "person_id");
    char now[UTC_TEXT_MAX];
    struct event_ref ref;
    bool found = false;
    int64_t one = 0;
    ctx_now_text(x, now);
    json_t *row = json_pack(
        "{ss, ss, so, so, ss, sn, sn, sn, sn, sn, sn}", "login", args_text(a, "login"), "role",
        args_text(a, "role"), "township_id", township ? json_string(township) : json_null(),
        "person_id", person ? json_integer(person) : json_null(), "created", now, "disabled",
        "disabled_reason", "password_changed", "sessions_ended", "totp", "totp_changed");
    /* user.admin where who holds it first (their own township, for a
     * township administrator), then the role and township given. */
    enum err_code rc = policy_check(x->who, CAP_USER_ADMIN, x->who->township, err);
    if (rc == ERR_OK) {
        rc = user_check_grant(x->c, x->who, args_text(a, "role"), township, NULL, err);
    }
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &one, &found, err, "SELECT 1 FROM users WHERE login = ?", "t",
                             user_login(row));
    }
    if (rc == ERR_OK && found) {
        rc = err_set(err, ERR_CONFLICT, "login", "登录名已被使用", "the login is already taken");
    }
    if (rc == ERR_OK) {
        rc = user_check_refs(x->c, row, err);
    }
    if (rc == ERR_OK) {
        rc = entity_create_sealed(x->c, x->who, &user_entity, township, row, sealed_columns, &ref,
                                  err);
    }
    if (rc == ERR_OK) {
        rc = store_exec(x->c, err, "INSERT INTO credentials (user_id, password_hash) VALUES (?, ?)",
                        "it", row_int(row, "id"), secret->hash);
    }
    if (rc == ERR_OK) {
        *result = command_answer(json_incref(row), &ref);
        if (secret->generated[0] != '\0') {
            json_object_set_new(*result, "password", json_string(secret->generated));
        }
    }
    json_decref(row);
    return rc;
}

const struct choice user_role_choices[] = {
#define USER_ROLE_CHOICE(name, id, scoped, zh, en) {id, zh, en},
    ROLE_TABLE(USER_ROLE_CHOICE)
#undef USER_ROLE_CHOICE
        {NULL, NULL, NULL},
};

static const struct field create_fields[] = {
    F_TEXT("login", FIELD_REQUIRED, 40, "登录名", "login"),
    F_ENUM("role", FIELD_REQUIRED, user_role_choices + 1, "角色", "role"), /* all but the public */
    F_TEXT("township", FIELD_NULLABLE, 40, "所属乡镇", "township"),
    F_REF("person_id", FIELD_NULLABLE, "关联人员", "person"),
    F_TEXT("password", 0, 200, "初始密码（不填则生成）", "initial password (generated if empty)"),
    F_END,
};

const struct command user_create_command = {
    .name = "user.create",
    .method = "POST",
    .path = "/api/v1/users",
    .cap = CAP_USER_ADMIN,
    .status = 201,
    .fields = create_fields,
    .prepare = prepare,
    .release = secret_release,
    .run = create_body,
    .zh = "新增用户",
    .en = "Create a user",
    .entity = &user_entity,
};

enum err_code user_create(struct store_conn *c,
                          const struct actor *who,
                          const json_t *input,
                          json_t **result,
                          struct err *err)
{
    const struct ctx x = {.c = c, .who = who, .now_ms = utc_now_ms()};
    const struct args a = {.cmd = &user_create_command, .input = input};
    return command_run(&x, &user_create_command, &a, result, err);
}

/* The users' rows with the names of their people, of one township (the
 * parameter; NULL: all). */
#define USER_LIST_SQL                                                                              \
    "SELECT " ENTITY_COLUMNS(                                                                      \
        USER_ROW) ", (SELECT name FROM people WHERE id = person_id)"                               \
                  " AS person_name, (SELECT name_en FROM people"                                   \
                  " WHERE id = person_id) AS person_name_en"                                       \
                  " FROM users WHERE CAST(? AS TEXT) IS NULL OR township_id = ?"                   \
                  " ORDER BY id LIMIT ? OFFSET ?"

enum err_code user_list(struct store_conn *c,
                        const char *township,
                        int64_t limit,
                        int64_t offset,
                        json_t **page,
                        struct err *err)
{
    int64_t total = 0;
    json_t *items = NULL;
    enum err_code rc = store_query_int(
        c, &total, NULL, err,
        "SELECT COUNT(*) FROM users WHERE CAST(? AS TEXT) IS NULL OR township_id = ?", "tt",
        township, township);
    if (rc == ERR_OK) {
        rc = store_query_json(c, &items, err, USER_LIST_SQL, "ttii", township, township, limit,
                              offset);
    }
    if (rc == ERR_OK) {
        *page = page_json(items, total, limit, offset);
    }
    return rc;
}

enum err_code user_load(struct store_conn *c, int64_t id, json_t **row, struct err *err)
{
    return row_load(c, &user_entity, "SELECT " ENTITY_COLUMNS(USER_ROW) " FROM users WHERE id = ?",
                    id, row, err);
}

enum err_code user_id_of(struct store_conn *c, const char *login, int64_t *id, struct err *err)
{
    bool found = false;
    enum err_code rc =
        store_query_int(c, id, &found, err, "SELECT id FROM users WHERE login = ?", "t", login);
    if (rc == ERR_OK && !found) {
        return err_set(err, ERR_NOT_FOUND, "login", "用户不存在", "no such user");
    }
    return rc;
}
