/*
** test_crypt.c - coordinator keys and encrypted exports: round trips of every size class, a
** flipped byte anywhere, cut files, appended bytes and the wrong key are all refused whole.
** The key file is tested in test_keyfile.c.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crypt.h"
#include "err.h"
#include "testutil.h"

static unsigned char *make_data(size_t len)
{
    unsigned char *p = malloc(len ? len : 1);
    assert_non_null(p);
    for (size_t i = 0; i < len; i++)
        p[i] = (unsigned char)(i * 37 + (i >> 8));
    return p;
}

static void test_crypt_keys(void **state)
{
    (void)state;
    struct crypt_keypair kp;
    char b64[CRYPT_PUBLIC_B64_SIZE], fp[CRYPT_FINGERPRINT_SIZE];
    unsigned char pk[CRYPT_KEY_BYTES];
    assert_int_equal(crypt_keypair_make(&kp), SD_OK);
    crypt_public_to_base64(kp.pk, b64);
    assert_int_equal(strlen(b64), 44);
    assert_int_equal(b64[43], '=');
    assert_int_equal(crypt_public_from_base64(b64, pk), SD_OK);
    assert_memory_equal(pk, kp.pk, sizeof pk);
    crypt_fingerprint(kp.pk, fp);
    assert_int_equal(strlen(fp), 19);
    assert_true(fp[4] == ' ' && fp[9] == ' ' && fp[14] == ' ');
    /* Bad Base64: wrong length, URL-safe alphabet, missing padding, trailing text. */
    char bad[64];
    assert_int_equal(crypt_public_from_base64("", pk), SD_EINVAL);
    assert_int_equal(crypt_public_from_base64("AAAA", pk), SD_EINVAL);
    snprintf(bad, sizeof bad, "%.43s", b64);
    assert_int_equal(crypt_public_from_base64(bad, pk), SD_EINVAL);
    snprintf(bad, sizeof bad, "%s ", b64);
    assert_int_equal(crypt_public_from_base64(bad, pk), SD_EINVAL);
    snprintf(bad, sizeof bad, "%s", b64);
    bad[0] = '-';
    assert_int_equal(crypt_public_from_base64(bad, pk), SD_EINVAL);

    /* The key file's assertions moved to test_keyfile.c with the key file itself. */
    crypt_keypair_wipe(&kp);
}

static void round_trip(size_t len)
{
    struct crypt_keypair kp;
    assert_int_equal(crypt_keypair_make(&kp), SD_OK);
    unsigned char *data = make_data(len), *enc, *dec;
    size_t elen, dlen;
    assert_int_equal(crypt_encrypt(data, len, kp.pk, &enc, &elen), SD_OK);
    assert_int_equal(elen, crypt_encrypted_len(len));
    assert_true(crypt_is_encrypted(enc, elen));
    assert_memory_equal(enc, "SDENC1\n", 7);
    assert_int_equal(crypt_decrypt(enc, elen, &kp, &dec, &dlen), SD_OK);
    assert_int_equal(dlen, len);
    assert_memory_equal(dec, data, len);
    assert_int_equal(dec[dlen], 0);
    /* Two encryptions of the same data differ (fresh key each time). */
    unsigned char *enc2;
    size_t elen2;
    assert_int_equal(crypt_encrypt(data, len, kp.pk, &enc2, &elen2), SD_OK);
    assert_int_equal(elen2, elen);
    assert_memory_not_equal(enc, enc2, elen);
    free(enc2);
    free(data);
    free(enc);
    free(dec);
}

static void test_crypt_round_trips(void **state)
{
    (void)state;
    static const size_t sizes[] = { 0, 1, 100, CRYPT_CHUNK_BYTES - 1, CRYPT_CHUNK_BYTES,
                                    CRYPT_CHUNK_BYTES + 1, 2 * CRYPT_CHUNK_BYTES, 300000 };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        round_trip(sizes[i]);
}

static void test_crypt_tamper_every_byte(void **state)
{
    (void)state;
    struct crypt_keypair kp;
    assert_int_equal(crypt_keypair_make(&kp), SD_OK);
    /* Two chunks and a bit, so flips land in the prefix, the sealed key, the header, each
    ** chunk and each tag. Every byte of a small file; a stride through a large one. */
    static const size_t sizes[] = { 40, 2 * CRYPT_CHUNK_BYTES + 10 };
    for (size_t s = 0; s < 2; s++) {
        unsigned char *data = make_data(sizes[s]), *enc, *dec = NULL;
        size_t elen, dlen = 0;
        assert_int_equal(crypt_encrypt(data, sizes[s], kp.pk, &enc, &elen), SD_OK);
        size_t step = elen > 1000 ? 997 : 1;
        for (size_t i = 0; i < elen; i += step) {
            for (int bit = 0; bit < 8; bit += (step == 1 ? 1 : 3)) {
                enc[i] ^= (unsigned char)(1u << bit);
                int rc = crypt_decrypt(enc, elen, &kp, &dec, &dlen);
                assert_true(rc == SD_EAUTH || rc == SD_ECORRUPT);
                assert_null(dec);
                assert_int_equal(dlen, 0);
                enc[i] ^= (unsigned char)(1u << bit);
            }
        }
        /* The last byte too (the final tag's MAC). */
        enc[elen - 1] ^= 0x80;
        assert_int_equal(crypt_decrypt(enc, elen, &kp, &dec, &dlen), SD_ECORRUPT);
        enc[elen - 1] ^= 0x80;
        /* Cut short at every chunk boundary and elsewhere; bytes appended. */
        size_t cuts[] = { 0, 6, 7, 50, 87, 110, 111, 128, elen - 1,
                          111 + CRYPT_CHUNK_BYTES + 17, 111 + 2 * (CRYPT_CHUNK_BYTES + 17) };
        for (size_t c = 0; c < sizeof cuts / sizeof cuts[0]; c++) {
            if (cuts[c] >= elen)
                continue;
            int rc = crypt_decrypt(enc, cuts[c], &kp, &dec, &dlen);
            assert_true(rc == SD_EAUTH || rc == SD_ECORRUPT);
            assert_null(dec);
        }
        unsigned char *longer = malloc(elen + 1);
        memcpy(longer, enc, elen);
        longer[elen] = 0;
        assert_int_equal(crypt_decrypt(longer, elen + 1, &kp, &dec, &dlen), SD_ECORRUPT);
        assert_null(dec);
        free(longer);
        /* Untouched, it still opens. */
        assert_int_equal(crypt_decrypt(enc, elen, &kp, &dec, &dlen), SD_OK);
        free(dec);
        free(enc);
        free(data);
    }
}

static void test_crypt_wrong_key(void **state)
{
    (void)state;
    struct crypt_keypair kp, other;
    assert_int_equal(crypt_keypair_make(&kp), SD_OK);
    assert_int_equal(crypt_keypair_make(&other), SD_OK);
    unsigned char *enc, *dec = NULL;
    size_t elen, dlen = 0;
    assert_int_equal(crypt_encrypt((const unsigned char *)"secret", 6, kp.pk, &enc, &elen), SD_OK);
    assert_int_equal(crypt_decrypt(enc, elen, &other, &dec, &dlen), SD_EAUTH);
    assert_null(dec);
    /* The messages say what to do. */
    assert_non_null(strstr(crypt_describe(SD_EAUTH), "key"));
    assert_non_null(strstr(crypt_describe(SD_ECORRUPT), "changed"));
    /* Not an encrypted export at all. */
    assert_int_equal(crypt_decrypt((const unsigned char *)"{\"format\":1}", 12, &kp, &dec, &dlen),
                     SD_ECORRUPT);
    assert_false(crypt_is_encrypted((const unsigned char *)"SDENC", 5));
    free(enc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crypt_keys),
        cmocka_unit_test(test_crypt_round_trips),
        cmocka_unit_test(test_crypt_tamper_every_byte),
        cmocka_unit_test(test_crypt_wrong_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
