/*
 * probity serve: the HTTP server over a data folder; with --witness, a
 * background thread asks the witnesses to cosign each new checkpoint
 * (docs/monitor.md, "Witness").
 */
#include "cli/cli.h"

#include "client/fetch.h"
#include "domain/node.h"
#include "http/server.h"
#include "monitor/cosigning.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#define SERVE_MAX_WITNESSES 16

int cmd_serve(int argc, char **argv)
{
    const char *data = NULL;
    const char *listen = "127.0.0.1:8080";
    const char *web = NULL;
    const char *threads = "4";
    char *witnesses[SERVE_MAX_WITNESSES];
    size_t n_witnesses = 0;
    struct cli_opt opts[] = {
        {"--data", &data, NULL, true}, {"--listen", &listen, NULL, false},
        {"--web", &web, NULL, false},  {"--threads", &threads, NULL, false},
        {NULL, NULL, NULL, false},
    };
    struct err err;
    struct store *st = NULL;
    struct cosigning *cs = NULL;
    err_init(&err);
    if (cli_take_all(&argc, argv, "--witness", witnesses, SERVE_MAX_WITNESSES, &n_witnesses,
                     &err) != ERR_OK ||
        cli_parse(argc, argv, opts, &err) != ERR_OK) {
        return cli_fail(&err);
    }
    char *end = NULL;
    long n = strtol(threads, &end, 10);
    if (*end != '\0' || n < 1 || n > 64) {
        err_set(&err, ERR_INVALID, "--threads", "--threads 须为 1 到 64",
                "--threads must be 1 to 64");
        return cli_fail(&err);
    }
    if (node_open(data, (int)n + 2, &st, &err) != ERR_OK) {
        return cli_fail(&err);
    }
    if (n_witnesses > 0) {
        /* The stop signals go to server_run's sigwait, never to the
         * submitter thread, which inherits this mask. */
        sigset_t stop;
        sigemptyset(&stop);
        sigaddset(&stop, SIGINT);
        sigaddset(&stop, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &stop, NULL);
        signal(SIGPIPE, SIG_IGN);
        fetch_global_init();
        if (cosigning_start(st, witnesses, n_witnesses, &cs, &err) != ERR_OK) {
            store_close(st);
            fetch_global_cleanup();
            return cli_fail(&err);
        }
    }
    struct server_config cfg = {.listen = listen, .web_dir = web, .threads = (int)n, .store = st};
    enum err_code rc = server_run(&cfg, &err);
    if (n_witnesses > 0) {
        cosigning_stop(cs);
        fetch_global_cleanup();
    }
    store_close(st);
    return rc == ERR_OK ? 0 : cli_fail(&err);
}
