/*  service.c: see service.h.  */
#include "service.h"
#include "log.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <systemd/sd-daemon.h>

void
service_ready (const char *format, ...)
{
    char status[512];
    va_list args;
    va_start (args, format);
    vsnprintf (status, sizeof status, format, args);
    va_end (args);
    sd_notifyf (0, "READY=1\nSTATUS=%s", status);
}

void
service_status (const char *status)
{
    sd_notifyf (0, "STATUS=%s", status);
}

void
service_stopping (void)
{
    sd_notify (0, "STOPPING=1\nSTATUS=stopping");
}

int64_t
service_watchdog (int64_t now_ms)
{
    static bool checked = false;
    static int64_t interval_ms = 0;     /*  0: no watchdog  */
    static int64_t next_ms = 0;
    if (!checked) {
        checked = true;
        uint64_t usec = 0;
        /*  Pinged at half the unit's WatchdogSec=, as sd_watchdog_enabled(3)
            advises, so one slow pass does not get rapord killed.  */
        if (sd_watchdog_enabled (0, &usec) > 0 && usec >= 2000) {
            interval_ms = (int64_t) (usec / 2000);
            log_info ("systemd watchdog on: a ping every %lld ms", (long long) interval_ms);
        }
    }
    if (interval_ms == 0)
        return INT64_MAX;
    if (now_ms >= next_ms) {
        sd_notify (0, "WATCHDOG=1");
        next_ms = now_ms + interval_ms;
    }
    return next_ms - now_ms;
}
