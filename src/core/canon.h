/*
 * The canonical JSON encoder: the only source of bytes that are hashed or
 * signed (event records, log leaves). Object keys are sorted by their UTF-8
 * bytes (the same order as by code point), there is no insignificant
 * whitespace, strings are UTF-8 with only '"', '\\' and control characters
 * escaped (\b \f \n \r \t short forms, others as \u00xx), and numbers are
 * integers only: a real number is refused. See docs/events.md.
 */
#ifndef PROBITY_CANON_H
#define PROBITY_CANON_H

#include "core/buf.h"
#include "core/err.h"

#include <jansson.h>

/* Deepest nesting of arrays and objects accepted. */
#define CANON_MAX_DEPTH 32

/* Appends the canonical encoding of v to out. ERR_INVALID (field names the
 * offending key) for a real number or nesting past CANON_MAX_DEPTH;
 * ERR_TOO_LARGE past out's maximum. out may hold a partial encoding after
 * a failure. */
MUST_CHECK enum err_code canon_encode(const json_t *v, struct buf *out, struct err *err);

#endif
