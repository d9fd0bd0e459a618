/*
 * Option parsing and error reporting shared by the subcommands.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

enum err_code cli_parse(int argc, char **argv, struct cli_opt *opts, struct err *err)
{
    for (int i = 0; i < argc; i++) {
        struct cli_opt *o = opts;
        while (o->name != NULL && strcmp(o->name, argv[i]) != 0) {
            o++;
        }
        if (o->name == NULL) {
            return err_set(err, ERR_INVALID, argv[i], "未知选项 %s", "unknown option %s", argv[i]);
        }
        if (o->value == NULL) {
            *o->flag = true;
            continue;
        }
        if (i + 1 == argc) {
            return err_set(err, ERR_INVALID, o->name, "选项 %s 缺少参数", "option %s needs a value",
                           o->name);
        }
        *o->value = argv[++i];
    }
    for (struct cli_opt *o = opts; o->name != NULL; o++) {
        if (o->required && (o->value == NULL || *o->value == NULL)) {
            return err_set(err, ERR_INVALID, o->name, "缺少选项 %s", "missing option %s", o->name);
        }
    }
    return ERR_OK;
}

enum err_code cli_take_all(
    int *argc, char **argv, const char *name, char **values, size_t max, size_t *n, struct err *err)
{
    int kept = 0;
    *n = 0;
    for (int i = 0; i < *argc; i++) {
        if (strcmp(argv[i], name) != 0) {
            argv[kept++] = argv[i];
            continue;
        }
        if (i + 1 == *argc) {
            return err_set(err, ERR_INVALID, name, "选项 %s 缺少参数", "option %s needs a value",
                           name);
        }
        if (*n == max) {
            return err_set(err, ERR_INVALID, name, "选项 %s 最多 %zu 个", "at most %zu %s options",
                           max, name);
        }
        values[(*n)++] = argv[++i];
    }
    *argc = kept;
    return ERR_OK;
}

int cli_fail(const struct err *err)
{
    /* One line, Chinese first, then English. */
    fprintf(stderr, "probity: %s / %s\n", err_message(err, false), err_message(err, true));
    return err_exit_code(err->code);
}
