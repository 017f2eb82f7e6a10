/*  log.c  */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static log_level_t s_level = LEVEL_INFO;

void
log_set_level (log_level_t level)
{
    s_level = level;
}

bool
log_level_parse (const char *text, log_level_t *level)
{
    static const char *names[] = { "error", "warn", "info", "debug" };
    for (int i = 0; i <= LEVEL_DEBUG; i++)
        if (strcmp (text, names[i]) == 0) {
            *level = (log_level_t) i;
            return true;
        }
    return false;
}

bool
log_enabled (log_level_t level)
{
    return level <= s_level;
}

void
log_write (log_level_t level, const char *format, ...)
{
    static const char *tags[] = { "ERROR", "WARN ", "INFO ", "DEBUG" };
    struct timeval now;
    gettimeofday (&now, NULL);
    struct tm tm;
    gmtime_r (&now.tv_sec, &tm);
    char stamp[32];
    strftime (stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);

    /*  One fprintf per line, so lines from several processes sharing a
        file stay whole.  */
    char line[2048];
    va_list args;
    va_start (args, format);
    vsnprintf (line, sizeof line, format, args);
    va_end (args);
    fprintf (stderr, "%s.%03ldZ %s %s\n", stamp, (long) now.tv_usec / 1000, tags[level], line);
    fflush (stderr);
}
