/*
** speech.c - reading texts aloud through espeak-ng, one at a time, without blocking.
**
** The reader is a child process started with posix_spawnp and an argument vector (never a
** shell). A new text stops the reader before it with SIGTERM; readers that have not exited yet
** are kept in a short list and reaped with waitpid(WNOHANG) by later calls, so no zombie stays
** and the kiosk never waits for one. SIGCHLD is left alone: other parts of the program may wait
** for children of their own. Depends on POSIX only.
*/
#include "speech.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"
#include "log.h"

extern char **environ;

enum { SPEECH_STOPPING_MAX = 4 };

/* espeak-ng voice names of the languages the kiosk speaks. */
static const struct {
    const char *lang;
    const char *voice;
} speech_voices[] = {
    { "fi", "fi" },
    { "sv", "sv" },
    { "en", "en" },
};

static struct {
    pid_t reader;                           /* the one reading now, 0 = none */
    pid_t stopping[SPEECH_STOPPING_MAX];    /* told to stop, not yet reaped */
    unsigned long path_hash;                /* PATH the answer below is for */
    size_t path_len;
    int checked;                            /* available was looked up */
    int available;
} speech;

static unsigned long speech_hash(const char *s, size_t *len)
{
    unsigned long h = 5381;
    size_t n = 0;
    for (; s && s[n]; n++)
        h = h * 33u ^ (unsigned char)s[n];
    *len = n;
    return h;
}

/* Whether dir/espeak-ng is an executable regular file. */
static int speech_in_dir(const char *dir, size_t dir_len)
{
    char path[4096];
    struct stat st;
    if (dir_len == 0) {
        dir = ".";
        dir_len = 1;
    }
    if (dir_len + sizeof SPEECH_PROGRAM + 1 > sizeof path)
        return 0;
    memcpy(path, dir, dir_len);
    path[dir_len] = '/';
    memcpy(path + dir_len + 1, SPEECH_PROGRAM, sizeof SPEECH_PROGRAM);
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

int speech_available(void)
{
    const char *path = getenv("PATH");
    size_t len;
    unsigned long h = speech_hash(path, &len);
    if (speech.checked && h == speech.path_hash && len == speech.path_len)
        return speech.available;
    speech.checked = 1;
    speech.path_hash = h;
    speech.path_len = len;
    speech.available = 0;
    for (const char *p = path; p && !speech.available;) {
        const char *end = strchr(p, ':');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        speech.available = speech_in_dir(p, n);
        p = end ? end + 1 : NULL;
    }
    return speech.available;
}

int speech_build_argv(const char *lang, const char *text, char *argv[], size_t max)
{
    const char *voice = "en";
    if (!text || !*text || !argv || max < SPEECH_ARGV_MAX)
        return SD_EINVAL;
    for (size_t i = 0; lang && i < sizeof speech_voices / sizeof speech_voices[0]; i++)
        if (strcmp(lang, speech_voices[i].lang) == 0)
            voice = speech_voices[i].voice;
    /* posix_spawnp takes char *const[]; the strings are never written to. */
    const char *args[] = { SPEECH_PROGRAM, "-v", voice, "-s", SPEECH_RATE, "--", text, NULL };
    size_t n = sizeof args / sizeof args[0];
    for (size_t i = 0; i < n; i++)
        argv[i] = (char *)(uintptr_t)args[i];
    return (int)n - 1;
}

void speech_poll(void)
{
    int status;
    if (speech.reader > 0 && waitpid(speech.reader, &status, WNOHANG) == speech.reader)
        speech.reader = 0;
    for (int i = 0; i < SPEECH_STOPPING_MAX; i++)
        if (speech.stopping[i] > 0 && waitpid(speech.stopping[i], &status, WNOHANG) != 0)
            speech.stopping[i] = 0;     /* reaped, or not ours any more (ECHILD) */
}

void speech_stop(void)
{
    speech_poll();
    if (speech.reader <= 0)
        return;
    pid_t pid = speech.reader;
    speech.reader = 0;
    kill(pid, SIGTERM);
    int status;
    if (waitpid(pid, &status, WNOHANG) != 0)
        return;
    for (int i = 0; i < SPEECH_STOPPING_MAX; i++)
        if (speech.stopping[i] <= 0) {
            speech.stopping[i] = pid;
            return;
        }
    /* The list is full of readers that ignore SIGTERM: end this one for sure. */
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
}

int speech_say(const char *lang, const char *text)
{
    char *argv[SPEECH_ARGV_MAX];
    if (speech_build_argv(lang, text, argv, SPEECH_ARGV_MAX) < 0)
        return SD_EINVAL;
    speech_stop();
    if (!speech_available())
        return SD_ENOTFOUND;

    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    sigset_t none, defaults;
    int rc = SD_OK;
    if (posix_spawn_file_actions_init(&fa) != 0)
        return SD_ENOMEM;
    if (posix_spawnattr_init(&attr) != 0) {
        posix_spawn_file_actions_destroy(&fa);
        return SD_ENOMEM;
    }
    /* No input, no output on the kiosk's stdout; errors still reach the journal. */
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    /* The reader starts with no blocked signals and SIGTERM at its default, so stop works. */
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGTERM);
    sigaddset(&defaults, SIGINT);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    pid_t pid;
    int err = posix_spawnp(&pid, SPEECH_PROGRAM, &fa, &attr, argv, environ);
    if (err != 0) {
        LOG_WARN("speech: %s could not be started: %s", SPEECH_PROGRAM, strerror(err));
        rc = err == ENOENT ? SD_ENOTFOUND : sd_from_errno(err);
    } else {
        speech.reader = pid;
    }
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}
