/*
 * The "three more, three fewer" indicators. See indicators.h.
 */
#include "rules/indicators.h"

int64_t rules_permille(int64_t part, int64_t rest)
{
    /* Counts are clamped to [0, RULES_INDICATOR_MAX], so the products fit. */
    part = part < 0 ? 0 : part > RULES_INDICATOR_MAX ? RULES_INDICATOR_MAX : part;
    rest = rest < 0 ? 0 : rest > RULES_INDICATOR_MAX ? RULES_INDICATOR_MAX : rest;
    int64_t total = part + rest;
    if (total == 0) {
        return RULES_PERMILLE_NONE;
    }
    return (2 * 1000 * part + total) / (2 * total);
}

void rules_indicators(const struct rules_indicator_counts *c, struct rules_indicators *out)
{
    out->notified_permille = rules_permille(c->items_notified, c->items_adhoc);
    out->discussed_permille = rules_permille(c->items_discussed, c->items_vote_only);
    out->collective_permille = rules_permille(c->matters_collective, c->matters_individual);
}
