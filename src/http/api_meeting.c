/*
 * Handlers for matters, meetings, agenda items, notifications,
 * resolutions, tasks and indicators: parse, call the domain
 * (src/areas/meeting/), render. See docs/decisions.md.
 */
#include "http/api_decision.h"

#include "core/input.h"

enum err_code api_matter_list(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_list(req, rep, err, matter_list);
}

enum err_code api_matter_create(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_township(req, rep, err, matter_create);
}

enum err_code api_matter_get(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_get_id(req, rep, err, matter_get);
}

enum err_code api_matter_decide(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_id(req, rep, err, matter_decide, 200);
}

enum err_code api_meeting_list(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_list(req, rep, err, meeting_list);
}

enum err_code api_meeting_create(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_township(req, rep, err, meeting_create);
}

enum err_code api_meeting_get(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_get_id(req, rep, err, meeting_get);
}

enum err_code api_meeting_update(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_id(req, rep, err, meeting_update, 200);
}

enum err_code api_meeting_add_item(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_id(req, rep, err, agenda_add, 201);
}

enum err_code api_meeting_countersign(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_id(req, rep, err, meeting_countersign, 200);
}

enum err_code api_meeting_finalise(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_id(req, rep, err, meeting_finalise, 200);
}

enum err_code api_meeting_amend(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_id(req, rep, err, meeting_amend, 201);
}

enum err_code api_item_get(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_get_id(req, rep, err, item_get);
}

enum err_code api_item_attendance(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_id(req, rep, err, item_attendance, 200);
}

enum err_code api_item_statement(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_id(req, rep, err, item_statement, 201);
}

enum err_code api_item_open_vote(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_id(req, rep, err, item_open_vote, 200);
}

enum err_code api_item_ballot(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_id(req, rep, err, item_ballot, 201);
}

enum err_code api_item_result(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_id(req, rep, err, item_result, 200);
}

enum err_code api_item_defer(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_id(req, rep, err, item_defer, 200);
}

enum err_code api_item_task(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_id(req, rep, err, task_create, 201);
}

/* The body is ignored: acknowledging takes no input. */
static enum err_code acknowledge(
    const struct decision_ctx *x, int64_t id, const json_t *input, json_t **result, struct err *err)
{
    static const char *const allowed[] = {NULL};
    enum err_code rc = input_only(input, allowed, err);
    return rc == ERR_OK ? notification_acknowledge(x, id, result, err) : rc;
}

enum err_code api_notification_ack(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_id(req, rep, err, acknowledge, 200);
}

static enum err_code mine(const struct decision_ctx *x,
                          const char *township,
                          const struct decision_page *q,
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

enum err_code api_task_update(struct request *req, struct reply *rep, struct err *err)
{
    return api_decision_run_id(req, rep, err, task_update, 200);
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
