/*
 * The red flags of a whole register in one pass. Each project's own flags
 * come from red_flags_scan for every step it reached. The flags across
 * projects sort instead of searching: the awards by township, group of
 * bidders (their sorted ids) and day, so that a group's awards are one run
 * and each award's window is found by a second pointer; the direct
 * purchases by township and day, each compared with the township's
 * purchases of its window before it. The rules themselves are
 * red_flags_rotation and red_flags_split, the very functions the steps
 * call. See red_flags_register.h.
 */
#include "rules/red_flags_register.h"

#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>

/* The entry the step-wise functions' flags are raised on. */
struct pass {
    const struct rf_entry *e;
    rf_entry_fn raise;
    void *ctx;
};

static void forward(void *ctx, const struct rf_raised *r)
{
    const struct pass *p = ctx;
    p->raise(p->ctx, p->e, r);
}

/* ---- each project's own ---- */

static void own_flags(const struct rulebook *rb,
                      const struct rf_entry *entries,
                      size_t n,
                      rf_entry_fn raise,
                      void *ctx)
{
    for (size_t i = 0; i < n; i++) {
        const struct rf_entry *e = &entries[i];
        struct pass pass = {e, raise, ctx};
        for (enum red_flag_at at = RED_FLAG_AT_TENDER; e->stepped && at <= e->reached; at++) {
            red_flags_scan(rb, e->p, at, forward, &pass);
        }
    }
}

/* ---- bid rotation ---- */

/* An award and the group that bid for it (its bidders' ids, sorted). */
struct award_key {
    int64_t township;
    uint64_t hash;
    const int64_t *group;
    size_t n_group;
    int64_t day;
    int64_t project;
    const struct rf_entry *e;
};

static int compare_ids(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

#define ORDER(x, y)                                                                                \
    do {                                                                                           \
        if ((x) != (y)) {                                                                          \
            return (x) < (y) ? -1 : 1;                                                             \
        }                                                                                          \
    } while (0)

/* The same township and group of bidders: 0. */
static int compare_groups(const struct award_key *a, const struct award_key *b)
{
    ORDER(a->township, b->township);
    ORDER(a->hash, b->hash);
    ORDER(a->n_group, b->n_group);
    for (size_t i = 0; i < a->n_group; i++) {
        ORDER(a->group[i], b->group[i]);
    }
    return 0;
}

static int compare_awards(const void *pa, const void *pb)
{
    const struct award_key *a = pa, *b = pb;
    int same = compare_groups(a, b);
    if (same != 0) {
        return same;
    }
    ORDER(a->day, b->day);
    ORDER(a->project, b->project);
    return 0;
}

/* FNV-1a over the group's ids. */
static uint64_t group_hash(const int64_t *ids, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        uint64_t v = (uint64_t)ids[i];
        for (int k = 0; k < 8; k++) {
            h = (h ^ ((v >> (8 * k)) & 0xff)) * 1099511628211ULL;
        }
    }
    return h;
}

static void rotations(const struct rulebook *rb,
                      const struct rf_entry *entries,
                      size_t n,
                      rf_entry_fn raise,
                      void *ctx)
{
    size_t n_awards = 0, n_ids = 0;
    for (size_t i = 0; i < n; i++) {
        if (entries[i].awarded_day != 0 && entries[i].p->n_bids >= 2) {
            n_awards++;
            n_ids += entries[i].p->n_bids;
        }
    }
    struct award_key *keys = xcalloc(n_awards + 1, sizeof(*keys));
    int64_t *ids = xcalloc(n_ids + 1, sizeof(*ids));
    struct rf_award *window = xcalloc(n_awards + 1, sizeof(*window));
    size_t k = 0, used = 0;
    for (size_t i = 0; i < n; i++) {
        const struct rf_entry *e = &entries[i];
        if (e->awarded_day == 0 || e->p->n_bids < 2) {
            continue;
        }
        int64_t *group = ids + used;
        for (size_t b = 0; b < e->p->n_bids; b++) {
            group[b] = e->p->bidders[e->p->bids[b].bidder].id;
        }
        qsort(group, e->p->n_bids, sizeof(*group), compare_ids);
        used += e->p->n_bids;
        keys[k++] = (struct award_key){e->township,
                                       group_hash(group, e->p->n_bids),
                                       group,
                                       e->p->n_bids,
                                       e->awarded_day,
                                       e->p->id,
                                       e};
    }
    qsort(keys, n_awards, sizeof(*keys), compare_awards);
    int64_t span = rb->procurement.flags.rotation_window_days;
    for (size_t first = 0, i = 0; i < n_awards; i++) {
        const struct award_key *a = &keys[i];
        if (i > 0 && compare_groups(&keys[i - 1], a) != 0) {
            first = i; /* a new group */
        }
        while (keys[first].day < a->day - span) {
            first++;
        }
        for (size_t j = first; j <= i; j++) {
            window[j - first] = (struct rf_award){keys[j].project, keys[j].e->p->awarded_bid,
                                                  keys[j].e->supplier, keys[j].day};
        }
        struct pass pass = {a->e, raise, ctx};
        red_flags_rotation(rb, window, i - first + 1, forward, &pass);
    }
    xfree(window);
    xfree(ids);
    xfree(keys);
}

/* ---- split purchases ---- */

static int compare_purchases(const void *pa, const void *pb)
{
    const struct rf_entry *a = *(const struct rf_entry *const *)pa;
    const struct rf_entry *b = *(const struct rf_entry *const *)pb;
    ORDER(a->township, b->township);
    ORDER(a->contract_day, b->contract_day);
    ORDER(a->p->id, b->p->id);
    return 0;
}

/* True when purchases a and b are from one supplier or for one matter. */
static bool related(const struct rf_entry *a, const struct rf_entry *b)
{
    return (a->supplier != 0 && a->supplier == b->supplier) ||
           (a->matter != 0 && a->matter == b->matter);
}

static void splits(const struct rulebook *rb,
                   const struct rf_entry *entries,
                   size_t n,
                   rf_entry_fn raise,
                   void *ctx)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        m += entries[i].p->method == PROCUREMENT_DIRECT && entries[i].contract_day != 0;
    }
    const struct rf_entry **order = xcalloc(m + 1, sizeof(*order));
    struct rf_purchase *window = xcalloc(m + 1, sizeof(*window));
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (entries[i].p->method == PROCUREMENT_DIRECT && entries[i].contract_day != 0) {
            order[k++] = &entries[i];
        }
    }
    qsort(order, m, sizeof(*order), compare_purchases);
    int64_t span = rb->procurement.flags.split_window_days;
    for (size_t i = 0; i < m; i++) {
        const struct rf_entry *e = order[i];
        size_t w = 0;
        /* The related ones of the window before it, newest first ... */
        for (size_t j = i; j-- > 0;) {
            const struct rf_entry *o = order[j];
            if (o->township != e->township || o->contract_day < e->contract_day - span) {
                break;
            }
            if (related(o, e)) {
                window[w++] = (struct rf_purchase){o->p->id, o->contract_day, o->p->contract_fen,
                                                   o->threshold_fen};
            }
        }
        /* ... oldest first, and it last. */
        for (size_t a = 0, b = w; a + 1 < b; a++, b--) {
            struct rf_purchase t = window[a];
            window[a] = window[b - 1];
            window[b - 1] = t;
        }
        window[w++] =
            (struct rf_purchase){e->p->id, e->contract_day, e->p->contract_fen, e->threshold_fen};
        struct pass pass = {e, raise, ctx};
        red_flags_split(rb, window, w, forward, &pass);
    }
    xfree(window);
    xfree(order);
}

void red_flags_register(const struct rulebook *rb,
                        const struct rf_entry *entries,
                        size_t n,
                        rf_entry_fn raise,
                        void *ctx)
{
    own_flags(rb, entries, n, raise, ctx);
    rotations(rb, entries, n, raise, ctx);
    splits(rb, entries, n, raise, ctx);
}
