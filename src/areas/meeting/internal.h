/*
 * Internal to the meeting area (src/areas/meeting/): the rows' columns,
 * the loaded state of an agenda item as the rule checks need it (roster,
 * statements, ballots, the item's rulebook), and helpers shared by the
 * commands and reads. See meeting.h.
 */
#ifndef PROBITY_MEETING_INTERNAL_H
#define PROBITY_MEETING_INTERNAL_H

#include "areas/meeting/meeting.h"
#include "areas/rulebook/rulebooks.h"
#include "rules/ballot.h"
#include "rules/catalogue.h"
#include "rules/quorum.h"
#include "rules/statement.h"

#define MATTER_COLUMNS                                                                             \
    "id, township_id, title, description, category, amount_fen, proposer_id, responsible_id,"      \
    " department_id, attachments, budget_id, registered, registered_by, decided_by, decided_at,"   \
    " decided_ms, decision_note, decision_login, rulebook"
#define MEETING_COLUMNS                                                                            \
    "id, township_id, kind, title, starts_at, starts_ms, place, convener_id, created, created_by," \
    " countersigned_by, countersign_login, countersigned_at, countersign_note, finalised_at,"      \
    " finalised_by, revision"
#define NOTIFICATION_COLUMNS                                                                       \
    "id, agenda_item_id, person_id, sent_at, acknowledged_at, acknowledged_by"
#define ITEM_COLUMNS                                                                               \
    "id, meeting_id, township_id, matter_id, position, status, notified_at, adhoc,"                \
    " notice_verdict, notice_justification, rulebook, requirements, roster,"                       \
    " attendance_verdict, attendance_justification, discussion_verdict,"                           \
    " discussion_justification, vote_only, vote_opened_at, result, concluded_at,"                  \
    " resolution_text, deferral_reason, revision"
#define STATEMENT_COLUMNS                                                                          \
    "id, agenda_item_id, person_id, position, seq, sealed, view, summary, verdict,"                \
    " justification, recorded_by, recorded_at"
#define BALLOT_COLUMNS "id, agenda_item_id, person_id, choice, recorded_by, recorded_at"
#define TASK_COLUMNS                                                                               \
    "id, agenda_item_id, township_id, description, department_id, owner_id, due_date, status,"     \
    " note, created, updated"

/* A task as the API shows it: its columns and the names of its owner and
 * department (from "tasks t" with TASK_VIEW_JOINS). */
#define TASK_VIEW_COLUMNS                                                                          \
    "t.id, t.agenda_item_id, t.township_id, t.description, t.department_id, t.owner_id,"           \
    " p.name AS owner_name, p.name_en AS owner_name_en, o.name AS department_name,"                \
    " o.name_en AS department_name_en, t.due_date, t.status, t.note, t.created, t.updated"
#define TASK_VIEW_JOINS                                                                            \
    " JOIN people p ON p.id = t.owner_id LEFT JOIN organizations o ON o.id = t.department_id"

/* The most members a roster holds (a township committee has 7 to 11). */
#define ROSTER_MAX 40

/* An agenda item loaded for a command or a read. */
struct item_state {
    json_t *item;         /* the agenda_items row (decoded) */
    json_t *meeting;      /* its meeting's row */
    json_t *matter;       /* its matter's row */
    json_t *statements;   /* statement rows in order */
    json_t *ballots;      /* ballot rows in order */
    struct rulebook *rb;  /* the item's rulebook version (heap) */
    const char *category; /* the matter's category (borrowed from matter) */
    int64_t amount_fen;
    struct rules_requirements req; /* what the catalogue requires, under rb */
    bool attended;                 /* attendance has been recorded */
    struct rules_member members[ROSTER_MAX];
    char ids[ROSTER_MAX][24]; /* the members' person ids as text */
    int64_t person_ids[ROSTER_MAX];
    struct rules_roster roster;
    struct rules_statement recorded[ROSTER_MAX];
    size_t n_recorded;
    struct rules_ballot cast[ROSTER_MAX];
    size_t n_cast;
};

/* Loads item id with everything the rules need; free with item_state_clear.
 * ERR_NOT_FOUND when there is no such item. */
MUST_CHECK enum err_code
item_state_load(const struct ctx *x, int64_t id, struct item_state *st, struct err *err);
void item_state_clear(struct item_state *st);
/* Rebuilds the roster, statements and ballots for the rules after
 * st->item's roster changed (strings are borrowed from st's rows). */
void item_state_rebuild(struct item_state *st);
/* Refuses an item command unless the item's status is one of the
 * NULL-terminated list, naming the step that is missing or over. */
MUST_CHECK enum err_code
item_need_status(const struct item_state *st, const char *const *allowed, struct err *err);
/* The roster member with the person id, or NULL. */
const struct rules_member *item_state_member(const struct item_state *st, int64_t person);
/* The roster index of the person, or -1. */
int item_state_index(const struct item_state *st, int64_t person);
/* True when the item is concluded (passed, rejected or deferred). */
bool item_concluded(const json_t *item);
/* True when statements on this item are sealed (personnel: the category's
 * vote is secret). */
bool item_sealed(const struct item_state *st);

/*
 * The common start of an item command: loads item a->id into *st, then
 * checks that the actor may run cap there and the record is open
 * (item_check_open), that a->input has only the allowed keys and the
 * item's revision when it gives one, and (statuses not NULL) that the
 * item's status is one of statuses. On any failure *st is left cleared.
 */
MUST_CHECK enum err_code item_begin(const struct ctx *x,
                                    const struct args *a,
                                    enum capability cap,
                                    const char *const *allowed,
                                    const char *const *statuses,
                                    struct item_state *st,
                                    struct err *err);
/* Checks that who may run cap on the item's meeting and that the record
 * can still change (not countersigned, not finalised). */
MUST_CHECK enum err_code item_check_open(const struct ctx *x,
                                         const struct item_state *st,
                                         enum capability cap,
                                         struct err *err);
/* Records "agenda_item.updated" with row (the item's new row, revision
 * bumped here) and answers with the item as item_get shows it. */
MUST_CHECK enum err_code
item_save(const struct ctx *x, int64_t id, json_t *row, json_t **result, struct err *err);
/* The item as the API shows it to x->who (new reference). */
MUST_CHECK enum err_code
item_json(const struct ctx *x, const struct item_state *st, json_t **out, struct err *err);
/* Fills next and blocked (arrays) for the item's state. */
void item_next(const struct ctx *x, const struct item_state *st, json_t *next, json_t *blocked);
/* The answer of an item command: reloads the item and packs it with ref. */
MUST_CHECK enum err_code item_answer(
    const struct ctx *x, int64_t id, const struct event_ref *ref, json_t **result, struct err *err);

/*
 * The person a member command is about: input "person_id" when the actor
 * may record for others (clerk, admin), else the actor's own person
 * (procedure.no_person without one; procedure.own_person when another is
 * named).
 */
MUST_CHECK enum err_code
decision_subject(const struct ctx *x, const json_t *input, int64_t *person, struct err *err);

/* The requirements as JSON (new reference). */
json_t *requirements_json(const struct rules_requirements *req);
/* A matter's status: "registered", "on_agenda", "decided", "rejected". */
MUST_CHECK enum err_code
matter_status(struct store_conn *c, const json_t *matter, const char **status, struct err *err);
/* The committee members (and for a joint meeting the government's) in
 * office on the meeting's day, as a new roster array of {"person_id",
 * "name","name_en","post_role","secretary"}. */
MUST_CHECK enum err_code
roster_for_meeting(struct store_conn *c, const json_t *meeting, json_t **roster, struct err *err);
/* A verdict's JSON for x's language: {"action","rule","message"} blocked
 * entry appended. */
void item_block_verdict(const struct ctx *x,
                        json_t *blocked,
                        const char *action,
                        const struct verdict *v,
                        int64_t person);
/* The state of its minutes a meeting command needs. */
enum meeting_stage {
    MEETING_OPEN,          /* neither countersigned nor finalised */
    MEETING_COUNTERSIGNED, /* countersigned, not yet finalised */
    MEETING_FINALISED,
};
/* Refuses unless the meeting row is at stage (procedure.finalised,
 * procedure.countersigned, procedure.countersign_first or
 * procedure.not_finalised). */
MUST_CHECK enum err_code
meeting_need_stage(const json_t *meeting, enum meeting_stage stage, struct err *err);
/*
 * The common start of a meeting command: loads meeting a->id into *row,
 * checks that the actor may run cap in its township, that the meeting is
 * at stage, that a->input has only the allowed keys and the meeting's
 * revision when it gives one. On failure *row is NULL.
 */
MUST_CHECK enum err_code meeting_begin(const struct ctx *x,
                                       const struct args *a,
                                       enum capability cap,
                                       const char *const *allowed,
                                       enum meeting_stage stage,
                                       json_t **row,
                                       struct err *err);
/* Loads a meeting row (decoded); ERR_NOT_FOUND. */
MUST_CHECK enum err_code
meeting_load(struct store_conn *c, int64_t id, json_t **row, struct err *err);

#endif
