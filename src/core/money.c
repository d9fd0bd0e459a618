/*
 * Formatting of fen amounts as yuan and 万元. See money.h.
 */
#include "core/money.h"

#include <stdio.h>
#include <string.h>

/* Writes units (a count of 1/100ths) as "[-]1,234.56". */
static void format_hundredths(int64_t neg, uint64_t units, char out[MONEY_TEXT_MAX])
{
    char digits[24];
    int n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)(units / 100));
    char *p = out;
    if (neg) {
        *p++ = '-';
    }
    for (int i = 0; i < n; i++) {
        *p++ = digits[i];
        int left = n - 1 - i;
        if (left > 0 && left % 3 == 0) {
            *p++ = ',';
        }
    }
    snprintf(p, (size_t)(MONEY_TEXT_MAX - (p - out)), ".%02u", (unsigned)(units % 100));
}

static uint64_t magnitude(int64_t v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

void money_format_yuan(int64_t fen, char out[MONEY_TEXT_MAX])
{
    format_hundredths(fen < 0, magnitude(fen), out);
}

void money_format_wan(int64_t fen, char out[MONEY_TEXT_MAX])
{
    /* 1 万元 = 1,000,000 fen; hundredths of 万元 are 10,000 fen. */
    uint64_t m = magnitude(fen);
    uint64_t units = m / 10000 + (m % 10000 >= 5000 ? 1 : 0);
    format_hundredths(fen < 0 && units > 0, units, out);
}
