/*
** main.c - `shadowday`, the coordinator's command-line tool: dispatch to the subcommands.
**
** Reading order: this table, then each cmd_<name>.c. Links the core library only, never SDL.
*/
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"

#ifndef SD_VERSION
#define SD_VERSION "0"
#endif

static cli_command_fn cmd_version;

static const struct {
    const char *name;
    cli_command_fn *run;
    const char *args;
    const char *summary;
} commands[] = {
    /* name        function      arguments              what it does */
    { "version",   cmd_version,  "",                    N_("print the version") },
    { "keygen",    cmd_keygen,   "[-o DIR]",            N_("make the coordinator's key pair for encrypted exports") },
    { "collect",   cmd_collect,  "[-o DIR] [-k KEY] INPUT...", N_("merge the kiosks' exports into CSV files and a report") },
    { "pack",      cmd_pack,     "new|check DIR",       N_("write a template day pack, or check a day pack") },
    { "pin-hash",  cmd_pin_hash, "[--stdin]",           N_("hash a PIN for hosts.csv or workplace.csv") },
};

enum { COMMAND_COUNT = sizeof commands / sizeof commands[0] };

static int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("shadowday %s\n", SD_VERSION);
    return CLI_OK;
}

int cli_is_help(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

static void print_usage(FILE *out)
{
    fprintf(out, _("Usage: shadowday COMMAND [ARGUMENTS]\n\n"
                   "The coordinator's tool for the shadowday kiosk.\n\nCommands:\n"));
    for (int i = 0; i < COMMAND_COUNT; i++)
        fprintf(out, "  %-9s %-22s %s\n", commands[i].name, commands[i].args, _(commands[i].summary));
    fprintf(out, _("\n`shadowday COMMAND --help` tells more about each command.\n\n"
                   "Exit codes: 0 done (the pack is valid), 1 the input has problems (all are\n"
                   "listed), 2 wrong arguments, 3 a file could not be read or written.\n"));
}

int main(int argc, char **argv)
{
    i18n_init();
    if (argc < 2) {
        print_usage(stderr);
        return CLI_USAGE;
    }
    if (cli_is_help(argv[1])) {
        print_usage(stdout);
        return CLI_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("shadowday %s\n", SD_VERSION);
        return CLI_OK;
    }
    for (int i = 0; i < COMMAND_COUNT; i++) {
        if (strcmp(argv[1], commands[i].name) != 0)
            continue;
        /* `shadowday COMMAND --version` works for every command, as --help does. */
        if (argc == 3 && strcmp(argv[2], "--version") == 0)
            return cmd_version(argc - 1, argv + 1);
        return commands[i].run(argc - 1, argv + 1);
    }
    fprintf(stderr, _("shadowday: unknown command '%s'\n\n"), argv[1]);
    print_usage(stderr);
    return CLI_USAGE;
}
