/*
 * The query tables of matters, meetings, agenda items, notifications,
 * statements, ballots, and amendments as entities, each declared once
 * by its row's X-macro (internal.h) for the generic event application in
 * entity.c, with an agenda item's statuses for the API's description and
 * the choices of a ballot and a statement.
 */
#include "areas/meeting/internal.h"

const struct choice ballot_choices[] = {BALLOT_CHOICES, {NULL, NULL, NULL}};
const struct choice statement_views[] = {
    BALLOT_CHOICES,
    {"reserved", "保留意见", "reserved"},
    {NULL, NULL, NULL},
};

ENTITY(matter_entity,
       "matter",
       "matters",
       MATTER_ROW,
       .allocates_id = true,
       .zh = "议题事项",
       .en = "matter");
/* A postponement or cancellation (meeting.updated) brings the members'
 * notifications of it along (change.c). */
ENTITY(meeting_entity,
       "meeting",
       "meetings",
       MEETING_ROW,
       .allocates_id = true,
       .children_key = "notifications",
       .children = &notification_entity,
       .zh = "会议",
       .en = "meeting");
/* What a notification tells of besides the item's notice. */
static const struct choice notification_changes[] = {
    {"postponed", "会议延期", "the meeting is postponed"},
    {"cancelled", "会议取消", "the meeting is cancelled"},
    {NULL, NULL, NULL},
};
static const struct field notification_columns[] = {
    F_ENUM("change", FIELD_NULLABLE, notification_changes, "会议变更", "change"),
    F_END,
};

ENTITY(notification_entity,
       "notification",
       "notifications",
       NOTIFICATION_ROW,
       .allocates_id = true,
       .columns = notification_columns,
       .zh = "会议通知",
       .en = "notification");
/* What an agenda item is at: notified, in session, voting, and how it
 * ended (the procedure sets it: next.c, attendance.c, vote.c). */
static const struct choice item_statuses[] = {
    {"notified", "已通知", "notified"},
    {"in_session", "审议中", "in session"},
    {"voting", "表决中", "voting"},
    {"passed", "通过", "passed"},
    {"rejected", "未通过", "rejected"},
    {"deferred", "暂缓", "deferred"},
    {"withdrawn", "已撤回（会议取消）", "withdrawn with its meeting"},
    {NULL, NULL, NULL},
};
static const struct field agenda_item_columns[] = {
    F_ENUM("status", 0, item_statuses, "状态", "status"),
    F_END,
};

ENTITY(agenda_item_entity,
       "agenda_item",
       "agenda_items",
       AGENDA_ITEM_ROW,
       .allocates_id = true,
       .columns = agenda_item_columns,
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
