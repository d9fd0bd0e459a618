/*
 * C2SP tlog-proof text: formatting, strict parsing and verification of
 * offline inclusion proofs. See proof_text.h and docs/log.md, "Proof
 * files".
 */
#include "log/proof_text.h"

#include "core/alloc.h"

#include <inttypes.h>
#include <string.h>

static enum err_code bad_proof(struct err *err, const char *zh, const char *en)
{
    return err_set(err, ERR_INVALID, "proof", zh, en);
}

/* Checks that data[0..len) is a signed note whose text is a checkpoint
 * (syntax only). */
static enum err_code checkpoint_syntax(const char *data, size_t len, struct err *err)
{
    struct tlog_note *note = xmalloc(sizeof(*note));
    struct tlog_checkpoint cp;
    enum err_code rc = tlog_note_parse(data, len, note, err);
    if (rc == ERR_OK) {
        rc = tlog_checkpoint_parse(note->text, note->text_len, &cp, err);
    }
    xfree(note);
    return rc;
}

enum err_code
tlog_proof_text_format(const struct tlog_proof_text *p, struct buf *out, struct err *err)
{
    char b64[TLOG_HASH_B64_SIZE];
    if (p->extra != NULL && !tlog__b64_canonical(p->extra, p->extra_len)) {
        return bad_proof(err, "附加数据须为非空的 base64 编码",
                         "the extra data must be non-empty base64");
    }
    if (p->index < 0 || p->n_path > TLOG_MAX_PROOF) {
        return bad_proof(err, "证明的序号或路径无效", "invalid proof index or path");
    }
    enum err_code rc = checkpoint_syntax(p->checkpoint, p->checkpoint_len, err);
    if (rc != ERR_OK) {
        return rc;
    }
    size_t start = out->len;
    bool ok = buf_append_lit(out, TLOG_PROOF_TEXT_HEADER "\n") == ERR_OK;
    if (ok && p->extra != NULL) {
        ok = buf_append_lit(out, "extra ") == ERR_OK &&
             buf_append(out, p->extra, p->extra_len) == ERR_OK &&
             buf_append_lit(out, "\n") == ERR_OK;
    }
    ok = ok && buf_appendf(out, "index %" PRId64 "\n", p->index) == ERR_OK;
    for (size_t i = 0; ok && i < p->n_path; i++) {
        tlog_hash_to_b64(p->path[i], b64);
        ok = buf_append_str(out, b64) == ERR_OK && buf_append_lit(out, "\n") == ERR_OK;
    }
    ok = ok && buf_append_lit(out, "\n") == ERR_OK &&
         buf_append(out, p->checkpoint, p->checkpoint_len) == ERR_OK;
    if (!ok) {
        if (out->data != NULL) {
            out->len = start;
            out->data[start] = '\0';
        }
        return err_set(err, ERR_TOO_LARGE, "proof", NULL, NULL);
    }
    return ERR_OK;
}

/* Takes the next newline-terminated line of data[*pos..len): its start in
 * *line and length (newline excluded) in *line_len. False at the end or
 * for an unterminated line. */
static bool
next_line(const char *data, size_t len, size_t *pos, const char **line, size_t *line_len)
{
    if (*pos >= len) {
        return false;
    }
    const char *nl = memchr(data + *pos, '\n', len - *pos);
    if (nl == NULL) {
        return false;
    }
    *line = data + *pos;
    *line_len = (size_t)(nl - *line);
    *pos += *line_len + 1;
    return true;
}

/* True when line[0..len) begins with the literal prefix. */
static bool has_prefix(const char *line, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(line, prefix, n) == 0;
}

enum err_code
tlog_proof_text_parse(const char *data, size_t len, struct tlog_proof_text *p, struct err *err)
{
    static const char header[] = TLOG_PROOF_TEXT_HEADER;
    const char *line = NULL;
    size_t line_len = 0;
    size_t pos = 0;
    memset(p, 0, sizeof(*p));
    if (len > TLOG_NOTE_MAX_SIZE + 64 * TLOG_MAX_PROOF) {
        return bad_proof(err, "证明文件过大", "the proof is too large");
    }
    if (!next_line(data, len, &pos, &line, &line_len) || line_len != sizeof(header) - 1 ||
        memcmp(line, header, line_len) != 0) {
        return bad_proof(err, "证明文件的首行须为 " TLOG_PROOF_TEXT_HEADER,
                         "a proof must begin with the line " TLOG_PROOF_TEXT_HEADER);
    }
    if (!next_line(data, len, &pos, &line, &line_len)) {
        goto truncated;
    }
    if (has_prefix(line, line_len, "extra ")) {
        p->extra = line + 6;
        p->extra_len = line_len - 6;
        if (!tlog__b64_canonical(p->extra, p->extra_len)) {
            return bad_proof(err, "附加数据须为非空的 base64 编码",
                             "the extra data must be non-empty base64");
        }
        if (!next_line(data, len, &pos, &line, &line_len)) {
            goto truncated;
        }
    }
    if (!has_prefix(line, line_len, "index ") ||
        !tlog_parse_decimal(line + 6, line_len - 6, &p->index)) {
        return bad_proof(err, "证明文件缺少有效的 index 行", "the proof has no valid index line");
    }
    for (;;) {
        if (!next_line(data, len, &pos, &line, &line_len)) {
            goto truncated;
        }
        if (line_len == 0) {
            break;
        }
        if (p->n_path == TLOG_MAX_PROOF) {
            return bad_proof(err, "包含证明过长", "the inclusion proof is too long");
        }
        if (tlog_hash_from_b64(line, line_len, p->path[p->n_path], NULL) != ERR_OK) {
            return bad_proof(err, "包含证明的每行须为 32 字节哈希的 base64 编码",
                             "each inclusion proof line must be the base64 of a 32-byte hash");
        }
        p->n_path++;
    }
    p->checkpoint = data + pos;
    p->checkpoint_len = len - pos;
    return checkpoint_syntax(p->checkpoint, p->checkpoint_len, err);
truncated:
    return bad_proof(err, "证明文件不完整", "the proof is truncated");
}

enum err_code tlog_proof_text_verify(const struct tlog_proof_text *p,
                                     const uint8_t leaf_hash[TLOG_HASH_SIZE],
                                     const struct tlog_verifier *log_keys,
                                     size_t n_log_keys,
                                     const char *origin,
                                     struct tlog_checkpoint *cp,
                                     struct tlog_note *note,
                                     struct err *err)
{
    enum err_code rc = tlog_checkpoint_open(p->checkpoint, p->checkpoint_len, log_keys, n_log_keys,
                                            origin, cp, note, err);
    if (rc != ERR_OK) {
        return rc;
    }
    return tlog_verify_inclusion(p->index, cp->size, leaf_hash,
                                 (const uint8_t(*)[TLOG_HASH_SIZE])p->path, p->n_path, cp->root,
                                 err);
}
