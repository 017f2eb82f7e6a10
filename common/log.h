/*  log.h: one-line, grep-friendly logs on stderr.

    Lines look like
        2026-11-28T07:01:02.123Z INFO  request id=7 outcome=accepted ...
    so an operator can grep for "outcome=rejected" or "reason=period_not_open".
    The level is checked before any formatting happens.  */
#ifndef RAPOR_LOG_H
#define RAPOR_LOG_H

#include <stdbool.h>

/*  Not LOG_INFO and friends: <syslog.h>, which CZMQ pulls in, defines
    those as macros with other values, and every log line of a file that
    included it after this one vanished.  */
typedef enum { LEVEL_ERROR = 0, LEVEL_WARN, LEVEL_INFO, LEVEL_DEBUG } log_level_t;

void log_set_level (log_level_t level);

/*  Parses "error", "warn", "info", "debug"; returns false if unknown.  */
bool log_level_parse (const char *text, log_level_t *level);

bool log_enabled (log_level_t level);

void log_write (log_level_t level, const char *format, ...)
    __attribute__ ((format (printf, 2, 3)));

#define log_error(...) do { if (log_enabled (LEVEL_ERROR)) log_write (LEVEL_ERROR, __VA_ARGS__); } while (0)
#define log_warn(...)  do { if (log_enabled (LEVEL_WARN))  log_write (LEVEL_WARN,  __VA_ARGS__); } while (0)
#define log_info(...)  do { if (log_enabled (LEVEL_INFO))  log_write (LEVEL_INFO,  __VA_ARGS__); } while (0)
#define log_debug(...) do { if (log_enabled (LEVEL_DEBUG)) log_write (LEVEL_DEBUG, __VA_ARGS__); } while (0)

#endif
