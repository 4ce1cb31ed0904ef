/*
** test_fsutil.c - durable file writing: contents and permissions, no overwrite, a failure
** injected at every write, fsync, rename, open and mkdir leaves no file under its name and no
** temporary file; a real full and a real read-only file system (a 1 MiB tmpfs, when running as
** root) give SD_EFULL and SD_EREADONLY; bounded, symlink-refusing reads.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "fsutil.h"
#include "testutil.h"

struct fault {
    int op;         /* 0 = any operation */
    int nth;        /* fail the nth matching call (1-based) */
    int errnum;
    int seen;       /* matching calls so far */
    int fired;
};

static int fault_hook(void *arg, int op)
{
    struct fault *f = arg;
    if (f->op && f->op != op)
        return 0;
    if (++f->seen == f->nth) {
        f->fired = 1;
        return f->errnum;
    }
    return 0;
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static void test_fsutil_write(void **state)
{
    (void)state;
    const char *dir = tu_tmpdir();
    char path[512];
    assert_int_equal(fsutil_write_file(dir, "a.txt", "hello", 5, 0644, FSUTIL_NO_REPLACE), SD_OK);
    snprintf(path, sizeof path, "%s/a.txt", dir);
    size_t len;
    char *got = tu_read_file(path, &len);
    assert_int_equal(len, 5);
    assert_string_equal(got, "hello");
    free(got);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    /* Never overwritten with FSUTIL_NO_REPLACE; replaced whole without it. */
    assert_int_equal(fsutil_write_file(dir, "a.txt", "other", 5, 0644, FSUTIL_NO_REPLACE), SD_EEXIST);
    got = tu_read_file(path, NULL);
    assert_string_equal(got, "hello");
    free(got);
    assert_int_equal(fsutil_write_file(dir, "a.txt", "new!", 4, 0600, 0), SD_OK);
    got = tu_read_file(path, NULL);
    assert_string_equal(got, "new!");
    free(got);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    /* Empty and large files. */
    assert_int_equal(fsutil_write_file(dir, "empty", "", 0, 0644, 0), SD_OK);
    size_t big = 3u << 20;
    char *data = malloc(big);
    for (size_t i = 0; i < big; i++)
        data[i] = (char)(i * 7);
    assert_int_equal(fsutil_write_file(dir, "big.bin", data, big, 0644, 0), SD_OK);
    snprintf(path, sizeof path, "%s/big.bin", dir);
    got = tu_read_file(path, &len);
    assert_int_equal(len, big);
    assert_memory_equal(got, data, big);
    free(got);
    free(data);
    assert_int_equal(count_entries(dir), 3);   /* no temporary files left */
    /* Bad names and a missing folder. */
    assert_int_equal(fsutil_write_file(dir, "a/b", "x", 1, 0644, 0), SD_EINVAL);
    assert_int_equal(fsutil_write_file(dir, "..", "x", 1, 0644, 0), SD_EINVAL);
    assert_int_equal(fsutil_write_file(dir, "", "x", 1, 0644, 0), SD_EINVAL);
    snprintf(path, sizeof path, "%s/gone", dir);
    assert_int_equal(fsutil_write_file(path, "x", "x", 1, 0644, 0), SD_ENOTFOUND);
    /* A symlink at the temporary name's place cannot redirect the write: the target name
    ** as a symlink is replaced, never followed. */
    char target[512], link_path[512];
    snprintf(target, sizeof target, "%s/target", dir);
    snprintf(link_path, sizeof link_path, "%s/link", dir);
    tu_write_file(dir, "target", "keep", 4);
    assert_int_equal(symlink(target, link_path), 0);
    assert_int_equal(fsutil_write_file(dir, "link", "evil", 4, 0644, FSUTIL_NO_REPLACE), SD_EEXIST);
    got = tu_read_file(target, NULL);
    assert_string_equal(got, "keep");
    free(got);
}

/* Fail the nth call of op with errnum for every n until a write passes untouched. */
static void fault_every_n(int op, int errnum, int expect_rc)
{
    const char *dir = tu_tmpdir();
    char data[100];
    memset(data, 'x', sizeof data);
    for (int n = 1; n < 50; n++) {
        struct fault f = { op, n, errnum, 0, 0 };
        fsutil_set_fault(fault_hook, &f);
        int rc = fsutil_write_file(dir, "f.txt", data, sizeof data, 0644, FSUTIL_NO_REPLACE);
        fsutil_set_fault(NULL, NULL);
        if (!f.fired) {
            assert_int_equal(rc, SD_OK);
            assert_true(n > 1);
            return;
        }
        /* A failed sync of the folder after the rename is still a failure the caller sees,
        ** though the file may be there; everything before leaves nothing under the name. */
        assert_int_equal(rc, expect_rc);
        char path[512];
        snprintf(path, sizeof path, "%s/f.txt", dir);
        struct stat st;
        if (stat(path, &st) == 0) {
            assert_int_equal(op == 0 || op == FSUTIL_OP_OPEN || op == FSUTIL_OP_FSYNC, 1);
            unlink(path);
        }
        assert_int_equal(count_entries(dir), 0);
    }
    fail_msg("the fault never stopped firing");
}

static void test_fsutil_faults(void **state)
{
    (void)state;
    static const struct { int op, errnum, rc; } cases[] = {
        { FSUTIL_OP_WRITE, EIO, SD_EIO },
        { FSUTIL_OP_WRITE, ENOSPC, SD_EFULL },
        { FSUTIL_OP_FSYNC, EIO, SD_EIO },
        { FSUTIL_OP_RENAME, EROFS, SD_EREADONLY },
        { FSUTIL_OP_RENAME, EIO, SD_EIO },
        { FSUTIL_OP_OPEN, ENOENT, SD_ENOTFOUND },
        { FSUTIL_OP_OPEN, EROFS, SD_EREADONLY },
        { 0, EIO, SD_EIO },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        fault_every_n(cases[i].op, cases[i].errnum, cases[i].rc);
}

static void test_fsutil_dirs(void **state)
{
    (void)state;
    const char *base = tu_tmpdir();
    char path[512], file[512];
    snprintf(path, sizeof path, "%s/new", base);
    assert_int_equal(fsutil_mkdir_new(path, 0755), SD_OK);
    assert_int_equal(fsutil_mkdir_new(path, 0755), SD_EEXIST);
    assert_int_equal(fsutil_mkdir_ok(path, 0755), SD_OK);
    assert_int_equal(fsutil_sync_dir(path), SD_OK);
    /* A file or a symlink where a folder should be. */
    tu_write_file(base, "plain", "x", 1);
    snprintf(file, sizeof file, "%s/plain", base);
    assert_int_equal(fsutil_mkdir_ok(file, 0755), SD_EEXIST);
    snprintf(file, sizeof file, "%s/sym", base);
    assert_int_equal(symlink(path, file), 0);
    assert_int_equal(fsutil_mkdir_ok(file, 0755), SD_EEXIST);
    snprintf(path, sizeof path, "%s/no/such", base);
    assert_int_equal(fsutil_mkdir_new(path, 0755), SD_ENOTFOUND);
    snprintf(path, sizeof path, "%s/faulty", base);
    struct fault f = { FSUTIL_OP_MKDIR, 1, EIO, 0, 0 };
    fsutil_set_fault(fault_hook, &f);
    assert_int_equal(fsutil_mkdir_new(path, 0755), SD_EIO);
    fsutil_set_fault(NULL, NULL);
    assert_int_equal(fsutil_sync_dir(path), SD_ENOTFOUND);
    uint64_t free_bytes = 0;
    assert_int_equal(fsutil_free_space(base, &free_bytes), SD_OK);
    assert_true(free_bytes > 0);
    assert_int_equal(fsutil_free_space("/no/such/dir", &free_bytes), SD_ENOTFOUND);
}

static void test_fsutil_read(void **state)
{
    (void)state;
    const char *dir = tu_tmpdir();
    char path[512];
    tu_write_file(dir, "abc", "abc", 3);
    snprintf(path, sizeof path, "%s/abc", dir);
    unsigned char sum[32];
    char hex[65];
    uint64_t size = 0;
    assert_int_equal(fsutil_file_sha256(path, sum, &size), SD_OK);
    fsutil_sha256_hex(sum, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(size, 3);
    unsigned char *data;
    size_t len;
    assert_int_equal(fsutil_read_file(path, 3, &data, &len), SD_OK);
    assert_int_equal(len, 3);
    assert_string_equal((char *)data, "abc");
    free(data);
    assert_int_equal(fsutil_read_file(path, 2, &data, &len), SD_ELIMIT);
    assert_null(data);
    /* A symlink, a folder and a FIFO are not read. */
    char link_path[512], fifo[512];
    snprintf(link_path, sizeof link_path, "%s/link", dir);
    assert_int_equal(symlink(path, link_path), 0);
    assert_int_equal(fsutil_read_file(link_path, 100, &data, &len), SD_EINVAL);
    assert_int_equal(fsutil_file_sha256(link_path, sum, NULL), SD_EINVAL);
    assert_int_equal(fsutil_read_file(dir, 100, &data, &len), SD_EINVAL);
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(fsutil_read_file(fifo, 100, &data, &len), SD_EINVAL);
    snprintf(path, sizeof path, "%s/none", dir);
    assert_int_equal(fsutil_read_file(path, 100, &data, &len), SD_ENOTFOUND);
    /* A read failing midway (a pulled stick) is an error, never a short success. */
    snprintf(path, sizeof path, "%s/abc", dir);
    struct fault f = { FSUTIL_OP_READ, 1, EIO, 0, 0 };
    fsutil_set_fault(fault_hook, &f);
    assert_int_equal(fsutil_file_sha256(path, sum, NULL), SD_EIO);
    f.seen = 0;
    assert_int_equal(fsutil_read_file(path, 100, &data, &len), SD_EIO);
    fsutil_set_fault(NULL, NULL);
    assert_null(data);
}

/* A real 1 MiB tmpfs: full, then read-only. Needs root (skipped otherwise). */
static void test_fsutil_real_full_and_readonly(void **state)
{
    (void)state;
    if (geteuid() != 0) {
        skip();
        return;
    }
    const char *mnt = tu_tmpdir();
    if (mount("tmpfs", mnt, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m") != 0) {
        skip();
        return;
    }
    size_t big = 2u << 20;
    char *data = calloc(1, big);
    int full = fsutil_write_file(mnt, "big.bin", data, big, 0644, 0);
    int entries = count_entries(mnt);
    int small = fsutil_write_file(mnt, "small.txt", "ok", 2, 0644, 0);
    int remount = mount("tmpfs", mnt, "tmpfs", MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV,
                        "size=1m");
    int ro = fsutil_write_file(mnt, "ro.txt", "x", 1, 0644, 0);
    int ro_dir = 0;
    char sub[512];
    snprintf(sub, sizeof sub, "%s/sub", mnt);
    ro_dir = fsutil_mkdir_new(sub, 0755);
    umount2(mnt, MNT_DETACH);
    free(data);
    assert_int_equal(full, SD_EFULL);
    assert_int_equal(entries, 0);       /* the half-written temporary file was removed */
    assert_int_equal(small, SD_OK);     /* and the space came back */
    assert_int_equal(remount, 0);
    assert_int_equal(ro, SD_EREADONLY);
    assert_int_equal(ro_dir, SD_EREADONLY);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fsutil_write),
        cmocka_unit_test(test_fsutil_faults),
        cmocka_unit_test(test_fsutil_dirs),
        cmocka_unit_test(test_fsutil_read),
        cmocka_unit_test(test_fsutil_real_full_and_readonly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
