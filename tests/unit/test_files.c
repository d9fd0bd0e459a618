/*
 * Unit tests of the file store and a command's file body: a file kept
 * under its SHA-256 (the FIPS 180-2 "abc" vector) in the data folder's
 * files/, read back unchanged, kept once when stored twice, refused when
 * its bytes no longer match or its digest is not one; and a file's type
 * read from its bytes by libmagic (record/content.h): a PDF is accepted
 * whatever it is called, text and an empty or oversized file are refused
 * with the accepted kinds named in both languages.
 */
#include "core/alloc.h"
#include "record/content.h"
#include "record/node.h"
#include "store/files.h"
#include "store/store.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_node.h"

#define ABC_SHA256 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define PDF        "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

static void test_digest_is_sha256(void **state)
{
    (void)state;
    char hex[FILES_DIGEST_HEX];
    files_digest("abc", 3, hex);
    assert_string_equal(hex, ABC_SHA256);
}

static int node_setup(void **state)
{
    struct unit_node *n = xcalloc(1, sizeof(*n));
    *state = n;
    return unit_node_open(n);
}

static int node_teardown(void **state)
{
    unit_node_close(*state);
    xfree(*state);
    return 0;
}

/* The path of the stored file of hex in n's data folder. */
static void stored_path(const struct unit_node *n, const char *hex, char out[UNIT_PATH_MAX])
{
    int len = snprintf(out, UNIT_PATH_MAX, "%s/files/%.2s/%s", n->data, hex, hex);
    assert_true(len > 0 && len < UNIT_PATH_MAX);
}

static void test_put_then_get_round_trips(void **state)
{
    struct unit_node *n = *state;
    char hex[FILES_DIGEST_HEX], path[UNIT_PATH_MAX];
    struct err err;
    err_init(&err);
    assert_int_equal(files_put(n->st, "abc", 3, hex, &err), ERR_OK);
    assert_string_equal(hex, ABC_SHA256);
    stored_path(n, hex, path);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fclose(f);
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(files_get(n->st, hex, 1024, &out, &len, &err), ERR_OK);
    assert_int_equal(len, 3);
    assert_memory_equal(out, "abc", 3);
    xfree(out);
    /* Stored again: the same file, nothing else in its folder. */
    assert_int_equal(files_put(n->st, "abc", 3, hex, &err), ERR_OK);
    char files[UNIT_PATH_MAX], folder[UNIT_PATH_MAX];
    unit_path(files, n->data, "files");
    unit_path(folder, files, "ba");
    int entries = 0;
    DIR *d = opendir(folder);
    assert_non_null(d);
    for (struct dirent *e = readdir(d); e != NULL; e = readdir(d)) {
        entries += e->d_name[0] != '.';
    }
    closedir(d);
    assert_int_equal(entries, 1);
}

static void test_get_refuses_altered_or_unknown(void **state)
{
    struct unit_node *n = *state;
    char hex[FILES_DIGEST_HEX], path[UNIT_PATH_MAX];
    struct err err;
    err_init(&err);
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(files_get(n->st, ABC_SHA256, 1024, &out, &len, &err), ERR_NOT_FOUND);
    assert_int_equal(files_get(n->st, "../../etc/passwd", 1024, &out, &len, &err), ERR_NOT_FOUND);
    assert_int_equal(files_get(n->st,
                               "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
                               1024, &out, &len, &err),
                     ERR_NOT_FOUND);
    assert_int_equal(files_put(n->st, "abc", 3, hex, &err), ERR_OK);
    stored_path(n, hex, path);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("abd", f);
    fclose(f);
    assert_int_equal(files_get(n->st, hex, 1024, &out, &len, &err), ERR_INTEGRITY);
    assert_null(out);
    /* A file past the reader's bound is not read. */
    assert_int_equal(files_put(n->st, "abcdef", 6, hex, &err), ERR_OK);
    assert_int_equal(files_get(n->st, hex, 5, &out, &len, &err), ERR_IO);
}

static const struct content_type pdf_only[] = {
    {"application/pdf", "PDF 文档", "PDF document"},
    {"image/png", "PNG 图片", "PNG image"},
    {NULL, NULL, NULL},
};
static const struct content_kind pdf_kind = {pdf_only, 64, "会议材料", "meeting material"};

static void test_type_is_read_from_the_bytes(void **state)
{
    (void)state;
    const struct content_type *type = NULL;
    struct err err;
    err_init(&err);
    struct content_in pdf = {PDF, strlen(PDF)};
    assert_int_equal(content_check(&pdf_kind, &pdf, &type, &err), ERR_OK);
    assert_string_equal(type->media_type, "application/pdf");

    struct content_in text = {"会议材料\n", strlen("会议材料\n")};
    assert_int_equal(content_check(&pdf_kind, &text, &type, &err), ERR_UNSUPPORTED_MEDIA);
    assert_string_equal(err.message_zh, "会议材料只接受：PDF 文档、PNG 图片");
    assert_string_equal(err.message_en,
                        "a meeting material must be one of: PDF document, PNG image");

    struct content_in empty = {"", 0};
    assert_int_equal(content_check(&pdf_kind, &empty, &type, &err), ERR_BAD_REQUEST);
    char big[65];
    memset(big, ' ', sizeof(big));
    memcpy(big, PDF, strlen(PDF));
    struct content_in over = {big, sizeof(big)};
    assert_int_equal(content_check(&pdf_kind, &over, &type, &err), ERR_TOO_LARGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_digest_is_sha256),
        cmocka_unit_test_setup_teardown(test_put_then_get_round_trips, node_setup, node_teardown),
        cmocka_unit_test_setup_teardown(test_get_refuses_altered_or_unknown, node_setup,
                                        node_teardown),
        cmocka_unit_test(test_type_is_read_from_the_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
