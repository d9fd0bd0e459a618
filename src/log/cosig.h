/*
 * C2SP tlog-cosignature, Ed25519 ("cosignature/v1"): a witness's
 * timestamped signature line on a checkpoint. The signed message is
 * "cosignature/v1\ntime <timestamp>\n" followed by the checkpoint body; the
 * signature bytes are timestamp (uint64, big-endian) || Ed25519 signature;
 * the key id uses signature type 0x04. See docs/log.md, "Cosignatures".
 */
#ifndef PROBITY_LOG_COSIG_H
#define PROBITY_LOG_COSIG_H

#include "core/buf.h"
#include "core/err.h"
#include "log/key.h"
#include "log/note.h"

#include <stddef.h>
#include <stdint.h>

/* Decoded cosignature bytes after the key id: timestamp and signature. */
#define TLOG_COSIG_SIZE (8 + 64)
/* Largest timestamp allowed (the spec's 2^63 - 1). */
#define TLOG_COSIG_TIME_MAX INT64_MAX

/*
 * Appends the cosignature line of key (as a witness) at timestamp (POSIX
 * seconds) over the checkpoint body body[0..len) to out:
 * "— <key->name> <base64(key id || timestamp || signature)>\n", with the
 * key id tlog_key_id(key->name, TLOG_KEY_TYPE_COSIGNATURE, ...).
 * ERR_INVALID when body is not a checkpoint (tlog_checkpoint_parse) or
 * timestamp is over TLOG_COSIG_TIME_MAX; ERR_TOO_LARGE past out's maximum.
 */
MUST_CHECK enum err_code tlog_cosig_sign(const struct tlog_key *key,
                                         uint64_t timestamp,
                                         const char *body,
                                         size_t len,
                                         struct buf *out,
                                         struct err *err);

/*
 * Checks a cosignature by key (type TLOG_KEY_TYPE_COSIGNATURE) over the
 * checkpoint body body[0..len); sig[0..sig_len) is the decoded signature
 * after the key id. On success *timestamp (when not NULL) receives its
 * time. ERR_INTEGRITY (field "cosignature") when sig is not
 * TLOG_COSIG_SIZE bytes, the timestamp is over TLOG_COSIG_TIME_MAX, key is
 * not a cosignature key or the signature does not verify.
 */
MUST_CHECK enum err_code tlog_cosig_verify(const struct tlog_verifier *key,
                                           const char *body,
                                           size_t len,
                                           const uint8_t *sig,
                                           size_t sig_len,
                                           uint64_t *timestamp,
                                           struct err *err);

/*
 * Reads the timestamp of signature sig of a parsed note without checking
 * the signature (for display, or to pick the newest). ERR_INVALID (field
 * "cosignature") when sig does not have the size of a cosignature or its
 * timestamp is over TLOG_COSIG_TIME_MAX.
 */
MUST_CHECK enum err_code
tlog_cosig_timestamp(const struct tlog_note_sig *sig, uint64_t *timestamp, struct err *err);

#endif
