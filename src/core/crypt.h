/*
** crypt.h - the coordinator's key pair and encrypted exports (libsodium).
**
** `shadowday keygen` makes an X25519 key pair: the public key goes into the day pack
** (workplace.csv, coordinator_public_key, Base64), the secret key stays in a 0600 file on the
** coordinator's laptop, locked with a passphrase (keyfile.h). A kiosk encrypts each export with a fresh random key, using
** crypto_secretstream_xchacha20poly1305 over the data in chunks, and seals that key to the
** public key with crypto_box_seal, so the kiosk itself cannot read the export back.
** File layout: "SDENC1\n", sealed key (80 bytes), stream header (24), chunks of 64 KiB plus
** 17 bytes, the last one tagged FINAL. Must not depend on SQLite or SDL.
*/
#ifndef SD_CRYPT_H
#define SD_CRYPT_H

#include <stddef.h>

#define CRYPT_KEY_BYTES 32
#define CRYPT_PUBLIC_B64_SIZE 45        /* 44 Base64 characters and the NUL */
#define CRYPT_FINGERPRINT_SIZE 20       /* "3fa0 91bc 0d44 e2a7" and the NUL */
#define CRYPT_MAGIC "SDENC1\n"
#define CRYPT_MAGIC_LEN 7
#define CRYPT_CHUNK_BYTES 65536

struct crypt_keypair {
    unsigned char pk[CRYPT_KEY_BYTES];
    unsigned char sk[CRYPT_KEY_BYTES];
};

/* A new random key pair. SD_ERR when libsodium cannot start. */
int crypt_keypair_make(struct crypt_keypair *kp);
/* Overwrite the secret key in memory. */
void crypt_keypair_wipe(struct crypt_keypair *kp);

/* The public key as Base64 (libsodium's ORIGINAL variant, with padding), as in workplace.csv. */
void crypt_public_to_base64(const unsigned char pk[CRYPT_KEY_BYTES], char out[CRYPT_PUBLIC_B64_SIZE]);
/* Read it back: SD_OK, or SD_EINVAL unless it is exactly 32 bytes of Base64. */
int crypt_public_from_base64(const char *text, unsigned char pk[CRYPT_KEY_BYTES]);
/* First 16 hex digits of SHA-256 of the public key in groups of 4, to compare aloud. */
void crypt_fingerprint(const unsigned char pk[CRYPT_KEY_BYTES], char out[CRYPT_FINGERPRINT_SIZE]);

/* Bytes crypt_encrypt makes of len bytes. */
size_t crypt_encrypted_len(size_t len);
/* Whether data begins like an encrypted export. */
int crypt_is_encrypted(const unsigned char *data, size_t len);

/* Encrypt len bytes to the public key pk into a malloc'd *out of *out_len bytes. */
int crypt_encrypt(const unsigned char *in, size_t len, const unsigned char pk[CRYPT_KEY_BYTES],
                  unsigned char **out, size_t *out_len);

/*
** Decrypt with the key pair: SD_OK with a malloc'd *out (a NUL follows its *out_len bytes).
** SD_EAUTH when the export was not made for this key (or its sealed key was changed);
** SD_ECORRUPT when anything else was changed, cut short or added. Nothing is returned on
** failure, not even the part that did verify.
*/
int crypt_decrypt(const unsigned char *in, size_t len, const struct crypt_keypair *kp,
                  unsigned char **out, size_t *out_len);

/* What a crypt_decrypt result means for the coordinator, in plain words (translated). */
const char *crypt_describe(int rc);

#endif
