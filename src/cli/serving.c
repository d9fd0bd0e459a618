/*
 * What the serving subcommands (serve, monitor) share: the --threads
 * option.
 */
#include "cli/cli.h"

#include <stdlib.h>

enum err_code cli_threads(const char *text, int *n, struct err *err)
{
    char *end = NULL;
    long v = strtol(text, &end, 10);
    if (end == text || *end != '\0' || v < 1 || v > 64) {
        return err_set(err, ERR_INVALID, "--threads", "--threads 须为 1 到 64",
                       "--threads must be 1 to 64");
    }
    *n = (int)v;
    return ERR_OK;
}
