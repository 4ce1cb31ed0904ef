/*
** web_keys.c - "Make my key" and "PIN hash" in the page, and what a refused key file means:
** the same key-file code (keyfile.c) and PIN hashing (pin.c) as `shadowday keygen`, `collect`
** and `pin-hash`.
** The secret key is wiped from the module's memory as soon as the file is written; only the
** public half is kept for the page to show. Must not depend on SQLite or SDL.
*/
#include <emscripten.h>
#include <stdio.h>
#include <string.h>

#include "crypt.h"
#include "err.h"
#include "i18n.h"
#include "keyfile.h"
#include "pin.h"
#include "web_api.h"

static struct {
    char line[KEYFILE_LINE_SIZE];
    char fingerprint[CRYPT_FINGERPRINT_SIZE];
    char hash[PIN_HASH_MAX];
    char message[512];
} web_keys;

static void web_keys_show(const unsigned char pk[CRYPT_KEY_BYTES])
{
    keyfile_workplace_line(pk, web_keys.line);
    crypt_fingerprint(pk, web_keys.fingerprint);
}

static int web_keys_fail(int rc, const char *text)
{
    snprintf(web_keys.message, sizeof web_keys.message, "%s", text);
    return rc;
}

EMSCRIPTEN_KEEPALIVE int web_keygen(const char *path, const char *passphrase)
{
    struct crypt_keypair kp;
    web_keys.line[0] = web_keys.fingerprint[0] = '\0';
    if (!passphrase || strlen(passphrase) < KEYFILE_PASSPHRASE_MIN)
        return web_keys_fail(SD_EINVAL, _("The passphrase must have at least 8 characters; no key was "
                                          "made. A few words you remember are a good passphrase.\n"));
    int rc = crypt_keypair_make(&kp);
    if (rc == SD_OK)
        rc = keyfile_write(path, &kp, passphrase);
    if (rc == SD_OK)
        web_keys_show(kp.pk);
    crypt_keypair_wipe(&kp);
    return rc == SD_OK ? SD_OK : web_keys_fail(rc, keyfile_describe(rc));
}

/* What opening a key file (web_collect_begin) returned, in plain words. */
EMSCRIPTEN_KEEPALIVE const char *web_key_describe(int rc)
{
    return keyfile_describe(rc);
}

EMSCRIPTEN_KEEPALIVE const char *web_key_line(void)
{
    return web_keys.line;
}

EMSCRIPTEN_KEEPALIVE const char *web_key_fingerprint(void)
{
    return web_keys.fingerprint;
}

EMSCRIPTEN_KEEPALIVE const char *web_pin_hash(const char *pin)
{
    web_keys.hash[0] = '\0';
    if (!pin_is_well_formed(pin)) {
        web_keys_fail(SD_EINVAL, _("A PIN is 4 to 12 digits and nothing else; nothing was hashed.\n"));
        return web_keys.hash;
    }
    int rc = pin_hash(pin, web_keys.hash);
    if (rc != SD_OK) {
        web_keys.hash[0] = '\0';
        web_keys_fail(rc, sd_strerror(rc));
    }
    return web_keys.hash;
}

EMSCRIPTEN_KEEPALIVE const char *web_message(void)
{
    return web_keys.message;
}
