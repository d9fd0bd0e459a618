/*
 * Unit tests of the city's sealing rule (rules/rulebook.h, struct
 * rule_sealing): the seed publishes statements and open ballots with the
 * minutes and keeps personal reasons; a city may change it (and then names
 * it in its document, which parses back); a document without it has the
 * seed's, so its coming changed no recorded rulebook's digest; values
 * other than the two are refused with the path; a township override
 * cannot set it, yet a township's merged rulebook carries its city's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_rulebook.h"

/* The default document with its "sealing" set to the JSON text sealing
 * (NULL: removed), parsed into out. */
static enum err_code with_sealing(const char *sealing, struct rulebook *out, struct err *err)
{
    struct rulebook rb;
    rulebook_default(&rb);
    json_t *doc = rulebook_to_json(&rb);
    if (sealing != NULL) {
        json_object_set_new(doc, "sealing", unit_json(sealing));
    }
    err_init(err);
    enum err_code rc = rulebook_from_json(doc, out, err);
    json_decref(doc);
    return rc;
}

static void test_the_seed_publishes_deliberations_and_keeps_reasons(void **state)
{
    (void)state;
    struct rulebook rb;
    rulebook_default(&rb);
    assert_int_equal(rb.sealing.statements, RULE_SEAL_UNTIL_MINUTES);
    assert_int_equal(rb.sealing.ballots, RULE_SEAL_UNTIL_MINUTES);
    assert_int_equal(rb.sealing.reasons, RULE_SEAL_KEPT);
    /* Implied: the default document does not name it. */
    json_t *doc = rulebook_to_json(&rb);
    assert_null(json_object_get(doc, "sealing"));
    json_decref(doc);
}

static void test_a_city_may_change_its_sealing(void **state)
{
    (void)state;
    struct rulebook rb, seed;
    struct err err;
    char before[RULEBOOK_DIGEST_HEX], after[RULEBOOK_DIGEST_HEX];
    rulebook_default(&seed);
    rulebook_digest(&seed, before);
    assert_int_equal(with_sealing("{\"statements\":\"kept\",\"ballots\":\"until_minutes\","
                                  "\"reasons\":\"until_minutes\"}",
                                  &rb, &err),
                     ERR_OK);
    assert_int_equal(rb.sealing.statements, RULE_SEAL_KEPT);
    assert_int_equal(rb.sealing.reasons, RULE_SEAL_UNTIL_MINUTES);
    rulebook_digest(&rb, after);
    assert_string_not_equal(before, after);
    /* Named in its document, and back. */
    json_t *doc = rulebook_to_json(&rb);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(doc, "sealing"), "statements")), "kept");
    json_decref(doc);
    /* Stated as the seed's, it is the seed's, digest and all. */
    assert_int_equal(with_sealing("{\"statements\":\"until_minutes\",\"ballots\":\"until_minutes\","
                                  "\"reasons\":\"kept\"}",
                                  &rb, &err),
                     ERR_OK);
    rulebook_digest(&rb, after);
    assert_string_equal(before, after);
}

static void test_sealing_values_are_checked(void **state)
{
    (void)state;
    struct rulebook rb;
    struct err err;
    assert_int_equal(with_sealing("{\"statements\":\"never\",\"ballots\":\"kept\","
                                  "\"reasons\":\"kept\"}",
                                  &rb, &err),
                     ERR_INVALID);
    assert_string_equal(err.field, "sealing.statements");
    assert_int_equal(with_sealing("{\"statements\":\"kept\",\"ballots\":\"kept\"}", &rb, &err),
                     ERR_INVALID);
    assert_string_equal(err.field, "sealing.reasons");
    assert_int_equal(with_sealing("{\"statements\":\"kept\",\"ballots\":\"kept\","
                                  "\"reasons\":\"kept\",\"titles\":\"kept\"}",
                                  &rb, &err),
                     ERR_INVALID);
}

static void test_a_township_has_its_citys_sealing(void **state)
{
    (void)state;
    struct rulebook city, t;
    struct err err;
    assert_int_equal(with_sealing("{\"statements\":\"kept\",\"ballots\":\"kept\","
                                  "\"reasons\":\"kept\"}",
                                  &city, &err),
                     ERR_OK);
    assert_int_equal(merge_text(&city,
                                "{\"version\":2,\"effective_from\":\"2026-01-01T00:00:00Z\","
                                "\"township\":\"fengqiao\"}",
                                &t, &err),
                     ERR_OK);
    assert_int_equal(t.sealing.ballots, RULE_SEAL_KEPT);
    /* It cannot set its own. */
    assert_int_not_equal(
        merge_text(&city,
                   "{\"version\":3,\"effective_from\":\"2026-01-01T00:00:00Z\","
                   "\"township\":\"fengqiao\",\"sealing\":{\"statements\":\"until_minutes\","
                   "\"ballots\":\"until_minutes\",\"reasons\":\"until_minutes\"}}",
                   &t, &err),
        ERR_OK);
    assert_string_equal(err.field, "sealing");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_seed_publishes_deliberations_and_keeps_reasons),
        cmocka_unit_test(test_a_city_may_change_its_sealing),
        cmocka_unit_test(test_sealing_values_are_checked),
        cmocka_unit_test(test_a_township_has_its_citys_sealing),
    };
    return cmocka_run_group_tests(tests, unit_group_setup, NULL);
}
