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

#endif
