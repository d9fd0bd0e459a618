/*
 * Users: who may sign in, with which role, in which township. Creating a
 * user is an event ("user.created", without any secret); the password's
 * Argon2id hash is operational state kept beside it (credentials table).
 * See docs/security.md.
 */
#ifndef PROBITY_USER_H
#define PROBITY_USER_H

#include "record/command.h"

extern const struct entity user_entity;
extern const struct command user_create_command;

/* Shortest password accepted. */
#define USER_PASSWORD_MIN 12
/* Length of a generated password. */
#define USER_PASSWORD_GENERATED 16

/*
 * Creates a user from input {"login","role","township","person_id",
 * "password"}: login is 3..40 of [a-z0-9._-]; a township-scoped role needs
 * an existing township and a city-wide role none; person_id (optional) must
 * be a person of that township. Without "password" one is generated and
 * returned once in the result as "password". The caller must hold
 * user.admin. *result is {"item","event"[,"password"]}. Errors:
 * ERR_INVALID, ERR_CONFLICT (login taken), ERR_FORBIDDEN. The command
 * user_create_command, run for the command line and the demo.
 */
MUST_CHECK enum err_code user_create(struct store_conn *c,
                                     const struct actor *who,
                                     const json_t *input,
                                     json_t **result,
                                     struct err *err);
/* A page of users {"items","total","limit","offset"}. */
MUST_CHECK enum err_code
user_list(struct store_conn *c, int64_t limit, int64_t offset, json_t **page, struct err *err);

#endif
