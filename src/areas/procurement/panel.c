/*
 * The evaluation panel and its bid review (评标). Once the bids are open
 * the panel is formed from the township's register: drawn at random by a
 * seed the record keeps (anyone can redraw it: the active evaluators in
 * the order of SHA-256(seed ":" id), the first size of them, leaving out
 * those who may not sit), or chosen by name, each checked. Nobody sits
 * who is related to a bidder (a name among its declared relations, or its
 * employee) or who sat on the committee that decided the project
 * (rules_check_evaluator); a panel is an odd number, five or more for a
 * tender (rules_check_panel_size). The panel then scores every bid not
 * disqualified, each member on each criterion (0 to 100, the criteria's
 * weights adding up to 100); the ranking follows from the weighted mean
 * scores, the lower price first on a tie. Both are the project's record.
 */
#include "areas/procurement/internal.h"

#include "core/alloc.h"
#include "record/row.h"
#include "rules/procedure.h"
#include "rules/procurement.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEED_BYTES    16 /* a seed made here: 32 hex digits */
#define SEED_TEXT_MAX 65 /* a seed given: at most 64 characters */

/* The bids of a project with their bidders' names, declared relations
 * (decoded) and prices, in id order. */
static enum err_code bids_of(const struct ctx *x, int64_t project, json_t **bids, struct err *err)
{
    enum err_code rc = store_query_json(
        x->c, bids, err,
        "SELECT b.id, b.price_fen, d.name AS bidder_name, d.relations FROM bids b"
        " JOIN bidders d ON d.id = b.bidder_id WHERE b.project_id = ? ORDER BY b.id",
        "i", project);
    size_t i;
    json_t *bid;
    json_array_foreach(rc == ERR_OK ? *bids : NULL, i, bid)
    {
        const char *text = row_text(bid, "relations");
        json_object_set_new(bid, "relations", text ? json_loads(text, 0, NULL) : json_array());
    }
    return rc;
}

/* The name of a bidder of bids that evaluator e (a row: name, employer)
 * is related to, or NULL. */
static const char *related_bidder(const json_t *bids, const json_t *e)
{
    size_t i, k;
    json_t *bid, *name;
    json_array_foreach(bids, i, bid)
    {
        if (strcmp(row_text(bid, "bidder_name"), row_text(e, "employer")) == 0) {
            return row_text(bid, "bidder_name");
        }
        json_array_foreach(json_object_get(bid, "relations"), k, name)
        {
            if (json_is_string(name) && strcmp(json_string_value(name), row_text(e, "name")) == 0) {
                return row_text(bid, "bidder_name");
            }
        }
    }
    return NULL;
}

/* The people who sat on the committee that passed project row's
 * resolution (its agenda item's roster), as a new array of person ids. */
static enum err_code
committee_of(const struct ctx *x, const json_t *row, json_t **people, struct err *err)
{
    json_t *item = NULL;
    *people = json_array();
    if (row_int(row, "resolution_id") == 0) {
        return ERR_OK;
    }
    enum err_code rc =
        store_query_row(x->c, &item, err, "SELECT roster FROM agenda_items WHERE id = ?", "i",
                        row_int(row, "resolution_id"));
    json_t *roster = item != NULL ? json_loads(row_text(item, "roster"), 0, NULL) : NULL;
    size_t i;
    json_t *m;
    json_array_foreach(roster, i, m)
    {
        json_array_append(*people, json_object_get(m, "person_id"));
    }
    json_decref(roster);
    json_decref(item);
    return rc;
}

static bool has_integer(const json_t *array, int64_t n)
{
    size_t i;
    json_t *v;
    json_array_foreach(array, i, v)
    {
        if (json_integer_value(v) == n) {
            return true;
        }
    }
    return false;
}

/* The verdict on evaluator e (a row) sitting on a panel for bids, with the
 * committee's people. */
static enum verdict_kind
evaluator_verdict(const json_t *e, const json_t *bids, const json_t *committee, struct verdict *v)
{
    int64_t person = row_int(e, "person_id");
    struct rules_evaluator ev = {row_text(e, "name"), related_bidder(bids, e),
                                 person != 0 && has_integer(committee, person)};
    return rules_check_evaluator(NULL, &ev, v);
}

/* An evaluator's place in a draw by seed: SHA-256(seed ":" id). */
struct drawn {
    unsigned char key[crypto_hash_sha256_BYTES];
    json_t *evaluator;
};

static int by_key(const void *a, const void *b)
{
    return memcmp(((const struct drawn *)a)->key, ((const struct drawn *)b)->key,
                  crypto_hash_sha256_BYTES);
}

/* Draws size of the eligible evaluators (each a row) by seed into panel. */
static enum err_code
draw(const json_t *eligible, const char *seed, int64_t size, json_t *panel, struct err *err)
{
    size_t n = json_array_size(eligible);
    if ((int64_t)n < size) {
        return err_set(err, ERR_CONFLICT, "size", "专家库中可以抽取的评委只有 %zu 人，不足 %lld 人",
                       "only %zu evaluators of the register may sit: fewer than %lld", n,
                       (long long)size);
    }
    struct drawn *order = xcalloc(n > 0 ? n : 1, sizeof(*order));
    for (size_t i = 0; i < n; i++) {
        char text[160];
        order[i].evaluator = json_array_get(eligible, i);
        int len = snprintf(text, sizeof(text), "%s:%lld", seed,
                           (long long)row_int(order[i].evaluator, "id"));
        crypto_hash_sha256(order[i].key, (const unsigned char *)text, (unsigned long long)len);
    }
    qsort(order, n, sizeof(*order), by_key);
    for (int64_t i = 0; i < size; i++) {
        json_array_append(panel, order[i].evaluator);
    }
    xfree(order);
    return ERR_OK;
}

/* The panel's members as recorded: id, name and employer. */
static json_t *panel_json(const json_t *chosen)
{
    json_t *out = json_array();
    size_t i;
    json_t *e;
    json_array_foreach(chosen, i, e)
    {
        json_array_append_new(
            out, json_pack("{sI, ss, ss}", "evaluator_id", (json_int_t)row_int(e, "id"), "name",
                           row_text(e, "name"), "employer", row_text(e, "employer")));
    }
    return out;
}

/* Chooses the panel: the evaluators a->input names (each checked), or a
 * draw of its size by its seed (a new one when none is given) among
 * those who may sit. */
static enum err_code choose(const struct args *a,
                            const json_t *register_rows,
                            const json_t *bids,
                            const json_t *committee,
                            json_t *panel,
                            char seed[SEED_TEXT_MAX],
                            struct err *err)
{
    struct verdict v;
    const json_t *ids = args_json(a, "evaluator_ids");
    enum err_code rc = ERR_OK;
    size_t i, k;
    json_t *e, *id;
    seed[0] = '\0';
    if (ids != NULL && !json_is_null(ids)) {
        json_array_foreach(ids, k, id)
        {
            const json_t *found = NULL;
            json_array_foreach(register_rows, i, e)
            {
                found = row_int(e, "id") == json_integer_value(id) ? e : found;
            }
            if (found == NULL) {
                return err_set(err, ERR_INVALID, "evaluator_ids", "评委须是本镇专家库中在库的专家",
                               "the evaluators must be on the township's register");
            }
            json_array_foreach(panel, i, e)
            {
                if (row_int(e, "id") == json_integer_value(id)) {
                    return err_set(err, ERR_INVALID, "evaluator_ids", "评委 %s 重复",
                                   "the evaluator %s is named twice", row_text(e, "name"));
                }
            }
            rc = verdict_settle(evaluator_verdict(found, bids, committee, &v), &v, NULL, err);
            if (rc != ERR_OK) {
                return rc;
            }
            json_array_append(panel, (json_t *)found);
        }
        return ERR_OK;
    }
    json_t *eligible = json_array();
    json_array_foreach(register_rows, i, e)
    {
        if (evaluator_verdict(e, bids, committee, &v) == VERDICT_OK) {
            json_array_append(eligible, e);
        }
    }
    if (args_text(a, "seed") != NULL) {
        snprintf(seed, SEED_TEXT_MAX, "%s", args_text(a, "seed"));
    } else {
        unsigned char raw[SEED_BYTES];
        randombytes_buf(raw, sizeof(raw));
        sodium_bin2hex(seed, 2 * SEED_BYTES + 1, raw, sizeof(raw));
    }
    rc = draw(eligible, seed, args_int(a, "size"), panel, err);
    json_decref(eligible);
    return rc;
}

static enum err_code
panel_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL, *bids = NULL, *committee = NULL, *register_rows = NULL;
    json_t *panel = json_array();
    struct verdict v;
    char seed[SEED_TEXT_MAX], now[UTC_TEXT_MAX];
    bool chosen =
        args_json(a, "evaluator_ids") != NULL && !json_is_null(args_json(a, "evaluator_ids"));
    enum err_code rc = project_load(x->c, a->id, &row, err);
    if (rc == ERR_OK) {
        rc = project_at(row, PROJECT_OPENED, err);
    }
    if (rc == ERR_OK && json_is_array(json_object_get(row, "panel"))) {
        rc = procedure_refuse(err, PROCEDURE_PANEL_FORMED, NULL);
    }
    if (rc == ERR_OK && chosen == (args_int(a, "size") != 0)) {
        rc = err_set(err, ERR_INVALID, "size", "请给出抽取的人数，或指定评委（二者择一）",
                     "give the number to draw, or name the evaluators (one or the other)");
    }
    if (rc == ERR_OK) {
        int64_t size =
            chosen ? (int64_t)json_array_size(args_json(a, "evaluator_ids")) : args_int(a, "size");
        rc = verdict_settle(rules_check_panel_size(NULL, project_method(row), size, &v), &v, NULL,
                            err);
    }
    if (rc == ERR_OK) {
        rc = bids_of(x, a->id, &bids, err);
    }
    if (rc == ERR_OK) {
        rc = committee_of(x, row, &committee, err);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(x->c, &register_rows, err,
                              "SELECT id, name, employer, person_id FROM evaluators"
                              " WHERE township_id = ? AND active = 1 ORDER BY id",
                              "t", row_text(row, "township_id"));
    }
    if (rc == ERR_OK) {
        rc = choose(a, register_rows, bids, committee, panel, seed, err);
    }
    if (rc == ERR_OK) {
        ctx_now_text(x, now);
        json_object_set_new(row, "panel", panel_json(panel));
        json_object_set_new(row, "panel_seed", seed[0] ? json_string(seed) : json_null());
        json_object_set_new(row, "panel_formed_at", json_string(now));
        rc = project_record_step(x, row, PROJECT_OPENED, result, err);
    }
    json_decref(panel);
    json_decref(register_rows);
    json_decref(committee);
    json_decref(bids);
    json_decref(row);
    return rc;
}

static const struct field panel_fields[] = {
    F_INT("size", FIELD_NULLABLE, 1, 25, "随机抽取的人数", "how many to draw"),
    F_TEXT("seed",
           FIELD_NULLABLE,
           64,
           "抽取所用的随机种子（不填则自动生成）",
           "the draw's seed (made when not given)"),
    F_IDS("evaluator_ids", FIELD_NULLABLE, 25, "指定的评委", "the evaluators chosen"),
    F_END,
};

const struct command panel_command = {
    .name = "project.panel",
    .method = "POST",
    .path = "/api/v1/projects/{id}/panel",
    .cap = CAP_PROCUREMENT_WRITE,
    .status = 200,
    .fields = panel_fields,
    .run = panel_body,
    .zh = "组建评标委员会（从专家库随机抽取，记录随机种子；或指定）",
    .en = "Form the evaluation panel (drawn from the register by a recorded seed, or chosen)",
    .entity = &project_entity,
    .scope = "SELECT township_id FROM projects WHERE id = ?",
};
