/*
 * The "three more, three fewer" (三多三少) indicators of a township and a
 * period, counted from the record and scored by rules_indicators: items
 * notified in advance against ad-hoc motions, items discussed by all
 * before the decision against vote-only ones, matters brought to a
 * collective decision against matters decided alone; for one township,
 * also month by month. Both answers are tables too (CSV, XLSX:
 * record/table.h). See meeting.h.
 */
#include "areas/meeting/internal.h"
#include "record/query.h"

#include "rules/indicators.h"

#include <stdio.h>

#define DAY_MS (24LL * 3600 * 1000)

/* The counts of one township in [from, to). */
static enum err_code township_counts(struct store_conn *c,
                                     const char *township,
                                     int64_t from,
                                     int64_t to,
                                     json_t **out,
                                     struct err *err)
{
    json_t *items = NULL;
    int64_t individual = 0, meetings = 0;
    enum err_code rc = store_query_row(
        c, &items, err,
        "SELECT COALESCE(SUM(CASE WHEN a.adhoc = 0 THEN 1 ELSE 0 END), 0) AS items_notified,"
        " COALESCE(SUM(CASE WHEN a.adhoc = 1 THEN 1 ELSE 0 END), 0) AS items_adhoc,"
        " COALESCE(SUM(CASE WHEN a.status IN ('passed', 'rejected') AND a.vote_only = 0"
        " THEN 1 ELSE 0 END), 0) AS items_discussed,"
        " COALESCE(SUM(CASE WHEN a.status IN ('passed', 'rejected') AND a.vote_only = 1"
        " THEN 1 ELSE 0 END), 0) AS items_vote_only,"
        " COUNT(DISTINCT CASE WHEN a.status IN ('passed', 'rejected') THEN a.matter_id END)"
        " AS matters_collective"
        " FROM agenda_items a JOIN meetings g ON g.id = a.meeting_id"
        " WHERE g.township_id = ? AND g.starts_ms >= ? AND g.starts_ms < ?"
        " AND g.cancelled_at IS NULL",
        "tii", township, from, to);
    if (rc == ERR_OK) {
        rc = store_query_int(c, &individual, NULL, err,
                             "SELECT COUNT(*) FROM matters WHERE township_id = ?"
                             " AND decided_ms >= ? AND decided_ms < ?",
                             "tii", township, from, to);
    }
    if (rc == ERR_OK) {
        rc = store_query_int(c, &meetings, NULL, err,
                             "SELECT COUNT(*) FROM meetings WHERE township_id = ?"
                             " AND starts_ms >= ? AND starts_ms < ? AND cancelled_at IS NULL",
                             "tii", township, from, to);
    }
    if (rc != ERR_OK) {
        json_decref(items);
        return rc;
    }
    struct rules_indicator_counts n = {
        .items_notified = row_int(items, "items_notified"),
        .items_adhoc = row_int(items, "items_adhoc"),
        .items_discussed = row_int(items, "items_discussed"),
        .items_vote_only = row_int(items, "items_vote_only"),
        .matters_collective = row_int(items, "matters_collective"),
        .matters_individual = individual,
    };
    struct rules_indicators r;
    rules_indicators(&n, &r);
    json_decref(items);
#define PERMILLE(v) ((v) == RULES_PERMILLE_NONE ? json_null() : json_integer(v))
    *out = json_pack(
        "{ss, sI, s{sI, sI, sI, sI, sI, sI}, s{so, so, so}}", "township_id", township, "meetings",
        (json_int_t)meetings, "counts", "items_notified", (json_int_t)n.items_notified,
        "items_adhoc", (json_int_t)n.items_adhoc, "items_discussed", (json_int_t)n.items_discussed,
        "items_vote_only", (json_int_t)n.items_vote_only, "matters_collective",
        (json_int_t)n.matters_collective, "matters_individual", (json_int_t)n.matters_individual,
        "permille", "notified", PERMILLE(r.notified_permille), "discussed",
        PERMILLE(r.discussed_permille), "collective", PERMILLE(r.collective_permille));
#undef PERMILLE
    return ERR_OK;
}

/* The most calendar months a period's series holds. */
#define MONTHS_MAX 60

/*
 * The counts of each calendar month (Asia/Shanghai) that [from, to)
 * touches, clipped to the period, as a new array of {"month":"YYYY-MM",
 * "from","to","meetings","counts","permille"}; null (a new reference)
 * when the period spans more than MONTHS_MAX months.
 */
static enum err_code month_series(struct store_conn *c,
                                  const char *township,
                                  int64_t from,
                                  int64_t to,
                                  json_t **out,
                                  struct err *err)
{
    char day[11], first[40], start_day[11], end_day[11];
    int year = 0, month = 0;
    utc_shanghai_date(from, day);
    if (sscanf(day, "%4d-%2d", &year, &month) != 2) {
        return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
    }
    json_t *months = json_array();
    enum err_code rc = ERR_OK;
    int64_t start = from;
    while (rc == ERR_OK && start < to) {
        int next_year = month == 12 ? year + 1 : year, next_month = month == 12 ? 1 : month + 1;
        int64_t next = 0;
        snprintf(first, sizeof(first), "%04d-%02d-01", next_year, next_month);
        if (!utc_shanghai_date_ms(first, &next)) {
            rc = err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
            break;
        }
        if (json_array_size(months) == MONTHS_MAX) {
            json_decref(months);
            *out = json_null();
            return ERR_OK;
        }
        int64_t end = next < to ? next : to;
        json_t *one = NULL;
        rc = township_counts(c, township, start, end, &one, err);
        if (rc == ERR_OK) {
            char name[40];
            snprintf(name, sizeof(name), "%04d-%02d", year, month);
            utc_shanghai_date(start, start_day);
            utc_shanghai_date(end, end_day);
            json_object_del(one, "township_id");
            json_object_set_new(one, "month", json_string(name));
            json_object_set_new(one, "from", json_string(start_day));
            json_object_set_new(one, "to", json_string(end_day));
            json_array_append_new(months, one);
        }
        start = next;
        year = next_year;
        month = next_month;
    }
    if (rc != ERR_OK) {
        json_decref(months);
        return rc;
    }
    *out = months;
    return ERR_OK;
}

enum err_code
indicators_get(const struct ctx *x, const struct args *a, json_t **out, struct err *err)
{
    const char *township = a->township;
    const struct page_query *q = &a->page;
    int64_t to = x->now_ms, from = 0;
    char from_day[11], to_day[11];
    enum err_code rc = ERR_OK;
    if (q->to != NULL && !utc_shanghai_date_ms(q->to, &to)) {
        return err_set(err, ERR_BAD_REQUEST, "to", "“to”须为日期 YYYY-MM-DD",
                       "'to' must be a date YYYY-MM-DD");
    }
    if (q->to == NULL) {
        /* Up to the end of today (Asia/Shanghai). */
        utc_shanghai_date(x->now_ms + DAY_MS, to_day);
        (void)utc_shanghai_date_ms(to_day, &to);
    }
    from = to - 365 * DAY_MS;
    if (q->from != NULL && !utc_shanghai_date_ms(q->from, &from)) {
        return err_set(err, ERR_BAD_REQUEST, "from", "“from”须为日期 YYYY-MM-DD",
                       "'from' must be a date YYYY-MM-DD");
    }
    if (from > to) {
        return err_set(err, ERR_BAD_REQUEST, "from", "“from”不能晚于“to”",
                       "'from' cannot be after 'to'");
    }
    utc_shanghai_date(from, from_day);
    utc_shanghai_date(to, to_day);
    if (township != NULL) {
        json_t *one = NULL, *months = NULL, *names = NULL;
        rc = org_check_township(x->c, township, err);
        if (rc == ERR_OK) {
            rc = store_query_row(x->c, &names, err,
                                 "SELECT name, name_en FROM townships WHERE id = ?", "t", township);
        }
        if (rc == ERR_OK) {
            rc = township_counts(x->c, township, from, to, &one, err);
        }
        if (rc == ERR_OK) {
            json_object_update(one, names);
        }
        json_decref(names);
        if (rc == ERR_OK) {
            rc = month_series(x->c, township, from, to, &months, err);
        }
        if (rc == ERR_OK) {
            json_object_set_new(one, "from", json_string(from_day));
            json_object_set_new(one, "to", json_string(to_day));
            json_object_set_new(one, "months", months);
            *out = one;
        } else {
            json_decref(one);
        }
        return rc;
    }
    json_t *townships = NULL, *items = json_array();
    rc = store_query_json(x->c, &townships, err,
                          "SELECT id, name, name_en FROM townships ORDER BY id", "");
    size_t i;
    json_t *t;
    json_array_foreach(townships, i, t)
    {
        json_t *one = NULL;
        if (rc == ERR_OK) {
            rc = township_counts(x->c, row_text(t, "id"), from, to, &one, err);
        }
        if (rc == ERR_OK) {
            json_object_set(one, "name", json_object_get(t, "name"));
            json_object_set(one, "name_en", json_object_get(t, "name_en"));
            json_array_append_new(items, one);
        }
    }
    json_decref(townships);
    if (rc == ERR_OK) {
        *out = json_pack("{ss, ss, sO}", "from", from_day, "to", to_day, "items", items);
    }
    json_decref(items);
    return rc;
}

static const struct field period_params[] = {
    F_DATE("from", 0, "起始日期", "from"),
    F_DATE("to", 0, "截止日期（不含）", "to (exclusive)"),
    F_END,
};

/* The columns of one township's counts and shares, after the row's name. */
#define INDICATOR_COLUMNS                                                                          \
    {"meetings", NULL, TABLE_INT, "会议（次）", "Meetings", NULL},                                 \
        {"counts.items_notified",     NULL, TABLE_INT, "提前通知的议题",                           \
         "Items notified in advance", NULL},                                                       \
        {"counts.items_adhoc", NULL, TABLE_INT, "临时动议", "Ad-hoc motions", NULL},               \
        {"permille.notified",         NULL, TABLE_PERMILLE, "提前通知占比",                        \
         "Share notified in advance", NULL},                                                       \
        {"counts.items_discussed", NULL, TABLE_INT, "经讨论的议题", "Items discussed", NULL},      \
        {"counts.items_vote_only",     NULL, TABLE_INT, "未讨论直接表决的议题",                    \
         "Items decided by vote only", NULL},                                                      \
        {"permille.discussed",                                                                     \
         NULL,                                                                                     \
         TABLE_PERMILLE,                                                                           \
         "先讨论后决定占比",                                                                       \
         "Share discussed before the decision",                                                    \
         NULL},                                                                                    \
        {"counts.matters_collective",    NULL, TABLE_INT, "集体决策的事项",                        \
         "Matters decided collectively", NULL},                                                    \
        {"counts.matters_individual", NULL, TABLE_INT, "个人决定的事项",                           \
         "Matters decided alone",     NULL},                                                       \
        {"permille.collective",        NULL, TABLE_PERMILLE, "集体决策占比",                       \
         "Share decided collectively", NULL},                                                      \
    {                                                                                              \
        NULL, NULL, TABLE_TEXT, NULL, NULL, NULL                                                   \
    }

static const struct table_column township_columns[] = {
    {"month", NULL, TABLE_TEXT, "月份", "Month", NULL},
    INDICATOR_COLUMNS,
};

/* A township's months, then the whole period. */
static const struct table township_table = {
    .zh = "三多三少",
    .en = "three-more-three-fewer",
    .rows = "months",
    .total_zh = "合计",
    .total_en = "Total",
    .columns = township_columns,
};

static const struct table_column all_columns[] = {
    {"name", "name_en", TABLE_TEXT, "乡镇", "Township", NULL},
    INDICATOR_COLUMNS,
};

/* Each township over the period. */
static const struct table all_table = {
    .zh = "各乡镇三多三少",
    .en = "three-more-three-fewer-by-township",
    .rows = "items",
    .columns = all_columns,
};

const struct query indicators_township_query = {
    .name = "indicators.township",
    .path = "/api/v1/townships/{tid}/indicators",
    .cap = CAP_PUBLIC_READ,
    .params = period_params,
    .run = indicators_get,
    .zh = "三多三少：一个乡镇的指标（可按起止日期）",
    .en = "Three more, three fewer: a township's indicators (?from, ?to)",
    .table = &township_table,
};

const struct query indicators_all_query = {
    .name = "indicators.all",
    .path = "/api/v1/indicators",
    .cap = CAP_PUBLIC_READ,
    .params = period_params,
    .run = indicators_get,
    .zh = "三多三少：各乡镇的指标（可按起止日期）",
    .en = "Three more, three fewer: every township's indicators (?from, ?to)",
    .table = &all_table,
};
