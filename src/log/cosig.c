/*
 * C2SP tlog-cosignature v1 (Ed25519): signing and verifying timestamped
 * witness cosignatures on checkpoints. See cosig.h and docs/log.md,
 * "Cosignatures".
 */
#include "log/cosig.h"

#include "core/alloc.h"
#include "log/checkpoint.h"

#include <inttypes.h>
#include <sodium.h>
#include <string.h>

_Static_assert(TLOG_COSIG_SIZE == 8 + crypto_sign_BYTES, "timestamp and Ed25519 signature");

/* Appends the signed message "cosignature/v1\ntime <ts>\n" || body to
 * msg (C2SP tlog-cosignature, "Ed25519 signed message"). */
static enum err_code
cosig_message(uint64_t timestamp, const char *body, size_t len, struct buf *msg)
{
    if (buf_appendf(msg, "cosignature/v1\ntime %" PRIu64 "\n", timestamp) != ERR_OK ||
        buf_append(msg, body, len) != ERR_OK) {
        return ERR_TOO_LARGE;
    }
    return ERR_OK;
}

enum err_code tlog_cosig_sign(const struct tlog_key *key,
                              uint64_t timestamp,
                              const char *body,
                              size_t len,
                              struct buf *out,
                              struct err *err)
{
    struct tlog_checkpoint cp;
    struct buf msg;
    uint8_t sig[TLOG_COSIG_SIZE];
    enum err_code rc = tlog_checkpoint_parse(body, len, &cp, err);
    if (rc != ERR_OK) {
        return rc;
    }
    if (timestamp > (uint64_t)TLOG_COSIG_TIME_MAX) {
        return err_set(err, ERR_INVALID, "cosignature", "联署时间超出范围",
                       "cosignature time out of range");
    }
    buf_init(&msg, TLOG_NOTE_MAX_SIZE + 64);
    if (cosig_message(timestamp, body, len, &msg) != ERR_OK) {
        buf_clear(&msg);
        return err_set(err, ERR_TOO_LARGE, "cosignature", NULL, NULL);
    }
    for (int i = 0; i < 8; i++) {
        sig[i] = (uint8_t)(timestamp >> (56 - 8 * i));
    }
    crypto_sign_detached(sig + 8, NULL, (const unsigned char *)msg.data, msg.len, key->secret_key);
    buf_clear(&msg);
    uint32_t id = tlog_key_id(key->name, TLOG_KEY_TYPE_COSIGNATURE, key->public_key);
    return tlog__note_append_sig(out, key->name, id, sig, sizeof(sig), err);
}

/* Reads the big-endian timestamp at the start of a cosignature. */
static uint64_t read_timestamp(const uint8_t *sig)
{
    uint64_t ts = 0;
    for (int i = 0; i < 8; i++) {
        ts = ts << 8 | sig[i];
    }
    return ts;
}

enum err_code tlog_cosig_verify(const struct tlog_verifier *key,
                                const char *body,
                                size_t len,
                                const uint8_t *sig,
                                size_t sig_len,
                                uint64_t *timestamp,
                                struct err *err)
{
    struct buf msg;
    if (key->type != TLOG_KEY_TYPE_COSIGNATURE || sig_len != TLOG_COSIG_SIZE) {
        return err_set(err, ERR_INTEGRITY, "cosignature", "不是联署签名", "not a cosignature");
    }
    uint64_t ts = read_timestamp(sig);
    if (ts > (uint64_t)TLOG_COSIG_TIME_MAX) {
        return err_set(err, ERR_INTEGRITY, "cosignature", "联署时间超出范围",
                       "cosignature time out of range");
    }
    buf_init(&msg, TLOG_NOTE_MAX_SIZE + 64);
    enum err_code rc = ERR_OK;
    if (cosig_message(ts, body, len, &msg) != ERR_OK ||
        crypto_sign_verify_detached(sig + 8, (const unsigned char *)msg.data, msg.len,
                                    key->public_key) != 0) {
        rc = err_set(err, ERR_INTEGRITY, "cosignature", "%s 的联署签名验证失败",
                     "the cosignature by %s does not verify", key->name);
    } else if (timestamp != NULL) {
        *timestamp = ts;
    }
    buf_clear(&msg);
    return rc;
}

enum err_code
tlog_cosig_timestamp(const struct tlog_note_sig *sig, uint64_t *timestamp, struct err *err)
{
    uint8_t *raw = NULL;
    size_t raw_len = 0;
    enum err_code rc = ERR_OK;
    if (sig->sig_len != TLOG_COSIG_SIZE) {
        return err_set(err, ERR_INVALID, "cosignature", "不是联署签名", "not a cosignature");
    }
    raw = xmalloc(TLOG_NOTE_MAX_SIG_BYTES);
    tlog_note_sig_bytes(sig, raw, &raw_len);
    uint64_t ts = read_timestamp(raw + 4);
    if (ts > (uint64_t)TLOG_COSIG_TIME_MAX) {
        rc = err_set(err, ERR_INVALID, "cosignature", "联署时间超出范围",
                     "cosignature time out of range");
    } else {
        *timestamp = ts;
    }
    xfree(raw);
    return rc;
}
