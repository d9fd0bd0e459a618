/*
 * Verdicts: what a rule check returns. A check is a pure function (state +
 * command -> verdict) with no I/O; the verdict is OK, a FLAG (the action
 * may go ahead with a recorded justification and is flagged for
 * supervision) or a REFUSE (HTTP 409/422 with the rule id). Which of FLAG
 * and REFUSE a violation gets comes from the rulebook's "actions"; the
 * rule ids and their messages live in the rule_ids.h table. See
 * docs/rules.md.
 */
#ifndef PROBITY_RULES_VERDICT_H
#define PROBITY_RULES_VERDICT_H

#include "core/err.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct rulebook;

/* What a violation leads to. */
enum rule_action {
    RULE_ACTION_REFUSE, /* the action is refused */
    RULE_ACTION_FLAG,   /* allowed with a justification, and flagged */
};

/* Whether a rulebook may choose the action for a rule. */
enum rule_configurable {
    RULE_FIXED,        /* always refused */
    RULE_CONFIGURABLE, /* the rulebook's "actions" says refuse or flag */
};

#include "rules/rule_ids.h"

enum rule_id {
#define RULE_ENUM_ROW(name, id, action, configurable, code, args, zh, en) RULE_##name,
    RULE_TABLE(RULE_ENUM_ROW)
#undef RULE_ENUM_ROW
        RULE_N
};

enum verdict_kind {
    VERDICT_OK,     /* no rule is broken */
    VERDICT_FLAG,   /* a rule is broken; allowed with a justification, flagged */
    VERDICT_REFUSE, /* a rule is broken; the action is refused */
};

#define VERDICT_RULE_MAX    48
#define VERDICT_FIELD_MAX   64
#define VERDICT_MESSAGE_MAX 256

struct verdict {
    enum verdict_kind kind;
    enum rule_id id;                      /* meaningful unless kind is VERDICT_OK */
    char rule[VERDICT_RULE_MAX];          /* stable id, e.g. "notice.min_hours"; "" when OK */
    char field[VERDICT_FIELD_MAX];        /* the command field at fault; "" when none */
    char message_zh[VERDICT_MESSAGE_MAX]; /* zh-CN, with the numbers filled in */
    char message_en[VERDICT_MESSAGE_MAX]; /* English, with the numbers filled in */
};

/* The longest justification accepted, in Unicode characters. */
#define RULES_JUSTIFICATION_MAX 2000

/* Sets v to VERDICT_OK with empty texts. */
void rules_verdict_ok(struct verdict *v);
/* The rule's stable id, e.g. "quorum.not_met" (static). */
const char *rules_rule_name(enum rule_id id);
/* Finds a rule by its stable id; false when there is none. */
bool rules_rule_find(const char *name, enum rule_id *out);
/* The action a rule takes when the rulebook does not say. */
enum rule_action rules_rule_default_action(enum rule_id id);
/* True when a rulebook may set the rule's action (RULE_CONFIGURABLE). */
bool rules_rule_configurable(enum rule_id id);
/* True for a configurable rule added after the first release
 * (RULES_ADDED_LATER in rule_ids.h). */
bool rules_rule_added_later(enum rule_id id);
/* The err_code a refusal of the rule settles to (ERR_CONFLICT or
 * ERR_INVALID). */
enum err_code rules_rule_code(enum rule_id id);
/* The rule's message formats and argument types ("d": long long, "s":
 * string), static; for documentation and tests. */
const char *rules_rule_args(enum rule_id id);
const char *rules_rule_format(enum rule_id id, bool english);

/*
 * Decides whether an action with verdict v may go ahead. VERDICT_OK gives
 * ERR_OK. VERDICT_FLAG gives ERR_OK when justification (may be NULL) holds
 * text after trimming spaces (at most RULES_JUSTIFICATION_MAX characters),
 * else ERR_INVALID with field "justification". VERDICT_REFUSE gives the
 * rule's code (rules_rule_code) with v's field and messages; the caller
 * reports v->rule beside the error (rules_verdict_json). The caller records
 * a flagged verdict and its justification with the action.
 */
MUST_CHECK enum err_code
rules_settle(const struct verdict *v, const char *justification, struct err *err);
/* Settles a rule check: kind is the check's result, v its verdict.
 * Written verdict_settle(rules_check_x(..., &v), &v, justification, err). */
MUST_CHECK enum err_code verdict_settle(enum verdict_kind kind,
                                        const struct verdict *v,
                                        const char *justification,
                                        struct err *err);
/* A new JSON object {"kind":"ok|flag|refuse","rule","field","message_zh",
 * "message_en"} for events and replies ("rule" and "field" null when
 * empty). */
json_t *rules_verdict_json(const struct verdict *v);
/* Appends to blocked (a record's steps not permitted yet) action's entry
 * {"action","rule","message"} for verdict v, in English or zh-CN; the new
 * entry is returned, borrowed, for the caller to add to. */
json_t *verdict_block(bool english, json_t *blocked, const char *action, const struct verdict *v);

/*
 * Internal to src/rules/: fills v with a violation of rule id. The kind is
 * the rulebook's action for the rule (rb may be NULL: the table default);
 * RULE_FIXED rules always refuse. field may be NULL. The arguments follow
 * the rule's "args" column.
 */
void rules__violation(
    struct verdict *v, const struct rulebook *rb, enum rule_id id, const char *field, ...);

#endif
