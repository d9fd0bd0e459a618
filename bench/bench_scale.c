/*
 * One node at a province's scale: a city of many townships and a log of
 * millions of events, built on SQLite or on PostgreSQL (bench/scale.mjs
 * runs both in one run and reads each over HTTP afterwards; results in
 * bench/RESULTS.md). It measures:
 *   townships  each township created through the org command, one write
 *              each (command, event, query table, log, checkpoint);
 *   append     the events appended in durable commits of --batch events,
 *              each with its leaf and subtree hashes and a signed
 *              checkpoint, spread over the townships;
 *   verify     `probity verify`'s log pass over the whole log (every row
 *              against its bytes, every hash, the signed checkpoint);
 *   proof      inclusion proofs of random events in the whole log.
 * The data folder is kept for the HTTP reads.
 * Usage: bench_scale --data DIR [--db URI] [--townships N] [--events N]
 *                    [--batch B]
 */
#include "bench.h"

#include "areas/org/org.h"
#include "core/alloc.h"
#include "log/db.h"
#include "log/hash.h"
#include "log/proof.h"
#include "record/actor.h"
#include "record/node.h"
#include "record/verify.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Events made (untimed) and appended (timed) at a time. */
enum { CHUNK = 200000, PROOFS = 2001 };

/* The city and its n townships t0001 …, each through the org command. */
static char **make_townships(struct store *st, int n)
{
    struct err err;
    json_t *result = NULL;
    char **ids = xcalloc((size_t)n, sizeof(*ids));
    struct store_conn *c = store_acquire(st);
    err_init(&err);
    json_t *city = json_pack("{ss, ss, ss}", "id", "zhuji", "name", "诸暨市", "name_en", "Zhuji");
    if (org_create(c, &actor_system, ORG_CITY, NULL, city, &result, &err) != ERR_OK) {
        bench_die("city", &err);
    }
    json_decref(result);
    json_decref(city);
    double t0 = bench_now();
    for (int i = 0; i < n; i++) {
        char id[16], name[32], name_en[32];
        snprintf(id, sizeof(id), "t%04d", i + 1);
        snprintf(name, sizeof(name), "第%d镇", i + 1);
        snprintf(name_en, sizeof(name_en), "Township %d", i + 1);
        ids[i] = xstrdup(id);
        json_t *town = json_pack("{ss, ss, ss, ss}", "id", id, "kind", "township", "name", name,
                                 "name_en", name_en);
        if (org_create(c, &actor_system, ORG_TOWNSHIP, NULL, town, &result, &err) != ERR_OK) {
            bench_die("township", &err);
        }
        json_decref(result);
        json_decref(town);
    }
    double t = bench_now() - t0;
    store_release(c);
    printf("townships: %d, each created by its command alone\n", n);
    printf("  township created         %10.0f writes/s\n", n / t);
    return ids;
}

static void
append_events(struct store *st, char **townships, int n_townships, int64_t events, int batch)
{
    int64_t first = 0;
    struct err err;
    struct store_conn *c = store_acquire(st);
    err_init(&err);
    /* The townships' creation is in the log already. */
    if (tlog_db_size(c, &first, &err) != ERR_OK) {
        bench_die("size", &err);
    }
    store_release(c);
    double t = 0;
    int64_t bytes = 0;
    for (int64_t done = 0; done < events; done += CHUNK) {
        struct bench_records recs;
        int64_t n = events - done < CHUNK ? events - done : CHUNK;
        bench_records_make(&recs, first + done, n, 200, (const char *const *)townships,
                           n_townships);
        bytes += (int64_t)recs.all.len;
        t += bench_log_append(st, &recs, batch);
        bench_records_clear(&recs);
        fprintf(stderr, "\r  %lld of %lld events appended", (long long)(done + n),
                (long long)events);
    }
    fprintf(stderr, "\n");
    printf("append: %lld events of %lld bytes on average over the townships, batches of %d,"
           " durable commits\n",
           (long long)events, (long long)(bytes / events), batch);
    printf("  probity log append       %10.0f events/s  (%.0f s)\n", (double)events / t, t);
}

static void verify_all(struct store *st, const char *data, int64_t *size)
{
    struct err err;
    err_init(&err);
    struct store_conn *c = store_acquire(st);
    int64_t bytes = 0;
    if (store_query_int(c, &bytes, NULL, &err,
                        store_sql(c, "SELECT SUM(length(body)) FROM events",
                                  "SELECT SUM(octet_length(body)) FROM events"),
                        "") != ERR_OK) {
        bench_die("bytes", &err);
    }
    store_release(c);
    double t = bench_verify_log(st, data, 1, size);
    printf("verify: the log pass over %lld events, %.0f MB of records\n", (long long)*size,
           (double)bytes / 1e6);
    printf("  probity verify (log)     %10.1f s  (%.1f MB/s)\n", t, (double)bytes / t / 1e6);
}

static void prove(struct store *st, int64_t size)
{
    struct err err;
    uint8_t proof[TLOG_MAX_PROOF][TLOG_HASH_SIZE];
    size_t np = 0;
    double *t = xcalloc(PROOFS, sizeof(double));
    struct store_conn *c = store_acquire(st);
    struct tlog_reader reader = tlog_db_reader(c);
    err_init(&err);
    for (int i = 0; i < PROOFS; i++) {
        int64_t index = (int64_t)(randombytes_random() % (uint32_t)size);
        double t0 = bench_now();
        if (tlog_prove_inclusion(index, size, &reader, proof, &np, &err) != ERR_OK) {
            bench_die("prove", &err);
        }
        t[i] = bench_now() - t0;
    }
    printf("proof: %d inclusion proofs of random events in the whole log\n", PROOFS);
    printf("  inclusion proof          %10.1f us median (%zu hashes)\n",
           bench_median(t, PROOFS) * 1e6, np);
    xfree(t);
    store_release(c);
}

static void database_size(struct store *st)
{
    struct err err;
    int64_t bytes = 0;
    struct store_conn *c = store_acquire(st);
    err_init(&err);
    if (store_query_int(c, &bytes, NULL, &err,
                        store_sql(c,
                                  "SELECT page_count * page_size FROM pragma_page_count(),"
                                  " pragma_page_size()",
                                  "SELECT pg_database_size(current_database())"),
                        "") != ERR_OK) {
        bench_die("database size", &err);
    }
    printf("database: %.1f GB\n", (double)bytes / 1e9);
    store_release(c);
}

int main(int argc, char **argv)
{
    const char *data = NULL, *db = NULL;
    int townships = 1000, batch = 1000;
    int64_t events = 10000000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--data") == 0) {
            data = argv[i + 1];
        } else if (strcmp(argv[i], "--db") == 0) {
            db = argv[i + 1];
        } else if (strcmp(argv[i], "--townships") == 0) {
            townships = (int)strtol(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--events") == 0) {
            events = strtoll(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--batch") == 0) {
            batch = (int)strtol(argv[i + 1], NULL, 10);
        }
    }
    if (data == NULL || townships < 1 || events < 1 || batch < 1) {
        fprintf(stderr, "usage: bench_scale --data DIR [--db URI] [--townships N] [--events N]"
                        " [--batch B]\n");
        return 2;
    }
    alloc_install_json();
    if (sodium_init() < 0) {
        return 1;
    }
    struct err err;
    struct store *st = NULL;
    err_init(&err);
    if (node_init(data, "bench.example/scale", db, &err) != ERR_OK ||
        node_open(data, 2, &st, &err) != ERR_OK) {
        bench_die("node", &err);
    }
    printf("probity bench_scale on %s\n\n", db != NULL ? "PostgreSQL" : "SQLite");
    char **ids = make_townships(st, townships);
    append_events(st, ids, townships, events, batch);
    int64_t size = 0;
    verify_all(st, data, &size);
    prove(st, size);
    database_size(st);
    for (int i = 0; i < townships; i++) {
        xfree(ids[i]);
    }
    xfree(ids);
    store_close(st);
    return 0;
}
