/*
 * An agenda item as the API shows it: its matter, roster, statements
 * (sealed ones without their content unless published or readable by the
 * reader's role), ballots (never a secret ballot's choice), result, tasks,
 * notifications (not public) and the next steps. See meeting.h.
 */
#include "areas/meeting/internal.h"
#include "record/query.h"
#include "record/steps.h"

#include <string.h>

/* The roster entry's name for person, or NULL. */
static const json_t *roster_entry(const json_t *roster, int64_t person)
{
    size_t i;
    const json_t *m;
    json_array_foreach(roster, i, m)
    {
        if (row_int(m, "person_id") == person) {
            return m;
        }
    }
    return NULL;
}

/* Whether the reader sees the sealed part of record (entity, id)'s last
 * event: it has none (recorded before it was sealed), it was published,
 * or the reader's role may read sealed parts. */
static enum err_code sealed_visible(const struct ctx *x,
                                    bool may_unseal,
                                    const char *entity,
                                    int64_t id,
                                    bool *out,
                                    struct err *err)
{
    int64_t sealed = 0;
    *out = true;
    if (may_unseal) {
        return ERR_OK;
    }
    enum err_code rc = store_query_int(
        x->c, &sealed, NULL, err,
        "SELECT EXISTS (SELECT 1 FROM sealed_parts WHERE seq = last.seq) AND NOT EXISTS"
        " (SELECT 1 FROM sealed_publications WHERE id = last.seq) FROM (SELECT MAX(seq) AS seq"
        " FROM record_events WHERE entity = ? AND id = CAST(? AS TEXT)) last",
        "ti", entity, id);
    *out = rc == ERR_OK && sealed == 0;
    return rc;
}

/* True when x's reader may read the sealed parts of st's deliberation
 * before they are published: whoever holds sealed.read in its township,
 * and whoever records its meetings, unless it is a personnel deliberation
 * (a secret vote). */
static bool may_unseal(const struct ctx *x, const struct item_state *st)
{
    const char *township = row_text(st->item, "township_id");
    struct err scratch;
    err_init(&scratch);
    if (policy_check(x->who, CAP_SEALED_READ, township, &scratch) == ERR_OK) {
        return true;
    }
    return !st->req.secret_ballot &&
           policy_check(x->who, CAP_MEETING_RECORD, township, &scratch) == ERR_OK;
}

/* True when x's reader may correct the record of person on the item now:
 * the item at status, its record open, and the reader one who may record
 * for person (correction.c). */
static bool
may_correct(const struct ctx *x, const struct item_state *st, const char *status, int64_t person)
{
    struct err scratch;
    err_init(&scratch);
    return strcmp(row_text(st->item, "status"), status) == 0 &&
           meeting_need_stage(st->meeting, MEETING_OPEN, &scratch) == ERR_OK &&
           policy_check(x->who, CAP_MEETING_RECORD, row_text(st->item, "township_id"), &scratch) ==
               ERR_OK &&
           member_check_own(x, person, &scratch) == ERR_OK;
}

/* Keeps of the corrections of a record the reader may not read only when
 * each was made: what they replaced and why is sealed with the record. */
static void hide_corrected(json_t *record)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(record, "corrections"), i, c)
    {
        json_object_del(c, "previous");
        json_object_del(c, "reason");
        json_object_del(c, "by");
    }
}

/* The statements as shown to the reader. */
static enum err_code
statements_json(const struct ctx *x, const struct item_state *st, json_t **out, struct err *err)
{
    bool unseal = may_unseal(x, st);
    json_t *list = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(st->statements, i, row)
    {
        json_t *s = json_deep_copy(row);
        const json_t *m =
            roster_entry(json_object_get(st->item, "roster"), row_int(row, "person_id"));
        json_object_set(s, "name", m ? json_object_get(m, "name") : json_null());
        json_object_set(s, "name_en", m ? json_object_get(m, "name_en") : json_null());
        bool sealed = row_int(row, "sealed") != 0;
        json_object_set_new(s, "sealed", json_boolean(sealed));
        if (sealed) {
            bool published = false;
            int64_t one = 0;
            enum err_code rc = store_query_int(x->c, &one, &published, err,
                                               "SELECT 1 FROM sealed_publications WHERE id = ?",
                                               "i", row_int(row, "seq"));
            if (rc != ERR_OK) {
                json_decref(s);
                json_decref(list);
                return rc;
            }
            json_object_set_new(s, "published", json_boolean(published));
            if (!published && !unseal) {
                json_object_set_new(s, "view", json_null());
                json_object_set_new(s, "summary", json_null());
                hide_corrected(s);
            }
        }
        json_object_set_new(
            s, "correctable",
            json_boolean(may_correct(x, st, "in_session", row_int(row, "person_id"))));
        json_array_append_new(list, s);
    }
    *out = list;
    return ERR_OK;
}

/* The ballots as shown to the reader: never a secret ballot's choice, and
 * an open ballot's only once published (or to whom may read it). */
static enum err_code
ballots_json(const struct ctx *x, const struct item_state *st, json_t **out, struct err *err)
{
    bool unseal = may_unseal(x, st);
    json_t *list = json_array();
    size_t i;
    json_t *row;
    enum err_code rc = ERR_OK;
    json_array_foreach(st->ballots, i, row)
    {
        bool visible = false;
        rc = sealed_visible(x, unseal, "ballot", row_int(row, "id"), &visible, err);
        if (rc != ERR_OK) {
            break;
        }
        json_t *b = json_deep_copy(row);
        if (st->req.secret_ballot || !visible) {
            json_object_set_new(b, "choice", json_null());
            hide_corrected(b);
        }
        json_object_set_new(b, "sealed", json_boolean(!st->req.secret_ballot && !visible));
        json_object_set_new(b, "correctable",
                            json_boolean(!st->req.secret_ballot &&
                                         may_correct(x, st, "voting", row_int(row, "person_id"))));
        json_array_append_new(list, b);
    }
    if (rc != ERR_OK) {
        json_decref(list);
        return rc;
    }
    *out = json_pack("{sI, sb, so}", "cast", (json_int_t)json_array_size(st->ballots), "secret",
                     st->req.secret_ballot, "items", list);
    return ERR_OK;
}

/* The roster as shown to the reader: absence and recusal reasons only
 * once published (or to whom may read them; *reasons_sealed when not). */
static enum err_code roster_json(const struct ctx *x,
                                 const struct item_state *st,
                                 json_t **out,
                                 bool *reasons_sealed,
                                 struct err *err)
{
    bool visible = false;
    enum err_code rc =
        sealed_visible(x, may_unseal(x, st), "agenda_item", row_int(st->item, "id"), &visible, err);
    if (rc != ERR_OK) {
        return rc;
    }
    json_t *roster = json_deep_copy(json_object_get(st->item, "roster"));
    size_t i;
    json_t *m;
    json_array_foreach(roster, i, m)
    {
        if (!visible) {
            json_object_del(m, "absence_reason");
            json_object_del(m, "recusal_reason");
        }
    }
    *out = roster;
    *reasons_sealed = !visible;
    return ERR_OK;
}

/* The commands of an agenda item's steps. */
static const struct step_command item_steps[] = {
    {"attendance", &item_attendance_command}, {"statement", &item_statement_command},
    {"open_vote", &item_open_vote_command},   {"ballot", &item_ballot_command},
    {"result", &item_result_command},         {"defer", &item_defer_command},
    {"task", &task_create_command},           {NULL, NULL},
};

enum err_code
item_json(const struct ctx *x, const struct item_state *st, json_t **out, struct err *err)
{
    const char *township = row_text(st->item, "township_id");
    bool insider = policy_can_read(x->who, township);
    int64_t id = row_int(st->item, "id"), seq = 0;
    bool reasons_sealed = false;
    json_t *statements = NULL, *ballots = NULL, *roster = NULL, *tasks = NULL, *notices = NULL,
           *spending = NULL, *materials = NULL;
    enum err_code rc = statements_json(x, st, &statements, err);
    if (rc == ERR_OK) {
        rc = ballots_json(x, st, &ballots, err);
    }
    if (rc == ERR_OK) {
        rc = roster_json(x, st, &roster, &reasons_sealed, err);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(x->c, &tasks, err,
                              "SELECT " TASK_VIEW_COLUMNS " FROM tasks t" TASK_VIEW_JOINS
                              " WHERE t.agenda_item_id = ? ORDER BY t.id",
                              "i", id);
    }
    if (rc == ERR_OK && strcmp(row_text(st->item, "status"), "passed") == 0) {
        rc = resolution_spending(x->c, st->matter, id, &spending, err);
    }
    if (rc == ERR_OK && insider) {
        rc = store_query_json(x->c, &notices, err,
                              "SELECT " NOTIFICATION_COLUMNS " FROM notifications"
                              " WHERE agenda_item_id = ? ORDER BY id",
                              "i", id);
    }
    if (rc == ERR_OK) {
        rc = materials_of(x, st->matter, &materials, err);
    }
    if (rc == ERR_OK && item_concluded(st->item)) {
        /* The log index of the record that concluded the item: its last. */
        rc = store_query_int(x->c, &seq, NULL, err, "SELECT " LAST_SEQ_SQL("agenda_item", "?"), "i",
                             id);
    }
    if (rc != ERR_OK) {
        json_decref(statements);
        json_decref(ballots);
        json_decref(roster);
        json_decref(tasks);
        json_decref(notices);
        json_decref(spending);
        json_decref(materials);
        return rc;
    }
    const json_t *it = st->item;
    json_t *item = json_object();
    static const char *const copied[] = {
        "id",     "meeting_id",   "township_id",     "matter_id",       "position",
        "status", "notified_at",  "rulebook",        "requirements",    "vote_opened_at",
        "result", "concluded_at", "resolution_text", "deferral_reason", "revision"};
    for (size_t i = 0; i < ARRAY_SIZE(copied); i++) {
        json_t *v = json_object_get(it, copied[i]);
        json_object_set(item, copied[i], v ? v : json_null());
    }
    if (row_text(st->meeting, "cancelled_at") != NULL &&
        strcmp(row_text(it, "status"), "notified") == 0) {
        json_object_set_new(item, "status", json_string("withdrawn")); /* ITEM_STATUS_SQL */
    }
    json_object_set_new(item, "roster", roster);
    json_object_set_new(item, "reasons_sealed", json_boolean(reasons_sealed));
    json_object_set_new(item, "adhoc", json_boolean(row_int(it, "adhoc") != 0));
    if (item_concluded(it)) {
        json_object_set_new(item, "result_seq", json_integer(seq));
    }
    json_object_set_new(item, "notice",
                        json_pack("{sO?, sO?}", "verdict", json_object_get(it, "notice_verdict"),
                                  "justification", json_object_get(it, "notice_justification")));
    json_object_set_new(item, "attendance",
                        json_pack("{sO?, sO?}", "verdict",
                                  json_object_get(it, "attendance_verdict"), "justification",
                                  json_object_get(it, "attendance_justification")));
    json_object_set_new(item, "discussion",
                        json_pack("{sO?, sO?, sb}", "verdict",
                                  json_object_get(it, "discussion_verdict"), "justification",
                                  json_object_get(it, "discussion_justification"), "vote_only",
                                  row_int(it, "vote_only") != 0));
    const json_t *m = st->matter;
    json_object_set_new(item, "matter",
                        json_pack("{sO?, sO?, sO?, sO?, sO?, sO?, sO?, sO?}", "id",
                                  json_object_get(m, "id"), "title", json_object_get(m, "title"),
                                  "description", json_object_get(m, "description"), "category",
                                  json_object_get(m, "category"), "amount_fen",
                                  json_object_get(m, "amount_fen"), "proposer_id",
                                  json_object_get(m, "proposer_id"), "responsible_id",
                                  json_object_get(m, "responsible_id"), "department_id",
                                  json_object_get(m, "department_id")));
    const json_t *g = st->meeting;
    json_object_set_new(item, "meeting",
                        json_pack("{sO?, sO?, sO?, sO?, sO?, sO?}", "id", json_object_get(g, "id"),
                                  "title", json_object_get(g, "title"), "kind",
                                  json_object_get(g, "kind"), "starts_at",
                                  json_object_get(g, "starts_at"), "countersigned_at",
                                  json_object_get(g, "countersigned_at"), "finalised_at",
                                  json_object_get(g, "finalised_at")));
    json_object_set_new(item, "statements", statements);
    json_object_set_new(item, "ballots", ballots);
    json_object_set_new(item, "tasks", tasks);
    json_object_set_new(item, "materials", materials);
    json_object_set_new(item, "spending", spending ? spending : json_null());
    if (notices != NULL) {
        json_object_set_new(item, "notifications", notices);
    }
    json_t *next = json_array(), *blocked = json_array();
    if (insider) {
        item_next(x, st, next, blocked);
        steps_keep_permitted(x->who, township, next, item_steps);
    }
    json_object_set_new(item, "next", next);
    json_object_set_new(item, "blocked", blocked);
    *out = item;
    return ERR_OK;
}

enum err_code item_get(const struct ctx *x, const struct args *a, json_t **item, struct err *err)
{
    int64_t id = a->id;
    struct item_state st;
    enum err_code rc = item_state_load(x, id, &st, err);
    if (rc != ERR_OK) {
        return rc;
    }
    if (!policy_can_read(x->who, row_text(st.item, "township_id")) &&
        row_text(st.meeting, "finalised_at") == NULL) {
        rc = err_set(err, ERR_NOT_FOUND, "id", NULL, NULL);
    }
    if (rc == ERR_OK) {
        rc = item_json(x, &st, item, err);
    }
    item_state_clear(&st);
    return rc;
}

const struct query agenda_item_get_query = {
    .name = "agenda_item.get",
    .path = "/api/v1/items/{id}",
    .cap = CAP_PUBLIC_READ,
    .run = item_get,
    .zh = "一个议题的记录、下一步和受阻的步骤",
    .en = "One agenda item with its record, next steps and blocked steps",
};
