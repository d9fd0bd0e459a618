/*
 * The baseline of the concurrent-writers benchmark (bench/writes.mjs): N
 * threads, each with its own connection to one bare SQLite database (WAL,
 * synchronous=FULL), each inserting one event row per durable commit, one
 * after another, for a number of seconds; SQLite's own locking (its busy
 * handler) decides who writes next. Prints the commits per second and the
 * median and 99th-percentile time of one, on one line:
 *
 *   ./build/bench_writers --threads 64 --seconds 8 --dir /tmp/x
 *   writers 64: 2817 writes/s, median 21.3 ms, p99 54.1 ms
 */
#include "bench.h"

#include "core/alloc.h"
#include "core/buf.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One writer: its connection's timings. */
struct writer {
    const char *path;
    double until;
    int number;
    double *took; /* seconds per write */
    int n, cap;
};

static void *write_until(void *arg)
{
    struct writer *w = arg;
    sqlite3 *db = NULL;
    sqlite3_stmt *ins = NULL;
    struct buf rec;
    buf_init(&rec, 1 << 12);
    bench_bare_open(w->path, &db, &ins);
    for (int i = 0; bench_now() < w->until; i++) {
        bench_record(w->number * 1000000 + i, "diankou", 60, &rec);
        double t0 = bench_now();
        if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
            bench_die("bare begin", NULL);
        }
        bench_bare_insert(ins, -1, "person.updated", rec.data, rec.len);
        if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
            bench_die("bare commit", NULL);
        }
        if (w->n == w->cap) {
            w->cap = w->cap ? 2 * w->cap : 1024;
            w->took = xrealloc(w->took, (size_t)w->cap * sizeof(double));
        }
        w->took[w->n++] = bench_now() - t0;
    }
    sqlite3_finalize(ins);
    sqlite3_close(db);
    buf_clear(&rec);
    return NULL;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int threads = 1;
    double seconds = 8;
    const char *dir = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--threads") == 0) {
            threads = (int)strtol(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--seconds") == 0) {
            seconds = strtod(argv[i + 1], NULL);
        } else if (strcmp(argv[i], "--dir") == 0) {
            dir = argv[i + 1];
        }
    }
    if (dir == NULL || threads < 1 || threads > 1024 || seconds <= 0) {
        fprintf(stderr, "usage: bench_writers --dir DIR [--threads N] [--seconds S]\n");
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof(path), "%s/writers.db", dir);
    sqlite3 *db = NULL;
    sqlite3_stmt *ins = NULL;
    bench_bare_open(path, &db, &ins); /* the table, before the writers race for it */
    sqlite3_finalize(ins);
    sqlite3_close(db);
    struct writer *w = xcalloc((size_t)threads, sizeof(*w));
    pthread_t *t = xcalloc((size_t)threads, sizeof(*t));
    double start = bench_now();
    for (int i = 0; i < threads; i++) {
        w[i] = (struct writer){.path = path, .until = start + seconds, .number = i};
        if (pthread_create(&t[i], NULL, write_until, &w[i]) != 0) {
            bench_die("thread", NULL);
        }
    }
    int total = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(t[i], NULL);
        total += w[i].n;
    }
    double elapsed = bench_now() - start;
    double *all = xcalloc((size_t)total + 1, sizeof(double));
    int k = 0;
    for (int i = 0; i < threads; i++) {
        memcpy(all + k, w[i].took, (size_t)w[i].n * sizeof(double));
        k += w[i].n;
        xfree(w[i].took);
    }
    qsort(all, (size_t)total, sizeof(double), by_value);
    double median = total ? all[total / 2] : 0, p99 = total ? all[(total * 99) / 100] : 0;
    printf("writers %d: %.0f writes/s, median %.2f ms, p99 %.2f ms\n", threads,
           (double)total / elapsed, median * 1e3, p99 * 1e3);
    xfree(all);
    xfree(w);
    xfree(t);
    return 0;
}
