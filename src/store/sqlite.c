/*
 * The SQLite backend (backend.h): connections in WAL mode with
 * synchronous=FULL, writes that take the write lock at once (BEGIN
 * IMMEDIATE), a read-only mode for read-only media. The only file that
 * calls sqlite3_* functions. See docs/store.md.
 */
#include "store/backend.h"

#include "core/alloc.h"
#include "core/diag.h"

#include <ctype.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* How long a write waits for another writer (another process, say) to
 * finish before it is refused as unavailable: the client is told to come
 * back (Retry-After), and no thread waits longer. */
#define SQLITE_BUSY_MS 5000

struct sqlite_stmt {
    sqlite3_stmt *stmt;
    sqlite3 *db;
};

static enum err_code sqlite_error(sqlite3 *db, int rc, struct err *err)
{
    int primary = rc & 0xff;
    const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if (primary == SQLITE_CONSTRAINT) {
        return err_set(err, ERR_CONFLICT, NULL, "违反数据约束:%s", "constraint violated: %s", msg);
    }
    if (primary == SQLITE_FULL) {
        diag(DIAG_ERROR, "store", "sqlite: the disk is full: %s", msg);
        err_set(err, ERR_UNAVAILABLE, NULL, "数据目录所在磁盘已满,暂时无法写入,请联系管理员",
                "the disk of the data folder is full: nothing can be written until there is "
                "room; tell the administrator");
        err_set_retry_after(err, 60);
        return ERR_UNAVAILABLE;
    }
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
        err_set(err, ERR_UNAVAILABLE, NULL, "数据正被另一写入占用,请稍后再试",
                "the data is being written by another process; try again shortly");
        err_set_retry_after(err, 5);
        return ERR_UNAVAILABLE;
    }
    diag(DIAG_ERROR, "store", "sqlite error %d: %s", rc, msg);
    return err_set(err, ERR_STORE, NULL, "数据库错误:%s", "database error: %s", msg);
}

static enum err_code sqlite_exec_script(void *conn, const char *script, struct err *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(conn, script, NULL, NULL, &msg);
    if (rc != SQLITE_OK && (rc & 0xff) == SQLITE_FULL) {
        sqlite3_free(msg);
        return sqlite_error(conn, rc, err);
    }
    if (rc != SQLITE_OK) {
        err_set(err, (rc & 0xff) == SQLITE_CONSTRAINT ? ERR_CONFLICT : ERR_STORE, NULL,
                "数据库错误:%s", "database error: %s", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return err ? err->code : ERR_STORE;
    }
    return ERR_OK;
}

static enum err_code conn_setup(sqlite3 *db, bool read_only, struct err *err)
{
    sqlite3_busy_timeout(db, SQLITE_BUSY_MS);
    sqlite3_extended_result_codes(db, 1);
    enum err_code rc = read_only ? ERR_OK : sqlite_exec_script(db, "PRAGMA journal_mode=WAL;", err);
    if (rc != ERR_OK) {
        return rc;
    }
    return sqlite_exec_script(db,
                              "PRAGMA synchronous=FULL;"
                              "PRAGMA foreign_keys=ON;"
                              "PRAGMA trusted_schema=OFF;"
                              /* Reads of log hashes and proofs
                               * come from memory-mapped pages. */
                              "PRAGMA mmap_size=17179869184;"
                              "PRAGMA cache_size=-32768;",
                              err);
}

/* The URI that opens path read-only: "file:" and the path, its bytes
 * other than unreserved ones and '/' percent-encoded; immutable when its
 * folder cannot be written (nobody can be changing it: SQLite then needs
 * no lock and no shared-memory file, which read-only media cannot hold). */
static char *read_only_uri(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == NULL) {
        snprintf(dir, sizeof(dir), ".");
    } else {
        slash[slash == dir ? 1 : 0] = '\0';
    }
    bool immutable = access(dir, W_OK) != 0;
    size_t size = strlen(path) * 3 + 64;
    char *uri = xmalloc(size);
    char *o = uri + snprintf(uri, size, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p != '\0'; p++) {
        if (isalnum(*p) || strchr("-._~/", *p) != NULL) {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    snprintf(o, size - (size_t)(o - uri), "?mode=ro%s", immutable ? "&immutable=1" : "");
    return uri;
}

static enum err_code
sqlite_open(const char *path, enum store_open_mode mode, int i, void **conn, struct err *err)
{
    bool exists = access(path, F_OK) == 0;
    if (i == 0 && mode != STORE_OPEN_CREATE && !exists) {
        return err_set(err, ERR_NOT_FOUND, NULL, "数据库不存在:%s", "no database at %s", path);
    }
    if (i == 0 && mode == STORE_OPEN_CREATE && exists) {
        return err_set(err, ERR_EXISTS, NULL, "数据库已存在:%s", "a database already exists at %s",
                       path);
    }
    bool read_only = mode == STORE_OPEN_READ_ONLY;
    char *uri = read_only ? read_only_uri(path) : NULL;
    int flags = read_only ? SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX
                          : SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                                (mode == STORE_OPEN_CREATE && i == 0 ? SQLITE_OPEN_CREATE : 0);
    sqlite3 *db = NULL;
    int src = sqlite3_open_v2(read_only ? uri : path, &db, flags, NULL);
    xfree(uri);
    enum err_code rc =
        src == SQLITE_OK ? conn_setup(db, read_only, err) : sqlite_error(db, src, err);
    if (rc != ERR_OK) {
        sqlite3_close(db);
        return rc;
    }
    *conn = db;
    return ERR_OK;
}

static void sqlite_close(void *conn)
{
    /* Every statement was finalized before (store.c). */
    int rc = sqlite3_close(conn);
    if (rc != SQLITE_OK) {
        diag_fatal("sqlite3_close: %s", sqlite3_errstr(rc));
    }
}

static enum err_code sqlite_begin(void *conn, bool write, struct err *err)
{
    /* A write takes the write lock at once, so writers queue instead of
     * failing later. */
    return sqlite_exec_script(conn, write ? "BEGIN IMMEDIATE" : "BEGIN", err);
}

static enum err_code sqlite_end(void *conn, bool commit, struct err *err)
{
    return sqlite_exec_script(conn, commit ? "COMMIT" : "ROLLBACK", err);
}

static bool sqlite_in_transaction(void *conn)
{
    return !sqlite3_get_autocommit(conn);
}

static enum err_code sqlite_prepare(void *conn, const char *sql, void **out, struct err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v3(conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
    if (rc != SQLITE_OK) {
        return sqlite_error(conn, rc, err);
    }
    struct sqlite_stmt *s = xmalloc(sizeof(*s));
    s->stmt = stmt;
    s->db = conn;
    *out = s;
    return ERR_OK;
}

static void sqlite_finalize(void *stmt)
{
    struct sqlite_stmt *s = stmt;
    sqlite3_finalize(s->stmt);
    xfree(s);
}

static const char *sqlite_sql(void *stmt)
{
    return sqlite3_sql(((struct sqlite_stmt *)stmt)->stmt);
}

static int sqlite_param_count(void *stmt)
{
    return sqlite3_bind_parameter_count(((struct sqlite_stmt *)stmt)->stmt);
}

static void sqlite_bind_int(void *stmt, int idx, int64_t v)
{
    sqlite3_bind_int64(((struct sqlite_stmt *)stmt)->stmt, idx, v);
}

static void sqlite_bind_text(void *stmt, int idx, const char *v)
{
    sqlite3_bind_text(((struct sqlite_stmt *)stmt)->stmt, idx, v, -1, SQLITE_TRANSIENT);
}

static void sqlite_bind_blob(void *stmt, int idx, const void *p, size_t n)
{
    sqlite3_bind_blob64(((struct sqlite_stmt *)stmt)->stmt, idx, p, n, SQLITE_TRANSIENT);
}

static void sqlite_bind_null(void *stmt, int idx)
{
    sqlite3_bind_null(((struct sqlite_stmt *)stmt)->stmt, idx);
}

static enum store_step_result sqlite_step(void *stmt, struct err *err)
{
    struct sqlite_stmt *s = stmt;
    int rc = sqlite3_step(s->stmt);
    if (rc == SQLITE_ROW) {
        return STORE_ROW;
    }
    if (rc == SQLITE_DONE) {
        return STORE_DONE;
    }
    sqlite_error(s->db, rc, err);
    return STORE_ERROR;
}

static int sqlite_col_count(void *stmt)
{
    return sqlite3_column_count(((struct sqlite_stmt *)stmt)->stmt);
}

static const char *sqlite_col_name(void *stmt, int col)
{
    return sqlite3_column_name(((struct sqlite_stmt *)stmt)->stmt, col);
}

static enum backend_type sqlite_col_type(void *stmt, int col)
{
    switch (sqlite3_column_type(((struct sqlite_stmt *)stmt)->stmt, col)) {
    case SQLITE_INTEGER:
        return BACKEND_INT;
    case SQLITE_NULL:
        return BACKEND_NULL;
    case SQLITE_FLOAT:
        return BACKEND_REAL;
    case SQLITE_BLOB:
        return BACKEND_BLOB;
    default:
        return BACKEND_TEXT;
    }
}

static int64_t sqlite_col_int(void *stmt, int col)
{
    return sqlite3_column_int64(((struct sqlite_stmt *)stmt)->stmt, col);
}

static const char *sqlite_col_text(void *stmt, int col, size_t *len)
{
    sqlite3_stmt *s = ((struct sqlite_stmt *)stmt)->stmt;
    const unsigned char *t = sqlite3_column_text(s, col);
    *len = (size_t)sqlite3_column_bytes(s, col);
    return t ? (const char *)t : "";
}

static const void *sqlite_col_blob(void *stmt, int col, size_t *len)
{
    sqlite3_stmt *s = ((struct sqlite_stmt *)stmt)->stmt;
    const void *p = sqlite3_column_blob(s, col);
    *len = (size_t)sqlite3_column_bytes(s, col);
    return p;
}

static void sqlite_reset(void *stmt)
{
    sqlite3_stmt *s = ((struct sqlite_stmt *)stmt)->stmt;
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
}

static int64_t sqlite_changes(void *conn)
{
    return sqlite3_changes64(conn);
}

const struct backend sqlite_backend = {
    .dialect = STORE_SQLITE,
    .open = sqlite_open,
    .close = sqlite_close,
    .exec_script = sqlite_exec_script,
    .begin = sqlite_begin,
    .end = sqlite_end,
    .in_transaction = sqlite_in_transaction,
    .prepare = sqlite_prepare,
    .finalize = sqlite_finalize,
    .sql = sqlite_sql,
    .param_count = sqlite_param_count,
    .bind_int = sqlite_bind_int,
    .bind_text = sqlite_bind_text,
    .bind_blob = sqlite_bind_blob,
    .bind_null = sqlite_bind_null,
    .step = sqlite_step,
    .col_count = sqlite_col_count,
    .col_name = sqlite_col_name,
    .col_type = sqlite_col_type,
    .col_int = sqlite_col_int,
    .col_text = sqlite_col_text,
    .col_blob = sqlite_col_blob,
    .reset = sqlite_reset,
    .changes = sqlite_changes,
};
