/*
 * Users: who may sign in, with which role, in which township, and the
 * account's lifecycle (a new password, disabled and enabled again, the
 * role changed, every session and token ended). Each is a command and a
 * record ("user.created", "user.updated", the login sealed, never a
 * secret); the password's Argon2id hash and the epoch that ends sessions
 * are operational state kept beside it (credentials table). See
 * docs/security.md, "Accounts".
 */
#ifndef PROBITY_USER_H
#define PROBITY_USER_H

#include "record/command.h"

#define USER_ROW(X)                                                                                \
    X(login, TEXT)                                                                                 \
    X(role, TEXT)                                                                                  \
    X(township_id, TEXT)                                                                           \
    X(person_id, INT)                                                                              \
    X(created, TEXT)                                                                               \
    X(disabled, TEXT)                                                                              \
    X(disabled_reason, TEXT)                                                                       \
    X(password_changed, TEXT)                                                                      \
    X(sessions_ended, TEXT)

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

/*
 * Creates a user from input {"login","role","township","person_id",
 * "password"}: login is 3..40 of [a-z0-9._-]; a township-scoped role needs
 * an existing township and a city-wide role none; person_id (optional) must
 * be a person of that township. Without "password" one is generated and
 * returned once in the result as "password"; a given one must pass the
 * policy (password.h). The caller must hold user.admin. *result is
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
 * with "person_name" and "person_name_en" (the linked person's, or null). */
MUST_CHECK enum err_code
user_list(struct store_conn *c, int64_t limit, int64_t offset, json_t **page, struct err *err);
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

#endif
