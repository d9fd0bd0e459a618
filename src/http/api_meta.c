/*
 * Handlers about the node itself: health, the OpenAPI document, the event
 * record and the Popolo export.
 */
#include "http/api.h"

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
static enum err_code path_seq(const struct request *req, int64_t *seq, struct err *err)
{
    char *end = NULL;
    long long n = strtoll(req->params[0], &end, 10);
    if (req->params[0][0] == '\0' || *end != '\0' || n < 0) {
        return err_set(err, ERR_NOT_FOUND, "seq", NULL, NULL);
    }
    *seq = n;
    return ERR_OK;
}

enum err_code api_sealed_read(struct request *req, struct reply *rep, struct err *err)
{
    int64_t seq = 0;
    json_t *item = NULL;
    enum err_code rc = path_seq(req, &seq, err);
    if (rc == ERR_OK) {
        rc = sealed_read(req->db, &req->who, seq, &item, err);
    }
    if (rc == ERR_OK) {
        reply_json(rep, 200, item);
    }
    return rc;
}

enum err_code api_sealed_publish(struct request *req, struct reply *rep, struct err *err)
{
    static const char *const none[] = {NULL};
    int64_t seq = 0;
    json_t *result = NULL;
    enum err_code rc = input_only(req->body, none, err);
    if (rc == ERR_OK) {
        rc = path_seq(req, &seq, err);
    }
    if (rc == ERR_OK) {
        rc = sealed_publish(req->db, &req->who, seq, &result, err);
    }
    if (rc == ERR_OK) {
        reply_json(rep, 201, result);
    }
    return rc;
}
