/*
 * The rulebook's stored versions: the city's complete documents and each
 * township's overrides (table rulebooks, events "rulebook.created"), the
 * version in force at an instant (merged for a township), the reference a
 * decision records ({"version","city_version","township","digest"}) and
 * reloading exactly that version later, so that a change of rulebook is
 * never retroactive. Until the city stores a version, the built-in default
 * (rules/default_rulebook.c) is version 1. See docs/decisions.md.
 */
#ifndef PROBITY_RULEBOOKS_H
#define PROBITY_RULEBOOKS_H

#include "areas/org/org.h"
#include "core/page.h"
#include "record/command.h"
#include "record/query.h"
#include "record/row.h"
#include "rules/procedure.h"
#include "rules/rulebook.h"
#include "rules/verdict.h"

extern const struct entity rulebooks_entity;

/* A small cache of parsed rulebooks for long runs of commands (the demo
 * loader); free with rulebooks_cache_free (NULL is a no-op). */
struct rulebooks_cache *rulebooks_cache_new(void);
void rulebooks_cache_free(struct rulebooks_cache *cache);

/*
 * The rulebook in force for township (NULL: the city's) at at_ms: the
 * township's override in force then, merged over the city's version in
 * force then, or the city's alone. Fills *out (caller's storage) and, when
 * ref is not NULL, sets *ref to a new reference object for the record.
 * ERR_INTEGRITY when a stored document no longer parses.
 */
MUST_CHECK enum err_code rulebooks_in_force(const struct ctx *x,
                                            const char *township,
                                            int64_t at_ms,
                                            struct rulebook *out,
                                            json_t **ref,
                                            struct err *err);
/*
 * Reloads the rulebook a decision recorded (ref borrowed, as made by
 * rulebooks_in_force) into *out, and checks that its digest is the one
 * recorded (ERR_INTEGRITY otherwise).
 */
MUST_CHECK enum err_code
rulebooks_load(const struct ctx *x, const json_t *ref, struct rulebook *out, struct err *err);

/*
 * GET /rulebook: the rulebook in force now for township (NULL: the city)
 * and the history of versions (the city's, then the township's), as a new
 * object {"township","in_force":{"version","city_version","township",
 * "digest","effective_from","built_in","document"},"history":[row...]}.
 * ERR_NOT_FOUND for an unknown township.
 */
MUST_CHECK enum err_code
rulebooks_get(const struct ctx *x, const char *township, json_t **out, struct err *err);

/*
 * POST /rulebook (policy rulebook.admin): input {"document": a complete
 * city document, or a township override (with "township"), "dry_run":
 * bool}. The change is checked by rulebook_check_change (the next version
 * of its scope, never retroactive: effective_from not before now); a
 * township's first override counts as version 1 over the city's. With
 * dry_run nothing is written and *result is {"dry_run":true,"diff",
 * "document","digest"} (*wrote false); otherwise one "rulebook.created"
 * event is recorded and *result is {"item","event","diff"}. Errors:
 * ERR_INVALID (with the JSON path), ERR_CONFLICT with the rule id
 * (rulebook.version, rulebook.scope, rulebook.retroactive), ERR_NOT_FOUND
 * (township), ERR_FORBIDDEN.
 */
extern const struct command rulebook_change_command;

/* The area's declared queries (record/query.h). */
extern const struct query rulebook_get_query;

#endif
