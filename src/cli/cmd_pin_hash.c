/*
** cmd_pin_hash.c - `shadowday pin-hash`: turn a PIN into the Argon2id hash a day pack may carry
** instead of the digits (pin_hash in hosts.csv, admin_pin_hash in workplace.csv).
**
** On a terminal the PIN is asked twice with echo off (prompt.c). With --stdin one line is
** read, for scripts. The PIN is never printed and is wiped from memory after hashing. Links
** only the core.
*/
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"
#include "err.h"
#include "i18n.h"
#include "pin.h"

enum { PIN_LINE_MAX = 64 };

static void pin_usage(FILE *out)
{
    fprintf(out, "%s", _("Usage: shadowday pin-hash [--stdin]\n\n"
                         "Asks for a PIN (4 to 12 digits) without showing it, and prints its\n"
                         "Argon2id hash for pin_hash in hosts.csv or admin_pin_hash in\n"
                         "workplace.csv. The digits themselves are never stored.\n\n"
                         "  --stdin   read the PIN from the first line of standard input\n"));
}

/* A line too long for any PIN reads as "x", which the format check then refuses. */
static int pin_read(int ok, char *buf)
{
    if (ok < 0) {
        buf[0] = 'x';
        buf[1] = '\0';
    }
    return ok != 0;
}

int cmd_pin_hash(int argc, char **argv)
{
    int from_stdin = 0, status = CLI_OK;
    char pin[PIN_LINE_MAX], again[PIN_LINE_MAX], hash[PIN_HASH_MAX];
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            pin_usage(stdout);
            return CLI_OK;
        } else if (strcmp(argv[i], "--stdin") == 0) {
            from_stdin = 1;
        } else {
            fprintf(stderr, _("shadowday pin-hash: unknown argument '%s'\n\n"), argv[i]);
            pin_usage(stderr);
            return CLI_USAGE;
        }
    }
    pin[0] = again[0] = '\0';
    if (from_stdin) {
        if (!pin_read(cli_read_line(stdin, pin, sizeof pin), pin)) {
            fprintf(stderr, "%s", _("shadowday pin-hash: no PIN on standard input\n"));
            return CLI_PROBLEMS;
        }
    } else {
        if (!isatty(STDIN_FILENO)) {
            fprintf(stderr, "%s", _("shadowday pin-hash: standard input is not a terminal; use "
                                    "--stdin to read the PIN from it\n"));
            return CLI_USAGE;
        }
        if (!pin_read(cli_ask_secret(_("PIN (4 to 12 digits, not shown): "), pin, sizeof pin), pin) ||
            !pin_read(cli_ask_secret(_("The same PIN again: "), again, sizeof again), again)) {
            status = CLI_FAILED;
            goto done;
        }
        if (strcmp(pin, again) != 0) {
            fprintf(stderr, "%s", _("The two PINs differ; nothing was hashed. Try again.\n"));
            status = CLI_PROBLEMS;
            goto done;
        }
    }
    if (!pin_is_well_formed(pin)) {
        fprintf(stderr, "%s", _("A PIN is 4 to 12 digits and nothing else; nothing was "
                                "hashed.\n"));
        status = CLI_PROBLEMS;
        goto done;
    }
    int rc = pin_hash(pin, hash);
    if (rc != SD_OK) {
        fprintf(stderr, _("shadowday pin-hash: hashing failed: %s\n"), sd_strerror(rc));
        status = CLI_FAILED;
        goto done;
    }
    printf("%s\n", hash);
    fprintf(stderr, "%s", _("Copy the whole line above into pin_hash (hosts.csv) or "
                            "admin_pin_hash (workplace.csv). In a CSV file written by hand with "
                            "commas between the columns, put it in double quotes.\n"));
done:
    sodium_memzero(pin, sizeof pin);
    sodium_memzero(again, sizeof again);
    return status;
}
