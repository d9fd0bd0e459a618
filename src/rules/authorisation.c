/*
 * Resolutions that authorise spending. See authorisation.h.
 */
#include "rules/authorisation.h"

#include "core/money.h"

#include <string.h>

bool rules_authorises_spending(const char *category)
{
    return category != NULL &&
           (strcmp(category, "large_fund") == 0 || strcmp(category, "major_project") == 0);
}

/* True when the date text d is given. */
static bool dated(const char *d)
{
    return d != NULL && d[0] != '\0';
}

enum verdict_kind rules_check_spending_terms(const struct rulebook *rb,
                                             const struct rules_authorisation *a,
                                             struct verdict *v)
{
    const char *missing = NULL;
    if (!rules_authorises_spending(a->category)) {
        missing = a->line_id != 0   ? "budget_line_id"
                  : dated(a->from)  ? "spend_from"
                  : dated(a->until) ? "spend_until"
                                    : NULL;
        if (missing != NULL) {
            rules__violation(v, rb, RULE_CATALOGUE_NOT_SPENDING, missing);
            return v->kind;
        }
    } else {
        missing = a->amount_fen <= 0                         ? "amount_fen"
                  : a->line_id == 0 && a->department_id == 0 ? "budget_line_id"
                  : !dated(a->from)                          ? "spend_from"
                  : !dated(a->until)                         ? "spend_until"
                                                             : NULL;
        if (missing != NULL) {
            rules__violation(v, rb, RULE_CATALOGUE_SPENDING_TERMS, missing);
            return v->kind;
        }
        /* "YYYY-MM-DD" texts compare as the dates they name. */
        if (strcmp(a->until, a->from) < 0) {
            rules__violation(v, rb, RULE_CATALOGUE_SPENDING_PERIOD, "spend_until", a->until,
                             a->from);
            return v->kind;
        }
    }
    rules_verdict_ok(v);
    return v->kind;
}

size_t rules_check_spending_against(const struct rulebook *rb,
                                    const struct rules_authorisation *a,
                                    const struct rules_spending *s,
                                    struct verdict out[RULES_AUTHORISATION_CHECKS])
{
    size_t n = 0;
    if (!rules_authorises_spending(a->category)) {
        rules__violation(&out[n++], rb, RULE_BUDGET_RESOLUTION_NOT_SPENDING, "resolution_id",
                         a->title);
        return n;
    }
    bool other_line = a->line_id != 0
                          ? a->line_id != s->line_id
                          : a->department_id != 0 && a->department_id != s->department_id;
    if (other_line) {
        rules__violation(&out[n++], rb, RULE_BUDGET_RESOLUTION_OTHER_LINE, "resolution_id",
                         a->title);
    }
    if ((dated(a->from) && strcmp(s->spent_on, a->from) < 0) ||
        (dated(a->until) && strcmp(s->spent_on, a->until) > 0)) {
        rules__violation(&out[n++], rb, RULE_BUDGET_RESOLUTION_PERIOD, "spent_on", s->spent_on,
                         dated(a->from) ? a->from : "", dated(a->until) ? a->until : "");
    }
    /* Each term is at most RULEBOOK_MAX_FEN-sized, far from overflowing. */
    int64_t total = s->cited_fen + s->amount_fen;
    if (total > a->amount_fen) {
        char authorised[MONEY_TEXT_MAX], spent[MONEY_TEXT_MAX];
        money_format_yuan(a->amount_fen, authorised);
        money_format_yuan(total, spent);
        rules__violation(&out[n++], rb, RULE_BUDGET_RESOLUTION_EXCEEDED, "amount_fen", a->title,
                         authorised, spent);
    }
    /* Refusals first: a refusal is what the caller reports. */
    for (size_t i = 1; i < n; i++) {
        for (size_t k = i;
             k > 0 && out[k].kind == VERDICT_REFUSE && out[k - 1].kind != VERDICT_REFUSE; k--) {
            struct verdict t = out[k];
            out[k] = out[k - 1];
            out[k - 1] = t;
        }
    }
    return n;
}
