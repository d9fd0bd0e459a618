/*
 * The SQLite backend of store.h: a fixed pool of connections in WAL mode,
 * statement caching per connection, nested transactions by counter. The
 * only file that calls sqlite3_* functions. See docs/store.md.
 */
#include "store/store.h"

#include "core/alloc.h"
#include "core/diag.h"

#include <assert.h>
#include <ctype.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define STORE_MAX_CACHED 1024
/* How long a write waits for another writer (another process, say) to
 * finish before it is refused as unavailable: the client is told to come
 * back (Retry-After), and no thread waits longer. */
#define STORE_BUSY_MS 5000

struct store_stmt {
    sqlite3_stmt *stmt;
    struct store_conn *conn;
    const char *sql_key; /* the caller's SQL pointer, compared first */
};

struct store_conn {
    sqlite3 *db;
    struct store *owner;
    int depth;    /* nesting depth of the open transaction */
    bool writing; /* the open transaction is a write transaction */
    bool failed;  /* a nested rollback happened: the outermost commit fails */
    bool in_use;  /* acquired by a thread */
    struct store_stmt cache[STORE_MAX_CACHED];
    int n_cache;
};

struct store {
    struct store_conn *conns;
    int n_conns;
    store_hook_fn before_commit; /* see store_set_hooks */
    store_hook_fn after_commit;
    void *hook_ctx;
    void (*hook_ctx_free)(void *ctx);
    pthread_mutex_t lock;
    pthread_cond_t freed;
    char *folder; /* the folder of the database file */
};

static enum err_code sqlite_error(sqlite3 *db, int rc, struct err *err)
{
    int primary = rc & 0xff;
    const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if (primary == SQLITE_CONSTRAINT) {
        return err_set(err, ERR_CONFLICT, NULL, "违反数据约束:%s", "constraint violated: %s", msg);
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

static enum err_code conn_setup(struct store_conn *c, bool read_only, struct err *err)
{
    sqlite3_busy_timeout(c->db, STORE_BUSY_MS);
    sqlite3_extended_result_codes(c->db, 1);
    enum err_code rc = read_only ? ERR_OK : store_exec_script(c, "PRAGMA journal_mode=WAL;", err);
    if (rc != ERR_OK) {
        return rc;
    }
    rc = store_exec_script(c,
                           "PRAGMA synchronous=FULL;"
                           "PRAGMA foreign_keys=ON;"
                           "PRAGMA trusted_schema=OFF;"
                           /* Reads of log hashes and proofs
                            * come from memory-mapped pages. */
                           "PRAGMA mmap_size=17179869184;"
                           "PRAGMA cache_size=-32768;",
                           err);
    return rc;
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

/* ERR_UNAVAILABLE when the database read-only at path has an older schema
 * than this build's (it cannot be migrated here). */
static enum err_code schema_is_latest(struct store_conn *c, const char *path, struct err *err)
{
    int64_t have = 0;
    enum err_code rc = store_schema_version(c, &have, err);
    if (rc == ERR_OK && have < store_schema_latest()) {
        rc = err_set(err, ERR_UNAVAILABLE, "data",
                     "%s 的数据结构为第 %lld 版,本程序为第 %lld 版:须先以可写方式打开一次以升级",
                     "%s has schema version %lld and this probity %lld: open it once with write "
                     "access to migrate it",
                     path, (long long)have, (long long)store_schema_latest());
    }
    return rc;
}

enum err_code store_open(
    const char *path, enum store_open_mode mode, int n_conns, struct store **out, struct err *err)
{
    assert(n_conns >= 1);
    bool exists = access(path, F_OK) == 0;
    if (mode == STORE_OPEN_EXISTING && !exists) {
        return err_set(err, ERR_NOT_FOUND, NULL, "数据库不存在:%s", "no database at %s", path);
    }
    if (mode == STORE_OPEN_CREATE && exists) {
        return err_set(err, ERR_EXISTS, NULL, "数据库已存在:%s", "a database already exists at %s",
                       path);
    }
    struct store *st = xcalloc(1, sizeof(*st));
    st->conns = xcalloc((size_t)n_conns, sizeof(*st->conns));
    st->n_conns = n_conns;
    st->folder = xstrdup(path);
    char *slash = strrchr(st->folder, '/');
    if (slash == NULL) {
        xfree(st->folder);
        st->folder = xstrdup(".");
    } else {
        slash[slash == st->folder] = '\0';
    }
    pthread_mutex_init(&st->lock, NULL);
    pthread_cond_init(&st->freed, NULL);
    enum err_code rc = ERR_OK;
    bool read_only = mode == STORE_OPEN_READ_ONLY;
    char *uri = read_only ? read_only_uri(path) : NULL;
    for (int i = 0; i < n_conns && rc == ERR_OK; i++) {
        struct store_conn *c = &st->conns[i];
        c->owner = st;
        int flags = read_only ? SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX
                              : SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                                    (mode == STORE_OPEN_CREATE && i == 0 ? SQLITE_OPEN_CREATE : 0);
        int src = sqlite3_open_v2(read_only ? uri : path, &c->db, flags, NULL);
        if (src != SQLITE_OK) {
            rc = sqlite_error(c->db, src, err);
            break;
        }
        rc = conn_setup(c, read_only, err);
        if (rc == ERR_OK && i == 0) {
            rc = read_only ? schema_is_latest(c, path, err) : store_migrate(c, err);
        }
    }
    xfree(uri);
    if (rc != ERR_OK) {
        store_close(st);
        return rc;
    }
    *out = st;
    return ERR_OK;
}

static void conn_close(struct store_conn *c)
{
    for (int i = 0; i < c->n_cache; i++) {
        sqlite3_finalize(c->cache[i].stmt);
    }
    c->n_cache = 0;
    if (c->db != NULL) {
        int rc = sqlite3_close(c->db);
        /* Every statement is cached here and finalized above. */
        assert(rc == SQLITE_OK);
        (void)rc;
    }
    c->db = NULL;
}

void store_close(struct store *st)
{
    if (st == NULL) {
        return;
    }
    for (int i = 0; i < st->n_conns; i++) {
        assert(!st->conns[i].in_use);
        conn_close(&st->conns[i]);
    }
    if (st->hook_ctx_free != NULL) {
        st->hook_ctx_free(st->hook_ctx);
    }
    pthread_cond_destroy(&st->freed);
    pthread_mutex_destroy(&st->lock);
    xfree(st->conns);
    xfree(st->folder);
    xfree(st);
}

const char *store_folder(const struct store *st)
{
    return st->folder;
}

struct store_conn *store_acquire(struct store *st)
{
    pthread_mutex_lock(&st->lock);
    struct store_conn *found = NULL;
    while (found == NULL) {
        for (int i = 0; i < st->n_conns && found == NULL; i++) {
            if (!st->conns[i].in_use) {
                found = &st->conns[i];
            }
        }
        if (found == NULL) {
            pthread_cond_wait(&st->freed, &st->lock);
        }
    }
    found->in_use = true;
    pthread_mutex_unlock(&st->lock);
    return found;
}

void store_release(struct store_conn *c)
{
    if (c == NULL) {
        return;
    }
    if (c->depth > 0) {
        c->depth = 1;
        store_rollback(c);
    }
    struct store *st = c->owner;
    pthread_mutex_lock(&st->lock);
    c->in_use = false;
    pthread_cond_signal(&st->freed);
    pthread_mutex_unlock(&st->lock);
}

static enum err_code begin(struct store_conn *c, const char *sql, struct err *err)
{
    if (c->depth++ > 0) {
        return ERR_OK;
    }
    c->failed = false;
    enum err_code rc = store_exec_script(c, sql, err);
    if (rc != ERR_OK) {
        c->depth = 0;
    }
    return rc;
}

/* Ends the open transaction, if any, undoing it. */
static void rollback_now(struct store_conn *c)
{
    if (!sqlite3_get_autocommit(c->db)) {
        struct err ignored;
        err_init(&ignored);
        if (store_exec_script(c, "ROLLBACK", &ignored) != ERR_OK) {
            diag(DIAG_WARN, "store", "rollback failed: %s", err_message(&ignored, true));
        }
    }
}

/* Begins a write transaction, taking the write lock at once (BEGIN
 * IMMEDIATE), so writers queue instead of failing later. Only store_write
 * begins one. */
static enum err_code begin_write(struct store_conn *c, struct err *err)
{
    bool outermost = c->depth == 0;
    enum err_code rc = begin(c, "BEGIN IMMEDIATE", err);
    if (rc == ERR_OK && outermost) {
        c->writing = true;
    }
    assert(rc != ERR_OK || c->writing); /* no write inside a read transaction */
    return rc;
}

enum err_code store_write(struct store_conn *c, store_write_fn fn, void *arg, struct err *err)
{
    enum err_code rc = begin_write(c, err);
    if (rc != ERR_OK) {
        return rc;
    }
    rc = fn(c, arg, err);
    if (rc == ERR_OK) {
        return store_commit(c, err);
    }
    store_rollback(c);
    return rc;
}

static enum err_code begin_read(struct store_conn *c, struct err *err)
{
    bool outermost = c->depth == 0;
    enum err_code rc = begin(c, "BEGIN", err);
    if (rc == ERR_OK && outermost) {
        c->writing = false;
    }
    return rc;
}

enum err_code store_read(struct store_conn *c, store_read_fn fn, void *arg, struct err *err)
{
    enum err_code rc = begin_read(c, err);
    if (rc != ERR_OK) {
        return rc;
    }
    rc = fn(c, arg, err);
    /* A read has nothing to undo: it ends the same way whatever fn
     * answered, and a failed read nested in another transaction leaves
     * that transaction as it was. */
    struct err ended;
    err_init(&ended);
    enum err_code end = store_commit(c, rc == ERR_OK ? err : &ended);
    return rc != ERR_OK ? rc : end;
}

void store_set_hooks(struct store *st,
                     store_hook_fn before_commit,
                     store_hook_fn after_commit,
                     void *ctx,
                     void (*ctx_free)(void *ctx))
{
    if (st->hook_ctx_free != NULL) {
        st->hook_ctx_free(st->hook_ctx);
    }
    st->before_commit = before_commit;
    st->after_commit = after_commit;
    st->hook_ctx = ctx;
    st->hook_ctx_free = ctx_free;
}

void *store_hook_ctx(struct store *st)
{
    return st->hook_ctx;
}

struct store *store_of(struct store_conn *c)
{
    return c->owner;
}

enum err_code store_commit(struct store_conn *c, struct err *err)
{
    assert(c->depth > 0);
    if (c->depth > 1) {
        c->depth--;
        return ERR_OK;
    }
    struct store *st = c->owner;
    bool writing = c->writing;
    enum err_code rc = ERR_OK;
    /* The hook runs inside the transaction (depth still 1), so what it
     * begins and commits nests in it. */
    if (!c->failed && writing && st->before_commit != NULL) {
        rc = st->before_commit(c, st->hook_ctx, err);
    }
    c->depth = 0;
    c->writing = false;
    if (c->failed) {
        rollback_now(c);
        return rc != ERR_OK
                   ? rc
                   : err_set(err, ERR_STORE, NULL, "事务已回滚", "the transaction was rolled back");
    }
    if (rc == ERR_OK) {
        rc = store_exec_script(c, "COMMIT", err);
    }
    if (rc != ERR_OK) {
        rollback_now(c);
        return rc;
    }
    if (writing && st->after_commit != NULL) {
        struct err ignored;
        err_init(&ignored);
        if (st->after_commit(c, st->hook_ctx, &ignored) != ERR_OK) {
            diag(DIAG_WARN, "store", "after-commit hook failed: %s", err_message(&ignored, true));
        }
    }
    return ERR_OK;
}

void store_rollback(struct store_conn *c)
{
    assert(c->depth > 0);
    if (--c->depth > 0) {
        c->failed = true;
        return;
    }
    c->writing = false;
    rollback_now(c);
}

enum err_code
store_prepare(struct store_conn *c, const char *sql, struct store_stmt **out, struct err *err)
{
    for (int i = 0; i < c->n_cache; i++) {
        if (c->cache[i].sql_key == sql) {
            *out = &c->cache[i];
            return ERR_OK;
        }
    }
    for (int i = 0; i < c->n_cache; i++) {
        if (strcmp(sqlite3_sql(c->cache[i].stmt), sql) == 0) {
            *out = &c->cache[i];
            return ERR_OK;
        }
    }
    if (c->n_cache == STORE_MAX_CACHED) {
        diag_fatal("statement cache full (%d statements)", STORE_MAX_CACHED);
    }
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
    if (rc != SQLITE_OK) {
        return sqlite_error(c->db, rc, err);
    }
    struct store_stmt *s = &c->cache[c->n_cache++];
    s->stmt = stmt;
    s->conn = c;
    s->sql_key = sql;
    *out = s;
    return ERR_OK;
}

void store_bind_int(struct store_stmt *s, int idx, int64_t v)
{
    sqlite3_bind_int64(s->stmt, idx, v);
}

void store_bind_text(struct store_stmt *s, int idx, const char *v)
{
    if (v == NULL) {
        sqlite3_bind_null(s->stmt, idx);
    } else {
        sqlite3_bind_text(s->stmt, idx, v, -1, SQLITE_TRANSIENT);
    }
}

void store_bind_blob(struct store_stmt *s, int idx, const void *p, size_t n)
{
    sqlite3_bind_blob64(s->stmt, idx, p, n, SQLITE_TRANSIENT);
}

void store_bind_null(struct store_stmt *s, int idx)
{
    sqlite3_bind_null(s->stmt, idx);
}

enum store_step_result store_step(struct store_stmt *s, struct err *err)
{
    int rc = sqlite3_step(s->stmt);
    if (rc == SQLITE_ROW) {
        return STORE_ROW;
    }
    if (rc == SQLITE_DONE) {
        return STORE_DONE;
    }
    sqlite_error(s->conn->db, rc, err);
    return STORE_ERROR;
}

int store_col_count(struct store_stmt *s)
{
    return sqlite3_column_count(s->stmt);
}

const char *store_col_name(struct store_stmt *s, int col)
{
    return sqlite3_column_name(s->stmt, col);
}

bool store_col_is_null(struct store_stmt *s, int col)
{
    return sqlite3_column_type(s->stmt, col) == SQLITE_NULL;
}

int64_t store_col_int(struct store_stmt *s, int col)
{
    return sqlite3_column_int64(s->stmt, col);
}

const char *store_col_text(struct store_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s->stmt, col);
    return t ? (const char *)t : "";
}

const void *store_col_blob(struct store_stmt *s, int col, size_t *len)
{
    const void *p = sqlite3_column_blob(s->stmt, col);
    *len = (size_t)sqlite3_column_bytes(s->stmt, col);
    return p;
}

void store_done(struct store_stmt *s)
{
    if (s == NULL) {
        return;
    }
    sqlite3_reset(s->stmt);
    sqlite3_clear_bindings(s->stmt);
}

int64_t store_changes(struct store_conn *c)
{
    return sqlite3_changes64(c->db);
}

/* Binds the arguments described by fmt (see store.h). */
static void bind_args(struct store_stmt *s, const char *fmt, va_list ap)
{
    assert((int)strlen(fmt) == sqlite3_bind_parameter_count(s->stmt));
    for (int i = 0; fmt[i] != '\0'; i++) {
        switch (fmt[i]) {
        case 'i':
            store_bind_int(s, i + 1, va_arg(ap, int64_t));
            break;
        case 't':
            store_bind_text(s, i + 1, va_arg(ap, const char *));
            break;
        case 'b': {
            const void *p = va_arg(ap, const void *);
            size_t n = va_arg(ap, size_t);
            store_bind_blob(s, i + 1, p, n);
            break;
        }
        case 'n':
            store_bind_null(s, i + 1);
            break;
        default:
            diag_fatal("bad bind format letter '%c'", fmt[i]);
        }
    }
}

/* Converts the current row to a new JSON object. */
static json_t *row_json(struct store_stmt *s)
{
    json_t *row = json_object();
    int n = store_col_count(s);
    for (int i = 0; i < n; i++) {
        json_t *v;
        switch (sqlite3_column_type(s->stmt, i)) {
        case SQLITE_INTEGER:
            v = json_integer(store_col_int(s, i));
            break;
        case SQLITE_NULL:
            v = json_null();
            break;
        case SQLITE_FLOAT:
            diag_fatal("real column %s in a query table", store_col_name(s, i));
        default:
            v = json_stringn(store_col_text(s, i), (size_t)sqlite3_column_bytes(s->stmt, i));
            break;
        }
        json_object_set_new(row, store_col_name(s, i), v);
    }
    return row;
}

enum err_code
store_exec(struct store_conn *c, struct err *err, const char *sql, const char *fmt, ...)
{
    struct store_stmt *s = NULL;
    enum err_code rc = store_prepare(c, sql, &s, err);
    if (rc != ERR_OK) {
        return rc;
    }
    va_list ap;
    va_start(ap, fmt);
    bind_args(s, fmt, ap);
    va_end(ap);
    enum store_step_result r;
    while ((r = store_step(s, err)) == STORE_ROW) {
    }
    store_done(s);
    return r == STORE_DONE ? ERR_OK : err->code;
}

/* Runs the query; collects up to max_rows rows (0: all) into a new array. */
static enum err_code query_rows(struct store_conn *c,
                                json_t **rows,
                                size_t max_rows,
                                struct err *err,
                                const char *sql,
                                const char *fmt,
                                va_list ap)
{
    struct store_stmt *s = NULL;
    enum err_code rc = store_prepare(c, sql, &s, err);
    if (rc != ERR_OK) {
        return rc;
    }
    bind_args(s, fmt, ap);
    return store_rows_json(s, max_rows, rows, err);
}

enum err_code store_rows_json(struct store_stmt *s, size_t max_rows, json_t **rows, struct err *err)
{
    json_t *out = json_array();
    enum store_step_result r;
    while ((r = store_step(s, err)) == STORE_ROW) {
        json_array_append_new(out, row_json(s));
        if (max_rows != 0 && json_array_size(out) == max_rows) {
            r = STORE_DONE;
            break;
        }
    }
    store_done(s);
    if (r != STORE_DONE) {
        json_decref(out);
        return err->code;
    }
    *rows = out;
    return ERR_OK;
}

enum err_code store_query_json(
    struct store_conn *c, json_t **rows, struct err *err, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    enum err_code rc = query_rows(c, rows, 0, err, sql, fmt, ap);
    va_end(ap);
    return rc;
}

enum err_code store_query_row(
    struct store_conn *c, json_t **row, struct err *err, const char *sql, const char *fmt, ...)
{
    json_t *rows = NULL;
    va_list ap;
    va_start(ap, fmt);
    enum err_code rc = query_rows(c, &rows, 1, err, sql, fmt, ap);
    va_end(ap);
    if (rc != ERR_OK) {
        return rc;
    }
    *row = json_array_size(rows) ? json_incref(json_array_get(rows, 0)) : NULL;
    json_decref(rows);
    return ERR_OK;
}

enum err_code store_query_int(struct store_conn *c,
                              int64_t *out,
                              bool *found,
                              struct err *err,
                              const char *sql,
                              const char *fmt,
                              ...)
{
    struct store_stmt *s = NULL;
    enum err_code rc = store_prepare(c, sql, &s, err);
    if (rc != ERR_OK) {
        return rc;
    }
    va_list ap;
    va_start(ap, fmt);
    bind_args(s, fmt, ap);
    va_end(ap);
    enum store_step_result r = store_step(s, err);
    if (r == STORE_ROW) {
        *out = store_col_int(s, 0);
    }
    if (found != NULL) {
        *found = r == STORE_ROW;
    } else {
        assert(r != STORE_DONE);
    }
    store_done(s);
    return r == STORE_ERROR ? err->code : ERR_OK;
}

enum err_code store_exec_script(struct store_conn *c, const char *script, struct err *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(c->db, script, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        err_set(err, (rc & 0xff) == SQLITE_CONSTRAINT ? ERR_CONFLICT : ERR_STORE, NULL,
                "数据库错误:%s", "database error: %s", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return err ? err->code : ERR_STORE;
    }
    return ERR_OK;
}
