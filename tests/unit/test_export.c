/*
 * Unit tests of a table's answer as a file (record/table.h,
 * http/export.h): the grid of a declared table (a labelled value as its
 * label), CSV as RFC 4180 quotes it with its byte order mark, the file's
 * period and name, the Content-Disposition of a Chinese name (RFC 6266,
 * RFC 8187), and a list's file refused rather than cut short.
 */
#include "http/export.h"
#include "record/command.h"
#include "record/table.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static const struct table_column columns[] = {
    {"month", "month_en", TABLE_TEXT, "月份", "Month", NULL},
    {"counts.n", NULL, TABLE_INT, "次数", "Count", NULL},
    {"permille.share", NULL, TABLE_PERMILLE, "占比", "Share", NULL},
    {NULL, NULL, TABLE_TEXT, NULL, NULL, NULL},
};

static const struct table table = {
    .zh = "三多三少",
    .en = "three-more-three-fewer",
    .rows = "months",
    .total_zh = "合计",
    .total_en = "Total",
    .columns = columns,
};

static json_t *answer(void)
{
    return json_pack("{ss, ss, ss, ss, s{si}, s{si}, s[{ss, s{si}, s{si}}, {ss, s{si}, s{sn}},"
                     " {ss, s{ss}}]}",
                     "name", "店口镇", "name_en", "Diankou", "from", "2026-01-01", "to",
                     "2027-01-01", "counts", "n", 7, "permille", "share", 886, "months", "month",
                     "2026-01", "counts", "n", 3, "permille", "share", 1000, "month", "a,\"b\"",
                     "counts", "n", 0, "permille", "share", "month", "=1+1", "counts", "n", "x");
}

static void test_grid_has_headings_rows_and_total(void **state)
{
    (void)state;
    json_t *a = answer();
    json_t *grid = table_grid(&table, a, false);
    json_t *want = json_pack("[[sss], [sii], [sin], [snn], [sii]]", "月份", "次数", "占比",
                             "2026-01", 3, 1000, "a,\"b\"", 0, "=1+1", "合计", 7, 886);
    assert_true(json_equal(grid, want));
    assert_int_equal(table_width(&table), 3);
    json_decref(grid);
    json_decref(want);
    grid = table_grid(&table, a, true);
    assert_string_equal(json_string_value(json_array_get(json_array_get(grid, 0), 2)), "Share");
    assert_string_equal(json_string_value(json_array_get(json_array_get(grid, 4), 0)), "Total");
    json_decref(grid);
    json_decref(a);
}

static void test_csv_has_bom_crlf_quotes_and_percentages(void **state)
{
    (void)state;
    json_t *a = answer(), *grid = table_grid(&table, a, false);
    struct buf out;
    buf_init(&out, 4096);
    assert_int_equal(export_csv(&table, grid, &out), ERR_OK);
    assert_string_equal(buf_str(&out), "\xEF\xBB\xBF"
                                       "月份,次数,占比\r\n"
                                       "2026-01,3,100.0%\r\n"
                                       "\"a,\"\"b\"\"\",0,\r\n"
                                       "'=1+1,,\r\n"
                                       "合计,7,88.6%\r\n");
    buf_clear(&out);
    buf_init(&out, 10);
    assert_int_equal(export_csv(&table, grid, &out), ERR_TOO_LARGE);
    buf_clear(&out);
    json_decref(grid);
    json_decref(a);
}

static void test_period_names_a_year_a_month_or_the_days(void **state)
{
    (void)state;
    char p[64];
    export_period("2026-01-01", "2027-01-01", false, p, sizeof(p));
    assert_string_equal(p, "2026");
    export_period("2026-12-01", "2027-01-01", true, p, sizeof(p));
    assert_string_equal(p, "2026-12");
    export_period("2026-03-01", "2026-04-01", false, p, sizeof(p));
    assert_string_equal(p, "2026-03");
    export_period("2026-01-01", "2026-12-01", false, p, sizeof(p));
    assert_string_equal(p, "2026-01-01至2026-11-30");
    export_period("2026-01-05", "2026-03-01", true, p, sizeof(p));
    assert_string_equal(p, "2026-01-05_to_2026-02-28");
    export_period("2026-1-5", "2026-03-01", true, p, sizeof(p));
    assert_string_equal(p, "");
    export_period(NULL, "2026-03-01", true, p, sizeof(p));
    assert_string_equal(p, "");
}

static void test_file_name_is_township_table_and_period(void **state)
{
    (void)state;
    json_t *a = answer();
    struct buf name;
    buf_init(&name, 256);
    assert_int_equal(export_file_name(&table, a, false, &name), ERR_OK);
    assert_string_equal(buf_str(&name), "店口镇-三多三少-2026");
    buf_reset(&name);
    assert_int_equal(export_file_name(&table, a, true, &name), ERR_OK);
    assert_string_equal(buf_str(&name), "Diankou-three-more-three-fewer-2026");
    buf_reset(&name);
    json_object_del(a, "name");
    json_object_del(a, "to");
    assert_int_equal(export_file_name(&table, a, false, &name), ERR_OK);
    assert_string_equal(buf_str(&name), "三多三少");
    buf_clear(&name);
    json_decref(a);
}

static void test_disposition_encodes_the_utf8_name(void **state)
{
    (void)state;
    char out[256];
    assert_true(export_disposition("Diankou Town-x \"2026\".csv", "店口镇-三多三少 2026.csv", out,
                                   sizeof(out)));
    assert_string_equal(out, "attachment; filename=\"Diankou_Town-x__2026_.csv\"; "
                             "filename*=UTF-8''%E5%BA%97%E5%8F%A3%E9%95%87-%E4%B8%89%E5%A4%9A"
                             "%E4%B8%89%E5%B0%91%202026.csv");
    assert_false(export_disposition("a.csv", "店口镇-三多三少-2026.csv", out, 40));
    assert_string_equal(out, "");
}

static const struct choice statuses[] = {
    {"open", "待核查", "open"},
    {"dismissed", "已排除", "dismissed"},
    {NULL, NULL, NULL},
};

static const struct table_column flag_columns[] = {
    {"status", NULL, TABLE_TEXT, "状态", "Status", statuses},
    {NULL, NULL, TABLE_TEXT, NULL, NULL, NULL},
};

static const struct table flag_table = {
    .zh = "风险提示",
    .en = "red flags",
    .rows = "items",
    .columns = flag_columns,
};

static void test_a_labelled_value_is_its_label(void **state)
{
    (void)state;
    json_t *a = json_pack("{s[{ss}, {ss}, {si}]}", "items", "status", "dismissed", "status",
                          "reopened", "status", 1);
    json_t *grid = table_grid(&flag_table, a, false);
    json_t *want = json_pack("[[s], [s], [s], [n]]", "状态", "已排除", "reopened");
    assert_true(json_equal(grid, want));
    json_decref(grid);
    json_decref(want);
    grid = table_grid(&flag_table, a, true);
    assert_string_equal(json_string_value(json_array_get(json_array_get(grid, 1), 0)), "dismissed");
    json_decref(grid);
    json_decref(a);
}

static void test_a_whole_list_is_never_cut_short(void **state)
{
    (void)state;
    struct err err;
    err_init(&err);
    json_t *whole = json_pack("{s[ii], si, si}", "items", 1, 2, "total", 2, "offset", 0);
    json_t *past = json_pack("{s[i], si, si}", "items", 2, "total", 2, "offset", 1);
    json_t *cut = json_pack("{s[ii], si, si}", "items", 1, 2, "total", 3, "offset", 0);
    assert_int_equal(export_check_whole(whole, &err), ERR_OK);
    assert_int_equal(export_check_whole(past, &err), ERR_OK);
    assert_int_equal(export_check_whole(cut, &err), ERR_TOO_LARGE);
    assert_string_equal(err.field, "limit");
    assert_non_null(strstr(err.message_zh, "最多 10000 行"));
    json_decref(whole);
    json_decref(past);
    json_decref(cut);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid_has_headings_rows_and_total),
        cmocka_unit_test(test_csv_has_bom_crlf_quotes_and_percentages),
        cmocka_unit_test(test_period_names_a_year_a_month_or_the_days),
        cmocka_unit_test(test_file_name_is_township_table_and_period),
        cmocka_unit_test(test_disposition_encodes_the_utf8_name),
        cmocka_unit_test(test_a_labelled_value_is_its_label),
        cmocka_unit_test(test_a_whole_list_is_never_cut_short),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
