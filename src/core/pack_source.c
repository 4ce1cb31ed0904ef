/*
** pack_source.c - reading a day pack folder from a USB stick that may be hostile.
**
** Only the names a pack uses are opened, and only when fstatat (not following links) says they
** are regular files; each is opened O_NOFOLLOW|O_NONBLOCK and checked again with fstat, and
** its size is checked against the caps before a byte is read, so a 100 MB file, a FIFO that
** would block or a link to /dev/zero cost nothing. At most PACK_MAX_FILES names are looked at.
** CSV files come out as UTF-8 without a BOM (charset.c). Hidden files (".DS_Store", the
** "._name" files macOS leaves on sticks) are skipped without a word.
** Must not depend on SQLite or SDL.
*/
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "charset.h"
#include "err.h"
#include "i18n.h"
#include "pack_internal.h"
#include "utf8.h"

/* Longest entry name kept: "photos/" + name must fit struct pack_file's name. */
enum { SOURCE_NAME_MAX = 64 - sizeof PACK_PHOTO_DIR - 1 };

static const char *const source_spreadsheet_endings[] = { ".xlsx", ".xls", ".ods", ".numbers" };

struct source_scan {
    struct pack_source *src;
    struct pack_report *rep;
    size_t total;                   /* bytes read so far */
    int entries;                    /* names looked at */
    int too_many, too_big;          /* said once */
    char lost[8][SOURCE_NAME_MAX];  /* spreadsheet files whose CSV may be missing */
    int nlost;
    int rc;                         /* SD_ENOMEM sticks */
};

static void source_add(struct source_scan *sc, int severity, const char *file, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void source_add(struct source_scan *sc, int severity, const char *file, const char *fmt, ...)
{
    char msg[sizeof sc->rep->problems[0].message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (pack_report_add(sc->rep, severity, file, 0, "%s", msg) != SD_OK)
        sc->rc = SD_ENOMEM;
}

/* Lower case of an ASCII name (pack file names are ASCII). */
static void source_lower(const char *s, char *out, size_t size)
{
    size_t i = 0;
    for (; s[i] && i + 1 < size; i++)
        out[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
    out[i] = '\0';
}

static int source_ends_with(const char *lower, const char *ending)
{
    size_t n = strlen(lower), e = strlen(ending);
    return n > e && strcmp(lower + n - e, ending) == 0;
}

/* Whether a directory entry's name is one we can show and store: UTF-8, no controls, short. */
static int source_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n >= SOURCE_NAME_MAX || strstr(name, "..") ||
        !utf8_is_valid((const unsigned char *)name, n, NULL))
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)name[i] < 0x20 || name[i] == 0x7F || name[i] == '\\')
            return 0;
    return 1;
}

/* A name made printable for a message: bad bytes become '?'. */
static void source_show_name(const char *name, char *out, size_t size)
{
    size_t o = 0;
    for (const unsigned char *c = (const unsigned char *)name; *c && o + 1 < size && o < 60; c++)
        out[o++] = (*c < 0x20 || *c >= 0x7F) ? '?' : (char)*c;
    out[o] = '\0';
}

/*
** Open dir/name for reading when it is a regular file (links are not followed, and a file
** swapped for something else between the two looks is refused). Else say what it is under
** shown, with severity, and return -1.
*/
static int source_open(struct source_scan *sc, int dfd, const char *name, const char *shown,
                       int severity, struct stat *st)
{
    if (fstatat(dfd, name, st, AT_SYMLINK_NOFOLLOW) != 0) {
        source_add(sc, severity, shown, _("the file cannot be read: %s"), strerror(errno));
        return -1;
    }
    int fd = -1;
    if (S_ISREG(st->st_mode))
        fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0 && (fstat(fd, st) != 0 || !S_ISREG(st->st_mode))) {
        close(fd);
        fd = -1;
        st->st_mode = S_IFIFO; /* swapped under us: treat it as what it now is, not a file */
    }
    if (fd >= 0)
        return fd;
    if (S_ISLNK(st->st_mode) || errno == ELOOP)
        source_add(sc, severity, shown, _("this is a link to another file, not a file — "
                                          "copy the real file into the pack folder"));
    else if (S_ISDIR(st->st_mode))
        source_add(sc, severity, shown, _("this is a folder, not a file — a pack file must "
                                          "be a plain file"));
    else if (!S_ISREG(st->st_mode))
        source_add(sc, severity, shown, _("this is not a plain file (a device or a pipe) — "
                                          "it was not read"));
    else
        source_add(sc, severity, shown, _("the file cannot be read: %s"), strerror(errno));
    return -1;
}

/* Whether size bytes more fit the caps of one file (max) and of the whole pack; says why not. */
static int source_size_ok(struct source_scan *sc, unsigned long long size, size_t max,
                          int severity, const char *shown)
{
    if (size > max) {
        source_add(sc, severity, shown, _("the file is %lld KB; at most %d KB is allowed — is "
                                          "this the right file?"),
                   (long long)(size / 1024), (int)(max / 1024));
        return 0;
    }
    if (sc->total + size > PACK_MAX_TOTAL_BYTES) {
        if (!sc->too_big)
            source_add(sc, PACK_ERROR, "", _("the pack folder holds more than %d MB — remove "
                                             "other files or use smaller photos"),
                       PACK_MAX_TOTAL_BYTES >> 20);
        sc->too_big = 1;
        return 0;
    }
    return 1;
}

/*
** Read dir/name into a new malloc'd buffer (NUL after it) when it is a regular file of at most
** max bytes. Returns SD_OK, or SD_EINVAL after saying why (severity) under shown.
*/
static int source_read(struct source_scan *sc, int dfd, const char *name, const char *shown,
                       size_t max, int severity, unsigned char **data, size_t *len)
{
    struct stat st;
    *data = NULL;
    *len = 0;
    int fd = source_open(sc, dfd, name, shown, severity, &st);
    if (fd < 0)
        return SD_EINVAL;
    if (!source_size_ok(sc, (unsigned long long)st.st_size, max, severity, shown)) {
        close(fd);
        return SD_EINVAL;
    }
    /* Read one byte more than allowed, so a file that grew since fstat is caught too. */
    unsigned char *buf = malloc(max + 2);
    size_t got = 0;
    int rc = buf ? SD_OK : (sc->rc = SD_ENOMEM);
    while (rc == SD_OK && got <= max) {
        ssize_t n = read(fd, buf + got, max + 1 - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            source_add(sc, severity, shown, _("the file cannot be read: %s"), strerror(errno));
            rc = SD_EINVAL;
        }
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    if (rc == SD_OK && !source_size_ok(sc, got, max, severity, shown))
        rc = SD_EINVAL;
    close(fd);
    if (rc != SD_OK) {
        free(buf);
        return rc;
    }
    buf[got] = '\0';
    sc->total += got;
    *data = buf;
    *len = got;
    return SD_OK;
}

static struct pack_file *source_slot(struct source_scan *sc, const char *name)
{
    for (int i = 0; i < sc->src->count; i++) {
        if (strcmp(sc->src->files[i].name, name) == 0) {
            source_add(sc, PACK_ERROR, name, _("the folder has this file twice (with different "
                                               "capital letters) — keep only one"));
            return NULL;
        }
    }
    if (sc->src->count >= PACK_MAX_FILES)
        return NULL;
    struct pack_file *f = &sc->src->files[sc->src->count];
    memset(f, 0, sizeof *f);
    snprintf(f->name, sizeof f->name, "%s", name);
    return f;
}

static void source_csv(struct source_scan *sc, int dfd, const char *entry, const char *canonical)
{
    unsigned char *raw, *text;
    size_t raw_len, text_len;
    int kind;
    if (source_read(sc, dfd, entry, canonical, PACK_MAX_CSV_BYTES, PACK_ERROR, &raw, &raw_len) != SD_OK)
        return;
    int rc = charset_to_utf8(raw, raw_len, &text, &text_len, &kind);
    free(raw);
    if (rc == SD_ENOMEM) {
        sc->rc = SD_ENOMEM;
        return;
    }
    if (rc != SD_OK) {
        source_add(sc, PACK_ERROR, canonical, "%s", charset_refusal(kind));
        return;
    }
    if (kind == CHARSET_CP1252)
        source_add(sc, PACK_WARNING, canonical, _("the file was saved as Windows-1252 (Excel's "
                                                  "plain CSV) and was converted — check that å, "
                                                  "ä and ö look right"));
    struct pack_file *f = source_slot(sc, canonical);
    if (!f) {
        free(text);
        return;
    }
    f->data = text;
    f->len = text_len;
    sc->src->count++;
}

static void source_photo(struct source_scan *sc, int dfd, const char *entry, const char *stored)
{
    unsigned char *data;
    size_t len;
    if (source_read(sc, dfd, entry, stored, PACK_MAX_PHOTO_BYTES, PACK_WARNING, &data, &len) != SD_OK)
        return;
    if (!pack_value_picture_ok(data, len)) {
        source_add(sc, PACK_WARNING, stored, _("this is not a JPEG or PNG picture, so it is not "
                                               "used — save the photo as .jpg or .png"));
        free(data);
        return;
    }
    struct pack_file *f = source_slot(sc, stored);
    if (!f) {
        free(data);
        return;
    }
    f->data = data;
    f->len = len;
    sc->src->count++;
}

/* The known CSV file this lower-case name is, or NULL. */
static const char *source_known_csv(const char *lower)
{
    for (int i = 0; i < PACK_CSV_COUNT; i++)
        if (strcmp(lower, pack_csv_name(i)) == 0)
            return pack_csv_name(i);
    return NULL;
}

/* Another file: a warning only when it looks like a pack file saved wrongly or misspelt. */
static void source_other(struct source_scan *sc, const char *entry, const char *lower)
{
    if (source_ends_with(lower, ".csv")) {
        const char *names[PACK_CSV_COUNT];
        for (int i = 0; i < PACK_CSV_COUNT; i++)
            names[i] = pack_csv_name(i);
        const char *best = pack_value_suggest(lower, names, PACK_CSV_COUNT, 3);
        if (best)
            source_add(sc, PACK_WARNING, entry, _("this file is not part of a day pack and is "
                                                  "ignored — did you mean %s?"), best);
        return;
    }
    for (size_t e = 0; e < sizeof source_spreadsheet_endings / sizeof *source_spreadsheet_endings; e++) {
        if (source_ends_with(lower, source_spreadsheet_endings[e]) && sc->nlost < 8) {
            snprintf(sc->lost[sc->nlost++], SOURCE_NAME_MAX, "%s", entry);
            return;
        }
    }
}

static int source_scan_dir(struct source_scan *sc, int dfd, int in_photos);

static void source_entry(struct source_scan *sc, int dfd, const char *name, int in_photos)
{
    char lower[SOURCE_NAME_MAX], shown[80];
    if (name[0] == '.')
        return;
    if (!source_name_ok(name)) {
        source_show_name(name, shown, sizeof shown);
        source_add(sc, PACK_WARNING, "", _("a file with an unusual name was ignored: %s"), shown);
        return;
    }
    source_lower(name, lower, sizeof lower);
    if (in_photos) {
        char stored[64];
        snprintf(stored, sizeof stored, PACK_PHOTO_DIR "/%s", name);
        if (pack_value_picture_name_ok(lower))
            source_photo(sc, dfd, name, stored);
        return;
    }
    const char *known = source_known_csv(lower);
    if (known) {
        source_csv(sc, dfd, name, known);
    } else if (strcmp(lower, PACK_PHOTO_DIR) == 0) {
        struct stat st;
        int sub = -1;
        if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode))
            sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub < 0) {
            source_add(sc, PACK_WARNING, PACK_PHOTO_DIR, _("this is not a plain folder (a link or "
                                                           "a file), so no photos were read "
                                                           "from it"));
            return;
        }
        source_scan_dir(sc, sub, 1); /* closes sub */
    } else if (pack_value_picture_name_ok(lower)) {
        source_photo(sc, dfd, name, name);
    } else {
        source_other(sc, name, lower);
    }
}

/* Look at the entries of the folder dfd (closed on return). */
static int source_scan_dir(struct source_scan *sc, int dfd, int in_photos)
{
    DIR *d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        return sd_from_errno(errno);
    }
    struct dirent *e;
    while (sc->rc == SD_OK && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (++sc->entries > PACK_MAX_FILES) {
            if (!sc->too_many)
                source_add(sc, PACK_ERROR, "", _("the pack folder holds more than %d files, so "
                                                 "not all were looked at — keep only the pack's "
                                                 "files in it"), PACK_MAX_FILES);
            sc->too_many = 1;
            break;
        }
        source_entry(sc, dirfd(d), e->d_name, in_photos);
    }
    closedir(d);
    return SD_OK;
}

int pack_source_read_dir(struct pack_source *src, const char *dir, struct pack_report *rep)
{
    struct source_scan *sc = calloc(1, sizeof *sc);
    src->files = NULL;
    src->count = 0;
    if (!sc)
        return SD_ENOMEM;
    sc->src = src;
    sc->rep = rep;
    int rc = SD_OK;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dfd < 0) {
        int err = errno;
        struct stat st;
        /* O_NOFOLLOW | O_DIRECTORY on a link says ENOTDIR: tell a link from a file. */
        if (err == ENOTDIR && lstat(dir, &st) == 0 && S_ISLNK(st.st_mode))
            err = ELOOP;
        if (err == ELOOP)
            source_add(sc, PACK_ERROR, "", _("the pack folder %s is a link — give the real "
                                             "folder"), dir);
        else if (err == ENOTDIR)
            source_add(sc, PACK_ERROR, "", _("%s is not a folder — give the folder that holds "
                                             "workplace.csv and the other files"), dir);
        else
            source_add(sc, PACK_ERROR, "", _("the pack folder %s cannot be opened: %s"), dir,
                       strerror(err));
        rc = err == ENOENT ? SD_ENOTFOUND : (err == ELOOP || err == ENOTDIR) ? SD_EINVAL
                                                                            : sd_from_errno(err);
        goto done;
    }
    src->files = calloc(PACK_MAX_FILES, sizeof *src->files);
    if (!src->files) {
        close(dfd);
        rc = SD_ENOMEM;
        goto done;
    }
    rc = source_scan_dir(sc, dfd, 0);
    if (rc == SD_OK)
        rc = sc->rc;
    for (int i = 0; rc == SD_OK && i < sc->nlost; i++) {
        char lower[SOURCE_NAME_MAX], csv[SOURCE_NAME_MAX + 8];
        source_lower(sc->lost[i], lower, sizeof lower);
        *strrchr(lower, '.') = '\0';
        snprintf(csv, sizeof csv, "%s.csv", lower);
        if (source_known_csv(csv) && !pack_source_find(src, csv))
            source_add(sc, PACK_WARNING, sc->lost[i], _("this is a spreadsheet file, which the "
                                                        "kiosk cannot read — save it as CSV "
                                                        "with the name %s"), csv);
    }
done:
    if (rc != SD_OK)
        pack_source_free(src);
    free(sc);
    return rc;
}

void pack_source_free(struct pack_source *src)
{
    if (!src)
        return;
    for (int i = 0; i < src->count; i++)
        free(src->files[i].data);
    free(src->files);
    src->files = NULL;
    src->count = 0;
}

const struct pack_file *pack_source_find(const struct pack_source *src, const char *name)
{
    for (int i = 0; src && name && i < src->count; i++)
        if (strcmp(src->files[i].name, name) == 0)
            return &src->files[i];
    return NULL;
}
