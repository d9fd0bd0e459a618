/*
 * Helpers shared by the unit tests of accounts (test_account.c,
 * test_totp.c): running a user command on a node's connection, and making
 * a member of diankou who signs in with a given password. Include after
 * unit.h and unit_node.h.
 */
#ifndef PROBITY_UNIT_ACCOUNT_H
#define PROBITY_UNIT_ACCOUNT_H

#include "areas/user/user.h"

#include <stdio.h>

/* Runs cmd on user id as who at now with input as JSON text (NULL: none);
 * keeps *result when result is not NULL. */
static inline enum err_code unit_account_run(struct store_conn *c,
                                             const struct actor *who,
                                             const struct command *cmd,
                                             int64_t id,
                                             const char *input,
                                             json_t **result,
                                             struct err *err)
{
    json_t *in = input ? unit_json(input) : NULL, *out = NULL;
    const struct ctx x = {.c = c, .who = who, .now_ms = utc_now_ms()};
    const struct args a = {.cmd = cmd, .id = id, .input = in};
    enum err_code rc = command_run(&x, cmd, &a, &out, err);
    json_decref(in);
    if (result != NULL) {
        *result = out;
    } else {
        json_decref(out);
    }
    return rc;
}

/* Creates a member of diankou signing in as login with password; its id. */
static inline int64_t
unit_account_member(struct store_conn *c, const char *login, const char *password)
{
    char input[256];
    json_t *result = NULL;
    struct err err;
    err_init(&err);
    snprintf(input, sizeof(input),
             "{\"login\":\"%s\",\"role\":\"member\",\"township\":\"diankou\",\"password\":\"%s\"}",
             login, password);
    assert_int_equal(
        unit_account_run(c, &actor_system, &user_create_command, 0, input, &result, &err), ERR_OK);
    int64_t id = json_integer_value(json_object_get(json_object_get(result, "item"), "id"));
    json_decref(result);
    return id;
}

#endif
