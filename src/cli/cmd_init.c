/*
 * probity init: create a data folder (database and signing key); the
 * database is a SQLite file in it, or the PostgreSQL database --db (or
 * PROBITY_DB) names.
 */
#include "cli/cli.h"

#include "record/node.h"

#include <stdio.h>
#include <stdlib.h>

int cmd_init(int argc, char **argv)
{
    const char *data = NULL;
    const char *origin = "probity.example/node";
    const char *db = getenv("PROBITY_DB");
    struct cli_opt opts[] = {
        {"--data", &data, NULL, true},
        {"--origin", &origin, NULL, false},
        {"--db", &db, NULL, false},
        {NULL, NULL, NULL, false},
    };
    struct err err;
    err_init(&err);
    if (cli_parse(argc, argv, opts, &err) != ERR_OK ||
        node_init(data, origin, db != NULL && *db ? db : NULL, &err) != ERR_OK) {
        return cli_fail(&err);
    }
    printf("已创建数据目录 / created data folder %s (origin %s)\n", data, origin);
    return 0;
}
