/*
 * Matching a request to the route table, and small helpers handlers share
 * for reading requests and writing replies.
 */
#include "http/http.h"

#include "core/alloc.h"
#include "core/page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool route_writes(const struct route *r)
{
    return strcmp(r->method, "GET") != 0;
}

/* Matches one pattern against the path, copying parameters into storage. */
static bool
pattern_matches(const char *pattern, const char *path, char *storage, struct request *req)
{
    const char *p = pattern;
    const char *s = path;
    char *out = storage;
    int n = 0;
    while (*p != '\0' && *s != '\0') {
        if (strcmp(p, "{*}") == 0) {
            /* A trailing wildcard takes the rest of the path, slashes too. */
            size_t len = strlen(s);
            if (n == HTTP_MAX_PARAMS) {
                return false;
            }
            memcpy(out, s, len + 1);
            req->params[n++] = out;
            req->n_params = n;
            return true;
        }
        if (*p == '{') {
            const char *close = strchr(p, '}');
            size_t len = strcspn(s, "/");
            if (close == NULL || len == 0 || n == HTTP_MAX_PARAMS) {
                return false;
            }
            memcpy(out, s, len);
            out[len] = '\0';
            req->params[n++] = out;
            out += len + 1;
            p = close + 1;
            s += len;
        } else if (*p++ != *s++) {
            return false;
        }
    }
    if (*p != '\0' || *s != '\0') {
        return false;
    }
    req->n_params = n;
    return true;
}

void router_allow(const char *path, char *out, size_t size)
{
    char *storage = xmalloc(strlen(path) + 1);
    struct request req;
    size_t used = 0;
    out[0] = '\0';
    for (const struct route *r = route_table(); r->method != NULL; r++) {
        memset(&req, 0, sizeof(req));
        if (!pattern_matches(r->pattern, path, storage, &req)) {
            continue;
        }
        int n = snprintf(out + used, size - used, "%s%s", used ? ", " : "", r->method);
        if (n < 0 || (size_t)n >= size - used) {
            break;
        }
        used += (size_t)n;
    }
    xfree(storage);
}

enum route_match router_find(const char *method,
                             const char *path,
                             char *storage,
                             struct request *req,
                             const struct route **out)
{
    bool path_known = false;
    for (const struct route *r = route_table(); r->method != NULL; r++) {
        if (!pattern_matches(r->pattern, path, storage, req)) {
            continue;
        }
        path_known = true;
        if (strcmp(r->method, method) == 0) {
            *out = r;
            return ROUTE_FOUND;
        }
    }
    req->n_params = 0;
    return path_known ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}

const char *request_query(const struct request *req, const char *key)
{
    return json_string_value(json_object_get(req->query, key));
}

enum err_code
request_page(const struct request *req, int64_t *limit, int64_t *offset, struct err *err)
{
    struct page_query q;
    enum err_code rc =
        page_parse(request_query(req, "limit"), request_query(req, "offset"), &q, err);
    *limit = q.limit;
    *offset = q.offset;
    return rc;
}

void reply_raw(struct reply *rep,
               struct buf *b,
               const char *content_type,
               const char *cache_control)
{
    xfree(rep->raw);
    rep->raw = buf_take(b, &rep->raw_len);
    rep->content_type = content_type;
    rep->cache_control = cache_control;
}

bool router_serves(const char *path)
{
    return strncmp(path, "/api/", 5) == 0 || strncmp(path, "/log/", 5) == 0 ||
           strcmp(path, "/add-checkpoint") == 0; /* C2SP tlog-witness */
}

void reply_json(struct reply *rep, int status, json_t *body)
{
    json_decref(rep->body);
    rep->status = status;
    rep->body = body;
}

json_t *reply_error_body(const struct err *err, bool english)
{
    json_t *body =
        json_pack("{s{ss, ss, ss?}}", "error", "code", err_code_name(err->code), "message",
                  err_message(err, english), "field", err->field[0] ? err->field : NULL);
    if (err->rule[0] != '\0') {
        /* A rule of the rulebook was broken: its stable id goes along. */
        json_object_set_new(json_object_get(body, "error"), "rule", json_string(err->rule));
    }
    return body;
}
