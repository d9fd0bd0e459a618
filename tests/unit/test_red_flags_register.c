/*
 * Unit tests of the red flags of a whole register (rules/red_flags_register.h):
 * on registers drawn at random (townships, matters, bidders that bid in
 * small groups, tenders awarded over a year, direct purchases around the
 * threshold), the one-pass scan raises exactly the flags that the steps
 * raise one by one, each found by asking as a step does (the oracle:
 * every earlier award of the group, every earlier related purchase), with
 * the same figures and evidence.
 */
#include "rules/red_flags_register.h"

#include "core/alloc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"

#define ENTRIES   80
#define BIDDERS   6
#define MAX_BIDS  4
#define FLAGS_MAX (ENTRIES * 16)

static struct rulebook book;

static int group_setup(void **state)
{
    int rc = unit_group_setup(state);
    rulebook_default(&book);
    /* A shorter window and fewer projects, so that random registers
     * show both flags often. */
    book.procurement.flags.rotation_window_days = 120;
    book.procurement.flags.split_window_days = 40;
    return rc;
}

/* A register drawn at random. */
struct drawn {
    struct rf_project projects[ENTRIES];
    struct rf_bid bids[ENTRIES][MAX_BIDS];
    struct rf_bidder bidders[ENTRIES][MAX_BIDS];
    struct rf_entry entries[ENTRIES];
};

static uint64_t next(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

static int64_t below(uint64_t *s, int64_t n)
{
    return (int64_t)(next(s) % (uint64_t)n);
}

static void draw(struct drawn *d, uint64_t seed)
{
    memset(d, 0, sizeof(*d));
    int64_t threshold = book.procurement.competitive_fen[PROCUREMENT_GOODS];
    for (int i = 0; i < ENTRIES; i++) {
        struct rf_project *p = &d->projects[i];
        struct rf_entry *e = &d->entries[i];
        bool direct = below(&seed, 10) < 4;
        p->id = 1000 + i;
        p->control_price_fen = 9000000;
        *e = (struct rf_entry){.p = p,
                               .stepped = true,
                               .township = 1 + below(&seed, 2),
                               .matter = 1 + below(&seed, 4),
                               .threshold_fen = threshold};
        if (direct) {
            p->method = PROCUREMENT_DIRECT;
            p->contract_fen = threshold / 2 + below(&seed, threshold * 3 / 4);
            /* Some paid to no supplier on record, some for no matter. */
            e->supplier = below(&seed, 8) == 0 ? 0 : 1 + below(&seed, BIDDERS);
            e->matter = below(&seed, 8) == 0 ? 0 : e->matter;
            e->contract_day = 20000 + below(&seed, 200);
            e->reached = RED_FLAG_AT_CONTRACT;
            continue;
        }
        /* A tender: two to four of the bidders, a few groups recurring. */
        p->method = PROCUREMENT_NEGOTIATION;
        size_t n = 2 + (size_t)below(&seed, MAX_BIDS - 1);
        int64_t start = below(&seed, 3);
        for (size_t b = 0; b < n; b++) {
            d->bidders[i][b] = (struct rf_bidder){.id = 1 + (start + (int64_t)b) % BIDDERS};
            d->bids[i][b] =
                (struct rf_bid){p->id * 10 + (int64_t)b, b, 8000000 + below(&seed, 900000), false};
        }
        p->bids = d->bids[i];
        p->n_bids = n;
        p->bidders = d->bidders[i];
        p->n_bidders = n;
        p->published_ms = 0;
        p->deadline_ms = 30LL * 24 * 3600 * 1000;
        size_t won = (size_t)below(&seed, (int64_t)n);
        p->awarded_bid = d->bids[i][won].id;
        e->supplier = d->bidders[i][won].id;
        e->awarded_day = 20000 + below(&seed, 300);
        e->reached = RED_FLAG_AT_AWARD;
    }
}

/* Flags caught, each as a line of text, sortable. */
struct caught {
    char lines[FLAGS_MAX][256];
    size_t n;
};

static void keep(struct caught *c, int64_t project, const struct rf_raised *r)
{
    assert_true(c->n < FLAGS_MAX);
    char *out = c->lines[c->n++];
    int used = snprintf(out, 256, "%lld %s %lld b", (long long)project, red_flag_name(r->flag),
                        (long long)r->figure);
    for (size_t i = 0; i < r->n_bids; i++) {
        used += snprintf(out + used, (size_t)(256 - used), " %lld", (long long)r->bids[i]);
    }
    used += snprintf(out + used, (size_t)(256 - used), " p");
    for (size_t i = 0; i < r->n_projects; i++) {
        used += snprintf(out + used, (size_t)(256 - used), " %lld", (long long)r->projects[i]);
    }
}

static void keep_entry(void *ctx, const struct rf_entry *e, const struct rf_raised *r)
{
    keep(ctx, e->p->id, r);
}

/* The oracle's flags go to the caught list under project. */
struct oracle_pass {
    struct caught *c;
    int64_t project;
};

static void keep_oracle(void *ctx, const struct rf_raised *r)
{
    const struct oracle_pass *o = ctx;
    keep(o->c, o->project, r);
}

static int compare_lines(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* Before: a is earlier than b by (day, project). */
static bool before(int64_t day_a, int64_t id_a, int64_t day_b, int64_t id_b)
{
    return day_a < day_b || (day_a == day_b && id_a < id_b);
}

/* The same group of bidders: the same set of ids. */
static bool same_group(const struct rf_project *a, const struct rf_project *b)
{
    if (a->n_bids != b->n_bids) {
        return false;
    }
    for (size_t i = 0; i < a->n_bids; i++) {
        bool found = false;
        for (size_t j = 0; j < b->n_bids && !found; j++) {
            found = a->bidders[a->bids[i].bidder].id == b->bidders[b->bids[j].bidder].id;
        }
        if (!found) {
            return false;
        }
    }
    return true;
}

static int compare_awards(const void *pa, const void *pb)
{
    const struct rf_award *a = pa, *b = pb;
    return before(a->day, a->project, b->day, b->project)   ? -1
           : before(b->day, b->project, a->day, a->project) ? 1
                                                            : 0;
}

static int compare_purchases(const void *pa, const void *pb)
{
    const struct rf_purchase *a = pa, *b = pb;
    return before(a->day, a->project, b->day, b->project)   ? -1
           : before(b->day, b->project, a->day, a->project) ? 1
                                                            : 0;
}

/* The steps one by one: each asks for what came before it. */
static void oracle(const struct drawn *d, struct caught *c)
{
    for (int i = 0; i < ENTRIES; i++) {
        const struct rf_entry *e = &d->entries[i];
        struct oracle_pass o = {c, e->p->id};
        for (enum red_flag_at at = RED_FLAG_AT_TENDER; at <= e->reached; at++) {
            red_flags_scan(&book, e->p, at, keep_oracle, &o);
        }
        if (e->awarded_day != 0) {
            struct rf_award awards[ENTRIES];
            size_t n = 0;
            for (int j = 0; j < ENTRIES; j++) {
                const struct rf_entry *o2 = &d->entries[j];
                if (o2->awarded_day != 0 && o2->township == e->township &&
                    same_group(o2->p, e->p) &&
                    (j == i || before(o2->awarded_day, o2->p->id, e->awarded_day, e->p->id))) {
                    awards[n++] = (struct rf_award){o2->p->id, o2->p->awarded_bid, o2->supplier,
                                                    o2->awarded_day};
                }
            }
            qsort(awards, n, sizeof(*awards), compare_awards);
            red_flags_rotation(&book, awards, n, keep_oracle, &o);
        }
        if (e->contract_day != 0) {
            struct rf_purchase buys[ENTRIES];
            size_t n = 0;
            for (int j = 0; j < ENTRIES; j++) {
                const struct rf_entry *o2 = &d->entries[j];
                bool related = (o2->supplier != 0 && o2->supplier == e->supplier) ||
                               (o2->matter != 0 && o2->matter == e->matter);
                if (j != i && o2->contract_day != 0 && o2->township == e->township && related &&
                    o2->contract_day >=
                        e->contract_day - book.procurement.flags.split_window_days &&
                    before(o2->contract_day, o2->p->id, e->contract_day, e->p->id)) {
                    buys[n++] = (struct rf_purchase){o2->p->id, o2->contract_day,
                                                     o2->p->contract_fen, o2->threshold_fen};
                }
            }
            qsort(buys, n, sizeof(*buys), compare_purchases);
            buys[n++] = (struct rf_purchase){e->p->id, e->contract_day, e->p->contract_fen,
                                             e->threshold_fen};
            red_flags_split(&book, buys, n, keep_oracle, &o);
        }
    }
}

static void test_one_pass_raises_what_the_steps_raise(void **state)
{
    (void)state;
    struct drawn *d = xmalloc(sizeof(*d));
    struct caught *scan = xmalloc(sizeof(*scan)), *steps = xmalloc(sizeof(*steps));
    size_t rotations = 0, splits = 0;
    for (uint64_t seed = 1; seed <= 300; seed++) {
        draw(d, seed);
        scan->n = steps->n = 0;
        red_flags_register(&book, d->entries, ENTRIES, keep_entry, scan);
        oracle(d, steps);
        qsort(scan->lines, scan->n, sizeof(scan->lines[0]), compare_lines);
        qsort(steps->lines, steps->n, sizeof(steps->lines[0]), compare_lines);
        assert_int_equal(scan->n, steps->n);
        for (size_t i = 0; i < scan->n; i++) {
            assert_string_equal(scan->lines[i], steps->lines[i]);
            rotations += strstr(scan->lines[i], "rotating") != NULL;
            splits += strstr(scan->lines[i], "split") != NULL;
        }
    }
    /* The draws show both flags, many times. */
    assert_true(rotations > 100);
    assert_true(splits > 100);
    xfree(steps);
    xfree(scan);
    xfree(d);
}

static void test_an_empty_register_raises_nothing(void **state)
{
    (void)state;
    struct caught c = {.n = 0};
    red_flags_register(&book, NULL, 0, keep_entry, &c);
    assert_int_equal(c.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_pass_raises_what_the_steps_raise),
        cmocka_unit_test(test_an_empty_register_raises_nothing),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
