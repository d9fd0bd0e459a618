/*
 * Unit tests of the node's signing key in C2SP signed-note text form
 * (log/key.h): generate, write and parse back the private key; the
 * verifier key's format; the key id checked against SHA-256 computed here
 * with OpenSSL rather than libsodium; refusal of malformed texts and names.
 */
#include "log/key.h"

#include <openssl/evp.h>
#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"

#define ORIGIN "zhuji.example/diankou"

/* The C2SP signed-note key id: the first four bytes, big-endian, of
 * SHA-256(name || "\n" || 0x01 || public key). */
static uint32_t expected_key_id(const char *name, const unsigned char public_key[32])
{
    unsigned char msg[256];
    size_t n = strlen(name);
    assert_true(n + 2 + 32 <= sizeof(msg));
    memcpy(msg, name, n);
    msg[n] = '\n';
    msg[n + 1] = 0x01;
    memcpy(msg + n + 2, public_key, 32);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0;
    assert_int_equal(EVP_Digest(msg, n + 2 + 32, digest, &digest_len, EVP_sha256(), NULL), 1);
    assert_int_equal(digest_len, 32);
    return (uint32_t)digest[0] << 24 | (uint32_t)digest[1] << 16 | (uint32_t)digest[2] << 8 |
           (uint32_t)digest[3];
}

/* Decodes standard padded base64 text into out; returns the byte count or
 * -1. Uses OpenSSL's decoder, not libsodium's. */
static int decode_base64(const char *text, unsigned char *out, size_t size)
{
    size_t len = strlen(text);
    if (len == 0 || len % 4 != 0 || len / 4 * 3 > size) {
        return -1;
    }
    int n = EVP_DecodeBlock(out, (const unsigned char *)text, (int)len);
    if (n < 0) {
        return -1;
    }
    if (text[len - 1] == '=') {
        n--;
    }
    if (text[len - 2] == '=') {
        n--;
    }
    return n;
}

static void generate(const char *name, struct tlog_key *key)
{
    struct err err;
    err_init(&err);
    memset(key, 0, sizeof(*key));
    assert_int_equal(tlog_key_generate(name, key, &err), ERR_OK);
}

static void test_key_generate_sets_name_and_independent_key_id(void **state)
{
    (void)state;
    struct tlog_key key;
    generate(ORIGIN, &key);
    assert_string_equal(key.name, ORIGIN);
    assert_true(key.id == expected_key_id(ORIGIN, key.public_key));
    /* libsodium's secret key is seed || public key. */
    assert_memory_equal(key.secret_key + 32, key.public_key, 32);
}

static void test_key_generate_makes_distinct_keys(void **state)
{
    (void)state;
    struct tlog_key a;
    struct tlog_key b;
    generate(ORIGIN, &a);
    generate(ORIGIN, &b);
    assert_memory_not_equal(a.public_key, b.public_key, 32);
    assert_memory_not_equal(a.secret_key, b.secret_key, 32);
}

static void test_key_private_text_round_trips(void **state)
{
    (void)state;
    /* Several keys, so that base64 containing '+' and '/' is covered. */
    for (int i = 0; i < 24; i++) {
        struct tlog_key key;
        struct tlog_key back;
        char text[TLOG_KEY_TEXT_MAX];
        struct err err;
        generate(ORIGIN, &key);
        tlog_key_private_text(&key, text);
        memset(&back, 0, sizeof(back));
        err_init(&err);
        assert_int_equal(tlog_key_parse_private(text, &back, &err), ERR_OK);
        assert_string_equal(back.name, key.name);
        assert_true(back.id == key.id);
        assert_memory_equal(back.public_key, key.public_key, 32);
        assert_memory_equal(back.secret_key, key.secret_key, 64);
    }
}

static void test_key_private_text_has_the_signed_note_layout(void **state)
{
    (void)state;
    struct tlog_key key;
    char text[TLOG_KEY_TEXT_MAX];
    char want_prefix[TLOG_KEY_TEXT_MAX];
    generate(ORIGIN, &key);
    tlog_key_private_text(&key, text);
    snprintf(want_prefix, sizeof(want_prefix), "PRIVATE+KEY+%s+%08x+", ORIGIN,
             (unsigned)expected_key_id(ORIGIN, key.public_key));
    assert_true(strncmp(text, want_prefix, strlen(want_prefix)) == 0);
    unsigned char raw[64];
    assert_int_equal(decode_base64(text + strlen(want_prefix), raw, sizeof(raw)), 33);
    assert_int_equal(raw[0], 0x01);
    assert_memory_equal(raw + 1, key.secret_key, 32);
}

static void test_key_verifier_text_is_name_id_and_public_key(void **state)
{
    (void)state;
    struct tlog_key key;
    char text[TLOG_KEY_TEXT_MAX];
    generate(ORIGIN, &key);
    tlog_key_verifier_text(&key, text);

    /* NAME+8hex+base64: the name has no '+', base64 may. */
    char *plus1 = strchr(text, '+');
    assert_non_null(plus1);
    char *plus2 = strchr(plus1 + 1, '+');
    assert_non_null(plus2);
    assert_int_equal(plus1 - text, strlen(ORIGIN));
    assert_memory_equal(text, ORIGIN, strlen(ORIGIN));
    assert_int_equal(plus2 - plus1 - 1, 8);
    char id_text[9];
    char want_id[9];
    memcpy(id_text, plus1 + 1, 8);
    id_text[8] = '\0';
    for (int i = 0; i < 8; i++) {
        assert_true((id_text[i] >= '0' && id_text[i] <= '9') ||
                    (id_text[i] >= 'a' && id_text[i] <= 'f'));
    }
    snprintf(want_id, sizeof(want_id), "%08x", (unsigned)expected_key_id(ORIGIN, key.public_key));
    assert_string_equal(id_text, want_id);

    unsigned char raw[64];
    assert_int_equal(decode_base64(plus2 + 1, raw, sizeof(raw)), 33);
    assert_int_equal(raw[0], 0x01);
    assert_memory_equal(raw + 1, key.public_key, 32);
}

static void test_key_parsed_key_signs_for_its_public_key(void **state)
{
    (void)state;
    struct tlog_key key;
    struct tlog_key back;
    char text[TLOG_KEY_TEXT_MAX];
    struct err err;
    generate(ORIGIN, &key);
    tlog_key_private_text(&key, text);
    err_init(&err);
    assert_int_equal(tlog_key_parse_private(text, &back, &err), ERR_OK);
    const unsigned char msg[] = "checkpoint body";
    unsigned char sig[crypto_sign_BYTES];
    assert_int_equal(crypto_sign_detached(sig, NULL, msg, sizeof(msg), back.secret_key), 0);
    assert_int_equal(crypto_sign_verify_detached(sig, msg, sizeof(msg), key.public_key), 0);
}

static void test_key_parse_accepts_a_trailing_newline(void **state)
{
    (void)state;
    struct tlog_key key;
    struct tlog_key back;
    char text[TLOG_KEY_TEXT_MAX];
    char line[TLOG_KEY_TEXT_MAX + 2];
    struct err err;
    generate(ORIGIN, &key);
    tlog_key_private_text(&key, text);
    snprintf(line, sizeof(line), "%s\n", text);
    err_init(&err);
    assert_int_equal(tlog_key_parse_private(line, &back, &err), ERR_OK);
    assert_memory_equal(back.public_key, key.public_key, 32);
    snprintf(line, sizeof(line), "%s\r\n", text);
    assert_int_equal(tlog_key_parse_private(line, &back, &err), ERR_OK);
    assert_memory_equal(back.public_key, key.public_key, 32);
}

/* Asserts that text is refused with ERR_INVALID. */
static void assert_refused(const char *text)
{
    struct tlog_key back;
    struct err err;
    err_init(&err);
    if (tlog_key_parse_private(text, &back, &err) != ERR_INVALID) {
        fail_msg("accepted %s", text);
    }
    assert_int_equal(err.code, ERR_INVALID);
}

static void test_key_parse_refuses_malformed_texts(void **state)
{
    (void)state;
    struct tlog_key key;
    char text[TLOG_KEY_TEXT_MAX];
    char bad[TLOG_KEY_TEXT_MAX + 64];
    generate(ORIGIN, &key);
    tlog_key_private_text(&key, text);
    const char *after_prefix = text + strlen("PRIVATE+KEY+");
    const char *id = after_prefix + strlen(ORIGIN) + 1;
    const char *b64 = id + 9;

    assert_refused("");
    assert_refused("PRIVATE+KEY+");
    assert_refused("PRIVATE+KEY+" ORIGIN);
    assert_refused("PRIVATE+KEY+" ORIGIN "+0badc0de");

    /* Wrong prefix. */
    snprintf(bad, sizeof(bad), "PRIVATE+KEX+%s", after_prefix);
    assert_refused(bad);
    snprintf(bad, sizeof(bad), "private+key+%s", after_prefix);
    assert_refused(bad);
    assert_refused(after_prefix);

    /* Wrong key id: one hex digit changed. */
    snprintf(bad, sizeof(bad), "%s", text);
    char *digit = bad + (id - text);
    *digit = *digit == '0' ? '1' : '0';
    assert_refused(bad);

    /* Bad base64: a character outside the alphabet, or cut short. */
    snprintf(bad, sizeof(bad), "%s", text);
    bad[(b64 - text) + 5] = '!';
    assert_refused(bad);
    snprintf(bad, sizeof(bad), "%.*s", (int)(strlen(text) - 4), text);
    assert_refused(bad);

    /* A name with a space (the id is recomputed for the new name, so
     * only the name is wrong). */
    snprintf(bad, sizeof(bad), "PRIVATE+KEY+zhuji example+%08x+%s",
             (unsigned)expected_key_id("zhuji example", key.public_key), b64);
    assert_refused(bad);

    /* Far too long. */
    memset(bad, 'A', sizeof(bad) - 1);
    bad[sizeof(bad) - 1] = '\0';
    memcpy(bad, "PRIVATE+KEY+x+00000000+", strlen("PRIVATE+KEY+x+00000000+"));
    assert_refused(bad);
}

/* Writes a private key text for name with raw (n bytes) as the key. */
static void private_text_with(const char *name,
                              const unsigned char *raw,
                              size_t n,
                              const unsigned char public_key[32],
                              char *out,
                              size_t size)
{
    char b64[128];
    sodium_bin2base64(b64, sizeof(b64), raw, n, sodium_base64_VARIANT_ORIGINAL);
    snprintf(out, size, "PRIVATE+KEY+%s+%08x+%s", name, (unsigned)expected_key_id(name, public_key),
             b64);
}

static void test_key_parse_refuses_wrong_algorithm_or_length(void **state)
{
    (void)state;
    struct tlog_key key;
    unsigned char raw[34];
    char text[TLOG_KEY_TEXT_MAX];
    generate(ORIGIN, &key);

    /* The well-formed text, built here, is accepted... */
    raw[0] = 0x01;
    memcpy(raw + 1, key.secret_key, 32);
    private_text_with(ORIGIN, raw, 33, key.public_key, text, sizeof(text));
    struct tlog_key back;
    struct err err;
    err_init(&err);
    assert_int_equal(tlog_key_parse_private(text, &back, &err), ERR_OK);

    /* ...but not with another algorithm byte, without it, or with extra. */
    raw[0] = 0x02;
    private_text_with(ORIGIN, raw, 33, key.public_key, text, sizeof(text));
    assert_refused(text);
    private_text_with(ORIGIN, key.secret_key, 32, key.public_key, text, sizeof(text));
    assert_refused(text);
    raw[0] = 0x01;
    raw[33] = 0x00;
    private_text_with(ORIGIN, raw, 34, key.public_key, text, sizeof(text));
    assert_refused(text);
}

static void test_key_names_must_be_printable_ascii_without_space_or_plus(void **state)
{
    (void)state;
    static const char *const bad[] = {"",          "zhuji example", "a+b",    "中文",
                                      "tab\there", "nl\n",          "del\x7f"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct tlog_key key;
        struct err err;
        err_init(&err);
        assert_false(tlog_key_name_ok(bad[i]));
        assert_int_equal(tlog_key_generate(bad[i], &key, &err), ERR_INVALID);
    }
    char name[129];
    memset(name, 'n', 127);
    name[127] = '\0';
    assert_true(tlog_key_name_ok(name));
    memset(name, 'n', 128);
    name[128] = '\0';
    assert_false(tlog_key_name_ok(name));
    assert_true(tlog_key_name_ok("example.com/log~1!"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_generate_sets_name_and_independent_key_id),
        cmocka_unit_test(test_key_generate_makes_distinct_keys),
        cmocka_unit_test(test_key_private_text_round_trips),
        cmocka_unit_test(test_key_private_text_has_the_signed_note_layout),
        cmocka_unit_test(test_key_verifier_text_is_name_id_and_public_key),
        cmocka_unit_test(test_key_parsed_key_signs_for_its_public_key),
        cmocka_unit_test(test_key_parse_accepts_a_trailing_newline),
        cmocka_unit_test(test_key_parse_refuses_malformed_texts),
        cmocka_unit_test(test_key_parse_refuses_wrong_algorithm_or_length),
        cmocka_unit_test(test_key_names_must_be_printable_ascii_without_space_or_plus),
    };
    return cmocka_run_group_tests(tests, unit_group_setup, NULL);
}
