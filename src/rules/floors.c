/*
 * The city's floors under every rulebook version. See floors.h.
 */
#include "rules/floors.h"

#include "rules/quorum.h"

#include <stdio.h>
#include <string.h>

#define CADRE_CATEGORY "cadre_appointment"

/* True when t asks at least as much as floor out of every roster size. */
static bool at_least_as_strict(const struct rule_threshold *t, const struct rule_threshold *floor)
{
    for (int64_t base = 1; base <= RULEBOOK_MAX_DENOMINATOR; base++) {
        if (rules_threshold_min(t, base) < rules_threshold_min(floor, base)) {
            return false;
        }
    }
    return true;
}

/* Checks one category; true when it is within the floors (v untouched). */
static bool
category_within(const struct rule_floors *f, const struct rule_category *c, struct verdict *v)
{
    char path[VERDICT_FIELD_MAX + 32]; /* "categories.<name>.<setting>" */
    bool collective = c->collective != RULE_WHEN_NEVER;
    bool cadre = strcmp(c->name, CADRE_CATEGORY) == 0;
#define AT(key) (snprintf(path, sizeof(path), "categories.%s." key, c->name), path)
    if (collective && c->notice_hours < f->notice_hours) {
        rules__violation(v, NULL, RULE_RULEBOOK_FLOOR_NOTICE, AT("notice_hours"), c->name,
                         (long long)c->notice_hours, (long long)f->notice_hours);
    } else if (collective && f->secretary_last && !c->secretary_last) {
        rules__violation(v, NULL, RULE_RULEBOOK_FLOOR_SECRETARY_LAST, AT("secretary_last"),
                         c->name);
    } else if (collective && f->pass_of_all && c->pass.base != RULE_BASE_ENTITLED) {
        rules__violation(v, NULL, RULE_RULEBOOK_FLOOR_PASS, AT("pass.base"), c->name);
    } else if (c->major && f->major_by_vote && c->ballot != RULE_WHEN_ALWAYS) {
        rules__violation(v, NULL, RULE_RULEBOOK_FLOOR_VOTE, AT("ballot"), c->name);
    } else if (cadre && !at_least_as_strict(&c->quorum, &f->cadre_quorum)) {
        rules__violation(v, NULL, RULE_RULEBOOK_FLOOR_CADRE_QUORUM, AT("quorum"), c->name,
                         (long long)f->cadre_quorum.numerator,
                         (long long)f->cadre_quorum.denominator);
    } else if (cadre && f->cadre_no_adhoc && c->adhoc_allowed) {
        rules__violation(v, NULL, RULE_RULEBOOK_FLOOR_CADRE_ADHOC, AT("adhoc_allowed"), c->name);
    } else {
        return true;
    }
#undef AT
    return false;
}

enum verdict_kind rulebook_check_floors(const struct rulebook *rb, struct verdict *v)
{
    for (size_t i = 0; i < rb->n_categories; i++) {
        if (!category_within(&rb->floors, &rb->categories[i], v)) {
            return v->kind;
        }
    }
    rules_verdict_ok(v);
    return v->kind;
}
