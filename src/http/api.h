/*
 * The API handlers, one file per area (api_<area>.c). Each parses the
 * request, calls the domain and renders JSON; the route table (routes.c)
 * says which handler serves which method and path.
 */
#ifndef PROBITY_API_H
#define PROBITY_API_H

#include "http/http.h"

/* api_meta.c */
enum err_code api_health(struct request *req, struct reply *rep, struct err *err);
enum err_code api_openapi(struct request *req, struct reply *rep, struct err *err);
enum err_code api_events(struct request *req, struct reply *rep, struct err *err);
enum err_code api_popolo(struct request *req, struct reply *rep, struct err *err);
/* The sealed part of record {seq}; publishing it (body {}). */
enum err_code api_sealed_read(struct request *req, struct reply *rep, struct err *err);
enum err_code api_sealed_publish(struct request *req, struct reply *rep, struct err *err);

/* api_session.c */
enum err_code api_session_create(struct request *req, struct reply *rep, struct err *err);
enum err_code api_session_get(struct request *req, struct reply *rep, struct err *err);
enum err_code api_session_delete(struct request *req, struct reply *rep, struct err *err);
enum err_code api_token_create(struct request *req, struct reply *rep, struct err *err);
enum err_code api_token_list(struct request *req, struct reply *rep, struct err *err);
enum err_code api_token_delete(struct request *req, struct reply *rep, struct err *err);

/* api_org.c: route.arg is the enum org_kind */
enum err_code api_org_list(struct request *req, struct reply *rep, struct err *err);
enum err_code api_org_get(struct request *req, struct reply *rep, struct err *err);
enum err_code api_org_create(struct request *req, struct reply *rep, struct err *err);
enum err_code api_org_update(struct request *req, struct reply *rep, struct err *err);
enum err_code api_org_delete(struct request *req, struct reply *rep, struct err *err);
/* route.arg: 0 memberships of an organization, 1 of a person */
enum err_code api_org_memberships(struct request *req, struct reply *rep, struct err *err);
enum err_code api_org_members(struct request *req, struct reply *rep, struct err *err);

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

/* api_user.c */
enum err_code api_user_list(struct request *req, struct reply *rep, struct err *err);
enum err_code api_user_create(struct request *req, struct reply *rep, struct err *err);

#endif
