/*
 * Server-Sent Events parsing. See sse.h.
 */
#include "client/sse.h"

#include <string.h>

void sse_init(struct sse_parser *p, size_t max, sse_event_fn on_event, void *ctx)
{
    memset(p, 0, sizeof(*p));
    buf_init(&p->line, max);
    buf_init(&p->data, max);
    p->on_event = on_event;
    p->ctx = ctx;
}

void sse_clear(struct sse_parser *p)
{
    buf_clear(&p->line);
    buf_clear(&p->data);
}

void sse_reset(struct sse_parser *p)
{
    buf_reset(&p->line);
    buf_reset(&p->data);
    p->type[0] = '\0';
    p->started = false;
    p->after_cr = false;
}

const char *sse_last_event_id(const struct sse_parser *p)
{
    return p->last_id;
}

/* Copies value[0..len) into a field of SSE_FIELD_MAX bytes, truncating. */
static void set_field(char out[SSE_FIELD_MAX], const char *value, size_t len)
{
    len = len < SSE_FIELD_MAX - 1 ? len : SSE_FIELD_MAX - 1;
    memcpy(out, value, len);
    out[len] = '\0';
}

/* An empty line: dispatches the event when it has data. */
static enum err_code dispatch(struct sse_parser *p, struct err *err)
{
    enum err_code rc = ERR_OK;
    if (p->data.len > 0) {
        /* The data buffer ends in the newline after its last line. */
        size_t len = p->data.len - 1;
        p->data.data[len] = '\0';
        struct sse_event ev = {
            .type = p->type[0] != '\0' ? p->type : "message",
            .id = p->last_id,
            .data = p->data.data,
            .data_len = len,
        };
        rc = p->on_event(p->ctx, &ev, err);
    }
    buf_reset(&p->data);
    p->type[0] = '\0';
    return rc;
}

/* Interprets one complete line (without its end). */
static enum err_code take_line(struct sse_parser *p, const char *line, size_t len, struct err *err)
{
    if (len == 0) {
        return dispatch(p, err);
    }
    if (line[0] == ':') {
        return ERR_OK; /* a comment, such as a keepalive */
    }
    const char *colon = memchr(line, ':', len);
    size_t name_len = colon != NULL ? (size_t)(colon - line) : len;
    const char *value = colon != NULL ? colon + 1 : line + len;
    size_t value_len = (size_t)(line + len - value);
    if (value_len > 0 && value[0] == ' ') {
        value++;
        value_len--;
    }
    if (name_len == 5 && memcmp(line, "event", 5) == 0) {
        set_field(p->type, value, value_len);
    } else if (name_len == 4 && memcmp(line, "data", 4) == 0) {
        enum err_code rc = buf_append(&p->data, value, value_len);
        if (rc == ERR_OK) {
            rc = buf_append_lit(&p->data, "\n");
        }
        if (rc != ERR_OK) {
            return err_set(err, ERR_TOO_LARGE, "event", "事件过大", "an event is too large");
        }
    } else if (name_len == 2 && memcmp(line, "id", 2) == 0 &&
               memchr(value, '\0', value_len) == NULL) {
        set_field(p->last_id, value, value_len);
    }
    /* "retry" and unknown fields are ignored. */
    return ERR_OK;
}

enum err_code sse_feed(struct sse_parser *p, const char *bytes, size_t len, struct err *err)
{
    size_t i = 0;
    if (!p->started && len > 0) {
        /* A byte order mark may begin the stream (it may be split across
         * chunks only in theory; servers send it whole or not at all). */
        if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
            i = 3;
        }
        p->started = true;
    }
    while (i < len) {
        char ch = bytes[i];
        if (ch == '\n' && p->after_cr) {
            p->after_cr = false; /* the LF of a CRLF */
            i++;
            continue;
        }
        p->after_cr = false;
        /* Take the run of bytes up to the next line end at once. */
        size_t j = i;
        while (j < len && bytes[j] != '\n' && bytes[j] != '\r') {
            j++;
        }
        if (j > i && buf_append(&p->line, bytes + i, j - i) != ERR_OK) {
            return err_set(err, ERR_TOO_LARGE, "event", "事件过大", "an event is too large");
        }
        if (j == len) {
            break;
        }
        p->after_cr = bytes[j] == '\r';
        enum err_code rc = take_line(p, p->line.data ? p->line.data : "", p->line.len, err);
        buf_reset(&p->line);
        if (rc != ERR_OK) {
            return rc;
        }
        i = j + 1;
    }
    return ERR_OK;
}
