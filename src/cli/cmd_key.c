/*
 * probity key: print the node's verifier key.
 */
#include "cli/cli.h"

#include "domain/node.h"

#include <sodium.h>
#include <stdio.h>

int cmd_key(int argc, char **argv)
{
    const char *data = NULL;
    struct cli_opt opts[] = {{"--data", &data, NULL, true}, {NULL, NULL, NULL, false}};
    struct err err;
    struct tlog_key key;
    char text[TLOG_KEY_TEXT_MAX];
    err_init(&err);
    if (cli_parse(argc, argv, opts, &err) != ERR_OK || node_key(data, &key, &err) != ERR_OK) {
        return cli_fail(&err);
    }
    tlog_key_verifier_text(&key, text);
    sodium_memzero(&key, sizeof(key));
    printf("%s\n", text);
    return 0;
}
