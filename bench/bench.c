/*
 * What the benchmarks share. See bench.h.
 */
#include "bench.h"

#include "core/alloc.h"
#include "core/canon.h"
#include "core/utc.h"
#include "log/db.h"
#include "record/node.h"
#include "record/verify.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), compare_double);
    return v[n / 2];
}

void bench_die(const char *what, const struct err *err)
{
    fprintf(stderr, "bench: %s: %s\n", what, err ? err_message(err, true) : "");
    exit(1);
}

/* Every record's time. */
static const char record_time[] = "2026-11-29T00:00:00.000Z";

void bench_record(int64_t seq, const char *township, int pad, struct buf *out)
{
    struct err err;
    char filler[512];
    memset(filler, 'x', sizeof(filler));
    filler[pad < 511 ? pad : 511] = '\0';
    json_t *rec = json_pack("{ss, s{sI, ss, ss}, sI, ss, ss, ss}", "actor", "bench", "payload",
                            "id", (json_int_t)seq, "name", "店口镇城建局项目", "note", filler,
                            "seq", (json_int_t)seq, "time", record_time, "township", township,
                            "type", "village.updated");
    buf_reset(out);
    err_init(&err);
    if (canon_encode(rec, out, &err) != ERR_OK) {
        bench_die("encode", &err);
    }
    json_decref(rec);
}

static const char *const default_township[] = {"diankou"};

static const char *township_of(const struct bench_records *r, int64_t seq)
{
    return r->townships[seq % r->n_townships];
}

void bench_records_make(struct bench_records *r,
                        int64_t first,
                        int64_t n,
                        int pad,
                        const char *const *townships,
                        int n_townships)
{
    struct buf rec;
    *r = (struct bench_records){
        .first = first, .n = n, .townships = townships, .n_townships = n_townships};
    if (townships == NULL) {
        r->townships = default_township;
        r->n_townships = 1;
    }
    buf_init(&rec, 1 << 20);
    buf_init(&r->all, (size_t)1 << 36);
    r->ends = xcalloc((size_t)n, sizeof(*r->ends));
    for (int64_t i = 0; i < n; i++) {
        bench_record(first + i, township_of(r, first + i), pad, &rec);
        if (buf_append(&r->all, rec.data, rec.len) != ERR_OK) {
            bench_die("records", NULL);
        }
        r->ends[i] = r->all.len;
    }
    buf_clear(&rec);
}

void bench_records_clear(struct bench_records *r)
{
    buf_clear(&r->all);
    xfree(r->ends);
}

const char *bench_record_at(const struct bench_records *r, int64_t seq, size_t *len)
{
    int64_t i = seq - r->first;
    size_t start = i == 0 ? 0 : r->ends[i - 1];
    *len = r->ends[i] - start;
    return r->all.data + start;
}

/* One commit's worth of records: [from, end). */
struct append_batch {
    const struct bench_records *recs;
    int64_t from;
    int64_t end;
};

static enum err_code append_body(struct store_conn *c, void *arg, struct err *err)
{
    struct append_batch *b = arg;
    uint8_t hashes[TLOG_DB_LEAF_HASHES_MAX];
    size_t hashes_len = 0;
    int64_t ms = 0;
    if (!utc_parse(record_time, &ms)) {
        bench_die("time", NULL);
    }
    for (int64_t seq = b->from; seq < b->end; seq++) {
        size_t len = 0;
        const char *rec = bench_record_at(b->recs, seq, &len);
        if (tlog_db_append_hashes(c, seq, rec, len, hashes, &hashes_len, err) != ERR_OK ||
            store_exec(c, err,
                       "INSERT INTO events (seq, time, time_ms, township, actor, type, body,"
                       " tlog) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       "ititttbb", seq, record_time, ms, township_of(b->recs, seq), "bench",
                       "village.updated", rec, len, hashes, hashes_len) != ERR_OK) {
            bench_die("append", err);
        }
    }
    return ERR_OK;
}

double bench_verify_log(struct store *st, const char *data, int jobs, int64_t *events)
{
    struct err err;
    struct tlog_key key;
    struct verify_report rep;
    err_init(&err);
    if (node_key(data, &key, &err) != ERR_OK) {
        bench_die("key", &err);
    }
    struct store_conn *c = store_acquire(st);
    double t0 = bench_now();
    if (verify_log(c, &key, jobs, NULL, NULL, &rep, &err) != ERR_OK || rep.problem != VERIFY_OK) {
        bench_die(rep.problem != VERIFY_OK ? rep.detail : "verify", &err);
    }
    double t = bench_now() - t0;
    store_release(c);
    sodium_memzero(&key, sizeof(key));
    *events = rep.events;
    return t;
}

double bench_log_append(struct store *st, const struct bench_records *r, int batch)
{
    struct err err;
    int64_t end = r->first + r->n;
    struct store_conn *c = store_acquire(st);
    err_init(&err);
    double t0 = bench_now();
    for (int64_t seq = r->first; seq < end; seq += batch) {
        struct append_batch b = {r, seq, seq + batch < end ? seq + batch : end};
        if (store_write(c, append_body, &b, &err) != ERR_OK) {
            bench_die("commit", &err);
        }
    }
    double t = bench_now() - t0;
    store_release(c);
    return t;
}

void bench_bare_open(const char *path, sqlite3 **db, sqlite3_stmt **insert)
{
    *db = NULL;
    *insert = NULL;
    if (sqlite3_open(path, db) != SQLITE_OK || sqlite3_busy_timeout(*db, 10000) != SQLITE_OK ||
        sqlite3_exec(*db,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                     "CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY,"
                     " time TEXT NOT NULL, time_ms INTEGER NOT NULL, township TEXT,"
                     " actor TEXT NOT NULL, type TEXT NOT NULL, body BLOB NOT NULL)",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(*db, "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)", -1, insert,
                           NULL) != SQLITE_OK) {
        bench_die("bare sqlite", NULL);
    }
}

void bench_bare_insert(
    sqlite3_stmt *insert, int64_t seq, const char *type, const void *rec, size_t len)
{
    if (seq >= 0) {
        sqlite3_bind_int64(insert, 1, seq);
    } else {
        sqlite3_bind_null(insert, 1);
    }
    sqlite3_bind_text(insert, 2, "2026-11-29T00:00:00.000Z", -1, SQLITE_STATIC);
    sqlite3_bind_int64(insert, 3, 0);
    sqlite3_bind_text(insert, 4, "diankou", -1, SQLITE_STATIC);
    sqlite3_bind_text(insert, 5, "bench", -1, SQLITE_STATIC);
    sqlite3_bind_text(insert, 6, type, -1, SQLITE_STATIC);
    sqlite3_bind_blob(insert, 7, rec, (int)len, SQLITE_STATIC);
    int rc = sqlite3_step(insert);
    sqlite3_reset(insert);
    if (rc != SQLITE_DONE) {
        bench_die("bare insert", NULL);
    }
}
