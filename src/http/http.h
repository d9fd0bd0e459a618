/*
 * The HTTP layer's shared types: a complete request as handlers see it, the
 * reply they fill, and the route table's row. Only server.c knows
 * libmicrohttpd; handlers parse, call the domain and render JSON.
 * See docs/http.md.
 */
#ifndef PROBITY_HTTP_H
#define PROBITY_HTTP_H

#include "areas/user/auth.h"
#include "core/buf.h"
#include "record/policy.h"
#include "record/query.h"

#include <jansson.h>
#include <stdbool.h>

#define HTTP_MAX_PARAMS 4
/* Default and largest request body accepted by a route. */
#define HTTP_BODY_LIMIT_DEFAULT (64 * 1024)

struct route;
struct store;

/* The session cookie's name; over TLS the __Host- prefix binds it to the
 * host, Path=/ and Secure (RFC 6265bis). */
#define SESSION_COOKIE     "probity_session"
#define SESSION_COOKIE_TLS "__Host-probity_session"

struct request {
    const char *method;                  /* "GET", "POST", ... */
    const char *path;                    /* decoded path, without the query */
    const char *params[HTTP_MAX_PARAMS]; /* path parameters, in pattern order */
    int n_params;
    json_t *query; /* query arguments: object of strings */
    json_t *body;  /* parsed JSON body, or NULL */
    const struct route *route;
    struct store *store;       /* the node's database (borrowed): the domain's reads and
                                  writes take it and run their own transactions */
    struct group *group;       /* the server's group commit (record/group.h): commands'
                                  writes join its batches */
    struct actor who;          /* the public, or the signed-in user */
    struct auth_user user;     /* valid when who.role != ROLE_PUBLIC */
    bool english;              /* Accept-Language asks for English */
    bool secure;               /* reached over TLS: a trusted proxy says X-Forwarded-Proto: https */
    const char *session_token; /* the session cookie, or NULL */
    const char *address;       /* the client's address, for throttling */
    const char *last_event_id; /* the Last-Event-ID header, or NULL */
    const char *accept;        /* the Accept header, or NULL */
    const char *user_agent;    /* the User-Agent header, or NULL */
    const char *raw_body;      /* ROUTE_RAW_BODY: the body as sent (borrowed), or NULL */
    size_t raw_body_len;
};

struct reply {
    int status;           /* HTTP status; 200 unless a handler says otherwise */
    json_t *body;         /* JSON body (owned), or NULL for no body */
    char set_cookie[256]; /* a Set-Cookie header value, or "" */
    char *raw;            /* a non-JSON body (owned, xmalloc'd), sent instead of body */
    size_t raw_len;
    const char *content_type;  /* the raw body's Content-Type (static) */
    const char *cache_control; /* Cache-Control for the raw body (static), or NULL */
    char disposition[1024];    /* a Content-Disposition header value, or "" */
    int64_t stream_from;       /* >= 0: stream the feed from this index instead */
};

/* A handler: parse, call the domain, render. On failure return the code
 * with err set; the server renders the one error shape. */
typedef enum err_code (*handler_fn)(struct request *req, struct reply *rep, struct err *err);

/* The route needs no CSRF token even with a session cookie (signing in). */
#define ROUTE_NO_CSRF 1u
/* A POST that answers 200 rather than 201 (it creates no resource). */
#define ROUTE_REPLY_200 2u
/* The body is not JSON: the handler gets it as sent (request.raw_body). */
#define ROUTE_RAW_BODY 4u
/* A POST that answers 201, or 200 when it creates nothing (a dry run). */
#define ROUTE_MAY_REPLY_200 8u
/* Signing in and out: run on the sign-in lane (a password's slow hash),
 * never behind writes waiting for the write lock (http/lanes.h). */
#define ROUTE_SIGN_IN 16u
/* Only a signed-in session may use it, never a bearer token (a token
 * cannot make or revoke tokens). */
#define ROUTE_SESSION_ONLY 32u
/* A GET whose answer to the public is a function of its path, query and
 * language and of what the log publishes (its generation), never of the
 * clock: answered from the answer cache (http/cache.h). A query route has
 * it when the query is QUERY_RECORDS_ONLY. */
#define ROUTE_CACHED 64u
/* Of ROUTE_CACHED, an answer that never changes once given (a full tile). */
#define ROUTE_IMMUTABLE 128u

struct route {
    const char *method;  /* "GET", "POST", "PATCH" or "DELETE" */
    const char *pattern; /* e.g. "/api/v1/townships/{tid}/bodies" */
    handler_fn handler;
    enum capability cap;           /* the role must hold it (checked before the handler) */
    unsigned flags;                /* ROUTE_NO_CSRF, ROUTE_REPLY_200 */
    int arg;                       /* a handler-specific constant, e.g. an org_kind */
    size_t body_limit;             /* largest body accepted; 0 for routes without a body */
    const char *tag;               /* OpenAPI tag */
    const char *summary;           /* OpenAPI summary (English) */
    const struct command *command; /* a declared command (handler api_command), or NULL */
    const struct query *query;     /* a declared query (handler api_query), or NULL */
    const struct field *fields;    /* a hand-written write's body fields, checked before the
                                      handler and described in OpenAPI; NULL for a command */
};

/* The hand-written routes (routes.c), terminated by a row with method NULL. */
extern const struct route routes[];
/* Every route: those of routes[] and one for each command the areas
 * declare (record/area.h), terminated by a row with method NULL. */
const struct route *route_table(void);

enum route_match { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_NO_METHOD };
/* Finds the route for method and path; fills req->params (pointing into
 * the storage buffer, which must hold strlen(path)+1 bytes). */
enum route_match router_find(const char *method,
                             const char *path,
                             char *storage,
                             struct request *req,
                             const struct route **out);
/* Writes the methods the route table has for path, comma-separated
 * ("GET, PATCH"), into out (for a 405's Allow header). */
void router_allow(const char *path, char *out, size_t size);
/* True when the route writes (POST, PATCH, DELETE). */
bool route_writes(const struct route *r);
/* Checks that who's bearer token, if any, may use route r: a read-only
 * token only reads, a token of one area uses only that area's routes (and
 * who it is, GET /api/v1/session), and none uses a ROUTE_SESSION_ONLY
 * route; ERR_FORBIDDEN saying why (token_scope.c). The token's township
 * is the policy's (record/policy.h). */
MUST_CHECK enum err_code
route_allows_token(const struct route *r, const struct actor *who, struct err *err);

/* Reads ?limit= (1..200, default 50) and ?offset= (>= 0, default 0). */
MUST_CHECK enum err_code
request_page(const struct request *req, int64_t *limit, int64_t *offset, struct err *err);
/* A query argument, or NULL. */
const char *request_query(const struct request *req, const char *key);

/* Sets the reply to status with body (stolen). */
void reply_json(struct reply *rep, int status, json_t *body);
/* Sets a non-JSON reply: takes b's bytes (b is left empty), with the
 * content type and caching policy given (static strings). */
void reply_raw(struct reply *rep,
               struct buf *b,
               const char *content_type,
               const char *cache_control);
/* True for paths the router serves (the API and the log's C2SP endpoints);
 * every other path is a static file of the web app. */
bool router_serves(const char *path);
/* The error document {"error":{"code","message","field"}} for err. */
json_t *reply_error_body(const struct err *err, bool english);

/* The OpenAPI 3.1 document of the route table (new reference). */
json_t *openapi_document(void);

#endif
