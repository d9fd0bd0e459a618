/*
 * The witness's add-checkpoint: parsing, the refusal rules and the
 * cosigned state. See witness.h and C2SP tlog-witness.
 */
#include "monitor/witness.h"

#include "core/utc.h"
#include "log/checkpoint.h"
#include "log/cosig.h"
#include "log/db.h"
#include "log/proof.h"
#include "monitor/mirror.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static enum err_code bad(struct err *err, const char *what)
{
    return err_set(err, ERR_BAD_REQUEST, "body", "add-checkpoint 请求格式错误:%s",
                   "malformed add-checkpoint request: %s", what);
}

enum err_code
witness_parse(const char *body, size_t len, struct witness_request *req, struct err *err)
{
    memset(req, 0, sizeof(*req));
    if (body == NULL || len == 0) {
        return bad(err, "empty");
    }
    if (len > WITNESS_BODY_MAX) {
        return bad(err, "too large");
    }
    const char *end = body + len;
    const char *nl = memchr(body, '\n', len);
    if (nl == NULL || nl - body < 5 || memcmp(body, "old ", 4) != 0 ||
        !tlog_parse_decimal(body + 4, (size_t)(nl - body - 4), &req->old_size)) {
        return bad(err, "the first line must be \"old <size>\"");
    }
    const char *p = nl + 1;
    for (;;) {
        nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL) {
            return bad(err, "no empty line before the checkpoint");
        }
        if (nl == p) {
            p = nl + 1;
            break;
        }
        struct err ignored;
        err_init(&ignored);
        if (req->n_proof == WITNESS_MAX_PROOF) {
            return bad(err, "more than 63 proof lines");
        }
        if (tlog_hash_from_b64(p, (size_t)(nl - p), req->proof[req->n_proof], &ignored) != ERR_OK) {
            return bad(err, "a proof line is not the base64 of a 32-byte hash");
        }
        req->n_proof++;
        p = nl + 1;
    }
    struct tlog_note note;
    struct tlog_checkpoint cp;
    struct err why;
    err_init(&why);
    if (tlog_note_parse(p, (size_t)(end - p), &note, &why) != ERR_OK ||
        tlog_checkpoint_parse(note.text, note.text_len, &cp, &why) != ERR_OK) {
        return bad(err, "the checkpoint is not a signed checkpoint");
    }
    req->checkpoint = p;
    req->checkpoint_len = (size_t)(end - p);
    memcpy(req->origin, cp.origin, sizeof(req->origin));
    return ERR_OK;
}

enum witness_verdict witness_judge(const struct witness_request *req,
                                   const struct witness_log *log,
                                   struct tlog_checkpoint *cp,
                                   struct tlog_note *note,
                                   char *why,
                                   size_t why_len)
{
    struct err e;
    err_init(&e);
    if (log->key == NULL) {
        snprintf(why, why_len, "this witness does not follow the log %s", req->origin);
        return WITNESS_UNKNOWN_LOG;
    }
    if (tlog_checkpoint_open(req->checkpoint, req->checkpoint_len, log->key, 1, log->key->name, cp,
                             note, &e) != ERR_OK) {
        snprintf(why, why_len, "the checkpoint is not signed by the key of %s: %s", log->key->name,
                 err_message(&e, true));
        return WITNESS_BAD_SIGNATURE;
    }
    if (req->old_size > cp->size) {
        snprintf(why, why_len, "the old size %lld exceeds the checkpoint's size %lld",
                 (long long)req->old_size, (long long)cp->size);
        return WITNESS_BAD_REQUEST;
    }
    if (req->old_size != log->size) {
        snprintf(why, why_len, "the latest checkpoint cosigned has size %lld, not %lld",
                 (long long)log->size, (long long)req->old_size);
        return WITNESS_STALE;
    }
    if (req->old_size == cp->size && memcmp(log->root, cp->root, TLOG_HASH_SIZE) != 0) {
        snprintf(why, why_len,
                 "the checkpoint has the size %lld of the one cosigned before, but another root",
                 (long long)cp->size);
        return WITNESS_CONFLICT;
    }
    if (req->old_size == 0 && req->n_proof > 0) {
        snprintf(why, why_len, "the proof from size 0 must be empty");
        return WITNESS_BAD_PROOF;
    }
    if (tlog_verify_consistency(req->old_size, cp->size, log->root, cp->root,
                                (const uint8_t(*)[TLOG_HASH_SIZE])req->proof, req->n_proof,
                                &e) != ERR_OK) {
        snprintf(why, why_len,
                 "the consistency proof from the cosigned size %lld to %lld does not verify: %s",
                 (long long)req->old_size, (long long)cp->size, err_message(&e, true));
        return WITNESS_BAD_PROOF;
    }
    return WITNESS_COSIGN;
}

/* The followed log's key, into key; *found false when not followed. */
static enum err_code find_log(struct store_conn *c,
                              const char *origin,
                              struct tlog_verifier *key,
                              bool *found,
                              struct err *err)
{
    json_t *row = NULL;
    *found = false;
    enum err_code rc = store_query_row(
        c, &row, err, "SELECT verifier_key FROM followed_nodes WHERE origin = ? AND active = 1",
        "t", origin);
    const char *text =
        rc == ERR_OK ? json_string_value(json_object_get(row, "verifier_key")) : NULL;
    if (text != NULL) {
        struct err ignored;
        err_init(&ignored);
        *found = tlog_verifier_parse(text, strlen(text), key, &ignored) == ERR_OK &&
                 key->type == TLOG_KEY_TYPE_ED25519;
    }
    json_decref(row);
    return rc;
}

/* The latest cosigned checkpoint of origin into log (0 and the empty
 * tree's root when none). */
static enum err_code
load_cosigned(struct store_conn *c, const char *origin, struct witness_log *log, struct err *err)
{
    json_t *row = NULL;
    log->size = 0;
    tlog_hash_empty(log->root);
    enum err_code rc = store_query_row(
        c, &row, err, "SELECT size, root FROM witnessed_checkpoints WHERE origin = ?", "t", origin);
    if (rc == ERR_OK && row != NULL) {
        const char *root = json_string_value(json_object_get(row, "root"));
        log->size = (int64_t)json_integer_value(json_object_get(row, "size"));
        rc = tlog_hash_from_b64(root ? root : "", root ? strlen(root) : 0, log->root, err);
    }
    json_decref(row);
    return rc;
}

/* Refuses a checkpoint whose size is mirrored but whose root is not the
 * mirror's: sets the verdict and records a fork alert. */
static enum err_code check_mirror(struct store_conn *c,
                                  const struct tlog_checkpoint *cp,
                                  struct witness_reply *out,
                                  struct err *err)
{
    int64_t mirrored = 0;
    uint8_t root[TLOG_HASH_SIZE];
    enum err_code rc =
        store_query_int(c, &mirrored, NULL, err,
                        "SELECT mirrored FROM followed_nodes WHERE origin = ?", "t", cp->origin);
    if (rc != ERR_OK || cp->size == 0 || cp->size > mirrored) {
        return rc;
    }
    rc = mirror_root(c, cp->origin, cp->size, root, err);
    if (rc == ERR_OK && memcmp(root, cp->root, TLOG_HASH_SIZE) != 0) {
        out->verdict = WITNESS_CONFLICT;
        snprintf(out->detail, sizeof(out->detail),
                 "the checkpoint of size %lld contradicts the tree this monitor mirrored",
                 (long long)cp->size);
        rc = mirror_alert(c, cp->origin, MIRROR_ALERT_FORK, out->detail, err);
    }
    return rc;
}

/* Judges req in witness_add_checkpoint's write and, when cosigning,
 * stores the checkpoint as the latest cosigned. */
struct judgement {
    const struct tlog_key *key; /* the witness's */
    const struct witness_request *req;
    struct witness_reply *out;
};

/* Cosigns cp (note is its signed note) with the witness's key into
 * out->lines and stores it as the latest cosigned of its origin. */
static enum err_code cosign(struct store_conn *c,
                            const struct tlog_key *key,
                            const struct tlog_checkpoint *cp,
                            const struct tlog_note *note,
                            struct witness_reply *out,
                            struct err *err)
{
    char root[TLOG_HASH_B64_SIZE];
    tlog_hash_to_b64(cp->root, root);
    enum err_code rc =
        tlog_cosig_sign(key, (uint64_t)time(NULL), note->text, note->text_len, &out->lines, err);
    if (rc == ERR_OK) {
        rc = store_exec(c, err,
                        "INSERT INTO witnessed_checkpoints (origin, size, root, checkpoint,"
                        " cosignature, cosigned_ms) VALUES (?, ?, ?, ?, ?, ?)"
                        " ON CONFLICT (origin) DO UPDATE SET size = excluded.size,"
                        " root = excluded.root, checkpoint = excluded.checkpoint,"
                        " cosignature = excluded.cosignature,"
                        " cosigned_ms = excluded.cosigned_ms",
                        "titbti", cp->origin, cp->size, root, note->text, note->text_len,
                        buf_str(&out->lines), utc_now_ms());
    }
    return rc;
}

static enum err_code judge(struct store_conn *c, void *arg, struct err *err)
{
    struct judgement *j = arg;
    struct witness_reply *out = j->out;
    struct tlog_verifier log_key;
    struct witness_log log = {.key = NULL};
    struct tlog_checkpoint cp;
    struct tlog_note note;
    bool found = false;
    enum err_code rc = find_log(c, j->req->origin, &log_key, &found, err);
    log.key = found ? &log_key : NULL;
    if (rc == ERR_OK) {
        rc = load_cosigned(c, j->req->origin, &log, err);
    }
    if (rc == ERR_OK) {
        out->verdict = witness_judge(j->req, &log, &cp, &note, out->detail, sizeof(out->detail));
        out->size = log.size;
    }
    if (rc == ERR_OK && out->verdict == WITNESS_COSIGN) {
        rc = check_mirror(c, &cp, out, err);
    }
    if (rc == ERR_OK && out->verdict == WITNESS_COSIGN) {
        rc = cosign(c, j->key, &cp, &note, out, err);
    }
    return rc;
}

enum err_code witness_add_checkpoint(
    struct store *st, const char *body, size_t len, struct witness_reply *out, struct err *err)
{
    struct witness_request req;
    struct err why;
    err_init(&why);
    out->detail[0] = '\0';
    out->size = 0;
    if (witness_parse(body, len, &req, &why) != ERR_OK) {
        out->verdict = WITNESS_BAD_REQUEST;
        snprintf(out->detail, sizeof(out->detail), "%s", err_message(&why, true));
        return ERR_OK;
    }
    struct judgement j = {&tlog_db_state(st)->key, &req, out};
    struct store_conn *c = store_acquire(st);
    enum err_code rc = store_write(c, judge, &j, err);
    store_release(c);
    return rc;
}
