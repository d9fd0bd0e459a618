/*
 * The event core's own reads as declared queries: the node's health (with
 * the number of records, so that a probe sees the database answer) and
 * the records in order.
 */
#include "record/area.h"
#include "record/event.h"
#include "record/query.h"

/* {"status","version","events"}. */
static enum err_code
health_body(const struct ctx *x, const struct args *a, json_t **out, struct err *err)
{
    int64_t events = 0;
    (void)a;
    enum err_code rc = event_count(x->c, &events, err);
    if (rc == ERR_OK) {
        *out = json_pack("{ss, ss, sI}", "status", "ok", "version", PROBITY_VERSION, "events",
                         (json_int_t)events);
    }
    return rc;
}

/* A page of records, oldest first. */
static enum err_code
list_body(const struct ctx *x, const struct args *a, json_t **page, struct err *err)
{
    return event_list(x->c, a->page.limit, a->page.offset, page, err);
}

static const struct query health_query = {
    .name = "events.health",
    .path = "/api/v1/health",
    .cap = CAP_PUBLIC_READ,
    .run = health_body,
    .zh = "节点状态与记录数",
    .en = "Health and event count",
};

static const struct query list_query = {
    .name = "events.list",
    .path = "/api/v1/events",
    .cap = CAP_PUBLIC_READ,
    .paged = true,
    .run = list_body,
    .zh = "按顺序的事件记录",
    .en = "Event records in order",
};

static const struct query *const events_queries[] = {&health_query, &list_query, NULL};

const struct area events_area = {
    .name = "events",
    .zh = "记录",
    .en = "records",
    .queries = events_queries,
};
