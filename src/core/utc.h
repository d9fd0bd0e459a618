/*
 * Time: instants are int64 milliseconds since the Unix epoch, stored and
 * sent as UTC RFC 3339 text ("2026-11-29T05:48:32.123Z"); shown to people
 * in Asia/Shanghai (UTC+8, no daylight saving). Dates are "YYYY-MM-DD".
 */
#ifndef PROBITY_UTC_H
#define PROBITY_UTC_H

#include "core/config.h"

#include <stdbool.h>
#include <stdint.h>

/* Room for any time these functions write: "YYYY-MM-DDTHH:MM:SS.mmmZ"
 * needs 25 bytes, and the compiler must see that every int fits. */
#define UTC_TEXT_MAX 64

/* Milliseconds since the epoch, from the real-time clock. */
int64_t utc_now_ms(void);
/* Milliseconds on the monotonic clock, for durations (not a time of day). */
int64_t utc_monotonic_ms(void);
/* Writes ms as "YYYY-MM-DDTHH:MM:SS.mmmZ" into out (UTC_TEXT_MAX bytes). */
void utc_format(int64_t ms, char out[UTC_TEXT_MAX]);
/* Writes ms in Asia/Shanghai as "YYYY-MM-DD HH:MM" into out. */
void utc_format_shanghai(int64_t ms, char out[UTC_TEXT_MAX]);
/* Parses RFC 3339 text with 'Z' or a numeric offset and optional fraction;
 * false for anything else. */
bool utc_parse(const char *text, int64_t *ms_out);
/* True when text is a real calendar date "YYYY-MM-DD" (1900..9999). */
bool utc_valid_date(const char *text);
/* The Shanghai date "YYYY-MM-DD" of a UTC ms instant (11 bytes). */
void utc_shanghai_date(int64_t ms, char out[11]);
/* Milliseconds of a Shanghai date's midnight; false when not a date. */
bool utc_shanghai_date_ms(const char *date, int64_t *ms);
/* Today's date in Asia/Shanghai, "YYYY-MM-DD" (11 bytes). */
void utc_today_shanghai(char out[11]);

#endif
