/*
 * Users as an area: their entity, the commands of the account's lifecycle
 * and of two-factor sign-in, and the list (record/area.h).
 */
#include "record/area.h"
#include "areas/user/user.h"
#include "record/query.h"

/* A page of users, in the order they were created: a township
 * administrator's of their own township only. */
static enum err_code
list_body(const struct ctx *x, const struct args *a, json_t **page, struct err *err)
{
    const char *township = role_is_township_scoped(x->who->role) ? x->who->township : NULL;
    enum err_code rc = policy_check(x->who, CAP_USER_ADMIN, township, err);
    if (rc != ERR_OK) {
        return rc;
    }
    return user_list(x->c, township, a->page.limit, a->page.offset, page, err);
}

static const struct field list_extra[] = {
    F_TEXT("person_name", FIELD_NULLABLE, 0, "姓名", "name"),
    F_TEXT("person_name_en", FIELD_NULLABLE, 0, "姓名（英文）", "name in English"),
    F_END,
};

static const struct query user_list_query = {
    .name = "user.list",
    .path = "/api/v1/users",
    .cap = CAP_USER_ADMIN,
    .paged = true,
    .run = list_body,
    .zh = "用户",
    .en = "Users",
    .entity = &user_entity,
    .extra = list_extra,
};

static const struct entity *const user_entities[] = {&user_entity, NULL};
static const struct command *const user_commands[] = {
    &user_create_command,          &user_update_command,         &user_disable_command,
    &user_enable_command,          &user_reset_password_command, &user_end_sessions_command,
    &user_change_password_command, &user_totp_enrol_command,     &user_totp_confirm_command,
    &user_totp_disable_command,    &user_totp_reset_command,     NULL,
};
static const struct query *const user_queries[] = {&user_list_query, NULL};

const struct area user_area = {
    .name = "user",
    .zh = "用户与账号",
    .en = "users and accounts",
    .entities = user_entities,
    .commands = user_commands,
    .queries = user_queries,
    .open = user_open,
};
