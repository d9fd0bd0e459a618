/*
 * C2SP signed-note: a UTF-8 text ending in a newline, a blank line, then
 * signature lines "— <key name> <base64(key id || signature)>\n" (em dash
 * U+2014). Signing with the node's Ed25519 key (key.h), strict parsing,
 * verifier keys "<name>+<hex id>+<base64(type || public key)>", and
 * verification against known keys of type 0x01 (Ed25519) and 0x04 (C2SP
 * tlog-cosignature, see cosig.h). See docs/log.md, "Signed notes".
 */
#ifndef PROBITY_LOG_NOTE_H
#define PROBITY_LOG_NOTE_H

#include "core/buf.h"
#include "core/err.h"
#include "log/key.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest signed note parsed, in bytes. */
#define TLOG_NOTE_MAX_SIZE (1024 * 1024)
/* Most signature lines a parsed note may have (the spec asks for >= 16). */
#define TLOG_NOTE_MAX_SIGS 100
/* Largest decoded signature (key id included) in a parsed note: room for
 * post-quantum signatures, which the spec says approach 5 kB. */
#define TLOG_NOTE_MAX_SIG_BYTES 8192
/* Longest key name of a verifier key, in bytes (as for tlog_key names). */
#define TLOG_KEY_NAME_MAX 127

/* A known public key: a parsed verifier key text. */
struct tlog_verifier {
    char name[TLOG_KEY_NAME_MAX + 1]; /* NUL-terminated key name */
    uint32_t id;                      /* key id, checked against the key */
    uint8_t type;                     /* TLOG_KEY_TYPE_ED25519 or _COSIGNATURE */
    unsigned char public_key[32];     /* Ed25519 public key */
};

/* One signature line of a parsed note. Pointers borrow from the parsed
 * bytes and are valid as long as they are. */
struct tlog_note_sig {
    const char *name; /* key name, not NUL-terminated */
    size_t name_len;
    uint32_t id;     /* key id: the first four decoded bytes, big-endian */
    const char *b64; /* the signature's base64 text (key id included) */
    size_t b64_len;  /* its length */
    size_t sig_len;  /* decoded bytes after the key id (at least 1) */
};

/* A parsed signed note. Everything borrows from the parsed bytes. */
struct tlog_note {
    const char *text; /* the note text, final newline included */
    size_t text_len;
    struct tlog_note_sig sigs[TLOG_NOTE_MAX_SIGS]; /* in the order written */
    size_t n_sigs;                                 /* at least 1 */
};

/*
 * Parses len bytes of verifier key text "<name>+<8 hex digits>+<base64>"
 * (no trailing newline) into *v. The name must satisfy tlog_key_name_ok;
 * the base64 must decode to a type byte (0x01 or 0x04) and a 32-byte
 * Ed25519 public key; the hex id (lower case) must equal tlog_key_id of
 * them. ERR_INVALID (field "key") otherwise.
 */
MUST_CHECK enum err_code
tlog_verifier_parse(const char *text, size_t len, struct tlog_verifier *v, struct err *err);
/* Fills *v with key's public half for type TLOG_KEY_TYPE_ED25519 (the
 * log's own signatures) or TLOG_KEY_TYPE_COSIGNATURE (as a witness). */
void tlog_verifier_from_key(const struct tlog_key *key, uint8_t type, struct tlog_verifier *v);
/* Writes v's verifier key text into out. */
void tlog_verifier_text(const struct tlog_verifier *v, char out[TLOG_KEY_TEXT_MAX]);

/*
 * Checks that len bytes are acceptable as a note text: non-empty, valid
 * UTF-8, no control characters other than newline, ending in a newline.
 * ERR_INVALID (field "text") otherwise.
 */
MUST_CHECK enum err_code tlog_note_text_check(const char *text, size_t len, struct err *err);

/*
 * Appends the Ed25519 signature line of key over text to out:
 * "— <key->name> <base64(key->id || Ed25519 signature of text)>\n".
 * ERR_INVALID when text fails tlog_note_text_check; ERR_TOO_LARGE past
 * out's maximum (out may then hold part of the line).
 */
MUST_CHECK enum err_code tlog_note_sig_line(
    const char *text, size_t len, const struct tlog_key *key, struct buf *out, struct err *err);
/* Appends the signed note text || "\n" || signature line of key to out.
 * Errors as tlog_note_sig_line. */
MUST_CHECK enum err_code tlog_note_sign(
    const char *text, size_t len, const struct tlog_key *key, struct buf *out, struct err *err);

/*
 * Parses len bytes as a signed note into *note, strictly: at most
 * TLOG_NOTE_MAX_SIZE bytes of valid UTF-8 without control characters other
 * than newline, ending in a newline; the text runs to the last blank line
 * (text and signatures are separated by the last "\n\n"); after it come one
 * to TLOG_NOTE_MAX_SIGS lines "— <name> <base64>" where the name is
 * non-empty without Unicode spaces or '+', and the base64 is standard,
 * padded and canonical, decoding to a key id and 1 to
 * TLOG_NOTE_MAX_SIG_BYTES - 4 signature bytes. No signature is checked.
 * ERR_INVALID (field "note") otherwise. note borrows from the input.
 */
MUST_CHECK enum err_code
tlog_note_parse(const char *data, size_t len, struct tlog_note *note, struct err *err);

/*
 * Decodes signature sig of a parsed note into out (room for
 * TLOG_NOTE_MAX_SIG_BYTES), key id first; *len_out receives 4 +
 * sig->sig_len. Cannot fail on a signature from tlog_note_parse.
 */
void tlog_note_sig_bytes(const struct tlog_note_sig *sig, uint8_t *out, size_t *len_out);

/*
 * Verifies note against the n_keys known keys (C2SP signed-note,
 * "Signatures"): a signature whose name and key id both match a known key
 * is checked with that key's algorithm (type 0x01: Ed25519 over the text;
 * type 0x04: a tlog-cosignature over the text); other signatures are
 * ignored. ERR_INTEGRITY (field "note") when a known key's signature does
 * not verify, or when no known key signed. On success *n_verified (when
 * not NULL) is the number of distinct known keys whose signature verified,
 * at least 1, and verified[i] (when verified is not NULL; n_keys entries)
 * tells whether keys[i] did.
 */
MUST_CHECK enum err_code tlog_note_verify(const struct tlog_note *note,
                                          const struct tlog_verifier *keys,
                                          size_t n_keys,
                                          bool *verified,
                                          size_t *n_verified,
                                          struct err *err);

/* Internal to src/log: appends "— <name> <base64(id || sig[0..sig_len))>\n"
 * to out; ERR_TOO_LARGE past out's maximum. */
MUST_CHECK enum err_code tlog__note_append_sig(struct buf *out,
                                               const char *name,
                                               uint32_t id,
                                               const uint8_t *sig,
                                               size_t sig_len,
                                               struct err *err);

/* Internal to src/log: true when b64[0..len) is non-empty standard padded
 * base64 in its canonical spelling (zero padding bits). */
bool tlog__b64_canonical(const char *b64, size_t len);

#endif
