/*
 * Money is an integer number of fen (1 yuan = 100 fen) everywhere it is
 * stored, hashed or sent; these functions only format it for people.
 */
#ifndef PROBITY_MONEY_H
#define PROBITY_MONEY_H

#include "core/config.h"

#include <stdint.h>

#define MONEY_TEXT_MAX 40

/* Writes fen as yuan with thousands separators: 123456 -> "1,234.56". */
void money_format_yuan(int64_t fen, char out[MONEY_TEXT_MAX]);
/* Writes fen as 万元 (10,000 yuan) rounded half away from zero to two
 * decimals: 1234567890 -> "1,234.57" (meaning 1,234.57 万元). */
void money_format_wan(int64_t fen, char out[MONEY_TEXT_MAX]);

#endif
