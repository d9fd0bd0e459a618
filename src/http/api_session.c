/*
 * Handlers for signing in (with a password, and then a one-time code when
 * the user's two-factor sign-in is on) and out (cookie sessions with a
 * CSRF token), and for bearer API tokens.
 */
#include "http/api.h"

#include "areas/user/sessions.h"
#include "areas/user/user.h"

#include "core/page.h"

#include "core/input.h"
#include "core/utc.h"

#include <stdio.h>
#include <stdlib.h>

/* Sets the session cookie to token for max_age seconds (0: removes it);
 * over TLS with the __Host- prefix and Secure. */
static void
set_cookie(const struct request *req, struct reply *rep, const char *token, long long max_age)
{
    snprintf(rep->set_cookie, sizeof(rep->set_cookie),
             "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s",
             req->secure ? SESSION_COOKIE_TLS : SESSION_COOKIE, token, max_age,
             req->secure ? "; Secure" : "");
}

/* The user's role as an office names it, {"zh-CN", "en"}: the web app's
 * header shows it before the API's description (which labels every role)
 * has loaded. */
static json_t *role_label_json(enum role r)
{
    return json_pack("{ss, ss}", "zh-CN", role_label(r, false), "en", role_label(r, true));
}

/* The user, their capabilities, the CSRF token of their session, the
 * security notices they have not seen and, for those who manage users,
 * the roles they may give; NULL on a store error. */
static json_t *session_body(struct store *st, struct auth_user *u, struct err *err)
{
    struct actor who;
    json_t *notices = NULL;
    if (user_notices_json(st, u->id, &notices, err) != ERR_OK) {
        return NULL;
    }
    auth_actor(u, &who);
    json_t *body =
        json_pack("{so, so, ss, so}", "user", auth_user_json(u), "capabilities",
                  policy_capabilities_json(&who), "csrf_token", u->csrf, "notices", notices);
    if (policy_role_has(who.role, CAP_USER_ADMIN)) {
        json_object_set_new(body, "grantable_roles", user_grantable_roles_json(&who));
    }
    return body;
}

/* Answers the session of user u, with its cookie when token (a session
 * just opened) is not NULL. */
static enum err_code reply_session(
    struct request *req, struct reply *rep, const char *token, struct auth_user *u, struct err *err)
{
    json_t *body = session_body(req->store, u, err);
    if (body == NULL) {
        return err->code;
    }
    if (token != NULL) {
        set_cookie(req, rep, token, AUTH_SESSION_TTL_MS / 1000);
    }
    json_object_set_new(body, "role_label", role_label_json(u->role));
    reply_json(rep, 200, body);
    return ERR_OK;
}

const struct field api_session_fields[] = {
    F_TEXT("login", FIELD_REQUIRED, 40, "用户名", "login"),
    F_TEXT("password", FIELD_REQUIRED, 200, "密码", "password"),
    F_END,
};

const struct field api_session_code_fields[] = {
    F_TEXT("ticket", FIELD_REQUIRED, AUTH_TICKET_MAX, "登录凭据", "sign-in ticket"),
    F_TEXT("code", FIELD_REQUIRED, 8, "验证码", "code"),
    F_END,
};

enum err_code api_session_create(struct request *req, struct reply *rep, struct err *err)
{
    const char *login = json_string_value(json_object_get(req->body, "login"));
    const char *password = json_string_value(json_object_get(req->body, "password"));
    char token[AUTH_TOKEN_MAX], ticket[AUTH_TICKET_MAX];
    struct auth_user user;
    enum err_code rc = auth_login(req->store, login, password,
                                  &(struct session_client){req->address, req->user_agent}, token,
                                  ticket, &user, err);
    if (rc != ERR_OK) {
        return rc;
    }
    if (ticket[0] != '\0') {
        /* Two-factor sign-in: no session yet; the code comes with the ticket. */
        reply_json(rep, 200,
                   json_pack("{sb, ss, sI}", "code_required", 1, "ticket", ticket, "expires_in",
                             (json_int_t)(AUTH_TICKET_TTL_MS / 1000)));
        return ERR_OK;
    }
    return reply_session(req, rep, token, &user, err);
}

enum err_code api_session_code(struct request *req, struct reply *rep, struct err *err)
{
    const char *ticket = json_string_value(json_object_get(req->body, "ticket"));
    const char *code = json_string_value(json_object_get(req->body, "code"));
    char token[AUTH_TOKEN_MAX];
    struct auth_user user;
    enum err_code rc =
        auth_login_code(req->store, ticket, code,
                        &(struct session_client){req->address, req->user_agent}, token, &user, err);
    if (rc != ERR_OK) {
        return rc;
    }
    return reply_session(req, rep, token, &user, err);
}

enum err_code api_session_get(struct request *req, struct reply *rep, struct err *err)
{
    if (req->who.role == ROLE_PUBLIC && req->session_token != NULL && req->session_token[0]) {
        return err_set(err, ERR_UNAUTHENTICATED, NULL, "登录已失效,请重新登录",
                       "the session has ended; sign in again");
    }
    if (req->who.role == ROLE_PUBLIC) {
        /* A visitor: no user, what the public may do (not an error, so
         * that every page a visitor opens does not log one). */
        reply_json(rep, 200,
                   json_pack("{sn, so, sn, sn}", "user", "capabilities",
                             policy_capabilities_json(&req->who), "csrf_token", "role_label"));
        return ERR_OK;
    }
    return reply_session(req, rep, NULL, &req->user, err);
}

enum err_code api_session_delete(struct request *req, struct reply *rep, struct err *err)
{
    enum err_code rc = ERR_OK;
    if (req->session_token != NULL) {
        rc = auth_logout(req->store, req->session_token, err);
    }
    if (rc == ERR_OK) {
        set_cookie(req, rep, "", 0);
        reply_json(rep, 200, json_object());
    }
    return rc;
}

enum err_code api_sessions_list(struct request *req, struct reply *rep, struct err *err)
{
    (void)err;
    json_t *items = user_sessions_json(req->user.id, req->session_token, utc_now_ms());
    size_t n = json_array_size(items);
    reply_json(rep, 200,
               json_pack("{so, sI, sI, sI}", "items", items, "total", (json_int_t)n, "limit",
                         (json_int_t)n, "offset", (json_int_t)0));
    return ERR_OK;
}

const struct field api_sessions_end_fields[] = {
    F_TEXT("password", FIELD_REQUIRED, 200, "当前密码", "current password"),
    F_TEXT("id", 0, 16, "登录", "session"),
    F_END,
};

enum err_code api_sessions_end(struct request *req, struct reply *rep, struct err *err)
{
    const char *password = json_string_value(json_object_get(req->body, "password"));
    const char *id = json_string_value(json_object_get(req->body, "id"));
    struct ctx x = {
        .store = req->store, .who = &req->who, .now_ms = utc_now_ms(), .english = req->english};
    int ended = 0;
    enum err_code rc = user_sessions_end(&x, req->session_token, password, id, &ended, err);
    if (rc == ERR_OK) {
        reply_json(rep, 200, json_pack("{si}", "ended", ended));
    }
    return rc;
}

const struct field api_notices_seen_fields[] = {F_END};

enum err_code api_notices_seen(struct request *req, struct reply *rep, struct err *err)
{
    int seen = 0;
    enum err_code rc = user_notices_seen(req->store, req->user.id, utc_now_ms(), &seen, err);
    if (rc == ERR_OK) {
        reply_json(rep, 200, json_pack("{si}", "seen", seen));
    }
    return rc;
}

enum err_code api_token_create(struct request *req, struct reply *rep, struct err *err)
{
    char token[AUTH_TOKEN_MAX];
    json_t *item = NULL;
    enum err_code rc = auth_token_create(req->store, &req->user, req->body, token, &item, err);
    if (rc == ERR_OK) {
        reply_json(rep, 201, json_pack("{so, ss}", "item", item, "token", token));
    }
    return rc;
}

enum err_code api_token_list(struct request *req, struct reply *rep, struct err *err)
{
    json_t *items = NULL;
    enum err_code rc = auth_token_list(req->store, req->user.id, &items, err);
    if (rc == ERR_OK) {
        reply_json(rep, 200,
                   json_pack("{so, sI, sI, sI}", "items", items, "total",
                             (json_int_t)json_array_size(items), "limit",
                             (json_int_t)json_array_size(items), "offset", (json_int_t)0));
    }
    return rc;
}

enum err_code api_token_delete(struct request *req, struct reply *rep, struct err *err)
{
    int64_t id = 0;
    enum err_code rc = id_parse(req->params[0], &id, err);
    if (rc == ERR_OK) {
        rc = auth_token_delete(req->store, req->user.id, id, err);
    }
    if (rc == ERR_OK) {
        reply_json(rep, 200, json_pack("{s{sI}}", "item", "id", (json_int_t)id));
    }
    return rc;
}
