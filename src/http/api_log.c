/*
 * Handlers for the Merkle log: the C2SP tlog-tiles endpoints (/log/...),
 * and the JSON views of proofs and the offline receipt (/api/v1/log/...).
 */
#include "http/api.h"

#include "log/checkpoint.h"
#include "log/serve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMMUTABLE "public, max-age=31536000, immutable"

enum err_code api_log_checkpoint(struct request *req, struct reply *rep, struct err *err)
{
    struct buf note;
    int64_t size = 0;
    buf_init(&note, 1024 * 1024);
    enum err_code rc = tlog_serve_checkpoint(req->store, &note, &size, err);
    if (rc == ERR_OK) {
        /* C2SP tlog-tiles: mutable, no caching beyond a few seconds. */
        reply_raw(rep, &note, "text/plain; charset=utf-8", "no-cache");
    }
    buf_clear(&note);
    return rc;
}

enum err_code api_log_tile(struct request *req, struct reply *rep, struct err *err)
{
    char path[256];
    struct tlog_tile tile;
    struct buf data;
    int n = snprintf(path, sizeof(path), "tile/%s", req->params[0]);
    if (n < 0 || (size_t)n >= sizeof(path)) {
        return err_set(err, ERR_NOT_FOUND, "path", NULL, NULL);
    }
    enum err_code rc = tlog_tile_parse_path(path, (size_t)n, &tile, err);
    if (rc != ERR_OK) {
        return rc;
    }
    buf_init(&data, (size_t)TLOG_TILE_WIDTH * (TLOG_ENTRY_MAX + 2));
    rc = tlog_serve_tile(req->store, &tile, &data, err);
    if (rc == ERR_OK) {
        /* Tiles and entry bundles never change once served (C2SP tlog-tiles). */
        reply_raw(rep, &data, "application/octet-stream", IMMUTABLE);
    }
    buf_clear(&data);
    return rc;
}

/* Reads a required non-negative integer query argument. */
static enum err_code query_index(
    const struct request *req, const char *key, bool required, int64_t *out, struct err *err)
{
    const char *v = request_query(req, key);
    if (v == NULL) {
        return required ? err_set(err, ERR_BAD_REQUEST, key, "缺少参数“%s”",
                                  "missing parameter '%s'", key)
                        : ERR_OK;
    }
    char *end = NULL;
    long long n = strtoll(v, &end, 10);
    if (*v == '\0' || *end != '\0' || n < 0) {
        return err_set(err, ERR_BAD_REQUEST, key, "参数“%s”须为非负整数",
                       "parameter '%s' must be a non-negative integer", key);
    }
    *out = n;
    return ERR_OK;
}

static json_t *hash_json(const uint8_t h[TLOG_HASH_SIZE])
{
    char b64[TLOG_HASH_B64_SIZE];
    tlog_hash_to_b64(h, b64);
    return json_string(b64);
}

static json_t *proof_json(const uint8_t (*proof)[TLOG_HASH_SIZE], size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(a, hash_json(proof[i]));
    }
    return a;
}

enum err_code api_log_info(struct request *req, struct reply *rep, struct err *err)
{
    struct buf note;
    int64_t size = 0;
    struct tlog_checkpoint cp;
    char vkey[TLOG_KEY_TEXT_MAX];
    buf_init(&note, 1024 * 1024);
    enum err_code rc = tlog_serve_checkpoint(req->store, &note, &size, err);
    if (rc == ERR_OK) {
        /* The note's text ends at the blank line before the signatures. */
        const char *sigs = strstr(buf_str(&note), "\n\n");
        rc = tlog_checkpoint_parse(buf_str(&note), sigs ? (size_t)(sigs - note.data) + 1 : note.len,
                                   &cp, err);
    }
    if (rc == ERR_OK) {
        tlog_serve_verifier_key(req->store, vkey);
        reply_json(rep, 200,
                   json_pack("{ss, sI, so, ss, ss}", "origin", cp.origin, "size",
                             (json_int_t)cp.size, "root", hash_json(cp.root), "checkpoint",
                             buf_str(&note), "verifier_key", vkey));
    }
    buf_clear(&note);
    return rc;
}

enum err_code api_log_proof(struct request *req, struct reply *rep, struct err *err)
{
    int64_t index = 0, size = -1;
    struct tlog_inclusion p;
    enum err_code rc = query_index(req, "index", true, &index, err);
    if (rc == ERR_OK) {
        rc = query_index(req, "size", false, &size, err);
    }
    if (rc == ERR_OK) {
        rc = tlog_serve_inclusion(req->store, index, size, &p, err);
    }
    if (rc == ERR_OK) {
        reply_json(rep, 200,
                   json_pack("{sI, sI, so, so, so}", "index", (json_int_t)p.index, "size",
                             (json_int_t)p.size, "leaf_hash", hash_json(p.leaf), "root",
                             hash_json(p.root), "proof", proof_json(p.proof, p.n)));
    }
    return rc;
}

enum err_code api_log_consistency(struct request *req, struct reply *rep, struct err *err)
{
    int64_t from = 0, to = 0;
    struct tlog_consistency p;
    enum err_code rc = query_index(req, "from", true, &from, err);
    if (rc == ERR_OK) {
        rc = query_index(req, "to", true, &to, err);
    }
    if (rc == ERR_OK) {
        rc = tlog_serve_consistency(req->store, from, to, &p, err);
    }
    if (rc == ERR_OK) {
        reply_json(rep, 200,
                   json_pack("{sI, sI, so, so, so}", "from", (json_int_t)p.from, "to",
                             (json_int_t)p.to, "from_root", hash_json(p.from_root), "to_root",
                             hash_json(p.to_root), "proof", proof_json(p.proof, p.n)));
    }
    return rc;
}

enum err_code api_feed(struct request *req, struct reply *rep, struct err *err)
{
    int64_t from = 0;
    enum err_code rc = query_index(req, "from", false, &from, err);
    if (rc == ERR_OK && request_query(req, "from") == NULL) {
        const char *last = req->last_event_id;
        char *end = NULL;
        long long id = last ? strtoll(last, &end, 10) : -1;
        if (last != NULL && (*last == '\0' || *end != '\0' || id < -1)) {
            return err_set(err, ERR_BAD_REQUEST, "Last-Event-ID", "Last-Event-ID 须为记录序号",
                           "Last-Event-ID must be a record index");
        }
        /* Resume after the last event seen; by default, from now on. */
        rc = last != NULL ? ERR_OK : tlog_serve_size(req->store, &from, err);
        from = last != NULL ? id + 1 : from;
    }
    if (rc == ERR_OK) {
        rep->stream_from = from;
    }
    return rc;
}

enum err_code api_log_receipt(struct request *req, struct reply *rep, struct err *err)
{
    int64_t index = 0;
    struct buf text;
    buf_init(&text, 1024 * 1024);
    enum err_code rc = query_index(req, "index", true, &index, err);
    if (rc == ERR_OK) {
        rc = tlog_serve_receipt(req->store, index, &text, err);
    }
    if (rc == ERR_OK) {
        snprintf(rep->disposition, sizeof(rep->disposition),
                 "attachment; filename=\"probity-receipt-%lld.txt\"", (long long)index);
        reply_raw(rep, &text, "text/plain; charset=utf-8", "no-store");
    }
    buf_clear(&text);
    return rc;
}
