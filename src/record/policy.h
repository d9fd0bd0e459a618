/*
 * The policy table: which roles hold which capability, and whether a
 * township-scoped role may use it only in its own township. The router
 * checks the role before any handler runs; the domain checks the township
 * scope once it knows which township a command touches. See
 * docs/security.md.
 */
#ifndef PROBITY_POLICY_H
#define PROBITY_POLICY_H

#include "core/err.h"
#include "record/actor.h"

#include <jansson.h>

#define R(role) (1u << ROLE_##role)
#define ROLES_SIGNED_IN                                                                            \
    (R(CLERK) | R(MEMBER) | R(SECRETARY) | R(DISCIPLINE_SECRETARY) | R(DEPARTMENT_HEAD) |          \
     R(CONGRESS_OFFICER) | R(TOWNSHIP_ADMIN) | R(COMMISSION_INSPECTOR) | R(ADMIN))

/* Columns: C name, identifier, roles (bit mask), scope (POLICY_OWN_TOWNSHIP
 * when a township-scoped role may use it only in its own township, else
 * POLICY_ANYWHERE), zh-CN, English. */
#define POLICY_ANYWHERE     0
#define POLICY_OWN_TOWNSHIP 1
#define CAPABILITY_TABLE(X)                                                                        \
    X(PUBLIC_READ, "public.read", R(PUBLIC) | ROLES_SIGNED_IN, POLICY_ANYWHERE, "查看公开信息",    \
      "read public information")                                                                   \
    X(SIGNED_IN, "signed_in", ROLES_SIGNED_IN, POLICY_ANYWHERE, "已登录用户",                      \
      "any signed-in user")                                                                        \
    X(ORG_WRITE, "org.write", R(ADMIN) | R(CLERK), POLICY_OWN_TOWNSHIP, "维护本镇组织架构",        \
      "maintain the township's organisation")                                                      \
    X(TOWNSHIP_ADMIN, "township.admin", R(ADMIN), POLICY_ANYWHERE, "设立乡镇", "create townships") \
    X(USER_ADMIN, "user.admin", R(ADMIN) | R(TOWNSHIP_ADMIN), POLICY_OWN_TOWNSHIP, "管理用户",     \
      "manage users")                                                                              \
    X(SEALED_READ, "sealed.read",                                                                  \
      R(ADMIN) | R(COMMISSION_INSPECTOR) | R(DISCIPLINE_SECRETARY) | R(SECRETARY),                 \
      POLICY_OWN_TOWNSHIP, "查阅密封内容", "read sealed parts")                                    \
    X(MONITOR_SEALED_READ, "monitor.sealed_read", R(ADMIN) | R(COMMISSION_INSPECTOR),              \
      POLICY_ANYWHERE, "查阅监测节点读取的密封内容", "read the sealed parts the monitor holds")    \
    X(SEALED_PUBLISH, "sealed.publish", R(ADMIN) | R(SECRETARY), POLICY_OWN_TOWNSHIP,              \
      "公开密封内容", "publish sealed parts")                                                      \
    X(RULEBOOK_ADMIN, "rulebook.admin", R(ADMIN), POLICY_ANYWHERE, "修订议事规则",                 \
      "change the rulebook")                                                                       \
    X(DECISION_READ, "decision.read", ROLES_SIGNED_IN, POLICY_OWN_TOWNSHIP,                        \
      "查阅未公开的决策记录", "read the decision record before it is public")                      \
    X(MATTER_WRITE, "matter.write",                                                                \
      R(ADMIN) | R(CLERK) | R(MEMBER) | R(SECRETARY) | R(DISCIPLINE_SECRETARY) |                   \
          R(DEPARTMENT_HEAD),                                                                      \
      POLICY_OWN_TOWNSHIP, "登记议题", "register matters")                                         \
    X(MATTER_DECIDE, "matter.decide", R(ADMIN) | R(MEMBER) | R(SECRETARY), POLICY_OWN_TOWNSHIP,    \
      "分管事项个人决定", "decide an ordinary matter alone")                                       \
    X(MEETING_MANAGE, "meeting.manage", R(ADMIN) | R(CLERK), POLICY_OWN_TOWNSHIP,                  \
      "组织会议并记录程序", "run meetings and record their procedure")                             \
    X(MEETING_RECORD, "meeting.record",                                                            \
      R(ADMIN) | R(CLERK) | R(MEMBER) | R(SECRETARY) | R(DISCIPLINE_SECRETARY),                    \
      POLICY_OWN_TOWNSHIP, "记录表态与投票", "record statements and ballots")                      \
    X(NOTIFICATION_ACK, "notification.acknowledge",                                                \
      R(ADMIN) | R(MEMBER) | R(SECRETARY) | R(DISCIPLINE_SECRETARY), POLICY_OWN_TOWNSHIP,          \
      "确认收到议题告知", "acknowledge a notification")                                            \
    X(MEETING_COUNTERSIGN, "meeting.countersign", R(ADMIN) | R(DISCIPLINE_SECRETARY),              \
      POLICY_OWN_TOWNSHIP, "纪委书记同步记录签字", "countersign the record")                       \
    X(SUPERVISION_READ, "supervision.read",                                                        \
      R(ADMIN) | R(DISCIPLINE_SECRETARY) | R(COMMISSION_INSPECTOR), POLICY_OWN_TOWNSHIP,           \
      "跟踪临时议题与规则例外", "follow late items and rule exceptions")                           \
    X(TASK_WRITE, "task.write", R(ADMIN) | R(CLERK) | R(DEPARTMENT_HEAD), POLICY_OWN_TOWNSHIP,     \
      "分解和跟踪执行任务", "assign and track execution tasks")                                    \
    X(BUDGET_WRITE, "budget.write", R(ADMIN) | R(CLERK), POLICY_OWN_TOWNSHIP, "编制年度预算",      \
      "draw up the annual budget")                                                                 \
    X(BUDGET_PROPOSE, "budget.propose", R(ADMIN) | R(CLERK) | R(MEMBER) | R(SECRETARY),            \
      POLICY_OWN_TOWNSHIP, "提出预算方案", "propose budget lines")                                 \
    X(CONGRESS_RECORD, "congress.record", R(ADMIN) | R(CONGRESS_OFFICER), POLICY_OWN_TOWNSHIP,     \
      "记录人代会表决", "record the township congress's votes")                                    \
    X(EXPENDITURE_WRITE, "expenditure.write", R(ADMIN) | R(CLERK) | R(DEPARTMENT_HEAD),            \
      POLICY_OWN_TOWNSHIP, "登记预算支出", "charge expenditures to budget lines")                  \
    X(PROCUREMENT_WRITE, "procurement.write", R(ADMIN) | R(CLERK) | R(DEPARTMENT_HEAD),            \
      POLICY_OWN_TOWNSHIP, "办理工程项目和采购", "run works projects and purchases")               \
    X(RED_FLAG_REVIEW, "red_flag.review", R(ADMIN) | R(DISCIPLINE_SECRETARY), POLICY_OWN_TOWNSHIP, \
      "核查工程采购风险提示", "review the red flags of works and purchases")

enum capability {
#define CAPABILITY_ENUM_ROW(name, id, roles, scope, zh, en) CAP_##name,
    CAPABILITY_TABLE(CAPABILITY_ENUM_ROW)
#undef CAPABILITY_ENUM_ROW
        CAP_N
};

/* True when the role holds the capability (anywhere). */
bool policy_role_has(enum role role, enum capability cap);
/* The capability's identifier, e.g. "org.write". */
const char *policy_capability_name(enum capability cap);
/*
 * Checks that who may use cap on township (NULL for a city-wide object):
 * the role must hold it, and where the capability is POLICY_OWN_TOWNSHIP a
 * township-scoped role must act in its own township; a bearer token limited
 * to a township (actor.h) acts only there, but for public.read and
 * signed_in. ERR_UNAUTHENTICATED for the public,
 * ERR_FORBIDDEN otherwise.
 */
MUST_CHECK enum err_code
policy_check(const struct actor *who, enum capability cap, const char *township, struct err *err);
/* The part of policy_check about a token limited to a township: ERR_OK
 * unless who acts with one and cap (but public.read and signed_in) is used
 * elsewhere than in it (township NULL: a city-wide object). Queries check
 * it with the path's township; their bodies check the rest. */
MUST_CHECK enum err_code policy_token_allows(const struct actor *who,
                                             enum capability cap,
                                             const char *township,
                                             struct err *err);
/* A new object of the capabilities who holds: each capability's
 * identifier to "*" (anywhere) or to the township where who may use it
 * (their own), as GET /api/v1/session answers it. */
json_t *policy_capabilities_json(const struct actor *who);
/* True when who may read the township's decision record before it is
 * public (capability decision.read in that township). */
bool policy_can_read(const struct actor *who, const char *township);

#endif
