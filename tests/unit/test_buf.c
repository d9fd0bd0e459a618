/*
 * Unit tests of struct buf (core/buf.h): appending bytes, strings, literals
 * and formatted text, the maximum size (a refused append leaves the buffer
 * unchanged), take/reset/clear, and NUL termination.
 */
#include "core/alloc.h"
#include "core/buf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

/* Asserts that b holds exactly the n bytes at want, NUL-terminated. */
static void assert_buf_holds(const struct buf *b, const char *want, size_t n)
{
    assert_int_equal(b->len, n);
    assert_non_null(b->data);
    assert_memory_equal(b->data, want, n);
    assert_int_equal(b->data[n], '\0');
    assert_true(b->cap > b->len);
    assert_true(b->len <= b->max);
}

static void test_buf_starts_empty_and_reads_as_empty_string(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 100);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
    assert_int_equal(b.max, 100);
    assert_string_equal(buf_str(&b), "");
    buf_clear(&b);
}

static void test_buf_append_copies_bytes_and_terminates(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 100);
    assert_int_equal(buf_append(&b, "abc", 3), ERR_OK);
    assert_buf_holds(&b, "abc", 3);
    assert_int_equal(buf_append(&b, "defg", 2), ERR_OK);
    assert_buf_holds(&b, "abcde", 5);
    assert_string_equal(buf_str(&b), "abcde");
    buf_clear(&b);
}

static void test_buf_append_of_zero_bytes_leaves_content(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 10);
    assert_int_equal(buf_append(&b, "", 0), ERR_OK);
    assert_buf_holds(&b, "", 0);
    assert_int_equal(buf_append(&b, "xy", 2), ERR_OK);
    assert_int_equal(buf_append(&b, "zz", 0), ERR_OK);
    assert_buf_holds(&b, "xy", 2);
    buf_clear(&b);
}

static void test_buf_append_keeps_embedded_nul_bytes(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 100);
    assert_int_equal(buf_append(&b, "a\0b", 3), ERR_OK);
    assert_buf_holds(&b, "a\0b", 3);
    buf_clear(&b);
}

static void test_buf_append_str_and_literal_measure_the_text(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 100);
    assert_int_equal(buf_append_str(&b, "中文"), ERR_OK);
    assert_int_equal(buf_append_lit(&b, "-lit"), ERR_OK);
    assert_int_equal(buf_append_str(&b, ""), ERR_OK);
    assert_buf_holds(&b, "中文-lit", strlen("中文-lit"));
    buf_clear(&b);
}

static void test_buf_appendf_formats_and_concatenates(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 100);
    assert_int_equal(buf_appendf(&b, "%d-%s", 42, "x"), ERR_OK);
    assert_int_equal(buf_appendf(&b, "[%05.1f]", 2.5), ERR_OK);
    assert_int_equal(buf_appendf(&b, "%s", ""), ERR_OK);
    assert_buf_holds(&b, "42-x[002.5]", 11);
    buf_clear(&b);
}

static void test_buf_appendf_grows_for_long_output(void **state)
{
    (void)state;
    char big[3001];
    memset(big, 'q', 3000);
    big[3000] = '\0';
    struct buf b;
    buf_init(&b, 10000);
    assert_int_equal(buf_append_lit(&b, "<"), ERR_OK);
    assert_int_equal(buf_appendf(&b, "%s>", big), ERR_OK);
    assert_int_equal(b.len, 3002);
    assert_int_equal(b.data[0], '<');
    assert_memory_equal(b.data + 1, big, 3000);
    assert_int_equal(b.data[3001], '>');
    assert_int_equal(b.data[3002], '\0');
    buf_clear(&b);
}

/* Calls buf_vappendf through a variadic wrapper. */
static enum err_code appendf_through_va_list(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    enum err_code rc = buf_vappendf(b, fmt, ap);
    va_end(ap);
    return rc;
}

static void test_buf_vappendf_takes_a_va_list(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 100);
    assert_int_equal(appendf_through_va_list(&b, "%s=%lld", "n", -7LL), ERR_OK);
    assert_buf_holds(&b, "n=-7", 4);
    buf_clear(&b);
}

static void test_buf_grows_across_many_small_appends(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 100000);
    for (int i = 0; i < 20000; i++) {
        char c = (char)('a' + i % 26);
        assert_int_equal(buf_append(&b, &c, 1), ERR_OK);
    }
    assert_int_equal(b.len, 20000);
    for (int i = 0; i < 20000; i++) {
        assert_int_equal(b.data[i], 'a' + i % 26);
    }
    assert_int_equal(b.data[20000], '\0');
    buf_clear(&b);
}

static void test_buf_accepts_exactly_max_bytes(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 8);
    assert_int_equal(buf_append(&b, "12345678", 8), ERR_OK);
    assert_buf_holds(&b, "12345678", 8);
    buf_clear(&b);

    buf_init(&b, 5);
    assert_int_equal(buf_appendf(&b, "%d", 12345), ERR_OK);
    assert_buf_holds(&b, "12345", 5);
    buf_clear(&b);
}

static void test_buf_rejects_growth_past_max(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 8);
    assert_int_equal(buf_append(&b, "1234567", 7), ERR_OK);
    assert_int_equal(buf_append(&b, "ab", 2), ERR_TOO_LARGE);
    assert_buf_holds(&b, "1234567", 7);
    assert_int_equal(buf_append(&b, "8", 1), ERR_OK);
    assert_int_equal(buf_append(&b, "9", 1), ERR_TOO_LARGE);
    assert_buf_holds(&b, "12345678", 8);
    buf_clear(&b);
}

static void test_buf_rejects_first_append_past_max_and_stays_empty(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 3);
    assert_int_equal(buf_append(&b, "abcd", 4), ERR_TOO_LARGE);
    assert_int_equal(b.len, 0);
    assert_string_equal(buf_str(&b), "");
    assert_int_equal(buf_append_str(&b, "abcd"), ERR_TOO_LARGE);
    assert_int_equal(buf_append_lit(&b, "abcd"), ERR_TOO_LARGE);
    assert_int_equal(b.len, 0);
    assert_string_equal(buf_str(&b), "");
    buf_clear(&b);
}

static void test_buf_appendf_rejects_growth_past_max_unchanged(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 5);
    assert_int_equal(buf_append_lit(&b, "ab"), ERR_OK);
    assert_int_equal(buf_appendf(&b, "%s", "wxyz"), ERR_TOO_LARGE);
    assert_buf_holds(&b, "ab", 2);
    assert_int_equal(buf_appendf(&b, "%d", 123), ERR_OK);
    assert_buf_holds(&b, "ab123", 5);
    buf_clear(&b);
}

static void test_buf_rejects_sizes_that_would_overflow(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, SIZE_MAX - 1);
    assert_int_equal(buf_append_lit(&b, "abc"), ERR_OK);
    assert_int_equal(buf_append(&b, "x", SIZE_MAX), ERR_TOO_LARGE);
    assert_int_equal(buf_append(&b, "x", SIZE_MAX - 2), ERR_TOO_LARGE);
    assert_buf_holds(&b, "abc", 3);
    buf_clear(&b);
}

static void test_buf_take_hands_over_bytes_and_resets(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 50);
    assert_int_equal(buf_append_lit(&b, "hello"), ERR_OK);
    size_t len = 0;
    char *taken = buf_take(&b, &len);
    assert_non_null(taken);
    assert_int_equal(len, 5);
    assert_string_equal(taken, "hello");
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
    assert_int_equal(b.max, 50);
    assert_string_equal(buf_str(&b), "");
    /* The buffer is reusable, and the taken bytes are independent of it. */
    assert_int_equal(buf_append_lit(&b, "again"), ERR_OK);
    assert_buf_holds(&b, "again", 5);
    assert_string_equal(taken, "hello");
    xfree(taken);
    buf_clear(&b);
}

static void test_buf_take_of_empty_buffer_returns_empty_string(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 50);
    size_t len = 99;
    char *taken = buf_take(&b, &len);
    assert_non_null(taken);
    assert_string_equal(taken, "");
    assert_int_equal(len, 0);
    xfree(taken);
    taken = buf_take(&b, NULL);
    assert_non_null(taken);
    assert_string_equal(taken, "");
    xfree(taken);
}

static void test_buf_reset_empties_but_keeps_storage(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 50);
    assert_int_equal(buf_append_lit(&b, "content"), ERR_OK);
    char *data = b.data;
    size_t cap = b.cap;
    buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_ptr_equal(b.data, data);
    assert_int_equal(b.cap, cap);
    assert_string_equal(buf_str(&b), "");
    assert_int_equal(buf_append_lit(&b, "new"), ERR_OK);
    assert_buf_holds(&b, "new", 3);
    buf_clear(&b);

    /* Resetting a buffer that never held anything is harmless. */
    buf_init(&b, 50);
    buf_reset(&b);
    assert_string_equal(buf_str(&b), "");
    buf_clear(&b);
}

static void test_buf_reset_restores_room_up_to_max(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 4);
    assert_int_equal(buf_append_lit(&b, "abcd"), ERR_OK);
    assert_int_equal(buf_append_lit(&b, "e"), ERR_TOO_LARGE);
    buf_reset(&b);
    assert_int_equal(buf_append_lit(&b, "wxyz"), ERR_OK);
    assert_buf_holds(&b, "wxyz", 4);
    buf_clear(&b);
}

static void test_buf_clear_releases_and_allows_reuse(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 50);
    assert_int_equal(buf_append_lit(&b, "content"), ERR_OK);
    buf_clear(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
    assert_int_equal(b.max, 50);
    assert_string_equal(buf_str(&b), "");
    buf_clear(&b);
    assert_int_equal(buf_append_lit(&b, "more"), ERR_OK);
    assert_buf_holds(&b, "more", 4);
    buf_clear(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_starts_empty_and_reads_as_empty_string),
        cmocka_unit_test(test_buf_append_copies_bytes_and_terminates),
        cmocka_unit_test(test_buf_append_of_zero_bytes_leaves_content),
        cmocka_unit_test(test_buf_append_keeps_embedded_nul_bytes),
        cmocka_unit_test(test_buf_append_str_and_literal_measure_the_text),
        cmocka_unit_test(test_buf_appendf_formats_and_concatenates),
        cmocka_unit_test(test_buf_appendf_grows_for_long_output),
        cmocka_unit_test(test_buf_vappendf_takes_a_va_list),
        cmocka_unit_test(test_buf_grows_across_many_small_appends),
        cmocka_unit_test(test_buf_accepts_exactly_max_bytes),
        cmocka_unit_test(test_buf_rejects_growth_past_max),
        cmocka_unit_test(test_buf_rejects_first_append_past_max_and_stays_empty),
        cmocka_unit_test(test_buf_appendf_rejects_growth_past_max_unchanged),
        cmocka_unit_test(test_buf_rejects_sizes_that_would_overflow),
        cmocka_unit_test(test_buf_take_hands_over_bytes_and_resets),
        cmocka_unit_test(test_buf_take_of_empty_buffer_returns_empty_string),
        cmocka_unit_test(test_buf_reset_empties_but_keeps_storage),
        cmocka_unit_test(test_buf_reset_restores_room_up_to_max),
        cmocka_unit_test(test_buf_clear_releases_and_allows_reuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
