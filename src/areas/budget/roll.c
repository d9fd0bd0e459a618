/*
 * The roll of a congress vote: who was entitled and present at the
 * session, from the deputies of the township congress on record that day
 * (memberships of its chair, vice-chair and deputy posts) less those
 * recorded absent; the figures given by hand only as a flagged exception
 * with a justification. Then the vote's date, consistency and quorum. See
 * internal.h.
 */
#include "areas/budget/internal.h"
#include "rules/dates.h"

#include <string.h>

/* The deputies of township's congress in office on day (Asia/Shanghai),
 * [{"person_id","name","name_en"}] by person. */
static enum err_code deputies_on(
    struct store_conn *c, const char *township, const char *day, json_t **out, struct err *err)
{
    return store_query_json(
        c, out, err,
        "SELECT DISTINCT p.id AS person_id, p.name, p.name_en FROM memberships m"
        " JOIN posts po ON po.id = m.post_id JOIN organizations o ON o.id = po.organization_id"
        " JOIN people p ON p.id = m.person_id WHERE o.township_id = ? AND o.class = 'congress'"
        " AND po.role IN ('chair', 'vice_chair', 'member') AND m.start_date <= ?"
        " AND (m.end_date IS NULL OR ? < m.end_date) ORDER BY p.id",
        "ttt", township, day, day);
}

/* The entry of deputies for person, or NULL. */
static const json_t *deputy(const json_t *deputies, int64_t person)
{
    size_t i;
    const json_t *d;
    json_array_foreach(deputies, i, d)
    {
        if (row_int(d, "person_id") == person) {
            return d;
        }
    }
    return NULL;
}

/*
 * Fills roll and *absent (a new array of the deputies recorded absent)
 * from in's "absent" against deputies; *name (a new string, or NULL) is
 * one recorded absent who is not a deputy that day.
 */
static enum err_code read_absent(struct store_conn *c,
                                 const json_t *in,
                                 const json_t *deputies,
                                 struct rules_congress_roll *roll,
                                 json_t **absent,
                                 json_t **name,
                                 struct err *err)
{
    enum err_code rc = ERR_OK;
    size_t i;
    const json_t *id;
    *absent = json_array();
    *name = NULL;
    json_array_foreach(json_object_get(in, "absent"), i, id)
    {
        int64_t person = (int64_t)json_integer_value(id);
        const json_t *d = deputy(deputies, person);
        if (d == NULL) {
            json_t *row = NULL;
            rc = store_query_row(c, &row, err, "SELECT name FROM people WHERE id = ?", "i", person);
            if (rc == ERR_OK && row == NULL) {
                rc = err_set(err, ERR_INVALID, "absent", "缺席代表中有人不在人员名册中",
                             "someone recorded absent is not on record");
            }
            if (rc == ERR_OK) {
                *name = json_incref(json_object_get(row, "name"));
            }
            json_decref(row);
            break;
        }
        bool twice = false;
        size_t k;
        const json_t *seen;
        json_array_foreach(*absent, k, seen)
        {
            twice = twice || row_int(seen, "person_id") == person;
        }
        if (!twice) {
            json_array_append(*absent, (json_t *)d);
        }
    }
    roll->absent = (int64_t)json_array_size(*absent);
    roll->not_deputy = *name ? json_string_value(*name) : NULL;
    return rc;
}

/* A count of the vote, or fallback when it is not given. */
static int64_t count(const json_t *in, const char *key, int64_t fallback)
{
    const json_t *v = json_object_get(in, key);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : fallback;
}

enum err_code congress_vote_read(const struct ctx *x,
                                 const struct rulebook *rb,
                                 const char *township,
                                 const json_t *in,
                                 const char *justification,
                                 struct rules_congress_vote *cv,
                                 struct rules_result *res,
                                 json_t **vote,
                                 struct err *err)
{
    json_t *deputies = NULL, *absent = NULL, *name = NULL;
    const char *voted_on = json_string_value(json_object_get(in, "voted_on"));
    struct rules_congress_roll roll = {0};
    struct verdict v, counted;
    char today[11];
    utc_shanghai_date(x->now_ms, today);
    *vote = NULL;
    enum err_code rc =
        verdict_settle(rules_check_vote_date(rb, voted_on, today, &v), &v, NULL, err);
    if (rc == ERR_OK) {
        rc = deputies_on(x->c, township, voted_on, &deputies, err);
    }
    if (rc == ERR_OK) {
        roll.on_record = (int64_t)json_array_size(deputies);
        roll.by_hand = json_is_integer(json_object_get(in, "entitled")) ||
                       json_is_integer(json_object_get(in, "present"));
        rc = read_absent(x->c, in, deputies, &roll, &absent, &name, err);
    }
    if (rc == ERR_OK) {
        rc = verdict_settle(rules_check_congress_roll(rb, &roll, &counted), &counted, justification,
                            err);
    }
    if (rc == ERR_OK) {
        memset(cv, 0, sizeof(*cv));
        cv->entitled = count(in, "entitled", roll.on_record);
        cv->present = count(in, "present", cv->entitled - roll.absent);
        cv->votes_for = count(in, "votes_for", 0);
        cv->votes_against = count(in, "votes_against", 0);
        cv->abstentions = count(in, "abstentions", 0);
        rc = verdict_settle(rules_check_congress_vote(rb, cv, res, &v), &v, NULL, err);
    }
    if (rc == ERR_OK) {
        bool flagged = counted.kind == VERDICT_FLAG;
        *vote = json_pack("{ss, ss, sI, sI, sI, sI, sI, ss, sO, so, so}", "session",
                          json_string_value(json_object_get(in, "session")), "voted_on", voted_on,
                          "entitled", (json_int_t)cv->entitled, "present", (json_int_t)cv->present,
                          "votes_for", (json_int_t)cv->votes_for, "votes_against",
                          (json_int_t)cv->votes_against, "abstentions", (json_int_t)cv->abstentions,
                          "roll", roll.by_hand ? "by_hand" : "record", "absent", absent,
                          "roll_verdict", flagged ? rules_verdict_json(&counted) : json_null(),
                          "justification", flagged ? json_string(justification) : json_null());
    }
    json_decref(deputies);
    json_decref(absent);
    json_decref(name);
    return rc;
}
