/*
 * Unit tests of the witness (monitor/witness.h), C2SP tlog-witness's
 * add-checkpoint: strict request parsing; the refusal rules in the spec's
 * order (404 unknown log, 403 bad signature, 400 old size above the
 * checkpoint's, 409 stale old size, 409 same size with another root, 422
 * bad or non-empty-from-zero proof); and, over a store, cosigning a log
 * step by step, answering a stale size with the cosigned one, refusing a
 * forked checkpoint, and a cosignature that verifies as cosignature/v1.
 */
#include "log/checkpoint.h"
#include "log/cosig.h"
#include "log/db.h"
#include "log/key.h"
#include "log/note.h"
#include "log/proof.h"
#include "monitor/mirror.h"
#include "monitor/witness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_node.h"

#define ORIGIN  "example.org/town"
#define LOG_MAX 64

/* An in-memory log of "entry <i>" (or "fork <i>" from fork_at on). */
struct mem_log {
    uint8_t hashes[2 * LOG_MAX][TLOG_HASH_SIZE];
    int64_t n_hashes;
};

static enum err_code mem_read(
    void *ctx, const int64_t *indexes, size_t n, uint8_t (*hashes)[TLOG_HASH_SIZE], struct err *err)
{
    struct mem_log *log = ctx;
    for (size_t i = 0; i < n; i++) {
        if (indexes[i] >= log->n_hashes) {
            return err_set(err, ERR_NOT_FOUND, NULL, NULL, NULL);
        }
        memcpy(hashes[i], log->hashes[indexes[i]], TLOG_HASH_SIZE);
    }
    return ERR_OK;
}

static void mem_log_build(struct mem_log *log, int64_t size, int64_t fork_at)
{
    struct err err;
    struct tlog_reader r = {.read = mem_read, .ctx = log};
    err_init(&err);
    log->n_hashes = 0;
    for (int64_t i = 0; i < size; i++) {
        char entry[32];
        uint8_t leaf[TLOG_HASH_SIZE];
        size_t n = 0;
        int len = snprintf(entry, sizeof(entry), "%s %lld", i >= fork_at ? "fork" : "entry",
                           (long long)i);
        tlog_hash_leaf(entry, (size_t)len, leaf);
        assert_int_equal(
            tlog_stored_hashes_for_leaf(i, leaf, &r, log->hashes + log->n_hashes, &n, &err),
            ERR_OK);
        log->n_hashes += (int64_t)n;
    }
}

static struct tlog_key log_key, other_key;
static struct tlog_verifier log_vkey;

static int group_setup(void **state)
{
    struct err err;
    err_init(&err);
    if (unit_group_setup(state) != 0 || tlog_key_generate(ORIGIN, &log_key, &err) != ERR_OK ||
        tlog_key_generate(ORIGIN, &other_key, &err) != ERR_OK) {
        return -1;
    }
    tlog_verifier_from_key(&log_key, TLOG_KEY_TYPE_ED25519, &log_vkey);
    return 0;
}

/* Appends the request "old <old>", the proof from old to size of log, an
 * empty line and the checkpoint of size signed by key to out. */
static void make_request(
    struct mem_log *log, int64_t old, int64_t size, const struct tlog_key *key, struct buf *out)
{
    struct err err;
    struct tlog_reader r = {.read = mem_read, .ctx = log};
    uint8_t proof[TLOG_MAX_PROOF][TLOG_HASH_SIZE];
    size_t n = 0;
    struct tlog_checkpoint cp = {.size = size};
    err_init(&err);
    snprintf(cp.origin, sizeof(cp.origin), "%s", ORIGIN);
    assert_int_equal(tlog_tree_hash(size, &r, cp.root, &err), ERR_OK);
    assert_int_equal(tlog_prove_consistency(old, size, &r, proof, &n, &err), ERR_OK);
    buf_reset(out);
    assert_int_equal(buf_appendf(out, "old %lld\n", (long long)old), ERR_OK);
    for (size_t i = 0; i < n; i++) {
        char b64[TLOG_HASH_B64_SIZE];
        tlog_hash_to_b64(proof[i], b64);
        assert_int_equal(buf_appendf(out, "%s\n", b64), ERR_OK);
    }
    assert_int_equal(buf_append_lit(out, "\n"), ERR_OK);
    assert_int_equal(tlog_checkpoint_sign(&cp, key, out, &err), ERR_OK);
}

static void test_witness_parses_requests_strictly(void **state)
{
    (void)state;
    struct mem_log log;
    struct buf body;
    struct witness_request req;
    struct err err;
    err_init(&err);
    buf_init(&body, 1 << 20);
    mem_log_build(&log, 20, LOG_MAX);
    make_request(&log, 7, 20, &log_key, &body);
    assert_int_equal(witness_parse(body.data, body.len, &req, &err), ERR_OK);
    assert_int_equal(req.old_size, 7);
    assert_true(req.n_proof > 0);
    assert_string_equal(req.origin, ORIGIN);
    make_request(&log, 0, 20, &log_key, &body);
    assert_int_equal(witness_parse(body.data, body.len, &req, &err), ERR_OK);
    assert_int_equal(req.old_size, 0);
    assert_int_equal(req.n_proof, 0);

    /* Malformed bodies: each is a 400. */
    const char *cp_text = strstr(body.data, "\n\n") + 2;
    static const char *const heads[] = {
        "",                      /* no old line */
        "old 01\n\n",            /* leading zero */
        "old -1\n\n",            /* not a size */
        "new 1\n\n",             /* not "old" */
        "old 1\nnot-base64\n\n", /* a proof line that is not a hash */
        "old 1\nAAAA\n\n",       /* a hash of 3 bytes */
        "old 99999999999999999999\n\n",
    };
    for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
        struct buf bad;
        buf_init(&bad, 1 << 20);
        assert_int_equal(buf_append_str(&bad, heads[i]), ERR_OK);
        assert_int_equal(buf_append_str(&bad, cp_text), ERR_OK);
        assert_int_equal(witness_parse(bad.data, bad.len, &req, &err), ERR_BAD_REQUEST);
        buf_clear(&bad);
    }
    /* 64 proof lines are one too many; no empty line; no checkpoint. */
    struct buf bad;
    buf_init(&bad, 1 << 20);
    assert_int_equal(buf_append_lit(&bad, "old 1\n"), ERR_OK);
    for (int i = 0; i < 64; i++) {
        assert_int_equal(buf_append_lit(&bad, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"),
                         ERR_OK);
    }
    assert_int_equal(buf_append_lit(&bad, "\n"), ERR_OK);
    assert_int_equal(buf_append_str(&bad, cp_text), ERR_OK);
    assert_int_equal(witness_parse(bad.data, bad.len, &req, &err), ERR_BAD_REQUEST);
    assert_int_equal(witness_parse("old 1\n", 6, &req, &err), ERR_BAD_REQUEST);
    assert_int_equal(witness_parse("old 1\n\nnot a note\n", 18, &req, &err), ERR_BAD_REQUEST);
    assert_int_equal(witness_parse(NULL, 0, &req, &err), ERR_BAD_REQUEST);
    buf_clear(&bad);
    buf_clear(&body);
}

/* Judges a request for log (old -> size, signed by key) against a witness
 * that cosigned cosigned_size of known (key: log_vkey unless unknown). */
static enum witness_verdict judge(struct mem_log *log,
                                  int64_t old,
                                  int64_t size,
                                  const struct tlog_key *key,
                                  struct mem_log *known,
                                  int64_t cosigned_size,
                                  bool unknown)
{
    struct buf body;
    struct witness_request req;
    struct tlog_checkpoint cp;
    struct tlog_note note;
    struct err err;
    char why[320];
    struct witness_log w = {.key = unknown ? NULL : &log_vkey, .size = cosigned_size};
    struct tlog_reader r = {.read = mem_read, .ctx = known};
    err_init(&err);
    assert_int_equal(tlog_tree_hash(cosigned_size, &r, w.root, &err), ERR_OK);
    buf_init(&body, 1 << 20);
    make_request(log, old, size, key, &body);
    assert_int_equal(witness_parse(body.data, body.len, &req, &err), ERR_OK);
    enum witness_verdict v = witness_judge(&req, &w, &cp, &note, why, sizeof(why));
    if (v != WITNESS_COSIGN) {
        assert_true(why[0] != '\0');
    }
    buf_clear(&body);
    return v;
}

static void test_witness_judges_in_the_specs_order(void **state)
{
    (void)state;
    static struct mem_log log, forked;
    mem_log_build(&log, 40, LOG_MAX);
    mem_log_build(&forked, 40, 10);
    /* Cosigned 20 of log before. */
    assert_int_equal(judge(&log, 20, 30, &log_key, &log, 20, false), WITNESS_COSIGN);
    assert_int_equal(judge(&log, 20, 30, &log_key, &log, 20, true), WITNESS_UNKNOWN_LOG);
    assert_int_equal(judge(&log, 20, 30, &other_key, &log, 20, false), WITNESS_BAD_SIGNATURE);
    assert_int_equal(judge(&log, 20, 30, &log_key, &log, 10, false), WITNESS_STALE);
    assert_int_equal(judge(&log, 0, 30, &log_key, &log, 20, false), WITNESS_STALE);
    assert_int_equal(judge(&log, 20, 20, &log_key, &log, 20, false), WITNESS_COSIGN);
    assert_int_equal(judge(&forked, 20, 20, &log_key, &log, 20, false), WITNESS_CONFLICT);
    /* A checkpoint that does not extend the one cosigned: the proof from
     * the forked log cannot verify against the cosigned root. */
    assert_int_equal(judge(&forked, 20, 30, &log_key, &log, 20, false), WITNESS_BAD_PROOF);
    /* A first checkpoint; and any tree extends the empty one. */
    assert_int_equal(judge(&log, 0, 30, &log_key, &log, 0, false), WITNESS_COSIGN);
    assert_int_equal(judge(&log, 0, 0, &log_key, &log, 0, false), WITNESS_COSIGN);
}

static void test_witness_refuses_old_sizes_above_the_checkpoint_and_proofs_from_zero(void **state)
{
    (void)state;
    static struct mem_log log;
    struct buf body;
    struct witness_request req;
    struct tlog_checkpoint cp;
    struct tlog_note note;
    struct err err;
    char why[320];
    struct witness_log w = {.key = &log_vkey, .size = 30};
    err_init(&err);
    mem_log_build(&log, 40, LOG_MAX);
    buf_init(&body, 1 << 20);
    /* "old 30" with the checkpoint of 20 (its own proof from 20 to 20 is empty). */
    make_request(&log, 20, 20, &log_key, &body);
    body.data[4] = '3';
    assert_int_equal(witness_parse(body.data, body.len, &req, &err), ERR_OK);
    assert_int_equal(witness_judge(&req, &w, &cp, &note, why, sizeof(why)), WITNESS_BAD_REQUEST);
    /* "old 0" with proof lines. */
    make_request(&log, 5, 20, &log_key, &body);
    struct buf zero;
    buf_init(&zero, 1 << 20);
    assert_int_equal(buf_append_lit(&zero, "old 0"), ERR_OK);
    assert_int_equal(buf_append_str(&zero, strchr(body.data, '\n')), ERR_OK);
    assert_int_equal(witness_parse(zero.data, zero.len, &req, &err), ERR_OK);
    w.size = 0;
    tlog_hash_empty(w.root);
    assert_int_equal(witness_judge(&req, &w, &cp, &note, why, sizeof(why)), WITNESS_BAD_PROOF);
    buf_clear(&zero);
    buf_clear(&body);
}

/* Runs add-checkpoint over the node's store, whose log's key is the
 * witness's; returns the verdict. */
static enum witness_verdict
add(struct unit_node *n, struct mem_log *log, int64_t old, int64_t size, struct witness_reply *out)
{
    struct buf body;
    struct err err;
    err_init(&err);
    buf_init(&body, 1 << 20);
    make_request(log, old, size, &log_key, &body);
    buf_reset(&out->lines);
    assert_int_equal(witness_add_checkpoint(n->st, body.data, body.len, out, &err), ERR_OK);
    if (out->verdict == WITNESS_COSIGN) {
        /* The answer is a cosignature/v1 line over the checkpoint. */
        struct tlog_note note;
        struct tlog_verifier wv;
        struct buf text;
        buf_init(&text, 1 << 20);
        const char *sigs = strstr(body.data, "\n\n") + 2;
        size_t cp_len = (size_t)(strstr(sigs, "\n\n") - sigs) + 1;
        assert_int_equal(buf_append(&text, sigs, cp_len), ERR_OK);
        assert_int_equal(buf_append_lit(&text, "\n"), ERR_OK);
        assert_int_equal(buf_append(&text, out->lines.data, out->lines.len), ERR_OK);
        assert_int_equal(tlog_note_parse(text.data, text.len, &note, &err), ERR_OK);
        tlog_verifier_from_key(&tlog_db_state(n->st)->key, TLOG_KEY_TYPE_COSIGNATURE, &wv);
        assert_int_equal(tlog_note_verify(&note, &wv, 1, NULL, NULL, &err), ERR_OK);
        buf_clear(&text);
    }
    buf_clear(&body);
    return out->verdict;
}

static void test_witness_cosigns_a_followed_log_and_refuses_a_fork(void **state)
{
    (void)state;
    struct unit_node n;
    struct err err;
    struct witness_reply out;
    static struct mem_log log, forked;
    char vkey[TLOG_KEY_TEXT_MAX];
    err_init(&err);
    buf_init(&out.lines, 64 * 1024);
    mem_log_build(&log, 40, LOG_MAX);
    mem_log_build(&forked, 40, 15);
    assert_int_equal(unit_node_open(&n), 0);
    /* Not followed yet: unknown. */
    assert_int_equal(add(&n, &log, 0, 10, &out), WITNESS_UNKNOWN_LOG);
    tlog_verifier_text(&log_vkey, vkey);
    assert_int_equal(mirror_register(n.c, ORIGIN, "http://127.0.0.1:1", vkey, &err), ERR_OK);
    assert_int_equal(add(&n, &log, 0, 10, &out), WITNESS_COSIGN);
    assert_int_equal(add(&n, &log, 10, 20, &out), WITNESS_COSIGN);
    /* A log that forgot what was cosigned learns the size from a 409. */
    assert_int_equal(add(&n, &log, 0, 25, &out), WITNESS_STALE);
    assert_int_equal(out.size, 20);
    /* A fork (diverging at 15) cannot prove consistency with 20. */
    assert_int_equal(add(&n, &forked, 20, 30, &out), WITNESS_BAD_PROOF);
    assert_int_equal(add(&n, &forked, 20, 20, &out), WITNESS_CONFLICT);
    /* Nothing of the fork was kept: the log goes on from 20. */
    assert_int_equal(add(&n, &log, 20, 40, &out), WITNESS_COSIGN);
    int64_t size = 0;
    assert_int_equal(store_query_int(n.c, &size, NULL, &err,
                                     "SELECT size FROM witnessed_checkpoints WHERE origin = ?", "t",
                                     ORIGIN),
                     ERR_OK);
    assert_int_equal(size, 40);
    buf_clear(&out.lines);
    unit_node_close(&n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_witness_parses_requests_strictly),
        cmocka_unit_test(test_witness_judges_in_the_specs_order),
        cmocka_unit_test(test_witness_refuses_old_sizes_above_the_checkpoint_and_proofs_from_zero),
        cmocka_unit_test(test_witness_cosigns_a_followed_log_and_refuses_a_fork),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
