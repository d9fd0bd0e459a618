/*
 * Unit tests of the monitor's sealed parts (monitor/sealedparts.h) on a
 * temporary node: a mirrored record with a sealed digest becomes a pending
 * part; a publication (either record form) whose salt and content give the
 * digest marks it published, one that does not is bad and reported, as is
 * one naming an entry with no sealed part; the counts and the inspectors'
 * view; refused parts pending again at registration; and the token file
 * (private, one token on its first line).
 */
#include "core/salted.h"
#include "monitor/mirror.h"
#include "monitor/sealedparts.h"

#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_node.h"

#define ORIGIN "example.org/town"

static const uint8_t SALT[SALTED_SALT_SIZE] = {7, 1, 2, 3, 4, 5, 6, 7, 8, 9};

/* base64 of SALT. */
static void salt_text(char out[SALTED_DIGEST_SIZE])
{
    sodium_bin2base64(out, SALTED_DIGEST_SIZE, SALT, SALTED_SALT_SIZE,
                      sodium_base64_VARIANT_ORIGINAL);
}

/* The digest of the part given as JSON text, under SALT. */
static void digest_of(const char *part_json, char out[SALTED_DIGEST_SIZE])
{
    struct err err;
    err_init(&err);
    json_t *part = unit_json(part_json);
    assert_int_equal(salted_digest(SALT, part, out, &err), ERR_OK);
    json_decref(part);
}

static void open_node(struct unit_node *n)
{
    struct err err;
    err_init(&err);
    assert_int_equal(unit_node_open(n), 0);
    assert_int_equal(mirror_register(n->c, ORIGIN, "http://127.0.0.1:1", "key", &err), ERR_OK);
}

/* What note() writes. */
struct noting {
    int64_t index;
    const char *record;
    struct sealedparts_problem *problem;
};

static enum err_code note_body(struct store_conn *c, void *arg, struct err *err)
{
    struct noting *x = arg;
    return sealedparts_note(c, ORIGIN, x->index, x->record, strlen(x->record), 1000, x->problem,
                            err);
}

/* Notes entry index (record text) in its own write transaction. */
static void
note(struct unit_node *n, int64_t index, const char *record, struct sealedparts_problem *problem)
{
    struct err err;
    struct noting x = {index, record, problem};
    err_init(&err);
    problem->index = -1;
    assert_int_equal(store_write(n->c, note_body, &x, &err), ERR_OK);
}

/* The state of entry index's part ("" when none). */
static void state_of(struct unit_node *n, int64_t index, char out[16])
{
    struct err err;
    json_t *row = NULL;
    err_init(&err);
    assert_int_equal(store_query_row(n->c, &row, &err,
                                     "SELECT state FROM mirrored_sealed_parts"
                                     " WHERE origin = ? AND idx = ?",
                                     "ti", ORIGIN, index),
                     ERR_OK);
    snprintf(out, 16, "%s", row ? json_string_value(json_object_get(row, "state")) : "");
    json_decref(row);
}

/* A sealed statement at entry 3 and the record text that seals it. */
#define STATEMENT "{\"summary\":\"同意\",\"view\":\"agree\"}"

static void sealed_entry(struct unit_node *n, int64_t index)
{
    char digest[SALTED_DIGEST_SIZE], record[256];
    struct sealedparts_problem problem;
    digest_of(STATEMENT, digest);
    snprintf(record, sizeof(record),
             "{\"seq\":%lld,\"type\":\"statement.created\",\"payload\":{\"id\":1,"
             "\"sealed_digest\":\"%s\"}}",
             (long long)index, digest);
    note(n, index, record, &problem);
    assert_int_equal(problem.index, -1);
}

static void test_a_publication_that_matches_publishes_the_part(void **state)
{
    (void)state;
    struct unit_node n;
    struct sealedparts_problem problem;
    char salt[SALTED_DIGEST_SIZE], record[512], st[16];
    struct err err;
    err_init(&err);
    open_node(&n);
    note(&n, 1, "not json", &problem);
    note(&n, 2, "{\"type\":\"city.created\",\"payload\":{\"id\":\"zj\"}}", &problem);
    sealed_entry(&n, 3);
    state_of(&n, 2, st);
    assert_string_equal(st, "");
    state_of(&n, 3, st);
    assert_string_equal(st, SEALEDPARTS_PENDING);
    salt_text(salt);
    snprintf(record, sizeof(record),
             "{\"type\":\"publication.created\",\"payload\":{\"id\":1,\"parts\":"
             "[{\"id\":3,\"salt\":\"%s\",\"content\":%s}]}}",
             salt, STATEMENT);
    note(&n, 4, record, &problem);
    assert_int_equal(problem.index, -1);
    state_of(&n, 3, st);
    assert_string_equal(st, SEALEDPARTS_PUBLISHED);

    json_t *summary = NULL;
    assert_int_equal(sealedparts_summary_json(n.c, ORIGIN, &summary, &err), ERR_OK);
    assert_int_equal(json_integer_value(json_object_get(summary, "parts")), 1);
    assert_int_equal(json_integer_value(json_object_get(summary, "published")), 1);
    assert_int_equal(json_integer_value(json_object_get(summary, "pending")), 0);
    assert_false(json_boolean_value(json_object_get(summary, "token")));
    json_decref(summary);

    json_t *view = NULL;
    assert_int_equal(sealedparts_json(n.st, ORIGIN, 3, NULL, 50, 0, &view, &err), ERR_OK);
    json_t *item = json_object_get(view, "item");
    assert_int_equal(json_integer_value(json_object_get(item, "published_index")), 4);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(item, "content"), "view")), "agree");
    assert_string_equal(json_string_value(json_object_get(item, "salt")), salt);
    json_decref(view);
    assert_int_equal(sealedparts_json(n.st, ORIGIN, 2, NULL, 50, 0, &view, &err), ERR_NOT_FOUND);
    assert_int_equal(sealedparts_json(n.st, ORIGIN, -1, SEALEDPARTS_PENDING, 50, 0, &view, &err),
                     ERR_OK);
    assert_int_equal(json_integer_value(json_object_get(view, "total")), 0);
    json_decref(view);
    unit_node_close(&n);
}

static void test_a_publication_that_does_not_match_is_bad(void **state)
{
    (void)state;
    struct unit_node n;
    struct sealedparts_problem problem;
    char salt[SALTED_DIGEST_SIZE], record[512], st[16];
    open_node(&n);
    sealed_entry(&n, 3);
    sealed_entry(&n, 5);
    salt_text(salt);
    /* The minutes disclose another view than the one sealed at the meeting. */
    snprintf(record, sizeof(record),
             "{\"type\":\"sealed_publication.created\",\"payload\":{\"id\":3,\"salt\":\"%s\","
             "\"content\":{\"summary\":\"同意\",\"view\":\"oppose\"}}}",
             salt);
    note(&n, 6, record, &problem);
    assert_int_equal(problem.index, 3);
    assert_non_null(strstr(problem.detail, "does not match"));
    state_of(&n, 3, st);
    assert_string_equal(st, SEALEDPARTS_BAD);
    /* A publication naming an entry with no sealed part, then a good one:
     * the first problem is the one reported. */
    snprintf(record, sizeof(record),
             "{\"type\":\"publication.created\",\"payload\":{\"parts\":["
             "{\"id\":4,\"salt\":\"%s\",\"content\":{}},"
             "{\"id\":5,\"salt\":\"%s\",\"content\":%s}]}}",
             salt, salt, STATEMENT);
    note(&n, 7, record, &problem);
    assert_int_equal(problem.index, 7);
    assert_non_null(strstr(problem.detail, "no sealed part"));
    state_of(&n, 5, st);
    assert_string_equal(st, SEALEDPARTS_PUBLISHED);
    /* A salt that is not 32 bytes never matches. */
    sealed_entry(&n, 8);
    note(&n, 9,
         "{\"type\":\"sealed_publication.created\",\"payload\":{\"id\":8,\"salt\":\"AAAA\","
         "\"content\":" STATEMENT "}}",
         &problem);
    assert_int_equal(problem.index, 8);
    unit_node_close(&n);
}

static void test_registration_makes_refused_parts_pending_again(void **state)
{
    (void)state;
    struct unit_node n;
    struct err err;
    char st[16];
    json_t *summary = NULL;
    err_init(&err);
    open_node(&n);
    sealed_entry(&n, 3);
    assert_int_equal(store_exec(n.c, &err,
                                "UPDATE mirrored_sealed_parts SET state = 'refused', detail = 'x'",
                                ""),
                     ERR_OK);
    assert_int_equal(sealedparts_register(n.c, ORIGIN, true, &err), ERR_OK);
    state_of(&n, 3, st);
    assert_string_equal(st, SEALEDPARTS_PENDING);
    assert_int_equal(sealedparts_summary_json(n.c, ORIGIN, &summary, &err), ERR_OK);
    assert_true(json_boolean_value(json_object_get(summary, "token")));
    assert_true(json_is_null(json_object_get(summary, "error")));
    json_decref(summary);
    unit_node_close(&n);
}

/* Writes text to a file of the given mode in dir; returns its path in out. */
static void token_file(const char *dir, const char *text, mode_t mode, char out[UNIT_PATH_MAX])
{
    unit_path(out, dir, "token");
    FILE *fp = fopen(out, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    assert_int_equal(chmod(out, mode), 0);
}

static void test_the_token_file_is_private_and_holds_one_token(void **state)
{
    (void)state;
    char dir[UNIT_PATH_MAX], path[UNIT_PATH_MAX], token[SEALEDPARTS_TOKEN_MAX];
    struct err err;
    unit_make_tmpdir(dir);
    err_init(&err);
    token_file(dir, "pt_abc123\r\nsecond line\n", 0600, path);
    assert_int_equal(sealedparts_read_token(path, token, &err), ERR_OK);
    assert_string_equal(token, "pt_abc123");
    token_file(dir, "pt_abc123\n", 0640, path);
    assert_int_equal(sealedparts_read_token(path, token, &err), ERR_INVALID);
    assert_non_null(strstr(err_message(&err, true), "chmod 600"));
    assert_string_equal(token, "");
    static const char *const bad[] = {"", "\n", "pt_a b\n", "pt_\x01x\n"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        err_init(&err);
        token_file(dir, bad[i], 0600, path);
        assert_int_equal(sealedparts_read_token(path, token, &err), ERR_INVALID);
        assert_string_equal(token, "");
    }
    char longer[SEALEDPARTS_TOKEN_MAX + 8];
    memset(longer, 'a', sizeof(longer) - 1);
    longer[sizeof(longer) - 1] = '\0';
    token_file(dir, longer, 0600, path);
    assert_int_equal(sealedparts_read_token(path, token, &err), ERR_INVALID);
    unit_path(path, dir, "missing");
    assert_int_equal(sealedparts_read_token(path, token, &err), ERR_INVALID);
    unit_remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_publication_that_matches_publishes_the_part),
        cmocka_unit_test(test_a_publication_that_does_not_match_is_bad),
        cmocka_unit_test(test_registration_makes_refused_parts_pending_again),
        cmocka_unit_test(test_the_token_file_is_private_and_holds_one_token),
    };
    return cmocka_run_group_tests(tests, unit_group_setup, NULL);
}
