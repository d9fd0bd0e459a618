/*
 * Internal to the procurement area (src/areas/procurement/): the choices
 * of its enumerations, its column lists and what its files share. See
 * procurement.h.
 */
#ifndef PROBITY_PROCUREMENT_INTERNAL_H
#define PROBITY_PROCUREMENT_INTERNAL_H

#include "areas/procurement/procurement.h"
#include "rules/red_flags.h"
#include "rules/rulebook.h"

/* The kinds, methods and statuses of a project, with their labels, in
 * the rulebook's order (rulebook_procurement_kinds, _methods). */
extern const struct choice project_kinds[];
extern const struct choice project_methods[];
extern const struct choice project_statuses[];
extern const struct choice red_flag_statuses[];

/* A project's statuses in the order its steps reach them
 * (project_statuses). */
enum project_status {
    PROJECT_REGISTERED,
    PROJECT_DESIGN_APPROVED,
    PROJECT_PRICE_REVIEWED,
    PROJECT_TENDERING,
    PROJECT_OPENED,
    PROJECT_EVALUATED,
    PROJECT_AWARDED,
    PROJECT_CONTRACTED,
    PROJECT_ACCEPTED,
    PROJECT_SETTLED,
};

#define PROJECT_COLUMNS ENTITY_COLUMNS(PROJECT_ROW)
#define BIDDER_COLUMNS  ENTITY_COLUMNS(BIDDER_ROW)

/* The project's method and kind as the rulebook numbers them (row as
 * loaded; the table's CHECK admits no other value). */
enum procurement_method project_method(const json_t *row);
enum procurement_kind project_kind(const json_t *row);

/* Refuses unless row (a project) is at status: before it, naming the
 * first step missing (procedure.design_first, .control_price_first,
 * .tender_first, ...); past it, procedure.step_done, or for the bids of a
 * tender procedure.bids_opened. */
MUST_CHECK enum err_code project_at(const json_t *row, enum project_status status, struct err *err);
/* Loads project a->id into *row for the step that brings it to step,
 * refused unless it is at the status just before. */
MUST_CHECK enum err_code project_step(const struct ctx *x,
                                      const struct args *a,
                                      enum project_status step,
                                      json_t **row,
                                      struct err *err);
/* Records row (borrowed) at status step and answers with it; before the
 * award its panel and bid review are sealed parts. */
MUST_CHECK enum err_code project_record_step(
    const struct ctx *x, json_t *row, enum project_status step, json_t **result, struct err *err);

/* The log indexes of the sealed parts of a project's records, for
 * project_publish: its bids' (the opening), its own (the award). */
#define PROJECT_SEALED_OF(entity, ids)                                                             \
    "SELECT re.seq FROM record_events re JOIN sealed_parts sp ON sp.seq = re.seq"                  \
    " WHERE re.entity = '" entity "' AND re.id IN (" ids ") ORDER BY re.seq"
#define PROJECT_BID_PARTS                                                                          \
    PROJECT_SEALED_OF("bid", "SELECT CAST(id AS TEXT) FROM bids WHERE project_id = ?")
#define PROJECT_OWN_PARTS PROJECT_SEALED_OF("project", "SELECT CAST(? AS TEXT)")
/* Publishes the sealed parts the query parts (one parameter: the
 * project's id) names, as the procedure of project row, after its step's
 * own record. */
MUST_CHECK enum err_code
project_publish(const struct ctx *x, const json_t *row, const char *parts, struct err *err);

/*
 * What stands behind the tender (or a direct purchase's contract) of
 * project row, under rb: whether its matter needs a collective decision
 * at the control price, and its passed resolution if any (the latest);
 * checked (rules_check_tender_authority), and the resolution's id set on
 * the row.
 */
MUST_CHECK enum err_code project_check_authority(const struct ctx *x,
                                                 const struct rulebook *rb,
                                                 json_t *row,
                                                 struct err *err);
/* An RFC 3339 time the row holds (written by utc_format) as ms; 0 when
 * none. */
int64_t project_time(const json_t *row, const char *key);

/* Refuses code unless it is a unified social credit code whose check
 * characters both check, naming field (bidder.c). */
MUST_CHECK enum err_code bidder_check_code(const char *code, const char *field, struct err *err);

/* A release of an OCDS package as probity's records (ocds_read.c): the
 * project's columns (ocid, title, kind, method, amounts, times and days
 * of the stages it reached), the organisations it names as bidder rows by
 * their party id, its bids ({"party", "price_fen", "submitted_at"}), the
 * award's supplier (a party id, borrowed from the release) and the
 * furthest status reached. */
struct ocds_project {
    json_t *project;
    json_t *parties;
    json_t *bids;
    const char *supplier;
    enum project_status status;
};
/* Reads release (the index-th of its package) into *out, to be freed
 * with ocds_project_free: ERR_INVALID naming where in the package
 * ("releases[0].tender.value") what is not as it should be. */
MUST_CHECK enum err_code
ocds_read_release(const json_t *release, size_t index, struct ocds_project *out, struct err *err);
void ocds_project_free(struct ocds_project *p);

/* True when the review of project row disqualified bid (red_flags.c). */
bool project_disqualified(const json_t *row, int64_t bid);

/* Appends project row's steps permitted now to next, those its reader
 * (x->who) may take, and those not permitted yet, with why, to blocked
 * (steps.c; record/steps.h). */
void project_next(const struct ctx *x, const json_t *row, json_t *next, json_t *blocked);

/*
 * The flags across projects for project row as its step records it
 * (across.c; rules/red_flags.h), under rb, each raised to raise: at its
 * award, flag.rotating_winners over the township's awards to the same
 * group of bidders; at a direct purchase's contract, flag.split_purchase
 * over its direct purchases from the same supplier or for the same
 * matter.
 */
MUST_CHECK enum err_code project_rotation(const struct ctx *x,
                                          const struct rulebook *rb,
                                          const json_t *row,
                                          rf_raise_fn raise,
                                          void *ctx,
                                          struct err *err);
MUST_CHECK enum err_code project_split(const struct ctx *x,
                                       const struct rulebook *rb,
                                       const json_t *row,
                                       rf_raise_fn raise,
                                       void *ctx,
                                       struct err *err);

/*
 * Scans project row (as it is about to be recorded) for the red flags of
 * step at (rules/red_flags.h) under the rulebook in force, and sets
 * target's "red_flags" to the rows they make (children of target's
 * record, sealed from the public log: red_flags.c); target unchanged when
 * none. changes_fen is the change orders' sum with the one being
 * recorded.
 */
MUST_CHECK enum err_code project_raise(const struct ctx *x,
                                       const json_t *row,
                                       enum red_flag_at at,
                                       int64_t changes_fen,
                                       json_t *target,
                                       struct err *err);
/* The same for every step up to last, as an import that brings a project
 * there at once. */
MUST_CHECK enum err_code project_raise_through(
    const struct ctx *x, const json_t *row, enum red_flag_at last, json_t *target, struct err *err);

#endif
