/*
 * Procedure rules: the order of the steps of a meeting and a budget, as
 * opposed to the rulebook's rules (rulebook.h). Their ids share the "rule"
 * field of errors and of "blocked" entries with the rulebook's rule ids.
 * See docs/decisions.md.
 */
#ifndef PROBITY_PROCEDURE_H
#define PROBITY_PROCEDURE_H

#include "core/err.h"

#include <jansson.h>
#include <stdbool.h>

/*
 * Columns: C name, stable id, err_code (CONFLICT: 409, the state forbids it
 * now; FORBIDDEN: 403), zh-CN, English.
 */
#define PROCEDURE_TABLE(X)                                                                         \
    X(STALE, "procedure.stale", CONFLICT, "记录已被他人修改，请刷新后重试",                        \
      "the record was changed meanwhile: reload it and try again")                                 \
    X(FINALISED, "procedure.finalised", CONFLICT, "会议纪要已定稿锁定，更正须另行记录",            \
      "the minutes are finalised and locked: record a correction as an amendment")                 \
    X(COUNTERSIGNED, "procedure.countersigned", CONFLICT, "纪委书记已签字，记录不能再改动",        \
      "the discipline secretary has countersigned: the record can no longer change")               \
    X(NOT_STARTED, "procedure.not_started", CONFLICT, "会议尚未开始",                              \
      "the meeting has not started yet")                                                           \
    X(ATTENDANCE_FIRST, "procedure.attendance_first", CONFLICT, "须先记录本议题的出席和回避情况",  \
      "record attendance and recusals for this item first")                                        \
    X(ATTENDANCE_LOCKED, "procedure.attendance_locked", CONFLICT,                                  \
      "已开始表态，出席和回避情况不能再改",                                                        \
      "statements have begun: attendance can no longer change")                                    \
    X(VOTE_OPEN, "procedure.vote_open", CONFLICT, "表决已开始，不能再表态",                        \
      "the vote has opened: statements are closed")                                                \
    X(VOTE_NOT_OPEN, "procedure.vote_not_open", CONFLICT, "表决尚未开始",                          \
      "the vote has not opened")                                                                   \
    X(NO_VOTE, "procedure.no_vote", CONFLICT, "此类事项不票决，按表态形成决定",                    \
      "this matter is not decided by a vote but on the statements")                                \
    X(CONCLUDED, "procedure.concluded", CONFLICT, "本议题已有结果", "the item is concluded")       \
    X(MATTER_BUSY, "procedure.matter_busy", CONFLICT, "该事项已列入议程或已作出决定",              \
      "the matter is already on an agenda or decided")                                             \
    X(ITEMS_OPEN, "procedure.items_open", CONFLICT, "仍有议题没有结果",                            \
      "some items are not concluded yet")                                                          \
    X(COUNTERSIGN_FIRST, "procedure.countersign_first", CONFLICT, "须先由纪委书记签字",            \
      "the discipline secretary must countersign first")                                           \
    X(NOT_FINALISED, "procedure.not_finalised", CONFLICT, "纪要定稿后才能更正",                    \
      "corrections are made only to finalised minutes")                                            \
    X(NOT_PASSED, "procedure.not_passed", CONFLICT, "议题未通过，没有可执行的决议",                \
      "the item did not pass: there is no resolution to carry out")                                \
    X(OWN_PERSON, "procedure.own_person", FORBIDDEN, "班子成员只能记录本人的表态、投票和确认",     \
      "a member records only their own statement, ballot or acknowledgement")                      \
    X(NO_PERSON, "procedure.no_person", FORBIDDEN, "您的账号没有关联班子成员",                     \
      "your user is not linked to a committee member")                                             \
    X(NOT_RESPONSIBLE, "procedure.not_responsible", FORBIDDEN, "只有该事项的负责成员才能个人决定", \
      "only the member responsible for the matter may decide it alone")                            \
    X(MEETING_EARLIER, "procedure.meeting_earlier", CONFLICT, "议程已告知，会议只能推迟不能提前",  \
      "items are notified: the meeting may be postponed, not brought forward")                     \
    X(COMMITTEE_STUDY, "procedure.committee_study", CONFLICT, "预算草案须先经党委会研究通过",      \
      "the committee must study and pass the draft budget first")                                  \
    X(BUDGET_ADOPTED, "procedure.budget_adopted", CONFLICT, "预算已经人代会通过，只能调整",        \
      "the budget is adopted: it changes only by an adjustment")                                   \
    X(BUDGET_NOT_ADOPTED, "procedure.budget_not_adopted", CONFLICT, "预算尚未经人代会通过",        \
      "the budget is not adopted yet")                                                             \
    X(TASK_DONE, "procedure.task_done", CONFLICT, "任务已完成", "the task is done")                \
    X(MEETING_CANCELLED, "procedure.meeting_cancelled", CONFLICT, "会议已取消",                    \
      "the meeting is cancelled")                                                                  \
    X(SECRET_BALLOT, "procedure.secret_ballot", CONFLICT,                                          \
      "无记名投票不记录意见，没有可更正的内容",                                                    \
      "a secret ballot records no choice: there is nothing to correct")                            \
    X(MEETING_BEGUN, "procedure.meeting_begun", CONFLICT, "会议已开始审议议题，不能再延期或取消",  \
      "the meeting's items are under way: it can no longer be postponed or cancelled")             \
    X(MATERIALS_SENT, "procedure.materials_sent", CONFLICT,                                        \
      "材料已随议题通知送达班子成员，不能撤回",                                                    \
      "the material went out with the item's notice: it can no longer be withdrawn")               \
    X(MATTER_DECIDED, "procedure.matter_decided", CONFLICT, "事项已作出决定，不能再添加材料",      \
      "the matter is decided: no more material can be added")                                      \
    X(MATERIALS_FULL, "procedure.materials_full", CONFLICT, "一个事项最多 32 份材料",              \
      "a matter has at most 32 materials")                                                         \
    X(DESIGN_FIRST, "procedure.design_first", CONFLICT, "须先审定设计方案",                        \
      "the design must be approved first")                                                         \
    X(CONTROL_PRICE_FIRST, "procedure.control_price_first", CONFLICT, "须先审核控制价",            \
      "the control price must be reviewed first")                                                  \
    X(TENDER_FIRST, "procedure.tender_first", CONFLICT, "招标文件尚未发布",                        \
      "the tender documents are not published yet")                                                \
    X(STEP_DONE, "procedure.step_done", CONFLICT, "该环节已办理，预控环节不能重复或倒序办理",      \
      "this step is done: pre-control steps are not repeated or taken out of order")               \
    X(BIDS_OPENED, "procedure.bids_opened", CONFLICT, "已经开标", "the bids are open")             \
    X(NO_TENDER, "procedure.no_tender", CONFLICT, "直接采购不招标，不接收投标",                    \
      "a direct purchase has no tender and takes no bids")                                         \
    X(OPENING_FIRST, "procedure.opening_first", CONFLICT, "尚未开标",                              \
      "the bids are not opened yet")                                                               \
    X(PANEL_FIRST, "procedure.panel_first", CONFLICT, "评标委员会尚未组建",                        \
      "the evaluation panel is not formed yet")                                                    \
    X(PANEL_FORMED, "procedure.panel_formed", CONFLICT, "评标委员会已经组建",                      \
      "the evaluation panel is already formed")                                                    \
    X(EVALUATION_FIRST, "procedure.evaluation_first", CONFLICT, "尚未评标",                        \
      "the bids are not evaluated yet")                                                            \
    X(AWARD_FIRST, "procedure.award_first", CONFLICT, "尚未定标", "the award is not made yet")     \
    X(CONTRACT_FIRST, "procedure.contract_first", CONFLICT, "尚未签订合同",                        \
      "the contract is not signed yet")                                                            \
    X(ACCEPTANCE_FIRST, "procedure.acceptance_first", CONFLICT, "尚未验收合格",                    \
      "the works are not accepted yet")                                                            \
    X(SETTLED, "procedure.settled", CONFLICT, "项目已决算，不能再变更",                            \
      "the project is settled: it changes no more")                                                \
    X(FLAG_REVIEWED, "procedure.flag_reviewed", CONFLICT, "该风险提示已经核查",                    \
      "the red flag is already reviewed")                                                          \
    X(BID_DUPLICATE, "procedure.bid_duplicate", CONFLICT, "该投标人已就本项目投标",                \
      "this bidder has already bid for the project")

enum procedure_id {
#define PROCEDURE_ENUM_ROW(name, id, code, zh, en) PROCEDURE_##name,
    PROCEDURE_TABLE(PROCEDURE_ENUM_ROW)
#undef PROCEDURE_ENUM_ROW
        PROCEDURE_N
};

/* The procedure rule's stable id, e.g. "procedure.stale" (static). */
const char *procedure_name(enum procedure_id id);
/* Its message in the language asked for (static). */
const char *procedure_message(enum procedure_id id, bool english);
/* Records a refusal by procedure rule id (its code, field may be NULL, its
 * messages, err->rule the id) and returns the code. */
enum err_code procedure_refuse(struct err *err, enum procedure_id id, const char *field);
/* Appends {"action","rule","message"} to blocked, in English or zh-CN. */
void procedure_block(bool english, json_t *blocked, const char *action, enum procedure_id id);

#endif
