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
#include "areas/task/task.h"
#include "rules/ballot.h"
#include "rules/catalogue.h"
#include "rules/quorum.h"
#include "rules/statement.h"

/* The columns of the area's query tables but id (record/entity.h, ENTITY). */
#define MATTER_ROW(X)                                                                              \
    X(township_id, TEXT)                                                                           \
    X(title, TEXT)                                                                                 \
    X(description, TEXT)                                                                           \
    X(category, TEXT)                                                                              \
    X(amount_fen, INT)                                                                             \
    X(proposer_id, INT)                                                                            \
    X(responsible_id, INT)                                                                         \
    X(department_id, INT)                                                                          \
    X(attachments, JSON)                                                                           \
    X(budget_id, INT)                                                                              \
    X(registered, TEXT)                                                                            \
    X(registered_by, TEXT)                                                                         \
    X(decided_by, INT)                                                                             \
    X(decided_at, TEXT)                                                                            \
    X(decided_ms, INT)                                                                             \
    X(decision_note, TEXT)                                                                         \
    X(decision_login, TEXT)                                                                        \
    X(rulebook, JSON)                                                                              \
    X(budget_line_id, INT)                                                                         \
    X(spend_from, TEXT)                                                                            \
    X(spend_until, TEXT)
#define MATERIAL_ROW(X)                                                                            \
    X(township_id, TEXT)                                                                           \
    X(matter_id, INT)                                                                              \
    X(name, TEXT)                                                                                  \
    X(media_type, TEXT)                                                                            \
    X(size_bytes, INT)                                                                             \
    X(sha256, TEXT)                                                                                \
    X(personnel, INT)                                                                              \
    X(uploaded, TEXT)                                                                              \
    X(uploaded_by, TEXT)                                                                           \
    X(uploader_id, INT)
#define MEETING_ROW(X)                                                                             \
    X(township_id, TEXT)                                                                           \
    X(kind, TEXT)                                                                                  \
    X(title, TEXT)                                                                                 \
    X(starts_at, TEXT)                                                                             \
    X(starts_ms, INT)                                                                              \
    X(place, TEXT)                                                                                 \
    X(convener_id, INT)                                                                            \
    X(created, TEXT)                                                                               \
    X(created_by, TEXT)                                                                            \
    X(countersigned_by, INT)                                                                       \
    X(countersign_login, TEXT)                                                                     \
    X(countersigned_at, TEXT)                                                                      \
    X(countersign_note, TEXT)                                                                      \
    X(finalised_at, TEXT)                                                                          \
    X(finalised_by, TEXT)                                                                          \
    X(revision, INT)                                                                               \
    X(cancelled_at, TEXT)                                                                          \
    X(changes, JSON)
#define NOTIFICATION_ROW(X)                                                                        \
    X(agenda_item_id, INT)                                                                         \
    X(person_id, INT)                                                                              \
    X(sent_at, TEXT)                                                                               \
    X(acknowledged_at, TEXT)                                                                       \
    X(acknowledged_by, TEXT)                                                                       \
    X(change, TEXT)
#define AGENDA_ITEM_ROW(X)                                                                         \
    X(meeting_id, INT)                                                                             \
    X(township_id, TEXT)                                                                           \
    X(matter_id, INT)                                                                              \
    X(position, INT)                                                                               \
    X(status, TEXT)                                                                                \
    X(notified_at, TEXT)                                                                           \
    X(adhoc, INT)                                                                                  \
    X(notice_verdict, JSON)                                                                        \
    X(notice_justification, TEXT)                                                                  \
    X(rulebook, JSON)                                                                              \
    X(requirements, JSON)                                                                          \
    X(roster, JSON)                                                                                \
    X(attendance_verdict, JSON)                                                                    \
    X(attendance_justification, TEXT)                                                              \
    X(discussion_verdict, JSON)                                                                    \
    X(discussion_justification, TEXT)                                                              \
    X(vote_only, INT)                                                                              \
    X(vote_opened_at, TEXT)                                                                        \
    X(result, JSON)                                                                                \
    X(concluded_at, TEXT)                                                                          \
    X(resolution_text, TEXT)                                                                       \
    X(deferral_reason, TEXT)                                                                       \
    X(revision, INT)                                                                               \
    X(reasons, JSON)
#define STATEMENT_ROW(X)                                                                           \
    X(agenda_item_id, INT)                                                                         \
    X(person_id, INT)                                                                              \
    X(position, INT)                                                                               \
    X(seq, INT)                                                                                    \
    X(sealed, INT)                                                                                 \
    X(view, TEXT)                                                                                  \
    X(summary, TEXT)                                                                               \
    X(verdict, JSON)                                                                               \
    X(justification, TEXT)                                                                         \
    X(recorded_by, TEXT)                                                                           \
    X(recorded_at, TEXT)                                                                           \
    X(corrections, JSON)
#define BALLOT_ROW(X)                                                                              \
    X(agenda_item_id, INT)                                                                         \
    X(person_id, INT)                                                                              \
    X(choice, TEXT)                                                                                \
    X(recorded_by, TEXT)                                                                           \
    X(recorded_at, TEXT)                                                                           \
    X(corrections, JSON)
#define AMENDMENT_ROW(X)                                                                           \
    X(meeting_id, INT)                                                                             \
    X(agenda_item_id, INT)                                                                         \
    X(text, TEXT)                                                                                  \
    X(reason, TEXT)                                                                                \
    X(recorded_by, TEXT)                                                                           \
    X(recorded_at, TEXT)
/* An agenda item's status as reads show it: an item still notified when
 * its meeting was cancelled is withdrawn (change.c); a and g name the
 * item's and the meeting's table in the query. */
#define ITEM_STATUS_SQL(a, g)                                                                      \
    "CASE WHEN " g ".cancelled_at IS NOT NULL AND " a ".status = 'notified' THEN 'withdrawn'"      \
    " ELSE " a ".status END"
/* Where a meeting stands (meeting_stages' values), g its table in the
 * query; the one '?' is now in ms. */
#define MEETING_STAGE_SQL(g)                                                                       \
    "CASE WHEN " g ".cancelled_at IS NOT NULL THEN 'cancelled'"                                    \
    " WHEN " g ".finalised_at IS NOT NULL THEN 'finalised'"                                        \
    " WHEN " g ".countersigned_at IS NOT NULL THEN 'countersigned'"                                \
    " WHEN " g ".starts_ms > ? THEN 'scheduled' ELSE 'under_way' END"
#define MATTER_COLUMNS       ENTITY_COLUMNS(MATTER_ROW)
#define MEETING_COLUMNS      ENTITY_COLUMNS(MEETING_ROW)
#define NOTIFICATION_COLUMNS ENTITY_COLUMNS(NOTIFICATION_ROW)
#define ITEM_COLUMNS         ENTITY_COLUMNS(AGENDA_ITEM_ROW)
#define STATEMENT_COLUMNS    ENTITY_COLUMNS(STATEMENT_ROW)
#define BALLOT_COLUMNS       ENTITY_COLUMNS(BALLOT_ROW)

/* A ballot's choices, which are also the first views of a statement. */
#define BALLOT_CHOICES                                                                             \
    {"agree", "同意", "agree"}, {"disagree", "不同意", "disagree"},                                \
    {                                                                                              \
        "abstain", "弃权", "abstain"                                                               \
    }

/* A ballot's choices and a statement's views, with their labels
 * (entities.c). */
extern const struct choice ballot_choices[];
extern const struct choice statement_views[];

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
 * The common start of an item command, after the runner has checked the
 * policy and the input: loads item a->id into *st, then checks that the
 * record is open (not countersigned, not finalised), the item's revision
 * when the input gives one, and (statuses not NULL) that the item's status
 * is one of statuses. On any failure *st is left cleared.
 */
MUST_CHECK enum err_code item_begin(const struct ctx *x,
                                    const struct args *a,
                                    const char *const *statuses,
                                    struct item_state *st,
                                    struct err *err);
/* Records "agenda_item.updated" with row (the item's new row, revision
 * bumped here) and answers with the item as item_get shows it. */
MUST_CHECK enum err_code
item_save(const struct ctx *x, int64_t id, json_t *row, json_t **result, struct err *err);
/* The item as the API shows it to x->who (new reference). */
MUST_CHECK enum err_code
item_json(const struct ctx *x, const struct item_state *st, json_t **out, struct err *err);
/*
 * Publishes, as meeting's minutes are finalised (meeting: its row), the
 * sealed parts of its records that the items' rulebooks publish then, and
 * of the matters it concluded (publication.c, docs/rules.md).
 */
MUST_CHECK enum err_code
minutes_publish(const struct ctx *x, const json_t *meeting, struct err *err);
/* Publishes the sealed parts of matter (its row), decided alone. */
MUST_CHECK enum err_code matter_publish(const struct ctx *x, const json_t *matter, struct err *err);
/*
 * What the resolution of item_id (a passed item of matter, a matters row)
 * authorises and what was spent citing it: a new object {"authorised_fen",
 * "spent_fen", "left_fen", "budget_line_id", "line_purpose",
 * "department_id", "department_name", "department_name_en", "spend_from",
 * "spend_until", "expenditures"}, or JSON
 * null when the matter's category authorises no spending.
 */
MUST_CHECK enum err_code resolution_spending(
    struct store_conn *c, const json_t *matter, int64_t item_id, json_t **out, struct err *err);
/* Fills next and blocked (arrays) for the item's state. */
void item_next(const struct ctx *x, const struct item_state *st, json_t *next, json_t *blocked);
/* The answer of an item command: reloads the item and packs it with ref. */
MUST_CHECK enum err_code item_answer(
    const struct ctx *x, int64_t id, const struct event_ref *ref, json_t **result, struct err *err);

/*
 * The common start of a member's command (a statement, a ballot):
 * item_begin, then the person it is about: its declared "person_id" when
 * the actor may record for others (clerk, admin), else the actor's own
 * person (procedure.no_person without one; procedure.own_person when
 * another is named), as a number and as text (member). On any failure *st
 * is left cleared.
 */
MUST_CHECK enum err_code member_begin(const struct ctx *x,
                                      const struct args *a,
                                      const char *const *statuses,
                                      struct item_state *st,
                                      int64_t *person,
                                      char member[24],
                                      struct err *err);

/* Refuses unless x's actor may record for person: the clerk and the admin
 * for anyone, a member only for themselves (procedure.own_person,
 * procedure.no_person). */
MUST_CHECK enum err_code member_check_own(const struct ctx *x, int64_t person, struct err *err);

/* True (*out) when the public may see the matter (a matters row):
 * decided alone, or concluded at a meeting whose minutes are finalised. */
MUST_CHECK enum err_code
matter_public(struct store_conn *c, const json_t *row, bool *out, struct err *err);
/* The materials of matter (a matters row) as x's reader may see them: a
 * new array of material rows with "removable" (a boolean) and the
 * uploader's name; a personnel matter's material shows only that
 * it exists to those outside the township. */
MUST_CHECK enum err_code
materials_of(const struct ctx *x, const json_t *matter, json_t **out, struct err *err);

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
 * procedure.not_finalised); a cancelled meeting is at none
 * (procedure.meeting_cancelled). */
MUST_CHECK enum err_code
meeting_need_stage(const json_t *meeting, enum meeting_stage stage, struct err *err);
/*
 * The common start of a meeting command, after the runner has checked the
 * policy and the input: loads meeting a->id into *row, checks that the
 * meeting is at stage and the meeting's revision when the input gives
 * one. On failure *row is NULL.
 */
MUST_CHECK enum err_code meeting_begin(const struct ctx *x,
                                       const struct args *a,
                                       enum meeting_stage stage,
                                       json_t **row,
                                       struct err *err);
/*
 * Appends to *list (made when NULL) one notification of item_id to each
 * member of roster, sent at now, with ids following those already in the
 * list; change is NULL for the item's notice, else "postponed" or
 * "cancelled" (notification.c). The rows travel as the children of the
 * item's or the meeting's event.
 */
MUST_CHECK enum err_code notifications_for(struct store_conn *c,
                                           int64_t item_id,
                                           const json_t *roster,
                                           const char *now,
                                           const char *change,
                                           json_t **list,
                                           struct err *err);
/*
 * Adds to row (a meeting's row, changed in place) what its printed notice
 * and minutes carry (document.c): "issuers" ([{"name","name_en"}]: the
 * township's party committee, and for a joint meeting its government
 * after it), "issuer_code" (the township's issuing code, 店口委),
 * "notice_year" and "notice_number" (the meeting's place by id among the
 * township's meetings created that year in Asia/Shanghai), "minutes_year"
 * and "minutes_number" (their place by the time of finalising among the
 * minutes of the township's meetings of that kind finalised that year;
 * null until finalised). ERR_STORE.
 */
MUST_CHECK enum err_code meeting_document(struct store_conn *c, json_t *row, struct err *err);
/* Loads a meeting row (decoded); ERR_NOT_FOUND. */
MUST_CHECK enum err_code
meeting_load(struct store_conn *c, int64_t id, json_t **row, struct err *err);

#endif
