/*
 * Handlers of the commission's monitor: the followed nodes, the alerts and
 * the mirrored entries (public reads), the sealed parts read from the
 * followed logs (the commission's inspectors), and the witness's add-checkpoint
 * (C2SP tlog-witness). A township node serves them too, with nothing
 * followed. See docs/monitor.md.
 */
#include "http/api.h"

#include "monitor/mirror.h"
#include "monitor/sealedparts.h"
#include "monitor/witness.h"

#include <string.h>

#define ENTRIES_SUFFIX "/entries"

enum err_code api_monitor_nodes(struct request *req, struct reply *rep, struct err *err)
{
    json_t *out = NULL;
    enum err_code rc = mirror_nodes_json(req->store, &out, err);
    if (rc == ERR_OK) {
        reply_json(rep, 200, out);
    }
    return rc;
}

enum err_code api_monitor_alerts(struct request *req, struct reply *rep, struct err *err)
{
    int64_t limit = 0, offset = 0;
    json_t *out = NULL;
    enum err_code rc = request_page(req, &limit, &offset, err);
    if (rc == ERR_OK) {
        rc = mirror_alerts_json(req->store, request_query(req, "origin"), limit, offset, &out, err);
    }
    if (rc == ERR_OK) {
        reply_json(rep, 200, out);
    }
    return rc;
}

enum err_code api_monitor_node(struct request *req, struct reply *rep, struct err *err)
{
    const char *rest = req->params[0];
    size_t len = strlen(rest), suffix = strlen(ENTRIES_SUFFIX);
    char origin[TLOG_ORIGIN_MAX + 1];
    int64_t limit = 0, offset = 0;
    json_t *out = NULL;
    if (len <= suffix || len - suffix > TLOG_ORIGIN_MAX ||
        strcmp(rest + len - suffix, ENTRIES_SUFFIX) != 0) {
        return err_set(err, ERR_NOT_FOUND, NULL, "没有这个接口", "no such endpoint");
    }
    memcpy(origin, rest, len - suffix);
    origin[len - suffix] = '\0';
    enum err_code rc = request_page(req, &limit, &offset, err);
    if (rc == ERR_OK) {
        rc = mirror_entries_json(req->store, origin, limit, offset, &out, err);
    }
    if (rc == ERR_OK) {
        reply_json(rep, 200, out);
    }
    return rc;
}

/* The sealed parts the monitor read, for the commission's own inspectors
 * (the route's capability, monitor.sealed_read). */
enum err_code api_monitor_sealed(struct request *req, struct reply *rep, struct err *err)
{
    const char *origin = request_query(req, "origin");
    const char *index = request_query(req, "index");
    const char *state = request_query(req, "state");
    int64_t limit = 0, offset = 0, at = -1;
    json_t *out = NULL;
    enum err_code rc = ERR_OK;
    if (origin == NULL || origin[0] == '\0') {
        rc = err_set(err, ERR_INVALID, "origin", "须指明日志(origin)", "origin is required");
    }
    if (rc == ERR_OK && index != NULL) {
        rc = index_parse(index, &at, err);
    }
    if (rc == ERR_OK && state != NULL && strcmp(state, SEALEDPARTS_PENDING) != 0 &&
        strcmp(state, SEALEDPARTS_READ) != 0 && strcmp(state, SEALEDPARTS_PUBLISHED) != 0 &&
        strcmp(state, SEALEDPARTS_REFUSED) != 0 && strcmp(state, SEALEDPARTS_BAD) != 0) {
        rc = err_set(err, ERR_INVALID, "state",
                     "state 须为 pending、read、published、refused 或 bad",
                     "state must be pending, read, published, refused or bad");
    }
    if (rc == ERR_OK) {
        rc = request_page(req, &limit, &offset, err);
    }
    if (rc == ERR_OK) {
        rc = sealedparts_json(req->store, origin, at, state, limit, offset, &out, err);
    }
    if (rc == ERR_OK) {
        reply_json(rep, 200, out);
    }
    return rc;
}

enum err_code api_witness_add_checkpoint(struct request *req, struct reply *rep, struct err *err)
{
    struct witness_reply w;
    buf_init(&w.lines, 64 * 1024);
    enum err_code rc =
        witness_add_checkpoint(req->store, req->raw_body, req->raw_body_len, &w, err);
    if (rc == ERR_OK) {
        switch (w.verdict) {
        case WITNESS_COSIGN:
            reply_raw(rep, &w.lines, "text/plain; charset=utf-8", "no-store");
            break;
        case WITNESS_STALE: {
            struct buf size;
            buf_init(&size, 32);
            rc = buf_appendf(&size, "%lld\n", (long long)w.size);
            if (rc == ERR_OK) {
                reply_raw(rep, &size, "text/x.tlog.size", "no-store");
                rep->status = 409;
            }
            buf_clear(&size);
            break;
        }
        case WITNESS_BAD_REQUEST:
            rc = err_set(err, ERR_BAD_REQUEST, "body", "请求无效:%s", "bad request: %s", w.detail);
            break;
        case WITNESS_BAD_SIGNATURE:
            rc = err_set(err, ERR_FORBIDDEN, "checkpoint", "签名无效:%s", "bad signature: %s",
                         w.detail);
            break;
        case WITNESS_UNKNOWN_LOG:
            rc = err_set(err, ERR_NOT_FOUND, "checkpoint", "未关注此日志:%s", "unknown log: %s",
                         w.detail);
            break;
        case WITNESS_CONFLICT:
            rc = err_set(err, ERR_CONFLICT, "checkpoint", "与已联署的检查点冲突:%s",
                         "conflicts with what was cosigned: %s", w.detail);
            break;
        case WITNESS_BAD_PROOF:
            rc = err_set(err, ERR_INVALID, "proof", "一致性证明无效:%s",
                         "bad consistency proof: %s", w.detail);
            break;
        }
    }
    buf_clear(&w.lines);
    return rc;
}
