/*
 * Notifications of agenda items to members: a member acknowledges their
 * own (a command of that member, their user linked to their person), and
 * lists theirs. See meeting.h.
 */
#include "areas/meeting/internal.h"
#include "record/query.h"

#include "core/page.h"

#include <string.h>

enum err_code notifications_for(struct store_conn *c,
                                int64_t item_id,
                                const json_t *roster,
                                const char *now,
                                const char *change,
                                json_t **list,
                                struct err *err)
{
    int64_t next = 0;
    enum err_code rc = entity_next_id(c, &notification_entity, &next, err);
    if (rc != ERR_OK) {
        return rc;
    }
    if (*list == NULL) {
        *list = json_array();
    }
    next += (int64_t)json_array_size(*list);
    size_t i;
    json_t *m;
    json_array_foreach(roster, i, m)
    {
        json_array_append_new(*list, json_pack("{sI, sI, sO, ss, sn, sn, so}", "id",
                                               (json_int_t)(next + (int64_t)i), "agenda_item_id",
                                               (json_int_t)item_id, "person_id",
                                               json_object_get(m, "person_id"), "sent_at", now,
                                               "acknowledged_at", "acknowledged_by", "change",
                                               change ? json_string(change) : json_null()));
    }
    return ERR_OK;
}

#define NOTIFICATION_ROW_SQL "SELECT " NOTIFICATION_COLUMNS " FROM notifications WHERE id = ?"

/* The member acknowledges their notification a->id, in a->township (the
 * runner found it by the command's scope and checked the policy). */
static enum err_code
ack_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    int64_t person = 0;
    char now[UTC_TEXT_MAX];
    struct event_ref ref;
    enum err_code rc = row_load(x->c, &notification_entity, NOTIFICATION_ROW_SQL, a->id, &row, err);
    if (rc == ERR_OK) {
        rc = org_actor_person(x->c, x->who, &person, err);
    }
    if (rc == ERR_OK && x->who->role != ROLE_ADMIN) {
        if (person == 0) {
            rc = procedure_refuse(err, PROCEDURE_NO_PERSON, NULL);
        } else if (person != row_int(row, "person_id")) {
            rc = procedure_refuse(err, PROCEDURE_OWN_PERSON, NULL);
        }
    }
    if (rc == ERR_OK && row_text(row, "acknowledged_at") != NULL) {
        rc = err_set(err, ERR_CONFLICT, NULL, "已确认收到该告知",
                     "the notification is already acknowledged");
    }
    if (rc == ERR_OK) {
        ctx_now_text(x, now);
        json_object_set_new(row, "acknowledged_at", json_string(now));
        json_object_set_new(row, "acknowledged_by", json_string(actor_label(x->who)));
        rc = entity_update(x->c, x->who, &notification_entity, a->township, row, &ref, err);
    }
    if (rc == ERR_OK) {
        *result = command_answer(json_incref(row), &ref);
    }
    json_decref(row);
    return rc;
}

static const struct field ack_fields[] = {F_END};

const struct command notification_ack_command = {
    .name = "notification.acknowledge",
    .method = "POST",
    .path = "/api/v1/notifications/{id}/acknowledge",
    .cap = CAP_NOTIFICATION_ACK,
    .status = 200,
    .fields = ack_fields,
    .run = ack_body,
    .zh = "确认收到议题告知",
    .en = "Acknowledge your notification (body {})",
    .entity = &notification_entity,
    .scope = "SELECT a.township_id FROM notifications n"
             " JOIN agenda_items a ON a.id = n.agenda_item_id WHERE n.id = ?",
};

enum err_code
notification_list_mine(const struct ctx *x, const struct args *a, json_t **page, struct err *err)
{
    const struct page_query *q = &a->page;
    int64_t person = 0, total = 0;
    int64_t pending = q->status != NULL && strcmp(q->status, "pending") == 0 ? 1 : 0;
    json_t *items = NULL;
    enum err_code rc = org_actor_person(x->c, x->who, &person, err);
#define MINE_WHERE                                                                                 \
    " FROM notifications n JOIN agenda_items a ON a.id = n.agenda_item_id"                         \
    " JOIN matters m ON m.id = a.matter_id JOIN meetings g ON g.id = a.meeting_id"                 \
    " WHERE n.person_id = ? AND (? = 0 OR (n.acknowledged_at IS NULL"                              \
    " AND " NOTIFICATION_LATEST_SQL("n") "))"
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &total, NULL, err, "SELECT COUNT(*)" MINE_WHERE, "ii", person,
                             pending);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(
            x->c, &items, err,
            "SELECT n.id, n.agenda_item_id, n.person_id, n.sent_at,"
            " n.acknowledged_at, n.change, a.meeting_id, a.matter_id, a.adhoc,"
            " " ITEM_STATUS_SQL(
                "a", "g") " AS item_status,"
                          " m.title AS matter_title, m.category, g.title AS meeting_title,"
                          " g.starts_at, g.place" MINE_WHERE
                          " ORDER BY g.starts_ms DESC, n.id DESC LIMIT ? OFFSET ?",
            "iiii", person, pending, q->limit, q->offset);
    }
#undef MINE_WHERE
    if (rc == ERR_OK) {
        rc = materials_attach(x, items, "matter_id", err);
    }
    if (rc != ERR_OK) {
        json_decref(items);
    } else {
        *page = page_json(items, total, q->limit, q->offset);
    }
    return rc;
}

static const struct choice notification_statuses[] = {
    {"pending", "待确认", "pending"},
    {NULL, NULL, NULL},
};
static const struct field notification_params[] = {
    F_ENUM("status", 0, notification_statuses, "状态", "status"),
    F_END,
};

const struct query notification_mine_query = {
    .name = "notification.mine",
    .path = "/api/v1/notifications",
    .cap = CAP_SIGNED_IN,
    .params = notification_params,
    .paged = true,
    .run = notification_list_mine,
    .zh = "我的议题告知（可只看待确认的）",
    .en = "Your notifications (?status=pending)",
};
