/*
 * The node's Ed25519 signing key in the C2SP signed-note text forms:
 * private "PRIVATE+KEY+<name>+<keyid>+<base64(0x01 || seed)>" (kept in the
 * data folder, mode 0600) and the verifier key
 * "<name>+<keyid>+<base64(0x01 || public key)>", where keyid is the first
 * four bytes of SHA-256(name || "\n" || 0x01 || public key) in hex.
 * See C2SP signed-note and docs/log.md.
 */
#ifndef PROBITY_KEY_H
#define PROBITY_KEY_H

#include "core/err.h"

#include <stdbool.h>
#include <stdint.h>

#define TLOG_KEY_TEXT_MAX 256

/* Signature type bytes of C2SP signed-note: an Ed25519 note signature, and
 * an Ed25519 timestamped cosignature (C2SP tlog-cosignature). */
#define TLOG_KEY_TYPE_ED25519     0x01
#define TLOG_KEY_TYPE_COSIGNATURE 0x04

struct tlog_key {
    char name[128]; /* the log's origin, e.g. "zhuji.example/diankou" */
    uint32_t id;    /* key id (C2SP signed-note) */
    unsigned char public_key[32];
    unsigned char secret_key[64]; /* libsodium form: seed || public key */
};

/* True when name is a valid key name: non-empty printable ASCII without
 * spaces or '+', at most 127 bytes. */
bool tlog_key_name_ok(const char *name);
/* Makes a new random key for name. ERR_INVALID for a bad name. */
MUST_CHECK enum err_code tlog_key_generate(const char *name, struct tlog_key *key, struct err *err);
/* Writes the private key text into out. */
void tlog_key_private_text(const struct tlog_key *key, char out[TLOG_KEY_TEXT_MAX]);
/* Writes the verifier key text into out. */
void tlog_key_verifier_text(const struct tlog_key *key, char out[TLOG_KEY_TEXT_MAX]);
/* Parses a private key text (trailing newline allowed). ERR_INVALID. */
MUST_CHECK enum err_code
tlog_key_parse_private(const char *text, struct tlog_key *key, struct err *err);
/* The C2SP key id of a public key for a signature type: the first four
 * bytes, big-endian, of SHA-256(name || "\n" || type || public key). name
 * is NUL-terminated. key->id is tlog_key_id(name, TLOG_KEY_TYPE_ED25519,
 * public_key). */
uint32_t tlog_key_id(const char *name, uint8_t type, const unsigned char public_key[32]);
/* Derives a key of TLOG_KEY_DERIVED_BYTES for one purpose from key's
 * seed (libsodium's crypto_kdf, BLAKE2b): context is exactly eight
 * characters naming the purpose. Neither the signing key nor another
 * purpose's key can be computed from it. */
#define TLOG_KEY_DERIVED_BYTES 32
void tlog_key_derive(const struct tlog_key *key,
                     const char context[8],
                     unsigned char out[TLOG_KEY_DERIVED_BYTES]);
/* Writes the verifier key text of key used as a witness (cosigner), with
 * type TLOG_KEY_TYPE_COSIGNATURE and the matching key id:
 * "<name>+<id>+<base64(0x04 || public key)>". */
void tlog_key_cosigner_text(const struct tlog_key *key, char out[TLOG_KEY_TEXT_MAX]);

#endif
