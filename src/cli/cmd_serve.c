/*
 * probity serve: the HTTP server over a data folder; with --witness, a
 * background thread asks the witnesses to cosign each new checkpoint
 * (docs/monitor.md, "Witness").
 */
#include "cli/cli.h"

#include "client/fetch.h"
#include "http/server.h"
#include "monitor/cosigning.h"
#include "record/node.h"

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
    int n = 0;
    if (cli_threads(threads, &n, &err) != ERR_OK || node_open(data, n + 2, &st, &err) != ERR_OK) {
        return cli_fail(&err);
    }
    if (n_witnesses > 0) {
        server_block_signals(); /* before the submitter thread */
        fetch_global_init();
        if (cosigning_start(st, witnesses, n_witnesses, &cs, &err) != ERR_OK) {
            store_close(st);
            fetch_global_cleanup();
            return cli_fail(&err);
        }
    }
    struct server_config cfg = {.listen = listen, .web_dir = web, .threads = n, .store = st};
    enum err_code rc = server_run(&cfg, &err);
    if (n_witnesses > 0) {
        cosigning_stop(cs);
        fetch_global_cleanup();
    }
    store_close(st);
    return rc == ERR_OK ? 0 : cli_fail(&err);
}
