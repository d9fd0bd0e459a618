/*
 * The township budget: adopted by a vote of the township people's
 * congress (as is every adjustment), split into lines with owners that
 * add up to it; expenditures charged to a line never overdraw it, and one
 * at or above the large-fund threshold cites the resolution that approved
 * it. Pure. Money is int64 fen.
 */
#ifndef PROBITY_RULES_BUDGET_H
#define PROBITY_RULES_BUDGET_H

#include "rules/ballot.h"
#include "rules/rulebook.h"
#include "rules/verdict.h"

#include <stddef.h>
#include <stdint.h>

/* A budget line (owner borrowed). */
struct rules_budget_line {
    const char *owner;     /* the member who holds the line */
    int64_t allocated_fen; /* the line's share of the adopted budget */
    int64_t charged_fen;   /* expenditures charged to it so far */
};

/* An expenditure to charge to a line (resolution borrowed). */
struct rules_expenditure {
    int64_t amount_fen;
    const char *resolution; /* the approving resolution's id; NULL or "" when none */
};

/* Who was at a congress session, from the roll of deputies on record. */
struct rules_congress_roll {
    int64_t on_record;      /* deputies in office on the day of the vote */
    int64_t absent;         /* of them, recorded absent */
    const char *not_deputy; /* the name of one recorded absent who is not a deputy, or NULL */
    bool by_hand;           /* the figures are given by hand instead */
};

/* A vote of the township people's congress session. */
struct rules_congress_vote {
    int64_t entitled;      /* deputies entitled to vote */
    int64_t present;       /* deputies present */
    int64_t votes_for;     /* for */
    int64_t votes_against; /* against */
    int64_t abstentions;   /* abstain */
};

/*
 * Charging e to line: the amount is positive (budget.amount, field
 * "amount_fen"), leaves the line not overdrawn (budget.overdraw, field
 * "amount_fen"), and at or above the large-fund threshold cites a
 * resolution (budget.large_fund_resolution, field "resolution_id"). All
 * refused.
 */
MUST_CHECK enum verdict_kind rules_check_expenditure(const struct rulebook *rb,
                                                     const struct rules_budget_line *line,
                                                     const struct rules_expenditure *e,
                                                     struct verdict *v);
/*
 * The split of an adopted budget of adopted_fen into lines: each has an
 * owner (budget.line_owner, field "owner") and a non-negative allocation
 * (budget.line_amount, field "allocated_fen"), and together they add up to
 * adopted_fen exactly (budget.split_sum, field "lines").
 */
MUST_CHECK enum verdict_kind rules_check_budget_split(const struct rulebook *rb,
                                                      int64_t adopted_fen,
                                                      const struct rules_budget_line *lines,
                                                      size_t n_lines,
                                                      struct verdict *v);
/*
 * A congress vote: consistent counts (congress.tally: none negative,
 * present <= entitled, for + against + abstain <= present; field "vote")
 * and a quorum of deputies present (congress.quorum, field "present");
 * then *out holds the result by the congress pass rule (by default more
 * than half of ALL deputies entitled, not of those present).
 */
MUST_CHECK enum verdict_kind rules_check_congress_vote(const struct rulebook *rb,
                                                       const struct rules_congress_vote *cv,
                                                       struct rules_result *out,
                                                       struct verdict *v);
/*
 * The roll of a congress vote: everyone recorded absent is a deputy in
 * office that day (congress.not_deputy, field "absent"); figures given by
 * hand instead of the roll are congress.manual_count (flagged by default,
 * field "entitled"); with neither, a roll with nobody on it is
 * congress.no_deputies (field "entitled").
 */
MUST_CHECK enum verdict_kind rules_check_congress_roll(const struct rulebook *rb,
                                                       const struct rules_congress_roll *r,
                                                       struct verdict *v);
/*
 * Adopting a budget or a budget adjustment: it needs a congress vote
 * (cv NULL: budget.congress_required, field "congress_vote") that is valid
 * (rules_check_congress_vote) and passed (budget.congress_rejected, field
 * "congress_vote"). An adjustment needs a new vote of its own; the caller
 * passes that vote, not the one that adopted the budget.
 */
MUST_CHECK enum verdict_kind rules_check_budget_adoption(const struct rulebook *rb,
                                                         const struct rules_congress_vote *cv,
                                                         struct verdict *v);

#endif
