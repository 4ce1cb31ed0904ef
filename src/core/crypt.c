/*
** crypt.c - coordinator keys and the SDENC1 encrypted export format.
**
** The per-export key is random and used once, so the stream needs no nonce management beyond
** its own header. Chunk boundaries follow from the fixed chunk size, so the format has no length
** fields to lie: a file cut at a chunk boundary ends without the FINAL tag, bytes after FINAL
** are refused. The key file is keyfile.c's. Must not depend on SQLite or SDL.
*/
#include "crypt.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "i18n.h"

#define CRYPT_SEALED_BYTES (crypto_secretstream_xchacha20poly1305_KEYBYTES + crypto_box_SEALBYTES)
#define CRYPT_HEADER_BYTES crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define CRYPT_ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
#define CRYPT_PREFIX_BYTES (CRYPT_MAGIC_LEN + CRYPT_SEALED_BYTES + CRYPT_HEADER_BYTES)

int crypt_keypair_make(struct crypt_keypair *kp)
{
    if (sodium_init() < 0)
        return SD_ERR;
    crypto_box_keypair(kp->pk, kp->sk);
    return SD_OK;
}

void crypt_keypair_wipe(struct crypt_keypair *kp)
{
    sodium_memzero(kp, sizeof *kp);
}

void crypt_public_to_base64(const unsigned char pk[CRYPT_KEY_BYTES], char out[CRYPT_PUBLIC_B64_SIZE])
{
    sodium_bin2base64(out, CRYPT_PUBLIC_B64_SIZE, pk, CRYPT_KEY_BYTES,
                      sodium_base64_VARIANT_ORIGINAL);
}

int crypt_public_from_base64(const char *text, unsigned char pk[CRYPT_KEY_BYTES])
{
    unsigned char buf[CRYPT_KEY_BYTES];
    size_t n = 0;
    const char *end = NULL;
    if (!text || strlen(text) != CRYPT_PUBLIC_B64_SIZE - 1)
        return SD_EINVAL;
    if (sodium_base642bin(buf, sizeof buf, text, strlen(text), NULL, &n, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        n != CRYPT_KEY_BYTES || *end != '\0')
        return SD_EINVAL;
    memcpy(pk, buf, CRYPT_KEY_BYTES);
    return SD_OK;
}

void crypt_fingerprint(const unsigned char pk[CRYPT_KEY_BYTES], char out[CRYPT_FINGERPRINT_SIZE])
{
    unsigned char sum[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    crypto_hash_sha256(sum, pk, CRYPT_KEY_BYTES);
    sodium_bin2hex(hex, sizeof hex, sum, sizeof sum);
    char *o = out;
    for (int i = 0; i < 16; i++) {
        if (i > 0 && i % 4 == 0)
            *o++ = ' ';
        *o++ = hex[i];
    }
    *o = '\0';
}

size_t crypt_encrypted_len(size_t len)
{
    size_t chunks = len == 0 ? 1 : (len + CRYPT_CHUNK_BYTES - 1) / CRYPT_CHUNK_BYTES;
    return CRYPT_PREFIX_BYTES + len + chunks * CRYPT_ABYTES;
}

int crypt_is_encrypted(const unsigned char *data, size_t len)
{
    return len >= CRYPT_MAGIC_LEN && memcmp(data, CRYPT_MAGIC, CRYPT_MAGIC_LEN) == 0;
}

int crypt_encrypt(const unsigned char *in, size_t len, const unsigned char pk[CRYPT_KEY_BYTES],
                  unsigned char **out, size_t *out_len)
{
    unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
    crypto_secretstream_xchacha20poly1305_state st;
    *out = NULL;
    *out_len = 0;
    if (sodium_init() < 0)
        return SD_ERR;
    size_t total = crypt_encrypted_len(len);
    if (total < len)
        return SD_ELIMIT;
    unsigned char *buf = malloc(total), *o = buf;
    if (!buf)
        return SD_ENOMEM;
    int rc = SD_OK;
    memcpy(o, CRYPT_MAGIC, CRYPT_MAGIC_LEN);
    o += CRYPT_MAGIC_LEN;
    crypto_secretstream_xchacha20poly1305_keygen(key);
    if (crypto_box_seal(o, key, sizeof key, pk) != 0) {
        rc = SD_EINVAL;
        goto done;
    }
    o += CRYPT_SEALED_BYTES;
    crypto_secretstream_xchacha20poly1305_init_push(&st, o, key);
    o += CRYPT_HEADER_BYTES;
    size_t off = 0;
    do {
        size_t n = len - off > CRYPT_CHUNK_BYTES ? CRYPT_CHUNK_BYTES : len - off;
        unsigned char tag = off + n == len ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                           : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
        unsigned long long clen = 0;
        crypto_secretstream_xchacha20poly1305_push(&st, o, &clen, in + off, n, NULL, 0, tag);
        o += clen;
        off += n;
    } while (off < len);
done:
    sodium_memzero(key, sizeof key);
    sodium_memzero(&st, sizeof st);
    if (rc) {
        free(buf);
        return rc;
    }
    *out = buf;
    *out_len = (size_t)(o - buf);
    return SD_OK;
}

int crypt_decrypt(const unsigned char *in, size_t len, const struct crypt_keypair *kp,
                  unsigned char **out, size_t *out_len)
{
    unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
    crypto_secretstream_xchacha20poly1305_state st;
    *out = NULL;
    *out_len = 0;
    if (sodium_init() < 0)
        return SD_ERR;
    if (len < CRYPT_PREFIX_BYTES + CRYPT_ABYTES || !crypt_is_encrypted(in, len))
        return SD_ECORRUPT;
    const unsigned char *p = in + CRYPT_MAGIC_LEN, *end = in + len;
    if (crypto_box_seal_open(key, p, CRYPT_SEALED_BYTES, kp->pk, kp->sk) != 0)
        return SD_EAUTH;
    p += CRYPT_SEALED_BYTES;
    int rc = SD_OK;
    unsigned char *buf = NULL, *o;
    size_t cap = 0;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&st, p, key) != 0) {
        rc = SD_ECORRUPT;
        goto done;
    }
    p += CRYPT_HEADER_BYTES;
    /* The plaintext is never longer than the rest minus one tag. */
    cap = (size_t)(end - p) + 1;
    buf = malloc(cap);
    if (!buf) {
        rc = SD_ENOMEM;
        goto done;
    }
    o = buf;
    for (;;) {
        size_t left = (size_t)(end - p);
        size_t clen = left > CRYPT_CHUNK_BYTES + CRYPT_ABYTES ? CRYPT_CHUNK_BYTES + CRYPT_ABYTES : left;
        unsigned long long mlen = 0;
        unsigned char tag = 0;
        if (clen < CRYPT_ABYTES ||
            crypto_secretstream_xchacha20poly1305_pull(&st, o, &mlen, &tag, p, clen, NULL, 0) != 0) {
            rc = SD_ECORRUPT;
            goto done;
        }
        p += clen;
        o += mlen;
        if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
            if (p != end)
                rc = SD_ECORRUPT;   /* something was appended after the end */
            break;
        }
        if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE || p == end) {
            rc = SD_ECORRUPT;       /* cut short: the last chunk was not FINAL */
            goto done;
        }
    }
done:
    sodium_memzero(key, sizeof key);
    sodium_memzero(&st, sizeof st);
    if (rc) {
        if (buf) {
            sodium_memzero(buf, cap);
            free(buf);
        }
        return rc;
    }
    *o = '\0';
    *out = buf;
    *out_len = (size_t)(o - buf);
    return SD_OK;
}

static const struct {
    int rc;
    const char *text;
} crypt_messages[] = {
    { SD_OK, N_("the export was decrypted") },
    { SD_EAUTH, N_("this export was encrypted for another coordinator key, or its beginning was "
                   "changed: use the key file whose public key is in the day pack") },
    { SD_ECORRUPT, N_("this encrypted export was changed, damaged or cut short: nothing in it "
                      "can be trusted; export again from the kiosk") },
    { SD_ENOMEM, N_("out of memory") },
};

const char *crypt_describe(int rc)
{
    for (size_t i = 0; i < sizeof crypt_messages / sizeof crypt_messages[0]; i++)
        if (crypt_messages[i].rc == rc)
            return _(crypt_messages[i].text);
    return _("the export could not be decrypted");
}
