/*
 * The vault: secrets the server must read back, not only compare with a
 * hash (the TOTP secrets), kept in the database sealed with
 * XChaCha20-Poly1305 under a key derived from the node's signing key.
 * That key lives outside the database (node.key, mode 0600), so a dump,
 * a backup or a replica of the database alone reveals no secret. Each
 * sealed secret is bound to its purpose and its owner (the additional
 * data): one copied to another owner's row, or altered, does not open.
 * The store must have its log attached (node_open). See docs/security.md,
 * "Secrets at rest".
 */
#ifndef PROBITY_VAULT_H
#define PROBITY_VAULT_H

#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

/* What sealing adds to a secret: a random nonce and the tag. */
#define VAULT_OVERHEAD (24 + 16)

/* Seals len bytes of plain for purpose (exactly eight characters, e.g.
 * "totp-sec") and owner into out (len + VAULT_OVERHEAD bytes).
 * ERR_UNAVAILABLE when st has no key attached. */
MUST_CHECK enum err_code vault_seal(struct store *st,
                                    const char purpose[8],
                                    int64_t owner,
                                    const unsigned char *plain,
                                    size_t len,
                                    unsigned char *out,
                                    struct err *err);
/* Opens sealed (sealed_len bytes, more than VAULT_OVERHEAD) into out
 * (sealed_len - VAULT_OVERHEAD bytes). ERR_INTERNAL when it does not open
 * (altered, another owner's, or sealed under another node's key);
 * ERR_UNAVAILABLE when st has no key attached. */
MUST_CHECK enum err_code vault_open(struct store *st,
                                    const char purpose[8],
                                    int64_t owner,
                                    const unsigned char *sealed,
                                    size_t sealed_len,
                                    unsigned char *out,
                                    struct err *err);

#endif
