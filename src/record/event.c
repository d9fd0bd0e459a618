/*
 * Recording events: sequence, time, canonical bytes, append, project.
 * See event.h and docs/events.md.
 */
#include "record/event.h"

#include "core/buf.h"
#include "core/canon.h"
#include "core/page.h"
#include "log/db.h"
#include "record/project.h"

#include <stdio.h>
#include <string.h>

enum err_code event_record(struct store_conn *c,
                           const struct actor *who,
                           const char *township,
                           const char *type,
                           const json_t *payload,
                           struct event_ref *out,
                           struct err *err)
{
    return event_append(c, who, township, type, payload, payload, out, err);
}

enum err_code event_append(struct store_conn *c,
                           const struct actor *who,
                           const char *township,
                           const char *type,
                           const json_t *payload,
                           const json_t *applied,
                           struct event_ref *out,
                           struct err *err)
{
    struct buf bytes, actor_text;
    buf_init(&bytes, EVENT_MAX_BYTES);
    buf_init(&actor_text, 1024);
    json_t *record = NULL;
    int64_t seq = 0;
    int64_t last_ms = 0;
    bool found = false;
    enum err_code rc =
        store_query_int(c, &seq, NULL, err, "SELECT COALESCE(MAX(seq) + 1, 0) FROM events", "");
    if (rc == ERR_OK) {
        rc = store_query_int(c, &last_ms, &found, err,
                             "SELECT time_ms FROM events ORDER BY seq DESC LIMIT 1", "");
    }
    if (rc != ERR_OK) {
        goto done;
    }
    int64_t now = utc_now_ms();
    if (found && now < last_ms) {
        now = last_ms;
    }
    out->seq = seq;
    utc_format(now, out->time);
    snprintf(out->type, sizeof(out->type), "%s", type);
    record = json_pack("{sI, ss, ss?, so, ss, sO}", "seq", (json_int_t)seq, "time", out->time,
                       "township", township, "actor", actor_record_json(who), "type", type,
                       "payload", (json_t *)payload);
    if (record == NULL) {
        rc = err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
        goto done;
    }
    rc = canon_encode(record, &bytes, err);
    if (rc == ERR_TOO_LARGE) {
        rc = err_set(err, ERR_TOO_LARGE, NULL, "记录超过 %d 字节的上限",
                     "the record exceeds the limit of %d bytes", EVENT_MAX_BYTES);
    }
    if (rc != ERR_OK) {
        goto done;
    }
    uint8_t hashes[TLOG_DB_LEAF_HASHES_MAX];
    size_t hashes_len = 0;
    rc = tlog_db_append_hashes(c, seq, bytes.data, bytes.len, hashes, &hashes_len, err);
    /* The actor column holds the record's actor: a string as it is, an
     * object as its canonical text. */
    const json_t *actor = json_object_get(record, "actor");
    if (rc == ERR_OK && !json_is_string(actor)) {
        rc = canon_encode(actor, &actor_text, err);
    }
    if (rc == ERR_OK) {
        rc = store_exec(c, err,
                        "INSERT INTO events (seq, time, time_ms, township, actor, type, body, tlog)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        "ititttbb", seq, out->time, now, township,
                        json_is_string(actor) ? json_string_value(actor) : buf_str(&actor_text),
                        type, bytes.data, bytes.len, hashes, hashes_len);
    }
    if (rc == ERR_OK) {
        rc = project_apply(c, seq, type, applied, err);
    }
done:
    json_decref(record);
    buf_clear(&bytes);
    buf_clear(&actor_text);
    return rc;
}

json_t *event_ref_json(const struct event_ref *ref)
{
    /* seq is the event's index in the Merkle log. */
    return json_pack("{sI, sI, ss, ss}", "seq", (json_int_t)ref->seq, "log_index",
                     (json_int_t)ref->seq, "type", ref->type, "time", ref->time);
}

enum err_code event_count(struct store_conn *c, int64_t *out, struct err *err)
{
    return store_query_int(c, out, NULL, err, "SELECT COUNT(*) FROM events", "");
}

enum err_code
event_list(struct store_conn *c, int64_t limit, int64_t offset, json_t **page, struct err *err)
{
    int64_t total = 0;
    struct store_stmt *s = NULL;
    json_t *items = json_array();
    enum err_code rc = event_count(c, &total, err);
    if (rc == ERR_OK) {
        rc = store_prepare(c, "SELECT body FROM events ORDER BY seq LIMIT ? OFFSET ?", &s, err);
    }
    if (rc != ERR_OK) {
        json_decref(items);
        return rc;
    }
    store_bind_int(s, 1, limit);
    store_bind_int(s, 2, offset);
    enum store_step_result r;
    while ((r = store_step(s, err)) == STORE_ROW) {
        size_t len = 0;
        const void *body = store_col_blob(s, 0, &len);
        json_error_t jerr;
        json_t *record = json_loadb(body, len, 0, &jerr);
        if (record == NULL) {
            r = STORE_ERROR;
            err_set(err, ERR_INTEGRITY, NULL, "事件记录无法解析", "an event record is unreadable");
            break;
        }
        json_array_append_new(items, record);
    }
    store_done(s);
    if (r == STORE_ERROR) {
        json_decref(items);
        return err->code;
    }
    *page = page_json(items, total, limit, offset);
    return ERR_OK;
}
