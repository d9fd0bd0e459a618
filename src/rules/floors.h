/*
 * The city's floors under every rulebook version (struct rule_floors):
 * what no township may loosen. See docs/rules.md, "Floors".
 */
#ifndef PROBITY_RULES_FLOORS_H
#define PROBITY_RULES_FLOORS_H

#include "rules/rulebook.h"

/*
 * Checks rb against its floors, category by category: the categories
 * decided collectively give at least the floor's notice
 * (rulebook.floor_notice), have the secretary speak last
 * (rulebook.floor_secretary_last) and pass by a share of all members
 * (rulebook.floor_pass); the major-matter categories are decided by a vote
 * (rulebook.floor_vote); cadre appointments need at least the floor's
 * quorum (rulebook.floor_cadre_quorum) and never come ad hoc
 * (rulebook.floor_cadre_adhoc). The first breach is refused; its field
 * is the JSON path of the setting.
 */
MUST_CHECK enum verdict_kind rulebook_check_floors(const struct rulebook *rb, struct verdict *v);

#endif
