/*
 * The demo's budgets: the fiscal year 2026 draft with its lines, the
 * congress's vote after the committee's study, and the months'
 * expenditures (large ones citing a resolution that authorises them).
 * See demo_town.h.
 */
#include "demo/demo_town.h"

#include "areas/budget/budget.h"

#include <stdio.h>
#include <string.h>

enum err_code demo__open_budget(struct town *t, struct err *err)
{
    const char *const purposes[] = {"机关运行经费", "农村道路养护", "防汛抗旱",     "环境综合整治",
                                    "困难群众救助", "文化体育活动", "农业产业扶持", "平安建设"};
    char title[120];
    snprintf(title, sizeof(title), "2026年度镇级财政预算");
    enum err_code rc =
        demo__run(t, DEMO_START + 4 * DAY, &budget_create_command, 0,
                  json_pack("{si, ss}", "fiscal_year", 2026, "title", title), &t->budget, err);
    size_t n = 6 + (size_t)demo__rng_below(&t->rng, 3);
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        int64_t dept = 0, owner = 0, line = 0;
        const char *name = NULL;
        demo__department(t, &dept, &name, &owner);
        int64_t amount = (50 + demo__rng_below(&t->rng, 750)) * 1000000; /* 50万 to 800万 yuan */
        rc = demo__run(t, DEMO_START + (9 + (int64_t)i) * DAY, &budget_add_line_command, t->budget,
                       json_pack("{ss, sI, sI, sI}", "purpose", purposes[i], "amount_fen",
                                 (json_int_t)amount, "owner_id", (json_int_t)owner, "department_id",
                                 (json_int_t)dept),
                       &line, err);
        json_array_append_new(t->lines,
                              json_pack("{sI, sI, sI}", "id", (json_int_t)line, "amount_fen",
                                        (json_int_t)amount, "department_id", (json_int_t)dept));
    }
    return rc;
}

int64_t demo__budget_total(const struct town *t)
{
    int64_t total = 0;
    size_t i;
    json_t *l;
    json_array_foreach(t->lines, i, l)
    {
        total += (int64_t)json_integer_value(json_object_get(l, "amount_fen"));
    }
    return total;
}

/* The deputies of t's congress (person ids, by id) and, picked at random,
 * up to max_absent of them absent (a new array of ids). */
static enum err_code congress_roll(
    struct town *t, int64_t max_absent, int64_t *entitled, json_t **absent, struct err *err)
{
    json_t *deputies = NULL;
    *absent = json_array();
    enum err_code rc =
        store_query_json(t->x.c, &deputies, err,
                         "SELECT m.person_id FROM memberships m JOIN posts po ON po.id = m.post_id"
                         " JOIN organizations o ON o.id = po.organization_id"
                         " WHERE o.township_id = ? AND o.class = 'congress' ORDER BY m.person_id",
                         "t", t->id);
    size_t n = rc == ERR_OK ? json_array_size(deputies) : 0;
    *entitled = (int64_t)n;
    for (int64_t k = demo__rng_below(&t->rng, max_absent + 1); n > 0 && k > 0; k--) {
        /* Every n-th after a random start: no one twice. */
        size_t at = ((size_t)demo__rng_below(&t->rng, (int64_t)n) + (size_t)k * 7) % n;
        json_t *id = json_object_get(json_array_get(deputies, at), "person_id");
        bool twice = false;
        size_t i;
        json_t *seen;
        json_array_foreach(*absent, i, seen)
        {
            twice = twice || json_equal(seen, id);
        }
        if (!twice) {
            json_array_append(*absent, id);
        }
    }
    json_decref(deputies);
    return rc;
}

enum err_code demo__congress_vote(struct town *t, int64_t at, struct err *err)
{
    int64_t entitled = 0;
    json_t *absent = NULL;
    char voted_on[11];
    utc_shanghai_date(at, voted_on);
    enum err_code rc = congress_roll(t, 6, &entitled, &absent, err);
    int64_t present = entitled - (int64_t)json_array_size(absent);
    int64_t against = demo__rng_below(&t->rng, 4), abstain = demo__rng_below(&t->rng, 3);
    if (rc == ERR_OK) {
        rc = demo__run(t, at, &budget_congress_vote_command, t->budget,
                       json_pack("{ss, ss, sO, sI, sI, sI, sI}", "session",
                                 "镇第十八届人民代表大会第五次会议", "voted_on", voted_on, "absent",
                                 absent, "votes_for", (json_int_t)(present - against - abstain),
                                 "votes_against", (json_int_t)against, "abstentions",
                                 (json_int_t)abstain, "adopted_fen",
                                 (json_int_t)demo__budget_total(t)),
                       NULL, err);
    }
    json_decref(absent);
    return rc;
}

/* The congress's vote on an adjustment, with its roll, as the command's
 * "vote" object (new). */
enum err_code demo__adjustment_vote(struct town *t, int64_t at, json_t **vote, struct err *err)
{
    int64_t entitled = 0;
    json_t *absent = NULL;
    char voted_on[11];
    utc_shanghai_date(at, voted_on);
    enum err_code rc = congress_roll(t, 8, &entitled, &absent, err);
    int64_t present = entitled - (int64_t)json_array_size(absent);
    *vote = rc == ERR_OK ? json_pack("{ss, ss, so, sI, si, si}", "session",
                                     "镇第十八届人民代表大会第六次会议", "voted_on", voted_on,
                                     "absent", absent, "votes_for", (json_int_t)(present - 3),
                                     "votes_against", 1, "abstentions", 2)
                         : NULL;
    if (*vote == NULL) {
        json_decref(absent);
    }
    return rc;
}

/* The index in t->lines of line id, or the number of lines when none. */
static size_t line_index(const struct town *t, int64_t id)
{
    size_t i;
    const json_t *l;
    json_array_foreach(t->lines, i, l)
    {
        if (json_integer_value(json_object_get(l, "id")) == id) {
            return i;
        }
    }
    return json_array_size(t->lines);
}

/* A resolution of t->passed that authorises spending on day spent_on
 * (after it passed at, within its period, with money left), or NULL. */
static json_t *pick_resolution(struct town *t, int64_t at, const char *spent_on)
{
    size_t np = json_array_size(t->passed);
    if (np == 0) {
        return NULL;
    }
    json_t *r = json_array_get(t->passed, (size_t)demo__rng_below(&t->rng, (int64_t)np));
    const char *until = json_string_value(json_object_get(r, "until"));
    bool open = json_integer_value(json_object_get(r, "at")) < at && until != NULL &&
                strcmp(spent_on, until) <= 0 &&
                json_integer_value(json_object_get(r, "left_fen")) > 0;
    return open ? r : NULL;
}

/* A month's expenditures: small ones freely, large ones only citing a
 * resolution that authorises them (its line, within its period and its
 * amount). */
enum err_code demo__spend_month(struct town *t, int64_t month_start, struct err *err)
{
    const char *const purposes[] = {"日常办公支出", "道路修补工程款", "防汛物资采购",
                                    "保洁服务费",   "救助金发放",     "活动场地租赁"};
    enum err_code rc = ERR_OK;
    int64_t n = 1 + demo__rng_below(&t->rng, 3);
    for (int64_t k = 0; rc == ERR_OK && k < n; k++) {
        size_t li = (size_t)demo__rng_below(&t->rng, (int64_t)json_array_size(t->lines));
        int64_t amount = (2 + demo__rng_below(&t->rng, 60)) * 100000; /* 2千 to 6万 yuan */
        int64_t at = month_start + (1 + demo__rng_below(&t->rng, 25)) * DAY;
        char spent_on[11], purpose[240];
        utc_shanghai_date(at, spent_on);
        snprintf(purpose, sizeof(purpose), "%s",
                 purposes[demo__rng_below(&t->rng, ARRAY_SIZE(purposes))]);
        json_t *resolution =
            demo__rng_chance(&t->rng, 30) ? pick_resolution(t, at, spent_on) : NULL;
        if (resolution != NULL) {
            int64_t left = json_integer_value(json_object_get(resolution, "left_fen"));
            li = line_index(t, json_integer_value(json_object_get(resolution, "line_id")));
            amount = (12 + demo__rng_below(&t->rng, 60)) * 1000000; /* 12万 to 72万 yuan */
            amount = amount < left ? amount : left;
            snprintf(purpose, sizeof(purpose), "按决议拨付：%s",
                     json_string_value(json_object_get(resolution, "title")));
        }
        const json_t *line = json_array_get(t->lines, li);
        if (line == NULL ||
            amount > json_integer_value(json_object_get(line, "amount_fen")) - t->spent[li]) {
            continue;
        }
        json_t *in = json_pack("{sI, ss, ss}", "amount_fen", (json_int_t)amount, "purpose", purpose,
                               "spent_on", spent_on);
        if (resolution != NULL) {
            json_object_set(in, "resolution_id", json_object_get(resolution, "id"));
        }
        rc = demo__run(t, at, &expenditure_create_command,
                       (int64_t)json_integer_value(json_object_get(line, "id")), in, NULL, err);
        t->spent[li] += rc == ERR_OK ? amount : 0;
        if (rc == ERR_OK && resolution != NULL) {
            json_object_set_new(
                resolution, "left_fen",
                json_integer(json_integer_value(json_object_get(resolution, "left_fen")) - amount));
        }
    }
    return rc;
}
