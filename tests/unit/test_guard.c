/*
 * Unit tests of the connection guard (http/guard.h) over socket pairs
 * standing for connections (a shut-down connection's peer reads the end
 * of the stream): the per-address share, also when two connections are
 * accepted at once, and the trusted proxies; the
 * header and body bounds counted per request, not per byte, and none
 * while answering; room made by shutting down the connection waiting
 * longest, or "over" when none waits; the streams' limits; bad settings.
 */
#include "http/guard.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "unit.h"

/* A connection: the server's end (guarded) and the client's. */
struct pair {
    int server, client;
    struct guard_conn *c;
};

static struct guard *start(int max, int per_address, const char *trusted)
{
    struct guard *g = NULL;
    struct err err;
    const char *const list[] = {trusted};
    struct guard_config cfg = {.max_connections = max,
                               .per_address = per_address,
                               .header_ms = 1000,
                               .body_ms = 5000,
                               .trusted = list,
                               .n_trusted = trusted != NULL,
                               .manual = true};
    err_init(&err);
    assert_int_equal(guard_start(&cfg, &g, &err), ERR_OK);
    return g;
}

static void connect_pair(struct guard *g, struct pair *p, const char *address, int64_t now)
{
    int fds[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    p->server = fds[0];
    p->client = fds[1];
    p->c = guard_open(g, p->server, address, now);
}

/* True when the client's end reads the end of the stream (shut down). */
static bool is_shut(const struct pair *p)
{
    char byte;
    return recv(p->client, &byte, 1, MSG_DONTWAIT) == 0;
}

static void disconnect(struct guard *g, struct pair *p)
{
    guard_close(g, p->c);
    close(p->server);
    close(p->client);
}

static void test_one_address_gets_its_share_trusted_proxies_more(void **state)
{
    (void)state;
    struct guard *g = start(100, 2, "10.0.0.1");
    struct pair a[3];
    assert_true(guard_accept(g, "192.0.2.7"));
    connect_pair(g, &a[0], "192.0.2.7", 0);
    assert_true(guard_accept(g, "192.0.2.7"));
    connect_pair(g, &a[1], "192.0.2.7", 0);
    assert_false(guard_accept(g, "192.0.2.7"));
    assert_true(guard_accept(g, "192.0.2.8"));
    for (int i = 0; i < 5; i++) {
        assert_true(guard_accept(g, "10.0.0.1"));
        connect_pair(g, &a[2], "10.0.0.1", 0);
        disconnect(g, &a[2]);
    }
    assert_true(guard_trusted(g, "10.0.0.1"));
    assert_false(guard_trusted(g, "10.0.0.2"));
    /* A connection shut down no longer counts against its address. */
    guard_reap(g, 2000);
    assert_true(is_shut(&a[0]) && is_shut(&a[1]));
    assert_true(guard_accept(g, "192.0.2.7"));
    struct guard_counts n;
    guard_counts(g, &n);
    assert_int_equal(n.refused, 1);
    assert_int_equal(n.open, 2);
    disconnect(g, &a[0]);
    disconnect(g, &a[1]);
    guard_stop(g);
}

/* Two threads may each be told yes by guard_accept before either
 * connection is opened: the one opened past the share is shut down. */
static void test_a_connection_opened_past_its_share_is_shut(void **state)
{
    (void)state;
    struct guard *g = start(100, 2, "10.0.0.1");
    struct pair a[3], p[3];
    for (int i = 0; i < 3; i++) {
        assert_true(guard_accept(g, "192.0.2.7"));
        assert_true(guard_accept(g, "10.0.0.1"));
    }
    for (int i = 0; i < 3; i++) {
        connect_pair(g, &a[i], "192.0.2.7", 0);
        connect_pair(g, &p[i], "10.0.0.1", 0);
    }
    assert_false(is_shut(&a[0]) || is_shut(&a[1]));
    assert_true(is_shut(&a[2]));
    assert_false(is_shut(&p[0]) || is_shut(&p[1]) || is_shut(&p[2]));
    /* It no longer counts: when one of the two leaves, another may come. */
    disconnect(g, &a[0]);
    assert_true(guard_accept(g, "192.0.2.7"));
    connect_pair(g, &a[0], "192.0.2.7", 0);
    assert_false(is_shut(&a[0]));
    struct guard_counts n;
    guard_counts(g, &n);
    assert_int_equal(n.refused, 1);
    assert_int_equal(n.open, 6);
    for (int i = 0; i < 3; i++) {
        disconnect(g, &a[i]);
        disconnect(g, &p[i]);
    }
    guard_stop(g);
}

static void test_bounds_count_per_request_and_not_while_answering(void **state)
{
    (void)state;
    struct guard *g = start(100, 10, NULL);
    struct pair idle, body, answering;
    connect_pair(g, &idle, "192.0.2.1", 0);
    connect_pair(g, &body, "192.0.2.2", 0);
    connect_pair(g, &answering, "192.0.2.3", 0);
    guard_phase(g, body.c, GUARD_BODY, 500);
    guard_phase(g, answering.c, GUARD_ANSWERING, 500);
    assert_int_equal(guard_reap(g, 999), 0);
    /* Headers: 1 s from the opening, whatever arrived meanwhile. */
    assert_int_equal(guard_reap(g, 1000), 1);
    assert_true(is_shut(&idle));
    assert_false(is_shut(&body));
    /* Body: 5 s from the headers. */
    assert_int_equal(guard_reap(g, 5499), 0);
    assert_int_equal(guard_reap(g, 5500), 1);
    assert_true(is_shut(&body));
    /* Answering: no bound; then waiting for the next request: 1 s again. */
    assert_int_equal(guard_reap(g, 100000), 0);
    assert_false(is_shut(&answering));
    guard_phase(g, answering.c, GUARD_HEADERS, 100000);
    assert_int_equal(guard_reap(g, 100999), 0);
    assert_int_equal(guard_reap(g, 101000), 1);
    assert_int_equal(guard_reap(g, 200000), 0); /* shut once */
    disconnect(g, &idle);
    disconnect(g, &body);
    disconnect(g, &answering);
    guard_stop(g);
}

static void test_a_full_table_makes_room_or_marks_the_newcomer_over(void **state)
{
    (void)state;
    struct guard *g = start(3, 10, NULL);
    struct pair p[5];
    connect_pair(g, &p[0], "192.0.2.1", 0);
    connect_pair(g, &p[1], "192.0.2.2", 10);
    connect_pair(g, &p[2], "192.0.2.3", 20);
    guard_phase(g, p[0].c, GUARD_ANSWERING, 30);
    /* Full: the one waiting longest for its request (opened at 10) goes. */
    connect_pair(g, &p[3], "192.0.2.4", 40);
    assert_false(guard_over(g, p[3].c));
    assert_true(is_shut(&p[1]));
    assert_false(is_shut(&p[0]) || is_shut(&p[2]));
    /* None waiting: the newcomer is over. */
    guard_phase(g, p[2].c, GUARD_BODY, 50);
    guard_phase(g, p[3].c, GUARD_BODY, 50);
    connect_pair(g, &p[4], "192.0.2.5", 60);
    assert_true(guard_over(g, p[4].c));
    struct guard_counts n;
    guard_counts(g, &n);
    assert_int_equal(n.evicted, 1);
    assert_int_equal(n.over, 1);
    assert_int_equal(n.open, 5);
    for (int i = 0; i < 5; i++) {
        disconnect(g, &p[i]);
    }
    guard_counts(g, &n);
    assert_int_equal(n.open, 0);
    guard_stop(g);
}

static void test_streams_are_limited_by_address_and_in_all(void **state)
{
    (void)state;
    struct guard *g = start(12, 12, "10.0.0.1");
    struct pair p[GUARD_STREAMS_PER_ADDRESS + 5];
    for (int i = 0; i < GUARD_STREAMS_PER_ADDRESS; i++) {
        connect_pair(g, &p[i], "192.0.2.1", 0);
        assert_true(guard_stream(g, p[i].c, "192.0.2.1"));
    }
    int n = GUARD_STREAMS_PER_ADDRESS;
    connect_pair(g, &p[n], "192.0.2.1", 0);
    assert_false(guard_stream(g, p[n].c, "192.0.2.1"));
    /* Through a trusted proxy, the client's address counts. */
    connect_pair(g, &p[n + 1], "10.0.0.1", 0);
    assert_true(guard_stream(g, p[n + 1].c, "198.51.100.9"));
    connect_pair(g, &p[n + 2], "10.0.0.1", 0);
    assert_false(guard_stream(g, p[n + 2].c, "192.0.2.1"));
    /* Half the table (6 of 12) at most. */
    connect_pair(g, &p[n + 3], "192.0.2.2", 0);
    assert_true(guard_stream(g, p[n + 3].c, "192.0.2.2"));
    connect_pair(g, &p[n + 4], "192.0.2.3", 0);
    assert_false(guard_stream(g, p[n + 4].c, "192.0.2.3"));
    assert_true(guard_stream(g, NULL, "192.0.2.2"));
    for (int i = 0; i < n + 5; i++) {
        disconnect(g, &p[i]);
    }
    guard_stop(g);
}

static void test_bad_settings_are_refused(void **state)
{
    (void)state;
    struct guard *g = NULL;
    struct err err;
    const char *const bad[] = {"localhost"};
    struct guard_config cfg = {
        .max_connections = 10, .per_address = 0, .header_ms = 1, .body_ms = 1, .manual = true};
    err_init(&err);
    assert_int_equal(guard_start(&cfg, &g, &err), ERR_INVALID);
    cfg.per_address = 1;
    cfg.trusted = bad;
    cfg.n_trusted = 1;
    assert_int_equal(guard_start(&cfg, &g, &err), ERR_INVALID);
    assert_string_equal(err.field, "--trusted-proxy");
    assert_null(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_address_gets_its_share_trusted_proxies_more),
        cmocka_unit_test(test_a_connection_opened_past_its_share_is_shut),
        cmocka_unit_test(test_bounds_count_per_request_and_not_while_answering),
        cmocka_unit_test(test_a_full_table_makes_room_or_marks_the_newcomer_over),
        cmocka_unit_test(test_streams_are_limited_by_address_and_in_all),
        cmocka_unit_test(test_bad_settings_are_refused),
    };
    return cmocka_run_group_tests(tests, unit_group_setup, NULL);
}
