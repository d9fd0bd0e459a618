/*
 * What the collective-decision areas share (rulebook versions, matters,
 * meetings, budgets): the command context with its clock, the one command
 * runner (begin, body, commit or roll back), the table of procedure rules
 * (the order of steps, as opposed to the rulebook's rules in src/rules/),
 * and small helpers for rows, inputs and the answer of a write.
 * See docs/decisions.md.
 */
#ifndef PROBITY_DECISION_H
#define PROBITY_DECISION_H

#include "core/utc.h"
#include "record/entity.h"
#include "record/policy.h"
#include "rules/verdict.h"

#include <stdbool.h>

struct rulebooks_cache;

/*
 * The context of a command or query. The clock is an argument: the HTTP
 * layer passes the real one; the demo loader and the unit tests pass a
 * simulated one, so that a year of meetings can be run through the same
 * commands. Events themselves always carry the real time (event.c).
 */
struct decision_ctx {
    struct store_conn *c;
    const struct actor *who;
    int64_t now_ms;                /* the command's "now", ms since the epoch */
    bool english;                  /* messages in English (blocked reasons) */
    struct rulebooks_cache *cache; /* parsed rulebooks by digest, or NULL */
};

/*
 * Procedure rules: the order of the steps of a meeting and a budget. Their
 * ids share the "rule" field of errors and of "blocked" entries with the
 * rulebook's rule ids. Columns: C name, stable id, err_code (CONFLICT:
 * 409, the state forbids it now; FORBIDDEN: 403), zh-CN, English.
 */
#define PROCEDURE_TABLE(X)                                                                         \
    X(STALE, "procedure.stale", CONFLICT, "记录已被他人修改，请刷新后重试",                        \
      "the record was changed meanwhile: reload it and try again")                                 \
    X(FINALISED, "procedure.finalised", CONFLICT, "会议纪要已定稿锁定，更正须另行记录",            \
      "the minutes are finalised and locked: record a correction as an amendment")                 \
    X(COUNTERSIGNED, "procedure.countersigned", CONFLICT, "纪委书记已签字，记录不能再改动",        \
      "the discipline secretary has countersigned: the record can no longer change")               \
    X(NOT_STARTED, "procedure.not_started", CONFLICT, "会议尚未开始",                              \
      "the meeting has not started yet")                                                           \
    X(ATTENDANCE_FIRST, "procedure.attendance_first", CONFLICT, "须先记录本议题的出席和回避情况",  \
      "record attendance and recusals for this item first")                                        \
    X(ATTENDANCE_LOCKED, "procedure.attendance_locked", CONFLICT,                                  \
      "已开始表态，出席和回避情况不能再改",                                                        \
      "statements have begun: attendance can no longer change")                                    \
    X(VOTE_OPEN, "procedure.vote_open", CONFLICT, "表决已开始，不能再表态",                        \
      "the vote has opened: statements are closed")                                                \
    X(VOTE_NOT_OPEN, "procedure.vote_not_open", CONFLICT, "表决尚未开始",                          \
      "the vote has not opened")                                                                   \
    X(NO_VOTE, "procedure.no_vote", CONFLICT, "此类事项不票决，按表态形成决定",                    \
      "this matter is not decided by a vote but on the statements")                                \
    X(CONCLUDED, "procedure.concluded", CONFLICT, "本议题已有结果", "the item is concluded")       \
    X(MATTER_BUSY, "procedure.matter_busy", CONFLICT, "该事项已列入议程或已作出决定",              \
      "the matter is already on an agenda or decided")                                             \
    X(ITEMS_OPEN, "procedure.items_open", CONFLICT, "仍有议题没有结果",                            \
      "some items are not concluded yet")                                                          \
    X(COUNTERSIGN_FIRST, "procedure.countersign_first", CONFLICT, "须先由纪委书记签字",            \
      "the discipline secretary must countersign first")                                           \
    X(NOT_FINALISED, "procedure.not_finalised", CONFLICT, "纪要定稿后才能更正",                    \
      "corrections are made only to finalised minutes")                                            \
    X(NOT_PASSED, "procedure.not_passed", CONFLICT, "议题未通过，没有可执行的决议",                \
      "the item did not pass: there is no resolution to carry out")                                \
    X(OWN_PERSON, "procedure.own_person", FORBIDDEN, "班子成员只能记录本人的表态、投票和确认",     \
      "a member records only their own statement, ballot or acknowledgement")                      \
    X(NO_PERSON, "procedure.no_person", FORBIDDEN, "您的账号没有关联班子成员",                     \
      "your user is not linked to a committee member")                                             \
    X(NOT_RESPONSIBLE, "procedure.not_responsible", FORBIDDEN, "只有该事项的负责成员才能个人决定", \
      "only the member responsible for the matter may decide it alone")                            \
    X(MEETING_EARLIER, "procedure.meeting_earlier", CONFLICT, "议程已告知，会议只能推迟不能提前",  \
      "items are notified: the meeting may be postponed, not brought forward")                     \
    X(COMMITTEE_STUDY, "procedure.committee_study", CONFLICT, "预算草案须先经党委会研究通过",      \
      "the committee must study and pass the draft budget first")                                  \
    X(BUDGET_ADOPTED, "procedure.budget_adopted", CONFLICT, "预算已经人代会通过，只能调整",        \
      "the budget is adopted: it changes only by an adjustment")                                   \
    X(BUDGET_NOT_ADOPTED, "procedure.budget_not_adopted", CONFLICT, "预算尚未经人代会通过",        \
      "the budget is not adopted yet")                                                             \
    X(TASK_DONE, "procedure.task_done", CONFLICT, "任务已完成", "the task is done")

enum procedure_id {
#define PROCEDURE_ENUM_ROW(name, id, code, zh, en) PROCEDURE_##name,
    PROCEDURE_TABLE(PROCEDURE_ENUM_ROW)
#undef PROCEDURE_ENUM_ROW
        PROCEDURE_N
};

/* The procedure rule's stable id, e.g. "procedure.stale" (static). */
const char *decision_procedure_name(enum procedure_id id);
/* Its message in the language asked for (static). */
const char *decision_procedure_message(enum procedure_id id, bool english);
/* Records a refusal by procedure rule id (its code, field may be NULL, its
 * messages, err->rule the id) and returns the code. */
enum err_code decision_refuse(struct err *err, enum procedure_id id, const char *field);

/* Settles a rule check: kind is the check's result, v its verdict
 * (rules_settle with the justification, which a flag needs). Written
 * decision_settle(rules_check_x(..., &v), &v, justification, err). */
MUST_CHECK enum err_code decision_settle(enum verdict_kind kind,
                                         const struct verdict *v,
                                         const char *justification,
                                         struct err *err);

/* A command's body: runs inside the write transaction; on ERR_OK *result
 * holds the answer (a new reference). */
typedef enum err_code (*decision_body_fn)(const struct decision_ctx *x,
                                          void *arg,
                                          json_t **result,
                                          struct err *err);
/*
 * Runs body in one write transaction: commits when it succeeds (the
 * answer is returned only once durable), rolls everything back otherwise,
 * so a refused command writes nothing. *result is set only on ERR_OK.
 */
MUST_CHECK enum err_code decision_run(const struct decision_ctx *x,
                                      decision_body_fn body,
                                      void *arg,
                                      json_t **result,
                                      struct err *err);

/* The log index of the latest event of the row of entity whose id is the
 * SQL expression id_sql (table record_events), as an SQL expression. */
#define LAST_SEQ_SQL(entity, id_sql)                                                               \
    "(SELECT MAX(r.seq) FROM record_events r WHERE r.entity = '" entity "'"                        \
    " AND r.id = CAST(" id_sql " AS TEXT))"

/* The argument of a command's body run by decision_run_args: the township
 * or the record it acts on, and its input. */
struct decision_args {
    const char *township; /* a command on a township (else NULL) */
    int64_t id;           /* a command on a record (else 0) */
    const json_t *input;
};
/* decision_run of body with a struct decision_args {township, id, input}. */
MUST_CHECK enum err_code decision_run_args(const struct decision_ctx *x,
                                           decision_body_fn body,
                                           const char *township,
                                           int64_t id,
                                           const json_t *input,
                                           json_t **result,
                                           struct err *err);

/* The answer of a write: a new {"item": item (stolen), "event": ref}. */
json_t *decision_answer(json_t *item, const struct event_ref *ref);

/*
 * Loads the row of ent selected by sql (one integer parameter, id) into a
 * new object, turning its 'j' columns from canonical text back into JSON
 * values, so that the row can be sent whole in an ".updated" event.
 * ERR_NOT_FOUND (field "id") when there is none.
 */
MUST_CHECK enum err_code decision_load(struct store_conn *c,
                                       const struct entity *ent,
                                       const char *sql,
                                       int64_t id,
                                       json_t **row,
                                       struct err *err);
/* Turns ent's 'j' columns of row (text) into JSON values, in place. */
void decision_decode(const struct entity *ent, json_t *row);
/* Parses a path id (decimal, > 0); ERR_NOT_FOUND otherwise. */
MUST_CHECK enum err_code decision_parse_id(const char *text, int64_t *out, struct err *err);

/* The person the acting user is linked to (users.person_id), or 0. */
MUST_CHECK enum err_code
decision_actor_person(const struct decision_ctx *x, int64_t *person, struct err *err);
/* True when who may read the township's decision record before it is
 * public (capability decision.read in that township). */
bool decision_can_read(const struct actor *who, const char *township);
/* Writes the context's now as UTC RFC 3339 into out. */
void decision_now_text(const struct decision_ctx *x, char out[UTC_TEXT_MAX]);
/*
 * Optimistic concurrency: when input has "revision" (an integer), it must
 * equal the row's; otherwise ERR_CONFLICT with field "revision" and rule
 * procedure.stale. Absent: no check.
 */
MUST_CHECK enum err_code
decision_check_revision(const json_t *input, const json_t *row, struct err *err);
/* Sets row's "revision" to one more than before. */
void decision_bump_revision(json_t *row);

/* The Shanghai date "YYYY-MM-DD" of a UTC ms instant (11 bytes). */
void decision_shanghai_date(int64_t ms, char out[11]);
/* Milliseconds of a Shanghai date's midnight; false when not a date. */
bool decision_date_ms(const char *date, int64_t *ms);

/* Integer and text members of a row (0 and NULL when absent or null). */
int64_t decision_int(const json_t *row, const char *key);
const char *decision_text(const json_t *row, const char *key);

/*
 * Checks that person is a person of township (field names the input
 * field); ERR_INVALID otherwise. For a department (class bureau, office or
 * centre of the township) use decision_check_department.
 */
MUST_CHECK enum err_code decision_check_person(
    struct store_conn *c, const char *township, int64_t person, const char *field, struct err *err);
MUST_CHECK enum err_code decision_check_department(struct store_conn *c,
                                                   const char *township,
                                                   int64_t department,
                                                   const char *field,
                                                   struct err *err);
/* Checks that the township exists; ERR_NOT_FOUND otherwise. */
MUST_CHECK enum err_code
decision_check_township(struct store_conn *c, const char *township, struct err *err);
/* Appends {"action","rule","message"} to blocked (in x's language). */
void decision_block(const struct decision_ctx *x,
                    json_t *blocked,
                    const char *action,
                    enum procedure_id id);

#endif
