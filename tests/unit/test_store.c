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

struct fixture {
    char dir[UNIT_PATH_MAX];
    char db[UNIT_PATH_MAX];
    struct store *st;
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

/* Counts the rows of the node table. */
static int64_t node_rows(struct store_conn *c)
{
    struct err err;
    int64_t n = -1;
    err_init(&err);
    assert_int_equal(store_query_int(c, &n, NULL, &err, "SELECT COUNT(*) FROM node", ""), ERR_OK);
    return n;
}

static void insert_node(struct store_conn *c, const char *key, const char *value)
{
    struct err err;
    err_init(&err);
    assert_int_equal(
        store_exec(c, &err, "INSERT INTO node (key, value) VALUES (?, ?)", "tt", key, value),
        ERR_OK);
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

/* A node row for a write's body to insert. */
struct node_row {
    const char *key;
    const char *value;
};

static enum err_code insert_body(struct store_conn *c, void *arg, struct err *err)
{
    const struct node_row *r = arg;
    (void)err;
    insert_node(c, r->key, r->value);
    return ERR_OK;
}

/* Inserts a node row in a write transaction of its own (or nested in the
 * one c is in). */
static enum err_code
write_node(struct store_conn *c, const char *key, const char *value, struct err *err)
{
    struct node_row r = {key, value};
    return store_write(c, insert_body, &r, err);
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

/* Inserts a row, sees it, then fails. */
static enum err_code insert_then_fail(struct store_conn *c, void *arg, struct err *err)
{
    (void)arg;
    insert_node(c, "a", "1");
    assert_int_equal(node_rows(c), 1);
    return err_set(err, ERR_CONFLICT, NULL, NULL, NULL);
}

static void test_store_rollback_discards_writes(void **state)
{
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->st);
    struct err err;
    err_init(&err);
    assert_int_equal(store_write(c, insert_then_fail, NULL, &err), ERR_CONFLICT);
    assert_int_equal(node_rows(c), 0);
    store_release(c);
}

/* Runs a nested write, then checks that other (arg) does not see it. */
static enum err_code write_inner_unseen(struct store_conn *c, void *arg, struct err *err)
{
    struct store_conn *other = arg;
    assert_int_equal(write_node(c, "inner", "1", err), ERR_OK);
    /* The inner commit did not reach the database. */
    assert_int_equal(node_rows(other), 0);
    return ERR_OK;
}

static void test_store_nested_commits_commit_once_at_the_outermost(void **state)
{
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->st);
    struct store_conn *other = store_acquire(f->st);
    struct err err;
    err_init(&err);
    assert_int_equal(store_write(c, write_inner_unseen, other, &err), ERR_OK);
    assert_int_equal(node_rows(other), 1);
    store_release(other);
    store_release(c);
}

/* Inserts a row and fails. */
static enum err_code insert_inner_and_fail(struct store_conn *c, void *arg, struct err *err)
{
    (void)arg;
    insert_node(c, "inner", "2");
    return err_set(err, ERR_CONFLICT, NULL, NULL, NULL);
}

/* Inserts a row, then runs a nested write that fails; succeeds itself. */
static enum err_code write_with_failed_inner(struct store_conn *c, void *arg, struct err *err)
{
    struct err inner;
    (void)arg;
    (void)err;
    err_init(&inner);
    insert_node(c, "outer", "1");
    assert_int_equal(store_write(c, insert_inner_and_fail, NULL, &inner), ERR_CONFLICT);
    return ERR_OK;
}

static void test_store_inner_rollback_makes_outer_commit_fail(void **state)
{
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->st);
    struct err err;
    err_init(&err);
    assert_int_equal(store_write(c, write_with_failed_inner, NULL, &err), ERR_STORE);
    assert_int_equal(err.code, ERR_STORE);
    assert_int_equal(node_rows(c), 0);

    /* The connection is usable again afterwards. */
    assert_int_equal(write_node(c, "later", "3", &err), ERR_OK);
    assert_int_equal(node_rows(c), 1);
    store_release(c);
}

/* Inserts a row and checks that reader (arg) does not see it yet. */
static enum err_code insert_unseen(struct store_conn *c, void *arg, struct err *err)
{
    struct store_conn *reader = arg;
    (void)err;
    insert_node(c, "shared", "1");
    /* Uncommitted writes are not visible... */
    assert_int_equal(node_rows(reader), 0);
    return ERR_OK;
}

static void test_store_commit_is_visible_to_another_connection(void **state)
{
    struct fixture *f = *state;
    struct store_conn *writer = store_acquire(f->st);
    struct store_conn *reader = store_acquire(f->st);
    struct err err;
    err_init(&err);
    assert_ptr_not_equal(writer, reader);
    assert_int_equal(node_rows(reader), 0);
    assert_int_equal(store_write(writer, insert_unseen, reader, &err), ERR_OK);
    /* ...committed ones are. */
    assert_int_equal(node_rows(reader), 1);
    store_release(reader);
    store_release(writer);
}

/* store_read's body: reads, lets writer (arg) commit a row, reads the
 * same snapshot again. */
static enum err_code read_around_a_write(struct store_conn *c, void *arg, struct err *err)
{
    struct store_conn *writer = arg;
    assert_int_equal(node_rows(c), 0);
    assert_int_equal(write_node(writer, "during", "1", err), ERR_OK);
    assert_int_equal(node_rows(c), 0);
    return ERR_OK;
}

/* store_read's body that fails. */
static enum err_code read_then_fail(struct store_conn *c, void *arg, struct err *err)
{
    (void)arg;
    assert_int_equal(node_rows(c), 1);
    return err_set(err, ERR_NOT_FOUND, NULL, NULL, NULL);
}

static void test_store_read_runs_its_body_in_one_snapshot_and_ends_it(void **state)
{
    struct fixture *f = *state;
    struct store_conn *writer = store_acquire(f->st);
    struct store_conn *reader = store_acquire(f->st);
    struct err err;
    err_init(&err);
    assert_int_equal(store_read(reader, read_around_a_write, writer, &err), ERR_OK);
    /* Ended: the next read sees the row. */
    assert_int_equal(node_rows(reader), 1);
    /* The body's failure is returned, and the read is ended all the same. */
    assert_int_equal(store_read(reader, read_then_fail, NULL, &err), ERR_NOT_FOUND);
    assert_int_equal(err.code, ERR_NOT_FOUND);
    assert_int_equal(write_node(reader, "after", "1", &err), ERR_OK);
    assert_int_equal(node_rows(writer), 2);
    store_release(reader);
    store_release(writer);
}

/* store_write's body: inserts a row, then a nested read fails. */
static enum err_code write_around_a_failed_read(struct store_conn *c, void *arg, struct err *err)
{
    (void)arg;
    insert_node(c, "kept", "1");
    assert_int_equal(store_read(c, read_then_fail, NULL, err), ERR_NOT_FOUND);
    return ERR_OK;
}

static void test_store_read_failing_inside_a_write_leaves_the_write_whole(void **state)
{
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->st);
    struct err err;
    err_init(&err);
    assert_int_equal(store_write(c, write_around_a_failed_read, NULL, &err), ERR_OK);
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

static void test_store_query_json_returns_every_row_in_order(void **state)
{
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->st);
    struct err err;
    json_t *rows = NULL;
    err_init(&err);
    insert_node(c, "b", "2");
    insert_node(c, "a", "1");
    insert_node(c, "c", "3");
    assert_int_equal(
        store_query_json(c, &rows, &err, "SELECT key, value FROM node ORDER BY key", ""), ERR_OK);
    assert_int_equal(json_array_size(rows), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "key")), "a");
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 2), "value")), "3");
    json_decref(rows);

    assert_int_equal(
        store_query_json(c, &rows, &err, "SELECT key FROM node WHERE key = ?", "t", "none"),
        ERR_OK);
    assert_true(json_is_array(rows));
    assert_int_equal(json_array_size(rows), 0);
    json_decref(rows);
    store_release(c);
}

static void test_store_query_row_and_int_report_absent_rows(void **state)
{
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->st);
    struct err err;
    json_t *row = json_object();
    json_t *keep = row;
    int64_t n = 77;
    bool found = true;
    err_init(&err);
    assert_int_equal(
        store_query_row(c, &row, &err, "SELECT value FROM node WHERE key = ?", "t", "x"), ERR_OK);
    assert_null(row);
    json_decref(keep);
    assert_int_equal(
        store_query_int(c, &n, &found, &err, "SELECT 5 FROM node WHERE key = ?", "t", "x"), ERR_OK);
    assert_false(found);
    assert_int_equal(n, 77);

    insert_node(c, "x", "1");
    insert_node(c, "y", "2");
    assert_int_equal(
        store_query_row(c, &row, &err, "SELECT key, value FROM node ORDER BY key DESC", ""),
        ERR_OK);
    assert_string_equal(json_string_value(json_object_get(row, "key")), "y");
    json_decref(row);
    assert_int_equal(
        store_query_int(c, &n, &found, &err, "SELECT 5 FROM node WHERE key = ?", "t", "x"), ERR_OK);
    assert_true(found);
    assert_int_equal(n, 5);
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

static void test_store_constraint_violations_are_conflicts(void **state)
{
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->st);
    struct err err;
    err_init(&err);
    insert_node(c, "k", "1");
    /* Primary key. */
    assert_int_equal(
        store_exec(c, &err, "INSERT INTO node (key, value) VALUES (?, ?)", "tt", "k", "2"),
        ERR_CONFLICT);
    assert_int_equal(err.code, ERR_CONFLICT);
    /* NOT NULL. */
    assert_int_equal(
        store_exec(c, &err, "INSERT INTO node (key, value) VALUES (?, ?)", "tn", "other"),
        ERR_CONFLICT);
    /* Foreign key (foreign_keys is on). */
    assert_int_equal(store_exec(c, &err,
                                "INSERT INTO villages (id, township_id, kind, name) VALUES"
                                " (1, ?, 'village', 'x')",
                                "t", "no-such-township"),
                     ERR_CONFLICT);
    /* CHECK. */
    assert_int_equal(
        store_exec(c, &err, "INSERT INTO cities (id, name, name_en) VALUES ('c', 'c', 'c');", ""),
        ERR_OK);
    assert_int_equal(store_exec(c, &err,
                                "INSERT INTO townships (id, city_id, kind, name, name_en)"
                                " VALUES ('t', 'c', 'county', 'n', 'n')",
                                ""),
                     ERR_CONFLICT);
    assert_int_equal(node_rows(c), 1);
    store_release(c);
}

static void test_store_events_table_is_append_only(void **state)
{
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->st);
    struct err err;
    json_t *row = NULL;
    static const char body[] = "{\"seq\":0}";
    err_init(&err);
    assert_int_equal(store_exec(c, &err,
                                "INSERT INTO events (seq, time, time_ms, township, actor, type,"
                                " body, tlog) VALUES (0, '2026-01-01T00:00:00.000Z', 0, NULL,"
                                " 'system', 'city.created', ?, X'')",
                                "b", body, sizeof(body) - 1),
                     ERR_OK);
    assert_int_not_equal(
        store_exec(c, &err, "UPDATE events SET type = ? WHERE seq = 0", "t", "city.deleted"),
        ERR_OK);
    assert_non_null(strstr(err.message_en, "append-only"));
    err_init(&err);
    assert_int_not_equal(store_exec(c, &err, "DELETE FROM events WHERE seq = 0", ""), ERR_OK);
    assert_non_null(strstr(err.message_en, "append-only"));
    err_init(&err);
    assert_int_not_equal(store_exec(c, &err, "DELETE FROM events", ""), ERR_OK);
    assert_int_equal(
        store_query_row(c, &row, &err, "SELECT type, CAST(body AS TEXT) AS body FROM events", ""),
        ERR_OK);
    assert_non_null(row);
    assert_string_equal(json_string_value(json_object_get(row, "type")), "city.created");
    assert_string_equal(json_string_value(json_object_get(row, "body")), body);
    json_decref(row);
    /* Appending goes on working. */
    assert_int_equal(store_exec(c, &err,
                                "INSERT INTO events (seq, time, time_ms, township, actor, type,"
                                " body, tlog) VALUES (1, '2026-01-01T00:00:00.000Z', 0, NULL,"
                                " 'system', 'city.updated', ?, X'')",
                                "b", body, sizeof(body) - 1),
                     ERR_OK);
    store_release(c);
}

static void test_store_changes_counts_rows_of_the_last_write(void **state)
{
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->st);
    struct err err;
    err_init(&err);
    insert_node(c, "a", "1");
    insert_node(c, "b", "1");
    insert_node(c, "c", "2");
    assert_int_equal(store_exec(c, &err, "UPDATE node SET value = '9' WHERE value = ?", "t", "1"),
                     ERR_OK);
    assert_int_equal(store_changes(c), 2);
    assert_int_equal(store_exec(c, &err, "DELETE FROM node WHERE key = ?", "t", "none"), ERR_OK);
    assert_int_equal(store_changes(c), 0);
    store_release(c);
}

struct waiter {
    struct store *st;
    int got;
};

static void *acquire_and_release(void *arg)
{
    struct waiter *w = arg;
    struct store_conn *c = store_acquire(w->st);
    w->got = 1;
    store_release(c);
    return NULL;
}

static void test_store_acquire_waits_for_a_released_connection(void **state)
{
    struct fixture *f = *state;
    struct store_conn *a = store_acquire(f->st);
    struct store_conn *b = store_acquire(f->st);
    struct waiter w = {f->st, 0};
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, acquire_and_release, &w), 0);
    store_release(a);
    assert_int_equal(pthread_join(thread, NULL), 0);
    assert_int_equal(w.got, 1);
    /* The pool still holds both connections. */
    a = store_acquire(f->st);
    assert_ptr_not_equal(a, b);
    store_release(a);
    store_release(b);
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
        T(test_store_rollback_discards_writes),
        T(test_store_nested_commits_commit_once_at_the_outermost),
        T(test_store_inner_rollback_makes_outer_commit_fail),
        T(test_store_read_failing_inside_a_write_leaves_the_write_whole),
        T(test_store_commit_is_visible_to_another_connection),
        T(test_store_read_runs_its_body_in_one_snapshot_and_ends_it),
        T(test_store_query_json_maps_integers_text_and_null),
        T(test_store_query_json_returns_every_row_in_order),
        T(test_store_query_row_and_int_report_absent_rows),
        T(test_store_statements_are_cached_and_bind_blobs),
        T(test_store_sql_errors_are_store_errors),
        T(test_store_constraint_violations_are_conflicts),
        T(test_store_events_table_is_append_only),
        T(test_store_changes_counts_rows_of_the_last_write),
        T(test_store_acquire_waits_for_a_released_connection),
    };
#undef T
    return cmocka_run_group_tests(tests, unit_group_setup, NULL);
}
