/*
 * Sends answers over libmicrohttpd: a JSON reply (gzipped when large and
 * accepted), a handler's own bytes, the error document, a file of the web
 * app; each with the security headers. See docs/http.md.
 */
#include "http/send.h"

#include "core/alloc.h"
#include "http/encoding.h"
#include "http/static.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CSP                                                                                        \
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "                    \
    "img-src 'self' data:; connect-src 'self'; font-src 'self' data:; "                            \
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"

/* Whether the request answered on this thread reached the server over TLS
 * (through a trusted proxy): its answer then carries HSTS. Set by
 * send_over_tls, on the thread that builds every response. */
static _Thread_local bool answering_tls;

void send_over_tls(bool tls)
{
    answering_tls = tls;
}

void send_security_headers(struct MHD_Response *resp)
{
    if (answering_tls) {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_STRICT_TRANSPORT_SECURITY,
                                "max-age=31536000");
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_SECURITY_POLICY, CSP);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
}

static void free_json_text(void *p)
{
    xfree(p);
}

/* The content codings the client of conn accepts (encoding.h). */
static unsigned accepted_codings(struct MHD_Connection *conn)
{
    return encoding_accepted(
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING));
}

/* Sends a JSON reply; body may be NULL (no content); the n headers are
 * added. */
enum MHD_Result send_json(
    struct MHD_Connection *conn, int status, json_t *body, const struct header *headers, size_t n)
{
    char *text = NULL, *packed = NULL;
    size_t len = 0;
    bool gzipped = false;
    if (body != NULL) {
        text = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(15));
        len = text ? strlen(text) : 0;
    }
    if (len >= ENCODING_MIN && (accepted_codings(conn) & ENCODING_GZIP) &&
        encoding_gzip(text, len, &packed, &len)) {
        xfree(text);
        text = packed;
        gzipped = true;
    }
    struct MHD_Response *resp =
        MHD_create_response_from_buffer_with_free_callback(len, text, free_json_text);
    if (resp == NULL) {
        xfree(text);
        return MHD_NO;
    }
    send_security_headers(resp);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json; charset=utf-8");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
    if (gzipped) {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    for (size_t i = 0; i < n; i++) {
        if (headers[i].value != NULL && headers[i].value[0] != '\0') {
            MHD_add_response_header(resp, headers[i].name, headers[i].value);
        }
    }
    enum MHD_Result r = MHD_queue_response(conn, (unsigned)status, resp);
    MHD_destroy_response(resp);
    return r;
}

/* Sends a handler's non-JSON body; MHD takes the bytes. */
enum MHD_Result send_raw(struct MHD_Connection *conn, struct reply *rep)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer_with_free_callback(rep->raw_len, rep->raw, free_json_text);
    if (resp == NULL) {
        return MHD_NO;
    }
    rep->raw = NULL; /* owned by the response now */
    send_security_headers(resp);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rep->content_type);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                            rep->cache_control ? rep->cache_control : "no-store");
    MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
    if (rep->disposition[0] != '\0') {
        MHD_add_response_header(resp, "Content-Disposition", rep->disposition);
    }
    enum MHD_Result r = MHD_queue_response(conn, (unsigned)rep->status, resp);
    MHD_destroy_response(resp);
    return r;
}

/* What a kept response costs in memory beyond the entry's bytes, for the
 * cache's bound: libmicrohttpd's response, and each header (its record
 * and two allocations) with its name and value. Generous estimates: the
 * library does not say. */
#define RESPONSE_BYTES 512
#define HEADER_BYTES   96

static enum MHD_Result
count_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    size_t *bytes = cls;
    (void)kind;
    *bytes += HEADER_BYTES + strlen(key) + strlen(value);
    return MHD_YES;
}

/* The response for e: its answer (or 304 with no body when not_modified),
 * gzipped or not. Its bytes are the entry's own, not a copy: whoever sends
 * it holds a reference to the entry until the request completes, and the
 * entry frees its responses only when the last reference goes. */
static struct MHD_Response *cached_response(struct cache_entry *e, bool gzipped, bool not_modified)
{
    struct cache_answer a;
    cache_entry_answer(e, gzipped, &a);
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        not_modified ? 0 : a.len, not_modified ? "" : (void *)a.body, MHD_RESPMEM_PERSISTENT);
    if (resp == NULL) {
        return NULL;
    }
    send_security_headers(resp);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, a.content_type);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, a.cache_control);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, cache_entry_etag(e, gzipped));
    if (cache_entry_has_gzip(e)) {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
    }
    if (gzipped && !not_modified) {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
    }
    if (strncmp(a.content_type, "application/json", 16) != 0) {
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
    }
    return resp;
}

enum MHD_Result send_cached(struct MHD_Connection *conn, struct cache_entry *e)
{
    bool gzipped = cache_entry_has_gzip(e) && (accepted_codings(conn) & ENCODING_GZIP);
    bool not_modified = cache_entry_matches(
        e, MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH));
    int slot = (not_modified ? 2 : 0) + (gzipped ? 1 : 0);
    struct MHD_Response *resp = cache_entry_object(e, slot);
    if (resp == NULL) {
        resp = cached_response(e, gzipped, not_modified);
        if (resp == NULL) {
            return MHD_NO;
        }
        size_t bytes = RESPONSE_BYTES;
        MHD_get_response_headers(resp, count_header, &bytes);
        resp = cache_entry_attach(e, slot, resp, bytes);
    }
    struct cache_answer a;
    cache_entry_answer(e, false, &a);
    return MHD_queue_response(conn, not_modified ? MHD_HTTP_NOT_MODIFIED : (unsigned)a.status,
                              resp);
}

/* Sends the error document for err, with the n headers (e.g. Allow on a
 * 405; at most 3) and Retry-After when err says when to try again. */
enum MHD_Result send_error_with(struct MHD_Connection *conn,
                                const struct err *err,
                                bool english,
                                const struct header *headers,
                                size_t n)
{
    struct header all[4];
    char retry[24];
    size_t k = 0;
    for (; k < n && k < 3; k++) {
        all[k] = headers[k];
    }
    if (err->retry_after_s > 0) {
        snprintf(retry, sizeof(retry), "%lld", (long long)err->retry_after_s);
        all[k++] = (struct header){"Retry-After", retry};
    }
    json_t *body = reply_error_body(err, english);
    enum MHD_Result r = send_json(conn, err_http_status(err->code), body, all, k);
    json_decref(body);
    return r;
}

enum MHD_Result send_error(struct MHD_Connection *conn, const struct err *err, bool english)
{
    return send_error_with(conn, err, english, NULL, 0);
}

bool send_wants_english(struct MHD_Connection *conn)
{
    const char *lang = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Language");
    return lang != NULL && strncmp(lang, "en", 2) == 0;
}

enum MHD_Result
send_static(const char *web_dir, struct MHD_Connection *conn, const char *url, const char *method)
{
    struct static_file f;
    struct err err;
    err_init(&err);
    bool head = strcmp(method, "HEAD") == 0;
    if (strcmp(method, "GET") != 0 && !head) {
        err_set(&err, ERR_METHOD_NOT_ALLOWED, NULL, NULL, NULL);
        return send_error(conn, &err, send_wants_english(conn));
    }
    if (!static_resolve(web_dir, url, accepted_codings(conn), &f)) {
        err_set(&err, ERR_NOT_FOUND, NULL, NULL, NULL);
        return send_error(conn, &err, send_wants_english(conn));
    }
    int fd = open(f.path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0) {
            close(fd);
        }
        err_set(&err, ERR_NOT_FOUND, NULL, NULL, NULL);
        return send_error(conn, &err, send_wants_english(conn));
    }
    struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
    if (resp == NULL) {
        close(fd);
        return MHD_NO;
    }
    send_security_headers(resp);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, f.mime);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, f.cache);
    if (f.compressible) {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
    }
    if (f.encoding != NULL) {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, f.encoding);
    }
    enum MHD_Result r = MHD_queue_response(conn, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return r;
}
