/*
 * TOTP codes over liboath (the check, base32) and libsodium (the secret,
 * the comparison). See totp.h.
 */
#include "areas/user/totp.h"

#include "core/alloc.h"

#include <oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* The most digits liboath makes (RFC 4226 §5.3 allows 6 to 8 here). */
#define TOTP_DIGITS_MAX 8

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static int oath_ready = OATH_OK;

static void start_oath(void)
{
    oath_ready = oath_init();
}

void totp_new_secret(unsigned char secret[TOTP_SECRET_BYTES])
{
    randombytes_buf(secret, TOTP_SECRET_BYTES);
}

void totp_base32(const unsigned char secret[TOTP_SECRET_BYTES], char out[TOTP_BASE32_MAX])
{
    char *text = NULL;
    size_t len = 0;
    _Static_assert(TOTP_SECRET_BYTES * 8 % 5 == 0, "the secret is whole base32 characters");
    pthread_once(&oath_once, start_oath);
    out[0] = '\0';
    if (oath_ready == OATH_OK &&
        oath_base32_encode((const char *)secret, TOTP_SECRET_BYTES, &text, &len) == OATH_OK &&
        len < TOTP_BASE32_MAX) {
        memcpy(out, text, len);
        out[len] = '\0';
    }
    if (text != NULL) {
        sodium_memzero(text, len);
        xfree(text); /* liboath's malloc: xfree is free */
    }
}

bool totp_uri(const unsigned char secret[TOTP_SECRET_BYTES],
              const char *login,
              char out[TOTP_URI_MAX])
{
    char base32[TOTP_BASE32_MAX];
    totp_base32(secret, base32);
    int n = snprintf(out, TOTP_URI_MAX,
                     "otpauth://totp/" TOTP_ISSUER ":%s?secret=%s&issuer=" TOTP_ISSUER
                     "&algorithm=SHA1&digits=%d&period=%d",
                     login, base32, TOTP_DIGITS, TOTP_STEP_S);
    sodium_memzero(base32, sizeof(base32));
    return n > 0 && n < TOTP_URI_MAX;
}

int64_t totp_step_of(int64_t now_s)
{
    return now_s / TOTP_STEP_S;
}

/* The code given, for the comparison liboath calls with each candidate. */
struct given {
    const char *code;
    unsigned digits;
};

/* liboath's comparison: 0 when the candidate is the code given. */
static int same_code(void *handle, const char *candidate)
{
    const struct given *g = handle;
    return sodium_memcmp(g->code, candidate, g->digits) == 0 ? 0 : 1;
}

/* True when code is exactly digits decimal digits. */
static bool well_formed(const char *code, unsigned digits)
{
    if (digits < TOTP_DIGITS || digits > TOTP_DIGITS_MAX || strlen(code) != digits) {
        return false;
    }
    for (unsigned i = 0; i < digits; i++) {
        if (code[i] < '0' || code[i] > '9') {
            return false;
        }
    }
    return true;
}

enum totp_result totp_check(const unsigned char *secret,
                            size_t len,
                            int64_t now_s,
                            unsigned digits,
                            const char *code,
                            int64_t last_step,
                            int64_t *step)
{
    pthread_once(&oath_once, start_oath);
    if (oath_ready != OATH_OK || !well_formed(code, digits)) {
        return TOTP_WRONG;
    }
    struct given g = {code, digits};
    uint64_t counter = 0;
    int found = oath_totp_validate3_callback((const char *)secret, len, (time_t)now_s, TOTP_STEP_S,
                                             0, digits, TOTP_WINDOW, NULL, &counter, same_code, &g);
    if (found < 0) {
        return TOTP_WRONG;
    }
    if ((int64_t)counter <= last_step) {
        return TOTP_REPLAYED;
    }
    *step = (int64_t)counter;
    return TOTP_ACCEPTED;
}
