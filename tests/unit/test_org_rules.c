/*
 * Tests of the rules of the organisation model (src/areas/org/kinds.c):
 * memberships, seats, secretaries, deletions, portfolios and bodies, each
 * both ways — the compliant write records one event, the violation is
 * refused with its code and field and records none.
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

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup_org, teardown_org)
    const struct CMUnitTest tests[] = {
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
    };
#undef T
    return cmocka_run_group_tests(tests, unit_group_setup, NULL);
}
