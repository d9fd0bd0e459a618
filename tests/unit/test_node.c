/*
 * Unit tests of a node's data folder (record/node.h): node_init creates
 * the database and a private key readable only by its owner, refuses to
 * overwrite anything and to start with a bad origin; node_open and
 * node_key refuse folders that are not data folders; node_path joins.
 */
#include "record/node.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "unit.h"

#define ORIGIN "zhuji.example/diankou"

struct tmp {
    char dir[UNIT_PATH_MAX];
    char data[UNIT_PATH_MAX];
};

static int setup_tmp(void **state)
{
    struct tmp *t = xcalloc(1, sizeof(*t));
    unit_make_tmpdir(t->dir);
    unit_path(t->data, t->dir, "data");
    *state = t;
    return 0;
}

static int teardown_tmp(void **state)
{
    struct tmp *t = *state;
    unit_remove_tree(t->dir);
    xfree(t);
    return 0;
}

static bool exists(const char *dir, const char *name)
{
    char path[UNIT_PATH_MAX];
    unit_path(path, dir, name);
    return access(path, F_OK) == 0;
}

/* Reads a small file into out (NUL-terminated). */
static void read_text(const char *dir, const char *name, char *out, size_t size)
{
    char path[UNIT_PATH_MAX];
    unit_path(path, dir, name);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(out, 1, size - 1, f);
    fclose(f);
    out[n] = '\0';
}

static void test_node_init_creates_database_and_private_key(void **state)
{
    struct tmp *t = *state;
    struct err err;
    err_init(&err);
    assert_int_equal(node_init(t->data, ORIGIN, NULL, &err), ERR_OK);
    assert_true(exists(t->data, NODE_DB_FILE));
    assert_true(exists(t->data, NODE_KEY_FILE));

    /* The key is readable by its owner only; so is the folder. */
    char path[UNIT_PATH_MAX];
    struct stat st;
    unit_path(path, t->data, NODE_KEY_FILE);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(stat(t->data, &st), 0);
    assert_int_equal(st.st_mode & 0077, 0);

    char text[TLOG_KEY_TEXT_MAX + 2];
    read_text(t->data, NODE_KEY_FILE, text, sizeof(text));
    assert_true(strncmp(text, "PRIVATE+KEY+" ORIGIN "+", strlen("PRIVATE+KEY+" ORIGIN "+")) == 0);
    assert_int_equal(text[strlen(text) - 1], '\n');

    struct tlog_key key;
    assert_int_equal(node_key(t->data, &key, &err), ERR_OK);
    assert_string_equal(key.name, ORIGIN);

    struct store *st_db = NULL;
    assert_int_equal(node_open(t->data, 1, &st_db, &err), ERR_OK);
    struct store_conn *c = store_acquire(st_db);
    json_t *row = NULL;
    int64_t events = -1;
    assert_int_equal(
        store_query_row(c, &row, &err, "SELECT value FROM node WHERE key = 'origin'", ""), ERR_OK);
    assert_non_null(row);
    assert_string_equal(json_string_value(json_object_get(row, "value")), ORIGIN);
    json_decref(row);
    assert_int_equal(store_query_int(c, &events, NULL, &err, "SELECT COUNT(*) FROM events", ""),
                     ERR_OK);
    assert_int_equal(events, 0);
    store_release(c);
    store_close(st_db);
}

static void test_node_init_accepts_an_existing_empty_folder(void **state)
{
    struct tmp *t = *state;
    struct err err;
    err_init(&err);
    assert_int_equal(mkdir(t->data, 0700), 0);
    assert_int_equal(node_init(t->data, ORIGIN, NULL, &err), ERR_OK);
    assert_true(exists(t->data, NODE_DB_FILE));
}

static void test_node_init_refuses_a_folder_that_holds_anything(void **state)
{
    struct tmp *t = *state;
    struct err err;
    char path[UNIT_PATH_MAX];
    err_init(&err);
    assert_int_equal(mkdir(t->data, 0700), 0);
    unit_path(path, t->data, "notes.txt");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("mine", f);
    fclose(f);
    assert_int_equal(node_init(t->data, ORIGIN, NULL, &err), ERR_EXISTS);
    assert_false(exists(t->data, NODE_DB_FILE));
    assert_false(exists(t->data, NODE_KEY_FILE));
    char text[16];
    read_text(t->data, "notes.txt", text, sizeof(text));
    assert_string_equal(text, "mine");
}

static void test_node_init_refuses_to_overwrite_a_node(void **state)
{
    struct tmp *t = *state;
    struct err err;
    char before[TLOG_KEY_TEXT_MAX + 2];
    char after[TLOG_KEY_TEXT_MAX + 2];
    err_init(&err);
    assert_int_equal(node_init(t->data, ORIGIN, NULL, &err), ERR_OK);
    read_text(t->data, NODE_KEY_FILE, before, sizeof(before));
    assert_int_equal(node_init(t->data, ORIGIN, NULL, &err), ERR_EXISTS);
    read_text(t->data, NODE_KEY_FILE, after, sizeof(after));
    assert_string_equal(after, before);
}

static void test_node_init_refuses_a_bad_origin_and_creates_nothing(void **state)
{
    struct tmp *t = *state;
    static const char *const bad[] = {"", "has space", "a+b", "中文"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct err err;
        err_init(&err);
        assert_int_equal(node_init(t->data, bad[i], NULL, &err), ERR_INVALID);
        assert_int_equal(access(t->data, F_OK), -1);
    }
}

static void test_node_init_under_a_missing_parent_is_an_io_error(void **state)
{
    struct tmp *t = *state;
    char path[UNIT_PATH_MAX];
    struct err err;
    unit_path(path, t->dir, "missing/data");
    err_init(&err);
    assert_int_equal(node_init(path, ORIGIN, NULL, &err), ERR_IO);
}

static void test_node_open_and_key_refuse_a_folder_that_is_no_node(void **state)
{
    struct tmp *t = *state;
    struct store *st = NULL;
    struct tlog_key key;
    struct err err;
    err_init(&err);
    assert_int_equal(node_open(t->dir, 1, &st, &err), ERR_NOT_FOUND);
    assert_null(st);
    assert_string_equal(err.field, "data");
    assert_int_equal(node_key(t->dir, &key, &err), ERR_NOT_FOUND);
    assert_false(exists(t->dir, NODE_DB_FILE));
}

static void test_node_path_joins_and_refuses_overlong_paths(void **state)
{
    (void)state;
    char out[NODE_PATH_MAX];
    struct err err;
    err_init(&err);
    assert_int_equal(node_path("/srv/probity", NODE_DB_FILE, out, &err), ERR_OK);
    assert_string_equal(out, "/srv/probity/probity.db");
    char dir[NODE_PATH_MAX];
    memset(dir, 'd', sizeof(dir) - 1);
    dir[sizeof(dir) - 1] = '\0';
    assert_int_equal(node_path(dir, NODE_KEY_FILE, out, &err), ERR_INVALID);
    dir[NODE_PATH_MAX - 1 - strlen("/x")] = '\0';
    assert_int_equal(node_path(dir, "x", out, &err), ERR_OK);
    assert_int_equal(strlen(out), NODE_PATH_MAX - 1);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup_tmp, teardown_tmp)
    const struct CMUnitTest tests[] = {
        T(test_node_init_creates_database_and_private_key),
        T(test_node_init_accepts_an_existing_empty_folder),
        T(test_node_init_refuses_a_folder_that_holds_anything),
        T(test_node_init_refuses_to_overwrite_a_node),
        T(test_node_init_refuses_a_bad_origin_and_creates_nothing),
        T(test_node_init_under_a_missing_parent_is_an_io_error),
        T(test_node_open_and_key_refuse_a_folder_that_is_no_node),
        cmocka_unit_test(test_node_path_joins_and_refuses_overlong_paths),
    };
#undef T
    return cmocka_run_group_tests(tests, unit_group_setup, NULL);
}
