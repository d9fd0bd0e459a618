/*
 * probity serve: the HTTP server over a data folder.
 */
#include "cli/cli.h"

#include "domain/node.h"
#include "http/server.h"

#include <stdlib.h>

int cmd_serve(int argc, char **argv)
{
    const char *data = NULL;
    const char *listen = "127.0.0.1:8080";
    const char *web = NULL;
    const char *threads = "4";
    struct cli_opt opts[] = {
        {"--data", &data, NULL, true}, {"--listen", &listen, NULL, false},
        {"--web", &web, NULL, false},  {"--threads", &threads, NULL, false},
        {NULL, NULL, NULL, false},
    };
    struct err err;
    struct store *st = NULL;
    err_init(&err);
    if (cli_parse(argc, argv, opts, &err) != ERR_OK) {
        return cli_fail(&err);
    }
    char *end = NULL;
    long n = strtol(threads, &end, 10);
    if (*end != '\0' || n < 1 || n > 64) {
        err_set(&err, ERR_INVALID, "--threads", "--threads 须为 1 到 64",
                "--threads must be 1 to 64");
        return cli_fail(&err);
    }
    if (node_open(data, (int)n + 1, &st, &err) != ERR_OK) {
        return cli_fail(&err);
    }
    struct server_config cfg = {.listen = listen, .web_dir = web, .threads = (int)n, .store = st};
    enum err_code rc = server_run(&cfg, &err);
    store_close(st);
    return rc == ERR_OK ? 0 : cli_fail(&err);
}
