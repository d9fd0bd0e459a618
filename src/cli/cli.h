/*
 * The command-line interface: the subcommand table (main.c), option
 * parsing shared by every subcommand, and one cmd_<name>.c per subcommand.
 * Exit codes: 0 success, 2 bad usage or input, 1 any other failure; an
 * error is one line on stderr.
 */
#ifndef PROBITY_CLI_H
#define PROBITY_CLI_H

#include "core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cli_opt {
    const char *name;   /* "--data" */
    const char **value; /* receives the argument; NULL for a flag */
    bool *flag;         /* set for a flag */
    bool required;
};

/* Parses argv[0..argc) against opts (NULL-name terminated). ERR_INVALID
 * for an unknown option, a missing argument or a missing required one. */
MUST_CHECK enum err_code cli_parse(int argc, char **argv, struct cli_opt *opts, struct err *err);
/* Takes every "name VALUE" pair of a repeatable option out of argv
 * (*argc shrinks), storing the values in order in values (room for max)
 * and their number in *n. ERR_INVALID for a missing value or more than
 * max. Run before cli_parse, which sees the rest. */
MUST_CHECK enum err_code cli_take_all(int *argc,
                                      char **argv,
                                      const char *name,
                                      char **values,
                                      size_t max,
                                      size_t *n,
                                      struct err *err);
/* Prints "probity: <message>" to stderr and returns the exit code. */
int cli_fail(const struct err *err);
/* Reads a --threads value, 1 to 64, into *n (serving.c). */
MUST_CHECK enum err_code cli_threads(const char *text, int *n, struct err *err);
/* Parses the option name's value text as a whole number from min to max. */
MUST_CHECK enum err_code
cli_number(const char *text, const char *name, long min, long max, int *n, struct err *err);
/* Parses the option name's value text as 0.1 to 86400 seconds, into ms. */
MUST_CHECK enum err_code
cli_seconds(const char *text, const char *name, int64_t *ms, struct err *err);

int cmd_init(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
/* probity user password|disable|enable|role|sign-out (cmd_account.c): the
 * subcommand's exit code, or -1 when name is none of them. */
int cmd_user_account(const char *name, int argc, char **argv);
int cmd_rebuild(int argc, char **argv);
int cmd_key(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_monitor(int argc, char **argv);

#endif
