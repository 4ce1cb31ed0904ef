/*
** cmd_collect.c - `shadowday collect [-o OUTDIR] [-k KEYFILE] INPUT...`: merge the kiosks' exports.
**
** Reads export folders, encrypted exports, photos of QR codes and text files of scanned codes in
** any order, writes the merged CSV files and report.html into OUTDIR, prints every problem and
** a receipt code for every export received whole (typed on the kiosk to mark its records
** delivered).
** Exit 1 when any input had problems. Links the core only.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"
#include "clock.h"
#include "collect.h"
#include "crypt.h"
#include "err.h"
#include "i18n.h"
#include "keyfile.h"

#define COLLECT_DEFAULT_OUT "shadowday-report"

static void collect_usage(FILE *out)
{
    fprintf(out, "%s", _("Usage: shadowday collect [-o OUTDIR] [-k KEYFILE] INPUT...\n\n"
                         "Merge the exports of one or more kiosks into one set of CSV files and one\n"
                         "report (report.html) in OUTDIR (default: shadowday-report).\n\n"
                         "Each INPUT is an export folder from a USB stick (shadowday-export/K-...),\n"
                         "an encrypted export file, a photo or screenshot of the kiosk's QR codes\n"
                         "(JPEG or PNG; several codes in one photo, or one export's codes in several\n"
                         "photos), or a text file of the codes scanned with a phone. Give them in any\n"
                         "order and mix them: records that came twice are kept once.\n\n"
                         "  -o OUTDIR   where to write the CSV files and report.html\n"
                         "  -k KEYFILE  the coordinator's key file (from `shadowday keygen`), needed\n"
                         "              for encrypted exports\n\n"
                         "For every export received whole a receipt code is printed: type it on\n"
                         "that kiosk (Admin, Receipt and delete) so it may delete the delivered records.\n"
                         "Exit codes: 0 all inputs were read, 1 some had problems (all are listed),\n"
                         "2 wrong arguments, 3 the output could not be written.\n"));
}

/* The key file's passphrase section of the usage (issue #10). */
static void collect_usage_passphrase(FILE *out)
{
    fprintf(out, "%s", _("\nThe key file's passphrase is asked on the terminal without showing it.\n"
                         "  --passphrase-file FILE  read it from the first line of FILE (- for\n"
                         "                         standard input), for scripts\n"
                         "Key files made by shadowday 0.1 have no passphrase and are still read.\n"));
}

/*
** Open the key file: a locked one with the passphrase (from the file, else asked on the
** terminal), an old unlocked one as it is. CLI_OK with the keys in kp, or the exit code after
** a message naming the file.
*/
static int collect_open_key(const char *path, const char *pass_file, struct crypt_keypair *kp)
{
    char pass[KEYFILE_PASSPHRASE_MAX + 2] = "";
    int locked = keyfile_path_is_locked(path), rc;
    if (locked < 0) {
        fprintf(stderr, _("shadowday collect: %s is not a coordinator key file that can be "
                          "read (%s). Give the file `shadowday keygen` wrote.\n"),
                path, keyfile_describe(locked));
        return CLI_USAGE;
    }
    if (locked && pass_file && cli_read_secret_file(pass_file, pass, sizeof pass) <= 0) {
        fprintf(stderr, _("shadowday collect: no passphrase could be read from %s\n"), pass_file);
        return CLI_USAGE;
    }
    if (locked && !pass_file) {
        if (!isatty(STDIN_FILENO)) {
            fprintf(stderr, _("shadowday collect: %s is locked with a passphrase and standard "
                              "input is not a terminal; use --passphrase-file\n"), path);
            return CLI_USAGE;
        }
        if (cli_ask_secret(_("Passphrase of the key file (not shown): "), pass, sizeof pass) <= 0)
            return CLI_USAGE;
    }
    rc = keyfile_read(path, pass, kp);
    sodium_memzero(pass, sizeof pass);
    if (rc != SD_OK) {
        fprintf(stderr, _("shadowday collect: %s: %s\n"), path, keyfile_describe(rc));
        return rc == SD_ENOMEM ? CLI_FAILED : CLI_USAGE;
    }
    if (!locked)
        fprintf(stderr, _("Note: %s is not locked with a passphrase (it was made by shadowday "
                          "0.1). It still works; keep it private.\n"), path);
    return CLI_OK;
}

/*
** The report's "generated" time: now, or SOURCE_DATE_EPOCH when set, so that two runs on the
** same inputs write the same bytes (reproducible output; the page's test compares them).
*/
static int64_t collect_now(void)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    char *end = NULL;
    if (epoch && *epoch) {
        long long v = strtoll(epoch, &end, 10);
        if (*end == '\0' && v >= 0)
            return (int64_t)v;
    }
    return (int64_t)time(NULL);
}

int cmd_collect(int argc, char **argv)
{
    const char *out_dir = COLLECT_DEFAULT_OUT, *key_path = NULL, *pass_file = NULL;
    const char *inputs[1024];
    int ninputs = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            collect_usage(stdout);
            collect_usage_passphrase(stdout);
            return CLI_OK;
        }
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            out_dir = argv[++i];
        } else if (strcmp(argv[i], "-k") == 0 && i + 1 < argc) {
            key_path = argv[++i];
        } else if (strcmp(argv[i], "--passphrase-file") == 0 && i + 1 < argc) {
            pass_file = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, _("shadowday collect: unexpected option '%s'\n\n"), argv[i]);
            collect_usage(stderr);
            return CLI_USAGE;
        } else if (ninputs < (int)(sizeof inputs / sizeof inputs[0])) {
            inputs[ninputs++] = argv[i];
        } else {
            fprintf(stderr, "%s\n", _("shadowday collect: too many inputs (at most 1024)"));
            return CLI_USAGE;
        }
    }
    if (ninputs == 0) {
        fprintf(stderr, "%s\n\n", _("shadowday collect: give at least one INPUT"));
        collect_usage(stderr);
        return CLI_USAGE;
    }
    struct crypt_keypair key;
    if (key_path) {
        int key_status = collect_open_key(key_path, pass_file, &key);
        if (key_status != CLI_OK)
            return key_status;
    }
    struct collect *c = NULL;
    int rc = collect_new(&c, key_path ? &key : NULL);
    if (key_path)
        crypt_keypair_wipe(&key);
    int status = CLI_OK;
    for (int i = 0; rc == SD_OK && i < ninputs; i++) {
        int r = collect_add_path(c, inputs[i]);
        if (r == SD_ENOMEM)
            rc = r;
    }
    if (rc != SD_OK) {
        fprintf(stderr, _("shadowday collect: %s\n"), sd_strerror(rc));
        collect_free(c);
        return CLI_FAILED;
    }
    int64_t now = collect_now();
    rc = collect_write(c, out_dir, now, clock_utc_offset_min(now));
    printf(NG_("Read %d input: ", "Read %d inputs: ", ninputs), ninputs);
    printf(NG_("%d record", "%d records", collect_record_count(c)), collect_record_count(c));
    printf(NG_(" (%d copy of a record read twice was dropped).\n",
               " (%d copies of records read twice were dropped).\n", collect_duplicate_count(c)),
           collect_duplicate_count(c));
    for (int i = 0; i < collect_note_count(c); i++)
        printf("  %s\n", collect_note(c, i));
    if (collect_problem_count(c) > 0) {
        status = CLI_PROBLEMS;
        fprintf(stderr, NG_("\n%d problem:\n", "\n%d problems:\n", collect_problem_count(c)),
                collect_problem_count(c));
        for (int i = 0; i < collect_problem_count(c); i++)
            fprintf(stderr, "  %s\n", collect_problem(c, i));
    }
    if (collect_receipt_count(c) > 0) {
        printf("\n%s\n", _("Receipt codes: type each on its kiosk (Admin, Receipt and delete) to mark those "
                           "records delivered:"));
        for (int i = 0; i < collect_receipt_count(c); i++) {
            const struct collect_receipt *r = collect_receipt_get(c, i);
            printf(NG_("  kiosk %s, export %s (%d record): %.4s %.4s\n",
                       "  kiosk %s, export %s (%d records): %.4s %.4s\n", r->record_count),
                   r->kiosk_id, r->batch, r->record_count, r->code, r->code + 4);
        }
    }
    if (rc != SD_OK) {
        fprintf(stderr, _("shadowday collect: could not write into %s: %s\n"), out_dir,
                sd_strerror(rc));
        status = CLI_FAILED;
    } else {
        printf(_("\nWrote the CSV files and report.html into %s\n"), out_dir);
    }
    collect_free(c);
    return status;
}
