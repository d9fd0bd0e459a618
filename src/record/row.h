/*
 * Rows of the query tables as commands and reads handle them: loading one
 * with its JSON columns decoded, typed members, the optimistic-concurrency
 * revision, and the log index of a row's latest record.
 */
#ifndef PROBITY_ROW_H
#define PROBITY_ROW_H

#include "record/entity.h"

/* The log index of the latest event of the row of entity whose id is the
 * SQL expression id_sql (table record_events), as an SQL expression. */
#define LAST_SEQ_SQL(entity, id_sql)                                                               \
    "(SELECT MAX(r.seq) FROM record_events r WHERE r.entity = '" entity "'"                        \
    " AND r.id = CAST(" id_sql " AS TEXT))"

/*
 * Loads the row of ent selected by sql (one integer parameter, id) into a
 * new object, turning its 'j' columns from canonical text back into JSON
 * values, so that the row can be sent whole in an ".updated" event.
 * ERR_NOT_FOUND (field "id") when there is none.
 */
MUST_CHECK enum err_code row_load(struct store_conn *c,
                                  const struct entity *ent,
                                  const char *sql,
                                  int64_t id,
                                  json_t **row,
                                  struct err *err);
/* Turns ent's 'j' columns of row (text) into JSON values, in place. */
void row_decode(const struct entity *ent, json_t *row);

/* Integer and text members of a row (0 and NULL when absent or null). */
int64_t row_int(const json_t *row, const char *key);
const char *row_text(const json_t *row, const char *key);

/*
 * Optimistic concurrency: when input has "revision" (an integer), it must
 * equal the row's; otherwise ERR_CONFLICT with field "revision" and rule
 * procedure.stale. Absent: no check.
 */
MUST_CHECK enum err_code
row_check_revision(const json_t *input, const json_t *row, struct err *err);
/* Sets row's "revision" to one more than before. */
void row_bump_revision(json_t *row);

#endif
