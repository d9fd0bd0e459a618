/*
 * The salted digest that stands for a sealed part in a public record:
 * base64(SHA-256(salt || canonical JSON of the part)), with a 32-byte
 * random salt so that a short part (a name, a yes or no) cannot be found
 * by trying every value. The node that seals (record/sealed.h) and the
 * monitor that checks what it is served (monitor/sealedparts.h) compute
 * it here. See docs/events.md, "Sealed parts".
 */
#ifndef PROBITY_SALTED_H
#define PROBITY_SALTED_H

#include "core/err.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define SALTED_SALT_SIZE 32
/* Bytes of the digest's base64 text, with its terminating NUL. */
#define SALTED_DIGEST_SIZE 45

/* Writes the digest of part under salt into out. ERR_INVALID when part
 * cannot be encoded canonically (core/canon.h). */
MUST_CHECK enum err_code salted_digest(const uint8_t salt[SALTED_SALT_SIZE],
                                       const json_t *part,
                                       char out[SALTED_DIGEST_SIZE],
                                       struct err *err);

/* Decodes a salt from its standard base64 text; false unless it is
 * exactly SALTED_SALT_SIZE bytes. */
bool salted_salt_decode(const char *b64, uint8_t salt[SALTED_SALT_SIZE]);

#endif
