/*
 * Helpers for unit tests of collective decisions (test_meeting.c,
 * test_budget.c, test_rulebooks.c): a node with the city and Diankou, its
 * committee of seven (secretary, deputy secretary, discipline secretary,
 * four members) and a department, users linked to members, a simulated
 * clock, and commands written as JSON text. Include after unit_node.h.
 */
#ifndef PROBITY_UNIT_DECISION_H
#define PROBITY_UNIT_DECISION_H

#include "areas/budget/budget.h"
#include "areas/meeting/meeting.h"
#include "areas/rulebook/rulebooks.h"
#include "areas/task/task.h"
#include "areas/user/user.h"
#include "record/rebuild.h"
#include "rules/authorisation.h"

#include "unit_node.h"

#include <stdarg.h>

#define HOUR_MS (3600LL * 1000)
#define DAY_MS  (24 * HOUR_MS)
/* 2026-03-02T01:00:00Z, 09:00 in Zhuji: the tests' "now" to start with. */
#define UNIT_T0  1772413200000LL
#define N_PEOPLE 7

struct fixture {
    struct unit_node n;
    int64_t people[N_PEOPLE]; /* 0 secretary, 1 deputy, 2 discipline, 3..6 members */
    int64_t department;
    struct actor admin, clerk, secretary, member, member2, discipline, congress, head, zhibu_clerk;
    struct rulebooks_cache *cache; /* NULL unless a test sets it */
};

/* Formats a JSON literal (printf-style) and parses it; a new reference. */
static inline json_t *jf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline json_t *jf(const char *fmt, ...)
{
    char text[8192];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(text)) {
        abort();
    }
    return unit_json(text);
}

static inline struct ctx fx_ctx(struct fixture *f, const struct actor *who, int64_t now)
{
    return (struct ctx){.c = f->n.c, .who = who, .now_ms = now, .english = true, .cache = f->cache};
}

/* The integer id of a write's item (and releases the result). */
static inline int64_t fx_id(json_t *result)
{
    int64_t id =
        (int64_t)json_integer_value(json_object_get(json_object_get(result, "item"), "id"));
    json_decref(result);
    return id;
}

/* A user row for a write's body to create, in township. */
struct fx_user_write {
    const char *township;
    json_t *row;
};

static inline enum err_code fx_user_body(struct store_conn *c, void *arg, struct err *err)
{
    struct fx_user_write *w = arg;
    struct event_ref ref;
    return entity_create(c, &actor_system, &user_entity, w->township, w->row, &ref, err);
}

/* Creates a user linked to person (0: none) through its entity event. */
static inline void fx_user(struct fixture *f,
                           struct actor *who,
                           const char *login,
                           enum role role,
                           const char *township,
                           int64_t person)
{
    struct err err;
    err_init(&err);
    json_t *row =
        json_pack("{ss, ss, ss?, so, ss}", "login", login, "role", role_name(role), "township_id",
                  township, "person_id", person ? json_integer(person) : json_null(), "created",
                  "2026-01-01T00:00:00.000Z");
    struct fx_user_write w = {township, row};
    if (store_write(f->n.c, fx_user_body, &w, &err) != ERR_OK) {
        fprintf(stderr, "cannot create user %s: %s\n", login, err_message(&err, 1));
        abort();
    }
    *who = (struct actor){.user_id = json_integer_value(json_object_get(row, "id")),
                          .login = login,
                          .role = role,
                          .township = township};
    json_decref(row);
}

static inline void fx_must(enum err_code rc, const struct err *err, const char *what)
{
    if (rc != ERR_OK) {
        fprintf(stderr, "%s: %s (%s) rule '%s'\n", what, err_message(err, 1), err->field,
                err->rule);
        abort();
    }
}

/* Sets up the node, Diankou (and Zhibu) and the committee; 0 or -1. */
static inline int fx_setup(void **state)
{
    struct fixture *f = xcalloc(1, sizeof(*f));
    struct err err;
    int64_t committee = 0, posts[4] = {0}, zhibu_person = 0;
    static const char *const roles[] = {"secretary", "deputy_secretary", "discipline_secretary",
                                        "member"};
    static const int seats[] = {1, 2, 1, 9};
    static const int post_of[N_PEOPLE] = {0, 1, 2, 3, 3, 3, 3};
    if (unit_node_open(&f->n) != 0) {
        xfree(f);
        return -1;
    }
    struct store_conn *c = f->n.c;
    fx_must(unit_org_create(c, &actor_system, ORG_CITY, NULL,
                            "{\"id\":\"zhuji\",\"name\":\"诸暨市\",\"name_en\":\"Zhuji\"}", NULL,
                            NULL, &err),
            &err, "city");
    fx_must(unit_org_create(c, &actor_system, ORG_TOWNSHIP, NULL,
                            "{\"id\":\"diankou\",\"kind\":\"township\",\"name\":\"店口镇\","
                            "\"name_en\":\"Diankou\"}",
                            NULL, NULL, &err),
            &err, "township");
    fx_must(unit_org_create(c, &actor_system, ORG_TOWNSHIP, NULL,
                            "{\"id\":\"zhibu\",\"kind\":\"township\",\"name\":\"直埠镇\","
                            "\"name_en\":\"Zhibu\"}",
                            NULL, NULL, &err),
            &err, "township");
    fx_must(unit_org_create(c, &actor_system, ORG_BODY, "diankou",
                            "{\"class\":\"committee\",\"name\":\"店口镇党委\","
                            "\"name_en\":\"Committee\"}",
                            &committee, NULL, &err),
            &err, "committee");
    fx_must(unit_org_create(c, &actor_system, ORG_DEPARTMENT, "diankou",
                            "{\"class\":\"bureau\",\"name\":\"城建局\",\"name_en\":\"Works\"}",
                            &f->department, NULL, &err),
            &err, "department");
    char parent[32], text[256];
    unit_id(committee, parent);
    for (size_t i = 0; i < 4; i++) {
        snprintf(text, sizeof(text),
                 "{\"role\":\"%s\",\"label\":\"岗%zu\",\"label_en\":\"Post %zu\",\"seats\":%d}",
                 roles[i], i, i, seats[i]);
        fx_must(unit_org_create(c, &actor_system, ORG_POST, parent, text, &posts[i], NULL, &err),
                &err, "post");
    }
    for (size_t i = 0; i < N_PEOPLE; i++) {
        snprintf(text, sizeof(text), "{\"name\":\"成员%zu\",\"name_en\":\"Member %zu\"}", i, i);
        fx_must(unit_org_create(c, &actor_system, ORG_PERSON, "diankou", text, &f->people[i], NULL,
                                &err),
                &err, "person");
        snprintf(text, sizeof(text),
                 "{\"person_id\":%lld,\"post_id\":%lld,\"start_date\":\"2024-01-01\"}",
                 (long long)f->people[i], (long long)posts[post_of[i]]);
        fx_must(unit_org_create(c, &actor_system, ORG_MEMBERSHIP, NULL, text, NULL, NULL, &err),
                &err, "membership");
    }
    fx_must(unit_org_create(c, &actor_system, ORG_PERSON, "zhibu", "{\"name\":\"直埠人\"}",
                            &zhibu_person, NULL, &err),
            &err, "person");
    fx_user(f, &f->admin, "admin", ROLE_ADMIN, NULL, 0);
    fx_user(f, &f->clerk, "diankou.clerk", ROLE_CLERK, "diankou", 0);
    fx_user(f, &f->secretary, "diankou.secretary", ROLE_SECRETARY, "diankou", f->people[0]);
    fx_user(f, &f->discipline, "diankou.discipline", ROLE_DISCIPLINE_SECRETARY, "diankou",
            f->people[2]);
    fx_user(f, &f->member, "diankou.member", ROLE_MEMBER, "diankou", f->people[3]);
    fx_user(f, &f->member2, "diankou.member2", ROLE_MEMBER, "diankou", f->people[4]);
    fx_user(f, &f->congress, "diankou.congress", ROLE_CONGRESS_OFFICER, "diankou", 0);
    fx_user(f, &f->head, "diankou.head", ROLE_DEPARTMENT_HEAD, "diankou", 0);
    fx_user(f, &f->zhibu_clerk, "zhibu.clerk", ROLE_CLERK, "zhibu", 0);
    *state = f;
    return 0;
}

static inline int fx_teardown(void **state)
{
    struct fixture *f = *state;
    rulebooks_cache_free(f->cache);
    unit_node_close(&f->n);
    xfree(f);
    return 0;
}

/* The same as a cmocka group setup and teardown (one node per file). */
static inline int fx_group_setup(void **state)
{
    return unit_group_setup(state) == 0 ? fx_setup(state) : -1;
}

static inline int fx_group_teardown(void **state)
{
    return fx_teardown(state);
}

/* Runs cmd on township or record id with input in (borrowed). */
static inline enum err_code fx_command(const struct ctx *x,
                                       const struct command *cmd,
                                       const char *township,
                                       int64_t id,
                                       const json_t *in,
                                       json_t **result,
                                       struct err *err)
{
    struct args a = {.cmd = cmd, .township = township, .id = id, .input = in};
    return command_run(x, cmd, &a, result, err);
}

/* Registers a matter of category and amount proposed by member 3 (the
 * responsible member). */
static inline int64_t fx_matter(struct fixture *f, const char *category, long long amount)
{
    struct err err;
    json_t *result = NULL;
    err_init(&err);
    struct ctx x = fx_ctx(f, &f->clerk, UNIT_T0);
    /* A spending matter authorises its department's spending in 2026. */
    json_t *in = jf("{\"title\":\"事项 %s\",\"category\":\"%s\",\"amount_fen\":%lld,"
                    "\"proposer_id\":%lld,\"department_id\":%lld%s}",
                    category, category, amount, (long long)f->people[3], (long long)f->department,
                    rules_authorises_spending(category)
                        ? ",\"spend_from\":\"2026-01-01\",\"spend_until\":\"2026-12-31\""
                        : "");
    fx_must(fx_command(&x, &matter_create_command, "diankou", 0, in, &result, &err), &err,
            "matter");
    json_decref(in);
    return fx_id(result);
}

/* Schedules a committee meeting starting at starts_ms. */
static inline int64_t fx_meeting(struct fixture *f, int64_t starts_ms)
{
    struct err err;
    json_t *result = NULL;
    char when[UTC_TEXT_MAX];
    err_init(&err);
    utc_format(starts_ms, when);
    struct ctx x = fx_ctx(f, &f->clerk, UNIT_T0);
    json_t *in = jf("{\"kind\":\"committee\",\"title\":\"党委会\",\"starts_at\":\"%s\","
                    "\"place\":\"三楼会议室\",\"convener_id\":%lld}",
                    when, (long long)f->people[0]);
    fx_must(fx_command(&x, &meeting_create_command, "diankou", 0, in, &result, &err), &err,
            "meeting");
    json_decref(in);
    return fx_id(result);
}

/* Puts matter on meeting at now (justification may be NULL). */
static inline enum err_code fx_add(struct fixture *f,
                                   int64_t meeting,
                                   int64_t matter,
                                   int64_t now,
                                   const char *justification,
                                   int64_t *item,
                                   struct err *err)
{
    json_t *result = NULL;
    err_init(err);
    struct ctx x = fx_ctx(f, &f->clerk, now);
    json_t *in = justification ? jf("{\"matter_id\":%lld,\"justification\":\"%s\"}",
                                    (long long)matter, justification)
                               : jf("{\"matter_id\":%lld}", (long long)matter);
    enum err_code rc = fx_command(&x, &agenda_add_command, NULL, meeting, in, &result, err);
    json_decref(in);
    if (rc == ERR_OK && item != NULL) {
        *item = fx_id(result);
    } else {
        json_decref(result);
    }
    return rc;
}

/* Records attendance: absent[i] / recused[i] per person index (with
 * reasons unless no_reason). */
static inline enum err_code fx_attendance(struct fixture *f,
                                          int64_t item,
                                          int64_t now,
                                          const bool absent[N_PEOPLE],
                                          const bool recused[N_PEOPLE],
                                          bool with_reasons,
                                          struct err *err)
{
    char text[4096];
    size_t len = 0;
    len += (size_t)snprintf(text + len, sizeof(text) - len, "{\"members\":[");
    for (size_t i = 0; i < N_PEOPLE; i++) {
        bool a = absent && absent[i], r = recused && recused[i];
        len += (size_t)snprintf(
            text + len, sizeof(text) - len, "%s{\"person_id\":%lld,\"present\":%s%s%s}",
            i ? "," : "", (long long)f->people[i], a ? "false" : "true",
            a && with_reasons ? ",\"absence_reason\":\"出差\"" : "",
            r ? (with_reasons ? ",\"recused\":true,\"recusal_reason\":\"亲属关系\""
                              : ",\"recused\":true")
              : "");
    }
    snprintf(text + len, sizeof(text) - len, "]}");
    json_t *in = unit_json(text), *result = NULL;
    err_init(err);
    struct ctx x = fx_ctx(f, &f->clerk, now);
    enum err_code rc = fx_command(&x, &item_attendance_command, NULL, item, in, &result, err);
    json_decref(in);
    json_decref(result);
    return rc;
}

/* A statement of person index i, recorded by the clerk. */
static inline enum err_code
fx_state(struct fixture *f, int64_t item, size_t i, const char *view, int64_t now, struct err *err)
{
    json_t *result = NULL;
    err_init(err);
    struct ctx x = fx_ctx(f, &f->clerk, now);
    json_t *in = jf("{\"person_id\":%lld,\"view\":\"%s\",\"summary\":\"意见 %zu\"}",
                    (long long)f->people[i], view, i);
    enum err_code rc = fx_command(&x, &item_statement_command, NULL, item, in, &result, err);
    json_decref(in);
    json_decref(result);
    return rc;
}

/* A ballot of person index i (choice NULL: secret), by the clerk. */
static inline enum err_code fx_ballot(
    struct fixture *f, int64_t item, size_t i, const char *choice, int64_t now, struct err *err)
{
    json_t *result = NULL;
    err_init(err);
    struct ctx x = fx_ctx(f, &f->clerk, now);
    json_t *in = choice
                     ? jf("{\"person_id\":%lld,\"choice\":\"%s\"}", (long long)f->people[i], choice)
                     : jf("{\"person_id\":%lld}", (long long)f->people[i]);
    enum err_code rc = fx_command(&x, &item_ballot_command, NULL, item, in, &result, err);
    json_decref(in);
    json_decref(result);
    return rc;
}

/* Runs a command with input text as the clerk (or who) and keeps *result
 * (may be NULL: released). */
static inline enum err_code fx_run(struct fixture *f,
                                   const struct actor *who,
                                   int64_t now,
                                   const struct command *cmd,
                                   int64_t id,
                                   const char *input,
                                   json_t **result,
                                   struct err *err)
{
    json_t *in = unit_json(input), *out = NULL;
    err_init(err);
    struct ctx x = fx_ctx(f, who, now);
    enum err_code rc = fx_command(&x, cmd, NULL, id, in, &out, err);
    json_decref(in);
    if (result != NULL) {
        *result = out;
    } else {
        json_decref(out);
    }
    return rc;
}

/* Meetings in the tests start three days after T0; DURING is in session. */
#define START  (UNIT_T0 + 3 * DAY_MS)
#define DURING (START + 10 * 60 * 1000)

/* A meeting at START with a matter of category on its agenda (notified at
 * T0, in time), attendance recorded with everyone present. */
static inline int64_t item_in_session(struct fixture *f, const char *category, long long amount)
{
    struct err err;
    int64_t item = 0;
    int64_t meeting = fx_meeting(f, START);
    fx_must(fx_add(f, meeting, fx_matter(f, category, amount), UNIT_T0, NULL, &item, &err), &err,
            "add");
    fx_must(fx_attendance(f, item, DURING, NULL, NULL, true, &err), &err, "attendance");
    return item;
}

/* Every member but the secretary states a view, then the secretary. */
static inline void all_state(struct fixture *f, int64_t item, const char *view)
{
    struct err err;
    for (size_t i = 1; i < N_PEOPLE; i++) {
        fx_must(fx_state(f, item, i, view, DURING, &err), &err, "statement");
    }
    fx_must(fx_state(f, item, 0, view, DURING, &err), &err, "secretary");
}

static inline json_t *get_item(struct fixture *f, const struct actor *who, int64_t item)
{
    struct err err;
    json_t *out = NULL;
    err_init(&err);
    struct ctx x = fx_ctx(f, who, DURING);
    fx_must(item_get(&x, &(struct args){.id = item}, &out, &err), &err, "item_get");
    return out;
}

/* Asserts a refusal: code, rule id, and no event written since before. */
#define assert_refused(rc_, err_, code_, rule_, before_, conn_)                                    \
    do {                                                                                           \
        enum err_code got_ = (rc_);                                                                \
        if (got_ != (code_) || strcmp((err_)->rule, (rule_)) != 0) {                               \
            print_error("got %d rule '%s' (%s: %s); want %d '%s'\n", (int)got_, (err_)->rule,      \
                        (err_)->field, err_message((err_), 1), (int)(code_), (rule_));             \
        }                                                                                          \
        assert_int_equal(got_, (code_));                                                           \
        assert_string_equal((err_)->rule, (rule_));                                                \
        assert_int_equal(unit_event_count(conn_), (before_));                                      \
    } while (0)

/* Asserts that a command succeeded (rc is evaluated once). */
#define assert_ok_rc(rc_, err_)                                                                    \
    do {                                                                                           \
        enum err_code got_ = (rc_);                                                                \
        if (got_ != ERR_OK) {                                                                      \
            print_error("failed: %s (field '%s', rule '%s')\n", err_message((err_), 1),            \
                        (err_)->field, (err_)->rule);                                              \
        }                                                                                          \
        assert_int_equal(got_, ERR_OK);                                                            \
    } while (0)

/* Asserts that a replay of the node's record rebuilds query tables equal
 * to the live ones (probity rebuild), naming the first difference. */
static inline void fx_assert_rebuild(struct fixture *f)
{
    struct err err;
    char scratch[UNIT_PATH_MAX];
    struct rebuild_report rep;
    err_init(&err);
    unit_path(scratch, f->n.tmp, "scratch.db");
    assert_ok_rc(rebuild_check(f->n.c, scratch, &rep, &err), &err);
    if (!rep.equal) {
        print_error("rebuild differs in %s: %s\n", rep.table, rep.detail);
    }
    assert_true(rep.equal);
}

#endif
