/*
** usb.c - watching the USB mount folder (--usb DIR, default /media/shadowday) for a stick.
**
** What counts as a stick, decided here:
**   - the folder itself when it is a mount point (its device differs from its parent's): the
**     Pi image mounts the one stick there (image/usb-mount);
**   - otherwise each non-hidden subfolder of it: desktop automounters make one folder per stick
**     (/media/USER/LABEL), and in development and tests a plain folder plays a stick.
** On the Pi the folder is empty when nothing is mounted, so nothing is mistaken for a stick.
** When several sticks are there the first by name is used.
**
** The folder is polled (two stat calls, a short directory read) once a second from the loop's
** timers: cheaper and simpler than inotify, which does not see a mount on the folder itself.
** A stick that is already in when the kiosk starts is no event (a restart must not pop up the
** admin PIN pad); it is used when the coordinator opens import or export. What a stick that
** came means for the screen (the admin PIN pad at Start, a new kiosk's first import) is the
** app's to decide (app.c); the watcher only says what it saw.
*/
#include "usb.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "export.h"

enum { USB_MAX_ENTRIES = 512 };     /* a mount folder with more than this is not scanned further */

static struct {
    char dir[512];
    char stick[512];                /* "" = none */
    int polled;                     /* usb_poll ran at least once */
    uint32_t last_ms;
    int watched;                    /* usb_watch ran at least once (its first look is the baseline) */
} usb;

void usb_init(const char *dir)
{
    memset(&usb, 0, sizeof usb);
    snprintf(usb.dir, sizeof usb.dir, "%s", dir && *dir ? dir : USB_DEFAULT_DIR);
}

const char *usb_dir(void)
{
    if (!usb.dir[0])
        usb_init(NULL);
    return usb.dir;
}

/* Whether path is a mount point: another device than its parent, or the root itself. */
static int usb_is_mount_point(const char *path)
{
    char parent[600];
    struct stat st, pst;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return 0;
    snprintf(parent, sizeof parent, "%s/..", path);
    if (stat(parent, &pst) != 0)
        return 0;
    return st.st_dev != pst.st_dev || st.st_ino == pst.st_ino;
}

/* The first non-hidden subfolder of dir by name into out; 0 when there is none. */
static int usb_first_subfolder(const char *dir, char *out, size_t size)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char best[256] = "";
    int seen = 0;
    if (!d)
        return 0;
    while ((de = readdir(d)) != NULL && seen++ < USB_MAX_ENTRIES) {
        char path[800];
        struct stat st;
        if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof best)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        if (!best[0] || strcmp(de->d_name, best) < 0)
            snprintf(best, sizeof best, "%s", de->d_name);
    }
    closedir(d);
    if (!best[0])
        return 0;
    return (size_t)snprintf(out, size, "%s/%s", dir, best) < size;
}

int usb_poll(void)
{
    char now[512] = "";
    const char *dir = usb_dir();
    if (usb_is_mount_point(dir))
        snprintf(now, sizeof now, "%s", dir);
    else if (!usb_first_subfolder(dir, now, sizeof now))
        now[0] = '\0';
    int changed = usb.polled && strcmp(now, usb.stick) != 0;
    memcpy(usb.stick, now, sizeof usb.stick);
    usb.polled = 1;
    return changed;
}

const char *usb_stick(void)
{
    if (!usb.polled)
        usb_poll();
    return usb.stick[0] ? usb.stick : NULL;
}

int usb_watch(uint32_t now)
{
    if (usb.watched && now - usb.last_ms < USB_POLL_MS)
        return USB_NO_CHANGE;
    int first = !usb.watched;
    usb.watched = 1;
    usb.last_ms = now;
    if (!usb_poll() || first)
        return USB_NO_CHANGE;
    return usb.stick[0] ? USB_CAME : USB_WENT;
}

int usb_due_in(uint32_t now)
{
    uint32_t since = now - usb.last_ms;
    return !usb.watched ? 0 : since >= USB_POLL_MS ? 0 : (int)(USB_POLL_MS - since);
}

int usb_find_packs(const char *stick, char (*paths)[512], int max)
{
    DIR *d;
    struct dirent *de;
    char names[16][256];
    int n = 0, seen = 0, count = 0;
    if (!stick || max <= 0 || !(d = opendir(stick)))
        return 0;
    while ((de = readdir(d)) != NULL && seen++ < USB_MAX_ENTRIES && n < 16) {
        char path[800], csv[900];
        struct stat st;
        if (strncasecmp(de->d_name, "shadowday", 9) != 0 ||
            strcasecmp(de->d_name, EXPORT_DIR_NAME) == 0 || strlen(de->d_name) >= sizeof names[0])
            continue;
        snprintf(path, sizeof path, "%s/%s", stick, de->d_name);
        snprintf(csv, sizeof csv, "%s/workplace.csv", path);
        if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        if (strcasecmp(de->d_name, "shadowday") != 0 && lstat(csv, &st) != 0)
            continue;
        snprintf(names[n++], sizeof names[0], "%s", de->d_name);
    }
    closedir(d);
    /* By name, "shadowday" itself first. */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char t[256];
            memcpy(t, names[j], sizeof t);
            memcpy(names[j], names[j - 1], sizeof t);
            memcpy(names[j - 1], t, sizeof t);
        }
    for (int i = 0; i < n && count < max; i++)
        if ((size_t)snprintf(paths[count], 512, "%s/%s", stick, names[i]) < 512)
            count++;
    return count;
}
