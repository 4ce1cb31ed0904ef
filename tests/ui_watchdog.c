/*
** ui_watchdog.c - watchdog.c's own sd_notify: the exact datagrams on a NOTIFY_SOCKET given as a
** path and in the abstract namespace ('@'), nothing and no crash without one or with a bad one,
** and WATCHDOG_USEC / WATCHDOG_PID read as sd_watchdog_enabled(3) reads them.
** (tests/pi_units.sh + image/test-watchdog.py check the same against the running kiosk.)
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "testutil.h"
#include "watchdog.h"

/* A datagram socket bound to name ('@' = abstract), as systemd's notify socket. */
static int bind_socket(const char *name)
{
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    size_t len = strlen(name);
    assert_true(len < sizeof a.sun_path);
    memcpy(a.sun_path, name, len);
    if (name[0] == '@')
        a.sun_path[0] = '\0';
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    assert_true(fd >= 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&a,
                          (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len)), 0);
    struct timeval tv = { 2, 0 };
    assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), 0);
    return fd;
}

static void expect_message(int fd, const char *want)
{
    char buf[256];
    ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
    assert_true(n >= 0);
    buf[n] = '\0';
    assert_string_equal(buf, want);
}

static void expect_nothing(int fd)
{
    char buf[16];
    assert_true(recv(fd, buf, sizeof buf, MSG_DONTWAIT) < 0);
}

static void test_watchdog_messages_on_a_path(void **state)
{
    char path[4200];
    (void)state;
    snprintf(path, sizeof path, "%s/notify", tu_tmpdir());
    if (strlen(path) >= sizeof ((struct sockaddr_un *)0)->sun_path)
        snprintf(path, sizeof path, "/tmp/sd-ui-watchdog-%ld", (long)getpid());
    unlink(path);
    int fd = bind_socket(path);
    setenv("NOTIFY_SOCKET", path, 1);
    watchdog_ready();
    expect_message(fd, "READY=1\nSTATUS=Showing the day");
    watchdog_feed();
    expect_message(fd, "WATCHDOG=1");
    watchdog_stopping();
    expect_message(fd, "STOPPING=1");
    /* Unset, relative, empty or too long: nothing is sent, nothing breaks. */
    static const char *const bad[] = { "", "notify", "@", "/" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        setenv("NOTIFY_SOCKET", bad[i], 1);
        watchdog_feed();
    }
    char longname[300];
    memset(longname, 'x', sizeof longname - 1);
    longname[0] = '/';
    longname[sizeof longname - 1] = '\0';
    setenv("NOTIFY_SOCKET", longname, 1);
    watchdog_feed();
    unsetenv("NOTIFY_SOCKET");
    watchdog_feed();
    expect_nothing(fd);
    close(fd);
    unlink(path);
}

static void test_watchdog_messages_in_the_abstract_namespace(void **state)
{
    char name[64];
    (void)state;
    snprintf(name, sizeof name, "@sd-ui-watchdog-%ld", (long)getpid());
    int fd = bind_socket(name);
    setenv("NOTIFY_SOCKET", name, 1);
    watchdog_ready();
    expect_message(fd, "READY=1\nSTATUS=Showing the day");
    watchdog_feed();
    expect_message(fd, "WATCHDOG=1");
    unsetenv("NOTIFY_SOCKET");
    close(fd);
}

static void test_watchdog_interval(void **state)
{
    char pid[32];
    (void)state;
    unsetenv("WATCHDOG_PID");
    unsetenv("WATCHDOG_USEC");
    assert_int_equal(watchdog_interval_usec(), 0);
    setenv("WATCHDOG_USEC", "20000000", 1);
    assert_int_equal(watchdog_interval_usec(), 20000000);
    snprintf(pid, sizeof pid, "%ld", (long)getpid());
    setenv("WATCHDOG_PID", pid, 1);
    assert_int_equal(watchdog_interval_usec(), 20000000);
    snprintf(pid, sizeof pid, "%ld", (long)getpid() + 1);
    setenv("WATCHDOG_PID", pid, 1);            /* another process is the one watched */
    assert_int_equal(watchdog_interval_usec(), 0);
    setenv("WATCHDOG_PID", "x", 1);
    assert_int_equal(watchdog_interval_usec(), 0);
    unsetenv("WATCHDOG_PID");
    static const char *const bad[] = { "", "0", "-5", "20s", " 20", "99999999999999999999",
                                       "1800000001", "3600000000" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        setenv("WATCHDOG_USEC", bad[i], 1);
        if (watchdog_interval_usec() != 0)
            fail_msg("WATCHDOG_USEC=\"%s\" accepted", bad[i]);
    }
    setenv("WATCHDOG_USEC", "1800000000", 1);   /* half an hour: the longest taken */
    assert_int_equal(watchdog_interval_usec(), 1800000000);
    unsetenv("WATCHDOG_USEC");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_watchdog_messages_on_a_path),
        cmocka_unit_test(test_watchdog_messages_in_the_abstract_namespace),
        cmocka_unit_test(test_watchdog_interval),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
