/*
 * The query tables of matters, meetings, agenda items, notifications,
 * statements, ballots, and amendments as entities, each declared once
 * by its row's X-macro (internal.h) for the generic event application in
 * entity.c.
 */
#include "areas/meeting/internal.h"

ENTITY(matter_entity, "matter", "matters", MATTER_ROW, .allocates_id = true);
ENTITY(meeting_entity, "meeting", "meetings", MEETING_ROW, .allocates_id = true);
ENTITY(
    notification_entity, "notification", "notifications", NOTIFICATION_ROW, .allocates_id = true);
ENTITY(agenda_item_entity,
       "agenda_item",
       "agenda_items",
       AGENDA_ITEM_ROW,
       .allocates_id = true,
       .children_key = "notifications",
       .children = &notification_entity);
ENTITY(statement_entity, "statement", "statements", STATEMENT_ROW, .allocates_id = true);
ENTITY(ballot_entity, "ballot", "ballots", BALLOT_ROW, .allocates_id = true);
ENTITY(amendment_entity, "amendment", "amendments", AMENDMENT_ROW, .allocates_id = true);
