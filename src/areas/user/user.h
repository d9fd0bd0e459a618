/*
 * Users: who may sign in, with which role, in which township, and the
 * account's lifecycle (a new password, disabled and enabled again, the
 * role changed, every session and token ended, two-factor sign-in set up,
 * turned off or reset). Each is a command and a record ("user.created",
 * "user.updated", the login sealed, never a secret); the password's
 * Argon2id hash, the TOTP secret and the epoch that ends sessions are
 * operational state kept beside it (credentials table). An administrator
 * manages every user; a township administrator those of their township
 * with its working roles (manage.c). See docs/security.md, "Accounts".
 */
#ifndef PROBITY_USER_H
#define PROBITY_USER_H

#include "areas/user/totp.h"
#include "record/command.h"
#include "record/vault.h"

#define USER_ROW(X)                                                                                \
    X(login, TEXT)                                                                                 \
    X(role, TEXT)                                                                                  \
    X(township_id, TEXT)                                                                           \
    X(person_id, INT)                                                                              \
    X(created, TEXT)                                                                               \
    X(disabled, TEXT)                                                                              \
    X(disabled_reason, TEXT)                                                                       \
    X(password_changed, TEXT)                                                                      \
    X(sessions_ended, TEXT)                                                                        \
    X(totp, TEXT)                                                                                  \
    X(totp_changed, TEXT)

#define USER_READER(name, type) ENTITY_ACCESSOR(user, name, type)
USER_ROW(USER_READER)
#undef USER_READER

extern const struct entity user_entity;
/* Every role with its names, the public first (a role field offers the
 * rest: user_role_choices + 1). */
extern const struct choice user_role_choices[];
extern const struct command user_create_command;
/* account.c: the lifecycle. */
extern const struct command user_update_command;
extern const struct command user_disable_command;
extern const struct command user_enable_command;
extern const struct command user_reset_password_command;
extern const struct command user_end_sessions_command;
extern const struct command user_change_password_command;
/* two_factor.c: TOTP two-factor sign-in. */
extern const struct command user_totp_enrol_command;
extern const struct command user_totp_confirm_command;
extern const struct command user_totp_disable_command;
extern const struct command user_totp_reset_command;

/*
 * Creates a user from input {"login","role","township","person_id",
 * "password"}: login is 3..40 of [a-z0-9._-]; a township-scoped role needs
 * an existing township and a city-wide role none; person_id (optional) must
 * be a person of that township. Without "password" one is generated and
 * returned once in the result as "password"; a given one must pass the
 * policy (password.h). The caller must hold user.admin and may give the
 * role in the township (user_check_grant). *result is
 * {"item","event"[,"password"]}. Errors: ERR_INVALID, ERR_CONFLICT (login
 * taken), ERR_FORBIDDEN. The command user_create_command, run for the
 * command line and the demo.
 */
MUST_CHECK enum err_code user_create(struct store_conn *c,
                                     const struct actor *who,
                                     const json_t *input,
                                     json_t **result,
                                     struct err *err);
/* A page of users {"items","total","limit","offset"}: their rows, each
 * with "person_name" and "person_name_en" (the linked person's, or null);
 * only those of township when it is not NULL. */
MUST_CHECK enum err_code user_list(struct store_conn *c,
                                   const char *township,
                                   int64_t limit,
                                   int64_t offset,
                                   json_t **page,
                                   struct err *err);
/* The id of the user who signs in as login; ERR_NOT_FOUND (field "login")
 * when there is none. */
MUST_CHECK enum err_code
user_id_of(struct store_conn *c, const char *login, int64_t *id, struct err *err);

/* ---- shared by the area's commands (user.c) ---- */

/* Checks a role and its township (NULL: none) go together: a
 * township-scoped role has one, a city-wide role none (field "township"). */
MUST_CHECK enum err_code user_check_role(const char *role, const char *township, struct err *err);
/* Checks that row's township and person exist and go together. */
MUST_CHECK enum err_code user_check_refs(struct store_conn *c, const json_t *row, struct err *err);
/* Records "user.updated" with row, the whole new row (its login sealed). */
MUST_CHECK enum err_code
user_record_update(const struct ctx *x, const json_t *row, struct event_ref *ref, struct err *err);
/* Keeps hash (Argon2id, password.h) as the user's password. */
MUST_CHECK enum err_code
user_set_hash(struct store_conn *c, int64_t user_id, const char *hash, struct err *err);
/* Ends every session of the user, wherever it was opened (their
 * credentials' epoch moves on), and with tokens, revokes their API
 * tokens too. */
MUST_CHECK enum err_code
user_end_all(struct store_conn *c, int64_t user_id, bool tokens, struct err *err);
/* Loads the row of user id (ERR_NOT_FOUND) into a new *row. */
MUST_CHECK enum err_code user_load(struct store_conn *c, int64_t id, json_t **row, struct err *err);
/*
 * Checks the current password of who, a signed-in user acting from a
 * session (ERR_FORBIDDEN for a token or the system), throttled as signing
 * in is, as the pair (login, THROTTLE_PASSWORD_CHANGE): ERR_RATE_LIMITED
 * while it must wait, ERR_INVALID naming field when it is wrong (logged
 * "password.refused"). Slow (Argon2id): call it before the write
 * transaction (a command's prepare), on x->c or a connection of x->store.
 */
MUST_CHECK enum err_code user_check_own_password(const struct ctx *x,
                                                 const char *password,
                                                 const char *field,
                                                 struct err *err);

/* ---- one's own sessions (own_sessions.c) ---- */

/*
 * The live sessions of user_id at now_ms, the newest first, as JSON items
 * (new reference) {"id", "signed_in", "last_used", "ends", "address",
 * "device" (the browser's User-Agent, or null), "current"}: current is
 * the one whose cookie secret is token (NULL: none).
 */
json_t *user_sessions_json(int64_t user_id, const char *token, int64_t now_ms);
/*
 * Ends a session of who's, the user signed in with the session of token,
 * with their password again (user_check_own_password: throttled, slow):
 * the one whose handle is id, or with id NULL every one but the current;
 * *ended receives how many. ERR_FORBIDDEN without a session (a token);
 * ERR_INVALID (field "id") for the current session (signing out ends it);
 * ERR_NOT_FOUND (field "id") when they have no such session. Logged
 * "sessions.ended".
 */
MUST_CHECK enum err_code user_sessions_end(const struct ctx *x,
                                           const char *token,
                                           const char *password,
                                           const char *id,
                                           int *ended,
                                           struct err *err);

/* ---- security notices to the user (notices.c) ---- */

/* Keeps a notice of kind ("code_replayed") for user_id, from address, at
 * now_ms, on c as it is. */
MUST_CHECK enum err_code user_notice_add(struct store_conn *c,
                                         int64_t user_id,
                                         const char *kind,
                                         const char *address,
                                         int64_t now_ms,
                                         struct err *err);
/* The notices user_id has not seen yet, the newest first (at most 20), as
 * a new array of {"id", "kind", "at", "address"}. */
MUST_CHECK enum err_code
user_notices_json(struct store *st, int64_t user_id, json_t **out, struct err *err);
/* Notes that user_id has seen every notice; *seen receives how many. */
MUST_CHECK enum err_code
user_notices_seen(struct store *st, int64_t user_id, int64_t now_ms, int *seen, struct err *err);

/* ---- two-factor sign-in (two_factor.c) ---- */

/* The vault's purpose of the TOTP secrets, and the size of one sealed. */
#define USER_TOTP_PURPOSE      "totp-sec"
#define USER_TOTP_SEALED_BYTES (TOTP_SECRET_BYTES + VAULT_OVERHEAD)
/* The user area's step when a node opens (record/area.h): seals the TOTP
 * secrets a node of schema 16 kept in the clear. */
MUST_CHECK enum err_code user_open(struct store *st, struct err *err);
/*
 * Checks code against the TOTP secret of user_id at the Unix time now_s
 * (totp.h) and, when it is accepted, keeps its step as the last one used,
 * unless another use took that step first (then TOTP_REPLAYED): *result.
 * A user without a secret gets TOTP_WRONG. Runs on c as it is (inside a
 * command's transaction, or a single statement of its own).
 */
MUST_CHECK enum err_code user_totp_use(struct store_conn *c,
                                       int64_t user_id,
                                       int64_t now_s,
                                       const char *code,
                                       enum totp_result *result,
                                       struct err *err);

/* ---- who manages whom (manage.c) ---- */

/* The name an office knows a user by, in both languages. */
struct user_name {
    char zh[256];
    char en[256];
};

/* True when who may give role (an identifier) to a user: an administrator
 * any role, a township administrator (a township-scoped holder of
 * user.admin) only a township-scoped role that does not manage users. */
bool user_may_grant(const struct actor *who, const char *role);
/* The roles who may give, as a new array of identifiers (GET /session). */
json_t *user_grantable_roles_json(const struct actor *who);
/*
 * Checks that who may make a user of role in township (NULL: none): the
 * role must be one who may give (ERR_FORBIDDEN, field "role"), a township
 * administrator's users belong to their own township (ERR_FORBIDDEN,
 * field "township"), and the policy (user.admin there, a token's
 * township). name is the user's (user_name_of), or NULL for a new user;
 * the messages say it.
 */
MUST_CHECK enum err_code user_check_grant(struct store_conn *c,
                                          const struct actor *who,
                                          const char *role,
                                          const char *township,
                                          const struct user_name *name,
                                          struct err *err);
/* The name an office knows the user of row by: their person's name, else
 * their role and township ("直埠镇的一个文书账号", "a clerk's account of
 * Zhibu Town"); never the login nor an id. */
MUST_CHECK enum err_code
user_name_of(struct store_conn *c, const json_t *row, struct user_name *name, struct err *err);
/*
 * Loads the row of user id for a step of who's on that account (*row, a
 * new reference): who must hold user.admin, and a township administrator
 * manages only the users of their own township whose role they may give
 * (ERR_FORBIDDEN naming the user); ERR_NOT_FOUND when there is none.
 */
MUST_CHECK enum err_code user_load_managed(
    struct store_conn *c, const struct actor *who, int64_t id, json_t **row, struct err *err);

#endif
