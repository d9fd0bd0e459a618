/*
 * Collective decision-making: matters (議題) and what the catalogue
 * requires of them, committee meetings and joint party-government
 * meetings, their agenda items (one item, one matter) with notifications
 * to members, attendance and recusals, quorum, statements (the secretary
 * last), the vote (one matter, one vote; secret ballots record who voted,
 * never how), the result by the pass rule, the discipline secretary's
 * countersignature, finalised minutes and their amendments, execution
 * tasks of resolutions, and the "three more, three fewer" indicators.
 *
 * Every command records exactly one event in one transaction with its
 * query-table changes, and every check of a rule comes from src/rules/:
 * a refusal carries the rule id (err->rule), a flag goes ahead only with a
 * justification, recorded with the verdict on the row and in the event.
 * Each command's input is a JSON object (borrowed); writes answer with a
 * new {"item","event"}; nothing is written on failure. Common errors:
 * ERR_INVALID (field), ERR_NOT_FOUND, ERR_UNAUTHENTICATED/ERR_FORBIDDEN
 * (policy), ERR_CONFLICT (a rule or the procedure; err->rule names it).
 * See docs/decisions.md for the inputs and answers in full.
 */
#ifndef PROBITY_MEETING_H
#define PROBITY_MEETING_H

#include "areas/org/org.h"
#include "core/page.h"
#include "record/command.h"
#include "record/query.h"
#include "record/row.h"
#include "rules/procedure.h"
#include "rules/verdict.h"

extern const struct entity matter_entity;
extern const struct entity meeting_entity;
extern const struct entity agenda_item_entity;
extern const struct entity notification_entity;
extern const struct entity statement_entity;
extern const struct entity ballot_entity;
extern const struct entity amendment_entity;
extern const struct entity material_entity;

/* ---- matters (matter.c) ---- */

/*
 * Registers a matter of township (policy matter.write): {"title",
 * "description"?, "category", "amount_fen"?, "proposer_id"?,
 * "responsible_id"?, "department_id"?, "attachments"?: [SHA-256 hex],
 * "budget_id"?}. The proposer defaults to the acting user's person; the
 * responsible member to the proposer. The category must be in the
 * catalogue of the rulebook in force (catalogue.unknown_category).
 */
extern const struct command matter_create_command;
/*
 * Marks an ordinary matter decided by its responsible member alone
 * (policy matter.decide; the acting user must be that member, or the
 * admin): {"note"}. rules_check_decision refuses matters that require a
 * collective decision or a vote (decision.collective_required,
 * decision.ballot_required); the rulebook version is recorded.
 */
extern const struct command matter_decide_command;
/* Checks that matter is one of the township's: ERR_INVALID naming field
 * ("no such matter in the township") otherwise. */
MUST_CHECK enum err_code matter_check(
    struct store_conn *c, const char *township, int64_t matter, const char *field, struct err *err);
/* One matter with "status", "requirements" and its agenda items; the
 * public sees concluded matters only (ERR_NOT_FOUND otherwise). */
MUST_CHECK enum err_code
matter_get(const struct ctx *x, const struct args *a, json_t **item, struct err *err);
/* A page of the township's matters (?status: registered, on_agenda,
 * decided, rejected), newest first. */
MUST_CHECK enum err_code
matter_list(const struct ctx *x, const struct args *a, json_t **page, struct err *err);

/* ---- meetings (meeting.c, minutes.c) ---- */

/* Schedules a meeting (policy meeting.manage): {"kind": "committee" |
 * "joint", "title", "starts_at": RFC 3339, "place", "convener_id"}. */
extern const struct command meeting_create_command;
/* Changes {"title","place","starts_at","convener_id"} (any subset, and
 * "revision"); a meeting with items may be postponed, not brought
 * forward (procedure.meeting_earlier). */
extern const struct command meeting_update_command;
/*
 * Postpones a meeting whose items are all still notified (policy
 * meeting.manage): {"starts_at" (later than the start and than now),
 * "reason", "justification"?}. Every member of each item is notified
 * again; the notice rule is checked from now to the new start
 * (rules_check_notice: flagged with the justification, or refused).
 * procedure.meeting_begun once an item is under way or concluded,
 * procedure.meeting_earlier for a start not later (change.c).
 */
extern const struct command meeting_postpone_command;
/* Cancels a meeting whose items are all still notified (policy
 * meeting.manage): {"reason"}. Every member is notified; the meeting's
 * items are withdrawn (their matters free for another meeting) and
 * nothing more happens at it (procedure.meeting_cancelled). */
extern const struct command meeting_cancel_command;
/* One meeting with its items (summaries), amendments, "next" and
 * "blocked", and what its printed notice and minutes carry: "issuers",
 * "issuer_code", "notice_year", "notice_number", "minutes_year" and
 * "minutes_number" (meeting_document, document.c); the public sees
 * finalised meetings only. */
MUST_CHECK enum err_code
meeting_get(const struct ctx *x, const struct args *a, json_t **item, struct err *err);
/* A page of the township's meetings (?from, ?to by start), newest first. */
MUST_CHECK enum err_code
meeting_list(const struct ctx *x, const struct args *a, json_t **page, struct err *err);
/* The discipline secretary countersigns the record once every item is
 * concluded (policy meeting.countersign): {"note"?}. */
extern const struct command meeting_countersign_command;
/* Finalises (locks) the countersigned minutes (policy meeting.manage). */
extern const struct command meeting_finalise_command;
/* Records a correction of finalised minutes as a new linked record:
 * {"text","reason","item_id"?} (policy meeting.manage). */
extern const struct command meeting_amend_command;

/* ---- agenda items (agenda.c, attendance.c, statement.c, vote.c) ---- */

/*
 * Puts a matter on the meeting's agenda (policy meeting.manage):
 * {"matter_id","justification"?}. Notifies every member entitled (one
 * notification each); the notice is checked by rules_check_notice (an
 * ad-hoc motion needs a justification and is flagged, or is refused). The
 * rulebook in force now is the item's for good.
 */
extern const struct command agenda_add_command;
/* One agenda item with its roster, statements, ballots, result, tasks,
 * "next" and "blocked"; the public sees items of finalised meetings. */
MUST_CHECK enum err_code
item_get(const struct ctx *x, const struct args *a, json_t **item, struct err *err);
/* Attendance and recusals (policy meeting.manage): {"members":[{"person_id",
 * "present","absence_reason"?,"recused"?,"recusal_reason"?}],
 * "justification"?,"revision"?}; checked by rules_check_attendance and
 * rules_check_quorum against the item's category. */
extern const struct command item_attendance_command;
/* A statement (policy meeting.record): {"person_id"?,"view","summary",
 * "justification"?}; members record their own, the clerk anyone's.
 * rules_check_statement (secretary last). Sealed where the category's
 * vote is secret (personnel). */
extern const struct command item_statement_command;
/* Opens the vote (policy meeting.manage): {"matter_ids"?,"justification"?};
 * one matter per vote and every view on record first. */
extern const struct command item_open_vote_command;
/* A ballot (policy meeting.record): {"person_id"?,"choice"?} (no choice in
 * a secret vote). rules_check_ballot. */
extern const struct command item_ballot_command;
/* The result (policy meeting.manage): {"tally"?: {"agree","disagree",
 * "abstain"} (secret votes: the tellers' count), "resolution"?,
 * "justification"?}, by rules_result; passed or rejected. */
extern const struct command item_result_command;
/* Defers an item not yet concluded (policy meeting.manage): {"reason"}. */
extern const struct command item_defer_command;
/* Corrects a statement while its item is discussed (policy
 * meeting.record; the clerk anyone's, a member their own): {"view"?,
 * "summary"?,"reason"} (correction.c, record/correction.h). */
extern const struct command statement_correct_command;
/* Corrects an open ballot while the vote is open: {"choice","reason"};
 * a secret ballot has nothing to correct (procedure.secret_ballot). */
extern const struct command ballot_correct_command;

/* ---- notifications (notification.c) ---- */

/* SQL: the notification n is its member's latest of its item (a
 * notification of a change, a postponement or a cancellation, supersedes
 * the notice before it); n names the notifications table in the query. */
#define NOTIFICATION_LATEST_SQL(n)                                                                 \
    "NOT EXISTS (SELECT 1 FROM notifications o WHERE o.agenda_item_id = " n ".agenda_item_id"      \
    " AND o.person_id = " n ".person_id AND o.id > " n ".id)"

/* The member acknowledges their notification (policy
 * notification.acknowledge; their own only). */
extern const struct command notification_ack_command;
/* A matter's materials (material.c): uploading one (the body is the
 * file), withdrawing it before the item's notice. */
extern const struct command material_upload_command, material_remove_command;
/* Adds "materials" to each of rows (an array of objects whose key names
 * a matter the reader may see): that matter's materials as the reader
 * may see them. */
MUST_CHECK enum err_code
materials_attach(const struct ctx *x, json_t *rows, const char *key, struct err *err);
/* The acting user's notifications (?status=pending for unacknowledged). */
MUST_CHECK enum err_code
notification_list_mine(const struct ctx *x, const struct args *a, json_t **page, struct err *err);

/* ---- resolutions (resolution.c) ---- */

/* A page of the township's resolutions (passed items) with their tasks;
 * the public sees those of finalised meetings. */
MUST_CHECK enum err_code
resolution_list(const struct ctx *x, const struct args *a, json_t **page, struct err *err);
/* A page of the latest public resolutions of every township, newest
 * minutes first, each with its township's names (the home page). */
MUST_CHECK enum err_code
resolution_latest(const struct ctx *x, const struct args *a, json_t **page, struct err *err);

/* ---- indicators (indicators.c) ---- */

/*
 * The "three more, three fewer" indicators of township (NULL: every
 * township, one entry each) for meetings from q->from to q->to (dates,
 * exclusive end; default the last 365 days): the counts and per-mille
 * ratios of rules_indicators. Public.
 */
MUST_CHECK enum err_code
indicators_get(const struct ctx *x, const struct args *a, json_t **out, struct err *err);

/* The area's declared queries (record/query.h). */
extern const struct query matter_list_query, matter_get_query, meeting_list_query,
    meeting_get_query, agenda_item_get_query, notification_mine_query, resolution_list_query,
    resolution_latest_query, indicators_township_query, indicators_all_query, material_list_query,
    material_content_query;

#endif
