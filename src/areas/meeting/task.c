/*
 * Resolutions (passed agenda items) and their execution tasks: a
 * department, an owner and a due date for each, tracked to done.
 * See meeting.h.
 */
#include "areas/meeting/internal.h"
#include "record/query.h"

#include "core/page.h"

#include <stdio.h>
#include <string.h>

#define TASK_ROW_SQL "SELECT " TASK_COLUMNS " FROM tasks WHERE id = ?"

static const struct field create_fields[] = {
    F_TEXT("description", FIELD_REQUIRED, 2000, "任务内容", "description"),
    F_REF("department_id", FIELD_NULLABLE, "责任部门", "department"),
    F_REF("owner_id", FIELD_REQUIRED, "责任人", "owner"),
    F_DATE("due_date", FIELD_REQUIRED, "完成期限", "due date"),
    F_END,
};

/* An execution task of the resolution of passed agenda item a->id. */
static enum err_code
create_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *item = NULL, *row = NULL;
    int64_t department = args_int(a, "department_id"), owner = args_int(a, "owner_id");
    char now[UTC_TEXT_MAX];
    struct event_ref ref;
    enum err_code rc = store_query_row(
        x->c, &item, err, "SELECT township_id, status FROM agenda_items WHERE id = ?", "i", a->id);
    if (rc == ERR_OK && item == NULL) {
        rc = err_set(err, ERR_NOT_FOUND, "id", NULL, NULL);
    }
    const char *township = item ? row_text(item, "township_id") : NULL;
    if (rc == ERR_OK) {
        rc = policy_check(x->who, CAP_TASK_WRITE, township, err);
    }
    if (rc == ERR_OK && strcmp(row_text(item, "status"), "passed") != 0) {
        rc = procedure_refuse(err, PROCEDURE_NOT_PASSED, NULL);
    }
    if (rc == ERR_OK && department != 0) {
        rc = org_check_department(x->c, township, department, "department_id", err);
    }
    if (rc == ERR_OK) {
        rc = org_check_person(x->c, township, owner, "owner_id", err);
    }
    if (rc == ERR_OK) {
        ctx_now_text(x, now);
        row = json_pack("{sI, ss, ss, so, sI, ss, ss, sn, ss, ss}", "agenda_item_id",
                        (json_int_t)a->id, "township_id", township, "description",
                        args_text(a, "description"), "department_id",
                        department ? json_integer(department) : json_null(), "owner_id",
                        (json_int_t)owner, "due_date", args_text(a, "due_date"), "status", "open",
                        "note", "created", now, "updated", now);
        rc = entity_create(x->c, x->who, &task_entity, township, row, &ref, err);
    }
    if (rc == ERR_OK) {
        *result = command_answer(json_incref(row), &ref);
    }
    json_decref(row);
    json_decref(item);
    return rc;
}

const struct command task_create_command = {
    .name = "task.create",
    .method = "POST",
    .path = "/api/v1/items/{id}/tasks",
    .cap = CAP_TASK_WRITE,
    .status = 201,
    .fields = create_fields,
    .run = create_body,
    .zh = "分解决议的执行任务",
    .en = "An execution task of a resolution",
    .entity = &task_entity,
    .scope = "SELECT township_id FROM agenda_items WHERE id = ?",
};

static const struct choice task_statuses[] = {
    {"open", "未完成", "open"},
    {"done", "已完成", "done"},
    {NULL, NULL, NULL},
};

static const struct field update_fields[] = {
    F_ENUM("status", 0, task_statuses, "状态", "status"),
    F_TEXT("note", FIELD_NULLABLE, 2000, "进展说明", "note"),
    F_DATE("due_date", 0, "完成期限", "due date"),
    F_END,
};

/* Records a task's progress: its status, note or due date. */
static enum err_code
update_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    const char *status = args_text(a, "status"), *due = args_text(a, "due_date");
    char now[UTC_TEXT_MAX];
    struct event_ref ref;
    enum err_code rc = row_load(x->c, &task_entity, TASK_ROW_SQL, a->id, &row, err);
    const char *township = row ? row_text(row, "township_id") : NULL;
    if (rc == ERR_OK) {
        rc = policy_check(x->who, CAP_TASK_WRITE, township, err);
    }
    if (rc == ERR_OK && due != NULL && strcmp(row_text(row, "status"), "done") == 0) {
        rc = procedure_refuse(err, PROCEDURE_TASK_DONE, "due_date");
    }
    if (rc == ERR_OK) {
        ctx_now_text(x, now);
        if (status != NULL) {
            json_object_set_new(row, "status", json_string(status));
        }
        if (args_has(a, "note")) {
            const char *note = args_text(a, "note");
            json_object_set_new(row, "note", note ? json_string(note) : json_null());
        }
        if (due != NULL) {
            json_object_set_new(row, "due_date", json_string(due));
        }
        json_object_set_new(row, "updated", json_string(now));
        rc = entity_update(x->c, x->who, &task_entity, township, row, &ref, err);
    }
    if (rc == ERR_OK) {
        *result = command_answer(json_incref(row), &ref);
    }
    json_decref(row);
    return rc;
}

const struct command task_update_command = {
    .name = "task.update",
    .method = "PATCH",
    .path = "/api/v1/tasks/{id}",
    .cap = CAP_TASK_WRITE,
    .status = 200,
    .fields = update_fields,
    .run = update_body,
    .zh = "记录任务的状态、进展或期限",
    .en = "Change a task's status, note or due date",
    .entity = &task_entity,
    .scope = "SELECT township_id FROM tasks WHERE id = ?",
};

enum err_code
resolution_list(const struct ctx *x, const struct args *a, json_t **page, struct err *err)
{
    const char *township = a->township;
    const struct page_query *q = &a->page;
    int64_t all = policy_can_read(x->who, township) ? 1 : 0, total = 0;
    json_t *items = NULL;
    enum err_code rc = org_check_township(x->c, township, err);
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
            row_decode(&agenda_item_entity, row); /* result, rulebook */
        }
        *page = page_json(items, total, q->limit, q->offset);
    }
    return rc;
}

const struct query resolution_list_query = {
    .name = "resolution.list",
    .path = "/api/v1/townships/{tid}/resolutions",
    .cap = CAP_PUBLIC_READ,
    .paged = true,
    .run = resolution_list,
    .zh = "乡镇的决议及其执行任务",
    .en = "Resolutions of a township with their tasks",
};

enum err_code task_list(const struct ctx *x, const struct args *a, json_t **page, struct err *err)
{
    const char *township = a->township;
    const struct page_query *q = &a->page;
    int64_t all = policy_can_read(x->who, township) ? 1 : 0, total = 0;
    json_t *items = NULL;
    enum err_code rc = org_check_township(x->c, township, err);
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

static const struct field task_params[] = {
    F_ENUM("status", 0, task_statuses, "状态", "status"),
    F_END,
};

const struct query task_list_query = {
    .name = "task.list",
    .path = "/api/v1/townships/{tid}/tasks",
    .cap = CAP_PUBLIC_READ,
    .params = task_params,
    .paged = true,
    .run = task_list,
    .zh = "乡镇的执行任务（可按状态）",
    .en = "Execution tasks of a township (?status)",
};
