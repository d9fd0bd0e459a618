/*
 * The query tables of matters, meetings, agenda items, notifications,
 * statements, ballots, amendments and tasks as entity descriptors (fields
 * and literal SQL) for the generic event application in entity.c.
 */
#include "areas/meeting/internal.h"

#define END                                                                                        \
    {                                                                                              \
        NULL, 0                                                                                    \
    }

static const struct entity_field matter_fields[] = {{"township_id", 't'},
                                                    {"title", 't'},
                                                    {"description", 't'},
                                                    {"category", 't'},
                                                    {"amount_fen", 'i'},
                                                    {"proposer_id", 'i'},
                                                    {"responsible_id", 'i'},
                                                    {"department_id", 'i'},
                                                    {"attachments", 'j'},
                                                    {"budget_id", 'i'},
                                                    {"registered", 't'},
                                                    {"registered_by", 't'},
                                                    {"decided_by", 'i'},
                                                    {"decided_at", 't'},
                                                    {"decided_ms", 'i'},
                                                    {"decision_note", 't'},
                                                    {"decision_login", 't'},
                                                    {"rulebook", 'j'},
                                                    END};
const struct entity matter_entity = {
    .name = "matter",
    .text_id = false,
    .fields = matter_fields,
    .sql_insert = "INSERT INTO matters (id, township_id, title, description, category, amount_fen,"
                  " proposer_id, responsible_id, department_id, attachments, budget_id, registered,"
                  " registered_by, decided_by, decided_at, decided_ms, decision_note,"
                  " decision_login, rulebook)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    .sql_update = "UPDATE matters SET township_id = ?, title = ?, description = ?, category = ?,"
                  " amount_fen = ?, proposer_id = ?, responsible_id = ?, department_id = ?,"
                  " attachments = ?, budget_id = ?, registered = ?, registered_by = ?,"
                  " decided_by = ?, decided_at = ?, decided_ms = ?, decision_note = ?,"
                  " decision_login = ?, rulebook = ? WHERE id = ?",
    .sql_delete = "DELETE FROM matters WHERE id = ?",
    .allocates_id = true,
    .sql_dump = "SELECT " MATTER_COLUMNS " FROM matters ORDER BY id",
};

static const struct entity_field meeting_fields[] = {{"township_id", 't'},
                                                     {"kind", 't'},
                                                     {"title", 't'},
                                                     {"starts_at", 't'},
                                                     {"starts_ms", 'i'},
                                                     {"place", 't'},
                                                     {"convener_id", 'i'},
                                                     {"created", 't'},
                                                     {"created_by", 't'},
                                                     {"countersigned_by", 'i'},
                                                     {"countersign_login", 't'},
                                                     {"countersigned_at", 't'},
                                                     {"countersign_note", 't'},
                                                     {"finalised_at", 't'},
                                                     {"finalised_by", 't'},
                                                     {"revision", 'i'},
                                                     END};
const struct entity meeting_entity = {
    .name = "meeting",
    .text_id = false,
    .fields = meeting_fields,
    .sql_insert = "INSERT INTO meetings (id, township_id, kind, title, starts_at, starts_ms, place,"
                  " convener_id, created, created_by, countersigned_by, countersign_login,"
                  " countersigned_at, countersign_note, finalised_at, finalised_by, revision)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    .sql_update = "UPDATE meetings SET township_id = ?, kind = ?, title = ?, starts_at = ?,"
                  " starts_ms = ?, place = ?, convener_id = ?, created = ?, created_by = ?,"
                  " countersigned_by = ?, countersign_login = ?, countersigned_at = ?,"
                  " countersign_note = ?, finalised_at = ?, finalised_by = ?, revision = ?"
                  " WHERE id = ?",
    .sql_delete = "DELETE FROM meetings WHERE id = ?",
    .allocates_id = true,
    .sql_dump = "SELECT " MEETING_COLUMNS " FROM meetings ORDER BY id",
};

static const struct entity_field notification_fields[] = {
    {"agenda_item_id", 'i'},  {"person_id", 'i'},       {"sent_at", 't'},
    {"acknowledged_at", 't'}, {"acknowledged_by", 't'}, END};
const struct entity notification_entity = {
    .name = "notification",
    .text_id = false,
    .fields = notification_fields,
    .sql_insert = "INSERT INTO notifications (id, agenda_item_id, person_id, sent_at,"
                  " acknowledged_at, acknowledged_by) VALUES (?, ?, ?, ?, ?, ?)",
    .sql_update = "UPDATE notifications SET agenda_item_id = ?, person_id = ?, sent_at = ?,"
                  " acknowledged_at = ?, acknowledged_by = ? WHERE id = ?",
    .sql_delete = "DELETE FROM notifications WHERE id = ?",
    .allocates_id = true,
    .sql_dump = "SELECT " NOTIFICATION_COLUMNS " FROM notifications ORDER BY id",
};

static const struct entity_field item_fields[] = {{"meeting_id", 'i'},
                                                  {"township_id", 't'},
                                                  {"matter_id", 'i'},
                                                  {"position", 'i'},
                                                  {"status", 't'},
                                                  {"notified_at", 't'},
                                                  {"adhoc", 'i'},
                                                  {"notice_verdict", 'j'},
                                                  {"notice_justification", 't'},
                                                  {"rulebook", 'j'},
                                                  {"requirements", 'j'},
                                                  {"roster", 'j'},
                                                  {"attendance_verdict", 'j'},
                                                  {"attendance_justification", 't'},
                                                  {"discussion_verdict", 'j'},
                                                  {"discussion_justification", 't'},
                                                  {"vote_only", 'i'},
                                                  {"vote_opened_at", 't'},
                                                  {"result", 'j'},
                                                  {"concluded_at", 't'},
                                                  {"resolution_text", 't'},
                                                  {"deferral_reason", 't'},
                                                  {"revision", 'i'},
                                                  END};
const struct entity agenda_item_entity = {
    .name = "agenda_item",
    .text_id = false,
    .fields = item_fields,
    .sql_insert =
        "INSERT INTO agenda_items (id, meeting_id, township_id, matter_id, position, status,"
        " notified_at, adhoc, notice_verdict, notice_justification, rulebook, requirements,"
        " roster, attendance_verdict, attendance_justification, discussion_verdict,"
        " discussion_justification, vote_only, vote_opened_at, result, concluded_at,"
        " resolution_text, deferral_reason, revision)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    .sql_update = "UPDATE agenda_items SET meeting_id = ?, township_id = ?, matter_id = ?,"
                  " position = ?, status = ?, notified_at = ?, adhoc = ?, notice_verdict = ?,"
                  " notice_justification = ?, rulebook = ?, requirements = ?, roster = ?,"
                  " attendance_verdict = ?, attendance_justification = ?,"
                  " discussion_verdict = ?, discussion_justification = ?, vote_only = ?,"
                  " vote_opened_at = ?, result = ?, concluded_at = ?, resolution_text = ?,"
                  " deferral_reason = ?, revision = ? WHERE id = ?",
    .sql_delete = "DELETE FROM agenda_items WHERE id = ?",
    .allocates_id = true,
    .sql_dump = "SELECT " ITEM_COLUMNS " FROM agenda_items ORDER BY id",
    .children_key = "notifications",
    .children = &notification_entity,
};

static const struct entity_field statement_fields[] = {
    {"agenda_item_id", 'i'}, {"person_id", 'i'},   {"position", 'i'},    {"seq", 'i'},
    {"sealed", 'i'},         {"view", 't'},        {"summary", 't'},     {"verdict", 'j'},
    {"justification", 't'},  {"recorded_by", 't'}, {"recorded_at", 't'}, END};
const struct entity statement_entity = {
    .name = "statement",
    .text_id = false,
    .fields = statement_fields,
    .sql_insert = "INSERT INTO statements (id, agenda_item_id, person_id, position, seq, sealed,"
                  " view, summary, verdict, justification, recorded_by, recorded_at)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    .sql_update = "UPDATE statements SET agenda_item_id = ?, person_id = ?, position = ?,"
                  " seq = ?, sealed = ?, view = ?, summary = ?, verdict = ?, justification = ?,"
                  " recorded_by = ?, recorded_at = ? WHERE id = ?",
    .sql_delete = "DELETE FROM statements WHERE id = ?",
    .allocates_id = true,
    .sql_dump = "SELECT " STATEMENT_COLUMNS " FROM statements ORDER BY id",
};

static const struct entity_field ballot_fields[] = {{"agenda_item_id", 'i'}, {"person_id", 'i'},
                                                    {"choice", 't'},         {"recorded_by", 't'},
                                                    {"recorded_at", 't'},    END};
const struct entity ballot_entity = {
    .name = "ballot",
    .text_id = false,
    .fields = ballot_fields,
    .sql_insert = "INSERT INTO ballots (id, agenda_item_id, person_id, choice, recorded_by,"
                  " recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
    .sql_update = "UPDATE ballots SET agenda_item_id = ?, person_id = ?, choice = ?,"
                  " recorded_by = ?, recorded_at = ? WHERE id = ?",
    .sql_delete = "DELETE FROM ballots WHERE id = ?",
    .allocates_id = true,
    .sql_dump = "SELECT " BALLOT_COLUMNS " FROM ballots ORDER BY id",
};

static const struct entity_field amendment_fields[] = {{"meeting_id", 'i'},
                                                       {"agenda_item_id", 'i'},
                                                       {"text", 't'},
                                                       {"reason", 't'},
                                                       {"recorded_by", 't'},
                                                       {"recorded_at", 't'},
                                                       END};
const struct entity amendment_entity = {
    .name = "amendment",
    .text_id = false,
    .fields = amendment_fields,
    .sql_insert = "INSERT INTO amendments (id, meeting_id, agenda_item_id, text, reason,"
                  " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    .sql_update = "UPDATE amendments SET meeting_id = ?, agenda_item_id = ?, text = ?,"
                  " reason = ?, recorded_by = ?, recorded_at = ? WHERE id = ?",
    .sql_delete = "DELETE FROM amendments WHERE id = ?",
    .allocates_id = true,
    .sql_dump = "SELECT id, meeting_id, agenda_item_id, text, reason, recorded_by, recorded_at"
                " FROM amendments ORDER BY id",
};

static const struct entity_field task_fields[] = {{"agenda_item_id", 'i'},
                                                  {"township_id", 't'},
                                                  {"description", 't'},
                                                  {"department_id", 'i'},
                                                  {"owner_id", 'i'},
                                                  {"due_date", 't'},
                                                  {"status", 't'},
                                                  {"note", 't'},
                                                  {"created", 't'},
                                                  {"updated", 't'},
                                                  END};
const struct entity task_entity = {
    .name = "task",
    .text_id = false,
    .fields = task_fields,
    .sql_insert = "INSERT INTO tasks (id, agenda_item_id, township_id, description, department_id,"
                  " owner_id, due_date, status, note, created, updated)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    .sql_update = "UPDATE tasks SET agenda_item_id = ?, township_id = ?, description = ?,"
                  " department_id = ?, owner_id = ?, due_date = ?, status = ?, note = ?,"
                  " created = ?, updated = ? WHERE id = ?",
    .sql_delete = "DELETE FROM tasks WHERE id = ?",
    .allocates_id = true,
    .sql_dump = "SELECT " TASK_COLUMNS " FROM tasks ORDER BY id",
};
