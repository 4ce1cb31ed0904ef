/*
** prompt.c - asking for a secret (a PIN, a passphrase) on the terminal without showing it, and
** reading one from a file or standard input for scripts.
**
** Echo is turned off with termios; a signal on the way puts the terminal back before the program
** dies, so an interrupted prompt never leaves the shell without echo. A line longer than the
** buffer is drained and refused, never cut into a different secret. Links only the C library.
*/
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"

/* The terminal as it was, for the signal handler to put back. */
static struct termios prompt_saved_tty;
static volatile sig_atomic_t prompt_tty_changed;

static void prompt_restore_on_signal(int sig)
{
    if (prompt_tty_changed)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &prompt_saved_tty);
    signal(sig, SIG_DFL);
    raise(sig);
}

int cli_read_line(FILE *in, char *buf, size_t size)
{
    if (!fgets(buf, (int)size, in))
        return 0;
    size_t n = strcspn(buf, "\r\n");
    int complete = buf[n] != '\0' || feof(in);
    buf[n] = '\0';
    if (!complete) { /* longer than any secret we take: drain it, and refuse */
        int c;
        while ((c = fgetc(in)) != EOF && c != '\n')
            ;
        sodium_memzero(buf, size);
        return -1;
    }
    return 1;
}

int cli_ask_secret(const char *prompt, char *buf, size_t size)
{
    struct termios quiet;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = prompt_restore_on_signal;
    sigemptyset(&sa.sa_mask);
    fprintf(stderr, "%s", prompt);
    fflush(stderr);
    if (tcgetattr(STDIN_FILENO, &prompt_saved_tty) != 0)
        return 0;
    quiet = prompt_saved_tty;
    quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
    prompt_tty_changed = 1;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    int ok = cli_read_line(stdin, buf, size);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &prompt_saved_tty);
    prompt_tty_changed = 0;
    fprintf(stderr, "\n");
    return ok;
}

int cli_read_secret_file(const char *path, char *buf, size_t size)
{
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!in)
        return 0;
    int ok = cli_read_line(in, buf, size);
    if (in != stdin)
        fclose(in);
    return ok;
}
