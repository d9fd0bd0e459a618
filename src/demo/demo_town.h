/*
 * Internal to the demo loader (demo_meetings.c, demo_town.c,
 * demo_budget.c): the fixed-seed generator, the township being loaded
 * (its committee, departments, villages, portfolios, budget lines) and the
 * helpers that run commands on its simulated clock.
 */
#ifndef PROBITY_DEMO_TOWN_H
#define PROBITY_DEMO_TOWN_H

#include "areas/org/org.h"
#include "core/page.h"
#include "record/command.h"
#include "record/row.h"
#include "rules/procedure.h"
#include "rules/verdict.h"

#define HOUR (3600LL * 1000)
#define DAY  (24 * HOUR)
/* The last day of the demo's fiscal year, 2026-12-31, in Asia/Shanghai. */
#define DEMO_YEAR_END "2026-12-31"
/* 2025-12-01T00:00:00+08:00: the demo's first instant. */
#define DEMO_START  1764518400000LL
#define MAX_MEMBERS 16

/* A splitmix64 generator: the same seed gives the same demo. */
struct rng {
    uint64_t state;
};

/* The next 64 random bits. */
uint64_t demo__rng_next(struct rng *r);
/* A number in [0, n). */
int64_t demo__rng_below(struct rng *r, int64_t n);
/* True with probability percent / 100. */
bool demo__rng_chance(struct rng *r, int percent);

struct member {
    int64_t person;
    bool secretary;
    bool discipline;
};

/* The township being loaded. */
struct town {
    const char *id;
    int index;
    const char *committee_room;  /* where the party committee meets ("镇党委三楼会议室") */
    const char *government_room; /* where joint meetings are held ("镇政府二楼会议室") */
    struct rng rng;
    struct member members[MAX_MEMBERS]; /* committee members, by person id */
    size_t n_members;
    json_t *departments; /* [{"id","name"}] */
    json_t *villages;    /* [{"name"}] */
    json_t *portfolios;  /* [{"person_id","department_id"}] */
    /* Passed resolutions that authorise spending: [{"id", "at", "line_id",
     * "left_fen", "until", "title"}], what is left to spend citing each. */
    json_t *passed;
    int64_t budget;
    json_t *lines; /* the budget's lines [{"id","amount_fen","department_id"}] */
    int64_t spent[32];
    struct ctx x; /* its clock is set per command */
};

/* A command on an id, and one on the township. */
/* Runs cmd at now on record id (0 for a command on the township) with
 * input in (taken) and keeps the answer's item id in *out (may be NULL). */
MUST_CHECK enum err_code demo__run(struct town *t,
                                   int64_t now,
                                   const struct command *cmd,
                                   int64_t id,
                                   json_t *in,
                                   int64_t *out,
                                   struct err *err);
/* One of the n strings, at random. */
const char *demo__pick(struct town *t, const char *const *list, size_t n);
/* A village's name, at random. */
const char *demo__village(struct town *t);
/* A department and the member whose portfolio covers it (else a deputy). */
void demo__department(struct town *t, int64_t *dept, const char **name, int64_t *responsible);
/* Loads the township's committee, departments, villages and portfolios. */
MUST_CHECK enum err_code demo__load_town(struct store_conn *c, struct town *t, struct err *err);
void demo__free_town(struct town *t);

/* demo_budget.c: the fiscal year's draft and lines; their sum; the
 * congress's vote at (and on an adjustment, as a "vote" object), with the
 * roll of its deputies; a month's expenditures. */
MUST_CHECK enum err_code demo__open_budget(struct town *t, struct err *err);
int64_t demo__budget_total(const struct town *t);
MUST_CHECK enum err_code demo__congress_vote(struct town *t, int64_t at, struct err *err);
MUST_CHECK enum err_code
demo__adjustment_vote(struct town *t, int64_t at, json_t **vote, struct err *err);
MUST_CHECK enum err_code demo__spend_month(struct town *t, int64_t month_start, struct err *err);

/* demo_procurement.c: the township's bidders, evaluators, and a project
 * for each of its first passed major projects and minor purchases; then
 * the cases planted for the red flags to find, and Zhibu's road. */
MUST_CHECK enum err_code demo__procure(struct town *t, struct err *err);
/* Zhibu's road repair: its matter (decided at a meeting of its own in
 * demo_meetings.c) and its estimate, in fen. */
#define DEMO_ROAD     "紫阆至直埠集镇道路修复工程项目安排"
#define DEMO_ROAD_FEN 1300000000LL

#endif
