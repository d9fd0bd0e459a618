/*
 * probity rebuild: replay the events into fresh query tables and report
 * whether they equal the current ones (exit 0 when equal, 1 when not).
 */
#include "cli/cli.h"

#include "record/node.h"
#include "record/rebuild.h"

#include <stdio.h>
#include <unistd.h>

int cmd_rebuild(int argc, char **argv)
{
    const char *data = NULL;
    struct cli_opt opts[] = {{"--data", &data, NULL, true}, {NULL, NULL, NULL, false}};
    struct err err;
    struct store *st = NULL;
    char scratch[NODE_PATH_MAX];
    char name[64];
    struct rebuild_report rep;
    err_init(&err);
    snprintf(name, sizeof(name), "rebuild-%ld.db", (long)getpid());
    if (cli_parse(argc, argv, opts, &err) != ERR_OK ||
        node_path(data, name, scratch, &err) != ERR_OK || node_open(data, 1, &st, &err) != ERR_OK) {
        return cli_fail(&err);
    }
    struct store_conn *c = store_acquire(st);
    enum err_code rc = rebuild_check(c, scratch, &rep, &err);
    store_release(c);
    store_close(st);
    if (rc != ERR_OK) {
        return cli_fail(&err);
    }
    if (!rep.equal) {
        printf("不一致 / MISMATCH after replaying %lld events: table %s: %s\n",
               (long long)rep.events, rep.table, rep.detail);
        return 1;
    }
    printf("一致 / OK: replayed %lld events; %lld rows equal the current query tables\n",
           (long long)rep.events, (long long)rep.rows);
    return 0;
}
