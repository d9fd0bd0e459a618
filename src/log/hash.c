/*
 * RFC 9162 §2.1.1 leaf and node hashes over OpenSSL's SHA-256, and the
 * base64 form of a hash. See hash.h and docs/log.md.
 */
#include "log/hash.h"

#include "core/b64.h"

#include "core/diag.h"

#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>

/* SHA-256 of the empty string (RFC 9162 §2.1.1: MTH({}) = HASH()). */
static const uint8_t empty_hash[TLOG_HASH_SIZE] = {
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
    0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
};

/* OpenSSL's SHA-256 implementation, fetched once for the process (an
 * immutable, reference-counted object: each hasher holds a reference). */
static EVP_MD *sha256_md;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;

static void fetch_sha256(void)
{
    sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

void tlog_hasher_init(struct tlog_hasher *h)
{
    pthread_once(&sha256_once, fetch_sha256);
    h->ctx = EVP_MD_CTX_new();
    h->md = sha256_md;
    if (h->ctx == NULL || h->md == NULL || EVP_MD_up_ref(h->md) != 1) {
        diag_fatal("OpenSSL cannot provide a SHA-256 context");
    }
}

void tlog_hasher_clear(struct tlog_hasher *h)
{
    EVP_MD_CTX_free(h->ctx);
    EVP_MD_free(h->md);
    h->ctx = NULL;
    h->md = NULL;
}

/* Hashes prefix || a[0..a_len) || b[0..b_len) into out. The digest calls
 * can only fail on allocation or a broken provider, both fatal here. */
static void hasher_digest(struct tlog_hasher *h,
                          uint8_t prefix,
                          const void *a,
                          size_t a_len,
                          const void *b,
                          size_t b_len,
                          uint8_t out[TLOG_HASH_SIZE])
{
    unsigned int n = 0;
    if (EVP_DigestInit_ex2(h->ctx, h->md, NULL) != 1 || EVP_DigestUpdate(h->ctx, &prefix, 1) != 1 ||
        (a_len > 0 && EVP_DigestUpdate(h->ctx, a, a_len) != 1) ||
        (b_len > 0 && EVP_DigestUpdate(h->ctx, b, b_len) != 1) ||
        EVP_DigestFinal_ex(h->ctx, out, &n) != 1 || n != TLOG_HASH_SIZE) {
        diag_fatal("SHA-256 failed");
    }
}

void tlog_hasher_raw(struct tlog_hasher *h,
                     const void *data,
                     size_t len,
                     uint8_t out[TLOG_HASH_SIZE])
{
    unsigned int n = 0;
    if (EVP_DigestInit_ex2(h->ctx, h->md, NULL) != 1 || EVP_DigestUpdate(h->ctx, data, len) != 1 ||
        EVP_DigestFinal_ex(h->ctx, out, &n) != 1 || n != TLOG_HASH_SIZE) {
        diag_fatal("SHA-256 failed");
    }
}

void tlog_hasher_leaf(struct tlog_hasher *h,
                      const void *data,
                      size_t len,
                      uint8_t out[TLOG_HASH_SIZE])
{
    hasher_digest(h, 0x00, data, len, NULL, 0, out);
}

void tlog_hasher_node(struct tlog_hasher *h,
                      const uint8_t left[TLOG_HASH_SIZE],
                      const uint8_t right[TLOG_HASH_SIZE],
                      uint8_t out[TLOG_HASH_SIZE])
{
    /* The inputs are read completely before out is written, so out may
     * alias either of them. */
    hasher_digest(h, 0x01, left, TLOG_HASH_SIZE, right, TLOG_HASH_SIZE, out);
}

void tlog_hash_leaf(const void *data, size_t len, uint8_t out[TLOG_HASH_SIZE])
{
    struct tlog_hasher h;
    tlog_hasher_init(&h);
    tlog_hasher_leaf(&h, data, len, out);
    tlog_hasher_clear(&h);
}

void tlog_hash_node(const uint8_t left[TLOG_HASH_SIZE],
                    const uint8_t right[TLOG_HASH_SIZE],
                    uint8_t out[TLOG_HASH_SIZE])
{
    struct tlog_hasher h;
    tlog_hasher_init(&h);
    tlog_hasher_node(&h, left, right, out);
    tlog_hasher_clear(&h);
}

void tlog_hash_empty(uint8_t out[TLOG_HASH_SIZE])
{
    memcpy(out, empty_hash, TLOG_HASH_SIZE);
}

void tlog_hash_to_b64(const uint8_t h[TLOG_HASH_SIZE], char out[TLOG_HASH_B64_SIZE])
{
    _Static_assert(TLOG_HASH_B64_SIZE ==
                       sodium_base64_ENCODED_LEN(TLOG_HASH_SIZE, sodium_base64_VARIANT_ORIGINAL),
                   "44 base64 characters and a NUL");
    sodium_bin2base64(out, TLOG_HASH_B64_SIZE, h, TLOG_HASH_SIZE, sodium_base64_VARIANT_ORIGINAL);
}

enum err_code
tlog_hash_from_b64(const char *text, size_t len, uint8_t out[TLOG_HASH_SIZE], struct err *err)
{
    uint8_t raw[TLOG_HASH_SIZE];
    size_t raw_len = 0;
    /* 44 characters is the only length that can hold exactly 32 bytes,
     * and the text must be their canonical encoding. */
    if (len != TLOG_HASH_B64_SIZE - 1 || !b64_decode(text, len, raw, sizeof(raw), &raw_len) ||
        raw_len != TLOG_HASH_SIZE) {
        return err_set(err, ERR_INVALID, "hash", "哈希值须为 32 字节的 base64 编码",
                       "a hash must be the base64 encoding of exactly 32 bytes");
    }
    memcpy(out, raw, TLOG_HASH_SIZE);
    return ERR_OK;
}
