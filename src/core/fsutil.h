/*
** fsutil.h - durable files on USB sticks and the data partition, with every error returned.
**
** A file is written to a temporary name in its own folder (O_EXCL|O_NOFOLLOW), fsynced, renamed
** and the folder fsynced, so after SD_OK it is there whole under its name, and after a failure
** it is not there under its name at all. Reading back hashes what the device returns after the
** page cache was told to drop the file. Errors map to SD_EFULL (ENOSPC), SD_EREADONLY (EROFS),
** SD_EIO (EIO, a pulled stick), SD_ENOTFOUND (the folder is gone). Tests make the Nth system
** call fail through a hook, as SQLite's sqlite3FaultSim. Must not depend on SQLite or SDL.
*/
#ifndef SD_FSUTIL_H
#define SD_FSUTIL_H

#include <stddef.h>
#include <stdint.h>

/* The system calls the fault hook is asked about, one call each. */
enum fsutil_op {
    FSUTIL_OP_OPEN = 1,
    FSUTIL_OP_WRITE,
    FSUTIL_OP_FSYNC,
    FSUTIL_OP_RENAME,
    FSUTIL_OP_MKDIR,
    FSUTIL_OP_READ
};

/*
** The test hook: asked before each operation; a non-zero return is an errno value the
** operation then fails with, as if the system call had. NULL (the default) removes the hook.
** Tests only: the product never sets it.
*/
typedef int fsutil_fault_fn(void *arg, int op);
void fsutil_set_fault(fsutil_fault_fn *fn, void *arg);

#define FSUTIL_NO_REPLACE 1     /* SD_EEXIST when dir/name already exists */

/*
** Write len bytes to dir/name durably: temporary name in dir, fsync, rename, fsync of dir.
** name is a plain file name (no '/'). mode is the file's permission (0644, 0600 for secrets).
** On failure the temporary file is removed (when the device still lets us) and dir/name is
** as it was.
*/
int fsutil_write_file(const char *dir, const char *name, const void *data, size_t len, int mode,
                      int flags);

/* fsync a folder, so names created or renamed in it are durable. */
int fsutil_sync_dir(const char *dir);
/* Make a folder that must not exist yet (SD_EEXIST if it does) and fsync its parent. */
int fsutil_mkdir_new(const char *path, int mode);
/* Make a folder unless it is already one (a symlink is refused) and fsync its parent. */
int fsutil_mkdir_ok(const char *path, int mode);

/*
** SHA-256 and size of a regular file (no symlinks) as the device returns it: the page cache is
** asked to drop the file first (posix_fadvise DONTNEED; advice, not a guarantee).
*/
int fsutil_file_sha256(const char *path, unsigned char sum[32], uint64_t *size);
/* 64 lowercase hex digits and a NUL. */
void fsutil_sha256_hex(const unsigned char sum[32], char out[65]);

/*
** Read a regular file (no symlinks, no devices or FIFOs) of at most max bytes into a malloc'd
** buffer with a NUL after it. SD_ELIMIT when it is larger, SD_EINVAL when it is not a regular
** file.
*/
int fsutil_read_file(const char *path, size_t max, unsigned char **data, size_t *len);

/* Bytes free for an unprivileged writer on the file system holding path (statvfs). */
int fsutil_free_space(const char *path, uint64_t *bytes);
/* SD_EREADONLY when the file system holding path is mounted read-only, else SD_OK. */
int fsutil_check_writable(const char *path);

#endif
