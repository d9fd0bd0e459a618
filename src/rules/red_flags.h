/*
 * Red flags of works and purchases (docs/red-flags.md): signs, never
 * verdicts, that a project's competition may not have been real. Each is
 * a named rule with its parameters in the rulebook (procurement.red_flags)
 * and its source. Pure and allocation-free: the caller lays a project out
 * as below, and each flag raised is handed to a callback with its
 * evidence (the bids and bidders concerned, and a figure). The same scan
 * serves one project as its steps record it and a whole register in the
 * benchmark (bench/).
 */
#ifndef PROBITY_RULES_RED_FLAGS_H
#define PROBITY_RULES_RED_FLAGS_H

#include "rules/rulebook.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Columns: C name, stable id, the step whose record raises it, its title
 * (zh-CN, English), the message's argument ('d' the figure, "" none) and
 * the messages, and its source.
 */
#define RED_FLAG_TABLE(X)                                                                          \
    X(SHORT_PERIOD, "flag.short_period", RED_FLAG_AT_TENDER, "投标期限过短",                       \
      "short submission period", "d", "投标期限仅 %lld 天，接近法定最短期限",                      \
      "the bids were given only %lld days, close to the least the law allows",                     \
      "OCDS Cardinal R003; 招标投标法第二十四条")                                                  \
    X(SINGLE_BIDDER, "flag.single_bidder", RED_FLAG_AT_OPENING, "只有一家投标",                    \
      "single bid received", "", "只收到一家投标，没有竞争",                                       \
      "only one bid was received: no competition", "OCDS Cardinal R018")                           \
    X(IDENTICAL_PRICES, "flag.identical_prices", RED_FLAG_AT_OPENING, "投标报价相同",              \
      "identical bid prices", "", "不同投标人的报价完全相同",                                      \
      "different bidders offered exactly the same price",                                          \
      "OCDS Cardinal R028; 招标投标法实施条例第四十条")                                            \
    X(CLOSE_BIDS, "flag.close_bids", RED_FLAG_AT_OPENING, "投标报价异常接近",                      \
      "bid prices unusually close", "d", "各家报价相差不到最低报价的 %lld‰",                       \
      "the bids lie within %lld per mille of the lowest",                                          \
      "OCDS Cardinal R024; 招标投标法实施条例第四十条")                                            \
    X(SHARED_DETAILS, "flag.shared_details", RED_FLAG_AT_OPENING, "投标人信息雷同",                \
      "bidders share details", "", "不同投标人登记的联系人、电话、地址、银行账号或法定代表人相同", \
      "different bidders registered the same contact, phone, address, bank account or legal "      \
      "representative",                                                                            \
      "招标投标法实施条例第三十四条、第四十条; OCP Red Flags for Integrity")                       \
    X(NEAR_CONTROL_PRICE, "flag.near_control_price", RED_FLAG_AT_AWARD, "中标价贴近控制价",        \
      "winning bid close to the control price", "d", "中标价与控制价相差不到 %lld‰",               \
      "the winning bid is within %lld per mille of the control price",                             \
      "OCP Red Flags for Integrity: the winning bid very close to the estimate")                   \
    X(ALL_BUT_WINNER_DISQUALIFIED, "flag.all_but_winner_disqualified", RED_FLAG_AT_AWARD,          \
      "除中标人外均被否决", "all except the winning bid disqualified", "",                         \
      "除中标人外，其他投标均被否决", "every bid but the winning one was disqualified",            \
      "OCDS Cardinal R035")                                                                        \
    X(LOWEST_DISQUALIFIED, "flag.lowest_disqualified", RED_FLAG_AT_AWARD, "最低报价被否决",        \
      "lowest bid disqualified", "", "只按价格评标，最低报价却被否决",                             \
      "the lowest bid was disqualified though price was the only criterion", "OCDS Cardinal R036") \
    X(CHANGE_SHARE, "flag.change_share", RED_FLAG_AT_CHANGE, "合同变更金额过大",                   \
      "change orders large", "d", "合同变更累计达合同价的 %lld‰",                                  \
      "the change orders add up to %lld per mille of the contract price",                          \
      "OCP Red Flags for Integrity: contract amendments increase its value")                       \
    X(SETTLEMENT_OVERRUN, "flag.settlement_overrun", RED_FLAG_AT_SETTLEMENT, "决算超合同价",       \
      "settlement over the contract", "d", "决算超出合同价 %lld‰",                                 \
      "the settlement is %lld per mille over the contract price",                                  \
      "OCP Red Flags for Integrity: final cost above the contract")                                \
    X(CONTRACT_EARLY, "flag.contract_early", RED_FLAG_AT_CONTRACT, "合同早于定标签订",             \
      "contract signed before the award", "", "合同在定标之前签订（说明理由后准许的例外）",        \
      "the contract was signed before the award (an exception allowed with a justification)",      \
      "OCP Red Flags for Integrity: contract signed before the award; 招标投标法第四十六条")       \
    X(ROTATING_WINNERS, "flag.rotating_winners", RED_FLAG_AT_AWARD, "同一批投标人轮流中标",        \
      "the same bidders take turns to win", "d",                                                   \
      "同一批投标人一同投标的 %lld 个项目，由不同投标人轮流中标",                                  \
      "the same group of bidders bid together for %lld projects, and took turns to win",           \
      "OCP Red Flags for Integrity: bid rotation; 招标投标法实施条例第三十九条")                   \
    X(SPLIT_PURCHASE, "flag.split_purchase", RED_FLAG_AT_CONTRACT, "化整为零采购",                 \
      "a purchase split up", "d",                                                                  \
      "同一供应商或同一事项的直接采购合计 %lld 元，已达须竞争采购的金额",                          \
      "direct purchases from one supplier or for one matter add up to %lld yuan, an amount that "  \
      "needs competition",                                                                         \
      "OCP Red Flags for Integrity: splitting purchases below thresholds; ProZorro risk "          \
      "indicators; 政府采购法第二十八条")

enum red_flag {
#define RED_FLAG_ENUM(name, id, at, zh, en, args, mzh, men, source) RED_FLAG_##name,
    RED_FLAG_TABLE(RED_FLAG_ENUM)
#undef RED_FLAG_ENUM
        RED_FLAG_N
};

/* The step whose record completes a flag's evidence. */
enum red_flag_at {
    RED_FLAG_AT_TENDER,
    RED_FLAG_AT_OPENING,
    RED_FLAG_AT_AWARD,
    RED_FLAG_AT_CONTRACT,
    RED_FLAG_AT_CHANGE,
    RED_FLAG_AT_SETTLEMENT,
};

/* A bidder as the flags compare them (texts borrowed; NULL when not
 * registered). */
struct rf_bidder {
    int64_t id;
    const char *legal_representative;
    const char *contact_name;
    const char *phone;
    const char *address;
    const char *bank_account;
};

/* A bid (its bidder: an index into the project's bidders). */
struct rf_bid {
    int64_t id;
    size_t bidder;
    int64_t price_fen;
    bool disqualified;
};

/* A project as the flags read it. */
struct rf_project {
    int64_t id;
    enum procurement_method method;
    int64_t control_price_fen;
    int64_t published_ms, deadline_ms;
    const struct rf_bid *bids;
    size_t n_bids;
    const struct rf_bidder *bidders; /* the bids' bidders */
    size_t n_bidders;
    int64_t awarded_bid; /* the winning bid's id, 0 before the award */
    bool price_only;     /* the review's one criterion was the price */
    bool contract_early; /* the contract allowed, as an exception, before the award */
    int64_t contract_fen, changes_fen, settlement_fen;
};

/* A flag raised: which, the bids it concerns (ids, at most RF_EVIDENCE),
 * the other projects it concerns (a flag across projects), and its
 * figure (as its message says). */
#define RF_EVIDENCE 16
struct rf_raised {
    enum red_flag flag;
    int64_t bids[RF_EVIDENCE];
    size_t n_bids;
    int64_t projects[RF_EVIDENCE];
    size_t n_projects;
    int64_t figure;
};

typedef void (*rf_raise_fn)(void *ctx, const struct rf_raised *raised);

/* Raises every flag of step at that p shows, under rb's parameters. */
void red_flags_scan(const struct rulebook *rb,
                    const struct rf_project *p,
                    enum red_flag_at at,
                    rf_raise_fn raise,
                    void *ctx);

/*
 * Flags across projects (red_flags_across.c), each over a township's
 * records that the caller gathers, oldest first, the last being the one
 * whose step is recorded now: a flag is raised for that one alone, so
 * that a scan of a whole register raises each once.
 */

/* An award of a project for which one group of bidders (the same set)
 * bid: the project, the winning bid and its bidder, the day (days since
 * the epoch). */
struct rf_award {
    int64_t project;
    int64_t winning_bid;
    int64_t winner;
    int64_t day;
};

/* flag.rotating_winners: the awards of one group within the rotation
 * window before the last are rotation_min_projects or more, won by two
 * bidders or more. Evidence: the winning bids and their projects. */
void red_flags_rotation(const struct rulebook *rb,
                        const struct rf_award *awards,
                        size_t n,
                        rf_raise_fn raise,
                        void *ctx);

/* A direct purchase's contract, from one supplier or for one matter:
 * the project, its contract's day and price, and the amount from which
 * its kind needs a competitive method (the rulebook's competitive_fen). */
struct rf_purchase {
    int64_t project;
    int64_t day;
    int64_t price_fen;
    int64_t threshold_fen;
};

/* flag.split_purchase: the purchases within the split window before the
 * last, each below its threshold, add up to the least of those
 * thresholds or more. Evidence: the projects; figure: the sum in yuan. */
void red_flags_split(const struct rulebook *rb,
                     const struct rf_purchase *purchases,
                     size_t n,
                     rf_raise_fn raise,
                     void *ctx);

/* The flag's stable id ("flag.single_bidder"), its step, its title and
 * its message format in the language asked for, its source (static). */
const char *red_flag_name(enum red_flag f);
enum red_flag_at red_flag_at(enum red_flag f);
const char *red_flag_title(enum red_flag f, bool english);
const char *red_flag_format(enum red_flag f, bool english);
const char *red_flag_source(enum red_flag f);
/* The flag named name ("flag.single_bidder") into *out; false when none. */
bool red_flag_find(const char *name, enum red_flag *out);
/* Writes the raised flag's message in the language asked for into out. */
void red_flag_message(const struct rf_raised *r, bool english, char *out, size_t size);

#endif
