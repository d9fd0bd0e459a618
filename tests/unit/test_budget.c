/*
 * Tests of the township budget (src/areas/budget/) through the domain
 * API: lines need owners and amounts; the congress votes only after the
 * committee's study, an inconsistent or inquorate vote is refused, a
 * failed one is recorded and adopts nothing, a passed one adopts the
 * budget when its lines add up; expenditures never overdraw a line, cite
 * a resolution from the large-fund threshold, and cite only one that
 * authorises them (its line or department, its period, its amount with
 * all that cited it before), and a correction is checked as if charged
 * anew without the amount it replaces; an adjustment needs a
 * study and a vote of its own; each line reports allocated, spent and
 * remaining; and a rebuild finds the tables equal to a replay.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "record/rebuild.h"
#include "unit.h"
#include "unit_decision.h"

/* Shared across the file's tests, which run in order. */
static int64_t budget_id, line_small, line_large, study_item;

/* Runs a matter through a meeting to a passed result; returns the item. */
static int64_t pass_matter(struct fixture *f, int64_t matter, int64_t starts)
{
    struct err err;
    int64_t item = 0;
    int64_t meeting = fx_meeting(f, starts);
    fx_must(fx_add(f, meeting, matter, starts - 72 * HOUR_MS, NULL, &item, &err), &err, "add");
    fx_must(fx_attendance(f, item, starts + 60000, NULL, NULL, true, &err), &err, "attendance");
    for (size_t i = 1; i <= N_PEOPLE; i++) {
        fx_must(fx_state(f, item, i % N_PEOPLE, "agree", starts + 60000, &err), &err, "statement");
    }
    fx_must(fx_run(f, &f->clerk, starts + 60000, &item_open_vote_command, item, "{}", NULL, &err),
            &err, "vote");
    for (size_t i = 0; i < N_PEOPLE; i++) {
        fx_must(fx_ballot(f, item, i, "agree", starts + 60000, &err), &err, "ballot");
    }
    fx_must(fx_run(f, &f->clerk, starts + 60000, &item_result_command, item, "{}", NULL, &err),
            &err, "result");
    return item;
}

/* A matter of category linked to the budget. */
static int64_t budget_matter(struct fixture *f, const char *category, long long amount)
{
    struct err err;
    json_t *result = NULL;
    struct ctx x = fx_ctx(f, &f->clerk, UNIT_T0);
    json_t *in = jf("{\"title\":\"2026 年度预算\",\"category\":\"%s\",\"amount_fen\":%lld,"
                    "\"proposer_id\":%lld,\"budget_id\":%lld}",
                    category, amount, (long long)f->people[1], (long long)budget_id);
    err_init(&err);
    fx_must(fx_command(&x, &matter_create_command, "diankou", 0, in, &result, &err), &err,
            "matter");
    json_decref(in);
    return fx_id(result);
}

static void test_budget_lines_need_owners_and_amounts(void **state)
{
    struct fixture *f = *state;
    struct err err;
    json_t *result = NULL;
    struct ctx x = fx_ctx(f, &f->clerk, UNIT_T0);
    json_t *in = jf("{\"fiscal_year\":2026,\"title\":\"店口镇 2026 年预算\"}");
    assert_ok_rc(fx_command(&x, &budget_create_command, "diankou", 0, in, &result, &err), &err);
    budget_id = fx_id(result);
    int64_t before = unit_event_count(f->n.c);
    assert_int_equal(fx_command(&x, &budget_create_command, "diankou", 0, in, &result, &err),
                     ERR_CONFLICT);
    json_decref(in);
    enum err_code rc = fx_run(f, &f->member, UNIT_T0, &budget_add_line_command, budget_id,
                              "{\"purpose\":\"道路\",\"amount_fen\":100}", NULL, &err);
    assert_refused(rc, &err, ERR_INVALID, "budget.line_owner", before, f->n.c);
    char input[200];
    snprintf(input, sizeof(input), "{\"purpose\":\"道路\",\"amount_fen\":-1,\"owner_id\":%lld}",
             (long long)f->people[3]);
    rc = fx_run(f, &f->member, UNIT_T0, &budget_add_line_command, budget_id, input, NULL, &err);
    assert_refused(rc, &err, ERR_INVALID, "budget.line_amount", before, f->n.c);
    snprintf(input, sizeof(input),
             "{\"purpose\":\"办公经费\",\"amount_fen\":5000000,\"owner_id\":%lld,"
             "\"department_id\":%lld}",
             (long long)f->people[3], (long long)f->department);
    assert_ok_rc(
        fx_run(f, &f->member, UNIT_T0, &budget_add_line_command, budget_id, input, &result, &err),
        &err);
    line_small = fx_id(result);
    snprintf(input, sizeof(input),
             "{\"purpose\":\"村道改造\",\"amount_fen\":30000000,\"owner_id\":%lld}",
             (long long)f->people[1]);
    assert_ok_rc(fx_run(f, &f->secretary, UNIT_T0, &budget_add_line_command, budget_id, input,
                        &result, &err),
                 &err);
    line_large = fx_id(result);
    assert_int_equal(unit_event_count(f->n.c), before + 2);
}

/* The fixture's township has no deputies on record: the figures are given
 * by hand, with the justification that flag asks for. */
#define VOTE_FMT                                                                                      \
    "{\"session\":\"第十八届人大第三次会议\",\"voted_on\":\"2026-03-05\",\"entitled\":%d," \
    "\"present\":%d,\"votes_for\":%d,\"votes_against\":%d,\"abstentions\":%d,"                        \
    "\"adopted_fen\":%lld,\"justification\":\"代表名册尚未录入\"}"

static enum err_code congress(struct fixture *f,
                              int entitled,
                              int present,
                              int yes,
                              int no,
                              int abstain,
                              long long adopted,
                              json_t **result,
                              struct err *err)
{
    char input[400];
    snprintf(input, sizeof(input), VOTE_FMT, entitled, present, yes, no, abstain, adopted);
    return fx_run(f, &f->congress, START + DAY_MS, &budget_congress_vote_command, budget_id, input,
                  result, err);
}

static void test_congress_votes_after_the_committee_study(void **state)
{
    struct fixture *f = *state;
    struct err err;
    json_t *result = NULL;
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc = congress(f, 60, 55, 50, 3, 2, 35000000, NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.committee_study", before, f->n.c);
    study_item = pass_matter(f, budget_matter(f, "major_decision", 35000000), START);
    before = unit_event_count(f->n.c);
    rc = fx_run(f, &f->clerk, START + DAY_MS, &budget_congress_vote_command, budget_id, "{}", NULL,
                &err);
    assert_int_equal(rc, ERR_FORBIDDEN);
    /* No deputies on record: the roll alone cannot count; figures by hand
     * need a justification. */
    rc = fx_run(f, &f->congress, START + DAY_MS, &budget_congress_vote_command, budget_id,
                "{\"session\":\"第三次会议\",\"voted_on\":\"2026-03-05\",\"votes_for\":50,"
                "\"votes_against\":3,\"abstentions\":2,\"adopted_fen\":35000000}",
                NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "congress.no_deputies", before, f->n.c);
    rc = fx_run(f, &f->congress, START + DAY_MS, &budget_congress_vote_command, budget_id,
                "{\"session\":\"第三次会议\",\"voted_on\":\"2026-03-05\",\"entitled\":60,"
                "\"present\":55,\"votes_for\":50,\"votes_against\":3,\"abstentions\":2,"
                "\"adopted_fen\":35000000}",
                NULL, &err);
    assert_refused(rc, &err, ERR_INVALID, "congress.manual_count", before, f->n.c);
    assert_string_equal(err.field, "justification");
    rc = congress(f, 60, 61, 50, 3, 2, 35000000, NULL, &err);
    assert_refused(rc, &err, ERR_INVALID, "congress.tally", before, f->n.c);
    rc = congress(f, 60, 39, 39, 0, 0, 35000000, NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "congress.quorum", before, f->n.c);
    /* 30 of 60 is not more than half of all deputies: recorded, rejected. */
    assert_ok_rc(congress(f, 60, 50, 30, 15, 5, 35000000, &result, &err), &err);
    json_t *b = json_object_get(result, "item");
    assert_string_equal(json_string_value(json_object_get(b, "status")), "rejected");
    json_t *vote = json_object_get(b, "congress_vote");
    assert_string_equal(json_string_value(json_object_get(vote, "roll")), "by_hand");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(vote, "roll_verdict"), "rule")),
        "congress.manual_count");
    assert_string_equal(json_string_value(json_object_get(vote, "justification")),
                        "代表名册尚未录入");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(b, "adoption_verdict"), "rule")),
        "budget.congress_rejected");
    json_decref(result);
    before = unit_event_count(f->n.c);
    rc = congress(f, 60, 50, 45, 3, 2, 36000000, NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "budget.split_sum", before, f->n.c);
    assert_ok_rc(congress(f, 60, 50, 45, 3, 2, 35000000, &result, &err), &err);
    b = json_object_get(result, "item");
    assert_string_equal(json_string_value(json_object_get(b, "status")), "adopted");
    assert_int_equal(json_integer_value(json_object_get(b, "adopted_fen")), 35000000);
    json_decref(result);
    before = unit_event_count(f->n.c);
    char input[160];
    snprintf(input, sizeof(input), "{\"purpose\":\"x\",\"amount_fen\":1,\"owner_id\":%lld}",
             (long long)f->people[3]);
    rc = fx_run(f, &f->member, START, &budget_add_line_command, budget_id, input, NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.budget_adopted", before, f->n.c);
}

static enum err_code spend(struct fixture *f,
                           int64_t line,
                           long long amount,
                           int64_t resolution,
                           const char *spent_on,
                           json_t **result,
                           struct err *err)
{
    char input[256];
    if (resolution != 0) {
        snprintf(input, sizeof(input),
                 "{\"amount_fen\":%lld,\"purpose\":\"支出\",\"spent_on\":\"%s\","
                 "\"resolution_id\":%lld}",
                 amount, spent_on, (long long)resolution);
    } else {
        snprintf(input, sizeof(input),
                 "{\"amount_fen\":%lld,\"purpose\":\"支出\",\"spent_on\":\"%s\"}", amount,
                 spent_on);
    }
    return fx_run(f, &f->head, START + 2 * DAY_MS, &expenditure_create_command, line, input, result,
                  err);
}

/* A passed large-fund resolution authorising amount from line (0: from
 * the fixture's department instead) from March to June 2026. */
static int64_t authorising(struct fixture *f, int64_t line, long long amount)
{
    struct err err;
    json_t *result = NULL;
    struct ctx x = fx_ctx(f, &f->clerk, UNIT_T0);
    json_t *in =
        jf("{\"title\":\"村道改造资金使用\",\"category\":\"large_fund\",\"amount_fen\":%lld,"
           "\"proposer_id\":%lld,\"%s\":%lld,\"spend_from\":\"2026-03-01\","
           "\"spend_until\":\"2026-06-30\"}",
           amount, (long long)f->people[1], line ? "budget_line_id" : "department_id",
           (long long)(line ? line : f->department));
    err_init(&err);
    fx_must(fx_command(&x, &matter_create_command, "diankou", 0, in, &result, &err), &err,
            "matter");
    json_decref(in);
    return pass_matter(f, fx_id(result), START);
}

static void test_expenditures_never_overdraw_and_cite_resolutions(void **state)
{
    struct fixture *f = *state;
    struct err err;
    json_t *result = NULL;
    int64_t road = authorising(f, line_large, 20000000), dept = authorising(f, 0, 5000000);
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc = spend(f, line_small, 0, 0, "2026-04-01", NULL, &err);
    assert_refused(rc, &err, ERR_INVALID, "budget.amount", before, f->n.c);
    rc = spend(f, line_small, 5000001, 0, "2026-04-01", NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "budget.overdraw", before, f->n.c);
    assert_ok_rc(spend(f, line_small, 1200000, 0, "2026-04-01", &result, &err), &err);
    json_t *line = json_object_get(json_object_get(result, "item"), "line");
    assert_int_equal(json_integer_value(json_object_get(line, "spent_fen")), 1200000);
    assert_int_equal(json_integer_value(json_object_get(line, "remaining_fen")), 3800000);
    json_decref(result);
    before = unit_event_count(f->n.c);
    rc = spend(f, line_large, 12000000, 0, "2026-04-01", NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "budget.large_fund_resolution", before, f->n.c);
    rc = spend(f, line_large, 12000000, 999999, "2026-04-01", NULL, &err);
    assert_int_equal(rc, ERR_INVALID);
    assert_string_equal(err.field, "resolution_id");
    /* Only a resolution that authorises this spending may be cited. */
    rc = spend(f, line_large, 12000000, study_item, "2026-04-01", NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "budget.resolution_not_spending", before, f->n.c);
    rc = spend(f, line_large, 12000000, dept, "2026-04-01", NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "budget.resolution_other_line", before, f->n.c);
    rc = spend(f, line_large, 12000000, road, "2026-07-01", NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "budget.resolution_period", before, f->n.c);
    assert_string_equal(err.field, "spent_on");
    assert_ok_rc(spend(f, line_large, 12000000, road, "2026-04-01", NULL, &err), &err);
    /* 12 and 9 are more than the 20 authorised, though the line has 18 left. */
    rc = spend(f, line_large, 9000000, road, "2026-04-01", NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "budget.resolution_exceeded", before + 1, f->n.c);
    assert_string_equal(err.field, "amount_fen");
    rc = spend(f, line_large, 18000001, road, "2026-04-01", NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "budget.overdraw", before + 1, f->n.c);
    /* The department's resolution covers its line (small, below the threshold). */
    assert_ok_rc(spend(f, line_small, 100000, dept, "2026-04-01", NULL, &err), &err);
    /* The public sees the adopted budget and its spending. */
    struct ctx x = fx_ctx(f, &(struct actor){.login = "public", .role = ROLE_PUBLIC}, START);
    json_t *b = NULL;
    assert_ok_rc(budget_get(&x, &(struct args){.id = budget_id}, &b, &err), &err);
    json_t *totals = json_object_get(b, "totals");
    assert_int_equal(json_integer_value(json_object_get(totals, "allocated_fen")), 35000000);
    assert_int_equal(json_integer_value(json_object_get(totals, "spent_fen")), 13300000);
    assert_int_equal(json_integer_value(json_object_get(totals, "remaining_fen")), 21700000);
    json_decref(b);
}

/* The id of the expenditure of amount on line. */
static int64_t expenditure_of(struct fixture *f, int64_t line, long long amount)
{
    int64_t id = 0;
    struct err err;
    assert_int_equal(store_query_int(f->n.c, &id, NULL, &err,
                                     "SELECT id FROM expenditures WHERE budget_line_id = ?"
                                     " AND amount_fen = ?",
                                     "ii", line, (int64_t)amount),
                     ERR_OK);
    assert_true(id > 0);
    return id;
}

/* Corrects expenditure id to amount (with purpose and date unchanged). */
static enum err_code correct(struct fixture *f, int64_t id, long long amount, struct err *err)
{
    char input[160];
    snprintf(input, sizeof(input), "{\"amount_fen\":%lld,\"reason\":\"发票金额录入有误\"}", amount);
    return fx_run(f, &f->head, START + 2 * DAY_MS, &expenditure_correct_command, id, input, NULL,
                  err);
}

static void test_a_correction_is_checked_as_if_charged_anew(void **state)
{
    struct fixture *f = *state;
    struct err err;
    int64_t road = expenditure_of(f, line_large, 12000000);
    int64_t office = expenditure_of(f, line_small, 1200000);
    int64_t before = unit_event_count(f->n.c);
    /* The resolution authorises 20: the 12 corrected to 20 fits, once the
     * 12 it replaces no longer counts; one fen more does not. */
    enum err_code rc = correct(f, road, 20000001, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "budget.resolution_exceeded", before, f->n.c);
    assert_ok_rc(correct(f, road, 20000000, &err), &err);
    /* The small line has 5, of which 0.1 is spent besides the 1.2. */
    rc = correct(f, office, 4900001, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "budget.overdraw", before + 1, f->n.c);
    assert_ok_rc(correct(f, office, 4900000, &err), &err);
    /* Out of the resolution's period, as a new charge would be. */
    rc = fx_run(f, &f->head, START + 2 * DAY_MS, &expenditure_correct_command, road,
                "{\"spent_on\":\"2026-07-01\",\"reason\":\"日期录错\"}", NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "budget.resolution_period", before + 2, f->n.c);
    /* Back to what was spent; the row keeps every value it replaced. */
    assert_ok_rc(correct(f, road, 12000000, &err), &err);
    assert_ok_rc(correct(f, office, 1200000, &err), &err);
    json_t *row = NULL;
    assert_int_equal(store_query_row(f->n.c, &row, &err,
                                     "SELECT corrections FROM expenditures WHERE id = ?", "i",
                                     road),
                     ERR_OK);
    json_t *list = json_loads(json_string_value(json_object_get(row, "corrections")), 0, NULL);
    assert_int_equal(json_array_size(list), 2);
    assert_int_equal(json_integer_value(json_object_get(
                         json_object_get(json_array_get(list, 0), "previous"), "amount_fen")),
                     12000000);
    assert_int_equal(json_integer_value(json_object_get(
                         json_object_get(json_array_get(list, 1), "previous"), "amount_fen")),
                     20000000);
    json_decref(list);
    json_decref(row);
}

static void test_an_adjustment_needs_its_own_study_and_vote(void **state)
{
    struct fixture *f = *state;
    struct err err;
    json_t *result = NULL;
    char input[800];
    int64_t matter = budget_matter(f, "budget_adjustment", 2000000);
#define ADJUST(yes)                                                                                \
    snprintf(input, sizeof(input),                                                                 \
             "{\"matter_id\":%lld,\"reason\":\"防汛追加\",\"changes\":[{\"line_id\":%lld,"     \
             "\"delta_fen\":2000000}],\"vote\":{\"session\":\"第四次会议\","                  \
             "\"voted_on\":\"2026-04-03\",\"entitled\":60,\"present\":50,\"votes_for\":%d,"        \
             "\"votes_against\":%d,\"abstentions\":0},\"justification\":\"代表名册尚未录入\"}",    \
             (long long)matter, (long long)line_small, yes, 50 - (yes))
    ADJUST(45);
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc = fx_run(f, &f->congress, START + 30 * DAY_MS, &budget_adjust_command,
                              budget_id, input, NULL, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "procedure.committee_study", before, f->n.c);
    pass_matter(f, matter, START + 20 * DAY_MS);
    /* A failed vote is recorded and changes nothing. */
    ADJUST(25);
    assert_ok_rc(fx_run(f, &f->congress, START + 30 * DAY_MS, &budget_adjust_command, budget_id,
                        input, &result, &err),
                 &err);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(result, "item"), "status")), "rejected");
    json_decref(result);
    ADJUST(45);
    assert_ok_rc(fx_run(f, &f->congress, START + 30 * DAY_MS, &budget_adjust_command, budget_id,
                        input, &result, &err),
                 &err);
    json_decref(result);
    struct ctx x = fx_ctx(f, &f->clerk, START + 30 * DAY_MS);
    json_t *line = NULL;
    assert_ok_rc(budget_line_get(&x, &(struct args){.id = line_small}, &line, &err), &err);
    assert_int_equal(json_integer_value(json_object_get(line, "allocated_fen")), 7000000);
    assert_int_equal(json_integer_value(json_object_get(line, "remaining_fen")), 5700000);
    assert_int_equal(json_array_size(json_object_get(line, "expenditures")), 2);
    json_decref(line);
    /* The same matter cannot adjust twice. */
    before = unit_event_count(f->n.c);
    rc = fx_run(f, &f->congress, START + 30 * DAY_MS, &budget_adjust_command, budget_id, input,
                NULL, &err);
    assert_int_equal(rc, ERR_CONFLICT);
    assert_int_equal(unit_event_count(f->n.c), before);
#undef ADJUST
}

static void test_budget_rebuild(void **state)
{
    fx_assert_rebuild(*state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_budget_lines_need_owners_and_amounts),
        cmocka_unit_test(test_congress_votes_after_the_committee_study),
        cmocka_unit_test(test_expenditures_never_overdraw_and_cite_resolutions),
        cmocka_unit_test(test_a_correction_is_checked_as_if_charged_anew),
        cmocka_unit_test(test_an_adjustment_needs_its_own_study_and_vote),
        cmocka_unit_test(test_budget_rebuild),
    };
    return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
