/*
 * The demo's works and purchases: in each township a register of bidders
 * (each with a valid unified social credit code) and of evaluators, and a
 * project for each of its first passed major projects and minor
 * purchases, taken through its steps on the simulated clock as far as the
 * demo's year reaches: design, control price, tender, bids, opening,
 * panel drawn by a recorded seed, review, award, contract, acceptance and
 * settlement. Fengqiao's bids come in lower (its saving rate near 11%);
 * in Diankou two bidders share a phone and a bank account and bid
 * together, which the red flags find. Its own generator, so the rest of
 * the demo stays as it was. See demo_town.h.
 */
#include "demo/demo_procurement.h"

#include "areas/procurement/procurement.h"
#include "core/alloc.h"
#include "rules/credit_code.h"

#include <stdio.h>
#include <string.h>

#define PROJECTS    5
#define OPEN_FROM   50000000 /* fen: an open tender (the seed's tender line) */
#define NEGOTIATION 3        /* a negotiation's panel */

static enum err_code register_bidders(struct procurement *p, struct err *err)
{
    static const char *const trades[] = {"建设工程", "路桥工程", "市政园林",
                                         "建材贸易", "水利建设", "装饰工程"};
    static const char *const people[] = {"王建国", "陈志强", "周立新",
                                         "何卫东", "楼海军", "赵国平"};
    enum err_code rc = ERR_OK;
    bool diankou = strcmp(p->t->id, "diankou") == 0;
    for (int i = 0; rc == ERR_OK && i < BIDDERS; i++) {
        char name[160], code[CREDIT_CODE_LEN + 1], phone[32], account[48];
        snprintf(name, sizeof(name), "诸暨市%s%s有限公司", demo__village(p->t), trades[i]);
        snprintf(code, sizeof(code), "913306810%02d%05d", p->t->index, i + 1);
        credit_code_fill(code);
        /* Diankou's last two share a phone and an account. */
        int same = diankou && i == BIDDERS - 1 ? i - 1 : i;
        snprintf(phone, sizeof(phone), "0575-87%02d%04d", p->t->index, 1000 + same);
        snprintf(account, sizeof(account), "6222 0211 %04d %04d", p->t->index, 2000 + same);
        rc = demo__run(p->t, DEMO_START + DAY, &bidder_create_command, 0,
                       json_pack("{ss, ss, ss, ss, ss}", "name", name, "registration_no", code,
                                 "legal_representative", people[i], "phone", phone, "bank_account",
                                 account),
                       &p->bidders[i], err);
    }
    return rc;
}

static enum err_code register_evaluators(struct procurement *p, struct err *err)
{
    static const char *const names[] = {"沈建明", "钟晓东", "蒋丽萍", "徐国华",
                                        "俞海燕", "宣立群", "郦志刚"};
    static const char *const specialties[] = {"道路工程", "市政工程", "工程造价", "建筑工程",
                                              "水利工程", "工程造价", "电气工程"};
    enum err_code rc = ERR_OK;
    for (int i = 0; rc == ERR_OK && i < EVALUATORS; i++) {
        rc = demo__run(p->t, DEMO_START + DAY, &evaluator_create_command, 0,
                       json_pack("{ss, ss, ss}", "name", names[i], "employer",
                                 "绍兴市综合评标专家库", "specialty", specialties[i]),
                       &p->evaluators[i], err);
    }
    return rc;
}

/* The project's bid review as the panel gives it: the price (weight 60)
 * scored by how close a bid is to the lowest, the technical proposal (40)
 * between 75 and 95, or 85 for all when by_price. */
static json_t *
review_input(struct procurement *p, const json_t *bids, const json_t *panel, bool by_price)
{
    int64_t lowest = 0;
    size_t i, k;
    json_t *b, *m;
    json_array_foreach(bids, i, b)
    {
        int64_t price = row_int(b, "price_fen");
        lowest = lowest == 0 || price < lowest ? price : lowest;
    }
    json_t *scores = json_array();
    json_array_foreach(bids, i, b)
    {
        int64_t price_score = lowest * 100 / row_int(b, "price_fen");
        json_array_foreach(panel, k, m)
        {
            json_array_append_new(
                scores, json_pack("{sI, sI, ss, sI}", "bid_id", (json_int_t)row_int(b, "id"),
                                  "evaluator_id", (json_int_t)row_int(m, "evaluator_id"),
                                  "criterion", "报价", "score", (json_int_t)price_score));
            json_array_append_new(
                scores, json_pack("{sI, sI, ss, sI}", "bid_id", (json_int_t)row_int(b, "id"),
                                  "evaluator_id", (json_int_t)row_int(m, "evaluator_id"),
                                  "criterion", "技术", "score",
                                  (json_int_t)(by_price ? 85 : 75 + demo__rng_below(&p->rng, 21))));
        }
    }
    return json_pack("{s[{ss, si, sb}, {ss, si, sb}], so}", "criteria", "name", "报价", "weight",
                     60, "price", 1, "name", "技术", "weight", 40, "price", 0, "scores", scores);
}

/* A date of the demo's clock, "YYYY-MM-DD" in Beijing. */
static void day_of(int64_t ms, char out[11])
{
    utc_shanghai_date(ms, out);
}

/* A bid's price: a share of the control price, lower in Fengqiao, to the
 * fen. */
static int64_t bid_price(struct procurement *p, int64_t control)
{
    bool fengqiao = strcmp(p->t->id, "fengqiao") == 0;
    int64_t permille =
        fengqiao ? 875 + demo__rng_below(&p->rng, 60) : 900 + demo__rng_below(&p->rng, 80);
    return control / 1000 * permille + demo__rng_below(&p->rng, 100000);
}

/* The bids of an ordinary tender: three to five of the register's
 * bidders in turn from one at random, or Diankou's colluding pair first. */
static void
ordinary_bids(struct procurement *p, int64_t control, bool collusion, struct tender_bids *b)
{
    b->n = 3 + (int)demo__rng_below(&p->rng, 3);
    b->by_price = false;
    int first = (int)demo__rng_below(&p->rng, BIDDERS);
    for (int k = 0; k < b->n; k++) {
        b->who[k] = collusion ? (k >= 2 ? k - 2 : BIDDERS - 2 + k % 2) : (first + k) % BIDDERS;
        b->price_fen[k] = bid_price(p, control);
    }
    /* Honest bids are not unusually close (flag.close_bids): when three
     * or more fall within 2% of each other, the last bidder prices higher. */
    int64_t lo = b->price_fen[0], hi = lo;
    for (int k = 1; k < b->n; k++) {
        lo = b->price_fen[k] < lo ? b->price_fen[k] : lo;
        hi = b->price_fen[k] > hi ? b->price_fen[k] : hi;
    }
    if (!collusion && (hi - lo) * 50 < lo) {
        b->price_fen[b->n - 1] = hi + control / 40;
    }
}

enum err_code demo__tender_to_award(struct procurement *p,
                                    int64_t id,
                                    bool open,
                                    int64_t published,
                                    int64_t due,
                                    const struct tender_bids *b,
                                    int64_t *awarded_at,
                                    struct err *err)
{
    struct town *t = p->t;
    char when[UTC_TEXT_MAX];
    utc_format(due, when);
    enum err_code rc = demo__run(t, published, &project_tender_command, id,
                                 json_pack("{ss}", "submission_deadline", when), NULL, err);
    *awarded_at = 0;
    for (int k = 0; rc == ERR_OK && k < b->n; k++) {
        rc = demo__run(t, published + (2 + k) * DAY, &bid_submit_command, id,
                       json_pack("{sI, sI}", "bidder_id", (json_int_t)p->bidders[b->who[k]],
                                 "price_fen", (json_int_t)b->price_fen[k]),
                       NULL, err);
    }
    if (rc != ERR_OK || due + DAY > DEMO_END) {
        return rc;
    }
    char seed[64];
    snprintf(seed, sizeof(seed), "%s-%lld", t->id, (long long)id);
    rc = demo__run(t, due + HOUR, &project_opening_command, id, json_object(), NULL, err);
    if (rc == ERR_OK) {
        rc = demo__run(t, due + 2 * HOUR, &panel_command, id,
                       json_pack("{si, ss}", "size", open ? 5 : NEGOTIATION, "seed", seed), NULL,
                       err);
    }
    json_t *row = NULL, *bids = NULL;
    if (rc == ERR_OK) {
        rc = project_load(t->x.c, id, &row, err);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(t->x.c, &bids, err,
                              "SELECT id, price_fen FROM bids WHERE project_id = ? ORDER BY id",
                              "i", id);
    }
    if (rc == ERR_OK) {
        rc =
            demo__run(t, due + DAY, &evaluation_command, id,
                      review_input(p, bids, json_object_get(row, "panel"), b->by_price), NULL, err);
    }
    json_decref(row);
    row = NULL;
    if (rc == ERR_OK) {
        rc = project_load(t->x.c, id, &row, err);
    }
    if (rc == ERR_OK) {
        const json_t *first_ranked =
            json_array_get(json_object_get(json_object_get(row, "bid_review"), "ranking"), 0);
        char on[11];
        day_of(due + 3 * DAY, on);
        *awarded_at = due + 3 * DAY;
        rc = demo__run(t, *awarded_at, &award_command, id,
                       json_pack("{sI, ss}", "bid_id", (json_int_t)row_int(first_ranked, "bid_id"),
                                 "awarded_on", on),
                       NULL, err);
    }
    json_decref(bids);
    json_decref(row);
    return rc;
}

enum err_code demo__contract_to_settlement(struct procurement *p,
                                           int64_t id,
                                           int64_t signed_at,
                                           int64_t price,
                                           bool direct,
                                           int supplier,
                                           struct err *err)
{
    struct town *t = p->t;
    char on[11], ends[11];
    day_of(signed_at, on);
    day_of(signed_at + 90 * DAY, ends);
    json_t *in = json_pack("{sI, ss, ss, ss}", "price_fen", (json_int_t)price, "signed_on", on,
                           "starts_on", on, "ends_on", ends);
    if (direct) {
        int which = supplier >= 0 ? supplier : (int)demo__rng_below(&p->rng, BIDDERS - 2);
        json_object_set_new(in, "supplier_id", json_integer(p->bidders[which]));
    }
    enum err_code rc = demo__run(t, signed_at, &contract_command, id, in, NULL, err);
    int64_t accepted_at = signed_at + 100 * DAY;
    if (rc == ERR_OK && accepted_at <= DEMO_END) {
        day_of(accepted_at, on);
        rc = demo__run(t, accepted_at, &acceptance_command, id,
                       json_pack("{ss, s[ss], ss}", "accepted_on", on, "inspectors", "镇建设办",
                                 "监理单位", "result", "passed"),
                       NULL, err);
    }
    int64_t settled_at = accepted_at + 30 * DAY;
    if (rc == ERR_OK && settled_at <= DEMO_END) {
        day_of(settled_at, on);
        int64_t amount = price + price * (demo__rng_below(&p->rng, 40) - 10) / 1000;
        rc = demo__run(t, settled_at, &settlement_command, id,
                       json_pack("{sI, ss, ss}", "amount_fen", (json_int_t)amount, "settled_on", on,
                                 "audited_by", "诸暨市审计局"),
                       NULL, err);
    }
    return rc;
}

enum err_code demo__project(struct procurement *p,
                            int64_t matter,
                            const char *title,
                            const char *kind,
                            const char *method,
                            int64_t amount,
                            int64_t control,
                            int64_t decided,
                            int64_t *id,
                            struct err *err)
{
    struct town *t = p->t;
    char on[11];
    enum err_code rc =
        demo__run(t, decided + 2 * DAY, &project_create_command, 0,
                  json_pack("{sI, ss, ss, ss, sI}", "matter_id", (json_int_t)matter, "title", title,
                            "kind", kind, "method", method, "amount_fen", (json_int_t)amount),
                  id, err);
    day_of(decided + 5 * DAY, on);
    if (rc == ERR_OK) {
        rc = demo__run(t, decided + 5 * DAY, &project_design_command, *id,
                       json_pack("{ss, ss}", "approved_by", "镇建设办", "approved_on", on), NULL,
                       err);
    }
    day_of(decided + 9 * DAY, on);
    if (rc == ERR_OK) {
        rc =
            demo__run(t, decided + 9 * DAY, &project_price_command, *id,
                      json_pack("{sI, ss, ss}", "control_price_fen", (json_int_t)control,
                                "reviewed_by", "诸暨市建设工程造价咨询有限公司", "reviewed_on", on),
                      NULL, err);
    }
    return rc;
}

enum err_code
demo__awarded_to_settlement(struct procurement *p, int64_t id, int64_t awarded_at, struct err *err)
{
    int64_t price = 0;
    if (awarded_at == 0 || awarded_at + 7 * DAY > DEMO_END) {
        return ERR_OK;
    }
    enum err_code rc = store_query_int(p->t->x.c, &price, NULL, err,
                                       "SELECT b.price_fen FROM bids b JOIN projects p"
                                       " ON p.awarded_bid_id = b.id WHERE p.id = ?",
                                       "i", id);
    if (rc == ERR_OK) {
        rc = demo__contract_to_settlement(p, id, awarded_at + 7 * DAY, price, false, -1, err);
    }
    return rc;
}

/* A project of the passed matter m (a row: matter_id, title, category,
 * amount_fen, concluded_at). */
static enum err_code one_project(struct procurement *p, const json_t *m, struct err *err)
{
    struct town *t = p->t;
    int64_t decided = 0, id = 0, amount = row_int(m, "amount_fen");
    bool works = strcmp(row_text(m, "category"), "major_project") == 0;
    int64_t competitive = works ? 10000000 : 5000000;
    const char *method = amount >= OPEN_FROM     ? "open_tender"
                         : amount >= competitive ? "negotiation"
                                                 : "direct";
    bool open = amount >= OPEN_FROM, direct = amount < competitive;
    char title[240];
    if (!utc_parse(row_text(m, "concluded_at"), &decided) || amount <= 0) {
        return ERR_OK;
    }
    snprintf(title, sizeof(title), "%s%s", row_text(m, "title"), works ? "工程" : "采购");
    int64_t control = amount / 10000 * (9500 + demo__rng_below(&p->rng, 500));
    enum err_code rc = demo__project(p, row_int(m, "matter_id"), title, works ? "works" : "goods",
                                     method, amount, control, decided, &id, err);
    if (rc != ERR_OK || direct) {
        return rc == ERR_OK ? demo__contract_to_settlement(p, id, decided + 15 * DAY,
                                                           bid_price(p, control), true, -1, err)
                            : rc;
    }
    int64_t published = decided + 12 * DAY, due = published + (open ? 30 : 10) * DAY;
    /* Diankou's first tender draws its colluding pair. */
    bool collusion = strcmp(t->id, "diankou") == 0 && !p->colluded;
    p->colluded = p->colluded || collusion;
    struct tender_bids bids = {.n = 0};
    ordinary_bids(p, control, collusion, &bids);
    int64_t awarded_at = 0;
    rc = demo__tender_to_award(p, id, open, published, due, &bids, &awarded_at, err);
    if (rc == ERR_OK) {
        rc = demo__awarded_to_settlement(p, id, awarded_at, err);
    }
    return rc;
}

enum err_code demo__procure(struct town *t, struct err *err)
{
    struct procurement *p = xcalloc(1, sizeof(*p));
    json_t *matters = NULL;
    p->t = t;
    p->rng.state = 0xB1D5ULL ^ ((uint64_t)(t->index + 1) * 0x9E3779B97F4A7C15ULL);
    enum err_code rc = register_bidders(p, err);
    if (rc == ERR_OK) {
        rc = register_evaluators(p, err);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(
            t->x.c, &matters, err,
            "SELECT a.matter_id, m.title, m.category, m.amount_fen, a.concluded_at"
            " FROM agenda_items a JOIN matters m ON m.id = a.matter_id"
            " WHERE a.township_id = ? AND a.status = 'passed'"
            " AND m.category IN ('major_project', 'procurement_minor') ORDER BY a.id",
            "t", t->id);
    }
    size_t i;
    json_t *m;
    json_array_foreach(rc == ERR_OK ? matters : NULL, i, m)
    {
        if (i >= PROJECTS) {
            break;
        }
        rc = one_project(p, m, err);
        if (rc != ERR_OK) {
            break;
        }
    }
    if (rc == ERR_OK) {
        rc = demo__procurement_cases(p, err);
    }
    json_decref(matters);
    xfree(p);
    return rc;
}
