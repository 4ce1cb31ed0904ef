/*
** log.h - one pluggable sink for diagnostics meant for developers and journald, not for users.
**
** The kiosk's sink writes to stderr (journald collects it under systemd); tests install a
** capturing sink. LOG_* macros skip the formatting when the level is filtered out.
** Must not depend on anything but the C library.
*/
#ifndef SD_LOG_H
#define SD_LOG_H

enum log_level { LOG_LEVEL_ERROR = 0, LOG_LEVEL_WARN = 1, LOG_LEVEL_INFO = 2, LOG_LEVEL_DEBUG = 3 };

typedef void log_sink_fn(void *arg, int level, const char *msg);

/* Replace the sink (NULL restores the stderr sink) and the most verbose level that is kept. */
void log_set_sink(log_sink_fn *fn, void *arg);
void log_set_level(int level);
int log_get_level(void);

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void log_write(int level, const char *fmt, ...);

#define LOG_AT(level, ...) \
    do { if ((level) <= log_get_level()) log_write((level), __VA_ARGS__); } while (0)
#define LOG_ERROR(...) LOG_AT(LOG_LEVEL_ERROR, __VA_ARGS__)
#define LOG_WARN(...)  LOG_AT(LOG_LEVEL_WARN, __VA_ARGS__)
#define LOG_INFO(...)  LOG_AT(LOG_LEVEL_INFO, __VA_ARGS__)
#define LOG_DEBUG(...) LOG_AT(LOG_LEVEL_DEBUG, __VA_ARGS__)

#endif
