/*
 * Ballots, tallies and results. See ballot.h.
 */
#include "rules/ballot.h"

#include "rules/catalogue.h"

#include <string.h>

static const char *const choice_names[] = {"secret", "agree", "disagree", "abstain"};

const char *rules_choice_name(enum rules_choice choice)
{
    return (size_t)choice < ARRAY_SIZE(choice_names) ? choice_names[choice] : NULL;
}

enum verdict_kind
rules_check_vote_matters(const struct rulebook *rb, size_t n_matters, struct verdict *v)
{
    if (n_matters != 1) {
        rules__violation(v, rb, RULE_BALLOT_BUNDLE, "matters", (long long)n_matters);
    } else {
        rules_verdict_ok(v);
    }
    return v->kind;
}

static bool has_voted(const struct rules_ballot *cast, size_t n, const char *member)
{
    for (size_t i = 0; i < n; i++) {
        if (cast[i].member != NULL && strcmp(cast[i].member, member) == 0) {
            return true;
        }
    }
    return false;
}

enum verdict_kind rules_check_ballot(const struct rulebook *rb,
                                     const char *category,
                                     const struct rules_roster *roster,
                                     const struct rules_ballot *cast,
                                     size_t n_cast,
                                     const struct rules_ballot *ballot,
                                     struct verdict *v)
{
    const struct rule_category *cat = rules__category(rb, category, v);
    if (cat == NULL) {
        return v->kind;
    }
    const struct rules_member *m = rules_roster_find(roster, ballot->member);
    const char *who = ballot->member != NULL ? ballot->member : "";
    if (m == NULL) {
        rules__violation(v, rb, RULE_BALLOT_NOT_MEMBER, "member", who);
    } else if (m->recused) {
        rules__violation(v, rb, RULE_BALLOT_RECUSED, "member", who);
    } else if (!m->present) {
        rules__violation(v, rb, RULE_BALLOT_PROXY, "member", who);
    } else if (has_voted(cast, n_cast, ballot->member)) {
        rules__violation(v, rb, RULE_BALLOT_DUPLICATE, "member", who);
    } else if (cat->secret_ballot && ballot->choice != RULES_CHOICE_SECRET) {
        rules__violation(v, rb, RULE_BALLOT_SECRET_CHOICE, "choice");
    } else if (!cat->secret_ballot && ballot->choice == RULES_CHOICE_SECRET) {
        rules__violation(v, rb, RULE_BALLOT_CHOICE_MISSING, "choice");
    } else {
        rules_verdict_ok(v);
    }
    return v->kind;
}

void rules_tally_ballots(const struct rules_ballot *cast, size_t n_cast, struct rules_tally *out)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < n_cast; i++) {
        switch (cast[i].choice) {
        case RULES_CHOICE_AGREE:
            out->agree++;
            break;
        case RULES_CHOICE_DISAGREE:
            out->disagree++;
            break;
        case RULES_CHOICE_ABSTAIN:
            out->abstain++;
            break;
        case RULES_CHOICE_SECRET:
            break;
        }
    }
}

void rules_tally_statements(const struct rules_statement *recorded,
                            size_t n_recorded,
                            struct rules_tally *out)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < n_recorded; i++) {
        switch (recorded[i].view) {
        case RULES_VIEW_AGREE:
            out->agree++;
            break;
        case RULES_VIEW_DISAGREE:
            out->disagree++;
            break;
        case RULES_VIEW_ABSTAIN:
            out->abstain++;
            break;
        case RULES_VIEW_RESERVED:
            out->reserved++;
            break;
        }
    }
}

/* The tally's total, or -1 when a count is negative. */
static int64_t tally_total(const struct rules_tally *t)
{
    const int64_t counts[] = {t->agree, t->disagree, t->abstain, t->reserved};
    for (size_t i = 0; i < ARRAY_SIZE(counts); i++) {
        if (counts[i] < 0 || counts[i] > RULES_MAX_HEADS) {
            return -1;
        }
    }
    return t->agree + t->disagree + t->abstain + t->reserved;
}

enum verdict_kind rules_check_tally(const struct rulebook *rb,
                                    int64_t n_cast,
                                    const struct rules_tally *t,
                                    struct verdict *v)
{
    int64_t total = tally_total(t);
    if (total != n_cast || t->reserved != 0) {
        rules__violation(v, rb, RULE_BALLOT_TALLY_MISMATCH, "tally", (long long)total,
                         (long long)n_cast);
    } else {
        rules_verdict_ok(v);
    }
    return v->kind;
}

enum verdict_kind rules_result(const struct rulebook *rb,
                               const char *category,
                               const struct rules_roster *roster,
                               const struct rules_tally *t,
                               struct rules_result *out,
                               struct verdict *v)
{
    const struct rule_category *cat = rules__category(rb, category, v);
    if (cat == NULL) {
        return v->kind;
    }
    struct rules_counts counts;
    rules_roster_count(roster, &counts);
    int64_t total = tally_total(t);
    if (total < 0 || total > counts.present) {
        rules__violation(v, rb, RULE_BALLOT_TALLY_MISMATCH, "tally", (long long)total,
                         (long long)counts.present);
        return v->kind;
    }
    memset(out, 0, sizeof(*out));
    out->base = cat->pass.base == RULE_BASE_ENTITLED ? counts.entitled : counts.present;
    out->needed = rules_threshold_min(&cat->pass, out->base);
    out->agree = t->agree;
    out->not_agree = t->disagree + t->abstain + t->reserved;
    out->not_voting = counts.entitled - total;
    out->passed = out->base > 0 && out->agree >= out->needed;
    rules_verdict_ok(v);
    return v->kind;
}
