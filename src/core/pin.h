/*
** pin.h - personal PINs of hosts and the admin, kept only as Argon2id hashes (libsodium).
**
** A PIN is 4 to 12 digits. The hash string carries its own salt and cost, so a pack made on a
** laptop verifies on the Pi. How many wrong tries are allowed is the store's business (it keeps
** the count across restarts), not this file's. Must not depend on SDL or SQLite.
*/
#ifndef SD_PIN_H
#define SD_PIN_H

#define PIN_HASH_MAX 128   /* crypto_pwhash_STRBYTES, including the NUL */
#define PIN_MIN_DIGITS 4
#define PIN_MAX_DIGITS 12

/* Whether pin is 4-12 ASCII digits and nothing else. */
int pin_is_well_formed(const char *pin);
/* Whether hash looks like an Argon2id string libsodium can verify ("$argon2id$v=19$..."). */
int pin_hash_is_well_formed(const char *hash);
/* Hash a well-formed pin into out: SD_OK, SD_EINVAL (not 4-12 digits) or SD_ENOMEM. */
int pin_hash(const char *pin, char out[PIN_HASH_MAX]);
/* SD_OK when pin matches hash, SD_EAUTH when it does not (or the hash is malformed). */
int pin_verify(const char *hash, const char *pin);

#endif
