/*
 * The unified social credit code (统一社会信用代码, GB 32100-2015) that
 * names every organisation registered in China: 18 characters of
 * "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, S, V, Z), of which the
 * ninth to seventeenth are the organisation code (GB 11714, its last
 * character a check digit of its own) and the eighteenth the check
 * character of the first seventeen. Pure.
 */
#ifndef PROBITY_RULES_CREDIT_CODE_H
#define PROBITY_RULES_CREDIT_CODE_H

#include <stdbool.h>

#define CREDIT_CODE_LEN 18

/* What is wrong with a code, if anything. */
enum credit_code_fault {
    CREDIT_CODE_OK,
    CREDIT_CODE_LENGTH,    /* not 18 characters */
    CREDIT_CODE_CHARACTER, /* a character outside the code's alphabet */
    CREDIT_CODE_ORG_CHECK, /* the organisation code's check digit is wrong */
    CREDIT_CODE_CHECK,     /* the last character is wrong */
};

/* Checks text (NUL-terminated; capitals only, as registered). */
enum credit_code_fault credit_code_check(const char *text);
/* Writes both check characters of code, whose first 16 characters are
 * given (of the code's alphabet; the organisation code's first eight are
 * the ninth to sixteenth), and its NUL. */
void credit_code_fill(char code[CREDIT_CODE_LEN + 1]);

#endif
