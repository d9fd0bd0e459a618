/*
 * The storage interface: a pool of connections to one database, write and
 * read transactions, and prepared statements with bound values. Domain code
 * uses only this header and portable SQL with '?' placeholders; the
 * database is SQLite (a file, sqlite.c) or PostgreSQL (a postgresql:// URI,
 * pg.c), behind the same calls (backend.h). See docs/store.md.
 *
 * THREAD SAFETY: a struct store may be shared by threads; a connection
 * belongs to the one thread that acquired it until it is released.
 */
#ifndef PROBITY_STORE_H
#define PROBITY_STORE_H

#include "core/err.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;      /* a database and its pool of connections */
struct store_conn; /* one connection, used by one thread at a time */
struct store_stmt; /* a prepared statement cached on its connection */

/* The SQL a database speaks, where the two differ (store_sql). */
enum store_dialect {
    STORE_SQLITE,
    STORE_POSTGRES,
};

enum store_open_mode {
    STORE_OPEN_EXISTING,  /* the database must exist */
    STORE_OPEN_CREATE,    /* the database must not exist yet; it is created */
    STORE_OPEN_READ_ONLY, /* the database must exist and is only read (never
                             migrated: an older schema is ERR_UNAVAILABLE); on
                             a read-only folder it is read as immutable */
};

/*
 * Opens the database db with n_conns connections (at least 1) and brings
 * its schema up to date (see migrate.c). db is a SQLite file's path (WAL
 * mode, synchronous=FULL: a commit is durable when it returns; foreign
 * keys on; a busy timeout) or a PostgreSQL connection URI
 * (postgresql://…, store_is_postgres). folder is the data folder, where
 * the file store is (files.h); NULL for the folder of a SQLite file.
 * ERR_NOT_FOUND when it must exist and does not; ERR_EXISTS when it must
 * not and does; ERR_UNAVAILABLE when the server cannot be reached;
 * ERR_STORE otherwise. Free *out with store_close.
 */
MUST_CHECK enum err_code store_open(const char *db,
                                    const char *folder,
                                    enum store_open_mode mode,
                                    int n_conns,
                                    struct store **out,
                                    struct err *err);
/* True when db names a PostgreSQL database (a postgresql:// or
 * postgres:// URI) rather than a SQLite file. */
bool store_is_postgres(const char *db);
/* Closes every connection (all must be released). NULL is a no-op. */
void store_close(struct store *st);
/* The data folder: its file store is there (files.h). */
const char *store_folder(const struct store *st);
/* The SQL the store's database speaks. */
enum store_dialect store_dialect_of(const struct store *st);
/* A number that changes whenever a transaction commits to st's database,
 * from this process or any other, read at once without a transaction
 * (SQLite's PRAGMA data_version, on a connection kept for it); false when
 * the backend cannot tell so cheaply (PostgreSQL). */
bool store_data_version(struct store *st, int64_t *out);
/* Picks the statement for c's database: sqlite_sql or postgres_sql, for
 * the few statements the two spell differently (docs/store.md). */
const char *store_sql(struct store_conn *c, const char *sqlite_sql, const char *postgres_sql);
/* Takes a free connection, waiting for one if all are in use. */
struct store_conn *store_acquire(struct store *st);

/* Gives the connection back; any open transaction is rolled back. */
void store_release(struct store_conn *c);

/*
 * Transactions nest through a counter; only the outermost begin and commit
 * reach the database. store_write is the one way to write: it takes the
 * write lock at once, so writers queue instead of failing later.
 * store_read is the one way to read several statements from one consistent
 * snapshot. store_commit returns only when the commit is durable.
 * store_rollback undoes the outermost transaction (nested rollbacks mark
 * it failed).
 */
/* A write's body: runs inside the transaction store_write opened. */
typedef enum err_code (*store_write_fn)(struct store_conn *c, void *arg, struct err *err);
/* Runs fn(c, arg) in one write transaction: commits when it returns
 * ERR_OK (store_write returns only once the commit is durable), rolls
 * back otherwise. The way to write; the command runner (record/command.h)
 * is built on it. Nested in another transaction of c, a failure makes the
 * outer commit fail. */
MUST_CHECK enum err_code
store_write(struct store_conn *c, store_write_fn fn, void *arg, struct err *err);
/* A read's body: runs inside the transaction store_read opened. */
typedef enum err_code (*store_read_fn)(struct store_conn *c, void *arg, struct err *err);
/* Runs fn(c, arg) in one read transaction (one snapshot) and ends it;
 * returns what fn returned, or the error of beginning or ending the
 * read. A read has nothing to undo: a failed read nested in another
 * transaction of c leaves that transaction as it was. */
MUST_CHECK enum err_code
store_read(struct store_conn *c, store_read_fn fn, void *arg, struct err *err);
/*
 * Runs fn inside a savepoint of c's open write transaction: when fn fails,
 * or a transaction nested in it rolls back, what it wrote is undone and
 * the transaction goes on as it was before fn (ERR_STORE when fn itself
 * answered ERR_OK); else what it wrote stays, to commit with the rest.
 * For one transaction that carries several independent writes.
 */
MUST_CHECK enum err_code
store_savepoint(struct store_conn *c, store_write_fn fn, void *arg, struct err *err);

/*
 * Read scaling (PostgreSQL): reads may go to a hot standby. Attaches the
 * standby at db (a postgresql:// URI) with n_conns connections, opened
 * read-only; from then on the store's own commits wait until a
 * synchronous standby has applied them (synchronous_commit =
 * remote_apply). ERR_INVALID on SQLite; as store_open otherwise.
 */
MUST_CHECK enum err_code
store_add_replica(struct store *st, const char *db, int n_conns, struct err *err);
/*
 * Takes a connection for a read: the replica's when there is one and it
 * has replayed every write this store committed (so a writer reads its
 * own writes), else the primary's. A replica that cannot be reached is
 * left alone for a few seconds, its reads going to the primary. The
 * connection is released with store_release as any other.
 */
struct store_conn *store_acquire_read(struct store *st);
/* True when c is a replica's connection (store_acquire_read). */
bool store_is_replica(struct store_conn *c);
/* Runs fn(c, arg) in one read transaction on a connection of
 * store_acquire_read's; when the replica fails it as unavailable, runs it
 * again on the primary (a read changes nothing). fn must start afresh
 * each time it is called. */
MUST_CHECK enum err_code
store_read_routed(struct store *st, store_read_fn fn, void *arg, struct err *err);
MUST_CHECK enum err_code store_commit(struct store_conn *c, struct err *err);
void store_rollback(struct store_conn *c);

/*
 * Hooks run at the outermost commit of every write transaction, on every
 * connection of the store: before_commit inside the transaction (a failure
 * rolls the transaction back and is returned by store_commit), and
 * after_commit once the commit is durable. Set them once, before the
 * connections are used by other threads. The store takes ctx and calls
 * ctx_free(ctx) (when not NULL) on store_close or the next store_set_hooks.
 */
typedef enum err_code (*store_hook_fn)(struct store_conn *c, void *ctx, struct err *err);
void store_set_hooks(struct store *st,
                     store_hook_fn before_commit,
                     store_hook_fn after_commit,
                     void *ctx,
                     void (*ctx_free)(void *ctx));
/* The ctx given to store_set_hooks (borrowed), or NULL. */
void *store_hook_ctx(struct store *st);
/* The store a connection belongs to (borrowed). */
struct store *store_of(struct store_conn *c);
/* The transaction open on c, or the last one opened on it: a number no
 * other transaction of this process has had (1 and up; 0 before any). */
uint64_t store_transaction(const struct store_conn *c);

/* Returns the connection's cached statement for sql (a string literal in
 * practice), preparing it the first time. Borrowed: finish each use with
 * store_done, which resets it and clears its bindings. */
MUST_CHECK enum err_code
store_prepare(struct store_conn *c, const char *sql, struct store_stmt **out, struct err *err);
/* Bind values to 1-based parameters. Text and blobs are copied. */
void store_bind_int(struct store_stmt *s, int idx, int64_t v);
void store_bind_text(struct store_stmt *s, int idx, const char *v); /* NULL binds null */
void store_bind_blob(struct store_stmt *s, int idx, const void *p, size_t n);
void store_bind_null(struct store_stmt *s, int idx);

enum store_step_result { STORE_ERROR = -1, STORE_DONE = 0, STORE_ROW = 1 };
/* Advances the statement; STORE_ERROR with err set (ERR_CONFLICT for a
 * constraint violation, ERR_STORE otherwise). */
enum store_step_result store_step(struct store_stmt *s, struct err *err);
int store_col_count(struct store_stmt *s);
const char *store_col_name(struct store_stmt *s, int col);
bool store_col_is_null(struct store_stmt *s, int col);
int64_t store_col_int(struct store_stmt *s, int col);
/* Borrowed until the next step or store_done; "" for null. */
const char *store_col_text(struct store_stmt *s, int col);
/* Borrowed until the next step or store_done. */
const void *store_col_blob(struct store_stmt *s, int col, size_t *len);
/* Runs the prepared statement s (its parameters bound) and collects up
 * to max_rows of its rows (0: all) into a new JSON array, as
 * store_query_json does; finishes s (store_done) either way. */
MUST_CHECK enum err_code
store_rows_json(struct store_stmt *s, size_t max_rows, json_t **rows, struct err *err);
/* Resets the statement for its next use. NULL is a no-op. */
void store_done(struct store_stmt *s);
/* Rows changed by the last completed INSERT, UPDATE or DELETE. */
int64_t store_changes(struct store_conn *c);

/*
 * Convenience forms that prepare, bind, run and finish in one call. The
 * format string has one letter per '?' parameter: 'i' (int64_t), 't'
 * (const char *, NULL binds null), 'b' (const void *, size_t), 'n' (no
 * argument; binds null).
 */
/* Runs a statement that returns no rows. */
MUST_CHECK enum err_code
store_exec(struct store_conn *c, struct err *err, const char *sql, const char *fmt, ...);
/* Runs a query and returns its rows as a new JSON array of objects keyed by
 * column name (integers, text and null map to JSON). */
MUST_CHECK enum err_code store_query_json(
    struct store_conn *c, json_t **rows, struct err *err, const char *sql, const char *fmt, ...);
/* The first row as a new JSON object, or *row = NULL when there is none. */
MUST_CHECK enum err_code store_query_row(
    struct store_conn *c, json_t **row, struct err *err, const char *sql, const char *fmt, ...);
/* The first column of the first row as an integer; *found false when no
 * row (found may be NULL when a row is certain, e.g. COUNT). */
MUST_CHECK enum err_code store_query_int(struct store_conn *c,
                                         int64_t *out,
                                         bool *found,
                                         struct err *err,
                                         const char *sql,
                                         const char *fmt,
                                         ...);
/* Runs several ';'-separated statements with no parameters (migrations). */
MUST_CHECK enum err_code
store_exec_script(struct store_conn *c, const char *script, struct err *err);

/* Applies the embedded migrations newer than the database's version, each in
 * its own transaction; records them in schema_migrations. */
MUST_CHECK enum err_code store_migrate(struct store_conn *c, struct err *err);
/* The schema version this build migrates to (its last migration). */
int64_t store_schema_latest(void);
/* The schema version (highest applied migration). */
MUST_CHECK enum err_code store_schema_version(struct store_conn *c, int64_t *out, struct err *err);

#endif
