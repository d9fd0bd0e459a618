/*
 * probity's entry point: the subcommand table, help and --version.
 */
#include "cli/cli.h"

#include "core/alloc.h"
#include "core/diag.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
    const char *summary;
};

static const struct command commands[] = {
    {"init", cmd_init, "init --data DIR [--origin NAME] [--db postgresql://...]",
     "create a data folder: database and signing key (refuses to overwrite)"},
    {"demo", cmd_demo, "demo --data DIR [--db postgresql://...] [--logins]",
     "load the Zhuji demo into a new data folder (--logins: only print the demo logins)"},
    {"serve", cmd_serve,
     "serve --data DIR [--listen ADDR:PORT] [--web DIR] [--threads N] [--witness URL=VKEY ...]\n"
     "       [--trusted-proxy ADDR ...] [--max-connections N] [--per-address N]\n"
     "       [--header-timeout SECONDS] [--body-timeout SECONDS] [--replica postgresql://...]\n"
     "       [--cache-mb N]",
     "serve the API and the web app (default 127.0.0.1:8080) until SIGINT/SIGTERM; each new\n"
     "      checkpoint is sent to the witnesses for cosigning. Connections: 1000 at most, 32 from\n"
     "      one address (a trusted reverse proxy excepted, whose X-Forwarded-For names the\n"
     "      client), 10 s to send a request's headers and 30 s for its body (docs/http.md).\n"
     "      --replica: reads go to that PostgreSQL hot standby once it has replayed the writes.\n"
     "      Public reads are answered from memory, up to --cache-mb (64; 0: none; none with\n"
     "      --replica)"},
    {"user", cmd_user,
     "user add --data DIR --login L --role R [--township T] [--person ID]\n"
     "       probity user list --data DIR\n"
     "       probity user password --data DIR --login L\n"
     "       probity user disable --data DIR --login L --reason TEXT\n"
     "       probity user enable --data DIR --login L\n"
     "       probity user role --data DIR --login L --role R [--township T] [--person ID]\n"
     "       probity user sign-out --data DIR --login L\n"
     "       probity user totp-reset --data DIR --login L",
     "add a user (password read from stdin, or generated and printed once); list users; set a\n"
     "      new password (from stdin, or generated); disable or enable an account; change a\n"
     "      role; end all of a user's sessions and tokens; reset their two-factor sign-in (a\n"
     "      lost phone). Each is recorded; a new password, disabling and sign-out end the user's\n"
     "      sessions and tokens, a reset their sessions, on a running server too"},
    {"rebuild", cmd_rebuild, "rebuild --data DIR",
     "replay the events into fresh query tables and report whether they equal the current ones"},
    {"verify", cmd_verify, "verify --data DIR | --remote URL --key VKEY",
     "check every event, the Merkle log, the signed checkpoint and the query tables; or, with\n"
     "      --remote, a node through its checkpoint, tiles and entry bundles alone"},
    {"monitor", cmd_monitor,
     "monitor --data DIR --follow URL=VKEY [--follow URL=VKEY ...] [--sealed-token URL=FILE ...]\n"
     "       [--listen ADDR:PORT] [--web DIR] [--poll SECONDS] [--unreachable-after SECONDS]\n"
     "       [--threads N]",
     "the commission's monitor and witness: follow township nodes, verify and mirror their logs,\n"
     "      read their sealed parts with an inspector's API token kept in FILE (chmod 600),\n"
     "      record alerts, cosign their checkpoints (POST /add-checkpoint), serve the monitor API\n"
     "      and, with --web, the web app's monitor pages (default 127.0.0.1:8090)"},
    {"key", cmd_key, "key --data DIR [--cosigner]",
     "print the node's verifier key (C2SP signed-note form); --cosigner: its witness key (type "
     "0x04)"},
};

static void usage(FILE *out)
{
    fprintf(out, "probity %s: township power-operation records\n\nusage:\n", PROBITY_VERSION);
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        fprintf(out, "  probity %s\n      %s\n", commands[i].usage, commands[i].summary);
    }
    fprintf(out, "  probity help [COMMAND]\n  probity --version\n");
}

static int help(int argc, char **argv)
{
    if (argc == 0) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        if (strcmp(commands[i].name, argv[0]) == 0) {
            printf("usage: probity %s\n\n%s\n", commands[i].usage, commands[i].summary);
            return 0;
        }
    }
    fprintf(stderr, "probity: no such command: %s\n", argv[0]);
    return 2;
}

int main(int argc, char **argv)
{
    alloc_install_json();
    diag_set_threshold_from_env();
    if (sodium_init() < 0) {
        fprintf(stderr, "probity: cannot initialise libsodium\n");
        return 1;
    }
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("probity %s\n", PROBITY_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
        return help(argc - 2, argv + 2);
    }
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        if (strcmp(commands[i].name, argv[1]) == 0) {
            return commands[i].run(argc - 2, argv + 2);
        }
    }
    fprintf(stderr, "probity: no such command: %s (see probity help)\n", argv[1]);
    return 2;
}
