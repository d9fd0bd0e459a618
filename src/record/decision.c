/*
 * The shared parts of the collective-decision areas: procedure rules, the
 * command runner and row helpers. See decision.h and docs/decisions.md.
 */
#include "record/decision.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct procedure_row {
    const char *id;
    enum err_code code;
    const char *zh;
    const char *en;
};

static const struct procedure_row procedure_rows[] = {
#define PROCEDURE_ROW(name, id, code, zh, en) {id, ERR_##code, zh, en},
    PROCEDURE_TABLE(PROCEDURE_ROW)
#undef PROCEDURE_ROW
};

const char *decision_procedure_name(enum procedure_id id)
{
    assert(id < PROCEDURE_N);
    return procedure_rows[id].id;
}

const char *decision_procedure_message(enum procedure_id id, bool english)
{
    assert(id < PROCEDURE_N);
    return english ? procedure_rows[id].en : procedure_rows[id].zh;
}

enum err_code decision_refuse(struct err *err, enum procedure_id id, const char *field)
{
    assert(id < PROCEDURE_N);
    const struct procedure_row *row = &procedure_rows[id];
    enum err_code rc = err_set(err, row->code, field, "%s%.0s", "%.0s%s", row->zh, row->en);
    err_set_rule(err, row->id);
    return rc;
}

enum err_code decision_settle(enum verdict_kind kind,
                              const struct verdict *v,
                              const char *justification,
                              struct err *err)
{
    assert(kind == v->kind);
    (void)kind;
    return rules_settle(v, justification, err);
}

enum err_code decision_run(const struct decision_ctx *x,
                           decision_body_fn body,
                           void *arg,
                           json_t **result,
                           struct err *err)
{
    json_t *answer = NULL;
    enum err_code rc = store_begin_write(x->c, err);
    if (rc != ERR_OK) {
        return rc;
    }
    rc = body(x, arg, &answer, err);
    if (rc == ERR_OK) {
        rc = store_commit(x->c, err);
    } else {
        store_rollback(x->c);
    }
    if (rc == ERR_OK) {
        *result = answer;
    } else {
        json_decref(answer);
    }
    return rc;
}

enum err_code decision_run_args(const struct decision_ctx *x,
                                decision_body_fn body,
                                const char *township,
                                int64_t id,
                                const json_t *input,
                                json_t **result,
                                struct err *err)
{
    struct decision_args a = {township, id, input};
    return decision_run(x, body, &a, result, err);
}

json_t *decision_answer(json_t *item, const struct event_ref *ref)
{
    return json_pack("{so, so}", "item", item, "event", event_ref_json(ref));
}

void decision_decode(const struct entity *ent, json_t *row)
{
    for (size_t i = 0; ent->fields[i].name != NULL; i++) {
        if (ent->fields[i].type != 'j') {
            continue;
        }
        const char *text = json_string_value(json_object_get(row, ent->fields[i].name));
        if (text == NULL) {
            continue;
        }
        json_error_t jerr;
        json_t *v = json_loads(text, JSON_DECODE_ANY, &jerr);
        json_object_set_new(row, ent->fields[i].name, v ? v : json_null());
    }
}

enum err_code decision_load(struct store_conn *c,
                            const struct entity *ent,
                            const char *sql,
                            int64_t id,
                            json_t **row,
                            struct err *err)
{
    json_t *found = NULL;
    enum err_code rc = store_query_row(c, &found, err, sql, "i", id);
    if (rc != ERR_OK) {
        return rc;
    }
    if (found == NULL) {
        return err_set(err, ERR_NOT_FOUND, "id", NULL, NULL);
    }
    decision_decode(ent, found);
    *row = found;
    return ERR_OK;
}

enum err_code decision_parse_id(const char *text, int64_t *out, struct err *err)
{
    char *end = NULL;
    long long n = text ? strtoll(text, &end, 10) : 0;
    if (text == NULL || *text == '\0' || *end != '\0' || n <= 0) {
        return err_set(err, ERR_NOT_FOUND, "id", NULL, NULL);
    }
    *out = (int64_t)n;
    return ERR_OK;
}

enum err_code decision_actor_person(const struct decision_ctx *x, int64_t *person, struct err *err)
{
    bool found = false;
    *person = 0;
    if (x->who->user_id <= 0) {
        return ERR_OK;
    }
    enum err_code rc = store_query_int(x->c, person, &found, err,
                                       "SELECT COALESCE(person_id, 0) FROM users WHERE id = ?", "i",
                                       x->who->user_id);
    if (rc == ERR_OK && !found) {
        *person = 0;
    }
    return rc;
}

bool decision_can_read(const struct actor *who, const char *township)
{
    struct err scratch;
    err_init(&scratch);
    return policy_check(who, CAP_DECISION_READ, township, &scratch) == ERR_OK;
}

void decision_now_text(const struct decision_ctx *x, char out[UTC_TEXT_MAX])
{
    utc_format(x->now_ms, out);
}

enum err_code decision_check_revision(const json_t *input, const json_t *row, struct err *err)
{
    const json_t *given = json_object_get(input, "revision");
    if (given == NULL || json_is_null(given)) {
        return ERR_OK;
    }
    if (!json_is_integer(given)) {
        return err_set(err, ERR_INVALID, "revision", "“revision”须为整数",
                       "'revision' must be an integer");
    }
    if (json_integer_value(given) != json_integer_value(json_object_get(row, "revision"))) {
        return decision_refuse(err, PROCEDURE_STALE, "revision");
    }
    return ERR_OK;
}

void decision_bump_revision(json_t *row)
{
    json_object_set_new(row, "revision", json_integer(decision_int(row, "revision") + 1));
}

void decision_shanghai_date(int64_t ms, char out[11])
{
    char text[UTC_TEXT_MAX];
    utc_format_shanghai(ms, text);
    memcpy(out, text, 10);
    out[10] = '\0';
}

bool decision_date_ms(const char *date, int64_t *ms)
{
    char text[40];
    if (date == NULL || !utc_valid_date(date)) {
        return false;
    }
    snprintf(text, sizeof(text), "%.10sT00:00:00+08:00", date);
    return utc_parse(text, ms);
}

int64_t decision_int(const json_t *row, const char *key)
{
    return (int64_t)json_integer_value(json_object_get(row, key));
}

const char *decision_text(const json_t *row, const char *key)
{
    return json_string_value(json_object_get(row, key));
}

enum err_code decision_check_person(
    struct store_conn *c, const char *township, int64_t person, const char *field, struct err *err)
{
    bool found = false;
    int64_t one = 0;
    enum err_code rc = store_query_int(c, &one, &found, err,
                                       "SELECT 1 FROM people WHERE id = ? AND township_id = ?",
                                       "it", person, township);
    if (rc == ERR_OK && !found) {
        rc = err_set(err, ERR_INVALID, field, "“%s”须为本乡镇的人员",
                     "'%s' must be a person of the township", field);
    }
    return rc;
}

enum err_code decision_check_department(struct store_conn *c,
                                        const char *township,
                                        int64_t department,
                                        const char *field,
                                        struct err *err)
{
    bool found = false;
    int64_t one = 0;
    enum err_code rc =
        store_query_int(c, &one, &found, err,
                        "SELECT 1 FROM organizations WHERE id = ? AND township_id = ?"
                        " AND class IN ('bureau', 'office', 'centre')",
                        "it", department, township);
    if (rc == ERR_OK && !found) {
        rc = err_set(err, ERR_INVALID, field, "“%s”须为本乡镇的部门",
                     "'%s' must be a department of the township", field);
    }
    return rc;
}

enum err_code decision_check_township(struct store_conn *c, const char *township, struct err *err)
{
    bool found = false;
    int64_t one = 0;
    enum err_code rc = store_query_int(c, &one, &found, err, "SELECT 1 FROM townships WHERE id = ?",
                                       "t", township ? township : "");
    if (rc == ERR_OK && !found) {
        rc = err_set(err, ERR_NOT_FOUND, NULL, "乡镇不存在", "no such township");
    }
    return rc;
}

void decision_block(const struct decision_ctx *x,
                    json_t *blocked,
                    const char *action,
                    enum procedure_id id)
{
    json_array_append_new(blocked, json_pack("{ss, ss, ss}", "action", action, "rule",
                                             decision_procedure_name(id), "message",
                                             decision_procedure_message(id, x->english)));
}
