/*
** uuid.h - random (version 4) UUIDs for records.
**
** Every record gets one, so records from many kiosks and repeated exports can be merged and
** de-duplicated by `shadowday collect`. Text form: 36 lowercase characters, 8-4-4-4-12.
** The kiosk makes its records' UUIDs with uuid_make_keyed: a keyed hash (BLAKE2b) of the
** record's sequence number under a random key made once per kiosk database, which is a
** pseudo-random generator as RFC 9562 allows for version 4. So a QR code export can name a
** record by its sequence number and carry the key once, and collect derives the same UUID the
** USB export carries. Must not depend on SQLite or SDL.
*/
#ifndef SD_UUID_H
#define SD_UUID_H

#include <stdint.h>

#define UUID_TEXT_SIZE 37   /* 36 characters and the NUL */
#define UUID_KEY_BYTES 16   /* a kiosk's key for uuid_make_keyed */

/* A new random UUID into out: SD_OK, or SD_ERR when libsodium cannot be initialised. */
int uuid_make_v4(char out[UUID_TEXT_SIZE]);

/* The UUID of the record numbered seq under key: always the same for the same two. */
void uuid_make_keyed(const unsigned char key[UUID_KEY_BYTES], int64_t seq, char out[UUID_TEXT_SIZE]);

/* Whether text is a UUID as uuid_make_v4 writes it (lowercase 8-4-4-4-12, any version). */
int uuid_is_well_formed(const char *text);

#endif
