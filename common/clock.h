/*  clock.h: monotonic time for deadlines and latencies. Never the wall
    clock: a deadline must not jump when NTP adjusts the time.  */
#ifndef RAPOR_CLOCK_H
#define RAPOR_CLOCK_H

#include <stdint.h>

int64_t clock_now_ms (void);
int64_t clock_now_us (void);
int64_t clock_now_ns (void);

#endif
