/*
 * Tests of sealed parts (src/record/sealed.c): the public record carries
 * only a salted digest, the content is readable by the roles that may,
 * publication is a new record matching the digest, and tampering with the
 * stored part is detected.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "record/rebuild.h"
#include "record/sealed.h"
#include "unit.h"
#include "unit_node.h"

/* Publishes the sealed part of record seq as who, as POST
 * /events/{seq}/publish does. */
static enum err_code publish(
    struct store_conn *c, const struct actor *who, int64_t seq, json_t **result, struct err *err)
{
    char key[24];
    snprintf(key, sizeof(key), "%lld", (long long)seq);
    const struct ctx x = {.c = c, .who = who, .now_ms = utc_now_ms()};
    const struct args a = {.cmd = &sealed_publish_command, .key = key};
    return command_run(&x, &sealed_publish_command, &a, result, err);
}

static const struct actor diankou_clerk = {
    .user_id = 3, .login = "diankou.clerk", .role = ROLE_CLERK, .township = "diankou"};
static const struct actor diankou_discipline = {.user_id = 4,
                                                .login = "diankou.discipline",
                                                .role = ROLE_DISCIPLINE_SECRETARY,
                                                .township = "diankou"};
static const struct actor zhibu_discipline = {.user_id = 5,
                                              .login = "zhibu.discipline",
                                              .role = ROLE_DISCIPLINE_SECRETARY,
                                              .township = "zhibu"};
static const struct actor inspector = {
    .user_id = 6, .login = "inspector", .role = ROLE_COMMISSION_INSPECTOR, .township = NULL};
static const struct actor public_visitor = {.login = "public", .role = ROLE_PUBLIC};

static int setup(void **state)
{
    struct unit_node *n = xcalloc(1, sizeof(*n));
    struct err err;
    err_init(&err);
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
                        NULL, NULL, &err) != ERR_OK) {
        return -1;
    }
    *state = n;
    return 0;
}

static int teardown(void **state)
{
    struct unit_node *n = *state;
    unit_node_close(n);
    xfree(n);
    return 0;
}

/* A sealed event for a write's body to record, and the reference it
 * gets. */
struct sealed_write {
    const json_t *payload;
    const json_t *sealed;
    struct event_ref ref;
};

static enum err_code record_sealed_body(struct store_conn *c, void *arg, struct err *err)
{
    struct sealed_write *w = arg;
    return sealed_record(c, &actor_system, "diankou", "village.created", w->payload, w->sealed,
                         &w->ref, err);
}

/* Records a diankou village with a sealed part (any entity event may
 * carry one: the projection ignores the digest); returns its seq. */
static int64_t record_sealed(struct store_conn *c, const char *secret_name)
{
    static json_int_t next_id = 900;
    struct err err;
    err_init(&err);
    json_t *payload = json_pack("{sI, ss, ss, ss, sn}", "id", next_id++, "township_id", "diankou",
                                "kind", "village", "name", "试点村", "name_en");
    json_t *sealed = json_pack("{ss, ss}", "reporter", secret_name, "phone", "138-0000-0000");
    struct sealed_write w = {payload, sealed, {0}};
    assert_int_equal(store_write(c, record_sealed_body, &w, &err), ERR_OK);
    json_decref(payload);
    json_decref(sealed);
    return w.ref.seq;
}

static json_t *body_of(struct store_conn *c, int64_t seq)
{
    struct err err;
    json_t *row = NULL;
    err_init(&err);
    assert_int_equal(
        store_query_row(c, &row, &err, "SELECT body FROM events WHERE seq = ?", "i", seq), ERR_OK);
    assert_non_null(row);
    json_error_t jerr;
    json_t *record = json_loads(json_string_value(json_object_get(row, "body")), 0, &jerr);
    json_decref(row);
    assert_non_null(record);
    return record;
}

static void test_sealed_record_publishes_only_a_salted_digest(void **state)
{
    struct unit_node *n = *state;
    int64_t seq = record_sealed(n->c, "Wang Secret");
    json_t *record = body_of(n->c, seq);
    json_t *payload = json_object_get(record, "payload");
    const char *digest = json_string_value(json_object_get(payload, "sealed_digest"));
    assert_non_null(digest);
    assert_int_equal(strlen(digest), 44);
    char *text = json_dumps(record, 0);
    assert_null(strstr(text, "Wang Secret"));
    assert_null(strstr(text, "138-0000"));
    xfree(text);
    json_decref(record);
}

static void test_sealed_read_is_for_the_roles_that_may(void **state)
{
    struct unit_node *n = *state;
    struct err err;
    json_t *item = NULL;
    int64_t seq = record_sealed(n->c, "Li Reporter");
    err_init(&err);
    assert_int_equal(sealed_read(n->c, &diankou_discipline, seq, &item, &err), ERR_OK);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(item, "content"), "reporter")),
        "Li Reporter");
    /* The digest recomputes from the salt and content returned. */
    uint8_t salt[SEALED_SALT_SIZE];
    size_t salt_len = 0;
    const char *salt_b64 = json_string_value(json_object_get(item, "salt"));
    assert_int_equal(sodium_base642bin(salt, sizeof(salt), salt_b64, strlen(salt_b64), NULL,
                                       &salt_len, NULL, sodium_base64_VARIANT_ORIGINAL),
                     0);
    assert_int_equal(salt_len, SEALED_SALT_SIZE);
    char again[45];
    assert_int_equal(salted_digest(salt, json_object_get(item, "content"), again, &err), ERR_OK);
    assert_string_equal(again, json_string_value(json_object_get(item, "digest")));
    json_decref(item);
    item = NULL;
    assert_int_equal(sealed_read(n->c, &inspector, seq, &item, &err), ERR_OK);
    json_decref(item);
    item = NULL;
    assert_int_equal(sealed_read(n->c, &diankou_clerk, seq, &item, &err), ERR_FORBIDDEN);
    assert_int_equal(sealed_read(n->c, &zhibu_discipline, seq, &item, &err), ERR_FORBIDDEN);
    assert_int_equal(sealed_read(n->c, &public_visitor, seq, &item, &err), ERR_UNAUTHENTICATED);
    assert_null(item);
}

static void test_sealed_read_of_a_plain_record_is_not_found(void **state)
{
    struct unit_node *n = *state;
    struct err err;
    json_t *item = NULL;
    err_init(&err);
    assert_int_equal(sealed_read(n->c, &inspector, 0, &item, &err), ERR_NOT_FOUND);
    assert_int_equal(sealed_read(n->c, &inspector, 99999, &item, &err), ERR_NOT_FOUND);
}

static void test_sealed_publish_records_the_content_once(void **state)
{
    struct unit_node *n = *state;
    struct err err;
    json_t *result = NULL;
    int64_t seq = record_sealed(n->c, "Zhao Published");
    int64_t before = unit_event_count(n->c);
    err_init(&err);
    assert_int_equal(publish(n->c, &diankou_clerk, seq, &result, &err), ERR_FORBIDDEN);
    assert_int_equal(unit_event_count(n->c), before);
    assert_int_equal(publish(n->c, &actor_system, seq, &result, &err), ERR_OK);
    assert_int_equal(unit_event_count(n->c), before + 1);
    json_t *record = body_of(n->c, before);
    assert_string_equal(json_string_value(json_object_get(record, "type")),
                        "sealed_publication.created");
    json_t *payload = json_object_get(record, "payload");
    assert_int_equal(json_integer_value(json_object_get(payload, "id")), seq);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(payload, "content"), "reporter")),
        "Zhao Published");
    json_decref(record);
    json_decref(result);
    result = NULL;
    assert_int_equal(publish(n->c, &actor_system, seq, &result, &err), ERR_CONFLICT);
    assert_int_equal(unit_event_count(n->c), before + 1);
}

static void test_sealed_tampered_part_is_detected(void **state)
{
    struct unit_node *n = *state;
    struct err err;
    json_t *item = NULL;
    int64_t seq = record_sealed(n->c, "Sun Tampered");
    err_init(&err);
    assert_int_equal(store_exec_script(n->c,
                                       "DROP TRIGGER sealed_parts_no_update;"
                                       "UPDATE sealed_parts SET content = CAST(replace(CAST("
                                       "content AS TEXT), 'Sun', 'Qian') AS BLOB);",
                                       &err),
                     ERR_OK);
    assert_int_equal(sealed_read(n->c, &inspector, seq, &item, &err), ERR_INTEGRITY);
    assert_null(item);
}

static void test_sealed_rebuild_keeps_publications(void **state)
{
    struct unit_node *n = *state;
    struct err err;
    struct rebuild_report rep;
    char scratch[UNIT_PATH_MAX];
    json_t *result = NULL;
    int64_t seq = record_sealed(n->c, "Zhou Rebuilt");
    err_init(&err);
    assert_int_equal(publish(n->c, &actor_system, seq, &result, &err), ERR_OK);
    json_decref(result);
    unit_path(scratch, n->tmp, "rebuild.db");
    assert_int_equal(rebuild_check(n->c, scratch, &rep, &err), ERR_OK);
    assert_true(rep.equal);
    assert_true(rep.events >= 4);
    /* The replayed table has the publication, as the live one does. */
    int64_t published = 0;
    assert_int_equal(store_query_int(n->c, &published, NULL, &err,
                                     "SELECT COUNT(*) FROM sealed_publications WHERE id = ?", "i",
                                     seq),
                     ERR_OK);
    assert_int_equal(published, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sealed_record_publishes_only_a_salted_digest, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_sealed_read_is_for_the_roles_that_may, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_sealed_read_of_a_plain_record_is_not_found, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_sealed_publish_records_the_content_once, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_sealed_tampered_part_is_detected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sealed_rebuild_keeps_publications, setup, teardown),
    };
    return cmocka_run_group_tests(tests, unit_group_setup, NULL);
}
