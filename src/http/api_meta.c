/*
 * Handlers about the node itself: health, the OpenAPI document, the event
 * record and the Popolo export.
 */
#include "http/api.h"

#include "core/page.h"

#include "areas/org/org.h"
#include "core/input.h"
#include "record/event.h"
#include "record/sealed.h"

#include <stdlib.h>

enum err_code api_health(struct request *req, struct reply *rep, struct err *err)
{
    int64_t events = 0;
    enum err_code rc = event_count(req->db, &events, err);
    if (rc == ERR_OK) {
        reply_json(rep, 200,
                   json_pack("{ss, ss, sI}", "status", "ok", "version", PROBITY_VERSION, "events",
                             (json_int_t)events));
    }
    return rc;
}

enum err_code api_openapi(struct request *req, struct reply *rep, struct err *err)
{
    (void)req;
    (void)err;
    reply_json(rep, 200, openapi_document());
    return ERR_OK;
}

enum err_code api_events(struct request *req, struct reply *rep, struct err *err)
{
    int64_t limit = 0, offset = 0;
    json_t *page = NULL;
    enum err_code rc = request_page(req, &limit, &offset, err);
    if (rc == ERR_OK) {
        rc = event_list(req->db, limit, offset, &page, err);
    }
    if (rc == ERR_OK) {
        reply_json(rep, 200, page);
    }
    return rc;
}

enum err_code api_popolo(struct request *req, struct reply *rep, struct err *err)
{
    json_t *doc = NULL;
    enum err_code rc = org_popolo(req->db, &doc, err);
    if (rc == ERR_OK) {
        reply_json(rep, 200, doc);
    }
    return rc;
}

/* The record index in the path, or ERR_NOT_FOUND. */
enum err_code api_sealed_read(struct request *req, struct reply *rep, struct err *err)
{
    int64_t seq = 0;
    json_t *item = NULL;
    enum err_code rc = index_parse(req->params[0], &seq, err);
    if (rc == ERR_OK) {
        rc = sealed_read(req->db, &req->who, seq, &item, err);
    }
    if (rc == ERR_OK) {
        reply_json(rep, 200, item);
    }
    return rc;
}
