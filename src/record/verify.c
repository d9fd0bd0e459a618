/*
 * Local verification of a node's record. The events are streamed once:
 * each row's columns are checked against its canonical bytes, the leaf and
 * subtree hashes are recomputed on a stack (RFC 9162) and compared with
 * the stored hashes in their append order, then the root is compared with
 * the signed checkpoint. See verify.h.
 */
#include "record/verify.h"

#include "core/salted.h"
#include "core/utc.h"

#include "core/buf.h"
#include "log/checkpoint.h"
#include "log/db.h"
#include "log/hash.h"
#include "log/note.h"
#include "log/tree.h"
#include "record/rebuild.h"
#include "store/scan.h"

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

static void
problem(struct verify_report *r, enum verify_problem p, int64_t index, const char *fmt, ...)
    PRINTF_LIKE(4, 5);

static void
problem(struct verify_report *r, enum verify_problem p, int64_t index, const char *fmt, ...)
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

/* The record's last "seq": value: the top-level one, since every key after
 * it (time, township, type) holds a string or null without a bare quote. */
static bool record_seq(const char *body, size_t len, int64_t *out)
{
    static const char key[] = "\"seq\":";
    const char *found = NULL;
    for (const char *p = body + len - (sizeof(key) - 1); p >= body && len >= sizeof(key) - 1; p--) {
        if (memcmp(p, key, sizeof(key) - 1) == 0) {
            found = p;
            break;
        }
    }
    if (found == NULL) {
        return false;
    }
    int64_t v = 0;
    const char *p = found + sizeof(key) - 1;
    if (p >= body + len || *p < '0' || *p > '9') {
        return false;
    }
    while (p < body + len && *p >= '0' && *p <= '9') {
        v = v * 10 + (*p++ - '0');
    }
    *out = v;
    return true;
}

/* Checks a row's columns against its canonical bytes: the record starts
 * {"actor":<actor>,"payload": and ends ,"seq":N,"time":"<time>",
 * "township":<township>,"type":"<type>"} (sorted keys; these values need
 * no escaping). */
static bool row_matches(struct store_stmt *s, const char *body, size_t len, int64_t seq)
{
    char head[512], tail[256];
    const char *township = store_col_text(s, 3);
    /* The actor: a string (older records, "system") or an object, kept as
     * its canonical text. */
    const char *actor = store_col_text(s, 4);
    int nh = actor[0] == '{'
                 ? snprintf(head, sizeof(head), "{\"actor\":%s,\"payload\":", actor)
                 : snprintf(head, sizeof(head), "{\"actor\":\"%s\",\"payload\":", actor);
    int nt = store_col_is_null(s, 3)
                 ? snprintf(tail, sizeof(tail),
                            ",\"seq\":%lld,\"time\":\"%s\",\"township\":null,\"type\":\"%s\"}",
                            (long long)seq, store_col_text(s, 2), store_col_text(s, 5))
                 : snprintf(tail, sizeof(tail),
                            ",\"seq\":%lld,\"time\":\"%s\",\"township\":\"%s\",\"type\":\"%s\"}",
                            (long long)seq, store_col_text(s, 2), township, store_col_text(s, 5));
    return nh > 0 && nt > 0 && (size_t)nh < sizeof(head) && (size_t)nt < sizeof(tail) &&
           len > (size_t)(nh + nt) && memcmp(body, head, (size_t)nh) == 0 &&
           memcmp(body + len - (size_t)nt, tail, (size_t)nt) == 0;
}

/* The right edge of the tree: complete subtree hashes, highest level first. */
struct frontier {
    uint8_t hash[64][TLOG_HASH_SIZE];
    int level[64];
    int n;
};

/* Streams the events, comparing each row's columns and stored hashes
 * with those recomputed from its bytes; leaves the tree's root in root. */
static enum err_code check_events(struct store_conn *c,
                                  verify_progress_fn progress,
                                  void *progress_ctx,
                                  int64_t total,
                                  struct verify_report *r,
                                  uint8_t root[TLOG_HASH_SIZE],
                                  struct err *err)
{
    struct store_scan events, upper;
    struct tlog_hasher h;
    struct frontier f = {.n = 0};
    int64_t expect = 0;
    enum err_code rc = ERR_OK;
    store_scan_start(&events, c,
                     "SELECT seq, body, time, township, actor, type, tlog, time_ms FROM events"
                     " WHERE seq >= ? ORDER BY seq LIMIT ?",
                     0);
    store_scan_start(&upper, c,
                     "SELECT idx, hash FROM tlog_upper WHERE idx >= ? ORDER BY idx LIMIT ?", 0);
    tlog_hasher_init(&h);
    enum store_step_result step;
    while (r->problem == VERIFY_OK && (step = store_scan_step(&events, err)) == STORE_ROW) {
        struct store_stmt *ev = store_scan_row(&events);
        int64_t seq = store_col_int(ev, 0), said = -1;
        size_t len = 0, stored_len = 0;
        const char *body = store_col_blob(ev, 1, &len);
        const uint8_t *stored = store_col_blob(ev, 6, &stored_len);
        if (seq != expect) {
            problem(r, VERIFY_ROW_MISSING, expect, "event %lld is missing (next row is %lld)",
                    (long long)expect, (long long)seq);
            break;
        }
        /* The row's columns, its seq included, must be its record's: the
         * common case costs two comparisons; a mismatch is then told apart. */
        if (body == NULL || !row_matches(ev, body, len, seq)) {
            if (body != NULL && record_seq(body, len, &said) && said != seq) {
                problem(r, VERIFY_ROWS_REORDERED, seq, "row %lld holds the record of event %lld",
                        (long long)seq, (long long)said);
            } else {
                problem(r, VERIFY_ROW_CHANGED, seq,
                        "event %lld: its columns do not match its recorded bytes", (long long)seq);
            }
            break;
        }
        /* time_ms is the time's instant: it sets the floor of new events' times. */
        int64_t ms = 0;
        if (!utc_parse(store_col_text(ev, 2), &ms) || ms != store_col_int(ev, 7)) {
            problem(r, VERIFY_ROW_CHANGED, seq, "event %lld: its time_ms is not its recorded time",
                    (long long)seq);
            break;
        }
        /* Leaf hash, then each subtree it completes, lowest level first:
         * the order the row keeps them in. */
        uint8_t cur[TLOG_HASH_SIZE];
        size_t k = 0;
        tlog_hasher_leaf(&h, body, len, cur);
        for (;;) {
            if (stored_len < (k + 1) * TLOG_HASH_SIZE ||
                memcmp(stored + k * TLOG_HASH_SIZE, cur, TLOG_HASH_SIZE) != 0) {
                problem(r, k == 0 ? VERIFY_ROW_CHANGED : VERIFY_TILE_MISMATCH, seq,
                        k == 0 ? "event %lld: its bytes do not hash to the log's leaf"
                               : "event %lld: a stored subtree hash differs from the tree",
                        (long long)seq);
                break;
            }
            k++;
            if (f.n == 0 || f.level[f.n - 1] != (int)(k - 1)) {
                break;
            }
            tlog_hasher_node(&h, f.hash[f.n - 1], cur, cur);
            f.n--;
        }
        if (r->problem == VERIFY_OK && stored_len != k * TLOG_HASH_SIZE) {
            problem(r, VERIFY_TILE_MISMATCH, seq, "event %lld: its row holds extra log hashes",
                    (long long)seq);
        }
        /* The upper hashes are kept a second time, for proofs: the same. */
        for (size_t level = TLOG_DB_UPPER_LEVEL; r->problem == VERIFY_OK && level < k; level++) {
            size_t hl = 0;
            struct store_stmt *up =
                store_scan_step(&upper, err) == STORE_ROW ? store_scan_row(&upper) : NULL;
            const void *uh = up != NULL ? store_col_blob(up, 1, &hl) : NULL;
            if (uh == NULL || store_col_int(up, 0) != tlog_stored_count(seq) + (int64_t)level ||
                hl != TLOG_HASH_SIZE || memcmp(uh, stored + level * TLOG_HASH_SIZE, hl) != 0) {
                problem(r, VERIFY_TILE_MISMATCH, seq,
                        "event %lld: an upper log hash is missing or differs", (long long)seq);
            }
        }
        if (r->problem != VERIFY_OK) {
            break;
        }
        memcpy(f.hash[f.n], cur, TLOG_HASH_SIZE);
        f.level[f.n++] = (int)(k - 1);
        expect++;
        if (progress != NULL && expect % VERIFY_PROGRESS_STEP == 0) {
            progress(expect, total, progress_ctx);
        }
    }
    if (r->problem == VERIFY_OK && step == STORE_ERROR) {
        rc = err->code;
    }
    if (rc == ERR_OK && r->problem == VERIFY_OK && store_scan_step(&upper, err) == STORE_ROW) {
        problem(r, VERIFY_ROW_MISSING, expect,
                "event %lld and any after it are missing: the log holds their hashes",
                (long long)expect);
    }
    store_scan_done(&events);
    store_scan_done(&upper);
    /* The root folds the right edge from the top down. */
    if (f.n == 0) {
        tlog_hash_empty(root);
    } else {
        memcpy(root, f.hash[f.n - 1], TLOG_HASH_SIZE);
        for (int i = f.n - 2; i >= 0; i--) {
            tlog_hasher_node(&h, f.hash[i], root, root);
        }
    }
    tlog_hasher_clear(&h);
    r->events = expect;
    return rc;
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
        problem(r, VERIFY_CHECKPOINT_SIZE, 0, "no signed checkpoint");
        rc = ERR_OK;
    } else if (rc == ERR_OK) {
        tlog_verifier_from_key(key, TLOG_KEY_TYPE_ED25519, &v);
        if (tlog_checkpoint_open(note.data, note.len, &v, 1, key->name, &cp, &parsed, &why) !=
            ERR_OK) {
            problem(r, VERIFY_BAD_SIGNATURE, size, "the checkpoint does not verify: %s",
                    err_message(&why, true));
        } else if (cp.size > r->events) {
            problem(r, VERIFY_ROW_MISSING, r->events,
                    "event %lld and any after it are missing: the checkpoint covers %lld",
                    (long long)r->events, (long long)cp.size);
        } else if (cp.size != r->events || size != r->events) {
            problem(r, VERIFY_CHECKPOINT_SIZE, cp.size,
                    "the checkpoint is for %lld events; the store has %lld", (long long)cp.size,
                    (long long)r->events);
        } else if (memcmp(cp.root, root, TLOG_HASH_SIZE) != 0) {
            problem(r, VERIFY_CHECKPOINT_ROOT, cp.size,
                    "the checkpoint's root is not the root of the %lld events", (long long)cp.size);
        }
    }
    buf_clear(&note);
    return rc;
}

/* verify_log's arguments, for its read. */
struct log_check {
    const struct tlog_key *key;
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
        rc = check_events(c, k->progress, k->progress_ctx, total, k->report, root, err);
    }
    if (rc == ERR_OK && k->report->problem == VERIFY_OK) {
        rc = check_checkpoint(c, k->key, root, k->report, err);
    }
    return rc;
}

enum err_code verify_log(struct store_conn *c,
                         const struct tlog_key *key,
                         verify_progress_fn progress,
                         void *progress_ctx,
                         struct verify_report *report,
                         struct err *err)
{
    struct log_check k = {key, progress, progress_ctx, report};
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
            problem(r, VERIFY_SEALED_MISMATCH, store_col_int(s, 0),
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
        problem(r, VERIFY_SEALED_MISMATCH, -1,
                "%lld events carry a sealed digest but %lld sealed parts are kept",
                (long long)sealed, (long long)parts);
    }
    return rc;
}

enum err_code verify_store(struct store_conn *c,
                           const struct tlog_key *key,
                           const char *scratch_path,
                           verify_progress_fn progress,
                           void *progress_ctx,
                           struct verify_report *report,
                           struct err *err)
{
    enum err_code rc = verify_log(c, key, progress, progress_ctx, report, err);
    if (rc == ERR_OK && report->problem == VERIFY_OK) {
        rc = store_read(c, check_sealed, report, err);
    }
    if (rc == ERR_OK && report->problem == VERIFY_OK) {
        struct rebuild_report rb;
        rc = rebuild_check(c, scratch_path, &rb, err);
        if (rc == ERR_OK && !rb.equal) {
            problem(report, VERIFY_TABLES_OUT_OF_STEP, -1, "query table %s: %s", rb.table,
                    rb.detail);
        }
    }
    return rc;
}
