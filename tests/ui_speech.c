/*
** ui_speech.c - reading aloud: the exact argument vector espeak-ng gets (voice per language,
** the rate, "--" before the text so a text starting with '-' is never an option), the PATH
** look-up, and a real spawn of a stand-in espeak-ng that writes down its arguments, including
** that a second text stops the first reader and that the stopped one is reaped.
** The stand-in is a shell script in a scratch folder put first in PATH; no audio is made.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "speech.h"
#include "testutil.h"

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static void test_speech_argv_per_language(void **state)
{
    static const struct {
        const char *lang, *voice;
    } cases[] = { { "fi", "fi" }, { "sv", "sv" }, { "en", "en" }, { "de", "en" }, { NULL, "en" } };
    (void)state;
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *argv[SPEECH_ARGV_MAX];
        memset(argv, 0x55, sizeof argv);
        assert_int_equal(speech_build_argv(cases[i].lang, "Hei Matti", argv, SPEECH_ARGV_MAX), 7);
        assert_string_equal(argv[0], "espeak-ng");
        assert_string_equal(argv[1], "-v");
        assert_string_equal(argv[2], cases[i].voice);
        assert_string_equal(argv[3], "-s");
        assert_string_equal(argv[4], "140");
        assert_string_equal(argv[5], "--");
        assert_string_equal(argv[6], "Hei Matti");
        assert_null(argv[7]);
    }
}

static void test_speech_argv_text_is_never_an_option(void **state)
{
    char *argv[SPEECH_ARGV_MAX];
    const char *text = "-w /tmp/x.wav; rm -rf / $(reboot)";
    (void)state;
    assert_int_equal(speech_build_argv("fi", text, argv, SPEECH_ARGV_MAX), 7);
    assert_string_equal(argv[5], "--");
    assert_ptr_equal(argv[6], text);    /* one argument, untouched, after "--" */
    assert_null(argv[7]);
}

static void test_speech_argv_refuses_bad_input(void **state)
{
    char *argv[SPEECH_ARGV_MAX];
    (void)state;
    assert_int_equal(speech_build_argv("fi", NULL, argv, SPEECH_ARGV_MAX), SD_EINVAL);
    assert_int_equal(speech_build_argv("fi", "", argv, SPEECH_ARGV_MAX), SD_EINVAL);
    assert_int_equal(speech_build_argv("fi", "Hei", argv, SPEECH_ARGV_MAX - 1), SD_EINVAL);
    assert_int_equal(speech_build_argv("fi", "Hei", NULL, SPEECH_ARGV_MAX), SD_EINVAL);
}

/* A stand-in espeak-ng in dir that writes its pid and arguments to out, then sleeps. */
static void write_stand_in(const char *dir, const char *out, int executable)
{
    char script[PATH_MAX * 2], path[PATH_MAX + 16];
    int n = snprintf(script, sizeof script,
             "#!/bin/sh\n"
             "{ echo \"pid $$\"; for a in \"$@\"; do echo \"arg $a\"; done; } > '%s.tmp'\n"
             "mv '%s.tmp' '%s'\n"
             "exec sleep 30\n",
             out, out, out);
    assert_true(n > 0 && (size_t)n < sizeof script);
    tu_write_file(dir, "espeak-ng", script, -1);
    snprintf(path, sizeof path, "%s/espeak-ng", dir);
    assert_int_equal(chmod(path, executable ? 0755 : 0644), 0);
}

/* Wait up to 5 s for the stand-in's file; returns its text (free it). */
static char *wait_for_file(const char *path)
{
    for (int i = 0; i < 500; i++) {
        char *text = tu_read_file(path, NULL);
        if (text)
            return text;
        sleep_ms(10);
    }
    fail_msg("the stand-in espeak-ng never wrote %s", path);
    return NULL;
}

static long pid_in(const char *text)
{
    long pid = 0;
    assert_int_equal(sscanf(text, "pid %ld", &pid), 1);
    return pid;
}

static void test_speech_path_lookup(void **state)
{
    (void)state;
    char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
    char empty[PATH_MAX], dir[PATH_MAX], out[PATH_MAX + 16], path[PATH_MAX * 2 + 2];
    snprintf(empty, sizeof empty, "%s", tu_tmpdir());
    snprintf(dir, sizeof dir, "%s", tu_tmpdir());
    snprintf(out, sizeof out, "%s/said", dir);

    setenv("PATH", empty, 1);
    assert_false(speech_available());
    assert_int_equal(speech_say("fi", "Hei"), SD_ENOTFOUND);

    write_stand_in(dir, out, 0);          /* there, but not executable */
    snprintf(path, sizeof path, "%s:%s", empty, dir);
    setenv("PATH", path, 1);
    assert_false(speech_available());

    write_stand_in(dir, out, 1);
    snprintf(path, sizeof path, "%s:%s:", empty, dir);   /* PATH changed: looked up again */
    setenv("PATH", path, 1);
    assert_true(speech_available());

    if (old)
        setenv("PATH", old, 1);
    free(old);
}

static void test_speech_say_spawns_and_stops(void **state)
{
    (void)state;
    char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
    char dir[PATH_MAX], out[PATH_MAX + 16], path[PATH_MAX * 2 + 2];
    snprintf(dir, sizeof dir, "%s", tu_tmpdir());
    snprintf(out, sizeof out, "%s/said", dir);
    write_stand_in(dir, out, 1);
    /* The stand-in needs sh, mv and sleep from the usual places after it. */
    snprintf(path, sizeof path, "%s:/usr/bin:/bin", dir);
    setenv("PATH", path, 1);
    assert_true(speech_available());

    assert_int_equal(speech_say("sv", "-- Hej Linnea, \"välkommen\" $HOME"), SD_OK);
    char *first = wait_for_file(out);
    assert_non_null(strstr(first, "arg -v\narg sv\narg -s\narg 140\narg --\n"
                                  "arg -- Hej Linnea, \"välkommen\" $HOME\n"));
    long first_pid = pid_in(first);
    free(first);
    assert_int_equal(unlink(out), 0);

    /* A second text stops the first reader. */
    assert_int_equal(speech_say("fi", "Tervetuloa"), SD_OK);
    char *second = wait_for_file(out);
    assert_non_null(strstr(second, "arg -v\narg fi\narg -s\narg 140\narg --\narg Tervetuloa\n"));
    long second_pid = pid_in(second);
    free(second);
    assert_true(second_pid != first_pid);

    /* The stopped reader is gone and reaped (a zombie would still answer kill 0). */
    int gone = 0;
    for (int i = 0; i < 500 && !gone; i++) {
        speech_poll();
        gone = kill((pid_t)first_pid, 0) != 0 && errno == ESRCH;
        if (!gone)
            sleep_ms(10);
    }
    assert_true(gone);

    speech_stop();
    gone = 0;
    for (int i = 0; i < 500 && !gone; i++) {
        speech_poll();
        gone = kill((pid_t)second_pid, 0) != 0 && errno == ESRCH;
        if (!gone)
            sleep_ms(10);
    }
    assert_true(gone);

    if (old)
        setenv("PATH", old, 1);
    free(old);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_speech_argv_per_language),
        cmocka_unit_test(test_speech_argv_text_is_never_an_option),
        cmocka_unit_test(test_speech_argv_refuses_bad_input),
        cmocka_unit_test(test_speech_path_lookup),
        cmocka_unit_test(test_speech_say_spawns_and_stops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
