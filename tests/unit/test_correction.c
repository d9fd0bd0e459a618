/*
 * Tests of correcting a statement or a ballot (src/areas/meeting/
 * correction.c, src/record/correction.h): the corrected row keeps what it
 * replaced with the reason, and the original record stays in the log; a
 * member corrects only their own; a correction must change something and
 * give its reason; statements close when the vote opens and ballots when
 * the result is in; a secret ballot has nothing to correct; who may not
 * read a sealed statement sees neither the values replaced nor the reason;
 * the result counts the corrected ballot; a replay rebuilds the same rows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_decision.h"

/* The id of the statement (or ballot: table) of person index i on item. */
static int64_t record_of(struct fixture *f, const char *table, int64_t item, size_t i)
{
    char sql[160];
    int64_t id = 0;
    struct err err;
    snprintf(sql, sizeof(sql), "SELECT id FROM %s WHERE agenda_item_id = ? AND person_id = ?",
             table);
    assert_int_equal(store_query_int(f->n.c, &id, NULL, &err, sql, "ii", item, f->people[i]),
                     ERR_OK);
    assert_true(id > 0);
    return id;
}

/* The entry of person index i in the item's list key ("statements", or
 * the ballots' "items"), as who reads the item. */
static json_t *read_entry(struct fixture *f, const struct actor *who, int64_t item, size_t i)
{
    json_t *it = get_item(f, who, item), *found = NULL;
    json_t *list = json_object_get(it, "statements");
    size_t k;
    json_t *e;
    json_array_foreach(list, k, e)
    {
        if (json_integer_value(json_object_get(e, "person_id")) == f->people[i]) {
            found = json_incref(e);
        }
    }
    json_decref(it);
    assert_non_null(found);
    return found;
}

static void test_a_statement_is_corrected_with_its_reason(void **state)
{
    struct fixture *f = *state;
    struct err err;
    json_t *out = NULL;
    int64_t item = item_in_session(f, "major_decision", 0);
    fx_must(fx_state(f, item, 3, "agree", DURING, &err), &err, "statement");
    int64_t statement = record_of(f, "statements", item, 3);
    int64_t before = unit_event_count(f->n.c);

    /* Nothing changed, no reason, another member's: refused, nothing written. */
    enum err_code rc = fx_run(f, &f->clerk, DURING, &statement_correct_command, statement,
                              "{\"view\":\"agree\",\"reason\":\"核对\"}", NULL, &err);
    assert_int_equal(rc, ERR_INVALID);
    assert_string_equal(err.field, "view");
    rc = fx_run(f, &f->clerk, DURING, &statement_correct_command, statement,
                "{\"view\":\"disagree\"}", NULL, &err);
    assert_int_equal(rc, ERR_INVALID);
    assert_string_equal(err.field, "reason");
    rc = fx_run(f, &f->member2, DURING, &statement_correct_command, statement,
                "{\"view\":\"disagree\",\"reason\":\"记错了\"}", NULL, &err);
    assert_refused(rc, &err, ERR_FORBIDDEN, "procedure.own_person", before, f->n.c);
    assert_int_equal(unit_event_count(f->n.c), before);

    /* The member corrects their own; the clerk then the summary. */
    assert_ok_rc(fx_run(f, &f->member, DURING, &statement_correct_command, statement,
                        "{\"view\":\"disagree\",\"reason\":\"表态记错，应为不同意\"}", NULL, &err),
                 &err);
    assert_ok_rc(fx_run(f, &f->clerk, DURING, &statement_correct_command, statement,
                        "{\"summary\":\"不同意，资金来源未落实\",\"reason\":\"补全发言要点\"}",
                        &out, &err),
                 &err);
    assert_int_equal(unit_event_count(f->n.c), before + 2);
    json_decref(out);

    json_t *s = read_entry(f, &f->clerk, item, 3);
    assert_string_equal(json_string_value(json_object_get(s, "view")), "disagree");
    assert_string_equal(json_string_value(json_object_get(s, "summary")), "不同意，资金来源未落实");
    assert_true(json_is_true(json_object_get(s, "correctable")));
    const json_t *list = json_object_get(s, "corrections");
    assert_int_equal(json_array_size(list), 2);
    const json_t *first = json_array_get(list, 0);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(first, "previous"), "view")), "agree");
    assert_null(json_object_get(json_object_get(first, "previous"), "summary"));
    assert_string_equal(json_string_value(json_object_get(first, "reason")),
                        "表态记错，应为不同意");
    assert_string_equal(json_string_value(json_object_get(first, "by")), "班子成员");
    json_decref(s);

    /* A reader who may not read the sealed statement sees only that it
     * was corrected, and when. */
    s = read_entry(f, &f->head, item, 3);
    assert_true(json_is_null(json_object_get(s, "view")));
    first = json_array_get(json_object_get(s, "corrections"), 0);
    assert_non_null(json_object_get(first, "at"));
    assert_null(json_object_get(first, "previous"));
    assert_null(json_object_get(first, "reason"));
    assert_false(json_is_true(json_object_get(s, "correctable")));
    json_decref(s);

    /* The original record is in the log as it was: the first of the
     * statement's events still holds its own sealed part. */
    int64_t events = 0;
    assert_int_equal(store_query_int(f->n.c, &events, NULL, &err,
                                     "SELECT COUNT(*) FROM record_events WHERE entity = 'statement'"
                                     " AND id = CAST(? AS TEXT)",
                                     "i", statement),
                     ERR_OK);
    assert_int_equal(events, 3);

    /* Once the vote opens, statements are closed. */
    for (size_t i = 1; i < N_PEOPLE; i++) {
        if (i != 3) {
            fx_must(fx_state(f, item, i, "agree", DURING, &err), &err, "statement");
        }
    }
    fx_must(fx_state(f, item, 0, "agree", DURING, &err), &err, "secretary");
    assert_ok_rc(fx_run(f, &f->clerk, DURING, &item_open_vote_command, item, "{}", NULL, &err),
                 &err);
    before = unit_event_count(f->n.c);
    rc = fx_run(f, &f->clerk, DURING, &statement_correct_command, statement,
                "{\"view\":\"agree\",\"reason\":\"又记错\"}", NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.vote_open", before, f->n.c);
}

static void test_a_ballot_is_corrected_while_the_vote_is_open(void **state)
{
    struct fixture *f = *state;
    struct err err;
    json_t *out = NULL;
    int64_t item = item_in_session(f, "major_decision", 0);
    all_state(f, item, "agree");
    assert_ok_rc(fx_run(f, &f->clerk, DURING, &item_open_vote_command, item, "{}", NULL, &err),
                 &err);
    for (size_t i = 0; i < N_PEOPLE; i++) {
        fx_must(fx_ballot(f, item, i, "agree", DURING, &err), &err, "ballot");
    }
    int64_t ballot = record_of(f, "ballots", item, 4);
    assert_ok_rc(fx_run(f, &f->member2, DURING, &ballot_correct_command, ballot,
                        "{\"choice\":\"disagree\",\"reason\":\"按错了\"}", NULL, &err),
                 &err);

    /* The result counts the ballot as corrected. */
    assert_ok_rc(fx_run(f, &f->clerk, DURING, &item_result_command, item, "{}", &out, &err), &err);
    const json_t *tally =
        json_object_get(json_object_get(json_object_get(out, "item"), "result"), "tally");
    assert_int_equal(json_integer_value(json_object_get(tally, "disagree")), 1);
    assert_int_equal(json_integer_value(json_object_get(tally, "agree")), N_PEOPLE - 1);
    json_decref(out);

    /* With the result in, the ballots are closed. */
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc = fx_run(f, &f->clerk, DURING, &ballot_correct_command, ballot,
                              "{\"choice\":\"agree\",\"reason\":\"又按错\"}", NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.concluded", before, f->n.c);
}

static void test_a_secret_ballot_has_nothing_to_correct(void **state)
{
    struct fixture *f = *state;
    struct err err;
    int64_t item = item_in_session(f, "cadre_appointment", 0);
    all_state(f, item, "agree");
    assert_ok_rc(fx_run(f, &f->clerk, DURING, &item_open_vote_command, item, "{}", NULL, &err),
                 &err);
    fx_must(fx_ballot(f, item, 3, NULL, DURING, &err), &err, "ballot");
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc =
        fx_run(f, &f->clerk, DURING, &ballot_correct_command, record_of(f, "ballots", item, 3),
               "{\"choice\":\"agree\",\"reason\":\"核对\"}", NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.secret_ballot", before, f->n.c);
}

static void test_rebuild_replays_the_corrections(void **state)
{
    fx_assert_rebuild(*state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_statement_is_corrected_with_its_reason),
        cmocka_unit_test(test_a_ballot_is_corrected_while_the_vote_is_open),
        cmocka_unit_test(test_a_secret_ballot_has_nothing_to_correct),
        cmocka_unit_test(test_rebuild_replays_the_corrections),
    };
    return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
