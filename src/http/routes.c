/*
 * The route table: every API endpoint with its method, path, handler,
 * required capability, body limit and OpenAPI description. The rows below
 * are the hand-written handlers; route_table() adds one row for each
 * query and command the areas declare. The router, the OpenAPI document and the
 * role-by-endpoint test all read that one table.
 */
#include "http/api.h"

#include "areas/org/org.h"
#include "core/alloc.h"
#include "monitor/witness.h"
#include "record/area.h"

#include <pthread.h>
#include <string.h>

#define B HTTP_BODY_LIMIT_DEFAULT
#define P CAP_PUBLIC_READ
#define C ROUTE_CACHED

/* A row: method, pattern, handler, capability, flags, the handler's
 * constant, body limit, OpenAPI tag and summary (and a write's fields). */
#define ROUTE(m, p, h, c, f, a, l, t, s)                                                           \
    {                                                                                              \
        .method = m, .pattern = p, .handler = h, .cap = c, .flags = f, .arg = a, .body_limit = l,  \
        .tag = t, .summary = s                                                                     \
    }
#define ROUTE_FIELDS(m, p, h, c, f, a, l, t, s, fl)                                                \
    {                                                                                              \
        .method = m, .pattern = p, .handler = h, .cap = c, .flags = f, .arg = a, .body_limit = l,  \
        .tag = t, .summary = s, .fields = fl                                                       \
    }

/* clang-format off */
const struct route routes[] = {
    ROUTE("GET", "/api/v1/openapi.json", api_openapi, P, C | ROUTE_IMMUTABLE, 0, 0, "meta", "This API's description"),

    ROUTE("GET", "/log/checkpoint", api_log_checkpoint, P, C, 0, 0, "log",
          "The latest signed checkpoint (C2SP tlog-checkpoint)"),
    ROUTE("GET", "/log/tile/{*}", api_log_tile, P, C | ROUTE_IMMUTABLE, 0, 0, "log",
          "Hash tiles and entry bundles (C2SP tlog-tiles)"),
    ROUTE("GET", "/api/v1/log", api_log_info, P, C, 0, 0, "log",
          "The log's origin, size, root, checkpoint and verifier key"),
    ROUTE("GET", "/api/v1/log/proof", api_log_proof, P, C, 0, 0, "log",
          "Inclusion proof of ?index in the tree of ?size (default: the signed size)"),
    ROUTE("GET", "/api/v1/log/consistency", api_log_consistency, P, C, 0, 0, "log",
          "Consistency proof between tree sizes ?from and ?to"),
    ROUTE("GET", "/api/v1/log/receipt", api_log_receipt, P, C, 0, 0, "log",
          "Offline receipt of entry ?index (C2SP tlog-proof)"),

    ROUTE("GET", "/api/v1/feed", api_feed, P, 0, 0, 0, "log",
          "New public records as Server-Sent Events (resumable with Last-Event-ID or ?from)"),

    ROUTE("GET", "/api/v1/monitor/nodes", api_monitor_nodes, P, 0, 0, 0, "monitor",
          "Followed township nodes: verified size, lag, last verification, status"),
    ROUTE("GET", "/api/v1/monitor/alerts", api_monitor_alerts, P, 0, 0, 0, "monitor",
          "Monitor alerts, newest first (?origin, ?limit, ?offset)"),
    ROUTE("GET", "/api/v1/monitor/nodes/{*}", api_monitor_node, P, 0, 0, 0, "monitor",
          "Mirrored entries of a followed log: /api/v1/monitor/nodes/<origin>/entries"),
    ROUTE("GET", "/api/v1/monitor/sealed", api_monitor_sealed, CAP_MONITOR_SEALED_READ, 0, 0, 0, "monitor",
          "The commission's inspectors: sealed parts read from a followed log"
          " (?origin, ?index | ?state, ?limit, ?offset)"),
    ROUTE("POST", "/add-checkpoint", api_witness_add_checkpoint, P, ROUTE_RAW_BODY | ROUTE_NO_CSRF,
          0,
          WITNESS_BODY_MAX, "monitor",
          "Witness: cosign a checkpoint (C2SP tlog-witness)"),

    ROUTE_FIELDS("POST", "/api/v1/session", api_session_create, P,
                 ROUTE_NO_CSRF | ROUTE_REPLY_200 | ROUTE_SIGN_IN,
                 0,
                 4096, "session",
          "Sign in (with two-factor sign-in on: a ticket for the code's step)",
          api_session_fields),
    ROUTE_FIELDS("POST", "/api/v1/session/code", api_session_code, P,
                 ROUTE_NO_CSRF | ROUTE_REPLY_200 | ROUTE_SIGN_IN,
                 0,
                 4096, "session",
          "Sign in, second step: the ticket and a current one-time code", api_session_code_fields),
    ROUTE("GET", "/api/v1/session", api_session_get, P, 0, 0, 0, "session",
          "The signed-in user (none for a visitor; 401 for a session that ended)"),
    ROUTE("DELETE", "/api/v1/session", api_session_delete, CAP_SIGNED_IN, ROUTE_SIGN_IN, 0, 0,
          "session",
          "Sign out"),
    ROUTE("GET", "/api/v1/sessions", api_sessions_list, CAP_SIGNED_IN, ROUTE_SESSION_ONLY, 0, 0,
          "session", "Your sessions still open: when, from where and in which browser each began"),
    ROUTE_FIELDS("POST", "/api/v1/sessions/end", api_sessions_end, CAP_SIGNED_IN,
                 ROUTE_SESSION_ONLY | ROUTE_REPLY_200, 0, 4096, "session",
          "End one of your other sessions (id), or all of them, with your password",
          api_sessions_end_fields),
    ROUTE_FIELDS("POST", "/api/v1/session/notices/seen", api_notices_seen, CAP_SIGNED_IN,
                 ROUTE_SESSION_ONLY | ROUTE_REPLY_200, 0, 64, "session",
          "Say you have seen the security notices your session lists", api_notices_seen_fields),
    ROUTE("GET", "/api/v1/tokens", api_token_list, CAP_SIGNED_IN, ROUTE_SESSION_ONLY, 0, 0,
          "session", "Your API tokens"),
    ROUTE_FIELDS("POST", "/api/v1/tokens", api_token_create, CAP_SIGNED_IN, ROUTE_SESSION_ONLY, 0,
                 4096, "session",
          "Create an API token (read only or read and write, limited to a township or an area,"
          " ending after its days)", auth_token_fields),
    ROUTE("DELETE", "/api/v1/tokens/{id}", api_token_delete, CAP_SIGNED_IN, ROUTE_SESSION_ONLY, 0,
          0, "session", "Revoke an API token"),
    ROUTE_FIELDS("POST", "/api/v1/session/calendar", api_calendar_create, CAP_SIGNED_IN,
                 ROUTE_SESSION_ONLY, 0, 64, "workbench",
          "Your meetings' calendar feed: a new secret address (the old one stops)",
          api_calendar_fields),
    ROUTE("DELETE", "/api/v1/session/calendar", api_calendar_delete, CAP_SIGNED_IN,
          ROUTE_SESSION_ONLY, 0, 0, "workbench", "Stop your meetings' calendar feed"),
    ROUTE("GET", "/api/v1/calendar/{token}", api_calendar_get, P, 0, 0, 0, "workbench",
          "A calendar feed (iCalendar), by its secret address"),

    {.method = NULL},
};
/* clang-format on */

static struct route *table;

/* The row of a declared command. */
static struct route command_route(const struct command *cmd, const char *tag)
{
    return (struct route){
        .method = cmd->method,
        .pattern = cmd->path,
        .handler = api_command,
        .cap = cmd->cap,
        .body_limit = cmd->file                            ? cmd->file->max_bytes
                      : strcmp(cmd->method, "DELETE") == 0 ? 0
                                                           : HTTP_BODY_LIMIT_DEFAULT,
        .flags = cmd->file ? ROUTE_RAW_BODY : 0,
        .tag = tag,
        .summary = cmd->en,
        .command = cmd,
    };
}

/* The row of a declared query. */
static struct route query_route(const struct query *q, const char *tag)
{
    return (struct route){
        .method = "GET",
        .pattern = q->path,
        .handler = api_query,
        .cap = q->cap,
        .tag = tag,
        .summary = q->en,
        .query = q,
        .flags = (q->flags & QUERY_RECORDS_ONLY) ? ROUTE_CACHED : 0,
    };
}

static void build_table(void)
{
    size_t n = 0, i = 0, k = 0;
    while (routes[n].method != NULL) {
        n++;
    }
    while (area_command_next(&i) != NULL) {
        n++;
    }
    while (area_query_next(&k) != NULL) {
        n++;
    }
    table = xcalloc(n + 1, sizeof(*table));
    n = 0;
    for (; routes[n].method != NULL; n++) {
        table[n] = routes[n];
    }
    for (size_t a = 0; areas[a] != NULL; a++) {
        for (size_t c = 0; areas[a]->queries != NULL && areas[a]->queries[c] != NULL; c++) {
            table[n++] = query_route(areas[a]->queries[c], areas[a]->name);
        }
        for (size_t c = 0; areas[a]->commands != NULL && areas[a]->commands[c] != NULL; c++) {
            table[n++] = command_route(areas[a]->commands[c], areas[a]->name);
        }
    }
}

const struct route *route_table(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, build_table);
    return table;
}
