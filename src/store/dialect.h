/*
 * The few places where PostgreSQL's SQL differs from SQLite's, for the
 * migrations and the placeholders of every statement (docs/store.md,
 * "Two dialects"). Domain statements that differ pick their spelling with
 * store_sql (store.h).
 */
#ifndef PROBITY_STORE_DIALECT_H
#define PROBITY_STORE_DIALECT_H

#include "core/err.h"

#include <stddef.h>

/*
 * A migration written for SQLite, in PostgreSQL's words: INTEGER is
 * BIGINT (an INTEGER PRIMARY KEY an identity column, as SQLite numbers
 * rows it is given none for), BLOB is BYTEA, and a trigger whose body is
 * only SELECT RAISE(ABORT, 'why') calls the function probity_refuse
 * (DIALECT_PREAMBLE) with its reason. Quoted text and comments are kept
 * as they are. ERR_INVALID for a trigger of any other body: such a
 * migration needs its own PostgreSQL spelling (migrations/pg/). Free *out.
 */
MUST_CHECK enum err_code dialect_migration(const char *sqlite_sql, char **out, struct err *err);

/* Run on PostgreSQL before the migrations: the trigger function that
 * refuses a change with its reason, as a constraint violation. */
extern const char DIALECT_PREAMBLE[];

/* Rewrites '?' placeholders (outside quoted text and comments) to $1, $2,
 * …, PostgreSQL's; *n_params is their count. Free the result. */
char *dialect_placeholders(const char *sql, int *n_params);

#endif
