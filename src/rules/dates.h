/*
 * Dates that must make sense: spending within its budget's fiscal year, a
 * congress vote not dated after today. Dates
 * are "YYYY-MM-DD" in Asia/Shanghai, already checked as dates; "today" is
 * the command's. All refused (fixed rules). No I/O. See docs/rules.md.
 */
#ifndef PROBITY_RULES_DATES_H
#define PROBITY_RULES_DATES_H

#include "rules/verdict.h"

#include <stdint.h>

/* spent_on falls in fiscal_year (budget.spent_outside_year, field
 * "spent_on"). */
MUST_CHECK enum verdict_kind rules_check_spending_date(const struct rulebook *rb,
                                                       const char *spent_on,
                                                       int64_t fiscal_year,
                                                       struct verdict *v);
/* voted_on is not after today (congress.vote_in_future, field
 * "voted_on"). */
MUST_CHECK enum verdict_kind rules_check_vote_date(const struct rulebook *rb,
                                                   const char *voted_on,
                                                   const char *today,
                                                   struct verdict *v);

#endif
