/*
 * Internal to the budget area (src/areas/budget/): columns, the figures
 * of a line, and helpers shared by the commands and reads. See budget.h.
 */
#ifndef PROBITY_BUDGET_INTERNAL_H
#define PROBITY_BUDGET_INTERNAL_H

#include "areas/budget/budget.h"
#include "areas/rulebook/rulebooks.h"
#include "rules/budget.h"

/* The columns of the area's query tables but id (record/entity.h, ENTITY). */
#define BUDGET_ROW(X)                                                                              \
    X(township_id, TEXT)                                                                           \
    X(fiscal_year, INT)                                                                            \
    X(title, TEXT)                                                                                 \
    X(status, TEXT)                                                                                \
    X(adopted_fen, INT)                                                                            \
    X(congress_vote, JSON)                                                                         \
    X(adoption_verdict, JSON)                                                                      \
    X(adopted_at, TEXT)                                                                            \
    X(created, TEXT)                                                                               \
    X(revision, INT)
#define BUDGET_LINE_ROW(X)                                                                         \
    X(budget_id, INT)                                                                              \
    X(purpose, TEXT)                                                                               \
    X(amount_fen, INT)                                                                             \
    X(department_id, INT)                                                                          \
    X(owner_id, INT)                                                                               \
    X(proposed_by, INT)                                                                            \
    X(proposed_login, TEXT)                                                                        \
    X(created, TEXT)
#define BUDGET_ADJUSTMENT_LINE_ROW(X)                                                              \
    X(adjustment_id, INT)                                                                          \
    X(budget_line_id, INT)                                                                         \
    X(delta_fen, INT)
#define BUDGET_ADJUSTMENT_ROW(X)                                                                   \
    X(budget_id, INT)                                                                              \
    X(matter_id, INT)                                                                              \
    X(reason, TEXT)                                                                                \
    X(status, TEXT)                                                                                \
    X(congress_vote, JSON)                                                                         \
    X(verdict, JSON)                                                                               \
    X(delta_fen, INT)                                                                              \
    X(created, TEXT)
#define EXPENDITURE_ROW(X)                                                                         \
    X(budget_line_id, INT)                                                                         \
    X(township_id, TEXT)                                                                           \
    X(amount_fen, INT)                                                                             \
    X(purpose, TEXT)                                                                               \
    X(spent_on, TEXT)                                                                              \
    X(resolution_id, INT)                                                                          \
    X(rulebook, JSON)                                                                              \
    X(recorded_by, TEXT)                                                                           \
    X(created, TEXT)                                                                               \
    X(verdicts, JSON)                                                                              \
    X(justification, TEXT)                                                                         \
    X(corrections, JSON)
/* What a budget is at: draft, adopted, rejected (an adjustment: the last
 * two, budget_statuses + 1), with their labels (entities.c). */
extern const struct choice budget_statuses[];

#define BUDGET_COLUMNS      ENTITY_COLUMNS(BUDGET_ROW)
#define BUDGET_LINE_COLUMNS ENTITY_COLUMNS(BUDGET_LINE_ROW)
#define EXPENDITURE_COLUMNS ENTITY_COLUMNS(EXPENDITURE_ROW)

/* The lines of a budget with their figures, in id order: each row has
 * the line's columns, owner and department names, "allocated_fen" (the
 * adopted amount with adopted adjustments), "spent_fen" and
 * "remaining_fen". When line_id is not 0, only that line. */
MUST_CHECK enum err_code budget_lines(
    struct store_conn *c, int64_t budget_id, int64_t line_id, json_t **lines, struct err *err);
/* Loads a budget row (decoded); ERR_NOT_FOUND. */
MUST_CHECK enum err_code
budget_load(struct store_conn *c, int64_t id, json_t **row, struct err *err);
/* The fields of a congress vote (congress_vote_read), for a declaration:
 * who was absent (the roll of deputies on record gives who was entitled
 * and present), or, by exception, the figures by hand. Counts out of range
 * reach the rule check as they are, so that an inconsistent vote is
 * refused as congress.tally. */
#define BUDGET_VOTE_FIELDS                                                                         \
    F_TEXT("session", FIELD_REQUIRED, 200, "人代会会次", "session"),                               \
        F_DATE("voted_on", FIELD_REQUIRED, "表决日期", "voted on"),                                \
        F_IDS("absent", FIELD_NULLABLE, 1000, "缺席代表", "deputies absent"),                      \
        F_INT("entitled", FIELD_NULLABLE, -RULES_MAX_HEADS, RULES_MAX_HEADS,                       \
              "应到代表（手工填写，须说明理由）",                                                  \
              "deputies entitled (by hand, with a justification)"),                                \
        F_INT("present", FIELD_NULLABLE, -RULES_MAX_HEADS, RULES_MAX_HEADS,                        \
              "实到代表（手工填写，须说明理由）",                                                  \
              "deputies present (by hand, with a justification)"),                                 \
        F_INT("votes_for", FIELD_REQUIRED, -RULES_MAX_HEADS, RULES_MAX_HEADS, "赞成票",            \
              "votes for"),                                                                        \
        F_INT("votes_against", FIELD_REQUIRED, -RULES_MAX_HEADS, RULES_MAX_HEADS, "反对票",        \
              "votes against"),                                                                    \
        F_INT("abstentions", FIELD_REQUIRED, -RULES_MAX_HEADS, RULES_MAX_HEADS, "弃权票",          \
              "abstentions")
/*
 * Reads the congress vote in (checked against BUDGET_VOTE_FIELDS) of
 * township under rb: dated no later than today (congress.vote_in_future);
 * who was entitled and present from the roll of deputies in office that
 * day less those absent, or the figures by hand, flagged with
 * justification (rules_check_congress_roll); consistent and quorate
 * (rules_check_congress_vote). Fills cv and res, and sets *vote to the
 * vote as recorded: {"session","voted_on","entitled","present",
 * "votes_for","votes_against","abstentions","roll":"record"|"by_hand",
 * "absent":[{"person_id","name","name_en"}],"roll_verdict","justification"}.
 */
MUST_CHECK enum err_code congress_vote_read(const struct ctx *x,
                                            const struct rulebook *rb,
                                            const char *township,
                                            const json_t *in,
                                            const char *justification,
                                            struct rules_congress_vote *cv,
                                            struct rules_result *res,
                                            json_t **vote,
                                            struct err *err);
/* True when a matter linked to the budget, of category (NULL: any but
 * budget_adjustment), was passed by the committee; matter_id (0: any). */
MUST_CHECK enum err_code budget_studied(struct store_conn *c,
                                        int64_t budget_id,
                                        int64_t matter_id,
                                        bool adjustment,
                                        bool *out,
                                        struct err *err);

#endif
