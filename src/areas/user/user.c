/*
 * Users and their credentials. See user.h.
 */
#include "areas/user/user.h"

#include "core/alloc.h"
#include "core/page.h"
#include "record/row.h"

#include <sodium.h>
#include <string.h>

#define USER_ROW(X)                                                                                \
    X(login, TEXT)                                                                                 \
    X(role, TEXT)                                                                                  \
    X(township_id, TEXT)                                                                           \
    X(person_id, INT)                                                                              \
    X(created, TEXT)
ENTITY(user_entity, "user", "users", USER_ROW, .allocates_id = true, .zh = "用户", .en = "user");

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

/* Fills out with a random password of USER_PASSWORD_GENERATED characters
 * from an alphabet without look-alikes. */
static void generate_password(char out[USER_PASSWORD_GENERATED + 1])
{
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    for (int i = 0; i < USER_PASSWORD_GENERATED; i++) {
        out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
    }
    out[USER_PASSWORD_GENERATED] = '\0';
}

/* The secrets of a new user, made before the write transaction (Argon2id
 * takes a while) and wiped after it. */
struct user_secret {
    char generated[USER_PASSWORD_GENERATED + 1]; /* "" when the password was given */
    char hash[crypto_pwhash_STRBYTES];
};

static void secret_release(void *p)
{
    sodium_memzero(p, sizeof(struct user_secret));
    xfree(p);
}

/* Checks what the declaration cannot (the login's characters, the
 * password's length, a township for a township role) and hashes the
 * password, or a generated one. */
static enum err_code prepare(const struct ctx *x, struct args *a, struct err *err)
{
    (void)x;
    const char *login = args_text(a, "login"), *password = args_text(a, "password");
    const char *township = args_text(a, "township");
    enum role r = ROLE_PUBLIC;
    if (!login_ok(login)) {
        return err_set(err, ERR_INVALID, "login", "登录名须为 3–40 位小写字母、数字、. _ -",
                       "the login must be 3-40 lowercase letters, digits, '.', '_' or '-'");
    }
    if (password != NULL && input_utf8_chars(password) < USER_PASSWORD_MIN) {
        return err_set(err, ERR_INVALID, "password", "密码至少 %d 个字符",
                       "the password must have at least %d characters", USER_PASSWORD_MIN);
    }
    (void)role_parse(args_text(a, "role"), &r);
    if (role_is_township_scoped(r) && township == NULL) {
        return err_set(err, ERR_INVALID, "township", "该角色须指定乡镇",
                       "this role needs a township");
    }
    if (!role_is_township_scoped(r) && township != NULL) {
        return err_set(err, ERR_INVALID, "township", "市级角色不属于任何乡镇",
                       "a city-wide role has no township");
    }
    struct user_secret *secret = xcalloc(1, sizeof(*secret));
    if (password == NULL) {
        generate_password(secret->generated);
        password = secret->generated;
    }
    if (crypto_pwhash_str(secret->hash, password, strlen(password),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        secret_release(secret);
        return err_set(err, ERR_INTERNAL, NULL, "无法计算密码散列", "cannot hash the password");
    }
    a->prepared = secret;
    return ERR_OK;
}

/* Checks the login is free and the township and person exist. */
static enum err_code check_refs(struct store_conn *c, const json_t *row, struct err *err)
{
    bool found = false;
    int64_t one = 0;
    const char *township = json_string_value(json_object_get(row, "township_id"));
    enum err_code rc = store_query_int(c, &one, &found, err, "SELECT 1 FROM users WHERE login = ?",
                                       "t", json_string_value(json_object_get(row, "login")));
    if (rc == ERR_OK && found) {
        return err_set(err, ERR_CONFLICT, "login", "登录名已被使用", "the login is already taken");
    }
    if (rc == ERR_OK && township != NULL) {
        rc = store_query_int(c, &one, &found, err, "SELECT 1 FROM townships WHERE id = ?", "t",
                             township);
        if (rc == ERR_OK && !found) {
            return err_set(err, ERR_INVALID, "township", "乡镇不存在", "no such township");
        }
    }
    const json_t *person = json_object_get(row, "person_id");
    if (rc == ERR_OK && json_is_integer(person)) {
        if (township == NULL) {
            return err_set(err, ERR_INVALID, "person_id", "市级角色不关联乡镇人员",
                           "a city-wide role is not linked to a township's person");
        }
        rc = store_query_int(c, &one, &found, err,
                             "SELECT 1 FROM people WHERE id = ? AND township_id = ?", "it",
                             (int64_t)json_integer_value(person), township);
        if (rc == ERR_OK && !found) {
            return err_set(err, ERR_INVALID, "person_id", "人员不存在或不属于该乡镇",
                           "no such person in that township");
        }
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
    ctx_now_text(x, now);
    json_t *row = json_pack("{ss, ss, so, so, ss}", "login", args_text(a, "login"), "role",
                            args_text(a, "role"), "township_id",
                            township ? json_string(township) : json_null(), "person_id",
                            person ? json_integer(person) : json_null(), "created", now);
    /* The login stays out of the public record: a list of logins would
     * help whoever guesses passwords. */
    static const char *const sealed[] = {"login", NULL};
    enum err_code rc = policy_check(x->who, CAP_USER_ADMIN, NULL, err);
    if (rc == ERR_OK) {
        rc = check_refs(x->c, row, err);
    }
    if (rc == ERR_OK) {
        rc = entity_create_sealed(x->c, x->who, &user_entity, township, row, sealed, &ref, err);
    }
    if (rc == ERR_OK) {
        rc = store_exec(x->c, err, "INSERT INTO credentials (user_id, password_hash) VALUES (?, ?)",
                        "it", row_int(row, "id"), secret->hash);
    }
    if (rc == ERR_OK) {
        json_t *item = json_pack(
            "{sO, sO, sO, sO, sO, sO}", "id", json_object_get(row, "id"), "login",
            json_object_get(row, "login"), "role", json_object_get(row, "role"), "township",
            json_object_get(row, "township_id"), "person_id", json_object_get(row, "person_id"),
            "created", json_object_get(row, "created"));
        *result = command_answer(item, &ref);
        if (secret->generated[0] != '\0') {
            json_object_set_new(*result, "password", json_string(secret->generated));
        }
    }
    json_decref(row);
    return rc;
}

static const struct choice user_roles[] = {
#define USER_ROLE_CHOICE(name, id, scoped, zh, en) {id, zh, en},
    ROLE_TABLE(USER_ROLE_CHOICE)
#undef USER_ROLE_CHOICE
        {NULL, NULL, NULL},
};

static const struct field create_fields[] = {
    F_TEXT("login", FIELD_REQUIRED, 40, "登录名", "login"),
    F_ENUM("role", FIELD_REQUIRED, user_roles + 1, "角色", "role"), /* all but the public */
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

enum err_code
user_list(struct store_conn *c, int64_t limit, int64_t offset, json_t **page, struct err *err)
{
    int64_t total = 0;
    json_t *items = NULL;
    enum err_code rc = store_query_int(c, &total, NULL, err, "SELECT COUNT(*) FROM users", "");
    if (rc == ERR_OK) {
        rc = store_query_json(c, &items, err,
                              "SELECT id, login, role, township_id AS township, person_id, created"
                              " FROM users ORDER BY id LIMIT ? OFFSET ?",
                              "ii", limit, offset);
    }
    if (rc == ERR_OK) {
        *page = page_json(items, total, limit, offset);
    }
    return rc;
}
