/*
 * Unit tests of the procurement rules (rules/procurement.h) and the
 * rulebook's procurement section, and of the unified social credit code
 * (rules/credit_code.h): the method an amount requires by kind and by
 * category, flagged where a rulebook says so; the resolution a tender
 * needs and what it authorises; the least submission period, which no
 * version may shorten; bids on time and an opening not early; the
 * section left out of the canonical document while it is the seed's, and
 * a township's override of part of it.
 */
#include "rules/credit_code.h"
#include "rules/procurement.h"
#include "rules/rulebook.h"

#include "core/alloc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_rulebook.h"

#define DAY_MS (24LL * 3600 * 1000)

static struct rulebook book;

static int group_setup(void **state)
{
    int rc = unit_group_setup(state);
    rulebook_default(&book);
    return rc;
}

static enum verdict_kind method(const struct rulebook *rb,
                                const char *category,
                                enum procurement_kind kind,
                                enum procurement_method m,
                                int64_t yuan,
                                struct verdict *v)
{
    struct rules_procurement_plan p = {category, kind, m, yuan * 100};
    return rules_check_method(rb, &p, v);
}

/* ---- the method ------------------------------------------------------- */

static void test_the_amount_decides_the_method_by_kind(void **state)
{
    (void)state;
    struct verdict v;
    /* Works: open tender from 500,000 yuan, competition from 100,000. */
    assert_int_equal(
        method(&book, "routine_affairs", PROCUREMENT_WORKS, PROCUREMENT_DIRECT, 99999, &v),
        VERDICT_OK);
    assert_int_equal(
        method(&book, "routine_affairs", PROCUREMENT_WORKS, PROCUREMENT_DIRECT, 100000, &v),
        VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "procurement.competition_required", "method");
    assert_non_null(strstr(v.message_en, "100,000.00 yuan"));
    assert_int_equal(
        method(&book, "routine_affairs", PROCUREMENT_WORKS, PROCUREMENT_SINGLE_SOURCE, 100000, &v),
        VERDICT_REFUSE);
    assert_int_equal(
        method(&book, "routine_affairs", PROCUREMENT_WORKS, PROCUREMENT_NEGOTIATION, 499999, &v),
        VERDICT_OK);
    assert_int_equal(
        method(&book, "routine_affairs", PROCUREMENT_WORKS, PROCUREMENT_INVITED_TENDER, 500000, &v),
        VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "tender.required", "method");
    assert_int_equal(
        method(&book, "routine_affairs", PROCUREMENT_WORKS, PROCUREMENT_OPEN_TENDER, 500000, &v),
        VERDICT_OK);
    /* Goods: competition from 50,000 yuan, open tender from 1,000,000. */
    assert_int_equal(
        method(&book, "routine_affairs", PROCUREMENT_GOODS, PROCUREMENT_DIRECT, 49999, &v),
        VERDICT_OK);
    assert_int_equal(
        method(&book, "routine_affairs", PROCUREMENT_GOODS, PROCUREMENT_DIRECT, 50000, &v),
        VERDICT_REFUSE);
    assert_int_equal(
        method(&book, "routine_affairs", PROCUREMENT_GOODS, PROCUREMENT_NEGOTIATION, 999999, &v),
        VERDICT_OK);
    assert_int_equal(method(&book, "routine_affairs", PROCUREMENT_SERVICES, PROCUREMENT_NEGOTIATION,
                            1000000, &v),
                     VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "tender.required", "method");
}

static void test_the_category_can_require_an_open_tender_sooner(void **state)
{
    (void)state;
    struct verdict v;
    struct rulebook rb = book;
    /* A category whose public tender starts at the large-fund line. */
    for (size_t i = 0; i < rb.n_categories; i++) {
        if (strcmp(rb.categories[i].name, "procurement_minor") == 0) {
            rb.categories[i].public_tender = RULE_WHEN_FROM_LARGE_FUND;
        }
    }
    /* Goods of 200,000 yuan: the kind alone lets a negotiation through. */
    assert_int_equal(
        method(&rb, "routine_affairs", PROCUREMENT_GOODS, PROCUREMENT_NEGOTIATION, 200000, &v),
        VERDICT_OK);
    assert_int_equal(
        method(&rb, "procurement_minor", PROCUREMENT_GOODS, PROCUREMENT_NEGOTIATION, 200000, &v),
        VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "tender.required", "method");
    assert_int_equal(
        method(&rb, "no_such_category", PROCUREMENT_GOODS, PROCUREMENT_OPEN_TENDER, 1, &v),
        VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "catalogue.unknown_category", "category");
}

static void test_a_township_may_flag_a_single_source(void **state)
{
    (void)state;
    struct verdict v;
    struct rulebook rb = book;
    rb.actions[RULE_PROCUREMENT_COMPETITION_REQUIRED] = RULE_ACTION_FLAG;
    assert_int_equal(
        method(&rb, "routine_affairs", PROCUREMENT_WORKS, PROCUREMENT_SINGLE_SOURCE, 200000, &v),
        VERDICT_FLAG);
    assert_verdict(&v, VERDICT_FLAG, "procurement.competition_required", "method");
}

/* ---- the tender -------------------------------------------------------- */

static void test_a_tender_needs_its_resolution_and_stays_within_it(void **state)
{
    (void)state;
    struct verdict v;
    struct rules_tender_authority a = {"村道修缮", true, NULL, 0, 1500000 * 100LL};
    assert_int_equal(rules_check_tender_authority(&book, &a, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "procurement.resolution_required", "matter_id");
    assert_non_null(strstr(v.message_zh, "村道修缮"));
    a.resolution = "村道修缮";
    a.authorised_fen = 1400000 * 100LL;
    assert_int_equal(rules_check_tender_authority(&book, &a, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "procurement.resolution_amount", "control_price_fen");
    a.authorised_fen = 1500000 * 100LL;
    assert_int_equal(rules_check_tender_authority(&book, &a, &v), VERDICT_OK);
    /* A matter that needs no collective decision needs no resolution. */
    struct rules_tender_authority minor = {"办公用品", false, NULL, 0, 30000 * 100LL};
    assert_int_equal(rules_check_tender_authority(&book, &minor, &v), VERDICT_OK);
}

static void test_the_submission_period_follows_the_method(void **state)
{
    (void)state;
    struct verdict v;
    int64_t t0 = 1780000000000LL;
    assert_int_equal(
        rules_check_submission_period(&book, PROCUREMENT_OPEN_TENDER, t0, t0 + 20 * DAY_MS, &v),
        VERDICT_OK);
    assert_int_equal(
        rules_check_submission_period(&book, PROCUREMENT_OPEN_TENDER, t0, t0 + 20 * DAY_MS - 1, &v),
        VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "procurement.submission_period", "submission_deadline");
    assert_non_null(strstr(v.message_en, "due 19 days after"));
    assert_int_equal(
        rules_check_submission_period(&book, PROCUREMENT_NEGOTIATION, t0, t0 + 3 * DAY_MS, &v),
        VERDICT_OK);
    assert_int_equal(
        rules_check_submission_period(&book, PROCUREMENT_SINGLE_SOURCE, t0, t0 + 60000, &v),
        VERDICT_OK);
    /* A deadline already past is no period at all. */
    assert_int_equal(rules_check_submission_period(&book, PROCUREMENT_SINGLE_SOURCE, t0, t0, &v),
                     VERDICT_REFUSE);
}

static void test_bids_on_time_and_the_opening_not_early(void **state)
{
    (void)state;
    struct verdict v;
    int64_t due = 1780000000000LL;
    assert_int_equal(rules_check_bid_time(&book, due, due, &v), VERDICT_OK);
    assert_int_equal(rules_check_bid_time(&book, due, due + 1, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "procurement.late_bid", "submitted_at");
    assert_int_equal(rules_check_opening(&book, due, due - 1, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "procurement.opening_early", "opening_at");
    assert_int_equal(rules_check_opening(&book, due, due, &v), VERDICT_OK);
}

/* ---- the panel, the award, the contract, the figures ------------------ */

static void test_a_panel_is_odd_and_large_enough(void **state)
{
    (void)state;
    struct verdict v;
    assert_int_equal(rules_check_panel_size(&book, PROCUREMENT_OPEN_TENDER, 5, &v), VERDICT_OK);
    assert_int_equal(rules_check_panel_size(&book, PROCUREMENT_OPEN_TENDER, 3, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "procurement.panel_size", "size");
    assert_int_equal(rules_check_panel_size(&book, PROCUREMENT_INVITED_TENDER, 6, &v),
                     VERDICT_REFUSE);
    assert_int_equal(rules_check_panel_size(&book, PROCUREMENT_NEGOTIATION, 3, &v), VERDICT_OK);
    assert_int_equal(rules_check_panel_size(&book, PROCUREMENT_SINGLE_SOURCE, 4, &v),
                     VERDICT_REFUSE);
}

static void test_an_evaluator_related_or_of_the_committee_stands_aside(void **state)
{
    (void)state;
    struct verdict v;
    struct rules_evaluator free_one = {"赵立新", NULL, false};
    assert_int_equal(rules_check_evaluator(&book, &free_one, &v), VERDICT_OK);
    struct rules_evaluator related = {"钱国平", "诸暨市永安建筑工程有限公司", false};
    assert_int_equal(rules_check_evaluator(&book, &related, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "procurement.evaluator_related", "evaluator_ids");
    assert_non_null(strstr(v.message_zh, "永安"));
    struct rules_evaluator member = {"孙文华", NULL, true};
    assert_int_equal(rules_check_evaluator(&book, &member, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "procurement.evaluator_committee", "evaluator_ids");
}

static void test_the_award_goes_to_the_first_ranked_bid(void **state)
{
    (void)state;
    struct verdict v;
    struct rules_award first = {"甲公司", false, "甲公司", true};
    assert_int_equal(rules_check_award_choice(&book, &first, &v), VERDICT_OK);
    struct rules_award second = {"乙公司", false, "甲公司", false};
    assert_int_equal(rules_check_award_choice(&book, &second, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "procurement.award_not_first", "bid_id");
    struct rules_award out = {"丙公司", true, "甲公司", false};
    assert_int_equal(rules_check_award_choice(&book, &out, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "procurement.award_disqualified", "bid_id");
    /* A township may let the second through, with a justification. */
    struct rulebook rb = book;
    rb.actions[RULE_PROCUREMENT_AWARD_NOT_FIRST] = RULE_ACTION_FLAG;
    assert_int_equal(rules_check_award_choice(&rb, &second, &v), VERDICT_FLAG);
    assert_int_equal(rules_check_award_choice(&rb, &out, &v), VERDICT_REFUSE);
}

static void test_the_contract_comes_after_the_award_and_the_resolution(void **state)
{
    (void)state;
    struct verdict v;
    struct rules_contract c = {"2026-05-10", "2026-05-08", "2026-03-20", 4800000, 4800000};
    assert_int_equal(rules_check_contract(&book, &c, &v), VERDICT_OK);
    c.signed_on = "2026-05-07";
    assert_int_equal(rules_check_contract(&book, &c, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "procurement.contract_before_award", "signed_on");
    struct rules_contract direct = {"2026-03-19", NULL, "2026-03-20", 30000, 0};
    assert_int_equal(rules_check_contract(&book, &direct, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "procurement.contract_before_resolution", "signed_on");
    direct.signed_on = "2026-03-20";
    assert_int_equal(rules_check_contract(&book, &direct, &v), VERDICT_OK);
    c.signed_on = "2026-05-10";
    c.price_fen = 4900000;
    assert_int_equal(rules_check_contract(&book, &c, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "procurement.contract_price", "price_fen");
    /* A township may allow a contract before the award as an exception
     * (emergency works); a refusal still comes first. */
    struct rulebook early = book;
    early.actions[RULE_PROCUREMENT_CONTRACT_BEFORE_AWARD] = RULE_ACTION_FLAG;
    c.signed_on = "2026-05-07";
    assert_int_equal(rules_check_contract(&early, &c, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "procurement.contract_price", "price_fen");
    c.price_fen = 4800000;
    assert_int_equal(rules_check_contract(&early, &c, &v), VERDICT_FLAG);
    assert_verdict(&v, VERDICT_FLAG, "procurement.contract_before_award", "signed_on");
    c.resolved_on = "2026-05-08";
    assert_int_equal(rules_check_contract(&early, &c, &v), VERDICT_REFUSE);
    assert_verdict(&v, VERDICT_REFUSE, "procurement.contract_before_resolution", "signed_on");
}

static void test_the_figures_of_a_project(void **state)
{
    (void)state;
    struct rules_project_figures f;
    /* Zhibu's road: a control price of 12,000,000 yuan, contracted at
     * 10,560,000: 12% saved; changes of 211,200 (2%); settled 1% over. */
    rules_project_figures(1200000000, 1056000000, 21120000, 1066560000, &f);
    assert_int_equal(f.saving_permille, 120);
    assert_int_equal(f.change_permille, 20);
    assert_int_equal(f.overrun_permille, 10);
    /* Half a per mille rounds away from zero, either way. */
    rules_project_figures(2000, 1999, -1, 1999, &f);
    assert_int_equal(f.saving_permille, 1);
    assert_int_equal(f.change_permille, -1);
    assert_int_equal(f.overrun_permille, 0);
    rules_project_figures(1000, 1200, 0, 0, &f);
    assert_int_equal(f.saving_permille, -200);
    assert_true(f.overrun_permille == RULES_FIGURE_NONE);
    rules_project_figures(1000, 0, 0, 0, &f);
    assert_true(f.saving_permille == RULES_FIGURE_NONE);
    assert_true(f.change_permille == RULES_FIGURE_NONE);
    /* Amounts at the rulebook's largest do not overflow. */
    rules_project_figures(RULEBOOK_MAX_FEN, RULEBOOK_MAX_FEN / 2, 0, 0, &f);
    assert_int_equal(f.saving_permille, 500);
}

/* ---- the rulebook's section ------------------------------------------- */

/* The built-in document with "procurement" set to text. */
static enum err_code with_procurement(const char *text, struct rulebook *out, struct err *err)
{
    json_t *doc = json_loads(rulebook_default_text(), 0, NULL);
    json_object_set_new(doc, "procurement", json_loads(text, 0, NULL));
    enum err_code rc = rulebook_from_json(doc, out, err);
    json_decref(doc);
    return rc;
}

#define KINDS_SEED                                                                                 \
    "\"kinds\": {\"works\": {\"open_tender_fen\": 50000000, \"competitive_fen\": 10000000},"       \
    " \"goods\": {\"open_tender_fen\": 100000000, \"competitive_fen\": 5000000},"                  \
    " \"services\": {\"open_tender_fen\": 100000000, \"competitive_fen\": 5000000}}"

static void test_the_section_is_strict_and_keeps_the_law_s_periods(void **state)
{
    (void)state;
    struct rulebook rb;
    struct err err;
    err_init(&err);
    assert_int_equal(with_procurement("{" KINDS_SEED ", \"submission_days\": {\"direct\": 0,"
                                      " \"single_source\": 0, \"negotiation\": 5,"
                                      " \"invited_tender\": 20, \"open_tender\": 30}}",
                                      &rb, &err),
                     ERR_OK);
    assert_int_equal(rb.procurement.submission_days[PROCUREMENT_OPEN_TENDER], 30);
    assert_int_equal(rb.procurement.submission_days[PROCUREMENT_NEGOTIATION], 5);
    /* Shorter than the law's 20 days. */
    assert_int_equal(with_procurement("{" KINDS_SEED ", \"submission_days\": {\"direct\": 0,"
                                      " \"single_source\": 0, \"negotiation\": 3,"
                                      " \"invited_tender\": 20, \"open_tender\": 19}}",
                                      &rb, &err),
                     ERR_INVALID);
    assert_string_equal(err.field, "procurement.submission_days.open_tender");
    /* A competition line above the open-tender line. */
    assert_int_equal(
        with_procurement("{\"kinds\": {\"works\": {\"open_tender_fen\": 100, \"competitive_fen\": "
                         "101}, \"goods\": {\"open_tender_fen\": 1, \"competitive_fen\": 1},"
                         " \"services\": {\"open_tender_fen\": 1, \"competitive_fen\": 1}},"
                         " \"submission_days\": {\"direct\": 0, \"single_source\": 0,"
                         " \"negotiation\": 3, \"invited_tender\": 20, \"open_tender\": 20}}",
                         &rb, &err),
        ERR_INVALID);
    assert_string_equal(err.field, "procurement.kinds.works.competitive_fen");
    /* An unknown kind. */
    assert_int_equal(
        with_procurement("{\"kinds\": {\"land\": {}}, \"submission_days\": {}}", &rb, &err),
        ERR_INVALID);
    assert_string_equal(err.field, "procurement.kinds.land");
}

static void test_the_seed_s_section_is_left_out_of_the_document(void **state)
{
    (void)state;
    struct rulebook rb;
    struct err err;
    char before[RULEBOOK_DIGEST_HEX], after[RULEBOOK_DIGEST_HEX];
    err_init(&err);
    json_t *doc = rulebook_to_json(&book);
    assert_null(json_object_get(doc, "procurement"));
    json_decref(doc);
    rulebook_digest(&book, before);
    /* Given whole as the seed's, it is the same document. */
    json_t *whole = rulebook_procurement_json(&book);
    char *text = json_dumps(whole, 0);
    assert_int_equal(with_procurement(text, &rb, &err), ERR_OK);
    rulebook_digest(&rb, after);
    assert_string_equal(before, after);
    xfree(text);
    json_decref(whole);
}

static void test_a_township_overrides_part_of_the_section(void **state)
{
    (void)state;
    struct rulebook rb;
    struct err err;
    err_init(&err);
    json_t *override = json_loads(
        "{\"version\": 1, \"effective_from\": \"2026-01-01T00:00:00Z\", \"township\": \"zhibu\","
        " \"procurement\": {\"kinds\": {\"works\": {\"open_tender_fen\": 30000000}}}}",
        0, NULL);
    assert_int_equal(rulebook_merge(&book, override, &rb, &err), ERR_OK);
    assert_int_equal(rb.procurement.open_tender_fen[PROCUREMENT_WORKS], 30000000);
    assert_int_equal(rb.procurement.competitive_fen[PROCUREMENT_WORKS], 10000000);
    assert_int_equal(rb.procurement.open_tender_fen[PROCUREMENT_GOODS], 100000000);
    json_t *doc = rulebook_to_json(&rb);
    assert_non_null(json_object_get(doc, "procurement"));
    json_decref(doc);
    json_decref(override);
}

/* ---- the unified social credit code ----------------------------------- */

static void test_credit_codes_check_both_check_characters(void **state)
{
    (void)state;
    /* GB 32100-2015's own example, and a code as registered. */
    assert_int_equal(credit_code_check("91350100M000100Y43"), CREDIT_CODE_OK);
    assert_int_equal(credit_code_check("91110000600037341L"), CREDIT_CODE_OK);
    assert_int_equal(credit_code_check("91350100M000100Y44"), CREDIT_CODE_CHECK);
    assert_int_equal(credit_code_check("91350100M000100Y53"), CREDIT_CODE_ORG_CHECK);
    assert_int_equal(credit_code_check("91350100M000100Y4"), CREDIT_CODE_LENGTH);
    assert_int_equal(credit_code_check(""), CREDIT_CODE_LENGTH);
    assert_int_equal(credit_code_check("91350100I000100Y43"), CREDIT_CODE_CHARACTER);
    assert_int_equal(credit_code_check("91350100m000100Y43"), CREDIT_CODE_CHARACTER);
    /* Filling in the check characters makes the example again. */
    char code[CREDIT_CODE_LEN + 1] = "91350100M000100Y";
    credit_code_fill(code);
    assert_string_equal(code, "91350100M000100Y43");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_amount_decides_the_method_by_kind),
        cmocka_unit_test(test_the_category_can_require_an_open_tender_sooner),
        cmocka_unit_test(test_a_township_may_flag_a_single_source),
        cmocka_unit_test(test_a_tender_needs_its_resolution_and_stays_within_it),
        cmocka_unit_test(test_the_submission_period_follows_the_method),
        cmocka_unit_test(test_bids_on_time_and_the_opening_not_early),
        cmocka_unit_test(test_a_panel_is_odd_and_large_enough),
        cmocka_unit_test(test_an_evaluator_related_or_of_the_committee_stands_aside),
        cmocka_unit_test(test_the_award_goes_to_the_first_ranked_bid),
        cmocka_unit_test(test_the_contract_comes_after_the_award_and_the_resolution),
        cmocka_unit_test(test_the_figures_of_a_project),
        cmocka_unit_test(test_the_section_is_strict_and_keeps_the_law_s_periods),
        cmocka_unit_test(test_the_seed_s_section_is_left_out_of_the_document),
        cmocka_unit_test(test_a_township_overrides_part_of_the_section),
        cmocka_unit_test(test_credit_codes_check_both_check_characters),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
