/*
 * Queries of the organisation model: one object with its details, paged
 * lists, and the committee's current members. See org.h.
 */
#include "areas/org/kinds.h"

#include "core/page.h"
#include "core/utc.h"

#include <string.h>

/* Attaches the rows of a query (by the row's integer id) under key. */
static enum err_code
attach(struct store_conn *c, json_t *item, const char *key, const char *sql, struct err *err)
{
    json_t *rows = NULL;
    enum err_code rc = store_query_json(c, &rows, err, sql, "i",
                                        (int64_t)json_integer_value(json_object_get(item, "id")));
    if (rc == ERR_OK) {
        json_object_set_new(item, key, rows);
    }
    return rc;
}

static enum err_code
attach_count(struct store_conn *c, json_t *item, const char *key, const char *sql, struct err *err)
{
    int64_t n = 0;
    enum err_code rc =
        store_query_int(c, &n, NULL, err, sql, "t", json_string_value(json_object_get(item, "id")));
    if (rc == ERR_OK) {
        json_object_set_new(item, key, json_integer(n));
    }
    return rc;
}

#define MEMBERSHIP_COLUMNS                                                                         \
    "m.id, m.person_id, m.post_id, m.start_date, m.end_date, pe.name AS person_name,"              \
    " pe.name_en AS person_name_en, p.role, p.label AS post_label, p.label_en AS post_label_en,"   \
    " o.id AS organization_id, o.name AS organization_name,"                                       \
    " o.name_en AS organization_name_en, o.class AS organization_class"
#define MEMBERSHIP_FROM                                                                            \
    " FROM memberships m JOIN posts p ON p.id = m.post_id"                                         \
    " JOIN organizations o ON o.id = p.organization_id JOIN people pe ON pe.id = m.person_id"
#define PORTFOLIO_COLUMNS                                                                          \
    "f.id, f.person_id, f.department_id, f.area, f.area_en, f.start_date, f.end_date,"             \
    " pe.name AS person_name, pe.name_en AS person_name_en, d.name AS department_name,"            \
    " d.name_en AS department_name_en"
#define PORTFOLIO_FROM                                                                             \
    " FROM portfolios f JOIN people pe ON pe.id = f.person_id"                                     \
    " LEFT JOIN organizations d ON d.id = f.department_id"

enum err_code
org_get(struct store_conn *c, enum org_kind kind, const char *id, json_t **item, struct err *err)
{
    json_t *row = NULL;
    enum err_code rc = org_load_row(c, kind, id, &row, err);
    if (rc != ERR_OK) {
        return rc;
    }
    switch (kind) {
    case ORG_TOWNSHIP:
        rc = attach_count(c, row, "villages", "SELECT COUNT(*) FROM villages WHERE township_id = ?",
                          err);
        if (rc == ERR_OK) {
            rc = attach_count(c, row, "bodies",
                              "SELECT COUNT(*) FROM organizations WHERE township_id = ? AND"
                              " class IN ('committee', 'government', 'congress', 'discipline')",
                              err);
        }
        if (rc == ERR_OK) {
            rc = attach_count(c, row, "departments",
                              "SELECT COUNT(*) FROM organizations WHERE township_id = ? AND"
                              " class IN ('bureau', 'office', 'centre')",
                              err);
        }
        if (rc == ERR_OK) {
            rc = attach_count(c, row, "people", "SELECT COUNT(*) FROM people WHERE township_id = ?",
                              err);
        }
        break;
    case ORG_BODY:
    case ORG_DEPARTMENT:
    case ORG_ORGANIZATION:
        rc = attach(c, row, "posts",
                    "SELECT id, organization_id, role, label, label_en, seats FROM posts"
                    " WHERE organization_id = ? ORDER BY id",
                    err);
        break;
    case ORG_PERSON:
        rc = attach(c, row, "memberships",
                    "SELECT " MEMBERSHIP_COLUMNS MEMBERSHIP_FROM
                    " WHERE m.person_id = ? ORDER BY m.start_date, m.id",
                    err);
        if (rc == ERR_OK) {
            rc = attach(c, row, "portfolios",
                        "SELECT " PORTFOLIO_COLUMNS PORTFOLIO_FROM
                        " WHERE f.person_id = ? ORDER BY f.start_date, f.id",
                        err);
        }
        break;
    case ORG_MEMBERSHIP:
        json_decref(row);
        row = NULL;
        rc = store_query_row(c, &row, err,
                             "SELECT " MEMBERSHIP_COLUMNS MEMBERSHIP_FROM " WHERE m.id = ?", "i",
                             (int64_t)strtoll(id, NULL, 10));
        break;
    case ORG_PORTFOLIO:
        json_decref(row);
        row = NULL;
        rc = store_query_row(c, &row, err,
                             "SELECT " PORTFOLIO_COLUMNS PORTFOLIO_FROM " WHERE f.id = ?", "i",
                             (int64_t)strtoll(id, NULL, 10));
        break;
    default:
        break;
    }
    if (rc != ERR_OK) {
        json_decref(row);
        return rc;
    }
    *item = row;
    return ERR_OK;
}

/* A list: its count and page queries, both with the same parameters
 * ('t' the parent as text, 'i' as an integer, or none) then, for the page,
 * LIMIT and OFFSET. */
struct list_spec {
    char parent_type;
    const char *sql_count;
    const char *sql_page;
};

static const struct list_spec list_specs[ORG_N_KINDS] = {
    [ORG_CITY] = {0, "SELECT COUNT(*) FROM cities",
                  "SELECT id, name, name_en FROM cities ORDER BY id LIMIT ? OFFSET ?"},
    [ORG_TOWNSHIP] = {0, "SELECT COUNT(*) FROM townships",
                      "SELECT t.id, t.city_id, t.kind, t.name, t.name_en,"
                      " (SELECT COUNT(*) FROM organizations o WHERE o.township_id = t.id AND"
                      "  o.class IN ('bureau', 'office', 'centre')) AS departments,"
                      " (SELECT COUNT(*) FROM people p WHERE p.township_id = t.id) AS people,"
                      " (SELECT COUNT(*) FROM villages v WHERE v.township_id = t.id) AS villages"
                      " FROM townships t ORDER BY t.kind, t.id LIMIT ? OFFSET ?"},
    [ORG_VILLAGE] = {'t', "SELECT COUNT(*) FROM villages WHERE township_id = ?",
                     "SELECT id, township_id, kind, name, name_en FROM villages"
                     " WHERE township_id = ? ORDER BY id LIMIT ? OFFSET ?"},
    [ORG_BODY] = {'t',
                  "SELECT COUNT(*) FROM organizations WHERE township_id = ? AND"
                  " class IN ('committee', 'government', 'congress', 'discipline')",
                  "SELECT id, township_id, class, name, name_en FROM organizations"
                  " WHERE township_id = ? AND"
                  " class IN ('committee', 'government', 'congress', 'discipline')"
                  " ORDER BY id LIMIT ? OFFSET ?"},
    [ORG_DEPARTMENT] = {'t',
                        "SELECT COUNT(*) FROM organizations WHERE township_id = ? AND"
                        " class IN ('bureau', 'office', 'centre')",
                        "SELECT id, township_id, class, name, name_en FROM organizations"
                        " WHERE township_id = ? AND class IN ('bureau', 'office', 'centre')"
                        " ORDER BY id LIMIT ? OFFSET ?"},
    [ORG_ORGANIZATION] = {'t', "SELECT COUNT(*) FROM organizations WHERE township_id = ?",
                          "SELECT id, township_id, class, name, name_en FROM organizations"
                          " WHERE township_id = ? ORDER BY id LIMIT ? OFFSET ?"},
    [ORG_PERSON] = {'t', "SELECT COUNT(*) FROM people WHERE township_id = ?",
                    "SELECT id, township_id, name, name_en, gender FROM people"
                    " WHERE township_id = ? ORDER BY id LIMIT ? OFFSET ?"},
    [ORG_POST] = {'i', "SELECT COUNT(*) FROM posts WHERE organization_id = ?",
                  "SELECT id, organization_id, role, label, label_en, seats FROM posts"
                  " WHERE organization_id = ? ORDER BY id LIMIT ? OFFSET ?"},
    [ORG_MEMBERSHIP] = {0, NULL, NULL},
    [ORG_PORTFOLIO] = {'t',
                       "SELECT COUNT(*) FROM portfolios f JOIN people pe ON pe.id = f.person_id"
                       " WHERE pe.township_id = ?",
                       "SELECT " PORTFOLIO_COLUMNS PORTFOLIO_FROM " WHERE pe.township_id = ?"
                       " ORDER BY f.person_id, f.id LIMIT ? OFFSET ?"},
};

/* Runs a count and a page query with an optional parent parameter. */
static enum err_code page_of(struct store_conn *c,
                             char parent_type,
                             const char *parent,
                             const char *sql_count,
                             const char *sql_page,
                             const struct org_list_query *q,
                             json_t **page,
                             struct err *err)
{
    int64_t total = 0;
    json_t *items = NULL;
    int64_t parent_id = parent ? strtoll(parent, NULL, 10) : 0;
    enum err_code rc;
    switch (parent_type) {
    case 't':
        rc = store_query_int(c, &total, NULL, err, sql_count, "t", parent);
        if (rc == ERR_OK) {
            rc = store_query_json(c, &items, err, sql_page, "tii", parent, q->limit, q->offset);
        }
        break;
    case 'i':
        rc = store_query_int(c, &total, NULL, err, sql_count, "i", parent_id);
        if (rc == ERR_OK) {
            rc = store_query_json(c, &items, err, sql_page, "iii", parent_id, q->limit, q->offset);
        }
        break;
    default:
        rc = store_query_int(c, &total, NULL, err, sql_count, "");
        if (rc == ERR_OK) {
            rc = store_query_json(c, &items, err, sql_page, "ii", q->limit, q->offset);
        }
        break;
    }
    if (rc != ERR_OK) {
        return rc;
    }
    *page = page_json(items, total, q->limit, q->offset);
    return ERR_OK;
}

/* The parent must exist: a township for 't' lists, an organization for posts. */
static enum err_code
parent_exists(struct store_conn *c, enum org_kind kind, const char *parent, struct err *err)
{
    json_t *row = NULL;
    enum err_code rc = org_load_row(c, kind, parent, &row, err);
    json_decref(row);
    return rc;
}

enum err_code org_list(struct store_conn *c,
                       enum org_kind kind,
                       const struct org_list_query *q,
                       json_t **page,
                       struct err *err)
{
    const struct list_spec *spec = &list_specs[kind];
    enum err_code rc = ERR_OK;
    if (spec->sql_page == NULL) {
        /* Memberships are listed by their organization or person. */
        return err_set(err, ERR_NOT_FOUND, NULL, "此类记录没有总列表",
                       "records of this kind have no plain list");
    }
    if (spec->parent_type == 't') {
        rc = parent_exists(c, ORG_TOWNSHIP, q->parent, err);
    } else if (spec->parent_type == 'i') {
        rc = parent_exists(c, ORG_ORGANIZATION, q->parent, err);
    }
    if (rc != ERR_OK) {
        return rc;
    }
    return page_of(c, spec->parent_type, q->parent, spec->sql_count, spec->sql_page, q, page, err);
}

enum err_code org_list_memberships(struct store_conn *c,
                                   const struct org_list_query *q,
                                   bool by_person,
                                   json_t **page,
                                   struct err *err)
{
    enum err_code rc = parent_exists(c, by_person ? ORG_PERSON : ORG_ORGANIZATION, q->parent, err);
    if (rc != ERR_OK) {
        return rc;
    }
    if (by_person) {
        return page_of(c, 'i', q->parent, "SELECT COUNT(*) FROM memberships WHERE person_id = ?",
                       "SELECT " MEMBERSHIP_COLUMNS MEMBERSHIP_FROM
                       " WHERE m.person_id = ? ORDER BY m.start_date, m.id LIMIT ? OFFSET ?",
                       q, page, err);
    }
    if (q->current_only) {
        char today[11];
        utc_today_shanghai(today);
        int64_t total = 0;
        json_t *items = NULL;
        int64_t org = strtoll(q->parent, NULL, 10);
        rc = store_query_int(c, &total, NULL, err,
                             "SELECT COUNT(*)" MEMBERSHIP_FROM " WHERE o.id = ? AND"
                             " m.start_date <= ? AND (m.end_date IS NULL OR m.end_date > ?)",
                             "itt", org, today, today);
        if (rc == ERR_OK) {
            rc = store_query_json(c, &items, err,
                                  "SELECT " MEMBERSHIP_COLUMNS MEMBERSHIP_FROM
                                  " WHERE o.id = ? AND m.start_date <= ? AND"
                                  " (m.end_date IS NULL OR m.end_date > ?)"
                                  " ORDER BY p.id, m.start_date LIMIT ? OFFSET ?",
                                  "ittii", org, today, today, q->limit, q->offset);
        }
        if (rc == ERR_OK) {
            *page = page_json(items, total, q->limit, q->offset);
        }
        return rc;
    }
    return page_of(c, 'i', q->parent, "SELECT COUNT(*)" MEMBERSHIP_FROM " WHERE o.id = ?",
                   "SELECT " MEMBERSHIP_COLUMNS MEMBERSHIP_FROM
                   " WHERE o.id = ? ORDER BY p.id, m.start_date LIMIT ? OFFSET ?",
                   q, page, err);
}

enum err_code
org_members(struct store_conn *c, const char *township, json_t **items, struct err *err)
{
    char today[11];
    utc_today_shanghai(today);
    json_t *members = NULL;
    json_t *portfolios = NULL;
    enum err_code rc = parent_exists(c, ORG_TOWNSHIP, township, err);
    if (rc == ERR_OK) {
        rc = store_query_json(
            c, &members, err,
            "SELECT pe.id AS person_id, pe.name, pe.name_en, pe.gender, m.id AS membership_id,"
            " m.start_date, m.end_date, p.id AS post_id, p.role, p.label, p.label_en"
            " FROM memberships m JOIN posts p ON p.id = m.post_id"
            " JOIN organizations o ON o.id = p.organization_id JOIN people pe ON pe.id = "
            "m.person_id"
            " WHERE o.township_id = ? AND o.class = 'committee' AND m.start_date <= ?"
            " AND (m.end_date IS NULL OR m.end_date > ?)"
            " ORDER BY CASE p.role WHEN 'secretary' THEN 0 WHEN 'deputy_secretary' THEN 1"
            " WHEN 'discipline_secretary' THEN 2 ELSE 3 END, m.start_date, pe.id",
            "ttt", township, today, today);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(c, &portfolios, err,
                              "SELECT " PORTFOLIO_COLUMNS PORTFOLIO_FROM
                              " WHERE pe.township_id = ? AND f.start_date <= ?"
                              " AND (f.end_date IS NULL OR f.end_date > ?) ORDER BY f.id",
                              "ttt", township, today, today);
    }
    for (size_t i = 0; rc == ERR_OK && i < json_array_size(members); i++) {
        json_t *m = json_array_get(members, i);
        json_t *own = json_array();
        json_int_t person = json_integer_value(json_object_get(m, "person_id"));
        for (size_t j = 0; j < json_array_size(portfolios); j++) {
            json_t *f = json_array_get(portfolios, j);
            if (json_integer_value(json_object_get(f, "person_id")) == person) {
                json_array_append(own, f);
            }
        }
        json_object_set_new(m, "portfolios", own);
    }
    json_decref(portfolios);
    if (rc != ERR_OK) {
        json_decref(members);
        return rc;
    }
    *items = members;
    return ERR_OK;
}
