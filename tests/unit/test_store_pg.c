/*
 * Unit tests of the storage layer on PostgreSQL (store/pg.c), each on a
 * new database of the throwaway server ctest starts with
 * scripts/pg-scratch (PROBITY_DB names its database "probity"): open
 * modes, the migrations in PostgreSQL's words, values and types, '?'
 * placeholders, constraint and append-only refusals, writers serialised
 * by the write lock, a read-only store and a connection the server
 * ended; and the tests that hold on either database (unit_store_cases.h:
 * transactions, nesting, snapshots, the query helpers, the pool).
 */
#include "store/store.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_store_cases.h"

struct fixture {
    struct store *st; /* first: unit_store_cases.h reads it */
    char name[64];
    char uri[UNIT_PATH_MAX];
    char dir[UNIT_PATH_MAX];
};

/* The URI of database name on the server PROBITY_DB points at. */
static void uri_of(const char *name, char out[UNIT_PATH_MAX])
{
    const char *base = getenv("PROBITY_DB");
    const char *query = base != NULL ? strchr(base, '?') : NULL;
    if (query == NULL) {
        fail_msg("PROBITY_DB must name the test server (scripts/pg-scratch run -- ...)");
    }
    snprintf(out, UNIT_PATH_MAX, "postgresql:///%s%s", name, query);
}

/* Runs sql on the server's database "probity" (CREATE and DROP DATABASE
 * run outside any database they name). */
static void admin(const char *sql)
{
    PGconn *pg = PQconnectdb(getenv("PROBITY_DB"));
    assert_int_equal(PQstatus(pg), CONNECTION_OK);
    PGresult *res = PQexec(pg, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
        fail_msg("%s: %s", sql, PQerrorMessage(pg));
    }
    PQclear(res);
    PQfinish(pg);
}

/* A new empty database; its name and URI go into f. */
static void new_database(struct fixture *f)
{
    static int n;
    char sql[128];
    snprintf(f->name, sizeof(f->name), "unit_%d_%d", (int)getpid(), ++n);
    snprintf(sql, sizeof(sql), "CREATE DATABASE %s", f->name);
    admin(sql);
    uri_of(f->name, f->uri);
}

static int setup_store(void **state)
{
    struct fixture *f = xcalloc(1, sizeof(*f));
    struct err err;
    err_init(&err);
    unit_make_tmpdir(f->dir);
    new_database(f);
    if (store_open(f->uri, f->dir, STORE_OPEN_CREATE, 2, &f->st, &err) != ERR_OK) {
        fprintf(stderr, "store_open: %s\n", err_message(&err, 1));
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown_store(void **state)
{
    struct fixture *f = *state;
    char sql[128];
    store_close(f->st);
    snprintf(sql, sizeof(sql), "DROP DATABASE %s WITH (FORCE)", f->name);
    admin(sql);
    unit_remove_tree(f->dir);
    xfree(f);
    return 0;
}

static int64_t count_of(struct store_conn *c, const char *sql)
{
    struct err err;
    int64_t n = -1;
    err_init(&err);
    assert_int_equal(store_query_int(c, &n, NULL, &err, sql, ""), ERR_OK);
    return n;
}

static void test_pg_open_migrates_an_empty_database_and_refuses_to_create_twice(void **state)
{
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->st);
    struct err err;
    int64_t version = 0;
    err_init(&err);
    assert_int_equal(store_dialect_of(f->st), STORE_POSTGRES);
    assert_string_equal(store_folder(f->st), f->dir);
    assert_int_equal(store_schema_version(c, &version, &err), ERR_OK);
    assert_int_equal(version, store_schema_latest());
    assert_int_equal(count_of(c, "SELECT COUNT(*) FROM schema_migrations"), store_schema_latest());
    /* INTEGER columns are 64-bit, BLOB columns bytea. */
    assert_int_equal(count_of(c, "SELECT COUNT(*) FROM information_schema.columns"
                                 " WHERE table_name = 'events' AND column_name = 'time_ms'"
                                 " AND data_type = 'bigint'"),
                     1);
    assert_int_equal(count_of(c, "SELECT COUNT(*) FROM information_schema.columns"
                                 " WHERE table_name = 'events' AND column_name = 'body'"
                                 " AND data_type = 'bytea'"),
                     1);
    store_release(c);

    struct store *again = NULL;
    assert_int_equal(store_open(f->uri, f->dir, STORE_OPEN_CREATE, 1, &again, &err), ERR_EXISTS);
    assert_null(again);
    /* Opening it again applies nothing twice. */
    assert_int_equal(store_open(f->uri, f->dir, STORE_OPEN_EXISTING, 1, &again, &err), ERR_OK);
    c = store_acquire(again);
    assert_int_equal(count_of(c, "SELECT COUNT(*) FROM schema_migrations"), store_schema_latest());
    store_release(c);
    store_close(again);
}

static void test_pg_existing_refuses_a_database_without_probity(void **state)
{
    struct fixture *f = *state;
    struct fixture empty = {0};
    struct store *st = NULL;
    struct err err;
    char sql[128];
    (void)f;
    err_init(&err);
    new_database(&empty);
    assert_int_equal(store_open(empty.uri, "/", STORE_OPEN_EXISTING, 1, &st, &err), ERR_NOT_FOUND);
    assert_null(st);
    assert_non_null(strstr(err.message_en, empty.name));
    snprintf(sql, sizeof(sql), "DROP DATABASE %s WITH (FORCE)", empty.name);
    admin(sql);
}

static void test_pg_an_unreachable_server_is_unavailable(void **state)
{
    struct store *st = NULL;
    struct err err;
    (void)state;
    err_init(&err);
    assert_int_equal(
        store_open("postgresql:///probity?host=/nonexistent&user=probity&password=s3cret", "/",
                   STORE_OPEN_EXISTING, 1, &st, &err),
        ERR_UNAVAILABLE);
    assert_null(st);
    assert_true(err.retry_after_s > 0);
    /* The message names the database, never the password. */
    assert_null(strstr(err.message_en, "s3cret"));
    assert_null(strstr(err.message_zh, "s3cret"));
}

static void test_pg_values_map_as_on_sqlite(void **state)
{
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->st);
    struct err err;
    json_t *rows = NULL;
    err_init(&err);
    assert_int_equal(
        store_query_json(c, &rows, &err,
                         "SELECT 1 AS i, -9223372036854775808 AS big, 'text' AS t,"
                         " '诸暨' AS zh, NULL AS n, '' AS empty, 1 = 1 AS yes,"
                         " 1 = 2 AS no, SUM(x) AS total, '?' AS mark,"
                         " CAST(? AS BIGINT) AS bound_int, CAST(? AS TEXT) AS bound_text,"
                         " CAST(? AS TEXT) AS bound_null"
                         " FROM (VALUES (CAST(4000000000 AS BIGINT)), (2)) v(x)",
                         "itn", (int64_t)INT64_MAX, "绑定"),
        ERR_OK);
    assert_int_equal(json_array_size(rows), 1);
    const json_t *row = json_array_get(rows, 0);
    assert_int_equal(json_integer_value(json_object_get(row, "i")), 1);
    assert_true(json_integer_value(json_object_get(row, "big")) == INT64_MIN);
    assert_string_equal(json_string_value(json_object_get(row, "t")), "text");
    assert_string_equal(json_string_value(json_object_get(row, "zh")), "诸暨");
    assert_true(json_is_null(json_object_get(row, "n")));
    assert_string_equal(json_string_value(json_object_get(row, "empty")), "");
    /* Booleans are 1 and 0, as SQLite gives them. */
    assert_int_equal(json_integer_value(json_object_get(row, "yes")), 1);
    assert_int_equal(json_integer_value(json_object_get(row, "no")), 0);
    /* A sum of bigints (numeric) is an integer. */
    assert_true(json_is_integer(json_object_get(row, "total")));
    assert_int_equal(json_integer_value(json_object_get(row, "total")), 4000000002LL);
    /* A '?' in quoted text is text, not a parameter. */
    assert_string_equal(json_string_value(json_object_get(row, "mark")), "?");
    assert_true(json_integer_value(json_object_get(row, "bound_int")) == INT64_MAX);
    assert_string_equal(json_string_value(json_object_get(row, "bound_text")), "绑定");
    assert_true(json_is_null(json_object_get(row, "bound_null")));
    json_decref(rows);
    store_release(c);
}

static void test_pg_blobs_keep_every_byte(void **state)
{
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->st);
    struct err err;
    struct store_stmt *s = NULL;
    const unsigned char bytes[] = {0x00, 0xff, 0x10, 0x00, 0x7f, '\\', 'x'};
    err_init(&err);
    assert_int_equal(store_exec(c, &err, "INSERT INTO tlog_upper (idx, hash) VALUES (?, ?)", "ib",
                                (int64_t)7, bytes, sizeof(bytes)),
                     ERR_OK);
    assert_int_equal(
        store_prepare(c, "SELECT hash, length(hash) AS n FROM tlog_upper WHERE idx = ?", &s, &err),
        ERR_OK);
    store_bind_int(s, 1, 7);
    assert_int_equal(store_step(s, &err), STORE_ROW);
    size_t len = 0;
    const void *blob = store_col_blob(s, 0, &len);
    assert_int_equal(len, sizeof(bytes));
    assert_memory_equal(blob, bytes, sizeof(bytes));
    assert_int_equal(store_col_int(s, 1), (int64_t)sizeof(bytes));
    assert_int_equal(store_step(s, &err), STORE_DONE);
    store_done(s);
    store_release(c);
}

/* Inserts a row, returning what the insert did. */
static enum err_code try_insert(struct store_conn *c, void *arg, struct err *err)
{
    return store_exec(c, err, "INSERT INTO node (key, value) VALUES (?, '1')", "t", (char *)arg);
}

#define INCREMENTS 150

/* store_write's body: reads the counter and writes it back one more, as
 * the log's append reads its size and writes the next entry. */
static enum err_code increment(struct store_conn *c, void *arg, struct err *err)
{
    (void)arg;
    int64_t n = 0;
    enum err_code rc = store_query_int(
        c, &n, NULL, err, "SELECT CAST(value AS BIGINT) FROM node WHERE key = 'n'", "");
    if (rc == ERR_OK) {
        char next[24];
        snprintf(next, sizeof(next), "%lld", (long long)(n + 1));
        rc = store_exec(c, err, "UPDATE node SET value = ? WHERE key = 'n'", "t", next);
    }
    return rc;
}

static void *incrementer(void *arg)
{
    struct store_conn *c = store_acquire(arg);
    struct err err;
    err_init(&err);
    for (int i = 0; i < INCREMENTS; i++) {
        assert_int_equal(store_write(c, increment, NULL, &err), ERR_OK);
    }
    store_release(c);
    return NULL;
}

static void test_pg_writers_take_turns(void **state)
{
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->st);
    struct err err;
    int64_t n = 0;
    err_init(&err);
    insert_node(c, "n", "0");
    store_release(c);
    pthread_t a, b;
    pthread_create(&a, NULL, incrementer, f->st);
    pthread_create(&b, NULL, incrementer, f->st);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    /* Without the write lock, READ COMMITTED would lose updates here. */
    c = store_acquire(f->st);
    assert_int_equal(store_query_int(c, &n, NULL, &err,
                                     "SELECT CAST(value AS BIGINT) FROM node WHERE key = 'n'", ""),
                     ERR_OK);
    assert_int_equal(n, 2 * INCREMENTS);
    store_release(c);
}

static void test_pg_a_read_only_store_refuses_writes(void **state)
{
    struct fixture *f = *state;
    struct store *ro = NULL;
    struct err err;
    err_init(&err);
    assert_int_equal(store_open(f->uri, f->dir, STORE_OPEN_READ_ONLY, 1, &ro, &err), ERR_OK);
    struct store_conn *c = store_acquire(ro);
    assert_int_equal(node_rows(c), 0);
    assert_int_equal(store_write(c, try_insert, "refused", &err), ERR_UNAVAILABLE);
    store_release(c);
    store_close(ro);
    c = store_acquire(f->st);
    assert_int_equal(node_rows(c), 0);
    store_release(c);
}

static void test_pg_a_connection_the_server_ended_comes_back(void **state)
{
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->st);
    struct store_conn *other = store_acquire(f->st);
    struct err err;
    int64_t pid = 0;
    err_init(&err);
    insert_node(c, "before", "1");
    assert_int_equal(store_query_int(c, &pid, NULL, &err, "SELECT pg_backend_pid()", ""), ERR_OK);
    assert_int_equal(
        store_query_int(other, &(int64_t){0}, NULL, &err,
                        "SELECT CAST(pg_terminate_backend(CAST(? AS INTEGER)) AS INTEGER)", "i",
                        pid),
        ERR_OK);
    /* The first use finds the session gone and says so; the next
     * connects again and prepares its statements anew. */
    enum err_code first =
        store_query_int(c, &(int64_t){0}, NULL, &err, "SELECT COUNT(*) FROM node", "");
    if (first != ERR_OK) {
        assert_int_equal(first, ERR_UNAVAILABLE);
        assert_true(err.retry_after_s > 0);
    }
    assert_int_equal(node_rows(c), 1);
    insert_node(c, "after", "1");
    assert_int_equal(node_rows(other), 2);
    store_release(other);
    store_release(c);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_store, teardown_store)
    const struct CMUnitTest tests[] = {
        T(test_pg_open_migrates_an_empty_database_and_refuses_to_create_twice),
        T(test_pg_existing_refuses_a_database_without_probity),
        cmocka_unit_test(test_pg_an_unreachable_server_is_unavailable),
        T(test_pg_values_map_as_on_sqlite),
        T(test_pg_blobs_keep_every_byte),
        T(test_pg_writers_take_turns),
        T(test_pg_a_read_only_store_refuses_writes),
        T(test_pg_a_connection_the_server_ended_comes_back),
        STORE_CASES(T),
    };
    return cmocka_run_group_tests(tests, unit_group_setup, NULL);
}
