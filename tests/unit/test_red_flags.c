/*
 * Unit tests of the red flags' scan (rules/red_flags.h) under the built-in
 * rulebook: each flag raised where its sign is there and not where it is
 * not, with the bids it concerns and its figure; the flags across
 * projects (bid rotation, split purchases) at their windows' edges; the
 * parameters taken from the rulebook; every message's conversions those
 * its table row says.
 */
#include "rules/red_flags.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"

#define DAY_MS (24LL * 3600 * 1000)

static struct rulebook book;

static int group_setup(void **state)
{
    int rc = unit_group_setup(state);
    rulebook_default(&book);
    return rc;
}

/* What a scan raised. */
struct caught {
    struct rf_raised flags[RED_FLAG_N * 2];
    size_t n;
};

static void catch_flag(void *ctx, const struct rf_raised *r)
{
    struct caught *c = ctx;
    assert_true(c->n < RED_FLAG_N * 2);
    c->flags[c->n++] = *r;
}

/* The flag f among those caught, or NULL. */
static const struct rf_raised *raised(const struct caught *c, enum red_flag f)
{
    for (size_t i = 0; i < c->n; i++) {
        if (c->flags[i].flag == f) {
            return &c->flags[i];
        }
    }
    return NULL;
}

static struct caught
scan(const struct rulebook *rb, const struct rf_project *p, enum red_flag_at at)
{
    struct caught c = {.n = 0};
    red_flags_scan(rb, p, at, catch_flag, &c);
    return c;
}

static const struct rf_bidder bidders[] = {
    {1, "王建国", "李梅", "0575-87011111", "店口镇中央路 1 号", "6222 0001"},
    {2, "陈志强", "赵敏", "0575-87022222", "店口镇湄池路 8 号", "6222 0002"},
    {3, "周立新", "孙丽", "0575-87033333", "店口镇工业区 3 号", "6222 0003"},
};

/* A tender of three bids by the three bidders above. */
static struct rf_project tender(struct rf_bid bids[3])
{
    return (struct rf_project){
        .id = 7,
        .method = PROCUREMENT_OPEN_TENDER,
        .control_price_fen = 100000000,
        .published_ms = 0,
        .deadline_ms = 30 * DAY_MS,
        .bids = bids,
        .n_bids = 3,
        .bidders = bidders,
        .n_bidders = 3,
    };
}

static void test_a_short_period_is_flagged_near_the_least(void **state)
{
    (void)state;
    struct rf_project p = {.method = PROCUREMENT_OPEN_TENDER, .published_ms = 0};
    p.deadline_ms = 24 * DAY_MS;
    struct caught c = scan(&book, &p, RED_FLAG_AT_TENDER);
    const struct rf_raised *r = raised(&c, RED_FLAG_SHORT_PERIOD);
    assert_non_null(r);
    assert_int_equal(r->figure, 24);
    p.deadline_ms = 25 * DAY_MS;
    c = scan(&book, &p, RED_FLAG_AT_TENDER);
    assert_null(raised(&c, RED_FLAG_SHORT_PERIOD));
    /* A direct purchase's period has no least to be near. */
    p.method = PROCUREMENT_SINGLE_SOURCE;
    p.deadline_ms = DAY_MS;
    c = scan(&book, &p, RED_FLAG_AT_TENDER);
    assert_int_equal(c.n, 0);
}

static void test_one_bid_alone_is_flagged(void **state)
{
    (void)state;
    struct rf_bid bids[3] = {{11, 0, 90000000, false}};
    struct rf_project p = tender(bids);
    p.n_bids = 1;
    struct caught c = scan(&book, &p, RED_FLAG_AT_OPENING);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.flags[0].flag, RED_FLAG_SINGLE_BIDDER);
    assert_int_equal(c.flags[0].bids[0], 11);
    p.n_bids = 0;
    c = scan(&book, &p, RED_FLAG_AT_OPENING);
    assert_int_equal(c.n, 0);
}

static void test_identical_and_close_prices_are_flagged(void **state)
{
    (void)state;
    /* Spread 4,000,000 over 90,000,000: 44 per mille, competition. */
    struct rf_bid apart[3] = {
        {11, 0, 90000000, false}, {12, 1, 92000000, false}, {13, 2, 94000000, false}};
    struct rf_project p = tender(apart);
    struct caught c = scan(&book, &p, RED_FLAG_AT_OPENING);
    assert_int_equal(c.n, 0);
    /* Within 1% of the lowest. */
    struct rf_bid close[3] = {
        {11, 0, 90000000, false}, {12, 1, 90300000, false}, {13, 2, 90800000, false}};
    p = tender(close);
    c = scan(&book, &p, RED_FLAG_AT_OPENING);
    const struct rf_raised *r = raised(&c, RED_FLAG_CLOSE_BIDS);
    assert_non_null(r);
    assert_int_equal(r->n_bids, 3);
    assert_int_equal(r->figure, 10);
    /* A looser rulebook lets them through. */
    struct rulebook loose = book;
    loose.procurement.flags.close_bids_permille = 5;
    c = scan(&loose, &p, RED_FLAG_AT_OPENING);
    assert_null(raised(&c, RED_FLAG_CLOSE_BIDS));
    /* Two of three the same price. */
    struct rf_bid same[3] = {
        {11, 0, 90000000, false}, {12, 1, 90000000, false}, {13, 2, 95000000, false}};
    p = tender(same);
    c = scan(&book, &p, RED_FLAG_AT_OPENING);
    r = raised(&c, RED_FLAG_IDENTICAL_PRICES);
    assert_non_null(r);
    assert_int_equal(r->n_bids, 2);
    assert_int_equal(r->bids[0], 11);
    assert_int_equal(r->bids[1], 12);
    assert_null(raised(&c, RED_FLAG_CLOSE_BIDS));
}

/* Copies one of from's details (0 the legal representative, 1 the
 * contact, 2 the phone, 3 the address, 4 the account) to to. */
static void copy_detail(struct rf_bidder *to, const struct rf_bidder *from, int which)
{
    switch (which) {
    case 0:
        to->legal_representative = from->legal_representative;
        break;
    case 1:
        to->contact_name = from->contact_name;
        break;
    case 2:
        to->phone = from->phone;
        break;
    case 3:
        to->address = from->address;
        break;
    default:
        to->bank_account = from->bank_account;
        break;
    }
}

static void test_bidders_sharing_details_are_flagged(void **state)
{
    (void)state;
    struct rf_bid bids[3] = {
        {11, 0, 90000000, false}, {12, 1, 92000000, false}, {13, 2, 94000000, false}};
    struct rf_bidder shared[3];
    memcpy(shared, bidders, sizeof(shared));
    struct rf_project p = tender(bids);
    p.bidders = shared;
    struct caught c = scan(&book, &p, RED_FLAG_AT_OPENING);
    assert_null(raised(&c, RED_FLAG_SHARED_DETAILS));
    for (int which = 0; which < 5; which++) {
        memcpy(shared, bidders, sizeof(shared));
        copy_detail(&shared[2], &bidders[0], which);
        c = scan(&book, &p, RED_FLAG_AT_OPENING);
        const struct rf_raised *r = raised(&c, RED_FLAG_SHARED_DETAILS);
        assert_non_null(r);
        assert_int_equal(r->n_bids, 2);
        assert_int_equal(r->bids[0], 11);
        assert_int_equal(r->bids[1], 13);
    }
    /* Blank details are no match. */
    memcpy(shared, bidders, sizeof(shared));
    shared[0].phone = "";
    shared[2].phone = "";
    c = scan(&book, &p, RED_FLAG_AT_OPENING);
    assert_null(raised(&c, RED_FLAG_SHARED_DETAILS));
}

static void test_the_award_s_flags(void **state)
{
    (void)state;
    struct rf_bid bids[3] = {
        {11, 0, 99500000, false}, {12, 1, 92000000, true}, {13, 2, 94000000, true}};
    struct rf_project p = tender(bids);
    p.awarded_bid = 11;
    p.price_only = true;
    struct caught c = scan(&book, &p, RED_FLAG_AT_AWARD);
    /* 99.5% of the control price; the others out; the lowest out on price. */
    assert_non_null(raised(&c, RED_FLAG_NEAR_CONTROL_PRICE));
    const struct rf_raised *all = raised(&c, RED_FLAG_ALL_BUT_WINNER_DISQUALIFIED);
    assert_non_null(all);
    assert_int_equal(all->n_bids, 2);
    const struct rf_raised *lowest = raised(&c, RED_FLAG_LOWEST_DISQUALIFIED);
    assert_non_null(lowest);
    assert_int_equal(lowest->bids[0], 12);
    /* Not on price alone; one other still in; the winner well below. */
    bids[2].disqualified = false;
    bids[0].price_fen = 90000000;
    p.price_only = false;
    c = scan(&book, &p, RED_FLAG_AT_AWARD);
    assert_int_equal(c.n, 0);
}

static void test_changes_and_overrun_above_their_share(void **state)
{
    (void)state;
    struct rf_project p = {.contract_fen = 100000000, .changes_fen = 10000000, .awarded_bid = 11};
    struct caught c = scan(&book, &p, RED_FLAG_AT_CHANGE);
    assert_int_equal(c.n, 0);
    p.changes_fen = 10100000;
    c = scan(&book, &p, RED_FLAG_AT_CHANGE);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.flags[0].figure, 101);
    p.settlement_fen = 110000000;
    c = scan(&book, &p, RED_FLAG_AT_SETTLEMENT);
    assert_int_equal(c.n, 0);
    p.settlement_fen = 112000000;
    c = scan(&book, &p, RED_FLAG_AT_SETTLEMENT);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.flags[0].flag, RED_FLAG_SETTLEMENT_OVERRUN);
    assert_int_equal(c.flags[0].figure, 120);
}

static void test_a_contract_before_the_award_is_flagged(void **state)
{
    (void)state;
    struct rf_project p = {.contract_fen = 100000000, .awarded_bid = 11};
    assert_int_equal(scan(&book, &p, RED_FLAG_AT_CONTRACT).n, 0);
    p.contract_early = true;
    struct caught c = scan(&book, &p, RED_FLAG_AT_CONTRACT);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.flags[0].flag, RED_FLAG_CONTRACT_EARLY);
    assert_int_equal(c.flags[0].bids[0], 11);
}

static struct caught rotation(const struct rulebook *rb, const struct rf_award *a, size_t n)
{
    struct caught c = {.n = 0};
    red_flags_rotation(rb, a, n, catch_flag, &c);
    return c;
}

static void test_winners_taking_turns_are_flagged(void **state)
{
    (void)state;
    /* One group's awards: winners 1, 2, then 3, over 200 days. */
    struct rf_award a[] = {
        {101, 1011, 1, 20000},
        {102, 1022, 2, 20100},
        {103, 1033, 3, 20200},
    };
    struct caught c = rotation(&book, a, 3);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.flags[0].flag, RED_FLAG_ROTATING_WINNERS);
    assert_int_equal(c.flags[0].figure, 3);
    assert_int_equal(c.flags[0].n_bids, 3);
    assert_int_equal(c.flags[0].bids[0], 1033);
    assert_int_equal(c.flags[0].n_projects, 2);
    assert_int_equal(c.flags[0].projects[0], 102);
    /* Two projects are too few; one winner throughout is no rotation. */
    assert_int_equal(rotation(&book, a + 1, 2).n, 0);
    struct rf_award same[] = {{101, 1011, 1, 20000}, {102, 1021, 1, 20100}, {103, 1031, 1, 20200}};
    assert_int_equal(rotation(&book, same, 3).n, 0);
    /* The first falls out of a window of 199 days, and of the default
     * 365 when a year later. */
    struct rulebook narrow = book;
    narrow.procurement.flags.rotation_window_days = 199;
    assert_int_equal(rotation(&narrow, a, 3).n, 0);
    narrow.procurement.flags.rotation_window_days = 200;
    assert_int_equal(rotation(&narrow, a, 3).n, 1);
    a[0].day = 20200 - 366;
    assert_int_equal(rotation(&book, a, 3).n, 0);
}

static struct caught split(const struct rf_purchase *p, size_t n)
{
    struct caught c = {.n = 0};
    red_flags_split(&book, p, n, catch_flag, &c);
    return c;
}

static void test_a_purchase_split_up_is_flagged(void **state)
{
    (void)state;
    int64_t goods = book.procurement.competitive_fen[PROCUREMENT_GOODS];
    /* Two direct purchases of goods just below the threshold, ten days apart. */
    struct rf_purchase p[] = {
        {201, 20000, goods - 100, goods},
        {202, 20010, goods - 100, goods},
    };
    struct caught c = split(p, 2);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.flags[0].flag, RED_FLAG_SPLIT_PURCHASE);
    assert_int_equal(c.flags[0].figure, (2 * goods - 200) / 100);
    assert_int_equal(c.flags[0].n_projects, 1);
    assert_int_equal(c.flags[0].projects[0], 201);
    /* Together below the threshold: no flag; nor one purchase alone. */
    struct rf_purchase small[] = {{201, 20000, goods / 3, goods}, {202, 20010, goods / 3, goods}};
    assert_int_equal(split(small, 2).n, 0);
    assert_int_equal(split(p, 1).n, 0);
    /* Out of the 30 days' window. */
    p[1].day = 20031;
    assert_int_equal(split(p, 2).n, 0);
    p[1].day = 20030;
    assert_int_equal(split(p, 2).n, 1);
    /* A purchase at the threshold was competed for: not a part. */
    p[0].price_fen = goods;
    assert_int_equal(split(p, 2).n, 0);
}

/* The conversions of format, as a string of their letters ("d" for %lld). */
static void conversions(const char *format, char *out)
{
    size_t n = 0;
    for (const char *p = format; *p; p++) {
        if (*p == '%' && p[1] == '%') {
            p++;
        } else if (*p == '%') {
            assert_true(strncmp(p, "%lld", 4) == 0);
            out[n++] = 'd';
            p += 3;
        }
    }
    out[n] = '\0';
}

static void test_every_message_takes_its_arguments(void **state)
{
    (void)state;
    for (int f = 0; f < RED_FLAG_N; f++) {
        char zh[8], en[8];
        conversions(red_flag_format((enum red_flag)f, false), zh);
        conversions(red_flag_format((enum red_flag)f, true), en);
        assert_string_equal(zh, en);
        assert_true(strncmp(red_flag_name((enum red_flag)f), "flag.", 5) == 0);
        assert_true(red_flag_source((enum red_flag)f)[0] != '\0');
        struct rf_raised r = {.flag = (enum red_flag)f, .figure = 42};
        char message[512];
        red_flag_message(&r, true, message, sizeof(message));
        assert_true(strlen(zh) == 0 || strstr(message, "42") != NULL);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_short_period_is_flagged_near_the_least),
        cmocka_unit_test(test_one_bid_alone_is_flagged),
        cmocka_unit_test(test_identical_and_close_prices_are_flagged),
        cmocka_unit_test(test_bidders_sharing_details_are_flagged),
        cmocka_unit_test(test_the_award_s_flags),
        cmocka_unit_test(test_changes_and_overrun_above_their_share),
        cmocka_unit_test(test_a_contract_before_the_award_is_flagged),
        cmocka_unit_test(test_winners_taking_turns_are_flagged),
        cmocka_unit_test(test_a_purchase_split_up_is_flagged),
        cmocka_unit_test(test_every_message_takes_its_arguments),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
