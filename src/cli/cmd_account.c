/*
 * probity user password|disable|enable|role|sign-out|totp-reset: the account's
 * lifecycle from the command line, run as the system through the same
 * commands as the API (areas/user/user.h), so each is recorded. A server
 * running on the same data folder ends the user's sessions at their next
 * request (the credentials' epoch is in the database).
 */
#include "cli/cli.h"

#include "areas/user/user.h"
#include "record/actor.h"
#include "record/node.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One subcommand: its command and what it says when done. */
struct account_step {
    const char *name;
    const struct command *cmd;
    const char *done_zh;
    const char *done_en;
};

static const struct account_step steps[] = {
    {"password", &user_reset_password_command, "已设置新密码,其会话与令牌已全部结束",
     "set a new password; their sessions and tokens have ended"},
    {"disable", &user_disable_command, "已停用,其会话与令牌已全部结束",
     "disabled; their sessions and tokens have ended"},
    {"enable", &user_enable_command, "已重新启用", "enabled again"},
    {"role", &user_update_command, "已更改角色", "role changed"},
    {"sign-out", &user_end_sessions_command, "其会话与令牌已全部结束",
     "their sessions and tokens have ended"},
    {"totp-reset", &user_totp_reset_command, "已重置两步验证,其会话已全部结束",
     "two-factor sign-in reset; their sessions have ended"},
};

/* Reads a new password from stdin's first line when stdin is not a
 * terminal; "" otherwise (one is generated). */
static void read_new_password(char *out, size_t size)
{
    out[0] = '\0';
    if (isatty(STDIN_FILENO) || fgets(out, (int)size, stdin) == NULL) {
        out[0] = '\0';
        return;
    }
    out[strcspn(out, "\r\n")] = '\0';
}

/* The command's input from the options given. */
static json_t *step_input(const struct account_step *step,
                          const char *reason,
                          const char *role,
                          const char *township,
                          const char *person)
{
    json_t *input = json_object();
    if (strcmp(step->name, "password") == 0) {
        char password[256];
        read_new_password(password, sizeof(password));
        if (password[0] != '\0') {
            json_object_set_new(input, "password", json_string(password));
        }
        sodium_memzero(password, sizeof(password));
    } else if (strcmp(step->name, "disable") == 0 && reason != NULL) {
        json_object_set_new(input, "reason", json_string(reason));
    } else if (strcmp(step->name, "role") == 0) {
        json_object_set_new(input, "role", json_string(role != NULL ? role : ""));
        json_object_set_new(input, "township", township ? json_string(township) : json_null());
        if (person != NULL) {
            char *end = NULL;
            long long id = strtoll(person, &end, 10);
            json_object_set_new(input, "person_id",
                                *end == '\0' ? json_integer(id) : json_string(person));
        } else {
            json_object_set_new(input, "person_id", json_null());
        }
    }
    return input;
}

static int run_step(const struct account_step *step, int argc, char **argv)
{
    const char *data = NULL, *login = NULL, *reason = NULL, *role = NULL, *township = NULL;
    const char *person = NULL;
    struct cli_opt opts[7];
    size_t n = 0;
    opts[n++] = (struct cli_opt){"--data", &data, NULL, true};
    opts[n++] = (struct cli_opt){"--login", &login, NULL, true};
    if (strcmp(step->name, "disable") == 0) {
        opts[n++] = (struct cli_opt){"--reason", &reason, NULL, true};
    }
    if (strcmp(step->name, "role") == 0) {
        opts[n++] = (struct cli_opt){"--role", &role, NULL, true};
        opts[n++] = (struct cli_opt){"--township", &township, NULL, false};
        opts[n++] = (struct cli_opt){"--person", &person, NULL, false};
    }
    opts[n] = (struct cli_opt){NULL, NULL, NULL, false};
    struct err err;
    struct store *st = NULL;
    json_t *result = NULL;
    err_init(&err);
    if (cli_parse(argc, argv, opts, &err) != ERR_OK) {
        return cli_fail(&err);
    }
    json_t *input = step_input(step, reason, role, township, person);
    enum err_code rc = node_open(data, 1, &st, &err);
    if (rc == ERR_OK) {
        struct store_conn *c = store_acquire(st);
        int64_t id = 0;
        rc = user_id_of(c, login, &id, &err);
        if (rc == ERR_OK) {
            const struct ctx x = {.c = c, .who = &actor_system, .now_ms = utc_now_ms()};
            const struct args a = {.cmd = step->cmd, .id = id, .input = input};
            rc = command_run(&x, step->cmd, &a, &result, &err);
        }
        store_release(c);
        store_close(st);
    }
    json_decref(input);
    if (rc != ERR_OK) {
        return cli_fail(&err);
    }
    printf("%s:%s / %s: %s\n", login, step->done_zh, login, step->done_en);
    const char *generated = json_string_value(json_object_get(result, "password"));
    if (generated != NULL) {
        printf("新密码(仅显示一次)/ new password (shown once): %s\n", generated);
    }
    json_decref(result);
    return 0;
}

int cmd_user_account(const char *name, int argc, char **argv)
{
    for (size_t i = 0; i < ARRAY_SIZE(steps); i++) {
        if (strcmp(steps[i].name, name) == 0) {
            return run_step(&steps[i], argc, argv);
        }
    }
    return -1;
}
