/*
** test_keyfile.c - the coordinator's key file: written 0600 and never overwritten, read back only
** with its passphrase, its public key readable without one, shadowday 0.1's unlocked files still
** read, and every kind of broken or mixed-up file refused (moved here from test_crypt.c).
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

#include <sodium.h>

#include "crypt.h"
#include "err.h"
#include "keyfile.h"
#include "testutil.h"

#define PASS "korppi kuusi kaisla"

static void test_keyfile_write_read(void **state)
{
    (void)state;
    struct crypt_keypair kp, back, other;
    char b64[CRYPT_PUBLIC_B64_SIZE], fp[CRYPT_FINGERPRINT_SIZE], path[512];
    unsigned char pk[CRYPT_KEY_BYTES];
    assert_int_equal(crypt_keypair_make(&kp), SD_OK);
    crypt_public_to_base64(kp.pk, b64);
    crypt_fingerprint(kp.pk, fp);
    /* Written 0600, read back equal, never overwritten. */
    const char *dir = tu_tmpdir();
    snprintf(path, sizeof path, "%s/%s", dir, KEYFILE_NAME);
    assert_int_equal(keyfile_write(path, &kp, PASS), SD_OK);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(keyfile_read(path, PASS, &back), SD_OK);
    assert_memory_equal(&back, &kp, sizeof kp);
    assert_int_equal(crypt_keypair_make(&other), SD_OK);
    assert_int_equal(keyfile_write(path, &other, PASS), SD_EEXIST);
    assert_int_equal(keyfile_read(path, PASS, &back), SD_OK);
    assert_memory_equal(&back, &kp, sizeof kp);
    /* The public key and fingerprint are in the clear; the secret key is not. */
    char *text = tu_read_file(path, NULL);
    char sk64[CRYPT_PUBLIC_B64_SIZE];
    sodium_bin2base64(sk64, sizeof sk64, kp.sk, sizeof kp.sk, sodium_base64_VARIANT_ORIGINAL);
    assert_non_null(strstr(text, b64));
    assert_non_null(strstr(text, fp));
    assert_null(strstr(text, sk64));
    assert_null(strstr(text, PASS));
    free(text);
    assert_int_equal(keyfile_read_public(path, pk), SD_OK);
    assert_memory_equal(pk, kp.pk, sizeof pk);
    assert_int_equal(keyfile_path_is_locked(path), 1);
    crypt_keypair_wipe(&kp);
    crypt_keypair_wipe(&other);
}

static void test_keyfile_passphrase(void **state)
{
    (void)state;
    struct crypt_keypair kp, back;
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(crypt_keypair_make(&kp), SD_OK);
    /* Too short a passphrase makes no file. */
    assert_int_equal(keyfile_format(&kp, "1234567", &text, &len), SD_EINVAL);
    assert_null(text);
    assert_int_equal(keyfile_format(&kp, NULL, &text, &len), SD_EINVAL);
    assert_int_equal(keyfile_format(&kp, PASS, &text, &len), SD_OK);
    assert_true(keyfile_is_locked(text, len));
    /* Wrong, empty, missing, one letter's case: all SD_EAUTH, and nothing is left in back. */
    static const char *const wrong[] = { "korppi kuusi kaisl", "Korppi kuusi kaisla", "", NULL };
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        memset(&back, 0x55, sizeof back);
        assert_int_equal(keyfile_parse(text, len, wrong[i], &back), SD_EAUTH);
        unsigned char zero[sizeof back];
        memset(zero, 0, sizeof zero);
        assert_memory_equal(&back, zero, sizeof back);
    }
    assert_int_equal(keyfile_parse(text, len, PASS, &back), SD_OK);
    assert_memory_equal(&back, &kp, sizeof kp);
    /* Two files of one key differ (fresh salt and nonce) and both open. */
    char *text2 = NULL;
    size_t len2 = 0;
    assert_int_equal(keyfile_format(&kp, PASS, &text2, &len2), SD_OK);
    assert_string_not_equal(text, text2);
    assert_int_equal(keyfile_parse(text2, len2, PASS, &back), SD_OK);
    free(text2);
    free(text);
    crypt_keypair_wipe(&kp);
}

/* A key file of shadowday 0.1: both keys in the clear, still read (the passphrase is ignored). */
static void test_keyfile_unlocked_01(void **state)
{
    (void)state;
    struct crypt_keypair kp, back;
    char pk64[CRYPT_PUBLIC_B64_SIZE], sk64[CRYPT_PUBLIC_B64_SIZE], old[512], path[512];
    assert_int_equal(crypt_keypair_make(&kp), SD_OK);
    crypt_public_to_base64(kp.pk, pk64);
    sodium_bin2base64(sk64, sizeof sk64, kp.sk, sizeof kp.sk, sodium_base64_VARIANT_ORIGINAL);
    snprintf(old, sizeof old, "# shadowday coordinator key.\n# fingerprint: x\npublic: %s\nsecret: %s\n",
             pk64, sk64);
    const char *dir = tu_tmpdir();
    tu_write_file(dir, "old.key", old, -1);
    snprintf(path, sizeof path, "%s/old.key", dir);
    assert_int_equal(keyfile_path_is_locked(path), 0);
    assert_int_equal(keyfile_read(path, NULL, &back), SD_OK);
    assert_memory_equal(&back, &kp, sizeof kp);
    assert_int_equal(keyfile_read(path, "anything at all", &back), SD_OK);
    crypt_keypair_wipe(&kp);
}

static int read_in(const char *dir, const char *name, const char *content, struct crypt_keypair *kp)
{
    char path[512];
    tu_write_file(dir, name, content, -1);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return keyfile_read(path, PASS, kp);
}

/* Key files that are not ones: missing, empty, mixed halves, edited lines, a folder, too big. */
static void test_keyfile_refused(void **state)
{
    (void)state;
    struct crypt_keypair kp, other, back;
    char path[512], opk[CRYPT_PUBLIC_B64_SIZE], buf[8192];
    const char *dir = tu_tmpdir();
    assert_int_equal(crypt_keypair_make(&kp), SD_OK);
    assert_int_equal(crypt_keypair_make(&other), SD_OK);
    snprintf(path, sizeof path, "%s/none.key", dir);
    assert_int_equal(keyfile_read(path, PASS, &back), SD_ENOTFOUND);
    assert_int_equal(read_in(dir, "empty.key", "", &back), SD_EINVAL);
    assert_int_equal(keyfile_read(dir, PASS, &back), SD_EINVAL);
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(keyfile_format(&kp, PASS, &text, &len), SD_OK);
    /* Another key's public line with this file's locked secret. */
    crypt_public_to_base64(other.pk, opk);
    const char *after = strchr(strstr(text, "public: "), '\n');
    snprintf(buf, sizeof buf, "public: %s%s", opk, after);
    assert_int_equal(read_in(dir, "mixed.key", buf, &back), SD_EINVAL);
    /* Each locked field changed in one character, and each removed. */
    static const char *const fields[] = { "kdf: ", "kdf-ops: ", "kdf-mem: ", "salt: ", "nonce: ", "locked: " };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        snprintf(buf, sizeof buf, "%s", text);
        char *v = strstr(buf, fields[i]) + strlen(fields[i]);
        *v = *v == 'A' ? 'B' : *v == '1' ? '2' : 'A';
        int rc = read_in(dir, "edited.key", buf, &back);
        assert_true(rc == SD_EINVAL || rc == SD_EAUTH);
        snprintf(buf, sizeof buf, "%s", text);
        char *line = strstr(buf, fields[i]), *nl = strchr(line, '\n');
        memmove(line, nl + 1, strlen(nl + 1) + 1);
        rc = read_in(dir, "cut.key", buf, &back);
        assert_true(rc == SD_EINVAL || rc == SD_EAUTH);
    }
    /* A file asking for absurd memory is refused before anything is derived. */
    snprintf(buf, sizeof buf, "%s", text);
    char *mem = strstr(buf, "kdf-mem: ");
    char *nl = strchr(mem, '\n');
    char tail[4096];
    snprintf(tail, sizeof tail, "%s", nl);
    snprintf(mem, sizeof buf - (size_t)(mem - buf), "kdf-mem: 99999999999%s", tail);
    assert_int_equal(read_in(dir, "greedy.key", buf, &back), SD_EINVAL);
    /* Bigger than any key file. */
    memset(buf, '#', sizeof buf - 1);
    buf[sizeof buf - 1] = '\0';
    assert_int_equal(read_in(dir, "big.key", buf, &back), SD_EINVAL);
    free(text);
    crypt_keypair_wipe(&kp);
    crypt_keypair_wipe(&other);
}

static void test_keyfile_line(void **state)
{
    (void)state;
    struct crypt_keypair kp;
    char line[KEYFILE_LINE_SIZE], b64[CRYPT_PUBLIC_B64_SIZE];
    assert_int_equal(crypt_keypair_make(&kp), SD_OK);
    keyfile_workplace_line(kp.pk, line);
    crypt_public_to_base64(kp.pk, b64);
    assert_int_equal(strncmp(line, "coordinator_public_key", 22), 0);
    assert_string_equal(line + 23, b64);
    crypt_keypair_wipe(&kp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keyfile_write_read),
        cmocka_unit_test(test_keyfile_passphrase),
        cmocka_unit_test(test_keyfile_unlocked_01),
        cmocka_unit_test(test_keyfile_refused),
        cmocka_unit_test(test_keyfile_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
