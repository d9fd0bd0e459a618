/*
 * What a bearer token's scope allows, route by route (http.h). The
 * township a token is limited to is checked where the township is known,
 * by the policy (record/policy.c).
 */
#include "http/http.h"

#include "record/area.h"

#include <string.h>

enum err_code route_allows_token(const struct route *r, const struct actor *who, struct err *err)
{
    const struct token_scope *scope = who->token;
    if (scope == NULL) {
        return ERR_OK;
    }
    if (r->flags & ROUTE_SESSION_ONLY) {
        return err_set(err, ERR_FORBIDDEN, NULL, "API 令牌不能管理令牌,请登录后操作",
                       "a token cannot manage tokens; sign in to do it");
    }
    if (scope->read_only && route_writes(r)) {
        return err_set(err, ERR_FORBIDDEN, NULL, "此令牌只能读取,不能写入",
                       "this token may only read");
    }
    bool who_am_i = strcmp(r->pattern, "/api/v1/session") == 0 && !route_writes(r);
    if (scope->area != NULL && !who_am_i && strcmp(r->tag, scope->area) != 0) {
        const struct area *a = area_named(scope->area);
        /* Each message takes its language's name ("%.0s" skips the other). */
        return err_set(err, ERR_FORBIDDEN, NULL, "此令牌仅限「%s」使用%.0s",
                       "%.0sthis token is limited to %s", a ? a->zh : scope->area,
                       a ? a->en : scope->area);
    }
    return ERR_OK;
}
