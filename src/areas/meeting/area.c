/*
 * Collective decisions as an area: matters, meetings, agenda items and
 * their record, notifications, amendments and matters' materials
 * (record/area.h).
 */
#include "record/area.h"
#include "areas/meeting/meeting.h"

static const struct entity *const meeting_entities[] = {
    &matter_entity,       &meeting_entity,   &agenda_item_entity,
    &notification_entity, &statement_entity, &ballot_entity,
    &amendment_entity,    &material_entity,  NULL,
};

static const struct command *const meeting_commands[] = {
    &matter_create_command,     &matter_decide_command,
    &meeting_create_command,    &meeting_update_command,
    &meeting_postpone_command,  &meeting_cancel_command,
    &agenda_add_command,        &meeting_countersign_command,
    &meeting_finalise_command,  &meeting_amend_command,
    &item_attendance_command,   &item_statement_command,
    &item_open_vote_command,    &item_ballot_command,
    &item_result_command,       &item_defer_command,
    &statement_correct_command, &ballot_correct_command,
    &notification_ack_command,  &material_upload_command,
    &material_remove_command,   NULL,
};

static const struct query *const meeting_queries[] = {
    &matter_list_query,
    &matter_get_query,
    &meeting_list_query,
    &meeting_get_query,
    &agenda_item_get_query,
    &notification_mine_query,
    &resolution_list_query,
    &resolution_latest_query,
    &indicators_township_query,
    &indicators_all_query,
    &material_list_query,
    &material_content_query,
    NULL,
};

const struct area meeting_area = {
    .name = "meeting",
    .zh = "会议与事项",
    .en = "meetings and matters",
    .entities = meeting_entities,
    .commands = meeting_commands,
    .queries = meeting_queries,
};
