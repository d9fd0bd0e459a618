/*
 * Projection: applying an event to the query tables. The same function
 * serves the write path (event_record) and `probity rebuild`.
 */
#ifndef PROBITY_PROJECT_H
#define PROBITY_PROJECT_H

#include "store/store.h"

/* Applies the event of the given type and payload. ERR_INTEGRITY for an
 * unknown type or a payload that does not fit. */
MUST_CHECK enum err_code
project_apply(struct store_conn *c, const char *type, const json_t *payload, struct err *err);

#endif
