/*
** keyfile.h - the coordinator's key file: the key pair as text, the secret half locked with a
** passphrase the coordinator chooses.
**
** Written by `shadowday keygen` and by the coordinator's page, read by `shadowday collect` and
** the page: one format, one implementation. The public key and its fingerprint stay readable
** (they are public, and say which key a file holds); the secret key is sealed with
** crypto_secretbox under a key derived from the passphrase with Argon2id (crypto_pwhash), whose
** salt and limits are in the file. Key files of shadowday 0.1 (the secret key in the clear) are
** still read, without a passphrase. Must not depend on SQLite or SDL.
*/
#ifndef SD_KEYFILE_H
#define SD_KEYFILE_H

#include <stddef.h>

#include "crypt.h"

#define KEYFILE_NAME "coordinator.key"
#define KEYFILE_MAX 4096                /* bytes a key file may have */
#define KEYFILE_PASSPHRASE_MIN 8        /* characters (bytes) a new passphrase needs */
#define KEYFILE_PASSPHRASE_MAX 1024
#define KEYFILE_LINE_SIZE 96            /* "coordinator_public_key;KEY" and the NUL */

/*
** The key file's text for kp, the secret key locked with passphrase, in a malloc'd *text of
** *len bytes. SD_EINVAL when the passphrase is shorter than KEYFILE_PASSPHRASE_MIN.
*/
int keyfile_format(const struct crypt_keypair *kp, const char *passphrase, char **text, size_t *len);

/*
** Read a key file's text. SD_OK with both keys in kp. SD_EAUTH when the passphrase does not
** open it (or none was given for a locked file); SD_EINVAL when the text is not a key file or
** its two keys do not belong together. An unlocked (0.1) file ignores the passphrase.
*/
int keyfile_parse(const char *text, size_t len, const char *passphrase, struct crypt_keypair *kp);
/* The public key alone, which needs no passphrase. */
int keyfile_parse_public(const char *text, size_t len, unsigned char pk[CRYPT_KEY_BYTES]);
/* Whether the text is a key file whose secret key is locked with a passphrase. */
int keyfile_is_locked(const char *text, size_t len);

/* Write path durably with permission 0600; SD_EEXIST when it exists (a key is never replaced). */
int keyfile_write(const char *path, const struct crypt_keypair *kp, const char *passphrase);
/* Read path (at most KEYFILE_MAX bytes) as keyfile_parse does; SD_ENOTFOUND when missing. */
int keyfile_read(const char *path, const char *passphrase, struct crypt_keypair *kp);
/* Read path's public key (export_maker, the page's key check) without the passphrase. */
int keyfile_read_public(const char *path, unsigned char pk[CRYPT_KEY_BYTES]);
/* Whether path is a locked key file (1), an unlocked 0.1 one (0), or not readable as one (<0). */
int keyfile_path_is_locked(const char *path);

/* The line for the day pack's workplace.csv: "coordinator_public_key;<Base64>". */
void keyfile_workplace_line(const unsigned char pk[CRYPT_KEY_BYTES], char out[KEYFILE_LINE_SIZE]);

/* What keyfile_read's result means for the coordinator, in plain words (translated). */
const char *keyfile_describe(int rc);

#endif
