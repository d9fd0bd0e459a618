/*
 * What a deliberation's record publishes, and when (docs/rules.md, "What
 * the log shows, and when"): as a meeting's minutes are finalised, the
 * sealed parts of its records that the rulebook publishes then (members'
 * statements, how each voted, absence and recusal reasons; never a
 * personnel deliberation's), and the matters it concluded with their
 * materials' names (never a personnel matter's materials); as a matter is
 * decided alone, the matter and its materials' names. Each by one publication record
 * (record/sealed.h). See internal.h.
 */
#include "areas/meeting/internal.h"
#include "record/sealed.h"

#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>

/* The log indexes of sealed parts of one kind of an item's records (or
 * of its matter), appended to seqs in their order. */
static enum err_code
add_parts(struct store_conn *c, const char *sql, int64_t id, json_t *seqs, struct err *err)
{
    json_t *rows = NULL;
    enum err_code rc = store_query_json(c, &rows, err, sql, "i", id);
    size_t i;
    json_t *r;
    json_array_foreach(rc == ERR_OK ? rows : NULL, i, r)
    {
        json_array_append(seqs, json_object_get(r, "seq"));
    }
    json_decref(rows);
    return rc;
}

#define SEALED_OF(entity, ids)                                                                     \
    "SELECT re.seq FROM record_events re JOIN sealed_parts sp ON sp.seq = re.seq"                  \
    " WHERE re.entity = '" entity "' AND re.id IN (" ids ") ORDER BY re.seq"
#define STATEMENT_PARTS                                                                            \
    SEALED_OF("statement", "SELECT CAST(id AS TEXT) FROM statements WHERE agenda_item_id = ?")
#define BALLOT_PARTS                                                                               \
    SEALED_OF("ballot", "SELECT CAST(id AS TEXT) FROM ballots WHERE agenda_item_id = ?")
#define ITEM_PARTS   SEALED_OF("agenda_item", "SELECT CAST(? AS TEXT)")
#define MATTER_PARTS SEALED_OF("matter", "SELECT CAST(? AS TEXT)")
/* A matter's materials are public with it, but a personnel matter's. */
#define MATERIAL_PARTS                                                                             \
    SEALED_OF("material",                                                                          \
              "SELECT CAST(id AS TEXT) FROM materials WHERE matter_id = ? AND personnel = 0")

/* What item (an agenda_items row) publishes with the minutes, into seqs. */
static enum err_code
item_parts(const struct ctx *x, const json_t *item, json_t *seqs, struct err *err)
{
    struct rulebook *rb = xmalloc(sizeof(*rb));
    int64_t id = row_int(item, "id");
    const char *status = row_text(item, "status");
    bool secret =
        json_is_true(json_object_get(json_object_get(item, "requirements"), "secret_ballot"));
    enum err_code rc = rulebooks_load(x, json_object_get(item, "rulebook"), rb, err);
    if (rc == ERR_OK && !secret && rb->sealing.statements == RULE_SEAL_UNTIL_MINUTES) {
        rc = add_parts(x->c, STATEMENT_PARTS, id, seqs, err);
    }
    if (rc == ERR_OK && rb->sealing.ballots == RULE_SEAL_UNTIL_MINUTES) {
        rc = add_parts(x->c, BALLOT_PARTS, id, seqs, err);
    }
    if (rc == ERR_OK && rb->sealing.reasons == RULE_SEAL_UNTIL_MINUTES) {
        rc = add_parts(x->c, ITEM_PARTS, id, seqs, err);
    }
    /* A matter the meeting concluded is public with its minutes. */
    if (rc == ERR_OK && (strcmp(status, "passed") == 0 || strcmp(status, "rejected") == 0)) {
        rc = add_parts(x->c, MATTER_PARTS, row_int(item, "matter_id"), seqs, err);
        if (rc == ERR_OK) {
            rc = add_parts(x->c, MATERIAL_PARTS, row_int(item, "matter_id"), seqs, err);
        }
    }
    xfree(rb);
    return rc;
}

/* Orders log indexes ascending. */
static int by_seq(const void *a, const void *b)
{
    json_int_t x = json_integer_value(*(json_t *const *)a);
    json_int_t y = json_integer_value(*(json_t *const *)b);
    return (x > y) - (x < y);
}

enum err_code minutes_publish(const struct ctx *x, const json_t *meeting, struct err *err)
{
    json_t *items = NULL, *seqs = json_array();
    char now[UTC_TEXT_MAX];
    enum err_code rc = store_query_json(x->c, &items, err,
                                        "SELECT id, matter_id, status, rulebook, requirements"
                                        " FROM agenda_items WHERE meeting_id = ? ORDER BY id",
                                        "i", row_int(meeting, "id"));
    size_t i;
    json_t *item;
    json_array_foreach(rc == ERR_OK ? items : NULL, i, item)
    {
        row_decode(&agenda_item_entity, item);
        rc = item_parts(x, item, seqs, err);
        if (rc != ERR_OK) {
            break;
        }
    }
    if (rc == ERR_OK) {
        size_t n = json_array_size(seqs);
        json_t **sorted = xcalloc(n ? n : 1, sizeof(*sorted));
        for (size_t k = 0; k < n; k++) {
            sorted[k] = json_array_get(seqs, k);
        }
        qsort(sorted, n, sizeof(*sorted), by_seq);
        json_t *ordered = json_array();
        for (size_t k = 0; k < n; k++) {
            json_array_append(ordered, sorted[k]);
        }
        xfree(sorted);
        ctx_now_text(x, now);
        rc = sealed_publish(x->c, x->who, row_text(meeting, "township_id"), "meeting",
                            row_int(meeting, "id"), now, ordered, err);
        json_decref(ordered);
    }
    json_decref(items);
    json_decref(seqs);
    return rc;
}

enum err_code matter_publish(const struct ctx *x, const json_t *matter, struct err *err)
{
    json_t *seqs = json_array();
    char now[UTC_TEXT_MAX];
    enum err_code rc = add_parts(x->c, MATTER_PARTS, row_int(matter, "id"), seqs, err);
    if (rc == ERR_OK) {
        rc = add_parts(x->c, MATERIAL_PARTS, row_int(matter, "id"), seqs, err);
    }
    if (rc == ERR_OK) {
        ctx_now_text(x, now);
        rc = sealed_publish(x->c, x->who, row_text(matter, "township_id"), "matter",
                            row_int(matter, "id"), now, seqs, err);
    }
    json_decref(seqs);
    return rc;
}
