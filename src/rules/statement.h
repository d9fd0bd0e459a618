/*
 * Statements on an agenda item: every member present and not recused
 * states a view (agree, disagree, abstain, reserved), once; the secretary
 * states last where the category says so (secretary_last); and all views
 * are on record before the vote or decision. Pure.
 */
#ifndef PROBITY_RULES_STATEMENT_H
#define PROBITY_RULES_STATEMENT_H

#include "rules/quorum.h"
#include "rules/rulebook.h"
#include "rules/verdict.h"

#include <stddef.h>

enum rules_view {
    RULES_VIEW_AGREE,    /* "agree" 同意 */
    RULES_VIEW_DISAGREE, /* "disagree" 不同意 */
    RULES_VIEW_ABSTAIN,  /* "abstain" 弃权 */
    RULES_VIEW_RESERVED, /* "reserved" 保留意见 */
};

/* A recorded statement (member borrowed). */
struct rules_statement {
    const char *member;
    enum rules_view view;
};

/* The view's identifier ("agree", ...), static; NULL when out of range. */
const char *rules_view_name(enum rules_view view);
/* Finds a view by identifier; false when there is none. */
bool rules_view_find(const char *name, enum rules_view *out);

/*
 * Checks that member may state a view now, given the statements already
 * recorded on the item: a member of the roster (statement.not_member),
 * present (statement.not_present), not recused (statement.recused), not
 * yet stated (statement.duplicate), and, when member is the secretary and
 * the category has secretary_last, after every other member present and
 * not recused (statement.secretary_last, refused or flagged by the
 * rulebook). Field "member".
 */
MUST_CHECK enum verdict_kind rules_check_statement(const struct rulebook *rb,
                                                   const char *category,
                                                   const struct rules_roster *roster,
                                                   const struct rules_statement *recorded,
                                                   size_t n_recorded,
                                                   const char *member,
                                                   struct verdict *v);
/*
 * Checks that every member present and not recused has stated a view
 * before the vote (or the decision, where there is no vote):
 * statement.incomplete (field "statements"), refused or flagged by the
 * rulebook. A flagged item counts as "vote-only" in the indicators.
 */
MUST_CHECK enum verdict_kind rules_check_statements_complete(const struct rulebook *rb,
                                                             const struct rules_roster *roster,
                                                             const struct rules_statement *recorded,
                                                             size_t n_recorded,
                                                             struct verdict *v);

#endif
