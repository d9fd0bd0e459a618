/*
 * The demo's generator and the township it is loading: its organisation
 * read back from the store, and running commands on its simulated clock.
 * See demo_town.h.
 */
#include "demo/demo_town.h"

#include <stdio.h>
#include <string.h>

uint64_t demo__rng_next(struct rng *r)
{
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

int64_t demo__rng_below(struct rng *r, int64_t n)
{
    return n > 0 ? (int64_t)(demo__rng_next(r) % (uint64_t)n) : 0;
}

bool demo__rng_chance(struct rng *r, int percent)
{
    return demo__rng_below(r, 100) < percent;
}

/* ---- the township being loaded ---- */

enum err_code demo__run(struct town *t,
                        int64_t now,
                        const struct command *cmd,
                        int64_t id,
                        json_t *in,
                        int64_t *out,
                        struct err *err)
{
    json_t *result = NULL;
    struct args a = {.cmd = cmd, .id = id, .input = in};
    if (strstr(cmd->path, "{tid}") != NULL) {
        a.township = t->id;
    }
    t->x.now_ms = now;
    enum err_code rc = command_run(&t->x, cmd, &a, &result, err);
    if (rc == ERR_OK && out != NULL) {
        *out = (int64_t)json_integer_value(json_object_get(json_object_get(result, "item"), "id"));
    }
    json_decref(result);
    json_decref(in);
    return rc;
}

const char *demo__pick(struct town *t, const char *const *list, size_t n)
{
    return list[demo__rng_below(&t->rng, (int64_t)n)];
}

const char *demo__village(struct town *t)
{
    size_t n = json_array_size(t->villages);
    return n ? json_string_value(json_object_get(
                   json_array_get(t->villages, (size_t)demo__rng_below(&t->rng, (int64_t)n)),
                   "name"))
             : "镇区";
}

void demo__department(struct town *t, int64_t *dept, const char **name, int64_t *responsible)
{
    size_t n = json_array_size(t->departments);
    const json_t *d = json_array_get(t->departments, (size_t)demo__rng_below(&t->rng, (int64_t)n));
    *dept = (int64_t)json_integer_value(json_object_get(d, "id"));
    *name = json_string_value(json_object_get(d, "name"));
    *responsible = t->members[t->n_members > 1 ? 1 : 0].person;
    size_t i;
    json_t *p;
    json_array_foreach(t->portfolios, i, p)
    {
        if (json_integer_value(json_object_get(p, "department_id")) == *dept) {
            *responsible = (int64_t)json_integer_value(json_object_get(p, "person_id"));
        }
    }
}

/* ---- loading the township's organisation ---- */

enum err_code demo__load_town(struct store_conn *c, struct town *t, struct err *err)
{
    json_t *rows = NULL;
    enum err_code rc = store_query_json(
        c, &rows, err,
        "SELECT p.id, po.role FROM memberships m JOIN posts po ON po.id = m.post_id"
        " JOIN organizations o ON o.id = po.organization_id JOIN people p ON p.id = m.person_id"
        " WHERE o.township_id = ? AND o.class = 'committee' ORDER BY p.id",
        "t", t->id);
    size_t i;
    json_t *r;
    json_array_foreach(rc == ERR_OK ? rows : NULL, i, r)
    {
        const char *role = json_string_value(json_object_get(r, "role"));
        if (t->n_members < MAX_MEMBERS) {
            t->members[t->n_members++] = (struct member){
                (int64_t)json_integer_value(json_object_get(r, "id")),
                strcmp(role, "secretary") == 0, strcmp(role, "discipline_secretary") == 0};
        }
    }
    json_decref(rows);
    if (rc == ERR_OK) {
        rc = store_query_json(c, &t->departments, err,
                              "SELECT id, name FROM organizations WHERE township_id = ?"
                              " AND class IN ('bureau', 'office', 'centre') ORDER BY id",
                              "t", t->id);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(c, &t->villages, err,
                              "SELECT name FROM villages WHERE township_id = ? ORDER BY id", "t",
                              t->id);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(c, &t->portfolios, err,
                              "SELECT f.person_id, f.department_id FROM portfolios f"
                              " JOIN people p ON p.id = f.person_id WHERE p.township_id = ?"
                              " AND f.department_id IS NOT NULL ORDER BY f.id",
                              "t", t->id);
    }
    t->passed = json_array();
    t->lines = json_array();
    return rc;
}

void demo__free_town(struct town *t)
{
    json_decref(t->departments);
    json_decref(t->villages);
    json_decref(t->portfolios);
    json_decref(t->passed);
    json_decref(t->lines);
}
