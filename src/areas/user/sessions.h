/*
 * Signed-in sessions, in the server's memory: signing in and out never
 * writes the database, so they work while another process holds its write
 * lock. A session is found by the SHA-256 digest of its cookie's secret
 * (the secret itself is kept nowhere) and carries its user, its CSRF
 * token and when it ends: AUTH_SESSION_TTL_MS after signing in, or
 * sooner, once unused for its idle time (AUTH_SESSION_IDLE_MS). For its
 * user's list of sessions (ASVS 3.3.4) it also keeps a random handle,
 * when it was opened, and the address and browser that opened it. Sessions
 * end when the server stops: everyone signs in again after a restart. See
 * docs/security.md, "Sessions, CSRF, tokens".
 *
 * THREAD SAFETY: every function may be called from any thread.
 */
#ifndef PROBITY_SESSIONS_H
#define PROBITY_SESSIONS_H

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most sessions kept; the one ending soonest makes room. */
#define SESSIONS_MAX 100000

/* The most sessions of one user a list shows (the newest). */
#define SESSIONS_LIST_MAX 100

/* A session's digest (SHA-256 of its secret). */
typedef unsigned char session_key[crypto_hash_sha256_BYTES];

/* Who opened a session: the client's address and its browser (the
 * User-Agent header, or NULL), kept at most these many bytes. */
#define SESSIONS_ADDRESS_MAX 48
#define SESSIONS_DEVICE_MAX  160
struct session_client {
    const char *address;
    const char *device;
};

/* A live session as its user's list shows it. */
struct session_info {
    char id[17]; /* its handle: 16 hex digits, random, naming it in the list only */
    int64_t opened_ms;
    int64_t used_ms;
    int64_t ends_ms; /* the sooner of its end and its idle end */
    char address[SESSIONS_ADDRESS_MAX];
    char device[SESSIONS_DEVICE_MAX]; /* printable ASCII; "" when the client sent none */
    bool current;                     /* the session of the list's request */
};

/* Opens a session of user_id, at the epoch of their credentials (a
 * session of an earlier epoch is over: auth.c), with its CSRF token
 * (copied), for client (copied), at now_ms, until expires_ms at the
 * latest, and ending sooner once unused for idle_ms. */
void sessions_open(const session_key key,
                   int64_t user_id,
                   int64_t epoch,
                   const char *csrf,
                   const struct session_client *client,
                   int64_t now_ms,
                   int64_t expires_ms,
                   int64_t idle_ms);
/* Finds the session of key live at now_ms, which counts as a use: its
 * user, epoch and CSRF token (csrf: room for size bytes). False when there
 * is none, or it ended (its time is over, or it was unused too long). */
bool sessions_find(const session_key key,
                   int64_t now_ms,
                   int64_t *user_id,
                   int64_t *epoch,
                   char *csrf,
                   size_t size);
/* Ends the session of key (nothing when there is none). */
void sessions_close(const session_key key);
/* Ends every session of user_id; returns how many. */
int sessions_close_user(int64_t user_id);
/* The live sessions of user_id at now_ms, the newest first, at most max
 * of them into out; the one of key (NULL: none) is marked current.
 * Returns how many. */
size_t sessions_list_user(
    int64_t user_id, const session_key key, int64_t now_ms, struct session_info *out, size_t max);
/* What sessions_close_handle did. */
enum sessions_closed {
    SESSIONS_CLOSED,  /* the session was ended */
    SESSIONS_CURRENT, /* it is the one of current: left open */
    SESSIONS_NONE,    /* no such session live at now_ms */
};
/* Ends the session of user_id whose handle is id, unless it is the one of
 * key current, in one pass. */
enum sessions_closed
sessions_close_handle(int64_t user_id, const session_key current, const char *id, int64_t now_ms);
/* Ends every session of user_id but the one of key; returns how many of
 * them were live at now_ms. */
int sessions_close_others(int64_t user_id, const session_key key, int64_t now_ms);
/* Forgets every session (tests). */
void sessions_reset(void);

#endif
