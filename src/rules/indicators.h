/*
 * The "three more, three fewer" (三多三少) indicators of a township for a
 * period, from counts the domain gathers: more items notified in advance
 * and fewer ad-hoc motions; more items discussed by all before the vote
 * and fewer voted without discussion; more matters brought to collective
 * decision and fewer decided by one member alone. Ratios are integer
 * per-mille. Pure.
 */
#ifndef PROBITY_RULES_INDICATORS_H
#define PROBITY_RULES_INDICATORS_H

#include <stdint.h>

/* A ratio with nothing to measure (a denominator of 0). */
#define RULES_PERMILLE_NONE (-1)
/* Counts above this are taken as this (no township holds 10^12 items). */
#define RULES_INDICATOR_MAX 1000000000000LL

struct rules_indicator_counts {
    int64_t items_notified;     /* agenda items notified in advance (in time) */
    int64_t items_adhoc;        /* ad-hoc motions (notice.adhoc / notice.min_hours) */
    int64_t items_discussed;    /* every member present stated a view before the decision */
    int64_t items_vote_only;    /* decided with views missing (statement.incomplete flagged) */
    int64_t matters_collective; /* matters decided collectively at a meeting */
    int64_t matters_individual; /* matters decided by one member (no collective decision) */
};

struct rules_indicators {
    int64_t notified_permille;   /* items_notified of notified + adhoc */
    int64_t discussed_permille;  /* items_discussed of discussed + vote_only */
    int64_t collective_permille; /* matters_collective of collective + individual */
};

/*
 * Computes the three ratios in per-mille, rounded half up, exact integer
 * arithmetic; RULES_PERMILLE_NONE where both counts are 0. Counts are
 * clamped to [0, RULES_INDICATOR_MAX].
 */
void rules_indicators(const struct rules_indicator_counts *c, struct rules_indicators *out);
/* The per-mille share of part in part + rest, rounded half up;
 * RULES_PERMILLE_NONE when both are 0. */
int64_t rules_permille(int64_t part, int64_t rest);

#endif
