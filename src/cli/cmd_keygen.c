/*
** cmd_keygen.c - `shadowday keygen [-o DIR] [--passphrase-file FILE]`: make the coordinator's
** key pair.
**
** Writes DIR/coordinator.key (0600, never overwritten) with the secret key locked by a
** passphrase (keyfile.c: the same file the coordinator's page makes), asked twice on the
** terminal without echo, or read from a file for scripts. Prints the line for workplace.csv and
** the fingerprint to compare on the kiosk's admin screen. Exports made for the key can only be
** opened with this file and its passphrase: losing either loses them. Links the core only.
*/
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"
#include "crypt.h"
#include "err.h"
#include "fsutil.h"
#include "i18n.h"
#include "keyfile.h"

static void keygen_usage(FILE *out)
{
    fprintf(out, "%s", _("Usage: shadowday keygen [-o DIR] [--passphrase-file FILE]\n\n"
                         "Make the coordinator's key pair for encrypted exports.\n"
                         "The secret key is written to DIR/coordinator.key (default: the current\n"
                         "folder, made when missing), readable only by you; an existing key file is never overwritten.\n"
                         "Put the printed public key line into workplace.csv of every day pack:\n"
                         "kiosks then encrypt their exports so that only this key file opens them.\n"
                         "Keep the key file safe and private: without it the exports cannot be read.\n"));
    fprintf(out, "%s", _("\nThe secret key is locked with a passphrase of at least 8 characters, asked\n"
                         "twice without showing it. `shadowday collect` asks for it again.\n\n"
                         "  --passphrase-file FILE  read the passphrase from the first line of FILE\n"
                         "                         (- for standard input), for scripts\n"));
}

/* The new passphrase into pass: from the file, or asked twice on the terminal. */
static int keygen_passphrase(const char *file, char *pass, size_t size)
{
    char again[KEYFILE_PASSPHRASE_MAX + 2];
    int ok;
    if (file) {
        ok = cli_read_secret_file(file, pass, size);
        if (ok <= 0) {
            fprintf(stderr, _("shadowday keygen: no passphrase could be read from %s\n"), file);
            return CLI_USAGE;
        }
    } else if (!isatty(STDIN_FILENO)) {
        fprintf(stderr, "%s", _("shadowday keygen: standard input is not a terminal; use "
                                "--passphrase-file to give the passphrase\n"));
        return CLI_USAGE;
    } else {
        ok = cli_ask_secret(_("Passphrase for the key file (at least 8 characters, not shown): "),
                            pass, size) > 0 &&
             cli_ask_secret(_("The same passphrase again: "), again, sizeof again) > 0;
        int same = ok && strcmp(pass, again) == 0;
        sodium_memzero(again, sizeof again);
        if (!same) {
            fprintf(stderr, "%s", _("The two passphrases differ; no key was made. Try again.\n"));
            return CLI_PROBLEMS;
        }
    }
    if (strlen(pass) < KEYFILE_PASSPHRASE_MIN) {
        fprintf(stderr, "%s", _("The passphrase must have at least 8 characters; no key was "
                                "made. A few words you remember are a good passphrase.\n"));
        return CLI_PROBLEMS;
    }
    return CLI_OK;
}

static int keygen_exists(const char *path)
{
        fprintf(stderr, _("shadowday keygen: %s already exists. It is not overwritten, because "
                          "exports made for it could not be opened any more. Use -o to write "
                          "a new key somewhere else.\n"), path);
    return CLI_FAILED;
}

static void keygen_print(const char *path, const struct crypt_keypair *kp)
{
    char line[KEYFILE_LINE_SIZE], fp[CRYPT_FINGERPRINT_SIZE];
    keyfile_workplace_line(kp->pk, line);
    crypt_fingerprint(kp->pk, fp);
    printf(_("Wrote the secret key to %s (keep it private and keep a backup copy).\n\n"), path);
    printf("%s\n", _("Put this line into workplace.csv of each day pack, in place of its "
                     "coordinator_public_key line:"));
    printf("%s\n\n", line);
    printf(_("Key fingerprint: %s\n"), fp);
    printf("%s\n", _("The kiosk's admin screen shows the fingerprint of the key in its pack: "
                     "check that they match."));
}

int cmd_keygen(int argc, char **argv)
{
    const char *dir = ".", *pass_file = NULL;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            keygen_usage(stdout);
            return CLI_OK;
        }
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else if (strcmp(argv[i], "--passphrase-file") == 0 && i + 1 < argc) {
            pass_file = argv[++i];
        } else {
            fprintf(stderr, _("shadowday keygen: unexpected argument '%s'\n\n"), argv[i]);
            keygen_usage(stderr);
            return CLI_USAGE;
        }
    }
    char path[PATH_MAX], pass[KEYFILE_PASSPHRASE_MAX + 2];
    struct stat st;
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, KEYFILE_NAME) >= sizeof path) {
        fprintf(stderr, "%s\n", _("shadowday keygen: the folder name is too long"));
        return CLI_USAGE;
    }
    if (lstat(path, &st) == 0)
        return keygen_exists(path);
    int status = keygen_passphrase(pass_file, pass, sizeof pass);
    if (status != CLI_OK) {
        sodium_memzero(pass, sizeof pass);
        return status;
    }
    struct crypt_keypair kp;
    int rc = fsutil_mkdir_ok(dir, 0700);
    if (rc != SD_OK) {
        sodium_memzero(pass, sizeof pass);
        fprintf(stderr, _("shadowday keygen: could not make the folder %s: %s\n"), dir, sd_strerror(rc));
        return CLI_FAILED;
    }
    rc = crypt_keypair_make(&kp);
    if (rc == SD_OK)
        rc = keyfile_write(path, &kp, pass);
    sodium_memzero(pass, sizeof pass);
    if (rc != SD_OK) {
        crypt_keypair_wipe(&kp);
        if (rc == SD_EEXIST)
            return keygen_exists(path);
        fprintf(stderr, _("shadowday keygen: could not write %s: %s\n"), path, sd_strerror(rc));
        return CLI_FAILED;
    }
    keygen_print(path, &kp);
    crypt_keypair_wipe(&kp);
    return CLI_OK;
}
