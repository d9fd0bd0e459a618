/*
 * Dates that must make sense. See dates.h.
 */
#include "rules/dates.h"

#include <stdlib.h>
#include <string.h>

enum verdict_kind rules_check_spending_date(const struct rulebook *rb,
                                            const char *spent_on,
                                            int64_t fiscal_year,
                                            struct verdict *v)
{
    if (strtoll(spent_on, NULL, 10) != fiscal_year) {
        rules__violation(v, rb, RULE_BUDGET_SPENT_OUTSIDE_YEAR, "spent_on", spent_on,
                         (long long)fiscal_year);
        return v->kind;
    }
    rules_verdict_ok(v);
    return v->kind;
}

enum verdict_kind rules_check_vote_date(const struct rulebook *rb,
                                        const char *voted_on,
                                        const char *today,
                                        struct verdict *v)
{
    /* "YYYY-MM-DD" texts compare as the dates they name. */
    if (strcmp(voted_on, today) > 0) {
        rules__violation(v, rb, RULE_CONGRESS_VOTE_IN_FUTURE, "voted_on", voted_on, today);
        return v->kind;
    }
    rules_verdict_ok(v);
    return v->kind;
}

enum verdict_kind rules_check_due_date(const struct rulebook *rb,
                                       const char *due_date,
                                       const char *today,
                                       struct verdict *v)
{
    if (strcmp(due_date, today) < 0) {
        rules__violation(v, rb, RULE_TASK_DUE_IN_PAST, "due_date", due_date, today);
        return v->kind;
    }
    rules_verdict_ok(v);
    return v->kind;
}
