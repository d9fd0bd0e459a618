/*
 * Handlers of the calendar feeds (areas/workbench/calendar.h): a
 * signed-in user makes, or stops, their feed's secret address; an office
 * calendar reads it with no session, the secret in the path.
 */
#include "http/api.h"

#include "areas/workbench/calendar.h"
#include "core/utc.h"

#include <sodium.h>
#include <stdio.h>

#define FEED_PATH "/api/v1/calendar/"

/* Making a feed takes nothing: its body is {}. */
const struct field api_calendar_fields[] = {F_END};

enum err_code api_calendar_create(struct request *req, struct reply *rep, struct err *err)
{
    char token[CALENDAR_TOKEN_MAX], path[sizeof(FEED_PATH) + CALENDAR_TOKEN_MAX];
    enum err_code rc = calendar_feed_create(req->store, req->user.id, token, err);
    if (rc == ERR_OK) {
        snprintf(path, sizeof(path), "%s%s", FEED_PATH, token);
        reply_json(rep, 201, json_pack("{ss}", "path", path));
    }
    sodium_memzero(token, sizeof(token));
    return rc;
}

enum err_code api_calendar_delete(struct request *req, struct reply *rep, struct err *err)
{
    enum err_code rc = calendar_feed_delete(req->store, req->user.id, err);
    if (rc == ERR_OK) {
        reply_json(rep, 200, json_object());
    }
    return rc;
}

enum err_code api_calendar_get(struct request *req, struct reply *rep, struct err *err)
{
    struct buf ics;
    buf_init(&ics, 8 * 1024 * 1024);
    enum err_code rc = calendar_render(req->store, req->params[0], utc_now_ms(), &ics, err);
    if (rc == ERR_OK) {
        reply_raw(rep, &ics, "text/calendar; charset=utf-8", "private, no-store");
    }
    buf_clear(&ics);
    return rc;
}
