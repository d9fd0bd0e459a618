/*
 * The procurement area's query tables as entities, each declared once by
 * its row's X-macro (procurement.h), with the kinds, methods and statuses
 * of a project for the API's description.
 */
#include "areas/procurement/internal.h"

#include "record/row.h"

#include <string.h>

const struct choice project_kinds[] = {
    {"works", "工程", "works"},
    {"goods", "货物", "goods"},
    {"services", "服务", "services"},
    {NULL, NULL, NULL},
};

const struct choice project_methods[] = {
    {"direct", "直接采购", "direct purchase"},
    {"single_source", "单一来源采购", "single source"},
    {"negotiation", "竞争性谈判", "competitive negotiation"},
    {"invited_tender", "邀请招标", "invited tender"},
    {"open_tender", "公开招标", "open tender"},
    {NULL, NULL, NULL},
};

const struct choice project_statuses[] = {
    {"registered", "已立项", "registered"},
    {"design_approved", "设计已审定", "design approved"},
    {"price_reviewed", "控制价已审核", "control price reviewed"},
    {"tendering", "招标中", "tendering"},
    {"opened", "已开标", "bids opened"},
    {"evaluated", "已评标", "bids evaluated"},
    {"awarded", "已定标", "awarded"},
    {"contracted", "已签合同", "contract signed"},
    {"accepted", "已验收", "accepted"},
    {"settled", "已决算", "settled"},
    {NULL, NULL, NULL},
};

static const struct field project_columns[] = {
    F_ENUM("status", 0, project_statuses, "状态", "status"),
    F_END,
};

const struct choice red_flag_statuses[] = {
    {"open", "待核查", "open"},
    {"confirmed", "已核实", "confirmed"},
    {"dismissed", "已排除", "dismissed"},
    {NULL, NULL, NULL},
};
static const struct field red_flag_columns[] = {
    F_ENUM("status", 0, red_flag_statuses, "状态", "status"),
    F_END,
};

ENTITY(red_flag_entity,
       "red_flag",
       "red_flags",
       RED_FLAG_ROW,
       .allocates_id = true,
       .columns = red_flag_columns,
       .zh = "风险提示",
       .en = "red flag");

/* A step's record brings the red flags it raises ("red_flags"). */
ENTITY(project_entity,
       "project",
       "projects",
       PROJECT_ROW,
       .allocates_id = true,
       .children_key = "red_flags",
       .children = &red_flag_entity,
       .columns = project_columns,
       .zh = "工程项目或采购",
       .en = "works project or purchase");

ENTITY(bidder_entity,
       "bidder",
       "bidders",
       BIDDER_ROW,
       .allocates_id = true,
       .zh = "投标人",
       .en = "bidder");

ENTITY(evaluator_entity,
       "evaluator",
       "evaluators",
       EVALUATOR_ROW,
       .allocates_id = true,
       .zh = "评标专家",
       .en = "evaluator");

ENTITY(change_order_entity,
       "change_order",
       "change_orders",
       CHANGE_ORDER_ROW,
       .allocates_id = true,
       .children_key = "red_flags",
       .children = &red_flag_entity,
       .zh = "合同变更",
       .en = "change order");

ENTITY(bid_entity,
       "bid",
       "bids",
       BID_ROW,
       .allocates_id = true,
       .sealed_until_published = true,
       .zh = "投标",
       .en = "bid");

/* The index of value among names (NULL-terminated); 0 when absent. */
static int name_index(const char *const *names, const char *value)
{
    for (int i = 0; names[i] != NULL && value != NULL; i++) {
        if (strcmp(names[i], value) == 0) {
            return i;
        }
    }
    return 0;
}

enum procurement_method project_method(const json_t *row)
{
    return (enum procurement_method)name_index(rulebook_procurement_methods,
                                               row_text(row, "method"));
}

enum procurement_kind project_kind(const json_t *row)
{
    return (enum procurement_kind)name_index(rulebook_procurement_kinds, row_text(row, "kind"));
}

enum err_code project_load(struct store_conn *c, int64_t id, json_t **row, struct err *err)
{
    return row_load(c, &project_entity, "SELECT " PROJECT_COLUMNS " FROM projects WHERE id = ?", id,
                    row, err);
}
