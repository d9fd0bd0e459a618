/*
 * The PostgreSQL backend (backend.h), over libpq. Writes are serialised
 * as SQLite's are: a write transaction (READ COMMITTED) takes one
 * transaction-scoped advisory lock at once, so writers queue and the log
 * has one writer at a time; a read is one REPEATABLE READ snapshot.
 * Statements are prepared once per connection ('?' rewritten to $n,
 * dialect.h) and prepared again after the connection is re-established.
 * Values go as text (blobs as binary bytea) and results come as text,
 * mapped by type: integers, numerics without a fraction and booleans to
 * integers, bytea to its bytes. The only file that calls libpq. See
 * docs/store.md.
 */
#include "store/backend.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "store/dialect.h"

#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The key of the advisory lock every write transaction takes: the
 * database's one write lock (advisory locks are per database). */
#define PG_WRITE_LOCK "7368657265"
/* How long a write waits for the lock before it is refused as
 * unavailable (Retry-After), as SQLite's busy timeout. */
#define PG_LOCK_TIMEOUT "5s"
#define PG_RETRY_S      5

/* Type OIDs (pg_type.h, stable across releases). */
enum {
    OID_BOOL = 16,
    OID_BYTEA = 17,
    OID_INT8 = 20,
    OID_INT2 = 21,
    OID_INT4 = 23,
    OID_OID = 26,
    OID_FLOAT4 = 700,
    OID_FLOAT8 = 701,
    OID_NUMERIC = 1700,
};

struct pg_conn {
    PGconn *pg;
    unsigned generation; /* counts re-established sessions */
    int n_named;         /* statements prepared, for their names */
    int64_t changes;     /* rows of the last INSERT, UPDATE or DELETE */
    bool read_only;
    bool in_txn; /* a transaction was begun and not ended */
};

struct pg_param {
    char *value; /* NULL for null */
    int length;
    int format; /* 0 text, 1 binary */
    char number[24];
};

struct pg_stmt {
    struct pg_conn *conn;
    char *sql; /* as the caller wrote it */
    char *pg_sql;
    char name[24];
    unsigned generation; /* the session it was prepared in */
    int n_params;
    struct pg_param *params;
    const char **values; /* what run sends: the params' values, */
    int *lengths;        /* lengths */
    int *formats;        /* and formats */
    PGresult *res;
    int row;     /* the current row, -1 before the first */
    char **held; /* bytes decoded for the current row */
    int n_held;
};

/* Names the server and database of pg for messages (never a password). */
static void where(PGconn *pg, char out[256])
{
    const char *host = pg != NULL ? PQhost(pg) : NULL;
    const char *db = pg != NULL ? PQdb(pg) : NULL;
    snprintf(out, 256, "%s@%s", db != NULL ? db : "?", host != NULL && *host ? host : "localhost");
}

/* The store's error for a failed result (res may be NULL) of sql (NULL
 * when not a prepared statement), which the server's log names. */
static enum err_code
pg_error(struct pg_conn *c, const PGresult *res, const char *sql, struct err *err)
{
    const char *state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res != NULL ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (msg == NULL) {
        msg = PQerrorMessage(c->pg);
    }
    if (state != NULL && strncmp(state, "23", 2) == 0) {
        return err_set(err, ERR_CONFLICT, NULL, "违反数据约束:%s", "constraint violated: %s", msg);
    }
    if (state != NULL && strcmp(state, "55P03") == 0) {
        err_set(err, ERR_UNAVAILABLE, NULL, "数据正被另一写入占用,请稍后再试",
                "the data is being written by another process; try again shortly");
        err_set_retry_after(err, PG_RETRY_S);
        return ERR_UNAVAILABLE;
    }
    /* libpq's own failures (a connection closed, a server gone) carry no
     * SQLSTATE; the server's always do. */
    bool gone = PQstatus(c->pg) != CONNECTION_OK || state == NULL ||
                (state != NULL && (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
                                   strcmp(state, "25006") == 0 || strcmp(state, "40001") == 0 ||
                                   strcmp(state, "40P01") == 0));
    if (gone) {
        char at[256];
        where(c->pg, at);
        diag(DIAG_WARN, "store", "postgresql %s unavailable (%s): %s", at, state ? state : "-",
             msg);
        err_set(err, ERR_UNAVAILABLE, NULL, "数据库暂时无法访问,请稍后再试",
                "the database cannot be reached for the moment; try again shortly");
        err_set_retry_after(err, PG_RETRY_S);
        return ERR_UNAVAILABLE;
    }
    diag(DIAG_ERROR, "store", "postgresql error %s: %s%s%s", state ? state : "-", msg,
         sql != NULL ? " in: " : "", sql != NULL ? sql : "");
    return err_set(err, ERR_STORE, NULL, "数据库错误:%s", "database error: %s", msg);
}

/* Re-establishes a lost session, outside a transaction (one lost with its
 * session is refused, not resumed). */
static enum err_code usable(struct pg_conn *c, struct err *err)
{
    if (PQstatus(c->pg) == CONNECTION_OK) {
        return ERR_OK;
    }
    if (c->in_txn) {
        /* The transaction went with the session: never go on outside it. */
        return pg_error(c, NULL, NULL, err);
    }
    PQreset(c->pg);
    if (PQstatus(c->pg) != CONNECTION_OK) {
        return pg_error(c, NULL, NULL, err);
    }
    c->generation++;
    return ERR_OK;
}

/* Runs a command without parameters or rows; PQexec runs several
 * ';'-separated ones in one call. */
static enum err_code command(struct pg_conn *c, const char *sql, struct err *err)
{
    PGresult *res = PQexec(c->pg, sql);
    ExecStatusType st = PQresultStatus(res);
    enum err_code rc =
        st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? ERR_OK : pg_error(c, res, NULL, err);
    PQclear(res);
    return rc;
}

static enum err_code pg_exec_script(void *conn, const char *script, struct err *err)
{
    struct pg_conn *c = conn;
    enum err_code rc = usable(c, err);
    return rc == ERR_OK ? command(c, script, err) : rc;
}

/* An integer the query answers. */
static enum err_code
query_count(struct pg_conn *c, const char *sql, const char *arg, int64_t *out, struct err *err)
{
    PGresult *res = PQexecParams(c->pg, sql, arg != NULL, NULL, &arg, NULL, NULL, 0);
    enum err_code rc = ERR_OK;
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
        rc = pg_error(c, res, NULL, err);
    } else {
        *out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    }
    PQclear(res);
    return rc;
}

/* Checks that the database is as mode requires: empty to be created,
 * holding probity's tables to be opened. */
static enum err_code check_mode(struct pg_conn *c, enum store_open_mode mode, struct err *err)
{
    int64_t tables = 0, ours = 0;
    enum err_code rc =
        query_count(c, "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()", NULL,
                    &tables, err);
    if (rc == ERR_OK) {
        rc = query_count(c,
                         "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()"
                         " AND tablename = $1",
                         "events", &ours, err);
    }
    char at[256];
    where(c->pg, at);
    if (rc == ERR_OK && mode == STORE_OPEN_CREATE && tables > 0) {
        rc = err_set(err, ERR_EXISTS, NULL, "数据库 %s 不是空的,拒绝在其中新建",
                     "the database %s is not empty; refusing to create one in it", at);
    }
    if (rc == ERR_OK && mode != STORE_OPEN_CREATE && ours == 0) {
        rc = err_set(err, ERR_NOT_FOUND, NULL, "数据库 %s 中没有 probity 的数据",
                     "the database %s holds no probity data", at);
    }
    return rc;
}

static enum err_code
pg_open(const char *db, enum store_open_mode mode, int i, void **conn, struct err *err)
{
    struct pg_conn *c = xcalloc(1, sizeof(*c));
    c->pg = PQconnectdb(db);
    c->read_only = mode == STORE_OPEN_READ_ONLY;
    enum err_code rc = ERR_OK;
    if (PQstatus(c->pg) != CONNECTION_OK) {
        char at[256];
        where(c->pg, at);
        const char *why = PQerrorMessage(c->pg);
        rc = err_set(err, ERR_UNAVAILABLE, NULL, "无法连接数据库 %s:%.*s",
                     "cannot connect to the database %s: %.*s", at, (int)strcspn(why, "\n"), why,
                     (int)strcspn(why, "\n"), why);
        err_set_retry_after(err, PG_RETRY_S);
    }
    if (rc == ERR_OK) {
        rc = command(c,
                     c->read_only ? "SET client_min_messages = warning;"
                                    "SET lock_timeout = '" PG_LOCK_TIMEOUT "';"
                                    "SET default_transaction_read_only = on"
                                  : "SET client_min_messages = warning;"
                                    "SET lock_timeout = '" PG_LOCK_TIMEOUT "'",
                     err);
    }
    if (rc == ERR_OK && i == 0) {
        rc = check_mode(c, mode, err);
    }
    if (rc != ERR_OK) {
        PQfinish(c->pg);
        xfree(c);
        return rc;
    }
    *conn = c;
    return ERR_OK;
}

static void pg_close(void *conn)
{
    struct pg_conn *c = conn;
    PQfinish(c->pg);
    xfree(c);
}

static enum err_code pg_begin(void *conn, bool write, struct err *err)
{
    struct pg_conn *c = conn;
    enum err_code rc = usable(c, err);
    if (rc != ERR_OK) {
        return rc;
    }
    const char *sql = write ? "BEGIN ISOLATION LEVEL READ COMMITTED;"
                              "SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")"
                            : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    rc = command(c, sql, err);
    if (rc != ERR_OK && PQstatus(c->pg) != CONNECTION_OK) {
        /* The session was lost while idle (the server restarted, or
         * failed over): nothing was begun, so begin on a new one. */
        err_init(err);
        rc = usable(c, err);
        rc = rc == ERR_OK ? command(c, sql, err) : rc;
    }
    if (rc != ERR_OK && PQtransactionStatus(c->pg) != PQTRANS_IDLE) {
        struct err ignored;
        err_init(&ignored);
        (void)command(c, "ROLLBACK", &ignored);
    }
    c->in_txn = rc == ERR_OK;
    return rc;
}

static enum err_code pg_end(void *conn, bool commit, struct err *err)
{
    struct pg_conn *c = conn;
    c->in_txn = false;
    return command(c, commit ? "COMMIT" : "ROLLBACK", err);
}

static bool pg_in_transaction(void *conn)
{
    return ((struct pg_conn *)conn)->in_txn;
}

/* Prepares s on its connection's current session. */
static enum err_code prepare_now(struct pg_stmt *s, struct err *err)
{
    struct pg_conn *c = s->conn;
    snprintf(s->name, sizeof(s->name), "s%d", ++c->n_named);
    PGresult *res = PQprepare(c->pg, s->name, s->pg_sql, s->n_params, NULL);
    enum err_code rc =
        PQresultStatus(res) == PGRES_COMMAND_OK ? ERR_OK : pg_error(c, res, s->sql, err);
    PQclear(res);
    s->generation = c->generation;
    return rc;
}

static void pg_finalize(void *stmt);

static enum err_code pg_prepare(void *conn, const char *sql, void **out, struct err *err)
{
    struct pg_stmt *s = xcalloc(1, sizeof(*s));
    s->conn = conn;
    s->sql = xstrdup(sql);
    s->pg_sql = dialect_placeholders(sql, &s->n_params);
    s->params = xcalloc((size_t)s->n_params + 1, sizeof(*s->params));
    s->values = xcalloc((size_t)s->n_params + 1, sizeof(*s->values));
    s->lengths = xcalloc((size_t)s->n_params + 1, sizeof(*s->lengths));
    s->formats = xcalloc((size_t)s->n_params + 1, sizeof(*s->formats));
    s->row = -1;
    enum err_code rc = usable(s->conn, err);
    if (rc == ERR_OK) {
        rc = prepare_now(s, err);
    }
    if (rc != ERR_OK) {
        pg_finalize(s);
        return rc;
    }
    *out = s;
    return ERR_OK;
}

/* Frees what the current row decoded. */
static void release_row(struct pg_stmt *s)
{
    for (int i = 0; i < s->n_held; i++) {
        xfree(s->held[i]);
    }
    xfree(s->held);
    s->held = NULL;
    s->n_held = 0;
}

static void pg_reset(void *stmt)
{
    struct pg_stmt *s = stmt;
    release_row(s);
    PQclear(s->res);
    s->res = NULL;
    s->row = -1;
    for (int i = 0; i < s->n_params; i++) {
        struct pg_param *p = &s->params[i];
        if (p->value != p->number) {
            xfree(p->value);
        }
        p->value = NULL;
        p->format = 0;
        p->length = 0;
    }
}

static void pg_finalize(void *stmt)
{
    struct pg_stmt *s = stmt;
    pg_reset(s);
    /* The prepared statement ends with its session. */
    xfree(s->params);
    xfree(s->values);
    xfree(s->lengths);
    xfree(s->formats);
    xfree(s->pg_sql);
    xfree(s->sql);
    xfree(s);
}

static const char *pg_sql(void *stmt)
{
    return ((struct pg_stmt *)stmt)->sql;
}

static int pg_param_count(void *stmt)
{
    return ((struct pg_stmt *)stmt)->n_params;
}

/* Parameter idx (1-based), emptied of any value it held. */
static struct pg_param *param(struct pg_stmt *s, int idx)
{
    if (idx < 1 || idx > s->n_params) {
        diag_fatal("parameter %d of a statement with %d", idx, s->n_params);
    }
    struct pg_param *p = &s->params[idx - 1];
    if (p->value != p->number) {
        xfree(p->value);
    }
    p->value = NULL;
    p->format = 0;
    p->length = 0;
    return p;
}

static void pg_bind_int(void *stmt, int idx, int64_t v)
{
    struct pg_param *p = param(stmt, idx);
    snprintf(p->number, sizeof(p->number), "%" PRId64, v);
    p->value = p->number;
}

static void pg_bind_text(void *stmt, int idx, const char *v)
{
    param(stmt, idx)->value = xstrdup(v);
}

static void pg_bind_blob(void *stmt, int idx, const void *bytes, size_t n)
{
    struct pg_param *p = param(stmt, idx);
    p->value = xmalloc(n + 1);
    memcpy(p->value, bytes, n);
    p->length = (int)n;
    p->format = 1;
}

static void pg_bind_null(void *stmt, int idx)
{
    (void)param(stmt, idx);
}

/* Runs the statement with its parameters, keeping its result. */
static enum err_code run(struct pg_stmt *s, struct err *err)
{
    struct pg_conn *c = s->conn;
    enum err_code rc = usable(c, err);
    if (rc == ERR_OK && s->generation != c->generation) {
        rc = prepare_now(s, err);
    }
    if (rc != ERR_OK) {
        return rc;
    }
    for (int i = 0; i < s->n_params; i++) {
        s->values[i] = s->params[i].value;
        s->lengths[i] = s->params[i].length;
        s->formats[i] = s->params[i].format;
    }
    s->res = PQexecPrepared(c->pg, s->name, s->n_params, s->values, s->lengths, s->formats, 0);
    ExecStatusType st = PQresultStatus(s->res);
    if (st == PGRES_COMMAND_OK) {
        c->changes = strtoll(PQcmdTuples(s->res), NULL, 10);
        return ERR_OK;
    }
    return st == PGRES_TUPLES_OK ? ERR_OK : pg_error(c, s->res, s->sql, err);
}

static enum store_step_result pg_step(void *stmt, struct err *err)
{
    struct pg_stmt *s = stmt;
    release_row(s);
    if (s->res == NULL && run(s, err) != ERR_OK) {
        return STORE_ERROR;
    }
    if (PQresultStatus(s->res) == PGRES_FATAL_ERROR) {
        return STORE_ERROR;
    }
    if (s->row + 1 < PQntuples(s->res)) {
        s->row++;
        return STORE_ROW;
    }
    return STORE_DONE;
}

static int pg_col_count(void *stmt)
{
    struct pg_stmt *s = stmt;
    return s->res != NULL ? PQnfields(s->res) : 0;
}

static const char *pg_col_name(void *stmt, int col)
{
    return PQfname(((struct pg_stmt *)stmt)->res, col);
}

static enum backend_type pg_col_type(void *stmt, int col)
{
    struct pg_stmt *s = stmt;
    if (PQgetisnull(s->res, s->row, col)) {
        return BACKEND_NULL;
    }
    switch (PQftype(s->res, col)) {
    case OID_BOOL:
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
    case OID_OID:
        return BACKEND_INT;
    case OID_NUMERIC:
        return strchr(PQgetvalue(s->res, s->row, col), '.') == NULL ? BACKEND_INT : BACKEND_REAL;
    case OID_FLOAT4:
    case OID_FLOAT8:
        return BACKEND_REAL;
    case OID_BYTEA:
        return BACKEND_BLOB;
    default:
        return BACKEND_TEXT;
    }
}

static int64_t pg_col_int(void *stmt, int col)
{
    struct pg_stmt *s = stmt;
    const char *v = PQgetvalue(s->res, s->row, col);
    if (PQftype(s->res, col) == OID_BOOL) {
        return *v == 't';
    }
    return strtoll(v, NULL, 10);
}

/* A bytea column's bytes, decoded, NUL-terminated (for those who read
 * them as text) and held until the next row. */
static const char *bytes_of(struct pg_stmt *s, int col, size_t *len)
{
    const char *v = PQgetvalue(s->res, s->row, col);
    unsigned char *bytes = PQunescapeBytea((const unsigned char *)v, len);
    if (bytes == NULL) {
        diag_fatal("out of memory decoding a bytea column");
    }
    char *held = xmalloc(*len + 1);
    memcpy(held, bytes, *len);
    held[*len] = '\0';
    PQfreemem(bytes);
    s->held = xrealloc(s->held, (size_t)(s->n_held + 1) * sizeof(*s->held));
    s->held[s->n_held++] = held;
    return held;
}

static const char *pg_col_text(void *stmt, int col, size_t *len)
{
    struct pg_stmt *s = stmt;
    Oid type = PQftype(s->res, col);
    if (PQgetisnull(s->res, s->row, col)) {
        *len = 0;
        return "";
    }
    if (type == OID_BOOL) {
        *len = 1;
        return *PQgetvalue(s->res, s->row, col) == 't' ? "1" : "0";
    }
    if (type == OID_BYTEA) {
        return bytes_of(s, col, len);
    }
    *len = (size_t)PQgetlength(s->res, s->row, col);
    return PQgetvalue(s->res, s->row, col);
}

static const void *pg_col_blob(void *stmt, int col, size_t *len)
{
    struct pg_stmt *s = stmt;
    if (PQgetisnull(s->res, s->row, col)) {
        *len = 0;
        return NULL;
    }
    if (PQftype(s->res, col) == OID_BYTEA) {
        return bytes_of(s, col, len);
    }
    *len = (size_t)PQgetlength(s->res, s->row, col);
    return PQgetvalue(s->res, s->row, col);
}

static int64_t pg_changes(void *conn)
{
    return ((struct pg_conn *)conn)->changes;
}

static enum err_code pg_position(void *conn, bool standby, int64_t *out, struct err *err)
{
    return query_count(conn,
                       standby ? "SELECT COALESCE(pg_last_wal_replay_lsn(), '0/0') - '0/0'"
                               : "SELECT pg_current_wal_lsn() - '0/0'",
                       NULL, out, err);
}

static enum err_code pg_await_standby(void *conn, struct err *err)
{
    return command(conn, "SET synchronous_commit = remote_apply", err);
}

const struct backend pg_backend = {
    .dialect = STORE_POSTGRES,
    .open = pg_open,
    .close = pg_close,
    .exec_script = pg_exec_script,
    .begin = pg_begin,
    .end = pg_end,
    .in_transaction = pg_in_transaction,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .sql = pg_sql,
    .param_count = pg_param_count,
    .bind_int = pg_bind_int,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .col_count = pg_col_count,
    .col_name = pg_col_name,
    .col_type = pg_col_type,
    .col_int = pg_col_int,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .reset = pg_reset,
    .changes = pg_changes,
    .position = pg_position,
    .await_standby = pg_await_standby,
};
