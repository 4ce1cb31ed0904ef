/*
** watchdog.c - sd_notify(3) messages to systemd, written here instead of linking libsystemd.
**
** The protocol is one datagram of "NAME=value" lines sent to the AF_UNIX socket named in
** $NOTIFY_SOCKET (a leading '@' names Linux's abstract namespace); systemd reads the sender's
** pid from the socket's credentials. That is all the kiosk needs; libsystemd (with libgcrypt,
** liblzma, libzstd, liblz4 and libcap) is not a dependency for one datagram. This is the one
** socket the kiosk opens (DEVELOPERS.md rule 8): local, send-only, never listening. Errors are
** ignored like sd_notify's: outside systemd there is nobody to tell.
*/
#include "watchdog.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>

#define WATCHDOG_MAX_USEC (1800ull * 1000000ull)   /* longer is a typo (and would not fit an int) */

/* Parse a whole decimal number; 0 when s is not one. */
static int watchdog_parse_u64(const char *s, uint64_t *out)
{
    if (!s || *s < '0' || *s > '9')
        return 0;
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0')
        return 0;
    *out = v;
    return 1;
}

int watchdog_interval_usec(void)
{
    uint64_t usec = 0, pid = 0;
    /* WATCHDOG_PID, when set, says which process systemd watches: a child must not feed it. */
    const char *pid_s = getenv("WATCHDOG_PID");
    if (pid_s && (!watchdog_parse_u64(pid_s, &pid) || pid != (uint64_t)getpid()))
        return 0;
    if (!watchdog_parse_u64(getenv("WATCHDOG_USEC"), &usec) || usec == 0 || usec > WATCHDOG_MAX_USEC)
        return 0;
    return (int)usec;
}

/* Send one message to $NOTIFY_SOCKET; nothing happens when it is unset or unusable. */
static void watchdog_notify(const char *msg)
{
    const char *name = getenv("NOTIFY_SOCKET");
    if (!name || (name[0] != '/' && name[0] != '@'))
        return;
    struct sockaddr_un addr;
    size_t len = strlen(name);
    if (len < 2 || len >= sizeof addr.sun_path)
        return;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    memcpy(addr.sun_path, name, len);
    if (name[0] == '@')
        addr.sun_path[0] = '\0';    /* abstract: the name is exactly len bytes, no terminator */
    socklen_t addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return;
    (void)sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (const struct sockaddr *)&addr, addr_len);
    close(fd);
}

void watchdog_ready(void)
{
    watchdog_notify("READY=1\nSTATUS=Showing the day");
}

void watchdog_feed(void)
{
    watchdog_notify("WATCHDOG=1");
}

void watchdog_stopping(void)
{
    watchdog_notify("STOPPING=1");
}
