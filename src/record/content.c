/*
 * A command's file body: its type read from its bytes by libmagic, its
 * bounds, and its storing by digest. See content.h.
 */
#include "record/content.h"

#include "core/buf.h"

#include <magic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

const struct content_type *content_type_find(const struct content_kind *kind,
                                             const char *media_type)
{
    for (const struct content_type *t = kind->types; media_type && t->media_type != NULL; t++) {
        if (strcmp(t->media_type, media_type) == 0) {
            return t;
        }
    }
    return NULL;
}

/* The accepted types in words, "PDF 文档、Word 文档" or "PDF document, Word
 * document", into b. */
static void type_words(const struct content_kind *kind, bool english, struct buf *b)
{
    const char *last = NULL;
    for (const struct content_type *t = kind->types; t->media_type != NULL; t++) {
        const char *words = english ? t->en : t->zh;
        if (last != NULL && strcmp(last, words) == 0) {
            continue; /* two types of one kind (.doc, .docx) */
        }
        if (b->len > 0 && buf_append_str(b, english ? ", " : "、") != ERR_OK) {
            return;
        }
        if (buf_append_str(b, words) != ERR_OK) {
            return;
        }
        last = words;
    }
}

/* An error whose message names the same thing in each language (formats
 * of one %s each). */
static enum err_code words_error(struct err *err,
                                 enum err_code code,
                                 const char *zh_format,
                                 const char *en_format,
                                 const char *zh,
                                 const char *en)
{
    char zh_text[300], en_text[300];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(zh_text, sizeof(zh_text), zh_format, zh);
    snprintf(en_text, sizeof(en_text), en_format, en);
#pragma GCC diagnostic pop
    return err_set_texts(err, code, NULL, zh_text, en_text);
}

enum err_code content_check(const struct content_kind *kind,
                            const struct content_in *in,
                            const struct content_type **type,
                            struct err *err)
{
    *type = NULL;
    if (in == NULL || in->len == 0) {
        return words_error(err, ERR_BAD_REQUEST, "缺少%s的文件内容",
                           "the request's body must be the %s's file", kind->zh, kind->en);
    }
    if (in->len > kind->max_bytes) {
        return err_set(err, ERR_TOO_LARGE, NULL, "文件超过 %zu MB 的上限",
                       "the file exceeds the limit of %zu MB", kind->max_bytes >> 20);
    }
    magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
    const char *found = NULL;
    if (m != NULL && magic_load(m, NULL) == 0) {
        found = magic_buffer(m, in->data, in->len);
    }
    *type = content_type_find(kind, found);
    if (m == NULL || found == NULL) {
        magic_close(m);
        return err_set(err, ERR_INTERNAL, NULL, "无法识别文件类型", "cannot tell the file's type");
    }
    magic_close(m);
    if (*type != NULL) {
        return ERR_OK;
    }
    struct buf zh, en;
    buf_init(&zh, 512);
    buf_init(&en, 512);
    type_words(kind, false, &zh);
    type_words(kind, true, &en);
    char zh_text[600], en_text[600];
    snprintf(zh_text, sizeof(zh_text), "%s只接受：%s", kind->zh, buf_str(&zh));
    snprintf(en_text, sizeof(en_text), "a %s must be one of: %s", kind->en, buf_str(&en));
    enum err_code rc = err_set_texts(err, ERR_UNSUPPORTED_MEDIA, NULL, zh_text, en_text);
    buf_clear(&zh);
    buf_clear(&en);
    return rc;
}

enum err_code content_store(struct store *st,
                            const struct content_kind *kind,
                            const struct content_in *in,
                            struct content_stored *out,
                            struct err *err)
{
    const struct content_type *type = NULL;
    enum err_code rc = content_check(kind, in, &type, err);
    if (rc == ERR_OK) {
        rc = files_put(st, in->data, in->len, out->sha256, err);
    }
    if (rc == ERR_OK) {
        out->size = (int64_t)in->len;
        out->media_type = type->media_type;
    }
    return rc;
}

enum err_code content_load(struct store *st,
                           const struct content_kind *kind,
                           const char *hex,
                           char **out,
                           size_t *len,
                           struct err *err)
{
    return files_get(st, hex, kind->max_bytes, out, len, err);
}
