/*
 * Works and purchases as an area: projects, bidders and bids
 * (record/area.h).
 */
#include "areas/procurement/internal.h"

static const struct entity *const procurement_entities[] = {
    &project_entity,      &bidder_entity,   &bid_entity, &evaluator_entity,
    &change_order_entity, &red_flag_entity, NULL,
};

static const struct command *const procurement_commands[] = {
    &project_create_command,
    &project_design_command,
    &project_price_command,
    &project_tender_command,
    &bid_submit_command,
    &project_opening_command,
    &panel_command,
    &evaluation_command,
    &award_command,
    &contract_command,
    &change_order_command,
    &acceptance_command,
    &settlement_command,
    &bidder_create_command,
    &bidder_update_command,
    &evaluator_create_command,
    &evaluator_update_command,
    &red_flag_review_command,
    &ocds_import_command,
    NULL,
};

static const struct query *const procurement_queries[] = {
    &project_list_query,   &project_get_query, &bidder_list_query,
    &evaluator_list_query, &savings_query,     &red_flag_list_query,
    &ocds_query,           &bid_list_query,    NULL,
};

const struct area procurement_area = {
    .name = "procurement",
    .zh = "工程项目与采购",
    .en = "works and purchases",
    .entities = procurement_entities,
    .commands = procurement_commands,
    .queries = procurement_queries,
};
