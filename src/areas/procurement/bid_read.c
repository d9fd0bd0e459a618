/*
 * A township's bids as a list and a table (?project_id): only those of
 * projects whose bids are opened, which are everyone's to read, each with
 * its project, its bidder and how it came out once the award is made
 * (awarded, not awarded, disqualified), for an office's spreadsheet of
 * who bid what. Before the opening a bid is nobody's (read.c).
 */
#include "areas/procurement/internal.h"

#include "areas/org/org.h"
#include "record/row.h"
#include "record/table.h"

static const struct choice bid_outcomes[] = {
    {"pending", "评审中", "under review"},
    {"awarded", "中标", "awarded"},
    {"not_awarded", "未中标", "not awarded"},
    {"disqualified", "被否决", "disqualified"},
    {NULL, NULL, NULL},
};

/* How bid row came out: its project's award ("awarded_bid_id") and the
 * review's text ("bid_review", which the query reads only once awarded). */
static const char *outcome(const json_t *row)
{
    int64_t won = row_int(row, "awarded_bid_id"), id = row_int(row, "id");
    if (won == 0) {
        return "pending";
    }
    if (won == id) {
        return "awarded";
    }
    const char *text = row_text(row, "bid_review");
    json_t *project =
        json_pack("{so}", "bid_review", text != NULL ? json_loads(text, 0, NULL) : json_null());
    bool out = project != NULL && project_disqualified(project, id);
    json_decref(project);
    return out ? "disqualified" : "not_awarded";
}

static enum err_code
list_body(const struct ctx *x, const struct args *a, json_t **page, struct err *err)
{
    const struct page_query *q = &a->page;
    int64_t project = args_has(a, "project_id") ? args_int(a, "project_id") : 0, total = 0;
    json_t *items = NULL;
    enum err_code rc = org_check_township(x->c, a->township, err);
#define BID_WHERE                                                                                  \
    " FROM bids b JOIN projects p ON p.id = b.project_id JOIN bidders d ON d.id = b.bidder_id"     \
    " WHERE b.township_id = ? AND p.opened_at IS NOT NULL AND (? = 0 OR b.project_id = ?)"
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &total, NULL, err, "SELECT COUNT(*)" BID_WHERE, "tii",
                             a->township, project, project);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(
            x->c, &items, err,
            "SELECT b.id, b.project_id, b.township_id, b.submitted_at, b.bidder_id, b.price_fen,"
            " b.summary, p.title AS project_title, d.name AS bidder_name, d.registration_no,"
            " p.awarded_bid_id, CASE WHEN p.awarded_bid_id IS NOT NULL THEN p.bid_review END"
            " AS bid_review" BID_WHERE " ORDER BY b.project_id DESC, b.price_fen, b.id"
            " LIMIT ? OFFSET ?",
            "tiiii", a->township, project, project, q->limit, q->offset);
    }
#undef BID_WHERE
    size_t i;
    json_t *item;
    json_array_foreach(rc == ERR_OK ? items : NULL, i, item)
    {
        json_object_set_new(item, "outcome", json_string(outcome(item)));
        json_object_del(item, "bid_review");
        json_object_del(item, "awarded_bid_id");
    }
    if (rc == ERR_OK) {
        *page = page_json(items, total, q->limit, q->offset);
    }
    return rc;
}

static const struct field list_params[] = {
    F_REF("project_id", 0, "项目", "project"),
    F_END,
};

static const struct field list_extra[] = {
    F_TEXT("project_title", 0, 0, "项目", "project"),
    F_TEXT("bidder_name", 0, 0, "投标人", "bidder"),
    F_TEXT("registration_no", 0, 0, "统一社会信用代码", "unified social credit code"),
    F_ENUM("outcome", 0, bid_outcomes, "结果", "outcome"),
    F_END,
};

static const struct table_column list_columns[] = {
    {"project_title", NULL, TABLE_TEXT, "项目", "Project", NULL},
    {"bidder_name", NULL, TABLE_TEXT, "投标人", "Bidder", NULL},
    {"registration_no", NULL, TABLE_TEXT, "统一社会信用代码", "Unified social credit code", NULL},
    {"price_fen", NULL, TABLE_FEN, "投标报价（元）", "Price (yuan)", NULL},
    {"submitted_at", NULL, TABLE_TEXT, "递交时间", "Submitted", NULL},
    {"outcome", NULL, TABLE_TEXT, "结果", "Outcome", bid_outcomes},
    {NULL, NULL, TABLE_TEXT, NULL, NULL, NULL},
};

static const struct table list_table = {
    .zh = "投标",
    .en = "bids",
    .rows = "items",
    .columns = list_columns,
};

const struct query bid_list_query = {
    .name = "bid.list",
    .path = "/api/v1/townships/{tid}/bids",
    .cap = CAP_PUBLIC_READ,
    .params = list_params,
    .paged = true,
    .run = list_body,
    .flags = QUERY_RECORDS_ONLY,
    .zh = "乡镇已开标的投标及结果（可按项目）",
    .en = "A township's opened bids and how they came out (?project_id)",
    .entity = &bid_entity,
    .extra = list_extra,
    .table = &list_table,
};
