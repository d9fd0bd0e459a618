/*
 * Strict base64 decoding. See b64.h.
 */
#include "core/b64.h"

#include "core/alloc.h"

#include <sodium.h>
#include <string.h>

/* True when c is one of the 64 letters of the standard alphabet. */
static bool letter(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/';
}

/* The alphabet and the padding's place, before any decoding. */
static bool well_formed(const char *text, size_t len)
{
    if (len % 4 != 0) {
        return false;
    }
    size_t pad = 0;
    while (pad < 2 && pad < len && text[len - 1 - pad] == '=') {
        pad++;
    }
    for (size_t i = 0; i < len - pad; i++) {
        if (!letter((unsigned char)text[i])) {
            return false;
        }
    }
    return true;
}

bool b64_decode(const char *text, size_t len, uint8_t *out, size_t max, size_t *out_len)
{
    *out_len = 0;
    if (len == 0) {
        return true;
    }
    if (!well_formed(text, len) || sodium_base642bin(out, max, text, len, NULL, out_len, NULL,
                                                     sodium_base64_VARIANT_ORIGINAL) != 0) {
        return false;
    }
    /* Encoded again, the bytes must give the very text back. */
    char *again = xmalloc(len + 1);
    sodium_bin2base64(again, len + 1, out, *out_len, sodium_base64_VARIANT_ORIGINAL);
    bool same = strlen(again) == len && memcmp(again, text, len) == 0;
    xfree(again);
    return same;
}

bool b64_canonical(const char *text, size_t len)
{
    uint8_t *out = xmalloc(len / 4 * 3 + 1);
    size_t n = 0;
    bool ok = b64_decode(text, len, out, len / 4 * 3 + 1, &n);
    xfree(out);
    return ok;
}
