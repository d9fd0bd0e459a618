/*
 * The decision catalogue: requirements of a matter, and the decision and
 * award checks. See catalogue.h.
 */
#include "rules/catalogue.h"

#include "core/money.h"

#include <string.h>

const struct rule_category *
rules__category(const struct rulebook *rb, const char *name, struct verdict *v)
{
    const struct rule_category *cat = rulebook_category(rb, name);
    if (cat == NULL) {
        rules__violation(v, rb, RULE_CATALOGUE_UNKNOWN_CATEGORY, "category",
                         name != NULL ? name : "");
    }
    return cat;
}

enum verdict_kind rules_catalogue(const struct rulebook *rb,
                                  const char *category,
                                  int64_t amount_fen,
                                  struct rules_requirements *out,
                                  struct verdict *v)
{
    const struct rule_category *cat = rules__category(rb, category, v);
    if (cat == NULL) {
        return v->kind;
    }
    if (amount_fen < 0) {
        rules__violation(v, rb, RULE_CATALOGUE_AMOUNT_NEGATIVE, "amount_fen");
        return v->kind;
    }
    memset(out, 0, sizeof(*out));
    out->category = cat;
    out->major = cat->major;
    out->collective = rulebook_when(rb, cat->collective, amount_fen);
    out->ballot = rulebook_when(rb, cat->ballot, amount_fen);
    out->secret_ballot = out->ballot && cat->secret_ballot;
    out->public_tender = rulebook_when(rb, cat->public_tender, amount_fen);
    out->congress_vote = cat->congress_vote;
    out->notice_hours = cat->notice_hours;
    out->adhoc_allowed = cat->adhoc_allowed;
    out->secretary_last = cat->secretary_last;
    rules_verdict_ok(v);
    return v->kind;
}

enum verdict_kind
rules_check_decision(const struct rulebook *rb, const struct rules_decision *d, struct verdict *v)
{
    struct rules_requirements req;
    if (rules_catalogue(rb, d->category, d->amount_fen, &req, v) != VERDICT_OK) {
        return v->kind;
    }
    if (req.collective && !d->collective) {
        rules__violation(v, rb, RULE_DECISION_COLLECTIVE_REQUIRED, "collective");
    } else if (req.ballot && !d->ballot_held) {
        rules__violation(v, rb, RULE_DECISION_BALLOT_REQUIRED, "ballot");
    }
    return v->kind;
}

enum verdict_kind rules_check_award(const struct rulebook *rb,
                                    const char *category,
                                    int64_t amount_fen,
                                    bool public_tender_held,
                                    struct verdict *v)
{
    struct rules_requirements req;
    if (rules_catalogue(rb, category, amount_fen, &req, v) != VERDICT_OK) {
        return v->kind;
    }
    if (req.public_tender && !public_tender_held) {
        char amount[MONEY_TEXT_MAX];
        char threshold[MONEY_TEXT_MAX];
        int64_t floor = req.category->public_tender == RULE_WHEN_FROM_LARGE_FUND
                            ? rb->large_fund_fen
                        : req.category->public_tender == RULE_WHEN_FROM_TENDER ? rb->tender_fen
                                                                               : 0;
        money_format_yuan(amount_fen, amount);
        money_format_yuan(floor, threshold);
        rules__violation(v, rb, RULE_TENDER_REQUIRED, "public_tender", amount, threshold);
    }
    return v->kind;
}
