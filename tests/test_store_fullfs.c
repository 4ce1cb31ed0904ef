/*
** test_store_fullfs.c - a real full disk: the store on a 2 MiB tmpfs. Records are added until
** the file system is full; that add must say SD_EFULL and store nothing, everything acknowledged
** must still be there, and once space is freed writes go on (same handle, then after reopening).
** Mounting needs root (CI runs as root); otherwise the test says why and is skipped.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "store.h"
#include "testutil.h"

#define MAX_RECORDS 6000

static char mount_dir[PATH_MAX];    /* mounted while non-empty; the teardown unmounts it */

struct acked {
    char uuid[MAX_RECORDS][37];
    int count;
    int found[MAX_RECORDS];
    int rows;
};

static int find_record(void *arg, const struct record *r)
{
    struct acked *a = arg;
    a->rows++;
    for (int i = a->count - 1; i >= 0; i--)
        if (strcmp(a->uuid[i], r->uuid) == 0) {
            a->found[i]++;
            break;
        }
    return 0;
}

static void check_all_there(struct store *s, struct acked *a, const char *when)
{
    memset(a->found, 0, sizeof a->found);
    a->rows = 0;
    int rc = store_records_each(s, 0, find_record, a);
    if (rc != SD_OK)
        fail_msg("%s: reading: %s", when, store_errmsg(s));
    for (int i = 0; i < a->count; i++)
        if (a->found[i] != 1)
            fail_msg("%s: acknowledged record %d found %d times", when, i, a->found[i]);
    if (a->rows != a->count)
        fail_msg("%s: %d records for %d acknowledged", when, a->rows, a->count);
    rc = store_check_integrity(s);
    if (rc != SD_OK)
        fail_msg("%s: %s", when, store_errmsg(s));
}

/* A check-in with a long value, so the 2 MiB fill up after some hundreds. */
static int add_one(struct store *s, struct acked *a, int n)
{
    struct record r;
    memset(&r, 0, sizeof r);
    r.kind = RECORD_CHECKIN;
    snprintf(r.shadow_id, sizeof r.shadow_id, "shadow%d", n % 11);
    memset(r.value, 'a' + n % 26, 900);
    r.value[900] = '\0';
    int rc = store_add_record(s, &r);
    if (rc == SD_OK) {
        assert_true(a->count < MAX_RECORDS);
        snprintf(a->uuid[a->count++], sizeof a->uuid[0], "%s", r.uuid);
    }
    return rc;
}

static void test_fullfs_tmpfs(void **state)
{
    char path[PATH_MAX + 32], ballast[PATH_MAX + 32];
    struct acked *a = calloc(1, sizeof *a);
    struct store *s = NULL;
    (void)state;
    if (geteuid() != 0) {
        print_message("skipped: mounting a small tmpfs needs root (CI runs as root)\n");
        free(a);
        skip();
    }
    snprintf(mount_dir, sizeof mount_dir, "%s", tu_tmpdir());
    if (mount("tmpfs", mount_dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=2m,mode=0700") != 0) {
        print_message("skipped: cannot mount a tmpfs here: %s\n", strerror(errno));
        mount_dir[0] = '\0';
        free(a);
        skip();
    }
    snprintf(path, sizeof path, "%s/data/kiosk.db", mount_dir);
    snprintf(ballast, sizeof ballast, "%s/ballast", mount_dir);
    /* Room to free later: the emergency ballast the reference notes recommend. */
    int fd = open(ballast, O_WRONLY | O_CREAT | O_EXCL, 0600);
    assert_true(fd >= 0);
    static char chunk[64 * 1024];
    for (int i = 0; i < 8; i++)
        assert_int_equal(write(fd, chunk, sizeof chunk), (ssize_t)sizeof chunk);
    close(fd);

    assert_int_equal(store_open(&s, path, NULL), SD_OK);
    int rc = SD_OK, n = 0;
    while (rc == SD_OK && n < MAX_RECORDS)
        rc = add_one(s, a, n++);
    if (rc != SD_EFULL)
        fail_msg("after %d records: rc %d (%s), want SD_EFULL", n, rc, store_errmsg(s));
    /* Each commit appends about 6 pages to the WAL, which is only folded back into the
    ** database every 1000 pages: on 2 MiB the WAL is what fills the disk. */
    assert_true(a->count > 20);
    print_message("the disk was full after %d records\n", a->count);
    /* Still full: every further add fails the same way and stores nothing. */
    for (int i = 0; i < 5; i++)
        assert_int_equal(add_one(s, a, n++), SD_EFULL);
    assert_non_null(strstr(store_errmsg(s), "full"));
    check_all_there(s, a, "full");

    /* Free space: writes go on without reopening. */
    assert_int_equal(unlink(ballast), 0);
    for (int i = 0; i < 5; i++)
        if (add_one(s, a, n++) != SD_OK)
            fail_msg("after freeing space: %s", store_errmsg(s));
    check_all_there(s, a, "after freeing space");
    /* Closing folds the WAL into the database and removes it: much more room after that. */
    store_close(s);
    s = NULL;
    assert_int_equal(store_open(&s, path, NULL), SD_OK);
    check_all_there(s, a, "reopened");
    for (int i = 0; i < 40; i++)
        if (add_one(s, a, n++) != SD_OK)
            fail_msg("after reopening: %s", store_errmsg(s));
    check_all_there(s, a, "reopened, more records");
    store_close(s);
    free(a);
}

static int teardown(void **state)
{
    (void)state;
    if (mount_dir[0] && umount2(mount_dir, 0) != 0 && umount2(mount_dir, MNT_DETACH) != 0)
        fprintf(stderr, "could not unmount %s: %s\n", mount_dir, strerror(errno));
    mount_dir[0] = '\0';
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_fullfs_tmpfs, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
