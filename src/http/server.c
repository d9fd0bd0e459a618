/*
 * The server's request cycle over libmicrohttpd: it admits a connection
 * under the guard's limits, gathers a request (headers, query, body under
 * the route's limit), authenticates it, checks the route's capability and
 * the CSRF token, runs the handler with a store connection (on a lane for
 * writes and sign-ins), and hands the outcome to send.h or, for the feed,
 * to feed_stream.h. See docs/http.md.
 */
#include "http/server.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/diag.h"
#include "core/input.h"
#include "core/seclog.h"
#include "core/utc.h"
#include "http/cached.h"
#include "http/feed_stream.h"
#include "http/guard.h"
#include "http/http.h"
#include "http/lanes.h"
#include "http/send.h"
#include "record/group.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>

struct server {
    const struct server_config *cfg;
    struct guard *guard;  /* the connections' limits and bounds */
    struct lane *writes;  /* writes, which may wait for the write lock */
    struct group *group;  /* the writes' group commit (record/group.h) */
    struct lane *sign_in; /* sign-ins, which hash a password */
    atomic_int in_flight; /* requests begun and not yet completed */
    struct feeds *feeds;  /* the record feed's streams */
    struct cache *cache;  /* public reads' answers, or NULL (http/cache.h) */
};

/* One request in progress: created on the first access call, freed in the
 * completion callback. */
/* A body over its route's limit is read and discarded up to this many
 * bytes past the limit, so that the client, still sending, reads the 413
 * instead of a reset connection; a larger one is answered at once. */
#define BODY_DISCARD_MAX (1024 * 1024)

struct exchange {
    struct buf body;
    const struct route *route;
    enum route_match match;
    bool too_large;
    size_t discarded; /* bytes of a body over the limit read and dropped */
    char *params;     /* storage for path parameters */
    int64_t start_ms;
    /* An API request, gathered from the connection on its thread so that a
     * lane's thread can run it without touching the connection. */
    struct request req;
    char address[GUARD_ADDRESS_MAX];
    char *authorization; /* the headers it needs, copied (NULL when absent) */
    char *content_type;
    char *csrf;
    char *cookie;
    char *last_event_id;
    char *accept;
    char *user_agent;
    /* The outcome, kept until the connection's thread sends it. */
    struct reply rep;
    struct err err;
    enum err_code rc;
    bool by_cookie;
    bool csrf_refused;
    struct MHD_Connection *conn; /* for a lane's thread to resume it */
    bool queued;                 /* handed to a lane; the connection is suspended */
    atomic_bool done;            /* the lane ran it (or gave it up) */
    bool caching;                /* a public read the cache did not have: keep its answer */
    struct cached_read cached;   /* its key and generation */
    struct cache_entry *sending; /* the cached answer being sent, held until completed */
};

static enum MHD_Result
collect_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    json_object_set_new((json_t *)cls, key, json_string(value ? value : ""));
    return MHD_YES;
}

/* Authenticates the gathered request by bearer token or session cookie;
 * the public otherwise. ex->by_cookie tells whether a session cookie did
 * it (CSRF then applies). */
static enum err_code authenticate(struct exchange *ex, struct err *err)
{
    struct request *req = &ex->req;
    req->who = (struct actor){.user_id = 0, .login = "public", .role = ROLE_PUBLIC};
    ex->by_cookie = false;
    if (ex->authorization != NULL) {
        if (strncmp(ex->authorization, "Bearer ", 7) != 0) {
            return err_set(err, ERR_UNAUTHENTICATED, NULL, "仅支持 Bearer 令牌",
                           "only Bearer tokens are accepted");
        }
        enum err_code rc = auth_bearer(req->store, ex->authorization + 7, &req->user, err);
        if (rc == ERR_OK) {
            auth_actor(&req->user, &req->who);
        }
        return rc;
    }
    req->session_token = ex->cookie;
    if (req->session_token == NULL || req->session_token[0] == '\0') {
        return ERR_OK;
    }
    struct err checked;
    err_init(&checked);
    enum err_code rc = auth_session(req->store, req->session_token, &req->user, &checked);
    if (rc == ERR_OK) {
        auth_actor(&req->user, &req->who);
        ex->by_cookie = true;
    } else if (rc != ERR_UNAUTHENTICATED) {
        /* The session could not be checked (the database out of reach
         * for a moment): say so, rather than answer as to the public. */
        *err = checked;
        return rc;
    }
    /* A stale cookie is treated as no cookie: the public may still read. */
    return ERR_OK;
}

/* The guard's record of the connection (its socket context). */
static struct guard_conn *connection_guard(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci != NULL ? ci->socket_context : NULL;
}

/* Writes the text of the socket address sa into out ("unknown" when it is
 * neither IPv4 nor IPv6). */
static void address_text(const struct sockaddr *sa, char out[GUARD_ADDRESS_MAX])
{
    snprintf(out, GUARD_ADDRESS_MAX, "unknown");
    if (sa != NULL && sa->sa_family == AF_INET) {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  GUARD_ADDRESS_MAX);
    } else if (sa != NULL && sa->sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  GUARD_ADDRESS_MAX);
    }
}

/* True when the connection comes from a trusted reverse proxy that says
 * the client reached it over TLS (X-Forwarded-Proto: https). */
static bool behind_tls(struct server *srv, struct MHD_Connection *conn)
{
    char address[GUARD_ADDRESS_MAX];
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const char *proto = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-Proto");
    address_text(ci != NULL ? ci->client_addr : NULL, address);
    return proto != NULL && strcmp(proto, "https") == 0 && guard_trusted(srv->guard, address);
}

/* The client's address: the connection's, or, when that is a trusted
 * reverse proxy, the last address of X-Forwarded-For (the one the proxy
 * appended, as it saw the client). */
static void
client_address(struct server *srv, struct MHD_Connection *conn, char out[GUARD_ADDRESS_MAX])
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    address_text(ci != NULL ? ci->client_addr : NULL, out);
    const char *xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
    if (xff == NULL || !guard_trusted(srv->guard, out)) {
        return;
    }
    const char *last = strrchr(xff, ',');
    last = last != NULL ? last + 1 : xff;
    last += strspn(last, " \t");
    size_t len = strcspn(last, " \t");
    char forwarded[GUARD_ADDRESS_MAX];
    unsigned char raw[16];
    if (len > 0 && len < sizeof(forwarded)) {
        memcpy(forwarded, last, len);
        forwarded[len] = '\0';
        if (inet_pton(AF_INET, forwarded, raw) == 1 || inet_pton(AF_INET6, forwarded, raw) == 1) {
            memcpy(out, forwarded, len + 1);
        }
    }
}

/*
 * Logs a refused or failed request in the security log: a refusal of a
 * signed-in user (access.refused, or csrf.refused), credentials that are
 * not accepted (credentials.refused; the public asking for a signed-in
 * route is not logged), and a failure of the server (server.error). A
 * failure of storage or of the disk becomes 503 unavailable with
 * Retry-After: its text stays in the log, never in the answer.
 */
static void note_failure(const struct exchange *ex, struct err *err)
{
    const struct request *req = &ex->req;
    const char *role = role_name(req->who.role);
    bool credentials = ex->authorization != NULL;
    bool csrf_refused = ex->csrf_refused;
    if (err->code == ERR_FORBIDDEN) {
        seclog(csrf_refused ? "csrf.refused" : "access.refused",
               json_pack("{ss, ss, ss, ss, ss, ss}", "login", req->who.login, "role", role,
                         "address", req->address, "method", req->method, "path", req->path,
                         "reason", err_message(err, true)));
    } else if (err->code == ERR_UNAUTHENTICATED && credentials) {
        seclog("credentials.refused", json_pack("{ss, ss, ss}", "address", req->address, "method",
                                                req->method, "path", req->path));
    } else if (err_http_status(err->code) >= 500 && err->code != ERR_UNAVAILABLE) {
        seclog("server.error",
               json_pack("{ss, ss, ss, ss, ss}", "address", req->address, "method", req->method,
                         "path", req->path, "code", err_code_name(err->code), "detail",
                         err_message(err, true)));
        if (err->code == ERR_STORE || err->code == ERR_IO) {
            err_set(err, ERR_UNAVAILABLE, NULL, "暂时无法读写数据,请稍后再试",
                    "the data cannot be read or written just now; try again shortly");
            err_set_retry_after(err, 5);
        }
    }
}

/* A copy of a request header's value, or NULL. */
static char *header_copy(struct MHD_Connection *conn, enum MHD_ValueKind kind, const char *name)
{
    const char *v = MHD_lookup_connection_value(conn, kind, name);
    return v != NULL ? xstrdup(v) : NULL;
}

/* Gathers what the API request needs from its connection, on the
 * connection's thread. */
static void gather(struct server *srv, struct MHD_Connection *conn, struct exchange *ex)
{
    struct request *req = &ex->req;
    client_address(srv, conn, ex->address);
    req->address = ex->address;
    req->store = srv->cfg->store;
    req->group = srv->group;
    req->english = send_wants_english(conn);
    req->secure = behind_tls(srv, conn);
    ex->authorization = header_copy(conn, MHD_HEADER_KIND, "Authorization");
    ex->content_type = header_copy(conn, MHD_HEADER_KIND, "Content-Type");
    ex->csrf = header_copy(conn, MHD_HEADER_KIND, "X-CSRF-Token");
    ex->cookie =
        header_copy(conn, MHD_COOKIE_KIND, req->secure ? SESSION_COOKIE_TLS : SESSION_COOKIE);
    ex->last_event_id = header_copy(conn, MHD_HEADER_KIND, "Last-Event-ID");
    req->last_event_id = ex->last_event_id;
    ex->accept = header_copy(conn, MHD_HEADER_KIND, "Accept");
    req->accept = ex->accept;
    ex->user_agent = header_copy(conn, MHD_HEADER_KIND, "User-Agent");
    req->user_agent = ex->user_agent;
    req->query = json_object();
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_query, req->query);
    ex->rep = (struct reply){.status = 200, .body = NULL, .set_cookie = "", .stream_from = -1};
    err_init(&ex->err);
}

/* Runs the gathered request: body, authentication, the route's
 * capability, CSRF, fields, handler. On any thread: it touches no
 * connection. The outcome stays in ex. */
static void execute(struct exchange *ex)
{
    struct request *req = &ex->req;
    struct err *err = &ex->err;
    enum err_code rc = ERR_OK;
    if (ex->body.len > 0 && (ex->route->flags & ROUTE_RAW_BODY)) {
        req->raw_body = ex->body.data;
        req->raw_body_len = ex->body.len;
    } else if (ex->body.len > 0) {
        if (ex->content_type == NULL || strncmp(ex->content_type, "application/json", 16) != 0) {
            rc = err_set(err, ERR_UNSUPPORTED_MEDIA, NULL, NULL, NULL);
        } else {
            rc = input_parse(ex->body.data, ex->body.len, &req->body, err);
        }
    } else if (ex->route->body_limit > 0 &&
               !(ex->route->command != NULL && ex->route->command->file != NULL)) {
        rc = err_set(err, ERR_BAD_REQUEST, NULL, "缺少请求体", "the request needs a JSON body");
    }
    if (rc == ERR_OK) {
        rc = authenticate(ex, err);
    }
    /* The route's check is about the role; the township scope is the
     * domain's, once it knows which township a command touches. */
    if (rc == ERR_OK && !policy_role_has(req->who.role, ex->route->cap)) {
        rc = err_set(err, req->who.role == ROLE_PUBLIC ? ERR_UNAUTHENTICATED : ERR_FORBIDDEN, NULL,
                     NULL, NULL);
    }
    if (rc == ERR_OK) {
        rc = route_allows_token(ex->route, &req->who, err);
    }
    if (rc == ERR_OK && ex->by_cookie && route_writes(ex->route) &&
        !(ex->route->flags & ROUTE_NO_CSRF)) {
        if (ex->csrf == NULL || strcmp(ex->csrf, req->user.csrf) != 0) {
            rc = err_set(err, ERR_FORBIDDEN, NULL, "缺少或错误的 CSRF 令牌",
                         "missing or wrong CSRF token");
            ex->csrf_refused = true;
        }
    }
    if (rc == ERR_OK && ex->route->fields != NULL) {
        rc = fields_check(ex->route->fields, req->body, false, err);
    }
    /* The handler's domain calls run their own transactions. */
    if (rc == ERR_OK) {
        rc = ex->route->handler(req, &ex->rep, err);
    }
    if (rc != ERR_OK && err->code == ERR_OK) {
        err_set(err, rc, NULL, NULL, NULL);
    }
    ex->rc = rc;
}

/* Sends the outcome of an executed request, on the connection's thread. */
static enum MHD_Result deliver(struct server *srv, struct MHD_Connection *conn, struct exchange *ex)
{
    struct reply *rep = &ex->rep;
    enum err_code rc = ex->rc;
    enum MHD_Result r;
    if (rc == ERR_OK && rep->stream_from >= 0 &&
        !guard_stream(srv->guard, connection_guard(conn), ex->address)) {
        rc = err_set(&ex->err, ERR_UNAVAILABLE, NULL, "同时打开的记录推送过多,请稍后再试",
                     "too many feeds are open; try again shortly");
        err_set_retry_after(&ex->err, 15);
    }
    struct cache_entry *kept = rc == ERR_OK && ex->caching && rep->stream_from < 0
                                   ? cached_keep(srv->cache, &ex->cached, rep)
                                   : NULL;
    if (kept != NULL) {
        r = send_cached(conn, kept);
        ex->sending = kept; /* its bytes are sent from the entry */
    } else if (rc == ERR_OK && rep->stream_from >= 0) {
        r = feeds_send(srv->feeds, conn, rep->stream_from);
    } else if (rc == ERR_OK && rep->raw != NULL) {
        r = send_raw(conn, rep);
    } else if (rc == ERR_OK) {
        struct header cookie = {MHD_HTTP_HEADER_SET_COOKIE, rep->set_cookie};
        r = send_json(conn, rep->status, rep->body, &cookie, 1);
    } else {
        note_failure(ex, &ex->err);
        r = send_error(conn, &ex->err, ex->req.english);
    }
    return r;
}

/* A lane's job: run the request, then wake its connection. */
static void run_job(void *arg)
{
    struct exchange *ex = arg;
    execute(ex);
    atomic_store(&ex->done, true);
    MHD_resume_connection(ex->conn);
}

/* A lane's job that waited too long: 503, then wake its connection. */
static void give_up_job(void *arg)
{
    struct exchange *ex = arg;
    ex->rc = err_set(&ex->err, ERR_UNAVAILABLE, NULL, "服务器繁忙,请稍后再试",
                     "the server is busy; try again shortly");
    err_set_retry_after(&ex->err, 5);
    atomic_store(&ex->done, true);
    MHD_resume_connection(ex->conn);
}

/* The lane a route's requests run on: sign-ins (a slow hash) on their
 * own, other writes (which may wait for the write lock) on theirs, reads
 * (which never wait: WAL) on the connection's thread (NULL). */
static struct lane *lane_of(struct server *srv, const struct route *route)
{
    if (route->flags & ROUTE_SIGN_IN) {
        return srv->sign_in;
    }
    return route_writes(route) ? srv->writes : NULL;
}

/* Runs a matched API route: at once, or on its lane with the connection
 * suspended until the lane is done. */
static enum MHD_Result run_api(struct server *srv, struct MHD_Connection *conn, struct exchange *ex)
{
    if (srv->cache != NULL &&
        cached_read_of(conn, ex->route, ex->req.path, send_wants_english(conn),
                       behind_tls(srv, conn), srv->cfg->store, &ex->cached)) {
        struct cache_entry *e = cache_get(srv->cache, ex->cached.key, ex->cached.generation);
        if (e != NULL) {
            ex->sending = e; /* its bytes are sent from the entry */
            return send_cached(conn, e);
        }
        ex->caching = true;
    }
    gather(srv, conn, ex);
    struct lane *lane = lane_of(srv, ex->route);
    if (lane == NULL) {
        execute(ex);
        return deliver(srv, conn, ex);
    }
    ex->conn = conn;
    ex->queued = true;
    MHD_suspend_connection(conn);
    if (!lane_submit(lane, run_job, give_up_job, ex)) {
        give_up_job(ex);
    }
    return MHD_YES;
}

/* Sets err to the 413 of ex's route. */
static enum err_code too_large(const struct exchange *ex, struct err *err)
{
    const struct command *cmd = ex->route->command;
    if (cmd != NULL && cmd->file != NULL) {
        struct content_in over = {"", ex->route->body_limit + 1};
        const struct content_type *type = NULL;
        return content_check(cmd->file, &over, &type, err);
    }
    return err_set(err, ERR_TOO_LARGE, NULL, "请求体超过 %zu 字节的上限",
                   "the body exceeds the limit of %zu bytes", ex->route->body_limit);
}

/* The headers that frame a request's body, counted. */
struct framing {
    int lengths;   /* Content-Length headers */
    int encodings; /* Transfer-Encoding headers */
};

static enum MHD_Result
count_framing(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    struct framing *f = cls;
    (void)kind;
    (void)value;
    f->lengths += strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0;
    f->encodings += strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0;
    return MHD_YES;
}

/* True when the request frames its body one way only: at most one
 * Content-Length or one Transfer-Encoding, never both. A request framed
 * two ways could be read one way here and another way by a proxy in
 * front, which would then take the rest as a request of its own. */
static bool framed_once(struct MHD_Connection *conn)
{
    struct framing f = {0, 0};
    MHD_get_connection_values(conn, MHD_HEADER_KIND, count_framing, &f);
    return f.lengths + f.encodings <= 1;
}

/* Decides, before any body arrives, whether the request can go ahead. */
static enum err_code admit(struct MHD_Connection *conn,
                           struct exchange *ex,
                           const char *url,
                           const char *method,
                           struct request *req,
                           struct err *err)
{
    ex->params = xmalloc(strlen(url) + 1);
    ex->match = router_find(method, url, ex->params, req, &ex->route);
    if (!router_serves(url)) {
        return ERR_OK;
    }
    if (ex->match == ROUTE_NO_PATH) {
        return err_set(err, ERR_NOT_FOUND, NULL, "没有这个接口", "no such endpoint");
    }
    if (ex->match == ROUTE_NO_METHOD) {
        return err_set(err, ERR_METHOD_NOT_ALLOWED, NULL, NULL, NULL);
    }
    const char *length = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    unsigned long long declared = length != NULL ? strtoull(length, NULL, 10) : 0;
    if (declared > ex->route->body_limit + BODY_DISCARD_MAX) {
        return too_large(ex, err);
    }
    ex->too_large = declared > ex->route->body_limit;
    buf_init(&ex->body, ex->route->body_limit);
    return ERR_OK;
}

static enum MHD_Result on_request(void *cls,
                                  struct MHD_Connection *conn,
                                  const char *url,
                                  const char *method,
                                  const char *version,
                                  const char *upload_data,
                                  size_t *upload_data_size,
                                  void **con_cls)
{
    struct server *srv = cls;
    struct exchange *ex = *con_cls;
    (void)version;
    struct request req;
    memset(&req, 0, sizeof(req));
    req.method = method;
    req.path = url;
    req.english = send_wants_english(conn);
    req.secure = behind_tls(srv, conn);
    send_over_tls(req.secure);
    if (ex == NULL) {
        struct err err;
        err_init(&err);
        ex = xcalloc(1, sizeof(*ex));
        ex->start_ms = utc_now_ms();
        buf_init(&ex->body, 0);
        *con_cls = ex;
        atomic_fetch_add(&srv->in_flight, 1);
        struct guard_conn *gc = connection_guard(conn);
        if (guard_over(srv->guard, gc)) {
            static const struct header close = {"Connection", "close"};
            guard_phase(srv->guard, gc, GUARD_ANSWERING, ex->start_ms);
            err_set(&err, ERR_UNAVAILABLE, NULL, "服务器连接已满,请稍后再试",
                    "the server has no connection to spare; try again shortly");
            err_set_retry_after(&err, 5);
            return send_error_with(conn, &err, req.english, &close, 1);
        }
        if (!framed_once(conn)) {
            static const struct header close = {"Connection", "close"};
            guard_phase(srv->guard, gc, GUARD_ANSWERING, ex->start_ms);
            err_set(&err, ERR_BAD_REQUEST, NULL, "请求体的长度有多种说法",
                    "the request frames its body more than one way (Content-Length, "
                    "Transfer-Encoding)");
            return send_error_with(conn, &err, req.english, &close, 1);
        }
        if (admit(conn, ex, url, method, &req, &err) != ERR_OK) {
            char allow[64] = "";
            if (err.code == ERR_METHOD_NOT_ALLOWED) {
                router_allow(url, allow, sizeof(allow));
            }
            struct header h = {MHD_HTTP_HEADER_ALLOW, allow};
            guard_phase(srv->guard, gc, GUARD_ANSWERING, ex->start_ms);
            return send_error_with(conn, &err, req.english, &h, 1);
        }
        guard_phase(srv->guard, gc, GUARD_BODY, ex->start_ms);
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        if (!ex->too_large && buf_append(&ex->body, upload_data, *upload_data_size) != ERR_OK) {
            ex->too_large = true;
        }
        ex->discarded += ex->too_large ? *upload_data_size : 0;
        *upload_data_size = 0;
        if (ex->discarded <= ex->route->body_limit + BODY_DISCARD_MAX) {
            return MHD_YES;
        }
    }
    if (ex->queued) {
        /* Resumed: its lane is done (MHD calls again only after resuming). */
        return atomic_load(&ex->done) ? deliver(srv, conn, ex) : MHD_YES;
    }
    guard_phase(srv->guard, connection_guard(conn), GUARD_ANSWERING, utc_now_ms());
    if (!router_serves(url)) {
        return send_static(srv->cfg->web_dir, conn, url, method);
    }
    if (ex->too_large) {
        struct err err;
        err_init(&err);
        too_large(ex, &err);
        return send_error(conn, &err, req.english);
    }
    /* Re-match to point the parameters at this exchange's storage. */
    ex->req.method = method;
    ex->req.path = url;
    router_find(method, url, ex->params, &ex->req, &ex->route);
    ex->req.route = ex->route;
    return run_api(srv, conn, ex);
}

static void on_completed(void *cls,
                         struct MHD_Connection *conn,
                         void **con_cls,
                         enum MHD_RequestTerminationCode code)
{
    struct server *srv = cls;
    struct exchange *ex = *con_cls;
    (void)code;
    if (ex == NULL) {
        return;
    }
    /* A kept-alive connection waits for its next request's headers. */
    guard_phase(srv->guard, connection_guard(conn), GUARD_HEADERS, utc_now_ms());
    buf_clear(&ex->body);
    xfree(ex->params);
    xfree(ex->authorization);
    xfree(ex->content_type);
    xfree(ex->csrf);
    xfree(ex->cookie);
    xfree(ex->last_event_id);
    xfree(ex->accept);
    xfree(ex->user_agent);
    xfree(ex->rep.raw);
    cached_read_done(&ex->cached);
    cache_entry_release(ex->sending);
    json_decref(ex->rep.body);
    json_decref(ex->req.body);
    json_decref(ex->req.query);
    xfree(ex);
    *con_cls = NULL;
    atomic_fetch_sub(&srv->in_flight, 1);
}

/* Accepts a connection unless its address holds its share already. */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t len)
{
    struct server *srv = cls;
    char address[GUARD_ADDRESS_MAX];
    (void)len;
    address_text(addr, address);
    return guard_accept(srv->guard, address) ? MHD_YES : MHD_NO;
}

/* Tells the guard of each connection opened and closed. */
static void on_connection(void *cls,
                          struct MHD_Connection *conn,
                          void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    struct server *srv = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        char address[GUARD_ADDRESS_MAX];
        const union MHD_ConnectionInfo *fd =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        address_text(ci != NULL ? ci->client_addr : NULL, address);
        *socket_context =
            guard_open(srv->guard, fd != NULL ? fd->connect_fd : -1, address, utc_now_ms());
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        guard_close(srv->guard, *socket_context);
        *socket_context = NULL;
    }
}

/* Frees a response the answer cache kept (a connection still sending it
 * keeps its own reference). */
static void destroy_response(void *resp)
{
    MHD_destroy_response(resp);
}

/* Raises the soft limit of open files to the hard one, and returns how
 * many connections fit under it with room for the database's files. */
static int connections_that_fit(int wanted)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
        return wanted;
    }
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
            getrlimit(RLIMIT_NOFILE, &rl);
        }
    }
    rlim_t room = rl.rlim_cur > 256 ? rl.rlim_cur - 256 : 16;
    return room < (rlim_t)wanted ? (int)room : wanted;
}

/* Parses "ADDR:PORT" (IPv4) into addr. */
static enum err_code parse_listen(const char *listen, struct sockaddr_in *addr, struct err *err)
{
    char host[64];
    const char *colon = strrchr(listen, ':');
    memset(addr, 0, sizeof(*addr));
    addr->sin_family = AF_INET;
    if (colon == NULL || (size_t)(colon - listen) >= sizeof(host)) {
        return err_set(err, ERR_INVALID, "listen", "监听地址须为 地址:端口",
                       "the listen address must be ADDR:PORT");
    }
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end = NULL;
    long port = strtol(colon + 1, &end, 10);
    if (colon[1] == '\0' || *end != '\0' || port < 0 || port > 65535 ||
        inet_pton(AF_INET, host, &addr->sin_addr) != 1) {
        return err_set(err, ERR_INVALID, "listen", "监听地址无效:%s", "bad listen address: %s",
                       listen);
    }
    addr->sin_port = htons((uint16_t)port);
    return ERR_OK;
}

/* The signals that stop the server. */
static void stop_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
}

void server_block_signals(void)
{
    sigset_t stop;
    stop_signals(&stop);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
}

enum err_code server_run(const struct server_config *cfg, struct err *err)
{
    struct server srv = {.cfg = cfg, .feeds = NULL};
    atomic_init(&srv.in_flight, 0);
    struct sockaddr_in addr;
    enum err_code rc = parse_listen(cfg->listen, &addr, err);
    if (rc != ERR_OK) {
        return rc;
    }
    /* Block the stop signals in every thread; this one waits for them. */
    server_block_signals();
    struct guard_config gcfg = {
        .max_connections = connections_that_fit(cfg->max_connections > 0 ? cfg->max_connections
                                                                         : SERVER_MAX_CONNECTIONS),
        .per_address = cfg->per_address > 0 ? cfg->per_address : SERVER_PER_ADDRESS,
        .header_ms = cfg->header_ms > 0 ? cfg->header_ms : SERVER_HEADER_MS,
        .body_ms = cfg->body_ms > 0 ? cfg->body_ms : SERVER_BODY_MS,
        .trusted = cfg->trusted_proxies,
        .n_trusted = cfg->n_trusted_proxies,
    };
    rc = guard_start(&gcfg, &srv.guard, err);
    if (rc == ERR_OK) {
        rc = lane_start("writes", SERVER_WRITE_THREADS, SERVER_LANE_WAIT_MS, SERVER_LANE_QUEUE_MAX,
                        &srv.writes, err);
    }
    if (rc == ERR_OK) {
        rc = lane_start("sign-in", SERVER_SIGN_IN_THREADS, SERVER_LANE_WAIT_MS,
                        SERVER_LANE_QUEUE_MAX, &srv.sign_in, err);
    }
    if (rc != ERR_OK) {
        lane_stop(srv.writes);
        guard_stop(srv.guard);
        return rc;
    }
    srv.group = group_new(cfg->store);
    srv.feeds = feeds_start(cfg->store);
    srv.cache = cfg->cache_bytes > 0 ? cache_new(cfg->cache_bytes, destroy_response) : NULL;
    /* libmicrohttpd's own limit leaves room above the guard's, so that a
     * connection beyond it is accepted and answered 503. */
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME |
            MHD_USE_ERROR_LOG,
        0, on_accept, &srv, on_request, &srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)(gcfg.max_connections + SERVER_OVER_MAX), MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)30, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv, MHD_OPTION_NOTIFY_CONNECTION,
        on_connection, &srv, MHD_OPTION_END);
    if (d == NULL) {
        lane_stop(srv.sign_in);
        lane_stop(srv.writes);
        group_free(srv.group);
        guard_stop(srv.guard);
        feeds_close(srv.feeds);
        feeds_free(srv.feeds);
        cache_free(srv.cache);
        return err_set(err, ERR_IO, "listen", "无法在 %s 上监听", "cannot listen on %s",
                       cfg->listen);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char host[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &addr.sin_addr, host, sizeof(host));
    printf("listening on http://%s:%u\n", host, info ? (unsigned)info->port : 0u);
    fflush(stdout);
    diag(DIAG_INFO, "http", "serving threads=%d web=%s cache=%zuMB", cfg->threads,
         cfg->web_dir ? cfg->web_dir : "(none)", cfg->cache_bytes >> 20);
    int sig = 0;
    sigset_t stop;
    stop_signals(&stop);
    sigwait(&stop, &sig);
    diag(DIAG_INFO, "http", "signal %d: stopping", sig);
    feeds_close(srv.feeds);
    MHD_quiesce_daemon(d);
    for (int i = 0; i < 1000 && atomic_load(&srv.in_flight) > 0; i++) {
        struct timespec pause = {.tv_sec = 0, .tv_nsec = 10 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    /* Jobs still queued are run or given up, their connections resumed,
     * while the daemon is alive. */
    lane_stop(srv.sign_in);
    lane_stop(srv.writes);
    struct group_counts gc;
    group_counts(srv.group, &gc);
    diag(DIAG_INFO, "http",
         "group commit: %lld writes in %lld commits, at most %d in one, %lld cut short",
         (long long)gc.writes, (long long)gc.commits, gc.largest, (long long)gc.cut_short);
    group_free(srv.group);
    if (srv.cache != NULL) {
        struct cache_counts cc;
        cache_counts(srv.cache, &cc);
        diag(DIAG_INFO, "http",
             "answer cache: %zu answers, %zu of %zu bytes; %llu hits, %llu misses, %llu evicted",
             cc.entries, cc.bytes, cfg->cache_bytes, (unsigned long long)cc.hits,
             (unsigned long long)cc.misses, (unsigned long long)cc.evicted);
    }
    MHD_stop_daemon(d);
    guard_stop(srv.guard);
    feeds_free(srv.feeds);
    cache_free(srv.cache);
    diag(DIAG_INFO, "http", "stopped");
    return ERR_OK;
}
