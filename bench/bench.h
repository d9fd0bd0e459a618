/*
 * What the benchmarks share: a monotonic clock, the median, a fatal
 * error, canonical event records made before any timing, the bulk
 * append of such records to a node's log (leaf and subtree hashes, a
 * signed checkpoint per commit, as event_record writes them), and the bare
 * SQLite rows they are measured against.
 */
#ifndef PROBITY_BENCH_H
#define PROBITY_BENCH_H

#include "core/buf.h"
#include "core/err.h"
#include "store/store.h"

#include <sqlite3.h>
#include <stdint.h>

/* Seconds on the monotonic clock. */
double bench_now(void);
/* The median of v[0..n) (sorts v). */
double bench_median(double *v, int n);
/* Prints "bench: what: err's message" and exits. */
NORETURN void bench_die(const char *what, const struct err *err);

/* Events first … first + n - 1, each about pad bytes of payload, the
 * event seq of township townships[seq % n_townships]: their canonical
 * bytes one after another, and where each ends. */
struct bench_records {
    struct buf all;
    size_t *ends;
    int64_t first;
    int64_t n;
    const char *const *townships;
    int n_townships;
};

void bench_records_make(struct bench_records *r,
                        int64_t first,
                        int64_t n,
                        int pad,
                        const char *const *townships,
                        int n_townships);
void bench_records_clear(struct bench_records *r);
/* The bytes of event seq (first <= seq < first + n). */
const char *bench_record_at(const struct bench_records *r, int64_t seq, size_t *len);
/* The canonical record of event seq of township with about pad bytes of
 * payload, in out. */
void bench_record(int64_t seq, const char *township, int pad, struct buf *out);

/* Appends the records to the log of st's node, batch events per durable
 * commit; returns the seconds taken. */
double bench_log_append(struct store *st, const struct bench_records *r, int batch);
/* The baseline of the log's appends and writes: a bare SQLite database
 * of event rows at path (WAL, synchronous=FULL, the events table created
 * unless there), open in *db with its insert prepared in *insert; waits
 * up to 10 s for another connection's write lock. */
void bench_bare_open(const char *path, sqlite3 **db, sqlite3_stmt **insert);
/* Inserts one event row of type with the record's bytes; seq < 0 takes
 * the next. Exits on failure. */
void bench_bare_insert(
    sqlite3_stmt *insert, int64_t seq, const char *type, const void *rec, size_t len);

/* Runs `probity verify`'s log pass over the node in the folder data,
 * open as st, hashing on jobs threads; returns the seconds taken, and in
 * *events how many it verified. Exits on any problem. */
double bench_verify_log(struct store *st, const char *data, int jobs, int64_t *events);

#endif
