/*
 * probity demo: load the Zhuji demo into a new data folder (its database
 * a SQLite file, or the PostgreSQL database --db or PROBITY_DB names).
 */
#include "cli/cli.h"

#include "demo/demo.h"
#include "record/event.h"
#include "record/node.h"

#include <stdio.h>
#include <stdlib.h>

int cmd_demo(int argc, char **argv)
{
    const char *data = NULL;
    const char *db = getenv("PROBITY_DB");
    bool logins_only = false;
    struct cli_opt opts[] = {
        {"--data", &data, NULL, false},
        {"--db", &db, NULL, false},
        {"--logins", NULL, &logins_only, false},
        {NULL, NULL, NULL, false},
    };
    struct err err;
    struct store *st = NULL;
    err_init(&err);
    if (cli_parse(argc, argv, opts, &err) != ERR_OK) {
        return cli_fail(&err);
    }
    if (logins_only) {
        demo_print_logins(stdout);
        return 0;
    }
    if (data == NULL) {
        err_set(&err, ERR_INVALID, "--data", "缺少选项 --data", "missing option --data");
        return cli_fail(&err);
    }
    /* A new or empty folder becomes a data folder first. */
    if (!node_exists(data) &&
        node_init(data, "zhuji.example/demo", db != NULL && *db ? db : NULL, &err) != ERR_OK) {
        return cli_fail(&err);
    }
    if (node_open(data, 1, &st, &err) != ERR_OK) {
        return cli_fail(&err);
    }
    struct store_conn *c = store_acquire(st);
    enum err_code rc = demo_load(c, &err);
    int64_t events = 0;
    if (rc == ERR_OK) {
        rc = event_count(c, &events, &err);
    }
    store_release(c);
    store_close(st);
    if (rc != ERR_OK) {
        return cli_fail(&err);
    }
    printf("已载入诸暨演示数据 / loaded the Zhuji demo: %lld events\n", (long long)events);
    demo_print_logins(stdout);
    return 0;
}
