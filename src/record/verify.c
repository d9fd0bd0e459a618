/*
 * Local verification of a node's record: the events' pass
 * (verify_events.c), then the signed checkpoint against the root, the
 * sealed parts against their digests, and the query tables against a
 * replay. See verify.h.
 */
#include "record/verify.h"

#include "record/verify_events.h"

#include "core/salted.h"

#include "core/buf.h"
#include "log/checkpoint.h"
#include "log/db.h"
#include "log/hash.h"
#include "log/note.h"
#include "record/rebuild.h"
#include "store/scan.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *verify_problem_name(enum verify_problem p)
{
    static const char *const names[] = {
        "ok",
        "row_missing",
        "rows_reordered",
        "row_changed",
        "tile_mismatch",
        "checkpoint_size",
        "checkpoint_root",
        "bad_signature",
        "tables_out_of_step",
        "sealed_mismatch",
    };
    return names[p];
}
void verify_problem_at(
    struct verify_report *r, enum verify_problem p, int64_t index, const char *fmt, ...)
{
    if (r->problem != VERIFY_OK) {
        return; /* keep the first */
    }
    va_list ap;
    va_start(ap, fmt);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(r->detail, sizeof(r->detail), fmt, ap);
#pragma GCC diagnostic pop
    va_end(ap);
    r->problem = p;
    r->index = index;
}

static enum err_code check_checkpoint(struct store_conn *c,
                                      const struct tlog_key *key,
                                      const uint8_t root[TLOG_HASH_SIZE],
                                      struct verify_report *r,
                                      struct err *err)
{
    struct buf note;
    int64_t size = 0;
    struct tlog_verifier v;
    struct tlog_checkpoint cp;
    struct tlog_note parsed;
    struct err why;
    err_init(&why);
    buf_init(&note, 1024 * 1024);
    enum err_code rc = tlog_db_checkpoint(c, &note, &size, err);
    if (rc == ERR_NOT_FOUND) {
        verify_problem_at(r, VERIFY_CHECKPOINT_SIZE, 0, "no signed checkpoint");
        rc = ERR_OK;
    } else if (rc == ERR_OK) {
        tlog_verifier_from_key(key, TLOG_KEY_TYPE_ED25519, &v);
        if (tlog_checkpoint_open(note.data, note.len, &v, 1, key->name, &cp, &parsed, &why) !=
            ERR_OK) {
            verify_problem_at(r, VERIFY_BAD_SIGNATURE, size, "the checkpoint does not verify: %s",
                              err_message(&why, true));
        } else if (cp.size > r->events) {
            verify_problem_at(r, VERIFY_ROW_MISSING, r->events,
                              "event %lld and any after it are missing: the checkpoint covers %lld",
                              (long long)r->events, (long long)cp.size);
        } else if (cp.size != r->events || size != r->events) {
            verify_problem_at(r, VERIFY_CHECKPOINT_SIZE, cp.size,
                              "the checkpoint is for %lld events; the store has %lld",
                              (long long)cp.size, (long long)r->events);
        } else if (memcmp(cp.root, root, TLOG_HASH_SIZE) != 0) {
            verify_problem_at(r, VERIFY_CHECKPOINT_ROOT, cp.size,
                              "the checkpoint's root is not the root of the %lld events",
                              (long long)cp.size);
        }
    }
    buf_clear(&note);
    return rc;
}

/* verify_log's arguments, for its read. */
struct log_check {
    const struct tlog_key *key;
    int jobs;
    verify_progress_fn progress;
    void *progress_ctx;
    struct verify_report *report;
};

static enum err_code check_log(struct store_conn *c, void *arg, struct err *err)
{
    struct log_check *k = arg;
    uint8_t root[TLOG_HASH_SIZE];
    int64_t total = 0;
    enum err_code rc = store_query_int(c, &total, NULL, err, "SELECT COUNT(*) FROM events", "");
    if (rc == ERR_OK) {
        rc = verify_events(c, k->jobs, k->progress, k->progress_ctx, total, k->report, root, err);
    }
    if (rc == ERR_OK && k->report->problem == VERIFY_OK) {
        rc = check_checkpoint(c, k->key, root, k->report, err);
    }
    return rc;
}

enum err_code verify_log(struct store_conn *c,
                         const struct tlog_key *key,
                         int jobs,
                         verify_progress_fn progress,
                         void *progress_ctx,
                         struct verify_report *report,
                         struct err *err)
{
    struct log_check k = {key, jobs, progress, progress_ctx, report};
    memset(report, 0, sizeof(*report));
    report->index = -1;
    return store_read(c, check_log, &k, err);
}

/* The sealed digest an event's record carries, or NULL (borrowed from record). */
static const char *record_digest(const json_t *record)
{
    return json_string_value(json_object_get(json_object_get(record, "payload"), "sealed_digest"));
}

/* Checks each row of sealed_parts against the digest its event carries,
 * and that every event carrying one has its part. */
static enum err_code check_sealed(struct store_conn *c, void *arg, struct err *err)
{
    struct verify_report *r = arg;
    struct store_scan scan;
    int64_t parts = 0, sealed = 0;
    enum err_code rc = ERR_OK;
    store_scan_start(&scan, c,
                     "SELECT p.seq, p.salt, p.content, e.body FROM sealed_parts p"
                     " LEFT JOIN events e ON e.seq = p.seq WHERE p.seq >= ? ORDER BY p.seq LIMIT ?",
                     0);
    enum store_step_result step;
    while (r->problem == VERIFY_OK && (step = store_scan_step(&scan, err)) == STORE_ROW) {
        struct store_stmt *s = store_scan_row(&scan);
        size_t salt_len = 0, content_len = 0, body_len = 0;
        const uint8_t *salt = store_col_blob(s, 1, &salt_len);
        const char *content = store_col_blob(s, 2, &content_len);
        const char *body = store_col_blob(s, 3, &body_len);
        json_t *record = body != NULL ? json_loadb(body, body_len, 0, NULL) : NULL;
        json_t *part = content != NULL ? json_loadb(content, content_len, 0, NULL) : NULL;
        char again[SALTED_DIGEST_SIZE];
        const char *digest = record_digest(record);
        struct err ignored;
        err_init(&ignored);
        if (digest == NULL || part == NULL || salt_len != SALTED_SALT_SIZE ||
            salted_digest(salt, part, again, &ignored) != ERR_OK || strcmp(again, digest) != 0) {
            verify_problem_at(r, VERIFY_SEALED_MISMATCH, store_col_int(s, 0),
                              "event %lld: its sealed part is not the one its digest seals",
                              (long long)store_col_int(s, 0));
        }
        parts++;
        json_decref(record);
        json_decref(part);
    }
    store_scan_done(&scan);
    if (r->problem == VERIFY_OK && step == STORE_ERROR) {
        return err->code;
    }
    if (r->problem == VERIFY_OK) {
        static const char needle[] = "\"sealed_digest\":\"";
        rc = store_query_int(c, &sealed, NULL, err,
                             store_sql(c, "SELECT COUNT(*) FROM events WHERE instr(body, ?) > 0",
                                       "SELECT COUNT(*) FROM events WHERE position(? IN body) > 0"),
                             "b", needle, strlen(needle));
    }
    if (rc == ERR_OK && r->problem == VERIFY_OK && sealed != parts) {
        verify_problem_at(r, VERIFY_SEALED_MISMATCH, -1,
                          "%lld events carry a sealed digest but %lld sealed parts are kept",
                          (long long)sealed, (long long)parts);
    }
    return rc;
}

enum err_code verify_store(struct store_conn *c,
                           const struct tlog_key *key,
                           int jobs,
                           const char *scratch_path,
                           verify_progress_fn progress,
                           void *progress_ctx,
                           struct verify_report *report,
                           struct err *err)
{
    enum err_code rc = verify_log(c, key, jobs, progress, progress_ctx, report, err);
    if (rc == ERR_OK && report->problem == VERIFY_OK) {
        rc = store_read(c, check_sealed, report, err);
    }
    if (rc == ERR_OK && report->problem == VERIFY_OK) {
        struct rebuild_report rb;
        rc = rebuild_check(c, scratch_path, &rb, err);
        if (rc == ERR_OK && !rb.equal) {
            verify_problem_at(report, VERIFY_TABLES_OUT_OF_STEP, -1, "query table %s: %s", rb.table,
                              rb.detail);
        }
    }
    return rc;
}
