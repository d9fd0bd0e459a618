/*
 * Expected failures as values: a fallible function returns enum err_code
 * (ERR_OK is 0) and fills a struct err with the code, the offending field
 * and a message in both languages. The table lives in err_codes.h.
 */
#ifndef PROBITY_ERR_H
#define PROBITY_ERR_H

#include "core/config.h"
#include "core/err_codes.h"

#include <stdint.h>

enum err_code {
#define ERR_ENUM_ROW(name, json, http, exit, zh, en) ERR_##name,
    ERR_CODE_TABLE(ERR_ENUM_ROW)
#undef ERR_ENUM_ROW
        ERR_N_CODES
};

#define ERR_FIELD_MAX   64
#define ERR_MESSAGE_MAX 512

struct err {
    enum err_code code;               /* ERR_OK when nothing failed */
    char field[ERR_FIELD_MAX];        /* offending input field, "" if none */
    char message_zh[ERR_MESSAGE_MAX]; /* zh-CN message, "" for the default */
    char message_en[ERR_MESSAGE_MAX]; /* English message, "" for the default */
    char rule[ERR_FIELD_MAX];         /* the broken rule's stable id, "" if none */
    int64_t retry_after_s;            /* when worth trying again (429, 503), 0 if unsaid */
};

/* Empties e (code ERR_OK). */
void err_init(struct err *e);
/*
 * Records a failure and returns code, so that `return err_set(...)` reads
 * naturally. field may be NULL. zh and en are the messages (printf formats
 * taking the same arguments, in the same order); NULL keeps the table's
 * default message for the code.
 */
enum err_code
err_set(struct err *e, enum err_code code, const char *field, const char *zh, const char *en, ...);
/* err_set with messages already written (plain texts, not formats):
 * for messages whose words differ by language (a thing's name in each). */
enum err_code
err_set_texts(struct err *e, enum err_code code, const char *field, const char *zh, const char *en);
/* Names the rule (a stable rule id such as "notice.min_hours") that the
 * recorded failure breaks; err_set clears it. */
void err_set_rule(struct err *e, const char *rule);
/* Says when the recorded failure is worth trying again (seconds, at
 * least 1; HTTP's Retry-After); err_set clears it. */
void err_set_retry_after(struct err *e, int64_t seconds);
/* Stable JSON code string, e.g. "not_found". */
const char *err_code_name(enum err_code code);
/* HTTP status for the code. */
int err_http_status(enum err_code code);
/* CLI exit code for the code (0, 1 or 2). */
int err_exit_code(enum err_code code);
/* The message in the language asked for (english != 0 for English):
 * the recorded one, else the table's default. Borrowed from e or static. */
const char *err_message(const struct err *e, int english);

#endif
