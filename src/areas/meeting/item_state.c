/*
 * Loading an agenda item with what the rule checks need (its meeting,
 * matter, rulebook version, roster, statements and ballots), the checks
 * every item command makes first, and saving the item's new row.
 * See internal.h.
 */
#include "areas/meeting/internal.h"

#include "core/alloc.h"

#include <stdio.h>
#include <string.h>

#define ITEM_ROW_SQL    "SELECT " ITEM_COLUMNS " FROM agenda_items WHERE id = ?"
#define MEETING_ROW_SQL "SELECT " MEETING_COLUMNS " FROM meetings WHERE id = ?"

enum err_code meeting_load(struct store_conn *c, int64_t id, json_t **row, struct err *err)
{
    return row_load(c, &meeting_entity, MEETING_ROW_SQL, id, row, err);
}

const struct rules_member *item_state_member(const struct item_state *st, int64_t person)
{
    int i = item_state_index(st, person);
    return i >= 0 ? &st->members[i] : NULL;
}

int item_state_index(const struct item_state *st, int64_t person)
{
    for (size_t i = 0; i < st->roster.n_members; i++) {
        if (st->person_ids[i] == person) {
            return (int)i;
        }
    }
    return -1;
}

bool item_concluded(const json_t *item)
{
    const char *status = row_text(item, "status");
    return status != NULL && (strcmp(status, "passed") == 0 || strcmp(status, "rejected") == 0 ||
                              strcmp(status, "deferred") == 0);
}

bool item_sealed(const struct item_state *st)
{
    return st->req.secret_ballot;
}

/* The stored roster's entry for person, or NULL. */
static json_t *stored_entry(const json_t *roster, int64_t person)
{
    size_t i;
    json_t *m;
    json_array_foreach(roster, i, m)
    {
        if (row_int(m, "person_id") == person) {
            return m;
        }
    }
    return NULL;
}

/*
 * An item's roster is the body's members on the meeting day (Asia/Shanghai)
 * as the record stands now, not as it stood when the item was notified: a
 * member whose membership ended before that day is off it, one who took
 * office since is on it (marked "notified": false, which attendance
 * flags). What the stored roster recorded of those still on it
 * (attendance, recusal, notice) is kept. A concluded item keeps the roster
 * its result was decided on.
 */
static enum err_code refresh_roster(struct store_conn *c, struct item_state *st, struct err *err)
{
    json_t *current = NULL;
    if (item_concluded(st->item)) {
        return ERR_OK;
    }
    enum err_code rc = roster_for_meeting(c, st->meeting, &current, err);
    if (rc != ERR_OK) {
        return rc;
    }
    const json_t *stored = json_object_get(st->item, "roster");
    static const char *const kept[] = {"present",        "absence_reason", "recused",
                                       "recusal_reason", "notified",       NULL};
    size_t i;
    json_t *m;
    json_array_foreach(current, i, m)
    {
        const json_t *was = stored_entry(stored, row_int(m, "person_id"));
        for (size_t k = 0; was != NULL && kept[k] != NULL; k++) {
            json_t *value = json_object_get(was, kept[k]);
            if (value != NULL) {
                json_object_set(m, kept[k], value);
            }
        }
        if (was == NULL) {
            json_object_set_new(m, "notified", json_false());
        }
    }
    json_object_set_new(st->item, "roster", current);
    return ERR_OK;
}

/* Builds the rules' roster from the item's roster JSON (strings borrowed
 * from st->item). */
static void build_roster(struct item_state *st)
{
    const json_t *roster = json_object_get(st->item, "roster");
    size_t n = json_array_size(roster);
    st->attended = false;
    for (size_t i = 0; i < n && i < ROSTER_MAX; i++) {
        const json_t *m = json_array_get(roster, i);
        struct rules_member *r = &st->members[i];
        st->person_ids[i] = row_int(m, "person_id");
        snprintf(st->ids[i], sizeof(st->ids[i]), "%lld", (long long)st->person_ids[i]);
        const json_t *present = json_object_get(m, "present");
        st->attended = st->attended || json_is_boolean(present);
        r->id = st->ids[i];
        r->present = json_is_true(present);
        r->absence_reason = row_text(m, "absence_reason");
        r->recused = json_is_true(json_object_get(m, "recused"));
        r->recusal_reason = row_text(m, "recusal_reason");
        r->secretary = json_is_true(json_object_get(m, "secretary"));
        r->not_notified = json_is_false(json_object_get(m, "notified"));
    }
    st->roster.members = st->members;
    st->roster.n_members = n < ROSTER_MAX ? n : ROSTER_MAX;
}

static void build_records(struct item_state *st)
{
    size_t i;
    json_t *row;
    st->n_recorded = 0;
    json_array_foreach(st->statements, i, row)
    {
        int k = item_state_index(st, row_int(row, "person_id"));
        enum rules_view view = RULES_VIEW_RESERVED;
        if (k < 0 || st->n_recorded >= ROSTER_MAX) {
            continue;
        }
        (void)rules_view_find(row_text(row, "view") ? row_text(row, "view") : "", &view);
        st->recorded[st->n_recorded++] = (struct rules_statement){st->ids[k], view};
    }
    st->n_cast = 0;
    json_array_foreach(st->ballots, i, row)
    {
        int k = item_state_index(st, row_int(row, "person_id"));
        const char *choice = row_text(row, "choice");
        enum rules_choice c = RULES_CHOICE_SECRET;
        if (k < 0 || st->n_cast >= ROSTER_MAX) {
            continue;
        }
        if (choice != NULL && strcmp(choice, "agree") == 0) {
            c = RULES_CHOICE_AGREE;
        } else if (choice != NULL && strcmp(choice, "disagree") == 0) {
            c = RULES_CHOICE_DISAGREE;
        } else if (choice != NULL && strcmp(choice, "abstain") == 0) {
            c = RULES_CHOICE_ABSTAIN;
        }
        st->cast[st->n_cast++] = (struct rules_ballot){st->ids[k], c};
    }
}

void item_state_rebuild(struct item_state *st)
{
    build_roster(st);
    build_records(st);
}

enum err_code
item_need_status(const struct item_state *st, const char *const *allowed, struct err *err)
{
    const char *status = row_text(st->item, "status");
    for (size_t i = 0; allowed[i] != NULL; i++) {
        if (strcmp(allowed[i], status) == 0) {
            return ERR_OK;
        }
    }
    if (item_concluded(st->item)) {
        return procedure_refuse(err, PROCEDURE_CONCLUDED, NULL);
    }
    if (strcmp(status, "notified") == 0) {
        return procedure_refuse(err, PROCEDURE_ATTENDANCE_FIRST, NULL);
    }
    if (strcmp(status, "voting") == 0) {
        return procedure_refuse(err, PROCEDURE_VOTE_OPEN, NULL);
    }
    return procedure_refuse(err, PROCEDURE_VOTE_NOT_OPEN, NULL);
}

/* The reasons a roster entry may carry: sealed parts of the item's record. */
static const char *const reason_keys[] = {"absence_reason", "recusal_reason", NULL};

/* Puts item's "reasons" back into its roster's entries (an item recorded
 * before the reasons were sealed has them in its roster already). */
static void reasons_into_roster(json_t *item)
{
    const json_t *reasons = json_object_get(item, "reasons");
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(item, "roster"), i, m)
    {
        char person[24];
        snprintf(person, sizeof(person), "%lld", (long long)row_int(m, "person_id"));
        const json_t *r = json_object_get(reasons, person);
        for (size_t k = 0; r != NULL && reason_keys[k] != NULL; k++) {
            json_object_set(m, reason_keys[k], json_object_get(r, reason_keys[k]));
        }
    }
}

/* A copy of item whose roster carries no reasons, which are in its
 * "reasons" instead (null when there are none), for the record. */
static json_t *reasons_out_of_roster(const json_t *item)
{
    json_t *out = json_deep_copy(item), *reasons = json_object();
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(out, "roster"), i, m)
    {
        json_t *r = json_object();
        for (size_t k = 0; reason_keys[k] != NULL; k++) {
            json_t *v = json_object_get(m, reason_keys[k]);
            if (json_is_string(v)) {
                json_object_set(r, reason_keys[k], v);
            }
            json_object_del(m, reason_keys[k]);
        }
        if (json_object_size(r) > 0) {
            char person[24];
            snprintf(person, sizeof(person), "%lld", (long long)row_int(m, "person_id"));
            json_object_set(reasons, person, r);
        }
        json_decref(r);
    }
    json_object_set_new(out, "reasons", json_object_size(reasons) > 0 ? reasons : json_null());
    if (json_object_size(reasons) == 0) {
        json_decref(reasons);
    }
    return out;
}

enum err_code
item_state_load(const struct ctx *x, int64_t id, struct item_state *st, struct err *err)
{
    memset(st, 0, sizeof(*st));
    st->rb = xmalloc(sizeof(*st->rb));
    struct verdict v;
    enum err_code rc = row_load(x->c, &agenda_item_entity, ITEM_ROW_SQL, id, &st->item, err);
    if (rc == ERR_OK) {
        reasons_into_roster(st->item);
        rc = meeting_load(x->c, row_int(st->item, "meeting_id"), &st->meeting, err);
    }
    if (rc == ERR_OK) {
        rc = row_load(x->c, &matter_entity, "SELECT " MATTER_COLUMNS " FROM matters WHERE id = ?",
                      row_int(st->item, "matter_id"), &st->matter, err);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(x->c, &st->statements, err,
                              "SELECT " STATEMENT_COLUMNS " FROM statements"
                              " WHERE agenda_item_id = ? ORDER BY position",
                              "i", id);
    }
    if (rc == ERR_OK) {
        size_t i;
        json_t *row;
        json_array_foreach(st->statements, i, row)
        {
            row_decode(&statement_entity, row);
        }
        rc = store_query_json(x->c, &st->ballots, err,
                              "SELECT " BALLOT_COLUMNS " FROM ballots"
                              " WHERE agenda_item_id = ? ORDER BY id",
                              "i", id);
    }
    if (rc == ERR_OK) {
        rc = rulebooks_load(x, json_object_get(st->item, "rulebook"), st->rb, err);
    }
    if (rc == ERR_OK) {
        rc = refresh_roster(x->c, st, err);
    }
    if (rc != ERR_OK) {
        item_state_clear(st);
        return rc;
    }
    st->category = row_text(st->matter, "category");
    st->amount_fen = row_int(st->matter, "amount_fen");
    if (rules_catalogue(st->rb, st->category, st->amount_fen, &st->req, &v) != VERDICT_OK) {
        item_state_clear(st);
        return err_set(err, ERR_INTEGRITY, "category", "议题类别不在其议事规则版本的目录中",
                       "the item's category is not in its rulebook version's catalogue");
    }
    build_roster(st);
    build_records(st);
    return ERR_OK;
}

void item_state_clear(struct item_state *st)
{
    json_decref(st->item);
    json_decref(st->meeting);
    json_decref(st->matter);
    json_decref(st->statements);
    json_decref(st->ballots);
    xfree(st->rb);
    memset(st, 0, sizeof(*st));
}

enum err_code item_begin(const struct ctx *x,
                         const struct args *a,
                         const char *const *statuses,
                         struct item_state *st,
                         struct err *err)
{
    enum err_code rc = item_state_load(x, a->id, st, err);
    if (rc != ERR_OK) {
        return rc;
    }
    rc = meeting_need_stage(st->meeting, MEETING_OPEN, err);
    if (rc == ERR_OK) {
        rc = row_check_revision(a->input, st->item, err);
    }
    if (rc == ERR_OK && statuses != NULL) {
        rc = item_need_status(st, statuses, err);
    }
    if (rc != ERR_OK) {
        item_state_clear(st);
    }
    return rc;
}

enum err_code item_answer(
    const struct ctx *x, int64_t id, const struct event_ref *ref, json_t **result, struct err *err)
{
    struct item_state st;
    json_t *item = NULL;
    enum err_code rc = item_state_load(x, id, &st, err);
    if (rc == ERR_OK) {
        rc = item_json(x, &st, &item, err);
        item_state_clear(&st);
    }
    if (rc == ERR_OK) {
        *result = command_answer(item, ref);
    }
    return rc;
}

enum err_code
item_save(const struct ctx *x, int64_t id, json_t *row, json_t **result, struct err *err)
{
    /* The reasons are a sealed part of the record (docs/rules.md). */
    static const char *const sealed[] = {"reasons", NULL};
    struct event_ref ref;
    row_bump_revision(row);
    json_t *record = reasons_out_of_roster(row);
    enum err_code rc = entity_update_sealed(
        x->c, x->who, &agenda_item_entity, row_text(row, "township_id"), record, sealed, &ref, err);
    json_decref(record);
    return rc == ERR_OK ? item_answer(x, id, &ref, result, err) : rc;
}

/* The clerk (and the admin) record on a member's behalf; a member
 * records only for themselves. */
static bool records_for_others(const struct actor *who)
{
    return who->role == ROLE_CLERK || who->role == ROLE_ADMIN;
}

enum err_code member_check_own(const struct ctx *x, int64_t person, struct err *err)
{
    int64_t own = 0;
    enum err_code rc = ERR_OK;
    if (!records_for_others(x->who)) {
        rc = org_actor_person(x->c, x->who, &own, err);
    }
    if (rc != ERR_OK || records_for_others(x->who)) {
        return rc;
    }
    return own == 0        ? procedure_refuse(err, PROCEDURE_NO_PERSON, NULL)
           : own != person ? procedure_refuse(err, PROCEDURE_OWN_PERSON, NULL)
                           : ERR_OK;
}

/* The person a member's command is about (member_begin). */
static enum err_code
decision_subject(const struct ctx *x, const struct args *a, int64_t *person, struct err *err)
{
    int64_t own = 0, named = args_int(a, "person_id");
    enum err_code rc = org_actor_person(x->c, x->who, &own, err);
    if (rc != ERR_OK) {
        return rc;
    }
    bool recorder = records_for_others(x->who);
    if (recorder && named != 0) {
        *person = named;
        return ERR_OK;
    }
    if (own == 0) {
        return recorder ? err_set(err, ERR_INVALID, "person_id", "须指明成员（person_id）",
                                  "name the member (person_id)")
                        : procedure_refuse(err, PROCEDURE_NO_PERSON, NULL);
    }
    if (named != 0 && named != own) {
        return procedure_refuse(err, PROCEDURE_OWN_PERSON, "person_id");
    }
    *person = own;
    return ERR_OK;
}

enum err_code member_begin(const struct ctx *x,
                           const struct args *a,
                           const char *const *statuses,
                           struct item_state *st,
                           int64_t *person,
                           char member[24],
                           struct err *err)
{
    enum err_code rc = item_begin(x, a, statuses, st, err);
    if (rc != ERR_OK) {
        return rc;
    }
    rc = decision_subject(x, a, person, err);
    if (rc != ERR_OK) {
        item_state_clear(st);
        return rc;
    }
    snprintf(member, 24, "%lld", (long long)*person);
    return ERR_OK;
}

enum err_code
roster_for_meeting(struct store_conn *c, const json_t *meeting, json_t **roster, struct err *err)
{
    char day[11];
    json_t *rows = NULL;
    utc_shanghai_date(row_int(meeting, "starts_ms"), day);
    int64_t joint = strcmp(row_text(meeting, "kind"), "joint") == 0 ? 1 : 0;
    enum err_code rc = store_query_json(
        c, &rows, err,
        "SELECT p.id AS person_id, p.name, p.name_en, po.role AS post_role"
        " FROM memberships m JOIN posts po ON po.id = m.post_id"
        " JOIN organizations o ON o.id = po.organization_id JOIN people p ON p.id = m.person_id"
        " WHERE o.township_id = ? AND (o.class = 'committee' OR (? = 1 AND o.class = 'government'))"
        " AND po.role IN ('secretary', 'deputy_secretary', 'discipline_secretary', 'member',"
        " 'mayor', 'deputy_mayor') AND m.start_date <= ? AND (m.end_date IS NULL OR ? < m.end_date)"
        " ORDER BY CASE po.role WHEN 'secretary' THEN 0 WHEN 'deputy_secretary' THEN 1"
        " WHEN 'mayor' THEN 2 WHEN 'discipline_secretary' THEN 3 WHEN 'deputy_mayor' THEN 4"
        " ELSE 5 END, p.id",
        "titt", row_text(meeting, "township_id"), joint, day, day);
    if (rc != ERR_OK) {
        return rc;
    }
    json_t *out = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        bool seen = false;
        for (size_t k = 0; k < json_array_size(out) && !seen; k++) {
            seen = row_int(json_array_get(out, k), "person_id") == row_int(row, "person_id");
        }
        if (seen || json_array_size(out) >= ROSTER_MAX) {
            continue;
        }
        const char *role = row_text(row, "post_role");
        json_object_set_new(row, "secretary", json_boolean(strcmp(role, "secretary") == 0));
        json_array_append(out, row);
    }
    json_decref(rows);
    *roster = out;
    return ERR_OK;
}

void item_block_verdict(const struct ctx *x,
                        json_t *blocked,
                        const char *action,
                        const struct verdict *v,
                        int64_t person)
{
    json_t *entry = verdict_block(x->english, blocked, action, v);
    if (person != 0) {
        json_object_set_new(entry, "person_id", json_integer(person));
    }
}
