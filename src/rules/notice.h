/*
 * Advance notification of agenda items: an item notified less than the
 * category's minimum time before the meeting (or not at all) is an ad-hoc
 * motion, which needs a justification and is flagged, or is refused where
 * the rulebook forbids ad-hoc motions for the category. Pure.
 */
#ifndef PROBITY_RULES_NOTICE_H
#define PROBITY_RULES_NOTICE_H

#include "rules/rulebook.h"
#include "rules/verdict.h"

#include <stdbool.h>
#include <stdint.h>

/* An agenda item being put on a meeting's agenda. */
struct rules_notice {
    const char *category;   /* the matter's category */
    bool notified;          /* false: members were never notified (raised at the meeting) */
    int64_t notified_at;    /* when members were notified, ms since the epoch */
    int64_t meeting_starts; /* when the meeting starts, ms since the epoch */
};

/*
 * True when the item is an ad-hoc motion: not notified, notified after the
 * meeting starts, or notified less than the category's notice_hours
 * before it (exactly notice_hours is in time). False for an unknown
 * category (rules_check_notice refuses it).
 */
bool rules_notice_is_adhoc(const struct rulebook *rb, const struct rules_notice *n);
/*
 * Checks the item's notification. In time: OK. An ad-hoc motion of a
 * category that forbids them: notice.adhoc_forbidden (refused). Otherwise
 * notice.adhoc (never notified, or notified after the start) or
 * notice.min_hours (notified too late), refused or flagged as the rulebook
 * says; field "notified_at". Whole hours of lead time are shown, rounded
 * down.
 */
MUST_CHECK enum verdict_kind
rules_check_notice(const struct rulebook *rb, const struct rules_notice *n, struct verdict *v);

#endif
