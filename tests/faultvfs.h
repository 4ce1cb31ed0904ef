/*
** faultvfs.h - a test-only SQLite VFS that wraps the default ("unix") VFS and fails chosen writes
** and syncs, the way SQLite's own I/O-error tests do.
**
** Open a store with store_options.vfs = FAULTVFS_NAME, arm a fault, run one operation, disarm,
** and look at what is left on disk. Loop nth = 1, 2, ... until the operation succeeds: then
** every write and sync it makes has failed once (or, persistent, from that point on).
** Tests only; single-threaded.
*/
#ifndef SD_FAULTVFS_H
#define SD_FAULTVFS_H

#define FAULTVFS_NAME "faultvfs"

enum faultvfs_op {
    FAULTVFS_WRITE = 0,     /* xWrite on any file (database, WAL, journal) */
    FAULTVFS_SYNC = 1,      /* xSync on any file */
    FAULTVFS_OP_COUNT
};

/* Register the VFS (not as the default). Safe to call again. Returns an SQLite result code. */
int faultvfs_register(void);

/*
** From now on, fail the nth call (1-based) of op with err (SQLITE_FULL, SQLITE_IOERR_WRITE,
** SQLITE_IOERR_FSYNC, ...): only that call, or with persistent every call from the nth on.
** errno is set as a real failure would leave it (ENOSPC for SQLITE_FULL, else EIO). With torn,
** a failing write first writes the first half of its bytes, as a disk filling up mid-write can.
** Counters restart at every arm.
*/
void faultvfs_arm(int op, int nth, int err, int persistent, int torn);
/* No more faults; every counter, the fault count too, restarts. */
void faultvfs_disarm(void);
/* Calls of op seen since the last arm or disarm. */
int faultvfs_calls(int op);
/* Faults injected since the last arm. */
int faultvfs_faults(void);

#endif
