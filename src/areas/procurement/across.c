/*
 * What the red flags across projects read (rules/red_flags.h): at an
 * award, the township's earlier awards of projects for which the same
 * group of bidders bid; at a direct purchase's contract, the township's
 * earlier direct purchases from the same supplier or for the same matter.
 * Each within the window the rulebook gives, oldest first, with the
 * project being recorded last.
 */
#include "areas/procurement/internal.h"

#include "core/alloc.h"
#include "core/utc.h"
#include "record/row.h"

#include <stdlib.h>
#include <string.h>

#define DAY_MS (24LL * 3600 * 1000)

/* The day (days since the epoch, Beijing's) of a date the row holds;
 * 0 when none. */
static int64_t day_of(const json_t *row, const char *key)
{
    int64_t ms = 0;
    const char *date = row_text(row, key);
    return date != NULL && utc_shanghai_date_ms(date, &ms) ? (ms + 8 * 3600 * 1000) / DAY_MS : 0;
}

/* The date days before the row's date key, into since. */
static void window_start(const json_t *row, const char *key, int64_t days, char since[11])
{
    int64_t ms = 0;
    if (!utc_shanghai_date_ms(row_text(row, key), &ms)) {
        ms = 0;
    }
    utc_shanghai_date(ms - days * DAY_MS, since);
}

static int compare_ids(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The most bidders of one project compared. */
#define GROUP_MAX 64

/* The bidders of project's bids (bids: rows {project_id, bidder_id}),
 * sorted, into ids (GROUP_MAX): how many; none for a field of more than
 * GROUP_MAX, which is no group that takes turns. */
static size_t group_of(const json_t *bids, int64_t project, int64_t *ids)
{
    size_t n = 0, i;
    json_t *b;
    json_array_foreach(bids, i, b)
    {
        if (row_int(b, "project_id") != project) {
            continue;
        }
        if (n == GROUP_MAX) {
            return 0;
        }
        ids[n++] = row_int(b, "bidder_id");
    }
    qsort(ids, n, sizeof(*ids), compare_ids);
    return n;
}

enum err_code project_rotation(const struct ctx *x,
                               const struct rulebook *rb,
                               const json_t *row,
                               rf_raise_fn raise,
                               void *ctx,
                               struct err *err)
{
    json_t *awards = NULL, *bids = NULL;
    char since[11];
    int64_t id = row_int(row, "id");
    int64_t mine[GROUP_MAX], theirs[GROUP_MAX];
    window_start(row, "awarded_on", rb->procurement.flags.rotation_window_days, since);
    /* The other awards in the window, and every bid of theirs and of
     * this project. */
#define AWARDS                                                                                     \
    " FROM projects p JOIN bids w ON w.id = p.awarded_bid_id WHERE p.township_id = ?"              \
    " AND p.awarded_on >= ? AND p.awarded_on <= ? AND p.id <> ?"
    enum err_code rc = store_query_json(
        x->c, &awards, err,
        "SELECT p.id, p.awarded_bid_id, w.bidder_id, p.awarded_on" AWARDS
        " ORDER BY p.awarded_on, p.id",
        "ttti", row_text(row, "township_id"), since, row_text(row, "awarded_on"), id);
    if (rc == ERR_OK) {
        rc = store_query_json(x->c, &bids, err,
                              "SELECT project_id, bidder_id FROM bids WHERE project_id = ? OR"
                              " project_id IN (SELECT p.id" AWARDS ")",
                              "ittti", id, row_text(row, "township_id"), since,
                              row_text(row, "awarded_on"), id);
    }
#undef AWARDS
    size_t n_mine = rc == ERR_OK ? group_of(bids, id, mine) : 0;
    /* A group is two bidders or more. */
    if (n_mine >= 2) {
        size_t n = json_array_size(awards), kept = 0;
        struct rf_award *group = xcalloc(n + 1, sizeof(*group));
        size_t i;
        json_t *a;
        json_array_foreach(awards, i, a)
        {
            size_t n_theirs = group_of(bids, row_int(a, "id"), theirs);
            if (n_theirs == n_mine && memcmp(mine, theirs, n_mine * sizeof(*mine)) == 0) {
                group[kept++] = (struct rf_award){row_int(a, "id"), row_int(a, "awarded_bid_id"),
                                                  row_int(a, "bidder_id"), day_of(a, "awarded_on")};
            }
        }
        group[kept++] = (struct rf_award){id, row_int(row, "awarded_bid_id"),
                                          row_int(row, "supplier_id"), day_of(row, "awarded_on")};
        red_flags_rotation(rb, group, kept, raise, ctx);
        xfree(group);
    }
    json_decref(bids);
    json_decref(awards);
    return rc;
}

enum err_code project_split(const struct ctx *x,
                            const struct rulebook *rb,
                            const json_t *row,
                            rf_raise_fn raise,
                            void *ctx,
                            struct err *err)
{
    json_t *earlier = NULL;
    char since[11];
    window_start(row, "contract_signed_on", rb->procurement.flags.split_window_days, since);
    enum err_code rc = store_query_json(
        x->c, &earlier, err,
        "SELECT id, kind, contract_price_fen, contract_signed_on FROM projects"
        " WHERE township_id = ? AND method = 'direct' AND contract_signed_on IS NOT NULL"
        " AND contract_signed_on >= ? AND contract_signed_on <= ? AND id <> ?"
        " AND (supplier_id = ? OR matter_id = ?) ORDER BY contract_signed_on, id",
        "tttiii", row_text(row, "township_id"), since, row_text(row, "contract_signed_on"),
        row_int(row, "id"), row_int(row, "supplier_id"), row_int(row, "matter_id"));
    if (rc == ERR_OK) {
        size_t n = json_array_size(earlier);
        struct rf_purchase *p = xcalloc(n + 1, sizeof(*p));
        for (size_t i = 0; i <= n; i++) {
            const json_t *r = i < n ? json_array_get(earlier, i) : row;
            p[i] = (struct rf_purchase){row_int(r, "id"), day_of(r, "contract_signed_on"),
                                        row_int(r, "contract_price_fen"),
                                        rb->procurement.competitive_fen[project_kind(r)]};
        }
        red_flags_split(rb, p, n + 1, raise, ctx);
        xfree(p);
    }
    json_decref(earlier);
    return rc;
}
