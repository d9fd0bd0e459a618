/*
 * The capability table and its checks. See policy.h.
 */
#include "record/policy.h"

#include <string.h>

struct capability_row {
    const char *id;
    unsigned roles;
    int scope;
};

static const struct capability_row capability_rows[] = {
#define CAPABILITY_ROW(name, id, roles, scope, zh, en) {id, roles, scope},
    CAPABILITY_TABLE(CAPABILITY_ROW)
#undef CAPABILITY_ROW
};

_Static_assert(ROLE_N <= 32, "roles fit a bit mask");

bool policy_role_has(enum role role, enum capability cap)
{
    return (capability_rows[cap].roles & (1u << role)) != 0;
}

const char *policy_capability_name(enum capability cap)
{
    return capability_rows[cap].id;
}

enum err_code policy_token_allows(const struct actor *who,
                                  enum capability cap,
                                  const char *township,
                                  struct err *err)
{
    /* A token limited to a township does nothing beyond reading what is
     * public elsewhere, even for a city-wide role. */
    if (who->token != NULL && who->token->township != NULL && cap != CAP_PUBLIC_READ &&
        cap != CAP_SIGNED_IN && (township == NULL || strcmp(township, who->token->township) != 0)) {
        return err_set(err, ERR_FORBIDDEN, NULL, "此令牌仅限用于另一个乡镇",
                       "this token is limited to another township");
    }
    return ERR_OK;
}

enum err_code
policy_check(const struct actor *who, enum capability cap, const char *township, struct err *err)
{
    if (!policy_role_has(who->role, cap)) {
        if (who->role == ROLE_PUBLIC) {
            return err_set(err, ERR_UNAUTHENTICATED, NULL, NULL, NULL);
        }
        return err_set(err, ERR_FORBIDDEN, NULL, "当前角色无权执行此操作",
                       "your role may not do this");
    }
    enum err_code rc = policy_token_allows(who, cap, township, err);
    if (rc != ERR_OK) {
        return rc;
    }
    if (!role_is_township_scoped(who->role) || capability_rows[cap].scope == POLICY_ANYWHERE) {
        return ERR_OK;
    }
    if (township == NULL || who->township == NULL || strcmp(township, who->township) != 0) {
        return err_set(err, ERR_FORBIDDEN, NULL, "只能处理本乡镇的事务",
                       "you may act only in your own township");
    }
    return ERR_OK;
}

bool policy_can_read(const struct actor *who, const char *township)
{
    struct err scratch;
    err_init(&scratch);
    return policy_check(who, CAP_DECISION_READ, township, &scratch) == ERR_OK;
}

json_t *policy_capabilities_json(const struct actor *who)
{
    json_t *caps = json_object();
    for (int cap = 0; cap < CAP_N; cap++) {
        if (!policy_role_has(who->role, (enum capability)cap)) {
            continue;
        }
        bool anywhere =
            !role_is_township_scoped(who->role) || capability_rows[cap].scope == POLICY_ANYWHERE;
        const char *where = anywhere ? "*" : who->township;
        if (who->token != NULL && who->token->township != NULL && cap != CAP_PUBLIC_READ &&
            cap != CAP_SIGNED_IN) {
            where = who->token->township;
        }
        json_object_set_new(caps, capability_rows[cap].id, json_string(where));
    }
    return caps;
}
