/*
 * Resolutions that authorise spending. A matter of a spending category
 * (large_fund, major_project) carries what its resolution will authorise:
 * the purpose (its title), the amount, the budget line or the department
 * it is for, and the period; a matter of another category carries none of
 * it. An expenditure may cite only such a resolution, for its line or
 * department, dated within its period, and all the spending cited against
 * it may not exceed its amount. Pure: the caller reads the record. Money
 * is int64 fen; dates are "YYYY-MM-DD" (Asia/Shanghai). See docs/rules.md.
 */
#ifndef PROBITY_RULES_AUTHORISATION_H
#define PROBITY_RULES_AUTHORISATION_H

#include "rules/verdict.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a matter's resolution authorises (texts borrowed). */
struct rules_authorisation {
    const char *title;     /* the matter's title: what the money is for */
    const char *category;  /* the matter's category */
    int64_t amount_fen;    /* the most that may be spent citing it */
    int64_t line_id;       /* the budget line it is for; 0 when none */
    int64_t department_id; /* the department it is for; 0 when none */
    const char *from;      /* the period's first day; NULL when not recorded */
    const char *until;     /* the period's last day; NULL when not recorded */
};

/* An expenditure citing a resolution. */
struct rules_spending {
    int64_t line_id;       /* the line it is charged to */
    int64_t department_id; /* that line's department; 0 when none */
    const char *spent_on;  /* its date */
    int64_t amount_fen;    /* its amount */
    int64_t cited_fen;     /* what was spent citing the resolution before it */
};

/* The most violations rules_check_spending_against returns. */
#define RULES_AUTHORISATION_CHECKS 3

/* True for the categories whose resolutions authorise spending. */
bool rules_authorises_spending(const char *category);
/* The same categories as an SQL list, for the reads that select them,
 * and as words (" a b "), for the forms. */
#define RULES_SPENDING_CATEGORIES_SQL   "('large_fund', 'major_project')"
#define RULES_SPENDING_CATEGORIES_WORDS " large_fund major_project "

/*
 * The spending terms of a matter a being registered. A spending category
 * needs an amount above zero (field "amount_fen"), a budget line or a
 * department (field "budget_line_id") and a period (fields "spend_from",
 * "spend_until"): catalogue.spending_terms; a period that ends before it
 * begins is catalogue.spending_period (field "spend_until"). Another
 * category names no line or period (catalogue.not_spending). All refused.
 */
MUST_CHECK enum verdict_kind rules_check_spending_terms(const struct rulebook *rb,
                                                        const struct rules_authorisation *a,
                                                        struct verdict *v);

/*
 * Spending s citing the resolution that authorises a: a resolution that
 * authorises no spending is budget.resolution_not_spending (refused, field
 * "resolution_id"; nothing else is checked). Otherwise each of these is a
 * violation, refused or flagged as the rulebook says: the line is not the
 * one named, or (no line named) its department is not the one named
 * (budget.resolution_other_line, field "resolution_id"); the date is
 * outside the period (budget.resolution_period, field "spent_on"); what
 * was cited before and this amount exceed the amount authorised
 * (budget.resolution_exceeded, field "amount_fen"). A term the record
 * lacks (a matter registered before terms were recorded) is not checked.
 * Fills out[] with the violations, refusals first, and returns how many
 * (0 when it may go ahead unflagged).
 */
size_t rules_check_spending_against(const struct rulebook *rb,
                                    const struct rules_authorisation *a,
                                    const struct rules_spending *s,
                                    struct verdict out[RULES_AUTHORISATION_CHECKS]);

#endif
