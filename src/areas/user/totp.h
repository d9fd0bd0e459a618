/*
 * Time-based one-time codes (TOTP, RFC 6238) as ordinary authenticator
 * apps make them: HMAC-SHA-1, 30-second steps from the Unix epoch, six
 * digits. A secret is 20 random bytes (libsodium), given to the app as
 * base32 text (RFC 4648) in an otpauth:// URI; codes are checked with
 * liboath within one step either side of now, and a code of a step no
 * later than the last one accepted is refused, so that each code is
 * accepted once. Pure functions: the caller keeps the secret and the last
 * step (credentials table). See docs/security.md, "Two-factor sign-in".
 *
 * THREAD SAFETY: every function may be called from any thread.
 */
#ifndef PROBITY_TOTP_H
#define PROBITY_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TOTP_SECRET_BYTES 20 /* RFC 4226 §4: 160 bits, as HMAC-SHA-1's output */
#define TOTP_STEP_S       30 /* RFC 6238 §4.1, X */
#define TOTP_DIGITS       6  /* what authenticator apps show */
#define TOTP_WINDOW       1  /* steps accepted either side of now (RFC 6238 §5.2) */
/* The secret as base32 text: 20 bytes are exactly 32 characters, no padding. */
#define TOTP_BASE32_MAX 33
/* otpauth://totp/probity:<login>?... for a login of up to 40 characters. */
#define TOTP_URI_MAX 192
/* The issuer an authenticator app shows beside the login. */
#define TOTP_ISSUER "probity"

/* What totp_check found. */
enum totp_result {
    TOTP_ACCEPTED, /* the code of a step after the last accepted one */
    TOTP_WRONG,    /* no step in the window has this code (or it is not digits digits) */
    TOTP_REPLAYED, /* the code of a step already used, or of one before it */
};

/* Fills secret with TOTP_SECRET_BYTES random bytes (libsodium). */
void totp_new_secret(unsigned char secret[TOTP_SECRET_BYTES]);
/* The secret as unpadded upper-case base32 (RFC 4648 §6), as apps take it
 * typed, into out. */
void totp_base32(const unsigned char secret[TOTP_SECRET_BYTES], char out[TOTP_BASE32_MAX]);
/*
 * The Key URI an app reads from a QR code into out: otpauth://totp/
 * probity:<login>?secret=<base32>&issuer=probity&algorithm=SHA1&digits=6
 * &period=30. login is [a-z0-9._-] (user.c), which needs no escaping.
 * False when it does not fit.
 */
bool totp_uri(const unsigned char secret[TOTP_SECRET_BYTES],
              const char *login,
              char out[TOTP_URI_MAX]);
/* The time step of the Unix time now_s (RFC 6238 §4.2, T). */
int64_t totp_step_of(int64_t now_s);
/*
 * Checks code, a string of exactly digits decimal digits (6 for sign-in;
 * 6 to 8 accepted for the RFC's test vectors), against the codes of
 * secret (len bytes) for the steps within TOTP_WINDOW of now_s's, with
 * HMAC-SHA-1 (RFC 6238 Appendix A's default). TOTP_ACCEPTED sets *step
 * to the step whose code it is, when that step is after last_step (0:
 * none accepted yet); TOTP_REPLAYED when it is that step or an earlier
 * one; TOTP_WRONG when no step has that code or the code is malformed.
 * The code is compared in constant time.
 */
enum totp_result totp_check(const unsigned char *secret,
                            size_t len,
                            int64_t now_s,
                            unsigned digits,
                            const char *code,
                            int64_t last_step,
                            int64_t *step);

#endif
