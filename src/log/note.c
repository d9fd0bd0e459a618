/*
 * C2SP signed-note: verifier keys, signing, strict parsing and
 * verification. See note.h and docs/log.md, "Signed notes".
 */
#include "log/note.h"

#include "core/b64.h"

#include "core/alloc.h"
#include "log/cosig.h"

#include <assert.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* The signature line prefix: U+2014 EM DASH and a space. */
static const char em_dash_space[] = "\xe2\x80\x94 ";
#define EM_DASH_SPACE_LEN (sizeof(em_dash_space) - 1)

/* Decodes the UTF-8 sequence at s[*i..len) into *cp and advances *i.
 * Returns false for a malformed, overlong or surrogate sequence, or one
 * beyond U+10FFFF. */
static bool utf8_next(const unsigned char *s, size_t len, size_t *i, uint32_t *cp)
{
    unsigned char c = s[*i];
    size_t n;
    uint32_t v;
    uint32_t min;
    if (c < 0x80) {
        *cp = c;
        (*i)++;
        return true;
    } else if ((c & 0xe0) == 0xc0) {
        n = 1;
        v = c & 0x1f;
        min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        n = 2;
        v = c & 0x0f;
        min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
        n = 3;
        v = c & 0x07;
        min = 0x10000;
    } else {
        return false;
    }
    if (len - *i <= n) {
        return false;
    }
    for (size_t k = 1; k <= n; k++) {
        unsigned char cc = s[*i + k];
        if ((cc & 0xc0) != 0x80) {
            return false;
        }
        v = (v << 6) | (cc & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) {
        return false;
    }
    *cp = v;
    *i += n + 1;
    return true;
}

/* True for the code points with the Unicode White_Space property. */
static bool unicode_space(uint32_t cp)
{
    return (cp >= 0x09 && cp <= 0x0d) || cp == 0x20 || cp == 0x85 || cp == 0xa0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 || cp == 0x202f ||
           cp == 0x205f || cp == 0x3000;
}

/* True when s[0..len) is valid UTF-8 without control characters other
 * than newline (C2SP signed-note, "Format"). */
static bool note_bytes_ok(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        if (!utf8_next(u, len, &i, &cp) || (cp < 0x20 && cp != '\n')) {
            return false;
        }
    }
    return true;
}

/* True when name[0..len) is a key name: non-empty, no Unicode spaces, no
 * '+' (and, being part of a checked note, valid UTF-8). */
static bool note_name_ok(const char *name, size_t len)
{
    const unsigned char *u = (const unsigned char *)name;
    size_t i = 0;
    if (len == 0) {
        return false;
    }
    while (i < len) {
        uint32_t cp;
        if (!utf8_next(u, len, &i, &cp) || cp == '+' || cp < 0x20 || unicode_space(cp)) {
            return false;
        }
    }
    return true;
}

/* Decodes non-empty canonical base64 (core/b64.h). */
static bool
b64_decode_nonempty(const char *b64, size_t len, uint8_t *out, size_t max, size_t *out_len)
{
    return len > 0 && b64_decode(b64, len, out, max, out_len);
}

bool tlog__b64_canonical(const char *b64, size_t len)
{
    return len > 0 && b64_canonical(b64, len);
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static enum err_code bad_key(struct err *err)
{
    return err_set(err, ERR_INVALID, "key", "验证公钥格式错误", "malformed verifier key");
}

enum err_code
tlog_verifier_parse(const char *text, size_t len, struct tlog_verifier *v, struct err *err)
{
    struct tlog_verifier out;
    uint8_t raw[33];
    size_t raw_len = 0;
    memset(&out, 0, sizeof(out));
    /* name '+' id '+' base64: the name has no '+', the base64 may. */
    const char *plus1 = memchr(text, '+', len);
    if (plus1 == NULL) {
        return bad_key(err);
    }
    size_t name_len = (size_t)(plus1 - text);
    const char *id_text = plus1 + 1;
    size_t rest = len - name_len - 1;
    if (name_len == 0 || name_len > TLOG_KEY_NAME_MAX || rest < 9 || id_text[8] != '+') {
        return bad_key(err);
    }
    memcpy(out.name, text, name_len);
    out.name[name_len] = '\0';
    if (strlen(out.name) != name_len || !tlog_key_name_ok(out.name)) {
        return bad_key(err);
    }
    for (size_t i = 0; i < 8; i++) {
        char c = id_text[i];
        uint32_t digit;
        if (c >= '0' && c <= '9') {
            digit = (uint32_t)(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            digit = (uint32_t)(c - 'a' + 10);
        } else {
            return bad_key(err);
        }
        out.id = out.id << 4 | digit;
    }
    const char *b64 = id_text + 9;
    size_t b64_len = rest - 9;
    if (!b64_decode_nonempty(b64, b64_len, raw, sizeof(raw), &raw_len) || raw_len != 33 ||
        (raw[0] != TLOG_KEY_TYPE_ED25519 && raw[0] != TLOG_KEY_TYPE_COSIGNATURE)) {
        return bad_key(err);
    }
    out.type = raw[0];
    memcpy(out.public_key, raw + 1, 32);
    if (tlog_key_id(out.name, out.type, out.public_key) != out.id) {
        return err_set(err, ERR_INVALID, "key", "验证公钥的编号与公钥不符",
                       "the verifier key's id does not match the key");
    }
    *v = out;
    return ERR_OK;
}

void tlog_verifier_from_key(const struct tlog_key *key, uint8_t type, struct tlog_verifier *v)
{
    assert(type == TLOG_KEY_TYPE_ED25519 || type == TLOG_KEY_TYPE_COSIGNATURE);
    _Static_assert(sizeof(v->name) == sizeof(key->name), "same name limit");
    memset(v, 0, sizeof(*v));
    memcpy(v->name, key->name, sizeof(v->name));
    v->type = type;
    memcpy(v->public_key, key->public_key, 32);
    v->id = tlog_key_id(v->name, type, v->public_key);
}

void tlog_verifier_text(const struct tlog_verifier *v, char out[TLOG_KEY_TEXT_MAX])
{
    uint8_t raw[33];
    char b64[sodium_base64_ENCODED_LEN(33, sodium_base64_VARIANT_ORIGINAL)];
    raw[0] = v->type;
    memcpy(raw + 1, v->public_key, 32);
    sodium_bin2base64(b64, sizeof(b64), raw, sizeof(raw), sodium_base64_VARIANT_ORIGINAL);
    snprintf(out, TLOG_KEY_TEXT_MAX, "%s+%08x+%s", v->name, v->id, b64);
}

enum err_code tlog_note_text_check(const char *text, size_t len, struct err *err)
{
    if (len == 0 || text[len - 1] != '\n' || !note_bytes_ok(text, len)) {
        return err_set(err, ERR_INVALID, "text",
                       "签名文本须为以换行结尾的 UTF-8 文本,且不含换行以外的控制字符",
                       "a note text must be UTF-8 ending in a newline, with no control "
                       "characters other than newline");
    }
    return ERR_OK;
}

enum err_code tlog__note_append_sig(struct buf *out,
                                    const char *name,
                                    uint32_t id,
                                    const uint8_t *sig,
                                    size_t sig_len,
                                    struct err *err)
{
    enum err_code rc = ERR_OK;
    uint8_t *raw = xmalloc(4 + sig_len);
    size_t b64_size = sodium_base64_ENCODED_LEN(4 + sig_len, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = xmalloc(b64_size);
    raw[0] = (uint8_t)(id >> 24);
    raw[1] = (uint8_t)(id >> 16);
    raw[2] = (uint8_t)(id >> 8);
    raw[3] = (uint8_t)id;
    memcpy(raw + 4, sig, sig_len);
    sodium_bin2base64(b64, b64_size, raw, 4 + sig_len, sodium_base64_VARIANT_ORIGINAL);
    if (buf_append(out, em_dash_space, EM_DASH_SPACE_LEN) != ERR_OK ||
        buf_append_str(out, name) != ERR_OK || buf_append_lit(out, " ") != ERR_OK ||
        buf_append_str(out, b64) != ERR_OK || buf_append_lit(out, "\n") != ERR_OK) {
        rc = err_set(err, ERR_TOO_LARGE, "note", NULL, NULL);
    }
    xfree(raw);
    xfree(b64);
    return rc;
}

enum err_code tlog_note_sig_line(
    const char *text, size_t len, const struct tlog_key *key, struct buf *out, struct err *err)
{
    uint8_t sig[crypto_sign_BYTES];
    enum err_code rc = tlog_note_text_check(text, len, err);
    if (rc != ERR_OK) {
        return rc;
    }
    crypto_sign_detached(sig, NULL, (const unsigned char *)text, len, key->secret_key);
    return tlog__note_append_sig(out, key->name, key->id, sig, sizeof(sig), err);
}

enum err_code tlog_note_sign(
    const char *text, size_t len, const struct tlog_key *key, struct buf *out, struct err *err)
{
    enum err_code rc = tlog_note_text_check(text, len, err);
    if (rc != ERR_OK) {
        return rc;
    }
    if (buf_append(out, text, len) != ERR_OK || buf_append_lit(out, "\n") != ERR_OK) {
        return err_set(err, ERR_TOO_LARGE, "note", NULL, NULL);
    }
    return tlog_note_sig_line(text, len, key, out, err);
}

static enum err_code bad_note(struct err *err, const char *zh, const char *en)
{
    return err_set(err, ERR_INVALID, "note", zh, en);
}

/* Parses the signature line line[0..len) (newline excluded) into *sig,
 * decoding its base64 into scratch. */
static bool
parse_sig_line(const char *line, size_t len, uint8_t *scratch, struct tlog_note_sig *sig)
{
    size_t raw_len = 0;
    if (len < EM_DASH_SPACE_LEN || memcmp(line, em_dash_space, EM_DASH_SPACE_LEN) != 0) {
        return false;
    }
    const char *name = line + EM_DASH_SPACE_LEN;
    const char *end = line + len;
    const char *space = memchr(name, ' ', (size_t)(end - name));
    if (space == NULL) {
        return false;
    }
    sig->name = name;
    sig->name_len = (size_t)(space - name);
    sig->b64 = space + 1;
    sig->b64_len = (size_t)(end - sig->b64);
    if (!note_name_ok(sig->name, sig->name_len) ||
        !b64_decode_nonempty(sig->b64, sig->b64_len, scratch, TLOG_NOTE_MAX_SIG_BYTES, &raw_len) ||
        raw_len < 5) {
        return false;
    }
    sig->id = be32(scratch);
    sig->sig_len = raw_len - 4;
    return true;
}

enum err_code tlog_note_parse(const char *data, size_t len, struct tlog_note *note, struct err *err)
{
    enum err_code rc = ERR_OK;
    uint8_t *scratch = NULL;
    note->text = NULL;
    note->text_len = 0;
    note->n_sigs = 0;
    if (len > TLOG_NOTE_MAX_SIZE) {
        return bad_note(err, "签名文本过大", "the signed note is too large");
    }
    if (len == 0 || data[len - 1] != '\n' || !note_bytes_ok(data, len)) {
        return bad_note(err, "签名文本须为以换行结尾的 UTF-8 文本,且不含换行以外的控制字符",
                        "a signed note must be UTF-8 ending in a newline, with no control "
                        "characters other than newline");
    }
    /* The text ends at the last blank line: find the last "\n\n". */
    size_t sep = len;
    for (size_t i = len - 1; i > 0; i--) {
        if (data[i] == '\n' && data[i - 1] == '\n') {
            sep = i;
            break;
        }
    }
    if (sep == len) {
        return bad_note(err, "签名文本缺少正文与签名之间的空行",
                        "the signed note has no blank line before its signatures");
    }
    if (sep == len - 1) {
        return bad_note(err, "签名文本没有签名行", "the signed note has no signature lines");
    }
    note->text = data;
    note->text_len = sep;
    scratch = xmalloc(TLOG_NOTE_MAX_SIG_BYTES);
    size_t pos = sep + 1;
    while (pos < len) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        assert(nl != NULL);
        size_t line_len = (size_t)(nl - (data + pos));
        if (note->n_sigs == TLOG_NOTE_MAX_SIGS) {
            rc = bad_note(err, "签名行过多", "the signed note has too many signatures");
            goto done;
        }
        if (!parse_sig_line(data + pos, line_len, scratch, &note->sigs[note->n_sigs])) {
            rc = bad_note(err, "签名行格式错误", "malformed signature line");
            goto done;
        }
        note->n_sigs++;
        pos += line_len + 1;
    }
done:
    xfree(scratch);
    if (rc != ERR_OK) {
        note->text = NULL;
        note->text_len = 0;
        note->n_sigs = 0;
    }
    return rc;
}

void tlog_note_sig_bytes(const struct tlog_note_sig *sig, uint8_t *out, size_t *len_out)
{
    bool ok = b64_decode_nonempty(sig->b64, sig->b64_len, out, TLOG_NOTE_MAX_SIG_BYTES, len_out);
    assert(ok && *len_out == sig->sig_len + 4);
    (void)ok;
}

/* True when sig was made by key (same name and key id). */
static bool sig_matches(const struct tlog_note_sig *sig, const struct tlog_verifier *key)
{
    return sig->id == key->id && sig->name_len == strlen(key->name) &&
           memcmp(sig->name, key->name, sig->name_len) == 0;
}

enum err_code tlog_note_verify(const struct tlog_note *note,
                               const struct tlog_verifier *keys,
                               size_t n_keys,
                               bool *verified,
                               size_t *n_verified,
                               struct err *err)
{
    enum err_code rc = ERR_OK;
    bool *seen = xcalloc(n_keys ? n_keys : 1, sizeof(*seen));
    uint8_t *raw = xmalloc(TLOG_NOTE_MAX_SIG_BYTES);
    size_t count = 0;
    for (size_t s = 0; s < note->n_sigs; s++) {
        const struct tlog_note_sig *sig = &note->sigs[s];
        for (size_t k = 0; k < n_keys; k++) {
            const struct tlog_verifier *key = &keys[k];
            if (!sig_matches(sig, key)) {
                continue;
            }
            size_t raw_len = 0;
            bool ok = false;
            tlog_note_sig_bytes(sig, raw, &raw_len);
            if (key->type == TLOG_KEY_TYPE_ED25519) {
                ok = raw_len == 4 + crypto_sign_BYTES &&
                     crypto_sign_verify_detached(raw + 4, (const unsigned char *)note->text,
                                                 note->text_len, key->public_key) == 0;
            } else {
                struct err ignored;
                err_init(&ignored);
                ok = tlog_cosig_verify(key, note->text, note->text_len, raw + 4, raw_len - 4, NULL,
                                       &ignored) == ERR_OK;
            }
            if (!ok) {
                rc = err_set(err, ERR_INTEGRITY, "note", "签名文本上 %s 的签名验证失败",
                             "the signature by %s on the note does not verify", key->name);
                goto done;
            }
            if (!seen[k]) {
                seen[k] = true;
                count++;
            }
        }
    }
    if (count == 0) {
        rc = err_set(err, ERR_INTEGRITY, "note", "签名文本没有已知密钥的签名",
                     "the note has no signature by a known key");
        goto done;
    }
    if (verified != NULL) {
        memcpy(verified, seen, n_keys * sizeof(*seen));
    }
    if (n_verified != NULL) {
        *n_verified = count;
    }
done:
    xfree(seen);
    xfree(raw);
    return rc;
}
