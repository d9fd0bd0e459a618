/*
 * Allocation that cannot fail: out of memory aborts the process with the
 * file and line of the call (the Fossil/Redis/h2o policy). No code path in
 * probity carries ENOMEM. See docs/architecture.md, "Memory".
 */
#ifndef PROBITY_ALLOC_H
#define PROBITY_ALLOC_H

#include "core/config.h"

#include <stddef.h>

/* Returns n bytes (n may be 0); never NULL. Free with xfree. */
#define xmalloc(n) alloc_malloc((n), __FILE__, __LINE__)
/* Returns zeroed storage for count*size bytes, checking the product. */
#define xcalloc(count, size) alloc_calloc((count), (size), __FILE__, __LINE__)
/* Resizes p (which may be NULL) to n bytes; never NULL. */
#define xrealloc(p, n) alloc_realloc((p), (n), __FILE__, __LINE__)
/* Returns a new copy of the NUL-terminated string s (NULL gives NULL). */
#define xstrdup(s) alloc_strdup((s), __FILE__, __LINE__)
/* Returns a new NUL-terminated copy of the n bytes at s. */
#define xstrndup(s, n) alloc_strndup((s), (n), __FILE__, __LINE__)

void *alloc_malloc(size_t n, const char *file, int line);
void *alloc_calloc(size_t count, size_t size, const char *file, int line);
void *alloc_realloc(void *p, size_t n, const char *file, int line);
char *alloc_strdup(const char *s, const char *file, int line);
char *alloc_strndup(const char *s, size_t n, const char *file, int line);
/* Releases memory from the functions above; NULL is a no-op. */
void xfree(void *p);
/* Routes jansson's allocations through these functions. Call once at start. */
void alloc_install_json(void);

#endif
