/*
 * Error records and the lookups over the err_codes.h table. See err.h.
 */
#include "core/err.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct err_row {
    const char *json;
    int http;
    int exit;
    const char *zh;
    const char *en;
};

static const struct err_row err_rows[] = {
#define ERR_ROW(name, json, http, exit, zh, en) {json, http, exit, zh, en},
    ERR_CODE_TABLE(ERR_ROW)
#undef ERR_ROW
};

_Static_assert(ARRAY_SIZE(err_rows) == ERR_N_CODES, "one row per code");

void err_init(struct err *e)
{
    memset(e, 0, sizeof(*e));
}

enum err_code
err_set(struct err *e, enum err_code code, const char *field, const char *zh, const char *en, ...)
{
    assert(code < ERR_N_CODES);
    if (e == NULL) {
        return code;
    }
    e->code = code;
    e->rule[0] = '\0';
    e->retry_after_s = 0;
    snprintf(e->field, sizeof(e->field), "%s", field ? field : "");
    va_list ap;
    va_start(ap, en);
    va_list ap2;
    va_copy(ap2, ap);
    e->message_zh[0] = '\0';
    e->message_en[0] = '\0';
    if (zh != NULL) {
        /* The formats are literals of the caller's; both take the same arguments. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        vsnprintf(e->message_zh, sizeof(e->message_zh), zh, ap);
    }
    if (en != NULL) {
        vsnprintf(e->message_en, sizeof(e->message_en), en, ap2);
#pragma GCC diagnostic pop
    }
    va_end(ap2);
    va_end(ap);
    return code;
}

enum err_code
err_set_texts(struct err *e, enum err_code code, const char *field, const char *zh, const char *en)
{
    err_set(e, code, field, NULL, NULL);
    if (e != NULL) {
        snprintf(e->message_zh, sizeof(e->message_zh), "%s", zh);
        snprintf(e->message_en, sizeof(e->message_en), "%s", en);
    }
    return code;
}

void err_set_rule(struct err *e, const char *rule)
{
    if (e != NULL) {
        snprintf(e->rule, sizeof(e->rule), "%s", rule ? rule : "");
    }
}

void err_set_retry_after(struct err *e, int64_t seconds)
{
    if (e != NULL) {
        e->retry_after_s = seconds < 1 ? 1 : seconds;
    }
}

const char *err_code_name(enum err_code code)
{
    assert(code < ERR_N_CODES);
    return err_rows[code].json;
}

int err_http_status(enum err_code code)
{
    assert(code < ERR_N_CODES);
    return err_rows[code].http;
}

int err_exit_code(enum err_code code)
{
    assert(code < ERR_N_CODES);
    return err_rows[code].exit;
}

const char *err_message(const struct err *e, int english)
{
    const char *own = english ? e->message_en : e->message_zh;
    if (own[0] != '\0') {
        return own;
    }
    return english ? err_rows[e->code].en : err_rows[e->code].zh;
}
