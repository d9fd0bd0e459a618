/*
 * The security log: one JSON object per line on stderr for each event an
 * operator or an auditor must be able to find afterwards (failed and
 * throttled sign-ins, refusals, server errors), beside the diagnostics'
 * text lines. Every line is {"time", "log": "security", "event", ...the
 * event's fields}; the fields never hold a password, a token, a cookie or
 * a request body. The events and their fields are listed in
 * docs/security.md, "Security log".
 *
 * THREAD SAFETY: lines from different threads are never interleaved.
 */
#ifndef PROBITY_SECLOG_H
#define PROBITY_SECLOG_H

#include <jansson.h>

/* Writes the event with fields (taken; NULL for none). */
void seclog(const char *event, json_t *fields);

#endif
