/*
 * The password policy (OWASP ASVS 4.0.3 V2.1): 12 to 128 characters, any
 * characters at all, no composition rules, never one of the common
 * passwords shipped with probity (common-passwords.txt: 5,000 of the most
 * frequent passwords of 12 characters or more, compared without regard to
 * case) and never containing the user's login. Hashing is Argon2id.
 *
 * THREAD SAFETY: every function may be called from any thread.
 */
#ifndef PROBITY_PASSWORD_H
#define PROBITY_PASSWORD_H

#include "core/err.h"

#include <sodium.h>
#include <stdbool.h>

/* Shortest and longest password accepted, in characters. */
#define PASSWORD_MIN 12
#define PASSWORD_MAX 128
/* Length of a generated password. */
#define PASSWORD_GENERATED 16

/*
 * Checks password against the policy for the user signing in as login
 * (NULL when unknown). ERR_INVALID naming field ("password",
 * "new_password") with the reason: too short, too long, too common, or
 * containing the login.
 */
MUST_CHECK enum err_code
password_check(const char *password, const char *login, const char *field, struct err *err);
/* True when password is one of the common passwords (any case). */
bool password_is_common(const char *password);
/* Fills out with a random password of PASSWORD_GENERATED characters from
 * an alphabet without look-alikes (it passes the policy). */
void password_generate(char out[PASSWORD_GENERATED + 1]);
/* The Argon2id hash of password (libsodium's string form) into out;
 * ERR_INTERNAL when it cannot be computed (out of memory). */
MUST_CHECK enum err_code
password_hash(const char *password, char out[crypto_pwhash_STRBYTES], struct err *err);

#endif
