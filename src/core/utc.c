/*
 * Calendar arithmetic without gmtime/localtime (civil-from-days and
 * days-from-civil, proleptic Gregorian), so it is thread-safe and exact.
 */
#include "core/utc.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define MS_PER_DAY   86400000LL
#define SHANGHAI_OFF (8LL * 3600 * 1000)

int64_t utc_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t utc_monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Days since 1970-01-01 of a civil date. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

void utc_format(int64_t ms, char out[UTC_TEXT_MAX])
{
    int64_t days = floor_div(ms, MS_PER_DAY);
    int64_t rem = ms - days * MS_PER_DAY;
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    snprintf(out, UTC_TEXT_MAX, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, m, d,
             (int)(rem / 3600000), (int)(rem / 60000 % 60), (int)(rem / 1000 % 60),
             (int)(rem % 1000));
}

void utc_format_shanghai(int64_t ms, char out[UTC_TEXT_MAX])
{
    int64_t local = ms + SHANGHAI_OFF;
    int64_t days = floor_div(local, MS_PER_DAY);
    int64_t rem = local - days * MS_PER_DAY;
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    snprintf(out, UTC_TEXT_MAX, "%04d-%02d-%02d %02d:%02d", y, m, d, (int)(rem / 3600000),
             (int)(rem / 60000 % 60));
}

void utc_today_shanghai(char out[11])
{
    char full[UTC_TEXT_MAX];
    utc_format_shanghai(utc_now_ms(), full);
    memcpy(out, full, 10);
    out[10] = '\0';
}

/* Reads exactly n decimal digits at *p, advancing it. */
static bool digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9') {
            return false;
        }
        v = v * 10 + (c - '0');
    }
    *p += n;
    *out = v;
    return true;
}

static int days_in_month(int y, int m)
{
    static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : len[m - 1];
}

/* Parses "YYYY-MM-DD" at *p, advancing it. */
static bool parse_date(const char **p, int *y, int *m, int *d)
{
    if (!digits(p, 4, y) || **p != '-') {
        return false;
    }
    (*p)++;
    if (!digits(p, 2, m) || **p != '-') {
        return false;
    }
    (*p)++;
    if (!digits(p, 2, d)) {
        return false;
    }
    return *y >= 1900 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= days_in_month(*y, *m);
}

bool utc_valid_date(const char *text)
{
    int y, m, d;
    const char *p = text;
    return parse_date(&p, &y, &m, &d) && *p == '\0';
}

bool utc_parse(const char *text, int64_t *ms_out)
{
    const char *p = text;
    int y, mo, d, h, mi, s, frac = 0;
    if (!parse_date(&p, &y, &mo, &d) || (*p != 'T' && *p != 't')) {
        return false;
    }
    p++;
    if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi) || *p++ != ':' ||
        !digits(&p, 2, &s)) {
        return false;
    }
    if (h > 23 || mi > 59 || s > 59) {
        return false;
    }
    if (*p == '.') {
        p++;
        int n = 0;
        while (*p >= '0' && *p <= '9') {
            if (n < 3) {
                frac = frac * 10 + (*p - '0');
            }
            n++;
            p++;
        }
        if (n == 0) {
            return false;
        }
        for (; n < 3; n++) {
            frac *= 10;
        }
    }
    int64_t offset = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1;
        int oh, om;
        p++;
        if (!digits(&p, 2, &oh) || *p++ != ':' || !digits(&p, 2, &om) || oh > 23 || om > 59) {
            return false;
        }
        offset = sign * ((int64_t)oh * 3600000 + (int64_t)om * 60000);
    } else {
        return false;
    }
    if (*p != '\0') {
        return false;
    }
    *ms_out = days_from_civil(y, mo, d) * MS_PER_DAY + (int64_t)h * 3600000 + (int64_t)mi * 60000 +
              (int64_t)s * 1000 + frac - offset;
    return true;
}

void utc_shanghai_date(int64_t ms, char out[11])
{
    char text[UTC_TEXT_MAX];
    utc_format_shanghai(ms, text);
    memcpy(out, text, 10);
    out[10] = '\0';
}

bool utc_shanghai_date_ms(const char *date, int64_t *ms)
{
    char text[40];
    if (date == NULL || !utc_valid_date(date)) {
        return false;
    }
    snprintf(text, sizeof(text), "%.10sT00:00:00+08:00", date);
    return utc_parse(text, ms);
}
