/*
 * Unit tests of the storage layer (store/store.h) on a temporary SQLite
 * file: open modes, migrations, connection settings, transactions run by
 * store_write and store_read and their nesting, statements and the JSON
 * query helpers, constraint errors, the append-only events table, and
 * visibility across the pool's connections.
 */
#include "store/store.h"

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
    char dir[UNIT_PATH_MAX];
    char db[UNIT_PATH_MAX];
};

static int setup_store(void **state)
{
    struct fixture *f = xcalloc(1, sizeof(*f));
    struct err err;
    err_init(&err);
    unit_make_tmpdir(f->dir);
    unit_path(f->db, f->dir, "test.db");
    if (store_open(f->db, NULL, STORE_OPEN_CREATE, 2, &f->st, &err) != ERR_OK) {
        fprintf(stderr, "store_open: %s\n", err_message(&err, 1));
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown_store(void **state)
{
    struct fixture *f = *state;
    store_close(f->st);
    unit_remove_tree(f->dir);
    xfree(f);
    return 0;
}

static void test_store_create_refuses_an_existing_file(void **state)
{
    struct fixture *f = *state;
    struct store *again = NULL;
    struct err err;
    err_init(&err);
    assert_int_equal(store_open(f->db, NULL, STORE_OPEN_CREATE, 1, &again, &err), ERR_EXISTS);
    assert_null(again);
    assert_int_equal(err.code, ERR_EXISTS);
}

static void test_store_existing_refuses_a_missing_file(void **state)
{
    struct fixture *f = *state;
    char path[UNIT_PATH_MAX];
    struct store *st = NULL;
    struct err err;
    unit_path(path, f->dir, "missing.db");
    err_init(&err);
    assert_int_equal(store_open(path, NULL, STORE_OPEN_EXISTING, 1, &st, &err), ERR_NOT_FOUND);
    assert_null(st);
    assert_int_equal(access(path, F_OK), -1);
}

static void test_store_create_in_a_missing_folder_is_a_store_error(void **state)
{
    struct fixture *f = *state;
    char path[UNIT_PATH_MAX];
    struct store *st = NULL;
    struct err err;
    unit_path(path, f->dir, "no/such/folder.db");
    err_init(&err);
    assert_int_equal(store_open(path, NULL, STORE_OPEN_CREATE, 1, &st, &err), ERR_STORE);
    assert_null(st);
}

static void test_store_records_migrations(void **state)
{
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->st);
    struct err err;
    int64_t version = 0;
    json_t *rows = NULL;
    err_init(&err);
    assert_int_equal(store_schema_version(c, &version, &err), ERR_OK);
    assert_true(version >= 1);
    assert_int_equal(store_query_json(c, &rows, &err,
                                      "SELECT version, name, applied FROM schema_migrations"
                                      " ORDER BY version",
                                      ""),
                     ERR_OK);
    assert_true(json_array_size(rows) >= 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 0), "version")), 1);
    for (size_t i = 0; i < json_array_size(rows); i++) {
        const json_t *row = json_array_get(rows, i);
        assert_true(json_string_length(json_object_get(row, "name")) > 0);
        assert_int_equal(json_string_length(json_object_get(row, "applied")), 24);
    }
    assert_int_equal(json_integer_value(json_object_get(
                         json_array_get(rows, json_array_size(rows) - 1), "version")),
                     version);
    json_decref(rows);
    store_release(c);
}

static void test_store_reopening_applies_no_migration_twice(void **state)
{
    struct fixture *f = *state;
    struct store *st = NULL;
    struct err err;
    int64_t before = 0;
    int64_t after = 0;
    int64_t version = 0;
    err_init(&err);
    struct store_conn *c = store_acquire(f->st);
    assert_int_equal(
        store_query_int(c, &before, NULL, &err, "SELECT COUNT(*) FROM schema_migrations", ""),
        ERR_OK);
    insert_node(c, "kept", "yes");
    store_release(c);

    assert_int_equal(store_open(f->db, NULL, STORE_OPEN_EXISTING, 1, &st, &err), ERR_OK);
    c = store_acquire(st);
    assert_int_equal(
        store_query_int(c, &after, NULL, &err, "SELECT COUNT(*) FROM schema_migrations", ""),
        ERR_OK);
    assert_int_equal(after, before);
    assert_int_equal(store_schema_version(c, &version, &err), ERR_OK);
    assert_true(version >= 1);
    assert_int_equal(node_rows(c), 1);
    store_release(c);
    store_close(st);
}

static void test_store_connections_use_wal_and_foreign_keys(void **state)
{
    struct fixture *f = *state;
    struct store_conn *a = store_acquire(f->st);
    struct store_conn *b = store_acquire(f->st);
    struct store_conn *both[] = {a, b};
    struct err err;
    err_init(&err);
    for (int i = 0; i < 2; i++) {
        json_t *row = NULL;
        int64_t on = 0;
        assert_int_equal(store_query_row(both[i], &row, &err, "PRAGMA journal_mode", ""), ERR_OK);
        assert_string_equal(json_string_value(json_object_get(row, "journal_mode")), "wal");
        json_decref(row);
        assert_int_equal(store_query_int(both[i], &on, NULL, &err, "PRAGMA foreign_keys", ""),
                         ERR_OK);
        assert_int_equal(on, 1);
        assert_int_equal(store_query_int(both[i], &on, NULL, &err, "PRAGMA synchronous", ""),
                         ERR_OK);
        assert_int_equal(on, 2); /* FULL */
    }
    store_release(b);
    store_release(a);
}

static void test_store_commit_makes_writes_durable(void **state)
{
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->st);
    struct err err;
    err_init(&err);
    assert_int_equal(write_node(c, "a", "1", &err), ERR_OK);
    store_release(c);

    /* Visible after closing and reopening the database. */
    store_close(f->st);
    f->st = NULL;
    assert_int_equal(store_open(f->db, NULL, STORE_OPEN_EXISTING, 2, &f->st, &err), ERR_OK);
    c = store_acquire(f->st);
    assert_int_equal(node_rows(c), 1);
    store_release(c);
}

static void test_store_query_json_maps_integers_text_and_null(void **state)
{
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->st);
    struct err err;
    json_t *rows = NULL;
    err_init(&err);
    assert_int_equal(store_query_json(c, &rows, &err,
                                      "SELECT 1 AS i, -9223372036854775808 AS big, 'text' AS t,"
                                      " '诸暨' AS zh, NULL AS n, '' AS empty,"
                                      " ? AS bound_int, ? AS bound_text, ? AS bound_null",
                                      "itn", (int64_t)INT64_MAX, "绑定"),
                     ERR_OK);
    assert_int_equal(json_array_size(rows), 1);
    const json_t *row = json_array_get(rows, 0);
    assert_int_equal(json_object_size(row), 9);
    assert_true(json_is_integer(json_object_get(row, "i")));
    assert_int_equal(json_integer_value(json_object_get(row, "i")), 1);
    assert_true(json_integer_value(json_object_get(row, "big")) == INT64_MIN);
    assert_string_equal(json_string_value(json_object_get(row, "t")), "text");
    assert_string_equal(json_string_value(json_object_get(row, "zh")), "诸暨");
    assert_true(json_is_null(json_object_get(row, "n")));
    assert_string_equal(json_string_value(json_object_get(row, "empty")), "");
    assert_true(json_integer_value(json_object_get(row, "bound_int")) == INT64_MAX);
    assert_string_equal(json_string_value(json_object_get(row, "bound_text")), "绑定");
    assert_true(json_is_null(json_object_get(row, "bound_null")));
    json_decref(rows);
    store_release(c);
}

static void test_store_statements_are_cached_and_bind_blobs(void **state)
{
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->st);
    struct err err;
    struct store_stmt *s = NULL;
    struct store_stmt *again = NULL;
    static const char sql[] = "SELECT ? AS blob, length(?) AS n, ? IS NULL AS is_null";
    const unsigned char bytes[] = {0x00, 0xff, 0x10, 0x00, 0x7f};
    err_init(&err);
    assert_int_equal(store_prepare(c, sql, &s, &err), ERR_OK);
    store_bind_blob(s, 1, bytes, sizeof(bytes));
    store_bind_blob(s, 2, bytes, sizeof(bytes));
    store_bind_null(s, 3);
    assert_int_equal(store_step(s, &err), STORE_ROW);
    assert_int_equal(store_col_count(s), 3);
    assert_string_equal(store_col_name(s, 1), "n");
    size_t len = 0;
    const void *blob = store_col_blob(s, 0, &len);
    assert_int_equal(len, sizeof(bytes));
    assert_memory_equal(blob, bytes, sizeof(bytes));
    assert_int_equal(store_col_int(s, 1), 5);
    assert_int_equal(store_col_int(s, 2), 1);
    assert_int_equal(store_step(s, &err), STORE_DONE);
    store_done(s);

    assert_int_equal(store_prepare(c, sql, &again, &err), ERR_OK);
    assert_ptr_equal(again, s);
    /* store_done cleared the bindings. */
    assert_int_equal(store_step(again, &err), STORE_ROW);
    assert_true(store_col_is_null(again, 0));
    assert_string_equal(store_col_text(again, 0), "");
    store_done(again);
    store_done(NULL);
    store_release(c);
}

static void test_store_sql_errors_are_store_errors(void **state)
{
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->st);
    struct err err;
    struct store_stmt *s = NULL;
    err_init(&err);
    assert_int_equal(store_prepare(c, "SELEC nonsense", &s, &err), ERR_STORE);
    assert_int_equal(store_exec(c, &err, "INSERT INTO no_such_table VALUES (?)", "i", (int64_t)1),
                     ERR_STORE);
    assert_int_equal(store_exec_script(c, "CREATE TABLE t (a); CREATE TABLE t (a);", &err),
                     ERR_STORE);
    store_release(c);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup_store, teardown_store)
    const struct CMUnitTest tests[] = {
        T(test_store_create_refuses_an_existing_file),
        T(test_store_existing_refuses_a_missing_file),
        T(test_store_create_in_a_missing_folder_is_a_store_error),
        T(test_store_records_migrations),
        T(test_store_reopening_applies_no_migration_twice),
        T(test_store_connections_use_wal_and_foreign_keys),
        T(test_store_commit_makes_writes_durable),
        T(test_store_query_json_maps_integers_text_and_null),
        T(test_store_statements_are_cached_and_bind_blobs),
        T(test_store_sql_errors_are_store_errors),
        STORE_CASES(T),
    };
#undef T
    return cmocka_run_group_tests(tests, unit_group_setup, NULL);
}
