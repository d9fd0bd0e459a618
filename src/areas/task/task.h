/*
 * Execution tasks (执行任务): what a passed agenda item's resolution asks of
 * the township, each with a department, an owner and a due date, tracked
 * to done. An area of its own (docs/adding-an-area.md uses it as the
 * example): its entity, commands and queries are declared in task.c.
 */
#ifndef PROBITY_TASK_H
#define PROBITY_TASK_H

#include "record/area.h"

/* The columns of the tasks table but id (record/entity.h, ENTITY). */
#define TASK_ROW(X)                                                                                \
    X(agenda_item_id, INT)                                                                         \
    X(township_id, TEXT)                                                                           \
    X(description, TEXT)                                                                           \
    X(department_id, INT)                                                                          \
    X(owner_id, INT)                                                                               \
    X(due_date, TEXT)                                                                              \
    X(status, TEXT)                                                                                \
    X(note, TEXT)                                                                                  \
    X(created, TEXT)                                                                               \
    X(updated, TEXT)                                                                               \
    X(due_verdict, JSON)                                                                           \
    X(due_justification, TEXT)

/* A task as the API shows it: its columns and the names of its owner and
 * department (from "tasks t" with TASK_VIEW_JOINS); of the due date's
 * verdict, the justification of a due date already past when set. */
#define TASK_VIEW_COLUMNS                                                                          \
    "t.id, t.agenda_item_id, t.township_id, t.description, t.department_id, t.owner_id,"           \
    " p.name AS owner_name, p.name_en AS owner_name_en, o.name AS department_name,"                \
    " o.name_en AS department_name_en, t.due_date, t.due_justification, t.status, t.note,"         \
    " t.created, t.updated"
#define TASK_VIEW_JOINS                                                                            \
    " JOIN people p ON p.id = t.owner_id LEFT JOIN organizations o ON o.id = t.department_id"

extern const struct entity task_entity;
/* POST /items/{id}/tasks: a task of the passed item's resolution. */
extern const struct command task_create_command;
/* PATCH /tasks/{id}: its status, note or due date. */
extern const struct command task_update_command;
/* GET /townships/{tid}/tasks (?status). */
extern const struct query task_list_query;
extern const struct area task_area;

#endif
