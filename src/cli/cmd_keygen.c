/*
** cmd_keygen.c - `shadowday keygen [-o DIR]`: make the coordinator's key pair.
**
** Writes DIR/coordinator.key (secret, 0600, never overwritten) and prints the line for
** workplace.csv and the fingerprint to compare on the kiosk's admin screen. Exports made for
** the key can only be opened with this file: losing it loses them. Links the core only.
*/
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "crypt.h"
#include "err.h"
#include "fsutil.h"
#include "i18n.h"

static void keygen_usage(FILE *out)
{
    fprintf(out, "%s", _("Usage: shadowday keygen [-o DIR]\n\n"
                         "Make the coordinator's key pair for encrypted exports.\n"
                         "The secret key is written to DIR/coordinator.key (default: the current\n"
                         "folder, made when missing), readable only by you; an existing key file is never overwritten.\n"
                         "Put the printed public key line into workplace.csv of every day pack:\n"
                         "kiosks then encrypt their exports so that only this key file opens them.\n"
                         "Keep the key file safe and private: without it the exports cannot be read.\n"));
}

int cmd_keygen(int argc, char **argv)
{
    const char *dir = ".";
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            keygen_usage(stdout);
            return CLI_OK;
        }
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else {
            fprintf(stderr, _("shadowday keygen: unexpected argument '%s'\n\n"), argv[i]);
            keygen_usage(stderr);
            return CLI_USAGE;
        }
    }
    char path[PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, CRYPT_KEY_FILE_NAME) >= sizeof path) {
        fprintf(stderr, "%s\n", _("shadowday keygen: the folder name is too long"));
        return CLI_USAGE;
    }
    struct crypt_keypair kp;
    int rc = fsutil_mkdir_ok(dir, 0700);
    if (rc != SD_OK) {
        fprintf(stderr, _("shadowday keygen: could not make the folder %s: %s\n"), dir, sd_strerror(rc));
        return CLI_FAILED;
    }
    rc = crypt_keypair_make(&kp);
    if (rc == SD_OK)
        rc = crypt_key_file_write(path, &kp);
    if (rc != SD_OK) {
        crypt_keypair_wipe(&kp);
        if (rc == SD_EEXIST)
            fprintf(stderr, _("shadowday keygen: %s already exists. It is not overwritten, because "
                              "exports made for it could not be opened any more. Use -o to write "
                              "a new key somewhere else.\n"), path);
        else
            fprintf(stderr, _("shadowday keygen: could not write %s: %s\n"), path, sd_strerror(rc));
        return CLI_FAILED;
    }
    char b64[CRYPT_PUBLIC_B64_SIZE], fp[CRYPT_FINGERPRINT_SIZE];
    crypt_public_to_base64(kp.pk, b64);
    crypt_fingerprint(kp.pk, fp);
    crypt_keypair_wipe(&kp);
    printf(_("Wrote the secret key to %s (keep it private and keep a backup copy).\n\n"), path);
    /* With the template's separator, so a line pasted as printed is one key and one value. */
    printf("%s\n", _("Put this line into workplace.csv of each day pack, in place of its "
                     "coordinator_public_key line:"));
    printf("coordinator_public_key;%s\n\n", b64);
    printf(_("Key fingerprint: %s\n"), fp);
    printf("%s\n", _("The kiosk's admin screen shows the fingerprint of the key in its pack: "
                     "check that they match."));
    return CLI_OK;
}
