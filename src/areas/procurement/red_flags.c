/*
 * The red flags as records (docs/red-flags.md): the step that completes a
 * flag's evidence scans the project (rules/red_flags.h) and its record
 * brings the flags raised as rows of their own, sealed from the public log
 * (a sign is not a finding, and some compare what bidders keep private);
 * they wait in the discipline secretary's to-do list until reviewed,
 * confirmed or dismissed, with the reason, as a record.
 */
#include "areas/procurement/internal.h"

#include "areas/org/org.h"
#include "areas/rulebook/rulebooks.h"
#include "core/alloc.h"
#include "record/row.h"
#include "record/table.h"
#include "rules/procedure.h"

#include <string.h>

/* Where the flags raised go: new red_flags rows, ids from next. */
struct raising {
    const json_t *project;
    const char *now;
    int64_t next;
    json_t *rows;
};

static void add_flag(void *ctx, const struct rf_raised *r)
{
    struct raising *g = ctx;
    json_t *bids = json_array();
    for (size_t i = 0; i < r->n_bids; i++) {
        json_array_append_new(bids, json_integer(r->bids[i]));
    }
    json_t *projects = r->n_projects > 0 ? json_array() : json_null();
    for (size_t i = 0; i < r->n_projects; i++) {
        json_array_append_new(projects, json_integer(r->projects[i]));
    }
    bool figured = strchr(red_flag_format(r->flag, true), '%') != NULL;
    json_array_append_new(
        g->rows,
        json_pack("{sI, ss, sI, ss, so, so, so, ss, ss, sn, sn, sn}", "id", (json_int_t)g->next++,
                  "township_id", row_text(g->project, "township_id"), "project_id",
                  (json_int_t)row_int(g->project, "id"), "flag", red_flag_name(r->flag), "bids",
                  bids, "projects", projects, "figure",
                  figured ? json_integer(r->figure) : json_null(), "raised_at", g->now, "status",
                  "open", "review_reason", "reviewed_by", "reviewed_at"));
}

/* True when the review of row (a project) weighed the price alone. */
static bool price_only(const json_t *row)
{
    const json_t *criteria = json_object_get(json_object_get(row, "bid_review"), "criteria");
    size_t i;
    json_t *c;
    json_array_foreach(criteria, i, c)
    {
        if (!json_is_true(json_object_get(c, "price"))) {
            return false;
        }
    }
    return json_array_size(criteria) > 0;
}

/* True when the contract of row was signed before its award (allowed as
 * an exception by a rulebook that flags procurement.contract_before_award,
 * or so imported). */
static bool contract_early(const json_t *row)
{
    const char *signed_on = row_text(row, "contract_signed_on");
    const char *awarded_on = row_text(row, "awarded_on");
    return signed_on != NULL && awarded_on != NULL && strcmp(signed_on, awarded_on) < 0;
}

bool project_disqualified(const json_t *row, int64_t bid)
{
    const json_t *out = json_object_get(json_object_get(row, "bid_review"), "disqualified");
    size_t i;
    json_t *d;
    json_array_foreach(out, i, d)
    {
        if (row_int(d, "bid_id") == bid) {
            return true;
        }
    }
    return false;
}

/* Scans row for the flags of the steps from first to last; see
 * project_raise. */
static enum err_code raise_steps(const struct ctx *x,
                                 const json_t *row,
                                 enum red_flag_at first,
                                 enum red_flag_at last,
                                 int64_t changes_fen,
                                 json_t *target,
                                 struct err *err)
{
    struct rulebook *rb = xmalloc(sizeof(*rb));
    json_t *bids = NULL;
    char now[UTC_TEXT_MAX];
    struct raising g = {row, now, 0, json_array()};
    enum err_code rc =
        rulebooks_in_force(x, row_text(row, "township_id"), x->now_ms, rb, NULL, err);
    if (rc == ERR_OK) {
        rc = store_query_json(x->c, &bids, err,
                              "SELECT b.id, b.bidder_id, b.price_fen, d.legal_representative,"
                              " d.contact_name, d.phone, d.address, d.bank_account FROM bids b"
                              " JOIN bidders d ON d.id = b.bidder_id WHERE b.project_id = ?"
                              " ORDER BY b.id",
                              "i", row_int(row, "id"));
    }
    if (rc == ERR_OK) {
        rc = entity_next_id(x->c, &red_flag_entity, &g.next, err);
    }
    if (rc == ERR_OK) {
        size_t n = json_array_size(bids);
        struct rf_bid *b = xcalloc(n + 1, sizeof(*b));
        struct rf_bidder *d = xcalloc(n + 1, sizeof(*d));
        for (size_t i = 0; i < n; i++) {
            const json_t *r = json_array_get(bids, i);
            b[i] = (struct rf_bid){row_int(r, "id"), i, row_int(r, "price_fen"),
                                   project_disqualified(row, row_int(r, "id"))};
            d[i] =
                (struct rf_bidder){row_int(r, "bidder_id"),     row_text(r, "legal_representative"),
                                   row_text(r, "contact_name"), row_text(r, "phone"),
                                   row_text(r, "address"),      row_text(r, "bank_account")};
        }
        struct rf_project p = {
            .id = row_int(row, "id"),
            .method = project_method(row),
            .control_price_fen = row_int(row, "control_price_fen"),
            .published_ms = project_time(row, "tender_published_at"),
            .deadline_ms = project_time(row, "submission_deadline"),
            .bids = b,
            .n_bids = n,
            .bidders = d,
            .n_bidders = n,
            .awarded_bid = row_int(row, "awarded_bid_id"),
            .price_only = price_only(row),
            .contract_early = contract_early(row),
            .contract_fen = row_int(row, "contract_price_fen"),
            .changes_fen = changes_fen,
            .settlement_fen = row_int(row, "settlement_fen"),
        };
        ctx_now_text(x, now);
        for (enum red_flag_at at = first; at <= last; at++) {
            red_flags_scan(rb, &p, at, add_flag, &g);
        }
        xfree(b);
        xfree(d);
    }
    if (rc == ERR_OK && first <= RED_FLAG_AT_AWARD && RED_FLAG_AT_AWARD <= last &&
        row_int(row, "awarded_bid_id") != 0) {
        rc = project_rotation(x, rb, row, add_flag, &g, err);
    }
    if (rc == ERR_OK && first <= RED_FLAG_AT_CONTRACT && RED_FLAG_AT_CONTRACT <= last &&
        project_method(row) == PROCUREMENT_DIRECT && row_text(row, "contract_signed_on") != NULL) {
        rc = project_split(x, rb, row, add_flag, &g, err);
    }
    if (rc == ERR_OK && json_array_size(g.rows) > 0) {
        json_object_set(target, "red_flags", g.rows);
    }
    json_decref(g.rows);
    json_decref(bids);
    xfree(rb);
    return rc;
}

enum err_code project_raise(const struct ctx *x,
                            const json_t *row,
                            enum red_flag_at at,
                            int64_t changes_fen,
                            json_t *target,
                            struct err *err)
{
    return raise_steps(x, row, at, at, changes_fen, target, err);
}

enum err_code project_raise_through(
    const struct ctx *x, const json_t *row, enum red_flag_at last, json_t *target, struct err *err)
{
    return raise_steps(x, row, RED_FLAG_AT_TENDER, last, 0, target, err);
}

/* ---- review ---- */

static const struct choice outcomes[] = {
    {"confirmed", "核实存在问题", "confirmed"},
    {"dismissed", "排除", "dismissed"},
    {NULL, NULL, NULL},
};

/* A red flag's record keeps it from the public log, whole. */
static const char *const sealed[] = {"project_id",  "flag",        "bids",   "projects",
                                     "figure",      "raised_at",   "status", "review_reason",
                                     "reviewed_by", "reviewed_at", NULL};

static enum err_code
review_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    char now[UTC_TEXT_MAX];
    struct event_ref ref;
    enum err_code rc = row_load(
        x->c, &red_flag_entity,
        "SELECT " ENTITY_COLUMNS(RED_FLAG_ROW) " FROM red_flags WHERE id = ?", a->id, &row, err);
    if (rc == ERR_OK && strcmp(row_text(row, "status"), "open") != 0) {
        rc = procedure_refuse(err, PROCEDURE_FLAG_REVIEWED, NULL);
    }
    if (rc == ERR_OK) {
        ctx_now_text(x, now);
        json_object_set_new(row, "status", json_string(args_text(a, "outcome")));
        json_object_set_new(row, "review_reason", json_string(args_text(a, "reason")));
        json_object_set_new(row, "reviewed_by", json_string(actor_label(x->who)));
        json_object_set_new(row, "reviewed_at", json_string(now));
        rc = entity_update_sealed(x->c, x->who, &red_flag_entity, row_text(row, "township_id"), row,
                                  sealed, &ref, err);
    }
    if (rc == ERR_OK) {
        *result = command_answer(json_incref(row), &ref);
    }
    json_decref(row);
    return rc;
}

static const struct field review_fields[] = {
    F_ENUM("outcome", FIELD_REQUIRED, outcomes, "核查结论", "outcome"),
    F_TEXT("reason", FIELD_REQUIRED, 2000, "核查情况或排除理由", "what the review found"),
    F_END,
};

const struct command red_flag_review_command = {
    .name = "red_flag.review",
    .method = "POST",
    .path = "/api/v1/red_flags/{id}/review",
    .cap = CAP_RED_FLAG_REVIEW,
    .status = 200,
    .fields = review_fields,
    .run = review_body,
    .zh = "核查风险提示（核实或排除，并说明情况）",
    .en = "Review a red flag (confirm or dismiss it, saying why)",
    .entity = &red_flag_entity,
    .scope = "SELECT township_id FROM red_flags WHERE id = ?",
};

/* ---- the list ---- */

/* Sets a red_flags row's "title", "message" and "source" in the
 * language asked for. */
static void red_flag_describe(json_t *row, bool english)
{
    enum red_flag f;
    char message[512];
    if (!red_flag_find(row_text(row, "flag"), &f)) {
        return;
    }
    struct rf_raised r = {.flag = f, .figure = row_int(row, "figure")};
    red_flag_message(&r, english, message, sizeof(message));
    json_object_set_new(row, "title", json_string(red_flag_title(f, english)));
    json_object_set_new(row, "message", json_string(message));
    json_object_set_new(row, "source", json_string(red_flag_source(f)));
}

static enum err_code
list_body(const struct ctx *x, const struct args *a, json_t **page, struct err *err)
{
    const struct page_query *q = &a->page;
    int64_t total = 0;
    json_t *items = NULL;
    enum err_code rc = org_check_township(x->c, a->township, err);
    if (rc == ERR_OK) {
        rc = policy_check(x->who, CAP_SUPERVISION_READ, a->township, err);
    }
#define FLAG_WHERE                                                                                 \
    " FROM red_flags f JOIN projects p ON p.id = f.project_id WHERE f.township_id = ?"             \
    " AND (CAST(? AS TEXT) IS NULL OR f.status = ?)"
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &total, NULL, err, "SELECT COUNT(*)" FLAG_WHERE, "ttt",
                             a->township, q->status, q->status);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(
            x->c, &items, err,
            "SELECT f.id, f.township_id, f.project_id, f.flag, f.bids, f.projects, f.figure,"
            " f.raised_at, f.status, f.review_reason, f.reviewed_by,"
            " f.reviewed_at, p.title AS project_title" FLAG_WHERE
            " ORDER BY f.id DESC LIMIT ? OFFSET ?",
            "tttii", a->township, q->status, q->status, q->limit, q->offset);
    }
#undef FLAG_WHERE
    size_t i;
    json_t *item;
    json_array_foreach(rc == ERR_OK ? items : NULL, i, item)
    {
        row_decode(&red_flag_entity, item);
        red_flag_describe(item, x->english);
    }
    if (rc == ERR_OK) {
        *page = page_json(items, total, q->limit, q->offset);
    }
    return rc;
}

static const struct field list_params[] = {
    F_ENUM("status", 0, red_flag_statuses, "状态", "status"),
    F_END,
};

static const struct field list_extra[] = {
    F_TEXT("project_title", 0, 0, "项目", "project"),
    F_TEXT("title", 0, 0, "风险提示", "red flag"),
    F_TEXT("message", 0, 0, "说明", "what it found"),
    F_TEXT("source", 0, 0, "依据", "source"),
    F_END,
};

static const struct table_column list_columns[] = {
    {"project_title", NULL, TABLE_TEXT, "项目", "Project", NULL},
    {"title", NULL, TABLE_TEXT, "风险提示", "Red flag", NULL},
    {"message", NULL, TABLE_TEXT, "说明", "What it found", NULL},
    {"raised_at", NULL, TABLE_TEXT, "提示时间", "Raised", NULL},
    {"status", NULL, TABLE_TEXT, "状态", "Status", red_flag_statuses},
    {"review_reason", NULL, TABLE_TEXT, "核查情况", "Review", NULL},
    {"reviewed_by", NULL, TABLE_TEXT, "核查人", "Reviewed by", NULL},
    {"reviewed_at", NULL, TABLE_TEXT, "核查时间", "Reviewed", NULL},
    {"source", NULL, TABLE_TEXT, "依据", "Source", NULL},
    {NULL, NULL, TABLE_TEXT, NULL, NULL, NULL},
};

static const struct table list_table = {
    .zh = "风险提示",
    .en = "red flags",
    .rows = "items",
    .columns = list_columns,
};

const struct query red_flag_list_query = {
    .name = "red_flag.list",
    .path = "/api/v1/townships/{tid}/red_flags",
    .cap = CAP_SUPERVISION_READ,
    .params = list_params,
    .paged = true,
    .run = list_body,
    .zh = "乡镇工程采购的风险提示（可按状态）",
    .en = "The red flags of a township's works and purchases (?status)",
    .entity = &red_flag_entity,
    .extra = list_extra,
    .table = &list_table,
};
