/*
 * The red flags' scan of one project. See red_flags.h.
 */
#include "rules/red_flags.h"

#include <stdio.h>
#include <string.h>

#define DAY_MS (24LL * 3600 * 1000)

static const struct {
    const char *id;
    enum red_flag_at at;
    const char *zh, *en, *args, *message_zh, *message_en, *source;
} flags[RED_FLAG_N] = {
#define RED_FLAG_ROW(name, id, at, zh, en, args, mzh, men, source)                                 \
    {id, at, zh, en, args, mzh, men, source},
    RED_FLAG_TABLE(RED_FLAG_ROW)
#undef RED_FLAG_ROW
};

const char *red_flag_name(enum red_flag f)
{
    return flags[f].id;
}

enum red_flag_at red_flag_at(enum red_flag f)
{
    return flags[f].at;
}

const char *red_flag_title(enum red_flag f, bool english)
{
    return english ? flags[f].en : flags[f].zh;
}

const char *red_flag_format(enum red_flag f, bool english)
{
    return english ? flags[f].message_en : flags[f].message_zh;
}

const char *red_flag_source(enum red_flag f)
{
    return flags[f].source;
}

bool red_flag_find(const char *name, enum red_flag *out)
{
    for (int f = 0; name != NULL && f < RED_FLAG_N; f++) {
        if (strcmp(flags[f].id, name) == 0) {
            *out = (enum red_flag)f;
            return true;
        }
    }
    return false;
}

void red_flag_message(const struct rf_raised *r, bool english, char *out, size_t size)
{
    const char *format = red_flag_format(r->flag, english);
    if (flags[r->flag].args[0] == 'd') {
        /* The table's formats, one %lld each where args says 'd'
         * (tests/unit/test_red_flags.c checks). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        snprintf(out, size, format, (long long)r->figure);
#pragma GCC diagnostic pop
    } else {
        snprintf(out, size, "%s", format);
    }
}

/* A scan in progress: the rulebook, the project, where flags go. */
struct scan {
    const struct rulebook *rb;
    const struct rf_project *p;
    rf_raise_fn raise;
    void *ctx;
};

static void
raise_flag(const struct scan *s, enum red_flag f, const int64_t *bids, size_t n, int64_t figure)
{
    struct rf_raised r = {.flag = f, .figure = figure};
    for (size_t i = 0; i < n && r.n_bids < RF_EVIDENCE; i++) {
        r.bids[r.n_bids++] = bids[i];
    }
    s->raise(s->ctx, &r);
}

/* part / whole in per mille, rounded half up (both positive). */
static int64_t permille(int64_t part, int64_t whole)
{
    return (int64_t)(((__int128)part * 2000 + whole) / (2 * (__int128)whole));
}

/* True when both texts are given, not blank, and equal. */
static bool same(const char *a, const char *b)
{
    return a != NULL && b != NULL && a[0] != '\0' && strcmp(a, b) == 0;
}

static bool bidders_share(const struct rf_bidder *a, const struct rf_bidder *b)
{
    return a->id != b->id &&
           (same(a->legal_representative, b->legal_representative) ||
            same(a->contact_name, b->contact_name) || same(a->phone, b->phone) ||
            same(a->address, b->address) || same(a->bank_account, b->bank_account));
}

static void at_tender(const struct scan *s)
{
    const struct rf_project *p = s->p;
    int64_t least = s->rb->procurement.submission_days[p->method];
    int64_t days = (p->deadline_ms - p->published_ms) / DAY_MS;
    /* Only where the law sets a least period worth the name. */
    if (least > 0 && days < least + s->rb->procurement.flags.short_margin_days) {
        raise_flag(s, RED_FLAG_SHORT_PERIOD, NULL, 0, days);
    }
}

static void at_opening(const struct scan *s)
{
    const struct rf_project *p = s->p;
    int64_t ids[RF_EVIDENCE];
    size_t n = 0;
    if (p->n_bids == 1) {
        raise_flag(s, RED_FLAG_SINGLE_BIDDER, &p->bids[0].id, 1, 0);
    }
    if (p->n_bids < 2) {
        return;
    }
    /* Identical prices: each bid whose price another bid has too. */
    for (size_t i = 0; i < p->n_bids; i++) {
        for (size_t j = 0; j < p->n_bids; j++) {
            if (i != j && p->bids[i].price_fen == p->bids[j].price_fen && n < RF_EVIDENCE) {
                ids[n++] = p->bids[i].id;
                break;
            }
        }
    }
    if (n > 0) {
        raise_flag(s, RED_FLAG_IDENTICAL_PRICES, ids, n, 0);
    }
    /* Close bids: the spread (highest - lowest) within the parameter of
     * the lowest, identical prices aside (three bids or more: two close
     * bids are what competition gives). */
    int64_t lo = p->bids[0].price_fen, hi = lo;
    for (size_t i = 1; i < p->n_bids; i++) {
        lo = p->bids[i].price_fen < lo ? p->bids[i].price_fen : lo;
        hi = p->bids[i].price_fen > hi ? p->bids[i].price_fen : hi;
    }
    int64_t spread = lo > 0 ? permille(hi - lo, lo) : 0;
    if (p->n_bids >= 3 && hi > lo && spread < s->rb->procurement.flags.close_bids_permille) {
        n = 0;
        for (size_t i = 0; i < p->n_bids && n < RF_EVIDENCE; i++) {
            ids[n++] = p->bids[i].id;
        }
        raise_flag(s, RED_FLAG_CLOSE_BIDS, ids, n, s->rb->procurement.flags.close_bids_permille);
    }
    /* Shared details: each bid whose bidder shares one with another's. */
    n = 0;
    for (size_t i = 0; i < p->n_bids; i++) {
        for (size_t j = 0; j < p->n_bids; j++) {
            if (i != j && n < RF_EVIDENCE &&
                bidders_share(&p->bidders[p->bids[i].bidder], &p->bidders[p->bids[j].bidder])) {
                ids[n++] = p->bids[i].id;
                break;
            }
        }
    }
    if (n > 0) {
        raise_flag(s, RED_FLAG_SHARED_DETAILS, ids, n, 0);
    }
}

static void at_award(const struct scan *s)
{
    const struct rf_project *p = s->p;
    const struct rf_bid *won = NULL, *lowest = NULL;
    size_t others = 0, others_out = 0;
    for (size_t i = 0; i < p->n_bids; i++) {
        const struct rf_bid *b = &p->bids[i];
        won = b->id == p->awarded_bid ? b : won;
        lowest = lowest == NULL || b->price_fen < lowest->price_fen ? b : lowest;
        if (b->id != p->awarded_bid) {
            others++;
            others_out += b->disqualified ? 1 : 0;
        }
    }
    if (won == NULL) {
        return;
    }
    int64_t gap = p->control_price_fen - won->price_fen;
    int64_t near = s->rb->procurement.flags.near_control_permille;
    if (p->control_price_fen > 0 && permille(gap < 0 ? -gap : gap, p->control_price_fen) < near) {
        raise_flag(s, RED_FLAG_NEAR_CONTROL_PRICE, &won->id, 1, near);
    }
    if (others > 0 && others_out == others) {
        int64_t ids[RF_EVIDENCE];
        size_t n = 0;
        for (size_t i = 0; i < p->n_bids && n < RF_EVIDENCE; i++) {
            if (p->bids[i].id != p->awarded_bid) {
                ids[n++] = p->bids[i].id;
            }
        }
        raise_flag(s, RED_FLAG_ALL_BUT_WINNER_DISQUALIFIED, ids, n, 0);
    }
    if (p->price_only && lowest->disqualified) {
        raise_flag(s, RED_FLAG_LOWEST_DISQUALIFIED, &lowest->id, 1, 0);
    }
}

void red_flags_scan(const struct rulebook *rb,
                    const struct rf_project *p,
                    enum red_flag_at at,
                    rf_raise_fn raise,
                    void *ctx)
{
    const struct scan s = {rb, p, raise, ctx};
    const int64_t *won = p->awarded_bid != 0 ? &p->awarded_bid : NULL;
    switch (at) {
    case RED_FLAG_AT_TENDER:
        at_tender(&s);
        break;
    case RED_FLAG_AT_OPENING:
        at_opening(&s);
        break;
    case RED_FLAG_AT_AWARD:
        at_award(&s);
        break;
    case RED_FLAG_AT_CONTRACT:
        if (p->contract_early) {
            raise_flag(&s, RED_FLAG_CONTRACT_EARLY, won, won ? 1 : 0, 0);
        }
        break;
    case RED_FLAG_AT_CHANGE:
        if (p->contract_fen > 0 && p->changes_fen > 0 &&
            permille(p->changes_fen, p->contract_fen) > rb->procurement.flags.change_permille) {
            raise_flag(&s, RED_FLAG_CHANGE_SHARE, won, won ? 1 : 0,
                       permille(p->changes_fen, p->contract_fen));
        }
        break;
    case RED_FLAG_AT_SETTLEMENT:
        if (p->contract_fen > 0 && p->settlement_fen > p->contract_fen &&
            permille(p->settlement_fen - p->contract_fen, p->contract_fen) >
                rb->procurement.flags.overrun_permille) {
            raise_flag(&s, RED_FLAG_SETTLEMENT_OVERRUN, won, won ? 1 : 0,
                       permille(p->settlement_fen - p->contract_fen, p->contract_fen));
        }
        break;
    }
}
