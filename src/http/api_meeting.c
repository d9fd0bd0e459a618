/*
 * Handlers for matters, meetings, agenda items, notifications,
 * resolutions, tasks and indicators: parse, call the domain
 * (src/areas/meeting/), render. See docs/decisions.md.
 */
#include "http/api_decision.h"

enum err_code api_matter_list(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_list(req, rep, err, matter_list);
}

enum err_code api_matter_get(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_get_id(req, rep, err, matter_get);
}

enum err_code api_meeting_list(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_list(req, rep, err, meeting_list);
}

enum err_code api_meeting_get(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_get_id(req, rep, err, meeting_get);
}

enum err_code api_item_get(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_get_id(req, rep, err, item_get);
}

static enum err_code mine(const struct ctx *x,
                          const char *township,
                          const struct page_query *q,
                          json_t **page,
                          struct err *err)
{
    (void)township;
    return notification_list_mine(x, q, page, err);
}

enum err_code api_notification_list(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_list(req, rep, err, mine);
}

enum err_code api_task_list(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_list(req, rep, err, task_list);
}

enum err_code api_resolution_list(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_list(req, rep, err, resolution_list);
}

enum err_code api_indicators(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_list(req, rep, err, indicators_get);
}
