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

/* A purchase in one of the two orders: by supplier, or by matter. */
struct purchase_key {
    int64_t township, key, day, project;
    const struct rf_entry *e;
};

static int compare_purchase_keys(const void *pa, const void *pb)
{
    const struct purchase_key *a = pa, *b = pb;
    ORDER(a->township, b->township);
    ORDER(a->key, b->key);
    ORDER(a->day, b->day);
    ORDER(a->project, b->project);
    return 0;
}

/* The purchases with a key (a supplier, a matter; 0: none), in order of
 * township, key and day; *n of them. */
static struct purchase_key *
purchases_by(const struct rf_entry *entries, size_t n, bool by_supplier, size_t *out)
{
    struct purchase_key *keys = xcalloc(n + 1, sizeof(*keys));
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const struct rf_entry *e = &entries[i];
        int64_t key = by_supplier ? e->supplier : e->matter;
        if (e->p->method == PROCUREMENT_DIRECT && e->contract_day != 0 && key != 0) {
            keys[k++] = (struct purchase_key){e->township, key, e->contract_day, e->p->id, e};
        }
    }
    qsort(keys, k, sizeof(*keys), compare_purchase_keys);
    *out = k;
    return keys;
}

/* Appends to w the purchases before keys[i] of its township and key in
 * the window, newest first, but those skip says are there already. */
static size_t window_before(const struct purchase_key *keys,
                            size_t i,
                            int64_t span,
                            bool (*skip)(const struct rf_entry *, const struct rf_entry *),
                            const struct rf_entry **w,
                            size_t n)
{
    const struct purchase_key *k = &keys[i];
    for (size_t j = i; j-- > 0;) {
        const struct purchase_key *o = &keys[j];
        if (o->township != k->township || o->key != k->key || o->day < k->day - span) {
            break;
        }
        if (skip == NULL || !skip(o->e, k->e)) {
            w[n++] = o->e;
        }
    }
    return n;
}

/* The same supplier: counted by the supplier's order already. */
static bool same_supplier(const struct rf_entry *a, const struct rf_entry *b)
{
    return a->supplier != 0 && a->supplier == b->supplier;
}

static int compare_by_day(const void *pa, const void *pb)
{
    const struct rf_entry *a = *(const struct rf_entry *const *)pa;
    const struct rf_entry *b = *(const struct rf_entry *const *)pb;
    ORDER(a->contract_day, b->contract_day);
    ORDER(a->p->id, b->p->id);
    return 0;
}

/* Each purchase with those of its window before it from its supplier,
 * and those for its matter (the two orders found by a search of the
 * other's position). */
static void splits(const struct rulebook *rb,
                   const struct rf_entry *entries,
                   size_t n,
                   rf_entry_fn raise,
                   void *ctx)
{
    size_t n_s = 0, n_m = 0;
    struct purchase_key *by_s = purchases_by(entries, n, true, &n_s);
    struct purchase_key *by_m = purchases_by(entries, n, false, &n_m);
    const struct rf_entry **related = xcalloc(n_s + n_m + 1, sizeof(*related));
    struct rf_purchase *window = xcalloc(n_s + n_m + 1, sizeof(*window));
    int64_t span = rb->procurement.flags.split_window_days;
    /* Every purchase with a supplier, then those with a matter alone. */
    for (size_t i = 0; i < n_s + n_m; i++) {
        const struct rf_entry *e = i < n_s ? by_s[i].e : by_m[i - n_s].e;
        if (i >= n_s && e->supplier != 0) {
            continue;
        }
        size_t w = i < n_s ? window_before(by_s, i, span, NULL, related, 0) : 0;
        if (e->matter != 0) {
            struct purchase_key key = {e->township, e->matter, e->contract_day, e->p->id, e};
            const struct purchase_key *at =
                bsearch(&key, by_m, n_m, sizeof(*by_m), compare_purchase_keys);
            w = window_before(by_m, (size_t)(at - by_m), span, same_supplier, related, w);
        }
        qsort(related, w, sizeof(*related), compare_by_day);
        for (size_t k = 0; k < w; k++) {
            const struct rf_entry *o = related[k];
            window[k] = (struct rf_purchase){o->p->id, o->contract_day, o->p->contract_fen,
                                             o->threshold_fen};
        }
        window[w] =
            (struct rf_purchase){e->p->id, e->contract_day, e->p->contract_fen, e->threshold_fen};
        struct pass pass = {e, raise, ctx};
        red_flags_split(rb, window, w + 1, forward, &pass);
    }
    xfree(window);
    xfree(related);
    xfree(by_m);
    xfree(by_s);
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
