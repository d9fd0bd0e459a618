/*
 * A signed-in user's own sessions (ASVS 4.0.3 3.3.4): the list of those
 * still live, with when and from where each was opened and the browser,
 * and ending one of them, or every one but the current, with the
 * password again. See user.h and docs/security.md.
 */
#include "areas/user/user.h"

#include "areas/user/auth.h"
#include "areas/user/sessions.h"
#include "core/alloc.h"
#include "core/seclog.h"
#include "core/utc.h"

static json_t *time_json(int64_t ms)
{
    char text[UTC_TEXT_MAX];
    utc_format(ms, text);
    return json_string(text);
}

json_t *user_sessions_json(int64_t user_id, const char *token, int64_t now_ms)
{
    session_key key;
    struct session_info *list = xcalloc(SESSIONS_LIST_MAX, sizeof(*list));
    if (token != NULL) {
        auth_digest(token, key);
    }
    size_t n =
        sessions_list_user(user_id, token != NULL ? key : NULL, now_ms, list, SESSIONS_LIST_MAX);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct session_info *s = &list[i];
        json_array_append_new(
            items, json_pack("{ss, so, so, so, ss, ss?, sb}", "id", s->id, "signed_in",
                             time_json(s->opened_ms), "last_used", time_json(s->used_ms), "ends",
                             time_json(s->ends_ms), "address", s->address, "device",
                             s->device[0] != '\0' ? s->device : NULL, "current", s->current));
    }
    sodium_memzero(key, sizeof(key));
    xfree(list);
    return items;
}

enum err_code user_sessions_end(const struct ctx *x,
                                const char *token,
                                const char *password,
                                const char *id,
                                int *ended,
                                struct err *err)
{
    session_key key;
    *ended = 0;
    if (token == NULL) {
        return err_set(err, ERR_FORBIDDEN, NULL, "只能由本人登录后办理,API 令牌不能办理",
                       "only the user, signed in, may do this; an API token cannot");
    }
    enum err_code rc = user_check_own_password(x, password, "password", err);
    if (rc != ERR_OK) {
        return rc;
    }
    auth_digest(token, key);
    if (id == NULL) {
        *ended = sessions_close_others(x->who->user_id, key, utc_now_ms());
    } else {
        enum sessions_closed closed = sessions_close_handle(x->who->user_id, key, id, utc_now_ms());
        if (closed == SESSIONS_CURRENT) {
            rc = err_set(err, ERR_INVALID, "id", "这是您当前使用的登录,请用“退出登录”结束",
                         "this is the session you are using: sign out to end it");
        } else if (closed == SESSIONS_CLOSED) {
            *ended = 1;
        } else {
            rc = err_set(err, ERR_NOT_FOUND, "id", "该登录已经结束", "that session has ended");
        }
    }
    sodium_memzero(key, sizeof(key));
    if (rc == ERR_OK) {
        seclog("sessions.ended",
               json_pack("{sI, si}", "user", (json_int_t)x->who->user_id, "sessions", *ended));
    }
    return rc;
}
