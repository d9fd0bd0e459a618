/*
 * Server-Sent Events text for the feed. See feed.h.
 */
#include "record/feed.h"

#include "log/db.h"
#include "store/store.h"

#include <string.h>

/* Appends the signed note as an SSE "checkpoint" event, one data line per
 * note line (the SSE client joins them with newlines). */
static enum err_code append_checkpoint(struct store_conn *c, struct buf *out, struct err *err)
{
    struct buf note;
    int64_t size = 0;
    buf_init(&note, 1024 * 1024);
    enum err_code rc = tlog_db_checkpoint(c, &note, &size, err);
    if (rc == ERR_OK) {
        rc = buf_appendf(out, "id: %lld\nevent: checkpoint\n", (long long)(size - 1));
    }
    const char *line = buf_str(&note);
    while (rc == ERR_OK && *line != '\0') {
        size_t len = strcspn(line, "\n");
        rc = buf_append_lit(out, "data: ");
        if (rc == ERR_OK) {
            rc = buf_append(out, line, len);
        }
        if (rc == ERR_OK) {
            rc = buf_append_lit(out, "\n");
        }
        line += len + (line[len] == '\n');
    }
    if (rc == ERR_OK) {
        rc = buf_append_lit(out, "\n");
    }
    buf_clear(&note);
    return rc;
}

/* Where a batch goes: the next index to send, and the text. */
struct feed_batch {
    int64_t *next;
    struct buf *out;
};

/* Appends the records from *next on, then the checkpoint. */
static enum err_code fill_on(struct store_conn *c, void *arg, struct err *err)
{
    struct feed_batch *b = arg;
    struct store_stmt *s = NULL;
    int64_t sent = 0;
    enum err_code rc = store_prepare(
        c, "SELECT seq, body FROM events WHERE seq >= ? ORDER BY seq LIMIT ?", &s, err);
    if (rc == ERR_OK) {
        store_bind_int(s, 1, *b->next);
        store_bind_int(s, 2, FEED_BATCH);
        enum store_step_result r;
        while (rc == ERR_OK && (r = store_step(s, err)) == STORE_ROW) {
            size_t len = 0;
            const char *body = store_col_blob(s, 1, &len);
            int64_t seq = store_col_int(s, 0);
            rc = buf_appendf(b->out, "id: %lld\nevent: record\ndata: ", (long long)seq);
            if (rc == ERR_OK) {
                rc = buf_append(b->out, body, len); /* canonical JSON: one line */
            }
            if (rc == ERR_OK) {
                rc = buf_append_lit(b->out, "\n\n");
            }
            *b->next = seq + 1;
            sent++;
        }
        if (rc == ERR_OK && r == STORE_ERROR) {
            rc = err->code;
        }
        store_done(s);
    }
    if (rc == ERR_OK && sent > 0) {
        rc = append_checkpoint(c, b->out, err);
    }
    return rc;
}

enum err_code feed_fill(struct store *st, int64_t *next, struct buf *out, struct err *err)
{
    struct feed_batch b = {next, out};
    struct store_conn *c = store_acquire(st);
    enum err_code rc = store_read(c, fill_on, &b, err);
    store_release(c);
    return rc;
}
