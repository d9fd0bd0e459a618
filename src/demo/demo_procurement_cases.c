/*
 * The demo's planted cases, each in one township, on fixed figures so
 * that the red flags find them and nothing else: Zhibu's road repair
 * (the seed's "one road repair saved over 1.4 million yuan"), an open
 * tender whose winning bid is 1.512 million yuan under the control price;
 * in Jiyang, three road maintenance contracts for which the same three
 * bidders bid and take turns to win (flag.rotating_winners); in Datang,
 * office furniture bought from one supplier as two direct purchases
 * under the amount that needs competition (flag.split_purchase).
 */
#include "demo/demo_procurement.h"

#include "areas/meeting/meeting.h"
#include "areas/procurement/procurement.h"

#include <stdio.h>
#include <string.h>

/* A matter of the township, routine, decided alone by the responsible
 * member on day decided: its id. */
static enum err_code routine_matter(struct procurement *p,
                                    const char *title,
                                    int64_t amount,
                                    int64_t decided,
                                    int64_t *matter,
                                    struct err *err)
{
    struct town *t = p->t;
    int64_t dept = 0, responsible = 0;
    const char *dept_name = NULL;
    demo__department(t, &dept, &dept_name, &responsible);
    enum err_code rc = demo__run(
        t, decided - 3 * DAY, &matter_create_command, 0,
        json_pack("{ss, ss, sI, sI, sI, sI}", "title", title, "category", "routine_affairs",
                  "amount_fen", (json_int_t)amount, "proposer_id", (json_int_t)responsible,
                  "responsible_id", (json_int_t)responsible, "department_id", (json_int_t)dept),
        matter, err);
    if (rc == ERR_OK) {
        rc = demo__run(t, decided, &matter_decide_command, *matter,
                       json_pack("{ss}", "note", "属年度计划内的日常事务，按规定办理"), NULL, err);
    }
    return rc;
}

/* Zhibu's road: the open tender of its matter, decided at its meeting. */
static enum err_code zhibu_road(struct procurement *p, struct err *err)
{
    json_t *m = NULL;
    int64_t decided = 0, id = 0, awarded_at = 0;
    enum err_code rc = store_query_row(p->t->x.c, &m, err,
                                       "SELECT a.matter_id, a.concluded_at FROM agenda_items a"
                                       " JOIN matters m ON m.id = a.matter_id"
                                       " WHERE m.township_id = ? AND m.title = ?"
                                       " AND a.status = 'passed'",
                                       "tt", p->t->id, DEMO_ROAD);
    if (rc == ERR_OK && (m == NULL || !utc_parse(row_text(m, "concluded_at"), &decided))) {
        rc = err_set(err, ERR_INTERNAL, NULL, "演示数据缺少直埠镇道路修复的决议",
                     "the demo lacks Zhibu's road repair resolution");
    }
    if (rc == ERR_OK) {
        rc = demo__project(p, row_int(m, "matter_id"), "紫阆至直埠集镇道路修复工程", "works",
                           "open_tender", DEMO_ROAD_FEN, 1248000000, decided, &id, err);
    }
    /* Five bids; the lowest, 10,968,000 yuan, wins on price and technique alike. */
    struct tender_bids bids = {
        .n = 5,
        .who = {0, 1, 2, 3, 4},
        .price_fen = {1165000000, 1096800000, 1189000000, 1132000000, 1205000000},
        .by_price = true,
    };
    int64_t published = decided + 12 * DAY;
    if (rc == ERR_OK) {
        rc = demo__tender_to_award(p, id, true, published, published + 30 * DAY, &bids, &awarded_at,
                                   err);
    }
    if (rc == ERR_OK) {
        rc = demo__awarded_to_settlement(p, id, awarded_at, err);
    }
    json_decref(m);
    return rc;
}

/* Jiyang's road maintenance: three quarters' contracts, negotiated among
 * the same three bidders, each quarter's lowest another of them. */
static enum err_code jiyang_rotation(struct procurement *p, struct err *err)
{
    static const char *const quarters[] = {"一", "二", "三"};
    int64_t matter = 0, decided = DEMO_START + 62 * DAY;
    enum err_code rc =
        routine_matter(p, "2026年度农村公路日常养护", 54000000, decided, &matter, err);
    for (int q = 0; rc == ERR_OK && q < 3; q++) {
        char title[160];
        int64_t id = 0, awarded_at = 0, at = decided + q * 91 * DAY;
        snprintf(title, sizeof(title), "2026年第%s季度农村公路日常养护", quarters[q]);
        rc = demo__project(p, matter, title, "works", "negotiation", 18000000, 17800000, at, &id,
                           err);
        struct tender_bids bids = {.n = 3, .who = {0, 1, 2}, .by_price = true};
        for (int k = 0; k < 3; k++) {
            /* The quarter's winner bids 95.2%, the others 97.6% and 98.9%. */
            int rank = (k - q + 3) % 3;
            bids.price_fen[k] = 17800000 / 1000 * (rank == 0 ? 952 : rank == 1 ? 976 : 989);
        }
        int64_t published = at + 12 * DAY;
        if (rc == ERR_OK) {
            rc = demo__tender_to_award(p, id, false, published, published + 10 * DAY, &bids,
                                       &awarded_at, err);
        }
        if (rc == ERR_OK) {
            rc = demo__awarded_to_settlement(p, id, awarded_at, err);
        }
    }
    return rc;
}

/* Datang's office furniture: two direct purchases from one supplier, ten
 * days apart, 42,000 and 39,500 yuan, where goods need competition from
 * 50,000. */
static enum err_code datang_split(struct procurement *p, struct err *err)
{
    static const int64_t prices[] = {4200000, 3950000};
    static const char *const what[] = {"便民服务中心办公桌椅购置", "便民服务中心档案柜购置"};
    int64_t matter = 0, decided = DEMO_START + 200 * DAY;
    enum err_code rc =
        routine_matter(p, "便民服务中心办公家具更新", 8500000, decided, &matter, err);
    for (int i = 0; rc == ERR_OK && i < 2; i++) {
        int64_t id = 0, at = decided + i * 10 * DAY;
        rc = demo__project(p, matter, what[i], "goods", "direct", prices[i], prices[i], at, &id,
                           err);
        if (rc == ERR_OK) {
            rc = demo__contract_to_settlement(p, id, at + 15 * DAY, prices[i], true, 3, err);
        }
    }
    return rc;
}

enum err_code demo__procurement_cases(struct procurement *p, struct err *err)
{
    /* A generator of their own (settlements vary), the rest unchanged. */
    p->rng.state = 0xCA5E5ULL;
    if (strcmp(p->t->id, "zhibu") == 0) {
        return zhibu_road(p, err);
    }
    if (strcmp(p->t->id, "jiyang") == 0) {
        return jiyang_rotation(p, err);
    }
    if (strcmp(p->t->id, "datang") == 0) {
        return datang_split(p, err);
    }
    return ERR_OK;
}
