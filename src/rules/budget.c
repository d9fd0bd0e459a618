/*
 * Budget lines, expenditures and congress votes. See budget.h.
 */
#include "rules/budget.h"

#include "core/money.h"
#include "rules/quorum.h"

#include <string.h>

enum verdict_kind rules_check_expenditure(const struct rulebook *rb,
                                          const struct rules_budget_line *line,
                                          const struct rules_expenditure *e,
                                          struct verdict *v)
{
    char amount[MONEY_TEXT_MAX];
    char other[MONEY_TEXT_MAX];
    if (e->amount_fen <= 0) {
        rules__violation(v, rb, RULE_BUDGET_AMOUNT, "amount_fen");
        return v->kind;
    }
    int64_t left = line->allocated_fen - line->charged_fen;
    money_format_yuan(e->amount_fen, amount);
    if (e->amount_fen > left) {
        money_format_yuan(left > 0 ? left : 0, other);
        rules__violation(v, rb, RULE_BUDGET_OVERDRAW, "amount_fen", amount, other);
    } else if (e->amount_fen >= rb->large_fund_fen &&
               (e->resolution == NULL || e->resolution[0] == '\0')) {
        money_format_yuan(rb->large_fund_fen, other);
        rules__violation(v, rb, RULE_BUDGET_LARGE_FUND_RESOLUTION, "resolution_id", amount, other);
    } else {
        rules_verdict_ok(v);
    }
    return v->kind;
}

enum verdict_kind rules_check_budget_split(const struct rulebook *rb,
                                           int64_t adopted_fen,
                                           const struct rules_budget_line *lines,
                                           size_t n_lines,
                                           struct verdict *v)
{
    int64_t sum = 0;
    for (size_t i = 0; i < n_lines; i++) {
        if (lines[i].owner == NULL || lines[i].owner[0] == '\0') {
            rules__violation(v, rb, RULE_BUDGET_LINE_OWNER, "owner");
            return v->kind;
        }
        if (lines[i].allocated_fen < 0 || lines[i].allocated_fen > RULEBOOK_MAX_FEN) {
            rules__violation(v, rb, RULE_BUDGET_LINE_AMOUNT, "allocated_fen");
            return v->kind;
        }
        /* Each term is at most RULEBOOK_MAX_FEN (10^15), so the sum of up
         * to 9000 lines fits; stop adding once past any budget. */
        if (sum <= RULEBOOK_MAX_FEN) {
            sum += lines[i].allocated_fen;
        }
    }
    if (sum != adopted_fen) {
        char got[MONEY_TEXT_MAX];
        char want[MONEY_TEXT_MAX];
        money_format_yuan(sum, got);
        money_format_yuan(adopted_fen, want);
        rules__violation(v, rb, RULE_BUDGET_SPLIT_SUM, "lines", got, want);
    } else {
        rules_verdict_ok(v);
    }
    return v->kind;
}

enum verdict_kind rules_check_congress_vote(const struct rulebook *rb,
                                            const struct rules_congress_vote *cv,
                                            struct rules_result *out,
                                            struct verdict *v)
{
    const int64_t counts[] = {cv->entitled, cv->present, cv->votes_for, cv->votes_against,
                              cv->abstentions};
    bool out_of_range = false;
    for (size_t i = 0; i < ARRAY_SIZE(counts); i++) {
        out_of_range = out_of_range || counts[i] < 0 || counts[i] > RULES_MAX_HEADS;
    }
    if (out_of_range || cv->present > cv->entitled ||
        cv->votes_for > cv->present - cv->votes_against - cv->abstentions) {
        rules__violation(v, rb, RULE_CONGRESS_TALLY, "vote");
        return v->kind;
    }
    int64_t least = rules_threshold_min(&rb->congress_quorum, cv->entitled);
    if (cv->present < least) {
        rules__violation(v, rb, RULE_CONGRESS_QUORUM, "present", (long long)cv->entitled,
                         (long long)cv->present, (long long)least);
        return v->kind;
    }
    memset(out, 0, sizeof(*out));
    out->base = cv->entitled; /* the congress pass rule's base is always "entitled" */
    out->needed = rules_threshold_min(&rb->congress_pass, out->base);
    out->agree = cv->votes_for;
    out->not_agree = cv->votes_against + cv->abstentions;
    out->not_voting = cv->entitled - cv->votes_for - out->not_agree;
    out->passed = out->base > 0 && out->agree >= out->needed;
    rules_verdict_ok(v);
    return v->kind;
}

enum verdict_kind rules_check_congress_roll(const struct rulebook *rb,
                                            const struct rules_congress_roll *r,
                                            struct verdict *v)
{
    if (r->not_deputy != NULL) {
        rules__violation(v, rb, RULE_CONGRESS_NOT_DEPUTY, "absent", r->not_deputy);
    } else if (r->by_hand) {
        rules__violation(v, rb, RULE_CONGRESS_MANUAL_COUNT, "entitled", (long long)r->on_record,
                         (long long)(r->on_record - r->absent));
    } else if (r->on_record == 0) {
        rules__violation(v, rb, RULE_CONGRESS_NO_DEPUTIES, "entitled");
    } else {
        rules_verdict_ok(v);
    }
    return v->kind;
}

enum verdict_kind rules_check_budget_adoption(const struct rulebook *rb,
                                              const struct rules_congress_vote *cv,
                                              struct verdict *v)
{
    struct rules_result result = {0};
    if (cv == NULL) {
        rules__violation(v, rb, RULE_BUDGET_CONGRESS_REQUIRED, "congress_vote");
    } else if (rules_check_congress_vote(rb, cv, &result, v) == VERDICT_OK && !result.passed) {
        rules__violation(v, rb, RULE_BUDGET_CONGRESS_REJECTED, "congress_vote",
                         (long long)result.agree, (long long)result.needed);
    }
    return v->kind;
}
