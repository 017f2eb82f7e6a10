/*  log.h: one-line, grep-friendly logs on stderr.

    Lines look like
        2026-11-28T07:01:02.123Z INFO  request id=7 outcome=accepted ...
    so an operator can grep for "outcome=rejected" or "reason=period_not_open".
    The level is checked before any formatting happens.  */
#ifndef RAPOR_LOG_H
#define RAPOR_LOG_H

#include <stdbool.h>

typedef enum { LOG_ERROR = 0, LOG_WARN, LOG_INFO, LOG_DEBUG } log_level_t;

void log_set_level (log_level_t level);

/*  Parses "error", "warn", "info", "debug"; returns false if unknown.  */
bool log_level_parse (const char *text, log_level_t *level);

bool log_enabled (log_level_t level);

void log_write (log_level_t level, const char *format, ...)
    __attribute__ ((format (printf, 2, 3)));

#define log_error(...) do { if (log_enabled (LOG_ERROR)) log_write (LOG_ERROR, __VA_ARGS__); } while (0)
#define log_warn(...)  do { if (log_enabled (LOG_WARN))  log_write (LOG_WARN,  __VA_ARGS__); } while (0)
#define log_info(...)  do { if (log_enabled (LOG_INFO))  log_write (LOG_INFO,  __VA_ARGS__); } while (0)
#define log_debug(...) do { if (log_enabled (LOG_DEBUG)) log_write (LOG_DEBUG, __VA_ARGS__); } while (0)

#endif
