/*
 * The record feed's streams (GET /api/v1/events as server-sent events):
 * each stream sends the log's records from an index on, then waits,
 * suspended, until the log grows; a ticker thread wakes the streams on
 * each commit (of this process, or of another one on the same data
 * folder) and for a keepalive comment. See docs/api.md, "The log and the feed".
 */
#include "http/feed_stream.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/diag.h"
#include "core/utc.h"
#include "http/send.h"
#include "log/serve.h"
#include "record/feed.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/socket.h>

struct feed_conn;

struct feeds {
    struct store *store;
    pthread_mutex_t lock;   /* guards list and each stream's suspended flag */
    struct feed_conn *list; /* the open streams */
    atomic_bool closing;    /* stopping: the streams end */
    pthread_t ticker;
};

/* One feed stream. Lives from the feed's response until MHD frees it. */
struct feed_conn {
    struct feeds *owner;
    struct MHD_Connection *conn;
    int64_t next;           /* the next record index to send */
    struct buf pending;     /* text produced and not yet sent */
    size_t pos;             /* how much of pending is sent */
    bool suspended;         /* waiting for the log to grow */
    bool keepalive_due;     /* send a comment line when nothing is new */
    struct feed_conn *link; /* next in feeds->list */
};

/* Resumes every suspended feed (after a commit, for a keepalive, or to
 * stop); with keepalive, each sends a comment if nothing is new. */
static void feeds_wake(struct feeds *fs, bool keepalive)
{
    pthread_mutex_lock(&fs->lock);
    for (struct feed_conn *f = fs->list; f != NULL; f = f->link) {
        f->keepalive_due = f->keepalive_due || keepalive;
        if (f->suspended) {
            f->suspended = false;
            MHD_resume_connection(f->conn);
        }
    }
    pthread_mutex_unlock(&fs->lock);
}

/* True when the client of conn closed its end or reset the connection (a
 * feed waiting for the log to grow reads nothing, so it would not see). */
static bool client_gone(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    char byte;
    if (ci == NULL) {
        return false;
    }
    ssize_t n = recv(ci->connect_fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

static ssize_t feed_read(void *cls, uint64_t pos, char *out, size_t max)
{
    struct feed_conn *f = cls;
    struct feeds *fs = f->owner;
    (void)pos;
    if (f->pos == f->pending.len) {
        struct err err;
        err_init(&err);
        buf_reset(&f->pending);
        f->pos = 0;
        if (atomic_load(&fs->closing)) {
            return MHD_CONTENT_READER_END_OF_STREAM;
        }
        if (client_gone(f->conn)) {
            return MHD_CONTENT_READER_END_WITH_ERROR; /* its connection is freed now */
        }
        enum err_code rc = feed_fill(fs->store, &f->next, &f->pending, &err);
        if (rc != ERR_OK) {
            diag(DIAG_WARN, "feed", "ending a feed: %s", err_message(&err, true));
            return MHD_CONTENT_READER_END_WITH_ERROR;
        }
        if (f->pending.len == 0 && f->keepalive_due) {
            f->keepalive_due = false;
            if (buf_append_lit(&f->pending, ": keepalive\n\n") != ERR_OK) {
                return MHD_CONTENT_READER_END_WITH_ERROR;
            }
        }
        if (f->pending.len == 0) {
            /* Nothing new: wait for the next commit, unless one came in
             * since feed_fill looked (the waker takes the same lock). */
            pthread_mutex_lock(&fs->lock);
            if (tlog_serve_wait(fs->store, f->next, 0) <= f->next && !atomic_load(&fs->closing)) {
                f->suspended = true;
                MHD_suspend_connection(f->conn);
            }
            pthread_mutex_unlock(&fs->lock);
            return 0;
        }
    }
    size_t n = f->pending.len - f->pos;
    n = n < max ? n : max;
    memcpy(out, f->pending.data + f->pos, n);
    f->pos += n;
    return (ssize_t)n;
}

static void feed_free(void *cls)
{
    struct feed_conn *f = cls;
    struct feeds *fs = f->owner;
    pthread_mutex_lock(&fs->lock);
    for (struct feed_conn **p = &fs->list; *p != NULL; p = &(*p)->link) {
        if (*p == f) {
            *p = f->link;
            break;
        }
    }
    pthread_mutex_unlock(&fs->lock);
    buf_clear(&f->pending);
    xfree(f);
}

/* Starts streaming the feed from index from. */
enum MHD_Result feeds_send(struct feeds *fs, struct MHD_Connection *conn, int64_t from)
{
    struct feed_conn *f = xcalloc(1, sizeof(*f));
    f->owner = fs;
    f->conn = conn;
    f->next = from;
    buf_init(&f->pending, (size_t)FEED_BATCH * 70 * 1024);
    struct MHD_Response *resp =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16 * 1024, feed_read, f, feed_free);
    if (resp == NULL) {
        buf_clear(&f->pending);
        xfree(f);
        return MHD_NO;
    }
    pthread_mutex_lock(&fs->lock);
    f->link = fs->list;
    fs->list = f;
    pthread_mutex_unlock(&fs->lock);
    send_security_headers(resp);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/event-stream");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
    enum MHD_Result r = MHD_queue_response(conn, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return r;
}

/* Wakes the feeds when the log grows, and every FEED_KEEPALIVE_S seconds.
 * Every FEED_TICK_MS without a commit of this process, it reads the log's
 * size from the database, so that writes of another process on the same
 * data folder reach the feeds (and the witness submitter) too. */
#define FEED_KEEPALIVE_S 15
#define FEED_TICK_MS     500
static void *feed_ticker(void *arg)
{
    struct feeds *fs = arg;
    struct store *st = fs->store;
    int64_t size = tlog_serve_wait(st, INT64_MAX, 0);
    int64_t last_keepalive = utc_now_ms();
    while (!atomic_load(&fs->closing)) {
        int64_t now_size = tlog_serve_wait(st, size, FEED_TICK_MS);
        if (now_size <= size) {
            struct err err = {0};
            if (tlog_serve_refresh(st, &err) != ERR_OK) {
                diag(DIAG_WARN, "feed", "reading the log's size failed: %s", err.message_en);
            }
            now_size = tlog_serve_wait(st, size, 0);
        }
        bool keepalive = utc_now_ms() - last_keepalive >= FEED_KEEPALIVE_S * 1000;
        if (now_size > size || keepalive) {
            feeds_wake(fs, keepalive);
            size = now_size;
            last_keepalive = keepalive ? utc_now_ms() : last_keepalive;
        }
    }
    return NULL;
}

struct feeds *feeds_start(struct store *st)
{
    struct feeds *fs = xcalloc(1, sizeof(*fs));
    fs->store = st;
    atomic_init(&fs->closing, false);
    pthread_mutex_init(&fs->lock, NULL);
    pthread_create(&fs->ticker, NULL, feed_ticker, fs);
    return fs;
}

void feeds_close(struct feeds *fs)
{
    atomic_store(&fs->closing, true);
    pthread_join(fs->ticker, NULL);
    feeds_wake(fs, false);
}

void feeds_free(struct feeds *fs)
{
    if (fs != NULL) {
        pthread_mutex_destroy(&fs->lock);
        xfree(fs);
    }
}
