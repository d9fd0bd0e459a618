/*
 * C2SP tlog-checkpoint: the note text "<origin>\n<size>\n<base64 root>\n"
 * plus optional non-empty extension lines, its strict parsing, and signed
 * checkpoints (a C2SP signed-note whose text is a checkpoint body).
 * See docs/log.md, "Checkpoints".
 */
#ifndef PROBITY_LOG_CHECKPOINT_H
#define PROBITY_LOG_CHECKPOINT_H

#include "core/buf.h"
#include "core/err.h"
#include "log/hash.h"
#include "log/key.h"
#include "log/note.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest origin line accepted, in bytes (a local limit). */
#define TLOG_ORIGIN_MAX 255

struct tlog_checkpoint {
    char origin[TLOG_ORIGIN_MAX + 1]; /* NUL-terminated origin line */
    int64_t size;                     /* tree size, >= 0 */
    uint8_t root[TLOG_HASH_SIZE];     /* RFC 9162 root hash of size leaves */
    const char *extensions;           /* extension lines, each ending in "\n"; borrowed; or NULL */
    size_t extensions_len;            /* their total length, 0 when none */
};

/*
 * Appends the checkpoint body of cp to out: origin, size in decimal and the
 * base64 root, each followed by a newline, then cp's extension lines.
 * ERR_INVALID (field "checkpoint") when the origin is not acceptable (see
 * tlog_checkpoint_parse), the size is negative, or the extension lines are
 * not non-empty newline-terminated lines; ERR_TOO_LARGE past out's maximum.
 */
MUST_CHECK enum err_code
tlog_checkpoint_format(const struct tlog_checkpoint *cp, struct buf *out, struct err *err);

/*
 * Parses a checkpoint body (the text of a signed note, without the
 * signatures) into *cp, strictly: valid UTF-8 with no control characters
 * but newlines, ending in a newline; the origin line is 1 to
 * TLOG_ORIGIN_MAX bytes and neither begins nor ends with a space; the size
 * line is ASCII decimal without leading zeroes ("0" for the empty tree),
 * at most 2^63 - 1; the root line is the base64 of exactly 32 bytes
 * (tlog_hash_from_b64); every further line is a non-empty extension line.
 * ERR_INVALID (field "checkpoint") otherwise. cp->extensions borrows from
 * text.
 */
MUST_CHECK enum err_code
tlog_checkpoint_parse(const char *text, size_t len, struct tlog_checkpoint *cp, struct err *err);

/*
 * Formats cp and signs it with key (C2SP signed-note, Ed25519), appending
 * the signed checkpoint to out. cp->origin should equal key->name (C2SP
 * tlog-checkpoint, "Signatures"): ERR_INVALID when it does not. Other
 * errors as tlog_checkpoint_format.
 */
MUST_CHECK enum err_code tlog_checkpoint_sign(const struct tlog_checkpoint *cp,
                                              const struct tlog_key *key,
                                              struct buf *out,
                                              struct err *err);

/*
 * Opens a signed checkpoint: parses data as a signed note (note, which the
 * caller provides, receives it), verifies it against the log's keys
 * log_keys (tlog_note_verify: one of them must have signed, and no known
 * key's signature may fail), parses its text into *cp, and when origin is
 * not NULL checks that cp->origin equals it. Pass only the log's keys
 * here: a witness cosignature must not stand in for the log's signature;
 * check cosignatures afterwards with tlog_note_verify and witness keys.
 * ERR_INVALID for malformed input; ERR_INTEGRITY for a signature failure
 * or another origin. cp and note borrow from data.
 */
MUST_CHECK enum err_code tlog_checkpoint_open(const char *data,
                                              size_t len,
                                              const struct tlog_verifier *log_keys,
                                              size_t n_log_keys,
                                              const char *origin,
                                              struct tlog_checkpoint *cp,
                                              struct tlog_note *note,
                                              struct err *err);

/* Parses s[0..len) as ASCII decimal without leading zeroes ("0" alone is
 * zero), at most 2^63 - 1, into *out: a tree size or index as C2SP
 * formats write them. */
bool tlog_parse_decimal(const char *s, size_t len, int64_t *out);

#endif
