/*
 * A query's answer as a file: a query that declares its answer a table
 * (record/table.h) is answered as CSV or XLSX when the request asks
 * (?format=csv|xlsx, or an Accept header of text/csv or the XLSX type),
 * headings in the request's language, with a Content-Disposition naming
 * the file as an office would (the township, the table, the period).
 * See docs/api.md, "Tables as files".
 */
#ifndef PROBITY_EXPORT_H
#define PROBITY_EXPORT_H

#include "core/buf.h"
#include "core/err.h"
#include "core/page.h"
#include "http/http.h"

enum export_format { EXPORT_JSON, EXPORT_CSV, EXPORT_XLSX };

#define EXPORT_XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/*
 * The format req asks for its answer to q: ?format (json, csv or xlsx)
 * when given, else the Accept header's text/csv or XLSX type, else JSON.
 * ERR_BAD_REQUEST (field "format") for another format, or for CSV or
 * XLSX when q declares no table.
 */
MUST_CHECK enum err_code export_format_of(const struct request *req,
                                          const struct query *q,
                                          enum export_format *out,
                                          struct err *err);

/*
 * A paged query asked for as a file holds all its rows: without ?limit,
 * sets page's limit to TABLE_ROWS_MAX (record/table.h) and returns true.
 * False (page unchanged) for JSON, a query not paged, or a limit given.
 */
bool export_whole_list(const struct request *req,
                       const struct query *q,
                       enum export_format format,
                       struct page_query *page);
/*
 * For a list asked for whole (export_whole_list), ERR_TOO_LARGE when its
 * answer ({"items","total","offset"}) leaves rows out: a file is never
 * silently cut short.
 */
MUST_CHECK enum err_code export_check_whole(const json_t *answer, struct err *err);

/*
 * Sets rep to answer (the JSON answer of a query with table t) as the
 * file of format (CSV or XLSX), its headings English when english, with
 * its Content-Disposition. ERR_INTERNAL when the XLSX cannot be made.
 */
MUST_CHECK enum err_code export_reply(const struct table *t,
                                      const json_t *answer,
                                      enum export_format format,
                                      bool english,
                                      struct reply *rep,
                                      struct err *err);

/* export_text.c: pure helpers, also for the unit tests. */

/*
 * Appends grid (table_grid's) as CSV to out: UTF-8 with a byte order
 * mark (so that spreadsheet programs read Chinese), CRLF line ends and
 * fields quoted as RFC 4180 says; a share of t's column in per mille as
 * a percentage with one decimal ("88.6%"), null as an empty field; a text
 * that a spreadsheet would take for a formula gets a leading apostrophe
 * (OWASP "CSV injection"). ERR_TOO_LARGE past out's maximum.
 */
MUST_CHECK enum err_code export_csv(const struct table *t, const json_t *grid, struct buf *out);

/*
 * The period [from, to) (dates YYYY-MM-DD, to exclusive) as a file's
 * name says it: "2026" for a calendar year, "2026-03" for a calendar
 * month, else "2026-01-01至2026-11-30" (English "2026-01-01_to_2026-11-30"),
 * the last day included. Writes "" when a date is not one.
 */
void export_period(const char *from, const char *to, bool english, char *out, size_t size);

/*
 * Appends the name of the file of t's answer, without extension, to out:
 * the answer's "name" ("name_en" for English) when it has one, t's name,
 * and its period ("from", "to") when it has one, joined by "-"
 * ("店口镇-三多三少-2026"). ERR_TOO_LARGE past out's maximum.
 */
MUST_CHECK enum err_code
export_file_name(const struct table *t, const json_t *answer, bool english, struct buf *out);

/*
 * Writes into out (size bytes) the Content-Disposition of an attachment
 * named name (UTF-8), with ascii_name as the name for clients that read
 * no other (RFC 6266 §4.3): `attachment; filename="<ascii_name, each
 * byte outside [A-Za-z0-9._-] as _>"; filename*=UTF-8''<name,
 * percent-encoded as RFC 8187 §3.2.1 says>`. False (out "") when it does
 * not fit.
 */
bool export_disposition(const char *ascii_name, const char *name, char *out, size_t size);

/* export_xlsx.c: the grid as an XLSX workbook of one sheet named t->zh
 * (libxlsxwriter), appended to out; ERR_INTERNAL when it cannot be made. */
MUST_CHECK enum err_code
export_xlsx(const struct table *t, const json_t *grid, struct buf *out, struct err *err);

#endif
