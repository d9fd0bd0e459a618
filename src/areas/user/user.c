/*
 * Users and their credentials. See user.h.
 */
#include "areas/user/user.h"

#include "core/input.h"
#include "core/page.h"
#include "record/policy.h"

#include <sodium.h>
#include <string.h>

static const struct entity_field user_fields[] = {{"login", 't'},       {"role", 't'},
                                                  {"township_id", 't'}, {"person_id", 'i'},
                                                  {"created", 't'},     {NULL, 0}};

const struct entity user_entity = {
    .name = "user",
    .text_id = false,
    .fields = user_fields,
    .sql_insert = "INSERT INTO users (id, login, role, township_id, person_id, created)"
                  " VALUES (?, ?, ?, ?, ?, ?)",
    .sql_update = "UPDATE users SET login = ?, role = ?, township_id = ?, person_id = ?,"
                  " created = ? WHERE id = ?",
    .sql_delete = "DELETE FROM users WHERE id = ?",
    .allocates_id = true,
    .sql_dump = "SELECT id, login, role, township_id, person_id, created FROM users ORDER BY id",
};

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

/* Validates everything but uniqueness and references; fills row. */
static enum err_code
read_input(const json_t *input, json_t *row, const char **password, struct err *err)
{
    static const char *const allowed[] = {"login",     "role",     "township",
                                          "person_id", "password", NULL};
    const char *login = NULL, *role = NULL, *township = NULL;
    int64_t person = 0;
    enum err_code rc = input_only(input, allowed, err);
    if (rc == ERR_OK) {
        rc = input_text(input, "login", INPUT_REQUIRED, 40, &login, err);
    }
    if (rc == ERR_OK && !login_ok(login)) {
        rc = err_set(err, ERR_INVALID, "login", "登录名须为 3–40 位小写字母、数字、. _ -",
                     "the login must be 3-40 lowercase letters, digits, '.', '_' or '-'");
    }
    if (rc == ERR_OK) {
        rc = input_enum(input, "role", INPUT_REQUIRED, role_user_names, &role, err);
    }
    if (rc == ERR_OK) {
        rc = input_text(input, "township", INPUT_NULLABLE, 40, &township, err);
    }
    if (rc == ERR_OK) {
        rc = input_int(input, "person_id", INPUT_NULLABLE, 1, INT64_MAX, &person, err);
    }
    if (rc == ERR_OK) {
        rc = input_text(input, "password", INPUT_OPTIONAL, 200, password, err);
    }
    if (rc == ERR_OK && *password != NULL && input_utf8_chars(*password) < USER_PASSWORD_MIN) {
        rc = err_set(err, ERR_INVALID, "password", "密码至少 %d 个字符",
                     "the password must have at least %d characters", USER_PASSWORD_MIN);
    }
    if (rc != ERR_OK) {
        return rc;
    }
    enum role r;
    bool known = role_parse(role, &r);
    (void)known;
    if (role_is_township_scoped(r) && township == NULL) {
        return err_set(err, ERR_INVALID, "township", "该角色须指定乡镇",
                       "this role needs a township");
    }
    if (!role_is_township_scoped(r) && township != NULL) {
        return err_set(err, ERR_INVALID, "township", "市级角色不属于任何乡镇",
                       "a city-wide role has no township");
    }
    char now[UTC_TEXT_MAX];
    utc_format(utc_now_ms(), now);
    json_object_set_new(row, "login", json_string(login));
    json_object_set_new(row, "role", json_string(role));
    json_object_set_new(row, "township_id", township ? json_string(township) : json_null());
    json_object_set_new(row, "person_id", person ? json_integer(person) : json_null());
    json_object_set_new(row, "created", json_string(now));
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

enum err_code user_create(struct store_conn *c,
                          const struct actor *who,
                          const json_t *input,
                          json_t **result,
                          struct err *err)
{
    json_t *row = json_object();
    json_t *sealed = NULL;
    const char *password = NULL;
    char generated[USER_PASSWORD_GENERATED + 1] = "";
    char hash[crypto_pwhash_STRBYTES];
    struct event_ref ref;
    enum err_code rc = policy_check(who, CAP_USER_ADMIN, NULL, err);
    if (rc == ERR_OK) {
        rc = read_input(input, row, &password, err);
    }
    if (rc != ERR_OK) {
        json_decref(row);
        return rc;
    }
    if (password == NULL) {
        generate_password(generated);
        password = generated;
    }
    /* Hash before taking the write lock: Argon2id takes a while. */
    if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        json_decref(row);
        return err_set(err, ERR_INTERNAL, NULL, "无法计算密码散列", "cannot hash the password");
    }
    rc = store_begin_write(c, err);
    if (rc == ERR_OK) {
        rc = check_refs(c, row, err);
        if (rc == ERR_OK) {
            /* The login stays out of the public record: a list of logins
             * would help whoever guesses passwords. */
            sealed = json_pack("{sO}", "login", json_object_get(row, "login"));
            json_object_del(row, "login");
            rc = entity_create_sealed(c, who, &user_entity,
                                      json_string_value(json_object_get(row, "township_id")), row,
                                      sealed, &ref, err);
            json_object_update(row, sealed);
        }
        if (rc == ERR_OK) {
            rc =
                store_exec(c, err, "INSERT INTO credentials (user_id, password_hash) VALUES (?, ?)",
                           "it", (int64_t)json_integer_value(json_object_get(row, "id")), hash);
        }
        if (rc == ERR_OK) {
            rc = store_commit(c, err);
        } else {
            store_rollback(c);
        }
    }
    sodium_memzero(hash, sizeof(hash));
    if (rc == ERR_OK) {
        json_t *item = json_pack(
            "{sO, sO, sO, sO, sO, sO}", "id", json_object_get(row, "id"), "login",
            json_object_get(row, "login"), "role", json_object_get(row, "role"), "township",
            json_object_get(row, "township_id"), "person_id", json_object_get(row, "person_id"),
            "created", json_object_get(row, "created"));
        *result = json_pack("{so, so}", "item", item, "event", event_ref_json(&ref));
        if (generated[0] != '\0') {
            json_object_set_new(*result, "password", json_string(generated));
        }
    }
    sodium_memzero(generated, sizeof(generated));
    json_decref(sealed);
    json_decref(row);
    return rc;
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
