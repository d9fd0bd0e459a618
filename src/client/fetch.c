/*
 * The HTTP client over libcurl. See fetch.h.
 */
#include "client/fetch.h"

#include "core/alloc.h"
#include "core/utc.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define USER_AGENT "probity/" PROBITY_VERSION
/* Largest amount of streamed data held between two on_data calls. */
#define STREAM_PENDING_MAX (8 * 1024 * 1024)

void fetch_global_init(void)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        fprintf(stderr, "probity: cannot initialise libcurl\n");
        abort();
    }
}

void fetch_global_cleanup(void)
{
    curl_global_cleanup();
}

void fetch_init(struct fetch *f)
{
    f->curl = curl_easy_init();
    if (f->curl == NULL) {
        fprintf(stderr, "probity: libcurl cannot make a handle\n");
        abort();
    }
}

void fetch_clear(struct fetch *f)
{
    if (f->curl != NULL) {
        curl_easy_cleanup(f->curl);
        f->curl = NULL;
    }
}

void fetch_response_init(struct fetch_response *r, size_t max)
{
    r->status = 0;
    r->content_type[0] = '\0';
    buf_init(&r->body, max);
}

void fetch_response_clear(struct fetch_response *r)
{
    buf_clear(&r->body);
}

/* What the write and header callbacks fill. */
struct sink {
    struct buf *body;
    bool too_large;
    char *content_type; /* room for 128 bytes */
};

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
    struct sink *s = ctx;
    if (buf_append(s->body, data, size * n) != ERR_OK) {
        s->too_large = true;
        return 0; /* ends the transfer */
    }
    return size * n;
}

static size_t on_header(char *data, size_t size, size_t n, void *ctx)
{
    struct sink *s = ctx;
    size_t len = size * n;
    static const char name[] = "content-type:";
    if (len > sizeof(name) - 1 && strncasecmp(data, name, sizeof(name) - 1) == 0) {
        const char *v = data + sizeof(name) - 1;
        const char *end = data + len;
        while (v < end && (*v == ' ' || *v == '\t')) {
            v++;
        }
        while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ')) {
            end--;
        }
        size_t vlen = (size_t)(end - v) < 127 ? (size_t)(end - v) : 127;
        memcpy(s->content_type, v, vlen);
        s->content_type[vlen] = '\0';
    }
    return len;
}

/* Options every request shares. */
static enum err_code common_options(CURL *c, const char *url, struct err *err)
{
    if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) {
        return err_set(err, ERR_INVALID, "url", "只支持 http 和 https 地址:%s",
                       "only http and https URLs are supported: %s", url);
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, USER_AGENT);
    return ERR_OK;
}

/* Runs the request prepared on f and fills r. */
static enum err_code perform(
    struct fetch *f, const char *url, long timeout_ms, struct fetch_response *r, struct err *err)
{
    CURL *c = f->curl;
    struct sink sink = {.body = &r->body, .too_large = false, .content_type = r->content_type};
    buf_reset(&r->body);
    r->status = 0;
    r->content_type[0] = '\0';
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms < 5000 ? timeout_ms : 5000L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &sink);
    CURLcode cc = curl_easy_perform(c);
    if (sink.too_large) {
        return err_set(err, ERR_TOO_LARGE, "url", "%s 的回应超过 %zu 字节",
                       "the answer of %s exceeds %zu bytes", url, r->body.max);
    }
    if (cc != CURLE_OK) {
        return err_set(err, ERR_UNAVAILABLE, "url", "无法访问 %s:%s", "cannot fetch %s: %s", url,
                       curl_easy_strerror(cc));
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    return ERR_OK;
}

/* GETs url, with a bearer token when token is not NULL. */
static enum err_code get(struct fetch *f,
                         const char *url,
                         const char *token,
                         long timeout_ms,
                         struct fetch_response *r,
                         struct err *err)
{
    CURL *c = f->curl;
    curl_easy_reset(c);
    enum err_code rc = common_options(c, url, err);
    if (rc != ERR_OK) {
        return rc;
    }
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    if (token != NULL) {
        curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
        curl_easy_setopt(c, CURLOPT_XOAUTH2_BEARER, token);
    }
    rc = perform(f, url, timeout_ms, r, err);
    if (token != NULL) {
        curl_easy_setopt(c, CURLOPT_XOAUTH2_BEARER, NULL);
    }
    return rc;
}

enum err_code fetch_get(
    struct fetch *f, const char *url, long timeout_ms, struct fetch_response *r, struct err *err)
{
    return get(f, url, NULL, timeout_ms, r, err);
}

enum err_code fetch_get_bearer(struct fetch *f,
                               const char *url,
                               const char *token,
                               long timeout_ms,
                               struct fetch_response *r,
                               struct err *err)
{
    return get(f, url, token, timeout_ms, r, err);
}

enum err_code fetch_post(struct fetch *f,
                         const char *url,
                         const char *content_type,
                         const void *body,
                         size_t len,
                         long timeout_ms,
                         struct fetch_response *r,
                         struct err *err)
{
    CURL *c = f->curl;
    char ctype[160];
    struct curl_slist *headers = NULL;
    curl_easy_reset(c);
    enum err_code rc = common_options(c, url, err);
    if (rc != ERR_OK) {
        return rc;
    }
    int n = snprintf(ctype, sizeof(ctype), "Content-Type: %s", content_type);
    if (n < 0 || (size_t)n >= sizeof(ctype)) {
        return err_set(err, ERR_INVALID, "content_type", NULL, NULL);
    }
    headers = curl_slist_append(headers, ctype);
    headers = curl_slist_append(headers, "Expect:"); /* no 100-continue round trip */
    if (headers == NULL) {
        fprintf(stderr, "probity: out of memory in libcurl\n");
        abort();
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    rc = perform(f, url, timeout_ms, r, err);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(headers);
    return rc;
}

/* The stream's state between libcurl and the loop. */
struct stream {
    struct buf pending; /* bytes received and not yet handed on */
    bool too_large;
};

static size_t on_stream_body(char *data, size_t size, size_t n, void *ctx)
{
    struct stream *s = ctx;
    if (buf_append(&s->pending, data, size * n) != ERR_OK) {
        s->too_large = true;
        return 0;
    }
    return size * n;
}

/* The stream's status when it is not 200, as an error. */
static enum err_code check_status(CURL *c, const char *url, struct err *err)
{
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200) {
        return err_set(err, ERR_UNAVAILABLE, "url", "%s 回应状态 %ld",
                       "%s answered with status %ld", url, status);
    }
    return ERR_OK;
}

enum err_code fetch_stream(const struct fetch_stream_opts *o, struct err *err)
{
    struct stream s = {.too_large = false};
    struct curl_slist *headers = NULL;
    char last_id[96];
    CURLM *m = curl_multi_init();
    CURL *c = curl_easy_init();
    if (m == NULL || c == NULL) {
        fprintf(stderr, "probity: libcurl cannot make a handle\n");
        abort();
    }
    buf_init(&s.pending, STREAM_PENDING_MAX);
    enum err_code rc = common_options(c, o->url, err);
    if (rc != ERR_OK) {
        goto done;
    }
    headers = curl_slist_append(headers, "Accept: text/event-stream");
    if (o->last_event_id != NULL) {
        int n = snprintf(last_id, sizeof(last_id), "Last-Event-ID: %s", o->last_event_id);
        if (n > 0 && (size_t)n < sizeof(last_id)) {
            headers = curl_slist_append(headers, last_id);
        }
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_stream_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
    curl_multi_add_handle(m, c);
    int64_t last_byte = utc_now_ms();
    bool status_checked = false;
    for (;;) {
        int running = 0;
        CURLMcode mc = curl_multi_perform(m, &running);
        if (mc != CURLM_OK) {
            rc = err_set(err, ERR_UNAVAILABLE, "url", "无法访问 %s:%s", "cannot fetch %s: %s",
                         o->url, curl_multi_strerror(mc));
            break;
        }
        if (s.pending.len > 0) {
            last_byte = utc_now_ms();
            if (!status_checked) {
                rc = check_status(c, o->url, err);
                if (rc != ERR_OK) {
                    break;
                }
                status_checked = true;
            }
            rc = o->on_data(o->ctx, s.pending.data, s.pending.len, err);
            buf_reset(&s.pending);
            if (rc != ERR_OK) {
                break;
            }
        }
        if (!running) {
            int left = 0;
            CURLMsg *msg = curl_multi_info_read(m, &left);
            CURLcode cc = msg != NULL && msg->msg == CURLMSG_DONE ? msg->data.result : CURLE_OK;
            if (s.too_large) {
                rc = err_set(err, ERR_TOO_LARGE, "url", "%s 的事件过大",
                             "an event of %s is too large", o->url);
            } else if (cc != CURLE_OK) {
                rc = err_set(err, ERR_UNAVAILABLE, "url", "无法访问 %s:%s", "cannot fetch %s: %s",
                             o->url, curl_easy_strerror(cc));
            } else if (!status_checked) {
                rc = check_status(c, o->url, err);
            }
            break;
        }
        if (o->stop != NULL && atomic_load(o->stop)) {
            break;
        }
        if (utc_now_ms() - last_byte > o->idle_timeout_ms) {
            rc = err_set(err, ERR_UNAVAILABLE, "url", "%s 已 %ld 毫秒没有数据",
                         "%s sent nothing for %ld ms", o->url, o->idle_timeout_ms);
            break;
        }
        if (o->on_idle != NULL) {
            o->on_idle(o->ctx);
        }
        curl_multi_poll(m, NULL, 0, FETCH_IDLE_MS, NULL);
    }
    curl_multi_remove_handle(m, c);
done:
    curl_easy_cleanup(c);
    curl_multi_cleanup(m);
    curl_slist_free_all(headers);
    buf_clear(&s.pending);
    return rc;
}
