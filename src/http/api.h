/*
 * The API handlers, one file per area (api_<area>.c). Each parses the
 * request, calls the domain and renders JSON; the route table (routes.c)
 * says which handler serves which method and path.
 */
#ifndef PROBITY_API_H
#define PROBITY_API_H

#include "http/http.h"

/* api_command.c: runs the route's declared command (record/command.h) on
 * the path's parameters and the body; replies with its status. */
enum err_code api_command(struct request *req, struct reply *rep, struct err *err);
/* Runs the route's declared query (record/query.h) on the path's
 * parameters and the query string; replies 200. */
enum err_code api_query(struct request *req, struct reply *rep, struct err *err);

/* api_meta.c: this API's OpenAPI document */
enum err_code api_openapi(struct request *req, struct reply *rep, struct err *err);

/* api_session.c: signing in (api_session_fields) and out, API tokens
 * (auth_token_fields) */
extern const struct field api_session_fields[];
enum err_code api_session_create(struct request *req, struct reply *rep, struct err *err);
/* The second step of signing in: the ticket and a one-time code
 * (api_session_code_fields). */
extern const struct field api_session_code_fields[];
enum err_code api_session_code(struct request *req, struct reply *rep, struct err *err);
enum err_code api_session_get(struct request *req, struct reply *rep, struct err *err);
enum err_code api_session_delete(struct request *req, struct reply *rep, struct err *err);
enum err_code api_token_create(struct request *req, struct reply *rep, struct err *err);
enum err_code api_token_list(struct request *req, struct reply *rep, struct err *err);
enum err_code api_token_delete(struct request *req, struct reply *rep, struct err *err);
/* One's own sessions: the list, and ending others (api_sessions_end_fields). */
enum err_code api_sessions_list(struct request *req, struct reply *rep, struct err *err);
extern const struct field api_sessions_end_fields[];
enum err_code api_sessions_end(struct request *req, struct reply *rep, struct err *err);
/* Saying one has seen one's security notices (api_notices_seen_fields: none). */
extern const struct field api_notices_seen_fields[];
enum err_code api_notices_seen(struct request *req, struct reply *rep, struct err *err);

/* api_calendar.c: a user's calendar feed, made (api_calendar_fields: none)
 * or stopped; read by its secret */
extern const struct field api_calendar_fields[];
enum err_code api_calendar_create(struct request *req, struct reply *rep, struct err *err);
enum err_code api_calendar_delete(struct request *req, struct reply *rep, struct err *err);
enum err_code api_calendar_get(struct request *req, struct reply *rep, struct err *err);

/* api_log.c */
enum err_code api_log_checkpoint(struct request *req, struct reply *rep, struct err *err);
enum err_code api_log_tile(struct request *req, struct reply *rep, struct err *err);
enum err_code api_log_info(struct request *req, struct reply *rep, struct err *err);
enum err_code api_log_proof(struct request *req, struct reply *rep, struct err *err);
enum err_code api_log_consistency(struct request *req, struct reply *rep, struct err *err);
enum err_code api_log_receipt(struct request *req, struct reply *rep, struct err *err);
/* Streams the public records as Server-Sent Events from ?from, after
 * Last-Event-ID, or from now on. */
enum err_code api_feed(struct request *req, struct reply *rep, struct err *err);

/* api_monitor.c: the commission's monitor and witness (docs/monitor.md) */
enum err_code api_monitor_nodes(struct request *req, struct reply *rep, struct err *err);
enum err_code api_monitor_alerts(struct request *req, struct reply *rep, struct err *err);
/* GET /api/v1/monitor/nodes/{origin...}/entries: the path parameter is
 * the rest of the path, the origin followed by "/entries". */
enum err_code api_monitor_node(struct request *req, struct reply *rep, struct err *err);
enum err_code api_monitor_sealed(struct request *req, struct reply *rep, struct err *err);
/* POST /add-checkpoint (C2SP tlog-witness); the body is text. */
enum err_code api_witness_add_checkpoint(struct request *req, struct reply *rep, struct err *err);

#endif
