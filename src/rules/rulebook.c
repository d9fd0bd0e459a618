/*
 * The rulebook document: strict parsing and validation with JSON paths,
 * the complete JSON form, canonical bytes and digest, lookups, the version
 * in force and the check of a change. Merging and diffing are in
 * rulebook_merge.c, the built-in default in default_rulebook.c. See
 * rulebook.h and docs/rules.md.
 */
#include "rules/rulebook.h"
#include "rules/rulebook_read.h"

#include "core/canon.h"
#include "core/diag.h"
#include "core/input.h"
#include "core/utc.h"

#include <assert.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const rulebook_major_categories[4] = {"major_decision", "cadre_appointment",
                                                  "major_project", "large_fund"};

static const char *const when_names[] = {"never", "always", "from_large_fund", "from_tender", NULL};
static const char *const compare_names[] = {"more_than", "at_least", NULL};
static const char *const base_names[] = {"entitled", "present", NULL};
static const char *const action_names[] = {"refuse", "flag", NULL};

static const char *const top_keys[] = {
    "version",    "effective_from", "township", "city_version", "thresholds",  "congress",
    "categories", "actions",        "floors",   "sealing",      "procurement", NULL};
static const char *const sealing_keys[] = {"statements", "ballots", "reasons", NULL};
static const char *const seal_names[] = {"until_minutes", "kept", NULL};
static const char *const floor_keys[] = {"notice_hours",
                                         "secretary_last",
                                         "major_by_vote",
                                         "cadre_quorum",
                                         "cadre_no_adhoc",
                                         "pass_of_all",
                                         NULL};
static const char *const threshold_keys[] = {"large_fund_fen", "tender_fen", NULL};
static const char *const congress_keys[] = {"quorum", "pass", NULL};
static const char *const quorum_keys[] = {"compare", "numerator", "denominator", NULL};
static const char *const pass_keys[] = {"compare", "numerator", "denominator", "base", NULL};
static const char *const category_keys[] = {
    "collective", "ballot", "secret_ballot", "public_tender", "congress_vote",
    "quorum",     "pass",   "notice_hours",  "adhoc_allowed", "secretary_last",
    NULL};

/* ---- paths and typed readers ---------------------------------------- */

/* Writes "parent.key" (or "key" at the top) into out. */
static void path_join(char out[RULEBOOK_PATH_LEN], const char *parent, const char *key)
{
    int n = parent[0] == '\0' ? snprintf(out, RULEBOOK_PATH_LEN, "%s", key)
                              : snprintf(out, RULEBOOK_PATH_LEN, "%s.%s", parent, key);
    if (n < 0 || n >= RULEBOOK_PATH_LEN) {
        /* Keys are bounded by the caller's checks; an overlong one is cut. */
        out[RULEBOOK_PATH_LEN - 1] = '\0';
    }
}

/* ERR_INVALID naming the first key of obj (at path) not in allowed. */
static enum err_code
only_keys(const json_t *obj, const char *path, const char *const *allowed, struct err *err)
{
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)obj, key, value)
    {
        bool known = false;
        for (size_t i = 0; allowed[i] != NULL && !known; i++) {
            known = strcmp(allowed[i], key) == 0;
        }
        if (!known) {
            char sub[RULEBOOK_PATH_LEN];
            path_join(sub, path, key);
            return err_set(err, ERR_INVALID, sub, "未知字段“%s”", "unknown field '%s'", sub);
        }
    }
    return ERR_OK;
}

/* Fetches the required obj[key] into *out, with its path in sub. */
static enum err_code need(const json_t *obj,
                          const char *parent,
                          const char *key,
                          char sub[RULEBOOK_PATH_LEN],
                          const json_t **out,
                          struct err *err)
{
    path_join(sub, parent, key);
    const json_t *v = json_object_get(obj, key);
    if (v == NULL || json_is_null(v)) {
        return err_set(err, ERR_INVALID, sub, "缺少字段“%s”", "missing field '%s'", sub);
    }
    *out = v;
    return ERR_OK;
}

enum err_code rulebook__read_object(const json_t *obj,
                                    const char *parent,
                                    const char *key,
                                    const char *const *allowed,
                                    char sub[RULEBOOK_PATH_LEN],
                                    const json_t **out,
                                    struct err *err)
{
    const json_t *v = NULL;
    enum err_code rc = need(obj, parent, key, sub, &v, err);
    if (rc != ERR_OK) {
        return rc;
    }
    if (!json_is_object(v)) {
        return err_set(err, ERR_INVALID, sub, "“%s”须为对象", "'%s' must be an object", sub);
    }
    if (allowed != NULL) {
        rc = only_keys(v, sub, allowed, err);
        if (rc != ERR_OK) {
            return rc;
        }
    }
    *out = v;
    return ERR_OK;
}

enum err_code rulebook__read_int(const json_t *obj,
                                 const char *parent,
                                 const char *key,
                                 int64_t min,
                                 int64_t max,
                                 int64_t *out,
                                 struct err *err)
{
    char sub[RULEBOOK_PATH_LEN];
    const json_t *v = NULL;
    enum err_code rc = need(obj, parent, key, sub, &v, err);
    if (rc != ERR_OK) {
        return rc;
    }
    if (!json_is_integer(v)) {
        return err_set(err, ERR_INVALID, sub, "“%s”须为整数（金额以分计）",
                       "'%s' must be an integer (amounts in fen)", sub);
    }
    int64_t n = (int64_t)json_integer_value(v);
    if (n < min || n > max) {
        return err_set(err, ERR_INVALID, sub, "“%s”须在 %" PRId64 " 到 %" PRId64 " 之间",
                       "'%s' must be between %" PRId64 " and %" PRId64, sub, min, max);
    }
    *out = n;
    return ERR_OK;
}

static enum err_code
read_bool(const json_t *obj, const char *parent, const char *key, bool *out, struct err *err)
{
    char sub[RULEBOOK_PATH_LEN];
    const json_t *v = NULL;
    enum err_code rc = need(obj, parent, key, sub, &v, err);
    if (rc != ERR_OK) {
        return rc;
    }
    if (!json_is_boolean(v)) {
        return err_set(err, ERR_INVALID, sub, "“%s”须为 true 或 false",
                       "'%s' must be true or false", sub);
    }
    *out = json_is_true(v);
    return ERR_OK;
}

/* Reads a string that must be one of names; *out is its index. */
static enum err_code read_enum(const json_t *obj,
                               const char *parent,
                               const char *key,
                               const char *const *names,
                               int *out,
                               struct err *err)
{
    char sub[RULEBOOK_PATH_LEN];
    const json_t *v = NULL;
    enum err_code rc = need(obj, parent, key, sub, &v, err);
    if (rc != ERR_OK) {
        return rc;
    }
    char list[160] = "";
    size_t used = 0;
    for (int i = 0; names[i] != NULL; i++) {
        if (json_is_string(v) && strcmp(json_string_value(v), names[i]) == 0) {
            *out = i;
            return ERR_OK;
        }
        int n = snprintf(list + used, sizeof(list) - used, "%s%s", i > 0 ? ", " : "", names[i]);
        if (n > 0 && (size_t)n < sizeof(list) - used) {
            used += (size_t)n;
        }
    }
    return err_set(err, ERR_INVALID, sub, "“%s”须为以下之一：%s", "'%s' must be one of: %s", sub,
                   list);
}

/* ---- thresholds, categories, the document ------------------------------ */

/* True when t is at least as strict as "more than half" for every count:
 * a fraction above 1/2, or exactly 1/2 with "more_than". */
static bool at_least_majority(const struct rule_threshold *t)
{
    int64_t twice = 2 * t->numerator;
    return twice > t->denominator || (twice == t->denominator && t->compare == RULE_MORE_THAN);
}

static enum err_code read_threshold(const json_t *obj,
                                    const char *parent,
                                    const char *key,
                                    bool with_base,
                                    struct rule_threshold *out,
                                    struct err *err)
{
    char path[RULEBOOK_PATH_LEN];
    const json_t *t = NULL;
    int compare = 0;
    int base = RULE_BASE_ENTITLED;
    enum err_code rc =
        rulebook__read_object(obj, parent, key, with_base ? pass_keys : quorum_keys, path, &t, err);
    if (rc == ERR_OK) {
        rc = read_enum(t, path, "compare", compare_names, &compare, err);
    }
    if (rc == ERR_OK) {
        rc = rulebook__read_int(t, path, "denominator", 1, RULEBOOK_MAX_DENOMINATOR,
                                &out->denominator, err);
    }
    if (rc == ERR_OK) {
        rc = rulebook__read_int(t, path, "numerator", 1, out->denominator, &out->numerator, err);
    }
    if (rc == ERR_OK && with_base) {
        rc = read_enum(t, path, "base", base_names, &base, err);
    }
    if (rc != ERR_OK) {
        return rc;
    }
    out->compare = (enum rule_compare)compare;
    out->base = (enum rule_base)base;
    if (out->compare == RULE_MORE_THAN && out->numerator == out->denominator) {
        char sub[RULEBOOK_PATH_LEN];
        path_join(sub, path, "numerator");
        return err_set(err, ERR_INVALID, sub, "“%s”：多于全部的条件永远无法满足",
                       "'%s': more than all of them can never be met", sub);
    }
    if (!at_least_majority(out)) {
        return err_set(err, ERR_INVALID, path, "“%s”不能低于“过半数”",
                       "'%s' cannot be below 'more than half'", path);
    }
    return ERR_OK;
}

/* The smallest amount a requirement applies from (INT64_MAX for never). */
static int64_t when_floor(int64_t large_fund, int64_t tender, enum rule_when w)
{
    switch (w) {
    case RULE_WHEN_NEVER:
        return INT64_MAX;
    case RULE_WHEN_ALWAYS:
        return 0;
    case RULE_WHEN_FROM_LARGE_FUND:
        return large_fund;
    case RULE_WHEN_FROM_TENDER:
        return tender;
    }
    return INT64_MAX;
}

static enum err_code read_category(const json_t *cat,
                                   const char *path,
                                   const struct rulebook *rb,
                                   struct rule_category *out,
                                   struct err *err)
{
    int collective = 0, ballot = 0, tender = 0;
    enum err_code rc = only_keys(cat, path, category_keys, err);
    if (rc == ERR_OK) {
        rc = read_enum(cat, path, "collective", when_names, &collective, err);
    }
    if (rc == ERR_OK) {
        rc = read_enum(cat, path, "ballot", when_names, &ballot, err);
    }
    if (rc == ERR_OK) {
        rc = read_bool(cat, path, "secret_ballot", &out->secret_ballot, err);
    }
    if (rc == ERR_OK) {
        rc = read_enum(cat, path, "public_tender", when_names, &tender, err);
    }
    if (rc == ERR_OK) {
        rc = read_bool(cat, path, "congress_vote", &out->congress_vote, err);
    }
    if (rc == ERR_OK) {
        rc = read_threshold(cat, path, "quorum", false, &out->quorum, err);
    }
    if (rc == ERR_OK) {
        rc = read_threshold(cat, path, "pass", true, &out->pass, err);
    }
    if (rc == ERR_OK) {
        rc = rulebook__read_int(cat, path, "notice_hours", 0, RULEBOOK_MAX_HOURS,
                                &out->notice_hours, err);
    }
    if (rc == ERR_OK) {
        rc = read_bool(cat, path, "adhoc_allowed", &out->adhoc_allowed, err);
    }
    if (rc == ERR_OK) {
        rc = read_bool(cat, path, "secretary_last", &out->secretary_last, err);
    }
    if (rc != ERR_OK) {
        return rc;
    }
    out->collective = (enum rule_when)collective;
    out->ballot = (enum rule_when)ballot;
    out->public_tender = (enum rule_when)tender;
    out->major = rulebook_is_major(out->name);

    /* Invariants that hold for every rulebook, whatever it overrides. */
    char sub[RULEBOOK_PATH_LEN];
    if (out->major && out->collective != RULE_WHEN_ALWAYS) {
        path_join(sub, path, "collective");
        return err_set(err, ERR_INVALID, sub, "“%s”：“三重一大”事项必须集体决策（always）",
                       "'%s': a major matter always requires a collective decision", sub);
    }
    if (out->major && out->ballot != RULE_WHEN_ALWAYS) {
        path_join(sub, path, "ballot");
        return err_set(err, ERR_INVALID, sub, "“%s”：“三重一大”事项必须票决（always）",
                       "'%s': a major matter is always decided by a vote", sub);
    }
    if (out->major && out->pass.base != RULE_BASE_ENTITLED) {
        path_join(sub, path, "pass.base");
        return err_set(err, ERR_INVALID, sub, "“%s”：“三重一大”事项以应到人数为基数（entitled）",
                       "'%s': a major matter passes by a share of all entitled members", sub);
    }
    int64_t ballot_from = when_floor(rb->large_fund_fen, rb->tender_fen, out->ballot);
    int64_t collective_from = when_floor(rb->large_fund_fen, rb->tender_fen, out->collective);
    if (ballot_from < collective_from) {
        path_join(sub, path, "ballot");
        return err_set(err, ERR_INVALID, sub, "“%s”：票决即集体决策，不能在无须集体决策时票决",
                       "'%s': a vote is a collective decision, so it cannot apply where "
                       "collective does not",
                       sub);
    }
    if (out->secret_ballot && out->ballot == RULE_WHEN_NEVER) {
        path_join(sub, path, "secret_ballot");
        return err_set(err, ERR_INVALID, sub, "“%s”：不票决的类别不能规定无记名投票",
                       "'%s': a category without a vote cannot have a secret one", sub);
    }
    return ERR_OK;
}

static int compare_categories(const void *a, const void *b)
{
    return strcmp(((const struct rule_category *)a)->name, ((const struct rule_category *)b)->name);
}

static enum err_code read_categories(const json_t *doc, struct rulebook *rb, struct err *err)
{
    char path[RULEBOOK_PATH_LEN];
    const json_t *cats = NULL;
    enum err_code rc = rulebook__read_object(doc, "", "categories", NULL, path, &cats, err);
    if (rc != ERR_OK) {
        return rc;
    }
    if (json_object_size(cats) > RULEBOOK_MAX_CATEGORIES) {
        return err_set(err, ERR_INVALID, path, "类别不能超过 %d 个",
                       "at most %d categories are allowed", RULEBOOK_MAX_CATEGORIES);
    }
    const char *name;
    json_t *cat;
    json_object_foreach((json_t *)cats, name, cat)
    {
        char sub[RULEBOOK_PATH_LEN];
        path_join(sub, path, name);
        if (!input_is_slug(name) || strlen(name) > RULEBOOK_CATEGORY_MAX) {
            return err_set(err, ERR_INVALID, sub,
                           "“%s”：类别名须为 2 到 %d 个小写字母、数字、_ 或 -，以字母开头",
                           "'%s': a category name is 2 to %d of a-z, 0-9, _ and -, "
                           "starting with a letter",
                           sub, RULEBOOK_CATEGORY_MAX);
        }
        if (!json_is_object(cat)) {
            return err_set(err, ERR_INVALID, sub, "“%s”须为对象", "'%s' must be an object", sub);
        }
        struct rule_category *c = &rb->categories[rb->n_categories];
        memset(c, 0, sizeof(*c));
        snprintf(c->name, sizeof(c->name), "%s", name);
        rc = read_category(cat, sub, rb, c, err);
        if (rc != ERR_OK) {
            return rc;
        }
        rb->n_categories++;
    }
    for (size_t i = 0; i < ARRAY_SIZE(rulebook_major_categories); i++) {
        if (json_object_get(cats, rulebook_major_categories[i]) == NULL) {
            char sub[RULEBOOK_PATH_LEN];
            path_join(sub, path, rulebook_major_categories[i]);
            return err_set(err, ERR_INVALID, sub, "缺少“三重一大”类别“%s”",
                           "missing the major-matter category '%s'", sub);
        }
    }
    qsort(rb->categories, rb->n_categories, sizeof(rb->categories[0]), compare_categories);
    return ERR_OK;
}

static enum err_code read_actions(const json_t *doc, struct rulebook *rb, struct err *err)
{
    const json_t *actions = json_object_get(doc, "actions");
    if (actions == NULL || json_is_null(actions)) {
        return ERR_OK;
    }
    if (!json_is_object(actions)) {
        return err_set(err, ERR_INVALID, "actions", "“actions”须为对象",
                       "'actions' must be an object");
    }
    const char *name;
    json_t *value;
    json_object_foreach((json_t *)actions, name, value)
    {
        char sub[RULEBOOK_PATH_LEN];
        enum rule_id id;
        path_join(sub, "actions", name);
        if (!rules_rule_find(name, &id)) {
            return err_set(err, ERR_INVALID, sub, "未知规则“%s”", "unknown rule '%s'", name);
        }
        if (!rules_rule_configurable(id)) {
            return err_set(err, ERR_INVALID, sub, "规则“%s”总是拒绝，不能改为其他处理",
                           "rule '%s' always refuses; its action cannot be set", name);
        }
        int action = 0;
        enum err_code rc = read_enum(actions, "actions", name, action_names, &action, err);
        if (rc != ERR_OK) {
            return rc;
        }
        rb->actions[id] = (enum rule_action)action;
    }
    return ERR_OK;
}

static enum err_code read_scope(const json_t *doc, struct rulebook *rb, struct err *err)
{
    const json_t *township = json_object_get(doc, "township");
    const json_t *city_version = json_object_get(doc, "city_version");
    bool has_township = township != NULL && !json_is_null(township);
    bool has_city_version = city_version != NULL && !json_is_null(city_version);
    if (has_township) {
        const char *s = json_is_string(township) ? json_string_value(township) : "";
        if (!input_is_slug(s) || strlen(s) > RULEBOOK_TOWNSHIP_MAX) {
            return err_set(err, ERR_INVALID, "township", "“township”须为乡镇标识（或 null）",
                           "'township' must be a township id (or null)");
        }
        snprintf(rb->township, sizeof(rb->township), "%s", s);
        return rulebook__read_int(doc, "", "city_version", 1, INT32_MAX, &rb->city_version, err);
    }
    if (has_city_version) {
        return err_set(err, ERR_INVALID, "city_version", "只有乡镇的规则才有“city_version”",
                       "only a township's rulebook has a 'city_version'");
    }
    return ERR_OK;
}

void rulebook_seed_floors(struct rule_floors *out)
{
    *out = (struct rule_floors){
        .notice_hours = 48,
        .secretary_last = true,
        .major_by_vote = true,
        .cadre_quorum = {RULE_AT_LEAST, 2, 3, RULE_BASE_ENTITLED},
        .cadre_no_adhoc = true,
        .pass_of_all = true,
    };
}

static bool same_threshold(const struct rule_threshold *a, const struct rule_threshold *b)
{
    return a->compare == b->compare && a->numerator == b->numerator &&
           a->denominator == b->denominator && a->base == b->base;
}

static bool floors_are_seed(const struct rule_floors *f)
{
    struct rule_floors seed;
    rulebook_seed_floors(&seed);
    return f->notice_hours == seed.notice_hours && f->secretary_last == seed.secretary_last &&
           f->major_by_vote == seed.major_by_vote &&
           same_threshold(&f->cadre_quorum, &seed.cadre_quorum) &&
           f->cadre_no_adhoc == seed.cadre_no_adhoc && f->pass_of_all == seed.pass_of_all;
}

/* The document's "floors", or the seed's when it has none. */
static enum err_code read_floors(const json_t *doc, struct rule_floors *out, struct err *err)
{
    char path[RULEBOOK_PATH_LEN];
    const json_t *f = NULL;
    rulebook_seed_floors(out);
    if (json_object_get(doc, "floors") == NULL) {
        return ERR_OK;
    }
    enum err_code rc = rulebook__read_object(doc, "", "floors", floor_keys, path, &f, err);
    if (rc == ERR_OK) {
        rc = rulebook__read_int(f, path, "notice_hours", 0, RULEBOOK_MAX_HOURS, &out->notice_hours,
                                err);
    }
    if (rc == ERR_OK) {
        rc = read_bool(f, path, "secretary_last", &out->secretary_last, err);
    }
    if (rc == ERR_OK) {
        rc = read_bool(f, path, "major_by_vote", &out->major_by_vote, err);
    }
    if (rc == ERR_OK) {
        rc = read_threshold(f, path, "cadre_quorum", false, &out->cadre_quorum, err);
    }
    if (rc == ERR_OK) {
        rc = read_bool(f, path, "cadre_no_adhoc", &out->cadre_no_adhoc, err);
    }
    if (rc == ERR_OK) {
        rc = read_bool(f, path, "pass_of_all", &out->pass_of_all, err);
    }
    return rc;
}

void rulebook_seed_sealing(struct rule_sealing *out)
{
    *out = (struct rule_sealing){
        .statements = RULE_SEAL_UNTIL_MINUTES,
        .ballots = RULE_SEAL_UNTIL_MINUTES,
        .reasons = RULE_SEAL_KEPT,
    };
}

static bool sealing_is_seed(const struct rule_sealing *s)
{
    struct rule_sealing seed;
    rulebook_seed_sealing(&seed);
    return s->statements == seed.statements && s->ballots == seed.ballots &&
           s->reasons == seed.reasons;
}

/* The document's "sealing", or the seed's when it has none. */
static enum err_code read_sealing(const json_t *doc, struct rule_sealing *out, struct err *err)
{
    char path[RULEBOOK_PATH_LEN];
    const json_t *s = NULL;
    int statements = 0, ballots = 0, reasons = 0;
    rulebook_seed_sealing(out);
    if (json_object_get(doc, "sealing") == NULL) {
        return ERR_OK;
    }
    enum err_code rc = rulebook__read_object(doc, "", "sealing", sealing_keys, path, &s, err);
    if (rc == ERR_OK) {
        rc = read_enum(s, path, "statements", seal_names, &statements, err);
    }
    if (rc == ERR_OK) {
        rc = read_enum(s, path, "ballots", seal_names, &ballots, err);
    }
    if (rc == ERR_OK) {
        rc = read_enum(s, path, "reasons", seal_names, &reasons, err);
    }
    if (rc == ERR_OK) {
        *out = (struct rule_sealing){(enum rule_seal)statements, (enum rule_seal)ballots,
                                     (enum rule_seal)reasons};
    }
    return rc;
}

enum err_code rulebook_from_json(const json_t *doc, struct rulebook *out, struct err *err)
{
    char path[RULEBOOK_PATH_LEN];
    const json_t *obj = NULL;
    char sub[RULEBOOK_PATH_LEN];
    const json_t *v = NULL;
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < RULE_N; i++) {
        out->actions[i] = rules_rule_default_action((enum rule_id)i);
    }
    if (!json_is_object(doc)) {
        return err_set(err, ERR_INVALID, NULL, "规则文档须为 JSON 对象",
                       "a rulebook must be a JSON object");
    }
    enum err_code rc = only_keys(doc, "", top_keys, err);
    if (rc == ERR_OK) {
        rc = rulebook__read_int(doc, "", "version", 1, INT32_MAX, &out->version, err);
    }
    if (rc == ERR_OK) {
        rc = need(doc, "", "effective_from", sub, &v, err);
    }
    if (rc == ERR_OK &&
        (!json_is_string(v) || !utc_parse(json_string_value(v), &out->effective_from) ||
         out->effective_from < 0)) {
        rc = err_set(err, ERR_INVALID, sub, "“%s”须为 1970 年以后的 RFC 3339 时间",
                     "'%s' must be an RFC 3339 time after 1970", sub);
    }
    if (rc == ERR_OK) {
        rc = read_scope(doc, out, err);
    }
    if (rc == ERR_OK) {
        rc = rulebook__read_object(doc, "", "thresholds", threshold_keys, path, &obj, err);
    }
    if (rc == ERR_OK) {
        rc = rulebook__read_int(obj, path, "large_fund_fen", 1, RULEBOOK_MAX_FEN,
                                &out->large_fund_fen, err);
    }
    if (rc == ERR_OK) {
        rc =
            rulebook__read_int(obj, path, "tender_fen", 1, RULEBOOK_MAX_FEN, &out->tender_fen, err);
    }
    if (rc == ERR_OK) {
        rc = rulebook__read_object(doc, "", "congress", congress_keys, path, &obj, err);
    }
    if (rc == ERR_OK) {
        rc = read_threshold(obj, path, "quorum", false, &out->congress_quorum, err);
    }
    if (rc == ERR_OK) {
        rc = read_threshold(obj, path, "pass", true, &out->congress_pass, err);
    }
    if (rc == ERR_OK && out->congress_pass.base != RULE_BASE_ENTITLED) {
        rc = err_set(err, ERR_INVALID, "congress.pass.base",
                     "人代会以全体代表的过半数通过（entitled）",
                     "the congress passes by a share of all deputies (entitled)");
    }
    if (rc == ERR_OK) {
        rc = read_categories(doc, out, err);
    }
    if (rc == ERR_OK) {
        rc = read_actions(doc, out, err);
    }
    if (rc == ERR_OK) {
        rc = read_floors(doc, &out->floors, err);
    }
    if (rc == ERR_OK) {
        rc = read_sealing(doc, &out->sealing, err);
    }
    if (rc == ERR_OK) {
        rc = rulebook__read_procurement(doc, &out->procurement, err);
    }
    return rc;
}

enum err_code rulebook_parse(const char *data, size_t len, struct rulebook *out, struct err *err)
{
    json_t *doc = NULL;
    if (len > RULEBOOK_MAX_BYTES) {
        return err_set(err, ERR_TOO_LARGE, NULL, "规则文档不能超过 %d 字节",
                       "a rulebook must be at most %d bytes", RULEBOOK_MAX_BYTES);
    }
    enum err_code rc = input_parse(data, len, &doc, err);
    if (rc == ERR_OK) {
        rc = rulebook_from_json(doc, out, err);
    }
    json_decref(doc);
    return rc;
}

/* ---- the complete JSON form, canonical bytes, digest ------------------- */

static json_t *threshold_json(const struct rule_threshold *t, bool with_base)
{
    json_t *o = json_object();
    json_object_set_new(o, "compare", json_string(compare_names[t->compare]));
    json_object_set_new(o, "numerator", json_integer(t->numerator));
    json_object_set_new(o, "denominator", json_integer(t->denominator));
    if (with_base) {
        json_object_set_new(o, "base", json_string(base_names[t->base]));
    }
    return o;
}

static json_t *category_json(const struct rule_category *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "collective", json_string(when_names[c->collective]));
    json_object_set_new(o, "ballot", json_string(when_names[c->ballot]));
    json_object_set_new(o, "secret_ballot", json_boolean(c->secret_ballot));
    json_object_set_new(o, "public_tender", json_string(when_names[c->public_tender]));
    json_object_set_new(o, "congress_vote", json_boolean(c->congress_vote));
    json_object_set_new(o, "quorum", threshold_json(&c->quorum, false));
    json_object_set_new(o, "pass", threshold_json(&c->pass, true));
    json_object_set_new(o, "notice_hours", json_integer(c->notice_hours));
    json_object_set_new(o, "adhoc_allowed", json_boolean(c->adhoc_allowed));
    json_object_set_new(o, "secretary_last", json_boolean(c->secretary_last));
    return o;
}

json_t *rulebook_to_json(const struct rulebook *rb)
{
    char when[UTC_TEXT_MAX];
    json_t *doc = json_object();
    utc_format(rb->effective_from, when);
    json_object_set_new(doc, "version", json_integer(rb->version));
    json_object_set_new(doc, "effective_from", json_string(when));
    json_object_set_new(doc, "township",
                        rb->township[0] != '\0' ? json_string(rb->township) : json_null());
    json_object_set_new(doc, "city_version",
                        rb->township[0] != '\0' ? json_integer(rb->city_version) : json_null());
    json_t *thresholds = json_object();
    json_object_set_new(thresholds, "large_fund_fen", json_integer(rb->large_fund_fen));
    json_object_set_new(thresholds, "tender_fen", json_integer(rb->tender_fen));
    json_object_set_new(doc, "thresholds", thresholds);
    json_t *congress = json_object();
    json_object_set_new(congress, "quorum", threshold_json(&rb->congress_quorum, false));
    json_object_set_new(congress, "pass", threshold_json(&rb->congress_pass, true));
    json_object_set_new(doc, "congress", congress);
    json_t *cats = json_object();
    for (size_t i = 0; i < rb->n_categories; i++) {
        json_object_set_new(cats, rb->categories[i].name, category_json(&rb->categories[i]));
    }
    json_object_set_new(doc, "categories", cats);
    json_t *actions = json_object();
    for (size_t i = 0; i < RULE_N; i++) {
        enum rule_id id = (enum rule_id)i;
        bool as_default = rb->actions[i] == rules_rule_default_action(id);
        if (rules_rule_configurable(id) && !(rules_rule_added_later(id) && as_default)) {
            json_object_set_new(actions, rules_rule_name((enum rule_id)i),
                                json_string(action_names[rb->actions[i]]));
        }
    }
    json_object_set_new(doc, "actions", actions);
    /* The seed's floors are implied: a document names its floors only when
     * the city has changed them, so that the floors' coming changed the
     * identity (digest) of no recorded rulebook. */
    if (!floors_are_seed(&rb->floors)) {
        json_t *f = json_object();
        json_object_set_new(f, "notice_hours", json_integer(rb->floors.notice_hours));
        json_object_set_new(f, "secretary_last", json_boolean(rb->floors.secretary_last));
        json_object_set_new(f, "major_by_vote", json_boolean(rb->floors.major_by_vote));
        json_object_set_new(f, "cadre_quorum", threshold_json(&rb->floors.cadre_quorum, false));
        json_object_set_new(f, "cadre_no_adhoc", json_boolean(rb->floors.cadre_no_adhoc));
        json_object_set_new(f, "pass_of_all", json_boolean(rb->floors.pass_of_all));
        json_object_set_new(doc, "floors", f);
    }
    /* The seed's sealing likewise. */
    if (!sealing_is_seed(&rb->sealing)) {
        json_object_set_new(
            doc, "sealing",
            json_pack("{ss, ss, ss}", "statements", seal_names[rb->sealing.statements], "ballots",
                      seal_names[rb->sealing.ballots], "reasons", seal_names[rb->sealing.reasons]));
    }
    /* And the seed's procurement. */
    if (!rulebook__procurement_is_seed(&rb->procurement)) {
        json_object_set_new(doc, "procurement", rulebook_procurement_json(rb));
    }
    return doc;
}

enum err_code rulebook_canonical(const struct rulebook *rb, struct buf *out, struct err *err)
{
    json_t *doc = rulebook_to_json(rb);
    enum err_code rc = canon_encode(doc, out, err);
    json_decref(doc);
    return rc;
}

void rulebook_digest(const struct rulebook *rb, char out[RULEBOOK_DIGEST_HEX])
{
    struct buf bytes;
    struct err err;
    unsigned char hash[crypto_hash_sha256_BYTES];
    buf_init(&bytes, 4 * RULEBOOK_MAX_BYTES);
    err_init(&err);
    if (rulebook_canonical(rb, &bytes, &err) != ERR_OK) {
        /* A rulebook has bounded size and integers only. */
        diag_fatal("cannot encode a rulebook: %s", err_message(&err, 1));
    }
    crypto_hash_sha256(hash, (const unsigned char *)buf_str(&bytes), bytes.len);
    sodium_bin2hex(out, RULEBOOK_DIGEST_HEX, hash, sizeof(hash));
    buf_clear(&bytes);
}

/* ---- lookups ------------------------------------------------------------ */

const struct rule_category *rulebook_category(const struct rulebook *rb, const char *name)
{
    if (name == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < rb->n_categories; i++) {
        if (strcmp(rb->categories[i].name, name) == 0) {
            return &rb->categories[i];
        }
    }
    return NULL;
}

bool rulebook_is_major(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(rulebook_major_categories); i++) {
        if (strcmp(rulebook_major_categories[i], name) == 0) {
            return true;
        }
    }
    return false;
}

enum rule_action rulebook_action(const struct rulebook *rb, enum rule_id id)
{
    assert(id < RULE_N);
    if (!rules_rule_configurable(id)) {
        return RULE_ACTION_REFUSE;
    }
    return rb->actions[id];
}

bool rulebook_when(const struct rulebook *rb, enum rule_when when, int64_t amount_fen)
{
    return when != RULE_WHEN_NEVER &&
           amount_fen >= when_floor(rb->large_fund_fen, rb->tender_fen, when);
}

/* ---- versions ----------------------------------------------------------- */

const struct rulebook *
rulebook_in_force(const struct rulebook *const *versions, size_t n, int64_t at_ms)
{
    const struct rulebook *best = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct rulebook *rb = versions[i];
        if (rb->effective_from > at_ms) {
            continue;
        }
        if (best == NULL || rb->effective_from > best->effective_from ||
            (rb->effective_from == best->effective_from && rb->version > best->version)) {
            best = rb;
        }
    }
    return best;
}

enum verdict_kind rulebook_check_change(const struct rulebook *current,
                                        const struct rulebook *proposed,
                                        int64_t now_ms,
                                        struct verdict *v)
{
    const char *scope = current != NULL ? current->township : "";
    int64_t expected = current != NULL ? current->version + 1 : 1;
    if (strcmp(scope, proposed->township) != 0) {
        rules__violation(v, NULL, RULE_RULEBOOK_SCOPE, "township");
    } else if (proposed->version != expected) {
        rules__violation(v, NULL, RULE_RULEBOOK_VERSION, "version", (long long)expected,
                         (long long)(current != NULL ? current->version : 0));
    } else if (proposed->effective_from < now_ms ||
               (current != NULL && proposed->effective_from < current->effective_from)) {
        rules__violation(v, NULL, RULE_RULEBOOK_RETROACTIVE, "effective_from");
    } else {
        rules_verdict_ok(v);
    }
    return v->kind;
}
