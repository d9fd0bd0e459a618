/*
 * The rulebook's "procurement" section (docs/rules.md, "Procurement"):
 * by kind, the amounts from which an open tender and a competitive method
 * are required; by method, the least submission period; and the red
 * flags' parameters (docs/red-flags.md). Read strictly, written whole, and
 * left out of a document that keeps the seed's. See rulebook.h.
 */
#include "rules/rulebook.h"
#include "rules/rulebook_read.h"

#include <stddef.h>
#include <string.h>

static const char *const procurement_keys[] = {"kinds", "submission_days", "red_flags", NULL};
static const char *const procurement_kind_keys[] = {"open_tender_fen", "competitive_fen", NULL};
const char *const rulebook_procurement_kinds[PROCUREMENT_KINDS + 1] = {"works", "goods", "services",
                                                                       NULL};
const char *const rulebook_procurement_methods[PROCUREMENT_METHODS + 1] = {
    "direct", "single_source", "negotiation", "invited_tender", "open_tender", NULL};

/* A red flag's parameter: its key, where it is, its bounds. */
struct flag_param {
    const char *key;
    size_t offset;
    int64_t min, max;
};

/* The parameters: name, least, most. */
#define FLAG_PARAMS(X)                                                                             \
    X(near_control_permille, 0, 1000)                                                              \
    X(close_bids_permille, 0, 1000)                                                                \
    X(short_margin_days, 0, 1000)                                                                  \
    X(change_permille, 0, 1000)                                                                    \
    X(overrun_permille, 0, 1000)                                                                   \
    X(rotation_window_days, 1, 3660)                                                               \
    X(rotation_min_projects, 2, 1000)                                                              \
    X(split_window_days, 1, 366)

#define FLAG_PARAM_ROW(name, min, max)                                                             \
    {#name,                                                                                        \
     offsetof(struct rule_procurement, flags.name) - offsetof(struct rule_procurement, flags),     \
     min, max},
static const struct flag_param flag_params[] = {FLAG_PARAMS(FLAG_PARAM_ROW){NULL, 0, 0, 0}};

#define FLAG_PARAM_KEY(name, min, max) #name,
static const char *const flag_keys[] = {FLAG_PARAMS(FLAG_PARAM_KEY) NULL};

void rulebook_seed_procurement(struct rule_procurement *out)
{
    *out = (struct rule_procurement){
        .open_tender_fen = {50000000, 100000000, 100000000},
        .competitive_fen = {10000000, 5000000, 5000000},
        .submission_days = {0, 0, 3, 20, 20},
        .flags = {10, 10, 5, 100, 100, 365, 3, 30},
    };
}

bool rulebook__procurement_is_seed(const struct rule_procurement *p)
{
    struct rule_procurement seed;
    rulebook_seed_procurement(&seed);
    return memcmp(p, &seed, sizeof(seed)) == 0;
}

/* The thresholds of kind k in obj ("procurement.kinds"). */
static enum err_code read_kind(
    const json_t *obj, const char *parent, int k, struct rule_procurement *out, struct err *err)
{
    char path[RULEBOOK_PATH_LEN];
    const json_t *t = NULL;
    enum err_code rc = rulebook__read_object(obj, parent, rulebook_procurement_kinds[k],
                                             procurement_kind_keys, path, &t, err);
    if (rc == ERR_OK) {
        rc = rulebook__read_int(t, path, "open_tender_fen", 1, RULEBOOK_MAX_FEN,
                                &out->open_tender_fen[k], err);
    }
    if (rc == ERR_OK) {
        rc = rulebook__read_int(t, path, "competitive_fen", 1, out->open_tender_fen[k],
                                &out->competitive_fen[k], err);
    }
    return rc;
}

/* The document's "procurement", or the seed's when it has none. */
enum err_code
rulebook__read_procurement(const json_t *doc, struct rule_procurement *out, struct err *err)
{
    char path[RULEBOOK_PATH_LEN], sub[RULEBOOK_PATH_LEN];
    const json_t *p = NULL, *obj = NULL;
    rulebook_seed_procurement(out);
    if (json_object_get(doc, "procurement") == NULL) {
        return ERR_OK;
    }
    enum err_code rc =
        rulebook__read_object(doc, "", "procurement", procurement_keys, path, &p, err);
    if (rc == ERR_OK) {
        rc = rulebook__read_object(p, path, "kinds", rulebook_procurement_kinds, sub, &obj, err);
    }
    for (int k = 0; rc == ERR_OK && k < PROCUREMENT_KINDS; k++) {
        rc = read_kind(obj, sub, k, out, err);
    }
    if (rc == ERR_OK) {
        rc = rulebook__read_object(p, path, "submission_days", rulebook_procurement_methods, sub,
                                   &obj, err);
    }
    /* The seed's periods are the law's least (docs/rules.md): no version
     * goes below them. */
    for (int m = 0; rc == ERR_OK && m < PROCUREMENT_METHODS; m++) {
        rc = rulebook__read_int(obj, sub, rulebook_procurement_methods[m], out->submission_days[m],
                                365, &out->submission_days[m], err);
    }
    /* The red flags' parameters may be left out, each: the seed's. */
    if (rc != ERR_OK || json_object_get(p, "red_flags") == NULL) {
        return rc;
    }
    rc = rulebook__read_object(p, path, "red_flags", flag_keys, sub, &obj, err);
    for (size_t i = 0; rc == ERR_OK && flag_params[i].key != NULL; i++) {
        const struct flag_param *f = &flag_params[i];
        if (json_object_get(obj, f->key) != NULL) {
            rc = rulebook__read_int(obj, sub, f->key, f->min, f->max,
                                    (int64_t *)((char *)&out->flags + f->offset), err);
        }
    }
    return rc;
}

json_t *rulebook_procurement_json(const struct rulebook *rb)
{
    const struct rule_procurement *p = &rb->procurement;
    json_t *kinds = json_object(), *days = json_object();
    for (int k = 0; k < PROCUREMENT_KINDS; k++) {
        json_object_set_new(kinds, rulebook_procurement_kinds[k],
                            json_pack("{sI, sI}", "open_tender_fen",
                                      (json_int_t)p->open_tender_fen[k], "competitive_fen",
                                      (json_int_t)p->competitive_fen[k]));
    }
    for (int m = 0; m < PROCUREMENT_METHODS; m++) {
        json_object_set_new(days, rulebook_procurement_methods[m],
                            json_integer(p->submission_days[m]));
    }
    json_t *flags = json_object();
    for (size_t i = 0; flag_params[i].key != NULL; i++) {
        int64_t value = *(const int64_t *)((const char *)&p->flags + flag_params[i].offset);
        json_object_set_new(flags, flag_params[i].key, json_integer(value));
    }
    return json_pack("{so, so, so}", "kinds", kinds, "submission_days", days, "red_flags", flags);
}
