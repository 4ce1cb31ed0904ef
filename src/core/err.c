/*
** err.c - the phrase for each result code, and the errno mapping.
** Must not depend on anything but the C library.
*/
#include "err.h"

#include <errno.h>

static const struct {
    int rc;
    const char *text;
} result_texts[] = {
    { SD_OK, "ok" },
    { SD_ERR, "failed" },
    { SD_ENOMEM, "out of memory" },
    { SD_EIO, "input/output error" },
    { SD_EFULL, "no space left" },
    { SD_EINVAL, "invalid input" },
    { SD_ENOTFOUND, "not found" },
    { SD_EEXIST, "already exists" },
    { SD_ELOCKED, "locked after too many attempts" },
    { SD_EAUTH, "authentication failed" },
    { SD_ECORRUPT, "data is corrupt" },
    { SD_ELIMIT, "limit exceeded" },
    { SD_EBUSY, "busy" },
    { SD_EREADONLY, "read-only" },
};

const char *sd_strerror(int rc)
{
    for (unsigned i = 0; i < sizeof result_texts / sizeof result_texts[0]; i++)
        if (result_texts[i].rc == rc)
            return result_texts[i].text;
    return "unknown error";
}

int sd_from_errno(int errnum)
{
    switch (errnum) {
    case 0: return SD_OK;
    case ENOMEM: return SD_ENOMEM;
    case ENOSPC:
#ifdef EDQUOT
    case EDQUOT:
#endif
        return SD_EFULL;
    case ENOENT: case ENOTDIR: return SD_ENOTFOUND;
    case EEXIST: return SD_EEXIST;
    case EROFS: return SD_EREADONLY;
    case EACCES: case EPERM: return SD_EAUTH;
    case EINVAL: case ELOOP: case EFBIG: return SD_EINVAL;
    case EBUSY: return SD_EBUSY;
    default: return SD_EIO;
    }
}
