/*
 * The decision catalogue: what the rulebook requires of a matter given its
 * category and amount (collective decision, vote, secret vote, public
 * tender, congress vote, notice, quorum, pass rule), and the checks that
 * hold a matter to it when it is decided and when its contract is awarded.
 * Pure. See docs/rules.md.
 */
#ifndef PROBITY_RULES_CATALOGUE_H
#define PROBITY_RULES_CATALOGUE_H

#include "rules/rulebook.h"
#include "rules/verdict.h"

#include <stdbool.h>
#include <stdint.h>

/* What the catalogue requires of one matter. */
struct rules_requirements {
    const struct rule_category *category; /* borrowed from the rulebook */
    bool major;                           /* a major matter (三重一大) */
    bool collective;                      /* must be decided collectively */
    bool ballot;                          /* decided by a vote */
    bool secret_ballot;                   /* the vote is secret */
    bool public_tender;                   /* public tender / procurement */
    bool congress_vote;                   /* the township congress votes too */
    int64_t notice_hours;                 /* least notification before the meeting */
    bool adhoc_allowed;                   /* an ad-hoc motion may be raised (flagged) */
    bool secretary_last;                  /* the secretary states a view last */
};

/*
 * Looks up what the catalogue requires of a matter of category and
 * amount_fen (0 when the matter has no amount). catalogue.unknown_category
 * (field "category") or catalogue.amount_negative (field "amount_fen")
 * refuse; *out is filled only when the verdict is OK.
 */
MUST_CHECK enum verdict_kind rules_catalogue(const struct rulebook *rb,
                                             const char *category,
                                             int64_t amount_fen,
                                             struct rules_requirements *out,
                                             struct verdict *v);

/* How a matter is being marked decided. */
struct rules_decision {
    const char *category; /* the matter's category */
    int64_t amount_fen;   /* its amount, 0 when none */
    bool collective;      /* decided on an agenda item of a committee meeting */
    bool ballot_held;     /* by a vote whose result was recorded */
};

/*
 * Marking a matter decided: one that requires a collective decision
 * cannot be decided any other way (decision.collective_required, field
 * "collective"); one that requires a vote needs one
 * (decision.ballot_required, field "ballot"). The catalogue's refusals as
 * rules_catalogue.
 */
MUST_CHECK enum verdict_kind
rules_check_decision(const struct rulebook *rb, const struct rules_decision *d, struct verdict *v);

/*
 * Awarding the contract of a works project or bulk purchase: at or above
 * the category's public-tender threshold it needs a public tender
 * (tender.required, field "public_tender"; refused or flagged by the
 * rulebook).
 */
MUST_CHECK enum verdict_kind rules_check_award(const struct rulebook *rb,
                                               const char *category,
                                               int64_t amount_fen,
                                               bool public_tender_held,
                                               struct verdict *v);

/* Internal to src/rules/: the category, or NULL with v set to
 * catalogue.unknown_category (field "category"). */
const struct rule_category *
rules__category(const struct rulebook *rb, const char *name, struct verdict *v);

#endif
