/*
 * Handlers for reading the organisation model. The route's arg names the
 * kind of object, so one handler serves townships, bodies, departments,
 * people, posts, memberships and portfolios alike; the model's commands
 * are routed from their declarations (api_command.c).
 */
#include "http/api.h"

#include "areas/org/org.h"

/* The object the path names (its last parameter), or NULL. */
static const char *path_id(const struct request *req)
{
    return req->n_params > 0 ? req->params[req->n_params - 1] : NULL;
}

enum err_code api_org_list(struct request *req, struct reply *rep, struct err *err)
{
    struct org_list_query q = {.parent = path_id(req)};
    json_t *page = NULL;
    enum err_code rc = request_page(req, &q.limit, &q.offset, err);
    if (rc == ERR_OK) {
        rc = org_list(req->db, (enum org_kind)req->route->arg, &q, &page, err);
    }
    if (rc == ERR_OK) {
        reply_json(rep, 200, page);
    }
    return rc;
}

enum err_code api_org_get(struct request *req, struct reply *rep, struct err *err)
{
    json_t *item = NULL;
    enum err_code rc = org_get(req->db, (enum org_kind)req->route->arg, path_id(req), &item, err);
    if (rc == ERR_OK) {
        reply_json(rep, 200, item);
    }
    return rc;
}

enum err_code api_org_memberships(struct request *req, struct reply *rep, struct err *err)
{
    const char *current = request_query(req, "current");
    struct org_list_query q = {.parent = path_id(req),
                               .current_only = current != NULL && current[0] == '1'};
    json_t *page = NULL;
    enum err_code rc = request_page(req, &q.limit, &q.offset, err);
    if (rc == ERR_OK) {
        rc = org_list_memberships(req->db, &q, req->route->arg == 1, &page, err);
    }
    if (rc == ERR_OK) {
        reply_json(rep, 200, page);
    }
    return rc;
}

enum err_code api_org_members(struct request *req, struct reply *rep, struct err *err)
{
    json_t *items = NULL;
    enum err_code rc = org_members(req->db, path_id(req), &items, err);
    if (rc == ERR_OK) {
        size_t n = json_array_size(items);
        reply_json(rep, 200,
                   json_pack("{so, sI, sI, sI}", "items", items, "total", (json_int_t)n, "limit",
                             (json_int_t)n, "offset", (json_int_t)0));
    }
    return rc;
}
