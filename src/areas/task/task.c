/*
 * Execution tasks, the area docs/adding-an-area.md takes as its example:
 * the entity (its row is TASK_ROW in task.h), the two commands (a task of
 * a passed item's resolution; its progress), the one query (a township's
 * tasks) and the area that registers them. Everything else comes from
 * these declarations: validation, routes, OpenAPI and the web forms.
 */
#include "areas/task/task.h"

#include "areas/org/org.h"
#include "areas/rulebook/rulebooks.h"
#include "core/alloc.h"
#include "record/row.h"
#include "rules/dates.h"
#include "rules/procedure.h"

#include <string.h>

/* ---- the entity ---- */

ENTITY(task_entity,
       "task",
       "tasks",
       TASK_ROW,
       .allocates_id = true,
       .zh = "执行任务",
       .en = "execution task");

/* task_status(row) and the other typed readers of a task's row. */
#define TASK_READER(name, type) ENTITY_ACCESSOR(task, name, type)
TASK_ROW(TASK_READER)

static const struct choice task_statuses[] = {
    {"open", "未完成", "open"},
    {"done", "已完成", "done"},
    {NULL, NULL, NULL},
};

/* ---- commands ---- */

static const struct field create_fields[] = {
    F_TEXT("description", FIELD_REQUIRED, 2000, "任务内容", "description"),
    F_REF("department_id", FIELD_NULLABLE, "责任部门", "department"),
    F_REF("owner_id", FIELD_REQUIRED, "责任人", "owner"),
    F_DATE("due_date", FIELD_REQUIRED, "完成期限", "due date"),
    F_JUSTIFICATION,
    F_END,
};

/*
 * Sets row's due date to a->input's and its verdict: a date before today
 * (Asia/Shanghai) is task.due_in_past, flagged by default and then
 * recorded with a->input's justification (refused when the rulebook of
 * township a->township says so).
 */
static enum err_code
set_due_date(const struct ctx *x, const struct args *a, json_t *row, struct err *err)
{
    struct rulebook *rb = xmalloc(sizeof(*rb));
    struct verdict v;
    char today[11];
    const char *due = args_text(a, "due_date"), *justification = args_text(a, "justification");
    utc_shanghai_date(x->now_ms, today);
    enum err_code rc = rulebooks_in_force(x, a->township, x->now_ms, rb, NULL, err);
    if (rc == ERR_OK) {
        rc = verdict_settle(rules_check_due_date(rb, due, today, &v), &v, justification, err);
    }
    if (rc == ERR_OK) {
        bool flagged = v.kind == VERDICT_FLAG;
        json_object_set_new(row, "due_date", json_string(due));
        json_object_set_new(row, "due_verdict", flagged ? rules_verdict_json(&v) : json_null());
        json_object_set_new(row, "due_justification",
                            flagged ? json_string(justification) : json_null());
    }
    xfree(rb);
    return rc;
}

/* A task of the resolution of passed agenda item a->id, in a->township
 * (the runner found it by the command's scope and checked the policy). */
static enum err_code
create_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    int64_t department = args_int(a, "department_id"), owner = args_int(a, "owner_id");
    int64_t passed = 0;
    char now[UTC_TEXT_MAX];
    struct event_ref ref;
    enum err_code rc =
        store_query_int(x->c, &passed, NULL, err,
                        "SELECT status = 'passed' FROM agenda_items WHERE id = ?", "i", a->id);
    if (rc == ERR_OK && !passed) {
        rc = procedure_refuse(err, PROCEDURE_NOT_PASSED, NULL);
    }
    if (rc == ERR_OK && department != 0) {
        rc = org_check_department(x->c, a->township, department, "department_id", err);
    }
    if (rc == ERR_OK) {
        rc = org_check_person(x->c, a->township, owner, "owner_id", err);
    }
    if (rc == ERR_OK) {
        ctx_now_text(x, now);
        row = json_pack("{sI, ss, ss, so, sI, ss, sn, ss, ss}", "agenda_item_id", (json_int_t)a->id,
                        "township_id", a->township, "description", args_text(a, "description"),
                        "department_id", department ? json_integer(department) : json_null(),
                        "owner_id", (json_int_t)owner, "status", "open", "note", "created", now,
                        "updated", now);
        rc = set_due_date(x, a, row, err);
    }
    if (rc == ERR_OK) {
        rc = entity_create(x->c, x->who, &task_entity, a->township, row, &ref, err);
    }
    if (rc == ERR_OK) {
        *result = command_answer(json_incref(row), &ref);
    }
    json_decref(row);
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

static const struct field update_fields[] = {
    F_ENUM("status", 0, task_statuses, "状态", "status"),
    F_TEXT("note", FIELD_NULLABLE, 2000, "进展说明", "note"),
    F_DATE("due_date", 0, "完成期限", "due date"),
    F_JUSTIFICATION,
    F_END,
};

/* Records task a->id's progress: the fields given, and when; a new due
 * date is checked as a new task's is. */
static enum err_code
update_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    char now[UTC_TEXT_MAX];
    struct event_ref ref;
    enum err_code rc =
        row_load(x->c, &task_entity, "SELECT " ENTITY_COLUMNS(TASK_ROW) " FROM tasks WHERE id = ?",
                 a->id, &row, err);
    if (rc == ERR_OK && args_has(a, "due_date") && strcmp(task_status(row), "done") == 0) {
        rc = procedure_refuse(err, PROCEDURE_TASK_DONE, "due_date");
    }
    if (rc == ERR_OK && args_has(a, "due_date")) {
        rc = set_due_date(x, a, row, err);
    }
    if (rc == ERR_OK) {
        static const char *const changes[] = {"status", "note"};
        for (size_t i = 0; i < ARRAY_SIZE(changes); i++) {
            if (args_has(a, changes[i])) {
                json_object_set(row, changes[i], json_object_get(a->input, changes[i]));
            }
        }
        ctx_now_text(x, now);
        json_object_set_new(row, "updated", json_string(now));
        rc = entity_update(x->c, x->who, &task_entity, a->township, row, &ref, err);
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

/* ---- queries ---- */

/* A page of township a->township's tasks (?status), by due date; the
 * public sees those of finalised meetings only. */
static enum err_code
list_body(const struct ctx *x, const struct args *a, json_t **page, struct err *err)
{
    const struct page_query *q = &a->page;
    int64_t all = policy_can_read(x->who, a->township) ? 1 : 0, total = 0;
    json_t *items = NULL;
    enum err_code rc = org_check_township(x->c, a->township, err);
#define TASK_WHERE                                                                                 \
    " FROM tasks t JOIN agenda_items a ON a.id = t.agenda_item_id"                                 \
    " JOIN matters m ON m.id = a.matter_id JOIN meetings g ON g.id = a.meeting_id" TASK_VIEW_JOINS \
    " WHERE t.township_id = ?"                                                                     \
    " AND (? = 1 OR g.finalised_at IS NOT NULL) AND (CAST(? AS TEXT) IS NULL OR t.status = ?)"
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &total, NULL, err, "SELECT COUNT(*)" TASK_WHERE, "titt",
                             a->township, all, q->status, q->status);
    }
    if (rc == ERR_OK) {
        rc =
            store_query_json(x->c, &items, err,
                             "SELECT " TASK_VIEW_COLUMNS ", m.title AS matter_title" TASK_WHERE
                             " ORDER BY t.due_date, t.id LIMIT ? OFFSET ?",
                             "tittii", a->township, all, q->status, q->status, q->limit, q->offset);
    }
#undef TASK_WHERE
    if (rc == ERR_OK) {
        *page = page_json(items, total, q->limit, q->offset);
    }
    return rc;
}

static const struct field list_params[] = {
    F_ENUM("status", 0, task_statuses, "状态", "status"),
    F_END,
};
/* What a listed task carries besides its row (TASK_VIEW_COLUMNS). */
static const struct field list_extra[] = {
    F_TEXT("owner_name", FIELD_NULLABLE, 0, "责任人", "owner"),
    F_TEXT("owner_name_en", FIELD_NULLABLE, 0, "责任人（英文）", "owner in English"),
    F_TEXT("department_name", FIELD_NULLABLE, 0, "责任部门", "department"),
    F_TEXT("department_name_en", FIELD_NULLABLE, 0, "责任部门（英文）", "department in English"),
    F_TEXT("matter_title", FIELD_NULLABLE, 0, "决议事项", "resolution"),
    F_END,
};

const struct query task_list_query = {
    .name = "task.list",
    .path = "/api/v1/townships/{tid}/tasks",
    .cap = CAP_PUBLIC_READ,
    .params = list_params,
    .paged = true,
    .run = list_body,
    .flags = QUERY_RECORDS_ONLY,
    .zh = "乡镇的执行任务（可按状态）",
    .en = "Execution tasks of a township (?status)",
    .entity = &task_entity,
    .extra = list_extra,
};

/* ---- the area ---- */

static const struct entity *const task_entities[] = {&task_entity, NULL};
static const struct command *const task_commands[] = {&task_create_command, &task_update_command,
                                                      NULL};
static const struct query *const task_queries[] = {&task_list_query, NULL};

const struct area task_area = {
    .name = "task",
    .zh = "执行任务",
    .en = "execution tasks",
    .entities = task_entities,
    .commands = task_commands,
    .queries = task_queries,
};
