/*
 * Helpers for unit tests of the domain: a node data folder in a temporary
 * folder (node_init + node_open), event counting, and organisation
 * commands written as JSON text. Include after unit.h.
 */
#ifndef PROBITY_UNIT_NODE_H
#define PROBITY_UNIT_NODE_H

#include "areas/org/org.h"
#include "record/event.h"
#include "record/node.h"

#include "unit.h"

struct unit_node {
    char tmp[UNIT_PATH_MAX];  /* the temporary folder, removed at the end */
    char data[UNIT_PATH_MAX]; /* the node's data folder inside it */
    struct store *st;
    struct store_conn *c; /* acquired for the test's commands */
};

/* Creates and opens a fresh node with two connections; returns 0 or -1
 * (for cmocka setups). */
static inline int unit_node_open(struct unit_node *n)
{
    struct err err;
    err_init(&err);
    unit_make_tmpdir(n->tmp);
    unit_path(n->data, n->tmp, "data");
    if (node_init(n->data, "zhuji.example/test", NULL, &err) != ERR_OK ||
        node_open(n->data, 2, &n->st, &err) != ERR_OK) {
        fprintf(stderr, "cannot set up a node: %s\n", err_message(&err, 1));
        unit_remove_tree(n->tmp);
        return -1;
    }
    n->c = store_acquire(n->st);
    return 0;
}

/* Releases, closes and removes the node. */
static inline void unit_node_close(struct unit_node *n)
{
    store_release(n->c);
    store_close(n->st);
    unit_remove_tree(n->tmp);
}

/* cmocka's set-up and tear-down of a test whose state is a fresh node. */
static inline int unit_node_setup(void **state)
{
    struct unit_node *n = xcalloc(1, sizeof(*n));
    if (unit_node_open(n) != 0) {
        xfree(n);
        return -1;
    }
    *state = n;
    return 0;
}

static inline int unit_node_teardown(void **state)
{
    unit_node_close(*state);
    xfree(*state);
    return 0;
}

/* The number of events recorded (aborts on a store error). */
static inline int64_t unit_event_count(struct store_conn *c)
{
    struct err err;
    int64_t n = -1;
    err_init(&err);
    if (event_count(c, &n, &err) != ERR_OK) {
        abort();
    }
    return n;
}

/* Runs org_create with input given as JSON text. On success *id_out (may
 * be NULL) receives the new object's integer id (0 for slug ids) and
 * *result (may be NULL) the result, else it is released. */
static inline enum err_code unit_org_create(struct store_conn *c,
                                            const struct actor *who,
                                            enum org_kind kind,
                                            const char *parent,
                                            const char *input_json,
                                            int64_t *id_out,
                                            json_t **result,
                                            struct err *err)
{
    json_t *input = unit_json(input_json);
    json_t *out = NULL;
    err_init(err);
    enum err_code rc = org_create(c, who, kind, parent, input, &out, err);
    json_decref(input);
    if (rc == ERR_OK && id_out != NULL) {
        *id_out = (int64_t)json_integer_value(json_object_get(json_object_get(out, "item"), "id"));
    }
    if (result != NULL) {
        *result = out;
    } else {
        json_decref(out);
    }
    return rc;
}

/* Runs org_update with input given as JSON text; *result as above. */
static inline enum err_code unit_org_update(struct store_conn *c,
                                            const struct actor *who,
                                            enum org_kind kind,
                                            const char *id,
                                            const char *input_json,
                                            json_t **result,
                                            struct err *err)
{
    json_t *input = unit_json(input_json);
    json_t *out = NULL;
    err_init(err);
    enum err_code rc = org_update(c, who, kind, id, input, &out, err);
    json_decref(input);
    if (result != NULL) {
        *result = out;
    } else {
        json_decref(out);
    }
    return rc;
}

/* Writes the integer id as text into out (32 bytes). */
static inline const char *unit_id(int64_t id, char out[32])
{
    snprintf(out, 32, "%lld", (long long)id);
    return out;
}

#endif
