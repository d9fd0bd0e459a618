/*
 * The budget's query tables as entity descriptors (fields and literal
 * SQL) for the generic event application in entity.c.
 */
#include "areas/budget/internal.h"

#define END                                                                                        \
    {                                                                                              \
        NULL, 0                                                                                    \
    }

static const struct entity_field budget_fields[] = {{"township_id", 't'},
                                                    {"fiscal_year", 'i'},
                                                    {"title", 't'},
                                                    {"status", 't'},
                                                    {"adopted_fen", 'i'},
                                                    {"congress_vote", 'j'},
                                                    {"adoption_verdict", 'j'},
                                                    {"adopted_at", 't'},
                                                    {"created", 't'},
                                                    {"revision", 'i'},
                                                    END};
const struct entity budget_entity = {
    .name = "budget",
    .text_id = false,
    .fields = budget_fields,
    .sql_insert = "INSERT INTO budgets (id, township_id, fiscal_year, title, status, adopted_fen,"
                  " congress_vote, adoption_verdict, adopted_at, created, revision)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    .sql_update = "UPDATE budgets SET township_id = ?, fiscal_year = ?, title = ?, status = ?,"
                  " adopted_fen = ?, congress_vote = ?, adoption_verdict = ?, adopted_at = ?,"
                  " created = ?, revision = ? WHERE id = ?",
    .sql_delete = "DELETE FROM budgets WHERE id = ?",
    .allocates_id = true,
    .sql_dump = "SELECT " BUDGET_COLUMNS " FROM budgets ORDER BY id",
};

static const struct entity_field line_fields[] = {
    {"budget_id", 'i'},      {"purpose", 't'},  {"amount_fen", 'i'},
    {"department_id", 'i'},  {"owner_id", 'i'}, {"proposed_by", 'i'},
    {"proposed_login", 't'}, {"created", 't'},  END};
const struct entity budget_line_entity = {
    .name = "budget_line",
    .text_id = false,
    .fields = line_fields,
    .sql_insert = "INSERT INTO budget_lines (id, budget_id, purpose, amount_fen, department_id,"
                  " owner_id, proposed_by, proposed_login, created)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    .sql_update = "UPDATE budget_lines SET budget_id = ?, purpose = ?, amount_fen = ?,"
                  " department_id = ?, owner_id = ?, proposed_by = ?, proposed_login = ?,"
                  " created = ? WHERE id = ?",
    .sql_delete = "DELETE FROM budget_lines WHERE id = ?",
    .allocates_id = true,
    .sql_dump = "SELECT " BUDGET_LINE_COLUMNS " FROM budget_lines ORDER BY id",
};

static const struct entity_field adjustment_line_fields[] = {
    {"adjustment_id", 'i'}, {"budget_line_id", 'i'}, {"delta_fen", 'i'}, END};
const struct entity budget_adjustment_line_entity = {
    .name = "budget_adjustment_line",
    .text_id = false,
    .fields = adjustment_line_fields,
    .sql_insert = "INSERT INTO budget_adjustment_lines (id, adjustment_id, budget_line_id,"
                  " delta_fen) VALUES (?, ?, ?, ?)",
    .sql_update = "UPDATE budget_adjustment_lines SET adjustment_id = ?, budget_line_id = ?,"
                  " delta_fen = ? WHERE id = ?",
    .sql_delete = "DELETE FROM budget_adjustment_lines WHERE id = ?",
    .allocates_id = true,
    .sql_dump = "SELECT id, adjustment_id, budget_line_id, delta_fen"
                " FROM budget_adjustment_lines ORDER BY id",
};

static const struct entity_field adjustment_fields[] = {
    {"budget_id", 'i'}, {"matter_id", 'i'},     {"reason", 't'},
    {"status", 't'},    {"congress_vote", 'j'}, {"verdict", 'j'},
    {"delta_fen", 'i'}, {"created", 't'},       END};
const struct entity budget_adjustment_entity = {
    .name = "budget_adjustment",
    .text_id = false,
    .fields = adjustment_fields,
    .sql_insert = "INSERT INTO budget_adjustments (id, budget_id, matter_id, reason, status,"
                  " congress_vote, verdict, delta_fen, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    .sql_update = "UPDATE budget_adjustments SET budget_id = ?, matter_id = ?, reason = ?,"
                  " status = ?, congress_vote = ?, verdict = ?, delta_fen = ?, created = ?"
                  " WHERE id = ?",
    .sql_delete = "DELETE FROM budget_adjustments WHERE id = ?",
    .allocates_id = true,
    .sql_dump = "SELECT id, budget_id, matter_id, reason, status, congress_vote, verdict,"
                " delta_fen, created FROM budget_adjustments ORDER BY id",
    .children_key = "lines",
    .children = &budget_adjustment_line_entity,
};

static const struct entity_field expenditure_fields[] = {
    {"budget_line_id", 'i'}, {"township_id", 't'},
    {"amount_fen", 'i'},     {"purpose", 't'},
    {"spent_on", 't'},       {"resolution_id", 'i'},
    {"rulebook", 'j'},       {"recorded_by", 't'},
    {"created", 't'},        END};
const struct entity expenditure_entity = {
    .name = "expenditure",
    .text_id = false,
    .fields = expenditure_fields,
    .sql_insert = "INSERT INTO expenditures (id, budget_line_id, township_id, amount_fen, purpose,"
                  " spent_on, resolution_id, rulebook, recorded_by, created)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    .sql_update = "UPDATE expenditures SET budget_line_id = ?, township_id = ?, amount_fen = ?,"
                  " purpose = ?, spent_on = ?, resolution_id = ?, rulebook = ?, recorded_by = ?,"
                  " created = ? WHERE id = ?",
    .sql_delete = "DELETE FROM expenditures WHERE id = ?",
    .allocates_id = true,
    .sql_dump = "SELECT " EXPENDITURE_COLUMNS " FROM expenditures ORDER BY id",
};
