/*
 * C2SP tlog-proof ("c2sp.org/tlog-proof@v1"): an offline-verifiable proof
 * that an entry is in the log, as text: the header line, an optional
 * "extra <base64>" line, "index <n>", the inclusion proof hashes one per
 * line in base64, an empty line, then the signed checkpoint verbatim.
 * See docs/log.md, "Proof files".
 */
#ifndef PROBITY_LOG_PROOF_TEXT_H
#define PROBITY_LOG_PROOF_TEXT_H

#include "core/buf.h"
#include "core/err.h"
#include "log/checkpoint.h"
#include "log/hash.h"
#include "log/note.h"
#include "log/proof.h"

#include <stddef.h>
#include <stdint.h>

#define TLOG_PROOF_TEXT_HEADER "c2sp.org/tlog-proof@v1"

struct tlog_proof_text {
    const char *extra; /* base64 of the opaque extra data (borrowed), or NULL */
    size_t extra_len;  /* length of that base64 text */
    int64_t index;     /* the entry's 0-based index in the log */
    uint8_t path[TLOG_MAX_PROOF][TLOG_HASH_SIZE]; /* inclusion proof, leaf's sibling first */
    size_t n_path;                                /* its length */
    const char *checkpoint;                       /* the signed checkpoint, verbatim (borrowed) */
    size_t checkpoint_len;
};

/*
 * Appends the tlog-proof text of p to out. ERR_INVALID (field "proof") when
 * p->extra is present but empty or not canonical standard base64, the
 * index is negative, n_path is over TLOG_MAX_PROOF, or the checkpoint does
 * not parse as a signed note whose text is a checkpoint; ERR_TOO_LARGE
 * past out's maximum.
 */
MUST_CHECK enum err_code
tlog_proof_text_format(const struct tlog_proof_text *p, struct buf *out, struct err *err);

/*
 * Parses the tlog-proof text data[0..len) into *p, strictly: the exact
 * header line; an optional "extra " line with non-empty canonical base64;
 * "index " and a decimal without leading zeroes; up to TLOG_MAX_PROOF
 * lines each the base64 of exactly 32 bytes; an empty line; then a signed
 * checkpoint (tlog_note_parse and tlog_checkpoint_parse must accept it; no
 * signature is checked here). ERR_INVALID otherwise. p borrows from data.
 */
MUST_CHECK enum err_code
tlog_proof_text_parse(const char *data, size_t len, struct tlog_proof_text *p, struct err *err);

/*
 * Verifies a parsed proof for an entry whose RFC 9162 leaf hash is
 * leaf_hash: opens the checkpoint with the log's keys and expected origin
 * (tlog_checkpoint_open; origin may be NULL), then checks the inclusion
 * proof of p->index against the checkpoint's size and root. cp and note
 * (caller's storage) receive the checkpoint and its note, so the caller can
 * then count witness cosignatures with tlog_note_verify. ERR_INVALID or
 * ERR_INTEGRITY as those functions report.
 */
MUST_CHECK enum err_code tlog_proof_text_verify(const struct tlog_proof_text *p,
                                                const uint8_t leaf_hash[TLOG_HASH_SIZE],
                                                const struct tlog_verifier *log_keys,
                                                size_t n_log_keys,
                                                const char *origin,
                                                struct tlog_checkpoint *cp,
                                                struct tlog_note *note,
                                                struct err *err);

#endif
