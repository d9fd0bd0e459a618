/*
 * Unit tests of the router over the real route table (http/http.h):
 * literal and parameterised paths, NO_METHOD versus NO_PATH, no match for
 * trailing slashes or extra segments, the table's own consistency (handler,
 * summary, tag, body limits, no duplicates, no shadowed rows), and the
 * paging arguments read by request_page.
 */
#include "http/http.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"

#define PATH_MAX_TEST 512

/* Storage for the last match's parameters: exactly strlen(path) + 1
 * bytes on the heap, as router_find's contract asks, so that AddressSanitizer
 * sees any write past it. */
static char *storage;

/* Matches method and path; *route gets the row (or NULL). */
static enum route_match
find(const char *method, const char *path, struct request *req, const struct route **route)
{
    xfree(storage);
    storage = xmalloc(strlen(path) + 1);
    memset(req, 0, sizeof(*req));
    *route = NULL;
    return router_find(method, path, storage, req, route);
}

static int release_storage(void **state)
{
    (void)state;
    xfree(storage);
    storage = NULL;
    return 0;
}

static void test_router_finds_literal_paths(void **state)
{
    (void)state;
    struct request req;
    const struct route *r = NULL;
    assert_int_equal(find("GET", "/api/v1/health", &req, &r), ROUTE_FOUND);
    assert_non_null(r);
    assert_string_equal(r->method, "GET");
    assert_string_equal(r->pattern, "/api/v1/health");
    assert_int_equal(req.n_params, 0);

    assert_int_equal(find("POST", "/api/v1/session", &req, &r), ROUTE_FOUND);
    assert_string_equal(r->method, "POST");
    assert_string_equal(r->pattern, "/api/v1/session");
    assert_int_equal(find("DELETE", "/api/v1/session", &req, &r), ROUTE_FOUND);
    assert_string_equal(r->method, "DELETE");
}

static void test_router_extracts_path_parameters(void **state)
{
    (void)state;
    struct request req;
    const struct route *r = NULL;
    assert_int_equal(find("GET", "/api/v1/townships/diankou/villages", &req, &r), ROUTE_FOUND);
    assert_string_equal(r->pattern, "/api/v1/townships/{tid}/villages");
    assert_int_equal(req.n_params, 1);
    assert_string_equal(req.params[0], "diankou");

    assert_int_equal(find("GET", "/api/v1/townships/diankou", &req, &r), ROUTE_FOUND);
    assert_string_equal(r->pattern, "/api/v1/townships/{tid}");
    assert_int_equal(req.n_params, 1);
    assert_string_equal(req.params[0], "diankou");

    assert_int_equal(find("DELETE", "/api/v1/tokens/42", &req, &r), ROUTE_FOUND);
    assert_string_equal(r->pattern, "/api/v1/tokens/{id}");
    assert_string_equal(req.params[0], "42");

    assert_int_equal(find("PATCH", "/api/v1/posts/7", &req, &r), ROUTE_FOUND);
    assert_string_equal(r->method, "PATCH");
    assert_string_equal(req.params[0], "7");

    /* Parameters are copied whole, whatever their characters. */
    assert_int_equal(find("GET", "/api/v1/people/%E4%B8%AD-1.x", &req, &r), ROUTE_FOUND);
    assert_string_equal(req.params[0], "%E4%B8%AD-1.x");
}

static void test_router_tells_wrong_method_from_unknown_path(void **state)
{
    (void)state;
    struct request req;
    const struct route *r = NULL;
    assert_int_equal(find("PUT", "/api/v1/health", &req, &r), ROUTE_NO_METHOD);
    assert_null(r);
    assert_int_equal(find("POST", "/api/v1/health", &req, &r), ROUTE_NO_METHOD);
    assert_int_equal(find("GET", "/api/v1/memberships", &req, &r), ROUTE_NO_METHOD);
    assert_int_equal(find("DELETE", "/api/v1/townships/diankou", &req, &r), ROUTE_NO_METHOD);
    assert_int_equal(req.n_params, 0);
    assert_int_equal(find("get", "/api/v1/health", &req, &r), ROUTE_NO_METHOD);

    assert_int_equal(find("GET", "/api/v1/nothing", &req, &r), ROUTE_NO_PATH);
    assert_null(r);
    assert_int_equal(find("GET", "/", &req, &r), ROUTE_NO_PATH);
    assert_int_equal(find("GET", "", &req, &r), ROUTE_NO_PATH);
    assert_int_equal(find("GET", "/api/v1", &req, &r), ROUTE_NO_PATH);
    assert_int_equal(find("GET", "/api/v2/health", &req, &r), ROUTE_NO_PATH);
    assert_int_equal(find("GET", "/API/v1/health", &req, &r), ROUTE_NO_PATH);
}

static void test_router_refuses_trailing_slash_and_extra_segments(void **state)
{
    (void)state;
    static const char *const paths[] = {
        "/api/v1/health/",
        "/api/v1/health/x",
        "/api/v1/healthz",
        "/api/v1/townships/",
        "/api/v1/townships/diankou/",
        "/api/v1/townships/diankou/villages/",
        "/api/v1/townships/diankou/villages/1",
        "/api/v1/townships//villages",
        "/api/v1/townships/diankou/vill",
        "/api/v1/tokens/",
        "/api/v1/tokens/1/2",
        "//api/v1/health",
        "/api/v1//health",
    };
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        struct request req;
        const struct route *r = NULL;
        enum route_match m = find("GET", paths[i], &req, &r);
        if (m != ROUTE_NO_PATH) {
            fail_msg("%s matched (%d)", paths[i], (int)m);
        }
        assert_null(r);
    }
}

static bool method_known(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "POST") == 0 || strcmp(m, "PATCH") == 0 ||
           strcmp(m, "DELETE") == 0;
}

static void test_router_every_route_is_complete(void **state)
{
    (void)state;
    size_t n = 0;
    for (const struct route *r = route_table(); r->method != NULL; r++, n++) {
        assert_true(method_known(r->method));
        assert_non_null(r->pattern);
        assert_true(strncmp(r->pattern, "/api/v1/", 8) == 0 ||
                    strncmp(r->pattern, "/log/", 5) == 0 ||
                    strcmp(r->pattern, "/add-checkpoint") == 0); /* C2SP tlog-witness */
        assert_non_null(r->handler);
        assert_non_null(r->summary);
        assert_true(r->summary[0] != '\0');
        assert_non_null(r->tag);
        assert_true(r->tag[0] != '\0');
        assert_true(r->cap < CAP_N);
    }
    assert_true(n > 20);
}

static void test_router_body_limit_is_set_exactly_for_post_and_patch(void **state)
{
    (void)state;
    for (const struct route *r = route_table(); r->method != NULL; r++) {
        bool has_body = strcmp(r->method, "POST") == 0 || strcmp(r->method, "PATCH") == 0;
        if (has_body != (r->body_limit > 0)) {
            fail_msg("%s %s has body limit %zu", r->method, r->pattern, r->body_limit);
        }
        /* A command taking a file takes it up to its declared bound. */
        if (r->command != NULL && r->command->file != NULL) {
            assert_int_equal(r->body_limit, r->command->file->max_bytes);
            assert_true(r->flags & ROUTE_RAW_BODY);
        } else {
            assert_true(r->body_limit <= HTTP_BODY_LIMIT_DEFAULT);
        }
    }
}

static void test_router_no_two_routes_share_method_and_pattern(void **state)
{
    (void)state;
    for (const struct route *a = route_table(); a->method != NULL; a++) {
        for (const struct route *b = route_table(); b != a; b++) {
            if (strcmp(a->method, b->method) == 0 && strcmp(a->pattern, b->pattern) == 0) {
                fail_msg("%s %s appears twice", a->method, a->pattern);
            }
        }
    }
}

/* Writes pattern with every "{name}" replaced by value into out. */
static void instantiate(const char *pattern, const char *value, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = pattern; *p != '\0'; p++) {
        if (*p == '{') {
            for (const char *v = value; *v != '\0'; v++) {
                assert_true(n + 1 < size);
                out[n++] = *v;
            }
            p = strchr(p, '}');
            assert_non_null(p);
        } else {
            assert_true(n + 1 < size);
            out[n++] = *p;
        }
    }
    out[n] = '\0';
}

static void test_router_reaches_every_route_with_its_parameters(void **state)
{
    (void)state;
    for (const struct route *r = route_table(); r->method != NULL; r++) {
        char path[PATH_MAX_TEST];
        instantiate(r->pattern, "p1", path, sizeof(path));
        struct request req;
        const struct route *found = NULL;
        assert_int_equal(find(r->method, path, &req, &found), ROUTE_FOUND);
        if (found != r) {
            fail_msg("%s %s is shadowed by %s", r->method, r->pattern, found->pattern);
        }
        int braces = 0;
        for (const char *p = r->pattern; *p != '\0'; p++) {
            braces += *p == '{';
        }
        assert_int_equal(req.n_params, braces);
        for (int i = 0; i < req.n_params; i++) {
            assert_string_equal(req.params[i], "p1");
        }
    }
}

static void test_router_route_writes_is_true_except_for_get(void **state)
{
    (void)state;
    for (const struct route *r = route_table(); r->method != NULL; r++) {
        assert_int_equal(route_writes(r), strcmp(r->method, "GET") != 0);
    }
}

/* Reads the page of a request whose query is the JSON object text. */
static enum err_code
page_of(const char *query_json, int64_t *limit, int64_t *offset, struct err *err)
{
    struct request req;
    memset(&req, 0, sizeof(req));
    req.query = query_json ? unit_json(query_json) : NULL;
    err_init(err);
    enum err_code rc = request_page(&req, limit, offset, err);
    json_decref(req.query);
    return rc;
}

static void test_router_request_page_defaults(void **state)
{
    (void)state;
    int64_t limit = -1;
    int64_t offset = -1;
    struct err err;
    assert_int_equal(page_of("{}", &limit, &offset, &err), ERR_OK);
    assert_int_equal(limit, 50);
    assert_int_equal(offset, 0);
    limit = offset = -1;
    assert_int_equal(page_of(NULL, &limit, &offset, &err), ERR_OK);
    assert_int_equal(limit, 50);
    assert_int_equal(offset, 0);
    assert_int_equal(page_of("{\"other\":\"x\"}", &limit, &offset, &err), ERR_OK);
    assert_int_equal(limit, 50);
}

static void test_router_request_page_accepts_bounds(void **state)
{
    (void)state;
    int64_t limit = 0;
    int64_t offset = 0;
    struct err err;
    assert_int_equal(page_of("{\"limit\":\"1\",\"offset\":\"0\"}", &limit, &offset, &err), ERR_OK);
    assert_int_equal(limit, 1);
    assert_int_equal(offset, 0);
    assert_int_equal(page_of("{\"limit\":\"200\",\"offset\":\"1000\"}", &limit, &offset, &err),
                     ERR_OK);
    assert_int_equal(limit, 200);
    assert_int_equal(offset, 1000);
    assert_int_equal(page_of("{\"offset\":\"2147483647\"}", &limit, &offset, &err), ERR_OK);
    assert_int_equal(limit, 50);
    assert_int_equal(offset, INT32_MAX);
}

static void test_router_request_page_refuses_bad_values(void **state)
{
    (void)state;
    static const struct {
        const char *query;
        const char *field;
    } bad[] = {
        {"{\"limit\":\"0\"}", "limit"},
        {"{\"limit\":\"201\"}", "limit"},
        {"{\"limit\":\"-1\"}", "limit"},
        {"{\"limit\":\"\"}", "limit"},
        {"{\"limit\":\"ten\"}", "limit"},
        {"{\"limit\":\"10x\"}", "limit"},
        {"{\"limit\":\"1.5\"}", "limit"},
        {"{\"limit\":\"99999999999999999999\"}", "limit"},
        {"{\"offset\":\"-1\"}", "offset"},
        {"{\"offset\":\"x\"}", "offset"},
        {"{\"offset\":\"\"}", "offset"},
        {"{\"offset\":\"2147483648\"}", "offset"},
        {"{\"limit\":\"10\",\"offset\":\"-5\"}", "offset"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int64_t limit = 0;
        int64_t offset = 0;
        struct err err;
        if (page_of(bad[i].query, &limit, &offset, &err) != ERR_BAD_REQUEST) {
            fail_msg("accepted %s", bad[i].query);
        }
        assert_string_equal(err.field, bad[i].field);
    }
}

static void test_router_request_query_reads_arguments(void **state)
{
    (void)state;
    struct request req;
    memset(&req, 0, sizeof(req));
    req.query = unit_json("{\"kind\":\"township\",\"empty\":\"\"}");
    assert_string_equal(request_query(&req, "kind"), "township");
    assert_string_equal(request_query(&req, "empty"), "");
    assert_null(request_query(&req, "missing"));
    json_decref(req.query);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_router_finds_literal_paths),
        cmocka_unit_test(test_router_extracts_path_parameters),
        cmocka_unit_test(test_router_tells_wrong_method_from_unknown_path),
        cmocka_unit_test(test_router_refuses_trailing_slash_and_extra_segments),
        cmocka_unit_test(test_router_every_route_is_complete),
        cmocka_unit_test(test_router_body_limit_is_set_exactly_for_post_and_patch),
        cmocka_unit_test(test_router_no_two_routes_share_method_and_pattern),
        cmocka_unit_test(test_router_reaches_every_route_with_its_parameters),
        cmocka_unit_test(test_router_route_writes_is_true_except_for_get),
        cmocka_unit_test(test_router_request_page_defaults),
        cmocka_unit_test(test_router_request_page_accepts_bounds),
        cmocka_unit_test(test_router_request_page_refuses_bad_values),
        cmocka_unit_test(test_router_request_query_reads_arguments),
    };
    return cmocka_run_group_tests(tests, unit_group_setup, release_storage);
}
