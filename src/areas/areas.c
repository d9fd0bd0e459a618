/*
 * The registry: every area, one line each, in the order their tables
 * depend on one another (record/area.h, docs/adding-an-area.md).
 */
#include "record/area.h"

extern const struct area sealed_area, org_area, user_area, rulebook_area, meeting_area, budget_area;

const struct area *const areas[] = {
    &org_area, &user_area, &sealed_area, &rulebook_area, &meeting_area, &budget_area, NULL,
};
