/*
 * Statement order and completeness. See statement.h.
 */
#include "rules/statement.h"

#include "rules/catalogue.h"

#include <string.h>

static const char *const view_names[] = {"agree", "disagree", "abstain", "reserved"};

const char *rules_view_name(enum rules_view view)
{
    return (size_t)view < ARRAY_SIZE(view_names) ? view_names[view] : NULL;
}

bool rules_view_find(const char *name, enum rules_view *out)
{
    for (size_t i = 0; name != NULL && i < ARRAY_SIZE(view_names); i++) {
        if (strcmp(view_names[i], name) == 0) {
            *out = (enum rules_view)i;
            return true;
        }
    }
    return false;
}

static bool has_stated(const struct rules_statement *recorded, size_t n, const char *member)
{
    for (size_t i = 0; i < n; i++) {
        if (recorded[i].member != NULL && strcmp(recorded[i].member, member) == 0) {
            return true;
        }
    }
    return false;
}

/* Members present and not recused, other than the secretary when
 * skip_secretary, who have not stated a view yet. */
static int64_t not_yet_stated(const struct rules_roster *roster,
                              const struct rules_statement *recorded,
                              size_t n_recorded,
                              bool skip_secretary)
{
    int64_t missing = 0;
    for (size_t i = 0; i < roster->n_members; i++) {
        const struct rules_member *m = &roster->members[i];
        if (m->present && !m->recused && !(skip_secretary && m->secretary) &&
            !has_stated(recorded, n_recorded, m->id)) {
            missing++;
        }
    }
    return missing;
}

enum verdict_kind rules_check_statement(const struct rulebook *rb,
                                        const char *category,
                                        const struct rules_roster *roster,
                                        const struct rules_statement *recorded,
                                        size_t n_recorded,
                                        const char *member,
                                        struct verdict *v)
{
    const struct rule_category *cat = rules__category(rb, category, v);
    if (cat == NULL) {
        return v->kind;
    }
    const struct rules_member *m = rules_roster_find(roster, member);
    const char *who = member != NULL ? member : "";
    if (m == NULL) {
        rules__violation(v, rb, RULE_STATEMENT_NOT_MEMBER, "member", who);
    } else if (m->recused) {
        rules__violation(v, rb, RULE_STATEMENT_RECUSED, "member", who);
    } else if (!m->present) {
        rules__violation(v, rb, RULE_STATEMENT_NOT_PRESENT, "member", who);
    } else if (has_stated(recorded, n_recorded, member)) {
        rules__violation(v, rb, RULE_STATEMENT_DUPLICATE, "member", who);
    } else {
        int64_t others = m->secretary && cat->secretary_last
                             ? not_yet_stated(roster, recorded, n_recorded, true)
                             : 0;
        if (others > 0) {
            rules__violation(v, rb, RULE_STATEMENT_SECRETARY_LAST, "member", (long long)others);
        } else {
            rules_verdict_ok(v);
        }
    }
    return v->kind;
}

enum verdict_kind rules_check_statements_complete(const struct rulebook *rb,
                                                  const struct rules_roster *roster,
                                                  const struct rules_statement *recorded,
                                                  size_t n_recorded,
                                                  struct verdict *v)
{
    struct rules_counts counts;
    rules_roster_count(roster, &counts);
    int64_t missing = not_yet_stated(roster, recorded, n_recorded, false);
    if (missing > 0) {
        rules__violation(v, rb, RULE_STATEMENT_INCOMPLETE, "statements", (long long)counts.present,
                         (long long)(counts.present - missing));
    } else {
        rules_verdict_ok(v);
    }
    return v->kind;
}
