/*
 * Roster counts, threshold arithmetic, attendance and quorum. See quorum.h.
 */
#include "rules/quorum.h"

#include "rules/catalogue.h"

#include <assert.h>
#include <string.h>

void rules_roster_count(const struct rules_roster *roster, struct rules_counts *out)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < roster->n_members; i++) {
        const struct rules_member *m = &roster->members[i];
        if (m->recused) {
            out->recused++;
        } else if (m->present) {
            out->present++;
        } else {
            out->absent++;
        }
    }
    out->members = (int64_t)roster->n_members;
    out->entitled = out->members - out->recused;
}

const struct rules_member *rules_roster_find(const struct rules_roster *roster, const char *id)
{
    if (id == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < roster->n_members; i++) {
        if (roster->members[i].id != NULL && strcmp(roster->members[i].id, id) == 0) {
            return &roster->members[i];
        }
    }
    return NULL;
}

int64_t rules_threshold_min(const struct rule_threshold *t, int64_t base)
{
    assert(base >= 0 && base <= RULES_MAX_HEADS);
    assert(t->denominator >= 1 && t->numerator >= 1 && t->numerator <= t->denominator);
    /* numerator <= 100 and base is a head count, so the product fits. */
    int64_t product = t->numerator * base;
    int64_t least = t->compare == RULE_MORE_THAN ? product / t->denominator + 1
                                                 : (product + t->denominator - 1) / t->denominator;
    return least < 1 ? 1 : least;
}

bool rules_threshold_met(const struct rule_threshold *t, int64_t count, int64_t base)
{
    return count >= rules_threshold_min(t, base);
}

static bool blank(const char *s)
{
    return s == NULL || s[0] == '\0';
}

enum verdict_kind rules_check_attendance(const struct rulebook *rb,
                                         const struct rules_roster *roster,
                                         struct verdict *v)
{
    /* The first refusal wins; failing that, the first flag. */
    struct verdict flag;
    bool flagged = false;
    for (size_t i = 0; i < roster->n_members; i++) {
        const struct rules_member *m = &roster->members[i];
        if (m->recused && blank(m->recusal_reason)) {
            rules__violation(v, rb, RULE_RECUSAL_REASON, "recusal_reason", m->id);
            return v->kind;
        }
        if (!m->present && !m->recused && blank(m->absence_reason) && !flagged) {
            rules__violation(&flag, rb, RULE_ATTENDANCE_ABSENCE_REASON, "absence_reason", m->id);
            if (flag.kind == VERDICT_REFUSE) {
                *v = flag;
                return v->kind;
            }
            flagged = true;
        }
        if (m->not_notified && !flagged) {
            rules__violation(&flag, rb, RULE_ATTENDANCE_NOT_NOTIFIED, "members", m->id);
            if (flag.kind == VERDICT_REFUSE) {
                *v = flag;
                return v->kind;
            }
            flagged = true;
        }
    }
    if (flagged) {
        *v = flag;
    } else {
        rules_verdict_ok(v);
    }
    return v->kind;
}

enum verdict_kind rules_check_quorum(const struct rulebook *rb,
                                     const char *category,
                                     const struct rules_roster *roster,
                                     struct verdict *v)
{
    const struct rule_category *cat = rules__category(rb, category, v);
    if (cat == NULL) {
        return v->kind;
    }
    struct rules_counts counts;
    rules_roster_count(roster, &counts);
    int64_t least = rules_threshold_min(&cat->quorum, counts.members);
    if (counts.present < least) {
        rules__violation(v, rb, RULE_QUORUM_NOT_MET, "attendance", (long long)counts.members,
                         (long long)counts.present, (long long)least);
    } else {
        rules_verdict_ok(v);
    }
    return v->kind;
}
