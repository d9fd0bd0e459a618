/*
 * The salted digest of a sealed part. See salted.h.
 */
#include "core/salted.h"

#include "core/b64.h"
#include "core/buf.h"
#include "core/canon.h"

#include <sodium.h>
#include <string.h>

/* The largest canonical text of a part digested (a record is far smaller). */
#define SALTED_PART_MAX (1024 * 1024)

enum err_code salted_digest(const uint8_t salt[SALTED_SALT_SIZE],
                            const json_t *part,
                            char out[SALTED_DIGEST_SIZE],
                            struct err *err)
{
    struct buf bytes;
    buf_init(&bytes, SALTED_PART_MAX);
    enum err_code rc = canon_encode(part, &bytes, err);
    if (rc == ERR_OK) {
        uint8_t digest[crypto_hash_sha256_BYTES];
        crypto_hash_sha256_state st;
        crypto_hash_sha256_init(&st);
        crypto_hash_sha256_update(&st, salt, SALTED_SALT_SIZE);
        crypto_hash_sha256_update(&st, (const unsigned char *)bytes.data, bytes.len);
        crypto_hash_sha256_final(&st, digest);
        sodium_bin2base64(out, SALTED_DIGEST_SIZE, digest, sizeof(digest),
                          sodium_base64_VARIANT_ORIGINAL);
    }
    buf_clear(&bytes);
    return rc;
}

bool salted_salt_decode(const char *b64, uint8_t salt[SALTED_SALT_SIZE])
{
    size_t len = 0;
    /* 44 characters is the only length that holds exactly 32 bytes. */
    return b64 != NULL && strlen(b64) == SALTED_DIGEST_SIZE - 1 &&
           b64_decode(b64, strlen(b64), salt, SALTED_SALT_SIZE, &len) && len == SALTED_SALT_SIZE;
}
