/*
 * The organisation model's reads as declared queries: lists of a kind
 * under their parent, one object of a kind, memberships, and the
 * committee's current members. Ids are given as text (slugs for townships).
 */
#include "areas/org/org.h"
#include "record/query.h"

/* Objects of the kind a->query->arg under the path's last parameter. */
static enum err_code
list_body(const struct ctx *x, const struct args *a, json_t **page, struct err *err)
{
    struct org_list_query q = {.parent = a->key, .limit = a->page.limit, .offset = a->page.offset};
    return org_list(x->c, (enum org_kind)a->query->arg, &q, page, err);
}

/* One object of the kind a->query->arg. */
static enum err_code
get_body(const struct ctx *x, const struct args *a, json_t **item, struct err *err)
{
    return org_get(x->c, (enum org_kind)a->query->arg, a->key, item, err);
}

/* Memberships of an organization (arg 0) or of a person (arg 1). */
static enum err_code
memberships_body(const struct ctx *x, const struct args *a, json_t **page, struct err *err)
{
    struct org_list_query q = {.parent = a->key,
                               .current_only = args_int(a, "current") == 1,
                               .limit = a->page.limit,
                               .offset = a->page.offset};
    return org_list_memberships(x->c, &q, a->query->arg == 1, page, err);
}

/* The committee's current members of the township, as one page. */
static enum err_code
members_body(const struct ctx *x, const struct args *a, json_t **page, struct err *err)
{
    json_t *items = NULL;
    enum err_code rc = org_members(x->c, a->township, &items, err);
    if (rc == ERR_OK) {
        int64_t n = (int64_t)json_array_size(items);
        *page = page_json(items, n, n, 0);
    }
    return rc;
}

/* The organisation model as one Popolo document. */
static enum err_code
popolo_body(const struct ctx *x, const struct args *a, json_t **doc, struct err *err)
{
    (void)a;
    return org_popolo(x->c, doc, err);
}

static const struct field membership_params[] = {
    F_INT("current", 0, 0, 1, "仅现任（1）", "in force today only (1)"),
    F_END,
};

/* What the org queries' rows carry besides their entity's columns. */
static const struct field township_counts[] = {
    F_INT("bodies", 0, 0, FIELD_INT_MAX, "领导机构数", "bodies"),
    F_INT("departments", 0, 0, FIELD_INT_MAX, "内设机构数", "departments"),
    F_INT("people", 0, 0, FIELD_INT_MAX, "人员数", "people"),
    F_INT("villages", 0, 0, FIELD_INT_MAX, "村（社区）数", "villages and communities"),
    F_END,
};
static const struct field organization_extra[] = {
    F_LIST("posts", 0, 0, NULL, "职务", "posts"),
    F_END,
};
static const struct field person_extra[] = {
    F_LIST("memberships", 0, 0, NULL, "任职", "memberships"),
    F_LIST("portfolios", 0, 0, NULL, "分管", "portfolios"),
    F_END,
};
static const struct field membership_extra[] = {
    F_TEXT("person_name", 0, 0, "姓名", "name"),
    F_TEXT("person_name_en", FIELD_NULLABLE, 0, "拼音 / 英文名", "name in pinyin or English"),
    F_TEXT("role", 0, 0, "职务类别", "role"),
    F_TEXT("post_label", 0, 0, "职务名称", "title"),
    F_TEXT("post_label_en", FIELD_NULLABLE, 0, "英文职务名称", "English title"),
    F_REF("organization_id", 0, "机构", "organisation"),
    F_TEXT("organization_name", 0, 0, "机构", "organisation"),
    F_TEXT("organization_name_en", FIELD_NULLABLE, 0, "机构英文名称", "organisation in English"),
    F_TEXT("organization_class", 0, 0, "机构类别", "class of organisation"),
    F_END,
};
static const struct field portfolio_extra[] = {
    F_TEXT("person_name", 0, 0, "班子成员", "member"),
    F_TEXT("person_name_en", FIELD_NULLABLE, 0, "班子成员（拼音 / 英文）", "member in English"),
    F_TEXT("department_name", FIELD_NULLABLE, 0, "联系部门", "department"),
    F_TEXT("department_name_en", FIELD_NULLABLE, 0, "联系部门（英文）", "department in English"),
    F_END,
};

/* One org query: its name, path, body, paged, kind (or the body's
 * constant), parameters, what it answers in both languages, the entity
 * of its rows with what they carry besides, and QUERY_RECORDS_ONLY unless
 * its answer depends on the date ("current"). */
#define ORG_QUERY(qname, p, body, pg, k, prm, zh_, en_, ent, ext, cached)                          \
    const struct query org_##qname##_query = {                                                     \
        .name = "org." #qname,                                                                     \
        .path = p,                                                                                 \
        .cap = CAP_PUBLIC_READ,                                                                    \
        .params = prm,                                                                             \
        .paged = pg,                                                                               \
        .run = body,                                                                               \
        .zh = zh_,                                                                                 \
        .en = en_,                                                                                 \
        .flags = COMMAND_TEXT_ID | cached,                                                         \
        .arg = k,                                                                                  \
        .entity = ent,                                                                             \
        .extra = ext,                                                                              \
    }

/* One query a row. */
/* clang-format off */
ORG_QUERY(city_list, "/api/v1/cities", list_body, true, ORG_CITY, NULL,
          "城市", "Cities", &org_entity_city, NULL, QUERY_RECORDS_ONLY);
ORG_QUERY(township_list, "/api/v1/townships", list_body, true, ORG_TOWNSHIP, NULL,
          "乡镇（街道）", "Townships and subdistricts", &org_entity_township, township_counts, QUERY_RECORDS_ONLY);
ORG_QUERY(township_get, "/api/v1/townships/{tid}", get_body, false, ORG_TOWNSHIP, NULL,
          "一个乡镇（街道）", "One township", &org_entity_township, township_counts, QUERY_RECORDS_ONLY);
ORG_QUERY(village_list, "/api/v1/townships/{tid}/villages", list_body, true, ORG_VILLAGE, NULL,
          "村（社区）", "Villages and communities", &org_entity_village, NULL, QUERY_RECORDS_ONLY);
ORG_QUERY(body_list, "/api/v1/townships/{tid}/bodies", list_body, true, ORG_BODY, NULL,
          "领导机构：党委、政府、人大、纪委", "Bodies: committee, government, congress, discipline", &org_entity_organization, NULL, QUERY_RECORDS_ONLY);
ORG_QUERY(department_list, "/api/v1/townships/{tid}/departments", list_body, true,
          ORG_DEPARTMENT, NULL, "内设机构：局、办、中心", "Departments: bureaus, offices, centres", &org_entity_organization, NULL, QUERY_RECORDS_ONLY);
ORG_QUERY(person_list, "/api/v1/townships/{tid}/people", list_body, true, ORG_PERSON, NULL,
          "乡镇的人员", "People of a township", &org_entity_person, NULL, QUERY_RECORDS_ONLY);
ORG_QUERY(member_list, "/api/v1/townships/{tid}/members", members_body, false, 0, NULL,
          "班子现任成员及其职务和分管",
          "The committee's current members with posts and portfolios", NULL, NULL, 0);
ORG_QUERY(portfolio_list, "/api/v1/townships/{tid}/portfolios", list_body, true, ORG_PORTFOLIO,
          NULL, "乡镇的分管", "Portfolios of a township", &org_entity_portfolio, portfolio_extra, QUERY_RECORDS_ONLY);
ORG_QUERY(organization_get, "/api/v1/organizations/{id}", get_body, false, ORG_ORGANIZATION,
          NULL, "一个机构及其职务", "One body or department with its posts", &org_entity_organization, organization_extra, QUERY_RECORDS_ONLY);
ORG_QUERY(post_list, "/api/v1/organizations/{id}/posts", list_body, true, ORG_POST, NULL,
          "机构的职务", "Posts of an organization", &org_entity_post, NULL, QUERY_RECORDS_ONLY);
ORG_QUERY(organization_memberships, "/api/v1/organizations/{id}/memberships", memberships_body,
          true, 0, membership_params, "机构的任职（current=1：现任）",
          "Memberships in an organization (?current=1: in force today)", &org_entity_membership, membership_extra, 0);
ORG_QUERY(post_get, "/api/v1/posts/{id}", get_body, false, ORG_POST, NULL,
          "一个职务", "One post", &org_entity_post, NULL, QUERY_RECORDS_ONLY);
ORG_QUERY(person_get, "/api/v1/people/{id}", get_body, false, ORG_PERSON, NULL,
          "一个人员及其任职和分管", "One person with memberships and portfolios", &org_entity_person, person_extra, QUERY_RECORDS_ONLY);
ORG_QUERY(person_memberships, "/api/v1/people/{id}/memberships", memberships_body, true, 1,
          membership_params, "人员的任职", "Memberships of a person", &org_entity_membership, membership_extra, QUERY_RECORDS_ONLY);
ORG_QUERY(membership_get, "/api/v1/memberships/{id}", get_body, false, ORG_MEMBERSHIP, NULL,
          "一项任职", "One membership", &org_entity_membership, membership_extra, QUERY_RECORDS_ONLY);
ORG_QUERY(portfolio_get, "/api/v1/portfolios/{id}", get_body, false, ORG_PORTFOLIO, NULL,
          "一项分管", "One portfolio", &org_entity_portfolio, portfolio_extra, QUERY_RECORDS_ONLY);
ORG_QUERY(popolo, "/api/v1/export/popolo", popolo_body, false, 0, NULL,
          "人员、机构、职务和任职（Popolo 格式）",
          "People, organizations, posts and memberships as Popolo", NULL, NULL, QUERY_RECORDS_ONLY);
/* clang-format on */

const struct query *const org_queries[] = {
    &org_city_list_query,
    &org_township_list_query,
    &org_township_get_query,
    &org_village_list_query,
    &org_body_list_query,
    &org_department_list_query,
    &org_person_list_query,
    &org_member_list_query,
    &org_portfolio_list_query,
    &org_organization_get_query,
    &org_post_list_query,
    &org_organization_memberships_query,
    &org_post_get_query,
    &org_person_get_query,
    &org_person_memberships_query,
    &org_membership_get_query,
    &org_portfolio_get_query,
    &org_popolo_query,
    NULL,
};
