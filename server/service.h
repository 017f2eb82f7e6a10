/*  service.h: rapord as a systemd service (sd_notify(3)).

    Under systemd with Type=notify, rapord says READY=1 only once the
    database answered and both sockets are bound, so units ordered after
    it start when it can really serve; STOPPING=1 when it begins to shut
    down; and, when the unit sets WatchdogSec=, WATCHDOG=1 from its loop,
    so a loop that hangs is restarted. Outside systemd (no NOTIFY_SOCKET)
    every call does nothing.  */
#ifndef RAPOR_SERVICE_H
#define RAPOR_SERVICE_H

#include <stdint.h>

/*  READY=1, with a STATUS= line (printf format) that a person reads in
    `systemctl status`.  */
void service_ready (const char *format, ...) __attribute__ ((format (printf, 1, 2)));

/*  STATUS= only, e.g. while waiting for the database.  */
void service_status (const char *status);

/*  STOPPING=1.  */
void service_stopping (void);

/*  Sends WATCHDOG=1 if one is due at now_ms. Returns the milliseconds
    until the next one is due (INT64_MAX without a watchdog), for the
    loop's poll timeout.  */
int64_t service_watchdog (int64_t now_ms);

#endif
