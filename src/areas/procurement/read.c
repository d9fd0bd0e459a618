/*
 * The procurement area's reads: a township's projects (?status, ?kind),
 * one project with its matter's title, bids, change orders, figures and
 * next steps (for its township's staff), a township's bidders. Projects are public from
 * their registration. Before the opening a bid is nobody's to read: a
 * project shows how many bids came in to the township's staff only, and
 * its bids (bidder, price, summary) to everyone once opened. Its panel and their scores are the
 * procurement staff's and the supervisors' until the award. A bidder's contact, phone, address,
 * bank account and declared relations are the staff's.
 */
#include "areas/procurement/internal.h"

#include "areas/org/org.h"
#include "record/row.h"
#include "record/table.h"
#include "rules/procurement.h"

#include <string.h>

/* ---- projects ---- */

#define PROJECT_LIST_COLUMNS                                                                       \
    "p.id, p.township_id, p.matter_id, p.title, p.kind, p.method, p.amount_fen, p.status,"         \
    " p.control_price_fen, p.tender_published_at, p.submission_deadline, p.opening_at,"            \
    " p.opened_at, p.supplier_id, p.contract_price_fen, p.contract_signed_on, p.settlement_fen,"   \
    " p.created, p.updated, m.title AS matter_title, s.name AS supplier_name"

/* A figure as JSON: null when not there yet. */
static json_t *figure_json(int64_t permille)
{
    return permille == RULES_FIGURE_NONE ? json_null() : json_integer(permille);
}

static enum err_code
list_body(const struct ctx *x, const struct args *a, json_t **page, struct err *err)
{
    const struct page_query *q = &a->page;
    const char *kind = json_string_value(json_object_get(a->input, "kind"));
    int64_t total = 0;
    json_t *items = NULL;
    enum err_code rc = org_check_township(x->c, a->township, err);
#define PROJECT_WHERE                                                                              \
    " FROM projects p JOIN matters m ON m.id = p.matter_id"                                        \
    " LEFT JOIN bidders s ON s.id = p.supplier_id WHERE p.township_id = ?"                         \
    " AND (CAST(? AS TEXT) IS NULL OR p.status = ?) AND (CAST(? AS TEXT) IS NULL OR p.kind = ?)"
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &total, NULL, err, "SELECT COUNT(*)" PROJECT_WHERE, "ttttt",
                             a->township, q->status, q->status, kind, kind);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(
            x->c, &items, err,
            "SELECT " PROJECT_LIST_COLUMNS PROJECT_WHERE " ORDER BY p.id DESC LIMIT ? OFFSET ?",
            "tttttii", a->township, q->status, q->status, kind, kind, q->limit, q->offset);
    }
#undef PROJECT_WHERE
    size_t i;
    json_t *item;
    json_array_foreach(rc == ERR_OK ? items : NULL, i, item)
    {
        struct rules_project_figures f;
        rules_project_figures(row_int(item, "control_price_fen"),
                              row_int(item, "contract_price_fen"), 0, 0, &f);
        json_object_set_new(item, "saving_permille", figure_json(f.saving_permille));
    }
    if (rc == ERR_OK) {
        *page = page_json(items, total, q->limit, q->offset);
    }
    return rc;
}

static const struct field list_params[] = {
    F_ENUM("status", 0, project_statuses, "状态", "status"),
    F_ENUM("kind", 0, project_kinds, "类别", "kind"),
    F_END,
};

static const struct field list_extra[] = {
    F_TEXT("matter_title", FIELD_NULLABLE, 0, "依据的事项", "matter"),
    F_TEXT("supplier_name", FIELD_NULLABLE, 0, "中标人或供应商", "supplier"),
    F_INT("saving_permille", FIELD_NULLABLE, 0, 0, "节约率（‰）", "saving rate (per mille)"),
    F_END,
};

static const struct table_column list_columns[] = {
    {"title", NULL, TABLE_TEXT, "项目名称", "Project", NULL},
    {"matter_title", NULL, TABLE_TEXT, "依据的事项", "Matter", NULL},
    {"kind", NULL, TABLE_TEXT, "类别", "Kind", project_kinds},
    {"method", NULL, TABLE_TEXT, "采购方式", "Method", project_methods},
    {"status", NULL, TABLE_TEXT, "状态", "Status", project_statuses},
    {"amount_fen", NULL, TABLE_FEN, "预算金额（元）", "Amount (yuan)", NULL},
    {"control_price_fen", NULL, TABLE_FEN, "控制价（元）", "Control price (yuan)", NULL},
    {"submission_deadline", NULL, TABLE_TEXT, "投标截止时间", "Bids due", NULL},
    {"supplier_name", NULL, TABLE_TEXT, "中标人或供应商", "Supplier", NULL},
    {"contract_price_fen", NULL, TABLE_FEN, "合同价（元）", "Contract price (yuan)", NULL},
    {"contract_signed_on", NULL, TABLE_TEXT, "合同签订日期", "Contract signed", NULL},
    {"saving_permille", NULL, TABLE_PERMILLE, "节约率", "Saving rate", NULL},
    {"settlement_fen", NULL, TABLE_FEN, "决算金额（元）", "Settlement (yuan)", NULL},
    {NULL, NULL, TABLE_TEXT, NULL, NULL, NULL},
};

static const struct table list_table = {
    .zh = "工程项目和采购",
    .en = "works and purchases",
    .rows = "items",
    .columns = list_columns,
};

const struct query project_list_query = {
    .name = "project.list",
    .path = "/api/v1/townships/{tid}/projects",
    .cap = CAP_PUBLIC_READ,
    .params = list_params,
    .paged = true,
    .run = list_body,
    .flags = QUERY_RECORDS_ONLY,
    .zh = "乡镇的工程项目和采购（可按状态、类别）",
    .en = "Works projects and purchases of a township (?status, ?kind)",
    .entity = &project_entity,
    .extra = list_extra,
    .table = &list_table,
};

/* The opened bids of project id, lowest price first, with their
 * bidders' public names. */
static enum err_code opened_bids(const struct ctx *x, int64_t id, json_t **bids, struct err *err)
{
    return store_query_json(x->c, bids, err,
                            "SELECT b.id, b.submitted_at, b.bidder_id, d.name AS bidder_name,"
                            " d.registration_no, b.price_fen, b.summary FROM bids b"
                            " JOIN bidders d ON d.id = b.bidder_id WHERE b.project_id = ?"
                            " ORDER BY b.price_fen, b.id",
                            "i", id);
}

/* True when who may see the panel and its scores before the award: the
 * township's procurement staff and those who read sealed parts. */
static bool sees_panel(const struct actor *who, const char *township)
{
    struct err scratch;
    err_init(&scratch);
    return policy_check(who, CAP_PROCUREMENT_WRITE, township, &scratch) == ERR_OK ||
           policy_check(who, CAP_SEALED_READ, township, &scratch) == ERR_OK;
}

/* Sets row's "change_orders", "supplier_name" and "figures". */
static enum err_code add_contract(const struct ctx *x, json_t *row, struct err *err)
{
    json_t *changes = NULL, *supplier = NULL;
    int64_t total = 0;
    enum err_code rc = store_query_json(
        x->c, &changes, err,
        "SELECT " ENTITY_COLUMNS(
            CHANGE_ORDER_ROW) " FROM change_orders WHERE project_id = ? ORDER BY id",
        "i", row_int(row, "id"));
    if (rc == ERR_OK) {
        rc = store_query_row(x->c, &supplier, err, "SELECT name FROM bidders WHERE id = ?", "i",
                             row_int(row, "supplier_id"));
    }
    size_t i;
    json_t *c;
    json_array_foreach(rc == ERR_OK ? changes : NULL, i, c)
    {
        total += row_int(c, "delta_fen");
    }
    if (rc == ERR_OK) {
        struct rules_project_figures f;
        rules_project_figures(row_int(row, "control_price_fen"), row_int(row, "contract_price_fen"),
                              total, row_int(row, "settlement_fen"), &f);
        json_object_set_new(row, "change_orders", changes);
        changes = NULL;
        json_object_set_new(row, "supplier_name",
                            supplier != NULL ? json_string(row_text(supplier, "name"))
                                             : json_null());
        json_object_set_new(row, "figures",
                            json_pack("{sI, so, so, so}", "changes_fen", (json_int_t)total,
                                      "saving_permille", figure_json(f.saving_permille),
                                      "change_permille", figure_json(f.change_permille),
                                      "overrun_permille", figure_json(f.overrun_permille)));
    }
    json_decref(changes);
    json_decref(supplier);
    return rc;
}

/* Sets row's "matter_title": the title of the matter it carries out. */
static enum err_code add_matter(const struct ctx *x, json_t *row, struct err *err)
{
    json_t *matter = NULL;
    enum err_code rc = store_query_row(x->c, &matter, err, "SELECT title FROM matters WHERE id = ?",
                                       "i", row_int(row, "matter_id"));
    if (rc == ERR_OK) {
        json_object_set_new(row, "matter_title",
                            matter != NULL ? json_string(row_text(matter, "title")) : json_null());
    }
    json_decref(matter);
    return rc;
}

static enum err_code
get_body(const struct ctx *x, const struct args *a, json_t **item, struct err *err)
{
    json_t *row = NULL, *bids = NULL;
    int64_t received = 0;
    enum err_code rc = project_load(x->c, a->id, &row, err);
    const char *township = rc == ERR_OK ? row_text(row, "township_id") : NULL;
    bool opened = rc == ERR_OK && row_text(row, "opened_at") != NULL;
    bool awarded = rc == ERR_OK && row_int(row, "awarded_bid_id") != 0;
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &received, NULL, err,
                             "SELECT COUNT(*) FROM bids WHERE project_id = ?", "i", a->id);
    }
    if (rc == ERR_OK && opened) {
        rc = opened_bids(x, a->id, &bids, err);
    }
    if (rc == ERR_OK) {
        rc = add_contract(x, row, err);
    }
    if (rc == ERR_OK) {
        rc = add_matter(x, row, err);
    }
    if (rc == ERR_OK) {
        bool staff = policy_can_read(x->who, township);
        json_t *next = json_array(), *blocked = json_array();
        if (staff) {
            project_next(x, row, next, blocked);
        }
        json_object_set_new(row, "next", next);
        json_object_set_new(row, "blocked", blocked);
        if (!awarded && !sees_panel(x->who, township)) {
            static const char *const secret[] = {"panel", "panel_seed", "bid_review"};
            for (size_t i = 0; i < ARRAY_SIZE(secret); i++) {
                json_object_set_new(row, secret[i], json_null());
            }
        }
        json_object_set_new(row, "bids", opened ? bids : json_null());
        json_object_set_new(row, "bids_received",
                            opened || staff ? json_integer(received) : json_null());
        bids = NULL;
        *item = json_incref(row);
    }
    json_decref(bids);
    json_decref(row);
    return rc;
}

static const struct field get_extra[] = {
    F_LIST("bids", FIELD_NULLABLE, 0, NULL, "投标（开标后公开）", "bids (public once opened)"),
    F_INT("bids_received", FIELD_NULLABLE, 0, 0, "收到的投标数", "bids received"),
    F_TEXT("matter_title", FIELD_NULLABLE, 0, "依据的事项", "matter"),
    F_LIST("change_orders", 0, 0, NULL, "合同变更", "change orders"),
    F_TEXT("supplier_name", FIELD_NULLABLE, 0, "中标人或供应商", "supplier"),
    F_OBJECT("figures",
             0,
             NULL,
             "节约率、变更占比、决算超支率（‰）",
             "saving rate, change share, settlement overrun (per mille)"),
    F_STEPS,
    F_END,
};

const struct query project_get_query = {
    .name = "project.get",
    .path = "/api/v1/projects/{id}",
    .cap = CAP_PUBLIC_READ,
    .run = get_body,
    .zh = "一个工程项目或采购：预控环节、招标和投标",
    .en = "One works project or purchase: its pre-control steps, tender and bids",
    .entity = &project_entity,
    .extra = get_extra,
};

/* ---- bidders ---- */

static enum err_code
bidders_body(const struct ctx *x, const struct args *a, json_t **page, struct err *err)
{
    const struct page_query *q = &a->page;
    int64_t all = policy_can_read(x->who, a->township) ? 1 : 0, total = 0;
    json_t *items = NULL;
    enum err_code rc = org_check_township(x->c, a->township, err);
    if (rc == ERR_OK) {
        rc =
            store_query_int(x->c, &total, NULL, err,
                            "SELECT COUNT(*) FROM bidders WHERE township_id = ?", "t", a->township);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(
            x->c, &items, err,
            "SELECT id, township_id, name, registration_no, legal_representative,"
            " CASE WHEN ? = 1 THEN contact_name END AS contact_name,"
            " CASE WHEN ? = 1 THEN phone END AS phone, CASE WHEN ? = 1 THEN address END AS address,"
            " CASE WHEN ? = 1 THEN bank_account END AS bank_account,"
            " CASE WHEN ? = 1 THEN relations END AS relations, created, updated"
            " FROM bidders WHERE township_id = ? ORDER BY name, id LIMIT ? OFFSET ?",
            "iiiiitii", all, all, all, all, all, a->township, q->limit, q->offset);
    }
    size_t i;
    json_t *bidder;
    json_array_foreach(rc == ERR_OK ? items : NULL, i, bidder)
    {
        row_decode(&bidder_entity, bidder);
    }
    if (rc == ERR_OK) {
        *page = page_json(items, total, q->limit, q->offset);
    }
    return rc;
}

const struct query bidder_list_query = {
    .name = "bidder.list",
    .path = "/api/v1/townships/{tid}/bidders",
    .cap = CAP_PUBLIC_READ,
    .paged = true,
    .run = bidders_body,
    .zh = "乡镇登记的投标人（联系方式和账号仅限本镇工作人员）",
    .en = "Bidders registered in a township (contacts and accounts for its staff only)",
    .title_zh = "投标人名录",
    .title_en = "bidders",
    .entity = &bidder_entity,
};
