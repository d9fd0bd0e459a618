/*
 * The registry: every area, one line each, in the order their tables
 * depend on one another (record/area.h, docs/adding-an-area.md). Each
 * area defines its struct area <name>_area in its folder.
 */
#include "record/area.h"

/* clang-format off */
#define AREAS(X)                                                                                   \
    X(events)                                                                                      \
    X(org)                                                                                         \
    X(user)                                                                                        \
    X(sealed)                                                                                      \
    X(rulebook)                                                                                    \
    X(meeting)                                                                                     \
    X(task)                                                                                        \
    X(budget)                                                                                      \
    X(procurement)                                                                                 \
    X(workbench)
/* clang-format on */

#define AREA_DECLARE(name) extern const struct area name##_area;
AREAS(AREA_DECLARE)

#define AREA_ENTRY(name) &name##_area,
const struct area *const areas[] = {AREAS(AREA_ENTRY) NULL};
