/*
 * The text parts of a table's file (http/export.h): the CSV itself
 * (RFC 4180), the file's name with its period, and the Content-Disposition
 * that carries a Chinese name (RFC 6266, RFC 8187). Pure.
 */
#include "http/export.h"

#include "core/utc.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define DAY_MS (24LL * 3600 * 1000)

/* Appends n bytes of p unless an earlier append failed. */
static void put(struct buf *out, const char *p, size_t n, enum err_code *rc)
{
    if (*rc == ERR_OK) {
        *rc = buf_append(out, p, n);
    }
}

static void put_str(struct buf *out, const char *s, enum err_code *rc)
{
    put(out, s, strlen(s), rc);
}

/* One text field, quoted when it holds a comma, a quote or a line end. */
static void csv_text(struct buf *out, const char *s, enum err_code *rc)
{
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote) {
        put(out, "\"", 1, rc);
    }
    if (s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL) {
        put(out, "'", 1, rc);
    }
    for (const char *p = s; *p != '\0'; p++) {
        put(out, p, 1, rc);
        if (*p == '"') {
            put(out, "\"", 1, rc);
        }
    }
    if (quote) {
        put(out, "\"", 1, rc);
    }
}

static void csv_value(struct buf *out, enum table_kind kind, const json_t *v, enum err_code *rc)
{
    char text[32];
    if (json_is_string(v)) {
        csv_text(out, json_string_value(v), rc);
    } else if (json_is_integer(v) && kind == TABLE_PERMILLE) {
        json_int_t n = json_integer_value(v);
        snprintf(text, sizeof(text), "%s%" JSON_INTEGER_FORMAT ".%" JSON_INTEGER_FORMAT "%%",
                 n < 0 ? "-" : "", (n < 0 ? -n : n) / 10, (n < 0 ? -n : n) % 10);
        put_str(out, text, rc);
    } else if (json_is_integer(v) && kind == TABLE_FEN) {
        json_int_t n = json_integer_value(v);
        snprintf(text, sizeof(text), "%s%" JSON_INTEGER_FORMAT ".%02" JSON_INTEGER_FORMAT,
                 n < 0 ? "-" : "", (n < 0 ? -n : n) / 100, (n < 0 ? -n : n) % 100);
        put_str(out, text, rc);
    } else if (json_is_integer(v)) {
        snprintf(text, sizeof(text), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        put_str(out, text, rc);
    }
}

enum err_code export_csv(const struct table *t, const json_t *grid, struct buf *out)
{
    enum err_code rc = ERR_OK;
    size_t i, j;
    json_t *row, *v;
    put(out, "\xEF\xBB\xBF", 3, &rc);
    json_array_foreach(grid, i, row)
    {
        json_array_foreach(row, j, v)
        {
            if (j > 0) {
                put(out, ",", 1, &rc);
            }
            /* The headings are text whatever their column holds. */
            csv_value(out, i == 0 ? TABLE_TEXT : t->columns[j].kind, v, &rc);
        }
        put(out, "\r\n", 2, &rc);
    }
    return rc;
}

void export_period(const char *from, const char *to, bool english, char *out, size_t size)
{
    int64_t from_ms = 0, to_ms = 0;
    int y1 = 0, m1 = 0, d1 = 0, y2 = 0, m2 = 0, d2 = 0;
    char last[11];
    out[0] = '\0';
    if (from == NULL || to == NULL || !utc_shanghai_date_ms(from, &from_ms) ||
        !utc_shanghai_date_ms(to, &to_ms) || sscanf(from, "%4d-%2d-%2d", &y1, &m1, &d1) != 3 ||
        sscanf(to, "%4d-%2d-%2d", &y2, &m2, &d2) != 3) {
        return;
    }
    if (d1 == 1 && d2 == 1 && m1 == 1 && m2 == 1 && y2 == y1 + 1) {
        snprintf(out, size, "%04d", y1);
    } else if (d1 == 1 && d2 == 1 &&
               (m1 == 12 ? y2 == y1 + 1 && m2 == 1 : y2 == y1 && m2 == m1 + 1)) {
        snprintf(out, size, "%04d-%02d", y1, m1);
    } else {
        utc_shanghai_date(to_ms > from_ms ? to_ms - DAY_MS : from_ms, last);
        snprintf(out, size, "%s%s%s", from, english ? "_to_" : "至", last);
    }
}

enum err_code
export_file_name(const struct table *t, const json_t *answer, bool english, struct buf *out)
{
    enum err_code rc = ERR_OK;
    char period[64];
    const char *name = json_string_value(json_object_get(answer, english ? "name_en" : "name"));
    if (name != NULL && name[0] != '\0') {
        put_str(out, name, &rc);
        put(out, "-", 1, &rc);
    }
    put_str(out, english ? t->en : t->zh, &rc);
    export_period(json_string_value(json_object_get(answer, "from")),
                  json_string_value(json_object_get(answer, "to")), english, period,
                  sizeof(period));
    if (period[0] != '\0') {
        put(out, "-", 1, &rc);
        put_str(out, period, &rc);
    }
    return rc;
}

/* RFC 8187 §3.2.1 attr-char: sent as it is in an ext-value. */
static bool attr_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           (c != '\0' && strchr("!#$&+-.^_`|~", c) != NULL);
}

static bool plain_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == '_';
}

bool export_disposition(const char *ascii_name, const char *name, char *out, size_t size)
{
    static const char hex[] = "0123456789ABCDEF";
    struct buf b;
    enum err_code rc = ERR_OK;
    buf_init(&b, size - 1);
    put_str(&b, "attachment; filename=\"", &rc);
    for (const unsigned char *p = (const unsigned char *)ascii_name; *p != '\0'; p++) {
        put(&b, plain_char(*p) ? (const char *)p : "_", 1, &rc);
    }
    put_str(&b, "\"; filename*=UTF-8''", &rc);
    for (const unsigned char *p = (const unsigned char *)name; *p != '\0'; p++) {
        char enc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
        put(&b, attr_char(*p) ? (const char *)p : enc, attr_char(*p) ? 1 : 3, &rc);
    }
    out[0] = '\0';
    if (rc == ERR_OK) {
        memcpy(out, buf_str(&b), b.len + 1);
    }
    buf_clear(&b);
    return rc == ERR_OK;
}
