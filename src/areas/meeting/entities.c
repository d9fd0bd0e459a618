/*
 * The query tables of matters, meetings, agenda items, notifications,
 * statements, ballots, and amendments as entities, each declared once
 * by its row's X-macro (internal.h) for the generic event application in
 * entity.c.
 */
#include "areas/meeting/internal.h"

ENTITY(matter_entity,
       "matter",
       "matters",
       MATTER_ROW,
       .allocates_id = true,
       .zh = "议题事项",
       .en = "matter");
ENTITY(meeting_entity,
       "meeting",
       "meetings",
       MEETING_ROW,
       .allocates_id = true,
       .zh = "会议",
       .en = "meeting");
ENTITY(notification_entity,
       "notification",
       "notifications",
       NOTIFICATION_ROW,
       .allocates_id = true,
       .zh = "会议通知",
       .en = "notification");
ENTITY(agenda_item_entity,
       "agenda_item",
       "agenda_items",
       AGENDA_ITEM_ROW,
       .allocates_id = true,
       .children_key = "notifications",
       .children = &notification_entity,
       .zh = "议程议题",
       .en = "agenda item");
ENTITY(statement_entity,
       "statement",
       "statements",
       STATEMENT_ROW,
       .allocates_id = true,
       .zh = "表态发言",
       .en = "statement");
ENTITY(ballot_entity,
       "ballot",
       "ballots",
       BALLOT_ROW,
       .allocates_id = true,
       .zh = "表决票",
       .en = "ballot");
ENTITY(amendment_entity,
       "amendment",
       "amendments",
       AMENDMENT_ROW,
       .allocates_id = true,
       .zh = "纪要更正",
       .en = "amendment");
