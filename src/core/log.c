/*
** log.c - the log sink. Messages are formatted once into a bounded buffer and handed to the sink.
** Must not depend on anything but the C library.
*/
#include "log.h"

#include <stdarg.h>
#include <stdio.h>

static void log_sink_stderr(void *arg, int level, const char *msg)
{
    static const char *const names[] = { "error", "warning", "info", "debug" };
    (void)arg;
    fprintf(stderr, "shadowday: %s: %s\n", names[level < 0 ? 0 : level > 3 ? 3 : level], msg);
}

static struct {
    log_sink_fn *fn;
    void *arg;
    int level;
} log_state = { log_sink_stderr, NULL, LOG_LEVEL_INFO };

void log_set_sink(log_sink_fn *fn, void *arg)
{
    log_state.fn = fn ? fn : log_sink_stderr;
    log_state.arg = fn ? arg : NULL;
}

void log_set_level(int level) { log_state.level = level; }

int log_get_level(void) { return log_state.level; }

void log_write(int level, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    log_state.fn(log_state.arg, level, msg);
}
