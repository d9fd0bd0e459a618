/*
 * Which format a request asks for a query's answer in, and the reply
 * that sends a table's answer as a CSV or XLSX file (http/export.h).
 */
#include "http/export.h"

#include "record/table.h"

#include <string.h>

/* The largest file of a table. */
#define EXPORT_MAX (16 * 1024 * 1024)

enum err_code export_format_of(const struct request *req,
                               const struct query *q,
                               enum export_format *out,
                               struct err *err)
{
    const char *format = request_query(req, "format");
    *out = EXPORT_JSON;
    if (format != NULL) {
        if (strcmp(format, "csv") == 0) {
            *out = EXPORT_CSV;
        } else if (strcmp(format, "xlsx") == 0) {
            *out = EXPORT_XLSX;
        } else if (strcmp(format, "json") != 0) {
            return err_set(err, ERR_BAD_REQUEST, "format", "“format”须为 json、csv 或 xlsx",
                           "'format' must be json, csv or xlsx");
        }
    } else if (req->accept != NULL && strstr(req->accept, "text/csv") != NULL) {
        *out = EXPORT_CSV;
    } else if (req->accept != NULL && strstr(req->accept, EXPORT_XLSX_TYPE) != NULL) {
        *out = EXPORT_XLSX;
    }
    if (*out != EXPORT_JSON && (q == NULL || q->table == NULL)) {
        return err_set(err, ERR_BAD_REQUEST, "format", "此查询的答复不是表格，只能以 JSON 获取",
                       "this answer is not a table: it comes as JSON only");
    }
    return ERR_OK;
}

bool export_whole_list(const struct request *req,
                       const struct query *q,
                       enum export_format format,
                       struct page_query *page)
{
    if (format == EXPORT_JSON || !q->paged || request_query(req, "limit") != NULL) {
        return false;
    }
    page->limit = TABLE_ROWS_MAX;
    return true;
}

enum err_code export_check_whole(const json_t *answer, struct err *err)
{
    json_int_t total = json_integer_value(json_object_get(answer, "total"));
    json_int_t offset = json_integer_value(json_object_get(answer, "offset"));
    if (total - offset > (json_int_t)json_array_size(json_object_get(answer, "items"))) {
        return err_set(
            err, ERR_TOO_LARGE, "limit",
            "共 %lld 行，一个文件最多 %d 行：请加筛选条件，或用 limit 和 offset 分段导出",
            "%lld rows: a file holds at most %d; narrow the list with its filters, or "
            "export it in parts with limit and offset",
            (long long)total, TABLE_ROWS_MAX);
    }
    return ERR_OK;
}

enum err_code export_reply(const struct table *t,
                           const json_t *answer,
                           enum export_format format,
                           bool english,
                           struct reply *rep,
                           struct err *err)
{
    struct buf file, name, ascii;
    buf_init(&file, EXPORT_MAX);
    buf_init(&name, 512);
    buf_init(&ascii, 512);
    const char *ext = format == EXPORT_XLSX ? ".xlsx" : ".csv";
    json_t *grid = table_grid(t, answer, english);
    enum err_code rc =
        format == EXPORT_XLSX ? export_xlsx(t, grid, &file, err) : export_csv(t, grid, &file);
    if (rc == ERR_OK) {
        rc = export_file_name(t, answer, english, &name);
    }
    if (rc == ERR_OK) {
        rc = export_file_name(t, answer, true, &ascii);
    }
    if (rc == ERR_OK) {
        rc = buf_append_str(&name, ext);
    }
    if (rc == ERR_OK) {
        rc = buf_append_str(&ascii, ext);
    }
    if (rc == ERR_OK && !export_disposition(buf_str(&ascii), buf_str(&name), rep->disposition,
                                            sizeof(rep->disposition))) {
        rc = ERR_TOO_LARGE;
    }
    if (rc == ERR_OK) {
        rep->status = 200;
        reply_raw(rep, &file,
                  format == EXPORT_XLSX ? EXPORT_XLSX_TYPE
                                        : "text/csv; charset=utf-8; header=present",
                  "no-store");
    } else if (err->code == ERR_OK) {
        err_set(err, rc, NULL, NULL, NULL);
    }
    json_decref(grid);
    buf_clear(&file);
    buf_clear(&name);
    buf_clear(&ascii);
    return rc;
}
