/*
 * Internal to src/rules/: what the rulebook's readers share (rulebook.c,
 * rulebook_procurement.c): JSON paths for errors, and typed readers that
 * name the path of what they refuse. See rulebook.h.
 */
#ifndef PROBITY_RULEBOOK_READ_H
#define PROBITY_RULEBOOK_READ_H

#include "rules/rulebook.h"

/* Longest dotted JSON path built here (err->field keeps ERR_FIELD_MAX-1). */
#define RULEBOOK_PATH_LEN 128

/* The object obj[key] into *out, its path ("parent.key") in sub, with no
 * key but those of allowed (NULL: any): ERR_INVALID naming the path. */
MUST_CHECK enum err_code rulebook__read_object(const json_t *obj,
                                               const char *parent,
                                               const char *key,
                                               const char *const *allowed,
                                               char sub[RULEBOOK_PATH_LEN],
                                               const json_t **out,
                                               struct err *err);
/* The integer obj[key] in [min, max] into *out: ERR_INVALID naming its
 * path ("parent.key") otherwise. */
MUST_CHECK enum err_code rulebook__read_int(const json_t *obj,
                                            const char *parent,
                                            const char *key,
                                            int64_t min,
                                            int64_t max,
                                            int64_t *out,
                                            struct err *err);

/* rulebook_procurement.c: the document's "procurement" into out (the
 * seed's when it has none), and whether p is the seed's (the document
 * then leaves it out). */
MUST_CHECK enum err_code
rulebook__read_procurement(const json_t *doc, struct rule_procurement *out, struct err *err);
bool rulebook__procurement_is_seed(const struct rule_procurement *p);

#endif
