/*
 * C2SP tlog-checkpoint bodies: formatting, strict parsing, signing and
 * opening signed checkpoints. See checkpoint.h and docs/log.md,
 * "Checkpoints".
 */
#include "log/checkpoint.h"

#include <inttypes.h>
#include <string.h>

static enum err_code bad_checkpoint(struct err *err, const char *zh, const char *en)
{
    return err_set(err, ERR_INVALID, "checkpoint", zh, en);
}

/* True when origin[0..len) is an acceptable origin line (its characters
 * are checked with the rest of the note). */
static bool origin_ok(const char *origin, size_t len)
{
    return len > 0 && len <= TLOG_ORIGIN_MAX && origin[0] != ' ' && origin[len - 1] != ' ' &&
           memchr(origin, '\n', len) == NULL;
}

/* True when ext[0..len) is a run of non-empty lines, each ending in "\n". */
static bool extensions_ok(const char *ext, size_t len)
{
    if (len == 0) {
        return true;
    }
    if (ext[len - 1] != '\n' || ext[0] == '\n') {
        return false;
    }
    for (size_t i = 1; i < len; i++) {
        if (ext[i] == '\n' && ext[i - 1] == '\n') {
            return false;
        }
    }
    return true;
}

enum err_code
tlog_checkpoint_format(const struct tlog_checkpoint *cp, struct buf *out, struct err *err)
{
    char root[TLOG_HASH_B64_SIZE];
    size_t origin_len = strnlen(cp->origin, sizeof(cp->origin));
    size_t start = out->len;
    if (!origin_ok(cp->origin, origin_len) || origin_len == sizeof(cp->origin)) {
        return bad_checkpoint(err, "检查点的来源名称无效", "invalid checkpoint origin");
    }
    if (cp->size < 0) {
        return bad_checkpoint(err, "检查点的树大小无效", "invalid checkpoint tree size");
    }
    if (!extensions_ok(cp->extensions, cp->extensions_len)) {
        return bad_checkpoint(err, "检查点的扩展行无效", "invalid checkpoint extension lines");
    }
    tlog_hash_to_b64(cp->root, root);
    if (buf_appendf(out, "%s\n%" PRId64 "\n%s\n", cp->origin, cp->size, root) != ERR_OK ||
        (cp->extensions_len > 0 && buf_append(out, cp->extensions, cp->extensions_len) != ERR_OK)) {
        return err_set(err, ERR_TOO_LARGE, "checkpoint", NULL, NULL);
    }
    /* The body must itself be an acceptable note text (this checks the
     * origin's and extensions' characters); if not, out is restored. */
    enum err_code rc = tlog_note_text_check(out->data + start, out->len - start, NULL);
    if (rc != ERR_OK) {
        out->len = start;
        out->data[start] = '\0';
        return bad_checkpoint(err, "检查点含有无效字符", "invalid characters in the checkpoint");
    }
    return ERR_OK;
}

bool tlog_parse_decimal(const char *s, size_t len, int64_t *out)
{
    int64_t v = 0;
    if (len == 0 || len > 19 || (s[0] == '0' && len > 1)) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        int d = s[i] - '0';
        if (v > (INT64_MAX - d) / 10) {
            return false;
        }
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

enum err_code
tlog_checkpoint_parse(const char *text, size_t len, struct tlog_checkpoint *cp, struct err *err)
{
    struct tlog_checkpoint out;
    memset(&out, 0, sizeof(out));
    if (tlog_note_text_check(text, len, NULL) != ERR_OK) {
        return bad_checkpoint(err, "检查点须为以换行结尾的 UTF-8 文本",
                              "a checkpoint must be UTF-8 text ending in a newline");
    }
    const char *end = text + len;
    const char *line[3];
    size_t line_len[3];
    const char *p = text;
    for (int i = 0; i < 3; i++) {
        const char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
        if (nl == NULL) {
            return bad_checkpoint(err, "检查点至少须有三行", "a checkpoint needs three lines");
        }
        line[i] = p;
        line_len[i] = (size_t)(nl - p);
        p = nl + 1;
    }
    if (!origin_ok(line[0], line_len[0])) {
        return bad_checkpoint(err, "检查点的来源名称无效", "invalid checkpoint origin");
    }
    memcpy(out.origin, line[0], line_len[0]);
    out.origin[line_len[0]] = '\0';
    if (!tlog_parse_decimal(line[1], line_len[1], &out.size)) {
        return bad_checkpoint(err, "检查点的树大小无效", "invalid checkpoint tree size");
    }
    if (tlog_hash_from_b64(line[2], line_len[2], out.root, NULL) != ERR_OK) {
        return bad_checkpoint(err, "检查点的根哈希须为 32 字节的 base64 编码",
                              "a checkpoint root hash must be the base64 of 32 bytes");
    }
    if (p < end) {
        if (!extensions_ok(p, (size_t)(end - p))) {
            return bad_checkpoint(err, "检查点的扩展行不能为空",
                                  "checkpoint extension lines must not be empty");
        }
        out.extensions = p;
        out.extensions_len = (size_t)(end - p);
    }
    *cp = out;
    return ERR_OK;
}

enum err_code tlog_checkpoint_sign(const struct tlog_checkpoint *cp,
                                   const struct tlog_key *key,
                                   struct buf *out,
                                   struct err *err)
{
    struct buf body;
    buf_init(&body, out->max);
    enum err_code rc = tlog_checkpoint_format(cp, &body, err);
    if (rc != ERR_OK) {
        goto done;
    }
    /* format checked that cp->origin is NUL-terminated. */
    if (strcmp(cp->origin, key->name) != 0) {
        rc = bad_checkpoint(err, "检查点的来源须与签名密钥的名称相同",
                            "the checkpoint origin must be the signing key's name");
        goto done;
    }
    rc = tlog_note_sign(body.data, body.len, key, out, err);
done:
    buf_clear(&body);
    return rc;
}

enum err_code tlog_checkpoint_open(const char *data,
                                   size_t len,
                                   const struct tlog_verifier *log_keys,
                                   size_t n_log_keys,
                                   const char *origin,
                                   struct tlog_checkpoint *cp,
                                   struct tlog_note *note,
                                   struct err *err)
{
    enum err_code rc = tlog_note_parse(data, len, note, err);
    if (rc != ERR_OK) {
        return rc;
    }
    rc = tlog_note_verify(note, log_keys, n_log_keys, NULL, NULL, err);
    if (rc != ERR_OK) {
        return rc;
    }
    rc = tlog_checkpoint_parse(note->text, note->text_len, cp, err);
    if (rc != ERR_OK) {
        return rc;
    }
    if (origin != NULL && strcmp(cp->origin, origin) != 0) {
        return err_set(err, ERR_INTEGRITY, "checkpoint", "检查点来自另一个日志(%s)",
                       "the checkpoint is from another log (%s)", cp->origin);
    }
    return ERR_OK;
}
