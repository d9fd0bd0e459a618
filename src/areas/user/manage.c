/*
 * Who manages whom: an administrator (city-wide) every user and every
 * role; a township administrator (township-scoped, holding user.admin in
 * their own township) the users of their township whose roles are the
 * township's working roles, never a role that manages users (their own
 * included) nor a city-wide one. Refusals name the user as the office
 * knows them. See user.h and docs/security.md, "Accounts".
 */
#include "areas/user/user.h"

#include "record/row.h"

#include <stdio.h>
#include <string.h>

/* Room for a township's name in a message. */
#define NAME_MAX_BYTES 96

/* The messages below name things differently in each language: each
 * name is passed as a pair of arguments (zh-CN, English), and a format
 * prints the one of its language with "%s" and skips the other with
 * "%.0s" (zh-CN "%s%.0s", English "%.0s%s"). */

/* True when who manages users of one township only. */
static bool township_admin(const struct actor *who)
{
    return role_is_township_scoped(who->role);
}

bool user_may_grant(const struct actor *who, const char *role)
{
    enum role r = ROLE_PUBLIC;
    if (!role_parse(role, &r) || r == ROLE_PUBLIC) {
        return false;
    }
    return !township_admin(who) ||
           (role_is_township_scoped(r) && !policy_role_has(r, CAP_USER_ADMIN));
}

json_t *user_grantable_roles_json(const struct actor *who)
{
    json_t *roles = json_array();
    for (const char *const *r = role_user_names; *r != NULL; r++) {
        if (user_may_grant(who, *r)) {
            json_array_append_new(roles, json_string(*r));
        }
    }
    return roles;
}

/* The role's names (zh-CN, English). */
static void role_names(const char *role, const char **zh, const char **en)
{
    enum role r = ROLE_PUBLIC;
    bool known = role_parse(role, &r);
    *zh = known ? role_label(r, false) : role;
    *en = known ? role_label(r, true) : role;
}

/* The township's names into zh and en (its id when there is none). */
static enum err_code township_names(struct store_conn *c,
                                    const char *id,
                                    char zh[NAME_MAX_BYTES],
                                    char en[NAME_MAX_BYTES],
                                    struct err *err)
{
    json_t *t = NULL;
    enum err_code rc =
        store_query_row(c, &t, err, "SELECT name, name_en FROM townships WHERE id = ?", "t", id);
    if (rc == ERR_OK) {
        snprintf(zh, NAME_MAX_BYTES, "%s", t ? row_text(t, "name") : id);
        snprintf(en, NAME_MAX_BYTES, "%s", t ? row_text(t, "name_en") : id);
    }
    json_decref(t);
    return rc;
}

enum err_code
user_name_of(struct store_conn *c, const json_t *row, struct user_name *name, struct err *err)
{
    json_t *person = NULL;
    enum err_code rc = ERR_OK;
    if (user_person_id(row) != 0) {
        rc = store_query_row(c, &person, err, "SELECT name, name_en FROM people WHERE id = ?", "i",
                             user_person_id(row));
    }
    if (rc == ERR_OK && person != NULL) {
        const char *en = row_text(person, "name_en");
        snprintf(name->zh, sizeof(name->zh), "%s", row_text(person, "name"));
        snprintf(name->en, sizeof(name->en), "%s",
                 en != NULL && en[0] ? en : row_text(person, "name"));
        json_decref(person);
        return ERR_OK;
    }
    const char *role_zh = NULL, *role_en = NULL;
    role_names(user_role(row), &role_zh, &role_en);
    const char *article = strchr("aeiou", role_en[0]) != NULL && role_en[0] ? "an" : "a";
    if (rc == ERR_OK && user_township_id(row) == NULL) {
        snprintf(name->zh, sizeof(name->zh), "一个%s账号", role_zh);
        snprintf(name->en, sizeof(name->en), "%s %s's account", article, role_en);
    } else if (rc == ERR_OK) {
        char where_zh[NAME_MAX_BYTES], where_en[NAME_MAX_BYTES];
        rc = township_names(c, user_township_id(row), where_zh, where_en, err);
        snprintf(name->zh, sizeof(name->zh), "%s的一个%s账号", where_zh, role_zh);
        snprintf(name->en, sizeof(name->en), "%s %s's account of %s", article, role_en, where_en);
    }
    return rc;
}

/* Refuses a township administrator's step (ERR_FORBIDDEN, rule
 * user.scope) with zh and en, which take the pairs of names that follow
 * (see the top of this file). */
#define refuse(err, field, zh, en, ...)                                                            \
    (err_set(err, ERR_FORBIDDEN, field, zh, en, __VA_ARGS__), err_set_rule(err, "user.scope"),     \
     ERR_FORBIDDEN)

/* The actor's own township's names, for a message. */
static void own_township(struct store_conn *c,
                         const struct actor *who,
                         char zh[NAME_MAX_BYTES],
                         char en[NAME_MAX_BYTES])
{
    struct err scratch;
    err_init(&scratch);
    if (township_names(c, who->township, zh, en, &scratch) != ERR_OK) {
        snprintf(zh, NAME_MAX_BYTES, "%s", who->township);
        snprintf(en, NAME_MAX_BYTES, "%s", who->township);
    }
}

enum err_code user_check_grant(struct store_conn *c,
                               const struct actor *who,
                               const char *role,
                               const char *township,
                               const struct user_name *name,
                               struct err *err)
{
    const char *role_zh = NULL, *role_en = NULL;
    role_names(role, &role_zh, &role_en);
    if (!user_may_grant(who, role) && name == NULL) {
        return refuse(err, "role",
                      "乡镇系统管理员只能授予本乡镇的工作角色,“%s%.0s”须由市级系统管理员授予",
                      "a township administrator gives only the township's working roles; the "
                      "city's administrator gives the role '%.0s%s'",
                      role_zh, role_en);
    }
    if (!user_may_grant(who, role)) {
        return refuse(err, "role",
                      "不能把%s%.0s设为“%s%.0s”:乡镇系统管理员只能授予本乡镇的工作角色,此角色须由"
                      "市级系统管理员授予",
                      "you cannot give %.0s%s the role '%.0s%s': a township administrator gives "
                      "only the township's working roles, and the city's administrator this one",
                      name->zh, name->en, role_zh, role_en);
    }
    if (township_admin(who) && (township == NULL || strcmp(township, who->township) != 0)) {
        char own_zh[NAME_MAX_BYTES], own_en[NAME_MAX_BYTES];
        own_township(c, who, own_zh, own_en);
        if (name == NULL) {
            return refuse(err, "township", "您只能为本乡镇(%s%.0s)新增用户",
                          "you may add users to your own township (%.0s%s) only", own_zh, own_en);
        }
        return refuse(err, "township", "不能把%s%.0s调到其他乡镇:您只能管理本乡镇(%s%.0s)的用户",
                      "you cannot move %.0s%s to another township: you manage only the users of "
                      "your own township (%.0s%s)",
                      name->zh, name->en, own_zh, own_en);
    }
    return policy_check(who, CAP_USER_ADMIN, township, err);
}

/* Refuses who's step on the user of row, a township administrator's that
 * is not theirs to manage (ERR_OK when it is). */
static enum err_code
check_managed(struct store_conn *c, const struct actor *who, const json_t *row, struct err *err)
{
    const char *township = user_township_id(row);
    bool theirs = township != NULL && strcmp(township, who->township) == 0;
    if (theirs && user_may_grant(who, user_role(row))) {
        return ERR_OK;
    }
    struct user_name name;
    enum err_code rc = user_name_of(c, row, &name, err);
    if (rc != ERR_OK) {
        return rc;
    }
    if (!theirs) {
        char own_zh[NAME_MAX_BYTES], own_en[NAME_MAX_BYTES];
        own_township(c, who, own_zh, own_en);
        return refuse(err, NULL, "%s%.0s不是本乡镇的用户:您只能管理本乡镇(%s%.0s)的用户",
                      "%.0s%s is not a user of your township: you manage only the users of %.0s%s",
                      name.zh, name.en, own_zh, own_en);
    }
    const char *role_zh = NULL, *role_en = NULL;
    role_names(user_role(row), &role_zh, &role_en);
    return refuse(err, NULL, "%s%.0s是%s%.0s,其账号须由市级系统管理员管理",
                  "%.0s%s is a %.0s%s, whose account the city's administrator manages", name.zh,
                  name.en, role_zh, role_en);
}

enum err_code user_load_managed(
    struct store_conn *c, const struct actor *who, int64_t id, json_t **row, struct err *err)
{
    /* Who holds user.admin at all (in their own township, for a township
     * administrator) first: nobody else learns which users exist. */
    enum err_code rc = policy_check(who, CAP_USER_ADMIN, who->township, err);
    if (rc == ERR_OK) {
        rc = user_load(c, id, row, err);
    }
    if (rc != ERR_OK) {
        return rc;
    }
    if (township_admin(who)) {
        rc = check_managed(c, who, *row, err);
    }
    if (rc == ERR_OK) {
        rc = policy_check(who, CAP_USER_ADMIN, user_township_id(*row), err);
    }
    if (rc != ERR_OK) {
        json_decref(*row);
        *row = NULL;
    }
    return rc;
}
