/*
 * The township node's witness submitter. See cosigning.h.
 */
#include "monitor/cosigning.h"

#include "client/fetch.h"
#include "core/alloc.h"
#include "core/diag.h"
#include "core/utc.h"
#include "log/checkpoint.h"
#include "log/db.h"
#include "log/note.h"
#include "log/proof.h"
#include "monitor/remote.h"

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COSIGNING_TIMEOUT_MS   10000
#define COSIGNING_RETRY_MIN_MS 1000
#define COSIGNING_RETRY_MAX_MS 60000
/* A 409 with the witness's size is followed at once by a request from
 * that size; a few rounds at most. */
#define COSIGNING_ROUNDS 3

struct witness_target {
    char url[REMOTE_URL_MAX + 32]; /* <prefix>/add-checkpoint */
    struct tlog_verifier key;      /* the witness's cosigner key */
    int64_t cosigned;              /* the size it cosigned last; -1 until known */
    int64_t done;                  /* the checkpoint size it cosigned for us, or -1 */
    int64_t retry_at_ms;           /* no request before this time */
    int64_t retry_ms;              /* the pause after the next failure */
};

struct cosigning {
    struct store *st;
    pthread_t thread;
    bool started;
    atomic_bool stop;
    struct witness_target *targets;
    size_t n_targets;
    struct fetch fetch;
};

/* The size the witness cosigned last, from the store (0 when none). */
static enum err_code load_cosigned(struct store_conn *c, struct witness_target *w, struct err *err)
{
    bool found = false;
    int64_t size = 0;
    enum err_code rc = store_query_int(c, &size, &found, err,
                                       "SELECT size FROM witness_cosignatures WHERE witness = ?",
                                       "t", w->key.name);
    if (rc == ERR_OK) {
        w->cosigned = found ? size : 0;
    }
    return rc;
}

/* What the request's read gathers: the checkpoint and the proof from the
 * size the witness cosigned. */
struct request_read {
    struct witness_target *w;
    struct buf *note;
    int64_t *size;
    uint8_t proof[TLOG_MAX_PROOF][TLOG_HASH_SIZE];
    size_t n;
};

static enum err_code read_request(struct store_conn *c, void *arg, struct err *err)
{
    struct request_read *r = arg;
    struct witness_target *w = r->w;
    enum err_code rc = tlog_db_checkpoint(c, r->note, r->size, err);
    if (rc == ERR_OK && w->cosigned < 0) {
        rc = load_cosigned(c, w, err);
    }
    if (rc == ERR_OK && w->cosigned > *r->size) {
        rc = err_set(err, ERR_CONFLICT, "witness", "见证人已为更大的树(%lld)联署",
                     "the witness cosigned a larger tree (%lld) than this log has",
                     (long long)w->cosigned);
    }
    if (rc == ERR_OK) {
        struct tlog_reader reader = tlog_db_reader(c);
        rc = tlog_prove_consistency(w->cosigned, *r->size, &reader, r->proof, &r->n, err);
    }
    return rc;
}

/* Builds the add-checkpoint body for the latest checkpoint: old size,
 * proof lines, empty line, the note. Sets *size and *text_len (the length
 * of the note's text, before its signatures). */
static enum err_code build_request(struct store_conn *c,
                                   struct witness_target *w,
                                   struct buf *body,
                                   struct buf *note,
                                   int64_t *size,
                                   struct err *err)
{
    struct request_read r = {.w = w, .note = note, .size = size};
    enum err_code rc = store_read(c, read_request, &r, err);
    buf_reset(body);
    if (rc == ERR_OK) {
        rc = buf_appendf(body, "old %lld\n", (long long)w->cosigned);
    }
    for (size_t i = 0; rc == ERR_OK && i < r.n; i++) {
        char b64[TLOG_HASH_B64_SIZE];
        tlog_hash_to_b64(r.proof[i], b64);
        rc = buf_appendf(body, "%s\n", b64);
    }
    if (rc == ERR_OK) {
        rc = buf_append_lit(body, "\n");
    }
    if (rc == ERR_OK) {
        rc = buf_append(body, note->data, note->len);
    }
    return rc;
}

/* Checks the witness's answer (signature lines) against its key over the
 * checkpoint, and stores its lines for that checkpoint. */
static enum err_code store_cosignature(struct store_conn *c,
                                       struct witness_target *w,
                                       const struct buf *note,
                                       int64_t size,
                                       const struct buf *answer,
                                       struct err *err)
{
    struct tlog_note parsed, cosigned;
    struct tlog_checkpoint cp;
    struct buf text, lines;
    buf_init(&text, TLOG_NOTE_MAX_SIZE);
    buf_init(&lines, 64 * 1024);
    enum err_code rc = tlog_note_parse(note->data, note->len, &parsed, err);
    if (rc == ERR_OK) {
        rc = tlog_checkpoint_parse(parsed.text, parsed.text_len, &cp, err);
    }
    if (rc == ERR_OK) {
        rc = buf_append(&text, parsed.text, parsed.text_len);
    }
    if (rc == ERR_OK) {
        rc = buf_append_lit(&text, "\n");
    }
    if (rc == ERR_OK) {
        rc = buf_append(&text, answer->data ? answer->data : "", answer->len);
    }
    if (rc == ERR_OK) {
        rc = tlog_note_parse(text.data, text.len, &cosigned, err);
    }
    if (rc == ERR_OK) {
        rc = tlog_note_verify(&cosigned, &w->key, 1, NULL, NULL, err);
    }
    for (size_t i = 0; rc == ERR_OK && i < cosigned.n_sigs; i++) {
        const struct tlog_note_sig *sig = &cosigned.sigs[i];
        if (sig->id == w->key.id && sig->name_len == strlen(w->key.name) &&
            memcmp(sig->name, w->key.name, sig->name_len) == 0) {
            rc = buf_appendf(&lines, "\xe2\x80\x94 %.*s %.*s\n", (int)sig->name_len, sig->name,
                             (int)sig->b64_len, sig->b64);
        }
    }
    if (rc == ERR_OK) {
        char root[TLOG_HASH_B64_SIZE];
        tlog_hash_to_b64(cp.root, root);
        rc = store_exec(c, err,
                        "INSERT INTO witness_cosignatures (witness, size, root, cosignature,"
                        " received_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (witness) DO UPDATE"
                        " SET size = excluded.size, root = excluded.root,"
                        " cosignature = excluded.cosignature, received_ms = excluded.received_ms",
                        "titti", w->key.name, size, root, buf_str(&lines), utc_now_ms());
    }
    buf_clear(&text);
    buf_clear(&lines);
    return rc;
}

/* Parses a text/x.tlog.size answer ("<size>\n"). */
static bool parse_size_answer(const struct fetch_response *r, int64_t *out)
{
    if (strncmp(r->content_type, "text/x.tlog.size", 16) != 0 || r->body.len < 2 ||
        r->body.len > 21 || r->body.data[r->body.len - 1] != '\n') {
        return false;
    }
    char *end = NULL;
    long long v = strtoll(r->body.data, &end, 10);
    if (end != r->body.data + r->body.len - 1 || v < 0) {
        return false;
    }
    *out = v;
    return true;
}

/* Asks witness w to cosign the latest checkpoint. */
static void submit(struct cosigning *cs, struct witness_target *w)
{
    struct buf body, note;
    struct fetch_response res;
    struct err err;
    int64_t size = 0;
    bool done = false;
    err_init(&err);
    buf_init(&body, TLOG_NOTE_MAX_SIZE + 8 * 1024);
    buf_init(&note, TLOG_NOTE_MAX_SIZE);
    fetch_response_init(&res, 64 * 1024);
    for (int round = 0; round < COSIGNING_ROUNDS && !done; round++) {
        struct store_conn *c = store_acquire(cs->st);
        buf_reset(&note);
        enum err_code rc = build_request(c, w, &body, &note, &size, &err);
        store_release(c);
        if (rc == ERR_OK && size == w->done) {
            done = true; /* cosigned already (a 409 round found it so) */
            break;
        }
        if (rc == ERR_OK) {
            rc = fetch_post(&cs->fetch, w->url, "text/plain; charset=utf-8", body.data, body.len,
                            COSIGNING_TIMEOUT_MS, &res, &err);
        }
        int64_t theirs = 0;
        if (rc != ERR_OK) {
            diag(DIAG_WARN, "witness", "witness=%s %s", w->key.name, err_message(&err, true));
            break;
        }
        if (res.status == 409 && parse_size_answer(&res, &theirs) && theirs != w->cosigned) {
            w->cosigned = theirs; /* it knows a later size: prove from there */
            continue;
        }
        if (res.status != 200) {
            diag(DIAG_WARN, "witness", "witness=%s refused the checkpoint of size %lld: %ld %.*s",
                 w->key.name, (long long)size, res.status,
                 (int)(res.body.len < 300 ? res.body.len : 300),
                 res.body.data ? res.body.data : "");
            break;
        }
        c = store_acquire(cs->st);
        rc = store_cosignature(c, w, &note, size, &res.body, &err);
        store_release(c);
        if (rc != ERR_OK) {
            diag(DIAG_WARN, "witness", "witness=%s answer refused: %s", w->key.name,
                 err_message(&err, true));
            break;
        }
        tlog_db_touch(tlog_db_state(cs->st)); /* the checkpoint served has changed */
        w->cosigned = size;
        w->done = size;
        done = true;
        diag(DIAG_DEBUG, "witness", "witness=%s cosigned size=%lld", w->key.name, (long long)size);
    }
    if (done) {
        w->retry_ms = COSIGNING_RETRY_MIN_MS;
        w->retry_at_ms = 0;
    } else {
        w->cosigned = -1; /* ask the store, or the witness, again */
        w->retry_at_ms = utc_now_ms() + w->retry_ms;
        w->retry_ms =
            w->retry_ms * 2 < COSIGNING_RETRY_MAX_MS ? w->retry_ms * 2 : COSIGNING_RETRY_MAX_MS;
    }
    buf_clear(&body);
    buf_clear(&note);
    fetch_response_clear(&res);
}

static void *run(void *arg)
{
    struct cosigning *cs = arg;
    struct tlog_db_state *state = tlog_db_state(cs->st);
    int64_t size = tlog_db_wait(state, INT64_MAX, 0);
    while (!atomic_load(&cs->stop)) {
        for (size_t i = 0; i < cs->n_targets && !atomic_load(&cs->stop); i++) {
            struct witness_target *w = &cs->targets[i];
            if (w->done != size && utc_now_ms() >= w->retry_at_ms) {
                submit(cs, w);
            }
        }
        size = tlog_db_wait(state, size, 500);
    }
    return NULL;
}

enum err_code cosigning_start(
    struct store *st, char *const *targets, size_t n, struct cosigning **out, struct err *err)
{
    struct cosigning *cs = xcalloc(1, sizeof(*cs));
    enum err_code rc = ERR_OK;
    cs->st = st;
    atomic_init(&cs->stop, false);
    cs->targets = xcalloc(n > 0 ? n : 1, sizeof(*cs->targets));
    cs->n_targets = n;
    *out = NULL;
    assert(tlog_db_state(st) != NULL);
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        struct witness_target *w = &cs->targets[i];
        char url[REMOTE_URL_MAX];
        rc = remote_parse_target(targets[i], "--witness", url, &w->key, NULL, err);
        if (rc == ERR_OK && w->key.type != TLOG_KEY_TYPE_COSIGNATURE) {
            rc = err_set(err, ERR_INVALID, "--witness",
                         "--witness 须给出见证人的联署验证密钥(类型 0x04,probity key --cosigner)",
                         "--witness needs the witness's cosigner key (type 0x04, from probity "
                         "key --cosigner)");
        }
        snprintf(w->url, sizeof(w->url), "%s/add-checkpoint", url);
        w->cosigned = -1;
        w->done = -1;
        w->retry_ms = COSIGNING_RETRY_MIN_MS;
    }
    if (rc == ERR_OK) {
        fetch_init(&cs->fetch);
        cs->started = pthread_create(&cs->thread, NULL, run, cs) == 0;
        if (!cs->started) {
            rc = err_set(err, ERR_INTERNAL, NULL, "无法启动线程", "cannot start a thread");
        }
    }
    if (rc != ERR_OK) {
        cosigning_stop(cs);
        return rc;
    }
    *out = cs;
    return ERR_OK;
}

void cosigning_stop(struct cosigning *cs)
{
    if (cs == NULL) {
        return;
    }
    atomic_store(&cs->stop, true);
    if (cs->started) {
        pthread_join(cs->thread, NULL);
    }
    fetch_clear(&cs->fetch);
    xfree(cs->targets);
    xfree(cs);
}
