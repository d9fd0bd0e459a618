/*
 * The API's own description: the OpenAPI document of the route table.
 */
#include "http/api.h"

enum err_code api_openapi(struct request *req, struct reply *rep, struct err *err)
{
    (void)req;
    (void)err;
    reply_json(rep, 200, openapi_document());
    return ERR_OK;
}
