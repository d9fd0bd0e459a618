/*
 * The roster of one agenda item (who is entitled, present, absent with a
 * reason, recused with a reason), its counts, the attendance check and the
 * quorum by the item's category; and the integer arithmetic of thresholds
 * ("more than 1/2", "at least 2/3") shared with the pass rule. Pure.
 *
 * Recusals: a recused member does NOT count as present for the quorum,
 * which stays measured against all members; and is not entitled to vote
 * on the item, so the pass rule's "entitled" base leaves them out. See
 * docs/rules.md, "Recusals".
 */
#ifndef PROBITY_RULES_QUORUM_H
#define PROBITY_RULES_QUORUM_H

#include "rules/rulebook.h"
#include "rules/verdict.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most people any count here may hold (members, deputies, votes);
 * larger counts are refused as inconsistent, so no product overflows. */
#define RULES_MAX_HEADS 1000000

/* One committee member entitled to sit on the item (all strings borrowed). */
struct rules_member {
    const char *id;             /* the member's id, unique in the roster */
    bool present;               /* at the meeting for this item */
    const char *absence_reason; /* required when !present; NULL or "" when none */
    bool recused;               /* withdrew from this item for a conflict of interest */
    const char *recusal_reason; /* required when recused */
    bool secretary;             /* the party secretary (states a view last) */
    bool not_notified;          /* took office after the item was notified: no notice
                                   reached them (flagged at attendance) */
};

/* The members entitled to sit on an item: the committee's voting members. */
struct rules_roster {
    const struct rules_member *members;
    size_t n_members;
};

/* The roster in numbers. present + absent + recused == members. */
struct rules_counts {
    int64_t members;  /* all entitled members: the quorum's base */
    int64_t present;  /* present and not recused: they count for the quorum */
    int64_t absent;   /* not present and not recused */
    int64_t recused;  /* recused, present or not */
    int64_t entitled; /* members - recused: the pass rule's "entitled" base */
};

/* Counts the roster. */
void rules_roster_count(const struct rules_roster *roster, struct rules_counts *out);
/* The member with the id, borrowed from roster; NULL when there is none. */
const struct rules_member *rules_roster_find(const struct rules_roster *roster, const char *id);

/*
 * The least count that meets threshold t out of base, never below 1 (so a
 * base of 0 can never be met): "more than n/d" is floor(n*base/d) + 1,
 * "at least n/d" is ceil(n*base/d). Exact integer arithmetic. 0 <= base <= RULES_MAX_HEADS.
 */
int64_t rules_threshold_min(const struct rule_threshold *t, int64_t base);
/* True when count meets t out of base: count >= rules_threshold_min. */
bool rules_threshold_met(const struct rule_threshold *t, int64_t count, int64_t base);

/*
 * Attendance: every absent member has a reason (attendance.absence_reason,
 * field "absence_reason"), every recused member has one (recusal.reason,
 * field "recusal_reason"); the first fault in roster order is reported.
 */
MUST_CHECK enum verdict_kind rules_check_attendance(const struct rulebook *rb,
                                                    const struct rules_roster *roster,
                                                    struct verdict *v);
/*
 * Quorum for an item of the category: the members present and not recused
 * must meet the category's quorum out of all members (quorum.not_met,
 * field "attendance"). An unknown category is catalogue.unknown_category.
 */
MUST_CHECK enum verdict_kind rules_check_quorum(const struct rulebook *rb,
                                                const char *category,
                                                const struct rules_roster *roster,
                                                struct verdict *v);

#endif
