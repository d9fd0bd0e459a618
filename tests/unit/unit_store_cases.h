/*
 * The storage layer's tests that hold on either database (store/store.h):
 * transactions, their nesting and snapshots, the query helpers, the
 * counts of changed rows, the pool, constraint violations and the
 * append-only log, and tables read in chunks. test_store.c runs them on SQLite
 * and test_store_pg.c on PostgreSQL, each with a fixture whose first
 * member is its open store (struct store *), on a database with the
 * node table empty. Include after unit.h; list them with STORE_CASES(T).
 */
#ifndef PROBITY_UNIT_STORE_CASES_H
#define PROBITY_UNIT_STORE_CASES_H

#include "store/scan.h"
#include "store/store.h"

#include <pthread.h>
#include <string.h>

/* The store of a test's fixture (its first member). */
#define CASE_STORE(state) (*(struct store **)*(state))

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
    struct store_conn *c = store_acquire(CASE_STORE(state));
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
    struct store_conn *c = store_acquire(CASE_STORE(state));
    struct store_conn *other = store_acquire(CASE_STORE(state));
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
    struct store_conn *c = store_acquire(CASE_STORE(state));
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
    struct store_conn *writer = store_acquire(CASE_STORE(state));
    struct store_conn *reader = store_acquire(CASE_STORE(state));
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
    struct store_conn *writer = store_acquire(CASE_STORE(state));
    struct store_conn *reader = store_acquire(CASE_STORE(state));
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
    struct store_conn *c = store_acquire(CASE_STORE(state));
    struct err err;
    err_init(&err);
    assert_int_equal(store_write(c, write_around_a_failed_read, NULL, &err), ERR_OK);
    assert_int_equal(node_rows(c), 1);
    store_release(c);
}
static void test_store_query_json_returns_every_row_in_order(void **state)
{
    struct store_conn *c = store_acquire(CASE_STORE(state));
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
    struct store_conn *c = store_acquire(CASE_STORE(state));
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
static void test_store_changes_counts_rows_of_the_last_write(void **state)
{
    struct store_conn *c = store_acquire(CASE_STORE(state));
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
    struct store_conn *a = store_acquire(CASE_STORE(state));
    struct store_conn *b = store_acquire(CASE_STORE(state));
    struct waiter w = {CASE_STORE(state), 0};
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, acquire_and_release, &w), 0);
    store_release(a);
    assert_int_equal(pthread_join(thread, NULL), 0);
    assert_int_equal(w.got, 1);
    /* The pool still holds both connections. */
    a = store_acquire(CASE_STORE(state));
    assert_ptr_not_equal(a, b);
    store_release(a);
    store_release(b);
}

static void test_store_constraint_violations_are_conflicts(void **state)
{
    struct store_conn *c = store_acquire(CASE_STORE(state));
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
    /* Foreign key. */
    assert_int_equal(store_exec(c, &err,
                                "INSERT INTO townships (id, city_id, kind, name, name_en)"
                                " VALUES ('t', ?, 'township', 'n', 'n')",
                                "t", "no-such-city"),
                     ERR_CONFLICT);
    /* CHECK. */
    assert_int_equal(
        store_exec(c, &err, "INSERT INTO cities (id, name, name_en) VALUES ('c', 'c', 'c')", ""),
        ERR_OK);
    assert_int_equal(store_exec(c, &err,
                                "INSERT INTO townships (id, city_id, kind, name, name_en)"
                                " VALUES ('t', 'c', 'county', 'n', 'n')",
                                ""),
                     ERR_CONFLICT);
    assert_int_equal(node_rows(c), 1);
    store_release(c);
}

/* Appends event seq with body, its log hashes empty. */
static enum err_code
append_event(struct store_conn *c, int64_t seq, const char *body, struct err *err)
{
    return store_exec(
        c, err,
        "INSERT INTO events (seq, time, time_ms, township, actor, type, body, tlog)"
        " VALUES (?, '2026-01-01T00:00:00.000Z', 0, NULL, 'system', 'city.created', ?, ?)",
        "ibb", seq, body, strlen(body), "", (size_t)0);
}

static void test_store_events_table_is_append_only(void **state)
{
    struct store_conn *c = store_acquire(CASE_STORE(state));
    struct err err;
    struct store_stmt *s = NULL;
    static const char body[] = "{\"seq\":0}";
    err_init(&err);
    assert_int_equal(append_event(c, 0, body, &err), ERR_OK);
    assert_int_equal(
        store_exec(c, &err, "UPDATE events SET type = ? WHERE seq = 0", "t", "city.deleted"),
        ERR_CONFLICT);
    assert_non_null(strstr(err.message_en, "events are append-only"));
    err_init(&err);
    assert_int_equal(store_exec(c, &err, "DELETE FROM events WHERE seq = 0", ""), ERR_CONFLICT);
    assert_non_null(strstr(err.message_en, "events are append-only"));
    err_init(&err);
    assert_int_equal(store_exec(c, &err, "DELETE FROM events", ""), ERR_CONFLICT);
    assert_int_equal(store_prepare(c, "SELECT type, body FROM events", &s, &err), ERR_OK);
    assert_int_equal(store_step(s, &err), STORE_ROW);
    assert_string_equal(store_col_text(s, 0), "city.created");
    size_t len = 0;
    const void *kept = store_col_blob(s, 1, &len);
    assert_int_equal(len, strlen(body));
    assert_memory_equal(kept, body, len);
    assert_int_equal(store_step(s, &err), STORE_DONE);
    store_done(s);
    /* Appending goes on working. */
    assert_int_equal(append_event(c, 1, body, &err), ERR_OK);
    store_release(c);
}

/* Rows with keys 0, 3, 6, … (n of them) in tlog_upper, in one write. */
static enum err_code insert_spaced_rows(struct store_conn *c, void *arg, struct err *err)
{
    int64_t n = *(const int64_t *)arg;
    enum err_code rc = ERR_OK;
    for (int64_t i = 0; rc == ERR_OK && i < n; i++) {
        rc = store_exec(c, err, "INSERT INTO tlog_upper (idx, hash) VALUES (?, ?)", "ib", 3 * i,
                        "h", (size_t)1);
    }
    return rc;
}

/* Scans tlog_upper from key first; returns the rows read, checking that
 * their keys are the spaced keys in order. */
static int64_t scan_spaced_rows(struct store_conn *c, int64_t first)
{
    struct store_scan sc;
    struct err err;
    int64_t n = 0, expect = (first + 2) / 3 * 3;
    err_init(&err);
    store_scan_start(&sc, c, "SELECT idx, hash FROM tlog_upper WHERE idx >= ? ORDER BY idx LIMIT ?",
                     first);
    enum store_step_result r;
    while ((r = store_scan_step(&sc, &err)) == STORE_ROW) {
        assert_int_equal(store_col_int(store_scan_row(&sc), 0), expect);
        expect += 3;
        n++;
    }
    assert_int_equal(r, STORE_DONE);
    /* Done is done: stepping again reads nothing more. */
    assert_int_equal(store_scan_step(&sc, &err), STORE_DONE);
    store_scan_done(&sc);
    return n;
}

static void test_store_scan_reads_every_row_across_chunks(void **state)
{
    struct store_conn *c = store_acquire(CASE_STORE(state));
    struct err err;
    int64_t n = 2 * STORE_SCAN_CHUNK; /* a whole number of chunks: the last query is empty */
    err_init(&err);
    assert_int_equal(scan_spaced_rows(c, 0), 0);
    assert_int_equal(store_write(c, insert_spaced_rows, &n, &err), ERR_OK);
    assert_int_equal(scan_spaced_rows(c, 0), n);
    /* From a key between two rows, and from past the last. */
    assert_int_equal(scan_spaced_rows(c, 3 * STORE_SCAN_CHUNK + 1), STORE_SCAN_CHUNK - 1);
    assert_int_equal(scan_spaced_rows(c, 3 * n), 0);
    /* One more row: the last chunk is short. */
    assert_int_equal(store_exec(c, &err, "INSERT INTO tlog_upper (idx, hash) VALUES (?, ?)", "ib",
                                3 * n, "h", (size_t)1),
                     ERR_OK);
    assert_int_equal(scan_spaced_rows(c, 0), n + 1);
    /* A scan ended early leaves its statement free for the next. */
    struct store_scan sc;
    store_scan_start(&sc, c, "SELECT idx, hash FROM tlog_upper WHERE idx >= ? ORDER BY idx LIMIT ?",
                     0);
    assert_int_equal(store_scan_step(&sc, &err), STORE_ROW);
    store_scan_done(&sc);
    assert_int_equal(scan_spaced_rows(c, 0), n + 1);
    store_release(c);
}

/* The data version (SQLite) changes with each commit, whichever
 * connection made it, and not without one; PostgreSQL has none. */
static void test_store_data_version_changes_with_each_commit(void **state)
{
    struct store *st = CASE_STORE(state);
    struct store_conn *c = store_acquire(st);
    struct err err;
    int64_t before = 0, same = 0, after = 0;
    err_init(&err);
    if (store_dialect_of(st) == STORE_POSTGRES) {
        assert_false(store_data_version(st, &before));
        store_release(c);
        return;
    }
    assert_true(store_data_version(st, &before));
    assert_true(store_data_version(st, &same));
    assert_int_equal(same, before);
    assert_int_equal(store_exec(c, &err, "INSERT INTO node (key, value) VALUES ('v', '1')", ""),
                     ERR_OK);
    assert_true(store_data_version(st, &after));
    assert_int_not_equal(after, before);
    /* A read changes nothing. */
    int64_t n = 0;
    assert_int_equal(store_query_int(c, &n, NULL, &err, "SELECT COUNT(*) FROM node", ""), ERR_OK);
    assert_true(store_data_version(st, &same));
    assert_int_equal(same, after);
    store_release(c);
}

/* Three independent writes in one transaction, each in a savepoint. */
static enum err_code three_savepoints(struct store_conn *c, void *arg, struct err *err)
{
    enum err_code *outcome = arg;
    struct err one;
    struct node_row first = {"first", "1"}, third = {"third", "3"};
    (void)err;
    err_init(&one);
    outcome[0] = store_savepoint(c, insert_body, &first, &one);
    /* The second fails itself; the third's nested write fails inside it. */
    outcome[1] = store_savepoint(c, insert_inner_and_fail, NULL, &one);
    outcome[2] = store_savepoint(c, write_with_failed_inner, NULL, &one);
    outcome[3] = store_savepoint(c, insert_body, &third, &one);
    return ERR_OK;
}

/* A failed write in a savepoint undoes its own rows only, and the
 * transaction commits the others. */
static void test_store_savepoint_undoes_only_its_own_writes(void **state)
{
    struct store_conn *c = store_acquire(CASE_STORE(state));
    struct err err;
    enum err_code outcome[4];
    err_init(&err);
    assert_int_equal(store_write(c, three_savepoints, outcome, &err), ERR_OK);
    assert_int_equal(outcome[0], ERR_OK);
    assert_int_equal(outcome[1], ERR_CONFLICT);
    assert_int_equal(outcome[2], ERR_STORE); /* its nested write was rolled back */
    assert_int_equal(outcome[3], ERR_OK);
    json_t *rows = NULL;
    assert_int_equal(store_query_json(c, &rows, &err, "SELECT key FROM node ORDER BY key", ""),
                     ERR_OK);
    assert_int_equal(json_array_size(rows), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "key")),
                        "first");
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "key")),
                        "third");
    json_decref(rows);
    store_release(c);
}

/* The tests above, for a test file's list: T(name) for each. */
#define STORE_CASES(T)                                                                             \
    T(test_store_rollback_discards_writes),                                                        \
        T(test_store_nested_commits_commit_once_at_the_outermost),                                 \
        T(test_store_inner_rollback_makes_outer_commit_fail),                                      \
        T(test_store_read_failing_inside_a_write_leaves_the_write_whole),                          \
        T(test_store_commit_is_visible_to_another_connection),                                     \
        T(test_store_read_runs_its_body_in_one_snapshot_and_ends_it),                              \
        T(test_store_query_json_returns_every_row_in_order),                                       \
        T(test_store_query_row_and_int_report_absent_rows),                                        \
        T(test_store_changes_counts_rows_of_the_last_write),                                       \
        T(test_store_acquire_waits_for_a_released_connection),                                     \
        T(test_store_constraint_violations_are_conflicts),                                         \
        T(test_store_events_table_is_append_only),                                                 \
        T(test_store_scan_reads_every_row_across_chunks),                                          \
        T(test_store_data_version_changes_with_each_commit),                                       \
        T(test_store_savepoint_undoes_only_its_own_writes)

#endif
