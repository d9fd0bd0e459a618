/*
 * Unit tests of the organisation model's commands and queries
 * (areas/org/org.h) on a temporary node with the city "zhuji" and the
 * townships "diankou" and "zhibu": every write records exactly one
 * "<entity>.<action>" event, partial updates, fixed fields, the policy
 * (clerks, the public), reads and lists. The model's rules are in
 * test_org_rules.c; the shared helpers in unit_org.h.
 */
#include "areas/org/org.h"
#include "record/event.h"

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
#include "unit_org.h"

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

static void test_org_clerk_events_name_the_clerk_not_the_login_and_the_township(void **state)
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
    /* The record names the user by id and role, never by login. */
    assert_string_equal(text_of(row, "actor"),
                        "{\"name\":null,\"person\":null,\"role\":\"clerk\",\"user\":10}");
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
        T(test_org_clerk_events_name_the_clerk_not_the_login_and_the_township),
        T(test_org_update_keeps_absent_fields),
        T(test_org_fixed_fields_cannot_change),
        T(test_org_fixed_slug_fields_cannot_change),
        T(test_org_unknown_fields_and_bad_values_are_invalid),
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
