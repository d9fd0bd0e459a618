/*
 * What a meeting's printed notice (会议通知) and minutes (会议纪要) carry
 * besides the meeting: the bodies that issue them, the township's issuing
 * code and the documents' numbers, each year's series counted in SQL so
 * that a number, once given, never changes. See meeting.h (meeting_get)
 * and docs/decisions.md, "Printed notice and minutes".
 */
#include "areas/meeting/internal.h"

#include <stdio.h>

/*
 * The year in Asia/Shanghai of the UTC time text, and that year's bounds
 * as UTC texts [from, to) in the stored form, which compare as text in
 * time order; false when text is no time.
 */
static bool
shanghai_year(const char *text, int *year, char from[UTC_TEXT_MAX], char to[UTC_TEXT_MAX])
{
    int64_t ms = 0, start = 0, end = 0;
    char day[11], first[24];
    if (text == NULL || !utc_parse(text, &ms)) {
        return false;
    }
    utc_shanghai_date(ms, day);
    int y = (day[0] - '0') * 1000 + (day[1] - '0') * 100 + (day[2] - '0') * 10 + (day[3] - '0');
    snprintf(first, sizeof(first), "%04d-01-01", y);
    bool ok = utc_shanghai_date_ms(first, &start);
    snprintf(first, sizeof(first), "%04d-01-01", y + 1);
    ok = ok && utc_shanghai_date_ms(first, &end);
    utc_format(start, from);
    utc_format(end, to);
    *year = ok ? y : 0;
    return ok;
}

/* Sets row's year_key and number_key to year and n, or both to null
 * when there is no year (0). */
static void
set_number(json_t *row, const char *year_key, const char *number_key, int year, int64_t n)
{
    json_object_set_new(row, year_key, year ? json_integer(year) : json_null());
    json_object_set_new(row, number_key, year ? json_integer(n) : json_null());
}

/*
 * The notice's number: the meeting's place, by creation id, among the
 * township's meetings created in the same year (Asia/Shanghai), cancelled
 * ones included. Both kinds of meeting are convened by the party
 * committee, whose series this is; a later meeting has a larger id, so no
 * number moves.
 */
static enum err_code notice_number(struct store_conn *c, json_t *row, struct err *err)
{
    int year = 0;
    int64_t n = 0;
    char from[UTC_TEXT_MAX], to[UTC_TEXT_MAX];
    enum err_code rc = ERR_OK;
    if (shanghai_year(row_text(row, "created"), &year, from, to)) {
        rc = store_query_int(c, &n, NULL, err,
                             "SELECT COUNT(*) FROM meetings WHERE township_id = ?"
                             " AND created >= ? AND created < ? AND id <= ?",
                             "ttti", row_text(row, "township_id"), from, to, row_int(row, "id"));
    }
    set_number(row, "notice_year", "notice_number", year, n);
    return rc;
}

/*
 * The minutes' number, once finalised: their place, by the time of
 * finalising (then id), among the minutes of the township's meetings of
 * the same kind finalised in that year (Asia/Shanghai): a committee
 * meeting's minutes and a joint meeting's are two series, as their titles
 * differ. Finalising is never undone and later finalisations are later,
 * so no number moves.
 */
static enum err_code minutes_number(struct store_conn *c, json_t *row, struct err *err)
{
    int year = 0;
    int64_t n = 0;
    char from[UTC_TEXT_MAX], to[UTC_TEXT_MAX];
    const char *at = row_text(row, "finalised_at");
    enum err_code rc = ERR_OK;
    if (shanghai_year(at, &year, from, to)) {
        rc = store_query_int(c, &n, NULL, err,
                             "SELECT COUNT(*) FROM meetings WHERE township_id = ? AND kind = ?"
                             " AND finalised_at >= ? AND finalised_at < ?"
                             " AND (finalised_at < ? OR (finalised_at = ? AND id <= ?))",
                             "tttttti", row_text(row, "township_id"), row_text(row, "kind"), from,
                             to, at, at, row_int(row, "id"));
    }
    set_number(row, "minutes_year", "minutes_number", year, n);
    return rc;
}

enum err_code meeting_document(struct store_conn *c, json_t *row, struct err *err)
{
    const char *township = row_text(row, "township_id");
    json_t *issuers = NULL, *code = NULL;
    /* The township's issuing code (机关代字): its name without 镇 or 乡,
     * and 委; a subdistrict's without 街道, and 工委 (its party working
     * committee). */
    enum err_code rc = store_query_row(
        c, &code, err,
        "SELECT CASE WHEN kind = 'subdistrict' AND name LIKE '%街道'"
        " THEN substr(name, 1, length(name) - 2) || '工委'"
        " WHEN name LIKE '%镇' OR name LIKE '%乡' THEN substr(name, 1, length(name) - 1) || '委'"
        " ELSE name || '委' END AS code FROM townships WHERE id = ?",
        "t", township);
    if (rc == ERR_OK) {
        rc = store_query_json(c, &issuers, err,
                              "SELECT name, name_en FROM organizations WHERE township_id = ?"
                              " AND (class = 'committee' OR (class = 'government' AND ? = 'joint'))"
                              " ORDER BY class = 'government', id",
                              "tt", township, row_text(row, "kind"));
    }
    if (rc == ERR_OK) {
        rc = notice_number(c, row, err);
    }
    if (rc == ERR_OK) {
        rc = minutes_number(c, row, err);
    }
    if (rc == ERR_OK) {
        json_object_set(row, "issuer_code", code ? json_object_get(code, "code") : json_null());
        json_object_set_new(row, "issuers", issuers);
        issuers = NULL;
    }
    json_decref(issuers);
    json_decref(code);
    return rc;
}
