/*
 * What a database engine gives the store (store.c): connections,
 * transactions, scripts and prepared statements. Two backends implement
 * it, SQLite (sqlite.c) and PostgreSQL over libpq (pg.c); nothing outside
 * src/store includes this header. See docs/store.md.
 *
 * A backend's connection and statement are opaque to store.c. Errors are
 * mapped to the store's codes: ERR_CONFLICT for a constraint violation,
 * ERR_UNAVAILABLE (with a Retry-After) when the database is busy or out
 * of reach for a moment, ERR_STORE otherwise.
 */
#ifndef PROBITY_STORE_BACKEND_H
#define PROBITY_STORE_BACKEND_H

#include "store/store.h"

/* What a column's value is, as the store maps it to JSON. */
enum backend_type {
    BACKEND_NULL,
    BACKEND_INT,
    BACKEND_TEXT,
    BACKEND_BLOB,
    BACKEND_REAL, /* never in a query table: a row with one is refused */
};

struct backend {
    enum store_dialect dialect;
    /* Opens connection number i (0 first) to db in mode; the first
     * connection of STORE_OPEN_CREATE creates the database. */
    enum err_code (*open)(
        const char *db, enum store_open_mode mode, int i, void **conn, struct err *err);
    void (*close)(void *conn);
    /* Runs ';'-separated statements without parameters. */
    enum err_code (*exec_script)(void *conn, const char *script, struct err *err);
    /* Begins a transaction: a write takes the one write lock at once, so
     * writers queue; a read sees one snapshot. */
    enum err_code (*begin)(void *conn, bool write, struct err *err);
    /* Ends the open transaction: commits it (durably) or rolls it back. */
    enum err_code (*end)(void *conn, bool commit, struct err *err);
    /* True while a transaction is open on the connection. */
    bool (*in_transaction)(void *conn);
    enum err_code (*prepare)(void *conn, const char *sql, void **stmt, struct err *err);
    void (*finalize)(void *stmt);
    const char *(*sql)(void *stmt);
    int (*param_count)(void *stmt);
    void (*bind_int)(void *stmt, int idx, int64_t v);
    void (*bind_text)(void *stmt, int idx, const char *v);
    void (*bind_blob)(void *stmt, int idx, const void *p, size_t n);
    void (*bind_null)(void *stmt, int idx);
    enum store_step_result (*step)(void *stmt, struct err *err);
    int (*col_count)(void *stmt);
    const char *(*col_name)(void *stmt, int col);
    enum backend_type (*col_type)(void *stmt, int col);
    int64_t (*col_int)(void *stmt, int col);
    const char *(*col_text)(void *stmt, int col, size_t *len);
    const void *(*col_blob)(void *stmt, int col, size_t *len);
    /* Resets the statement and clears its bindings. */
    void (*reset)(void *stmt);
    int64_t (*changes)(void *conn);
    /* Where the connection's server is in its write-ahead log: on a
     * primary, the end of what it has written; on a standby, what it has
     * replayed. NULL when the backend has no replicas (SQLite). */
    enum err_code (*position)(void *conn, bool standby, int64_t *out, struct err *err);
    /* Readies a primary's connection for a store with a replica: its
     * commits wait until a synchronous standby has applied them. */
    enum err_code (*await_standby)(void *conn, struct err *err);
};

extern const struct backend sqlite_backend;
extern const struct backend pg_backend;

#endif
