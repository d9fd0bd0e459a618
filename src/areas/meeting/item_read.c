/*
 * An agenda item as the API shows it: its matter, roster, statements
 * (sealed ones without their content unless published or readable by the
 * reader's role), ballots (never a secret ballot's choice), result, tasks,
 * notifications (not public) and the next steps. See meeting.h.
 */
#include "areas/meeting/internal.h"
#include "record/query.h"

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

/* The statements as shown to the reader. */
static enum err_code
statements_json(const struct ctx *x, const struct item_state *st, json_t **out, struct err *err)
{
    const char *township = row_text(st->item, "township_id");
    struct err scratch;
    err_init(&scratch);
    bool may_unseal = policy_check(x->who, CAP_SEALED_READ, township, &scratch) == ERR_OK;
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
            if (!published && !may_unseal) {
                json_object_set_new(s, "view", json_null());
                json_object_set_new(s, "summary", json_null());
            }
        }
        json_array_append_new(list, s);
    }
    *out = list;
    return ERR_OK;
}

static json_t *ballots_json(const struct item_state *st)
{
    json_t *list = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(st->ballots, i, row)
    {
        json_t *b = json_deep_copy(row);
        if (st->req.secret_ballot) {
            json_object_set_new(b, "choice", json_null());
        }
        json_array_append_new(list, b);
    }
    return json_pack("{sI, sb, so}", "cast", (json_int_t)json_array_size(st->ballots), "secret",
                     st->req.secret_ballot, "items", list);
}

enum err_code
item_json(const struct ctx *x, const struct item_state *st, json_t **out, struct err *err)
{
    const char *township = row_text(st->item, "township_id");
    bool insider = policy_can_read(x->who, township);
    int64_t id = row_int(st->item, "id");
    json_t *statements = NULL, *tasks = NULL, *notices = NULL, *spending = NULL;
    enum err_code rc = statements_json(x, st, &statements, err);
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
    if (rc != ERR_OK) {
        json_decref(statements);
        json_decref(tasks);
        json_decref(spending);
        return rc;
    }
    const json_t *it = st->item;
    json_t *item = json_object();
    static const char *const copied[] = {
        "id",           "meeting_id",      "township_id",     "matter_id",
        "position",     "status",          "notified_at",     "rulebook",
        "requirements", "roster",          "vote_opened_at",  "result",
        "concluded_at", "resolution_text", "deferral_reason", "revision"};
    for (size_t i = 0; i < ARRAY_SIZE(copied); i++) {
        json_t *v = json_object_get(it, copied[i]);
        json_object_set(item, copied[i], v ? v : json_null());
    }
    json_object_set_new(item, "adhoc", json_boolean(row_int(it, "adhoc") != 0));
    if (item_concluded(it)) {
        /* The log index of the record that concluded the item: its last. */
        int64_t seq = 0;
        rc = store_query_int(x->c, &seq, NULL, err, "SELECT " LAST_SEQ_SQL("agenda_item", "?"), "i",
                             id);
        json_object_set_new(item, "result_seq", rc == ERR_OK ? json_integer(seq) : json_null());
        if (rc != ERR_OK) {
            json_decref(item);
            json_decref(statements);
            json_decref(tasks);
            json_decref(notices);
            json_decref(spending);
            return rc;
        }
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
                        json_pack("{sO?, sO?, sO?, sO?, sO?, sO?, sO?}", "id",
                                  json_object_get(m, "id"), "title", json_object_get(m, "title"),
                                  "category", json_object_get(m, "category"), "amount_fen",
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
    json_object_set_new(item, "ballots", ballots_json(st));
    json_object_set_new(item, "tasks", tasks);
    json_object_set_new(item, "spending", spending ? spending : json_null());
    if (notices != NULL) {
        json_object_set_new(item, "notifications", notices);
    }
    json_t *next = json_array(), *blocked = json_array();
    if (insider) {
        item_next(x, st, next, blocked);
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
