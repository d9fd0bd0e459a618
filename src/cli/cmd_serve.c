/*
 * probity serve: the HTTP server over a data folder, with its connection
 * limits (docs/http.md, "Limits") and the reverse proxies it trusts; with
 * --witness, a background thread asks the witnesses to cosign each new
 * checkpoint (docs/monitor.md, "Witness"); with --replica, reads go to a
 * PostgreSQL hot standby (docs/deployment.md, "PostgreSQL"); public reads
 * are answered from memory (--cache-mb, docs/http.md, "The answer cache").
 */
#include "cli/cli.h"

#include "client/fetch.h"
#include "http/server.h"
#include "monitor/cosigning.h"
#include "record/node.h"

#define SERVE_MAX_PROXIES   16
#define SERVE_MAX_WITNESSES 16

int cmd_serve(int argc, char **argv)
{
    const char *data = NULL;
    const char *listen = "127.0.0.1:8080";
    const char *web = NULL;
    const char *threads = "4";
    const char *max_connections = NULL, *per_address = NULL;
    const char *header_timeout = NULL, *body_timeout = NULL;
    const char *replica = NULL, *cache_mb = NULL;
    char *witnesses[SERVE_MAX_WITNESSES];
    char *proxies[SERVE_MAX_PROXIES];
    size_t n_witnesses = 0, n_proxies = 0;
    struct cli_opt opts[] = {
        {"--data", &data, NULL, true},
        {"--listen", &listen, NULL, false},
        {"--web", &web, NULL, false},
        {"--threads", &threads, NULL, false},
        {"--max-connections", &max_connections, NULL, false},
        {"--per-address", &per_address, NULL, false},
        {"--header-timeout", &header_timeout, NULL, false},
        {"--body-timeout", &body_timeout, NULL, false},
        {"--replica", &replica, NULL, false},
        {"--cache-mb", &cache_mb, NULL, false},
        {NULL, NULL, NULL, false},
    };
    struct server_config cfg = {.listen = listen};
    int mb = SERVER_CACHE_MB;
    struct err err;
    struct store *st = NULL;
    struct cosigning *cs = NULL;
    err_init(&err);
    if (cli_take_all(&argc, argv, "--witness", witnesses, SERVE_MAX_WITNESSES, &n_witnesses,
                     &err) != ERR_OK ||
        cli_take_all(&argc, argv, "--trusted-proxy", proxies, SERVE_MAX_PROXIES, &n_proxies,
                     &err) != ERR_OK ||
        cli_parse(argc, argv, opts, &err) != ERR_OK ||
        (max_connections != NULL && cli_number(max_connections, "--max-connections", 8, 100000,
                                               &cfg.max_connections, &err) != ERR_OK) ||
        (per_address != NULL &&
         cli_number(per_address, "--per-address", 1, 100000, &cfg.per_address, &err) != ERR_OK) ||
        (cache_mb != NULL && cli_number(cache_mb, "--cache-mb", 0, 65536, &mb, &err) != ERR_OK) ||
        (header_timeout != NULL &&
         cli_seconds(header_timeout, "--header-timeout", &cfg.header_ms, &err) != ERR_OK) ||
        (body_timeout != NULL &&
         cli_seconds(body_timeout, "--body-timeout", &cfg.body_ms, &err) != ERR_OK)) {
        return cli_fail(&err);
    }
    cfg.listen = listen;
    cfg.web_dir = web;
    cfg.trusted_proxies = (const char *const *)proxies;
    cfg.n_trusted_proxies = n_proxies;
    int n = 0;
    if (node_exists(data) && !node_writable(data)) {
        err_set(&err, ERR_IO, "data",
                "数据目录 %s 不可写:服务须能写入它(只读的副本可用 probity verify 检查)",
                "the data folder %s cannot be written: serving needs to write to it (a read-only "
                "copy can be checked with probity verify)",
                data);
        return cli_fail(&err);
    }
    if (cli_threads(threads, &n, &err) != ERR_OK ||
        node_open(data, SERVER_STORE_CONNS(n), &st, &err) != ERR_OK) {
        return cli_fail(&err);
    }
    if (replica != NULL && store_add_replica(st, replica, SERVER_STORE_CONNS(n), &err) != ERR_OK) {
        store_close(st);
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
    cfg.threads = n;
    cfg.store = st;
    /* A standby may not yet show what this process knows the log holds:
     * with one, every public read is answered afresh. */
    cfg.cache_bytes = replica != NULL ? 0 : (size_t)mb << 20;
    enum err_code rc = server_run(&cfg, &err);
    if (n_witnesses > 0) {
        cosigning_stop(cs);
        fetch_global_cleanup();
    }
    store_close(st);
    return rc == ERR_OK ? 0 : cli_fail(&err);
}
