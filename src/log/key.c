/*
 * Ed25519 keys in C2SP signed-note text form. See key.h.
 */
#include "log/key.h"

#include "core/b64.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool tlog_key_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 127) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c <= 0x20 || c >= 0x7f || c == '+') {
            return false;
        }
    }
    return true;
}

uint32_t tlog_key_id(const char *name, uint8_t type, const unsigned char public_key[32])
{
    crypto_hash_sha256_state st;
    unsigned char digest[crypto_hash_sha256_BYTES];
    const unsigned char alg = type;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)name, strlen(name));
    crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
    crypto_hash_sha256_update(&st, &alg, 1);
    crypto_hash_sha256_update(&st, public_key, 32);
    crypto_hash_sha256_final(&st, digest);
    return (uint32_t)digest[0] << 24 | (uint32_t)digest[1] << 16 | (uint32_t)digest[2] << 8 |
           (uint32_t)digest[3];
}

static uint32_t key_id(const char *name, const unsigned char public_key[32])
{
    return tlog_key_id(name, TLOG_KEY_TYPE_ED25519, public_key);
}

enum err_code tlog_key_generate(const char *name, struct tlog_key *key, struct err *err)
{
    if (!tlog_key_name_ok(name)) {
        return err_set(err, ERR_INVALID, "origin", "日志名称须为不含空格和“+”的可打印 ASCII",
                       "the log's name must be printable ASCII without spaces or '+'");
    }
    snprintf(key->name, sizeof(key->name), "%s", name);
    crypto_sign_keypair(key->public_key, key->secret_key);
    key->id = key_id(name, key->public_key);
    return ERR_OK;
}

/* Writes base64(type || bytes[0..32)). */
static void
encode_typed_key(unsigned char type, const unsigned char bytes[32], char *out, size_t size)
{
    unsigned char raw[33];
    raw[0] = type;
    memcpy(raw + 1, bytes, 32);
    sodium_bin2base64(out, size, raw, sizeof(raw), sodium_base64_VARIANT_ORIGINAL);
    sodium_memzero(raw, sizeof(raw));
}

/* Writes base64(0x01 || bytes[0..32)). */
static void encode_key(const unsigned char bytes[32], char *out, size_t size)
{
    encode_typed_key(TLOG_KEY_TYPE_ED25519, bytes, out, size);
}

void tlog_key_private_text(const struct tlog_key *key, char out[TLOG_KEY_TEXT_MAX])
{
    char b64[64];
    encode_key(key->secret_key, b64, sizeof(b64)); /* the seed: the first 32 bytes */
    snprintf(out, TLOG_KEY_TEXT_MAX, "PRIVATE+KEY+%s+%08x+%s", key->name, key->id, b64);
    sodium_memzero(b64, sizeof(b64));
}

void tlog_key_verifier_text(const struct tlog_key *key, char out[TLOG_KEY_TEXT_MAX])
{
    char b64[64];
    encode_key(key->public_key, b64, sizeof(b64));
    snprintf(out, TLOG_KEY_TEXT_MAX, "%s+%08x+%s", key->name, key->id, b64);
}

enum err_code tlog_key_parse_private(const char *text, struct tlog_key *key, struct err *err)
{
    char copy[TLOG_KEY_TEXT_MAX];
    unsigned char raw[33];
    size_t raw_len = 0;
    size_t n = strcspn(text, "\r\n");
    if (strncmp(text, "PRIVATE+KEY+", 12) != 0 || n >= sizeof(copy)) {
        goto bad;
    }
    memcpy(copy, text + 12, n - 12);
    copy[n - 12] = '\0';
    /* name '+' keyid '+' base64: the name has no '+', base64 may. */
    char *plus1 = strchr(copy, '+');
    char *plus2 = plus1 ? strchr(plus1 + 1, '+') : NULL;
    if (plus2 == NULL) {
        goto bad;
    }
    *plus1 = '\0';
    *plus2 = '\0';
    if (!tlog_key_name_ok(copy) ||
        !b64_decode(plus2 + 1, strlen(plus2 + 1), raw, sizeof(raw), &raw_len) || raw_len != 33 ||
        raw[0] != 0x01) {
        goto bad;
    }
    size_t name_len = strlen(copy); /* at most 127: tlog_key_name_ok checked it */
    memcpy(key->name, copy, name_len + 1);
    crypto_sign_seed_keypair(key->public_key, key->secret_key, raw + 1);
    key->id = key_id(key->name, key->public_key);
    char id_text[9];
    snprintf(id_text, sizeof(id_text), "%08x", key->id);
    if (strcmp(id_text, plus1 + 1) != 0) {
        goto bad;
    }
    sodium_memzero(raw, sizeof(raw));
    sodium_memzero(copy, sizeof(copy));
    return ERR_OK;
bad:
    sodium_memzero(raw, sizeof(raw));
    sodium_memzero(copy, sizeof(copy));
    return err_set(err, ERR_INVALID, "key", "签名密钥格式错误", "malformed signing key");
}

void tlog_key_cosigner_text(const struct tlog_key *key, char out[TLOG_KEY_TEXT_MAX])
{
    char b64[64];
    encode_typed_key(TLOG_KEY_TYPE_COSIGNATURE, key->public_key, b64, sizeof(b64));
    snprintf(out, TLOG_KEY_TEXT_MAX, "%s+%08x+%s", key->name,
             tlog_key_id(key->name, TLOG_KEY_TYPE_COSIGNATURE, key->public_key), b64);
}

void tlog_key_derive(const struct tlog_key *key,
                     const char context[8],
                     unsigned char out[TLOG_KEY_DERIVED_BYTES])
{
    /* libsodium's secret key is seed || public key: the seed is the master. */
    _Static_assert(crypto_kdf_KEYBYTES == 32 && TLOG_KEY_DERIVED_BYTES >= crypto_kdf_BYTES_MIN,
                   "a derived key from the 32-byte seed");
    crypto_kdf_derive_from_key(out, TLOG_KEY_DERIVED_BYTES, 1, context, key->secret_key);
}
