/*
 * Unit tests of the meeting rules (rules/notice.h, quorum.h, statement.h,
 * ballot.h) under the built-in rulebook and township variants: each rule
 * both ways (compliant passes; the violation is refused or flagged with
 * its rule id and field); notification lead times and ad-hoc motions;
 * attendance reasons; quorum by category with recusals; the secretary
 * speaking last; statements complete before the vote; ballots (bundle,
 * proxy, recused, duplicate, secrecy, tally); and the result arithmetic
 * with absences, recusals and abstentions at exactly half, with even and
 * odd member counts and with no one entitled.
 */
#include "rules/ballot.h"
#include "rules/notice.h"
#include "rules/quorum.h"
#include "rules/rulebook.h"
#include "rules/statement.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_rulebook.h"

#define HOUR 3600000LL

static struct rulebook book;

static int group_setup(void **state)
{
    int rc = unit_group_setup(state);
    rulebook_default(&book);
    return rc;
}

static void assert_ok(const struct verdict *v)
{
    assert_verdict(v, VERDICT_OK, "", "");
}

/* A roster of n members m1..mn, all present; m1 is the secretary. */
struct roster_fixture {
    struct rules_member members[16];
    char ids[16][24];
    struct rules_roster roster;
};

static void roster_init(struct roster_fixture *f, size_t n)
{
    memset(f, 0, sizeof(*f));
    assert_true(n <= 16);
    for (size_t i = 0; i < n; i++) {
        snprintf(f->ids[i], sizeof(f->ids[i]), "m%zu", i + 1);
        f->members[i].id = f->ids[i];
        f->members[i].present = true;
    }
    if (n > 0) {
        f->members[0].secretary = true;
    }
    f->roster.members = f->members;
    f->roster.n_members = n;
}

/* Marks member i (1-based) absent with a reason. */
static void absent(struct roster_fixture *f, size_t i)
{
    f->members[i - 1].present = false;
    f->members[i - 1].absence_reason = "出差";
}

/* Marks member i (1-based) recused with a reason. */
static void recused(struct roster_fixture *f, size_t i)
{
    f->members[i - 1].recused = true;
    f->members[i - 1].recusal_reason = "亲属关系";
}

/* ---- notification ------------------------------------------------------- */

static void test_notice_in_time_is_ok(void **state)
{
    (void)state;
    struct verdict v;
    int64_t start = 1700000000000LL;
    struct rules_notice n = {"major_decision", true, start - 48 * HOUR, start};
    assert_int_equal(rules_check_notice(&book, &n, &v), VERDICT_OK);
    assert_ok(&v);
    assert_false(rules_notice_is_adhoc(&book, &n));
    n.notified_at = start - 30 * 24 * HOUR;
    assert_int_equal(rules_check_notice(&book, &n, &v), VERDICT_OK);
}

static void test_notice_too_late_is_an_adhoc_motion_flagged(void **state)
{
    (void)state;
    struct verdict v;
    int64_t start = 1700000000000LL;
    struct rules_notice n = {"major_decision", true, start - 20 * HOUR - 59 * 60000, start};
    assert_int_equal(rules_check_notice(&book, &n, &v), VERDICT_FLAG);
    assert_verdict(&v, VERDICT_FLAG, "notice.min_hours", "notified_at");
    assert_string_equal(v.message_en,
                        "notified 20 hours before the meeting; at least 48 required: an ad-hoc "
                        "motion");
    assert_true(rules_notice_is_adhoc(&book, &n));
    /* One millisecond short of 48 hours is still late. */
    n.notified_at = start - 48 * HOUR + 1;
    assert_int_equal(rules_check_notice(&book, &n, &v), VERDICT_FLAG);
    assert_string_equal(v.message_en,
                        "notified 47 hours before the meeting; at least 48 required: an ad-hoc "
                        "motion");
}

static void test_notice_missing_or_after_the_start_is_adhoc(void **state)
{
    (void)state;
    struct verdict v;
    int64_t start = 1700000000000LL;
    struct rules_notice n = {"large_fund", false, 0, start};
    assert_int_equal(rules_check_notice(&book, &n, &v), VERDICT_FLAG);
    assert_verdict(&v, VERDICT_FLAG, "notice.adhoc", "notified_at");
    assert_true(rules_notice_is_adhoc(&book, &n));
    n.notified = true;
    n.notified_at = start + 1;
    assert_int_equal(rules_check_notice(&book, &n, &v), VERDICT_FLAG);
    assert_verdict(&v, VERDICT_FLAG, "notice.adhoc", "notified_at");
}

static void test_notice_adhoc_forbidden_for_cadre_appointment(void **state)
{
    (void)state;
    struct verdict v;
    int64_t start = 1700000000000LL;
    struct rules_notice n = {"cadre_appointment", true, start - 47 * HOUR, start};
    assert_int_equal(rules_check_notice(&book, &n, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "notice.adhoc_forbidden", "notified_at");
    assert_string_equal(v.message_en, "ad-hoc motions are not allowed for 'cadre_appointment' "
                                      "matters: notify at least 48 hours ahead");
    n.notified = false;
    assert_int_equal(rules_check_notice(&book, &n, &v), VERDICT_REFUSE);
    assert_string_equal(v.rule, "notice.adhoc_forbidden");
    n.notified = true;
    n.notified_at = start - 48 * HOUR;
    assert_int_equal(rules_check_notice(&book, &n, &v), VERDICT_OK);
}

static void test_notice_refused_where_the_rulebook_refuses_adhoc(void **state)
{
    (void)state;
    struct rulebook strict = book;
    struct verdict v;
    int64_t start = 1700000000000LL;
    strict.actions[RULE_NOTICE_MIN_HOURS] = RULE_ACTION_REFUSE;
    struct rules_notice n = {"major_decision", true, start - HOUR, start};
    assert_int_equal(rules_check_notice(&strict, &n, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "notice.min_hours", "notified_at");
}

static void test_notice_zero_hours_needs_only_notice_before_the_start(void **state)
{
    (void)state;
    struct rulebook loose = book;
    struct verdict v;
    int64_t start = 1700000000000LL;
    struct rule_category *c = (struct rule_category *)rulebook_category(&loose, "routine_affairs");
    c->notice_hours = 0;
    struct rules_notice n = {"routine_affairs", true, start, start};
    assert_int_equal(rules_check_notice(&loose, &n, &v), VERDICT_OK);
    n.notified = false;
    assert_int_equal(rules_check_notice(&loose, &n, &v), VERDICT_FLAG);
    assert_string_equal(v.rule, "notice.adhoc");
}

static void test_notice_unknown_category_is_refused(void **state)
{
    (void)state;
    struct verdict v;
    struct rules_notice n = {"gossip", true, 0, 100 * HOUR};
    assert_int_equal(rules_check_notice(&book, &n, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "catalogue.unknown_category", "category");
    assert_false(rules_notice_is_adhoc(&book, &n));
    n.category = NULL;
    assert_int_equal(rules_check_notice(&book, &n, &v), VERDICT_REFUSE);
}

/* ---- attendance and quorum ---------------------------------------------- */

static void test_attendance_needs_reasons(void **state)
{
    (void)state;
    struct roster_fixture f;
    struct verdict v;
    roster_init(&f, 5);
    absent(&f, 2);
    recused(&f, 3);
    assert_int_equal(rules_check_attendance(&book, &f.roster, &v), VERDICT_OK);
    f.members[1].absence_reason = "";
    assert_int_equal(rules_check_attendance(&book, &f.roster, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "attendance.absence_reason", "absence_reason");
    assert_string_equal(v.message_en, "member m2 is absent: an absence needs a reason");
    f.members[1].absence_reason = NULL;
    assert_int_equal(rules_check_attendance(&book, &f.roster, &v), VERDICT_REFUSE);
    f.members[1].absence_reason = "病假";
    f.members[2].recusal_reason = NULL;
    assert_int_equal(rules_check_attendance(&book, &f.roster, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "recusal.reason", "recusal_reason");
}

static void test_attendance_flag_yields_to_a_later_refusal(void **state)
{
    (void)state;
    struct rulebook loose = book;
    struct roster_fixture f;
    struct verdict v;
    loose.actions[RULE_ATTENDANCE_ABSENCE_REASON] = RULE_ACTION_FLAG;
    roster_init(&f, 4);
    absent(&f, 2);
    f.members[1].absence_reason = NULL;
    assert_int_equal(rules_check_attendance(&loose, &f.roster, &v), VERDICT_FLAG);
    assert_verdict(&v, VERDICT_FLAG, "attendance.absence_reason", "absence_reason");
    recused(&f, 4);
    f.members[3].recusal_reason = "";
    assert_int_equal(rules_check_attendance(&loose, &f.roster, &v), VERDICT_REFUSE);
    assert_string_equal(v.rule, "recusal.reason");
}

static void test_attendance_flags_a_member_who_got_no_notice(void **state)
{
    (void)state;
    struct rulebook strict = book;
    struct roster_fixture f;
    struct verdict v;
    roster_init(&f, 4);
    assert_int_equal(rules_check_attendance(&book, &f.roster, &v), VERDICT_OK);
    /* m3 took office after the item was notified. */
    f.members[2].not_notified = true;
    assert_int_equal(rules_check_attendance(&book, &f.roster, &v), VERDICT_FLAG);
    assert_verdict(&v, VERDICT_FLAG, "attendance.not_notified", "members");
    assert_string_equal(v.message_en,
                        "member m3 took office after the item was notified and received no notice");
    /* A rulebook may refuse it instead. */
    strict.actions[RULE_ATTENDANCE_NOT_NOTIFIED] = RULE_ACTION_REFUSE;
    assert_int_equal(rules_check_attendance(&strict, &f.roster, &v), VERDICT_REFUSE);
    /* The rule, added after the first release, leaves the default
     * rulebook's document (and so its digest) as it was... */
    json_t *doc = rulebook_to_json(&book);
    assert_null(json_object_get(json_object_get(doc, "actions"), "attendance.not_notified"));
    json_decref(doc);
    /* ...and is written down once a rulebook sets it. */
    doc = rulebook_to_json(&strict);
    assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "actions"),
                                                          "attendance.not_notified")),
                        "refuse");
    json_decref(doc);
}

static void test_threshold_min_is_exact(void **state)
{
    (void)state;
    struct rule_threshold half = {RULE_MORE_THAN, 1, 2, RULE_BASE_ENTITLED};
    struct rule_threshold two_thirds = {RULE_AT_LEAST, 2, 3, RULE_BASE_ENTITLED};
    struct rule_threshold all = {RULE_AT_LEAST, 1, 1, RULE_BASE_ENTITLED};
    int64_t want_half[] = {1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6};   /* base 0..10 */
    int64_t want_thirds[] = {1, 1, 2, 2, 3, 4, 4, 5, 6, 6, 7}; /* base 0..10 */
    for (int64_t base = 0; base <= 10; base++) {
        assert_int_equal(rules_threshold_min(&half, base), want_half[base]);
        assert_int_equal(rules_threshold_min(&two_thirds, base), want_thirds[base]);
        assert_int_equal(rules_threshold_min(&all, base), base > 0 ? base : 1);
    }
    assert_false(rules_threshold_met(&half, 3, 6)); /* exactly half is not more than half */
    assert_true(rules_threshold_met(&half, 4, 6));
    assert_true(rules_threshold_met(&two_thirds, 4, 6)); /* exactly two thirds */
    assert_false(rules_threshold_met(&two_thirds, 4, 7));
    assert_false(rules_threshold_met(&half, 0, 0));
    assert_int_equal(rules_threshold_min(&half, RULES_MAX_HEADS), RULES_MAX_HEADS / 2 + 1);
}

static void test_roster_counts_recused_apart(void **state)
{
    (void)state;
    struct roster_fixture f;
    struct rules_counts c;
    roster_init(&f, 7);
    absent(&f, 2);
    recused(&f, 3);
    recused(&f, 4);
    f.members[3].present = false; /* recused and away */
    rules_roster_count(&f.roster, &c);
    assert_int_equal(c.members, 7);
    assert_int_equal(c.present, 4);
    assert_int_equal(c.absent, 1);
    assert_int_equal(c.recused, 2);
    assert_int_equal(c.entitled, 5);
    assert_ptr_equal(rules_roster_find(&f.roster, "m3"), &f.members[2]);
    assert_null(rules_roster_find(&f.roster, "m9"));
    assert_null(rules_roster_find(&f.roster, NULL));
}

static void test_quorum_more_than_half_for_ordinary_majors(void **state)
{
    (void)state;
    struct roster_fixture f;
    struct verdict v;
    /* 7 members: 4 present is more than half, 3 is not. */
    roster_init(&f, 7);
    absent(&f, 5);
    absent(&f, 6);
    absent(&f, 7);
    assert_int_equal(rules_check_quorum(&book, "major_decision", &f.roster, &v), VERDICT_OK);
    absent(&f, 4);
    assert_int_equal(rules_check_quorum(&book, "major_decision", &f.roster, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "quorum.not_met", "attendance");
    assert_string_equal(v.message_en,
                        "7 members, 3 present (recused excluded); this category needs at least 4");
    /* 6 members: exactly half (3) is not enough. */
    roster_init(&f, 6);
    absent(&f, 4);
    absent(&f, 5);
    absent(&f, 6);
    assert_int_equal(rules_check_quorum(&book, "large_fund", &f.roster, &v), VERDICT_REFUSE);
    f.members[3].present = true;
    assert_int_equal(rules_check_quorum(&book, "large_fund", &f.roster, &v), VERDICT_OK);
}

static void test_quorum_two_thirds_for_cadre_appointment(void **state)
{
    (void)state;
    struct roster_fixture f;
    struct verdict v;
    /* 7 members: the same 4 present meet a major decision's quorum but
     * not a cadre appointment's (at least 14/3, so 5). */
    roster_init(&f, 7);
    absent(&f, 6);
    absent(&f, 7);
    assert_int_equal(rules_check_quorum(&book, "cadre_appointment", &f.roster, &v), VERDICT_OK);
    absent(&f, 5);
    assert_int_equal(rules_check_quorum(&book, "major_decision", &f.roster, &v), VERDICT_OK);
    assert_int_equal(rules_check_quorum(&book, "cadre_appointment", &f.roster, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "quorum.not_met", "attendance");
    assert_string_equal(v.message_en,
                        "7 members, 4 present (recused excluded); this category needs at least 5");
    /* 6 members: exactly two thirds (4) is enough. */
    roster_init(&f, 6);
    absent(&f, 5);
    absent(&f, 6);
    assert_int_equal(rules_check_quorum(&book, "cadre_appointment", &f.roster, &v), VERDICT_OK);
}

static void test_quorum_recused_members_do_not_count_as_present(void **state)
{
    (void)state;
    struct roster_fixture f;
    struct verdict v;
    /* 7 members all in the room, 3 recused: 4 count, which is enough... */
    roster_init(&f, 7);
    recused(&f, 5);
    recused(&f, 6);
    recused(&f, 7);
    assert_int_equal(rules_check_quorum(&book, "major_project", &f.roster, &v), VERDICT_OK);
    /* ...but a fourth recusal leaves 3 of 7: no quorum, even though 7 sit. */
    recused(&f, 4);
    assert_int_equal(rules_check_quorum(&book, "major_project", &f.roster, &v), VERDICT_REFUSE);
    assert_string_equal(v.rule, "quorum.not_met");
}

static void test_quorum_with_no_members_is_never_met(void **state)
{
    (void)state;
    struct roster_fixture f;
    struct verdict v;
    roster_init(&f, 0);
    assert_int_equal(rules_check_quorum(&book, "routine_affairs", &f.roster, &v), VERDICT_REFUSE);
    assert_string_equal(v.message_en,
                        "0 members, 0 present (recused excluded); this category needs at least 1");
    assert_int_equal(rules_check_quorum(&book, "nope", &f.roster, &v), VERDICT_REFUSE);
    assert_string_equal(v.rule, "catalogue.unknown_category");
}

/* ---- statements --------------------------------------------------------- */

static void test_statement_by_present_member_is_ok(void **state)
{
    (void)state;
    struct roster_fixture f;
    struct verdict v;
    roster_init(&f, 5);
    struct rules_statement s[] = {{"m2", RULES_VIEW_AGREE}};
    assert_int_equal(rules_check_statement(&book, "major_decision", &f.roster, s, 0, "m2", &v),
                     VERDICT_OK);
    assert_int_equal(rules_check_statement(&book, "major_decision", &f.roster, s, 1, "m3", &v),
                     VERDICT_OK);
}

static void test_statement_refused_from_absent_recused_stranger_or_twice(void **state)
{
    (void)state;
    struct roster_fixture f;
    struct verdict v;
    roster_init(&f, 5);
    absent(&f, 4);
    recused(&f, 5);
    struct rules_statement s[] = {{"m2", RULES_VIEW_DISAGREE}};
    assert_int_equal(rules_check_statement(&book, "large_fund", &f.roster, s, 1, "m4", &v),
                     VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "statement.not_present", "member");
    assert_int_equal(rules_check_statement(&book, "large_fund", &f.roster, s, 1, "m5", &v),
                     VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "statement.recused", "member");
    assert_int_equal(rules_check_statement(&book, "large_fund", &f.roster, s, 1, "x9", &v),
                     VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "statement.not_member", "member");
    assert_int_equal(rules_check_statement(&book, "large_fund", &f.roster, s, 1, NULL, &v),
                     VERDICT_REFUSE);
    assert_string_equal(v.rule, "statement.not_member");
    assert_int_equal(rules_check_statement(&book, "large_fund", &f.roster, s, 1, "m2", &v),
                     VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "statement.duplicate", "member");
    assert_int_equal(rules_check_statement(&book, "huh", &f.roster, s, 1, "m3", &v),
                     VERDICT_REFUSE);
    assert_string_equal(v.rule, "catalogue.unknown_category");
}

static void test_statement_secretary_speaks_last(void **state)
{
    (void)state;
    struct roster_fixture f;
    struct verdict v;
    roster_init(&f, 5); /* m1 is the secretary */
    absent(&f, 5);      /* the absent do not hold the secretary back */
    struct rules_statement s[] = {
        {"m2", RULES_VIEW_AGREE}, {"m3", RULES_VIEW_RESERVED}, {"m4", RULES_VIEW_DISAGREE}};
    assert_int_equal(rules_check_statement(&book, "major_decision", &f.roster, s, 0, "m1", &v),
                     VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "statement.secretary_last", "member");
    assert_string_equal(v.message_en,
                        "the secretary speaks last: 3 members have not yet stated a view");
    assert_int_equal(rules_check_statement(&book, "major_decision", &f.roster, s, 2, "m1", &v),
                     VERDICT_REFUSE);
    assert_string_equal(v.message_en,
                        "the secretary speaks last: 1 members have not yet stated a view");
    assert_int_equal(rules_check_statement(&book, "major_decision", &f.roster, s, 3, "m1", &v),
                     VERDICT_OK);
    /* Recused members do not hold the secretary back either. */
    recused(&f, 4);
    assert_int_equal(rules_check_statement(&book, "major_decision", &f.roster, s, 2, "m1", &v),
                     VERDICT_OK);
}

static void test_statement_secretary_last_flag_and_off(void **state)
{
    (void)state;
    struct rulebook loose = book;
    struct roster_fixture f;
    struct verdict v;
    roster_init(&f, 3);
    loose.actions[RULE_STATEMENT_SECRETARY_LAST] = RULE_ACTION_FLAG;
    assert_int_equal(rules_check_statement(&loose, "major_decision", &f.roster, NULL, 0, "m1", &v),
                     VERDICT_FLAG);
    assert_verdict(&v, VERDICT_FLAG, "statement.secretary_last", "member");
    struct rule_category *c = (struct rule_category *)rulebook_category(&loose, "routine_affairs");
    c->secretary_last = false;
    assert_int_equal(rules_check_statement(&loose, "routine_affairs", &f.roster, NULL, 0, "m1", &v),
                     VERDICT_OK);
    /* Without a secretary on the roster, anyone may go first. */
    f.members[0].secretary = false;
    assert_int_equal(rules_check_statement(&book, "major_decision", &f.roster, NULL, 0, "m1", &v),
                     VERDICT_OK);
}

static void test_statements_complete_before_the_vote(void **state)
{
    (void)state;
    struct roster_fixture f;
    struct verdict v;
    roster_init(&f, 5);
    absent(&f, 4);
    recused(&f, 5);
    struct rules_statement s[] = {
        {"m2", RULES_VIEW_AGREE}, {"m3", RULES_VIEW_ABSTAIN}, {"m1", RULES_VIEW_AGREE}};
    assert_int_equal(rules_check_statements_complete(&book, &f.roster, s, 2, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "statement.incomplete", "statements");
    assert_string_equal(v.message_en, "3 members should state a view and 2 have: all state a "
                                      "view before the decision");
    assert_int_equal(rules_check_statements_complete(&book, &f.roster, s, 3, &v), VERDICT_OK);
    struct rulebook loose = book;
    loose.actions[RULE_STATEMENT_INCOMPLETE] = RULE_ACTION_FLAG;
    assert_int_equal(rules_check_statements_complete(&loose, &f.roster, s, 0, &v), VERDICT_FLAG);
}

static void test_views_have_names(void **state)
{
    (void)state;
    enum rules_view view;
    assert_string_equal(rules_view_name(RULES_VIEW_RESERVED), "reserved");
    assert_null(rules_view_name((enum rules_view)9));
    assert_true(rules_view_find("disagree", &view));
    assert_int_equal(view, RULES_VIEW_DISAGREE);
    assert_false(rules_view_find("maybe", &view));
    assert_false(rules_view_find(NULL, &view));
    assert_string_equal(rules_choice_name(RULES_CHOICE_ABSTAIN), "abstain");
    assert_string_equal(rules_choice_name(RULES_CHOICE_SECRET), "secret");
}

/* ---- ballots ------------------------------------------------------------ */

static void test_vote_is_one_matter(void **state)
{
    (void)state;
    struct verdict v;
    assert_int_equal(rules_check_vote_matters(&book, 1, &v), VERDICT_OK);
    assert_int_equal(rules_check_vote_matters(&book, 2, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "ballot.bundle", "matters");
    assert_string_equal(v.message_en, "one matter, one vote: this vote covers 2 matters");
    assert_int_equal(rules_check_vote_matters(&book, 0, &v), VERDICT_REFUSE);
}

static void test_ballot_open_from_present_member_once(void **state)
{
    (void)state;
    struct roster_fixture f;
    struct verdict v;
    roster_init(&f, 5);
    absent(&f, 4);
    recused(&f, 5);
    struct rules_ballot cast[] = {{"m2", RULES_CHOICE_AGREE}};
    struct rules_ballot b = {"m3", RULES_CHOICE_DISAGREE};
    assert_int_equal(rules_check_ballot(&book, "major_project", &f.roster, cast, 1, &b, &v),
                     VERDICT_OK);
    b.member = "m4"; /* absent: no proxy */
    assert_int_equal(rules_check_ballot(&book, "major_project", &f.roster, cast, 1, &b, &v),
                     VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "ballot.proxy", "member");
    b.member = "m5";
    assert_int_equal(rules_check_ballot(&book, "major_project", &f.roster, cast, 1, &b, &v),
                     VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "ballot.recused", "member");
    b.member = "m2";
    assert_int_equal(rules_check_ballot(&book, "major_project", &f.roster, cast, 1, &b, &v),
                     VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "ballot.duplicate", "member");
    b.member = "outsider";
    assert_int_equal(rules_check_ballot(&book, "major_project", &f.roster, cast, 1, &b, &v),
                     VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "ballot.not_member", "member");
    b.member = "m3";
    b.choice = RULES_CHOICE_SECRET;
    assert_int_equal(rules_check_ballot(&book, "major_project", &f.roster, cast, 1, &b, &v),
                     VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "ballot.choice_missing", "choice");
}

static void test_ballot_secret_records_who_but_not_how(void **state)
{
    (void)state;
    struct roster_fixture f;
    struct verdict v;
    roster_init(&f, 5);
    struct rules_ballot cast[] = {{"m2", RULES_CHOICE_SECRET}};
    struct rules_ballot b = {"m3", RULES_CHOICE_SECRET};
    assert_int_equal(rules_check_ballot(&book, "cadre_appointment", &f.roster, cast, 1, &b, &v),
                     VERDICT_OK);
    b.choice = RULES_CHOICE_AGREE;
    assert_int_equal(rules_check_ballot(&book, "cadre_appointment", &f.roster, cast, 1, &b, &v),
                     VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "ballot.secret_choice", "choice");
    b.member = "m2";
    b.choice = RULES_CHOICE_SECRET;
    assert_int_equal(rules_check_ballot(&book, "cadre_appointment", &f.roster, cast, 1, &b, &v),
                     VERDICT_REFUSE);
    assert_string_equal(v.rule, "ballot.duplicate");
}

static void test_ballot_secret_tally_equals_ballots_cast(void **state)
{
    (void)state;
    struct verdict v;
    struct rules_tally t = {3, 1, 1, 0};
    assert_int_equal(rules_check_tally(&book, 5, &t, &v), VERDICT_OK);
    assert_int_equal(rules_check_tally(&book, 6, &t, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "ballot.tally_mismatch", "tally");
    assert_string_equal(v.message_en, "the tally counts 5 votes but 6 voted");
    assert_int_equal(rules_check_tally(&book, 4, &t, &v), VERDICT_REFUSE);
    t.reserved = 1; /* a ballot has no "reserved" */
    assert_int_equal(rules_check_tally(&book, 6, &t, &v), VERDICT_REFUSE);
    struct rules_tally neg = {-1, 1, 0, 0};
    assert_int_equal(rules_check_tally(&book, 0, &neg, &v), VERDICT_REFUSE);
    struct rules_tally zero = {0, 0, 0, 0};
    assert_int_equal(rules_check_tally(&book, 0, &zero, &v), VERDICT_OK);
}

static void test_tallies_count_ballots_and_statements(void **state)
{
    (void)state;
    struct rules_tally t;
    struct rules_ballot cast[] = {{"m1", RULES_CHOICE_AGREE},
                                  {"m2", RULES_CHOICE_DISAGREE},
                                  {"m3", RULES_CHOICE_ABSTAIN},
                                  {"m4", RULES_CHOICE_AGREE},
                                  {"m5", RULES_CHOICE_SECRET}};
    rules_tally_ballots(cast, 5, &t);
    assert_int_equal(t.agree, 2);
    assert_int_equal(t.disagree, 1);
    assert_int_equal(t.abstain, 1);
    assert_int_equal(t.reserved, 0);
    struct rules_statement s[] = {
        {"m1", RULES_VIEW_AGREE}, {"m2", RULES_VIEW_RESERVED}, {"m3", RULES_VIEW_RESERVED}};
    rules_tally_statements(s, 3, &t);
    assert_int_equal(t.agree, 1);
    assert_int_equal(t.reserved, 2);
}

/* ---- results ------------------------------------------------------------ */

/* The result of category with tally {agree, disagree, abstain} over f. */
static struct rules_result result_of(const struct rulebook *rb,
                                     const char *category,
                                     struct roster_fixture *f,
                                     int64_t agree,
                                     int64_t disagree,
                                     int64_t abstain)
{
    struct rules_tally t = {agree, disagree, abstain, 0};
    struct rules_result r;
    struct verdict v;
    assert_int_equal(rules_result(rb, category, &f->roster, &t, &r, &v), VERDICT_OK);
    return r;
}

static void test_result_needs_more_than_half_of_all_entitled(void **state)
{
    (void)state;
    struct roster_fixture f;
    struct rules_result r;
    /* 7 members, 2 absent: 4 agree pass (4 > 3.5), 3 do not, although 3 is
     * a majority of the 5 present. */
    roster_init(&f, 7);
    absent(&f, 6);
    absent(&f, 7);
    r = result_of(&book, "major_decision", &f, 4, 1, 0);
    assert_true(r.passed);
    assert_int_equal(r.base, 7);
    assert_int_equal(r.needed, 4);
    assert_int_equal(r.not_agree, 1);
    assert_int_equal(r.not_voting, 2);
    r = result_of(&book, "major_decision", &f, 3, 2, 0);
    assert_false(r.passed);
    assert_int_equal(r.not_agree, 2);
}

static void test_result_exactly_half_fails_with_even_members(void **state)
{
    (void)state;
    struct roster_fixture f;
    roster_init(&f, 6);
    assert_false(result_of(&book, "large_fund", &f, 3, 3, 0).passed);
    assert_false(result_of(&book, "large_fund", &f, 3, 0, 3).passed);
    assert_true(result_of(&book, "large_fund", &f, 4, 2, 0).passed);
    roster_init(&f, 2);
    assert_false(result_of(&book, "large_fund", &f, 1, 1, 0).passed);
    assert_true(result_of(&book, "large_fund", &f, 2, 0, 0).passed);
}

static void test_result_odd_members_and_abstentions(void **state)
{
    (void)state;
    struct roster_fixture f;
    roster_init(&f, 9);
    /* Abstentions count against: 5 of 9 pass, 4 agree + 5 abstain do not. */
    assert_true(result_of(&book, "major_project", &f, 5, 0, 4).passed);
    assert_false(result_of(&book, "major_project", &f, 4, 0, 5).passed);
    assert_false(result_of(&book, "major_project", &f, 4, 1, 0).passed);
    roster_init(&f, 1);
    assert_true(result_of(&book, "major_project", &f, 1, 0, 0).passed);
    assert_false(result_of(&book, "major_project", &f, 0, 0, 1).passed);
}

static void test_result_recused_leave_the_base(void **state)
{
    (void)state;
    struct roster_fixture f;
    struct rules_result r;
    /* 7 members, 2 recused: 5 entitled, so 3 agree pass. */
    roster_init(&f, 7);
    recused(&f, 6);
    recused(&f, 7);
    r = result_of(&book, "major_decision", &f, 3, 2, 0);
    assert_true(r.passed);
    assert_int_equal(r.base, 5);
    assert_int_equal(r.needed, 3);
    assert_int_equal(r.not_voting, 0);
    /* An absence on top still counts against. */
    absent(&f, 5);
    r = result_of(&book, "major_decision", &f, 2, 2, 0);
    assert_false(r.passed);
    assert_int_equal(r.not_voting, 1);
}

static void test_result_with_no_one_entitled_never_passes(void **state)
{
    (void)state;
    struct roster_fixture f;
    struct rules_result r;
    roster_init(&f, 0);
    r = result_of(&book, "major_decision", &f, 0, 0, 0);
    assert_false(r.passed);
    assert_int_equal(r.base, 0);
    assert_int_equal(r.needed, 1);
    roster_init(&f, 3);
    recused(&f, 1);
    recused(&f, 2);
    recused(&f, 3);
    assert_false(result_of(&book, "major_decision", &f, 0, 0, 0).passed);
}

static void test_result_base_present_and_two_thirds(void **state)
{
    (void)state;
    struct rulebook custom = book;
    struct roster_fixture f;
    struct rule_category *c = (struct rule_category *)rulebook_category(&custom, "personnel_minor");
    c->pass.base = RULE_BASE_PRESENT;
    roster_init(&f, 7);
    absent(&f, 6);
    absent(&f, 7);
    /* Of the 5 present, 3 is more than half. */
    struct rules_result r = result_of(&custom, "personnel_minor", &f, 3, 2, 0);
    assert_true(r.passed);
    assert_int_equal(r.base, 5);
    c->pass.compare = RULE_AT_LEAST;
    c->pass.numerator = 2;
    c->pass.denominator = 3;
    assert_false(result_of(&custom, "personnel_minor", &f, 3, 2, 0).passed);
    assert_true(result_of(&custom, "personnel_minor", &f, 4, 1, 0).passed);
}

static void test_result_refuses_more_votes_than_voters(void **state)
{
    (void)state;
    struct roster_fixture f;
    struct rules_tally t = {3, 1, 1, 0};
    struct rules_result r;
    struct verdict v;
    roster_init(&f, 5);
    absent(&f, 5);
    assert_int_equal(rules_result(&book, "major_decision", &f.roster, &t, &r, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "ballot.tally_mismatch", "tally");
    assert_int_equal(rules_result(&book, "nope", &f.roster, &t, &r, &v), VERDICT_REFUSE);
    assert_string_equal(v.rule, "catalogue.unknown_category");
}

static void test_result_from_statements_where_there_is_no_vote(void **state)
{
    (void)state;
    struct roster_fixture f;
    struct rules_tally t;
    struct rules_result r;
    struct verdict v;
    roster_init(&f, 5);
    struct rules_statement s[] = {{"m2", RULES_VIEW_AGREE},
                                  {"m3", RULES_VIEW_AGREE},
                                  {"m4", RULES_VIEW_RESERVED},
                                  {"m5", RULES_VIEW_DISAGREE},
                                  {"m1", RULES_VIEW_AGREE}};
    rules_tally_statements(s, 5, &t);
    assert_int_equal(rules_result(&book, "personnel_minor", &f.roster, &t, &r, &v), VERDICT_OK);
    assert_true(r.passed);
    assert_int_equal(r.not_agree, 2); /* the dissent on record */
    rules_tally_statements(s, 4, &t);
    assert_int_equal(rules_result(&book, "personnel_minor", &f.roster, &t, &r, &v), VERDICT_OK);
    assert_false(r.passed); /* 2 of 5 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_notice_in_time_is_ok),
        cmocka_unit_test(test_notice_too_late_is_an_adhoc_motion_flagged),
        cmocka_unit_test(test_notice_missing_or_after_the_start_is_adhoc),
        cmocka_unit_test(test_notice_adhoc_forbidden_for_cadre_appointment),
        cmocka_unit_test(test_notice_refused_where_the_rulebook_refuses_adhoc),
        cmocka_unit_test(test_notice_zero_hours_needs_only_notice_before_the_start),
        cmocka_unit_test(test_notice_unknown_category_is_refused),
        cmocka_unit_test(test_attendance_needs_reasons),
        cmocka_unit_test(test_attendance_flag_yields_to_a_later_refusal),
        cmocka_unit_test(test_attendance_flags_a_member_who_got_no_notice),
        cmocka_unit_test(test_threshold_min_is_exact),
        cmocka_unit_test(test_roster_counts_recused_apart),
        cmocka_unit_test(test_quorum_more_than_half_for_ordinary_majors),
        cmocka_unit_test(test_quorum_two_thirds_for_cadre_appointment),
        cmocka_unit_test(test_quorum_recused_members_do_not_count_as_present),
        cmocka_unit_test(test_quorum_with_no_members_is_never_met),
        cmocka_unit_test(test_statement_by_present_member_is_ok),
        cmocka_unit_test(test_statement_refused_from_absent_recused_stranger_or_twice),
        cmocka_unit_test(test_statement_secretary_speaks_last),
        cmocka_unit_test(test_statement_secretary_last_flag_and_off),
        cmocka_unit_test(test_statements_complete_before_the_vote),
        cmocka_unit_test(test_views_have_names),
        cmocka_unit_test(test_vote_is_one_matter),
        cmocka_unit_test(test_ballot_open_from_present_member_once),
        cmocka_unit_test(test_ballot_secret_records_who_but_not_how),
        cmocka_unit_test(test_ballot_secret_tally_equals_ballots_cast),
        cmocka_unit_test(test_tallies_count_ballots_and_statements),
        cmocka_unit_test(test_result_needs_more_than_half_of_all_entitled),
        cmocka_unit_test(test_result_exactly_half_fails_with_even_members),
        cmocka_unit_test(test_result_odd_members_and_abstentions),
        cmocka_unit_test(test_result_recused_leave_the_base),
        cmocka_unit_test(test_result_with_no_one_entitled_never_passes),
        cmocka_unit_test(test_result_base_present_and_two_thirds),
        cmocka_unit_test(test_result_refuses_more_votes_than_voters),
        cmocka_unit_test(test_result_from_statements_where_there_is_no_vote),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
