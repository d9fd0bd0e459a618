/*
 * Benchmarks of the Merkle log, each measured side by side with its
 * baseline in one run (docs/log.md; results in bench/RESULTS.md):
 *   append   bulk append (leaf and subtree hashes, durable commits, a signed
 *            checkpoint per commit) vs a bare SQLite insert of the same rows
 *            with the same durability (WAL, synchronous=FULL), same batches;
 *   write    one acknowledged write through the whole path (command,
 *            event, query table, log hashes, signed checkpoint, fsync'd
 *            commit) vs a bare durable insert of one row: median latency;
 *   verify   `probity verify`'s log pass vs single-core SHA-256 over the
 *            same bytes;
 *   proof    inclusion proof generation in a log of --proof-leaves leaves.
 * Usage: bench_log [--events N] [--batch B] [--writes W] [--proof-leaves L]
 *                  [--dir DIR]
 */
#include "bench.h"

#include "areas/org/org.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/canon.h"
#include "core/utc.h"
#include "log/db.h"
#include "log/hash.h"
#include "log/proof.h"
#include "record/event.h"
#include "record/node.h"
#include "record/verify.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void make_dir(const char *base, const char *name, char *out, size_t size)
{
    int n = snprintf(out, size, "%s/%s", base, name);
    if (n < 0 || (size_t)n >= size) {
        bench_die("path too long", NULL);
    }
}

/* Bare SQLite: the same rows, the same batches and durability. */
static double
bare_append(const char *path, const struct bench_records *recs, int batch, int64_t *bytes)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int64_t n = recs->n;
    bench_bare_open(path, &db, &st);
    double t0 = bench_now();
    *bytes = 0;
    for (int64_t i = 0; i < n;) {
        sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        for (int k = 0; k < batch && i < n; k++, i++) {
            size_t len = 0;
            const char *rec = bench_record_at(recs, i, &len);
            *bytes += (int64_t)len;
            bench_bare_insert(st, i, "village.updated", rec, len);
        }
        if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
            bench_die("bare commit", NULL);
        }
    }
    double t = bench_now() - t0;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return t;
}

static void bench_append(
    const char *dir, int64_t n, int batch, struct store **st_out, char *data_out, size_t data_size)
{
    char bare[4096];
    int64_t bytes = 0;
    struct err err;
    make_dir(dir, "bare.db", bare, sizeof(bare));
    make_dir(dir, "append", data_out, data_size);
    err_init(&err);
    if (node_init(data_out, "bench.example/log", NULL, &err) != ERR_OK ||
        node_open(data_out, 2, st_out, &err) != ERR_OK) {
        bench_die("node", &err);
    }
    struct bench_records recs;
    bench_records_make(&recs, 0, n, 200, NULL, 0);
    double t_bare = bare_append(bare, &recs, batch, &bytes);
    double t_log = bench_log_append(*st_out, &recs, batch);
    bench_records_clear(&recs);
    printf("append: %lld events of %lld bytes on average, batches of %d, durable commits\n",
           (long long)n, (long long)(bytes / n), batch);
    printf("  bare SQLite insert       %10.0f events/s\n", (double)n / t_bare);
    printf("  probity log append       %10.0f events/s  (%.2f of bare)\n", (double)n / t_log,
           t_bare / t_log);
}

/* One person renamed per write: command, event, projection, log, checkpoint. */
static void bench_write(const char *dir, int writes)
{
    struct err err;
    char data[4096], bare[4096];
    struct store *st = NULL;
    json_t *result = NULL;
    double *a = xcalloc((size_t)writes, sizeof(double));
    double *b = xcalloc((size_t)writes, sizeof(double));
    make_dir(dir, "write", data, sizeof(data));
    make_dir(dir, "write-bare.db", bare, sizeof(bare));
    err_init(&err);
    if (node_init(data, "bench.example/write", NULL, &err) != ERR_OK ||
        node_open(data, 1, &st, &err) != ERR_OK) {
        bench_die("node", &err);
    }
    struct store_conn *c = store_acquire(st);
    json_t *city = json_pack("{ss, ss, ss}", "id", "zhuji", "name", "诸暨市", "name_en", "Zhuji");
    json_t *town = json_pack("{ss, ss, ss, ss}", "id", "diankou", "kind", "township", "name",
                             "店口镇", "name_en", "Diankou");
    json_t *person = json_pack("{ss, ss}", "name", "王建华", "name_en", "Wang Jianhua");
    if (org_create(c, &actor_system, ORG_CITY, NULL, city, &result, &err) != ERR_OK) {
        bench_die("city", &err);
    }
    json_decref(result);
    if (org_create(c, &actor_system, ORG_TOWNSHIP, NULL, town, &result, &err) != ERR_OK) {
        bench_die("township", &err);
    }
    json_decref(result);
    if (org_create(c, &actor_system, ORG_PERSON, "diankou", person, &result, &err) != ERR_OK) {
        bench_die("person", &err);
    }
    json_decref(result);
    json_decref(city);
    json_decref(town);
    json_decref(person);
    sqlite3 *db = NULL;
    sqlite3_stmt *ins = NULL;
    struct buf rec;
    buf_init(&rec, 1 << 20);
    bench_bare_open(bare, &db, &ins);
    /* Alternate the two so that both see the same disk and load. */
    for (int i = 0; i < writes; i++) {
        char name[64];
        snprintf(name, sizeof(name), "Wang Jianhua %d", i);
        json_t *input = json_pack("{ss}", "name_en", name);
        double t0 = bench_now();
        if (org_update(c, &actor_system, ORG_PERSON, "1", input, &result, &err) != ERR_OK) {
            bench_die("update", &err);
        }
        a[i] = bench_now() - t0;
        json_decref(result);
        json_decref(input);
        bench_record(i, "diankou", 60, &rec);
        t0 = bench_now();
        sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        bench_bare_insert(ins, i, "person.updated", rec.data, rec.len);
        if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
            bench_die("bare write", NULL);
        }
        b[i] = bench_now() - t0;
    }
    double ma = bench_median(a, writes), mb = bench_median(b, writes);
    printf("write: %d acknowledged writes, each alone and fsync'd\n", writes);
    printf("  bare durable insert      %10.1f us median\n", mb * 1e6);
    printf("  probity write            %10.1f us median  (%.2fx bare)\n", ma * 1e6, ma / mb);
    sqlite3_finalize(ins);
    sqlite3_close(db);
    buf_clear(&rec);
    store_release(c);
    store_close(st);
    xfree(a);
    xfree(b);
}

/* Seconds to hash each record of all (ends[i] its ends) the log's way:
 * raw, each one behind its 0x00 byte already (one SHA-256 call), or not. */
static double
sha_pass(struct tlog_hasher *h, const struct buf *all, const size_t *ends, int64_t n, bool raw)
{
    uint8_t out[TLOG_HASH_SIZE];
    double t0 = bench_now();
    size_t start = 0;
    for (int64_t i = 0; i < n; i++) {
        if (raw) {
            tlog_hasher_raw(h, all->data + start, ends[i] - start, out);
        } else {
            tlog_hasher_leaf(h, all->data + start + 1, ends[i] - start - 1, out);
        }
        start = ends[i];
    }
    return bench_now() - t0;
}

static void bench_verify(struct store *st, const char *data)
{
    struct err err;
    err_init(&err);
    struct store_conn *c = store_acquire(st);
    /* The baseline: SHA-256 of the same bytes, one core, one pass. */
    int64_t bytes = 0, n = 0;
    struct store_stmt *s = NULL;
    struct tlog_hasher hasher;
    tlog_hasher_init(&hasher);
    if (store_prepare(c, "SELECT body FROM events ORDER BY seq", &s, &err) != ERR_OK) {
        bench_die("select", &err);
    }
    /* Read the bodies into memory first, each behind a 0x00 byte, so the
     * baseline is hashing only. */
    struct buf all;
    buf_init(&all, (size_t)1 << 34);
    size_t *ends = NULL;
    size_t cap = 0;
    while (store_step(s, &err) == STORE_ROW) {
        size_t len = 0;
        const void *body = store_col_blob(s, 0, &len);
        if (buf_append(&all, "", 1) != ERR_OK || buf_append(&all, body, len) != ERR_OK) {
            bench_die("buffer", NULL);
        }
        if ((size_t)n == cap) {
            cap = cap ? cap * 2 : 1024;
            ends = xrealloc(ends, cap * sizeof(*ends));
        }
        ends[n++] = all.len;
        bytes += (int64_t)len;
    }
    store_done(s);
    store_release(c);
    /* The baseline at its best: the faster of the two calls, each best of three. */
    double t_sha = 1e30;
    for (int round = 0; round < 3; round++) {
        double a = sha_pass(&hasher, &all, ends, n, true),
               b = sha_pass(&hasher, &all, ends, n, false);
        t_sha = a < t_sha ? a : t_sha;
        t_sha = b < t_sha ? b : t_sha;
    }
    printf("verify: %lld events, %.1f MB of records\n", (long long)n, (double)bytes / 1e6);
    printf("  SHA-256 of the records   %10.1f MB/s (one core, in memory)\n",
           (double)bytes / t_sha / 1e6);
    for (int jobs = 1; jobs <= 2; jobs++) {
        int64_t verified = 0;
        double t_verify = bench_verify_log(st, data, jobs, &verified);
        if (verified != n) {
            bench_die("verify did not read every event", NULL);
        }
        printf("  probity verify, %d job%s  %10.1f MB/s  (%.2f of SHA-256)\n", jobs,
               jobs == 1 ? " " : "s", (double)bytes / t_verify / 1e6, t_sha / t_verify);
    }
    tlog_hasher_clear(&hasher);
    buf_clear(&all);
    xfree(ends);
}

static void bench_proof(const char *dir, int64_t leaves)
{
    struct err err;
    char data[4096];
    struct store *st = NULL;
    make_dir(dir, "proof", data, sizeof(data));
    err_init(&err);
    if (node_init(data, "bench.example/proof", NULL, &err) != ERR_OK ||
        node_open(data, 1, &st, &err) != ERR_OK) {
        bench_die("node", &err);
    }
    struct bench_records recs;
    bench_records_make(&recs, 0, leaves, 8, NULL, 0);
    double t_build = bench_log_append(st, &recs, 20000);
    bench_records_clear(&recs);
    struct store_conn *c = store_acquire(st);
    struct tlog_reader reader = tlog_db_reader(c);
    uint8_t proof[TLOG_MAX_PROOF][TLOG_HASH_SIZE];
    size_t np = 0;
    enum { SAMPLES = 2001 };
    double *t = xcalloc(SAMPLES, sizeof(double));
    uint32_t state = 12345;
    for (int i = 0; i < SAMPLES; i++) {
        state = state * 1103515245u + 12345u;
        int64_t index =
            (int64_t)(((uint64_t)state << 16 ^ (uint64_t)i * 2654435761u) % (uint64_t)leaves);
        double t0 = bench_now();
        if (tlog_prove_inclusion(index, leaves, &reader, proof, &np, &err) != ERR_OK) {
            bench_die("prove", &err);
        }
        t[i] = bench_now() - t0;
    }
    printf("proof: a log of %lld leaves (built at %.0f leaves/s)\n", (long long)leaves,
           (double)leaves / t_build);
    printf("  inclusion proof          %10.1f us median (%zu hashes)\n",
           bench_median(t, SAMPLES) * 1e6, np);
    xfree(t);
    store_release(c);
    store_close(st);
}

int main(int argc, char **argv)
{
    int64_t events = 200000, proof_leaves = 10000000;
    int batch = 1000, writes = 300;
    const char *base = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--events") == 0) {
            events = strtoll(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--batch") == 0) {
            batch = (int)strtol(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--writes") == 0) {
            writes = (int)strtol(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--proof-leaves") == 0) {
            proof_leaves = strtoll(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--dir") == 0) {
            base = argv[i + 1];
        }
    }
    alloc_install_json();
    if (sodium_init() < 0) {
        return 1;
    }
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/probity-bench-XXXXXX", base ? base : "/tmp");
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    printf("probity bench_log, data in %s\n\n", dir);
    struct store *st = NULL;
    char data[4096];
    bench_append(dir, events, batch, &st, data, sizeof(data));
    printf("\n");
    bench_write(dir, writes);
    printf("\n");
    bench_verify(st, data);
    store_close(st);
    printf("\n");
    if (proof_leaves > 0) {
        bench_proof(dir, proof_leaves);
    }
    printf("\n(the data folder %s can be removed)\n", dir);
    return 0;
}
