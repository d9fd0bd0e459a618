/*
 * The red flags of a whole register at once (docs/red-flags.md, "A whole
 * register"): every project's flags of the steps it reached, and the flags
 * across projects, as the steps would have raised them one by one, in one
 * pass that sorts what it compares instead of asking for it. For a
 * supervisor's sweep over a city's records, and for the benchmark
 * (bench/red_flags.c) that sets it against the same rules written as SQL.
 * Pure: the caller lays the register out.
 */
#ifndef PROBITY_RULES_RED_FLAGS_REGISTER_H
#define PROBITY_RULES_RED_FLAGS_REGISTER_H

#include "rules/red_flags.h"

/* A project of the register: the project as the scan reads it, the last
 * step it reached, and what the flags across projects compare (numbers
 * the caller gives its townships, matters and bidders; days since the
 * epoch, 0 for none). */
struct rf_entry {
    const struct rf_project *p;
    bool stepped;             /* it reached the tender, or a direct purchase's contract */
    enum red_flag_at reached; /* the last step it reached (when stepped) */
    int64_t township;
    int64_t matter;
    int64_t supplier;      /* the winning bid's bidder, or a direct purchase's supplier */
    int64_t awarded_day;   /* the award's day */
    int64_t contract_day;  /* the contract's day */
    int64_t threshold_fen; /* the amount from which its kind needs competition */
};

/* A flag raised on entry e (of the register given). */
typedef void (*rf_entry_fn)(void *ctx, const struct rf_entry *e, const struct rf_raised *r);

/*
 * Raises every flag of the n entries under rb: each entry's own of the
 * steps up to the one it reached; flag.rotating_winners on each award
 * whose group's awards, in the order of their days (then projects), make
 * the rotation within the window before it; flag.split_purchase on each
 * direct purchase whose contract, with the township's earlier ones (by
 * day, then project) from the same supplier or for the same matter in the
 * window, makes the split. Entries in any order; flags in no set order.
 */
void red_flags_register(const struct rulebook *rb,
                        const struct rf_entry *entries,
                        size_t n,
                        rf_entry_fn raise,
                        void *ctx);

#endif
