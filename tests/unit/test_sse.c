/*
 * Unit tests of Server-Sent Events parsing (client/sse.h): the feed's own
 * records and multi-line checkpoints, every line ending (LF, CRLF, CR,
 * also split across chunks), byte-by-byte delivery, comments and
 * keepalives, fields without a colon or a space, the last event id kept
 * across events and reconnections, events without data not dispatched,
 * the size limit and a handler's error.
 */
#include "client/sse.h"
#include "core/alloc.h"
#include "core/err.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#define MAX_EVENTS 16

struct got {
    int n;
    char type[MAX_EVENTS][SSE_FIELD_MAX];
    char id[MAX_EVENTS][SSE_FIELD_MAX];
    char data[MAX_EVENTS][512];
    enum err_code fail_with; /* returned by the handler when not ERR_OK */
};

static enum err_code on_event(void *ctx, const struct sse_event *ev, struct err *err)
{
    struct got *g = ctx;
    assert_true(g->n < MAX_EVENTS);
    assert_int_equal(strlen(ev->data), ev->data_len);
    snprintf(g->type[g->n], SSE_FIELD_MAX, "%s", ev->type);
    snprintf(g->id[g->n], SSE_FIELD_MAX, "%s", ev->id);
    snprintf(g->data[g->n], sizeof(g->data[g->n]), "%s", ev->data);
    g->n++;
    if (g->fail_with != ERR_OK) {
        return err_set(err, g->fail_with, NULL, NULL, NULL);
    }
    return ERR_OK;
}

/* Feeds text in chunks of step bytes (0: all at once). */
static enum err_code feed(struct sse_parser *p, const char *text, size_t step)
{
    struct err err;
    err_init(&err);
    size_t len = strlen(text);
    if (step == 0) {
        return sse_feed(p, text, len, &err);
    }
    for (size_t i = 0; i < len; i += step) {
        size_t n = len - i < step ? len - i : step;
        enum err_code rc = sse_feed(p, text + i, n, &err);
        if (rc != ERR_OK) {
            return rc;
        }
    }
    return ERR_OK;
}

/* What probity's feed sends: records, then the signed checkpoint. */
static const char feed_text[] = "id: 7\nevent: record\ndata: {\"seq\":7}\n\n"
                                "id: 7\nevent: checkpoint\ndata: example.org/log\ndata: 8\n"
                                "data: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\ndata: \n"
                                "data: \xe2\x80\x94 example.org/log abc=\n\n"
                                ": keepalive\n\n";

static void check_feed(const struct got *g)
{
    assert_int_equal(g->n, 2);
    assert_string_equal(g->type[0], "record");
    assert_string_equal(g->id[0], "7");
    assert_string_equal(g->data[0], "{\"seq\":7}");
    assert_string_equal(g->type[1], "checkpoint");
    assert_string_equal(g->data[1], "example.org/log\n8\n"
                                    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n"
                                    "\xe2\x80\x94 example.org/log abc=");
}

static void test_sse_parses_the_feed_whole_and_byte_by_byte(void **state)
{
    (void)state;
    for (size_t step = 0; step < 8; step++) {
        struct got g = {.n = 0, .fail_with = ERR_OK};
        struct sse_parser p;
        sse_init(&p, 4096, on_event, &g);
        assert_int_equal(feed(&p, feed_text, step), ERR_OK);
        check_feed(&g);
        assert_string_equal(sse_last_event_id(&p), "7");
        sse_clear(&p);
    }
}

/* The feed's text with its line ends replaced by eol. */
static void with_line_ends(const char *eol, char *out, size_t size)
{
    size_t n = 0;
    for (const char *s = feed_text; *s != '\0'; s++) {
        const char *piece = *s == '\n' ? eol : (char[]){*s, '\0'};
        size_t len = strlen(piece);
        assert_true(n + len < size);
        memcpy(out + n, piece, len);
        n += len;
    }
    out[n] = '\0';
}

static void test_sse_accepts_crlf_and_cr_line_ends_even_split(void **state)
{
    (void)state;
    static const char *const ends[] = {"\r\n", "\r"};
    for (size_t e = 0; e < 2; e++) {
        char text[1024];
        with_line_ends(ends[e], text, sizeof(text));
        for (size_t step = 0; step < 4; step++) {
            struct got g = {.n = 0, .fail_with = ERR_OK};
            struct sse_parser p;
            sse_init(&p, 4096, on_event, &g);
            assert_int_equal(feed(&p, text, step), ERR_OK);
            check_feed(&g);
            sse_clear(&p);
        }
    }
}

static void test_sse_follows_the_field_rules(void **state)
{
    (void)state;
    struct got g = {.n = 0, .fail_with = ERR_OK};
    struct sse_parser p;
    sse_init(&p, 4096, on_event, &g);
    /* A byte order mark; "data" without a colon is an empty data line;
     * "data:x" keeps x (no space to drop); a second space is kept;
     * unknown fields and retry are ignored; the type resets after each
     * event; an id with no event keeps counting. */
    assert_int_equal(feed(&p,
                          "\xEF\xBB\xBF"
                          "data\n\n"
                          "data:x\nretry: 10\nfoo: bar\n\n"
                          "event: special\ndata:  two spaces\n\n"
                          "data: plain\n\n"
                          "id: 42\n\n"
                          "data: after id\n\n",
                          0),
                     ERR_OK);
    assert_int_equal(g.n, 5);
    assert_string_equal(g.type[0], "message");
    assert_string_equal(g.data[0], "");
    assert_string_equal(g.data[1], "x");
    assert_string_equal(g.type[2], "special");
    assert_string_equal(g.data[2], " two spaces");
    assert_string_equal(g.type[3], "message");
    assert_string_equal(g.id[3], "");
    assert_string_equal(g.id[4], "42");
    assert_string_equal(sse_last_event_id(&p), "42");
    sse_clear(&p);
}

static void test_sse_does_not_dispatch_events_without_data(void **state)
{
    (void)state;
    struct got g = {.n = 0, .fail_with = ERR_OK};
    struct sse_parser p;
    sse_init(&p, 4096, on_event, &g);
    assert_int_equal(feed(&p, "event: checkpoint\n\n: comment\n\nid: 3\n\n\n\n", 0), ERR_OK);
    assert_int_equal(g.n, 0);
    assert_string_equal(sse_last_event_id(&p), "3");
    sse_clear(&p);
}

static void test_sse_reset_drops_a_partial_event_and_keeps_the_id(void **state)
{
    (void)state;
    struct got g = {.n = 0, .fail_with = ERR_OK};
    struct sse_parser p;
    sse_init(&p, 4096, on_event, &g);
    assert_int_equal(feed(&p, "id: 9\nevent: record\ndata: {}\n\nid: 10\ndata: half", 0), ERR_OK);
    assert_int_equal(g.n, 1);
    sse_reset(&p); /* the connection broke */
    assert_string_equal(sse_last_event_id(&p), "10");
    assert_int_equal(feed(&p, "\n\ndata: new\n\n", 0), ERR_OK);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.data[1], "new");
    assert_string_equal(g.type[1], "message");
    sse_clear(&p);
}

static void test_sse_refuses_oversized_lines_and_events(void **state)
{
    (void)state;
    struct got g = {.n = 0, .fail_with = ERR_OK};
    struct sse_parser p;
    char line[200];
    memset(line, 'a', sizeof(line) - 1);
    line[sizeof(line) - 1] = '\0';
    sse_init(&p, 64, on_event, &g);
    assert_int_equal(feed(&p, line, 0), ERR_TOO_LARGE);
    sse_clear(&p);
    sse_init(&p, 64, on_event, &g);
    assert_int_equal(feed(&p,
                          "data: 0123456789012345678901234567890123456789\n"
                          "data: 0123456789012345678901234567890123456789\n\n",
                          0),
                     ERR_TOO_LARGE);
    assert_int_equal(g.n, 0);
    sse_clear(&p);
}

static void test_sse_passes_back_the_handler_error(void **state)
{
    (void)state;
    struct got g = {.n = 0, .fail_with = ERR_INTEGRITY};
    struct sse_parser p;
    sse_init(&p, 4096, on_event, &g);
    assert_int_equal(feed(&p, "data: one\n\ndata: two\n\n", 0), ERR_INTEGRITY);
    assert_int_equal(g.n, 1);
    sse_clear(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sse_parses_the_feed_whole_and_byte_by_byte),
        cmocka_unit_test(test_sse_accepts_crlf_and_cr_line_ends_even_split),
        cmocka_unit_test(test_sse_follows_the_field_rules),
        cmocka_unit_test(test_sse_does_not_dispatch_events_without_data),
        cmocka_unit_test(test_sse_reset_drops_a_partial_event_and_keeps_the_id),
        cmocka_unit_test(test_sse_refuses_oversized_lines_and_events),
        cmocka_unit_test(test_sse_passes_back_the_handler_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
