/*
 * Tests of changing a meeting after its items are notified
 * (src/areas/meeting/change.c): a postponement notifies every member again
 * and checks the notice rule from the new notice to the new start; a
 * cancellation notifies them, withdraws the items (their matters free for
 * another meeting) and stops everything else at the meeting; neither once
 * an item is under way; a refusal writes nothing; the query tables equal
 * a replay of the record, notifications and all.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_decision.h"

/* The notifications of item with change (NULL: the notice itself). */
static size_t notifications_of(struct fixture *f, int64_t item, const char *change)
{
    int64_t n = 0;
    struct err err;
    assert_int_equal(store_query_int(f->n.c, &n, NULL, &err,
                                     "SELECT COUNT(*) FROM notifications WHERE agenda_item_id = ?"
                                     " AND change IS ?",
                                     "it", item, change),
                     ERR_OK);
    return (size_t)n;
}

/* The meeting as its clerk reads it at now. */
static json_t *get_meeting(struct fixture *f, int64_t meeting, int64_t now)
{
    json_t *out = NULL;
    struct err err;
    struct ctx x = fx_ctx(f, &f->clerk, now);
    assert_ok_rc(meeting_get(&x, &(struct args){.id = meeting}, &out, &err), &err);
    return out;
}

static const char *text_at(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

static void test_postponing_notifies_again_and_checks_the_notice(void **state)
{
    struct fixture *f = *state;
    struct err err;
    int64_t item = 0;
    int64_t meeting = fx_meeting(f, START);
    fx_must(fx_add(f, meeting, fx_matter(f, "major_decision", 0), UNIT_T0, NULL, &item, &err), &err,
            "add");
    json_t *m = get_meeting(f, meeting, UNIT_T0);
    assert_string_equal(text_at(m, "stage"), "scheduled");
    json_decref(m);
    int64_t before = unit_event_count(f->n.c);
    char input[256], when[UTC_TEXT_MAX];

    /* A reason is required; a start not later is no postponement. */
    utc_format(START + DAY_MS, when);
    snprintf(input, sizeof(input), "{\"starts_at\":\"%s\"}", when);
    enum err_code rc =
        fx_run(f, &f->clerk, UNIT_T0, &meeting_postpone_command, meeting, input, NULL, &err);
    assert_int_equal(rc, ERR_INVALID);
    assert_string_equal(err.field, "reason");
    utc_format(START - HOUR_MS, when);
    snprintf(input, sizeof(input), "{\"starts_at\":\"%s\",\"reason\":\"书记出差\"}", when);
    rc = fx_run(f, &f->clerk, UNIT_T0, &meeting_postpone_command, meeting, input, NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.meeting_earlier", before, f->n.c);

    /* Two hours before the start, to ten hours after it: members hear of
     * the new time twelve hours ahead, under the 24 the category needs. */
    int64_t now = START - 2 * HOUR_MS;
    utc_format(START + 10 * HOUR_MS, when);
    snprintf(input, sizeof(input), "{\"starts_at\":\"%s\",\"reason\":\"书记出差\"}", when);
    rc = fx_run(f, &f->clerk, now, &meeting_postpone_command, meeting, input, NULL, &err);
    assert_refused(rc, &err, ERR_INVALID, "notice.min_hours", before, f->n.c);
    assert_string_equal(err.field, "justification");
    assert_int_equal(notifications_of(f, item, "postponed"), 0);

    snprintf(input, sizeof(input),
             "{\"starts_at\":\"%s\",\"reason\":\"书记出差\",\"justification\":\"防汛会商\"}", when);
    json_t *out = NULL;
    assert_ok_rc(fx_run(f, &f->clerk, now, &meeting_postpone_command, meeting, input, &out, &err),
                 &err);
    assert_int_equal(unit_event_count(f->n.c), before + 1);
    json_t *row = json_object_get(out, "item");
    assert_string_equal(text_at(row, "starts_at"), when);
    json_t *change = json_array_get(json_object_get(row, "changes"), 0);
    assert_string_equal(text_at(change, "kind"), "postponed");
    assert_string_equal(text_at(change, "reason"), "书记出差");
    assert_string_equal(text_at(change, "to"), when);
    assert_string_equal(text_at(change, "justification"), "防汛会商");
    assert_string_equal(text_at(json_object_get(change, "verdict"), "rule"), "notice.min_hours");
    json_decref(out);
    /* Every member is notified again; the item keeps its notice as it was. */
    assert_int_equal(notifications_of(f, item, NULL), N_PEOPLE);
    assert_int_equal(notifications_of(f, item, "postponed"), N_PEOPLE);
    json_t *it = get_item(f, &f->clerk, item);
    assert_false(json_is_true(json_object_get(it, "adhoc")));
    assert_string_equal(text_at(it, "status"), "notified");
    json_decref(it);
}

/* The township's items notified in time, as the indicators count them. */
static int64_t items_notified(struct fixture *f)
{
    json_t *out = NULL;
    struct err err;
    struct ctx x = fx_ctx(f, &f->clerk, UNIT_T0);
    struct page_query q = {.limit = 50, .from = "2026-01-01", .to = "2027-01-01"};
    assert_ok_rc(indicators_get(&x, &(struct args){.township = "diankou", .page = q}, &out, &err),
                 &err);
    int64_t n =
        json_integer_value(json_object_get(json_object_get(out, "counts"), "items_notified"));
    json_decref(out);
    return n;
}

static void test_cancelling_withdraws_the_items_and_frees_their_matters(void **state)
{
    struct fixture *f = *state;
    struct err err;
    int64_t item = 0;
    int64_t meeting = fx_meeting(f, START);
    int64_t matter = fx_matter(f, "major_decision", 0);
    fx_must(fx_add(f, meeting, matter, UNIT_T0, NULL, &item, &err), &err, "add");
    int64_t counted = items_notified(f);
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc =
        fx_run(f, &f->clerk, UNIT_T0, &meeting_cancel_command, meeting, "{}", NULL, &err);
    assert_int_equal(rc, ERR_INVALID);
    assert_string_equal(err.field, "reason");
    rc = fx_run(f, &f->member, UNIT_T0, &meeting_cancel_command, meeting,
                "{\"reason\":\"议题已不需研究\"}", NULL, &err);
    assert_int_equal(rc, ERR_FORBIDDEN);
    assert_int_equal(unit_event_count(f->n.c), before);

    assert_ok_rc(fx_run(f, &f->clerk, UNIT_T0, &meeting_cancel_command, meeting,
                        "{\"reason\":\"议题已不需研究\"}", NULL, &err),
                 &err);
    assert_int_equal(unit_event_count(f->n.c), before + 1);
    assert_int_equal(notifications_of(f, item, "cancelled"), N_PEOPLE);
    assert_int_equal(items_notified(f), counted - 1); /* a withdrawn item is not counted */
    json_t *m = get_meeting(f, meeting, UNIT_T0);
    assert_string_equal(text_at(m, "stage"), "cancelled");
    assert_int_equal(json_array_size(json_object_get(m, "next")), 0);
    json_t *blocked = json_array_get(json_object_get(m, "blocked"), 0);
    assert_string_equal(text_at(blocked, "rule"), "procedure.meeting_cancelled");
    assert_string_equal(text_at(json_array_get(json_object_get(m, "items"), 0), "status"),
                        "withdrawn");
    json_decref(m);
    json_t *it = get_item(f, &f->clerk, item);
    assert_string_equal(text_at(it, "status"), "withdrawn");
    json_decref(it);

    /* Nothing more happens at it ... */
    before = unit_event_count(f->n.c);
    rc = fx_run(f, &f->clerk, UNIT_T0, &meeting_cancel_command, meeting, "{\"reason\":\"再次\"}",
                NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.meeting_cancelled", before, f->n.c);
    rc = fx_add(f, meeting, fx_matter(f, "major_decision", 0), UNIT_T0, NULL, NULL, &err);
    assert_int_equal(rc, ERR_CONFLICT);
    assert_string_equal(err.rule, "procedure.meeting_cancelled");
    rc = fx_attendance(f, item, DURING, NULL, NULL, true, &err);
    assert_int_equal(rc, ERR_CONFLICT);
    assert_string_equal(err.rule, "procedure.meeting_cancelled");
    /* ... and its matter may go on another meeting's agenda. */
    int64_t other = fx_meeting(f, START + DAY_MS);
    assert_ok_rc(fx_add(f, other, matter, UNIT_T0, NULL, NULL, &err), &err);
}

static void test_no_change_once_an_item_is_under_way(void **state)
{
    struct fixture *f = *state;
    struct err err;
    int64_t item = item_in_session(f, "major_decision", 0);
    json_t *it = get_item(f, &f->clerk, item);
    int64_t meeting = json_integer_value(json_object_get(it, "meeting_id"));
    json_decref(it);
    json_t *m = get_meeting(f, meeting, DURING);
    assert_string_equal(text_at(m, "stage"), "under_way");
    json_decref(m);
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc = fx_run(f, &f->clerk, DURING, &meeting_cancel_command, meeting,
                              "{\"reason\":\"停电\"}", NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.meeting_begun", before, f->n.c);
    char input[160], when[UTC_TEXT_MAX];
    utc_format(START + 2 * DAY_MS, when);
    snprintf(input, sizeof(input), "{\"starts_at\":\"%s\",\"reason\":\"停电\"}", when);
    rc = fx_run(f, &f->clerk, DURING, &meeting_postpone_command, meeting, input, NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.meeting_begun", before, f->n.c);
}

static void test_rebuild_replays_the_changes(void **state)
{
    fx_assert_rebuild(*state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_postponing_notifies_again_and_checks_the_notice),
        cmocka_unit_test(test_cancelling_withdraws_the_items_and_frees_their_matters),
        cmocka_unit_test(test_no_change_once_an_item_is_under_way),
        cmocka_unit_test(test_rebuild_replays_the_changes),
    };
    return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
