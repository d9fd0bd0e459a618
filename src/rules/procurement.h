/*
 * Works and purchases: the method an amount requires (by the kind of what
 * is bought and by its matter's category), the resolution a tender needs
 * and what it authorises, the least period between a tender's publication
 * and its deadline, bids on time and opened on time. Pure: the caller
 * reads the record. Money is int64 fen, instants ms since the epoch. See
 * docs/rules.md, "Procurement".
 */
#ifndef PROBITY_RULES_PROCUREMENT_H
#define PROBITY_RULES_PROCUREMENT_H

#include "rules/rulebook.h"
#include "rules/verdict.h"

#include <stdbool.h>
#include <stdint.h>

/* A project's method as chosen (texts borrowed). */
struct rules_procurement_plan {
    const char *category; /* its matter's category */
    enum procurement_kind kind;
    enum procurement_method method;
    int64_t amount_fen; /* the estimate; the control price once reviewed */
};

/*
 * The method p chose for its amount: an open tender when the kind's
 * open-tender threshold or the category's public_tender says so
 * (tender.required, field "method"); otherwise from the kind's competition
 * threshold no direct purchase or single source
 * (procurement.competition_required, field "method"). The catalogue's
 * refusals (unknown category, negative amount) as rules_catalogue.
 */
MUST_CHECK enum verdict_kind rules_check_method(const struct rulebook *rb,
                                                const struct rules_procurement_plan *p,
                                                struct verdict *v);

/* What stands behind a tender (texts borrowed). */
struct rules_tender_authority {
    const char *matter_title;  /* the project's matter */
    bool collective;           /* its matter needs a collective decision */
    const char *resolution;    /* the passed resolution's title; NULL when none yet */
    int64_t authorised_fen;    /* the amount the resolution authorises; 0 when none named */
    int64_t control_price_fen; /* the reviewed control price */
};

/*
 * A tender published under a: when the matter needs a collective decision,
 * its resolution exists (procurement.resolution_required, field
 * "matter_id") and authorises the control price
 * (procurement.resolution_amount, field "control_price_fen"; not checked
 * when the resolution names no amount).
 */
MUST_CHECK enum verdict_kind rules_check_tender_authority(const struct rulebook *rb,
                                                          const struct rules_tender_authority *a,
                                                          struct verdict *v);

/* The bids' deadline at least the method's submission days after the
 * tender documents' publication (procurement.submission_period, field
 * "submission_deadline"). */
MUST_CHECK enum verdict_kind rules_check_submission_period(const struct rulebook *rb,
                                                           enum procurement_method method,
                                                           int64_t published_ms,
                                                           int64_t deadline_ms,
                                                           struct verdict *v);

/* A bid received at now_ms, not after the deadline (procurement.late_bid,
 * field "submitted_at"). */
MUST_CHECK enum verdict_kind rules_check_bid_time(const struct rulebook *rb,
                                                  int64_t deadline_ms,
                                                  int64_t now_ms,
                                                  struct verdict *v);

/* The bids opened at now_ms, not before the opening time
 * (procurement.opening_early, field "opening_at"). */
MUST_CHECK enum verdict_kind rules_check_opening(const struct rulebook *rb,
                                                 int64_t opening_ms,
                                                 int64_t now_ms,
                                                 struct verdict *v);

/* A panel of size members for method: an odd number, at least five for a
 * tender and three otherwise (procurement.panel_size, field "size"). */
MUST_CHECK enum verdict_kind rules_check_panel_size(const struct rulebook *rb,
                                                    enum procurement_method method,
                                                    int64_t size,
                                                    struct verdict *v);

/* An evaluator on a panel (texts borrowed). */
struct rules_evaluator {
    const char *name;
    const char *related_bidder; /* a bidder that declared it related, or NULL */
    bool on_committee;          /* sat on the committee that decided the project */
};

/* The evaluator may sit on the panel: related to no bidder
 * (procurement.evaluator_related) and not of the deciding committee
 * (procurement.evaluator_committee); field "evaluator_ids". */
MUST_CHECK enum verdict_kind rules_check_evaluator(const struct rulebook *rb,
                                                   const struct rules_evaluator *e,
                                                   struct verdict *v);

/* An award (texts borrowed): the bid chosen, by its bidder's name. */
struct rules_award {
    const char *bidder;       /* the chosen bid's bidder */
    bool disqualified;        /* the panel disqualified it */
    const char *first_bidder; /* the first-ranked bid's bidder; NULL when none ranked */
    bool first;               /* the chosen bid is the first-ranked */
};

/* The award: never a disqualified bid (procurement.award_disqualified),
 * the first-ranked (procurement.award_not_first); field "bid_id". */
MUST_CHECK enum verdict_kind
rules_check_award_choice(const struct rulebook *rb, const struct rules_award *a, struct verdict *v);

/* A contract (dates "YYYY-MM-DD", texts borrowed). */
struct rules_contract {
    const char *signed_on;
    const char *awarded_on;  /* NULL for a direct purchase */
    const char *resolved_on; /* the resolution's date; NULL when none */
    int64_t price_fen;
    int64_t awarded_price_fen; /* the winning bid's price; 0 for a direct purchase */
};

/* The contract: signed on or after the resolution
 * (procurement.contract_before_resolution) and the award
 * (procurement.contract_before_award), field "signed_on"; at the winning
 * bid's price (procurement.contract_price, field "price_fen"). The
 * verdict is the worst: a refusal before an exception, and of two
 * exceptions the first in that order. */
MUST_CHECK enum verdict_kind
rules_check_contract(const struct rulebook *rb, const struct rules_contract *c, struct verdict *v);

/* A figure not there yet (its base is not recorded): figures may be
 * negative, so it is not rules/indicators.h's RULES_PERMILLE_NONE. */
#define RULES_FIGURE_NONE INT64_MIN

/* A project's figures in per mille, rounded half away from zero, each
 * RULES_FIGURE_NONE until its base exists. */
struct rules_project_figures {
    int64_t saving_permille; /* (control price - contract price) / control price: the saving rate */
    int64_t change_permille; /* change orders / contract price */
    int64_t overrun_permille; /* (settlement - contract price) / contract price */
};

/* The figures of a project (amounts in fen; 0: not recorded yet). The
 * same of sums over projects gives a township's year. */
void rules_project_figures(int64_t control_fen,
                           int64_t contract_fen,
                           int64_t changes_fen,
                           int64_t settlement_fen,
                           struct rules_project_figures *out);

#endif
