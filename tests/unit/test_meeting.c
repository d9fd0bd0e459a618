/*
 * Tests of collective decisions through the domain API (src/areas/meeting/)
 * on a temporary node: a test per rule, both ways (the compliant path goes
 * ahead; the violation is refused, or flagged with its justification, with
 * its rule id, and nothing else changes: the event count is compared);
 * notifications and their acknowledgement; quorum by category; the
 * secretary last; ballot arithmetic with absences, recusals and
 * abstentions; secret ballots; decisions alone; the minutes' locking and
 * amendments; two clerks racing on one meeting; indicators; and a rebuild
 * that finds the query tables equal to a replay.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <pthread.h>

#include "record/rebuild.h"
#include "unit.h"
#include "unit_decision.h"

/* ---- matters and the catalogue ---------------------------------------- */

static void test_matter_requirements_from_the_catalogue(void **state)
{
    struct fixture *f = *state;
    struct err err;
    json_t *m = NULL;
    int64_t id = fx_matter(f, "cadre_appointment", 0);
    struct ctx x = fx_ctx(f, &f->clerk, UNIT_T0);
    err_init(&err);
    assert_ok_rc(matter_get(&x, &(struct args){.id = id}, &m, &err), &err);
    json_t *req = json_object_get(m, "requirements");
    assert_true(json_is_true(json_object_get(req, "collective")));
    assert_true(json_is_true(json_object_get(req, "secret_ballot")));
    assert_false(json_is_true(json_object_get(req, "adhoc_allowed")));
    assert_string_equal(json_string_value(json_object_get(m, "status")), "registered");
    json_decref(m);
}

static void test_matter_unknown_category_is_refused(void **state)
{
    struct fixture *f = *state;
    struct err err;
    json_t *result = NULL;
    int64_t before = unit_event_count(f->n.c);
    struct ctx x = fx_ctx(f, &f->clerk, UNIT_T0);
    json_t *in = jf("{\"title\":\"t\",\"category\":\"lottery\",\"proposer_id\":%lld}",
                    (long long)f->people[3]);
    err_init(&err);
    enum err_code rc = fx_command(&x, &matter_create_command, "diankou", 0, in, &result, &err);
    assert_refused(rc, &err, ERR_INVALID, "catalogue.unknown_category", before, f->n.c);
    json_decref(in);
    in = jf("{\"title\":\"t\",\"category\":\"routine_affairs\",\"amount_fen\":-5,"
            "\"proposer_id\":%lld}",
            (long long)f->people[3]);
    rc = fx_command(&x, &matter_create_command, "diankou", 0, in, &result, &err);
    assert_refused(rc, &err, ERR_INVALID, "catalogue.amount_negative", before, f->n.c);
    json_decref(in);
}

static void test_matter_attachments_are_digests_only(void **state)
{
    struct fixture *f = *state;
    struct err err;
    json_t *result = NULL;
    int64_t before = unit_event_count(f->n.c);
    struct ctx x = fx_ctx(f, &f->clerk, UNIT_T0);
    json_t *in = jf("{\"title\":\"t\",\"category\":\"routine_affairs\",\"proposer_id\":%lld,"
                    "\"attachments\":[\"not a digest\"]}",
                    (long long)f->people[3]);
    err_init(&err);
    assert_int_equal(fx_command(&x, &matter_create_command, "diankou", 0, in, &result, &err),
                     ERR_INVALID);
    assert_string_equal(err.field, "attachments");
    assert_int_equal(unit_event_count(f->n.c), before);
    json_decref(in);
    in = jf("{\"title\":\"t\",\"category\":\"routine_affairs\",\"proposer_id\":%lld,"
            "\"attachments\":[\"%s\"]}",
            (long long)f->people[3],
            "AB0000000000000000000000000000000000000000000000000000000000000C");
    assert_ok_rc(fx_command(&x, &matter_create_command, "diankou", 0, in, &result, &err), &err);
    assert_string_equal(json_string_value(json_array_get(
                            json_object_get(json_object_get(result, "item"), "attachments"), 0)),
                        "ab0000000000000000000000000000000000000000000000000000000000000c");
    json_decref(result);
    json_decref(in);
}

static void test_decided_alone_only_where_the_catalogue_allows(void **state)
{
    struct fixture *f = *state;
    struct err err;
    int64_t routine = fx_matter(f, "routine_affairs", 100000);
    int64_t major = fx_matter(f, "major_decision", 0);
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc = fx_run(f, &f->member, UNIT_T0, &matter_decide_command, major,
                              "{\"note\":\"我定了\"}", NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "decision.collective_required", before, f->n.c);
    rc = fx_run(f, &f->member2, UNIT_T0, &matter_decide_command, routine, "{\"note\":\"代定\"}",
                NULL, &err);
    assert_refused(rc, &err, ERR_FORBIDDEN, "procedure.not_responsible", before, f->n.c);
    json_t *result = NULL;
    rc = fx_run(f, &f->member, UNIT_T0, &matter_decide_command, routine,
                "{\"note\":\"按分管职责办理\"}", &result, &err);
    assert_ok_rc(rc, &err);
    json_t *item = json_object_get(result, "item");
    assert_string_equal(json_string_value(json_object_get(item, "status")), "decided");
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(item, "rulebook"), "version")), 1);
    /* Its record, and the publication of what was sealed while it was not
     * public (who proposed what). */
    assert_int_equal(unit_event_count(f->n.c), before + 2);
    int64_t published = 0;
    assert_ok_rc(store_query_int(f->n.c, &published, NULL, &err,
                                 "SELECT COUNT(*) FROM publications WHERE subject_entity = 'matter'"
                                 " AND subject_id = CAST(? AS TEXT)",
                                 "i", routine),
                 &err);
    assert_int_equal(published, 1);
    json_decref(result);
    /* Decided once: it cannot be put on an agenda or decided again. */
    before = unit_event_count(f->n.c);
    rc = fx_run(f, &f->member, UNIT_T0, &matter_decide_command, routine, "{\"note\":\"again\"}",
                NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.matter_busy", before, f->n.c);
}

/* ---- notification and ad-hoc motions ----------------------------------- */

static void test_notified_in_time_sends_one_notification_per_member(void **state)
{
    struct fixture *f = *state;
    struct err err;
    int64_t item = 0;
    int64_t meeting = fx_meeting(f, START);
    int64_t before = unit_event_count(f->n.c);
    assert_ok_rc(fx_add(f, meeting, fx_matter(f, "major_decision", 0), START - 48 * HOUR_MS, NULL,
                        &item, &err),
                 &err);
    assert_int_equal(unit_event_count(f->n.c), before + 2); /* the matter and the item */
    json_t *it = get_item(f, &f->clerk, item);
    assert_false(json_is_true(json_object_get(it, "adhoc")));
    assert_int_equal(json_array_size(json_object_get(it, "notifications")), N_PEOPLE);
    /* The public sees nothing before the minutes are final. */
    json_t *out = NULL;
    struct ctx x = fx_ctx(f, &(struct actor){.login = "public", .role = ROLE_PUBLIC}, DURING);
    assert_int_equal(item_get(&x, &(struct args){.id = item}, &out, &err), ERR_NOT_FOUND);
    /* A member acknowledges their own notification, not another's. */
    int64_t own = 0, other = 0;
    size_t i;
    json_t *n;
    json_array_foreach(json_object_get(it, "notifications"), i, n)
    {
        int64_t person = json_integer_value(json_object_get(n, "person_id"));
        int64_t id = json_integer_value(json_object_get(n, "id"));
        own = person == f->people[3] ? id : own;
        other = person == f->people[4] ? id : other;
    }
    json_decref(it);
    x = fx_ctx(f, &f->member, UNIT_T0);
    before = unit_event_count(f->n.c);
    err_init(&err);
    enum err_code rc = fx_command(&x, &notification_ack_command, NULL, other, NULL, &out, &err);
    assert_refused(rc, &err, ERR_FORBIDDEN, "procedure.own_person", before, f->n.c);
    assert_ok_rc(fx_command(&x, &notification_ack_command, NULL, own, NULL, &out, &err), &err);
    assert_non_null(json_object_get(json_object_get(out, "item"), "acknowledged_at"));
    json_decref(out);
    x = fx_ctx(f, &f->clerk, UNIT_T0);
    assert_int_equal(fx_command(&x, &notification_ack_command, NULL, other, NULL, &out, &err),
                     ERR_FORBIDDEN);
    assert_int_equal(unit_event_count(f->n.c), before + 1);
}

static void test_late_notification_is_an_adhoc_motion_flagged(void **state)
{
    struct fixture *f = *state;
    struct err err;
    int64_t item = 0;
    int64_t meeting = fx_meeting(f, START);
    int64_t matter = fx_matter(f, "major_decision", 0);
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc = fx_add(f, meeting, matter, START - 20 * HOUR_MS, NULL, &item, &err);
    assert_refused(rc, &err, ERR_INVALID, "notice.min_hours", before, f->n.c);
    assert_string_equal(err.field, "justification");
    assert_ok_rc(fx_add(f, meeting, matter, START - 20 * HOUR_MS, "镇防汛形势紧急", &item, &err),
                 &err);
    json_t *it = get_item(f, &f->clerk, item);
    assert_true(json_is_true(json_object_get(it, "adhoc")));
    json_t *notice = json_object_get(it, "notice");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(notice, "verdict"), "rule")),
        "notice.min_hours");
    assert_string_equal(json_string_value(json_object_get(notice, "justification")),
                        "镇防汛形势紧急");
    json_decref(it);
}

static void test_adhoc_cadre_appointment_is_refused(void **state)
{
    struct fixture *f = *state;
    struct err err;
    int64_t meeting = fx_meeting(f, START);
    int64_t matter = fx_matter(f, "cadre_appointment", 0);
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc = fx_add(f, meeting, matter, START - HOUR_MS, "急需", NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "notice.adhoc_forbidden", before, f->n.c);
    /* Notified in time it goes on the agenda. */
    assert_ok_rc(fx_add(f, meeting, matter, START - 72 * HOUR_MS, NULL, NULL, &err), &err);
}

static void test_a_matter_is_on_one_open_item_only(void **state)
{
    struct fixture *f = *state;
    struct err err;
    int64_t meeting = fx_meeting(f, START);
    int64_t matter = fx_matter(f, "major_decision", 0);
    assert_ok_rc(fx_add(f, meeting, matter, UNIT_T0, NULL, NULL, &err), &err);
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc = fx_add(f, fx_meeting(f, START + DAY_MS), matter, UNIT_T0, NULL, NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.matter_busy", before + 1, f->n.c);
}

/* ---- attendance and quorum --------------------------------------------- */

static void test_attendance_needs_reasons_and_the_meeting_started(void **state)
{
    struct fixture *f = *state;
    struct err err;
    int64_t item = 0;
    int64_t meeting = fx_meeting(f, START);
    fx_must(fx_add(f, meeting, fx_matter(f, "major_decision", 0), UNIT_T0, NULL, &item, &err), &err,
            "add");
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc = fx_attendance(f, item, START - HOUR_MS, NULL, NULL, true, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.not_started", before, f->n.c);
    bool absent[N_PEOPLE] = {false, false, false, false, false, true, false};
    rc = fx_attendance(f, item, DURING, absent, NULL, false, &err);
    assert_refused(rc, &err, ERR_INVALID, "attendance.absence_reason", before, f->n.c);
    bool recused[N_PEOPLE] = {false, false, false, false, true, false, false};
    rc = fx_attendance(f, item, DURING, NULL, recused, false, &err);
    assert_refused(rc, &err, ERR_INVALID, "recusal.reason", before, f->n.c);
    assert_ok_rc(fx_attendance(f, item, DURING, absent, recused, true, &err), &err);
    assert_int_equal(unit_event_count(f->n.c), before + 1);
}

static void test_quorum_by_category(void **state)
{
    struct fixture *f = *state;
    struct err err;
    int64_t ordinary = 0, cadre = 0;
    int64_t meeting = fx_meeting(f, START);
    fx_must(fx_add(f, meeting, fx_matter(f, "major_decision", 0), UNIT_T0, NULL, &ordinary, &err),
            &err, "add");
    fx_must(fx_add(f, meeting, fx_matter(f, "cadre_appointment", 0), UNIT_T0, NULL, &cadre, &err),
            &err, "add");
    /* 7 members, 4 present: more than half, but fewer than two thirds. */
    bool absent[N_PEOPLE] = {false, false, false, false, true, true, true};
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc = fx_attendance(f, cadre, DURING, absent, NULL, true, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "quorum.not_met", before, f->n.c);
    assert_ok_rc(fx_attendance(f, ordinary, DURING, absent, NULL, true, &err), &err);
    /* A recused member does not count as present: 5 present, 1 recused. */
    bool two_absent[N_PEOPLE] = {false, false, false, false, false, true, true};
    bool recused[N_PEOPLE] = {false, false, false, true, false, false, false};
    before = unit_event_count(f->n.c);
    rc = fx_attendance(f, cadre, DURING, two_absent, recused, true, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "quorum.not_met", before, f->n.c);
    assert_ok_rc(fx_attendance(f, cadre, DURING, two_absent, NULL, true, &err), &err);
}

/* ---- statements --------------------------------------------------------- */

static void test_secretary_speaks_last(void **state)
{
    struct fixture *f = *state;
    struct err err;
    int64_t item = item_in_session(f, "major_decision", 0);
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc = fx_state(f, item, 0, "agree", DURING, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "statement.secretary_last", before, f->n.c);
    json_t *it = get_item(f, &f->clerk, item);
    bool blocked = false;
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(it, "blocked"), i, b)
    {
        blocked = blocked || strcmp(json_string_value(json_object_get(b, "rule")),
                                    "statement.secretary_last") == 0;
    }
    assert_true(blocked);
    json_decref(it);
    for (size_t k = 1; k < N_PEOPLE; k++) {
        assert_ok_rc(fx_state(f, item, k, k == 5 ? "disagree" : "agree", DURING, &err), &err);
    }
    assert_ok_rc(fx_state(f, item, 0, "agree", DURING, &err), &err);
    assert_int_equal(unit_event_count(f->n.c), before + N_PEOPLE);
    before = unit_event_count(f->n.c);
    rc = fx_state(f, item, 3, "agree", DURING, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "statement.duplicate", before, f->n.c);
}

static void test_statements_only_from_present_members_and_own(void **state)
{
    struct fixture *f = *state;
    struct err err;
    int64_t item = 0;
    int64_t meeting = fx_meeting(f, START);
    fx_must(fx_add(f, meeting, fx_matter(f, "major_decision", 0), UNIT_T0, NULL, &item, &err), &err,
            "add");
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc = fx_state(f, item, 3, "agree", DURING, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.attendance_first", before, f->n.c);
    bool absent[N_PEOPLE] = {false, false, false, false, false, false, true};
    bool recused[N_PEOPLE] = {false, false, false, false, false, true, false};
    fx_must(fx_attendance(f, item, DURING, absent, recused, true, &err), &err, "attendance");
    before = unit_event_count(f->n.c);
    rc = fx_state(f, item, 6, "agree", DURING, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "statement.not_present", before, f->n.c);
    rc = fx_state(f, item, 5, "agree", DURING, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "statement.recused", before, f->n.c);
    /* A member records their own statement, never another's. */
    char input[128];
    snprintf(input, sizeof(input), "{\"person_id\":%lld,\"view\":\"agree\",\"summary\":\"x\"}",
             (long long)f->people[4]);
    rc = fx_run(f, &f->member, DURING, &item_statement_command, item, input, NULL, &err);
    assert_refused(rc, &err, ERR_FORBIDDEN, "procedure.own_person", before, f->n.c);
    rc = fx_run(f, &f->member, DURING, &item_statement_command, item,
                "{\"view\":\"reserved\",\"summary\":\"保留意见\"}", NULL, &err);
    assert_ok_rc(rc, &err);
    json_t *it = get_item(f, &f->clerk, item);
    json_t *s = json_array_get(json_object_get(it, "statements"), 0);
    /* Who recorded it, in words: the member is no person on record here,
     * so the role (never the login). */
    assert_string_equal(json_string_value(json_object_get(s, "recorded_by")), "班子成员");
    assert_int_equal(json_integer_value(json_object_get(s, "seq")), before);
    json_decref(it);
    /* Attendance is locked once statements have begun. */
    before = unit_event_count(f->n.c);
    rc = fx_attendance(f, item, DURING, absent, recused, true, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.attendance_locked", before, f->n.c);
}

/* ---- votes -------------------------------------------------------------- */

static void test_vote_needs_every_view_first_and_one_matter(void **state)
{
    struct fixture *f = *state;
    struct err err;
    int64_t item = item_in_session(f, "major_decision", 0);
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc =
        fx_run(f, &f->clerk, DURING, &item_open_vote_command, item, "{}", NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "statement.incomplete", before, f->n.c);
    all_state(f, item, "agree");
    before = unit_event_count(f->n.c);
    rc = fx_run(f, &f->clerk, DURING, &item_open_vote_command, item, "{\"matter_ids\":[1,2]}", NULL,
                &err);
    assert_refused(rc, &err, ERR_INVALID, "ballot.bundle", before, f->n.c);
    rc = fx_ballot(f, item, 3, "agree", DURING, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.vote_not_open", before, f->n.c);
    assert_ok_rc(fx_run(f, &f->clerk, DURING, &item_open_vote_command, item, "{}", NULL, &err),
                 &err);
    rc = fx_state(f, item, 3, "agree", DURING, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.vote_open", before + 1, f->n.c);
}

/* 7 members, member 6 absent, member 5 recused: entitled base 6, four
 * agree votes needed; abstentions count against. */
static int64_t voting_item(struct fixture *f)
{
    struct err err;
    int64_t item = 0;
    int64_t meeting = fx_meeting(f, START);
    fx_must(fx_add(f, meeting, fx_matter(f, "large_fund", 20000000), UNIT_T0, NULL, &item, &err),
            &err, "add");
    bool absent[N_PEOPLE] = {false, false, false, false, false, false, true};
    bool recused[N_PEOPLE] = {false, false, false, false, false, true, false};
    fx_must(fx_attendance(f, item, DURING, absent, recused, true, &err), &err, "attendance");
    for (size_t i = 1; i < 5; i++) {
        fx_must(fx_state(f, item, i, "agree", DURING, &err), &err, "statement");
    }
    fx_must(fx_state(f, item, 0, "agree", DURING, &err), &err, "statement");
    fx_must(fx_run(f, &f->clerk, DURING, &item_open_vote_command, item, "{}", NULL, &err), &err,
            "open");
    return item;
}

static void test_ballots_no_proxy_no_recused_once(void **state)
{
    struct fixture *f = *state;
    struct err err;
    int64_t item = voting_item(f);
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc = fx_ballot(f, item, 6, "agree", DURING, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "ballot.proxy", before, f->n.c);
    rc = fx_ballot(f, item, 5, "agree", DURING, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "ballot.recused", before, f->n.c);
    rc = fx_ballot(f, item, 3, NULL, DURING, &err);
    assert_refused(rc, &err, ERR_INVALID, "ballot.choice_missing", before, f->n.c);
    assert_ok_rc(fx_ballot(f, item, 3, "agree", DURING, &err), &err);
    rc = fx_ballot(f, item, 3, "disagree", DURING, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "ballot.duplicate", before + 1, f->n.c);
}

static void test_ballot_arithmetic_with_absence_recusal_and_abstention(void **state)
{
    struct fixture *f = *state;
    struct err err;
    json_t *result = NULL;
    /* 3 agree, 1 disagree, 1 abstain of 6 entitled: 4 needed, rejected. */
    int64_t item = voting_item(f);
    static const char *const votes[] = {"agree", "agree", "disagree", "agree", "abstain"};
    for (size_t i = 0; i < 5; i++) {
        fx_must(fx_ballot(f, item, i, votes[i], DURING, &err), &err, "ballot");
    }
    assert_ok_rc(fx_run(f, &f->clerk, DURING, &item_result_command, item, "{}", &result, &err),
                 &err);
    json_t *it = json_object_get(result, "item");
    json_t *r = json_object_get(it, "result");
    assert_string_equal(json_string_value(json_object_get(it, "status")), "rejected");
    assert_int_equal(json_integer_value(json_object_get(r, "base")), 6);
    assert_int_equal(json_integer_value(json_object_get(r, "needed")), 4);
    assert_int_equal(json_integer_value(json_object_get(r, "agree")), 3);
    assert_int_equal(json_integer_value(json_object_get(r, "not_agree")), 2);
    assert_int_equal(json_integer_value(json_object_get(r, "not_voting")), 1);
    assert_true(json_is_null(json_object_get(it, "resolution_text")));
    json_decref(result);
    /* 4 agree of 6 entitled passes, with the dissent on record. */
    item = voting_item(f);
    static const char *const more[] = {"agree", "agree", "disagree", "agree", "agree"};
    for (size_t i = 0; i < 5; i++) {
        fx_must(fx_ballot(f, item, i, more[i], DURING, &err), &err, "ballot");
    }
    assert_ok_rc(fx_run(f, &f->clerk, DURING, &item_result_command, item,
                        "{\"resolution\":\"同意拨付\"}", &result, &err),
                 &err);
    it = json_object_get(result, "item");
    assert_string_equal(json_string_value(json_object_get(it, "status")), "passed");
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(it, "result"), "not_agree")), 1);
    assert_string_equal(json_string_value(json_object_get(it, "resolution_text")), "同意拨付");
    json_decref(result);
}

static void test_secret_ballot_records_who_not_how(void **state)
{
    struct fixture *f = *state;
    struct err err;
    json_t *result = NULL;
    int64_t item = item_in_session(f, "cadre_appointment", 0);
    all_state(f, item, "agree");
    assert_ok_rc(fx_run(f, &f->clerk, DURING, &item_open_vote_command, item, "{}", NULL, &err),
                 &err);
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc = fx_ballot(f, item, 1, "agree", DURING, &err);
    assert_refused(rc, &err, ERR_INVALID, "ballot.secret_choice", before, f->n.c);
    for (size_t i = 0; i < N_PEOPLE; i++) {
        assert_ok_rc(fx_ballot(f, item, i, NULL, DURING, &err), &err);
    }
    int64_t stored = -1;
    assert_int_equal(store_query_int(f->n.c, &stored, NULL, &err,
                                     "SELECT COUNT(*) FROM ballots WHERE agenda_item_id = ?"
                                     " AND choice IS NOT NULL",
                                     "i", item),
                     ERR_OK);
    assert_int_equal(stored, 0);
    before = unit_event_count(f->n.c);
    rc = fx_run(f, &f->clerk, DURING, &item_result_command, item, "{}", NULL, &err);
    assert_int_equal(rc, ERR_INVALID);
    assert_string_equal(err.field, "tally");
    rc = fx_run(f, &f->clerk, DURING, &item_result_command, item,
                "{\"tally\":{\"agree\":5,\"disagree\":1,\"abstain\":0}}", NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "ballot.tally_mismatch", before, f->n.c);
    assert_ok_rc(fx_run(f, &f->clerk, DURING, &item_result_command, item,
                        "{\"tally\":{\"agree\":5,\"disagree\":1,\"abstain\":1}}", &result, &err),
                 &err);
    json_t *it = json_object_get(result, "item");
    assert_string_equal(json_string_value(json_object_get(it, "status")), "passed");
    json_decref(result);
}

static void test_personnel_deliberation_is_sealed(void **state)
{
    struct fixture *f = *state;
    struct err err;
    int64_t item = item_in_session(f, "cadre_appointment", 0);
    int64_t seq = unit_event_count(f->n.c);
    assert_ok_rc(fx_state(f, item, 3, "disagree", DURING, &err), &err);
    /* The public record carries a digest, not the view. */
    json_t *row = NULL;
    assert_int_equal(
        store_query_row(f->n.c, &row, &err, "SELECT body FROM events WHERE seq = ?", "i", seq),
        ERR_OK);
    const char *body = json_string_value(json_object_get(row, "body"));
    assert_null(strstr(body, "disagree"));
    assert_non_null(strstr(body, "sealed_digest"));
    json_decref(row);
    /* The clerk sees it sealed; the secretary (sealed.read) sees it. */
    json_t *it = get_item(f, &f->clerk, item);
    json_t *s = json_array_get(json_object_get(it, "statements"), 0);
    assert_true(json_is_true(json_object_get(s, "sealed")));
    assert_true(json_is_null(json_object_get(s, "view")));
    json_decref(it);
    it = get_item(f, &f->secretary, item);
    s = json_array_get(json_object_get(it, "statements"), 0);
    assert_string_equal(json_string_value(json_object_get(s, "view")), "disagree");
    json_decref(it);
}

static void test_no_vote_categories_decide_on_the_statements(void **state)
{
    struct fixture *f = *state;
    struct err err;
    json_t *result = NULL;
    int64_t item = item_in_session(f, "personnel_minor", 0);
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc =
        fx_run(f, &f->clerk, DURING, &item_open_vote_command, item, "{}", NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.no_vote", before, f->n.c);
    rc = fx_run(f, &f->clerk, DURING, &item_result_command, item, "{}", NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "statement.incomplete", before, f->n.c);
    for (size_t i = 1; i < N_PEOPLE; i++) {
        fx_must(fx_state(f, item, i, i < 5 ? "agree" : "abstain", DURING, &err), &err, "s");
    }
    fx_must(fx_state(f, item, 0, "agree", DURING, &err), &err, "s");
    assert_ok_rc(fx_run(f, &f->clerk, DURING, &item_result_command, item, "{}", &result, &err),
                 &err);
    json_t *r = json_object_get(json_object_get(result, "item"), "result");
    assert_true(json_is_true(json_object_get(r, "passed")));
    assert_string_equal(json_string_value(json_object_get(r, "by")), "statements");
    assert_int_equal(json_integer_value(json_object_get(r, "agree")), 5);
    json_decref(result);
}

/* ---- minutes ----------------------------------------------------------- */

static void test_minutes_countersigned_finalised_and_amended(void **state)
{
    struct fixture *f = *state;
    struct err err;
    json_t *result = NULL;
    int64_t item = item_in_session(f, "personnel_minor", 0);
    int64_t meeting = 0;
    {
        json_t *it = get_item(f, &f->clerk, item);
        meeting = json_integer_value(json_object_get(it, "meeting_id"));
        json_decref(it);
    }
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc =
        fx_run(f, &f->discipline, DURING, &meeting_countersign_command, meeting, "{}", NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.items_open", before, f->n.c);
    rc = fx_run(f, &f->clerk, DURING, &meeting_finalise_command, meeting, "{}", NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.countersign_first", before, f->n.c);
    all_state(f, item, "agree");
    assert_ok_rc(fx_run(f, &f->clerk, DURING, &item_result_command, item, "{}", NULL, &err), &err);
    rc = fx_run(f, &f->clerk, DURING, &meeting_countersign_command, meeting, "{}", NULL, &err);
    assert_int_equal(rc, ERR_FORBIDDEN);
    assert_ok_rc(fx_run(f, &f->discipline, DURING, &meeting_countersign_command, meeting,
                        "{\"note\":\"同步记录无误\"}", &result, &err),
                 &err);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(result, "item"), "countersigned_by")),
        f->people[2]);
    json_decref(result);
    before = unit_event_count(f->n.c);
    rc = fx_run(f, &f->clerk, DURING, &meeting_amend_command, meeting,
                "{\"text\":\"t\",\"reason\":\"r\"}", NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.not_finalised", before, f->n.c);
    assert_ok_rc(fx_run(f, &f->clerk, DURING, &meeting_finalise_command, meeting, "{}", NULL, &err),
                 &err);
    before = unit_event_count(f->n.c);
    rc = fx_run(f, &f->clerk, DURING, &item_defer_command, item, "{\"reason\":\"x\"}", NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.finalised", before, f->n.c);
    rc = fx_run(f, &f->clerk, DURING, &meeting_update_command, meeting, "{\"place\":\"x\"}", NULL,
                &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.finalised", before, f->n.c);
    char input[160];
    snprintf(input, sizeof(input),
             "{\"text\":\"第二项表态人姓名更正\",\"reason\":\"笔误\",\"item_id\":%lld}",
             (long long)item);
    assert_ok_rc(fx_run(f, &f->clerk, DURING, &meeting_amend_command, meeting, input, NULL, &err),
                 &err);
    /* Now public, without notifications. */
    json_t *it = NULL;
    struct ctx x = fx_ctx(f, &(struct actor){.login = "public", .role = ROLE_PUBLIC}, DURING);
    assert_ok_rc(item_get(&x, &(struct args){.id = item}, &it, &err), &err);
    assert_null(json_object_get(it, "notifications"));
    assert_int_equal(json_array_size(json_object_get(it, "statements")), N_PEOPLE);
    json_decref(it);
    assert_ok_rc(meeting_get(&x, &(struct args){.id = meeting}, &it, &err), &err);
    assert_int_equal(json_array_size(json_object_get(it, "amendments")), 1);
    json_decref(it);
}

static void test_tasks_only_for_passed_items(void **state)
{
    struct fixture *f = *state;
    struct err err;
    int64_t item = item_in_session(f, "personnel_minor", 0);
    char input[200];
    snprintf(input, sizeof(input),
             "{\"description\":\"落实\",\"owner_id\":%lld,\"department_id\":%lld,"
             "\"due_date\":\"2026-06-30\"}",
             (long long)f->people[3], (long long)f->department);
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc = fx_run(f, &f->clerk, DURING, &task_create_command, item, input, NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.not_passed", before, f->n.c);
    all_state(f, item, "agree");
    assert_ok_rc(fx_run(f, &f->clerk, DURING, &item_result_command, item, "{}", NULL, &err), &err);
    json_t *result = NULL;
    assert_ok_rc(fx_run(f, &f->head, DURING, &task_create_command, item, input, &result, &err),
                 &err);
    int64_t task = fx_id(result);
    assert_ok_rc(fx_run(f, &f->head, DURING, &task_update_command, task, "{\"status\":\"done\"}",
                        NULL, &err),
                 &err);
}

/* ---- concurrency -------------------------------------------------------- */

struct race {
    struct fixture *f;
    struct store_conn *c;
    const char *place;
    int64_t meeting;
    int64_t revision;
    enum err_code rc;
    struct err err;
};

static void *race_run(void *arg)
{
    struct race *r = arg;
    char input[128];
    json_t *out = NULL;
    snprintf(input, sizeof(input), "{\"place\":\"%s\",\"revision\":%lld}", r->place,
             (long long)r->revision);
    json_t *in = unit_json(input);
    struct ctx x = {.c = r->c, .who = &r->f->clerk, .now_ms = UNIT_T0, .english = true};
    err_init(&r->err);
    r->rc = fx_command(&x, &meeting_update_command, NULL, r->meeting, in, &out, &r->err);
    json_decref(in);
    json_decref(out);
    return NULL;
}

static void test_two_clerks_editing_one_meeting(void **state)
{
    struct fixture *f = *state;
    int64_t meeting = fx_meeting(f, START);
    int64_t before = unit_event_count(f->n.c);
    struct store_conn *other = store_acquire(f->n.st);
    struct race a = {f, f->n.c, "一楼", meeting, 1, ERR_OK, {0}};
    struct race b = {f, other, "二楼", meeting, 1, ERR_OK, {0}};
    pthread_t ta, tb;
    assert_int_equal(pthread_create(&ta, NULL, race_run, &a), 0);
    assert_int_equal(pthread_create(&tb, NULL, race_run, &b), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    store_release(other);
    /* One wins; the other is told the record changed, and wrote nothing. */
    assert_true((a.rc == ERR_OK) != (b.rc == ERR_OK));
    struct race *lost = a.rc == ERR_OK ? &b : &a;
    assert_int_equal(lost->rc, ERR_CONFLICT);
    assert_string_equal(lost->err.rule, "procedure.stale");
    assert_string_equal(lost->err.field, "revision");
    assert_int_equal(unit_event_count(f->n.c), before + 1);
    json_t *row = NULL;
    struct err err;
    assert_int_equal(store_query_row(f->n.c, &row, &err,
                                     "SELECT place, revision FROM meetings WHERE id = ?", "i",
                                     meeting),
                     ERR_OK);
    assert_string_equal(json_string_value(json_object_get(row, "place")),
                        a.rc == ERR_OK ? "一楼" : "二楼");
    assert_int_equal(json_integer_value(json_object_get(row, "revision")), 2);
    json_decref(row);
}

static void test_meeting_with_notified_items_can_only_be_postponed(void **state)
{
    struct fixture *f = *state;
    struct err err;
    int64_t meeting = fx_meeting(f, START);
    fx_must(fx_add(f, meeting, fx_matter(f, "major_decision", 0), UNIT_T0, NULL, NULL, &err), &err,
            "add");
    int64_t before = unit_event_count(f->n.c);
    char input[96], when[UTC_TEXT_MAX];
    utc_format(START - DAY_MS, when);
    snprintf(input, sizeof(input), "{\"starts_at\":\"%s\"}", when);
    enum err_code rc =
        fx_run(f, &f->clerk, UNIT_T0, &meeting_update_command, meeting, input, NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.meeting_earlier", before, f->n.c);
    utc_format(START + DAY_MS, when);
    snprintf(input, sizeof(input), "{\"starts_at\":\"%s\"}", when);
    assert_ok_rc(fx_run(f, &f->clerk, UNIT_T0, &meeting_update_command, meeting, input, NULL, &err),
                 &err);
}

/* ---- policy ------------------------------------------------------------- */

static void test_another_townships_clerk_is_forbidden(void **state)
{
    struct fixture *f = *state;
    struct err err;
    int64_t meeting = fx_meeting(f, START);
    int64_t matter = fx_matter(f, "major_decision", 0);
    int64_t before = unit_event_count(f->n.c);
    char input[64];
    snprintf(input, sizeof(input), "{\"matter_id\":%lld}", (long long)matter);
    enum err_code rc =
        fx_run(f, &f->zhibu_clerk, UNIT_T0, &agenda_add_command, meeting, input, NULL, &err);
    assert_int_equal(rc, ERR_FORBIDDEN);
    rc = fx_run(f, &f->member, UNIT_T0, &agenda_add_command, meeting, input, NULL, &err);
    assert_int_equal(rc, ERR_FORBIDDEN);
    assert_int_equal(unit_event_count(f->n.c), before);
}

/* ---- indicators and rebuild -------------------------------------------- */

static void test_indicators_and_rebuild(void **state)
{
    struct fixture *f = *state;
    struct err err;
    json_t *out = NULL;
    /* The tests above left items of every kind; the counts must be the
     * record's, and the query tables equal to a replay. */
    struct ctx x = fx_ctx(f, &(struct actor){.login = "public", .role = ROLE_PUBLIC}, DURING);
    struct page_query q = {.limit = 50, .from = "2026-01-01", .to = "2027-01-01"};
    err_init(&err);
    assert_ok_rc(indicators_get(&x, &(struct args){.township = "diankou", .page = q}, &out, &err),
                 &err);
    json_t *counts = json_object_get(out, "counts");
    int64_t adhoc = 0, items = 0, alone = 0;
    assert_int_equal(store_query_int(f->n.c, &adhoc, NULL, &err,
                                     "SELECT COUNT(*) FROM agenda_items WHERE adhoc = 1", ""),
                     ERR_OK);
    assert_int_equal(
        store_query_int(f->n.c, &items, NULL, &err, "SELECT COUNT(*) FROM agenda_items", ""),
        ERR_OK);
    assert_int_equal(store_query_int(f->n.c, &alone, NULL, &err,
                                     "SELECT COUNT(*) FROM matters WHERE decided_by IS NOT NULL",
                                     ""),
                     ERR_OK);
    assert_int_equal(json_integer_value(json_object_get(counts, "items_adhoc")), adhoc);
    assert_int_equal(json_integer_value(json_object_get(counts, "items_notified")), items - adhoc);
    assert_int_equal(json_integer_value(json_object_get(counts, "matters_individual")), alone);
    assert_true(adhoc > 0 && alone > 0);
    json_decref(out);
    fx_assert_rebuild(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matter_requirements_from_the_catalogue),
        cmocka_unit_test(test_matter_unknown_category_is_refused),
        cmocka_unit_test(test_matter_attachments_are_digests_only),
        cmocka_unit_test(test_decided_alone_only_where_the_catalogue_allows),
        cmocka_unit_test(test_notified_in_time_sends_one_notification_per_member),
        cmocka_unit_test(test_late_notification_is_an_adhoc_motion_flagged),
        cmocka_unit_test(test_adhoc_cadre_appointment_is_refused),
        cmocka_unit_test(test_a_matter_is_on_one_open_item_only),
        cmocka_unit_test(test_attendance_needs_reasons_and_the_meeting_started),
        cmocka_unit_test(test_quorum_by_category),
        cmocka_unit_test(test_secretary_speaks_last),
        cmocka_unit_test(test_statements_only_from_present_members_and_own),
        cmocka_unit_test(test_vote_needs_every_view_first_and_one_matter),
        cmocka_unit_test(test_ballots_no_proxy_no_recused_once),
        cmocka_unit_test(test_ballot_arithmetic_with_absence_recusal_and_abstention),
        cmocka_unit_test(test_secret_ballot_records_who_not_how),
        cmocka_unit_test(test_personnel_deliberation_is_sealed),
        cmocka_unit_test(test_no_vote_categories_decide_on_the_statements),
        cmocka_unit_test(test_minutes_countersigned_finalised_and_amended),
        cmocka_unit_test(test_tasks_only_for_passed_items),
        cmocka_unit_test(test_two_clerks_editing_one_meeting),
        cmocka_unit_test(test_meeting_with_notified_items_can_only_be_postponed),
        cmocka_unit_test(test_another_townships_clerk_is_forbidden),
        cmocka_unit_test(test_indicators_and_rebuild),
    };
    /* One node for the whole file: each test makes its own meetings and
     * matters, and the last checks the record the others left. */
    return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
