/*
 * Projection: applying an event to the query tables. The same function
 * serves the write path (event_record) and `probity rebuild`.
 */
#ifndef PROBITY_PROJECT_H
#define PROBITY_PROJECT_H

#include "store/store.h"

/* Applies the event seq of the given type and payload, and notes in
 * record_events which row it touched. ERR_INTEGRITY for an unknown type
 * or a payload that does not fit. */
MUST_CHECK enum err_code project_apply(
    struct store_conn *c, int64_t seq, const char *type, const json_t *payload, struct err *err);

#endif
