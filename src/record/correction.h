/*
 * Correcting a record: a mis-entered row (a statement, a ballot, an
 * expenditure) is corrected by a correcting record with its reason, never
 * erased. The row takes the new values and keeps, in its "corrections"
 * list (a JSON column), the values each correction replaced, the reason,
 * who recorded it and when. The row's ".updated" event is the correcting
 * record, linked to the original by the row's id; the original event stays
 * in the log as it was. See docs/decisions.md, "Correcting a record".
 */
#ifndef PROBITY_CORRECTION_H
#define PROBITY_CORRECTION_H

#include "record/command.h"

/* The reason every correction gives. */
#define F_CORRECTION_REASON                                                                        \
    F_TEXT("reason", FIELD_REQUIRED, 2000, "更正原因", "reason for the correction")

/*
 * Sets on row each field of names (NULL-terminated) that the input gives
 * with a value (not null) other than the row's, and appends to the row's
 * "corrections" the entry {"previous": {the values replaced}, "reason",
 * "by", "at"}. When the input changes nothing, ERR_INVALID naming the
 * first of names, and row is unchanged.
 */
MUST_CHECK enum err_code correction_apply(const struct ctx *x,
                                          json_t *row,
                                          const char *const *names,
                                          const struct args *a,
                                          struct err *err);

#endif
