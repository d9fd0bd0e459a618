/*
 * Sealed parts of events: salted digests in the public record, content in
 * the store. See sealed.h.
 */
#include "record/sealed.h"

#include "record/area.h"

#include "core/canon.h"
#include "core/page.h"
#include "core/salted.h"
#include "record/entity.h"
#include "record/policy.h"
#include "record/query.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define SEALED_PUBLICATION_ROW(X)
#define PUBLICATION_ROW(X)                                                                         \
    X(township_id, TEXT)                                                                           \
    X(subject_entity, TEXT)                                                                        \
    X(subject_id, TEXT)                                                                            \
    X(published, TEXT)

ENTITY(sealed_publication_entity,
       "sealed_publication",
       "sealed_publications",
       SEALED_PUBLICATION_ROW,
       .zh = "密封内容公开",
       .en = "sealed part publication");

ENTITY(publication_entity,
       "publication",
       "publications",
       PUBLICATION_ROW,
       .allocates_id = true,
       .children_key = "parts",
       .children = &sealed_publication_entity,
       .zh = "记录密封内容的依程序公开",
       .en = "publication of sealed parts");

enum err_code sealed_record(struct store_conn *c,
                            const struct actor *who,
                            const char *township,
                            const char *type,
                            const json_t *payload,
                            const json_t *sealed,
                            struct event_ref *ref,
                            struct err *err)
{
    uint8_t salt[SEALED_SALT_SIZE];
    char digest[SALTED_DIGEST_SIZE];
    struct buf bytes;
    if (!json_is_object(sealed) || json_object_get(payload, "sealed_digest") != NULL) {
        return err_set(err, ERR_INVALID, "sealed", "密封内容须为对象,且公开部分不得自带摘要",
                       "the sealed part must be an object and the public part carry no digest");
    }
    randombytes_buf(salt, sizeof(salt));
    buf_init(&bytes, EVENT_MAX_BYTES * 4);
    json_t *public_part = json_deep_copy(payload);
    json_t *applied = NULL;
    enum err_code rc = salted_digest(salt, sealed, digest, err);
    if (rc == ERR_OK) {
        json_object_set_new(public_part, "sealed_digest", json_string(digest));
        /* The node's own tables see the whole; the record only the digest. */
        applied = json_deep_copy(public_part);
        json_object_update(applied, (json_t *)sealed);
        rc = event_append(c, who, township, type, public_part, applied, ref, err);
    }
    if (rc == ERR_OK) {
        rc = canon_encode(sealed, &bytes, err);
    }
    if (rc == ERR_OK) {
        rc = store_exec(c, err, "INSERT INTO sealed_parts (seq, salt, content) VALUES (?, ?, ?)",
                        "ibb", ref->seq, salt, sizeof(salt), bytes.data, bytes.len);
    }
    json_decref(public_part);
    json_decref(applied);
    buf_clear(&bytes);
    sodium_memzero(salt, sizeof(salt));
    return rc;
}

/* Reads the salt and content of event seq's sealed part; *found false
 * when it has none. */
static enum err_code load_part(struct store_conn *c,
                               int64_t seq,
                               uint8_t salt[SEALED_SALT_SIZE],
                               struct buf *content,
                               bool *found,
                               struct err *err)
{
    struct store_stmt *s = NULL;
    enum err_code rc =
        store_prepare(c, "SELECT salt, content FROM sealed_parts WHERE seq = ?", &s, err);
    if (rc != ERR_OK) {
        return rc;
    }
    store_bind_int(s, 1, seq);
    enum store_step_result r = store_step(s, err);
    *found = r == STORE_ROW;
    if (r == STORE_ROW) {
        size_t salt_len = 0, len = 0;
        const void *salt_bytes = store_col_blob(s, 0, &salt_len);
        const void *bytes = store_col_blob(s, 1, &len);
        if (salt_len != SEALED_SALT_SIZE || bytes == NULL) {
            rc = err_set(err, ERR_INTEGRITY, "seq", "密封内容已损坏", "the sealed part is damaged");
        } else {
            memcpy(salt, salt_bytes, SEALED_SALT_SIZE);
            rc = buf_append(content, bytes, len);
        }
    } else if (r == STORE_ERROR) {
        rc = err->code;
    }
    store_done(s);
    return rc;
}

/* Loads event seq's public record and its sealed part for who under cap
 * (who NULL: for the procedure, no policy), and checks the part against
 * the record's digest. */
/* ERR_FORBIDDEN when record (event seq) is of an entity whose sealed
 * parts nobody reads before their publication, and it is not published. */
static enum err_code
held_until_published(struct store_conn *c, const json_t *record, int64_t seq, struct err *err)
{
    const char *type = json_string_value(json_object_get(record, "type"));
    const char *dot = type != NULL ? strchr(type, '.') : NULL;
    const struct entity *ent = dot != NULL ? entity_find(type, (size_t)(dot - type)) : NULL;
    bool published = false;
    int64_t one = 0;
    if (ent == NULL || !ent->sealed_until_published) {
        return ERR_OK;
    }
    enum err_code rc = store_query_int(c, &one, &published, err,
                                       "SELECT 1 FROM sealed_publications WHERE id = ?", "i", seq);
    if (rc == ERR_OK && !published) {
        rc = err_set(err, ERR_FORBIDDEN, "seq", "这份密封内容按程序公开之前，任何人都不能查看",
                     "nobody reads this sealed part before its procedure publishes it");
    }
    return rc;
}

static enum err_code open_sealed(struct store_conn *c,
                                 const struct actor *who,
                                 enum capability cap,
                                 int64_t seq,
                                 json_t **record,
                                 json_t **content,
                                 uint8_t salt[SEALED_SALT_SIZE],
                                 struct err *err)
{
    json_t *row = NULL;
    struct buf bytes;
    bool found = false;
    char again[SALTED_DIGEST_SIZE];
    buf_init(&bytes, EVENT_MAX_BYTES * 4);
    *record = NULL;
    *content = NULL;
    enum err_code rc =
        store_query_row(c, &row, err, "SELECT body, township FROM events WHERE seq = ?", "i", seq);
    if (rc == ERR_OK) {
        rc = load_part(c, seq, salt, &bytes, &found, err);
    }
    if (rc == ERR_OK && (row == NULL || !found)) {
        rc = err_set(err, ERR_NOT_FOUND, "seq", "该记录没有密封内容",
                     "this record has no sealed part");
    }
    if (rc == ERR_OK && who != NULL) {
        rc = policy_check(who, cap, json_string_value(json_object_get(row, "township")), err);
    }
    json_error_t jerr;
    if (rc == ERR_OK) {
        *record = json_loads(json_string_value(json_object_get(row, "body")), 0, &jerr);
        *content = json_loadb(bytes.data, bytes.len, JSON_REJECT_DUPLICATES, &jerr);
        if (*record == NULL || *content == NULL) {
            rc = err_set(err, ERR_INTEGRITY, "seq", "密封内容已损坏", "the sealed part is damaged");
        }
    }
    /* The procedure publishing it (who NULL) reads it, nobody else. */
    if (rc == ERR_OK && who != NULL) {
        rc = held_until_published(c, *record, seq, err);
    }
    if (rc == ERR_OK) {
        rc = salted_digest(salt, *content, again, err);
    }
    const char *digest =
        json_string_value(json_object_get(json_object_get(*record, "payload"), "sealed_digest"));
    if (rc == ERR_OK && (digest == NULL || strcmp(again, digest) != 0)) {
        rc = err_set(err, ERR_INTEGRITY, "seq", "密封内容与记录中的摘要不符",
                     "the sealed part does not match the digest on the record");
    }
    if (rc != ERR_OK) {
        json_decref(*record);
        json_decref(*content);
        *record = NULL;
        *content = NULL;
    }
    json_decref(row);
    buf_clear(&bytes);
    return rc;
}

static json_t *salt_json(const uint8_t salt[SEALED_SALT_SIZE])
{
    char b64[64];
    sodium_bin2base64(b64, sizeof(b64), salt, SEALED_SALT_SIZE, sodium_base64_VARIANT_ORIGINAL);
    return json_string(b64);
}

enum err_code sealed_read(
    struct store_conn *c, const struct actor *who, int64_t seq, json_t **out, struct err *err)
{
    json_t *record = NULL, *content = NULL;
    uint8_t salt[SEALED_SALT_SIZE];
    enum err_code rc = open_sealed(c, who, CAP_SEALED_READ, seq, &record, &content, salt, err);
    if (rc == ERR_OK) {
        *out = json_pack("{sI, sO, so, so}", "seq", (json_int_t)seq, "digest",
                         json_object_get(json_object_get(record, "payload"), "sealed_digest"),
                         "salt", salt_json(salt), "content", content);
    }
    json_decref(record);
    return rc;
}

/* Publishes the sealed part of the record the path's {seq} names. */
static enum err_code
publish_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *record = NULL, *content = NULL, *payload = NULL;
    uint8_t salt[SEALED_SALT_SIZE];
    struct event_ref ref;
    bool published = false;
    int64_t one = 0, seq = 0;
    enum err_code rc = index_parse(a->key, &seq, err);
    if (rc == ERR_OK) {
        rc = open_sealed(x->c, x->who, CAP_SEALED_PUBLISH, seq, &record, &content, salt, err);
    }
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &one, &published, err,
                             "SELECT 1 FROM sealed_publications WHERE id = ?", "i", seq);
    }
    if (rc == ERR_OK && published) {
        rc = err_set(err, ERR_CONFLICT, "seq", "该密封内容已经公开",
                     "this sealed part is already public");
    }
    if (rc == ERR_OK) {
        payload = json_pack("{sI, so, sO}", "id", (json_int_t)seq, "salt", salt_json(salt),
                            "content", content);
        rc = entity_create(x->c, x->who, &sealed_publication_entity,
                           json_string_value(json_object_get(record, "township")), payload, &ref,
                           err);
    }
    if (rc == ERR_OK) {
        *result = command_answer(json_incref(payload), &ref);
    }
    json_decref(payload);
    json_decref(record);
    json_decref(content);
    return rc;
}

static const struct field publish_fields[] = {F_END};

const struct command sealed_publish_command = {
    .name = "sealed.publish",
    .method = "POST",
    .path = "/api/v1/events/{seq}/publish",
    .cap = CAP_SEALED_PUBLISH,
    .status = 201,
    .fields = publish_fields,
    .run = publish_body,
    .zh = "公开记录的密封内容（作为一条新记录）",
    .en = "Publish a record's sealed part as a new record (body: {})",
    .flags = COMMAND_TEXT_ID,
    .entity = &sealed_publication_entity,
};

/* The most a publication record's parts hold, in bytes of their text,
 * under an event's size with room for the rest of the record. */
#define PUBLICATION_PARTS_MAX (EVENT_MAX_BYTES / 2)

/* Records one publication of parts (taken). */
static enum err_code publish_parts(struct store_conn *c,
                                   const struct actor *who,
                                   const char *township,
                                   const char *subject_entity,
                                   const char *subject_id,
                                   const char *now,
                                   json_t *parts,
                                   struct err *err)
{
    struct event_ref ref;
    json_t *row =
        json_pack("{so, ss, ss, ss, so}", "township_id",
                  township ? json_string(township) : json_null(), "subject_entity", subject_entity,
                  "subject_id", subject_id, "published", now, "parts", parts);
    enum err_code rc = entity_create(c, who, &publication_entity, township, row, &ref, err);
    json_decref(row);
    return rc;
}

enum err_code sealed_publish(struct store_conn *c,
                             const struct actor *who,
                             const char *township,
                             const char *subject_entity,
                             int64_t subject_id,
                             const char *now,
                             const json_t *seqs,
                             struct err *err)
{
    char id[24];
    snprintf(id, sizeof(id), "%lld", (long long)subject_id);
    json_t *parts = json_array();
    size_t bytes = 0, i;
    const json_t *v;
    enum err_code rc = ERR_OK;
    json_array_foreach(seqs, i, v)
    {
        int64_t seq = (int64_t)json_integer_value(v), one = 0;
        bool published = false;
        json_t *record = NULL, *content = NULL;
        uint8_t salt[SEALED_SALT_SIZE];
        rc = store_query_int(c, &one, &published, err,
                             "SELECT 1 FROM sealed_publications WHERE id = ?", "i", seq);
        if (rc == ERR_OK && !published) {
            rc = open_sealed(c, NULL, CAP_SEALED_PUBLISH, seq, &record, &content, salt, err);
        }
        if (rc == ERR_OK && content != NULL) {
            /* The part's text, and room for its index and salt. */
            size_t size = json_dumpb(content, NULL, 0, JSON_COMPACT) + 128;
            if (bytes + size > PUBLICATION_PARTS_MAX && json_array_size(parts) > 0) {
                rc = publish_parts(c, who, township, subject_entity, id, now, parts, err);
                parts = json_array();
                bytes = 0;
            }
            bytes += size;
            json_array_append_new(parts, json_pack("{sI, so, sO}", "id", (json_int_t)seq, "salt",
                                                   salt_json(salt), "content", content));
        }
        json_decref(record);
        json_decref(content);
        if (rc != ERR_OK) {
            break;
        }
    }
    if (rc == ERR_OK && json_array_size(parts) > 0) {
        return publish_parts(c, who, township, subject_entity, id, now, parts, err);
    }
    json_decref(parts);
    return rc;
}

/* The sealed part of the record in the path (its log index). */
static enum err_code
read_body(const struct ctx *x, const struct args *a, json_t **item, struct err *err)
{
    int64_t seq = 0;
    enum err_code rc = index_parse(a->key, &seq, err);
    if (rc == ERR_OK) {
        rc = sealed_read(x->c, x->who, seq, item, err);
    }
    return rc;
}

static const struct query sealed_read_query = {
    .name = "sealed.read",
    .path = "/api/v1/events/{seq}/sealed",
    .cap = CAP_SEALED_READ,
    .run = read_body,
    .zh = "记录的密封内容（保密：盐值与内容）",
    .en = "The sealed part of a record (confidential; salt and content)",
    .flags = COMMAND_TEXT_ID,
};

static const struct entity *const sealed_entities[] = {&sealed_publication_entity,
                                                       &publication_entity, NULL};
static const struct command *const sealed_commands[] = {&sealed_publish_command, NULL};
static const struct query *const sealed_queries[] = {&sealed_read_query, NULL};

/* Publications of sealed parts, the event core's own entity and command. */
const struct area sealed_area = {
    .name = "sealed",
    .zh = "密封内容",
    .en = "sealed parts",
    .entities = sealed_entities,
    .commands = sealed_commands,
    .queries = sealed_queries,
};
