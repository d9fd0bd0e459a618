/*
 * The follower threads. Each keeps its node's verified state in memory
 * (loaded from the store at start, written back with every change) and
 * does all its work on its own thread: the feed's bytes are parsed between
 * reads, outside libcurl's callbacks, so verification can fetch tiles with
 * a second connection. See follow.h and docs/monitor.md.
 */
#include "monitor/follow.h"

#include "client/fetch.h"
#include "client/sse.h"
#include "core/alloc.h"
#include "core/diag.h"
#include "core/utc.h"
#include "log/checkpoint.h"
#include "log/note.h"
#include "monitor/mirror.h"
#include "monitor/remote.h"
#include "monitor/sealedparts.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Requests of a follower give up after this long (and so does stopping). */
#define FOLLOW_TIMEOUT_MS 10000
/* The feed ends (and is reconnected) after this long without a byte; the
 * node sends a keepalive every 15 s. */
#define FOLLOW_FEED_IDLE_MS 45000
/* Largest feed event kept (a record is at most 64 KiB). */
#define FOLLOW_EVENT_MAX (2 * 1024 * 1024)
/* Pause before reconnecting the feed, growing to the maximum. */
#define FOLLOW_RETRY_MIN_MS 500
#define FOLLOW_RETRY_MAX_MS 5000
/* How often the time of the node's last answer is written back. */
#define FOLLOW_SEEN_SAVE_MS 5000
/* Pause after a failure to read sealed parts, growing to the maximum; and
 * how often parts are looked for again when nothing new was mirrored. */
#define FOLLOW_SEALED_RETRY_MIN_MS 1000
#define FOLLOW_SEALED_RETRY_MAX_MS 60000

struct follower {
    struct follow_set *set;
    char origin[TLOG_KEY_NAME_MAX + 1];
    char url[REMOTE_URL_MAX];
    struct tlog_verifier key;
    pthread_t thread;
    bool started;
    struct remote remote;    /* polls and tiles */
    struct mirror_state st;  /* what is verified and mirrored */
    struct sse_parser sse;   /* the feed */
    struct buf pending;      /* the latest checkpoint from the feed */
    int64_t pending_arrived; /* when it arrived */
    bool has_pending;
    int64_t last_poll_ms;
    int64_t last_seen_ms;
    int64_t seen_saved_ms;
    bool poll_due;
    bool unreachable;
    char status[32];      /* the status last written */
    char last_alert[320]; /* the last alert written, to not repeat it */
    char last_error[320]; /* the last error written, to not repeat it */
    /* Reading the sealed parts, when the monitor holds a token for the node. */
    char token[SEALEDPARTS_TOKEN_MAX]; /* "" when none */
    struct fetch sealed_fetch;         /* its own connection */
    int64_t sealed_mirrored;           /* the mirrored size last read for */
    int64_t sealed_next_ms;            /* when to read again */
    int64_t sealed_wait_ms;            /* the pause after a failure */
    bool sealed_more;                  /* a round left parts pending */
};

struct follow_set {
    struct store *store;
    struct follow_options opts;
    atomic_bool stop;
    struct follower *nodes;
    size_t n_nodes;
};

static bool stopping(const struct follower *f)
{
    return atomic_load(&f->set->stop);
}

static void sleep_ms(int64_t ms)
{
    struct timespec t = {.tv_sec = (time_t)(ms / 1000), .tv_nsec = (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

/* Logs a store failure of the follower (its state stays in memory). */
static void store_failed(const struct follower *f, const struct err *err)
{
    diag(DIAG_ERROR, "monitor", "origin=%s store: %s", f->origin, err_message(err, true));
}

/* Writes status and, when it is new, the error message. */
static void set_status(struct follower *f, const char *status, const char *error)
{
    bool new_error = error != NULL && strcmp(error, f->last_error) != 0;
    if (strcmp(status, f->status) == 0 && !new_error) {
        return;
    }
    struct err err;
    err_init(&err);
    struct store_conn *c = store_acquire(f->set->store);
    if (mirror_set_status(c, f->origin, status, new_error ? error : NULL, &err) != ERR_OK) {
        store_failed(f, &err);
    }
    store_release(c);
    snprintf(f->status, sizeof(f->status), "%s", status);
    if (new_error) {
        snprintf(f->last_error, sizeof(f->last_error), "%s", error);
        diag(DIAG_WARN, "monitor", "origin=%s %s", f->origin, error);
    }
}

/* A failure to check (not an alert): the status says "error" unless an
 * alert's status stands. */
static void note_error(struct follower *f, const char *message)
{
    bool calm = strcmp(f->status, "ok") == 0 || strcmp(f->status, "syncing") == 0 ||
                strcmp(f->status, "error") == 0;
    set_status(f, calm ? "error" : f->status, message);
}

/* Records an alert, unless it repeats the last one (same kind and
 * checkpoint, given as key). */
static void raise_alert(struct follower *f, const char *kind, const char *key, const char *detail)
{
    char id[320];
    snprintf(id, sizeof(id), "%s %s", kind, key);
    if (strcmp(id, f->last_alert) == 0) {
        return;
    }
    struct err err;
    err_init(&err);
    struct store_conn *c = store_acquire(f->set->store);
    if (mirror_alert(c, f->origin, kind, detail, &err) != ERR_OK) {
        store_failed(f, &err);
    } else {
        snprintf(f->last_alert, sizeof(f->last_alert), "%s", id);
        snprintf(f->status, sizeof(f->status), "%s", kind);
        snprintf(f->last_error, sizeof(f->last_error), "%s", detail);
    }
    store_release(c);
    diag(DIAG_WARN, "monitor", "origin=%s alert=%s %s", f->origin, kind, detail);
}

/* The node answered. */
static void mark_seen(struct follower *f)
{
    int64_t now = utc_now_ms();
    f->last_seen_ms = now;
    if (f->unreachable) {
        struct err err;
        err_init(&err);
        f->unreachable = false;
        f->poll_due = true;
        struct store_conn *c = store_acquire(f->set->store);
        if (mirror_clear_alerts(c, f->origin, MIRROR_ALERT_UNREACHABLE, &err) != ERR_OK) {
            store_failed(f, &err);
        }
        store_release(c);
        f->last_alert[0] = '\0';
        set_status(f, "ok", NULL);
        diag(DIAG_INFO, "monitor", "origin=%s answers again", f->origin);
    }
    if (now - f->seen_saved_ms >= FOLLOW_SEEN_SAVE_MS) {
        struct err err;
        err_init(&err);
        struct store_conn *c = store_acquire(f->set->store);
        if (mirror_seen(c, f->origin, now, &err) != ERR_OK) {
            store_failed(f, &err);
        }
        store_release(c);
        f->seen_saved_ms = now;
    }
}

/* "size root" of a checkpoint, for alert keys and messages. */
static void describe(const struct tlog_checkpoint *cp, char *out, size_t size)
{
    char root[TLOG_HASH_B64_SIZE];
    tlog_hash_to_b64(cp->root, root);
    snprintf(out, size, "%lld %s", (long long)cp->size, root);
}

/* Records the checkpoint as verified (status ok). */
static void verified(struct follower *f,
                     const struct tlog_checkpoint *cp,
                     const char *note,
                     size_t len,
                     int64_t arrived)
{
    struct err err;
    err_init(&err);
    char *text = xstrndup(note, len);
    int64_t before = f->st.verified_size;
    struct store_conn *c = store_acquire(f->set->store);
    if (mirror_record_verified(c, f->origin, &f->st, cp->size, cp->root, text, arrived, &err) !=
        ERR_OK) {
        store_failed(f, &err);
    } else {
        snprintf(f->status, sizeof(f->status), "ok");
        f->last_alert[0] = '\0';
        f->last_error[0] = '\0';
        if (cp->size > before) {
            diag(DIAG_DEBUG, "monitor", "origin=%s verified size=%lld lag_ms=%lld", f->origin,
                 (long long)cp->size, (long long)(utc_now_ms() - arrived));
        }
    }
    store_release(c);
    xfree(text);
}

/* Judges a checkpoint of the node: signature, then consistency with the
 * mirror, then the new entries. from_feed: it came from the feed, where a
 * smaller checkpoint may only be stale (a poll then decides). */
static void check(struct follower *f, const char *note, size_t len, bool from_feed, int64_t arrived)
{
    struct tlog_checkpoint cp;
    struct tlog_note parsed;
    struct err why, err;
    char what[128], detail[600];
    err_init(&why);
    err_init(&err);
    if (tlog_checkpoint_open(note, len, &f->key, 1, f->origin, &cp, &parsed, &why) != ERR_OK) {
        uint8_t h[TLOG_HASH_SIZE];
        char key[TLOG_HASH_B64_SIZE];
        tlog_hash_leaf(note, len, h);
        tlog_hash_to_b64(h, key);
        snprintf(detail, sizeof(detail), "the checkpoint served does not verify with %s: %s",
                 f->key.name, err_message(&why, true));
        raise_alert(f, MIRROR_ALERT_BAD_SIGNATURE, key, detail);
        return;
    }
    describe(&cp, what, sizeof(what));
    if (cp.size <= f->st.mirrored) {
        uint8_t root[TLOG_HASH_SIZE];
        struct store_conn *c = store_acquire(f->set->store);
        enum err_code rc = mirror_root(c, f->origin, cp.size, root, &err);
        store_release(c);
        if (rc != ERR_OK) {
            store_failed(f, &err);
        } else if (memcmp(root, cp.root, TLOG_HASH_SIZE) != 0) {
            char mine[TLOG_HASH_B64_SIZE];
            tlog_hash_to_b64(root, mine);
            snprintf(detail, sizeof(detail),
                     "the checkpoint of size %lld has another root than the tree verified "
                     "before (%s here, %s verified)",
                     (long long)cp.size, what + strcspn(what, " ") + 1, mine);
            raise_alert(f, MIRROR_ALERT_FORK, what, detail);
        } else if (cp.size < f->st.verified_size) {
            if (from_feed) {
                f->poll_due = true; /* maybe only stale: ask the node itself */
            } else {
                snprintf(detail, sizeof(detail),
                         "the node serves a checkpoint of size %lld, smaller than the %lld "
                         "verified before: it was rolled back",
                         (long long)cp.size, (long long)f->st.verified_size);
                raise_alert(f, MIRROR_ALERT_ROLLBACK, what, detail);
            }
        } else {
            verified(f, &cp, note, len, arrived);
        }
        return;
    }
    struct tilecheck_source src = remote_tiles(&f->remote);
    struct tilecheck_report rep;
    char *text = xstrndup(note, len);
    enum err_code rc = mirror_extend(f->set->store, f->origin, &src, &f->st, cp.size, cp.root, text,
                                     arrived, &rep, &err);
    xfree(text);
    if (rc != ERR_OK) {
        snprintf(detail, sizeof(detail), "checking the checkpoint of size %lld: %s",
                 (long long)cp.size, err_message(&err, true));
        note_error(f, detail);
        return;
    }
    if (rep.problem == TILECHECK_OK) {
        snprintf(f->status, sizeof(f->status), "ok");
        f->last_alert[0] = '\0';
        f->last_error[0] = '\0';
        diag(DIAG_DEBUG, "monitor", "origin=%s verified size=%lld lag_ms=%lld", f->origin,
             (long long)cp.size, (long long)(utc_now_ms() - arrived));
        return;
    }
    const char *kind = rep.problem == TILECHECK_FORK        ? MIRROR_ALERT_FORK
                       : rep.problem == TILECHECK_BAD_ENTRY ? MIRROR_ALERT_BAD_ENTRY
                                                            : MIRROR_ALERT_BAD_TILE;
    snprintf(detail, sizeof(detail), "checkpoint of size %lld, index %lld: %s", (long long)cp.size,
             (long long)rep.index, rep.detail);
    raise_alert(f, kind, what, detail);
}

/* Fetches /log/checkpoint and checks it. */
static void poll_now(struct follower *f)
{
    struct buf note;
    struct err err;
    err_init(&err);
    buf_init(&note, TLOG_NOTE_MAX_SIZE);
    f->last_poll_ms = utc_now_ms();
    f->poll_due = false;
    if (remote_checkpoint(&f->remote, &note, &err) != ERR_OK) {
        note_error(f, err_message(&err, true));
    } else {
        int64_t arrived = utc_now_ms();
        mark_seen(f);
        check(f, note.data, note.len, false, arrived);
    }
    buf_clear(&note);
}

/* Reads a round of the node's pending sealed parts when there may be some:
 * after the mirror grew, while a round leaves more, and every
 * FOLLOW_SEALED_RETRY_MAX_MS; after a failure, later and later. */
static void read_sealed(struct follower *f, int64_t now)
{
    bool grew = f->st.mirrored != f->sealed_mirrored;
    if (f->token[0] == '\0') {
        return;
    }
    if (f->sealed_wait_ms > 0 ? now < f->sealed_next_ms /* after a failure: wait */
                              : !grew && !f->sealed_more && now < f->sealed_next_ms) {
        return;
    }
    struct sealedparts_round r;
    struct err err;
    err_init(&err);
    f->sealed_mirrored = f->st.mirrored;
    if (sealedparts_fetch(f->set->store, f->origin, f->url, f->token, &f->sealed_fetch,
                          FOLLOW_TIMEOUT_MS, &r, &err) != ERR_OK) {
        store_failed(f, &err);
        r.failed = true;
    }
    if (r.bad.index >= 0) {
        char key[32];
        snprintf(key, sizeof(key), "%lld", (long long)r.bad.index);
        raise_alert(f, MIRROR_ALERT_BAD_SEALED, key, r.bad.detail);
    }
    if (r.failed) {
        f->sealed_wait_ms = f->sealed_wait_ms == 0 ? FOLLOW_SEALED_RETRY_MIN_MS
                            : f->sealed_wait_ms * 2 > FOLLOW_SEALED_RETRY_MAX_MS
                                ? FOLLOW_SEALED_RETRY_MAX_MS
                                : f->sealed_wait_ms * 2;
        f->sealed_next_ms = now + f->sealed_wait_ms;
        diag(DIAG_DEBUG, "monitor", "origin=%s sealed parts: %s", f->origin, r.error);
    } else {
        f->sealed_wait_ms = 0;
        f->sealed_next_ms = now + FOLLOW_SEALED_RETRY_MAX_MS;
    }
    f->sealed_more = !r.failed && r.more;
}

/* Between reads: the fallback poll, the unreachable alert and the sealed
 * parts. */
static void tick(void *ctx)
{
    struct follower *f = ctx;
    int64_t now = utc_now_ms();
    if (!f->unreachable && now - f->last_seen_ms >= f->set->opts.unreachable_ms) {
        char detail[REMOTE_URL_MAX + 64];
        char key[32];
        f->unreachable = true;
        snprintf(key, sizeof(key), "%lld", (long long)f->last_seen_ms);
        snprintf(detail, sizeof(detail), "no answer from %s for %lld s", f->url,
                 (long long)((now - f->last_seen_ms) / 1000));
        raise_alert(f, MIRROR_ALERT_UNREACHABLE, key, detail);
    }
    if (!stopping(f) && (f->poll_due || now - f->last_poll_ms >= f->set->opts.poll_ms)) {
        poll_now(f);
    }
    if (!stopping(f)) {
        read_sealed(f, utc_now_ms());
    }
}

static enum err_code on_event(void *ctx, const struct sse_event *ev, struct err *err)
{
    struct follower *f = ctx;
    if (strcmp(ev->type, "checkpoint") != 0) {
        return ERR_OK; /* records: the entries come from the bundles */
    }
    buf_reset(&f->pending);
    enum err_code rc = buf_append(&f->pending, ev->data, ev->data_len);
    if (rc == ERR_OK) {
        /* The data lines lose the note's final newline. */
        rc = buf_append_lit(&f->pending, "\n");
    }
    if (rc != ERR_OK) {
        return err_set(err, ERR_TOO_LARGE, "checkpoint", NULL, NULL);
    }
    f->has_pending = true;
    f->pending_arrived = utc_now_ms();
    return ERR_OK;
}

/* Checks the latest checkpoint the feed brought, if any. */
static void take_pending(struct follower *f)
{
    if (f->has_pending) {
        f->has_pending = false;
        check(f, f->pending.data, f->pending.len, true, f->pending_arrived);
    }
}

static enum err_code on_data(void *ctx, const char *data, size_t len, struct err *err)
{
    struct follower *f = ctx;
    mark_seen(f);
    /* Only the last checkpoint of what arrived together is checked. */
    enum err_code rc = sse_feed(&f->sse, data, len, err);
    take_pending(f);
    return rc;
}

static void *run(void *arg)
{
    struct follower *f = arg;
    char feed_url[REMOTE_URL_MAX + 32];
    int64_t retry_ms = FOLLOW_RETRY_MIN_MS;
    snprintf(feed_url, sizeof(feed_url), "%s/api/v1/feed", f->url);
    poll_now(f);
    while (!stopping(f)) {
        char last_id[32];
        struct err err;
        err_init(&err);
        /* Resume after what the feed sent, or after what is mirrored. */
        long long id = f->st.mirrored - 1;
        const char *seen = sse_last_event_id(&f->sse);
        if (seen[0] != '\0') {
            long long v = strtoll(seen, NULL, 10);
            id = v > id ? v : id;
        }
        snprintf(last_id, sizeof(last_id), "%lld", id);
        sse_reset(&f->sse);
        struct fetch_stream_opts o = {
            .url = feed_url,
            .last_event_id = last_id,
            .on_data = on_data,
            .on_idle = tick,
            .ctx = f,
            .stop = &f->set->stop,
            .connect_timeout_ms = FOLLOW_TIMEOUT_MS,
            .idle_timeout_ms = FOLLOW_FEED_IDLE_MS,
        };
        int64_t began = utc_now_ms();
        enum err_code rc = fetch_stream(&o, &err);
        take_pending(f);
        if (stopping(f)) {
            break;
        }
        if (rc != ERR_OK) {
            diag(DIAG_DEBUG, "monitor", "origin=%s feed: %s", f->origin, err_message(&err, true));
        }
        /* A stream that lasted resets the pause; quick failures grow it. */
        retry_ms = utc_now_ms() - began > 10000
                       ? FOLLOW_RETRY_MIN_MS
                       : (retry_ms * 2 > FOLLOW_RETRY_MAX_MS ? FOLLOW_RETRY_MAX_MS : retry_ms * 2);
        for (int64_t waited = 0; waited < retry_ms && !stopping(f); waited += 100) {
            tick(f);
            sleep_ms(100);
        }
    }
    return NULL;
}

static void follower_clear(struct follower *f)
{
    remote_clear(&f->remote);
    fetch_clear(&f->sealed_fetch);
    sodium_memzero(f->token, sizeof(f->token));
    sse_clear(&f->sse);
    buf_clear(&f->pending);
}

/* follow_start's write: the followed nodes registered, in one transaction. */
struct registration {
    struct follow_set *set;
    char *const *targets;
};

/* Parses the follower's target, prepares its remote and registers it. */
static enum err_code
register_one(struct store_conn *c, struct follower *f, const char *target, struct err *err)
{
    char vkey[TLOG_KEY_TEXT_MAX];
    enum err_code rc = remote_parse_target(target, "--follow", f->url, &f->key, vkey, err);
    if (rc == ERR_OK && f->key.type != TLOG_KEY_TYPE_ED25519) {
        rc = err_set(err, ERR_INVALID, "--follow", "%s 不是日志的签名验证密钥",
                     "%s is not a log's note verifier key", vkey);
    }
    if (rc == ERR_OK) {
        snprintf(f->origin, sizeof(f->origin), "%s", f->key.name);
        rc = remote_init(&f->remote, f->url, err);
        f->remote.timeout_ms = FOLLOW_TIMEOUT_MS;
    }
    if (rc == ERR_OK) {
        rc = mirror_register(c, f->origin, f->url, vkey, err);
    }
    if (rc == ERR_OK) {
        rc = mirror_load(c, f->origin, &f->st, err);
    }
    if (rc == ERR_OK) {
        rc = mirror_set_status(c, f->origin, f->st.verified_size > 0 ? "ok" : "syncing", NULL, err);
        snprintf(f->status, sizeof(f->status), "%s", f->st.verified_size > 0 ? "ok" : "syncing");
    }
    return rc;
}

/* Gives the follower of the URL in arg ("URL=FILE") the token in FILE. */
static enum err_code assign_token(struct follow_set *set, const char *arg, struct err *err)
{
    const char *eq = strchr(arg, '=');
    size_t len = eq != NULL ? (size_t)(eq - arg) : 0;
    while (len > 0 && arg[len - 1] == '/') {
        len--;
    }
    if (eq == NULL || len == 0 || eq[1] == '\0') {
        return err_set(err, ERR_INVALID, "--sealed-token", "%s 须为 URL=令牌文件",
                       "%s must be URL=FILE (the file holding the token)", arg);
    }
    for (size_t i = 0; i < set->n_nodes; i++) {
        struct follower *f = &set->nodes[i];
        if (strlen(f->url) != len || strncmp(f->url, arg, len) != 0) {
            continue;
        }
        if (f->token[0] != '\0') {
            return err_set(err, ERR_INVALID, "--sealed-token", "%s 的令牌给了两次",
                           "the token of %s is given twice", f->url);
        }
        fetch_init(&f->sealed_fetch);
        return sealedparts_read_token(eq + 1, f->token, err);
    }
    return err_set(err, ERR_INVALID, "--sealed-token", "%.*s 不在 --follow 所关注的节点中",
                   "%.*s is not a node given to --follow", (int)len, arg);
}

static enum err_code register_all(struct store_conn *c, void *arg, struct err *err)
{
    struct registration *r = arg;
    struct follow_set *set = r->set;
    enum err_code rc = mirror_deactivate_all(c, err);
    for (size_t i = 0; rc == ERR_OK && i < set->n_nodes; i++) {
        rc = register_one(c, &set->nodes[i], r->targets[i], err);
    }
    for (size_t i = 0; rc == ERR_OK && i < set->opts.n_sealed_tokens; i++) {
        rc = assign_token(set, set->opts.sealed_tokens[i], err);
    }
    for (size_t i = 0; rc == ERR_OK && i < set->n_nodes; i++) {
        struct follower *f = &set->nodes[i];
        rc = sealedparts_register(c, f->origin, f->token[0] != '\0', err);
    }
    return rc;
}

enum err_code follow_start(struct store *st,
                           char *const *targets,
                           size_t n,
                           const struct follow_options *opts,
                           struct follow_set **out,
                           struct err *err)
{
    struct follow_set *set = xcalloc(1, sizeof(*set));
    set->store = st;
    set->opts = *opts;
    atomic_init(&set->stop, false);
    set->nodes = xcalloc(n > 0 ? n : 1, sizeof(*set->nodes));
    set->n_nodes = n;
    *out = NULL;
    for (size_t i = 0; i < n; i++) {
        struct follower *f = &set->nodes[i];
        f->set = set;
        sse_init(&f->sse, FOLLOW_EVENT_MAX, on_event, f);
        buf_init(&f->pending, TLOG_NOTE_MAX_SIZE);
        snprintf(f->status, sizeof(f->status), "syncing");
    }
    struct registration reg = {set, targets};
    struct store_conn *c = store_acquire(st);
    enum err_code rc = store_write(c, register_all, &reg, err);
    store_release(c);
    int64_t now = utc_now_ms();
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        struct follower *f = &set->nodes[i];
        f->last_seen_ms = now;
        f->last_poll_ms = now;
        f->started = pthread_create(&f->thread, NULL, run, f) == 0;
        if (!f->started) {
            rc = err_set(err, ERR_INTERNAL, NULL, "无法启动线程", "cannot start a thread");
        }
    }
    if (rc != ERR_OK) {
        follow_stop(set);
        return rc;
    }
    *out = set;
    return ERR_OK;
}

void follow_stop(struct follow_set *set)
{
    if (set == NULL) {
        return;
    }
    atomic_store(&set->stop, true);
    for (size_t i = 0; i < set->n_nodes; i++) {
        if (set->nodes[i].started) {
            pthread_join(set->nodes[i].thread, NULL);
        }
        follower_clear(&set->nodes[i]);
    }
    xfree(set->nodes);
    xfree(set);
}
