/*
 * probity user: add a user (password from stdin or generated) or list
 * them; the account's lifecycle is cmd_account.c.
 */
#include "cli/cli.h"

#include "areas/user/user.h"
#include "core/alloc.h"
#include "record/actor.h"
#include "record/node.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Reads the first line of stdin when it is not a terminal; "" otherwise. */
static void read_password(char *out, size_t size)
{
    out[0] = '\0';
    if (isatty(STDIN_FILENO) || fgets(out, (int)size, stdin) == NULL) {
        out[0] = '\0';
        return;
    }
    out[strcspn(out, "\r\n")] = '\0';
}

static int user_add(int argc, char **argv)
{
    const char *data = NULL, *login = NULL, *role = NULL, *township = NULL, *person = NULL;
    struct cli_opt opts[] = {
        {"--data", &data, NULL, true},      {"--login", &login, NULL, true},
        {"--role", &role, NULL, true},      {"--township", &township, NULL, false},
        {"--person", &person, NULL, false}, {NULL, NULL, NULL, false},
    };
    struct err err;
    struct store *st = NULL;
    char password[256];
    json_t *input = NULL, *result = NULL;
    err_init(&err);
    if (cli_parse(argc, argv, opts, &err) != ERR_OK) {
        return cli_fail(&err);
    }
    read_password(password, sizeof(password));
    input = json_pack("{ss, ss, ss?}", "login", login, "role", role, "township", township);
    if (person != NULL) {
        char *end = NULL;
        long long id = strtoll(person, &end, 10);
        json_object_set_new(input, "person_id",
                            *end == '\0' ? json_integer(id) : json_string(person));
    }
    if (password[0] != '\0') {
        json_object_set_new(input, "password", json_string(password));
    }
    sodium_memzero(password, sizeof(password));
    enum err_code rc = node_open(data, 1, &st, &err);
    if (rc == ERR_OK) {
        struct store_conn *c = store_acquire(st);
        rc = user_create(c, &actor_system, input, &result, &err);
        store_release(c);
        store_close(st);
    }
    json_decref(input);
    if (rc != ERR_OK) {
        return cli_fail(&err);
    }
    const char *generated = json_string_value(json_object_get(result, "password"));
    printf("已添加用户 / added user %s (%s)\n", login, role);
    if (generated != NULL) {
        printf("密码(仅显示一次)/ password (shown once): %s\n", generated);
    }
    json_decref(result);
    return 0;
}

static int user_list_cmd(int argc, char **argv)
{
    const char *data = NULL;
    struct cli_opt opts[] = {{"--data", &data, NULL, true}, {NULL, NULL, NULL, false}};
    struct err err;
    struct store *st = NULL;
    json_t *page = NULL;
    err_init(&err);
    if (cli_parse(argc, argv, opts, &err) != ERR_OK || node_open(data, 1, &st, &err) != ERR_OK) {
        return cli_fail(&err);
    }
    struct store_conn *c = store_acquire(st);
    enum err_code rc = user_list(c, NULL, 1000, 0, &page, &err);
    store_release(c);
    store_close(st);
    if (rc != ERR_OK) {
        return cli_fail(&err);
    }
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(page, "items"), i, u)
    {
        const char *township = json_string_value(json_object_get(u, "township_id"));
        printf("%-24s %-22s %-16s%s\n", json_string_value(json_object_get(u, "login")),
               json_string_value(json_object_get(u, "role")), township ? township : "(city)",
               json_is_string(json_object_get(u, "disabled")) ? " 已停用 / disabled" : "");
    }
    json_decref(page);
    return 0;
}

int cmd_user(int argc, char **argv)
{
    if (argc > 0 && strcmp(argv[0], "add") == 0) {
        return user_add(argc - 1, argv + 1);
    }
    if (argc > 0 && strcmp(argv[0], "list") == 0) {
        return user_list_cmd(argc - 1, argv + 1);
    }
    int rc = argc > 0 ? cmd_user_account(argv[0], argc - 1, argv + 1) : -1;
    if (rc >= 0) {
        return rc;
    }
    fprintf(stderr, "probity: 用法 / usage: probity user "
                    "add|list|password|disable|enable|role|sign-out|totp-reset --data DIR ...\n");
    return 2;
}
