/*
 * Helpers shared by the unit tests of the organisation model: a node
 * with a city and a township, expectations that each write records one
 * event (or none when refused), and builders of organisations, posts,
 * people and memberships. Include after unit.h and unit_node.h.
 */
#ifndef PROBITY_UNIT_ORG_H
#define PROBITY_UNIT_ORG_H

#include "areas/org/org.h"
#include "record/event.h"

static const struct actor diankou_clerk = {
    .user_id = 10, .login = "diankou.clerk", .role = ROLE_CLERK, .township = "diankou"};
static const struct actor diankou_member = {
    .user_id = 11, .login = "diankou.member", .role = ROLE_MEMBER, .township = "diankou"};
static const struct actor public_actor = {
    .user_id = 0, .login = "public", .role = ROLE_PUBLIC, .township = NULL};

/* ---- fixture ---- */

static inline int setup_org(void **state)
{
    struct unit_node *n = xcalloc(1, sizeof(*n));
    struct err err;
    if (unit_node_open(n) != 0) {
        xfree(n);
        return -1;
    }
    if (unit_org_create(n->c, &actor_system, ORG_CITY, NULL,
                        "{\"id\":\"zhuji\",\"name\":\"诸暨市\",\"name_en\":\"Zhuji\"}", NULL, NULL,
                        &err) != ERR_OK ||
        unit_org_create(n->c, &actor_system, ORG_TOWNSHIP, NULL,
                        "{\"id\":\"diankou\",\"kind\":\"township\",\"name\":\"店口镇\","
                        "\"name_en\":\"Diankou\"}",
                        NULL, NULL, &err) != ERR_OK ||
        unit_org_create(n->c, &actor_system, ORG_TOWNSHIP, NULL,
                        "{\"id\":\"zhibu\",\"kind\":\"township\",\"name\":\"直埠镇\","
                        "\"name_en\":\"Zhibu\"}",
                        NULL, NULL, &err) != ERR_OK) {
        fprintf(stderr, "fixture: %s\n", err_message(&err, 1));
        unit_node_close(n);
        xfree(n);
        return -1;
    }
    *state = n;
    return 0;
}

static inline int teardown_org(void **state)
{
    struct unit_node *n = *state;
    unit_node_close(n);
    xfree(n);
    return 0;
}

/* ---- expectations ---- */

/* The type of the newest event ("" when there is none). */
static inline void last_event_type(struct store_conn *c, char out[64])
{
    json_t *row = NULL;
    struct err err;
    err_init(&err);
    assert_int_equal(store_query_row(c, &row, &err,
                                     "SELECT type, actor FROM events ORDER BY seq DESC LIMIT 1",
                                     ""),
                     ERR_OK);
    snprintf(out, 64, "%s", row ? json_string_value(json_object_get(row, "type")) : "");
    json_decref(row);
}

/* Checks a successful command's result: one more event, of type, which
 * is the newest in the table and is named in the result. */
static inline void
assert_one_event(struct store_conn *c, int64_t before, json_t *result, const char *type)
{
    char newest[64];
    const json_t *event = json_object_get(result, "event");
    assert_non_null(json_object_get(result, "item"));
    assert_string_equal(json_string_value(json_object_get(event, "type")), type);
    assert_int_equal(json_integer_value(json_object_get(event, "seq")), before);
    assert_int_equal(unit_event_count(c), before + 1);
    last_event_type(c, newest);
    assert_string_equal(newest, type);
}

static inline void
report(const char *what, enum err_code got, enum err_code want, const struct err *err)
{
    if (got != want) {
        fail_msg("%s: got %s (%s, field '%s'), want %s", what, err_code_name(got),
                 err_message(err, 1), err->field, err_code_name(want));
    }
}

/* Creates with who and expects success with one event of type; returns
 * the new integer id. */
static inline int64_t created(struct store_conn *c,
                              const struct actor *who,
                              enum org_kind kind,
                              const char *parent,
                              const char *input,
                              const char *type)
{
    struct err err;
    json_t *result = NULL;
    int64_t id = 0;
    int64_t before = unit_event_count(c);
    enum err_code rc = unit_org_create(c, who, kind, parent, input, &id, &result, &err);
    report(input, rc, ERR_OK, &err);
    assert_one_event(c, before, result, type);
    json_decref(result);
    return id;
}

/* Expects a create to fail with code and field (NULL: any) and no event. */
static inline void create_refused(struct store_conn *c,
                                  const struct actor *who,
                                  enum org_kind kind,
                                  const char *parent,
                                  const char *input,
                                  enum err_code code,
                                  const char *field)
{
    struct err err;
    json_t *result = NULL;
    int64_t before = unit_event_count(c);
    enum err_code rc = unit_org_create(c, who, kind, parent, input, NULL, &result, &err);
    bool answered = result != NULL;
    json_decref(result); /* released before any assertion can end the test */
    report(input, rc, code, &err);
    assert_false(answered);
    assert_int_equal(err.code, code);
    if (field != NULL) {
        assert_string_equal(err.field, field);
    }
    assert_int_equal(unit_event_count(c), before);
}

/* Updates with who and expects success with one event of type. */
static inline void updated(struct store_conn *c,
                           const struct actor *who,
                           enum org_kind kind,
                           int64_t id,
                           const char *input,
                           const char *type)
{
    struct err err;
    json_t *result = NULL;
    char id_text[32];
    int64_t before = unit_event_count(c);
    enum err_code rc = unit_org_update(c, who, kind, unit_id(id, id_text), input, &result, &err);
    report(input, rc, ERR_OK, &err);
    assert_one_event(c, before, result, type);
    json_decref(result);
}

/* Expects an update (id as text) to fail with code and field, no event. */
static inline void update_refused_text(struct store_conn *c,
                                       const struct actor *who,
                                       enum org_kind kind,
                                       const char *id,
                                       const char *input,
                                       enum err_code code,
                                       const char *field)
{
    struct err err;
    json_t *result = NULL;
    int64_t before = unit_event_count(c);
    enum err_code rc = unit_org_update(c, who, kind, id, input, &result, &err);
    bool answered = result != NULL;
    json_decref(result); /* released before any assertion can end the test */
    report(input, rc, code, &err);
    assert_false(answered);
    if (field != NULL) {
        assert_string_equal(err.field, field);
    }
    assert_int_equal(unit_event_count(c), before);
}

static inline void update_refused(struct store_conn *c,
                                  const struct actor *who,
                                  enum org_kind kind,
                                  int64_t id,
                                  const char *input,
                                  enum err_code code,
                                  const char *field)
{
    char id_text[32];
    update_refused_text(c, who, kind, unit_id(id, id_text), input, code, field);
}

/* Deletes with who and expects success with one event of type. */
static inline void deleted(
    struct store_conn *c, const struct actor *who, enum org_kind kind, int64_t id, const char *type)
{
    struct err err;
    json_t *result = NULL;
    char id_text[32];
    int64_t before = unit_event_count(c);
    err_init(&err);
    enum err_code rc = org_delete(c, who, kind, unit_id(id, id_text), &result, &err);
    report(type, rc, ERR_OK, &err);
    assert_one_event(c, before, result, type);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(result, "item"), "id")),
                     id);
    json_decref(result);
    json_t *item = NULL;
    assert_int_equal(org_get(c, kind, id_text, &item, &err), ERR_NOT_FOUND);
}

/* Expects a delete (id as text) to fail with code, recording no event. */
static inline void delete_refused_text(struct store_conn *c,
                                       const struct actor *who,
                                       enum org_kind kind,
                                       const char *id,
                                       enum err_code code)
{
    struct err err;
    json_t *result = NULL;
    int64_t before = unit_event_count(c);
    err_init(&err);
    enum err_code rc = org_delete(c, who, kind, id, &result, &err);
    bool answered = result != NULL;
    json_decref(result); /* released before any assertion can end the test */
    report("delete", rc, code, &err);
    assert_false(answered);
    assert_int_equal(unit_event_count(c), before);
}

static inline void delete_refused(struct store_conn *c,
                                  const struct actor *who,
                                  enum org_kind kind,
                                  int64_t id,
                                  enum err_code code)
{
    char id_text[32];
    delete_refused_text(c, who, kind, unit_id(id, id_text), code);
}

/* org_get as a new object; fails the test when absent. */
static inline json_t *get(struct store_conn *c, enum org_kind kind, int64_t id)
{
    struct err err;
    json_t *item = NULL;
    char id_text[32];
    err_init(&err);
    report("get", org_get(c, kind, unit_id(id, id_text), &item, &err), ERR_OK, &err);
    return item;
}

static const char *text_of(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

/* ---- builders (as the system) ---- */

static inline bool is_body_class(const char *cls)
{
    return strcmp(cls, "committee") == 0 || strcmp(cls, "government") == 0 ||
           strcmp(cls, "congress") == 0 || strcmp(cls, "discipline") == 0;
}

static inline int64_t make_org(struct store_conn *c, const char *township, const char *cls)
{
    char input[256];
    snprintf(input, sizeof(input), "{\"class\":\"%s\",\"name\":\"%s %s\",\"name_en\":\"%s\"}", cls,
             township, cls, cls);
    return created(c, &actor_system, is_body_class(cls) ? ORG_BODY : ORG_DEPARTMENT, township,
                   input, "organization.created");
}

static inline int64_t make_person(struct store_conn *c, const char *township, const char *name)
{
    char input[256];
    snprintf(input, sizeof(input), "{\"name\":\"%s\"}", name);
    return created(c, &actor_system, ORG_PERSON, township, input, "person.created");
}

static inline int64_t make_post(struct store_conn *c, int64_t org, const char *role, int seats)
{
    char input[256];
    char org_text[32];
    snprintf(input, sizeof(input),
             "{\"role\":\"%s\",\"label\":\"%s\",\"label_en\":\"%s\",\"seats\":%d}", role, role,
             role, seats);
    return created(c, &actor_system, ORG_POST, unit_id(org, org_text), input, "post.created");
}

/* Writes membership input; end NULL leaves end_date out. */
static const char *
membership_input(char out[256], int64_t person, int64_t post, const char *start, const char *end)
{
    if (end != NULL) {
        snprintf(out, 256,
                 "{\"person_id\":%lld,\"post_id\":%lld,\"start_date\":\"%s\",\"end_date\":\"%s\"}",
                 (long long)person, (long long)post, start, end);
    } else {
        snprintf(out, 256, "{\"person_id\":%lld,\"post_id\":%lld,\"start_date\":\"%s\"}",
                 (long long)person, (long long)post, start);
    }
    return out;
}

static inline int64_t make_membership(
    struct store_conn *c, int64_t person, int64_t post, const char *start, const char *end)
{
    char input[256];
    return created(c, &actor_system, ORG_MEMBERSHIP, NULL,
                   membership_input(input, person, post, start, end), "membership.created");
}

static inline void membership_refused(struct store_conn *c,
                                      int64_t person,
                                      int64_t post,
                                      const char *start,
                                      const char *end,
                                      enum err_code code,
                                      const char *field)
{
    char input[256];
    create_refused(c, &actor_system, ORG_MEMBERSHIP, NULL,
                   membership_input(input, person, post, start, end), code, field);
}

/* Writes portfolio input; department 0 gives null. */
static const char *portfolio_input(char out[256], int64_t person, int64_t department)
{
    char dept[32];
    if (department == 0) {
        snprintf(dept, sizeof(dept), "null");
    } else {
        snprintf(dept, sizeof(dept), "%lld", (long long)department);
    }
    snprintf(out, 256,
             "{\"person_id\":%lld,\"department_id\":%s,\"area\":\"分管\",\"area_en\":\"Area\","
             "\"start_date\":\"2024-01-01\"}",
             (long long)person, dept);
    return out;
}

#endif
