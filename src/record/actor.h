/*
 * Who acts: the authenticated user (or the system, for the CLI and the
 * demo loader) on whose behalf a command runs, and the roles. Roles are one
 * X-macro table; see docs/security.md and policy.c.
 */
#ifndef PROBITY_ACTOR_H
#define PROBITY_ACTOR_H

#include "core/config.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* Columns: C name, identifier, township-scoped (1) or city-wide (0),
 * zh-CN name, English name. ROLE_PUBLIC is the anonymous visitor. */
#define ROLE_TABLE(X)                                                                              \
    X(PUBLIC, "public", 0, "公众", "public")                                                       \
    X(CLERK, "clerk", 1, "文书", "clerk")                                                          \
    X(MEMBER, "member", 1, "班子成员", "committee member")                                         \
    X(SECRETARY, "secretary", 1, "党委书记", "party secretary")                                    \
    X(DISCIPLINE_SECRETARY, "discipline_secretary", 1, "纪委书记", "discipline secretary")         \
    X(DEPARTMENT_HEAD, "department_head", 1, "部门负责人", "department head")                      \
    X(CONGRESS_OFFICER, "congress_officer", 1, "人大工作人员", "congress officer")                 \
    X(TOWNSHIP_ADMIN, "township_admin", 1, "乡镇系统管理员", "township administrator")             \
    X(COMMISSION_INSPECTOR, "commission_inspector", 0, "市纪委监察员", "commission inspector")     \
    X(ADMIN, "admin", 0, "系统管理员", "administrator")

enum role {
#define ROLE_ENUM_ROW(name, id, scoped, zh, en) ROLE_##name,
    ROLE_TABLE(ROLE_ENUM_ROW)
#undef ROLE_ENUM_ROW
        ROLE_N
};

/* What a bearer token may do (areas/user/auth.h); a signed-in session has
 * none of these limits. */
struct token_scope {
    bool read_only;       /* reads only */
    const char *township; /* only in this township; NULL: wherever the role may act */
    const char *area;     /* only this area's routes (record/area.h); NULL: all */
};

struct actor {
    int64_t user_id;                 /* 0 for the system and the public */
    const char *login;               /* signs in; never in a public record ("system" for the CLI) */
    enum role role;                  /* ROLE_PUBLIC when anonymous */
    const char *township;            /* the user's township, NULL for city-wide roles */
    int64_t person_id;               /* the person on record the user is, 0 when none */
    const char *name;                /* that person's name, NULL when none */
    const struct token_scope *token; /* the bearer token's limits, NULL for a session */
};

/* The system actor: full power, used by the CLI and the demo loader. */
extern const struct actor actor_system;

/*
 * Who acted, as a public record names them: the system's "system" (the
 * CLI, the demo loader), else {"user": id, "role", "person": id or null,
 * "name": the person's name or null}; never a login (a new reference).
 * See docs/events.md, "The record".
 */
json_t *actor_record_json(const struct actor *who);
/* Who acted, in words: the person's name, else the role as an office says
 * it (zh-CN), else "system". Borrowed from who or static. */
const char *actor_label(const struct actor *who);
/* The actor an events.actor column holds, as the record has it: the
 * object, or the text as it is (older records, "system"). A new reference. */
json_t *actor_column_json(const char *column);

/* The role's identifier ("clerk"). */
const char *role_name(enum role r);
/* The role's name as an office says it: zh-CN, or (english) English, a
 * lower-case phrase ("committee member"). */
const char *role_label(enum role r, bool english);
/* Looks a role up by identifier; false when unknown. */
bool role_parse(const char *name, enum role *out);
/* True for roles that belong to one township. */
bool role_is_township_scoped(enum role r);
/* NULL-terminated list of the identifiers of roles a user may have (all
 * but public), for input validation. */
extern const char *const *const role_user_names;

#endif
