/*
 * Operational diagnostics: one line per message on stderr with the UTC
 * time, level, module, message and key=value pairs. The level is tested
 * before the arguments are evaluated. Never log secrets or personal data.
 */
#ifndef PROBITY_DIAG_H
#define PROBITY_DIAG_H

#include "core/config.h"

enum diag_level { DIAG_DEBUG, DIAG_INFO, DIAG_WARN, DIAG_ERROR };

/* The least level that is printed; DIAG_INFO by default. Set once at start
 * (before threads), from PROBITY_LOG=debug|info|warn|error. */
extern enum diag_level diag_threshold;

void diag_set_threshold_from_env(void);
void diag_write(enum diag_level level, const char *module, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* Prints the message with file and line, then aborts. */
NORETURN void diag_fatal_at(const char *file, int line, const char *fmt, ...) PRINTF_LIKE(3, 4);

#define diag(level, module, ...)                                                                   \
    do {                                                                                           \
        if ((level) >= diag_threshold) {                                                           \
            diag_write((level), (module), __VA_ARGS__);                                            \
        }                                                                                          \
    } while (0)

#define diag_fatal(...) diag_fatal_at(__FILE__, __LINE__, __VA_ARGS__)

#endif
