/*
 * Unit tests of group commit (record/group.h) on a temporary node:
 * writers on many threads at once, a third of them refused, each writer
 * answered after its batch is durable and signed: what was acknowledged is
 * in the database and under the checkpoint signed when it was answered,
 * what was refused left nothing, batches carried several writes, and the
 * log verifies; a batch that takes too long commits what ran; a commit
 * that cannot begin answers every write of its batch.
 */
#include "record/group.h"

#include "log/db.h"
#include "record/verify.h"

#include <pthread.h>
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_node.h"

#define WRITERS 16
#define WRITES  12

struct writer {
    struct unit_node *node;
    struct group *group;
    int number;
    int acknowledged, refused;
    bool unsigned_ack; /* an acknowledged write the checkpoint did not cover */
};

/* Records a village named by arg; refuses (after writing) when its number
 * is a multiple of three. */
static enum err_code village(const struct ctx *x, void *arg, struct err *err)
{
    const char *name = arg;
    char input[128];
    snprintf(input, sizeof(input), "{\"kind\":\"village\",\"name\":\"%s\"}", name);
    enum err_code rc =
        unit_org_create(x->c, &actor_system, ORG_VILLAGE, "diankou", input, NULL, NULL, err);
    int n = 0;
    sscanf(name, "v %*d %d", &n);
    if (rc == ERR_OK && n % 3 == 0) {
        rc = err_set(err, ERR_CONFLICT, NULL, "拒绝", "refused");
    }
    return rc;
}

/* The count of villages named name, the seq of the last event naming it
 * (-1: none), and the signed checkpoint's size. */
static void
look(struct store *st, const char *name, int64_t *found, int64_t *seq, int64_t *signed_size)
{
    struct err err;
    char quoted[64];
    bool any = false;
    err_init(&err);
    snprintf(quoted, sizeof(quoted), "\"name\":\"%s\"", name);
    struct store_conn *c = store_acquire(st);
    assert_int_equal(store_query_int(c, found, NULL, &err,
                                     "SELECT COUNT(*) FROM villages WHERE name = ?", "t", name),
                     ERR_OK);
    assert_int_equal(store_query_int(c, seq, &any, &err,
                                     "SELECT MAX(seq) FROM events WHERE instr(body, ?) > 0", "t",
                                     quoted),
                     ERR_OK);
    assert_int_equal(store_query_int(c, signed_size, NULL, &err, "SELECT size FROM checkpoint", ""),
                     ERR_OK);
    store_release(c);
}

static void *write_many(void *arg)
{
    struct writer *w = arg;
    for (int i = 0; i < WRITES; i++) {
        char name[32];
        struct err err;
        snprintf(name, sizeof(name), "v %d %d", w->number, i);
        err_init(&err);
        struct ctx x = {.store = w->node->st, .who = &actor_system, .group = w->group};
        enum err_code rc = ctx_write(&x, village, name, &err);
        int64_t found = 0, seq = -1, signed_size = 0;
        look(w->node->st, name, &found, &seq, &signed_size);
        if (rc == ERR_OK) {
            w->acknowledged++;
            /* Its event is durable and under the checkpoint signed with it. */
            w->unsigned_ack |= found != 1 || seq < 0 || signed_size <= seq;
        } else {
            w->refused++;
            w->unsigned_ack |= found != 0 || rc != ERR_CONFLICT;
        }
    }
    return NULL;
}

/* The city and the township the villages belong to. */
static void diankou(struct unit_node *n)
{
    struct err err;
    err_init(&err);
    assert_int_equal(unit_org_create(n->c, &actor_system, ORG_CITY, NULL,
                                     "{\"id\":\"zhuji\",\"name\":\"诸暨市\",\"name_en\":\"Zhuji\"}",
                                     NULL, NULL, &err),
                     ERR_OK);
    assert_int_equal(
        unit_org_create(n->c, &actor_system, ORG_TOWNSHIP, NULL,
                        "{\"id\":\"diankou\",\"kind\":\"township\",\"name\":\"店口镇\","
                        "\"name_en\":\"Diankou\"}",
                        NULL, NULL, &err),
        ERR_OK);
}

static void test_group_commits_writers_in_batches_each_durable_when_answered(void **state)
{
    struct unit_node *n = *state;
    struct err err;
    err_init(&err);
    diankou(n);
    int64_t before = unit_event_count(n->c);
    struct group *g = group_new(n->st);
    struct writer writers[WRITERS];
    pthread_t threads[WRITERS];
    for (int i = 0; i < WRITERS; i++) {
        writers[i] = (struct writer){.node = n, .group = g, .number = i};
        assert_int_equal(pthread_create(&threads[i], NULL, write_many, &writers[i]), 0);
    }
    int acknowledged = 0, refused = 0;
    for (int i = 0; i < WRITERS; i++) {
        pthread_join(threads[i], NULL);
        acknowledged += writers[i].acknowledged;
        refused += writers[i].refused;
        assert_false(writers[i].unsigned_ack);
    }
    assert_int_equal(acknowledged + refused, WRITERS * WRITES);
    assert_int_equal(refused, WRITERS * (WRITES / 3));
    assert_int_equal(unit_event_count(n->c), before + acknowledged);
    struct group_counts counts;
    group_counts(g, &counts);
    assert_int_equal(counts.writes, WRITERS * WRITES);
    assert_true(counts.largest > 1);
    assert_true(counts.commits < counts.writes);
    group_free(g);
    struct tlog_key key;
    struct verify_report report;
    assert_int_equal(node_key(n->data, &key, &err), ERR_OK);
    assert_int_equal(verify_log(n->c, &key, 1, NULL, NULL, &report, &err), ERR_OK);
    assert_int_equal(report.problem, VERIFY_OK);
}

/* A write that takes longer than a batch may: a village, then a pause. */
static enum err_code slow_village(const struct ctx *x, void *arg, struct err *err)
{
    enum err_code rc = village(x, arg, err);
    struct timespec pause = {0, (GROUP_MAX_MS + 5) * 1000000L};
    nanosleep(&pause, NULL);
    return rc;
}

struct slow_writer {
    struct unit_node *node;
    struct group *group;
    int number;
    int acknowledged;
};

static void *write_slowly(void *arg)
{
    struct slow_writer *w = arg;
    for (int i = 1; i <= 2; i++) {
        char name[32];
        struct err err;
        /* Numbers 1 and 2: never refused. */
        snprintf(name, sizeof(name), "v %d %d", w->number, i);
        err_init(&err);
        struct ctx x = {.store = w->node->st, .who = &actor_system, .group = w->group};
        w->acknowledged += ctx_write(&x, slow_village, name, &err) == ERR_OK;
    }
    return NULL;
}

static void test_group_commits_what_ran_when_a_batch_takes_too_long(void **state)
{
    struct unit_node *n = *state;
    diankou(n);
    int64_t before = unit_event_count(n->c);
    struct group *g = group_new(n->st);
    struct slow_writer writers[4];
    pthread_t threads[4];
    for (int i = 0; i < 4; i++) {
        writers[i] = (struct slow_writer){.node = n, .group = g, .number = i};
        assert_int_equal(pthread_create(&threads[i], NULL, write_slowly, &writers[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        assert_int_equal(writers[i].acknowledged, 2);
    }
    struct group_counts counts;
    group_counts(g, &counts);
    /* Each write outlasts a batch's time: one write a batch, the others
     * waiting for the next, none lost. */
    assert_int_equal(counts.writes, 8);
    assert_int_equal(counts.largest, 1);
    assert_int_equal(counts.commits, 8);
    assert_true(counts.cut_short > 0);
    assert_int_equal(unit_event_count(n->c), before + 8);
    group_free(g);
}

struct locked_writer {
    struct unit_node *node;
    struct group *group;
    int number;
    enum err_code rc;
};

static void *write_once(void *arg)
{
    struct locked_writer *w = arg;
    char name[32];
    struct err err;
    snprintf(name, sizeof(name), "v %d 1", w->number);
    err_init(&err);
    struct ctx x = {.store = w->node->st, .who = &actor_system, .group = w->group};
    w->rc = ctx_write(&x, village, name, &err);
    return NULL;
}

static void test_group_answers_every_write_when_its_commit_cannot_begin(void **state)
{
    struct unit_node *n = *state;
    diankou(n);
    int64_t before = unit_event_count(n->c);
    /* Another connection holds the write lock past the writers' bound. */
    char path[UNIT_PATH_MAX + 16];
    snprintf(path, sizeof(path), "%s/probity.db", n->data);
    sqlite3 *other = NULL;
    assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
    assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    struct group *g = group_new(n->st);
    struct locked_writer writers[4];
    pthread_t threads[4];
    for (int i = 0; i < 4; i++) {
        writers[i] = (struct locked_writer){.node = n, .group = g, .number = i};
        assert_int_equal(pthread_create(&threads[i], NULL, write_once, &writers[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        /* Refused (the server answers 503), none left waiting. */
        assert_int_not_equal(writers[i].rc, ERR_OK);
    }
    /* Let go: the next write goes through. */
    assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(other);
    write_once(&writers[0]);
    assert_int_equal(writers[0].rc, ERR_OK);
    assert_int_equal(unit_event_count(n->c), before + 1);
    group_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_group_commits_writers_in_batches_each_durable_when_answered, unit_node_setup,
            unit_node_teardown),
        cmocka_unit_test_setup_teardown(test_group_commits_what_ran_when_a_batch_takes_too_long,
                                        unit_node_setup, unit_node_teardown),
        cmocka_unit_test_setup_teardown(test_group_answers_every_write_when_its_commit_cannot_begin,
                                        unit_node_setup, unit_node_teardown),
    };
    return cmocka_run_group_tests(tests, unit_group_setup, NULL);
}
