/*
 * Unit tests of signed notes, checkpoints, cosignatures and tlog-proof
 * files (log/note.h, log/checkpoint.h, log/cosig.h, log/proof_text.h).
 * Known answers: the example of C2SP signed-note (key example.com/foo),
 * the examples of golang.org/x/mod/sumdb/note (the PeterNeumann signing
 * key, whose Ed25519 signature is deterministic, and the EnochRoot key),
 * the signed note, checkpoint and cosigned checkpoint examples of C2SP
 * signed-note, tlog-checkpoint and tlog-cosignature, a cosignature of the
 * transparency-dev/formats tests, and the tlog-proof example. Then round
 * trips with keys from key.c and every tampering the formats must refuse.
 */
#include "core/alloc.h"
#include "core/buf.h"
#include "core/err.h"
#include "log/checkpoint.h"
#include "log/cosig.h"
#include "log/hash.h"
#include "log/key.h"
#include "log/note.h"
#include "log/proof.h"
#include "log/proof_text.h"
#include "log/tree.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#define EM_DASH "\xe2\x80\x94"

/* C2SP signed-note's example verifier key and note. */
static const char spec_vkey[] =
    "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
static const char spec_note[] = "This is an example message.\n"
                                "\n" EM_DASH " example.com/foo "
                                "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOB"
                                "H3mFXmRKuwHjG1Yu72IneyaQM=\n";

/* golang.org/x/mod/sumdb/note's example keys and signatures. */
static const char peter_skey[] =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
static const char peter_vkey[] =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
static const char enoch_vkey[] = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
static const char go_text[] = "If you think cryptography is the answer to your problem,\n"
                              "then you don't know what your problem is.\n";
static const char peter_sig[] =
    EM_DASH " PeterNeumann "
            "x08go/ZJkuBS9UG/"
            "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
static const char enoch_sig[] = EM_DASH " EnochRoot "
                                        "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/"
                                        "5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

/* The cosigned checkpoint example of C2SP tlog-cosignature (the first
 * three lines and the log's signature are tlog-checkpoint's example). */
static const char spec_cosigned[] =
    "example.com/behind-the-sofa\n"
    "20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    "\n" EM_DASH " example.com/behind-the-sofa "
    "Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/"
    "Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n" EM_DASH " witness.example.com/w1 "
    "jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/"
    "zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n";

static struct tlog_key log_key;     /* a log's key, from key.c */
static struct tlog_key witness_key; /* a witness's key */
static struct tlog_key other_key;   /* another key with the log's name */

static int setup_keys(void **state)
{
    (void)state;
    struct err err;
    err_init(&err);
    alloc_install_json();
    if (sodium_init() < 0 || tlog_key_generate("zhuji.example/log", &log_key, &err) != ERR_OK ||
        tlog_key_generate("witness.example/w1", &witness_key, &err) != ERR_OK ||
        tlog_key_generate("zhuji.example/log", &other_key, &err) != ERR_OK) {
        return -1;
    }
    return 0;
}

static void parse_vkey(const char *text, struct tlog_verifier *v)
{
    struct err err;
    err_init(&err);
    if (tlog_verifier_parse(text, strlen(text), v, &err) != ERR_OK) {
        fail_msg("verifier key %s: %s", text, err.message_en);
    }
}

/* Parses and verifies a NUL-terminated note; returns the result code. */
static enum err_code open_note(const char *text,
                               const struct tlog_verifier *keys,
                               size_t n_keys,
                               size_t *n_verified,
                               struct tlog_note *note)
{
    struct err err;
    err_init(&err);
    enum err_code rc = tlog_note_parse(text, strlen(text), note, &err);
    if (rc == ERR_OK) {
        rc = tlog_note_verify(note, keys, n_keys, NULL, n_verified, &err);
    }
    return rc;
}

static void test_tlog_note_spec_example_verifies(void **state)
{
    (void)state;
    struct tlog_verifier v;
    struct tlog_note note;
    char text[TLOG_KEY_TEXT_MAX];
    size_t n = 0;
    parse_vkey(spec_vkey, &v);
    assert_string_equal(v.name, "example.com/foo");
    assert_int_equal(v.id, 0x530d903a);
    assert_int_equal(v.type, TLOG_KEY_TYPE_ED25519);
    tlog_verifier_text(&v, text);
    assert_string_equal(text, spec_vkey);
    assert_int_equal(open_note(spec_note, &v, 1, &n, &note), ERR_OK);
    assert_int_equal(n, 1);
    assert_int_equal(note.text_len, strlen("This is an example message.\n"));
    assert_memory_equal(note.text, "This is an example message.\n", note.text_len);
    assert_int_equal(note.n_sigs, 1);
    assert_int_equal(note.sigs[0].id, 0x530d903a);
}

static void test_tlog_note_go_examples_sign_and_verify(void **state)
{
    (void)state;
    struct tlog_key peter;
    struct tlog_verifier keys[2];
    struct tlog_note note;
    struct buf out;
    struct err err;
    char text[TLOG_KEY_TEXT_MAX];
    size_t n = 0;
    err_init(&err);
    /* The private key parses (its base64 holds a '+'), gives the verifier
     * key, and signs byte for byte as the example. */
    assert_int_equal(tlog_key_parse_private(peter_skey, &peter, &err), ERR_OK);
    tlog_key_verifier_text(&peter, text);
    assert_string_equal(text, peter_vkey);
    buf_init(&out, 4096);
    assert_int_equal(tlog_note_sign(go_text, strlen(go_text), &peter, &out, &err), ERR_OK);
    char want[1024];
    snprintf(want, sizeof(want), "%s\n%s", go_text, peter_sig);
    assert_string_equal(buf_str(&out), want);
    /* Two signers: unknown ones are ignored, known ones must verify. */
    parse_vkey(peter_vkey, &keys[0]);
    parse_vkey(enoch_vkey, &keys[1]);
    snprintf(want, sizeof(want), "%s\n%s%s", go_text, peter_sig, enoch_sig);
    assert_int_equal(open_note(want, keys, 1, &n, &note), ERR_OK);
    assert_int_equal(n, 1);
    assert_int_equal(open_note(want, keys + 1, 1, &n, &note), ERR_OK);
    assert_int_equal(n, 1);
    bool verified[2] = {false, false};
    assert_int_equal(tlog_note_verify(&note, keys, 2, verified, &n, &err), ERR_OK);
    assert_int_equal(n, 2);
    assert_true(verified[0] && verified[1]);
    assert_int_equal(open_note(want, keys, 0, &n, &note), ERR_INTEGRITY);
    /* The same signature pasted under the other name is just unknown. */
    snprintf(want, sizeof(want), "%s\n%s", go_text, enoch_sig);
    assert_int_equal(open_note(want, keys, 1, &n, &note), ERR_INTEGRITY);
    buf_clear(&out);
}

static void test_tlog_note_spec_examples_parse(void **state)
{
    (void)state;
    struct tlog_note note;
    struct tlog_checkpoint cp;
    struct err err;
    char b64[TLOG_HASH_B64_SIZE];
    err_init(&err);
    /* The poem of C2SP signed-note: its text holds a blank line, and the
     * last blank line separates the signatures. */
    static const char poem[] = "Ognuno sta solo sul cuor della terra\n"
                               "trafitto da un raggio di sole:\n"
                               "\n"
                               "ed \xc3\xa8 subito sera.\n"
                               "\n" EM_DASH " quasimodo.example/salvatore "
                               "NnugSzTjtVAewIS+Z/iJhUPeFDkO/"
                               "5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n";
    assert_int_equal(tlog_note_parse(poem, strlen(poem), &note, &err), ERR_OK);
    assert_int_equal(note.text_len, strlen(poem) - strlen(strstr(poem, "\n\n" EM_DASH)) + 1);
    assert_int_equal(note.n_sigs, 1);
    assert_int_equal(note.sigs[0].name_len, strlen("quasimodo.example/salvatore"));
    assert_int_equal(note.sigs[0].sig_len, 64);
    /* Its key is not given: with another key the note has no known signer. */
    struct tlog_verifier v;
    parse_vkey(spec_vkey, &v);
    assert_int_equal(tlog_note_verify(&note, &v, 1, NULL, NULL, &err), ERR_INTEGRITY);
    /* The checkpoint example, with a witness cosignature. */
    assert_int_equal(tlog_note_parse(spec_cosigned, strlen(spec_cosigned), &note, &err), ERR_OK);
    assert_int_equal(note.n_sigs, 2);
    assert_int_equal(tlog_checkpoint_parse(note.text, note.text_len, &cp, &err), ERR_OK);
    assert_string_equal(cp.origin, "example.com/behind-the-sofa");
    assert_int_equal(cp.size, 20852163);
    tlog_hash_to_b64(cp.root, b64);
    assert_string_equal(b64, "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
    assert_null(cp.extensions);
    /* The cosignature's timestamp is the one of the spec's signed message
     * example, "time 1679315147". */
    uint64_t ts = 0;
    assert_int_equal(tlog_cosig_timestamp(&note.sigs[1], &ts, &err), ERR_OK);
    assert_int_equal(ts, 1679315147);
    assert_int_equal(note.sigs[1].id, 0x8d66cf3f);
    assert_int_equal(tlog_cosig_timestamp(&note.sigs[0], &ts, &err), ERR_INVALID);
    /* transparency-dev/formats: a cosignature of time 1727964367, and an
     * Ed25519 note signature, which is not a cosignature. */
    static const char go_cosig[] =
        "x\n\n" EM_DASH " w "
        "ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/"
        "iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==\n" EM_DASH " w "
        "eQjRQm6eSKzFoiYalgwCPXu2y3ijtg68is9M46JKxuZB+dRfTmeQeDBoXnvxZx2ugnkyV+MUMLXpWs1hPb/W/"
        "4xkNQY=\n";
    assert_int_equal(tlog_note_parse(go_cosig, strlen(go_cosig), &note, &err), ERR_OK);
    assert_int_equal(tlog_cosig_timestamp(&note.sigs[0], &ts, &err), ERR_OK);
    assert_int_equal(ts, 1727964367);
    assert_int_equal(tlog_cosig_timestamp(&note.sigs[1], &ts, &err), ERR_INVALID);
}

static void test_tlog_verifier_keys_parse_strictly(void **state)
{
    (void)state;
    struct tlog_verifier v;
    struct err err;
    char text[TLOG_KEY_TEXT_MAX];
    err_init(&err);
    /* transparency-dev/formats: a key whose base64 holds a '+', and a
     * cosignature key (type 0x04, its id computed with 0x04). */
    parse_vkey("TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6", &v);
    assert_string_equal(v.name, "TEST");
    assert_int_equal(v.type, TLOG_KEY_TYPE_ED25519);
    parse_vkey("remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2", &v);
    assert_int_equal(v.type, TLOG_KEY_TYPE_COSIGNATURE);
    tlog_verifier_text(&v, text);
    assert_string_equal(text,
                        "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2");
    /* Every proper part of a key, and every byte changed, is refused. */
    size_t len = strlen(peter_vkey);
    for (size_t i = 0; i <= len; i++) {
        for (size_t j = i; j <= len; j++) {
            if (i == 0 && j == len) {
                continue;
            }
            if (tlog_verifier_parse(peter_vkey + i, j - i, &v, &err) == ERR_OK) {
                fail_msg("accepted part [%zu, %zu) of the key", i, j);
            }
        }
    }
    char mangled[sizeof(peter_vkey)];
    for (size_t i = 0; i < len; i++) {
        memcpy(mangled, peter_vkey, sizeof(mangled));
        mangled[i]++;
        assert_int_equal(tlog_verifier_parse(mangled, len, &v, &err), ERR_INVALID);
    }
    static const char *const bad[] = {
        "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", /* upper-case id */
        "PeterNeumann+00000000+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", /* wrong id */
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T",
        "PeterNeumann+c74f20a3",
        "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "rekor.sigstore.dev+12345678+AwEB", /* unknown type */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(tlog_verifier_parse(bad[i], strlen(bad[i]), &v, &err), ERR_INVALID);
        assert_string_equal(err.field, "key");
    }
    /* key.c's cosigner text parses back as a cosignature key. */
    tlog_key_cosigner_text(&witness_key, text);
    parse_vkey(text, &v);
    assert_int_equal(v.type, TLOG_KEY_TYPE_COSIGNATURE);
    assert_int_equal(
        v.id, tlog_key_id(witness_key.name, TLOG_KEY_TYPE_COSIGNATURE, witness_key.public_key));
    assert_int_not_equal(v.id, witness_key.id);
    struct tlog_verifier from_key;
    tlog_verifier_from_key(&witness_key, TLOG_KEY_TYPE_COSIGNATURE, &from_key);
    assert_memory_equal(&from_key, &v, sizeof(v));
}

static void test_tlog_note_round_trip_and_tampering(void **state)
{
    (void)state;
    struct tlog_verifier v;
    struct tlog_verifier other;
    struct tlog_note note;
    struct buf out;
    struct err err;
    size_t n = 0;
    err_init(&err);
    tlog_verifier_from_key(&log_key, TLOG_KEY_TYPE_ED25519, &v);
    tlog_verifier_from_key(&other_key, TLOG_KEY_TYPE_ED25519, &other);
    static const char text[] = "line one\n\nline three, \xe4\xb8\xad\xe6\x96\x87\n";
    buf_init(&out, 4096);
    assert_int_equal(tlog_note_sign(text, strlen(text), &log_key, &out, &err), ERR_OK);
    char *signed_note = buf_take(&out, NULL);
    assert_int_equal(open_note(signed_note, &v, 1, &n, &note), ERR_OK);
    assert_int_equal(note.text_len, strlen(text));
    assert_memory_equal(note.text, text, note.text_len);
    /* A second signature line, by another key, added to the note. */
    buf_init(&out, 4096);
    assert_int_equal(buf_append_str(&out, signed_note), ERR_OK);
    assert_int_equal(tlog_note_sig_line(text, strlen(text), &other_key, &out, &err), ERR_OK);
    struct tlog_verifier both[2] = {v, other};
    assert_int_equal(open_note(buf_str(&out), both, 2, &n, &note), ERR_OK);
    assert_int_equal(n, 2);
    buf_clear(&out);
    /* Wrong key: same name, other key id, so unknown; no known signer. */
    assert_int_equal(open_note(signed_note, &other, 1, &n, &note), ERR_INTEGRITY);
    /* A known key whose name and id match but whose key differs: its
     * signature fails, and that rejects the note. */
    struct tlog_verifier forged = v;
    forged.public_key[0] ^= 1;
    assert_int_equal(open_note(signed_note, &forged, 1, &n, &note), ERR_INTEGRITY);
    struct tlog_verifier mixed[2] = {v, forged};
    assert_int_equal(open_note(signed_note, mixed, 2, &n, &note), ERR_INTEGRITY);
    /* Tampered text. */
    char *copy = xstrdup(signed_note);
    copy[2] ^= 0x20;
    assert_int_equal(open_note(copy, &v, 1, &n, &note), ERR_INTEGRITY);
    xfree(copy);
    /* Tampered signature: a base64 character in the middle changed. */
    copy = xstrdup(signed_note);
    char *b64 = strrchr(copy, ' ') + 1;
    b64[20] = b64[20] == 'A' ? 'B' : 'A';
    assert_int_equal(open_note(copy, &v, 1, &n, &note), ERR_INTEGRITY);
    xfree(copy);
    /* Missing final newline: malformed. */
    copy = xstrdup(signed_note);
    copy[strlen(copy) - 1] = '\0';
    assert_int_equal(open_note(copy, &v, 1, &n, &note), ERR_INVALID);
    xfree(copy);
    /* Extra blank lines: before the signatures the text changes (it runs
     * to the last blank line) and no longer verifies; after them there are
     * no signature lines. */
    char buf2[1024];
    const char *sig_line = strstr(signed_note, "\n\n" EM_DASH) + 2;
    snprintf(buf2, sizeof(buf2), "%s\n\n%s", text, sig_line);
    assert_int_equal(open_note(buf2, &v, 1, &n, &note), ERR_INTEGRITY);
    snprintf(buf2, sizeof(buf2), "%s\n\n", signed_note);
    assert_int_equal(open_note(buf2, &v, 1, &n, &note), ERR_INVALID);
    snprintf(buf2, sizeof(buf2), "%s\n", signed_note);
    assert_int_equal(open_note(buf2, &v, 1, &n, &note), ERR_INVALID);
    /* No blank line at all. */
    snprintf(buf2, sizeof(buf2), "single line\n%s", sig_line);
    assert_int_equal(open_note(buf2, &v, 1, &n, &note), ERR_INVALID);
    xfree(signed_note);
    /* Texts that cannot be signed. */
    buf_init(&out, 4096);
    assert_int_equal(tlog_note_sign("no newline", 10, &log_key, &out, &err), ERR_INVALID);
    assert_int_equal(tlog_note_sign("", 0, &log_key, &out, &err), ERR_INVALID);
    assert_int_equal(tlog_note_sign("tab\there\n", 9, &log_key, &out, &err), ERR_INVALID);
    assert_int_equal(
        tlog_note_sign("bad \xff utf-8\n", strlen("bad \xff utf-8\n"), &log_key, &out, &err),
        ERR_INVALID);
    assert_string_equal(err.field, "text");
    buf_clear(&out);
    buf_init(&out, 20); /* too small for the signature line */
    assert_int_equal(tlog_note_sign("hello\n", 6, &log_key, &out, &err), ERR_TOO_LARGE);
    buf_clear(&out);
}

static void test_tlog_note_parse_refuses_malformed_notes(void **state)
{
    (void)state;
    struct tlog_note note;
    struct err err;
    err_init(&err);
    static const char sig64[] =
        "x08go/ZJkuBS9UG/"
        "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";
    char good[512];
    snprintf(good, sizeof(good), "text\n\n" EM_DASH " name %s\n", sig64);
    assert_int_equal(tlog_note_parse(good, strlen(good), &note, &err), ERR_OK);
    /* "$" stands for a good signature's base64. */
    static const char *const bad_lines[] = {
        "- name $",         /* a hyphen, not an em dash */
        EM_DASH "name $",   /* no space after the dash */
        EM_DASH "  name $", /* two spaces */
        EM_DASH " name  $",
        EM_DASH " name $ ",        /* trailing space */
        EM_DASH " $",              /* no name */
        EM_DASH " na+me $",        /* '+' in the name */
        EM_DASH " na\xc2\xa0me $", /* a Unicode space (U+00A0) in the name */
        EM_DASH " name $AAAA",     /* base64 after the padding */
        EM_DASH " name =$",
        EM_DASH " name",
        EM_DASH " name ",
        EM_DASH " name AAAAAA==", /* four bytes: a key id, no signature */
        EM_DASH " name AAAAAAB=", /* non-zero padding bits */
        EM_DASH " name AAAAAAA",  /* missing padding */
        EM_DASH " name AAAAAA-_", /* the URL alphabet */
        EM_DASH " name \xaf$",    /* a byte outside the alphabet before it */
        EM_DASH " name $\x80",    /* and after it */
    };
    for (size_t i = 0; i < sizeof(bad_lines) / sizeof(bad_lines[0]); i++) {
        char text[512];
        size_t k = 0;
        k += (size_t)snprintf(text, sizeof(text), "text\n\n");
        for (const char *c = bad_lines[i]; *c != '\0'; c++) {
            if (*c == '$') {
                k += (size_t)snprintf(text + k, sizeof(text) - k, "%s", sig64);
            } else {
                text[k++] = *c;
            }
        }
        text[k++] = '\n';
        text[k] = '\0';
        if (tlog_note_parse(text, strlen(text), &note, &err) != ERR_INVALID) {
            fail_msg("accepted the signature line of \"%s\"", text);
        }
        assert_string_equal(err.field, "note");
        assert_int_equal(note.n_sigs, 0);
    }
    /* Six bytes decode fine but are more than a key id: accepted. */
    snprintf(good, sizeof(good), "text\n\n" EM_DASH " name x08go/ZJ\n");
    assert_int_equal(tlog_note_parse(good, strlen(good), &note, &err), ERR_OK);
    assert_int_equal(note.sigs[0].sig_len, 2);
    static const char *const bad_notes[] = {
        "",
        "\n",
        "\n\n",
        "text\n\n",
        "text\r\n\n" EM_DASH " name AAAAAAA=\n", /* a control character */
        "te\x01xt\n\n" EM_DASH " name AAAAAAA=\n",
        "te\xc0\xafxt\n\n" EM_DASH " name AAAAAAA=\n",     /* overlong UTF-8 */
        "te\xed\xa0\x80xt\n\n" EM_DASH " name AAAAAAA=\n", /* a surrogate */
        "text\xe2\x80\n\n" EM_DASH " name AAAAAAA=\n",     /* truncated UTF-8 */
        "text\n\n" EM_DASH " name AAAAAAA=",               /* no final newline */
        "text\n\n" EM_DASH " name AAAAAAA=\n\n",
    };
    for (size_t i = 0; i < sizeof(bad_notes) / sizeof(bad_notes[0]); i++) {
        if (tlog_note_parse(bad_notes[i], strlen(bad_notes[i]), &note, &err) != ERR_INVALID) {
            fail_msg("accepted the note \"%s\"", bad_notes[i]);
        }
    }
    /* 100 signatures are accepted, 101 are not. */
    struct buf many;
    buf_init(&many, 1 << 20);
    assert_int_equal(buf_append_lit(&many, "text\n\n"), ERR_OK);
    for (int i = 0; i < TLOG_NOTE_MAX_SIGS; i++) {
        assert_int_equal(buf_appendf(&many, EM_DASH " w%d %s\n", i, sig64), ERR_OK);
    }
    assert_int_equal(tlog_note_parse(many.data, many.len, &note, &err), ERR_OK);
    assert_int_equal(note.n_sigs, TLOG_NOTE_MAX_SIGS);
    assert_int_equal(buf_appendf(&many, EM_DASH " w %s\n", sig64), ERR_OK);
    assert_int_equal(tlog_note_parse(many.data, many.len, &note, &err), ERR_INVALID);
    buf_clear(&many);
}

/* Fills cp with a checkpoint of origin, size and a root made from size. */
static void make_checkpoint(struct tlog_checkpoint *cp, const char *origin, int64_t size)
{
    memset(cp, 0, sizeof(*cp));
    snprintf(cp->origin, sizeof(cp->origin), "%s", origin);
    cp->size = size;
    tlog_hash_leaf(&size, sizeof(size), cp->root);
}

static void test_tlog_checkpoint_format_and_parse(void **state)
{
    (void)state;
    struct tlog_checkpoint cp;
    struct tlog_checkpoint back;
    struct buf out;
    struct err err;
    err_init(&err);
    buf_init(&out, 4096);
    make_checkpoint(&cp, "example.com/behind-the-sofa", 20852163);
    assert_int_equal(
        tlog_hash_from_b64("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=", 44, cp.root, &err),
        ERR_OK);
    assert_int_equal(tlog_checkpoint_format(&cp, &out, &err), ERR_OK);
    assert_string_equal(buf_str(&out), "example.com/behind-the-sofa\n20852163\n"
                                       "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
    assert_int_equal(tlog_checkpoint_parse(out.data, out.len, &back, &err), ERR_OK);
    assert_string_equal(back.origin, cp.origin);
    assert_int_equal(back.size, cp.size);
    assert_memory_equal(back.root, cp.root, 32);
    /* Extension lines, and the empty tree. */
    buf_reset(&out);
    make_checkpoint(&cp, "o", 0);
    tlog_hash_empty(cp.root);
    cp.extensions = "ext one\next two\n";
    cp.extensions_len = strlen(cp.extensions);
    assert_int_equal(tlog_checkpoint_format(&cp, &out, &err), ERR_OK);
    assert_string_equal(buf_str(&out), "o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"
                                       "ext one\next two\n");
    assert_int_equal(tlog_checkpoint_parse(out.data, out.len, &back, &err), ERR_OK);
    assert_int_equal(back.size, 0);
    assert_int_equal(back.extensions_len, cp.extensions_len);
    assert_memory_equal(back.extensions, cp.extensions, cp.extensions_len);
    /* Checkpoints that cannot be formatted leave out as it was. */
    buf_reset(&out);
    assert_int_equal(buf_append_lit(&out, "keep"), ERR_OK);
    cp.extensions = "ext\n\n";
    cp.extensions_len = 5;
    assert_int_equal(tlog_checkpoint_format(&cp, &out, &err), ERR_INVALID);
    cp.extensions = "ext";
    cp.extensions_len = 3;
    assert_int_equal(tlog_checkpoint_format(&cp, &out, &err), ERR_INVALID);
    cp.extensions = "ex\tt\n";
    cp.extensions_len = 5;
    assert_int_equal(tlog_checkpoint_format(&cp, &out, &err), ERR_INVALID);
    cp.extensions = NULL;
    cp.extensions_len = 0;
    cp.size = -1;
    assert_int_equal(tlog_checkpoint_format(&cp, &out, &err), ERR_INVALID);
    make_checkpoint(&cp, " o", 1);
    assert_int_equal(tlog_checkpoint_format(&cp, &out, &err), ERR_INVALID);
    make_checkpoint(&cp, "", 1);
    assert_int_equal(tlog_checkpoint_format(&cp, &out, &err), ERR_INVALID);
    make_checkpoint(&cp, "o\x01", 1);
    assert_int_equal(tlog_checkpoint_format(&cp, &out, &err), ERR_INVALID);
    assert_string_equal(buf_str(&out), "keep");
    buf_clear(&out);
}

static void test_tlog_checkpoint_parse_refuses_malformed_bodies(void **state)
{
    (void)state;
    struct tlog_checkpoint cp;
    struct err err;
    err_init(&err);
#define ROOT "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
    static const char *const bad[] = {
        "o\n07\n" ROOT, /* leading zero */
        "o\n00\n" ROOT, "o\n-1\n" ROOT, "o\n+1\n" ROOT, "o\n 1\n" ROOT, "o\n1 \n" ROOT,
        "o\n\n" ROOT, "o\n9223372036854775808\n" ROOT,          /* 2^63 */
        "o\n99999999999999999999\n" ROOT, "o\n7\n",             /* too few lines */
        "o\n7", "o\n", "", "o\n7\nAAAA\n",                      /* root not 32 bytes */
        "o\n7\nZG9uJ3QgY2FyZSAx\n",                             /* the vectors' 12 bytes */
        "o\n7\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=\n", /* non-canonical */
        /* bytes outside the alphabet, which some libsodium builds read as '/' */
        "o\n7\n\xff"
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        "o\n7\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\x80"
        "A=\n",
        "o\n7\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n=\n",
        "o\n7\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
        "o\n7\n" ROOT "\next\n",                 /* empty extension line */
        "o\n7\n" ROOT "\n", "o\n7\n" ROOT "ext", /* no final newline */
        "o\n7\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "\n7\n" ROOT, /* empty origin */
        " o\n7\n" ROOT,                                                     /* spaces at the ends */
        "o \n7\n" ROOT, "o\x01\n7\n" ROOT, /* a control character */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (tlog_checkpoint_parse(bad[i], strlen(bad[i]), &cp, &err) != ERR_INVALID) {
            fail_msg("accepted the checkpoint \"%s\"", bad[i]);
        }
        assert_string_equal(err.field, "checkpoint");
    }
    assert_int_equal(tlog_checkpoint_parse("o\n9223372036854775807\n" ROOT,
                                           strlen("o\n9223372036854775807\n" ROOT), &cp, &err),
                     ERR_OK);
    assert_int_equal(cp.size, INT64_MAX);
    assert_int_equal(tlog_checkpoint_parse("a b\n0\n" ROOT, strlen("a b\n0\n" ROOT), &cp, &err),
                     ERR_OK);
    char long_origin[TLOG_ORIGIN_MAX + 64];
    memset(long_origin, 'o', TLOG_ORIGIN_MAX + 1);
    snprintf(long_origin + TLOG_ORIGIN_MAX + 1, 63, "\n1\n" ROOT);
    assert_int_equal(tlog_checkpoint_parse(long_origin, strlen(long_origin), &cp, &err),
                     ERR_INVALID);
#undef ROOT
}

static void test_tlog_checkpoint_sign_and_open(void **state)
{
    (void)state;
    struct tlog_checkpoint cp;
    struct tlog_checkpoint back;
    struct tlog_note note;
    struct tlog_verifier v;
    struct tlog_verifier w;
    struct buf out;
    struct err err;
    err_init(&err);
    tlog_verifier_from_key(&log_key, TLOG_KEY_TYPE_ED25519, &v);
    tlog_verifier_from_key(&witness_key, TLOG_KEY_TYPE_COSIGNATURE, &w);
    make_checkpoint(&cp, log_key.name, 42);
    buf_init(&out, 4096);
    assert_int_equal(tlog_checkpoint_sign(&cp, &log_key, &out, &err), ERR_OK);
    assert_int_equal(
        tlog_checkpoint_open(out.data, out.len, &v, 1, log_key.name, &back, &note, &err), ERR_OK);
    assert_int_equal(back.size, 42);
    assert_memory_equal(back.root, cp.root, 32);
    assert_int_equal(tlog_checkpoint_open(out.data, out.len, &v, 1, NULL, &back, &note, &err),
                     ERR_OK);
    /* Another origin expected, another key, a witness key: refused. */
    assert_int_equal(
        tlog_checkpoint_open(out.data, out.len, &v, 1, "other.example/log", &back, &note, &err),
        ERR_INTEGRITY);
    struct tlog_verifier other;
    tlog_verifier_from_key(&other_key, TLOG_KEY_TYPE_ED25519, &other);
    assert_int_equal(tlog_checkpoint_open(out.data, out.len, &other, 1, NULL, &back, &note, &err),
                     ERR_INTEGRITY);
    assert_int_equal(tlog_checkpoint_open(out.data, out.len, &w, 1, NULL, &back, &note, &err),
                     ERR_INTEGRITY);
    /* A key may only sign checkpoints of its own origin. */
    buf_reset(&out);
    make_checkpoint(&cp, "other.example/log", 42);
    assert_int_equal(tlog_checkpoint_sign(&cp, &log_key, &out, &err), ERR_INVALID);
    /* A signed note that is not a checkpoint does not open as one. */
    buf_reset(&out);
    assert_int_equal(tlog_note_sign("hello\n", 6, &log_key, &out, &err), ERR_OK);
    assert_int_equal(tlog_checkpoint_open(out.data, out.len, &v, 1, NULL, &back, &note, &err),
                     ERR_INVALID);
    buf_clear(&out);
}

static void test_tlog_cosignature_round_trip_and_tampering(void **state)
{
    (void)state;
    struct tlog_checkpoint cp;
    struct tlog_note note;
    struct tlog_verifier keys[2];
    struct buf out;
    struct buf body;
    struct err err;
    size_t n = 0;
    err_init(&err);
    tlog_verifier_from_key(&log_key, TLOG_KEY_TYPE_ED25519, &keys[0]);
    tlog_verifier_from_key(&witness_key, TLOG_KEY_TYPE_COSIGNATURE, &keys[1]);
    make_checkpoint(&cp, log_key.name, 7);
    buf_init(&body, 4096);
    buf_init(&out, 4096);
    assert_int_equal(tlog_checkpoint_format(&cp, &body, &err), ERR_OK);
    assert_int_equal(tlog_checkpoint_sign(&cp, &log_key, &out, &err), ERR_OK);
    /* The witness's response lines are appended to the signed checkpoint. */
    assert_int_equal(tlog_cosig_sign(&witness_key, 1800000000, body.data, body.len, &out, &err),
                     ERR_OK);
    char *cosigned = buf_take(&out, NULL);
    assert_int_equal(open_note(cosigned, keys, 2, &n, &note), ERR_OK);
    assert_int_equal(n, 2);
    assert_int_equal(note.n_sigs, 2);
    /* With only the witness's key it verifies too; with the log's key as a
     * witness (type 0x01) the cosignature is just unknown. */
    assert_int_equal(open_note(cosigned, keys + 1, 1, &n, &note), ERR_OK);
    uint64_t ts = 0;
    assert_int_equal(tlog_cosig_timestamp(&note.sigs[1], &ts, &err), ERR_OK);
    assert_int_equal(ts, 1800000000);
    struct tlog_verifier as_note_key;
    tlog_verifier_from_key(&witness_key, TLOG_KEY_TYPE_ED25519, &as_note_key);
    assert_int_equal(open_note(cosigned, &as_note_key, 1, &n, &note), ERR_INTEGRITY);
    /* The signed message is "cosignature/v1\ntime <ts>\n" || body. */
    uint8_t raw[TLOG_NOTE_MAX_SIG_BYTES];
    size_t raw_len = 0;
    assert_int_equal(open_note(cosigned, keys, 2, &n, &note), ERR_OK);
    tlog_note_sig_bytes(&note.sigs[1], raw, &raw_len);
    assert_int_equal(raw_len, 4 + TLOG_COSIG_SIZE);
    char msg[512];
    int msg_len = snprintf(msg, sizeof(msg), "cosignature/v1\ntime 1800000000\n%s", body.data);
    assert_int_equal(crypto_sign_verify_detached(raw + 12, (const unsigned char *)msg,
                                                 (unsigned long long)msg_len,
                                                 witness_key.public_key),
                     0);
    uint64_t got = 0;
    assert_int_equal(
        tlog_cosig_verify(&keys[1], body.data, body.len, raw + 4, raw_len - 4, &got, &err), ERR_OK);
    assert_int_equal(got, 1800000000);
    /* Tampered: the timestamp, the signature, the body, the key type. */
    raw[4 + 7] ^= 1;
    assert_int_equal(
        tlog_cosig_verify(&keys[1], body.data, body.len, raw + 4, raw_len - 4, &got, &err),
        ERR_INTEGRITY);
    raw[4 + 7] ^= 1;
    raw[raw_len - 1] ^= 1;
    assert_int_equal(
        tlog_cosig_verify(&keys[1], body.data, body.len, raw + 4, raw_len - 4, &got, &err),
        ERR_INTEGRITY);
    raw[raw_len - 1] ^= 1;
    assert_int_equal(
        tlog_cosig_verify(&keys[1], body.data, body.len - 1, raw + 4, raw_len - 4, &got, &err),
        ERR_INTEGRITY);
    assert_int_equal(
        tlog_cosig_verify(&keys[0], body.data, body.len, raw + 4, raw_len - 4, &got, &err),
        ERR_INTEGRITY);
    assert_int_equal(
        tlog_cosig_verify(&keys[1], body.data, body.len, raw + 4, raw_len - 5, &got, &err),
        ERR_INTEGRITY);
    /* A tampered checkpoint text fails both signatures. */
    char *copy = xstrdup(cosigned);
    copy[strlen(log_key.name) + 1] = '8';
    assert_int_equal(open_note(copy, keys + 1, 1, &n, &note), ERR_INTEGRITY);
    xfree(copy);
    xfree(cosigned);
    /* Only checkpoints are cosigned, at times up to 2^63 - 1. */
    buf_init(&out, 4096);
    assert_int_equal(tlog_cosig_sign(&witness_key, 1, "Note\n\n", 6, &out, &err), ERR_INVALID);
    assert_int_equal(tlog_cosig_sign(&witness_key, UINT64_MAX, body.data, body.len, &out, &err),
                     ERR_INVALID);
    assert_int_equal(
        tlog_cosig_sign(&witness_key, (uint64_t)INT64_MAX, body.data, body.len, &out, &err),
        ERR_OK);
    buf_clear(&out);
    buf_clear(&body);
}

/* An in-memory log of stored hashes for the tlog-proof test. */
struct mem_log {
    uint8_t hashes[64][32];
    int64_t n_hashes;
};

static enum err_code
mem_read(void *ctx, const int64_t *indexes, size_t n, uint8_t (*hashes)[32], struct err *err)
{
    struct mem_log *log = ctx;
    for (size_t i = 0; i < n; i++) {
        if (indexes[i] < 0 || indexes[i] >= log->n_hashes) {
            return err_set(err, ERR_NOT_FOUND, "index", NULL, NULL);
        }
        memcpy(hashes[i], log->hashes[indexes[i]], 32);
    }
    return ERR_OK;
}

static void test_tlog_proof_text_round_trip(void **state)
{
    (void)state;
    static struct mem_log log;
    struct tlog_reader reader = {mem_read, &log};
    struct tlog_checkpoint cp;
    struct tlog_checkpoint opened;
    struct tlog_note note;
    struct tlog_verifier v;
    struct buf signed_cp;
    struct buf out;
    struct err err;
    uint8_t leaf[10][32];
    err_init(&err);
    log.n_hashes = 0;
    for (int64_t i = 0; i < 10; i++) {
        uint8_t add[TLOG_MAX_STORED_PER_LEAF][32];
        size_t n = 0;
        tlog_hash_leaf(&i, sizeof(i), leaf[i]);
        assert_int_equal(tlog_stored_hashes_for_leaf(i, leaf[i], &reader, add, &n, &err), ERR_OK);
        memcpy(log.hashes[log.n_hashes], add, n * 32);
        log.n_hashes += (int64_t)n;
    }
    make_checkpoint(&cp, log_key.name, 10);
    assert_int_equal(tlog_tree_hash(10, &reader, cp.root, &err), ERR_OK);
    buf_init(&signed_cp, 4096);
    assert_int_equal(tlog_checkpoint_sign(&cp, &log_key, &signed_cp, &err), ERR_OK);
    tlog_verifier_from_key(&log_key, TLOG_KEY_TYPE_ED25519, &v);
    static struct tlog_proof_text p;
    static struct tlog_proof_text back;
    memset(&p, 0, sizeof(p));
    p.index = 3;
    assert_int_equal(tlog_prove_inclusion(3, 10, &reader, p.path, &p.n_path, &err), ERR_OK);
    p.checkpoint = signed_cp.data;
    p.checkpoint_len = signed_cp.len;
    p.extra = "YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ";
    p.extra_len = strlen(p.extra);
    buf_init(&out, 8192);
    assert_int_equal(tlog_proof_text_format(&p, &out, &err), ERR_OK);
    assert_true(strncmp(out.data, "c2sp.org/tlog-proof@v1\nextra YWdl", 33) == 0);
    assert_non_null(strstr(out.data, "\nindex 3\n"));
    assert_int_equal(tlog_proof_text_parse(out.data, out.len, &back, &err), ERR_OK);
    assert_int_equal(back.index, 3);
    assert_int_equal(back.n_path, p.n_path);
    assert_memory_equal(back.path, p.path, p.n_path * 32);
    assert_int_equal(back.extra_len, p.extra_len);
    assert_memory_equal(back.extra, p.extra, p.extra_len);
    assert_int_equal(back.checkpoint_len, signed_cp.len);
    assert_memory_equal(back.checkpoint, signed_cp.data, signed_cp.len);
    assert_int_equal(
        tlog_proof_text_verify(&back, leaf[3], &v, 1, log_key.name, &opened, &note, &err), ERR_OK);
    assert_int_equal(opened.size, 10);
    /* Another leaf, another index, another log: refused. */
    assert_int_equal(tlog_proof_text_verify(&back, leaf[4], &v, 1, NULL, &opened, &note, &err),
                     ERR_INTEGRITY);
    back.index = 4;
    assert_int_equal(tlog_proof_text_verify(&back, leaf[3], &v, 1, NULL, &opened, &note, &err),
                     ERR_INTEGRITY);
    back.index = 3;
    assert_int_equal(
        tlog_proof_text_verify(&back, leaf[3], &v, 1, "other.example/log", &opened, &note, &err),
        ERR_INTEGRITY);
    /* Without extra data the line is left out. */
    p.extra = NULL;
    p.extra_len = 0;
    buf_reset(&out);
    assert_int_equal(tlog_proof_text_format(&p, &out, &err), ERR_OK);
    assert_true(strncmp(out.data, "c2sp.org/tlog-proof@v1\nindex 3\n", 31) == 0);
    assert_int_equal(tlog_proof_text_parse(out.data, out.len, &back, &err), ERR_OK);
    assert_null(back.extra);
    /* The spec's example, whose signatures are elided ("[...]"), is
     * refused; its header lines with a real checkpoint parse. */
    static const char spec_head[] = "c2sp.org/tlog-proof@v1\n"
                                    "extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ\n"
                                    "index 73894\n"
                                    "gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=\n"
                                    "B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=\n"
                                    "EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=\n"
                                    "RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=\n"
                                    "AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=\n"
                                    "\n";
    static const char spec_tail[] =
        "example.com/fancylog\n"
        "109482\n"
        "sFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=\n"
        "\n" EM_DASH " example.com/fancylog hI2DJw[...]1roloI=\n" EM_DASH
        " witness1.example mJirIklj[...]qY9v2B/5bg==\n";
    char text[2048];
    snprintf(text, sizeof(text), "%s%s", spec_head, spec_tail);
    assert_int_equal(tlog_proof_text_parse(text, strlen(text), &back, &err), ERR_INVALID);
    assert_string_equal(err.field, "note");
    snprintf(text, sizeof(text), "%s%s", spec_head, signed_cp.data);
    assert_int_equal(tlog_proof_text_parse(text, strlen(text), &back, &err), ERR_OK);
    assert_int_equal(back.index, 73894);
    assert_int_equal(back.n_path, 5);
    /* Malformed proofs. */
    static const char *const bad_heads[] = {
        "c2sp.org/tlog-proof@v2\nindex 3\n\n",
        "c2sp.org/tlog-proof@v1\nindex 03\n\n",
        "c2sp.org/tlog-proof@v1\nindex -3\n\n",
        "c2sp.org/tlog-proof@v1\nindex\n\n",
        "c2sp.org/tlog-proof@v1\n\n",
        "c2sp.org/tlog-proof@v1\nextra \nindex 3\n\n",
        "c2sp.org/tlog-proof@v1\nextra YWdl=\nindex 3\n\n",
        "c2sp.org/tlog-proof@v1\nindex 3\nextra YWdl\n\n",
        "c2sp.org/tlog-proof@v1\nindex 3\nZG9uJ3QgY2FyZSAx\n\n",
        "c2sp.org/tlog-proof@v1\nindex 3\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
        "c2sp.org/tlog-proof@v1\r\nindex 3\n\n",
    };
    for (size_t i = 0; i < sizeof(bad_heads) / sizeof(bad_heads[0]); i++) {
        snprintf(text, sizeof(text), "%s%s", bad_heads[i], signed_cp.data);
        if (tlog_proof_text_parse(text, strlen(text), &back, &err) != ERR_INVALID) {
            fail_msg("accepted the proof \"%s\"", text);
        }
    }
    snprintf(text, sizeof(text), "c2sp.org/tlog-proof@v1\nindex 3\n");
    assert_int_equal(tlog_proof_text_parse(text, strlen(text), &back, &err), ERR_INVALID);
    /* More hashes than any tree needs. */
    struct buf longer;
    buf_init(&longer, 1 << 16);
    assert_int_equal(buf_append_lit(&longer, "c2sp.org/tlog-proof@v1\nindex 3\n"), ERR_OK);
    for (int i = 0; i <= TLOG_MAX_PROOF; i++) {
        assert_int_equal(buf_append_lit(&longer, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"),
                         ERR_OK);
    }
    assert_int_equal(buf_appendf(&longer, "\n%s", signed_cp.data), ERR_OK);
    assert_int_equal(tlog_proof_text_parse(longer.data, longer.len, &back, &err), ERR_INVALID);
    buf_clear(&longer);
    /* Formatting refuses what parsing would. */
    p.extra = "YWdl=";
    p.extra_len = 5;
    assert_int_equal(tlog_proof_text_format(&p, &out, &err), ERR_INVALID);
    p.extra = "";
    p.extra_len = 0;
    assert_int_equal(tlog_proof_text_format(&p, &out, &err), ERR_INVALID);
    p.extra = NULL;
    p.index = -1;
    assert_int_equal(tlog_proof_text_format(&p, &out, &err), ERR_INVALID);
    p.index = 3;
    p.checkpoint = "not a note\n";
    p.checkpoint_len = 11;
    assert_int_equal(tlog_proof_text_format(&p, &out, &err), ERR_INVALID);
    buf_clear(&out);
    buf_clear(&signed_cp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tlog_note_spec_example_verifies),
        cmocka_unit_test(test_tlog_note_go_examples_sign_and_verify),
        cmocka_unit_test(test_tlog_note_spec_examples_parse),
        cmocka_unit_test(test_tlog_verifier_keys_parse_strictly),
        cmocka_unit_test(test_tlog_note_round_trip_and_tampering),
        cmocka_unit_test(test_tlog_note_parse_refuses_malformed_notes),
        cmocka_unit_test(test_tlog_checkpoint_format_and_parse),
        cmocka_unit_test(test_tlog_checkpoint_parse_refuses_malformed_bodies),
        cmocka_unit_test(test_tlog_checkpoint_sign_and_open),
        cmocka_unit_test(test_tlog_cosignature_round_trip_and_tampering),
        cmocka_unit_test(test_tlog_proof_text_round_trip),
    };
    return cmocka_run_group_tests(tests, setup_keys, NULL);
}
