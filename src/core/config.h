/*
 * Build-wide configuration: feature-test macros and compiler attributes.
 * Every .c file includes this header first (directly or through another
 * core header), so the POSIX level is set in exactly one place.
 */
#ifndef PROBITY_CONFIG_H
#define PROBITY_CONFIG_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#define PROBITY_VERSION "0.1.0"

/* Fallible functions: the caller must look at the result. */
#define MUST_CHECK __attribute__((warn_unused_result))
/* printf-style format checking; fmt is the 1-based index of the format. */
#define PRINTF_LIKE(fmt, args) __attribute__((format(printf, fmt, args)))
/* A function that does not return. */
#define NORETURN __attribute__((noreturn))
/* A function a file may define and not call (accessors made by a macro). */
#define MAYBE_UNUSED __attribute__((unused))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
