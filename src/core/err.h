/*
** err.h - result codes shared by every module of the core, the CLI and the kiosk.
**
** Functions return SD_OK (0) or a negative SD_E* code; a module that can say more keeps the
** human message on its handle (store_errmsg(), the pack report), as SQLite keeps it on the db.
** Must not depend on anything but the C library.
*/
#ifndef SD_ERR_H
#define SD_ERR_H

enum sd_result {
    SD_OK = 0,
    SD_ERR = -1,        /* failure with no better code; the handle says what */
    SD_ENOMEM = -2,     /* out of memory */
    SD_EIO = -3,        /* read, write or sync failed */
    SD_EFULL = -4,      /* the disk or the stick is full */
    SD_EINVAL = -5,     /* bad input: a malformed file, a bad argument */
    SD_ENOTFOUND = -6,  /* no such file, row or id */
    SD_EEXIST = -7,     /* already there and must not be overwritten */
    SD_ELOCKED = -8,    /* too many wrong PINs: wait before trying again */
    SD_EAUTH = -9,      /* wrong PIN, wrong key, or a signature/MAC that does not verify */
    SD_ECORRUPT = -10,  /* integrity check, manifest or CRC failed */
    SD_ELIMIT = -11,    /* a size, row or count cap was exceeded */
    SD_EBUSY = -12,     /* the database is locked by another process */
    SD_EREADONLY = -13  /* the target is read-only */
};

/* A short English phrase for rc, never NULL; an unknown code gives "unknown error". */
const char *sd_strerror(int rc);

/* Map an errno value from a failed system call to the closest SD_E* code. */
int sd_from_errno(int errnum);

#endif
