/*
 * Internal to the collective-decision handlers (api_rulebook.c,
 * api_meeting.c, api_budget.c), implemented in api_decision.c: the domain
 * context of a request, list queries, and the shapes of handler they
 * share.
 * See docs/decisions.md.
 */
#ifndef PROBITY_API_DECISION_H
#define PROBITY_API_DECISION_H

#include "areas/meeting/meeting.h"
#include "http/api.h"

/* The domain context of a request: its connection, actor, the real clock
 * and language. */
void api_decision_ctx(const struct request *req, struct ctx *x);
/* Reads ?limit, ?offset, ?status, ?from and ?to into q (strings borrowed
 * from the request). */
MUST_CHECK enum err_code
api_decision_page(const struct request *req, struct page_query *q, struct err *err);
/* The path's last parameter as an id; ERR_NOT_FOUND when it is not one. */
MUST_CHECK enum err_code api_decision_id(const struct request *req, int64_t *id, struct err *err);

/* Reads the object named by the path's id. */
typedef enum err_code (*api_id_read)(const struct ctx *x,
                                     int64_t id,
                                     json_t **item,
                                     struct err *err);
/* Lists a township's things (township NULL: every township's). */
typedef enum err_code (*api_township_list)(const struct ctx *x,
                                           const char *township,
                                           const struct page_query *q,
                                           json_t **page,
                                           struct err *err);
/* Replies 200 with fn's object for the path's id. */
MUST_CHECK enum err_code
api_decision_get_id(struct request *req, struct reply *rep, struct err *err, api_id_read fn);
/* Replies 200 with fn's page for the path's township (when it names one)
 * and the list query. */
MUST_CHECK enum err_code
api_decision_list(struct request *req, struct reply *rep, struct err *err, api_township_list fn);
#endif
