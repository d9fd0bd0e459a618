/*
 * The events' pass of a verification: the rows are streamed once; each
 * row's columns are checked against its canonical bytes and the number of
 * its stored hashes against its index, here; its leaf hash and those of
 * the subtrees it completes are checked on the hashing threads
 * (log/hashcheck.h), each against its stored children; the root is folded
 * from the tree's right edge. See docs/log.md, "Verification".
 */
#include "record/verify_events.h"

#include "core/utc.h"
#include "log/db.h"
#include "log/hash.h"
#include "log/hashcheck.h"
#include "store/scan.h"

#include <stdio.h>
#include <string.h>

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

/* Matches the n bytes of text at *p (within end) and moves past them. */
static bool eat(const char **p, const char *end, const char *text, size_t n)
{
    if ((size_t)(end - *p) < n || memcmp(*p, text, n) != 0) {
        return false;
    }
    *p += n;
    return true;
}

#define EAT(p, end, literal) eat(p, end, literal, sizeof(literal) - 1)

/* Matches "text" (quoted) at *p. */
static bool eat_quoted(const char **p, const char *end, const char *text)
{
    return EAT(p, end, "\"") && eat(p, end, text, strlen(text)) && EAT(p, end, "\"");
}

/* Checks a row's columns against its canonical bytes: the record starts
 * {"actor":<actor>,"payload": and ends ,"seq":N,"time":"<time>",
 * "township":<township>,"type":"<type>"} (sorted keys; these values need
 * no escaping). Compared piece by piece, without formatting: this runs
 * once per event. */
static bool row_matches(struct store_stmt *s, const char *body, size_t len, int64_t seq)
{
    const char *end = body + len, *p = body;
    /* The actor: a string (older records, "system") or an object, kept as
     * its canonical text. */
    const char *actor = store_col_text(s, 4);
    if (!EAT(&p, end, "{\"actor\":") ||
        !(actor[0] == '{' ? eat(&p, end, actor, strlen(actor)) : eat_quoted(&p, end, actor)) ||
        !EAT(&p, end, ",\"payload\":")) {
        return false;
    }
    char digits[24];
    int nd = snprintf(digits, sizeof(digits), "%lld", (long long)seq);
    const char *time = store_col_text(s, 2), *type = store_col_text(s, 5);
    bool no_township = store_col_is_null(s, 3);
    const char *township = no_township ? "null" : store_col_text(s, 3);
    size_t tail = sizeof(",\"seq\":") - 1 + (size_t)nd + sizeof(",\"time\":\"\"") - 1 +
                  strlen(time) + sizeof(",\"township\":") - 1 + strlen(township) +
                  (no_township ? 0 : 2) + sizeof(",\"type\":\"\"}") - 1 + strlen(type);
    if ((size_t)(end - p) <= tail) {
        return false;
    }
    const char *q = end - tail;
    return EAT(&q, end, ",\"seq\":") && eat(&q, end, digits, (size_t)nd) &&
           EAT(&q, end, ",\"time\":") && eat_quoted(&q, end, time) &&
           EAT(&q, end, ",\"township\":") &&
           (no_township ? EAT(&q, end, "null") : eat_quoted(&q, end, township)) &&
           EAT(&q, end, ",\"type\":") && eat_quoted(&q, end, type) && EAT(&q, end, "}") && q == end;
}

/* The right edge of the tree: complete subtree hashes, highest level first. */
struct frontier {
    uint8_t hash[64][TLOG_HASH_SIZE];
    int level[64];
    int n;
};

/* The verifier's pass over the events: the rows in order, and the chunk
 * of hash checks being filled. */
struct pass {
    struct tlog_checks *pool;
    struct tlog_chunk *chunk;
    struct frontier f; /* of stored hashes: each is checked in a chunk */
    struct verify_report *r;
};

/* Adds a leaf (bytes) or node (left, right) check to the pass's chunk,
 * handing a full chunk over first. */
static void queue_check(struct pass *ps,
                        int64_t index,
                        const void *bytes,
                        size_t len,
                        const uint8_t *left,
                        const uint8_t *right,
                        const uint8_t *stored)
{
    for (;;) {
        bool added = bytes != NULL ? tlog_chunk_leaf(ps->chunk, index, bytes, len, stored)
                                   : tlog_chunk_node(ps->chunk, index, left, right, stored);
        if (added) {
            return;
        }
        tlog_checks_submit(ps->pool, ps->chunk);
        ps->chunk = tlog_checks_chunk(ps->pool);
    }
}

/* The stored hashes of entry seq, body its bytes: its leaf hash, then the
 * hash of each subtree it completes (1 + the number of trailing one bits
 * of seq in all), lowest level first. Queues a check of each against its
 * children on the frontier, and moves the frontier past it. */
static void check_hashes(struct pass *ps,
                         int64_t seq,
                         const char *body,
                         size_t len,
                         const uint8_t *stored,
                         size_t stored_len)
{
    size_t k = 1;
    while ((seq >> (k - 1)) & 1) {
        k++;
    }
    if (stored_len < TLOG_HASH_SIZE) {
        verify_problem_at(ps->r, VERIFY_ROW_CHANGED, seq,
                          "event %lld: its bytes do not hash to the log's leaf", (long long)seq);
        return;
    }
    /* The leaf first: at one index, its failure is the one told. */
    queue_check(ps, seq, body, len, NULL, NULL, stored);
    if (stored_len < k * TLOG_HASH_SIZE) {
        verify_problem_at(ps->r, VERIFY_TILE_MISMATCH, seq,
                          "event %lld: a stored subtree hash differs from the tree",
                          (long long)seq);
        return;
    }
    if (stored_len > k * TLOG_HASH_SIZE) {
        verify_problem_at(ps->r, VERIFY_TILE_MISMATCH, seq,
                          "event %lld: its row holds extra log hashes", (long long)seq);
        return;
    }
    struct frontier *f = &ps->f;
    for (size_t level = 1; level < k; level++) {
        /* The left child: the subtree one level down on the edge. */
        if (f->n == 0 || f->level[f->n - 1] != (int)level - 1) {
            verify_problem_at(ps->r, VERIFY_TILE_MISMATCH, seq,
                              "event %lld: a stored subtree hash differs from the tree",
                              (long long)seq);
            return;
        }
        queue_check(ps, seq, NULL, 0, f->hash[f->n - 1], stored + (level - 1) * TLOG_HASH_SIZE,
                    stored + level * TLOG_HASH_SIZE);
        f->n--;
    }
    memcpy(f->hash[f->n], stored + (k - 1) * TLOG_HASH_SIZE, TLOG_HASH_SIZE);
    f->level[f->n++] = (int)k - 1;
}

/* The upper hashes of entry seq (those of subtrees of 256 leaves and more)
 * are kept a second time, for proofs: the same as its row's. */
static void check_upper(struct pass *ps,
                        struct store_scan *upper,
                        int64_t seq,
                        const uint8_t *stored,
                        size_t stored_len,
                        struct err *err)
{
    size_t k = stored_len / TLOG_HASH_SIZE;
    for (size_t level = TLOG_DB_UPPER_LEVEL; ps->r->problem == VERIFY_OK && level < k; level++) {
        size_t hl = 0;
        struct store_stmt *up =
            store_scan_step(upper, err) == STORE_ROW ? store_scan_row(upper) : NULL;
        const void *uh = up != NULL ? store_col_blob(up, 1, &hl) : NULL;
        if (uh == NULL || store_col_int(up, 0) != tlog_stored_count(seq) + (int64_t)level ||
            hl != TLOG_HASH_SIZE || memcmp(uh, stored + level * TLOG_HASH_SIZE, hl) != 0) {
            verify_problem_at(ps->r, VERIFY_TILE_MISMATCH, seq,
                              "event %lld: an upper log hash is missing or differs",
                              (long long)seq);
        }
    }
}

/* Checks one event row's columns, its time and the count of its stored
 * hashes, and queues the checks of its hashes; false on a problem. */
static bool check_row(struct pass *ps,
                      struct store_stmt *ev,
                      int64_t expect,
                      struct store_scan *upper,
                      struct err *err)
{
    struct verify_report *r = ps->r;
    int64_t seq = store_col_int(ev, 0), said = -1;
    size_t len = 0, stored_len = 0;
    const char *body = store_col_blob(ev, 1, &len);
    const uint8_t *stored = store_col_blob(ev, 6, &stored_len);
    if (seq != expect) {
        verify_problem_at(r, VERIFY_ROW_MISSING, expect, "event %lld is missing (next row is %lld)",
                          (long long)expect, (long long)seq);
        return false;
    }
    /* The row's columns, its seq included, must be its record's: the
     * common case costs a few comparisons; a mismatch is then told apart. */
    if (body == NULL || !row_matches(ev, body, len, seq)) {
        if (body != NULL && record_seq(body, len, &said) && said != seq) {
            verify_problem_at(r, VERIFY_ROWS_REORDERED, seq,
                              "row %lld holds the record of event %lld", (long long)seq,
                              (long long)said);
        } else {
            verify_problem_at(r, VERIFY_ROW_CHANGED, seq,
                              "event %lld: its columns do not match its recorded bytes",
                              (long long)seq);
        }
        return false;
    }
    /* time_ms is the time's instant: it sets the floor of new events' times. */
    int64_t ms = 0;
    if (!utc_parse(store_col_text(ev, 2), &ms) || ms != store_col_int(ev, 7)) {
        verify_problem_at(r, VERIFY_ROW_CHANGED, seq,
                          "event %lld: its time_ms is not its recorded time", (long long)seq);
        return false;
    }
    check_hashes(ps, seq, body, len, stored, stored_len);
    if (r->problem == VERIFY_OK) {
        check_upper(ps, upper, seq, stored, stored_len, err);
    }
    return r->problem == VERIFY_OK;
}

/* Streams the events, checking each row's columns here and its stored
 * hashes on jobs threads (log/hashcheck.h); leaves the tree's root in
 * root. The first problem by index is reported: a hash found wrong on
 * another thread before a problem found here wins. */
enum err_code verify_events(struct store_conn *c,
                            int jobs,
                            verify_progress_fn progress,
                            void *progress_ctx,
                            int64_t total,
                            struct verify_report *r,
                            uint8_t root[TLOG_HASH_SIZE],
                            struct err *err)
{
    struct store_scan events, upper;
    struct verify_report here = {.problem = VERIFY_OK, .index = -1};
    struct pass ps = {.pool = tlog_checks_start(jobs), .r = &here};
    int64_t expect = 0;
    enum err_code rc = ERR_OK;
    ps.chunk = tlog_checks_chunk(ps.pool);
    store_scan_start(&events, c,
                     "SELECT seq, body, time, township, actor, type, tlog, time_ms FROM events"
                     " WHERE seq >= ? ORDER BY seq LIMIT ?",
                     0);
    store_scan_start(&upper, c,
                     "SELECT idx, hash FROM tlog_upper WHERE idx >= ? ORDER BY idx LIMIT ?", 0);
    enum store_step_result step;
    while ((step = store_scan_step(&events, err)) == STORE_ROW &&
           check_row(&ps, store_scan_row(&events), expect, &upper, err)) {
        expect++;
        if (progress != NULL && expect % VERIFY_PROGRESS_STEP == 0) {
            progress(expect, total, progress_ctx);
        }
    }
    if (here.problem == VERIFY_OK && step == STORE_ERROR) {
        rc = err->code;
    }
    if (rc == ERR_OK && here.problem == VERIFY_OK && store_scan_step(&upper, err) == STORE_ROW) {
        verify_problem_at(&here, VERIFY_ROW_MISSING, expect,
                          "event %lld and any after it are missing: the log holds their hashes",
                          (long long)expect);
    }
    store_scan_done(&events);
    store_scan_done(&upper);
    tlog_checks_submit(ps.pool, ps.chunk);
    int64_t bad = 0;
    bool leaf = false;
    if (tlog_checks_finish(ps.pool, &bad, &leaf) &&
        (here.problem == VERIFY_OK || bad <= here.index)) {
        here.problem = VERIFY_OK;
        verify_problem_at(&here, leaf ? VERIFY_ROW_CHANGED : VERIFY_TILE_MISMATCH, bad,
                          leaf ? "event %lld: its bytes do not hash to the log's leaf"
                               : "event %lld: a stored subtree hash differs from the tree",
                          (long long)bad);
    }
    tlog_checks_free(ps.pool);
    /* The root folds the right edge from the top down (its hashes all
     * checked above). */
    struct tlog_hasher h;
    tlog_hasher_init(&h);
    struct frontier *f = &ps.f;
    if (f->n == 0) {
        tlog_hash_empty(root);
    } else {
        memcpy(root, f->hash[f->n - 1], TLOG_HASH_SIZE);
        for (int i = f->n - 2; i >= 0; i--) {
            tlog_hasher_node(&h, f->hash[i], root, root);
        }
    }
    tlog_hasher_clear(&h);
    *r = here;
    r->events = here.problem == VERIFY_OK ? expect : here.index;
    return rc;
}
