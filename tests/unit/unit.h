/*
 * Helpers shared by the unit tests: library set-up, temporary folders
 * (under $TMPDIR or /tmp, removed afterwards) and JSON literals. Each
 * test_<module>.c includes this header after cmocka's prerequisites.
 */
#ifndef PROBITY_UNIT_H
#define PROBITY_UNIT_H

#include "core/alloc.h"

#include <dirent.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define UNIT_PATH_MAX 4096

/* Routes jansson through the project's allocators and starts libsodium;
 * for use as a cmocka group setup. */
static inline int unit_group_setup(void **state)
{
    (void)state;
    alloc_install_json();
    return sodium_init() < 0 ? -1 : 0;
}

/* Creates a new empty folder "<TMPDIR or /tmp>/probity-unit-XXXXXX" and
 * writes its path into out; aborts the test on failure. */
static inline void unit_make_tmpdir(char out[UNIT_PATH_MAX])
{
    const char *base = getenv("TMPDIR");
    if (base == NULL || base[0] == '\0') {
        base = "/tmp";
    }
    int n = snprintf(out, UNIT_PATH_MAX, "%s/probity-unit-XXXXXX", base);
    if (n < 0 || n >= UNIT_PATH_MAX || mkdtemp(out) == NULL) {
        fprintf(stderr, "cannot create a temporary folder under %s\n", base);
        abort();
    }
}

/* Writes "dir/name" into out. */
static inline void unit_path(char out[UNIT_PATH_MAX], const char *dir, const char *name)
{
    int n = snprintf(out, UNIT_PATH_MAX, "%s/%s", dir, name);
    if (n < 0 || n >= UNIT_PATH_MAX) {
        abort();
    }
}

/* Removes path and, for a folder, everything under it. */
static inline void unit_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d != NULL && (e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
                char child[UNIT_PATH_MAX];
                unit_path(child, path, e->d_name);
                unit_remove_tree(child);
            }
        }
        if (d != NULL) {
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* Parses a JSON literal written in a test; aborts when it is malformed.
 * Returns a new reference. */
static inline json_t *unit_json(const char *text)
{
    json_error_t jerr;
    json_t *v = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
    if (v == NULL) {
        fprintf(stderr, "bad JSON in a test: %s: %s\n", text, jerr.text);
        abort();
    }
    return v;
}

#endif
