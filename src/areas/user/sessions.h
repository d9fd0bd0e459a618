/*
 * Signed-in sessions, in the server's memory: signing in and out never
 * writes the database, so they work while another process holds its write
 * lock. A session is found by the SHA-256 digest of its cookie's secret
 * (the secret itself is kept nowhere) and carries its user, its CSRF
 * token and when it ends: AUTH_SESSION_TTL_MS after signing in, or
 * sooner, once unused for its idle time (AUTH_SESSION_IDLE_MS). Sessions
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

/* A session's digest (SHA-256 of its secret). */
typedef unsigned char session_key[crypto_hash_sha256_BYTES];

/* Opens a session of user_id, at the epoch of their credentials (a
 * session of an earlier epoch is over: auth.c), with its CSRF token
 * (copied), at now_ms, until expires_ms at the latest, and ending sooner
 * once unused for idle_ms. */
void sessions_open(const session_key key,
                   int64_t user_id,
                   int64_t epoch,
                   const char *csrf,
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
/* Forgets every session (tests). */
void sessions_reset(void);

#endif
