/*
 * A table's answer as an XLSX workbook (http/export.h), made by
 * libxlsxwriter: one sheet, the headings bold and frozen, counts as
 * numbers, shares as percentages and amounts as yuan. libxlsxwriter writes to a file, so
 * the workbook is made in a temporary file, read back and removed.
 */
#include "http/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* A sheet's column is this many characters wide at least, and at most
 * (longer headings wrap). */
#define COLUMN_WIDTH_MIN 10
#define COLUMN_WIDTH_MAX 24

/* The number formats of the kinds that have one. */
struct formats {
    lxw_format *share; /* a per-mille share as a percentage */
    lxw_format *yuan;  /* an amount in fen as yuan */
};

static void write_cell(lxw_worksheet *ws,
                       lxw_row_t r,
                       lxw_col_t c,
                       enum table_kind kind,
                       const json_t *v,
                       const struct formats *f)
{
    if (json_is_string(v)) {
        worksheet_write_string(ws, r, c, json_string_value(v), NULL);
    } else if (json_is_integer(v)) {
        double n = (double)json_integer_value(v);
        worksheet_write_number(ws, r, c,
                               kind == TABLE_PERMILLE ? n / 1000
                               : kind == TABLE_FEN    ? n / 100
                                                      : n,
                               kind == TABLE_PERMILLE ? f->share
                               : kind == TABLE_FEN    ? f->yuan
                                                      : NULL);
    }
}

/* Writes grid into a new workbook at path. */
static bool write_workbook(const struct table *t, const json_t *grid, const char *path)
{
    lxw_workbook *wb = workbook_new(path);
    if (wb == NULL) {
        return false;
    }
    lxw_worksheet *ws = workbook_add_worksheet(wb, t->zh);
    lxw_format *bold = workbook_add_format(wb);
    struct formats f = {workbook_add_format(wb), workbook_add_format(wb)};
    format_set_bold(bold);
    format_set_text_wrap(bold);
    format_set_num_format(f.share, "0.0%");
    format_set_num_format(f.yuan, "#,##0.00");
    size_t i, j;
    json_t *row, *v;
    json_array_foreach(json_array_get(grid, 0), j, v)
    {
        size_t width = json_string_length(v);
        width = width < COLUMN_WIDTH_MIN ? COLUMN_WIDTH_MIN : width;
        width = width > COLUMN_WIDTH_MAX ? COLUMN_WIDTH_MAX : width;
        worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j, (double)width, NULL);
        worksheet_write_string(ws, 0, (lxw_col_t)j, json_string_value(v), bold);
    }
    worksheet_freeze_panes(ws, 1, 0);
    json_array_foreach(grid, i, row)
    {
        json_array_foreach(row, j, v)
        {
            if (i > 0) {
                write_cell(ws, (lxw_row_t)i, (lxw_col_t)j, t->columns[j].kind, v, &f);
            }
        }
    }
    return workbook_close(wb) == LXW_NO_ERROR;
}

/* Appends the file at f to out. */
static enum err_code read_back(FILE *f, struct buf *out)
{
    char chunk[16384];
    size_t n;
    enum err_code rc = ERR_OK;
    while (rc == ERR_OK && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        rc = buf_append(out, chunk, n);
    }
    return rc == ERR_OK && ferror(f) ? ERR_INTERNAL : rc;
}

enum err_code
export_xlsx(const struct table *t, const json_t *grid, struct buf *out, struct err *err)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    enum err_code rc = ERR_INTERNAL;
    int n = snprintf(path, sizeof(path), "%s/probity-xlsx-XXXXXX", dir && dir[0] ? dir : "/tmp");
    int fd = n > 0 && (size_t)n < sizeof(path) ? mkstemp(path) : -1;
    if (fd < 0) {
        return err_set(err, ERR_INTERNAL, NULL, "无法生成电子表格文件",
                       "the spreadsheet could not be made");
    }
    close(fd);
    if (write_workbook(t, grid, path)) {
        FILE *f = fopen(path, "rb");
        if (f != NULL) {
            rc = read_back(f, out);
            fclose(f);
        }
    }
    unlink(path);
    if (rc != ERR_OK) {
        return err_set(err, rc, NULL, "无法生成电子表格文件", "the spreadsheet could not be made");
    }
    return ERR_OK;
}
