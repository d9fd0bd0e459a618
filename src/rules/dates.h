/*
 * Dates that must make sense: spending within its budget's fiscal year, a
 * congress vote not dated after today (both refused, fixed rules), a task
 * not due before today (flagged by default: an office may record a task
 * it set before, with a justification). Dates are "YYYY-MM-DD" in
 * Asia/Shanghai, already checked as dates; "today" is the command's. No
 * I/O. See docs/rules.md.
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

/* due_date is not before today (task.due_in_past, field "due_date"). */
MUST_CHECK enum verdict_kind rules_check_due_date(const struct rulebook *rb,
                                                  const char *due_date,
                                                  const char *today,
                                                  struct verdict *v);

#endif
