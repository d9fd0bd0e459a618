/*
 * Authentication: password login with throttling, cookie sessions with a
 * CSRF token (in the server's memory: sessions.h), and bearer API tokens
 * with their scope and expiry (tokens.c). All of it is operational state
 * (not events): tokens are kept only as SHA-256 digests. A session ends
 * when its user's credentials move to a new epoch (a new password, the
 * account disabled, its sessions ended: user.h), and neither a session
 * nor a token of a disabled account is accepted. A user whose two-factor
 * sign-in is on signs in in two steps: the password gives a short-lived
 * ticket (signed with a key of the process's, never stored), and the
 * ticket with a current one-time code opens the session (auth_code.c).
 * See docs/security.md.
 */
#ifndef PROBITY_AUTH_H
#define PROBITY_AUTH_H

#include "areas/user/sessions.h"
#include "core/err.h"
#include "record/actor.h"
#include "record/command.h"

#include <jansson.h>

struct store;
struct store_conn;
struct store_stmt;

/* A session lasts this long after login. */
#define AUTH_SESSION_TTL_MS (12LL * 3600 * 1000)
/* ...and ends sooner when unused this long (ASVS 4.0.3 3.3.2, level 2). */
#define AUTH_SESSION_IDLE_MS (30LL * 60 * 1000)
/* Secret tokens as text: 32 random bytes in unpadded base64url, plus a prefix. */
#define AUTH_TOKEN_MAX 64
/* A token lasts this many days unless its creator says otherwise, and at
 * most AUTH_TOKEN_MAX_DAYS. */
#define AUTH_TOKEN_DEFAULT_DAYS 90
#define AUTH_TOKEN_MAX_DAYS     365

/* The ticket between signing in with a password and with the code: text,
 * and how long it lasts. */
#define AUTH_TICKET_MAX    96
#define AUTH_TICKET_TTL_MS (5LL * 60 * 1000)

/* A signed-in user, copied out of the store (owns its strings). */
struct auth_user {
    int64_t id;
    char login[48];
    enum role role;
    char township[48];         /* "" for city-wide roles */
    int64_t person_id;         /* 0 when not linked */
    char name[96];             /* that person's name, "" when not linked */
    char totp[16];             /* two-factor sign-in: "on", "pending" or "" (off) */
    char csrf[AUTH_TOKEN_MAX]; /* the session's CSRF token; "" for bearer tokens */
    bool by_token;             /* a bearer token: scope limits it */
    struct token_scope scope;  /* its strings point into the two below */
    char scope_township[48];
    char scope_area[48];
};

/* Points *who at u's fields, and a token's scope (u must outlive who). */
void auth_actor(struct auth_user *u, struct actor *who);
/* u as JSON {"id","login","role","township","person_id","name","totp"}
 * (new reference): name is the linked person's, or null; totp "on",
 * "pending" or null. */
json_t *auth_user_json(const struct auth_user *u);

/* Each function takes the node's database and runs on a connection of its
 * own. */

/*
 * Checks login and password for client (its address, for throttling, and
 * browser, for its list of sessions) and opens a session.
 * ERR_RATE_LIMITED, with when to try again, while the login from that
 * address, or the address, must wait after its failures (throttle.h;
 * nothing is checked then); ERR_UNAUTHENTICATED for a wrong login or
 * password (counted as a failure, and logged). On success token receives
 * the session's secret (for the cookie) and *user the user with the CSRF
 * token. When the user's two-factor sign-in is on, no session is opened:
 * ticket receives the ticket for auth_login_code (token is "" then), or,
 * when ticket is NULL (a caller that cannot ask for a code),
 * ERR_UNAUTHENTICATED.
 */
MUST_CHECK enum err_code auth_login(struct store *st,
                                    const char *login,
                                    const char *password,
                                    const struct session_client *client,
                                    char token[AUTH_TOKEN_MAX],
                                    char ticket[AUTH_TICKET_MAX],
                                    struct auth_user *user,
                                    struct err *err);
/*
 * The second step of signing in: ticket (from auth_login, at most
 * AUTH_TICKET_TTL_MS old, of the user's credentials as they still are)
 * and a current one-time code (totp.h) from client open a
 * session, as auth_login does. ERR_UNAUTHENTICATED when the ticket is not
 * valid (sign in again), or (field "code") for a wrong code or one used
 * already (counted as a failure of the login from the address and of the
 * login from anywhere, and logged "login.code_failed"); ERR_RATE_LIMITED
 * while either must wait.
 */
MUST_CHECK enum err_code auth_login_code(struct store *st,
                                         const char *ticket,
                                         const char *code,
                                         const struct session_client *client,
                                         char token[AUTH_TOKEN_MAX],
                                         struct auth_user *user,
                                         struct err *err);
/* Finds the live session of a cookie token; ERR_UNAUTHENTICATED if none. */
MUST_CHECK enum err_code
auth_session(struct store *st, const char *token, struct auth_user *user, struct err *err);
/* As auth_session, at the instant now_ms (a session ends after its time). */
MUST_CHECK enum err_code auth_session_at(
    struct store *st, const char *token, int64_t now_ms, struct auth_user *user, struct err *err);
/* Ends the session of a cookie token (no error if it is already gone). */
MUST_CHECK enum err_code auth_logout(struct store *st, const char *token, struct err *err);
/*
 * Creates a bearer token for the user u (a signed-in session) from input
 * {"label", "access": "read"|"write" (default read), "township": one
 * where u may act, or null, "area": an area's name (record/area.h) or
 * null, "expires_in_days": 1..AUTH_TOKEN_MAX_DAYS (default
 * AUTH_TOKEN_DEFAULT_DAYS)}, already checked against auth_token_fields;
 * ERR_INVALID naming a township or area that is not one. token receives
 * the secret (shown once), *item the token as auth_token_list lists it.
 */
MUST_CHECK enum err_code auth_token_create(struct store *st,
                                           const struct auth_user *u,
                                           const json_t *input,
                                           char token[AUTH_TOKEN_MAX],
                                           json_t **item,
                                           struct err *err);
/* The fields auth_token_create takes (for the route's check and the API's
 * description). */
extern const struct field auth_token_fields[];
/* Finds the user and scope of a live bearer token (not expired, its user
 * not disabled); ERR_UNAUTHENTICATED if none. */
MUST_CHECK enum err_code
auth_bearer(struct store *st, const char *token, struct auth_user *user, struct err *err);
/* The user's tokens as a new array of {"id", "label", "created", "access",
 * "township", "area", "expires"}. */
MUST_CHECK enum err_code
auth_token_list(struct store *st, int64_t user_id, json_t **items, struct err *err);
/* Revokes one of the user's tokens; ERR_NOT_FOUND if it is not theirs. */
MUST_CHECK enum err_code
auth_token_delete(struct store *st, int64_t user_id, int64_t id, struct err *err);

/* ---- shared by auth.c and tokens.c ---- */

/* The SHA-256 digest of a secret token, as it is kept. */
void auth_digest(const char *token, unsigned char out[32]);
/* A fresh random secret with a prefix ("ps_" session, "pt_" token, "pc_" CSRF). */
void auth_new_secret(const char *prefix, char out[AUTH_TOKEN_MAX]);
/* Runs the prepared s (parameters bound) for one user row into u: id,
 * login, role, township, person, CSRF, the person's name, the state of
 * two-factor sign-in, then (tokens) access, township and area of the
 * scope. ERR_UNAUTHENTICATED when there is none. */
MUST_CHECK enum err_code auth_load_user(struct store_stmt *s, struct auth_user *u, struct err *err);
/* Opens a session of user_id at the epoch of their credentials, for
 * client, at now_ms: token receives its secret and *user the user
 * (auth.c). */
MUST_CHECK enum err_code auth_open_session(struct store_conn *c,
                                           int64_t user_id,
                                           int64_t epoch,
                                           const struct session_client *client,
                                           int64_t now_ms,
                                           char token[AUTH_TOKEN_MAX],
                                           struct auth_user *user,
                                           struct err *err);
/* A ticket of user_id's credentials at epoch, for the second step of
 * signing in, valid AUTH_TICKET_TTL_MS from now_ms (auth_code.c). */
void auth_ticket_new(int64_t user_id, int64_t epoch, int64_t now_ms, char out[AUTH_TICKET_MAX]);

#endif
