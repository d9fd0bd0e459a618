/*
 * What the serving subcommands (serve, monitor) share: the --threads
 * option and the parsing of numbers and seconds.
 */
#include "cli/cli.h"

#include <stdlib.h>

enum err_code cli_threads(const char *text, int *n, struct err *err)
{
    return cli_number(text, "--threads", 1, 64, n, err);
}

enum err_code
cli_number(const char *text, const char *name, long min, long max, int *n, struct err *err)
{
    char *end = NULL;
    long v = strtol(text, &end, 10);
    if (end == text || *end != '\0' || v < min || v > max) {
        return err_set(err, ERR_INVALID, name, "%s 须为 %ld 到 %ld", "%s must be %ld to %ld", name,
                       min, max);
    }
    *n = (int)v;
    return ERR_OK;
}

enum err_code cli_seconds(const char *text, const char *name, int64_t *ms, struct err *err)
{
    char *end = NULL;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || !(v >= 0.1 && v <= 86400)) {
        return err_set(err, ERR_INVALID, name, "%s 须为 0.1 到 86400 秒",
                       "%s must be 0.1 to 86400 seconds", name);
    }
    *ms = (int64_t)(v * 1000);
    return ERR_OK;
}
