/*
 * Which public reads the answer cache answers, and under which key. See
 * cached.h.
 */
#include "http/cached.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "log/serve.h"

#include <string.h>

/* The most query arguments a cached read may have. */
#define ARGS_MAX 16

struct query_args {
    const char *key[ARGS_MAX];
    const char *value[ARGS_MAX];
    int n;
    bool over;
};

static enum MHD_Result
collect(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    struct query_args *a = cls;
    (void)kind;
    if (a->n == ARGS_MAX) {
        a->over = true;
        return MHD_NO;
    }
    a->key[a->n] = key;
    a->value[a->n] = value != NULL ? value : "";
    a->n++;
    return MHD_YES;
}

/* Sorts the arguments by name (insertion: there are few). */
static void sort_args(struct query_args *a)
{
    for (int i = 1; i < a->n; i++) {
        for (int j = i; j > 0 && strcmp(a->key[j - 1], a->key[j]) > 0; j--) {
            const char *k = a->key[j], *v = a->value[j];
            a->key[j] = a->key[j - 1];
            a->value[j] = a->value[j - 1];
            a->key[j - 1] = k;
            a->value[j - 1] = v;
        }
    }
}

bool cached_read_of(struct MHD_Connection *conn,
                    const struct route *route,
                    const char *url,
                    bool english,
                    bool secure,
                    struct store *st,
                    struct cached_read *out)
{
    if (!(route->flags & ROUTE_CACHED) || strcmp(route->method, "GET") != 0 ||
        tlog_serve_generation(st) == 0 ||
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION) != NULL ||
        MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, SESSION_COOKIE) != NULL ||
        MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, SESSION_COOKIE_TLS) != NULL) {
        return false;
    }
    struct query_args a = {.n = 0};
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect, &a);
    if (a.over) {
        return false;
    }
    sort_args(&a);
    /* Each part is prefixed with its length: no two requests share a key. */
    struct buf key;
    buf_init(&key, 64 * 1024);
    bool ok = buf_appendf(&key, "%c%c%zu:%s", english ? 'E' : 'Z', secure ? 'S' : '-', strlen(url),
                          url) == ERR_OK;
    for (int i = 0; ok && i < a.n; i++) {
        ok = buf_appendf(&key, "&%zu:%s=%zu:%s", strlen(a.key[i]), a.key[i], strlen(a.value[i]),
                         a.value[i]) == ERR_OK;
    }
    if (!ok) {
        buf_clear(&key);
        return false;
    }
    out->key = buf_take(&key, NULL);
    out->generation = (route->flags & ROUTE_IMMUTABLE) ? 0 : tlog_serve_generation(st);
    return true;
}

void cached_read_done(struct cached_read *read)
{
    xfree(read->key);
    read->key = NULL;
}

struct cache_entry *
cached_keep(struct cache *c, const struct cached_read *read, const struct reply *rep)
{
    if (rep->status != 200 || rep->set_cookie[0] != '\0' || rep->disposition[0] != '\0' ||
        rep->stream_from >= 0 || (rep->raw == NULL && rep->body == NULL)) {
        return NULL;
    }
    struct cache_answer a = {.status = rep->status};
    char *text = NULL;
    if (rep->raw != NULL) {
        a.content_type = rep->content_type;
        a.cache_control = rep->cache_control != NULL ? rep->cache_control : "no-cache";
        a.body = rep->raw;
        a.len = rep->raw_len;
    } else {
        text = json_dumps(rep->body, JSON_COMPACT | JSON_REAL_PRECISION(15));
        if (text == NULL) {
            return NULL;
        }
        a.content_type = "application/json; charset=utf-8";
        a.cache_control = "no-cache";
        a.body = text;
        a.len = strlen(text);
    }
    /* Hashes and entry bundles do not compress; JSON and text do. */
    bool text_like = strncmp(a.content_type, "application/json", 16) == 0 ||
                     strncmp(a.content_type, "text/", 5) == 0;
    struct cache_entry *e = cache_put(c, read->key, read->generation, &a, text_like);
    xfree(text);
    return e;
}
