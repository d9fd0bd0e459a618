/*
 * probity verify: check a node's record from its data folder (exit 0 when
 * everything agrees, 1 naming the first bad index and what is wrong).
 */
#include "cli/cli.h"

#include "domain/node.h"
#include "domain/verify.h"

#include <sodium.h>
#include <stdio.h>
#include <unistd.h>

static void show_progress(int64_t done, int64_t total, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "verify: %lld / %lld events\n", (long long)done, (long long)total);
}

int cmd_verify(int argc, char **argv)
{
    const char *data = NULL;
    struct cli_opt opts[] = {{"--data", &data, NULL, true}, {NULL, NULL, NULL, false}};
    struct err err;
    struct store *st = NULL;
    struct tlog_key key;
    char scratch[NODE_PATH_MAX];
    char name[64];
    struct verify_report rep;
    err_init(&err);
    snprintf(name, sizeof(name), "verify-%ld.db", (long)getpid());
    if (cli_parse(argc, argv, opts, &err) != ERR_OK ||
        node_path(data, name, scratch, &err) != ERR_OK || node_key(data, &key, &err) != ERR_OK ||
        node_open_as_is(data, &st, &err) != ERR_OK) {
        return cli_fail(&err);
    }
    struct store_conn *c = store_acquire(st);
    enum err_code rc = verify_store(c, &key, scratch, show_progress, NULL, &rep, &err);
    sodium_memzero(&key, sizeof(key));
    store_release(c);
    store_close(st);
    if (rc != ERR_OK) {
        return cli_fail(&err);
    }
    if (rep.problem != VERIFY_OK) {
        printf("验证失败 / FAILED: %s at index %lld: %s\n", verify_problem_name(rep.problem),
               (long long)rep.index, rep.detail);
        return 1;
    }
    printf("验证通过 / OK: %lld events, log hashes, signed checkpoint and query tables agree\n",
           (long long)rep.events);
    return 0;
}
