/*
** keyfile.c - the coordinator's key file, its secret key locked with a passphrase.
**
** Text, so a person can see which key a file holds ("fingerprint:", "public:"), with the secret
** key as "locked:" (Base64 of the secretbox) under "kdf:", "salt:" and "nonce:". The limits of
** the key derivation are written in the file, so later versions can raise them and still read
** older files; a file asking for more than KEYFILE_KDF_MEM_MAX is refused rather than let it
** exhaust the memory of a browser tab. After opening, the secret key must make the public key:
** a file with its lines swapped or mixed from two files is refused, not later taken for "the
** wrong key" on every export. Must not depend on SQLite or SDL.
*/
#include "keyfile.h"

#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fsutil.h"
#include "i18n.h"

/* Argon2id with 3 passes over 128 MiB: about a second in a browser tab, on a phone too. */
#define KEYFILE_KDF_OPS 3ull
#define KEYFILE_KDF_MEM (128u << 20)
#define KEYFILE_KDF_OPS_MAX 20ull
#define KEYFILE_KDF_MEM_MAX (1024u << 20)
#define KEYFILE_KDF_NAME "argon2id13"
#define KEYFILE_LOCKED_BYTES (crypto_secretbox_MACBYTES + CRYPT_KEY_BYTES)
#define KEYFILE_B64_MAX 128

/* The value of the line "<key>: <value>" into out (trimmed); SD_EINVAL when absent or too long. */
static int keyfile_value(const char *text, const char *key, char *out, size_t size)
{
    size_t klen = strlen(key);
    for (const char *line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
        if (strncmp(line, key, klen) != 0 || line[klen] != ':')
            continue;
        const char *v = line + klen + 1;
        while (*v == ' ' || *v == '\t')
            v++;
        size_t n = strcspn(v, "\r\n");
        while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
            n--;
        if (n >= size)
            return SD_EINVAL;
        memcpy(out, v, n);
        out[n] = '\0';
        return SD_OK;
    }
    return SD_EINVAL;
}

/* The Base64 value of line key, exactly want bytes long, into out. */
static int keyfile_bytes(const char *text, const char *key, unsigned char *out, size_t want)
{
    char b64[KEYFILE_B64_MAX];
    size_t n = 0;
    const char *end = NULL;
    int rc = keyfile_value(text, key, b64, sizeof b64);
    if (rc == SD_OK && (sodium_base642bin(out, want, b64, strlen(b64), NULL, &n, &end,
                                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
                        n != want || *end != '\0'))
        rc = SD_EINVAL;
    sodium_memzero(b64, sizeof b64);
    return rc;
}

/* A number line within [1, max]. */
static int keyfile_number(const char *text, const char *key, unsigned long long max,
                          unsigned long long *out)
{
    char v[32], *end = NULL;
    if (keyfile_value(text, key, v, sizeof v) != SD_OK || v[0] < '0' || v[0] > '9')
        return SD_EINVAL;
    *out = strtoull(v, &end, 10);
    return *end == '\0' && *out >= 1 && *out <= max ? SD_OK : SD_EINVAL;
}

/* The whole text must be a NUL-free, bounded string for the line readers. */
static int keyfile_text_ok(const char *text, size_t len)
{
    return text && len <= KEYFILE_MAX && strnlen(text, len + 1) == len;
}

static int keyfile_derive(unsigned char key[crypto_secretbox_KEYBYTES], const char *passphrase,
                          const unsigned char salt[crypto_pwhash_SALTBYTES],
                          unsigned long long ops, size_t mem)
{
    if (crypto_pwhash(key, crypto_secretbox_KEYBYTES, passphrase, strlen(passphrase), salt, ops,
                      mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return SD_ENOMEM;
    return SD_OK;
}

static void b64(char *out, size_t size, const unsigned char *bin, size_t len)
{
    sodium_bin2base64(out, size, bin, len, sodium_base64_VARIANT_ORIGINAL);
}

int keyfile_format(const struct crypt_keypair *kp, const char *passphrase, char **text, size_t *len)
{
    unsigned char salt[crypto_pwhash_SALTBYTES], nonce[crypto_secretbox_NONCEBYTES];
    unsigned char key[crypto_secretbox_KEYBYTES], locked[KEYFILE_LOCKED_BYTES];
    char pk64[CRYPT_PUBLIC_B64_SIZE], fp[CRYPT_FINGERPRINT_SIZE];
    char salt64[KEYFILE_B64_MAX], nonce64[KEYFILE_B64_MAX], locked64[KEYFILE_B64_MAX];
    *text = NULL;
    *len = 0;
    if (sodium_init() < 0)
        return SD_ERR;
    if (!passphrase || strlen(passphrase) < KEYFILE_PASSPHRASE_MIN ||
        strlen(passphrase) > KEYFILE_PASSPHRASE_MAX)
        return SD_EINVAL;
    randombytes_buf(salt, sizeof salt);
    randombytes_buf(nonce, sizeof nonce);
    int rc = keyfile_derive(key, passphrase, salt, KEYFILE_KDF_OPS, KEYFILE_KDF_MEM);
    if (rc != SD_OK)
        return rc;
    crypto_secretbox_easy(locked, kp->sk, CRYPT_KEY_BYTES, nonce, key);
    sodium_memzero(key, sizeof key);
    crypt_public_to_base64(kp->pk, pk64);
    crypt_fingerprint(kp->pk, fp);
    b64(salt64, sizeof salt64, salt, sizeof salt);
    b64(nonce64, sizeof nonce64, nonce, sizeof nonce);
    b64(locked64, sizeof locked64, locked, sizeof locked);
    char *out = malloc(KEYFILE_MAX);
    if (!out)
        return SD_ENOMEM;
    int n = snprintf(out, KEYFILE_MAX,
                     "# shadowday coordinator key. Keep this file private: it opens the\n"
                     "# encrypted exports of every kiosk whose day pack has the public key.\n"
                     "# The secret key is locked with your passphrase; without both, those\n"
                     "# exports cannot be read. Keep a backup copy in a safe place.\n"
                     "# fingerprint: %s\n"
                     "public: %s\n"
                     "kdf: " KEYFILE_KDF_NAME "\n"
                     "kdf-ops: %llu\n"
                     "kdf-mem: %u\n"
                     "salt: %s\n"
                     "nonce: %s\n"
                     "locked: %s\n",
                     fp, pk64, KEYFILE_KDF_OPS, KEYFILE_KDF_MEM, salt64, nonce64, locked64);
    *text = out;
    *len = (size_t)n;
    return SD_OK;
}

int keyfile_is_locked(const char *text, size_t len)
{
    char kdf[16];
    return keyfile_text_ok(text, len) && keyfile_value(text, "kdf", kdf, sizeof kdf) == SD_OK;
}

int keyfile_parse_public(const char *text, size_t len, unsigned char pk[CRYPT_KEY_BYTES])
{
    if (sodium_init() < 0)
        return SD_ERR;
    if (!keyfile_text_ok(text, len))
        return SD_EINVAL;
    return keyfile_bytes(text, "public", pk, CRYPT_KEY_BYTES);
}

/* Open the "locked:" secret key with the passphrase. */
static int keyfile_unlock(const char *text, const char *passphrase, unsigned char sk[CRYPT_KEY_BYTES])
{
    unsigned char salt[crypto_pwhash_SALTBYTES], nonce[crypto_secretbox_NONCEBYTES];
    unsigned char key[crypto_secretbox_KEYBYTES], locked[KEYFILE_LOCKED_BYTES];
    unsigned long long ops = 0, mem = 0;
    char kdf[16];
    if (keyfile_value(text, "kdf", kdf, sizeof kdf) != SD_OK || strcmp(kdf, KEYFILE_KDF_NAME) != 0 ||
        keyfile_number(text, "kdf-ops", KEYFILE_KDF_OPS_MAX, &ops) != SD_OK ||
        keyfile_number(text, "kdf-mem", KEYFILE_KDF_MEM_MAX, &mem) != SD_OK ||
        ops < crypto_pwhash_OPSLIMIT_MIN || mem < crypto_pwhash_MEMLIMIT_MIN ||
        keyfile_bytes(text, "salt", salt, sizeof salt) != SD_OK ||
        keyfile_bytes(text, "nonce", nonce, sizeof nonce) != SD_OK ||
        keyfile_bytes(text, "locked", locked, sizeof locked) != SD_OK)
        return SD_EINVAL;
    if (!passphrase || !*passphrase || strlen(passphrase) > KEYFILE_PASSPHRASE_MAX)
        return SD_EAUTH;
    int rc = keyfile_derive(key, passphrase, salt, ops, (size_t)mem);
    if (rc == SD_OK && crypto_secretbox_open_easy(sk, locked, sizeof locked, nonce, key) != 0)
        rc = SD_EAUTH;
    sodium_memzero(key, sizeof key);
    return rc;
}

int keyfile_parse(const char *text, size_t len, const char *passphrase, struct crypt_keypair *kp)
{
    unsigned char check[CRYPT_KEY_BYTES];
    int rc = keyfile_parse_public(text, len, kp->pk);
    if (rc != SD_OK)
        return rc;
    if (keyfile_is_locked(text, len))
        rc = keyfile_unlock(text, passphrase, kp->sk);
    else
        rc = keyfile_bytes(text, "secret", kp->sk, CRYPT_KEY_BYTES);   /* a 0.1 key file */
    /* The public key must be the one the secret key makes. */
    if (rc == SD_OK &&
        (crypto_scalarmult_base(check, kp->sk) != 0 || sodium_memcmp(check, kp->pk, sizeof check) != 0))
        rc = SD_EINVAL;
    if (rc != SD_OK)
        crypt_keypair_wipe(kp);
    return rc;
}

int keyfile_write(const char *path, const struct crypt_keypair *kp, const char *passphrase)
{
    char dir[PATH_MAX], *text = NULL;
    size_t len = 0;
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    if (slash)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path == 0 ? 1 : slash - path), path);
    else
        snprintf(dir, sizeof dir, ".");
    int rc = keyfile_format(kp, passphrase, &text, &len);
    if (rc == SD_OK)
        rc = fsutil_write_file(dir, name, text, len, 0600, FSUTIL_NO_REPLACE);
    free(text);
    return rc;
}

/* The file's text, NUL-terminated; SD_EINVAL when it is too big or not a regular file. */
static int keyfile_load(const char *path, unsigned char **text, size_t *len)
{
    if (sodium_init() < 0)
        return SD_ERR;
    int rc = fsutil_read_file(path, KEYFILE_MAX, text, len);
    return rc == SD_ELIMIT ? SD_EINVAL : rc;
}

int keyfile_read(const char *path, const char *passphrase, struct crypt_keypair *kp)
{
    unsigned char *text = NULL;
    size_t len = 0;
    int rc = keyfile_load(path, &text, &len);
    if (rc == SD_OK)
        rc = keyfile_parse((const char *)text, len, passphrase, kp);
    if (text) {
        sodium_memzero(text, len);
        free(text);
    }
    return rc;
}

int keyfile_read_public(const char *path, unsigned char pk[CRYPT_KEY_BYTES])
{
    unsigned char *text = NULL;
    size_t len = 0;
    int rc = keyfile_load(path, &text, &len);
    if (rc == SD_OK)
        rc = keyfile_parse_public((const char *)text, len, pk);
    free(text);
    return rc;
}

int keyfile_path_is_locked(const char *path)
{
    unsigned char *text = NULL, pk[CRYPT_KEY_BYTES];
    size_t len = 0;
    int rc = keyfile_load(path, &text, &len);
    if (rc == SD_OK)
        rc = keyfile_parse_public((const char *)text, len, pk);
    if (rc == SD_OK)
        rc = keyfile_is_locked((const char *)text, len);
    if (text) {
        sodium_memzero(text, len);
        free(text);
    }
    return rc;
}

void keyfile_workplace_line(const unsigned char pk[CRYPT_KEY_BYTES], char out[KEYFILE_LINE_SIZE])
{
    char b64key[CRYPT_PUBLIC_B64_SIZE];
    crypt_public_to_base64(pk, b64key);
    /* With the template's separator, so a line pasted as printed is one key and one value. */
    snprintf(out, KEYFILE_LINE_SIZE, "coordinator_public_key;%s", b64key);
}

static const struct {
    int rc;
    const char *text;
} keyfile_messages[] = {
    { SD_OK, N_("the key file was opened") },
    { SD_EAUTH, N_("the passphrase does not open this key file: check it and type it again "
                   "(capital letters count)") },
    { SD_EINVAL, N_("this is not a coordinator key file, or it was changed: give the file "
                    "that `shadowday keygen` or the coordinator's page made") },
    { SD_ENOTFOUND, N_("there is no such file") },
    { SD_ENOMEM, N_("out of memory: close other programs or tabs and try again") },
};

const char *keyfile_describe(int rc)
{
    for (size_t i = 0; i < sizeof keyfile_messages / sizeof keyfile_messages[0]; i++)
        if (keyfile_messages[i].rc == rc)
            return _(keyfile_messages[i].text);
    return _("the key file cannot be read");
}
