/*
 * Verdicts and the rule-id table: lookups over rule_ids.h, building a
 * violation with its messages, and settling a verdict with a
 * justification. See verdict.h.
 */
#include "rules/verdict.h"

#include "core/input.h"
#include "rules/rulebook.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct rule_row {
    const char *name;
    enum rule_action action;
    enum rule_configurable configurable;
    enum err_code code;
    const char *args;
    const char *zh;
    const char *en;
};

static const struct rule_row rule_rows[] = {
#define RULE_ROW(cname, id, action, configurable, code, args, zh, en)                              \
    {id, action, configurable, ERR_##code, args, zh, en},
    RULE_TABLE(RULE_ROW)
#undef RULE_ROW
};

_Static_assert(ARRAY_SIZE(rule_rows) == RULE_N, "one row per rule id");

void rules_verdict_ok(struct verdict *v)
{
    memset(v, 0, sizeof(*v));
    v->kind = VERDICT_OK;
}

const char *rules_rule_name(enum rule_id id)
{
    assert(id < RULE_N);
    return rule_rows[id].name;
}

bool rules_rule_find(const char *name, enum rule_id *out)
{
    for (size_t i = 0; i < RULE_N; i++) {
        if (strcmp(rule_rows[i].name, name) == 0) {
            *out = (enum rule_id)i;
            return true;
        }
    }
    return false;
}

enum rule_action rules_rule_default_action(enum rule_id id)
{
    assert(id < RULE_N);
    return rule_rows[id].action;
}

bool rules_rule_configurable(enum rule_id id)
{
    assert(id < RULE_N);
    return rule_rows[id].configurable == RULE_CONFIGURABLE;
}

bool rules_rule_added_later(enum rule_id id)
{
#define RULE_LATER(name) RULE_##name,
    static const enum rule_id later[] = {RULES_ADDED_LATER(RULE_LATER)};
#undef RULE_LATER
    for (size_t i = 0; i < sizeof(later) / sizeof(later[0]); i++) {
        if (later[i] == id) {
            return true;
        }
    }
    return false;
}

enum err_code rules_rule_code(enum rule_id id)
{
    assert(id < RULE_N);
    return rule_rows[id].code;
}

const char *rules_rule_args(enum rule_id id)
{
    assert(id < RULE_N);
    return rule_rows[id].args;
}

const char *rules_rule_format(enum rule_id id, bool english)
{
    assert(id < RULE_N);
    return english ? rule_rows[id].en : rule_rows[id].zh;
}

/* Cuts a UTF-8 sequence left incomplete at the end of s (by snprintf's
 * truncation of a long message), so that s stays valid UTF-8. */
static void utf8_trim(char *s)
{
    size_t i = strlen(s);
    size_t cont = 0; /* continuation bytes at the end */
    while (i > 0 && cont < 3 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) {
        i--;
        cont++;
    }
    if (i == 0) {
        s[0] = '\0';
        return;
    }
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    if (lead < 0x80 || (lead & 0xC0) == 0x80) {
        s[i] = '\0'; /* continuation bytes without their lead byte */
    } else if (need != cont) {
        s[i - 1] = '\0'; /* an incomplete sequence */
    }
}

void rules__violation(
    struct verdict *v, const struct rulebook *rb, enum rule_id id, const char *field, ...)
{
    assert(id < RULE_N);
    const struct rule_row *row = &rule_rows[id];
    enum rule_action action = rb != NULL ? rulebook_action(rb, id) : row->action;
    if (row->configurable == RULE_FIXED) {
        action = RULE_ACTION_REFUSE;
    }
    memset(v, 0, sizeof(*v));
    v->kind = action == RULE_ACTION_FLAG ? VERDICT_FLAG : VERDICT_REFUSE;
    v->id = id;
    snprintf(v->rule, sizeof(v->rule), "%s", row->name);
    snprintf(v->field, sizeof(v->field), "%s", field != NULL ? field : "");
    va_list ap;
    va_start(ap, field);
    va_list ap2;
    va_copy(ap2, ap);
    /* The formats are the table's literals; their argument types are the
     * "args" column, which the unit tests check against the formats. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(v->message_zh, sizeof(v->message_zh), row->zh, ap);
    vsnprintf(v->message_en, sizeof(v->message_en), row->en, ap2);
#pragma GCC diagnostic pop
    va_end(ap2);
    va_end(ap);
    utf8_trim(v->message_zh);
    utf8_trim(v->message_en);
}

/* True when s holds a character other than spaces (ASCII whitespace and
 * U+3000, the ideographic space). */
static bool has_text(const char *s)
{
    while (*s != '\0') {
        if (strncmp(s, "\xe3\x80\x80", 3) == 0) {
            s += 3;
        } else if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            s++;
        } else {
            return true;
        }
    }
    return false;
}

enum err_code verdict_settle(enum verdict_kind kind,
                             const struct verdict *v,
                             const char *justification,
                             struct err *err)
{
    assert(kind == v->kind);
    (void)kind;
    return rules_settle(v, justification, err);
}

enum err_code rules_settle(const struct verdict *v, const char *justification, struct err *err)
{
    switch (v->kind) {
    case VERDICT_OK:
        return ERR_OK;
    case VERDICT_FLAG:
        if (justification == NULL || !has_text(justification)) {
            enum err_code rc =
                err_set(err, ERR_INVALID, "justification", "违反规则 %s，须说明理由：%s%.0s",
                        "rule %s is broken, so a justification is required: %.0s%s", v->rule,
                        v->message_zh, v->message_en);
            err_set_rule(err, v->rule);
            return rc;
        }
        if (input_utf8_chars(justification) > RULES_JUSTIFICATION_MAX) {
            return err_set(err, ERR_INVALID, "justification", "理由不能超过 %d 个字符",
                           "a justification must be at most %d characters",
                           RULES_JUSTIFICATION_MAX);
        }
        return ERR_OK;
    case VERDICT_REFUSE:
        break;
    }
    assert(v->kind == VERDICT_REFUSE);
    /* Both formats take both messages; each prints its own ("%.0s" prints
     * nothing of the other). */
    enum err_code rc = err_set(err, rules_rule_code(v->id), v->field, "%s%.0s", "%.0s%s",
                               v->message_zh, v->message_en);
    err_set_rule(err, v->rule);
    return rc;
}

json_t *rules_verdict_json(const struct verdict *v)
{
    static const char *const kinds[] = {"ok", "flag", "refuse"};
    assert(v->kind <= VERDICT_REFUSE);
    json_t *o = json_object();
    json_object_set_new(o, "kind", json_string(kinds[v->kind]));
    json_object_set_new(o, "rule", v->rule[0] != '\0' ? json_string(v->rule) : json_null());
    json_object_set_new(o, "field", v->field[0] != '\0' ? json_string(v->field) : json_null());
    json_object_set_new(o, "message_zh", json_string(v->message_zh));
    json_object_set_new(o, "message_en", json_string(v->message_en));
    return o;
}

json_t *verdict_block(bool english, json_t *blocked, const char *action, const struct verdict *v)
{
    json_t *entry = json_pack("{ss, ss, ss}", "action", action, "rule", v->rule, "message",
                              english ? v->message_en : v->message_zh);
    json_array_append_new(blocked, entry);
    return entry;
}
