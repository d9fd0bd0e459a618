/*
 * The workbench: what waits for the signed-in user, in one answer
 * (GET /api/v1/todo). Each section is one SELECT over the township's
 * records and belongs to those who can act on it: a person's notices to
 * acknowledge, statements to make (the secretary's only once the others
 * have spoken, where the rulebook says the secretary speaks last) and
 * ballots to cast; the clerk's meetings to prepare and their notices not
 * yet acknowledged; the discipline secretary's minutes to countersign;
 * late-added items and rule exceptions with their justifications, for the
 * discipline secretary and the commission's inspectors; the red flags of
 * works and purchases for the discipline secretary to review, each named
 * in the reader's language; overdue execution tasks; budgets waiting for
 * the congress's vote. A section the user cannot act on is left out of
 * the answer. The lists are the township's own; a city-wide role names
 * one with ?township. See docs/decisions.md, "The workbench".
 */
#include "areas/meeting/meeting.h"
#include "record/area.h"

#include "core/utc.h"
#include "record/query.h"
#include "record/row.h"
#include "rules/red_flags.h"
#include "store/json_sql.h"

#include <string.h>

/* How far back the discipline secretary's lists look. */
#define LOOK_BACK_MS (90LL * 24 * 3600 * 1000)
/* The most rows a section lists (its count says how many there are in all). */
#define SECTION_MAX 100

/* What a section's SELECT is given: '?'s in its format are these, in
 * order: 't' the township, 'p' the person, 's' the start of
 * the look-back (ms), 'd' today in Asia/Shanghai. */
struct todo_args {
    const char *township;
    int64_t person;
    int64_t since_ms;
    char today[11];
};

/* Adds to a section's rows what their SELECT cannot give. */
typedef enum err_code (*todo_add_fn)(const struct ctx *x, json_t *rows, struct err *err);

/* One section: its key, who may act on it (a capability in the township,
 * or, with CAP_SIGNED_IN, anyone with a person on record), its SELECT and
 * the same counted, each in both dialects (by enum store_dialect), the
 * order of its parameters, and what is added to its rows, or NULL. */
struct todo_section {
    const char *key;
    enum capability cap;
    const char *sql[2];
    const char *count_sql[2];
    const char *params;
    todo_add_fn add;
};

/* Rows that name a matter ("matter_id"): with its materials. */
static enum err_code with_materials(const struct ctx *x, json_t *rows, struct err *err)
{
    return materials_attach(x, rows, "matter_id", err);
}

/* Rows of red flags ("flag"): with the flag's title in the reader's
 * language ("title"). */
static enum err_code with_flag_titles(const struct ctx *x, json_t *rows, struct err *err)
{
    (void)err;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        enum red_flag f;
        if (red_flag_find(row_text(row, "flag"), &f)) {
            json_object_set_new(row, "title", json_string(red_flag_title(f, x->english)));
        }
    }
    return ERR_OK;
}

/* A row of the sections' table from the SELECT as SQLite and PostgreSQL
 * spell it: each is written once. */
#define SECTION_IN(key, cap, lite, pg, params, add)                                                \
    {                                                                                              \
        key, cap, {lite, pg},                                                                      \
            {"SELECT COUNT(*) FROM (" lite ") counted", "SELECT COUNT(*) FROM (" pg ") counted"},  \
            params, add                                                                            \
    }
/* A section whose SELECT both databases spell alike. */
#define SECTION(key, cap, sql, params) SECTION_IN(key, cap, sql, sql, params, NULL)
/* A section whose SELECT reads JSON: sql_of is a macro of the dialect
 * (store/json_sql.h). */
#define SECTION_JSON(key, cap, sql_of, params)                                                     \
    SECTION_IN(key, cap, sql_of(LITE), sql_of(PG), params, NULL)
/* A section whose rows get more by add (with_materials, ...). */
#define SECTION_ADDING(key, cap, sql, params, add) SECTION_IN(key, cap, sql, sql, params, add)

/* The meeting and matter an item row names, for the sections of items. */
#define ITEM_NAMES                                                                                 \
    "i.id AS item_id, i.meeting_id, m.title AS meeting_title, m.starts_at, m.place,"               \
    " mt.title AS matter_title, mt.category"
#define ITEM_JOINS                                                                                 \
    " FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id"                                  \
    " JOIN matters mt ON mt.id = i.matter_id"
/* The statements below are written once for both databases, as macros of
 * the dialect J (store/json_sql.h); clang-format would split their text. */
/* clang-format off */

/* The person (the section's first 'p') is on the item's roster, present
 * and not recused: r is their roster entry. */
#define ON_ROSTER(J)                                                                               \
    " JOIN" JSON_EACH(J, "i.roster", "r")                                                          \
    " ON " JSON_INT(J, "r.value", "person_id") " = ?"                                              \
    " AND " JSON_TRUE(J, "r.value", "present")                                                     \
    " AND NOT " JSON_TRUE(J, "r.value", "recused")

/* The statements the person has to make: the secretary's turn comes when
 * every other member present has spoken, where the rulebook says the
 * secretary speaks last. */
#define SPEAKS_LAST(J)                                                                             \
    JSON_TRUE(J, "r.value", "secretary") " AND " JSON_TRUE(J, "i.requirements", "secretary_last")
#define STATEMENTS_SQL(J)                                                                          \
    "SELECT " ITEM_NAMES ", (" SPEAKS_LAST(J) ") AS last" ITEM_JOINS ON_ROSTER(J)                  \
    " WHERE i.township_id = ? AND i.status = 'in_session'"                                         \
    " AND NOT EXISTS (SELECT 1 FROM statements s WHERE s.agenda_item_id = i.id"                    \
    " AND s.person_id = ?)"                                                                        \
    " AND NOT (" SPEAKS_LAST(J)                                                                    \
    " AND EXISTS (SELECT 1 FROM" JSON_EACH(J, "i.roster", "o")                                     \
    " WHERE " JSON_INT(J, "o.value", "person_id") " != ?"                                          \
    " AND " JSON_TRUE(J, "o.value", "present")                                                     \
    " AND NOT " JSON_TRUE(J, "o.value", "recused")                                                 \
    " AND NOT EXISTS (SELECT 1 FROM statements s2 WHERE s2.agenda_item_id = i.id"                  \
    " AND s2.person_id = " JSON_INT(J, "o.value", "person_id") ")))"                               \
    " ORDER BY m.starts_ms, i.position"

#define BALLOTS_SQL(J)                                                                             \
    "SELECT " ITEM_NAMES ", " JSON_TRUE(J, "i.requirements", "secret_ballot") " AS secret"         \
    ITEM_JOINS ON_ROSTER(J)                                                                        \
    " WHERE i.township_id = ? AND i.status = 'voting'"                                             \
    " AND NOT EXISTS (SELECT 1 FROM ballots b WHERE b.agenda_item_id = i.id"                       \
    " AND b.person_id = ?)"                                                                        \
    " ORDER BY m.starts_ms, i.position"

/* A step the rulebook flags goes ahead with its justification: each such
 * step of the period, newest first. */
#define FLAGGED(J, verdict) " AND " JSON_TEXT(J, verdict, "kind") " = 'flag'"
#define EXCEPTIONS_SQL(J)                                                                          \
    "SELECT * FROM ("                                                                              \
    "SELECT " ITEM_NAMES ", 'notice' AS step, i.notice_verdict AS verdict,"                        \
    " i.notice_justification AS justification, i.notified_at AS at" ITEM_JOINS                     \
    " WHERE i.township_id = ? AND m.starts_ms >= ?" FLAGGED(J, "i.notice_verdict")                 \
    " UNION ALL SELECT " ITEM_NAMES ", 'attendance', i.attendance_verdict,"                        \
    " i.attendance_justification, m.starts_at" ITEM_JOINS                                          \
    " WHERE i.township_id = ? AND m.starts_ms >= ?" FLAGGED(J, "i.attendance_verdict")             \
    " UNION ALL SELECT " ITEM_NAMES ", 'discussion', i.discussion_verdict,"                        \
    " i.discussion_justification, i.vote_opened_at" ITEM_JOINS                                     \
    " WHERE i.township_id = ? AND m.starts_ms >= ?" FLAGGED(J, "i.discussion_verdict")             \
    " UNION ALL SELECT " ITEM_NAMES ", 'statement', s.verdict, s.justification, s.recorded_at"      \
    ITEM_JOINS " JOIN statements s ON s.agenda_item_id = i.id"                                     \
    " WHERE i.township_id = ? AND m.starts_ms >= ?" FLAGGED(J, "s.verdict")                        \
    " UNION ALL SELECT " ITEM_NAMES ", 'task', t.due_verdict, t.due_justification, t.created"      \
    ITEM_JOINS " JOIN tasks t ON t.agenda_item_id = i.id"                                          \
    " WHERE i.township_id = ? AND m.starts_ms >= ?" FLAGGED(J, "t.due_verdict")                    \
    ") flagged ORDER BY at DESC"

/* clang-format on */

static const struct todo_section sections[] = {
    SECTION_ADDING(
        "notices",
        CAP_SIGNED_IN,
        "SELECT n.id, n.sent_at, n.change, i.adhoc, i.matter_id, " ITEM_NAMES
        " FROM notifications n"
        " JOIN agenda_items i ON i.id = n.agenda_item_id JOIN meetings m ON m.id = i.meeting_id"
        " JOIN matters mt ON mt.id = i.matter_id"
        " WHERE n.person_id = ? AND i.township_id = ? AND n.acknowledged_at IS NULL"
        " AND " NOTIFICATION_LATEST_SQL("n") " AND ((i.status IN ('notified', 'in_session', "
                                             "'voting') AND m.cancelled_at IS NULL)"
                                             " OR n.change = 'cancelled')"
                                             " ORDER BY m.starts_ms, i.position",
        "pt",
        with_materials),
    SECTION_JSON("statements", CAP_SIGNED_IN, STATEMENTS_SQL, "ptpp"),
    SECTION_JSON("ballots", CAP_SIGNED_IN, BALLOTS_SQL, "ptp"),
    SECTION("meetings",
            CAP_MEETING_MANAGE,
            "SELECT m.id, m.title, m.kind, m.starts_at, m.place,"
            " (SELECT COUNT(*) FROM agenda_items i WHERE i.meeting_id = m.id) AS items,"
            " (SELECT COUNT(*) FROM agenda_items i WHERE i.meeting_id = m.id"
            " AND i.status IN ('notified', 'in_session', 'voting')) AS items_open,"
            " (SELECT COUNT(*) FROM notifications n JOIN agenda_items i ON i.id = n.agenda_item_id"
            " WHERE i.meeting_id = m.id AND n.acknowledged_at IS NULL AND " NOTIFICATION_LATEST_SQL(
                "n") " AND i.status IN ('notified', 'in_session', 'voting')) AS notices_pending"
                     " FROM meetings m WHERE m.township_id = ? AND m.finalised_at IS NULL"
                     " AND m.cancelled_at IS NULL"
                     " ORDER BY m.starts_ms",
            "t"),
    SECTION("countersign",
            CAP_MEETING_COUNTERSIGN,
            "SELECT m.id, m.title, m.starts_at, m.place,"
            " (SELECT COUNT(*) FROM agenda_items i WHERE i.meeting_id = m.id) AS items"
            " FROM meetings m WHERE m.township_id = ? AND m.countersigned_at IS NULL"
            " AND EXISTS (SELECT 1 FROM agenda_items i WHERE i.meeting_id = m.id)"
            " AND NOT EXISTS (SELECT 1 FROM agenda_items i WHERE i.meeting_id = m.id"
            " AND i.status IN ('notified', 'in_session', 'voting'))"
            " ORDER BY m.starts_ms",
            "t"),
    SECTION("late_items",
            CAP_SUPERVISION_READ,
            "SELECT " ITEM_NAMES ", i.status, i.notified_at, i.notice_justification" ITEM_JOINS
            " WHERE i.township_id = ? AND i.adhoc = 1 AND m.starts_ms >= ?"
            " ORDER BY m.starts_ms DESC, i.position",
            "ts"),
    SECTION_JSON("exceptions", CAP_SUPERVISION_READ, EXCEPTIONS_SQL, "tststststs"),
    SECTION_ADDING("red_flags",
                   CAP_RED_FLAG_REVIEW,
                   "SELECT f.id, f.project_id, f.flag, f.raised_at, p.title AS project_title"
                   " FROM red_flags f JOIN projects p ON p.id = f.project_id"
                   " WHERE f.township_id = ? AND f.status = 'open' ORDER BY f.id DESC",
                   "t",
                   with_flag_titles),
    SECTION("tasks",
            CAP_TASK_WRITE,
            "SELECT t.id, t.description, t.due_date, t.owner_id, p.name AS owner_name,"
            " p.name_en AS owner_name_en, i.meeting_id, mt.title AS matter_title"
            " FROM tasks t JOIN people p ON p.id = t.owner_id"
            " JOIN agenda_items i ON i.id = t.agenda_item_id JOIN matters mt ON mt.id = i.matter_id"
            " WHERE t.township_id = ? AND t.status = 'open' AND t.due_date < ?"
            " ORDER BY t.due_date, t.id",
            "td"),
    SECTION("my_tasks",
            CAP_SIGNED_IN,
            "SELECT t.id, t.description, t.due_date, i.meeting_id, mt.title AS matter_title"
            " FROM tasks t JOIN agenda_items i ON i.id = t.agenda_item_id"
            " JOIN matters mt ON mt.id = i.matter_id"
            " WHERE t.owner_id = ? AND t.township_id = ? AND t.status = 'open'"
            " ORDER BY t.due_date, t.id",
            "pt"),
    SECTION("budgets",
            CAP_CONGRESS_RECORD,
            "SELECT b.id, b.fiscal_year, b.title, b.status FROM budgets b"
            " WHERE b.township_id = ? AND b.status = 'draft' ORDER BY b.fiscal_year",
            "t"),
};

/* Prepares sql (a section's SELECT, or its count) with the section's
 * parameters bound. */
static enum err_code prepare_section(struct store_conn *c,
                                     const struct todo_section *sec,
                                     const char *sql,
                                     const struct todo_args *t,
                                     struct store_stmt **out,
                                     struct err *err)
{
    struct store_stmt *s = NULL;
    enum err_code rc = store_prepare(c, sql, &s, err);
    for (int i = 0; rc == ERR_OK && sec->params[i] != '\0'; i++) {
        switch (sec->params[i]) {
        case 't':
            store_bind_text(s, i + 1, t->township);
            break;
        case 'p':
            store_bind_int(s, i + 1, t->person);
            break;
        case 's':
            store_bind_int(s, i + 1, t->since_ms);
            break;
        default:
            store_bind_text(s, i + 1, t->today);
            break;
        }
    }
    *out = s;
    return rc;
}

/* Runs one section into a new array (at most SECTION_MAX rows) and counts
 * all of its rows into *count. */
static enum err_code run_section(struct store_conn *c,
                                 const struct todo_section *sec,
                                 const struct todo_args *t,
                                 json_t **rows,
                                 int64_t *count,
                                 struct err *err)
{
    struct store_stmt *s = NULL;
    int dialect = (int)store_dialect_of(store_of(c));
    enum err_code rc = prepare_section(c, sec, sec->sql[dialect], t, &s, err);
    if (rc == ERR_OK) {
        rc = store_rows_json(s, SECTION_MAX, rows, err);
    }
    if (rc == ERR_OK) {
        *count = (int64_t)json_array_size(*rows);
    }
    if (rc == ERR_OK && json_array_size(*rows) == SECTION_MAX) {
        rc = prepare_section(c, sec, sec->count_sql[dialect], t, &s, err);
        enum store_step_result r = rc == ERR_OK ? store_step(s, err) : STORE_DONE;
        if (r == STORE_ROW) {
            *count = store_col_int(s, 0);
        }
        store_done(s);
        rc = r == STORE_ERROR ? err->code : rc;
    }
    /* A rule's verdict is kept as its canonical JSON text. */
    size_t i;
    json_t *row;
    json_array_foreach(rc == ERR_OK ? *rows : NULL, i, row)
    {
        const char *text = json_string_value(json_object_get(row, "verdict"));
        if (text != NULL) {
            json_object_set_new(row, "verdict", json_loads(text, 0, NULL));
        }
    }
    return rc;
}

/* True when who may act on sec in the township (a person's own sections
 * need a person on record). */
static bool may_act(const struct actor *who, const struct todo_section *sec, const char *township)
{
    struct err ignored;
    err_init(&ignored);
    if (sec->cap == CAP_SIGNED_IN) {
        return who->person_id != 0 && township != NULL;
    }
    return township != NULL && policy_check(who, sec->cap, township, &ignored) == ERR_OK;
}

static enum err_code
todo_body(const struct ctx *x, const struct args *a, json_t **answer, struct err *err)
{
    const char *asked = json_string_value(json_object_get(a->input, "township"));
    struct todo_args t = {
        .township = x->who->township ? x->who->township : asked,
        .person = x->who->person_id,
        .since_ms = x->now_ms - LOOK_BACK_MS,
    };
    utc_shanghai_date(x->now_ms, t.today);
    enum err_code rc = ERR_OK;
    if (asked != NULL && x->who->township != NULL && strcmp(asked, x->who->township) != 0) {
        return err_set(err, ERR_FORBIDDEN, "township", "只能查看本乡镇的待办",
                       "you see the to-do list of your own township only");
    }
    if (asked != NULL && x->who->township == NULL) {
        bool found = false;
        int64_t one = 0;
        rc = store_query_int(x->c, &one, &found, err, "SELECT 1 FROM townships WHERE id = ?", "t",
                             asked);
        if (rc == ERR_OK && !found) {
            return err_set(err, ERR_NOT_FOUND, "township", "乡镇不存在", "no such township");
        }
    }
    json_t *out = json_object(), *counts = json_object();
    json_object_set_new(out, "township", t.township ? json_string(t.township) : json_null());
    json_object_set_new(out, "counts", counts);
    for (size_t i = 0; rc == ERR_OK && i < ARRAY_SIZE(sections); i++) {
        const struct todo_section *sec = &sections[i];
        json_t *rows = NULL;
        int64_t count = 0;
        if (!may_act(x->who, sec, t.township)) {
            continue;
        }
        rc = run_section(x->c, sec, &t, &rows, &count, err);
        if (rc == ERR_OK && sec->add != NULL) {
            rc = sec->add(x, rows, err);
        }
        if (rc != ERR_OK) {
            json_decref(rows);
        } else {
            json_object_set_new(counts, sec->key, json_integer((json_int_t)count));
            json_object_set_new(out, sec->key, rows);
        }
    }
    if (rc != ERR_OK) {
        json_decref(out);
        return rc;
    }
    *answer = out;
    return ERR_OK;
}

static const struct field todo_params[] = {
    F_TEXT("township", 0, 40, "乡镇", "township"),
    F_END,
};

/* A red flag's row in the list: the flag, named in the reader's language,
 * and its project. */
static const struct field red_flag_row[] = {
    F_INT("id", 0, 0, 0, "编号", "id"),
    F_INT("project_id", 0, 0, 0, "项目编号", "project id"),
    F_TEXT("project_title", 0, 0, "项目", "project"),
    F_TEXT("flag", 0, 0, "风险提示的规则", "red flag rule"),
    F_TEXT("title", 0, 0, "风险提示", "red flag"),
    F_TIME("raised_at", 0, "提示时间", "raised"),
    F_END,
};

/* The answer's parts, for the API's description (each section's rows;
 * tests/api/workbench.test.mjs checks that they are the answer's). */
static const struct field todo_answer[] = {
    F_TEXT("township", FIELD_NULLABLE, 40, "乡镇", "township"),
    F_OBJECT("counts", 0, NULL, "各项的件数", "how many of each"),
    F_LIST("notices", 0, 0, NULL, "待确认收到的会议通知", "meeting notices to acknowledge"),
    F_LIST("statements", 0, 0, NULL, "待发表意见的议题", "items to state one's view on"),
    F_LIST("ballots", 0, 0, NULL, "待投票的议题", "items to vote on"),
    F_LIST("meetings", 0, 0, NULL, "待筹备的会议", "meetings to prepare"),
    F_LIST("countersign", 0, 0, NULL, "待会签的会议纪要", "minutes to countersign"),
    F_LIST("late_items", 0, 0, NULL, "临时增加的议题", "items added late"),
    F_LIST("exceptions", 0, 0, NULL, "说明理由后进行的步骤", "steps taken with a justification"),
    F_LIST("red_flags",
           0,
           0,
           red_flag_row,
           "待核查的工程采购风险提示",
           "red flags of works and purchases to review"),
    F_LIST("tasks", 0, 0, NULL, "逾期的落实任务", "overdue tasks"),
    F_LIST("my_tasks", 0, 0, NULL, "我的落实任务", "my tasks"),
    F_LIST("budgets", 0, 0, NULL, "待审议的预算草案", "draft budgets"),
    F_END,
};

static const struct query todo_query = {
    .name = "workbench.todo",
    .path = "/api/v1/todo",
    .cap = CAP_SIGNED_IN,
    .params = todo_params,
    .run = todo_body,
    .zh = "我的待办：待确认的通知、待发表的意见、待筹备的会议、待会签的纪要等",
    .en = "What waits for you: notices, statements, meetings to prepare, minutes to countersign",
    .extra = todo_answer,
};

static const struct query *const workbench_queries[] = {&todo_query, NULL};

const struct area workbench_area = {
    .name = "workbench",
    .zh = "工作台",
    .en = "workbench",
    .queries = workbench_queries,
};
