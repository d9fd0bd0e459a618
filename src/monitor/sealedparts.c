/*
 * The sealed parts of the followed logs: noted as entries are mirrored,
 * read from the nodes with the commission's token, checked against the
 * mirrored digests, and served to the commission's inspectors. See
 * sealedparts.h and docs/monitor.md.
 */
#include "monitor/sealedparts.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/canon.h"
#include "core/salted.h"
#include "core/utc.h"
#include "monitor/mirror.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* The largest answer for one part (a record is at most 64 KiB). */
#define SEALEDPARTS_ANSWER_MAX (1024 * 1024)

enum err_code
sealedparts_read_token(const char *path, char token[SEALEDPARTS_TOKEN_MAX], struct err *err)
{
    struct stat sb;
    FILE *fp = fopen(path, "r");
    token[0] = '\0';
    if (fp == NULL) {
        return err_set(err, ERR_INVALID, "--sealed-token", "无法读取令牌文件 %s",
                       "cannot read the token file %s", path);
    }
    enum err_code rc = ERR_OK;
    if (fstat(fileno(fp), &sb) != 0 || (sb.st_mode & 077) != 0) {
        rc =
            err_set(err, ERR_INVALID, "--sealed-token", "令牌文件 %s 只能由其所有者读取(chmod 600)",
                    "the token file %s must be readable by its owner only (chmod 600)", path);
    } else if (fgets(token, SEALEDPARTS_TOKEN_MAX, fp) == NULL) {
        token[0] = '\0';
    }
    fclose(fp);
    size_t len = strcspn(token, "\r\n");
    bool clean = len > 0 && len < SEALEDPARTS_TOKEN_MAX - 1;
    for (size_t i = 0; clean && i < len; i++) {
        clean = token[i] > ' ' && token[i] < 0x7f;
    }
    token[len] = '\0';
    if (rc == ERR_OK && !clean) {
        rc = err_set(err, ERR_INVALID, "--sealed-token",
                     "令牌文件 %s 的第一行须是一个令牌(不含空格)",
                     "the first line of the token file %s must be one token, without spaces", path);
    }
    if (rc != ERR_OK) {
        memset(token, 0, SEALEDPARTS_TOKEN_MAX);
    }
    return rc;
}

/* Sets the problem, unless one was found already. */
static void problem_set(struct sealedparts_problem *p, int64_t index, const char *detail)
{
    if (p->index < 0) {
        p->index = index;
        snprintf(p->detail, sizeof(p->detail), "%s", detail);
    }
}

/* The canonical text of a part (new, xmalloc'd), or NULL. */
static char *canonical_text(const json_t *part)
{
    struct buf b;
    struct err ignored;
    err_init(&ignored);
    buf_init(&b, SEALEDPARTS_ANSWER_MAX);
    char *text = canon_encode(part, &b, &ignored) == ERR_OK ? xstrndup(b.data, b.len) : NULL;
    buf_clear(&b);
    return text;
}

/* True when salt_b64 and content give digest. */
static bool part_matches(const char *digest, const char *salt_b64, const json_t *content)
{
    uint8_t salt[SALTED_SALT_SIZE];
    char again[SALTED_DIGEST_SIZE];
    struct err ignored;
    err_init(&ignored);
    return digest != NULL && json_is_object(content) && salted_salt_decode(salt_b64, salt) &&
           salted_digest(salt, content, again, &ignored) == ERR_OK && strcmp(again, digest) == 0;
}

/* Checks one published part {"id", "salt", "content"} of the publication
 * at index against origin's mirrored digest, and records the outcome. */
static enum err_code check_published(struct store_conn *c,
                                     const char *origin,
                                     int64_t index,
                                     const json_t *part,
                                     int64_t now_ms,
                                     struct sealedparts_problem *problem,
                                     struct err *err)
{
    json_t *row = NULL;
    char detail[320];
    const json_t *id = json_object_get(part, "id");
    int64_t of = json_is_integer(id) ? (int64_t)json_integer_value(id) : -1;
    enum err_code rc = of >= 0 && of < index
                           ? store_query_row(c, &row, err,
                                             "SELECT digest FROM mirrored_sealed_parts"
                                             " WHERE origin = ? AND idx = ?",
                                             "ti", origin, of)
                           : ERR_OK;
    if (rc != ERR_OK) {
        return rc;
    }
    if (row == NULL) {
        snprintf(detail, sizeof(detail),
                 "the publication at index %lld names an entry with no sealed part before it",
                 (long long)index);
        problem_set(problem, index, detail);
        return ERR_OK;
    }
    const char *salt = json_string_value(json_object_get(part, "salt"));
    const json_t *content = json_object_get(part, "content");
    char *text = NULL;
    if (part_matches(json_string_value(json_object_get(row, "digest")), salt, content) &&
        (text = canonical_text(content)) != NULL) {
        rc = store_exec(c, err,
                        "UPDATE mirrored_sealed_parts SET state = 'published', salt = ?,"
                        " content = ?, published_idx = ?, checked_ms = ?, detail = NULL"
                        " WHERE origin = ? AND idx = ?",
                        "ttiiti", salt, text, index, now_ms, origin, of);
    } else {
        snprintf(detail, sizeof(detail),
                 "the publication at index %lld discloses a part of entry %lld that does not "
                 "match the digest sealed in the log",
                 (long long)index, (long long)of);
        problem_set(problem, of, detail);
        rc = store_exec(c, err,
                        "UPDATE mirrored_sealed_parts SET state = 'bad', published_idx = ?,"
                        " checked_ms = ?, detail = ? WHERE origin = ? AND idx = ?",
                        "iitti", index, now_ms, detail, origin, of);
    }
    xfree(text);
    json_decref(row);
    return rc;
}

enum err_code sealedparts_note(struct store_conn *c,
                               const char *origin,
                               int64_t index,
                               const char *body,
                               size_t len,
                               int64_t now_ms,
                               struct sealedparts_problem *problem,
                               struct err *err)
{
    json_t *record = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
    const char *type = json_string_value(json_object_get(record, "type"));
    const json_t *payload = json_object_get(record, "payload");
    const char *digest = json_string_value(json_object_get(payload, "sealed_digest"));
    enum err_code rc = ERR_OK;
    if (digest != NULL) {
        rc = store_exec(c, err,
                        "INSERT INTO mirrored_sealed_parts (origin, idx, digest) VALUES (?, ?, ?)",
                        "tit", origin, index, digest);
    }
    if (rc == ERR_OK && type != NULL && strcmp(type, "sealed_publication.created") == 0) {
        rc = check_published(c, origin, index, payload, now_ms, problem, err);
    } else if (rc == ERR_OK && type != NULL && strcmp(type, "publication.created") == 0) {
        size_t i;
        const json_t *part;
        json_array_foreach(json_object_get(payload, "parts"), i, part)
        {
            rc = check_published(c, origin, index, part, now_ms, problem, err);
            if (rc != ERR_OK) {
                break;
            }
        }
    }
    json_decref(record);
    return rc;
}

enum err_code
sealedparts_register(struct store_conn *c, const char *origin, bool token, struct err *err)
{
    enum err_code rc =
        store_exec(c, err, "UPDATE followed_nodes SET sealed_token = ? WHERE origin = ?", "it",
                   (int64_t)token, origin);
    if (rc == ERR_OK) {
        rc = store_exec(c, err,
                        "UPDATE mirrored_sealed_parts SET state = 'pending', detail = NULL"
                        " WHERE origin = ? AND state = 'refused'",
                        "t", origin);
    }
    return rc;
}

/* One part's outcome, to be written after the fetching. */
struct outcome {
    int64_t index;
    const char *state;
    char *salt;    /* read: the salt's text */
    char *content; /* read: the part's canonical text */
    char detail[320];
};

/* sealedparts_fetch's state across its read, fetches and write. */
struct round {
    const char *origin;
    int64_t index[SEALEDPARTS_BATCH + 1];
    char digest[SEALEDPARTS_BATCH + 1][SALTED_DIGEST_SIZE];
    size_t n; /* pending parts read (up to one more than a batch) */
    struct outcome out[SEALEDPARTS_BATCH];
    size_t n_out;
    int64_t now_ms;
    struct sealedparts_round *r;
};

static enum err_code read_pending(struct store_conn *c, void *arg, struct err *err)
{
    struct round *x = arg;
    struct store_stmt *s = NULL;
    enum err_code rc =
        store_prepare(c,
                      "SELECT idx, digest FROM mirrored_sealed_parts WHERE origin = ?"
                      " AND state = 'pending' ORDER BY idx LIMIT ?",
                      &s, err);
    if (rc != ERR_OK) {
        return rc;
    }
    store_bind_text(s, 1, x->origin);
    store_bind_int(s, 2, SEALEDPARTS_BATCH + 1);
    enum store_step_result r;
    while ((r = store_step(s, err)) == STORE_ROW) {
        x->index[x->n] = store_col_int(s, 0);
        snprintf(x->digest[x->n], SALTED_DIGEST_SIZE, "%s", store_col_text(s, 1));
        x->n++;
    }
    store_done(s);
    return r == STORE_ERROR ? err->code : ERR_OK;
}

/* The node's error message in an error answer, or "". */
static void node_message(const struct fetch_response *res, char *out, size_t size)
{
    json_t *body = json_loadb(res->body.data, res->body.len, 0, NULL);
    const char *m = json_string_value(json_object_get(json_object_get(body, "error"), "message"));
    snprintf(out, size, "%s", m != NULL ? m : "");
    json_decref(body);
}

/* Judges the node's answer for part k into o; false when the round must
 * stop (the answer says nothing about the part itself). */
static bool judge(struct round *x, size_t k, const struct fetch_response *res, struct outcome *o)
{
    char said[200];
    long long index = (long long)x->index[k];
    o->index = x->index[k];
    if (res->status == 200) {
        json_t *body = json_loadb(res->body.data, res->body.len, JSON_REJECT_DUPLICATES, NULL);
        const char *salt = json_string_value(json_object_get(body, "salt"));
        const json_t *content = json_object_get(body, "content");
        char *text = part_matches(x->digest[k], salt, content) ? canonical_text(content) : NULL;
        if (text != NULL) {
            o->state = SEALEDPARTS_READ;
            o->salt = xstrdup(salt);
            o->content = text;
        } else {
            o->state = SEALEDPARTS_BAD;
            snprintf(o->detail, sizeof(o->detail),
                     "the node's sealed part of entry %lld does not match the digest in its log",
                     index);
        }
        json_decref(body);
        return true;
    }
    node_message(res, said, sizeof(said));
    if (res->status == 403) {
        o->state = SEALEDPARTS_REFUSED;
        snprintf(o->detail, sizeof(o->detail), "the node refuses the token (403): %s", said);
        return true;
    }
    if (res->status == 404) {
        o->state = SEALEDPARTS_BAD;
        snprintf(o->detail, sizeof(o->detail),
                 "the node has no sealed part of entry %lld though its log carries a digest (404)",
                 index);
        return true;
    }
    x->r->failed = true;
    if (res->status == 401) {
        snprintf(x->r->error, sizeof(x->r->error), "the node does not accept the token (401): %s",
                 said);
    } else {
        snprintf(x->r->error, sizeof(x->r->error),
                 "reading the sealed part of entry %lld: status %ld %s", index, res->status, said);
    }
    return false;
}

/* sealedparts_fetch's write: the outcomes and the node's sealed error. */
static enum err_code write_outcomes(struct store_conn *c, void *arg, struct err *err)
{
    struct round *x = arg;
    enum err_code rc = ERR_OK;
    for (size_t i = 0; rc == ERR_OK && i < x->n_out; i++) {
        const struct outcome *o = &x->out[i];
        rc = store_exec(c, err,
                        "UPDATE mirrored_sealed_parts SET state = ?, salt = ?, content = ?,"
                        " checked_ms = ?, detail = ? WHERE origin = ? AND idx = ?",
                        "tttitti", o->state, o->salt, o->content, x->now_ms,
                        o->detail[0] != '\0' ? o->detail : NULL, x->origin, o->index);
    }
    if (rc == ERR_OK && x->r->failed) {
        rc = store_exec(c, err,
                        "UPDATE followed_nodes SET sealed_error = ?, sealed_error_ms = ?"
                        " WHERE origin = ?",
                        "tit", x->r->error, x->now_ms, x->origin);
    } else if (rc == ERR_OK) {
        rc = store_exec(c, err,
                        "UPDATE followed_nodes SET sealed_error = NULL, sealed_error_ms = NULL"
                        " WHERE origin = ?",
                        "t", x->origin);
    }
    return rc;
}

/* Fetches the parts read into x, judging each, until one stops the round. */
static void
fetch_parts(struct round *x, const char *url, const char *token, struct fetch *f, long timeout_ms)
{
    struct fetch_response res;
    struct err why;
    char part_url[640];
    fetch_response_init(&res, SEALEDPARTS_ANSWER_MAX);
    size_t batch = x->n < SEALEDPARTS_BATCH ? x->n : SEALEDPARTS_BATCH;
    for (size_t k = 0; k < batch; k++) {
        err_init(&why);
        snprintf(part_url, sizeof(part_url), "%s/api/v1/events/%lld/sealed", url,
                 (long long)x->index[k]);
        if (fetch_get_bearer(f, part_url, token, timeout_ms, &res, &why) != ERR_OK) {
            x->r->failed = true;
            snprintf(x->r->error, sizeof(x->r->error), "%s", err_message(&why, true));
            break;
        }
        struct outcome *o = &x->out[x->n_out];
        memset(o, 0, sizeof(*o));
        if (!judge(x, k, &res, o)) {
            break;
        }
        x->n_out++;
        x->r->read += strcmp(o->state, SEALEDPARTS_READ) == 0;
        x->r->refused += strcmp(o->state, SEALEDPARTS_REFUSED) == 0;
        if (strcmp(o->state, SEALEDPARTS_BAD) == 0) {
            problem_set(&x->r->bad, o->index, o->detail);
        }
    }
    x->r->more = !x->r->failed && x->n > SEALEDPARTS_BATCH;
    fetch_response_clear(&res);
}

enum err_code sealedparts_fetch(struct store *st,
                                const char *origin,
                                const char *url,
                                const char *token,
                                struct fetch *f,
                                long timeout_ms,
                                struct sealedparts_round *r,
                                struct err *err)
{
    struct round *x = xcalloc(1, sizeof(*x));
    memset(r, 0, sizeof(*r));
    r->bad.index = -1;
    x->origin = origin;
    x->r = r;
    struct store_conn *c = store_acquire(st);
    enum err_code rc = store_read(c, read_pending, x, err);
    store_release(c);
    if (rc == ERR_OK && x->n > 0) {
        fetch_parts(x, url, token, f, timeout_ms);
        x->now_ms = utc_now_ms();
        c = store_acquire(st);
        rc = store_write(c, write_outcomes, x, err);
        store_release(c);
    }
    for (size_t i = 0; i < x->n_out; i++) {
        xfree(x->out[i].salt);
        xfree(x->out[i].content);
    }
    xfree(x);
    return rc;
}

enum err_code
sealedparts_summary_json(struct store_conn *c, const char *origin, json_t **out, struct err *err)
{
    json_t *node = NULL, *counts = NULL;
    *out = NULL;
    enum err_code rc =
        store_query_row(c, &node, err,
                        "SELECT sealed_token AS token, sealed_error AS error, sealed_error_ms"
                        " FROM followed_nodes WHERE origin = ?",
                        "t", origin);
    if (rc == ERR_OK) {
        rc = store_query_json(c, &counts, err,
                              "SELECT state, COUNT(*) AS n FROM mirrored_sealed_parts"
                              " WHERE origin = ? GROUP BY state",
                              "t", origin);
    }
    if (rc == ERR_OK && node != NULL) {
        static const char *const states[] = {SEALEDPARTS_PENDING, SEALEDPARTS_READ,
                                             SEALEDPARTS_PUBLISHED, SEALEDPARTS_REFUSED,
                                             SEALEDPARTS_BAD};
        json_int_t parts = 0;
        json_object_set_new(node, "token",
                            json_boolean(json_integer_value(json_object_get(node, "token"))));
        for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
            json_object_set_new(node, states[i], json_integer(0));
        }
        size_t i;
        json_t *row;
        json_array_foreach(counts, i, row)
        {
            json_t *n = json_object_get(row, "n");
            json_object_set(node, json_string_value(json_object_get(row, "state")), n);
            parts += json_integer_value(n);
        }
        json_object_set_new(node, "parts", json_integer(parts));
        mirror_time_member(node, "sealed_error_ms", "error_at");
        *out = node;
        node = NULL;
    }
    json_decref(node);
    json_decref(counts);
    return rc;
}

/* The columns of a part in the inspectors' view. */
#define PART_COLUMNS                                                                               \
    "idx AS \"index\", digest, state, salt, content, published_idx AS published_index,"            \
    " checked_ms, detail"

/* sealedparts_json's read. */
struct parts_page {
    const char *origin;
    int64_t index;
    const char *state;
    int64_t limit;
    int64_t offset;
    json_t *rows;
    int64_t total;
};

/* Turns a row of mirrored_sealed_parts into the view's item. */
static void part_item(json_t *row)
{
    const char *text = json_string_value(json_object_get(row, "content"));
    json_t *content = text != NULL ? json_loads(text, JSON_REJECT_DUPLICATES, NULL) : NULL;
    json_object_set_new(row, "content", content != NULL ? content : json_null());
    mirror_time_member(row, "checked_ms", "checked_at");
}

static enum err_code read_parts(struct store_conn *c, void *arg, struct err *err)
{
    struct parts_page *p = arg;
    enum err_code rc;
    if (p->index >= 0) {
        return store_query_json(c, &p->rows, err,
                                "SELECT " PART_COLUMNS
                                " FROM mirrored_sealed_parts WHERE origin = ? AND idx = ?",
                                "ti", p->origin, p->index);
    }
    rc = store_query_int(c, &p->total, NULL, err,
                         "SELECT COUNT(*) FROM mirrored_sealed_parts WHERE origin = ?"
                         " AND state = COALESCE(?, state)",
                         "tt", p->origin, p->state);
    if (rc == ERR_OK) {
        rc = store_query_json(c, &p->rows, err,
                              "SELECT " PART_COLUMNS " FROM mirrored_sealed_parts WHERE origin = ?"
                              " AND state = COALESCE(?, state) ORDER BY idx LIMIT ? OFFSET ?",
                              "ttii", p->origin, p->state, p->limit, p->offset);
    }
    return rc;
}

enum err_code sealedparts_json(struct store *st,
                               const char *origin,
                               int64_t index,
                               const char *state,
                               int64_t limit,
                               int64_t offset,
                               json_t **out,
                               struct err *err)
{
    struct parts_page p = {
        .origin = origin, .index = index, .state = state, .limit = limit, .offset = offset};
    *out = NULL;
    struct store_conn *c = store_acquire(st);
    enum err_code rc = store_read(c, read_parts, &p, err);
    store_release(c);
    size_t i;
    json_t *row;
    json_array_foreach(p.rows, i, row)
    {
        part_item(row);
    }
    if (rc == ERR_OK && index >= 0 && json_array_size(p.rows) == 0) {
        rc = err_set(err, ERR_NOT_FOUND, "index", "监测节点没有该记录的密封内容",
                     "the monitor holds no sealed part of this entry");
    }
    if (rc == ERR_OK) {
        *out = index >= 0 ? json_pack("{sO}", "item", json_array_get(p.rows, 0))
                          : json_pack("{ss, sO, sI, sI, sI}", "origin", origin, "items", p.rows,
                                      "total", (json_int_t)p.total, "limit", (json_int_t)limit,
                                      "offset", (json_int_t)offset);
    }
    json_decref(p.rows);
    return rc;
}
