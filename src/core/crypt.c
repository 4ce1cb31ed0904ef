/*
** crypt.c - coordinator keys and the SDENC1 encrypted export format.
**
** The per-export key is random and used once, so the stream needs no nonce management beyond
** its own header. Chunk boundaries follow from the fixed chunk size, so the format has no length
** fields to lie: a file cut at a chunk boundary ends without the FINAL tag, bytes after FINAL
** are refused. The key file is text ("public: ...", "secret: ..."), readable to a human who
** wants to check which key it is. Must not depend on SQLite or SDL.
*/
#include "crypt.h"

#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fsutil.h"
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

int crypt_key_file_write(const char *path, const struct crypt_keypair *kp)
{
    char pk64[CRYPT_PUBLIC_B64_SIZE], sk64[CRYPT_PUBLIC_B64_SIZE], fp[CRYPT_FINGERPRINT_SIZE];
    char text[512], dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    if (slash)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path == 0 ? 1 : slash - path), path);
    else
        snprintf(dir, sizeof dir, ".");
    crypt_public_to_base64(kp->pk, pk64);
    sodium_bin2base64(sk64, sizeof sk64, kp->sk, CRYPT_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL);
    crypt_fingerprint(kp->pk, fp);
    int n = snprintf(text, sizeof text,
                     "# shadowday coordinator key. Keep this file private: it opens the\n"
                     "# encrypted exports of every kiosk whose day pack has the public key.\n"
                     "# fingerprint: %s\n"
                     "public: %s\n"
                     "secret: %s\n", fp, pk64, sk64);
    int rc = fsutil_write_file(dir, name, text, (size_t)n, 0600, FSUTIL_NO_REPLACE);
    sodium_memzero(sk64, sizeof sk64);
    sodium_memzero(text, sizeof text);
    return rc;
}

/* The Base64 value of the line "<key>: <value>" in text into out (32 bytes). */
static int crypt_key_line(const char *text, const char *key, unsigned char out[CRYPT_KEY_BYTES])
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
        char b64[CRYPT_PUBLIC_B64_SIZE];
        if (n != CRYPT_PUBLIC_B64_SIZE - 1)
            return SD_EINVAL;
        memcpy(b64, v, n);
        b64[n] = '\0';
        int rc = crypt_public_from_base64(b64, out);
        sodium_memzero(b64, sizeof b64);
        return rc;
    }
    return SD_EINVAL;
}

int crypt_key_file_read(const char *path, struct crypt_keypair *kp)
{
    unsigned char *text = NULL, check[CRYPT_KEY_BYTES];
    size_t len = 0;
    if (sodium_init() < 0)
        return SD_ERR;
    int rc = fsutil_read_file(path, CRYPT_KEY_FILE_MAX, &text, &len);
    if (rc)
        return rc == SD_ELIMIT ? SD_EINVAL : rc;
    if (strlen((const char *)text) != len) {
        rc = SD_EINVAL;
        goto done;
    }
    if ((rc = crypt_key_line((const char *)text, "public", kp->pk)) != SD_OK ||
        (rc = crypt_key_line((const char *)text, "secret", kp->sk)) != SD_OK)
        goto done;
    /* The public key must be the one the secret key makes: a mixed-up file is refused here,
    ** not later as "wrong key" for every export. */
    if (crypto_scalarmult_base(check, kp->sk) != 0 || sodium_memcmp(check, kp->pk, sizeof check) != 0)
        rc = SD_EINVAL;
done:
    if (rc)
        crypt_keypair_wipe(kp);
    sodium_memzero(text, len);
    free(text);
    return rc;
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
