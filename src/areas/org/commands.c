/*
 * The organisation model's commands: one declaration per route, all run
 * by org_write with the kind as their constant (write.c). The
 * organisation model's ids are given as text (slugs for cities and
 * townships).
 */
#include "areas/org/kinds.h"

#include <string.h>

/* One org command: its name, method, path, capability, kind, fields,
 * entity and what it does in both languages; the status is 201 for a
 * creation, else 200. */
#define ORG_COMMAND(cname, m, p, c, st, k, f, e, zh_, en_)                                         \
    const struct command org_##cname##_command = {                                                 \
        .name = "org." #cname,                                                                     \
        .method = m,                                                                               \
        .path = p,                                                                                 \
        .cap = c,                                                                                  \
        .status = st,                                                                              \
        .fields = f,                                                                               \
        .run = org_write,                                                                          \
        .zh = zh_,                                                                                 \
        .en = en_,                                                                                 \
        .flags = COMMAND_TEXT_ID,                                                                  \
        .arg = k,                                                                                  \
        .entity = &e,                                                                              \
    }

/* One command a row. */
/* clang-format off */
ORG_COMMAND(city_create, "POST", "/api/v1/cities", CAP_TOWNSHIP_ADMIN, 201, ORG_CITY, org_city_fields, org_entity_city,
            "设立城市", "Create a city");
ORG_COMMAND(township_create, "POST", "/api/v1/townships", CAP_TOWNSHIP_ADMIN, 201, ORG_TOWNSHIP, org_township_fields, org_entity_township,
            "设立乡镇（街道）", "Create a township");
ORG_COMMAND(township_update, "PATCH", "/api/v1/townships/{tid}", CAP_TOWNSHIP_ADMIN, 200, ORG_TOWNSHIP, org_township_fields, org_entity_township,
            "修改乡镇（街道）", "Change a township");
ORG_COMMAND(village_create, "POST", "/api/v1/townships/{tid}/villages", CAP_ORG_WRITE, 201, ORG_VILLAGE, org_village_fields, org_entity_village,
            "新增村（社区）", "Create a village");
ORG_COMMAND(village_update, "PATCH", "/api/v1/villages/{id}", CAP_ORG_WRITE, 200, ORG_VILLAGE, org_village_fields, org_entity_village,
            "修改村（社区）", "Change a village");
ORG_COMMAND(village_delete, "DELETE", "/api/v1/villages/{id}", CAP_ORG_WRITE, 200, ORG_VILLAGE, NULL, org_entity_village,
            "删除村（社区）", "Delete a village");
ORG_COMMAND(body_create, "POST", "/api/v1/townships/{tid}/bodies", CAP_ORG_WRITE, 201, ORG_BODY, org_body_fields, org_entity_organization,
            "新增领导机构", "Create a body");
ORG_COMMAND(department_create, "POST", "/api/v1/townships/{tid}/departments", CAP_ORG_WRITE, 201, ORG_DEPARTMENT, org_department_fields, org_entity_organization,
            "新增内设机构", "Create a department");
ORG_COMMAND(person_create, "POST", "/api/v1/townships/{tid}/people", CAP_ORG_WRITE, 201, ORG_PERSON, org_person_fields, org_entity_person,
            "新增人员", "Create a person");
ORG_COMMAND(organization_update, "PATCH", "/api/v1/organizations/{id}", CAP_ORG_WRITE, 200, ORG_ORGANIZATION, org_organization_fields, org_entity_organization,
            "修改机构", "Change a body or department");
ORG_COMMAND(organization_delete, "DELETE", "/api/v1/organizations/{id}", CAP_ORG_WRITE, 200, ORG_ORGANIZATION, NULL, org_entity_organization,
            "删除机构", "Delete a body or department");
ORG_COMMAND(post_create, "POST", "/api/v1/organizations/{id}/posts", CAP_ORG_WRITE, 201, ORG_POST, org_post_fields, org_entity_post,
            "新增职务", "Create a post");
ORG_COMMAND(post_update, "PATCH", "/api/v1/posts/{id}", CAP_ORG_WRITE, 200, ORG_POST, org_post_fields, org_entity_post,
            "修改职务", "Change a post");
ORG_COMMAND(post_delete, "DELETE", "/api/v1/posts/{id}", CAP_ORG_WRITE, 200, ORG_POST, NULL, org_entity_post,
            "删除职务", "Delete a post");
ORG_COMMAND(person_update, "PATCH", "/api/v1/people/{id}", CAP_ORG_WRITE, 200, ORG_PERSON, org_person_fields, org_entity_person,
            "修改人员", "Change a person");
ORG_COMMAND(person_delete, "DELETE", "/api/v1/people/{id}", CAP_ORG_WRITE, 200, ORG_PERSON, NULL, org_entity_person,
            "删除人员", "Delete a person");
ORG_COMMAND(membership_create, "POST", "/api/v1/memberships", CAP_ORG_WRITE, 201, ORG_MEMBERSHIP, org_membership_fields, org_entity_membership,
            "新增任职", "Create a membership");
ORG_COMMAND(membership_update, "PATCH", "/api/v1/memberships/{id}", CAP_ORG_WRITE, 200, ORG_MEMBERSHIP, org_membership_fields, org_entity_membership,
            "修改任职日期", "Change a membership's dates");
ORG_COMMAND(membership_delete, "DELETE", "/api/v1/memberships/{id}", CAP_ORG_WRITE, 200, ORG_MEMBERSHIP, NULL, org_entity_membership,
            "删除任职", "Delete a membership");
ORG_COMMAND(portfolio_create, "POST", "/api/v1/portfolios", CAP_ORG_WRITE, 201, ORG_PORTFOLIO, org_portfolio_fields, org_entity_portfolio,
            "新增分管", "Create a portfolio");
ORG_COMMAND(portfolio_update, "PATCH", "/api/v1/portfolios/{id}", CAP_ORG_WRITE, 200, ORG_PORTFOLIO, org_portfolio_fields, org_entity_portfolio,
            "修改分管", "Change a portfolio");
ORG_COMMAND(portfolio_delete, "DELETE", "/api/v1/portfolios/{id}", CAP_ORG_WRITE, 200, ORG_PORTFOLIO, NULL, org_entity_portfolio,
            "删除分管", "Delete a portfolio");
/* clang-format on */

const struct command *const org_commands[] = {
    &org_city_create_command,
    &org_township_create_command,
    &org_township_update_command,
    &org_village_create_command,
    &org_village_update_command,
    &org_village_delete_command,
    &org_body_create_command,
    &org_department_create_command,
    &org_person_create_command,
    &org_organization_update_command,
    &org_organization_delete_command,
    &org_post_create_command,
    &org_post_update_command,
    &org_post_delete_command,
    &org_person_update_command,
    &org_person_delete_command,
    &org_membership_create_command,
    &org_membership_update_command,
    &org_membership_delete_command,
    &org_portfolio_create_command,
    &org_portfolio_update_command,
    &org_portfolio_delete_command,
    NULL,
};

/* Runs org_write for kind as a command of the given method on target
 * (the parent for a creation, else the object). */
static enum err_code run(struct store_conn *c,
                         const struct actor *who,
                         enum org_kind kind,
                         const char *method,
                         const char *target,
                         const json_t *input,
                         json_t **result,
                         struct err *err)
{
    bool deleting = strcmp(method, "DELETE") == 0;
    const struct command cmd = {
        .name = "org.write",
        .method = method,
        .path = "",
        .cap = org_kinds[kind].cap,
        .status = strcmp(method, "POST") == 0 ? 201 : 200,
        .fields = deleting ? NULL : org_kinds[kind].fields,
        .run = org_write,
        .flags = COMMAND_TEXT_ID,
        .arg = (int)kind,
        .entity = org_kinds[kind].ent,
    };
    const struct ctx x = {.c = c, .who = who, .now_ms = utc_now_ms()};
    const struct args a = {.cmd = &cmd, .key = target, .input = input};
    return command_run(&x, &cmd, &a, result, err);
}

enum err_code org_create(struct store_conn *c,
                         const struct actor *who,
                         enum org_kind kind,
                         const char *parent,
                         const json_t *input,
                         json_t **result,
                         struct err *err)
{
    return run(c, who, kind, "POST", parent, input, result, err);
}

enum err_code org_update(struct store_conn *c,
                         const struct actor *who,
                         enum org_kind kind,
                         const char *id,
                         const json_t *input,
                         json_t **result,
                         struct err *err)
{
    return run(c, who, kind, "PATCH", id, input, result, err);
}

enum err_code org_delete(struct store_conn *c,
                         const struct actor *who,
                         enum org_kind kind,
                         const char *id,
                         json_t **result,
                         struct err *err)
{
    return run(c, who, kind, "DELETE", id, NULL, result, err);
}
