/*
 * The red flags across projects: a group of bidders taking turns to win
 * (bid rotation), and a purchase split into direct purchases each below
 * the amount that needs competition. Pure: the caller gathers the
 * records (one township's, oldest first). See red_flags.h.
 */
#include "rules/red_flags.h"

/* Adds id to a list of evidence, once, while there is room. */
static void add_once(int64_t *ids, size_t *n, int64_t id)
{
    for (size_t i = 0; i < *n; i++) {
        if (ids[i] == id) {
            return;
        }
    }
    if (*n < RF_EVIDENCE) {
        ids[(*n)++] = id;
    }
}

void red_flags_rotation(const struct rulebook *rb,
                        const struct rf_award *awards,
                        size_t n,
                        rf_raise_fn raise,
                        void *ctx)
{
    if (n == 0) {
        return;
    }
    const struct rf_award *last = &awards[n - 1];
    int64_t since = last->day - rb->procurement.flags.rotation_window_days;
    int64_t first_winner = last->winner, count = 0;
    bool rotated = false;
    struct rf_raised r = {.flag = RED_FLAG_ROTATING_WINNERS};
    /* The newest first, so that the evidence keeps the latest. */
    for (size_t i = n; i-- > 0;) {
        if (awards[i].day < since) {
            break;
        }
        count++;
        rotated = rotated || awards[i].winner != first_winner;
        add_once(r.bids, &r.n_bids, awards[i].winning_bid);
        if (awards[i].project != last->project) {
            add_once(r.projects, &r.n_projects, awards[i].project);
        }
    }
    if (rotated && count >= rb->procurement.flags.rotation_min_projects) {
        r.figure = count;
        raise(ctx, &r);
    }
}

void red_flags_split(const struct rulebook *rb,
                     const struct rf_purchase *purchases,
                     size_t n,
                     rf_raise_fn raise,
                     void *ctx)
{
    if (n < 2) {
        return;
    }
    const struct rf_purchase *last = &purchases[n - 1];
    int64_t since = last->day - rb->procurement.flags.split_window_days;
    int64_t sum = 0, least = INT64_MAX;
    size_t count = 0;
    struct rf_raised r = {.flag = RED_FLAG_SPLIT_PURCHASE};
    for (size_t i = n; i-- > 0;) {
        const struct rf_purchase *p = &purchases[i];
        if (p->day < since) {
            break;
        }
        if (p->price_fen >= p->threshold_fen) {
            continue; /* competed for, or to be: not a part of a split */
        }
        sum += p->price_fen;
        least = p->threshold_fen < least ? p->threshold_fen : least;
        count++;
        if (p->project != last->project) {
            add_once(r.projects, &r.n_projects, p->project);
        }
    }
    if (last->price_fen < last->threshold_fen && count >= 2 && sum >= least) {
        r.figure = sum / 100;
        raise(ctx, &r);
    }
}
