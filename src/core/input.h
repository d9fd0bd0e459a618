/*
 * Validation of JSON input (request bodies, CLI and demo documents): parse
 * under limits, refuse unknown fields, and read typed fields with a clear
 * error naming the field. Every reader leaves *out untouched on failure.
 */
#ifndef PROBITY_INPUT_H
#define PROBITY_INPUT_H

#include "core/err.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* Deepest nesting accepted in input documents. */
#define INPUT_MAX_DEPTH 16

enum input_flags {
    INPUT_OPTIONAL = 0, /* absent is fine: *out is left as the caller set it */
    INPUT_REQUIRED = 1, /* absent (or null) is ERR_INVALID */
    INPUT_NULLABLE = 2, /* an explicit null is accepted: *out becomes NULL */
};

/* Parses len bytes of JSON that must be an object (duplicate keys, nesting
 * past INPUT_MAX_DEPTH and trailing bytes refused) into a new reference
 * *out (json_decref it). ERR_BAD_REQUEST with the parser's message. */
MUST_CHECK enum err_code input_parse(const char *data, size_t len, json_t **out, struct err *err);
/* ERR_INVALID naming the first key of obj not in the NULL-terminated list. */
MUST_CHECK enum err_code input_only(const json_t *obj, const char *const *allowed, struct err *err);
/* True when obj has key (even with a null value). */
bool input_has(const json_t *obj, const char *key);
/* A string of 1..max_chars characters after trimming spaces, with no
 * control characters. *out is borrowed from obj. */
MUST_CHECK enum err_code input_text(const json_t *obj,
                                    const char *key,
                                    int flags,
                                    size_t max_chars,
                                    const char **out,
                                    struct err *err);
/* A string that is one of the NULL-terminated values. */
MUST_CHECK enum err_code input_enum(const json_t *obj,
                                    const char *key,
                                    int flags,
                                    const char *const *values,
                                    const char **out,
                                    struct err *err);
/* An integer in [min, max]. With INPUT_NULLABLE a null leaves *out as it is. */
MUST_CHECK enum err_code input_int(const json_t *obj,
                                   const char *key,
                                   int flags,
                                   int64_t min,
                                   int64_t max,
                                   int64_t *out,
                                   struct err *err);
/* A calendar date "YYYY-MM-DD" from 1900-01-01 to 2999-12-31; with
 * INPUT_NULLABLE, null gives *out NULL. */
MUST_CHECK enum err_code
input_date(const json_t *obj, const char *key, int flags, const char **out, struct err *err);
/* Number of Unicode characters in UTF-8 text s (jansson guarantees valid
 * UTF-8 for its strings). */
size_t input_utf8_chars(const char *s);
/* True when s is an identifier slug: 2..40 of [a-z0-9_-], starting with a
 * letter. */
bool input_is_slug(const char *s);

#endif
