/*
 * probity monitor: the city discipline commission's node. It follows
 * township nodes (--follow URL=VKEY, repeatable), verifies and mirrors
 * their logs from their tiles, reads their sealed parts with an
 * inspector's token (--sealed-token URL=FILE, repeatable), records alerts, acts as their witness
 * (POST /add-checkpoint) and serves the monitor API, and with --web the
 * web app, over its own data folder (made by probity init). See
 * docs/monitor.md.
 */
#include "cli/cli.h"

#include "client/fetch.h"
#include "http/server.h"
#include "monitor/follow.h"
#include "record/node.h"

#include <stdlib.h>

#define MONITOR_MAX_FOLLOW 256

int cmd_monitor(int argc, char **argv)
{
    const char *data = NULL;
    const char *listen = "127.0.0.1:8090";
    const char *web = NULL;
    const char *threads = "4";
    const char *poll = "5";
    const char *unreachable = "30";
    char *follow[MONITOR_MAX_FOLLOW];
    char *tokens[MONITOR_MAX_FOLLOW];
    size_t n_follow = 0, n_tokens = 0;
    struct cli_opt opts[] = {
        {"--data", &data, NULL, true},  {"--listen", &listen, NULL, false},
        {"--web", &web, NULL, false},   {"--threads", &threads, NULL, false},
        {"--poll", &poll, NULL, false}, {"--unreachable-after", &unreachable, NULL, false},
        {NULL, NULL, NULL, false},
    };
    struct err err;
    struct store *st = NULL;
    struct follow_set *set = NULL;
    struct follow_options fo = {0};
    err_init(&err);
    if (cli_take_all(&argc, argv, "--follow", follow, MONITOR_MAX_FOLLOW, &n_follow, &err) !=
            ERR_OK ||
        cli_take_all(&argc, argv, "--sealed-token", tokens, MONITOR_MAX_FOLLOW, &n_tokens, &err) !=
            ERR_OK ||
        cli_parse(argc, argv, opts, &err) != ERR_OK ||
        cli_seconds(poll, "--poll", &fo.poll_ms, &err) != ERR_OK ||
        cli_seconds(unreachable, "--unreachable-after", &fo.unreachable_ms, &err) != ERR_OK) {
        return cli_fail(&err);
    }
    fo.sealed_tokens = tokens;
    fo.n_sealed_tokens = n_tokens;
    int n = 0;
    if (cli_threads(threads, &n, &err) != ERR_OK) {
        return cli_fail(&err);
    }
    /* A follower holds up to two connections while it mirrors. */
    if (node_open(data, SERVER_STORE_CONNS(n) + 2 * (int)n_follow, &st, &err) != ERR_OK) {
        return cli_fail(&err);
    }
    server_block_signals(); /* before the follower threads */
    fetch_global_init();
    enum err_code rc = follow_start(st, follow, n_follow, &fo, &set, &err);
    if (rc == ERR_OK) {
        struct server_config cfg = {.listen = listen, .web_dir = web, .threads = n, .store = st};
        rc = server_run(&cfg, &err);
        follow_stop(set);
    }
    fetch_global_cleanup();
    store_close(st);
    return rc == ERR_OK ? 0 : cli_fail(&err);
}
