/*
 * Unit tests of static file resolution for the web app (http/static.h)
 * over a temporary web folder: the index for "/", immutable caching of
 * /assets/, the index as fallback for the app's own extension-less routes,
 * refusal of missing files, dot segments, hidden files and backslashes,
 * MIME types, and the compressed copy the client accepts (http/encoding.h:
 * Accept-Encoding read, gzip made with zlib).
 */
#include "http/encoding.h"
#include "http/static.h"

#include <zlib.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "unit.h"

#define IMMUTABLE "public, max-age=31536000, immutable"
#define HTML      "text/html; charset=utf-8"

struct web {
    char dir[UNIT_PATH_MAX];
};

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[UNIT_PATH_MAX];
    unit_path(path, dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup_web(void **state)
{
    struct web *w = xcalloc(1, sizeof(*w));
    char sub[UNIT_PATH_MAX];
    unit_make_tmpdir(w->dir);
    write_file(w->dir, "index.html", "<!doctype html>");
    write_file(w->dir, "favicon.ico", "ico");
    write_file(w->dir, "robots.txt", "User-agent: *");
    write_file(w->dir, ".hidden", "secret");
    write_file(w->dir, "manifest.webmanifest", "{}");
    unit_path(sub, w->dir, "assets");
    assert_int_equal(mkdir(sub, 0700), 0);
    write_file(w->dir, "assets/app-3f2a1b.js", "console.log(1)");
    write_file(w->dir, "assets/app-3f2a1b.css", "body{}");
    write_file(w->dir, "assets/font.woff2", "font");
    unit_path(sub, w->dir, "assets/dir.js");
    assert_int_equal(mkdir(sub, 0700), 0);
    *state = w;
    return 0;
}

static int teardown_web(void **state)
{
    struct web *w = *state;
    unit_remove_tree(w->dir);
    xfree(w);
    return 0;
}

/* Asserts that url resolves to dir/file with the MIME type and cache. */
static void assert_serves(
    const struct web *w, const char *url, const char *file, const char *mime, const char *cache)
{
    struct static_file out;
    char want[UNIT_PATH_MAX];
    memset(&out, 0, sizeof(out));
    if (!static_resolve(w->dir, url, 0, &out)) {
        fail_msg("%s was refused", url);
    }
    unit_path(want, w->dir, file);
    assert_string_equal(out.path, want);
    assert_string_equal(out.mime, mime);
    assert_string_equal(out.cache, cache);
}

static void assert_refused(const struct web *w, const char *url)
{
    struct static_file out;
    memset(&out, 0, sizeof(out));
    if (static_resolve(w->dir, url, 0, &out)) {
        fail_msg("%s was served as %s", url, out.path);
    }
}

static void test_static_root_serves_the_index_without_caching(void **state)
{
    const struct web *w = *state;
    assert_serves(w, "/", "index.html", HTML, "no-cache");
    assert_serves(w, "/index.html", "index.html", HTML, "no-cache");
}

static void test_static_assets_are_cached_as_immutable(void **state)
{
    const struct web *w = *state;
    assert_serves(w, "/assets/app-3f2a1b.js", "assets/app-3f2a1b.js",
                  "text/javascript; charset=utf-8", IMMUTABLE);
    assert_serves(w, "/assets/app-3f2a1b.css", "assets/app-3f2a1b.css", "text/css; charset=utf-8",
                  IMMUTABLE);
    assert_serves(w, "/assets/font.woff2", "assets/font.woff2", "font/woff2", IMMUTABLE);
}

static void test_static_other_files_are_revalidated(void **state)
{
    const struct web *w = *state;
    assert_serves(w, "/favicon.ico", "favicon.ico", "image/x-icon", "no-cache");
    assert_serves(w, "/robots.txt", "robots.txt", "text/plain; charset=utf-8", "no-cache");
    assert_serves(w, "/manifest.webmanifest", "manifest.webmanifest", "application/manifest+json",
                  "no-cache");
}

static void test_static_app_routes_fall_back_to_the_index(void **state)
{
    const struct web *w = *state;
    assert_serves(w, "/townships", "index.html", HTML, "no-cache");
    assert_serves(w, "/townships/diankou", "index.html", HTML, "no-cache");
    assert_serves(w, "/townships/diankou/people/3", "index.html", HTML, "no-cache");
    assert_serves(w, "/v1.2/page", "index.html", HTML, "no-cache");
    /* A folder is not a file: its path is an app route too. */
    assert_serves(w, "/assets", "index.html", HTML, "no-cache");
    assert_serves(w, "/assets/unknown-route", "index.html", HTML, "no-cache");
    /* A dot of another kind than a file type's: a log origin in a route. */
    assert_serves(w, "/monitor/nodes/probity.example", "index.html", HTML, "no-cache");
    assert_serves(w, "/monitor/nodes/zhuji.example/diankou", "index.html", HTML, "no-cache");
}

static void test_static_missing_files_with_an_extension_are_not_found(void **state)
{
    const struct web *w = *state;
    assert_refused(w, "/assets/missing.js");
    assert_refused(w, "/missing.png");
    assert_refused(w, "/townships/diankou.json");
    /* A folder named like a file is not served either. */
    assert_refused(w, "/assets/dir.js");
}

static void test_static_refuses_dot_segments_and_hidden_files(void **state)
{
    const struct web *w = *state;
    assert_refused(w, "/..");
    assert_refused(w, "/../etc/passwd");
    assert_refused(w, "/assets/../index.html");
    assert_refused(w, "/assets/./app-3f2a1b.js");
    assert_refused(w, "/./index.html");
    assert_refused(w, "/.hidden");
    assert_refused(w, "/assets/.hidden");
    assert_refused(w, "/.git/config");
    assert_refused(w, "/townships/..");
}

static void test_static_refuses_backslashes_and_relative_urls(void **state)
{
    const struct web *w = *state;
    assert_refused(w, "/assets\\app-3f2a1b.js");
    assert_refused(w, "/..\\index.html");
    assert_refused(w, "\\index.html");
    assert_refused(w, "index.html");
    assert_refused(w, "");
}

static void test_static_refuses_urls_too_long_for_a_path(void **state)
{
    const struct web *w = *state;
    char url[6000];
    memset(url, 'a', sizeof(url) - 1);
    url[0] = '/';
    url[sizeof(url) - 1] = '\0';
    assert_refused(w, url);
    memcpy(url + sizeof(url) - 4, ".js", 4);
    assert_refused(w, url);
}

static void test_static_without_web_folder_serves_nothing(void **state)
{
    (void)state;
    struct static_file out;
    assert_false(static_resolve(NULL, "/", 0, &out));
}

static void test_static_without_index_serves_no_app_routes(void **state)
{
    (void)state;
    char dir[UNIT_PATH_MAX];
    struct static_file out;
    unit_make_tmpdir(dir);
    write_file(dir, "app.js", "1");
    assert_false(static_resolve(dir, "/", 0, &out));
    assert_false(static_resolve(dir, "/townships", 0, &out));
    assert_true(static_resolve(dir, "/app.js", 0, &out));
    unit_remove_tree(dir);
}

static void test_static_serves_the_compressed_copy_the_client_accepts(void **state)
{
    (void)state;
    char dir[UNIT_PATH_MAX], want[UNIT_PATH_MAX];
    struct static_file out;
    unit_make_tmpdir(dir);
    write_file(dir, "index.html", "<!doctype html>");
    write_file(dir, "index.html.gz", "gz");
    write_file(dir, "app.js", "1");
    write_file(dir, "app.js.gz", "gz");
    write_file(dir, "app.js.br", "br");
    write_file(dir, "logo.png", "png");
    write_file(dir, "logo.png.gz", "gz");

    assert_true(static_resolve(dir, "/app.js", ENCODING_GZIP | ENCODING_BR, &out));
    unit_path(want, dir, "app.js.br");
    assert_string_equal(out.path, want);
    assert_string_equal(out.encoding, "br");
    assert_true(out.compressible);
    assert_string_equal(out.mime, "text/javascript; charset=utf-8");
    assert_true(static_resolve(dir, "/app.js", ENCODING_GZIP, &out));
    unit_path(want, dir, "app.js.gz");
    assert_string_equal(out.path, want);
    assert_string_equal(out.encoding, "gzip");
    assert_true(static_resolve(dir, "/app.js", 0, &out));
    unit_path(want, dir, "app.js");
    assert_string_equal(out.path, want);
    assert_null(out.encoding);
    /* An app route gets the index's copy; a file with no copy is itself. */
    assert_true(static_resolve(dir, "/townships/diankou", ENCODING_BR | ENCODING_GZIP, &out));
    unit_path(want, dir, "index.html.gz");
    assert_string_equal(out.path, want);
    assert_string_equal(out.mime, "text/html; charset=utf-8");
    /* Images are not compressed again. */
    assert_true(static_resolve(dir, "/logo.png", ENCODING_GZIP, &out));
    assert_null(out.encoding);
    assert_false(out.compressible);
    /* A copy is never asked for by name. */
    assert_false(static_resolve(dir, "/app.js.br", ENCODING_BR, &out) && out.encoding != NULL);
    unit_remove_tree(dir);
}

static void test_encoding_accepted_reads_accept_encoding(void **state)
{
    (void)state;
    assert_int_equal(encoding_accepted(NULL), 0);
    assert_int_equal(encoding_accepted(""), 0);
    assert_int_equal(encoding_accepted("gzip, deflate, br, zstd"), ENCODING_GZIP | ENCODING_BR);
    assert_int_equal(encoding_accepted("GZIP"), ENCODING_GZIP);
    assert_int_equal(encoding_accepted("deflate"), 0);
    assert_int_equal(encoding_accepted("br;q=1.0, gzip;q=0.5"), ENCODING_GZIP | ENCODING_BR);
    assert_int_equal(encoding_accepted("br;q=0, gzip"), ENCODING_GZIP);
    assert_int_equal(encoding_accepted("gzip;q=0.000"), 0);
    assert_int_equal(encoding_accepted("gzip;q=0.001"), ENCODING_GZIP);
    assert_int_equal(encoding_accepted("*"), ENCODING_GZIP | ENCODING_BR);
    assert_int_equal(encoding_accepted("*, br;q=0"), ENCODING_GZIP);
    assert_int_equal(encoding_accepted("identity, *;q=0"), 0);
    assert_int_equal(encoding_accepted("gzipx, xbr"), 0);
}

static void test_encoding_gzip_round_trips(void **state)
{
    (void)state;
    char text[4096];
    for (size_t i = 0; i < sizeof(text); i++) {
        text[i] = (char)('a' + (i * 7 % 26));
    }
    char *packed = NULL;
    size_t n = 0;
    assert_true(encoding_gzip(text, sizeof(text), &packed, &n));
    assert_true(n < sizeof(text) / 4);
    assert_int_equal((unsigned char)packed[0], 0x1f); /* the gzip magic */
    assert_int_equal((unsigned char)packed[1], 0x8b);
    char back[sizeof(text)];
    z_stream z;
    memset(&z, 0, sizeof(z));
    assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
    z.next_in = (Bytef *)packed;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)back;
    z.avail_out = sizeof(back);
    assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
    assert_int_equal(z.total_out, sizeof(text));
    inflateEnd(&z);
    assert_memory_equal(back, text, sizeof(text));
    xfree(packed);
}

static void test_static_mime_types_by_extension(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"index.html", "text/html; charset=utf-8"},
        {"app.js", "text/javascript; charset=utf-8"},
        {"mod.mjs", "text/javascript; charset=utf-8"},
        {"style.css", "text/css; charset=utf-8"},
        {"data.json", "application/json"},
        {"app.js.map", "application/json"},
        {"logo.svg", "image/svg+xml"},
        {"logo.png", "image/png"},
        {"photo.jpg", "image/jpeg"},
        {"favicon.ico", "image/x-icon"},
        {"f.woff", "font/woff"},
        {"f.woff2", "font/woff2"},
        {"f.ttf", "font/ttf"},
        {"robots.txt", "text/plain; charset=utf-8"},
        {"site.webmanifest", "application/manifest+json"},
        {"/assets/a.b.c.css", "text/css; charset=utf-8"},
        {"README", "application/octet-stream"},
        {"archive.tar.gz", "application/octet-stream"},
        {"tool.exe", "application/octet-stream"},
        {"noext.", "application/octet-stream"},
        {"", "application/octet-stream"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_string_equal(static_mime(cases[i][0]), cases[i][1]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_static_root_serves_the_index_without_caching),
        cmocka_unit_test(test_static_assets_are_cached_as_immutable),
        cmocka_unit_test(test_static_other_files_are_revalidated),
        cmocka_unit_test(test_static_app_routes_fall_back_to_the_index),
        cmocka_unit_test(test_static_missing_files_with_an_extension_are_not_found),
        cmocka_unit_test(test_static_refuses_dot_segments_and_hidden_files),
        cmocka_unit_test(test_static_refuses_backslashes_and_relative_urls),
        cmocka_unit_test(test_static_refuses_urls_too_long_for_a_path),
        cmocka_unit_test(test_static_without_web_folder_serves_nothing),
        cmocka_unit_test(test_static_without_index_serves_no_app_routes),
        cmocka_unit_test(test_static_mime_types_by_extension),
        cmocka_unit_test(test_static_serves_the_compressed_copy_the_client_accepts),
        cmocka_unit_test(test_encoding_accepted_reads_accept_encoding),
        cmocka_unit_test(test_encoding_gzip_round_trips),
    };
    return cmocka_run_group_tests(tests, setup_web, teardown_web);
}
