/*
 * Internal to the procurement area (src/areas/procurement/): the choices
 * of its enumerations, its column lists and what its files share. See
 * procurement.h.
 */
#ifndef PROBITY_PROCUREMENT_INTERNAL_H
#define PROBITY_PROCUREMENT_INTERNAL_H

#include "areas/procurement/procurement.h"
#include "rules/rulebook.h"

/* The kinds, methods and statuses of a project, with their labels, in
 * the rulebook's order (rulebook_procurement_kinds, _methods). */
extern const struct choice project_kinds[];
extern const struct choice project_methods[];
extern const struct choice project_statuses[];

/* A project's statuses in the order its steps reach them
 * (project_statuses). */
enum project_status {
    PROJECT_REGISTERED,
    PROJECT_DESIGN_APPROVED,
    PROJECT_PRICE_REVIEWED,
    PROJECT_TENDERING,
    PROJECT_OPENED,
};

#define PROJECT_COLUMNS ENTITY_COLUMNS(PROJECT_ROW)
#define BIDDER_COLUMNS  ENTITY_COLUMNS(BIDDER_ROW)

/* The project's method and kind as the rulebook numbers them (row as
 * loaded; the table's CHECK admits no other value). */
enum procurement_method project_method(const json_t *row);
enum procurement_kind project_kind(const json_t *row);

/* Loads project id's row (decoded); ERR_NOT_FOUND on field "id". */
MUST_CHECK enum err_code
project_load(struct store_conn *c, int64_t id, json_t **row, struct err *err);

/* Refuses unless row (a project) is at status: before it, naming the
 * first step missing (procedure.design_first, .control_price_first,
 * .tender_first); past it, procedure.step_done or, once opened,
 * procedure.bids_opened. */
MUST_CHECK enum err_code project_at(const json_t *row, enum project_status status, struct err *err);
/* Loads project a->id into *row for the step that brings it to step,
 * refused unless it is at the status just before. */
MUST_CHECK enum err_code project_step(const struct ctx *x,
                                      const struct args *a,
                                      enum project_status step,
                                      json_t **row,
                                      struct err *err);
/* Records row (borrowed) at status step and answers with it. */
MUST_CHECK enum err_code project_record_step(
    const struct ctx *x, json_t *row, enum project_status step, json_t **result, struct err *err);

/* The commands of project.c and tender.c, bidder.c; the queries of read.c. */
extern const struct command project_create_command;
extern const struct command project_design_command;
extern const struct command project_price_command;
extern const struct command project_tender_command;
extern const struct command bid_submit_command;
extern const struct command project_opening_command;
extern const struct command bidder_create_command;
extern const struct command bidder_update_command;
extern const struct query project_list_query;
extern const struct query project_get_query;
extern const struct query bidder_list_query;

#endif
