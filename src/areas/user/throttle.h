/*
 * Throttling of sign-in attempts, in the process's memory (so that
 * signing in never waits for the database's write lock). Failures are
 * counted per (login, client address) pair: after THROTTLE_FREE_TRIES a
 * pair waits before its next try, 1 s after the sixth failure and twice
 * as long after each further one, up to 15 minutes. A client address that
 * fails THROTTLE_ADDRESS_FREE_TRIES times over any logins waits the same
 * way (it is guessing). No other address waits: the right password from
 * an address that has not failed always gets through, so nobody can lock
 * another person out. An attempt is counted as a failure when it begins
 * (parallel attempts cannot slip past the count) and forgiven when it
 * succeeds. Counts of a pair or address that has not failed for an hour
 * are forgotten. Over every address, an account takes at most
 * THROTTLE_ACCOUNT_MAX failures in an hour (ASVS 4.0.3 V2.2.1): then its
 * login waits, from every address, until the hour since the last failure
 * is over; a success does not forgive these, so that guessing from many
 * addresses stays within the bound. Attempts at one's own password when changing it are
 * throttled the same way, as the pair (login, THROTTLE_PASSWORD_CHANGE).
 * A one-time code of two-factor sign-in is counted on the pair (login,
 * address) as a password is, and also on the login alone from any
 * address (throttle_begin_login with THROTTLE_CODE), which only the right
 * code forgives: whoever knows the password cannot guess codes from many
 * addresses. See docs/security.md, "Signing in".
 *
 * THREAD SAFETY: every function may be called from any thread.
 */
#ifndef PROBITY_THROTTLE_H
#define PROBITY_THROTTLE_H

#include "core/err.h"

#include <stdbool.h>
#include <stdint.h>

#define THROTTLE_FREE_TRIES         5
#define THROTTLE_ADDRESS_FREE_TRIES 50
#define THROTTLE_FIRST_WAIT_MS      1000
#define THROTTLE_MAX_WAIT_MS        (15LL * 60 * 1000)
#define THROTTLE_FORGET_MS          (60LL * 60 * 1000)
#define THROTTLE_ACCOUNT_MAX        100
/* The "address" of an account's count over every address. */
#define THROTTLE_ACCOUNT "(account)"
/* The "address" of attempts at the current password when changing it. */
#define THROTTLE_PASSWORD_CHANGE "(password change)"
/* The kind of the attempts at a login's one-time codes, from any address. */
#define THROTTLE_CODE "(code)"

/* What throttle_begin decided. */
struct throttle_verdict {
    int64_t wait_ms; /* > 0: refused; try again after this long */
    bool by_address; /* the address's count decided it, not the pair's */
    bool lockout;    /* this attempt starts a wait (the first refused one logs it) */
    const char *by;  /* which count decided, as logged: "login_and_address", "address",
                        "account" or "login" (throttle_begin_login) */
};

/*
 * Begins an attempt of login from address at now_ms: refused (wait_ms >
 * 0) while the pair or the address must wait, else counted as a failure
 * until throttle_succeeded forgives it. v->lockout marks the first
 * refusal of a wait, which the caller logs.
 */
void throttle_begin(const char *login,
                    const char *address,
                    int64_t now_ms,
                    struct throttle_verdict *v);
/* As throttle_begin, for the attempts of login of one kind (THROTTLE_CODE)
 * from any address: only the pair (login, kind) is counted, never an
 * address's count; throttle_succeeded(login, kind) forgives it. */
void throttle_begin_login(const char *login,
                          const char *kind,
                          int64_t now_ms,
                          struct throttle_verdict *v);
/* Refuses an attempt throttle_begin refused: ERR_RATE_LIMITED, with when
 * to try again (err's retry_after_s), and the lockout logged
 * ("login.throttled") when this refusal starts a wait. */
MUST_CHECK enum err_code throttle_refuse(const char *login,
                                         const char *address,
                                         const struct throttle_verdict *v,
                                         struct err *err);
/* Forgives the pair's failures (and the attempt's count on the address). */
void throttle_succeeded(const char *login, const char *address);
/* The wait after the given number of failures (0 up to the free tries). */
int64_t throttle_wait_after(int failures, int free_tries);
/* Forgets everything (tests). */
void throttle_reset(void);

#endif
