/*
 * The next permitted steps of an agenda item and why the others are not
 * permitted yet, for the meeting-room screen: "next" lists
 * {"action","path","persons"?,"flag"?,"tally_required"?} and "blocked"
 * lists {"action","rule","message","person_id"?}. The reasons come from
 * the same rule checks the commands run (src/rules/), or from the
 * procedure table (decision.h). See docs/decisions.md.
 */
#include "areas/meeting/internal.h"

#include <stdio.h>
#include <string.h>

/* Appends a next step for the item's path "/api/v1/items/<id>/<tail>". */
static json_t *
add_next(json_t *next, const struct item_state *st, const char *action, const char *tail)
{
    char path[80];
    snprintf(path, sizeof(path), "/api/v1/items/%lld/%s", (long long)row_int(st->item, "id"), tail);
    json_t *entry = json_pack("{ss, ss}", "action", action, "path", path);
    json_array_append_new(next, entry);
    return entry;
}

/* A flagged check as a next step that needs a justification. */
static void add_flag(const struct ctx *x, json_t *entry, const struct verdict *v)
{
    (void)x;
    json_object_set_new(entry, "flag", rules_verdict_json(v));
}

static bool has_statement(const struct item_state *st, const char *member)
{
    for (size_t i = 0; i < st->n_recorded; i++) {
        if (strcmp(st->recorded[i].member, member) == 0) {
            return true;
        }
    }
    return false;
}

static bool has_ballot(const struct item_state *st, const char *member)
{
    for (size_t i = 0; i < st->n_cast; i++) {
        if (strcmp(st->cast[i].member, member) == 0) {
            return true;
        }
    }
    return false;
}

/* The statements still to be made: who may speak now, who may not yet. */
static void
statements(const struct ctx *x, const struct item_state *st, json_t *next, json_t *blocked)
{
    json_t *persons = json_array();
    json_t *flags = NULL;
    for (size_t i = 0; i < st->roster.n_members; i++) {
        const struct rules_member *m = &st->members[i];
        struct verdict v;
        if (!m->present || m->recused || has_statement(st, m->id)) {
            continue;
        }
        switch (rules_check_statement(st->rb, st->category, &st->roster, st->recorded,
                                      st->n_recorded, m->id, &v)) {
        case VERDICT_OK:
            json_array_append_new(persons, json_integer(st->person_ids[i]));
            break;
        case VERDICT_FLAG:
            json_array_append_new(persons, json_integer(st->person_ids[i]));
            flags = flags ? flags : rules_verdict_json(&v);
            break;
        case VERDICT_REFUSE:
            item_block_verdict(x, blocked, "statement", &v, st->person_ids[i]);
            break;
        }
    }
    if (json_array_size(persons) > 0) {
        json_t *entry = add_next(next, st, "statement", "statements");
        json_object_set_new(entry, "persons", persons);
        if (flags != NULL) {
            json_object_set_new(entry, "flag", flags);
        }
    } else {
        json_decref(persons);
        json_decref(flags);
    }
}

/* The decision step (open the vote, or the result on the statements)
 * once every view is on record, or flagged, or refused. */
static void decision_step(const struct ctx *x,
                          const struct item_state *st,
                          const char *action,
                          const char *tail,
                          json_t *next,
                          json_t *blocked)
{
    struct verdict v;
    switch (
        rules_check_statements_complete(st->rb, &st->roster, st->recorded, st->n_recorded, &v)) {
    case VERDICT_OK:
        add_next(next, st, action, tail);
        break;
    case VERDICT_FLAG:
        add_flag(x, add_next(next, st, action, tail), &v);
        break;
    case VERDICT_REFUSE:
        item_block_verdict(x, blocked, action, &v, 0);
        break;
    }
}

static void ballots(const struct item_state *st, json_t *next)
{
    json_t *persons = json_array();
    for (size_t i = 0; i < st->roster.n_members; i++) {
        const struct rules_member *m = &st->members[i];
        if (m->present && !m->recused && !has_ballot(st, m->id)) {
            json_array_append_new(persons, json_integer(st->person_ids[i]));
        }
    }
    if (json_array_size(persons) > 0) {
        json_object_set_new(add_next(next, st, "ballot", "ballots"), "persons", persons);
    } else {
        json_decref(persons);
    }
}

void item_next(const struct ctx *x, const struct item_state *st, json_t *next, json_t *blocked)
{
    const char *status = row_text(st->item, "status");
    bool ballot = st->req.ballot;
    if (row_text(st->meeting, "cancelled_at") != NULL) {
        procedure_block(x->english, blocked, "*", PROCEDURE_MEETING_CANCELLED);
        return;
    }
    if (row_text(st->meeting, "finalised_at") != NULL ||
        row_text(st->meeting, "countersigned_at") != NULL) {
        if (strcmp(status, "passed") == 0) {
            add_next(next, st, "task", "tasks");
        }
        procedure_block(x->english, blocked, "*",
                        row_text(st->meeting, "finalised_at") != NULL ? PROCEDURE_FINALISED
                                                                      : PROCEDURE_COUNTERSIGNED);
        return;
    }
    if (item_concluded(st->item)) {
        if (strcmp(status, "passed") == 0) {
            add_next(next, st, "task", "tasks");
        }
        procedure_block(x->english, blocked, "*", PROCEDURE_CONCLUDED);
        return;
    }
    add_next(next, st, "defer", "defer");
    if (x->now_ms < row_int(st->meeting, "starts_ms")) {
        procedure_block(x->english, blocked, "attendance", PROCEDURE_NOT_STARTED);
        return;
    }
    if (strcmp(status, "notified") == 0) {
        add_next(next, st, "attendance", "attendance");
        procedure_block(x->english, blocked, "statement", PROCEDURE_ATTENDANCE_FIRST);
        procedure_block(x->english, blocked, ballot ? "open_vote" : "result",
                        PROCEDURE_ATTENDANCE_FIRST);
        return;
    }
    if (strcmp(status, "in_session") == 0) {
        if (st->n_recorded == 0) {
            add_next(next, st, "attendance", "attendance");
        } else {
            procedure_block(x->english, blocked, "attendance", PROCEDURE_ATTENDANCE_LOCKED);
        }
        statements(x, st, next, blocked);
        if (ballot) {
            decision_step(x, st, "open_vote", "vote", next, blocked);
            procedure_block(x->english, blocked, "ballot", PROCEDURE_VOTE_NOT_OPEN);
        } else {
            decision_step(x, st, "result", "result", next, blocked);
        }
        return;
    }
    /* voting */
    procedure_block(x->english, blocked, "statement", PROCEDURE_VOTE_OPEN);
    ballots(st, next);
    json_t *entry = add_next(next, st, "result", "result");
    json_object_set_new(entry, "tally_required", json_boolean(st->req.secret_ballot));
}
