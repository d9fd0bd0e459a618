/*
 * Advance notification and ad-hoc motions. See notice.h.
 */
#include "rules/notice.h"

#include "rules/catalogue.h"

#define MS_PER_HOUR 3600000LL

/* The lead time in ms, or -1 when never notified or notified late. */
static int64_t lead_ms(const struct rules_notice *n)
{
    if (!n->notified || n->notified_at > n->meeting_starts) {
        return -1;
    }
    return n->meeting_starts - n->notified_at;
}

bool rules_notice_is_adhoc(const struct rulebook *rb, const struct rules_notice *n)
{
    const struct rule_category *cat = rulebook_category(rb, n->category);
    return cat != NULL && lead_ms(n) < cat->notice_hours * MS_PER_HOUR;
}

enum verdict_kind
rules_check_notice(const struct rulebook *rb, const struct rules_notice *n, struct verdict *v)
{
    const struct rule_category *cat = rules__category(rb, n->category, v);
    if (cat == NULL) {
        return v->kind;
    }
    int64_t lead = lead_ms(n);
    if (lead >= cat->notice_hours * MS_PER_HOUR) {
        rules_verdict_ok(v);
    } else if (!cat->adhoc_allowed) {
        rules__violation(v, rb, RULE_NOTICE_ADHOC_FORBIDDEN, "notified_at", cat->name,
                         (long long)cat->notice_hours);
    } else if (lead < 0) {
        rules__violation(v, rb, RULE_NOTICE_ADHOC, "notified_at", (long long)cat->notice_hours);
    } else {
        rules__violation(v, rb, RULE_NOTICE_MIN_HOURS, "notified_at",
                         (long long)(lead / MS_PER_HOUR), (long long)cat->notice_hours);
    }
    return v->kind;
}
