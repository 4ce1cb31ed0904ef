/*
** cli.h - what the subcommands of `shadowday` share: the command signature and the exit codes.
**
** Each subcommand lives in its own cmd_<name>.c and is listed in the table in main.c.
** The CLI links the core library only; it must never include SDL.
*/
#ifndef SD_CLI_H
#define SD_CLI_H

/* Exit codes, documented in `shadowday --help` and README.md. */
enum cli_exit {
    CLI_OK = 0,        /* done; for `pack check`: the pack is valid */
    CLI_PROBLEMS = 1,  /* the input has problems (all of them were printed) */
    CLI_USAGE = 2,     /* wrong arguments */
    CLI_FAILED = 3     /* could not read or write a file, out of memory, ... */
};

/* A subcommand gets argv[0] = its own name. It prints its own --help. */
typedef int cli_command_fn(int argc, char **argv);

/* The subcommands (one cmd_<name>.c each), listed in main.c. */
cli_command_fn cmd_keygen;
cli_command_fn cmd_collect;
cli_command_fn cmd_pack;
cli_command_fn cmd_pin_hash;

/* Is arg "--help" or "-h"? */
int cli_is_help(const char *arg);

#include <stddef.h>
#include <stdio.h>

/*
** Secrets (prompt.c): one line without its line end into buf. Each returns 1 when read, 0 at
** the end of input (or no terminal, or no such file), -1 when the line was longer than buf
** (then buf is wiped). cli_ask_secret asks on the terminal with echo off; cli_read_secret_file
** reads the first line of path ("-" is standard input).
*/
int cli_read_line(FILE *in, char *buf, size_t size);
int cli_ask_secret(const char *prompt, char *buf, size_t size);
int cli_read_secret_file(const char *path, char *buf, size_t size);

#endif
