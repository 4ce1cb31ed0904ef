/*
** uuid.h - random (version 4) UUIDs for records, from libsodium's randombytes_buf.
**
** Every record gets one, so records from many kiosks and repeated exports can be merged and
** de-duplicated by `shadowday collect`. Text form: 36 lowercase characters, 8-4-4-4-12.
** Must not depend on SQLite or SDL.
*/
#ifndef SD_UUID_H
#define SD_UUID_H

#define UUID_TEXT_SIZE 37   /* 36 characters and the NUL */

/* A new random UUID into out: SD_OK, or SD_ERR when libsodium cannot be initialised. */
int uuid_make_v4(char out[UUID_TEXT_SIZE]);

/* Whether text is a UUID as uuid_make_v4 writes it (lowercase 8-4-4-4-12, any version). */
int uuid_is_well_formed(const char *text);

#endif
