/*
 * Resolutions (passed agenda items) and their execution tasks: a
 * department, an owner and a due date for each, tracked to done.
 * See meeting.h.
 */
#include "areas/meeting/internal.h"

#include "core/input.h"
#include "core/page.h"

#include <stdio.h>
#include <string.h>

#define TASK_ROW_SQL "SELECT " TASK_COLUMNS " FROM tasks WHERE id = ?"

static const char *const task_statuses[] = {"open", "done", NULL};

static enum err_code
create_body(const struct decision_ctx *x, void *arg, json_t **result, struct err *err)
{
    static const char *const allowed[] = {"description", "department_id", "owner_id", "due_date",
                                          NULL};
    struct decision_args *a = arg;
    json_t *item = NULL, *row = NULL;
    const char *description = NULL, *due = NULL;
    int64_t department = 0, owner = 0;
    char now[UTC_TEXT_MAX];
    struct event_ref ref;
    enum err_code rc = store_query_row(
        x->c, &item, err, "SELECT township_id, status FROM agenda_items WHERE id = ?", "i", a->id);
    if (rc == ERR_OK && item == NULL) {
        rc = err_set(err, ERR_NOT_FOUND, "id", NULL, NULL);
    }
    const char *township = item ? decision_text(item, "township_id") : NULL;
    if (rc == ERR_OK) {
        rc = policy_check(x->who, CAP_TASK_WRITE, township, err);
    }
    if (rc == ERR_OK && strcmp(decision_text(item, "status"), "passed") != 0) {
        rc = decision_refuse(err, PROCEDURE_NOT_PASSED, NULL);
    }
    if (rc == ERR_OK) {
        rc = input_only(a->input, allowed, err);
    }
    if (rc == ERR_OK) {
        rc = input_text(a->input, "description", INPUT_REQUIRED, 2000, &description, err);
    }
    if (rc == ERR_OK) {
        rc = input_int(a->input, "department_id", INPUT_NULLABLE, 1, INT64_MAX, &department, err);
    }
    if (rc == ERR_OK) {
        rc = input_int(a->input, "owner_id", INPUT_REQUIRED, 1, INT64_MAX, &owner, err);
    }
    if (rc == ERR_OK) {
        rc = input_date(a->input, "due_date", INPUT_REQUIRED, &due, err);
    }
    if (rc == ERR_OK && department != 0) {
        rc = decision_check_department(x->c, township, department, "department_id", err);
    }
    if (rc == ERR_OK) {
        rc = decision_check_person(x->c, township, owner, "owner_id", err);
    }
    if (rc == ERR_OK) {
        decision_now_text(x, now);
        row = json_pack("{sI, ss, ss, so, sI, ss, ss, sn, ss, ss}", "agenda_item_id",
                        (json_int_t)a->id, "township_id", township, "description", description,
                        "department_id", department ? json_integer(department) : json_null(),
                        "owner_id", (json_int_t)owner, "due_date", due, "status", "open", "note",
                        "created", now, "updated", now);
        rc = entity_create(x->c, x->who, &task_entity, township, row, &ref, err);
    }
    if (rc == ERR_OK) {
        *result = decision_answer(json_incref(row), &ref);
    }
    json_decref(row);
    json_decref(item);
    return rc;
}

enum err_code task_create(const struct decision_ctx *x,
                          int64_t item_id,
                          const json_t *input,
                          json_t **result,
                          struct err *err)
{
    return decision_run_args(x, create_body, NULL, item_id, input, result, err);
}

static enum err_code
update_body(const struct decision_ctx *x, void *arg, json_t **result, struct err *err)
{
    static const char *const allowed[] = {"status", "note", "due_date", NULL};
    struct decision_args *a = arg;
    json_t *row = NULL;
    const char *status = NULL, *note = NULL, *due = NULL;
    char now[UTC_TEXT_MAX];
    struct event_ref ref;
    enum err_code rc = decision_load(x->c, &task_entity, TASK_ROW_SQL, a->id, &row, err);
    const char *township = row ? decision_text(row, "township_id") : NULL;
    if (rc == ERR_OK) {
        rc = policy_check(x->who, CAP_TASK_WRITE, township, err);
    }
    if (rc == ERR_OK) {
        rc = input_only(a->input, allowed, err);
    }
    if (rc == ERR_OK) {
        rc = input_enum(a->input, "status", INPUT_OPTIONAL, task_statuses, &status, err);
    }
    if (rc == ERR_OK) {
        rc = input_text(a->input, "note", INPUT_NULLABLE, 2000, &note, err);
    }
    if (rc == ERR_OK) {
        rc = input_date(a->input, "due_date", INPUT_OPTIONAL, &due, err);
    }
    if (rc == ERR_OK && due != NULL && strcmp(decision_text(row, "status"), "done") == 0) {
        rc = decision_refuse(err, PROCEDURE_TASK_DONE, "due_date");
    }
    if (rc == ERR_OK) {
        decision_now_text(x, now);
        if (status != NULL) {
            json_object_set_new(row, "status", json_string(status));
        }
        if (input_has(a->input, "note")) {
            json_object_set_new(row, "note", note ? json_string(note) : json_null());
        }
        if (due != NULL) {
            json_object_set_new(row, "due_date", json_string(due));
        }
        json_object_set_new(row, "updated", json_string(now));
        rc = entity_update(x->c, x->who, &task_entity, township, row, &ref, err);
    }
    if (rc == ERR_OK) {
        *result = decision_answer(json_incref(row), &ref);
    }
    json_decref(row);
    return rc;
}

enum err_code task_update(
    const struct decision_ctx *x, int64_t id, const json_t *input, json_t **result, struct err *err)
{
    return decision_run_args(x, update_body, NULL, id, input, result, err);
}

enum err_code resolution_list(const struct decision_ctx *x,
                              const char *township,
                              const struct decision_page *q,
                              json_t **page,
                              struct err *err)
{
    int64_t all = decision_can_read(x->who, township) ? 1 : 0, total = 0;
    json_t *items = NULL;
    enum err_code rc = decision_check_township(x->c, township, err);
#define RESOLUTION_WHERE                                                                           \
    " FROM agenda_items a JOIN matters m ON m.id = a.matter_id"                                    \
    " JOIN meetings g ON g.id = a.meeting_id WHERE a.township_id = ? AND a.status = 'passed'"      \
    " AND (? = 1 OR g.finalised_at IS NOT NULL)"
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &total, NULL, err, "SELECT COUNT(*)" RESOLUTION_WHERE, "ti",
                             township, all);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(
            x->c, &items, err,
            "SELECT a.id, a.meeting_id, a.matter_id, m.title, m.category, m.amount_fen,"
            " a.resolution_text, a.concluded_at, a.result, a.rulebook,"
            " " LAST_SEQ_SQL(
                "agenda_item",
                "a.id") " AS result_seq,"
                        " g.title AS meeting_title, g.starts_at, g.finalised_at,"
                        " (SELECT COUNT(*) FROM tasks t WHERE t.agenda_item_id = a.id) AS tasks,"
                        " (SELECT COUNT(*) FROM tasks t WHERE t.agenda_item_id = a.id AND t.status "
                        "= 'done')"
                        " AS tasks_done" RESOLUTION_WHERE " ORDER BY g.starts_ms DESC, a.id DESC"
                        " LIMIT ? OFFSET ?",
            "tiii", township, all, q->limit, q->offset);
    }
#undef RESOLUTION_WHERE
    if (rc == ERR_OK) {
        size_t i;
        json_t *row;
        json_array_foreach(items, i, row)
        {
            decision_decode(&agenda_item_entity, row); /* result, rulebook */
        }
        *page = page_json(items, total, q->limit, q->offset);
    }
    return rc;
}

enum err_code task_list(const struct decision_ctx *x,
                        const char *township,
                        const struct decision_page *q,
                        json_t **page,
                        struct err *err)
{
    int64_t all = decision_can_read(x->who, township) ? 1 : 0, total = 0;
    json_t *items = NULL;
    enum err_code rc = decision_check_township(x->c, township, err);
    if (rc == ERR_OK && q->status != NULL && strcmp(q->status, "open") != 0 &&
        strcmp(q->status, "done") != 0) {
        rc = err_set(err, ERR_BAD_REQUEST, "status", "“status”须为 open 或 done",
                     "'status' must be open or done");
    }
#define TASK_WHERE                                                                                 \
    " FROM tasks t JOIN agenda_items a ON a.id = t.agenda_item_id"                                 \
    " JOIN matters m ON m.id = a.matter_id JOIN meetings g ON g.id = a.meeting_id" TASK_VIEW_JOINS \
    " WHERE t.township_id = ?"                                                                     \
    " AND (? = 1 OR g.finalised_at IS NOT NULL) AND (? IS NULL OR t.status = ?)"
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &total, NULL, err, "SELECT COUNT(*)" TASK_WHERE, "titt",
                             township, all, q->status, q->status);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(x->c, &items, err,
                              "SELECT " TASK_VIEW_COLUMNS ", m.title AS matter_title" TASK_WHERE
                              " ORDER BY t.due_date, t.id LIMIT ? OFFSET ?",
                              "tittii", township, all, q->status, q->status, q->limit, q->offset);
    }
#undef TASK_WHERE
    if (rc == ERR_OK) {
        *page = page_json(items, total, q->limit, q->offset);
    }
    return rc;
}
