/*
 * Unit tests of the organisation model's commands and queries
 * (domain/org/org.h) on a temporary node with the city "zhuji" and the
 * townships "diankou" and "zhibu". Each rule is tested both ways: the
 * compliant command succeeds and records exactly one "<entity>.<action>"
 * event; the violation fails with the expected code and field and records
 * no event. Also: the policy (clerks, the public), partial updates, fixed
 * fields, reads and lists.
 */
#include "domain/event.h"
#include "domain/org/org.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_node.h"

static const struct actor diankou_clerk = {10, "diankou.clerk", ROLE_CLERK, "diankou"};
static const struct actor diankou_member = {11, "diankou.member", ROLE_MEMBER, "diankou"};
static const struct actor public_actor = {0, "public", ROLE_PUBLIC, NULL};

/* ---- fixture ---- */

static int setup_org(void **state)
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

static int teardown_org(void **state)
{
    struct unit_node *n = *state;
    unit_node_close(n);
    xfree(n);
    return 0;
}

/* ---- expectations ---- */

/* The type of the newest event ("" when there is none). */
static void last_event_type(struct store_conn *c, char out[64])
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
static void assert_one_event(struct store_conn *c, int64_t before, json_t *result, const char *type)
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

static void report(const char *what, enum err_code got, enum err_code want, const struct err *err)
{
    if (got != want) {
        fail_msg("%s: got %s (%s, field '%s'), want %s", what, err_code_name(got),
                 err_message(err, 1), err->field, err_code_name(want));
    }
}

/* Creates with who and expects success with one event of type; returns
 * the new integer id. */
static int64_t created(struct store_conn *c,
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
static void create_refused(struct store_conn *c,
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
static void updated(struct store_conn *c,
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
static void update_refused_text(struct store_conn *c,
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

static void update_refused(struct store_conn *c,
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
static void deleted(
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
static void delete_refused_text(struct store_conn *c,
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

static void delete_refused(struct store_conn *c,
                           const struct actor *who,
                           enum org_kind kind,
                           int64_t id,
                           enum err_code code)
{
    char id_text[32];
    delete_refused_text(c, who, kind, unit_id(id, id_text), code);
}

/* org_get as a new object; fails the test when absent. */
static json_t *get(struct store_conn *c, enum org_kind kind, int64_t id)
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

static bool is_body_class(const char *cls)
{
    return strcmp(cls, "committee") == 0 || strcmp(cls, "government") == 0 ||
           strcmp(cls, "congress") == 0 || strcmp(cls, "discipline") == 0;
}

static int64_t make_org(struct store_conn *c, const char *township, const char *cls)
{
    char input[256];
    snprintf(input, sizeof(input), "{\"class\":\"%s\",\"name\":\"%s %s\",\"name_en\":\"%s\"}", cls,
             township, cls, cls);
    return created(c, &actor_system, is_body_class(cls) ? ORG_BODY : ORG_DEPARTMENT, township,
                   input, "organization.created");
}

static int64_t make_person(struct store_conn *c, const char *township, const char *name)
{
    char input[256];
    snprintf(input, sizeof(input), "{\"name\":\"%s\"}", name);
    return created(c, &actor_system, ORG_PERSON, township, input, "person.created");
}

static int64_t make_post(struct store_conn *c, int64_t org, const char *role, int seats)
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

static int64_t make_membership(
    struct store_conn *c, int64_t person, int64_t post, const char *start, const char *end)
{
    char input[256];
    return created(c, &actor_system, ORG_MEMBERSHIP, NULL,
                   membership_input(input, person, post, start, end), "membership.created");
}

static void membership_refused(struct store_conn *c,
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

/* ---- every write records one event ---- */

static void test_org_fixture_events_are_city_and_township_created(void **state)
{
    struct unit_node *n = *state;
    json_t *rows = NULL;
    struct err err;
    err_init(&err);
    assert_int_equal(
        store_query_json(n->c, &rows, &err, "SELECT type, township FROM events ORDER BY seq", ""),
        ERR_OK);
    assert_int_equal(json_array_size(rows), 3);
    assert_string_equal(text_of(json_array_get(rows, 0), "type"), "city.created");
    assert_true(json_is_null(json_object_get(json_array_get(rows, 0), "township")));
    assert_string_equal(text_of(json_array_get(rows, 1), "type"), "township.created");
    assert_string_equal(text_of(json_array_get(rows, 1), "township"), "diankou");
    assert_string_equal(text_of(json_array_get(rows, 2), "type"), "township.created");
    json_decref(rows);
}

static void test_org_every_create_records_one_event_of_its_entity(void **state)
{
    struct unit_node *n = *state;
    char input[256];
    created(n->c, &actor_system, ORG_VILLAGE, "diankou",
            "{\"kind\":\"village\",\"name\":\"湄池村\"}", "village.created");
    int64_t committee = make_org(n->c, "diankou", "committee");
    int64_t bureau = make_org(n->c, "diankou", "bureau");
    int64_t person = make_person(n->c, "diankou", "张三");
    int64_t post = make_post(n->c, committee, "member", 3);
    make_membership(n->c, person, post, "2024-01-01", NULL);
    created(n->c, &actor_system, ORG_PORTFOLIO, NULL, portfolio_input(input, person, bureau),
            "portfolio.created");
    assert_int_equal(unit_event_count(n->c), 3 + 7);
}

static void test_org_every_update_and_delete_records_one_event(void **state)
{
    struct unit_node *n = *state;
    char input[256];
    int64_t village = created(n->c, &actor_system, ORG_VILLAGE, "diankou",
                              "{\"kind\":\"village\",\"name\":\"湄池村\"}", "village.created");
    int64_t committee = make_org(n->c, "diankou", "committee");
    int64_t bureau = make_org(n->c, "diankou", "bureau");
    int64_t person = make_person(n->c, "diankou", "张三");
    int64_t post = make_post(n->c, committee, "member", 3);
    int64_t membership = make_membership(n->c, person, post, "2024-01-01", NULL);
    int64_t portfolio = created(n->c, &actor_system, ORG_PORTFOLIO, NULL,
                                portfolio_input(input, person, bureau), "portfolio.created");

    updated(n->c, &actor_system, ORG_VILLAGE, village, "{\"name\":\"新村\"}", "village.updated");
    updated(n->c, &actor_system, ORG_BODY, committee, "{\"name\":\"党委\"}",
            "organization.updated");
    updated(n->c, &actor_system, ORG_DEPARTMENT, bureau, "{\"name\":\"局\"}",
            "organization.updated");
    updated(n->c, &actor_system, ORG_ORGANIZATION, bureau, "{\"name_en\":\"Bureau\"}",
            "organization.updated");
    updated(n->c, &actor_system, ORG_PERSON, person, "{\"gender\":\"female\"}", "person.updated");
    updated(n->c, &actor_system, ORG_POST, post, "{\"seats\":4}", "post.updated");
    updated(n->c, &actor_system, ORG_MEMBERSHIP, membership, "{\"end_date\":\"2025-01-01\"}",
            "membership.updated");
    updated(n->c, &actor_system, ORG_PORTFOLIO, portfolio, "{\"area\":\"安全\"}",
            "portfolio.updated");
    /* Townships and cities are updated by the system too. */
    struct err err;
    json_t *result = NULL;
    int64_t before = unit_event_count(n->c);
    assert_int_equal(unit_org_update(n->c, &actor_system, ORG_TOWNSHIP, "diankou",
                                     "{\"name_en\":\"Diankou Town\"}", &result, &err),
                     ERR_OK);
    assert_one_event(n->c, before, result, "township.updated");
    json_decref(result);
    before = unit_event_count(n->c);
    assert_int_equal(unit_org_update(n->c, &actor_system, ORG_CITY, "zhuji",
                                     "{\"name_en\":\"Zhuji City\"}", &result, &err),
                     ERR_OK);
    assert_one_event(n->c, before, result, "city.updated");
    json_decref(result);

    deleted(n->c, &actor_system, ORG_PORTFOLIO, portfolio, "portfolio.deleted");
    deleted(n->c, &actor_system, ORG_MEMBERSHIP, membership, "membership.deleted");
    deleted(n->c, &actor_system, ORG_POST, post, "post.deleted");
    deleted(n->c, &actor_system, ORG_PERSON, person, "person.deleted");
    deleted(n->c, &actor_system, ORG_DEPARTMENT, bureau, "organization.deleted");
    deleted(n->c, &actor_system, ORG_BODY, committee, "organization.deleted");
    deleted(n->c, &actor_system, ORG_VILLAGE, village, "village.deleted");
}

static void test_org_clerk_events_name_the_clerk_and_township(void **state)
{
    struct unit_node *n = *state;
    json_t *row = NULL;
    struct err err;
    created(n->c, &diankou_clerk, ORG_PERSON, "diankou", "{\"name\":\"李四\"}", "person.created");
    err_init(&err);
    assert_int_equal(store_query_row(n->c, &row, &err,
                                     "SELECT actor, township FROM events ORDER BY seq DESC LIMIT 1",
                                     ""),
                     ERR_OK);
    assert_string_equal(text_of(row, "actor"), "diankou.clerk");
    assert_string_equal(text_of(row, "township"), "diankou");
    json_decref(row);
}

/* ---- updates ---- */

static void test_org_update_keeps_absent_fields(void **state)
{
    struct unit_node *n = *state;
    int64_t person = created(n->c, &actor_system, ORG_PERSON, "diankou",
                             "{\"name\":\"张三\",\"name_en\":\"Zhang San\",\"gender\":\"male\"}",
                             "person.created");
    updated(n->c, &actor_system, ORG_PERSON, person, "{\"name\":\"张三丰\"}", "person.updated");
    json_t *item = get(n->c, ORG_PERSON, person);
    assert_string_equal(text_of(item, "name"), "张三丰");
    assert_string_equal(text_of(item, "name_en"), "Zhang San");
    assert_string_equal(text_of(item, "gender"), "male");
    assert_string_equal(text_of(item, "township_id"), "diankou");
    json_decref(item);

    /* An explicit null clears a nullable field and keeps the others. */
    updated(n->c, &actor_system, ORG_PERSON, person, "{\"name_en\":null}", "person.updated");
    item = get(n->c, ORG_PERSON, person);
    assert_true(json_is_null(json_object_get(item, "name_en")));
    assert_string_equal(text_of(item, "name"), "张三丰");
    assert_string_equal(text_of(item, "gender"), "male");
    json_decref(item);

    int64_t committee = make_org(n->c, "diankou", "committee");
    int64_t post = make_post(n->c, committee, "member", 3);
    updated(n->c, &actor_system, ORG_POST, post, "{\"label\":\"委员\"}", "post.updated");
    item = get(n->c, ORG_POST, post);
    assert_string_equal(text_of(item, "label"), "委员");
    assert_string_equal(text_of(item, "label_en"), "member");
    assert_string_equal(text_of(item, "role"), "member");
    assert_int_equal(json_integer_value(json_object_get(item, "seats")), 3);
    json_decref(item);

    int64_t membership = make_membership(n->c, person, post, "2024-01-01", "2026-01-01");
    updated(n->c, &actor_system, ORG_MEMBERSHIP, membership, "{\"end_date\":null}",
            "membership.updated");
    item = get(n->c, ORG_MEMBERSHIP, membership);
    assert_string_equal(text_of(item, "start_date"), "2024-01-01");
    assert_true(json_is_null(json_object_get(item, "end_date")));
    assert_int_equal(json_integer_value(json_object_get(item, "person_id")), person);
    json_decref(item);
}

static void test_org_fixed_fields_cannot_change(void **state)
{
    struct unit_node *n = *state;
    char input[256];
    int64_t committee = make_org(n->c, "diankou", "committee");
    int64_t bureau = make_org(n->c, "diankou", "bureau");
    int64_t person = make_person(n->c, "diankou", "张三");
    int64_t other = make_person(n->c, "diankou", "李四");
    int64_t post = make_post(n->c, committee, "member", 3);
    int64_t other_post = make_post(n->c, committee, "staff", 3);
    int64_t membership = make_membership(n->c, person, post, "2024-01-01", NULL);
    int64_t portfolio = created(n->c, &actor_system, ORG_PORTFOLIO, NULL,
                                portfolio_input(input, person, bureau), "portfolio.created");

    update_refused(n->c, &actor_system, ORG_BODY, committee, "{\"class\":\"government\"}",
                   ERR_INVALID, "class");
    update_refused(n->c, &actor_system, ORG_DEPARTMENT, bureau, "{\"class\":\"office\"}",
                   ERR_INVALID, "class");
    update_refused(n->c, &actor_system, ORG_POST, post, "{\"role\":\"staff\"}", ERR_INVALID,
                   "role");
    snprintf(input, sizeof(input), "{\"person_id\":%lld}", (long long)other);
    update_refused(n->c, &actor_system, ORG_MEMBERSHIP, membership, input, ERR_INVALID,
                   "person_id");
    update_refused(n->c, &actor_system, ORG_PORTFOLIO, portfolio, input, ERR_INVALID, "person_id");
    snprintf(input, sizeof(input), "{\"post_id\":%lld}", (long long)other_post);
    update_refused(n->c, &actor_system, ORG_MEMBERSHIP, membership, input, ERR_INVALID, "post_id");

    /* Nothing changed... */
    json_t *item = get(n->c, ORG_BODY, committee);
    assert_string_equal(text_of(item, "class"), "committee");
    json_decref(item);
    item = get(n->c, ORG_MEMBERSHIP, membership);
    assert_int_equal(json_integer_value(json_object_get(item, "person_id")), person);
    assert_int_equal(json_integer_value(json_object_get(item, "post_id")), post);
    json_decref(item);

    /* ...and giving a fixed field its current value is fine. */
    updated(n->c, &actor_system, ORG_BODY, committee, "{\"class\":\"committee\",\"name\":\"党委\"}",
            "organization.updated");
    snprintf(input, sizeof(input), "{\"person_id\":%lld,\"start_date\":\"2024-02-01\"}",
             (long long)person);
    updated(n->c, &actor_system, ORG_MEMBERSHIP, membership, input, "membership.updated");
}

static void test_org_fixed_slug_fields_cannot_change(void **state)
{
    struct unit_node *n = *state;
    /* A township's id and city are fixed like any other fixed field:
     * a different value is refused, not silently ignored. */
    update_refused_text(n->c, &actor_system, ORG_TOWNSHIP, "diankou", "{\"id\":\"elsewhere\"}",
                        ERR_INVALID, "id");
    update_refused_text(n->c, &actor_system, ORG_TOWNSHIP, "diankou", "{\"city_id\":\"hangzhou\"}",
                        ERR_INVALID, "city_id");
    update_refused_text(n->c, &actor_system, ORG_CITY, "zhuji", "{\"id\":\"shaoxing\"}",
                        ERR_INVALID, "id");
}

static void test_org_unknown_fields_and_bad_values_are_invalid(void **state)
{
    struct unit_node *n = *state;
    create_refused(n->c, &actor_system, ORG_PERSON, "diankou", "{\"name\":\"张三\",\"age\":40}",
                   ERR_INVALID, "age");
    create_refused(n->c, &actor_system, ORG_PERSON, "diankou", "{\"name_en\":\"Zhang\"}",
                   ERR_INVALID, "name");
    create_refused(n->c, &actor_system, ORG_PERSON, "diankou", "{\"name\":\" 张三\"}", ERR_INVALID,
                   "name");
    create_refused(n->c, &actor_system, ORG_PERSON, "diankou",
                   "{\"name\":\"张三\",\"gender\":\"other\"}", ERR_INVALID, "gender");
    create_refused(n->c, &actor_system, ORG_VILLAGE, "diankou",
                   "{\"kind\":\"hamlet\",\"name\":\"村\"}", ERR_INVALID, "kind");
    create_refused(n->c, &actor_system, ORG_BODY, "diankou",
                   "{\"class\":\"committee\",\"name\":\"党委\"}", ERR_INVALID, "name_en");
    /* Names are limited in characters: 60 for organisations. */
    char input[1024];
    char name[61 * 3 + 1];
    for (int i = 0; i < 61; i++) {
        memcpy(name + 3 * i, "党", 3);
    }
    name[61 * 3] = '\0';
    snprintf(input, sizeof(input), "{\"class\":\"committee\",\"name\":\"%s\",\"name_en\":\"x\"}",
             name);
    create_refused(n->c, &actor_system, ORG_BODY, "diankou", input, ERR_INVALID, "name");
    name[60 * 3] = '\0';
    snprintf(input, sizeof(input), "{\"class\":\"committee\",\"name\":\"%s\",\"name_en\":\"x\"}",
             name);
    created(n->c, &actor_system, ORG_BODY, "diankou", input, "organization.created");

    int64_t person = make_person(n->c, "diankou", "王五");
    update_refused(n->c, &actor_system, ORG_PERSON, person, "{\"nickname\":\"五\"}", ERR_INVALID,
                   "nickname");
    update_refused(n->c, &actor_system, ORG_PERSON, person, "{\"name\":null}", ERR_INVALID, "name");
}

/* ---- rules of memberships ---- */

static void test_org_one_secretary_at_a_time(void **state)
{
    struct unit_node *n = *state;
    int64_t committee = make_org(n->c, "diankou", "committee");
    /* Two seats, so that only the one-secretary rule can refuse. */
    int64_t post = make_post(n->c, committee, "secretary", 2);
    int64_t a = make_person(n->c, "diankou", "甲");
    int64_t b = make_person(n->c, "diankou", "乙");
    int64_t c = make_person(n->c, "diankou", "丙");
    make_membership(n->c, a, post, "2020-01-01", NULL);
    membership_refused(n->c, b, post, "2022-01-01", NULL, ERR_CONFLICT, "post_id");
    membership_refused(n->c, b, post, "2019-01-01", "2020-01-02", ERR_CONFLICT, "post_id");
    /* Before the first one took office: fine. */
    make_membership(n->c, b, post, "2019-01-01", "2020-01-01");
    membership_refused(n->c, c, post, "2018-06-01", "2019-06-01", ERR_CONFLICT, "post_id");

    /* A second secretary post in the same committee changes nothing. */
    int64_t post2 = make_post(n->c, committee, "secretary", 1);
    membership_refused(n->c, c, post2, "2021-01-01", "2021-02-01", ERR_CONFLICT, "post_id");
    make_membership(n->c, c, post2, "2010-01-01", "2011-01-01");

    /* Another township's committee has its own secretary. */
    int64_t zhibu_committee = make_org(n->c, "zhibu", "committee");
    int64_t zhibu_post = make_post(n->c, zhibu_committee, "secretary", 1);
    int64_t d = make_person(n->c, "zhibu", "丁");
    make_membership(n->c, d, zhibu_post, "2020-01-01", NULL);

    /* Deputies are not limited by the rule (only by their seats). */
    int64_t deputy = make_post(n->c, committee, "deputy_secretary", 2);
    make_membership(n->c, b, deputy, "2021-01-01", NULL);
    make_membership(n->c, c, deputy, "2021-01-01", NULL);
}

static void test_org_one_discipline_secretary_at_a_time(void **state)
{
    struct unit_node *n = *state;
    int64_t committee = make_org(n->c, "diankou", "committee");
    int64_t post = make_post(n->c, committee, "discipline_secretary", 2);
    int64_t a = make_person(n->c, "diankou", "甲");
    int64_t b = make_person(n->c, "diankou", "乙");
    make_membership(n->c, a, post, "2020-01-01", "2023-01-01");
    membership_refused(n->c, b, post, "2022-12-31", NULL, ERR_CONFLICT, "post_id");
    make_membership(n->c, b, post, "2023-01-01", NULL);
}

static void test_org_secretary_handover_on_the_same_date(void **state)
{
    struct unit_node *n = *state;
    char input[256];
    int64_t committee = make_org(n->c, "diankou", "committee");
    int64_t post = make_post(n->c, committee, "secretary", 1);
    int64_t a = make_person(n->c, "diankou", "甲");
    int64_t b = make_person(n->c, "diankou", "乙");
    int64_t c = make_person(n->c, "diankou", "丙");
    int64_t first = make_membership(n->c, a, post, "2020-01-01", "2023-06-01");
    /* end_date is exclusive: the successor starts on the same day. */
    make_membership(n->c, b, post, "2023-06-01", NULL);
    membership_refused(n->c, c, post, "2023-05-31", "2023-06-01", ERR_CONFLICT, "post_id");
    /* Moving the first one's end past the handover is refused too. */
    update_refused(n->c, &actor_system, ORG_MEMBERSHIP, first, "{\"end_date\":\"2023-06-02\"}",
                   ERR_CONFLICT, "post_id");
    update_refused(n->c, &actor_system, ORG_MEMBERSHIP, first, "{\"end_date\":null}", ERR_CONFLICT,
                   "post_id");
    json_t *item = get(n->c, ORG_MEMBERSHIP, first);
    assert_string_equal(text_of(item, "end_date"), "2023-06-01");
    json_decref(item);
    /* An earlier end is fine. */
    snprintf(input, sizeof(input), "{\"end_date\":\"2023-05-01\"}");
    updated(n->c, &actor_system, ORG_MEMBERSHIP, first, input, "membership.updated");
}

static void test_org_a_person_holds_a_post_once_at_a_time(void **state)
{
    struct unit_node *n = *state;
    int64_t committee = make_org(n->c, "diankou", "committee");
    int64_t post = make_post(n->c, committee, "member", 5);
    int64_t p = make_person(n->c, "diankou", "甲");
    make_membership(n->c, p, post, "2020-01-01", NULL);
    membership_refused(n->c, p, post, "2021-01-01", NULL, ERR_CONFLICT, "start_date");
    membership_refused(n->c, p, post, "2019-01-01", "2020-01-02", ERR_CONFLICT, "start_date");
    make_membership(n->c, p, post, "2018-01-01", "2020-01-01");
    membership_refused(n->c, p, post, "2010-01-01", "2018-06-01", ERR_CONFLICT, "start_date");
    make_membership(n->c, p, post, "2010-01-01", "2018-01-01");
    /* Another post at the same time is fine. */
    int64_t staff = make_post(n->c, committee, "staff", 5);
    make_membership(n->c, p, staff, "2020-01-01", NULL);
}

static void test_org_seats_limit_concurrent_holders(void **state)
{
    struct unit_node *n = *state;
    int64_t committee = make_org(n->c, "diankou", "committee");
    int64_t post = make_post(n->c, committee, "member", 2);
    int64_t a = make_person(n->c, "diankou", "甲");
    int64_t b = make_person(n->c, "diankou", "乙");
    int64_t c = make_person(n->c, "diankou", "丙");
    int64_t d = make_person(n->c, "diankou", "丁");
    int64_t e = make_person(n->c, "diankou", "戊");
    make_membership(n->c, a, post, "2020-01-01", NULL);
    make_membership(n->c, b, post, "2021-01-01", NULL);
    membership_refused(n->c, c, post, "2022-01-01", NULL, ERR_CONFLICT, "post_id");
    membership_refused(n->c, c, post, "2019-01-01", "2021-01-02", ERR_CONFLICT, "post_id");
    /* Holders who never overlap all at once fit: C before A, D across
     * the change from C to A (never more than two at a time). */
    make_membership(n->c, c, post, "2015-01-01", "2020-01-01");
    make_membership(n->c, d, post, "2019-06-01", "2020-06-01");
    membership_refused(n->c, e, post, "2020-03-01", "2020-04-01", ERR_CONFLICT, "post_id");
    membership_refused(n->c, e, post, "2019-07-01", "2019-08-01", ERR_CONFLICT, "post_id");
    make_membership(n->c, e, post, "2014-01-01", "2015-01-01");
}

static void test_org_seats_cannot_be_lowered_below_holders(void **state)
{
    struct unit_node *n = *state;
    int64_t committee = make_org(n->c, "diankou", "committee");
    int64_t post = make_post(n->c, committee, "member", 3);
    for (int i = 0; i < 3; i++) {
        char name[16];
        snprintf(name, sizeof(name), "人%d", i);
        make_membership(n->c, make_person(n->c, "diankou", name), post, "2020-01-01", NULL);
    }
    update_refused(n->c, &actor_system, ORG_POST, post, "{\"seats\":2}", ERR_CONFLICT, "seats");
    update_refused(n->c, &actor_system, ORG_POST, post, "{\"seats\":1}", ERR_CONFLICT, "seats");
    json_t *item = get(n->c, ORG_POST, post);
    assert_int_equal(json_integer_value(json_object_get(item, "seats")), 3);
    json_decref(item);
    updated(n->c, &actor_system, ORG_POST, post, "{\"seats\":3,\"label\":\"委员\"}",
            "post.updated");
    updated(n->c, &actor_system, ORG_POST, post, "{\"seats\":4}", "post.updated");

    /* Holders one after another need only one seat. */
    int64_t staff = make_post(n->c, committee, "staff", 2);
    make_membership(n->c, make_person(n->c, "diankou", "前"), staff, "2020-01-01", "2021-01-01");
    make_membership(n->c, make_person(n->c, "diankou", "后"), staff, "2021-01-01", NULL);
    updated(n->c, &actor_system, ORG_POST, staff, "{\"seats\":1}", "post.updated");
}

static void test_org_seats_are_between_1_and_200(void **state)
{
    struct unit_node *n = *state;
    char org_text[32];
    int64_t committee = make_org(n->c, "diankou", "committee");
    unit_id(committee, org_text);
    create_refused(n->c, &actor_system, ORG_POST, org_text,
                   "{\"role\":\"member\",\"label\":\"x\",\"label_en\":\"x\",\"seats\":0}",
                   ERR_INVALID, "seats");
    create_refused(n->c, &actor_system, ORG_POST, org_text,
                   "{\"role\":\"member\",\"label\":\"x\",\"label_en\":\"x\",\"seats\":201}",
                   ERR_INVALID, "seats");
    create_refused(n->c, &actor_system, ORG_POST, org_text,
                   "{\"role\":\"member\",\"label\":\"x\",\"label_en\":\"x\",\"seats\":\"2\"}",
                   ERR_INVALID, "seats");
    int64_t post =
        created(n->c, &actor_system, ORG_POST, org_text,
                "{\"role\":\"member\",\"label\":\"x\",\"label_en\":\"x\"}", "post.created");
    json_t *item = get(n->c, ORG_POST, post);
    assert_int_equal(json_integer_value(json_object_get(item, "seats")), 1);
    json_decref(item);
    make_post(n->c, committee, "staff", 200);
}

static void test_org_end_date_cannot_precede_start_date(void **state)
{
    struct unit_node *n = *state;
    char input[512];
    int64_t committee = make_org(n->c, "diankou", "committee");
    int64_t post = make_post(n->c, committee, "member", 3);
    int64_t p = make_person(n->c, "diankou", "甲");
    membership_refused(n->c, p, post, "2024-01-02", "2024-01-01", ERR_INVALID, "end_date");
    membership_refused(n->c, p, post, "2024-02-30", NULL, ERR_INVALID, "start_date");
    membership_refused(n->c, p, post, "2024-01-01", "2024-13-01", ERR_INVALID, "end_date");
    int64_t m = make_membership(n->c, p, post, "2024-01-01", "2024-06-01");
    update_refused(n->c, &actor_system, ORG_MEMBERSHIP, m, "{\"start_date\":\"2024-07-01\"}",
                   ERR_INVALID, "end_date");
    snprintf(input, sizeof(input),
             "{\"person_id\":%lld,\"department_id\":null,\"area\":\"a\",\"area_en\":\"a\","
             "\"start_date\":\"2024-05-01\",\"end_date\":\"2024-04-30\"}",
             (long long)p);
    create_refused(n->c, &actor_system, ORG_PORTFOLIO, NULL, input, ERR_INVALID, "end_date");
}

static void test_org_membership_joins_a_post_and_person_of_one_township(void **state)
{
    struct unit_node *n = *state;
    int64_t committee = make_org(n->c, "diankou", "committee");
    int64_t post = make_post(n->c, committee, "member", 3);
    int64_t local = make_person(n->c, "diankou", "甲");
    int64_t outsider = make_person(n->c, "zhibu", "乙");
    membership_refused(n->c, outsider, post, "2024-01-01", NULL, ERR_INVALID, "post_id");
    membership_refused(n->c, local, 9999, "2024-01-01", NULL, ERR_INVALID, "post_id");
    membership_refused(n->c, 9999, post, "2024-01-01", NULL, ERR_INVALID, "person_id");
    make_membership(n->c, local, post, "2024-01-01", NULL);
}

static void test_org_post_roles_fit_the_organisation_class(void **state)
{
    struct unit_node *n = *state;
    char org_text[32];
    int64_t committee = make_org(n->c, "diankou", "committee");
    int64_t government = make_org(n->c, "diankou", "government");
    int64_t bureau = make_org(n->c, "diankou", "bureau");
    create_refused(n->c, &actor_system, ORG_POST, unit_id(committee, org_text),
                   "{\"role\":\"mayor\",\"label\":\"x\",\"label_en\":\"x\"}", ERR_INVALID, "role");
    create_refused(n->c, &actor_system, ORG_POST, unit_id(committee, org_text),
                   "{\"role\":\"chair\",\"label\":\"x\",\"label_en\":\"x\"}", ERR_INVALID, "role");
    create_refused(n->c, &actor_system, ORG_POST, unit_id(bureau, org_text),
                   "{\"role\":\"secretary\",\"label\":\"x\",\"label_en\":\"x\"}", ERR_INVALID,
                   "role");
    create_refused(n->c, &actor_system, ORG_POST, unit_id(committee, org_text),
                   "{\"role\":\"emperor\",\"label\":\"x\",\"label_en\":\"x\"}", ERR_INVALID,
                   "role");
    make_post(n->c, government, "mayor", 1);
    make_post(n->c, bureau, "head", 1);
    make_post(n->c, committee, "secretary", 1);
}

/* ---- rules of deletion ---- */

static void test_org_deletes_are_refused_while_referenced(void **state)
{
    struct unit_node *n = *state;
    char input[256];
    struct err err;
    int64_t committee = make_org(n->c, "diankou", "committee");
    int64_t bureau = make_org(n->c, "diankou", "bureau");
    int64_t person = make_person(n->c, "diankou", "甲");
    int64_t other = make_person(n->c, "diankou", "乙");
    int64_t linked = make_person(n->c, "diankou", "丙");
    int64_t post = make_post(n->c, committee, "member", 3);
    int64_t membership = make_membership(n->c, person, post, "2024-01-01", NULL);
    int64_t portfolio = created(n->c, &actor_system, ORG_PORTFOLIO, NULL,
                                portfolio_input(input, other, bureau), "portfolio.created");
    err_init(&err);
    assert_int_equal(store_exec(n->c, &err,
                                "INSERT INTO users (id, login, role, township_id, person_id,"
                                " created) VALUES (1, 'linked', 'member', 'diankou', ?,"
                                " '2024-01-01T00:00:00.000Z')",
                                "i", linked),
                     ERR_OK);

    delete_refused(n->c, &actor_system, ORG_BODY, committee, ERR_CONFLICT);
    delete_refused(n->c, &actor_system, ORG_POST, post, ERR_CONFLICT);
    delete_refused(n->c, &actor_system, ORG_PERSON, person, ERR_CONFLICT);
    delete_refused(n->c, &actor_system, ORG_DEPARTMENT, bureau, ERR_CONFLICT);
    delete_refused(n->c, &actor_system, ORG_PERSON, other, ERR_CONFLICT);
    delete_refused(n->c, &actor_system, ORG_PERSON, linked, ERR_CONFLICT);
    delete_refused_text(n->c, &actor_system, ORG_TOWNSHIP, "diankou", ERR_CONFLICT);
    delete_refused_text(n->c, &actor_system, ORG_CITY, "zhuji", ERR_CONFLICT);

    /* Once the references are gone, the deletes go through. */
    deleted(n->c, &actor_system, ORG_MEMBERSHIP, membership, "membership.deleted");
    deleted(n->c, &actor_system, ORG_PERSON, person, "person.deleted");
    deleted(n->c, &actor_system, ORG_POST, post, "post.deleted");
    deleted(n->c, &actor_system, ORG_BODY, committee, "organization.deleted");
    deleted(n->c, &actor_system, ORG_PORTFOLIO, portfolio, "portfolio.deleted");
    deleted(n->c, &actor_system, ORG_DEPARTMENT, bureau, "organization.deleted");
    deleted(n->c, &actor_system, ORG_PERSON, other, "person.deleted");
}

/* ---- rules of portfolios and bodies ---- */

static void test_org_portfolio_department_belongs_to_the_persons_township(void **state)
{
    struct unit_node *n = *state;
    char input[256];
    int64_t person = make_person(n->c, "diankou", "甲");
    int64_t local_bureau = make_org(n->c, "diankou", "bureau");
    int64_t local_committee = make_org(n->c, "diankou", "committee");
    int64_t zhibu_bureau = make_org(n->c, "zhibu", "office");
    create_refused(n->c, &actor_system, ORG_PORTFOLIO, NULL,
                   portfolio_input(input, person, zhibu_bureau), ERR_INVALID, "department_id");
    create_refused(n->c, &actor_system, ORG_PORTFOLIO, NULL,
                   portfolio_input(input, person, local_committee), ERR_INVALID, "department_id");
    create_refused(n->c, &actor_system, ORG_PORTFOLIO, NULL, portfolio_input(input, person, 9999),
                   ERR_INVALID, "department_id");
    int64_t portfolio = created(n->c, &actor_system, ORG_PORTFOLIO, NULL,
                                portfolio_input(input, person, local_bureau), "portfolio.created");
    created(n->c, &actor_system, ORG_PORTFOLIO, NULL, portfolio_input(input, person, 0),
            "portfolio.created");
    snprintf(input, sizeof(input), "{\"department_id\":%lld}", (long long)zhibu_bureau);
    update_refused(n->c, &actor_system, ORG_PORTFOLIO, portfolio, input, ERR_INVALID,
                   "department_id");
    updated(n->c, &actor_system, ORG_PORTFOLIO, portfolio, "{\"department_id\":null}",
            "portfolio.updated");
}

static void test_org_one_body_per_class_per_township(void **state)
{
    struct unit_node *n = *state;
    int64_t committee = make_org(n->c, "diankou", "committee");
    create_refused(n->c, &actor_system, ORG_BODY, "diankou",
                   "{\"class\":\"committee\",\"name\":\"第二党委\",\"name_en\":\"Second\"}",
                   ERR_CONFLICT, "class");
    make_org(n->c, "zhibu", "committee");
    make_org(n->c, "diankou", "government");
    make_org(n->c, "diankou", "congress");
    make_org(n->c, "diankou", "discipline");
    create_refused(n->c, &actor_system, ORG_BODY, "diankou",
                   "{\"class\":\"government\",\"name\":\"x\",\"name_en\":\"x\"}", ERR_CONFLICT,
                   "class");
    /* Departments of one class may be many. */
    make_org(n->c, "diankou", "bureau");
    make_org(n->c, "diankou", "bureau");
    /* A body does not conflict with itself when changed. */
    updated(n->c, &actor_system, ORG_BODY, committee, "{\"name\":\"店口镇党委\"}",
            "organization.updated");
}

static void test_org_bodies_and_departments_are_told_apart_by_class(void **state)
{
    struct unit_node *n = *state;
    struct err err;
    json_t *item = NULL;
    char id_text[32];
    create_refused(n->c, &actor_system, ORG_BODY, "diankou",
                   "{\"class\":\"bureau\",\"name\":\"x\",\"name_en\":\"x\"}", ERR_INVALID, "class");
    create_refused(n->c, &actor_system, ORG_DEPARTMENT, "diankou",
                   "{\"class\":\"committee\",\"name\":\"x\",\"name_en\":\"x\"}", ERR_INVALID,
                   "class");
    int64_t bureau = make_org(n->c, "diankou", "bureau");
    int64_t committee = make_org(n->c, "diankou", "committee");
    err_init(&err);
    assert_int_equal(org_get(n->c, ORG_BODY, unit_id(bureau, id_text), &item, &err), ERR_NOT_FOUND);
    assert_int_equal(org_get(n->c, ORG_DEPARTMENT, unit_id(committee, id_text), &item, &err),
                     ERR_NOT_FOUND);
    item = get(n->c, ORG_ORGANIZATION, bureau);
    assert_string_equal(text_of(item, "class"), "bureau");
    json_decref(item);
    item = get(n->c, ORG_ORGANIZATION, committee);
    assert_string_equal(text_of(item, "class"), "committee");
    json_decref(item);
}

/* ---- policy ---- */

static void test_org_clerk_writes_its_own_township(void **state)
{
    struct unit_node *n = *state;
    char input[256];
    int64_t village = created(n->c, &diankou_clerk, ORG_VILLAGE, "diankou",
                              "{\"kind\":\"community\",\"name\":\"社区\"}", "village.created");
    int64_t committee = created(n->c, &diankou_clerk, ORG_BODY, "diankou",
                                "{\"class\":\"committee\",\"name\":\"党委\",\"name_en\":\"C\"}",
                                "organization.created");
    int64_t person =
        created(n->c, &diankou_clerk, ORG_PERSON, "diankou", "{\"name\":\"甲\"}", "person.created");
    char org_text[32];
    int64_t post =
        created(n->c, &diankou_clerk, ORG_POST, unit_id(committee, org_text),
                "{\"role\":\"member\",\"label\":\"委员\",\"label_en\":\"Member\"}", "post.created");
    int64_t membership =
        created(n->c, &diankou_clerk, ORG_MEMBERSHIP, NULL,
                membership_input(input, person, post, "2024-01-01", NULL), "membership.created");
    updated(n->c, &diankou_clerk, ORG_PERSON, person, "{\"gender\":\"female\"}", "person.updated");
    deleted(n->c, &diankou_clerk, ORG_MEMBERSHIP, membership, "membership.deleted");
    deleted(n->c, &diankou_clerk, ORG_VILLAGE, village, "village.deleted");
}

static void test_org_clerk_cannot_write_another_township(void **state)
{
    struct unit_node *n = *state;
    char input[256];
    char org_text[32];
    int64_t village = created(n->c, &actor_system, ORG_VILLAGE, "zhibu",
                              "{\"kind\":\"village\",\"name\":\"村\"}", "village.created");
    int64_t committee = make_org(n->c, "zhibu", "committee");
    int64_t bureau = make_org(n->c, "zhibu", "bureau");
    int64_t person = make_person(n->c, "zhibu", "乙");
    int64_t post = make_post(n->c, committee, "member", 3);
    int64_t membership = make_membership(n->c, person, post, "2024-01-01", NULL);

    create_refused(n->c, &diankou_clerk, ORG_VILLAGE, "zhibu",
                   "{\"kind\":\"village\",\"name\":\"村\"}", ERR_FORBIDDEN, NULL);
    create_refused(n->c, &diankou_clerk, ORG_PERSON, "zhibu", "{\"name\":\"丙\"}", ERR_FORBIDDEN,
                   NULL);
    create_refused(n->c, &diankou_clerk, ORG_DEPARTMENT, "zhibu",
                   "{\"class\":\"office\",\"name\":\"x\",\"name_en\":\"x\"}", ERR_FORBIDDEN, NULL);
    create_refused(n->c, &diankou_clerk, ORG_POST, unit_id(committee, org_text),
                   "{\"role\":\"staff\",\"label\":\"x\",\"label_en\":\"x\"}", ERR_FORBIDDEN, NULL);
    create_refused(n->c, &diankou_clerk, ORG_MEMBERSHIP, NULL,
                   membership_input(input, person, post, "2025-01-01", NULL), ERR_FORBIDDEN, NULL);
    create_refused(n->c, &diankou_clerk, ORG_PORTFOLIO, NULL,
                   portfolio_input(input, person, bureau), ERR_FORBIDDEN, NULL);
    update_refused(n->c, &diankou_clerk, ORG_PERSON, person, "{\"name\":\"改\"}", ERR_FORBIDDEN,
                   NULL);
    update_refused(n->c, &diankou_clerk, ORG_BODY, committee, "{\"name\":\"改\"}", ERR_FORBIDDEN,
                   NULL);
    update_refused(n->c, &diankou_clerk, ORG_MEMBERSHIP, membership,
                   "{\"end_date\":\"2025-01-01\"}", ERR_FORBIDDEN, NULL);
    delete_refused(n->c, &diankou_clerk, ORG_VILLAGE, village, ERR_FORBIDDEN);
    delete_refused(n->c, &diankou_clerk, ORG_MEMBERSHIP, membership, ERR_FORBIDDEN);
    delete_refused(n->c, &diankou_clerk, ORG_DEPARTMENT, bureau, ERR_FORBIDDEN);

    /* Townships and cities are the admin's, even the clerk's own. */
    create_refused(n->c, &diankou_clerk, ORG_TOWNSHIP, NULL,
                   "{\"id\":\"fengqiao\",\"kind\":\"township\",\"name\":\"枫桥镇\","
                   "\"name_en\":\"Fengqiao\"}",
                   ERR_FORBIDDEN, NULL);
    update_refused_text(n->c, &diankou_clerk, ORG_TOWNSHIP, "diankou", "{\"name\":\"改\"}",
                        ERR_FORBIDDEN, NULL);
    create_refused(n->c, &diankou_clerk, ORG_CITY, NULL,
                   "{\"id\":\"shaoxing\",\"name\":\"绍兴\",\"name_en\":\"Shaoxing\"}",
                   ERR_FORBIDDEN, NULL);

    json_t *item = get(n->c, ORG_PERSON, person);
    assert_string_equal(text_of(item, "name"), "乙");
    json_decref(item);
}

static void test_org_clerk_cannot_join_its_people_to_another_townships_posts(void **state)
{
    struct unit_node *n = *state;
    char input[256];
    int64_t zhibu_committee = make_org(n->c, "zhibu", "committee");
    int64_t zhibu_post = make_post(n->c, zhibu_committee, "member", 3);
    int64_t zhibu_office = make_org(n->c, "zhibu", "office");
    int64_t local = make_person(n->c, "diankou", "甲");
    create_refused(n->c, &diankou_clerk, ORG_MEMBERSHIP, NULL,
                   membership_input(input, local, zhibu_post, "2024-01-01", NULL), ERR_INVALID,
                   "post_id");
    create_refused(n->c, &diankou_clerk, ORG_PORTFOLIO, NULL,
                   portfolio_input(input, local, zhibu_office), ERR_INVALID, "department_id");
}

static void test_org_roles_without_org_write_are_forbidden(void **state)
{
    struct unit_node *n = *state;
    int64_t person = make_person(n->c, "diankou", "甲");
    create_refused(n->c, &diankou_member, ORG_PERSON, "diankou", "{\"name\":\"乙\"}", ERR_FORBIDDEN,
                   NULL);
    update_refused(n->c, &diankou_member, ORG_PERSON, person, "{\"name\":\"改\"}", ERR_FORBIDDEN,
                   NULL);
    delete_refused(n->c, &diankou_member, ORG_PERSON, person, ERR_FORBIDDEN);
}

static void test_org_public_must_sign_in_to_write(void **state)
{
    struct unit_node *n = *state;
    int64_t person = make_person(n->c, "diankou", "甲");
    create_refused(n->c, &public_actor, ORG_PERSON, "diankou", "{\"name\":\"乙\"}",
                   ERR_UNAUTHENTICATED, NULL);
    create_refused(n->c, &public_actor, ORG_TOWNSHIP, NULL,
                   "{\"id\":\"fengqiao\",\"kind\":\"township\",\"name\":\"枫桥镇\","
                   "\"name_en\":\"Fengqiao\"}",
                   ERR_UNAUTHENTICATED, NULL);
    update_refused(n->c, &public_actor, ORG_PERSON, person, "{\"name\":\"改\"}",
                   ERR_UNAUTHENTICATED, NULL);
    delete_refused(n->c, &public_actor, ORG_PERSON, person, ERR_UNAUTHENTICATED);
}

/* ---- identifiers and reads ---- */

static void test_org_township_ids_are_unique_slugs(void **state)
{
    struct unit_node *n = *state;
    create_refused(n->c, &actor_system, ORG_TOWNSHIP, NULL,
                   "{\"id\":\"diankou\",\"kind\":\"township\",\"name\":\"x\",\"name_en\":\"x\"}",
                   ERR_CONFLICT, "id");
    create_refused(n->c, &actor_system, ORG_TOWNSHIP, NULL,
                   "{\"id\":\"Feng Qiao\",\"kind\":\"township\",\"name\":\"x\",\"name_en\":\"x\"}",
                   ERR_INVALID, "id");
    create_refused(n->c, &actor_system, ORG_TOWNSHIP, NULL,
                   "{\"id\":\"fengqiao\",\"kind\":\"county\",\"name\":\"x\",\"name_en\":\"x\"}",
                   ERR_INVALID, "kind");
    create_refused(n->c, &actor_system, ORG_TOWNSHIP, NULL,
                   "{\"id\":\"fengqiao\",\"city_id\":\"nowhere\",\"kind\":\"township\","
                   "\"name\":\"x\",\"name_en\":\"x\"}",
                   ERR_INVALID, "city_id");
    struct err err;
    json_t *result = NULL;
    int64_t before = unit_event_count(n->c);
    assert_int_equal(unit_org_create(n->c, &actor_system, ORG_TOWNSHIP, NULL,
                                     "{\"id\":\"fengqiao\",\"kind\":\"subdistrict\",\"name\":"
                                     "\"枫桥镇\",\"name_en\":\"Fengqiao\"}",
                                     NULL, &result, &err),
                     ERR_OK);
    assert_one_event(n->c, before, result, "township.created");
    const json_t *item = json_object_get(result, "item");
    assert_string_equal(text_of(item, "id"), "fengqiao");
    assert_string_equal(text_of(item, "city_id"), "zhuji");
    json_decref(result);
}

static void test_org_unknown_parents_and_ids_are_not_found(void **state)
{
    struct unit_node *n = *state;
    struct err err;
    json_t *item = NULL;
    create_refused(n->c, &actor_system, ORG_VILLAGE, "nowhere",
                   "{\"kind\":\"village\",\"name\":\"村\"}", ERR_NOT_FOUND, NULL);
    create_refused(n->c, &actor_system, ORG_POST, "9999",
                   "{\"role\":\"staff\",\"label\":\"x\",\"label_en\":\"x\"}", ERR_NOT_FOUND, NULL);
    static const char *const ids[] = {"9999", "0", "-1", "abc", "1x", ""};
    for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
        err_init(&err);
        assert_int_equal(org_get(n->c, ORG_PERSON, ids[i], &item, &err), ERR_NOT_FOUND);
        update_refused_text(n->c, &actor_system, ORG_PERSON, ids[i], "{\"name\":\"x\"}",
                            ERR_NOT_FOUND, NULL);
        delete_refused_text(n->c, &actor_system, ORG_PERSON, ids[i], ERR_NOT_FOUND);
    }
    assert_int_equal(org_get(n->c, ORG_TOWNSHIP, "nowhere", &item, &err), ERR_NOT_FOUND);
}

static void test_org_get_returns_details(void **state)
{
    struct unit_node *n = *state;
    struct err err;
    json_t *item = NULL;
    char input[256];
    int64_t committee = make_org(n->c, "diankou", "committee");
    int64_t bureau = make_org(n->c, "diankou", "bureau");
    int64_t person = make_person(n->c, "diankou", "甲");
    int64_t post = make_post(n->c, committee, "member", 3);
    make_membership(n->c, person, post, "2024-01-01", NULL);
    created(n->c, &actor_system, ORG_PORTFOLIO, NULL, portfolio_input(input, person, bureau),
            "portfolio.created");
    created(n->c, &actor_system, ORG_VILLAGE, "diankou", "{\"kind\":\"village\",\"name\":\"村\"}",
            "village.created");

    err_init(&err);
    assert_int_equal(org_get(n->c, ORG_TOWNSHIP, "diankou", &item, &err), ERR_OK);
    assert_string_equal(text_of(item, "name"), "店口镇");
    assert_int_equal(json_integer_value(json_object_get(item, "villages")), 1);
    assert_int_equal(json_integer_value(json_object_get(item, "bodies")), 1);
    assert_int_equal(json_integer_value(json_object_get(item, "departments")), 1);
    assert_int_equal(json_integer_value(json_object_get(item, "people")), 1);
    json_decref(item);

    item = get(n->c, ORG_BODY, committee);
    assert_int_equal(json_array_size(json_object_get(item, "posts")), 1);
    json_decref(item);

    item = get(n->c, ORG_PERSON, person);
    const json_t *memberships = json_object_get(item, "memberships");
    assert_int_equal(json_array_size(memberships), 1);
    assert_string_equal(text_of(json_array_get(memberships, 0), "role"), "member");
    assert_int_equal(json_array_size(json_object_get(item, "portfolios")), 1);
    json_decref(item);
}

static void test_org_list_pages_and_filters(void **state)
{
    struct unit_node *n = *state;
    struct err err;
    json_t *page = NULL;
    make_person(n->c, "diankou", "甲");
    make_person(n->c, "diankou", "乙");
    make_person(n->c, "diankou", "丙");
    make_person(n->c, "zhibu", "丁");
    make_org(n->c, "diankou", "committee");
    make_org(n->c, "diankou", "bureau");

    struct org_list_query q = {.parent = "diankou", .limit = 2, .offset = 1};
    err_init(&err);
    assert_int_equal(org_list(n->c, ORG_PERSON, &q, &page, &err), ERR_OK);
    assert_int_equal(json_integer_value(json_object_get(page, "total")), 3);
    const json_t *items = json_object_get(page, "items");
    assert_int_equal(json_array_size(items), 2);
    assert_string_equal(text_of(json_array_get(items, 0), "name"), "乙");
    json_decref(page);

    q.limit = 50;
    q.offset = 0;
    assert_int_equal(org_list(n->c, ORG_BODY, &q, &page, &err), ERR_OK);
    assert_int_equal(json_integer_value(json_object_get(page, "total")), 1);
    assert_string_equal(text_of(json_array_get(json_object_get(page, "items"), 0), "class"),
                        "committee");
    json_decref(page);
    assert_int_equal(org_list(n->c, ORG_DEPARTMENT, &q, &page, &err), ERR_OK);
    assert_int_equal(json_integer_value(json_object_get(page, "total")), 1);
    json_decref(page);

    struct org_list_query all = {.limit = 50, .offset = 0};
    assert_int_equal(org_list(n->c, ORG_TOWNSHIP, &all, &page, &err), ERR_OK);
    assert_int_equal(json_integer_value(json_object_get(page, "total")), 2);
    json_decref(page);

    q.parent = "nowhere";
    assert_int_equal(org_list(n->c, ORG_PERSON, &q, &page, &err), ERR_NOT_FOUND);
}

static void test_org_list_memberships_current_only(void **state)
{
    struct unit_node *n = *state;
    struct err err;
    json_t *page = NULL;
    char org_text[32];
    char person_text[32];
    int64_t committee = make_org(n->c, "diankou", "committee");
    int64_t post = make_post(n->c, committee, "member", 3);
    int64_t a = make_person(n->c, "diankou", "甲");
    int64_t b = make_person(n->c, "diankou", "乙");
    make_membership(n->c, a, post, "2001-01-01", "2002-01-01");
    make_membership(n->c, b, post, "2001-01-01", NULL);
    make_membership(n->c, a, post, "2900-01-01", NULL);

    struct org_list_query q = {.parent = unit_id(committee, org_text), .limit = 50};
    err_init(&err);
    assert_int_equal(org_list_memberships(n->c, &q, false, &page, &err), ERR_OK);
    assert_int_equal(json_integer_value(json_object_get(page, "total")), 3);
    json_decref(page);
    q.current_only = true;
    assert_int_equal(org_list_memberships(n->c, &q, false, &page, &err), ERR_OK);
    assert_int_equal(json_integer_value(json_object_get(page, "total")), 1);
    assert_int_equal(json_integer_value(json_object_get(
                         json_array_get(json_object_get(page, "items"), 0), "person_id")),
                     b);
    json_decref(page);

    struct org_list_query by_person = {.parent = unit_id(a, person_text), .limit = 50};
    assert_int_equal(org_list_memberships(n->c, &by_person, true, &page, &err), ERR_OK);
    assert_int_equal(json_integer_value(json_object_get(page, "total")), 2);
    json_decref(page);
}

static void test_org_members_lists_the_committees_current_members(void **state)
{
    struct unit_node *n = *state;
    struct err err;
    json_t *items = NULL;
    char input[512];
    int64_t committee = make_org(n->c, "diankou", "committee");
    int64_t government = make_org(n->c, "diankou", "government");
    int64_t bureau = make_org(n->c, "diankou", "bureau");
    int64_t secretary = make_post(n->c, committee, "secretary", 1);
    int64_t member = make_post(n->c, committee, "member", 5);
    int64_t discipline = make_post(n->c, committee, "discipline_secretary", 1);
    int64_t mayor = make_post(n->c, government, "mayor", 1);
    int64_t a = make_person(n->c, "diankou", "甲");
    int64_t b = make_person(n->c, "diankou", "乙");
    int64_t c = make_person(n->c, "diankou", "丙");
    int64_t d = make_person(n->c, "diankou", "丁");
    make_membership(n->c, b, member, "2001-01-01", NULL);
    make_membership(n->c, c, member, "2001-01-01", "2002-01-01");
    make_membership(n->c, d, discipline, "2001-01-01", NULL);
    make_membership(n->c, a, secretary, "2003-01-01", NULL);
    make_membership(n->c, c, mayor, "2001-01-01", NULL);
    created(n->c, &actor_system, ORG_PORTFOLIO, NULL, portfolio_input(input, a, bureau),
            "portfolio.created");
    snprintf(input, sizeof(input),
             "{\"person_id\":%lld,\"area\":\"旧\",\"area_en\":\"Old\","
             "\"start_date\":\"2001-01-01\",\"end_date\":\"2002-01-01\"}",
             (long long)a);
    created(n->c, &actor_system, ORG_PORTFOLIO, NULL, input, "portfolio.created");

    err_init(&err);
    assert_int_equal(org_members(n->c, "diankou", &items, &err), ERR_OK);
    assert_int_equal(json_array_size(items), 3);
    /* The secretary first, then the discipline secretary, then members. */
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "person_id")), a);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 1), "person_id")), d);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 2), "person_id")), b);
    const json_t *own = json_object_get(json_array_get(items, 0), "portfolios");
    assert_int_equal(json_array_size(own), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(own, 0), "department_id")),
                     bureau);
    assert_int_equal(json_array_size(json_object_get(json_array_get(items, 2), "portfolios")), 0);
    json_decref(items);

    assert_int_equal(org_members(n->c, "zhibu", &items, &err), ERR_OK);
    assert_int_equal(json_array_size(items), 0);
    json_decref(items);
    assert_int_equal(org_members(n->c, "nowhere", &items, &err), ERR_NOT_FOUND);
}

static void test_org_list_of_memberships_fails_cleanly(void **state)
{
    struct unit_node *n = *state;
    /* Memberships are listed by org_list_memberships; org_list must still
     * answer an error for the kind rather than crash. The call runs in a
     * child process with default signal handlers, so that a crash ends
     * only the child. */
    fflush(NULL);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        signal(SIGSEGV, SIG_DFL);
        signal(SIGBUS, SIG_DFL);
        signal(SIGABRT, SIG_DFL);
        struct org_list_query q = {.parent = "diankou", .limit = 50};
        json_t *page = NULL;
        struct err err;
        err_init(&err);
        enum err_code rc = org_list(n->c, ORG_MEMBERSHIP, &q, &page, &err);
        _exit(rc == ERR_OK || rc == err.code ? 0 : 3);
    }
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    if (!WIFEXITED(status)) {
        fail_msg("org_list(ORG_MEMBERSHIP) crashed (signal %d)", WTERMSIG(status));
    }
    if (WEXITSTATUS(status) != 0) {
        fail_msg("org_list(ORG_MEMBERSHIP) failed a sanitizer check (exit status %d)",
                 WEXITSTATUS(status));
    }
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup_org, teardown_org)
    const struct CMUnitTest tests[] = {
        T(test_org_fixture_events_are_city_and_township_created),
        T(test_org_every_create_records_one_event_of_its_entity),
        T(test_org_every_update_and_delete_records_one_event),
        T(test_org_clerk_events_name_the_clerk_and_township),
        T(test_org_update_keeps_absent_fields),
        T(test_org_fixed_fields_cannot_change),
        T(test_org_fixed_slug_fields_cannot_change),
        T(test_org_unknown_fields_and_bad_values_are_invalid),
        T(test_org_one_secretary_at_a_time),
        T(test_org_one_discipline_secretary_at_a_time),
        T(test_org_secretary_handover_on_the_same_date),
        T(test_org_a_person_holds_a_post_once_at_a_time),
        T(test_org_seats_limit_concurrent_holders),
        T(test_org_seats_cannot_be_lowered_below_holders),
        T(test_org_seats_are_between_1_and_200),
        T(test_org_end_date_cannot_precede_start_date),
        T(test_org_membership_joins_a_post_and_person_of_one_township),
        T(test_org_post_roles_fit_the_organisation_class),
        T(test_org_deletes_are_refused_while_referenced),
        T(test_org_portfolio_department_belongs_to_the_persons_township),
        T(test_org_one_body_per_class_per_township),
        T(test_org_bodies_and_departments_are_told_apart_by_class),
        T(test_org_clerk_writes_its_own_township),
        T(test_org_clerk_cannot_write_another_township),
        T(test_org_clerk_cannot_join_its_people_to_another_townships_posts),
        T(test_org_roles_without_org_write_are_forbidden),
        T(test_org_public_must_sign_in_to_write),
        T(test_org_township_ids_are_unique_slugs),
        T(test_org_unknown_parents_and_ids_are_not_found),
        T(test_org_get_returns_details),
        T(test_org_list_pages_and_filters),
        T(test_org_list_memberships_current_only),
        T(test_org_members_lists_the_committees_current_members),
        T(test_org_list_of_memberships_fails_cleanly),
    };
#undef T
    return cmocka_run_group_tests(tests, unit_group_setup, NULL);
}
