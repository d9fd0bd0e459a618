/*
 * The township budget (預算): members propose lines for a fiscal year,
 * the committee studies the draft as a meeting item (a matter of category
 * large_fund linked to the budget), the township people's congress votes
 * (rules_check_congress_vote, rules_check_budget_adoption), and the
 * adopted budget is split into lines with owners (rules_check_budget_split).
 * Expenditures are charged to a line (rules_check_expenditure: no
 * overdraw; from the large-fund threshold, the approving resolution). An
 * adjustment needs its own committee study and congress vote. Each line
 * reports what is allocated, spent and remaining.
 *
 * Conventions as in meeting.h: one event per command, JSON input
 * (borrowed), {"item","event"} answers, nothing written on failure, the
 * rule id in err->rule. See docs/decisions.md.
 */
#ifndef PROBITY_BUDGET_H
#define PROBITY_BUDGET_H

#include "areas/meeting/meeting.h"

extern const struct entity budget_entity;
extern const struct entity budget_line_entity;
extern const struct entity budget_adjustment_entity;
extern const struct entity budget_adjustment_line_entity;
extern const struct entity expenditure_entity;

/* Opens the draft budget of a fiscal year (policy budget.write):
 * {"fiscal_year","title"}; one per township and year. */
extern const struct command budget_create_command;
/* Proposes a line of a budget not yet adopted (policy budget.propose):
 * {"purpose","amount_fen","owner_id","department_id"?}. */
extern const struct command budget_add_line_command;
/*
 * Records the congress's vote on the budget (policy congress.record):
 * {"session","voted_on","entitled","present","votes_for","votes_against",
 * "abstentions","adopted_fen"}. Needs the committee's study first (a
 * passed item of a matter linked to the budget); an inconsistent or
 * inquorate vote is refused; a vote that fails is recorded and leaves the
 * budget "rejected"; a vote that passes adopts it once its lines add up
 * to adopted_fen.
 */
extern const struct command budget_congress_vote_command;
/*
 * Adjusts an adopted budget (policy congress.record): {"matter_id" (a
 * budget_adjustment matter the committee passed), "reason", "changes":
 * [{"line_id","delta_fen"}], "vote": {as budget_congress_vote without
 * adopted_fen}}. A failed vote is recorded and changes nothing.
 */
extern const struct command budget_adjust_command;
/* Charges an expenditure to a line of an adopted budget (policy
 * expenditure.write): {"amount_fen","purpose","spent_on","resolution_id"?}. */
extern const struct command expenditure_create_command;
/* Corrects an expenditure (policy expenditure.write): {"amount_fen"?,
 * "purpose"?,"spent_on"?,"reason","justification"?}, checked again as if
 * charged anew; the values replaced stay on record (record/correction.h). */
extern const struct command expenditure_correct_command;
/* One budget with its lines (allocated, spent, remaining), adjustments,
 * the matters that studied it, "next" and "blocked"; the public sees
 * adopted budgets only. */
MUST_CHECK enum err_code
budget_get(const struct ctx *x, const struct args *a, json_t **item, struct err *err);
/* A page of the township's budgets, newest year first, with totals. */
MUST_CHECK enum err_code
budget_list(const struct ctx *x, const struct args *a, json_t **page, struct err *err);
/* One budget line with its figures and expenditures. */
MUST_CHECK enum err_code
budget_line_get(const struct ctx *x, const struct args *a, json_t **item, struct err *err);

/* The area's declared queries (record/query.h). */
extern const struct query budget_get_query, budget_list_query, budget_line_get_query;

#endif
