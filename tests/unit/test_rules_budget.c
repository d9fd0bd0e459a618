/*
 * Unit tests of the catalogue, budget and indicator rules
 * (rules/catalogue.h, budget.h, indicators.h) under the built-in rulebook:
 * what a matter's category and amount require; marking a matter decided
 * without the required collective decision or vote; contract awards
 * without a public tender; expenditures that overdraw a line or reach the
 * large-fund threshold without a resolution; the split of a budget into
 * lines; congress votes (more than half of ALL deputies) and budget
 * adoption and adjustment; the three-more-three-fewer ratios; what a
 * spending resolution must carry and the spending that may cite it.
 */
#include "rules/authorisation.h"
#include "rules/budget.h"
#include "rules/catalogue.h"
#include "rules/dates.h"
#include "rules/indicators.h"
#include "rules/rulebook.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_rulebook.h"

static struct rulebook book;

static int group_setup(void **state)
{
    int rc = unit_group_setup(state);
    rulebook_default(&book);
    return rc;
}

/* ---- catalogue ------------------------------------------------------------ */

static void test_dates_that_make_no_sense_are_caught(void **state)
{
    (void)state;
    struct verdict v;
    /* Spending inside its fiscal year, on its first and last days. */
    assert_int_equal(rules_check_spending_date(&book, "2026-01-01", 2026, &v), VERDICT_OK);
    assert_int_equal(rules_check_spending_date(&book, "2026-12-31", 2026, &v), VERDICT_OK);
    assert_int_equal(rules_check_spending_date(&book, "2025-12-31", 2026, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "budget.spent_outside_year", "spent_on");
    assert_string_equal(v.message_en,
                        "the spending date 2025-12-31 is outside the budget's fiscal year 2026");
    assert_int_equal(rules_check_spending_date(&book, "2027-01-01", 2026, &v), VERDICT_REFUSE);
    /* A congress vote today or before; not tomorrow. */
    assert_int_equal(rules_check_vote_date(&book, "2026-12-06", "2026-12-06", &v), VERDICT_OK);
    assert_int_equal(rules_check_vote_date(&book, "2026-03-01", "2026-12-06", &v), VERDICT_OK);
    assert_int_equal(rules_check_vote_date(&book, "2026-12-07", "2026-12-06", &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "congress.vote_in_future", "voted_on");
    /* A task due today or later; due yesterday is flagged by default. */
    assert_int_equal(rules_check_due_date(&book, "2026-12-06", "2026-12-06", &v), VERDICT_OK);
    assert_int_equal(rules_check_due_date(&book, "2027-01-31", "2026-12-06", &v), VERDICT_OK);
    assert_int_equal(rules_check_due_date(&book, "2026-12-05", "2026-12-06", &v), VERDICT_FLAG);
    assert_verdict(&v, VERDICT_FLAG, "task.due_in_past", "due_date");
    assert_string_equal(v.message_en,
                        "the due date 2026-12-05 is before today (2026-12-06): the task is overdue"
                        " from the start");
}

static void test_catalogue_major_matters_need_a_vote(void **state)
{
    (void)state;
    struct rules_requirements req;
    struct verdict v;
    for (size_t i = 0; i < ARRAY_SIZE(rulebook_major_categories); i++) {
        assert_int_equal(rules_catalogue(&book, rulebook_major_categories[i], 0, &req, &v),
                         VERDICT_OK);
        assert_true(req.major);
        assert_true(req.collective);
        assert_true(req.ballot);
        assert_int_equal(req.notice_hours, 48);
        assert_true(req.secretary_last);
    }
    assert_int_equal(rules_catalogue(&book, "cadre_appointment", 0, &req, &v), VERDICT_OK);
    assert_true(req.secret_ballot);
    assert_false(req.adhoc_allowed);
    assert_string_equal(req.category->name, "cadre_appointment");
}

static void test_catalogue_projects_need_a_tender_from_the_threshold(void **state)
{
    (void)state;
    struct rules_requirements req;
    struct verdict v;
    assert_int_equal(rules_catalogue(&book, "major_project", 49999999, &req, &v), VERDICT_OK);
    assert_false(req.public_tender);
    assert_int_equal(rules_catalogue(&book, "major_project", 50000000, &req, &v), VERDICT_OK);
    assert_true(req.public_tender);
    assert_false(req.congress_vote);
}

static void test_catalogue_purchases_go_collective_from_the_large_fund(void **state)
{
    (void)state;
    struct rules_requirements req;
    struct verdict v;
    assert_int_equal(rules_catalogue(&book, "procurement_minor", 9999999, &req, &v), VERDICT_OK);
    assert_false(req.major);
    assert_false(req.collective);
    assert_false(req.ballot);
    assert_int_equal(rules_catalogue(&book, "procurement_minor", 10000000, &req, &v), VERDICT_OK);
    assert_true(req.collective);
    assert_true(req.ballot);
    assert_false(req.public_tender);
    assert_int_equal(rules_catalogue(&book, "procurement_minor", 50000000, &req, &v), VERDICT_OK);
    assert_true(req.public_tender);
}

static void test_catalogue_ordinary_categories(void **state)
{
    (void)state;
    struct rules_requirements req;
    struct verdict v;
    assert_int_equal(rules_catalogue(&book, "personnel_minor", 0, &req, &v), VERDICT_OK);
    assert_true(req.collective);
    assert_false(req.ballot);
    assert_int_equal(rules_catalogue(&book, "routine_affairs", 90000000, &req, &v), VERDICT_OK);
    assert_false(req.collective);
    assert_int_equal(rules_catalogue(&book, "budget_adjustment", 0, &req, &v), VERDICT_OK);
    assert_true(req.congress_vote);
}

static void test_catalogue_refuses_unknown_category_and_negative_amount(void **state)
{
    (void)state;
    struct rules_requirements req;
    struct verdict v;
    assert_int_equal(rules_catalogue(&book, "favours", 0, &req, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "catalogue.unknown_category", "category");
    assert_string_equal(v.message_en, "the category 'favours' is not in the decision catalogue");
    assert_int_equal(rules_catalogue(&book, "large_fund", -1, &req, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "catalogue.amount_negative", "amount_fen");
}

/* ---- decisions and awards --------------------------------------------------- */

static void test_decision_collective_required_cannot_be_decided_otherwise(void **state)
{
    (void)state;
    struct verdict v;
    struct rules_decision d = {"large_fund", 20000000, true, true};
    assert_int_equal(rules_check_decision(&book, &d, &v), VERDICT_OK);
    d.collective = false;
    d.ballot_held = false;
    assert_int_equal(rules_check_decision(&book, &d, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "decision.collective_required", "collective");
    /* Said without the category's id: the page beside it names the category. */
    assert_string_equal(v.message_en, "a matter of this category requires a collective decision "
                                      "and cannot be decided any other way");
    assert_string_equal(v.message_zh, "此类事项须经集体讨论决定，不能以其他方式决定");
    /* Below the large-fund threshold a purchase is a portfolio matter. */
    struct rules_decision small = {"procurement_minor", 500000, false, false};
    assert_int_equal(rules_check_decision(&book, &small, &v), VERDICT_OK);
    small.amount_fen = 10000000;
    assert_int_equal(rules_check_decision(&book, &small, &v), VERDICT_REFUSE);
    assert_string_equal(v.rule, "decision.collective_required");
    struct rules_decision unknown = {"whatever", 0, true, true};
    assert_int_equal(rules_check_decision(&book, &unknown, &v), VERDICT_REFUSE);
    assert_string_equal(v.rule, "catalogue.unknown_category");
}

static void test_decision_vote_required_for_major_matters(void **state)
{
    (void)state;
    struct verdict v;
    struct rules_decision d = {"major_decision", 0, true, false};
    assert_int_equal(rules_check_decision(&book, &d, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "decision.ballot_required", "ballot");
    /* Personnel adjustments: collective discussion, no vote needed. */
    struct rules_decision p = {"personnel_minor", 0, true, false};
    assert_int_equal(rules_check_decision(&book, &p, &v), VERDICT_OK);
    p.collective = false;
    assert_int_equal(rules_check_decision(&book, &p, &v), VERDICT_REFUSE);
    assert_string_equal(v.rule, "decision.collective_required");
}

static void test_award_needs_a_public_tender_at_the_threshold(void **state)
{
    (void)state;
    struct verdict v;
    assert_int_equal(rules_check_award(&book, "major_project", 49999999, false, &v), VERDICT_OK);
    assert_int_equal(rules_check_award(&book, "major_project", 80000000, true, &v), VERDICT_OK);
    assert_int_equal(rules_check_award(&book, "major_project", 80000000, false, &v),
                     VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "tender.required", "public_tender");
    assert_string_equal(v.message_en, "800,000.00 yuan is at or above the tender threshold of "
                                      "500,000.00 yuan: a public tender is required");
    struct rulebook loose = book;
    loose.actions[RULE_TENDER_REQUIRED] = RULE_ACTION_FLAG;
    assert_int_equal(rules_check_award(&loose, "major_project", 80000000, false, &v), VERDICT_FLAG);
}

/* ---- budget ------------------------------------------------------------------ */

static void test_expenditure_within_the_line_is_ok(void **state)
{
    (void)state;
    struct verdict v;
    struct rules_budget_line line = {"m2", 30000000, 10000000};
    struct rules_expenditure e = {5000000, NULL};
    assert_int_equal(rules_check_expenditure(&book, &line, &e, &v), VERDICT_OK);
    e.amount_fen = 9999999; /* just under the large fund */
    assert_int_equal(rules_check_expenditure(&book, &line, &e, &v), VERDICT_OK);
}

static void test_expenditure_that_overdraws_the_line_is_refused(void **state)
{
    (void)state;
    struct verdict v;
    struct rules_budget_line line = {"m2", 30000000, 25000000};
    struct rules_expenditure e = {5000000, NULL};
    assert_int_equal(rules_check_expenditure(&book, &line, &e, &v), VERDICT_OK); /* to zero */
    e.amount_fen = 5000001;
    assert_int_equal(rules_check_expenditure(&book, &line, &e, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "budget.overdraw", "amount_fen");
    assert_string_equal(v.message_en,
                        "50,000.01 yuan exceeds the 50,000.00 yuan left on the budget line");
    assert_string_equal(v.message_zh, "支出 50,000.01 元超过预算线余额 50,000.00 元");
    /* A line already overdrawn (its allocation cut) shows nothing left. */
    line.charged_fen = 40000000;
    e.amount_fen = 1;
    assert_int_equal(rules_check_expenditure(&book, &line, &e, &v), VERDICT_REFUSE);
    assert_string_equal(v.message_en, "0.01 yuan exceeds the 0.00 yuan left on the budget line");
}

static void test_expenditure_at_the_large_fund_cites_a_resolution(void **state)
{
    (void)state;
    struct verdict v;
    struct rules_budget_line line = {"m2", 90000000, 0};
    struct rules_expenditure e = {10000000, NULL};
    assert_int_equal(rules_check_expenditure(&book, &line, &e, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "budget.large_fund_resolution", "resolution_id");
    assert_string_equal(v.message_en, "100,000.00 yuan is at or above the large-fund threshold of "
                                      "100,000.00 yuan: cite the approving resolution");
    e.resolution = "";
    assert_int_equal(rules_check_expenditure(&book, &line, &e, &v), VERDICT_REFUSE);
    e.resolution = "diankou-2025-017";
    assert_int_equal(rules_check_expenditure(&book, &line, &e, &v), VERDICT_OK);
}

static void test_expenditure_must_be_positive(void **state)
{
    (void)state;
    struct verdict v;
    struct rules_budget_line line = {"m2", 100, 0};
    struct rules_expenditure e = {0, NULL};
    assert_int_equal(rules_check_expenditure(&book, &line, &e, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "budget.amount", "amount_fen");
    e.amount_fen = -5;
    assert_int_equal(rules_check_expenditure(&book, &line, &e, &v), VERDICT_REFUSE);
}

static void test_a_spending_matter_carries_what_it_authorises(void **state)
{
    (void)state;
    struct verdict v;
    struct rules_authorisation a = {"河道清淤资金使用", "large_fund", 500000, 0, 7,
                                    "2026-03-01",       "2026-06-30"};
    assert_int_equal(rules_check_spending_terms(&book, &a, &v), VERDICT_OK);
    a.department_id = 0;
    assert_int_equal(rules_check_spending_terms(&book, &a, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "catalogue.spending_terms", "budget_line_id");
    a.line_id = 3;
    a.amount_fen = 0;
    assert_int_equal(rules_check_spending_terms(&book, &a, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "catalogue.spending_terms", "amount_fen");
    a.amount_fen = 500000;
    a.until = NULL;
    assert_int_equal(rules_check_spending_terms(&book, &a, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "catalogue.spending_terms", "spend_until");
    a.until = "2026-02-28";
    assert_int_equal(rules_check_spending_terms(&book, &a, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "catalogue.spending_period", "spend_until");
    /* A cadre appointment authorises no spending, and names no period. */
    struct rules_authorisation cadre = {"任免", "cadre_appointment", 0, 0, 7, NULL, "2026-06-30"};
    assert_int_equal(rules_check_spending_terms(&book, &cadre, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "catalogue.not_spending", "spend_until");
    cadre.until = NULL;
    assert_int_equal(rules_check_spending_terms(&book, &cadre, &v), VERDICT_OK);
    /* The categories as the reads and the forms name them. */
    assert_true(rules_authorises_spending("major_project"));
    assert_false(rules_authorises_spending("budget_adjustment"));
    for (size_t i = 0; i < ARRAY_SIZE(rulebook_major_categories); i++) {
        const char *c = rulebook_major_categories[i];
        char word[40], quoted[40];
        snprintf(word, sizeof(word), " %s ", c);
        snprintf(quoted, sizeof(quoted), "'%s'", c);
        assert_int_equal(strstr(RULES_SPENDING_CATEGORIES_WORDS, word) != NULL,
                         rules_authorises_spending(c));
        assert_int_equal(strstr(RULES_SPENDING_CATEGORIES_SQL, quoted) != NULL,
                         rules_authorises_spending(c));
    }
}

static void test_spending_cites_only_what_a_resolution_authorises(void **state)
{
    (void)state;
    struct verdict v[RULES_AUTHORISATION_CHECKS];
    const struct rules_authorisation road = {"村道改造资金使用", "large_fund", 200000, 3, 0,
                                             "2026-03-01",       "2026-06-30"};
    struct rules_spending s = {3, 7, "2026-04-01", 120000, 0};
    assert_int_equal(rules_check_spending_against(&book, &road, &s, v), 0);
    s.cited_fen = 80000; /* 80,000 + 120,000 is all that is authorised */
    assert_int_equal(rules_check_spending_against(&book, &road, &s, v), 0);
    s.cited_fen = 80001;
    assert_int_equal(rules_check_spending_against(&book, &road, &s, v), 1);
    assert_verdict(&v[0], VERDICT_REFUSE, "budget.resolution_exceeded", "amount_fen");
    assert_string_equal(v[0].message_en, "the resolution '村道改造资金使用' authorises 2,000.00 "
                                         "yuan; with this, 2,000.01 yuan would be spent citing it");
    /* Another line, after the period, beyond the amount: three at once. */
    s = (struct rules_spending){4, 7, "2026-07-01", 250000, 0};
    assert_int_equal(rules_check_spending_against(&book, &road, &s, v), 3);
    assert_verdict(&v[0], VERDICT_REFUSE, "budget.resolution_other_line", "resolution_id");
    assert_verdict(&v[1], VERDICT_REFUSE, "budget.resolution_period", "spent_on");
    assert_verdict(&v[2], VERDICT_REFUSE, "budget.resolution_exceeded", "amount_fen");
    /* Where the rulebook flags two of them, the refusal comes first. */
    struct rulebook lenient = book;
    lenient.actions[RULE_BUDGET_RESOLUTION_OTHER_LINE] = RULE_ACTION_FLAG;
    lenient.actions[RULE_BUDGET_RESOLUTION_EXCEEDED] = RULE_ACTION_FLAG;
    assert_int_equal(rules_check_spending_against(&lenient, &road, &s, v), 3);
    assert_verdict(&v[0], VERDICT_REFUSE, "budget.resolution_period", "spent_on");
    assert_int_equal(v[1].kind, VERDICT_FLAG);
    assert_int_equal(v[2].kind, VERDICT_FLAG);
    /* A department's resolution covers that department's lines. */
    const struct rules_authorisation dept = {"救助资金使用", "large_fund", 200000, 0, 7,
                                             NULL,           NULL};
    s = (struct rules_spending){4, 7, "2026-12-01", 1000, 0};
    assert_int_equal(rules_check_spending_against(&book, &dept, &s, v), 0);
    s.department_id = 8;
    assert_int_equal(rules_check_spending_against(&book, &dept, &s, v), 1);
    assert_verdict(&v[0], VERDICT_REFUSE, "budget.resolution_other_line", "resolution_id");
    /* A personnel resolution authorises nothing. */
    const struct rules_authorisation cadre = {"干部任免", "cadre_appointment", 0, 0, 0, NULL, NULL};
    assert_int_equal(rules_check_spending_against(&lenient, &cadre, &s, v), 1);
    assert_verdict(&v[0], VERDICT_REFUSE, "budget.resolution_not_spending", "resolution_id");
}

static void test_congress_roll_counts_from_the_deputies_on_record(void **state)
{
    (void)state;
    struct verdict v;
    struct rules_congress_roll roll = {60, 3, NULL, false};
    assert_int_equal(rules_check_congress_roll(&book, &roll, &v), VERDICT_OK);
    roll.not_deputy = "王建华";
    assert_int_equal(rules_check_congress_roll(&book, &roll, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "congress.not_deputy", "absent");
    assert_string_equal(v.message_zh, "王建华 不是表决当日在任的人大代表");
    roll.not_deputy = NULL;
    roll.by_hand = true;
    assert_int_equal(rules_check_congress_roll(&book, &roll, &v), VERDICT_FLAG);
    assert_verdict(&v, VERDICT_FLAG, "congress.manual_count", "entitled");
    assert_string_equal(v.message_en,
                        "figures given by hand, not from the roll of deputies (60 on record, 57 "
                        "present)");
    roll = (struct rules_congress_roll){0, 0, NULL, false};
    assert_int_equal(rules_check_congress_roll(&book, &roll, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "congress.no_deputies", "entitled");
    roll.by_hand = true; /* with none on record, the figures by hand are the exception */
    assert_int_equal(rules_check_congress_roll(&book, &roll, &v), VERDICT_FLAG);
}

static void test_budget_split_adds_up_with_owners(void **state)
{
    (void)state;
    struct verdict v;
    struct rules_budget_line lines[] = {
        {"m1", 60000000, 0}, {"m2", 30000000, 0}, {"m3", 10000000, 0}};
    assert_int_equal(rules_check_budget_split(&book, 100000000, lines, 3, &v), VERDICT_OK);
    assert_int_equal(rules_check_budget_split(&book, 100000001, lines, 3, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "budget.split_sum", "lines");
    assert_string_equal(v.message_en,
                        "the budget lines add up to 1,000,000.00 yuan, not the 1,000,000.01 yuan "
                        "adopted");
    lines[1].owner = "";
    assert_int_equal(rules_check_budget_split(&book, 100000000, lines, 3, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "budget.line_owner", "owner");
    lines[1].owner = "m2";
    lines[2].allocated_fen = -1;
    assert_int_equal(rules_check_budget_split(&book, 89999999, lines, 3, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "budget.line_amount", "allocated_fen");
    assert_int_equal(rules_check_budget_split(&book, 0, lines, 0, &v), VERDICT_OK);
}

static void test_congress_vote_passes_with_more_than_half_of_all_deputies(void **state)
{
    (void)state;
    struct verdict v;
    struct rules_result r;
    /* 60 deputies, 50 present: 31 for pass, 30 do not (a majority of
     * those present is not enough). */
    struct rules_congress_vote cv = {60, 50, 31, 15, 4};
    assert_int_equal(rules_check_congress_vote(&book, &cv, &r, &v), VERDICT_OK);
    assert_true(r.passed);
    assert_int_equal(r.needed, 31);
    assert_int_equal(r.base, 60);
    assert_int_equal(r.not_voting, 10);
    cv.votes_for = 30;
    cv.votes_against = 16;
    assert_int_equal(rules_check_congress_vote(&book, &cv, &r, &v), VERDICT_OK);
    assert_false(r.passed);
    /* Odd: 61 deputies need 31. */
    struct rules_congress_vote odd = {61, 61, 31, 30, 0};
    assert_int_equal(rules_check_congress_vote(&book, &odd, &r, &v), VERDICT_OK);
    assert_true(r.passed);
    odd.votes_for = 30;
    odd.votes_against = 31;
    assert_int_equal(rules_check_congress_vote(&book, &odd, &r, &v), VERDICT_OK);
    assert_false(r.passed);
}

static void test_congress_vote_needs_two_thirds_present(void **state)
{
    (void)state;
    struct verdict v;
    struct rules_result r;
    struct rules_congress_vote cv = {60, 40, 35, 5, 0};
    assert_int_equal(rules_check_congress_vote(&book, &cv, &r, &v), VERDICT_OK);
    cv.present = 39;
    cv.votes_for = 34;
    assert_int_equal(rules_check_congress_vote(&book, &cv, &r, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "congress.quorum", "present");
    assert_string_equal(v.message_en, "60 deputies entitled and 39 present; at least 40 must be "
                                      "present");
    struct rules_congress_vote none = {0, 0, 0, 0, 0};
    assert_int_equal(rules_check_congress_vote(&book, &none, &r, &v), VERDICT_REFUSE);
    assert_string_equal(v.rule, "congress.quorum");
}

static void test_congress_vote_counts_must_be_consistent(void **state)
{
    (void)state;
    struct verdict v;
    struct rules_result r;
    struct rules_congress_vote bad[] = {
        {60, 61, 31, 0, 0},                /* more present than entitled */
        {60, 50, 31, 15, 5},               /* more votes than present */
        {60, 50, -1, 0, 0},                /* negative */
        {RULES_MAX_HEADS + 1, 1, 1, 0, 0}, /* absurd */
        {60, 50, 0, INT64_MAX, INT64_MAX}, /* no overflow */
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        assert_int_equal(rules_check_congress_vote(&book, &bad[i], &r, &v), VERDICT_REFUSE);
        assert_verdict(&v, VERDICT_REFUSE, "congress.tally", "vote");
    }
}

static void test_budget_adoption_and_adjustment_need_a_passed_congress_vote(void **state)
{
    (void)state;
    struct verdict v;
    assert_int_equal(rules_check_budget_adoption(&book, NULL, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "budget.congress_required", "congress_vote");
    struct rules_congress_vote cv = {60, 50, 30, 20, 0};
    assert_int_equal(rules_check_budget_adoption(&book, &cv, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "budget.congress_rejected", "congress_vote");
    assert_string_equal(v.message_en, "the congress did not pass it: 30 for, at least 31 needed");
    cv.votes_for = 31;
    cv.votes_against = 19;
    assert_int_equal(rules_check_budget_adoption(&book, &cv, &v), VERDICT_OK);
    cv.present = 30;
    cv.votes_for = 30;
    cv.votes_against = 0;
    assert_int_equal(rules_check_budget_adoption(&book, &cv, &v), VERDICT_REFUSE);
    assert_string_equal(v.rule, "congress.quorum");
}

/* ---- indicators ---------------------------------------------------------------- */

static void test_indicators_are_rounded_per_mille(void **state)
{
    (void)state;
    struct rules_indicators out;
    struct rules_indicator_counts c = {
        .items_notified = 2,
        .items_adhoc = 1,
        .items_discussed = 1,
        .items_vote_only = 7,
        .matters_collective = 243,
        .matters_individual = 0,
    };
    rules_indicators(&c, &out);
    assert_int_equal(out.notified_permille, 667);  /* 666.67 */
    assert_int_equal(out.discussed_permille, 125); /* 125 exactly */
    assert_int_equal(out.collective_permille, 1000);
    assert_int_equal(rules_permille(1, 2), 333);  /* 333.33 */
    assert_int_equal(rules_permille(1, 1999), 1); /* 0.5 rounds up */
    assert_int_equal(rules_permille(1, 2001), 0); /* 0.4998 */
    assert_int_equal(rules_permille(0, 5), 0);
    assert_int_equal(rules_permille(0, 0), RULES_PERMILLE_NONE);
    assert_int_equal(rules_permille(-4, 0), RULES_PERMILLE_NONE);
    assert_int_equal(rules_permille(INT64_MAX, INT64_MAX), 500);
    struct rules_indicator_counts none = {0};
    rules_indicators(&none, &out);
    assert_int_equal(out.notified_permille, RULES_PERMILLE_NONE);
    assert_int_equal(out.discussed_permille, RULES_PERMILLE_NONE);
    assert_int_equal(out.collective_permille, RULES_PERMILLE_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates_that_make_no_sense_are_caught),
        cmocka_unit_test(test_catalogue_major_matters_need_a_vote),
        cmocka_unit_test(test_catalogue_projects_need_a_tender_from_the_threshold),
        cmocka_unit_test(test_catalogue_purchases_go_collective_from_the_large_fund),
        cmocka_unit_test(test_catalogue_ordinary_categories),
        cmocka_unit_test(test_catalogue_refuses_unknown_category_and_negative_amount),
        cmocka_unit_test(test_decision_collective_required_cannot_be_decided_otherwise),
        cmocka_unit_test(test_decision_vote_required_for_major_matters),
        cmocka_unit_test(test_award_needs_a_public_tender_at_the_threshold),
        cmocka_unit_test(test_expenditure_within_the_line_is_ok),
        cmocka_unit_test(test_expenditure_that_overdraws_the_line_is_refused),
        cmocka_unit_test(test_expenditure_at_the_large_fund_cites_a_resolution),
        cmocka_unit_test(test_expenditure_must_be_positive),
        cmocka_unit_test(test_a_spending_matter_carries_what_it_authorises),
        cmocka_unit_test(test_spending_cites_only_what_a_resolution_authorises),
        cmocka_unit_test(test_congress_roll_counts_from_the_deputies_on_record),
        cmocka_unit_test(test_budget_split_adds_up_with_owners),
        cmocka_unit_test(test_congress_vote_passes_with_more_than_half_of_all_deputies),
        cmocka_unit_test(test_congress_vote_needs_two_thirds_present),
        cmocka_unit_test(test_congress_vote_counts_must_be_consistent),
        cmocka_unit_test(test_budget_adoption_and_adjustment_need_a_passed_congress_vote),
        cmocka_unit_test(test_indicators_are_rounded_per_mille),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
