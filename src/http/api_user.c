/*
 * Handlers for user administration.
 */
#include "http/api.h"

#include "areas/user/user.h"

enum err_code api_user_list(struct request *req, struct reply *rep, struct err *err)
{
    int64_t limit = 0, offset = 0;
    json_t *page = NULL;
    enum err_code rc = request_page(req, &limit, &offset, err);
    if (rc == ERR_OK) {
        rc = user_list(req->db, limit, offset, &page, err);
    }
    if (rc == ERR_OK) {
        reply_json(rep, 200, page);
    }
    return rc;
}
