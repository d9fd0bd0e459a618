/*
 * Unit tests of strict base64 (core/b64.h): canonical texts decode (RFC
 * 4648's test vectors); anything else is refused: letters outside the
 * alphabet (the URL-safe ones, spaces, bytes >= 0x80 that some libsodium
 * builds take for '/'), padding misplaced, missing or in excess, non-zero
 * padding bits, lengths not a multiple of 4; and what does not fit.
 */
#include "core/b64.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static bool decodes(const char *text, const char *expected)
{
    uint8_t out[64];
    size_t n = 0;
    return b64_decode(text, strlen(text), out, sizeof(out), &n) && n == strlen(expected) &&
           memcmp(out, expected, n) == 0;
}

static void test_rfc4648_vectors_decode(void **state)
{
    (void)state;
    assert_true(decodes("", ""));
    assert_true(decodes("Zg==", "f"));
    assert_true(decodes("Zm8=", "fo"));
    assert_true(decodes("Zm9v", "foo"));
    assert_true(decodes("Zm9vYg==", "foob"));
    assert_true(decodes("Zm9vYmE=", "fooba"));
    assert_true(decodes("Zm9vYmFy", "foobar"));
    assert_true(decodes("+/+/", "\xfb\xff\xbf"));
    assert_true(b64_canonical("Zm9vYmFy", 8));
}

static void test_anything_else_is_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "Zm9vYmF\xff", /* a byte libsodium may read as '/' */
        "\x80m9v",     "Zm9v\xc3\xa9", "Zm9-",   "Zm9_", "Zm 9v",    "Zm9v\n", "Zg=",
        "Zg",          "Zg===",        "=Zg=",   "Z=g=", "Zg==Zg==", "Zh==", /* non-zero padding
                                                                                bits */
        "Zm9=",        "Zm9vY",        "Zm9vYg", "====", "Zm9vYg=x",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        uint8_t out[64];
        size_t n = 0;
        if (b64_decode(bad[i], strlen(bad[i]), out, sizeof(out), &n) ||
            b64_canonical(bad[i], strlen(bad[i]))) {
            fail_msg("accepted \"%s\"", bad[i]);
        }
    }
    uint8_t small[2];
    size_t n = 0;
    assert_false(b64_decode("Zm9v", 4, small, sizeof(small), &n));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc4648_vectors_decode),
        cmocka_unit_test(test_anything_else_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
