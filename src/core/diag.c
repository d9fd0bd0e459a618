/*
 * Diagnostic lines on stderr. See diag.h.
 */
#include "core/diag.h"

#include "core/utc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum diag_level diag_threshold = DIAG_INFO;

static const char *const diag_names[] = {"debug", "info", "warn", "error"};

void diag_set_threshold_from_env(void)
{
    const char *v = getenv("PROBITY_LOG");
    if (v == NULL) {
        return;
    }
    for (size_t i = 0; i < ARRAY_SIZE(diag_names); i++) {
        if (strcmp(v, diag_names[i]) == 0) {
            diag_threshold = (enum diag_level)i;
        }
    }
}

void diag_write(enum diag_level level, const char *module, const char *fmt, ...)
{
    char now[UTC_TEXT_MAX];
    utc_format(utc_now_ms(), now);
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(line, sizeof(line), fmt, ap);
#pragma GCC diagnostic pop
    va_end(ap);
    /* One fprintf call per line keeps lines from different threads whole. */
    fprintf(stderr, "%s %s %s %s\n", now, diag_names[level], module, line);
}

void diag_fatal_at(const char *file, int line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(msg, sizeof(msg), fmt, ap);
#pragma GCC diagnostic pop
    va_end(ap);
    fprintf(stderr, "probity: fatal: %s (%s:%d)\n", msg, file, line);
    abort();
}
