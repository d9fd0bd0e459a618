/*
 * A township's savings by year (节约率): for the projects whose contract
 * was signed that year, the control prices and contract prices, the
 * saving rate (control - contract) / control, the change orders' share
 * of the contracts, and for those settled the settlement's overrun over
 * their contracts; the same over every year as the total. A table, so
 * also a CSV or XLSX file (record/table.h).
 */
#include "areas/procurement/internal.h"

#include "areas/org/org.h"
#include "record/row.h"
#include "record/table.h"
#include "rules/procurement.h"

/* A figure as JSON: null when not there yet. */
static json_t *figure(int64_t permille)
{
    return permille == RULES_FIGURE_NONE ? json_null() : json_integer(permille);
}

/* Sets the sums' shares on row (a year's, or the total's). */
static void set_shares(json_t *row)
{
    struct rules_project_figures f, settled;
    rules_project_figures(row_int(row, "control_fen"), row_int(row, "contract_fen"),
                          row_int(row, "changes_fen"), 0, &f);
    rules_project_figures(0, row_int(row, "settled_contract_fen"), 0,
                          row_int(row, "settlement_fen"), &settled);
    json_object_set_new(row, "saving_permille", figure(f.saving_permille));
    json_object_set_new(row, "change_permille", figure(f.change_permille));
    json_object_set_new(row, "overrun_permille", figure(settled.overrun_permille));
}

static const char *const summed[] = {"projects",      "control_fen", "contract_fen",
                                     "changes_fen",   "settled",     "settled_contract_fen",
                                     "settlement_fen"};

static enum err_code
savings_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *township = NULL, *years = NULL;
    enum err_code rc = org_check_township(x->c, a->township, err);
    if (rc == ERR_OK) {
        rc = store_query_row(x->c, &township, err,
                             "SELECT name, name_en FROM townships WHERE id = ?", "t", a->township);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(
            x->c, &years, err,
            "SELECT substr(p.contract_signed_on, 1, 4) AS year, COUNT(*) AS projects,"
            " SUM(p.control_price_fen) AS control_fen, SUM(p.contract_price_fen) AS contract_fen,"
            " SUM(COALESCE((SELECT SUM(c.delta_fen) FROM change_orders c"
            " WHERE c.project_id = p.id), 0)) AS changes_fen,"
            " SUM(CASE WHEN p.settlement_fen IS NULL THEN 0 ELSE 1 END) AS settled,"
            " SUM(CASE WHEN p.settlement_fen IS NULL THEN 0 ELSE p.contract_price_fen END)"
            " AS settled_contract_fen, SUM(COALESCE(p.settlement_fen, 0)) AS settlement_fen"
            " FROM projects p WHERE p.township_id = ? AND p.contract_signed_on IS NOT NULL"
            " GROUP BY substr(p.contract_signed_on, 1, 4) ORDER BY year",
            "t", a->township);
    }
    if (rc == ERR_OK) {
        json_t *answer = json_pack("{ss, sO, sO}", "township", a->township, "name",
                                   json_object_get(township, "name"), "name_en",
                                   json_object_get(township, "name_en"));
        for (size_t k = 0; k < ARRAY_SIZE(summed); k++) {
            int64_t total = 0;
            size_t i;
            json_t *year;
            json_array_foreach(years, i, year)
            {
                total += row_int(year, summed[k]);
            }
            json_object_set_new(answer, summed[k], json_integer(total));
        }
        size_t i;
        json_t *year;
        json_array_foreach(years, i, year)
        {
            set_shares(year);
        }
        set_shares(answer);
        json_object_set_new(answer, "years", years);
        years = NULL;
        *result = answer;
    }
    json_decref(years);
    json_decref(township);
    return rc;
}

static const struct table_column savings_columns[] = {
    {"year", NULL, TABLE_TEXT, "合同签订年度", "Year contracted", NULL},
    {"projects", NULL, TABLE_INT, "项目数", "Projects", NULL},
    {"control_fen", NULL, TABLE_FEN, "控制价合计（元）", "Control prices (yuan)", NULL},
    {"contract_fen", NULL, TABLE_FEN, "合同价合计（元）", "Contract prices (yuan)", NULL},
    {"saving_permille", NULL, TABLE_PERMILLE, "节约率", "Saving rate", NULL},
    {"changes_fen", NULL, TABLE_FEN, "合同变更合计（元）", "Change orders (yuan)", NULL},
    {"change_permille", NULL, TABLE_PERMILLE, "变更占合同价比例", "Changes of contract prices",
     NULL},
    {"settled", NULL, TABLE_INT, "已决算项目", "Projects settled", NULL},
    {"settlement_fen", NULL, TABLE_FEN, "决算合计（元）", "Settlements (yuan)", NULL},
    {"overrun_permille", NULL, TABLE_PERMILLE, "决算超出合同价比例", "Settlements over contracts",
     NULL},
    {NULL, NULL, TABLE_TEXT, NULL, NULL, NULL},
};

static const struct table savings_table = {
    .zh = "节约率",
    .en = "saving-rates",
    .rows = "years",
    .total_zh = "合计",
    .total_en = "Total",
    .columns = savings_columns,
};

static const struct field savings_extra[] = {
    F_TEXT("township", 0, 0, "乡镇", "township"),
    F_TEXT("name", 0, 0, "乡镇名称", "name"),
    F_TEXT("name_en", FIELD_NULLABLE, 0, "乡镇名称（英文）", "name in English"),
    F_LIST("years", 0, 0, NULL, "各年度", "by year"),
    F_INT("projects", 0, 0, 0, "项目数", "projects"),
    F_INT("control_fen", 0, 0, 0, "控制价合计（分）", "control prices (fen)"),
    F_INT("contract_fen", 0, 0, 0, "合同价合计（分）", "contract prices (fen)"),
    F_INT("saving_permille", FIELD_NULLABLE, 0, 0, "节约率（‰）", "saving rate (per mille)"),
    F_INT("changes_fen", 0, 0, 0, "合同变更合计（分）", "change orders (fen)"),
    F_INT("change_permille", FIELD_NULLABLE, 0, 0, "变更占比（‰）", "change share (per mille)"),
    F_INT("settled", 0, 0, 0, "已决算项目", "projects settled"),
    F_INT("settled_contract_fen",
          0,
          0,
          0,
          "已决算项目的合同价（分）",
          "contract prices of those settled (fen)"),
    F_INT("settlement_fen", 0, 0, 0, "决算合计（分）", "settlements (fen)"),
    F_INT("overrun_permille",
          FIELD_NULLABLE,
          0,
          0,
          "决算超支率（‰）",
          "settlement overrun (per mille)"),
    F_END,
};

const struct query savings_query = {
    .name = "procurement.savings",
    .path = "/api/v1/townships/{tid}/savings",
    .cap = CAP_PUBLIC_READ,
    .run = savings_body,
    .flags = QUERY_RECORDS_ONLY,
    .zh = "乡镇各年度的节约率、合同变更和决算超支",
    .en = "A township's saving rate, change orders and settlement overrun by year",
    .extra = savings_extra,
    .table = &savings_table,
};
