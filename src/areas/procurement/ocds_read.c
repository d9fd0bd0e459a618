/*
 * One release of an OCDS 1.1 package read as probity's records, for the
 * import (ocds_import.c): the project's columns from its planning, tender,
 * award, contract and implementation, the organisations it names (by their
 * unified social credit code), and its bids (the bids extension). Strict:
 * the first thing that is not what probity can keep is refused naming its
 * place in the package ("releases[2].tender.value.currency") and what it
 * should be. Pure: no store. See docs/procurement.md, "Open data".
 */
#include "areas/procurement/internal.h"

#include "core/utc.h"
#include "record/row.h"
#include "rules/credit_code.h"

#include <stdio.h>
#include <string.h>

/* Where a release's member is, for messages: "releases[i].a.b". */
struct at {
    char path[ERR_FIELD_MAX];
};

static struct at at_join(const struct at *parent, const char *key)
{
    struct at a;
    int n = snprintf(a.path, sizeof(a.path), "%s.%s", parent->path, key);
    if (n < 0 || (size_t)n >= sizeof(a.path)) {
        a.path[sizeof(a.path) - 1] = '\0';
    }
    return a;
}

static struct at at_index(const struct at *parent, const char *key, size_t i)
{
    char name[64];
    snprintf(name, sizeof(name), "%s[%zu]", key, i);
    return at_join(parent, name);
}

static enum err_code missing(const struct at *a, struct err *err)
{
    return err_set(err, ERR_INVALID, a->path, "缺少“%s”", "'%s' is missing", a->path);
}

/* The object obj[key] (at its path), or NULL when absent and optional. */
static enum err_code object_at(const json_t *obj,
                               const struct at *parent,
                               const char *key,
                               bool required,
                               const json_t **out,
                               struct at *where,
                               struct err *err)
{
    *where = at_join(parent, key);
    *out = json_object_get(obj, key);
    if (*out == NULL || json_is_null(*out)) {
        *out = NULL;
        return required ? missing(where, err) : ERR_OK;
    }
    if (!json_is_object(*out)) {
        return err_set(err, ERR_INVALID, where->path, "“%s”须为对象", "'%s' must be an object",
                       where->path);
    }
    return ERR_OK;
}

/* The first element of the array obj[key], an object, or NULL when the
 * array is absent or empty and optional. */
static enum err_code first_of(const json_t *obj,
                              const struct at *parent,
                              const char *key,
                              bool required,
                              const json_t **out,
                              struct at *where,
                              struct err *err)
{
    const json_t *list = json_object_get(obj, key);
    *out = NULL;
    *where = at_index(parent, key, 0);
    if (list == NULL || json_is_null(list) || (json_is_array(list) && json_array_size(list) == 0)) {
        return required ? missing(where, err) : ERR_OK;
    }
    *out = json_array_get(list, 0);
    if (!json_is_array(list) || !json_is_object(*out)) {
        struct at a = at_join(parent, key);
        return err_set(err, ERR_INVALID, a.path, "“%s”须为对象的数组",
                       "'%s' must be an array of objects", a.path);
    }
    return ERR_OK;
}

/* The text obj[key], 1 to max characters, into *out (borrowed). */
static enum err_code text_at(const json_t *obj,
                             const struct at *parent,
                             const char *key,
                             size_t max,
                             bool required,
                             const char **out,
                             struct err *err)
{
    struct at a = at_join(parent, key);
    const json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (v == NULL || json_is_null(v)) {
        return required ? missing(&a, err) : ERR_OK;
    }
    if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > max * 4) {
        return err_set(err, ERR_INVALID, a.path, "“%s”须为不超过 %zu 字的文字",
                       "'%s' must be a text of at most %zu characters", a.path, max);
    }
    *out = json_string_value(v);
    return ERR_OK;
}

/* The value obj[key] ({"amount", "currency": "CNY"}) in fen. */
static enum err_code
fen_at(const json_t *obj, const struct at *parent, const char *key, int64_t *fen, struct err *err)
{
    const json_t *value = NULL;
    struct at a;
    enum err_code rc = object_at(obj, parent, key, true, &value, &a, err);
    const char *currency = NULL;
    if (rc == ERR_OK) {
        rc = text_at(value, &a, "currency", 3, true, &currency, err);
    }
    if (rc == ERR_OK && strcmp(currency, "CNY") != 0) {
        struct at c = at_join(&a, "currency");
        return err_set(err, ERR_INVALID, c.path, "“%s”须为 CNY（人民币），而不是 %s",
                       "'%s' must be CNY (yuan), not %s", c.path, currency);
    }
    if (rc != ERR_OK) {
        return rc;
    }
    struct at m = at_join(&a, "amount");
    const json_t *amount = json_object_get(value, "amount");
    double yuan = json_is_number(amount) ? json_number_value(amount) : -1;
    double cents = yuan * 100.0;
    int64_t rounded = cents > 0 && cents <= (double)RULEBOOK_MAX_FEN ? (int64_t)(cents + 0.5) : 0;
    double off = cents - (double)rounded;
    if (rounded <= 0 || off > 1e-6 || off < -1e-6) {
        return err_set(err, ERR_INVALID, m.path, "“%s”须为大于零的金额（元，至多两位小数）",
                       "'%s' must be an amount above zero (yuan, at most two decimals)", m.path);
    }
    *fen = rounded;
    return ERR_OK;
}

/* The time obj[key] (RFC 3339 with its offset) in ms. */
static enum err_code time_at(const json_t *obj,
                             const struct at *parent,
                             const char *key,
                             bool required,
                             int64_t *ms,
                             struct err *err)
{
    const char *text = NULL;
    struct at a = at_join(parent, key);
    enum err_code rc = text_at(obj, parent, key, 40, required, &text, err);
    *ms = 0;
    if (rc == ERR_OK && text != NULL && !utc_parse(text, ms)) {
        return err_set(err, ERR_INVALID, a.path, "“%s”须为带时区的时间（RFC 3339）",
                       "'%s' must be a time with its offset (RFC 3339)", a.path);
    }
    return rc;
}

/* Sets row's key to the time ms, as a time or as Beijing's day. */
static void set_time(json_t *row, const char *key, int64_t ms, bool day)
{
    char text[UTC_TEXT_MAX];
    if (day) {
        utc_shanghai_date(ms, text);
    } else {
        utc_format(ms, text);
    }
    json_object_set_new(row, key, json_string(text));
}

/* The method of the tender: ours by name (procurementMethodDetails), else
 * OCDS's mapped to the closest of ours. */
static enum err_code
method_of(const json_t *tender, const struct at *t, const char **out, struct err *err)
{
    static const char *const ocds[][2] = {{"open", "open_tender"},
                                          {"selective", "invited_tender"},
                                          {"limited", "single_source"},
                                          {"direct", "direct"}};
    const char *details = json_string_value(json_object_get(tender, "procurementMethodDetails"));
    for (const struct choice *c = project_methods; details != NULL && c->value != NULL; c++) {
        if (strcmp(c->value, details) == 0) {
            *out = c->value;
            return ERR_OK;
        }
    }
    const char *method = NULL;
    enum err_code rc = text_at(tender, t, "procurementMethod", 20, true, &method, err);
    for (size_t i = 0; rc == ERR_OK && i < ARRAY_SIZE(ocds); i++) {
        if (strcmp(ocds[i][0], method) == 0) {
            *out = ocds[i][1];
            return ERR_OK;
        }
    }
    struct at a = at_join(t, "procurementMethod");
    return rc != ERR_OK
               ? rc
               : err_set(err, ERR_INVALID, a.path, "“%s”须为 open、selective、limited 或 direct",
                         "'%s' must be open, selective, limited or direct", a.path);
}

/* The party of id among the release's parties, as a bidder row. */
static enum err_code party_of(const json_t *release,
                              const struct at *r,
                              const char *id,
                              const struct at *ref,
                              json_t *parties,
                              struct err *err)
{
    if (json_object_get(parties, id) != NULL) {
        return ERR_OK;
    }
    const json_t *list = json_object_get(release, "parties");
    size_t i;
    const json_t *p;
    json_array_foreach(json_is_array(list) ? list : NULL, i, p)
    {
        if (!json_is_string(json_object_get(p, "id")) || strcmp(row_text(p, "id"), id) != 0) {
            continue;
        }
        struct at a = at_index(r, "parties", i), ident;
        const json_t *identifier = NULL, *details = NULL, *contact = NULL;
        const char *name = NULL, *scheme = NULL, *code = NULL, *legal = NULL;
        enum err_code rc = text_at(p, &a, "name", 200, true, &name, err);
        if (rc == ERR_OK) {
            rc = object_at(p, &a, "identifier", true, &identifier, &ident, err);
        }
        if (rc == ERR_OK) {
            rc = text_at(identifier, &ident, "scheme", 20, true, &scheme, err);
        }
        if (rc == ERR_OK) {
            rc = text_at(identifier, &ident, "id", CREDIT_CODE_LEN, true, &code, err);
        }
        struct at where = at_join(&ident, "scheme");
        if (rc == ERR_OK && strcmp(scheme, "CN-USCC") != 0) {
            return err_set(err, ERR_INVALID, where.path, "“%s”须为 CN-USCC（统一社会信用代码）",
                           "'%s' must be CN-USCC (the unified social credit code)", where.path);
        }
        where = at_join(&ident, "id");
        if (rc == ERR_OK) {
            rc = bidder_check_code(code, where.path, err);
        }
        struct at d;
        if (rc == ERR_OK) {
            rc = object_at(p, &a, "details", true, &details, &d, err);
        }
        if (rc == ERR_OK) {
            rc = text_at(details, &d, "legalRepresentative", 50, true, &legal, err);
        }
        if (rc != ERR_OK) {
            return rc;
        }
        json_t *bidder = json_pack("{ss, ss, ss}", "name", name, "registration_no", code,
                                   "legal_representative", legal);
        contact = json_object_get(p, "contactPoint");
        if (json_is_string(json_object_get(contact, "name"))) {
            json_object_set(bidder, "contact_name", json_object_get(contact, "name"));
        }
        if (json_is_string(json_object_get(contact, "telephone"))) {
            json_object_set(bidder, "phone", json_object_get(contact, "telephone"));
        }
        json_object_set_new(parties, id, bidder);
        return ERR_OK;
    }
    return err_set(err, ERR_INVALID, ref->path, "“%s”所指的组织“%s”不在 parties 中",
                   "'%s' names the organisation '%s', which is not among the parties", ref->path,
                   id);
}

/* The organisation a reference ({"id", "name"}) at obj[key][0] names. */
static enum err_code reference_of(const json_t *release,
                                  const struct at *r,
                                  const json_t *obj,
                                  const struct at *parent,
                                  const char *key,
                                  json_t *parties,
                                  const char **id,
                                  struct err *err)
{
    const json_t *ref = NULL;
    struct at a;
    enum err_code rc = first_of(obj, parent, key, true, &ref, &a, err);
    if (rc == ERR_OK) {
        rc = text_at(ref, &a, "id", 100, true, id, err);
    }
    if (rc == ERR_OK) {
        struct at i = at_join(&a, "id");
        rc = party_of(release, r, *id, &i, parties, err);
    }
    return rc;
}

/* The tender: method, category, title, control price, period. */
static enum err_code read_tender(const json_t *release,
                                 const struct at *r,
                                 struct ocds_project *out,
                                 int64_t *end,
                                 struct err *err)
{
    const json_t *tender = NULL, *period = NULL;
    const char *title = NULL, *kind = NULL, *method = NULL;
    struct at t, p;
    int64_t start = 0, control = 0;
    enum err_code rc = object_at(release, r, "tender", true, &tender, &t, err);
    if (rc == ERR_OK) {
        rc = text_at(tender, &t, "title", 200, true, &title, err);
    }
    if (rc == ERR_OK) {
        rc = text_at(tender, &t, "mainProcurementCategory", 20, true, &kind, err);
    }
    bool known = false;
    for (const struct choice *c = project_kinds; rc == ERR_OK && c->value != NULL; c++) {
        known = known || strcmp(c->value, kind) == 0;
    }
    if (rc == ERR_OK && !known) {
        struct at k = at_join(&t, "mainProcurementCategory");
        return err_set(err, ERR_INVALID, k.path, "“%s”须为 works、goods 或 services",
                       "'%s' must be works, goods or services", k.path);
    }
    if (rc == ERR_OK) {
        rc = method_of(tender, &t, &method, err);
    }
    if (rc != ERR_OK) {
        return rc;
    }
    json_object_set_new(out->project, "title", json_string(title));
    json_object_set_new(out->project, "kind", json_string(kind));
    json_object_set_new(out->project, "method", json_string(method));
    if (json_object_get(tender, "value") != NULL) {
        rc = fen_at(tender, &t, "value", &control, err);
        json_object_set_new(out->project, "control_price_fen", json_integer(control));
        out->status = PROJECT_PRICE_REVIEWED;
    }
    if (rc == ERR_OK) {
        rc = object_at(tender, &t, "tenderPeriod", false, &period, &p, err);
    }
    if (rc == ERR_OK && period != NULL) {
        rc = time_at(period, &p, "startDate", true, &start, err);
        if (rc == ERR_OK) {
            rc = time_at(period, &p, "endDate", true, end, err);
        }
        if (rc == ERR_OK && *end <= start) {
            struct at e = at_join(&p, "endDate");
            return err_set(err, ERR_INVALID, e.path, "“%s”须晚于开始时间",
                           "'%s' must come after the start", e.path);
        }
        if (rc == ERR_OK && control == 0) {
            struct at v = at_join(&t, "value");
            return err_set(err, ERR_INVALID, v.path, "招标前须有控制价（%s）",
                           "a tender needs its control price first (%s)", v.path);
        }
        set_time(out->project, "tender_published_at", start, false);
        set_time(out->project, "submission_deadline", *end, false);
        set_time(out->project, "opening_at", *end, false);
        out->status = PROJECT_TENDERING;
    }
    return rc;
}

/* The bids (the bids extension's details), once the tender has closed. */
static enum err_code read_bids(const json_t *release,
                               const struct at *r,
                               struct ocds_project *out,
                               int64_t end,
                               struct err *err)
{
    const json_t *bids = NULL, *details = NULL;
    struct at b;
    enum err_code rc = object_at(release, r, "bids", false, &bids, &b, err);
    details = bids != NULL ? json_object_get(bids, "details") : NULL;
    if (rc != ERR_OK || details == NULL) {
        return rc;
    }
    struct at d = at_join(&b, "details");
    if (!json_is_array(details) || json_array_size(details) == 0) {
        return err_set(err, ERR_INVALID, d.path, "“%s”须为投标的数组",
                       "'%s' must be an array of bids", d.path);
    }
    if (out->status != PROJECT_TENDERING) {
        return err_set(err, ERR_INVALID, d.path, "投标须有招标期限（tender.tenderPeriod）",
                       "bids need the tender's period (tender.tenderPeriod)");
    }
    size_t i;
    const json_t *bid;
    json_array_foreach(details, i, bid)
    {
        struct at one = at_index(&b, "details", i);
        const char *party = NULL;
        int64_t price = 0, when = 0;
        rc = reference_of(release, r, bid, &one, "tenderers", out->parties, &party, err);
        if (rc == ERR_OK) {
            rc = fen_at(bid, &one, "value", &price, err);
        }
        if (rc == ERR_OK) {
            rc = time_at(bid, &one, "date", false, &when, err);
        }
        for (size_t k = 0; rc == ERR_OK && k < i; k++) {
            if (strcmp(row_text(json_array_get(out->bids, k), "party"), party) == 0) {
                struct at t = at_index(&one, "tenderers", 0);
                return err_set(err, ERR_INVALID, t.path, "同一投标人只能投标一次（%s）",
                               "a bidder bids once (%s)", t.path);
            }
        }
        if (rc != ERR_OK) {
            return rc;
        }
        json_t *row = json_pack("{ss, sI}", "party", party, "price_fen", (json_int_t)price);
        set_time(row, "submitted_at", when != 0 ? when : end, false);
        json_array_append_new(out->bids, row);
    }
    set_time(out->project, "opened_at", end, false);
    out->status = PROJECT_OPENED;
    return ERR_OK;
}

/* The award, the contract and its settlement. */
static enum err_code
read_award(const json_t *release, const struct at *r, struct ocds_project *out, struct err *err)
{
    const json_t *award = NULL, *contract = NULL, *period = NULL, *implementation = NULL;
    struct at a, c, p, im;
    int64_t awarded = 0, signed_at = 0, price = 0, from = 0, to = 0;
    enum err_code rc = first_of(release, r, "awards", false, &award, &a, err);
    if (rc != ERR_OK || award == NULL) {
        return rc;
    }
    rc = reference_of(release, r, award, &a, "suppliers", out->parties, &out->supplier, err);
    if (rc == ERR_OK) {
        rc = time_at(award, &a, "date", true, &awarded, err);
    }
    bool direct = strcmp(row_text(out->project, "method"), "direct") == 0;
    if (rc == ERR_OK && !direct && out->status != PROJECT_OPENED) {
        return err_set(err, ERR_INVALID, a.path, "定标须有投标（bids.details）",
                       "an award needs the bids (bids.details)");
    }
    if (rc != ERR_OK) {
        return rc;
    }
    set_time(out->project, "awarded_on", awarded, true);
    out->status = PROJECT_AWARDED;
    rc = first_of(release, r, "contracts", false, &contract, &c, err);
    if (rc != ERR_OK || contract == NULL) {
        return rc;
    }
    rc = fen_at(contract, &c, "value", &price, err);
    if (rc == ERR_OK) {
        rc = time_at(contract, &c, "dateSigned", true, &signed_at, err);
    }
    if (rc == ERR_OK) {
        rc = object_at(contract, &c, "period", true, &period, &p, err);
    }
    if (rc == ERR_OK) {
        rc = time_at(period, &p, "startDate", true, &from, err);
    }
    if (rc == ERR_OK) {
        rc = time_at(period, &p, "endDate", true, &to, err);
    }
    if (rc != ERR_OK) {
        return rc;
    }
    json_object_set_new(out->project, "contract_price_fen", json_integer(price));
    set_time(out->project, "contract_signed_on", signed_at, true);
    set_time(out->project, "contract_starts_on", from, true);
    set_time(out->project, "contract_ends_on", to, true);
    out->status = PROJECT_CONTRACTED;
    const json_t *transaction = NULL;
    struct at tr;
    rc = object_at(contract, &c, "implementation", false, &implementation, &im, err);
    if (rc == ERR_OK && implementation != NULL) {
        rc = first_of(implementation, &im, "transactions", false, &transaction, &tr, err);
    }
    if (rc == ERR_OK && transaction != NULL) {
        int64_t settled = 0, when = 0;
        rc = fen_at(transaction, &tr, "value", &settled, err);
        if (rc == ERR_OK) {
            rc = time_at(transaction, &tr, "date", true, &when, err);
        }
        if (rc == ERR_OK) {
            json_object_set_new(out->project, "settlement_fen", json_integer(settled));
            set_time(out->project, "settled_on", when, true);
            out->status = PROJECT_SETTLED;
        }
    }
    return rc;
}

enum err_code
ocds_read_release(const json_t *release, size_t index, struct ocds_project *out, struct err *err)
{
    struct at r = {""}, b;
    snprintf(r.path, sizeof(r.path), "releases[%zu]", index);
    const json_t *planning = NULL, *budget = NULL;
    const char *ocid = NULL;
    int64_t amount = 0, end = 0;
    *out =
        (struct ocds_project){json_object(), json_object(), json_array(), NULL, PROJECT_REGISTERED};
    enum err_code rc = json_is_object(release) ? ERR_OK
                                               : err_set(err, ERR_INVALID, r.path, "“%s”须为对象",
                                                         "'%s' must be an object", r.path);
    if (rc == ERR_OK) {
        rc = text_at(release, &r, "ocid", 100, true, &ocid, err);
    }
    struct at p;
    if (rc == ERR_OK) {
        rc = object_at(release, &r, "planning", true, &planning, &p, err);
    }
    if (rc == ERR_OK) {
        rc = object_at(planning, &p, "budget", true, &budget, &b, err);
    }
    if (rc == ERR_OK) {
        rc = fen_at(budget, &b, "amount", &amount, err);
    }
    if (rc == ERR_OK) {
        json_object_set_new(out->project, "ocid", json_string(ocid));
        json_object_set_new(out->project, "amount_fen", json_integer(amount));
        rc = read_tender(release, &r, out, &end, err);
    }
    if (rc == ERR_OK) {
        rc = read_bids(release, &r, out, end, err);
    }
    if (rc == ERR_OK) {
        rc = read_award(release, &r, out, err);
    }
    if (rc != ERR_OK) {
        ocds_project_free(out);
    }
    return rc;
}

void ocds_project_free(struct ocds_project *p)
{
    json_decref(p->project);
    json_decref(p->parties);
    json_decref(p->bids);
    *p = (struct ocds_project){NULL, NULL, NULL, NULL, PROJECT_REGISTERED};
}
