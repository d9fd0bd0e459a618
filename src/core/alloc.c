/*
 * Abort-on-OOM allocators: the only file (with arena.c) that calls malloc
 * and free directly. See alloc.h.
 */
#include "core/alloc.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

NORETURN static void oom(size_t n, const char *file, int line)
{
    fprintf(stderr, "probity: out of memory allocating %zu bytes at %s:%d\n", n, file, line);
    abort();
}

void *alloc_malloc(size_t n, const char *file, int line)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL) {
        oom(n, file, line);
    }
    return p;
}

void *alloc_calloc(size_t count, size_t size, const char *file, int line)
{
    if (size != 0 && count > SIZE_MAX / size) {
        oom(SIZE_MAX, file, line);
    }
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (p == NULL) {
        oom(count * size, file, line);
    }
    return p;
}

void *alloc_realloc(void *p, size_t n, const char *file, int line)
{
    void *q = realloc(p, n ? n : 1);
    if (q == NULL) {
        oom(n, file, line);
    }
    return q;
}

char *alloc_strndup(const char *s, size_t n, const char *file, int line)
{
    char *copy = alloc_malloc(n + 1, file, line);
    memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

char *alloc_strdup(const char *s, const char *file, int line)
{
    if (s == NULL) {
        return NULL;
    }
    return alloc_strndup(s, strlen(s), file, line);
}

void xfree(void *p)
{
    free(p);
}

static void *json_malloc(size_t n)
{
    return alloc_malloc(n, "jansson", 0);
}

void alloc_install_json(void)
{
    json_set_alloc_funcs(json_malloc, xfree);
}
