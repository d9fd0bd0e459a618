/*
 * The kinds of object in the organisation model: their input fields, how
 * each finds its township, and the model's rules (docs/org.md).
 */
#include "areas/org/kinds.h"

#include <stdio.h>
#include <string.h>

static const struct choice township_kinds[] = {
    {"township", "镇", "town"},
    {"rural_township", "乡", "rural township"},
    {"subdistrict", "街道", "subdistrict"},
    {NULL, NULL, NULL},
};
static const struct choice village_kinds[] = {
    {"village", "行政村", "village"},
    {"community", "社区", "community"},
    {NULL, NULL, NULL},
};
#define BODY_CLASSES                                                                               \
    {"committee", "党委", "party committee"}, {"government", "政府", "township government"},       \
        {"congress", "人大", "people's congress"},                                                 \
    {                                                                                              \
        "discipline", "纪委", "discipline committee"                                               \
    }
#define DEPARTMENT_CLASSES                                                                         \
    {"bureau", "局", "bureau"}, {"office", "办", "office"},                                        \
    {                                                                                              \
        "centre", "中心", "centre"                                                                 \
    }
static const struct choice body_classes[] = {BODY_CLASSES, {NULL, NULL, NULL}};
static const struct choice department_classes[] = {DEPARTMENT_CLASSES, {NULL, NULL, NULL}};
static const struct choice all_classes[] = {BODY_CLASSES, DEPARTMENT_CLASSES, {NULL, NULL, NULL}};
static const struct choice genders[] = {
    {"female", "女", "female"},
    {"male", "男", "male"},
    {NULL, NULL, NULL},
};
static const struct choice post_roles[] = {
    {"secretary", "书记", "secretary"},
    {"deputy_secretary", "副书记", "deputy secretary"},
    {"discipline_secretary", "纪委书记", "discipline secretary"},
    {"member", "委员", "member"},
    {"mayor", "镇长", "mayor"},
    {"deputy_mayor", "副镇长", "deputy mayor"},
    {"chair", "主席", "chair"},
    {"vice_chair", "副主席", "vice chair"},
    {"head", "主任", "head"},
    {"deputy_head", "副主任", "deputy head"},
    {"staff", "工作人员", "staff"},
    {NULL, NULL, NULL},
};

/* Which organisation classes admit a post role (space-separated): the
 * rule of check_post, and what the post form offers ("x-admitted-by" of
 * org.post_create's role). */
static const struct choice_fit post_role_classes[] = {
    {"secretary", " committee discipline "},
    {"deputy_secretary", " committee discipline "},
    {"discipline_secretary", " committee discipline "},
    {"member", " committee discipline government congress "},
    {"mayor", " government "},
    {"deputy_mayor", " government "},
    {"chair", " congress "},
    {"vice_chair", " congress "},
    {"head", " bureau office centre "},
    {"deputy_head", " bureau office centre "},
    {"staff", " committee government congress discipline bureau office centre "},
    {NULL, NULL},
};

/* A far-future date standing for "no end" in range comparisons. */
#define OPEN_END "9999-12-31"

enum err_code org_load_row(
    struct store_conn *c, enum org_kind kind, const char *id, json_t **row, struct err *err)
{
    const struct org_kind_ops *ops = &org_kinds[kind];
    json_t *found = NULL;
    enum err_code rc;
    if (ops->ent->text_id) {
        rc = store_query_row(c, &found, err, ops->sql_row, "t", id);
    } else {
        char *end = NULL;
        long long n = id ? strtoll(id, &end, 10) : 0;
        if (id == NULL || *id == '\0' || *end != '\0' || n <= 0) {
            return err_set(err, ERR_NOT_FOUND, "id", NULL, NULL);
        }
        rc = store_query_row(c, &found, err, ops->sql_row, "i", (int64_t)n);
    }
    if (rc != ERR_OK) {
        return rc;
    }
    if (found == NULL) {
        return err_set(err, ERR_NOT_FOUND, "id", NULL, NULL);
    }
    if (kind == ORG_BODY || kind == ORG_DEPARTMENT) {
        const struct choice *classes = kind == ORG_BODY ? body_classes : department_classes;
        const char *cls = json_string_value(json_object_get(found, "class"));
        bool fits = false;
        for (size_t i = 0; classes[i].value != NULL && !fits; i++) {
            fits = strcmp(classes[i].value, cls) == 0;
        }
        if (!fits) {
            json_decref(found);
            return err_set(err, ERR_NOT_FOUND, "id", NULL, NULL);
        }
    }
    *row = found;
    return ERR_OK;
}

/* Keeps a township id found by a query alive in x->hold and points at it. */
static enum err_code township_of(struct org_cmd *x,
                                 const char *sql,
                                 int64_t id,
                                 const char *field,
                                 const char **out,
                                 struct err *err)
{
    json_t *row = NULL;
    enum err_code rc = store_query_row(x->c, &row, err, sql, "i", id);
    if (rc != ERR_OK) {
        return rc;
    }
    if (row == NULL) {
        return err_set(err, ERR_INVALID, field, "“%s”指向的记录不存在",
                       "'%s' refers to a record that does not exist", field);
    }
    if (x->hold == NULL) {
        x->hold = json_array();
    }
    json_array_append_new(x->hold, row);
    *out = json_string_value(json_object_get(row, "township_id"));
    return ERR_OK;
}

static int64_t row_int(const json_t *row, const char *key)
{
    return (int64_t)json_integer_value(json_object_get(row, key));
}

static const char *row_text(const json_t *row, const char *key)
{
    return json_string_value(json_object_get(row, key));
}

enum err_code org_row_township(
    struct org_cmd *x, enum org_kind kind, const json_t *row, const char **out, struct err *err)
{
    switch (kind) {
    case ORG_CITY:
        *out = NULL;
        return ERR_OK;
    case ORG_TOWNSHIP:
        *out = row_text(row, "id");
        return ERR_OK;
    case ORG_POST:
        return township_of(x, "SELECT township_id FROM organizations WHERE id = ?",
                           row_int(row, "organization_id"), "organization_id", out, err);
    case ORG_MEMBERSHIP:
    case ORG_PORTFOLIO:
        return township_of(x, "SELECT township_id FROM people WHERE id = ?",
                           row_int(row, "person_id"), "person_id", out, err);
    default:
        *out = row_text(row, "township_id");
        return ERR_OK;
    }
}

/* ---- resolve: the township of a new object, and its references ---- */

/* A new object with a slug id (city, township; the declared F_SLUG):
 * the id must be free. */
static enum err_code resolve_slug(struct org_cmd *x, json_t *row, const char *sql, struct err *err)
{
    const char *id = args_text(x->a, "id");
    bool taken = false;
    int64_t one = 0;
    enum err_code rc = store_query_int(x->c, &one, &taken, err, sql, "t", id);
    if (rc == ERR_OK && taken) {
        rc = err_set(err, ERR_CONFLICT, "id", "标识“%s”已被使用", "the id '%s' is already taken",
                     id);
    }
    if (rc == ERR_OK) {
        json_object_set_new(row, "id", json_string(id));
    }
    return rc;
}

static enum err_code resolve_city(struct org_cmd *x, json_t *row, struct err *err)
{
    x->township = NULL;
    return resolve_slug(x, row, "SELECT 1 FROM cities WHERE id = ?", err);
}

static enum err_code resolve_township(struct org_cmd *x, json_t *row, struct err *err)
{
    enum err_code rc = resolve_slug(x, row, "SELECT 1 FROM townships WHERE id = ?", err);
    if (rc != ERR_OK) {
        return rc;
    }
    x->township = row_text(row, "id");
    const char *city = args_text(x->a, "city_id");
    json_t *found = NULL;
    if (city != NULL) {
        rc = store_query_row(x->c, &found, err, "SELECT id FROM cities WHERE id = ?", "t", city);
        if (rc == ERR_OK && found == NULL) {
            rc = err_set(err, ERR_INVALID, "city_id", "城市不存在", "no such city");
        }
    } else {
        /* Without city_id, the township belongs to the only city. */
        int64_t cities = 0;
        rc = store_query_int(x->c, &cities, NULL, err, "SELECT COUNT(*) FROM cities", "");
        if (rc == ERR_OK && cities == 0) {
            rc = err_set(err, ERR_CONFLICT, "city_id", "尚未设立城市", "no city has been set up");
        } else if (rc == ERR_OK && cities > 1) {
            rc = err_set(err, ERR_INVALID, "city_id", "有多个城市,须指定 city_id",
                         "there are several cities: give city_id");
        }
        if (rc == ERR_OK) {
            rc = store_query_row(x->c, &found, err, "SELECT id FROM cities", "");
        }
    }
    if (rc == ERR_OK) {
        json_object_set(row, "city_id", json_object_get(found, "id"));
    }
    json_decref(found);
    return rc;
}

/* Objects created under a township given in the path. */
static enum err_code resolve_in_township(struct org_cmd *x, json_t *row, struct err *err)
{
    json_t *found = NULL;
    enum err_code rc =
        store_query_row(x->c, &found, err, "SELECT id FROM townships WHERE id = ?", "t", x->parent);
    if (rc != ERR_OK) {
        return rc;
    }
    if (found == NULL) {
        return err_set(err, ERR_NOT_FOUND, NULL, "乡镇不存在", "no such township");
    }
    json_object_set_new(row, "township_id", json_string(x->parent));
    json_decref(found);
    x->township = row_text(row, "township_id");
    return ERR_OK;
}

static enum err_code resolve_post(struct org_cmd *x, json_t *row, struct err *err)
{
    json_t *org = NULL;
    enum err_code rc = org_load_row(x->c, ORG_ORGANIZATION, x->parent, &org, err);
    if (rc != ERR_OK) {
        return rc;
    }
    json_object_set(row, "organization_id", json_object_get(org, "id"));
    if (x->hold == NULL) {
        x->hold = json_array();
    }
    json_array_append_new(x->hold, org);
    x->township = row_text(org, "township_id");
    return ERR_OK;
}

/* Memberships and portfolios: the township is the person's. */
static enum err_code resolve_by_person(struct org_cmd *x, json_t *row, struct err *err)
{
    (void)row;
    return township_of(x, "SELECT township_id FROM people WHERE id = ?",
                       args_int(x->a, "person_id"), "person_id", &x->township, err);
}

/* ---- check: the rules of the model ---- */

static enum err_code check_dates(const json_t *row, struct err *err)
{
    const char *end = row_text(row, "end_date");
    if (end != NULL && strcmp(end, row_text(row, "start_date")) < 0) {
        return err_set(err, ERR_INVALID, "end_date", "结束日期不能早于开始日期",
                       "the end date cannot be before the start date");
    }
    return ERR_OK;
}

static enum err_code check_organization(struct org_cmd *x, const json_t *row, struct err *err)
{
    const char *cls = row_text(row, "class");
    bool is_body = false;
    for (size_t i = 0; body_classes[i].value != NULL; i++) {
        is_body = is_body || strcmp(body_classes[i].value, cls) == 0;
    }
    if (!is_body) {
        return ERR_OK;
    }
    bool found = false;
    int64_t other = 0;
    enum err_code rc = store_query_int(
        x->c, &other, &found, err,
        "SELECT id FROM organizations WHERE township_id = ? AND class = ? AND id <> ?", "tti",
        row_text(row, "township_id"), cls, row_int(row, "id"));
    if (rc == ERR_OK && found) {
        rc = err_set(err, ERR_CONFLICT, "class", "本乡镇已有该类机构",
                     "the township already has a body of this class");
    }
    return rc;
}

/* The most holders a post has at once within [start, end) among its
 * memberships other than skip_id, counting one more for the new one. */
static enum err_code peak_holders(struct store_conn *c,
                                  int64_t post,
                                  const char *start,
                                  const char *end,
                                  int64_t skip_id,
                                  int64_t *peak,
                                  struct err *err)
{
    json_t *rows = NULL;
    enum err_code rc = store_query_json(
        c, &rows, err,
        "SELECT start_date, COALESCE(end_date, '" OPEN_END "') AS end_date FROM memberships"
        " WHERE post_id = ? AND id <> ? AND start_date < ? AND ? < COALESCE(end_date, '" OPEN_END
        "')",
        "iitt", post, skip_id, end ? end : OPEN_END, start);
    if (rc != ERR_OK) {
        return rc;
    }
    /* Concurrency peaks at some holder's start (or at the new start). */
    int64_t best = 0;
    size_t n = json_array_size(rows);
    for (size_t i = 0; i <= n; i++) {
        const char *at = i < n ? row_text(json_array_get(rows, i), "start_date") : start;
        if (strcmp(at, start) < 0) {
            at = start;
        }
        int64_t count = 0;
        for (size_t j = 0; j < n; j++) {
            const json_t *r = json_array_get(rows, j);
            if (strcmp(row_text(r, "start_date"), at) <= 0 &&
                strcmp(at, row_text(r, "end_date")) < 0) {
                count++;
            }
        }
        best = count > best ? count : best;
    }
    json_decref(rows);
    *peak = best + 1;
    return ERR_OK;
}

static enum err_code check_membership(struct org_cmd *x, const json_t *row, struct err *err)
{
    enum err_code rc = check_dates(row, err);
    if (rc != ERR_OK) {
        return rc;
    }
    int64_t id = row_int(row, "id");
    int64_t person = row_int(row, "person_id");
    int64_t post_id = row_int(row, "post_id");
    const char *start = row_text(row, "start_date");
    const char *end = row_text(row, "end_date");
    const char *stop = end ? end : OPEN_END;
    json_t *post = NULL;
    rc = store_query_row(x->c, &post, err,
                         "SELECT p.seats, p.role, p.organization_id, o.township_id, o.class"
                         " FROM posts p JOIN organizations o ON o.id = p.organization_id"
                         " WHERE p.id = ?",
                         "i", post_id);
    if (rc != ERR_OK) {
        return rc;
    }
    if (post == NULL) {
        return err_set(err, ERR_INVALID, "post_id", "职务不存在", "no such post");
    }
    if (strcmp(row_text(post, "township_id"), x->township) != 0) {
        rc = err_set(err, ERR_INVALID, "post_id", "职务与人员不属于同一乡镇",
                     "the post and the person belong to different townships");
        goto done;
    }
    bool found = false;
    int64_t other = 0;
    rc = store_query_int(x->c, &other, &found, err,
                         "SELECT id FROM memberships WHERE person_id = ? AND post_id = ?"
                         " AND id <> ? AND start_date < ? AND ? < COALESCE(end_date, '" OPEN_END
                         "')",
                         "iiitt", person, post_id, id, stop, start);
    if (rc == ERR_OK && found) {
        rc = err_set(err, ERR_CONFLICT, "start_date", "此人在该职务上已有时间重叠的任职",
                     "this person already holds this post in an overlapping period");
    }
    const char *role = row_text(post, "role");
    bool unique_role = strcmp(role, "secretary") == 0 || strcmp(role, "discipline_secretary") == 0;
    if (rc == ERR_OK && unique_role) {
        rc = store_query_int(x->c, &other, &found, err,
                             "SELECT m.id FROM memberships m JOIN posts p ON p.id = m.post_id"
                             " WHERE p.organization_id = ? AND p.role = ? AND m.id <> ?"
                             " AND m.start_date < ? AND ? < COALESCE(m.end_date, '" OPEN_END "')",
                             "ititt", row_int(post, "organization_id"), role, id, stop, start);
        if (rc == ERR_OK && found) {
            rc = strcmp(role, "secretary") == 0
                     ? err_set(err, ERR_CONFLICT, "post_id", "该委员会在此期间已有书记",
                               "the committee already has a secretary in this period")
                     : err_set(err, ERR_CONFLICT, "post_id", "该委员会在此期间已有纪委书记",
                               "the committee already has a discipline secretary in this period");
        }
    }
    int64_t peak = 0;
    if (rc == ERR_OK) {
        rc = peak_holders(x->c, post_id, start, end, id, &peak, err);
    }
    if (rc == ERR_OK && peak > row_int(post, "seats")) {
        rc = err_set(err, ERR_CONFLICT, "post_id", "该职务在此期间已满员(%lld 个职数)",
                     "the post is full in this period (%lld seats)",
                     (long long)row_int(post, "seats"));
    }
done:
    json_decref(post);
    return rc;
}

static enum err_code check_post(struct org_cmd *x, const json_t *row, struct err *err)
{
    json_t *org = NULL;
    enum err_code rc =
        store_query_row(x->c, &org, err, "SELECT class FROM organizations WHERE id = ?", "i",
                        row_int(row, "organization_id"));
    if (rc != ERR_OK) {
        return rc;
    }
    char cls[32];
    snprintf(cls, sizeof(cls), " %s ", row_text(org, "class"));
    json_decref(org);
    const char *role = row_text(row, "role");
    for (const struct choice_fit *fit = post_role_classes; fit->value != NULL; fit++) {
        if (strcmp(fit->value, role) == 0 && strstr(fit->admitted, cls) == NULL) {
            return err_set(err, ERR_INVALID, "role", "该机构不设此类职务",
                           "this organisation has no posts of this role");
        }
    }
    if (x->old == NULL) {
        return ERR_OK;
    }
    /* Fewer seats than current concurrent holders would break the rule. */
    json_t *rows = NULL;
    rc = store_query_json(x->c, &rows, err,
                          "SELECT start_date, end_date FROM memberships WHERE post_id = ?", "i",
                          row_int(row, "id"));
    for (size_t i = 0; rc == ERR_OK && i < json_array_size(rows); i++) {
        const json_t *m = json_array_get(rows, i);
        int64_t peak = 0;
        rc = peak_holders(x->c, row_int(row, "id"), row_text(m, "start_date"),
                          row_text(m, "end_date"), -1, &peak, err);
        /* peak counts the membership itself twice (as "new" and as a row). */
        if (rc == ERR_OK && peak - 1 > row_int(row, "seats")) {
            rc = err_set(err, ERR_CONFLICT, "seats", "职数少于现任人数",
                         "fewer seats than concurrent holders");
        }
    }
    json_decref(rows);
    return rc;
}

static enum err_code check_portfolio(struct org_cmd *x, const json_t *row, struct err *err)
{
    enum err_code rc = check_dates(row, err);
    const json_t *dept = json_object_get(row, "department_id");
    if (rc != ERR_OK || dept == NULL || json_is_null(dept)) {
        return rc;
    }
    bool found = false;
    int64_t one = 0;
    rc = store_query_int(x->c, &one, &found, err,
                         "SELECT 1 FROM organizations WHERE id = ? AND township_id = ?"
                         " AND class IN ('bureau', 'office', 'centre')",
                         "it", (int64_t)json_integer_value(dept), x->township);
    if (rc == ERR_OK && !found) {
        rc = err_set(err, ERR_INVALID, "department_id", "分管部门须为本乡镇的部门",
                     "the department must be one of the person's township");
    }
    return rc;
}

/* ---- may_delete: references that forbid a deletion ---- */

static enum err_code
refuse_if(struct org_cmd *x, const char *sql, const char *zh, const char *en, struct err *err)
{
    bool found = false;
    int64_t one = 0;
    enum err_code rc = store_query_int(x->c, &one, &found, err, sql, "i", row_int(x->old, "id"));
    if (rc == ERR_OK && found) {
        rc = err_set(err, ERR_CONFLICT, NULL, zh, en);
    }
    return rc;
}

static enum err_code may_delete_organization(struct org_cmd *x, struct err *err)
{
    enum err_code rc = refuse_if(x, "SELECT 1 FROM posts WHERE organization_id = ?",
                                 "该机构下仍有职务", "the organisation still has posts", err);
    if (rc == ERR_OK) {
        rc = refuse_if(x, "SELECT 1 FROM portfolios WHERE department_id = ?",
                       "仍有班子成员分管该部门", "a member's portfolio still covers it", err);
    }
    return rc;
}

static enum err_code may_delete_person(struct org_cmd *x, struct err *err)
{
    enum err_code rc = refuse_if(x, "SELECT 1 FROM memberships WHERE person_id = ?",
                                 "此人仍有任职记录", "the person still has memberships", err);
    if (rc == ERR_OK) {
        rc = refuse_if(x, "SELECT 1 FROM portfolios WHERE person_id = ?", "此人仍有分管记录",
                       "the person still has portfolios", err);
    }
    if (rc == ERR_OK) {
        rc = refuse_if(x, "SELECT 1 FROM users WHERE person_id = ?", "此人关联了用户账号",
                       "the person is linked to a user account", err);
    }
    return rc;
}

static enum err_code may_delete_post(struct org_cmd *x, struct err *err)
{
    return refuse_if(x, "SELECT 1 FROM memberships WHERE post_id = ?", "该职务仍有任职记录",
                     "the post still has memberships", err);
}

static enum err_code may_delete_never(struct org_cmd *x, struct err *err)
{
    (void)x;
    return err_set(err, ERR_CONFLICT, NULL, "此类记录不能删除",
                   "records of this kind cannot be deleted");
}

static enum err_code may_delete_village(struct org_cmd *x, struct err *err)
{
    (void)x;
    (void)err;
    return ERR_OK;
}

/* ---- the table ---- */

#define NAME(max, max_en)                                                                          \
    F_TEXT("name", FIELD_REQUIRED, max, "名称", "name"),                                           \
        F_TEXT("name_en", FIELD_REQUIRED, max_en, "英文名称", "English name")

const struct field org_city_fields[] = {
    F_SLUG("id", FIELD_REQUIRED | FIELD_FIXED, "标识", "id"),
    NAME(40, 80),
    F_END,
};
const struct field org_township_fields[] = {
    F_SLUG("id", FIELD_REQUIRED | FIELD_FIXED, "标识", "id"),
    F_TEXT("city_id", FIELD_FIXED, 40, "所属城市", "city"),
    F_ENUM("kind", FIELD_REQUIRED, township_kinds, "类型", "kind"),
    NAME(40, 80),
    F_END,
};
const struct field org_village_fields[] = {
    F_ENUM("kind", FIELD_REQUIRED, village_kinds, "类型", "kind"),
    F_TEXT("name", FIELD_REQUIRED, 40, "名称", "name"),
    F_TEXT("name_en", FIELD_NULLABLE, 80, "英文名称", "English name"),
    F_END,
};
const struct field org_body_fields[] = {
    F_ENUM("class", FIELD_REQUIRED | FIELD_FIXED, body_classes, "类别", "class"),
    NAME(60, 120),
    F_END,
};
const struct field org_department_fields[] = {
    F_ENUM("class", FIELD_REQUIRED | FIELD_FIXED, department_classes, "类别", "class"),
    NAME(60, 120),
    F_END,
};
const struct field org_organization_fields[] = {
    F_ENUM("class", FIELD_REQUIRED | FIELD_FIXED, all_classes, "类别", "class"),
    NAME(60, 120),
    F_END,
};
const struct field org_person_fields[] = {
    F_TEXT("name", FIELD_REQUIRED, 40, "姓名", "name"),
    F_TEXT("name_en", FIELD_NULLABLE, 80, "拼音 / 英文名", "name in pinyin or English"),
    F_ENUM("gender", FIELD_NULLABLE, genders, "性别", "gender"),
    F_END,
};
const struct field org_post_fields[] = {
    F_ENUM_FITS(
        "role", FIELD_REQUIRED | FIELD_FIXED, post_roles, post_role_classes, "职务类别", "role"),
    F_TEXT("label", FIELD_REQUIRED, 40, "职务名称", "title"),
    F_TEXT("label_en", FIELD_REQUIRED, 80, "英文职务名称", "English title"),
    F_INT("seats", 0, 1, 200, "职数", "seats"),
    F_END,
};
const struct field org_membership_fields[] = {
    F_REF("person_id", FIELD_REQUIRED | FIELD_FIXED, "人员", "person"),
    F_REF("post_id", FIELD_REQUIRED | FIELD_FIXED, "职务", "post"),
    F_DATE("start_date", FIELD_REQUIRED, "起始日期", "start date"),
    F_DATE("end_date", FIELD_NULLABLE, "终止日期", "end date"),
    F_END,
};
const struct field org_portfolio_fields[] = {
    F_REF("person_id", FIELD_REQUIRED | FIELD_FIXED, "班子成员", "member"),
    F_REF("department_id", FIELD_NULLABLE, "联系部门", "department"),
    F_TEXT("area", FIELD_REQUIRED, 60, "分管领域", "area"),
    F_TEXT("area_en", FIELD_REQUIRED, 120, "分管领域（英文）", "area in English"),
    F_DATE("start_date", FIELD_REQUIRED, "起始日期", "start date"),
    F_DATE("end_date", FIELD_NULLABLE, "终止日期", "end date"),
    F_END,
};

#define ORGANIZATION_ROW_SQL                                                                       \
    "SELECT id, township_id, class, name, name_en FROM organizations WHERE id = ?"

const struct org_kind_ops org_kinds[ORG_N_KINDS] = {
    [ORG_CITY] = {&org_entity_city, CAP_TOWNSHIP_ADMIN,
                  "SELECT id, name, name_en FROM cities WHERE id = ?", org_city_fields,
                  resolve_city, NULL, may_delete_never},
    [ORG_TOWNSHIP] = {&org_entity_township, CAP_TOWNSHIP_ADMIN,
                      "SELECT id, city_id, kind, name, name_en FROM townships WHERE id = ?",
                      org_township_fields, resolve_township, NULL, may_delete_never},
    [ORG_VILLAGE] = {&org_entity_village, CAP_ORG_WRITE,
                     "SELECT id, township_id, kind, name, name_en FROM villages WHERE id = ?",
                     org_village_fields, resolve_in_township, NULL, may_delete_village},
    [ORG_BODY] = {&org_entity_organization, CAP_ORG_WRITE, ORGANIZATION_ROW_SQL, org_body_fields,
                  resolve_in_township, check_organization, may_delete_organization},
    [ORG_DEPARTMENT] = {&org_entity_organization, CAP_ORG_WRITE, ORGANIZATION_ROW_SQL,
                        org_department_fields, resolve_in_township, check_organization,
                        may_delete_organization},
    [ORG_ORGANIZATION] = {&org_entity_organization, CAP_ORG_WRITE, ORGANIZATION_ROW_SQL,
                          org_organization_fields, resolve_in_township, check_organization,
                          may_delete_organization},
    [ORG_PERSON] = {&org_entity_person, CAP_ORG_WRITE,
                    "SELECT id, township_id, name, name_en, gender FROM people WHERE id = ?",
                    org_person_fields, resolve_in_township, NULL, may_delete_person},
    [ORG_POST] = {&org_entity_post, CAP_ORG_WRITE,
                  "SELECT id, organization_id, role, label, label_en, seats FROM posts"
                  " WHERE id = ?",
                  org_post_fields, resolve_post, check_post, may_delete_post},
    [ORG_MEMBERSHIP] = {&org_entity_membership, CAP_ORG_WRITE,
                        "SELECT id, person_id, post_id, start_date, end_date FROM memberships"
                        " WHERE id = ?",
                        org_membership_fields, resolve_by_person, check_membership, NULL},
    [ORG_PORTFOLIO] = {&org_entity_portfolio, CAP_ORG_WRITE,
                       "SELECT id, person_id, department_id, area, area_en, start_date, end_date"
                       " FROM portfolios WHERE id = ?",
                       org_portfolio_fields, resolve_by_person, check_portfolio, NULL},
};
