/*
 * probity key: print the node's verifier key, or with --cosigner the same
 * key as a witness's cosigner verifier key (C2SP tlog-cosignature, type
 * 0x04), which township nodes give to `probity serve --witness`.
 */
#include "cli/cli.h"

#include "record/node.h"

#include <sodium.h>
#include <stdio.h>

int cmd_key(int argc, char **argv)
{
    const char *data = NULL;
    bool cosigner = false;
    struct cli_opt opts[] = {
        {"--data", &data, NULL, true},
        {"--cosigner", NULL, &cosigner, false},
        {NULL, NULL, NULL, false},
    };
    struct err err;
    struct tlog_key key;
    char text[TLOG_KEY_TEXT_MAX];
    err_init(&err);
    if (cli_parse(argc, argv, opts, &err) != ERR_OK || node_key(data, &key, &err) != ERR_OK) {
        return cli_fail(&err);
    }
    if (cosigner) {
        tlog_key_cosigner_text(&key, text);
    } else {
        tlog_key_verifier_text(&key, text);
    }
    sodium_memzero(&key, sizeof(key));
    printf("%s\n", text);
    return 0;
}
