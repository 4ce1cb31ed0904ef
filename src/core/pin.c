/*
** pin.c - Argon2id hashing of PINs with libsodium's crypto_pwhash_str.
**
** The INTERACTIVE limits (64 MiB, 2 passes) take a few tenths of a second on a Raspberry Pi 4:
** slow enough to make guessing from a copied database costly, quick enough for a host at the
** kiosk. A 4-digit PIN still has only 10,000 values, which is why the store also limits tries.
** Must not depend on SDL or SQLite.
*/
#include "pin.h"

#include <sodium.h>
#include <string.h>

#include "err.h"

static int pin_sodium_ready(void)
{
    return sodium_init() >= 0;
}

int pin_is_well_formed(const char *pin)
{
    size_t n = pin ? strlen(pin) : 0;
    if (n < PIN_MIN_DIGITS || n > PIN_MAX_DIGITS)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (pin[i] < '0' || pin[i] > '9')
            return 0;
    return 1;
}

int pin_hash_is_well_formed(const char *hash)
{
    static const char prefix[] = "$argon2id$v=19$m=";
    size_t n = hash ? strlen(hash) : 0;
    if (n < sizeof prefix + 40 || n >= PIN_HASH_MAX)
        return 0;
    if (strncmp(hash, prefix, sizeof prefix - 1) != 0)
        return 0;
    /* Only printable ASCII without the CSV separators and quotes a spreadsheet could mangle. */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)hash[i];
        if (c <= ' ' || c >= 127 || c == ';' || c == '"')
            return 0;
    }
    return 1;
}

int pin_hash(const char *pin, char out[PIN_HASH_MAX])
{
    if (!pin_is_well_formed(pin))
        return SD_EINVAL;
    if (!pin_sodium_ready())
        return SD_ERR;
    if (crypto_pwhash_str(out, pin, strlen(pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return SD_ENOMEM;
    return SD_OK;
}

int pin_verify(const char *hash, const char *pin)
{
    if (!pin || !pin_hash_is_well_formed(hash) || !pin_sodium_ready())
        return SD_EAUTH;
    return crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0 ? SD_OK : SD_EAUTH;
}
