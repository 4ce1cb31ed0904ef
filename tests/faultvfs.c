/*
** faultvfs.c - the fault-injecting VFS: every call is passed to the real VFS except the writes
** and syncs chosen by faultvfs_arm(), which fail with the armed SQLite error instead.
** Tests only (the product never links this); the state is file-static because SQLite's VFS
** interface has no place for it and the tests run one thread.
*/
#include "faultvfs.h"

#include <errno.h>
#include <sqlite3.h>
#include <string.h>

struct faultvfs_file {
    sqlite3_file base;      /* pMethods = &faultvfs_io */
    sqlite3_file *real;     /* the real VFS's file, stored right after this struct */
};

static struct {
    sqlite3_vfs *real;
    int op, nth, err, persistent, torn, armed;
    int calls[FAULTVFS_OP_COUNT];
    int faults;
} fv;

static sqlite3_vfs faultvfs_vfs;

static int faultvfs_hit(int op)
{
    fv.calls[op]++;
    if (!fv.armed || fv.op != op)
        return 0;
    if (fv.calls[op] != fv.nth && !(fv.persistent && fv.calls[op] > fv.nth))
        return 0;
    fv.faults++;
    errno = fv.err == SQLITE_FULL ? ENOSPC : EIO;
    return 1;
}

static sqlite3_file *faultvfs_real_file(sqlite3_file *f)
{
    return ((struct faultvfs_file *)f)->real;
}

/* ---------------------------------------------------------------- file methods */

static int faultvfs_close(sqlite3_file *f)
{
    sqlite3_file *r = faultvfs_real_file(f);
    int rc = r->pMethods ? r->pMethods->xClose(r) : SQLITE_OK;
    f->pMethods = NULL;
    return rc;
}

static int faultvfs_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
    sqlite3_file *r = faultvfs_real_file(f);
    return r->pMethods->xRead(r, buf, amt, off);
}

static int faultvfs_write(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off)
{
    sqlite3_file *r = faultvfs_real_file(f);
    if (faultvfs_hit(FAULTVFS_WRITE)) {
        int err = errno;
        if (fv.torn && amt > 1)
            r->pMethods->xWrite(r, buf, amt / 2, off);
        errno = err;
        return fv.err;
    }
    return r->pMethods->xWrite(r, buf, amt, off);
}

static int faultvfs_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    sqlite3_file *r = faultvfs_real_file(f);
    return r->pMethods->xTruncate(r, size);
}

static int faultvfs_sync(sqlite3_file *f, int flags)
{
    sqlite3_file *r = faultvfs_real_file(f);
    if (faultvfs_hit(FAULTVFS_SYNC))
        return fv.err;
    return r->pMethods->xSync(r, flags);
}

static int faultvfs_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
    sqlite3_file *r = faultvfs_real_file(f);
    return r->pMethods->xFileSize(r, size);
}

static int faultvfs_lock(sqlite3_file *f, int level)
{
    sqlite3_file *r = faultvfs_real_file(f);
    return r->pMethods->xLock(r, level);
}

static int faultvfs_unlock(sqlite3_file *f, int level)
{
    sqlite3_file *r = faultvfs_real_file(f);
    return r->pMethods->xUnlock(r, level);
}

static int faultvfs_check_reserved(sqlite3_file *f, int *out)
{
    sqlite3_file *r = faultvfs_real_file(f);
    return r->pMethods->xCheckReservedLock(r, out);
}

static int faultvfs_file_control(sqlite3_file *f, int op, void *arg)
{
    sqlite3_file *r = faultvfs_real_file(f);
    return r->pMethods->xFileControl(r, op, arg);
}

static int faultvfs_sector_size(sqlite3_file *f)
{
    sqlite3_file *r = faultvfs_real_file(f);
    return r->pMethods->xSectorSize(r);
}

static int faultvfs_device_characteristics(sqlite3_file *f)
{
    sqlite3_file *r = faultvfs_real_file(f);
    return r->pMethods->xDeviceCharacteristics(r);
}

static int faultvfs_shm_map(sqlite3_file *f, int page, int size, int extend, void volatile **out)
{
    sqlite3_file *r = faultvfs_real_file(f);
    return r->pMethods->xShmMap(r, page, size, extend, out);
}

static int faultvfs_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    sqlite3_file *r = faultvfs_real_file(f);
    return r->pMethods->xShmLock(r, offset, n, flags);
}

static void faultvfs_shm_barrier(sqlite3_file *f)
{
    sqlite3_file *r = faultvfs_real_file(f);
    r->pMethods->xShmBarrier(r);
}

static int faultvfs_shm_unmap(sqlite3_file *f, int delete_flag)
{
    sqlite3_file *r = faultvfs_real_file(f);
    return r->pMethods->xShmUnmap(r, delete_flag);
}

static int faultvfs_fetch(sqlite3_file *f, sqlite3_int64 off, int amt, void **pp)
{
    sqlite3_file *r = faultvfs_real_file(f);
    return r->pMethods->xFetch(r, off, amt, pp);
}

static int faultvfs_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
    sqlite3_file *r = faultvfs_real_file(f);
    return r->pMethods->xUnfetch(r, off, p);
}

static const sqlite3_io_methods faultvfs_io = {
    3,
    faultvfs_close, faultvfs_read, faultvfs_write, faultvfs_truncate, faultvfs_sync,
    faultvfs_file_size, faultvfs_lock, faultvfs_unlock, faultvfs_check_reserved,
    faultvfs_file_control, faultvfs_sector_size, faultvfs_device_characteristics,
    faultvfs_shm_map, faultvfs_shm_lock, faultvfs_shm_barrier, faultvfs_shm_unmap,
    faultvfs_fetch, faultvfs_unfetch,
};

/* ---------------------------------------------------------------- VFS methods */

static int faultvfs_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
                         int *out_flags)
{
    struct faultvfs_file *ff = (struct faultvfs_file *)f;
    (void)vfs;
    ff->real = (sqlite3_file *)(ff + 1);
    memset(ff->real, 0, (size_t)fv.real->szOsFile);
    int rc = fv.real->xOpen(fv.real, name, ff->real, flags, out_flags);
    /* The unix VFS gives version 3 methods; anything older would miss the forwarded calls. */
    f->pMethods = ff->real->pMethods && ff->real->pMethods->iVersion >= 3 ? &faultvfs_io : NULL;
    if (ff->real->pMethods && !f->pMethods) {
        ff->real->pMethods->xClose(ff->real);
        return SQLITE_CANTOPEN;
    }
    return rc;
}

static int faultvfs_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
    (void)vfs;
    return fv.real->xDelete(fv.real, name, sync_dir);
}

static int faultvfs_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    (void)vfs;
    return fv.real->xAccess(fv.real, name, flags, out);
}

static int faultvfs_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    (void)vfs;
    return fv.real->xFullPathname(fv.real, name, n, out);
}

static void *faultvfs_dl_open(sqlite3_vfs *vfs, const char *name)
{
    (void)vfs;
    return fv.real->xDlOpen(fv.real, name);
}

static void faultvfs_dl_error(sqlite3_vfs *vfs, int n, char *msg)
{
    (void)vfs;
    fv.real->xDlError(fv.real, n, msg);
}

static void (*faultvfs_dl_sym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
    (void)vfs;
    return fv.real->xDlSym(fv.real, h, sym);
}

static void faultvfs_dl_close(sqlite3_vfs *vfs, void *h)
{
    (void)vfs;
    fv.real->xDlClose(fv.real, h);
}

static int faultvfs_randomness(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return fv.real->xRandomness(fv.real, n, out);
}

static int faultvfs_sleep(sqlite3_vfs *vfs, int us)
{
    (void)vfs;
    return fv.real->xSleep(fv.real, us);
}

static int faultvfs_current_time(sqlite3_vfs *vfs, double *out)
{
    (void)vfs;
    return fv.real->xCurrentTime(fv.real, out);
}

static int faultvfs_get_last_error(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return fv.real->xGetLastError(fv.real, n, out);
}

static int faultvfs_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
    (void)vfs;
    return fv.real->xCurrentTimeInt64(fv.real, out);
}

int faultvfs_register(void)
{
    if (fv.real)
        return SQLITE_OK;
    sqlite3_initialize();
    fv.real = sqlite3_vfs_find(NULL);
    if (!fv.real || fv.real->iVersion < 2)
        return SQLITE_ERROR;
    faultvfs_vfs = (sqlite3_vfs){
        .iVersion = 2,
        .szOsFile = (int)sizeof(struct faultvfs_file) + fv.real->szOsFile,
        .mxPathname = fv.real->mxPathname,
        .zName = FAULTVFS_NAME,
        .xOpen = faultvfs_open,
        .xDelete = faultvfs_delete,
        .xAccess = faultvfs_access,
        .xFullPathname = faultvfs_full_pathname,
        .xDlOpen = faultvfs_dl_open,
        .xDlError = faultvfs_dl_error,
        .xDlSym = faultvfs_dl_sym,
        .xDlClose = faultvfs_dl_close,
        .xRandomness = faultvfs_randomness,
        .xSleep = faultvfs_sleep,
        .xCurrentTime = faultvfs_current_time,
        .xGetLastError = faultvfs_get_last_error,
        .xCurrentTimeInt64 = faultvfs_current_time_int64,
    };
    return sqlite3_vfs_register(&faultvfs_vfs, 0);
}

void faultvfs_arm(int op, int nth, int err, int persistent, int torn)
{
    fv.op = op;
    fv.nth = nth;
    fv.err = err;
    fv.persistent = persistent;
    fv.torn = torn;
    fv.armed = 1;
    fv.faults = 0;
    memset(fv.calls, 0, sizeof fv.calls);
}

void faultvfs_disarm(void)
{
    fv.armed = 0;
    fv.faults = 0;
    memset(fv.calls, 0, sizeof fv.calls);
}

int faultvfs_calls(int op)
{
    return op >= 0 && op < FAULTVFS_OP_COUNT ? fv.calls[op] : 0;
}

int faultvfs_faults(void)
{
    return fv.faults;
}
