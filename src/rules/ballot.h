/*
 * The vote on an agenda item: one matter per vote, one ballot per member
 * present and not recused, no proxy for the absent, a secret ballot that
 * records who voted but not how and whose tally equals the ballots cast,
 * and the result by the category's pass rule in exact integer arithmetic.
 * Pure.
 */
#ifndef PROBITY_RULES_BALLOT_H
#define PROBITY_RULES_BALLOT_H

#include "rules/quorum.h"
#include "rules/rulebook.h"
#include "rules/statement.h"
#include "rules/verdict.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum rules_choice {
    RULES_CHOICE_SECRET,   /* a secret ballot: how the member voted is not recorded */
    RULES_CHOICE_AGREE,    /* "agree" 同意 */
    RULES_CHOICE_DISAGREE, /* "disagree" 不同意 */
    RULES_CHOICE_ABSTAIN,  /* "abstain" 弃权 */
};

/* A ballot cast on an item (member borrowed). */
struct rules_ballot {
    const char *member;
    enum rules_choice choice;
};

/* Votes counted; from open ballots, a secret ballot's count, or
 * statements where there is no vote. */
struct rules_tally {
    int64_t agree;
    int64_t disagree;
    int64_t abstain;
    int64_t reserved; /* statements only: a reserved view does not agree */
};

/* The result of an item by the pass rule. */
struct rules_result {
    bool passed;
    int64_t base;       /* the count the pass rule is measured against */
    int64_t needed;     /* least agree votes that pass (>= 1) */
    int64_t agree;      /* agree votes counted */
    int64_t not_agree;  /* disagree + abstain + reserved: the dissent on record */
    int64_t not_voting; /* entitled members who gave no vote (absent or silent) */
};

/* The choice's identifier ("agree", ...; "secret"), static. */
const char *rules_choice_name(enum rules_choice choice);

/* A vote covers exactly one matter: ballot.bundle (field "matters")
 * otherwise. */
MUST_CHECK enum verdict_kind
rules_check_vote_matters(const struct rulebook *rb, size_t n_matters, struct verdict *v);
/*
 * Checks one ballot against the roster and the ballots already cast on the
 * item: the voter is on the roster (ballot.not_member), not recused
 * (ballot.recused), present (ballot.proxy: no ballot for an absent member,
 * whoever submits it), has not voted (ballot.duplicate); field "member".
 * In a secret ballot (the category's secret_ballot) the ballot carries no
 * choice (ballot.secret_choice), in an open one it does
 * (ballot.choice_missing); field "choice".
 */
MUST_CHECK enum verdict_kind rules_check_ballot(const struct rulebook *rb,
                                                const char *category,
                                                const struct rules_roster *roster,
                                                const struct rules_ballot *cast,
                                                size_t n_cast,
                                                const struct rules_ballot *ballot,
                                                struct verdict *v);
/* Counts open ballots (RULES_CHOICE_SECRET ones are not counted). */
void rules_tally_ballots(const struct rules_ballot *cast, size_t n_cast, struct rules_tally *out);
/* Counts statements' views, where the category has no vote. */
void rules_tally_statements(const struct rules_statement *recorded,
                            size_t n_recorded,
                            struct rules_tally *out);
/*
 * A secret ballot's tally, counted by the tellers, must add up to the
 * ballots cast, n_cast (ballot.tally_mismatch, field "tally"; reserved
 * must be 0).
 */
MUST_CHECK enum verdict_kind rules_check_tally(const struct rulebook *rb,
                                               int64_t n_cast,
                                               const struct rules_tally *t,
                                               struct verdict *v);
/*
 * The item's result by the category's pass rule: agree votes must meet
 * pass out of its base ("entitled": all members but the recused, so an
 * absent member counts against; "present": members present and not
 * recused). A base of 0 never passes. A tally with more votes than
 * members present and not recused is ballot.tally_mismatch; an unknown
 * category catalogue.unknown_category. *out is filled when OK.
 */
MUST_CHECK enum verdict_kind rules_result(const struct rulebook *rb,
                                          const char *category,
                                          const struct rules_roster *roster,
                                          const struct rules_tally *t,
                                          struct rules_result *out,
                                          struct verdict *v);

#endif
