/*
 * RFC 9162 §2.1.1 Merkle tree hashing with SHA-256: the leaf hash
 * SHA-256(0x00 || leaf), the interior node hash SHA-256(0x01 || left ||
 * right) and the empty tree's hash SHA-256(""); plus the base64 text form
 * of a hash, which is where hashes of any length other than 32 bytes are
 * refused. See docs/log.md, "Hashing".
 */
#ifndef PROBITY_LOG_HASH_H
#define PROBITY_LOG_HASH_H

#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

#define TLOG_HASH_SIZE 32
/* Bytes of the base64 text of a hash, with its NUL: 44 characters + 1. */
#define TLOG_HASH_B64_SIZE 45

/*
 * A reusable SHA-256 context (an OpenSSL EVP_MD_CTX and the fetched
 * SHA-256 implementation) for code that hashes many times in a row. One
 * hasher belongs to one thread at a time; the library creates one per call
 * internally, so callers only need one for their own bulk hashing.
 */
struct tlog_hasher {
    struct evp_md_ctx_st *ctx; /* OpenSSL's EVP_MD_CTX, owned */
    struct evp_md_st *md;      /* OpenSSL's EVP_MD for SHA-256, owned */
};

/* Prepares h. Aborts (like xmalloc) when OpenSSL cannot allocate or has no
 * SHA-256. Release with tlog_hasher_clear. */
void tlog_hasher_init(struct tlog_hasher *h);
/* Releases h's OpenSSL objects; h may then be initialized again. Safe on a
 * zero-filled hasher. */
void tlog_hasher_clear(struct tlog_hasher *h);
/* out = SHA-256(0x00 || data[0..len)) (RFC 9162 §2.1.1 leaf hash). */
void tlog_hasher_leaf(struct tlog_hasher *h,
                      const void *data,
                      size_t len,
                      uint8_t out[TLOG_HASH_SIZE]);
/* out = SHA-256(0x01 || left || right). out may alias left or right. */
void tlog_hasher_node(struct tlog_hasher *h,
                      const uint8_t left[TLOG_HASH_SIZE],
                      const uint8_t right[TLOG_HASH_SIZE],
                      uint8_t out[TLOG_HASH_SIZE]);

/* out = SHA-256(data[0..len)): bytes that begin with their prefix
 * already, as the verifier lays them out (log/hashcheck.h). */
void tlog_hasher_raw(struct tlog_hasher *h,
                     const void *data,
                     size_t len,
                     uint8_t out[TLOG_HASH_SIZE]);

/* One-shot forms of the leaf and node functions (each makes a hasher). */
void tlog_hash_leaf(const void *data, size_t len, uint8_t out[TLOG_HASH_SIZE]);
void tlog_hash_node(const uint8_t left[TLOG_HASH_SIZE],
                    const uint8_t right[TLOG_HASH_SIZE],
                    uint8_t out[TLOG_HASH_SIZE]);
/* The root hash of the empty tree, SHA-256 of the empty string. */
void tlog_hash_empty(uint8_t out[TLOG_HASH_SIZE]);

/* Writes the standard (RFC 4648 §4, padded) base64 of h into out. */
void tlog_hash_to_b64(const uint8_t h[TLOG_HASH_SIZE], char out[TLOG_HASH_B64_SIZE]);
/*
 * Decodes len bytes of standard padded base64 text into out. The text must
 * decode to exactly TLOG_HASH_SIZE bytes, in its one canonical spelling
 * (44 characters, zero padding bits): ERR_INVALID otherwise, including for
 * the 12-byte "hashes" some test vectors use. out is unchanged on failure.
 */
MUST_CHECK enum err_code
tlog_hash_from_b64(const char *text, size_t len, uint8_t out[TLOG_HASH_SIZE], struct err *err);

#endif
