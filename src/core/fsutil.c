/*
** fsutil.c - write-fsync-rename-fsync, read-back hashing, folders and free space.
**
** Every system call that can fail goes through fsutil_fault() first, so a test can make the
** Nth write, fsync or rename fail with EIO, ENOSPC or EROFS and see the caller cope. The hook is
** file-static and unset in the product, so the check costs one comparison. EINTR and short
** writes are retried; any other failure is returned at once, never retried into a false
** success (a second fsync may "succeed" after the kernel dropped the data).
** Must not depend on SQLite or SDL.
*/
#include "fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "err.h"

static fsutil_fault_fn *fsutil_fault_hook;
static void *fsutil_fault_arg;

void fsutil_set_fault(fsutil_fault_fn *fn, void *arg)
{
    fsutil_fault_hook = fn;
    fsutil_fault_arg = arg;
}

/* 0 to go on, or the errno a test wants this operation to fail with. */
static int fsutil_fault(int op)
{
    return fsutil_fault_hook ? fsutil_fault_hook(fsutil_fault_arg, op) : 0;
}

static int fsutil_open(const char *path, int flags, int mode)
{
    int e = fsutil_fault(FSUTIL_OP_OPEN);
    if (e) {
        errno = e;
        return -1;
    }
    int fd;
    do
        fd = open(path, flags | O_CLOEXEC, mode);
    while (fd < 0 && errno == EINTR);
    return fd;
}

static int fsutil_fsync(int fd)
{
    int e = fsutil_fault(FSUTIL_OP_FSYNC);
    if (e) {
        errno = e;
        return -1;
    }
    int r;
    do
        r = fsync(fd);
    while (r < 0 && errno == EINTR);
    return r;
}

static int fsutil_write_all(int fd, const unsigned char *p, size_t len)
{
    /* At most 1 MiB a call, so a fault hook counts writes the same way on any machine. */
    while (len > 0) {
        int e = fsutil_fault(FSUTIL_OP_WRITE);
        if (e) {
            errno = e;
            return -1;
        }
        size_t chunk = len > (1u << 20) ? (1u << 20) : len;
        ssize_t w = write(fd, p, chunk);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (w == 0) {
            errno = ENOSPC;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

int fsutil_sync_dir(const char *dir)
{
    int fd = fsutil_open(dir, O_RDONLY | O_DIRECTORY, 0);
    if (fd < 0)
        return sd_from_errno(errno);
    int rc = SD_OK;
    /* Some file systems cannot fsync a folder at all (EINVAL); there is nothing more to do. */
    if (fsutil_fsync(fd) != 0 && errno != EINVAL)
        rc = sd_from_errno(errno);
    close(fd);
    return rc;
}

/* The folder part of path ("." when there is none) into out. */
static void fsutil_parent(const char *path, char *out, size_t size)
{
    snprintf(out, size, "%s", path);
    size_t n = strlen(out);
    while (n > 1 && out[n - 1] == '/')
        out[--n] = '\0';
    char *slash = strrchr(out, '/');
    if (!slash)
        snprintf(out, size, ".");
    else if (slash == out)
        out[1] = '\0';
    else
        *slash = '\0';
}

static int fsutil_mkdir(const char *path, int mode, int exist_ok)
{
    char parent[PATH_MAX];
    if (strlen(path) >= sizeof parent)
        return SD_ELIMIT;
    int e = fsutil_fault(FSUTIL_OP_MKDIR);
    if (e || mkdir(path, (mode_t)mode) != 0) {
        int err = e ? e : errno;
        if (err != EEXIST)
            return sd_from_errno(err);
        if (!exist_ok)
            return SD_EEXIST;
        struct stat st;
        if (lstat(path, &st) != 0)
            return sd_from_errno(errno);
        return S_ISDIR(st.st_mode) ? SD_OK : SD_EEXIST;
    }
    fsutil_parent(path, parent, sizeof parent);
    return fsutil_sync_dir(parent);
}

int fsutil_mkdir_new(const char *path, int mode)
{
    return fsutil_mkdir(path, mode, 0);
}

int fsutil_mkdir_ok(const char *path, int mode)
{
    return fsutil_mkdir(path, mode, 1);
}

int fsutil_write_file(const char *dir, const char *name, const void *data, size_t len, int mode,
                      int flags)
{
    char path[PATH_MAX], tmp[PATH_MAX];
    unsigned char rnd[4];
    if (!*name || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return SD_EINVAL;
    if (sodium_init() < 0)
        return SD_ERR;
    randombytes_buf(rnd, sizeof rnd);
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path ||
        (size_t)snprintf(tmp, sizeof tmp, "%s/.%s.%02x%02x%02x%02x.tmp", dir, name, rnd[0],
                         rnd[1], rnd[2], rnd[3]) >= sizeof tmp)
        return SD_ELIMIT;
    if (flags & FSUTIL_NO_REPLACE) {
        struct stat st;
        if (lstat(path, &st) == 0)
            return SD_EEXIST;
        if (errno != ENOENT)
            return sd_from_errno(errno);
    }
    int fd = fsutil_open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
    if (fd < 0)
        return sd_from_errno(errno);
    int rc = SD_OK;
    /* The umask may have taken bits away; a secret key must be exactly 0600, no more. */
    if (fchmod(fd, (mode_t)mode) != 0 ||
        fsutil_write_all(fd, data, len) != 0 ||
        fsutil_fsync(fd) != 0) {
        rc = sd_from_errno(errno);
        close(fd);
        goto fail;
    }
    if (close(fd) != 0) {
        rc = sd_from_errno(errno);
        goto fail;
    }
    int e = fsutil_fault(FSUTIL_OP_RENAME);
    if (e || rename(tmp, path) != 0) {
        rc = sd_from_errno(e ? e : errno);
        goto fail;
    }
    return fsutil_sync_dir(dir);
fail:
    unlink(tmp);
    return rc;
}

void fsutil_sha256_hex(const unsigned char sum[32], char out[65])
{
    sodium_bin2hex(out, 65, sum, 32);
}

/* Open a regular file for reading, refusing symlinks and anything but regular files. */
static int fsutil_open_regular(const char *path, int *fd_out, struct stat *st)
{
    int fd = fsutil_open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK, 0);
    if (fd < 0)
        return errno == ELOOP ? SD_EINVAL : sd_from_errno(errno);
    if (fstat(fd, st) != 0) {
        int rc = sd_from_errno(errno);
        close(fd);
        return rc;
    }
    if (!S_ISREG(st->st_mode)) {
        close(fd);
        return SD_EINVAL;
    }
    *fd_out = fd;
    return SD_OK;
}

static ssize_t fsutil_read_some(int fd, unsigned char *buf, size_t size)
{
    int e = fsutil_fault(FSUTIL_OP_READ);
    if (e) {
        errno = e;
        return -1;
    }
    ssize_t r;
    do
        r = read(fd, buf, size);
    while (r < 0 && errno == EINTR);
    return r;
}

int fsutil_file_sha256(const char *path, unsigned char sum[32], uint64_t *size)
{
    int fd;
    struct stat st;
    int rc = fsutil_open_regular(path, &fd, &st);
    if (rc)
        return rc;
#ifdef POSIX_FADV_DONTNEED
    /* Clean pages are dropped, so the bytes below come from the stick, not from memory. */
    (void)posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
#endif
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    unsigned char buf[65536];
    uint64_t total = 0;
    for (;;) {
        ssize_t r = fsutil_read_some(fd, buf, sizeof buf);
        if (r < 0) {
            rc = sd_from_errno(errno);
            goto done;
        }
        if (r == 0)
            break;
        crypto_hash_sha256_update(&h, buf, (unsigned long long)r);
        total += (uint64_t)r;
    }
    crypto_hash_sha256_final(&h, sum);
    if (size)
        *size = total;
done:
    close(fd);
    return rc;
}

int fsutil_read_file(const char *path, size_t max, unsigned char **data, size_t *len)
{
    int fd;
    struct stat st;
    *data = NULL;
    *len = 0;
    int rc = fsutil_open_regular(path, &fd, &st);
    if (rc)
        return rc;
    if (st.st_size < 0 || (uint64_t)st.st_size > (uint64_t)max) {
        close(fd);
        return SD_ELIMIT;
    }
    /* The size may change while we read: read up to max + 1 and judge by what came. */
    size_t cap = (size_t)st.st_size + 1, n = 0;
    unsigned char *buf = malloc(cap + 1);
    if (!buf) {
        close(fd);
        return SD_ENOMEM;
    }
    for (;;) {
        if (n == cap) {
            if (cap > max) {
                rc = SD_ELIMIT;
                goto fail;
            }
            size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            unsigned char *grown = realloc(buf, ncap + 1);
            if (!grown) {
                rc = SD_ENOMEM;
                goto fail;
            }
            buf = grown;
            cap = ncap;
        }
        ssize_t r = fsutil_read_some(fd, buf + n, cap - n);
        if (r < 0) {
            rc = sd_from_errno(errno);
            goto fail;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    if (n > max) {
        rc = SD_ELIMIT;
        goto fail;
    }
    close(fd);
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return SD_OK;
fail:
    close(fd);
    free(buf);
    return rc;
}

int fsutil_free_space(const char *path, uint64_t *bytes)
{
    struct statvfs v;
    if (statvfs(path, &v) != 0)
        return sd_from_errno(errno);
    *bytes = (uint64_t)v.f_bavail * (uint64_t)v.f_frsize;
    return SD_OK;
}

int fsutil_check_writable(const char *path)
{
    struct statvfs v;
    if (statvfs(path, &v) != 0)
        return sd_from_errno(errno);
    return (v.f_flag & ST_RDONLY) ? SD_EREADONLY : SD_OK;
}
