/*
 * Works and purchases (工程项目与采购): a project starts from a matter,
 * the rulebook's thresholds decide its method, and its pre-control steps
 * (预控源: design approved, control price reviewed, tender published) are
 * taken in order; bidders are registered by their unified social credit
 * code; bids are sealed until the bids are opened. See
 * docs/procurement.md.
 */
#ifndef PROBITY_PROCUREMENT_H
#define PROBITY_PROCUREMENT_H

#include "record/area.h"

/* The columns of the projects table but id (record/entity.h, ENTITY). */
#define PROJECT_ROW(X)                                                                             \
    X(township_id, TEXT)                                                                           \
    X(matter_id, INT)                                                                              \
    X(title, TEXT)                                                                                 \
    X(kind, TEXT)                                                                                  \
    X(method, TEXT)                                                                                \
    X(amount_fen, INT)                                                                             \
    X(status, TEXT)                                                                                \
    X(design_approved_by, TEXT)                                                                    \
    X(design_approved_on, TEXT)                                                                    \
    X(control_price_fen, INT)                                                                      \
    X(price_reviewed_by, TEXT)                                                                     \
    X(price_reviewed_on, TEXT)                                                                     \
    X(resolution_id, INT)                                                                          \
    X(tender_published_at, TEXT)                                                                   \
    X(submission_deadline, TEXT)                                                                   \
    X(opening_at, TEXT)                                                                            \
    X(opened_at, TEXT)                                                                             \
    X(panel, JSON)                                                                                 \
    X(panel_seed, TEXT)                                                                            \
    X(panel_formed_at, TEXT)                                                                       \
    X(bid_review, JSON)                                                                            \
    X(evaluated_at, TEXT)                                                                          \
    X(awarded_bid_id, INT)                                                                         \
    X(supplier_id, INT)                                                                            \
    X(awarded_on, TEXT)                                                                            \
    X(award_verdicts, JSON)                                                                        \
    X(award_justification, TEXT)                                                                   \
    X(contract_price_fen, INT)                                                                     \
    X(contract_signed_on, TEXT)                                                                    \
    X(contract_starts_on, TEXT)                                                                    \
    X(contract_ends_on, TEXT)                                                                      \
    X(contract_verdicts, JSON)                                                                     \
    X(contract_justification, TEXT)                                                                \
    X(accepted_on, TEXT)                                                                           \
    X(acceptance, JSON)                                                                            \
    X(settlement_fen, INT)                                                                         \
    X(settled_on, TEXT)                                                                            \
    X(settlement_audited_by, TEXT)                                                                 \
    X(rulebook, JSON)                                                                              \
    X(verdicts, JSON)                                                                              \
    X(justification, TEXT)                                                                         \
    X(recorded_by, TEXT)                                                                           \
    X(created, TEXT)                                                                               \
    X(updated, TEXT)                                                                               \
    X(ocid, TEXT)                                                                                  \
    X(imported_from, TEXT)

/* The columns of the bidders table but id. */
#define BIDDER_ROW(X)                                                                              \
    X(township_id, TEXT)                                                                           \
    X(name, TEXT)                                                                                  \
    X(registration_no, TEXT)                                                                       \
    X(legal_representative, TEXT)                                                                  \
    X(contact_name, TEXT)                                                                          \
    X(phone, TEXT)                                                                                 \
    X(address, TEXT)                                                                               \
    X(bank_account, TEXT)                                                                          \
    X(relations, JSON)                                                                             \
    X(created, TEXT)                                                                               \
    X(updated, TEXT)

/* The columns of the bids table but id; bidder_id, price_fen and summary
 * are the bid's sealed part. */
#define BID_ROW(X)                                                                                 \
    X(project_id, INT)                                                                             \
    X(township_id, TEXT)                                                                           \
    X(submitted_at, TEXT)                                                                          \
    X(bidder_id, INT)                                                                              \
    X(price_fen, INT)                                                                              \
    X(summary, TEXT)                                                                               \
    X(recorded_by, TEXT)

/* The columns of the evaluators table but id. */
#define EVALUATOR_ROW(X)                                                                           \
    X(township_id, TEXT)                                                                           \
    X(name, TEXT)                                                                                  \
    X(employer, TEXT)                                                                              \
    X(specialty, TEXT)                                                                             \
    X(person_id, INT)                                                                              \
    X(active, INT)                                                                                 \
    X(created, TEXT)                                                                               \
    X(updated, TEXT)

/* The columns of the change_orders table but id. */
#define CHANGE_ORDER_ROW(X)                                                                        \
    X(project_id, INT)                                                                             \
    X(township_id, TEXT)                                                                           \
    X(delta_fen, INT)                                                                              \
    X(reason, TEXT)                                                                                \
    X(approved_by, TEXT)                                                                           \
    X(approved_on, TEXT)                                                                           \
    X(recorded_by, TEXT)                                                                           \
    X(created, TEXT)

/* The columns of the red_flags table but id. */
#define RED_FLAG_ROW(X)                                                                            \
    X(township_id, TEXT)                                                                           \
    X(project_id, INT)                                                                             \
    X(flag, TEXT)                                                                                  \
    X(bids, JSON)                                                                                  \
    X(figure, INT)                                                                                 \
    X(raised_at, TEXT)                                                                             \
    X(status, TEXT)                                                                                \
    X(review_reason, TEXT)                                                                         \
    X(reviewed_by, TEXT)                                                                           \
    X(reviewed_at, TEXT)                                                                           \
    X(projects, JSON)

extern const struct entity project_entity;
extern const struct entity bidder_entity;
extern const struct entity bid_entity;
extern const struct entity evaluator_entity;
extern const struct entity change_order_entity;
extern const struct entity red_flag_entity;
extern const struct area procurement_area;

/* Loads project id's row (decoded); ERR_NOT_FOUND on field "id". */
MUST_CHECK enum err_code
project_load(struct store_conn *c, int64_t id, json_t **row, struct err *err);

/* The commands and queries (project.c, tender.c, bidder.c, evaluator.c,
 * panel.c, review.c, award.c, red_flags.c; read.c, savings.c, ocds.c). */
extern const struct command project_create_command;
extern const struct command project_design_command;
extern const struct command project_price_command;
extern const struct command project_tender_command;
extern const struct command bid_submit_command;
extern const struct command project_opening_command;
extern const struct command bidder_create_command;
extern const struct command bidder_update_command;
extern const struct command evaluator_create_command;
extern const struct command evaluator_update_command;
extern const struct command panel_command;
extern const struct command evaluation_command;
extern const struct command award_command;
extern const struct command contract_command;
extern const struct command change_order_command;
extern const struct command acceptance_command;
extern const struct command settlement_command;
extern const struct command red_flag_review_command;
extern const struct command ocds_import_command;
extern const struct query red_flag_list_query;
extern const struct query bid_list_query;
extern const struct query evaluator_list_query;
extern const struct query savings_query;
extern const struct query ocds_query;
extern const struct query project_list_query;
extern const struct query project_get_query;
extern const struct query bidder_list_query;

#endif
