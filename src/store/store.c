/*
 * The store over either backend (backend.h): the pool of connections,
 * nested transactions with their commit hooks, the statement cache of each
 * connection, and the convenience forms that bind, run and collect rows.
 * See docs/store.md.
 */
#include "store/store.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "core/utc.h"
#include "store/backend.h"

#include <assert.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <string.h>

#define STORE_MAX_CACHED 1024
/* How long reads stay off a replica that could not be reached. */
#define REPLICA_REST_MS 5000

struct store_stmt {
    void *impl;
    struct store_conn *conn;
    const char *sql_key; /* the caller's SQL pointer, compared first */
};

struct store_conn {
    void *impl;
    struct store *owner;
    int depth;    /* nesting depth of the open transaction */
    bool writing; /* the open transaction is a write transaction */
    bool failed;  /* a nested rollback happened: the outermost commit fails */
    bool in_use;  /* acquired by a thread */
    uint64_t txn; /* the transaction open (or last opened) on it: store_transaction */
    struct store_stmt cache[STORE_MAX_CACHED];
    int n_cache;
};

struct store {
    const struct backend *be;
    struct store_conn *conns;
    int n_conns;
    store_hook_fn before_commit; /* see store_set_hooks */
    store_hook_fn after_commit;
    void *hook_ctx;
    void (*hook_ctx_free)(void *ctx);
    pthread_mutex_t lock;
    pthread_cond_t freed;
    char *folder; /* the data folder */
    /* Read scaling (store_add_replica); guarded by lock. */
    struct store *replica; /* the standby's pool, or NULL */
    struct store *primary; /* of a replica's pool: the store it serves */
    int64_t written;       /* the primary's position after this store's last commit */
    int64_t replayed;      /* the replica's replay position, last seen */
    int64_t rest_until_ms; /* reads stay off the replica until then */
    /* SQLite: a connection kept to read PRAGMA data_version (its value is
     * per connection); guarded by watch_lock. */
    struct store_conn watch;
    pthread_mutex_t watch_lock;
};

bool store_is_postgres(const char *db)
{
    return strncmp(db, "postgresql://", 13) == 0 || strncmp(db, "postgres://", 11) == 0;
}

/* The folder of the file at path. */
static char *folder_of(const char *path)
{
    char *folder = xstrdup(path);
    char *slash = strrchr(folder, '/');
    if (slash == NULL) {
        xfree(folder);
        return xstrdup(".");
    }
    slash[slash == folder] = '\0';
    return folder;
}

/* ERR_UNAVAILABLE when the database opened read-only has an older schema
 * than this build's (it cannot be migrated here). */
static enum err_code schema_is_latest(struct store_conn *c, struct err *err)
{
    int64_t have = 0;
    enum err_code rc = store_schema_version(c, &have, err);
    if (rc == ERR_OK && have < store_schema_latest()) {
        rc = err_set(err, ERR_UNAVAILABLE, "data",
                     "数据库的数据结构为第 %lld 版,本程序为第 %lld 版:须先以可写方式打开一次以升级",
                     "the database has schema version %lld and this probity %lld: open it once "
                     "with write access to migrate it",
                     (long long)have, (long long)store_schema_latest());
    }
    return rc;
}

enum err_code store_open(const char *db,
                         const char *folder,
                         enum store_open_mode mode,
                         int n_conns,
                         struct store **out,
                         struct err *err)
{
    assert(n_conns >= 1);
    struct store *st = xcalloc(1, sizeof(*st));
    st->be = store_is_postgres(db) ? &pg_backend : &sqlite_backend;
    st->conns = xcalloc((size_t)n_conns, sizeof(*st->conns));
    st->n_conns = n_conns;
    st->folder = folder != NULL ? xstrdup(folder) : folder_of(db);
    pthread_mutex_init(&st->lock, NULL);
    pthread_cond_init(&st->freed, NULL);
    pthread_mutex_init(&st->watch_lock, NULL);
    enum err_code rc = ERR_OK;
    for (int i = 0; i < n_conns && rc == ERR_OK; i++) {
        struct store_conn *c = &st->conns[i];
        c->owner = st;
        rc = st->be->open(db, mode, i, &c->impl, err);
        if (rc == ERR_OK && i == 0) {
            rc = mode == STORE_OPEN_READ_ONLY ? schema_is_latest(c, err) : store_migrate(c, err);
        }
    }
    if (rc == ERR_OK && st->be->dialect == STORE_SQLITE) {
        st->watch.owner = st;
        rc = st->be->open(db, mode, n_conns, &st->watch.impl, err);
    }
    if (rc != ERR_OK) {
        store_close(st);
        return rc;
    }
    *out = st;
    return ERR_OK;
}

static void conn_close(struct store_conn *c)
{
    const struct backend *be = c->owner->be;
    for (int i = 0; i < c->n_cache; i++) {
        be->finalize(c->cache[i].impl);
    }
    c->n_cache = 0;
    if (c->impl != NULL) {
        be->close(c->impl);
    }
    c->impl = NULL;
}

void store_close(struct store *st)
{
    if (st == NULL) {
        return;
    }
    for (int i = 0; i < st->n_conns; i++) {
        assert(!st->conns[i].in_use);
        if (st->conns[i].owner != NULL) {
            conn_close(&st->conns[i]);
        }
    }
    if (st->watch.owner != NULL) {
        conn_close(&st->watch);
    }
    pthread_mutex_destroy(&st->watch_lock);
    if (st->hook_ctx_free != NULL) {
        st->hook_ctx_free(st->hook_ctx);
    }
    store_close(st->replica);
    pthread_cond_destroy(&st->freed);
    pthread_mutex_destroy(&st->lock);
    xfree(st->conns);
    xfree(st->folder);
    xfree(st);
}

bool store_data_version(struct store *st, int64_t *out)
{
    if (st->watch.impl == NULL) {
        return false;
    }
    struct err err;
    struct store_stmt *s = NULL;
    err_init(&err);
    pthread_mutex_lock(&st->watch_lock);
    bool ok = store_prepare(&st->watch, "PRAGMA data_version", &s, &err) == ERR_OK &&
              store_step(s, &err) == STORE_ROW;
    *out = ok ? store_col_int(s, 0) : 0;
    store_done(s);
    pthread_mutex_unlock(&st->watch_lock);
    return ok;
}

const char *store_folder(const struct store *st)
{
    return st->folder;
}

enum store_dialect store_dialect_of(const struct store *st)
{
    return st->be->dialect;
}

const char *store_sql(struct store_conn *c, const char *sqlite_sql, const char *postgres_sql)
{
    return c->owner->be->dialect == STORE_POSTGRES ? postgres_sql : sqlite_sql;
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

enum err_code store_add_replica(struct store *st, const char *db, int n_conns, struct err *err)
{
    assert(st->replica == NULL);
    if (st->be->position == NULL || !store_is_postgres(db)) {
        return err_set(err, ERR_INVALID, "replica", "只读副本须为 PostgreSQL 数据库",
                       "a replica must be a PostgreSQL database");
    }
    struct store *r = NULL;
    enum err_code rc = store_open(db, st->folder, STORE_OPEN_READ_ONLY, n_conns, &r, err);
    /* Every connection of the primary waits for the standby at commit;
     * they are all taken, so that none is in use meanwhile. */
    struct store_conn **taken = xcalloc((size_t)st->n_conns, sizeof(*taken));
    for (int i = 0; i < st->n_conns; i++) {
        taken[i] = store_acquire(st);
    }
    for (int i = 0; rc == ERR_OK && i < st->n_conns; i++) {
        rc = st->be->await_standby(taken[i]->impl, err);
    }
    for (int i = 0; i < st->n_conns; i++) {
        store_release(taken[i]);
    }
    xfree(taken);
    if (rc != ERR_OK) {
        store_close(r);
        return rc;
    }
    r->primary = st;
    st->replica = r;
    return ERR_OK;
}

/* Keeps reads off st's replica for a while. */
static void rest_replica(struct store *st, const struct err *why)
{
    pthread_mutex_lock(&st->lock);
    st->rest_until_ms = utc_monotonic_ms() + REPLICA_REST_MS;
    pthread_mutex_unlock(&st->lock);
    diag(DIAG_WARN, "store", "reads go to the primary for %d s: the replica: %s",
         REPLICA_REST_MS / 1000, err_message(why, true));
}

struct store_conn *store_acquire_read(struct store *st)
{
    struct store *r = st->replica;
    if (r == NULL) {
        return store_acquire(st);
    }
    pthread_mutex_lock(&st->lock);
    bool resting = utc_monotonic_ms() < st->rest_until_ms;
    int64_t needed = st->written, seen = st->replayed;
    pthread_mutex_unlock(&st->lock);
    if (resting) {
        return store_acquire(st);
    }
    struct store_conn *c = store_acquire(r);
    if (seen >= needed) {
        return c;
    }
    struct err err;
    err_init(&err);
    if (st->be->position(c->impl, true, &seen, &err) != ERR_OK) {
        store_release(c);
        rest_replica(st, &err);
        return store_acquire(st);
    }
    pthread_mutex_lock(&st->lock);
    st->replayed = seen > st->replayed ? seen : st->replayed;
    pthread_mutex_unlock(&st->lock);
    if (seen < needed) {
        /* Not yet replayed this store's last write: the primary reads it. */
        store_release(c);
        return store_acquire(st);
    }
    return c;
}

bool store_is_replica(struct store_conn *c)
{
    return c->owner->primary != NULL;
}

/* Notes where the primary is after a commit of c's, so that reads wait
 * for the replica to replay it. */
static void note_written(struct store_conn *c)
{
    struct store *st = c->owner;
    int64_t at = 0;
    struct err err;
    err_init(&err);
    if (st->be->position(c->impl, false, &at, &err) != ERR_OK) {
        /* Unknown: reads keep off the replica while it catches up. */
        rest_replica(st, &err);
        return;
    }
    pthread_mutex_lock(&st->lock);
    st->written = at > st->written ? at : st->written;
    pthread_mutex_unlock(&st->lock);
}

static enum err_code begin(struct store_conn *c, bool write, struct err *err)
{
    if (c->depth++ > 0) {
        assert(c->writing || !write); /* no write inside a read transaction */
        return ERR_OK;
    }
    static _Atomic uint64_t transactions;
    c->failed = false;
    c->writing = write;
    c->txn = atomic_fetch_add(&transactions, 1) + 1;
    enum err_code rc = c->owner->be->begin(c->impl, write, err);
    if (rc != ERR_OK) {
        c->depth = 0;
        c->writing = false;
    }
    return rc;
}

/* Ends the open transaction, if any, undoing it. */
static void rollback_now(struct store_conn *c)
{
    if (c->owner->be->in_transaction(c->impl)) {
        struct err ignored;
        err_init(&ignored);
        if (c->owner->be->end(c->impl, false, &ignored) != ERR_OK) {
            diag(DIAG_WARN, "store", "rollback failed: %s", err_message(&ignored, true));
        }
    }
}

enum err_code store_write(struct store_conn *c, store_write_fn fn, void *arg, struct err *err)
{
    enum err_code rc = begin(c, true, err);
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

enum err_code store_read(struct store_conn *c, store_read_fn fn, void *arg, struct err *err)
{
    enum err_code rc = begin(c, false, err);
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

enum err_code store_read_routed(struct store *st, store_read_fn fn, void *arg, struct err *err)
{
    struct store_conn *c = store_acquire_read(st);
    enum err_code rc = store_read(c, fn, arg, err);
    bool again = rc == ERR_UNAVAILABLE && store_is_replica(c);
    store_release(c);
    if (again) {
        rest_replica(st, err);
        err_init(err);
        c = store_acquire(st);
        rc = store_read(c, fn, arg, err);
        store_release(c);
    }
    return rc;
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

uint64_t store_transaction(const struct store_conn *c)
{
    return c->txn;
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
        rc = st->be->end(c->impl, true, err);
    }
    if (rc != ERR_OK) {
        rollback_now(c);
        return rc;
    }
    if (writing && st->replica != NULL) {
        note_written(c);
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

enum err_code store_savepoint(struct store_conn *c, store_write_fn fn, void *arg, struct err *err)
{
    assert(c->depth > 0 && c->writing && !c->failed);
    /* One name at every depth: both engines undo and let go of the
     * latest savepoint of a name. Prepared once per connection. */
    enum err_code rc = store_exec(c, err, "SAVEPOINT probity", "");
    if (rc != ERR_OK) {
        return rc;
    }
    c->depth++;
    rc = fn(c, arg, err);
    c->depth--;
    bool undo = rc != ERR_OK || c->failed;
    c->failed = false;
    if (undo && rc == ERR_OK) {
        rc = err_set(err, ERR_STORE, NULL, "事务已回滚", "the transaction was rolled back");
    }
    struct err ended;
    err_init(&ended);
    if ((undo && store_exec(c, &ended, "ROLLBACK TO SAVEPOINT probity", "") != ERR_OK) ||
        store_exec(c, &ended, "RELEASE SAVEPOINT probity", "") != ERR_OK) {
        /* The savepoint cannot be undone or let go: the whole transaction fails. */
        c->failed = true;
        if (rc == ERR_OK) {
            *err = ended;
            rc = ended.code;
        }
    }
    return rc;
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
    const struct backend *be = c->owner->be;
    for (int i = 0; i < c->n_cache; i++) {
        if (c->cache[i].sql_key == sql) {
            *out = &c->cache[i];
            return ERR_OK;
        }
    }
    for (int i = 0; i < c->n_cache; i++) {
        if (strcmp(be->sql(c->cache[i].impl), sql) == 0) {
            *out = &c->cache[i];
            return ERR_OK;
        }
    }
    if (c->n_cache == STORE_MAX_CACHED) {
        diag_fatal("statement cache full (%d statements)", STORE_MAX_CACHED);
    }
    void *impl = NULL;
    enum err_code rc = be->prepare(c->impl, sql, &impl, err);
    if (rc != ERR_OK) {
        return rc;
    }
    struct store_stmt *s = &c->cache[c->n_cache++];
    s->impl = impl;
    s->conn = c;
    s->sql_key = sql;
    *out = s;
    return ERR_OK;
}

/* The backend of statement s. */
static const struct backend *be_of(struct store_stmt *s)
{
    return s->conn->owner->be;
}

void store_bind_int(struct store_stmt *s, int idx, int64_t v)
{
    be_of(s)->bind_int(s->impl, idx, v);
}

void store_bind_text(struct store_stmt *s, int idx, const char *v)
{
    if (v == NULL) {
        be_of(s)->bind_null(s->impl, idx);
    } else {
        be_of(s)->bind_text(s->impl, idx, v);
    }
}

void store_bind_blob(struct store_stmt *s, int idx, const void *p, size_t n)
{
    be_of(s)->bind_blob(s->impl, idx, p, n);
}

void store_bind_null(struct store_stmt *s, int idx)
{
    be_of(s)->bind_null(s->impl, idx);
}

enum store_step_result store_step(struct store_stmt *s, struct err *err)
{
    return be_of(s)->step(s->impl, err);
}

int store_col_count(struct store_stmt *s)
{
    return be_of(s)->col_count(s->impl);
}

const char *store_col_name(struct store_stmt *s, int col)
{
    return be_of(s)->col_name(s->impl, col);
}

bool store_col_is_null(struct store_stmt *s, int col)
{
    return be_of(s)->col_type(s->impl, col) == BACKEND_NULL;
}

int64_t store_col_int(struct store_stmt *s, int col)
{
    return be_of(s)->col_int(s->impl, col);
}

const char *store_col_text(struct store_stmt *s, int col)
{
    size_t len;
    return be_of(s)->col_text(s->impl, col, &len);
}

const void *store_col_blob(struct store_stmt *s, int col, size_t *len)
{
    return be_of(s)->col_blob(s->impl, col, len);
}

void store_done(struct store_stmt *s)
{
    if (s == NULL) {
        return;
    }
    be_of(s)->reset(s->impl);
}

int64_t store_changes(struct store_conn *c)
{
    return c->owner->be->changes(c->impl);
}

/* Binds the arguments described by fmt (see store.h). */
static void bind_args(struct store_stmt *s, const char *fmt, va_list ap)
{
    assert((int)strlen(fmt) == be_of(s)->param_count(s->impl));
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
    const struct backend *be = be_of(s);
    json_t *row = json_object();
    int n = store_col_count(s);
    for (int i = 0; i < n; i++) {
        json_t *v;
        size_t len;
        switch (be->col_type(s->impl, i)) {
        case BACKEND_INT:
            v = json_integer(store_col_int(s, i));
            break;
        case BACKEND_NULL:
            v = json_null();
            break;
        case BACKEND_REAL:
            diag_fatal("real column %s in a query table", store_col_name(s, i));
        default: {
            const char *text = be->col_text(s->impl, i, &len);
            v = json_stringn(text, len);
            break;
        }
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
    return c->owner->be->exec_script(c->impl, script, err);
}
