/*
 * Works and purchases: methods, tenders, bids on time. See procurement.h.
 */
#include "rules/procurement.h"

#include "core/money.h"
#include "core/utc.h"
#include "rules/catalogue.h"

#include <string.h>

#define DAY_MS (24LL * 3600 * 1000)

enum verdict_kind rules_check_method(const struct rulebook *rb,
                                     const struct rules_procurement_plan *p,
                                     struct verdict *v)
{
    struct rules_requirements req;
    char amount[MONEY_TEXT_MAX], threshold[MONEY_TEXT_MAX];
    if (rules_catalogue(rb, p->category, p->amount_fen, &req, v) != VERDICT_OK) {
        return v->kind;
    }
    const struct rule_procurement *rp = &rb->procurement;
    int64_t open_from = rp->open_tender_fen[p->kind];
    /* The category's requirement applies from its own threshold. */
    if (req.public_tender) {
        int64_t from = req.category->public_tender == RULE_WHEN_FROM_LARGE_FUND ? rb->large_fund_fen
                       : req.category->public_tender == RULE_WHEN_FROM_TENDER   ? rb->tender_fen
                                                                                : 0;
        open_from = from < open_from ? from : open_from;
    }
    money_format_yuan(p->amount_fen, amount);
    if (p->amount_fen >= open_from && p->method != PROCUREMENT_OPEN_TENDER) {
        money_format_yuan(open_from, threshold);
        rules__violation(v, rb, RULE_TENDER_REQUIRED, "method", amount, threshold);
    } else if (p->amount_fen >= rp->competitive_fen[p->kind] &&
               p->method < PROCUREMENT_NEGOTIATION) {
        money_format_yuan(rp->competitive_fen[p->kind], threshold);
        rules__violation(v, rb, RULE_PROCUREMENT_COMPETITION_REQUIRED, "method", amount, threshold);
    } else {
        rules_verdict_ok(v);
    }
    return v->kind;
}

enum verdict_kind rules_check_tender_authority(const struct rulebook *rb,
                                               const struct rules_tender_authority *a,
                                               struct verdict *v)
{
    char authorised[MONEY_TEXT_MAX], price[MONEY_TEXT_MAX];
    if (a->collective && a->resolution == NULL) {
        rules__violation(v, rb, RULE_PROCUREMENT_RESOLUTION_REQUIRED, "matter_id", a->matter_title);
    } else if (a->resolution != NULL && a->authorised_fen > 0 &&
               a->control_price_fen > a->authorised_fen) {
        money_format_yuan(a->authorised_fen, authorised);
        money_format_yuan(a->control_price_fen, price);
        rules__violation(v, rb, RULE_PROCUREMENT_RESOLUTION_AMOUNT, "control_price_fen",
                         a->resolution, authorised, price);
    } else {
        rules_verdict_ok(v);
    }
    return v->kind;
}

enum verdict_kind rules_check_submission_period(const struct rulebook *rb,
                                                enum procurement_method method,
                                                int64_t published_ms,
                                                int64_t deadline_ms,
                                                struct verdict *v)
{
    int64_t least = rb->procurement.submission_days[method];
    int64_t days = (deadline_ms - published_ms) / DAY_MS;
    if (deadline_ms <= published_ms || days < least) {
        rules__violation(v, rb, RULE_PROCUREMENT_SUBMISSION_PERIOD, "submission_deadline",
                         (long long)(days > 0 ? days : 0), (long long)least);
    } else {
        rules_verdict_ok(v);
    }
    return v->kind;
}

enum verdict_kind rules_check_bid_time(const struct rulebook *rb,
                                       int64_t deadline_ms,
                                       int64_t now_ms,
                                       struct verdict *v)
{
    char when[UTC_TEXT_MAX];
    if (now_ms > deadline_ms) {
        utc_format_shanghai(deadline_ms, when);
        rules__violation(v, rb, RULE_PROCUREMENT_LATE_BID, "submitted_at", when);
    } else {
        rules_verdict_ok(v);
    }
    return v->kind;
}

enum verdict_kind rules_check_opening(const struct rulebook *rb,
                                      int64_t opening_ms,
                                      int64_t now_ms,
                                      struct verdict *v)
{
    char when[UTC_TEXT_MAX];
    if (now_ms < opening_ms) {
        utc_format_shanghai(opening_ms, when);
        rules__violation(v, rb, RULE_PROCUREMENT_OPENING_EARLY, "opening_at", when);
    } else {
        rules_verdict_ok(v);
    }
    return v->kind;
}

enum verdict_kind rules_check_panel_size(const struct rulebook *rb,
                                         enum procurement_method method,
                                         int64_t size,
                                         struct verdict *v)
{
    int64_t least = method >= PROCUREMENT_INVITED_TENDER ? 5 : 3;
    if (size < least || size % 2 == 0) {
        rules__violation(v, rb, RULE_PROCUREMENT_PANEL_SIZE, "size", (long long)least,
                         (long long)size);
    } else {
        rules_verdict_ok(v);
    }
    return v->kind;
}

enum verdict_kind
rules_check_evaluator(const struct rulebook *rb, const struct rules_evaluator *e, struct verdict *v)
{
    if (e->related_bidder != NULL) {
        rules__violation(v, rb, RULE_PROCUREMENT_EVALUATOR_RELATED, "evaluator_ids", e->name,
                         e->related_bidder);
    } else if (e->on_committee) {
        rules__violation(v, rb, RULE_PROCUREMENT_EVALUATOR_COMMITTEE, "evaluator_ids", e->name);
    } else {
        rules_verdict_ok(v);
    }
    return v->kind;
}

enum verdict_kind
rules_check_award_choice(const struct rulebook *rb, const struct rules_award *a, struct verdict *v)
{
    if (a->disqualified) {
        rules__violation(v, rb, RULE_PROCUREMENT_AWARD_DISQUALIFIED, "bid_id", a->bidder);
    } else if (!a->first && a->first_bidder != NULL) {
        rules__violation(v, rb, RULE_PROCUREMENT_AWARD_NOT_FIRST, "bid_id", a->first_bidder);
    } else {
        rules_verdict_ok(v);
    }
    return v->kind;
}

enum verdict_kind
rules_check_contract(const struct rulebook *rb, const struct rules_contract *c, struct verdict *v)
{
    char price[MONEY_TEXT_MAX], awarded[MONEY_TEXT_MAX];
    /* Each check, then the worst: a refusal before an exception. */
    struct verdict found[3];
    for (size_t i = 0; i < ARRAY_SIZE(found); i++) {
        rules_verdict_ok(&found[i]);
    }
    if (c->resolved_on != NULL && strcmp(c->signed_on, c->resolved_on) < 0) {
        rules__violation(&found[0], rb, RULE_PROCUREMENT_CONTRACT_BEFORE_RESOLUTION, "signed_on",
                         c->signed_on, c->resolved_on);
    }
    if (c->awarded_on != NULL && strcmp(c->signed_on, c->awarded_on) < 0) {
        rules__violation(&found[1], rb, RULE_PROCUREMENT_CONTRACT_BEFORE_AWARD, "signed_on",
                         c->signed_on, c->awarded_on);
    }
    if (c->awarded_price_fen > 0 && c->price_fen != c->awarded_price_fen) {
        money_format_yuan(c->price_fen, price);
        money_format_yuan(c->awarded_price_fen, awarded);
        rules__violation(&found[2], rb, RULE_PROCUREMENT_CONTRACT_PRICE, "price_fen", price,
                         awarded);
    }
    *v = found[0];
    for (size_t i = 1; i < ARRAY_SIZE(found); i++) {
        if (found[i].kind > v->kind) {
            *v = found[i];
        }
    }
    return v->kind;
}

/* part / whole in per mille, rounded half away from zero (whole > 0). */
static int64_t ratio_permille(int64_t part, int64_t whole)
{
    __int128 scaled = (__int128)part * 2000;
    __int128 half = whole;
    __int128 q = scaled >= 0 ? (scaled + half) / (2 * (__int128)whole)
                             : -((-scaled + half) / (2 * (__int128)whole));
    return (int64_t)q;
}

void rules_project_figures(int64_t control_fen,
                           int64_t contract_fen,
                           int64_t changes_fen,
                           int64_t settlement_fen,
                           struct rules_project_figures *out)
{
    bool contracted = contract_fen > 0;
    out->saving_permille = control_fen > 0 && contracted
                               ? ratio_permille(control_fen - contract_fen, control_fen)
                               : RULES_FIGURE_NONE;
    out->change_permille =
        contracted ? ratio_permille(changes_fen, contract_fen) : RULES_FIGURE_NONE;
    out->overrun_permille = contracted && settlement_fen > 0
                                ? ratio_permille(settlement_fen - contract_fen, contract_fen)
                                : RULES_FIGURE_NONE;
}
