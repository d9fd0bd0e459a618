/*
 * The unified social credit code's two check characters. See
 * credit_code.h.
 */
#include "rules/credit_code.h"

#include <string.h>

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* The value of c in the code's alphabet (0..30), or -1. */
static int code_value(char c)
{
    const char *at = c != '\0' ? strchr(alphabet, c) : NULL;
    return at != NULL ? (int)(at - alphabet) : -1;
}

/* GB 11714's check digit of the eight characters at org: digits count as
 * themselves and letters from A = 10, weighted 3 7 9 10 5 8 4 2; 11 minus
 * the sum modulo 11, written X for 10 and 0 for 11. */
static char org_check(const char *org)
{
    static const int weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 8; i++) {
        char c = org[i];
        int value = c >= '0' && c <= '9' ? c - '0' : c - 'A' + 10;
        sum += value * weights[i];
    }
    int check = 11 - sum % 11;
    return check == 10 ? 'X' : check == 11 ? '0' : (char)('0' + check);
}

/* The code's check character of its first seventeen values: the i-th
 * (from 0) weighs 3^i modulo 31. */
static char code_check(const int values[CREDIT_CODE_LEN - 1])
{
    int sum = 0, weight = 1;
    for (int i = 0; i < CREDIT_CODE_LEN - 1; i++) {
        sum += values[i] * weight;
        weight = weight * 3 % 31;
    }
    return alphabet[(31 - sum % 31) % 31];
}

void credit_code_fill(char code[CREDIT_CODE_LEN + 1])
{
    int values[CREDIT_CODE_LEN - 1];
    code[16] = org_check(code + 8);
    for (int i = 0; i < CREDIT_CODE_LEN - 1; i++) {
        values[i] = code_value(code[i]);
    }
    code[17] = code_check(values);
    code[18] = '\0';
}

enum credit_code_fault credit_code_check(const char *text)
{
    if (strlen(text) != CREDIT_CODE_LEN) {
        return CREDIT_CODE_LENGTH;
    }
    int values[CREDIT_CODE_LEN];
    for (int i = 0; i < CREDIT_CODE_LEN; i++) {
        values[i] = code_value(text[i]);
        if (values[i] < 0) {
            return CREDIT_CODE_CHARACTER;
        }
    }
    if (org_check(text + 8) != text[16]) {
        return CREDIT_CODE_ORG_CHECK;
    }
    return code_check(values) == text[17] ? CREDIT_CODE_OK : CREDIT_CODE_CHECK;
}
