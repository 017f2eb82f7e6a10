/*  human.h: numbers, periods and times as a person reads them in the
    language of the messages.

    When the messages are Indonesian (i18n_indonesian), scores are written
    "87,50", money "Rp 1.234.567", a period "Triwulan III Tahun 2024"
    (idfmt.h); in English, "87.50", "Rp 1,234,567" and "2024-Q3". Times
    are shown in Banyuwangi's zone, WIB (UTC+7), unless RAPOR_TZ names
    another (a POSIX TZ value: "WITA-8", "UTC0", "Asia/Makassar" when the
    tzdata package is installed); a time reads "2024-10-01 07:00 WIB".

    Only for what a person reads: JSON, CSV and the protocol never use
    this module. Every function writes a NUL-terminated string of at most
    `size` bytes; HUMAN_MAX is always enough.  */
#ifndef RAPOR_HUMAN_H
#define RAPOR_HUMAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HUMAN_MAX 64

/*  The zone human_time writes in when RAPOR_TZ is unset: WIB, with no
    daylight saving, and no need for tzdata.  */
#define HUMAN_DEFAULT_TZ "WIB-7"

/*  Hundredths: "87,50" or "87.50".  */
void human_centi (int64_t centi, char *buf, size_t size);

/*  Whole rupiah: "Rp 1.234.567" or "Rp 1,234,567".  */
void human_rupiah (int64_t amount, char *buf, size_t size);

/*  A period code: "Triwulan III Tahun 2024" or "2024-Q3"; anything that
    is not a period is copied as it is.  */
void human_period (const char *code, char *buf, size_t size);

/*  A period's status ("open", "closed", "finalized") as a word of the
    messages' language, for a sentence; anything else is returned as it is.  */
const char *human_status (const char *status);

/*  An objection's status ("open", "accepted", "rejected") as a word of
    the messages' language; anything else is returned as it is.  */
const char *human_objection_status (const char *status);

/*  Microseconds since 1970 in the display zone, to the minute, or to the
    second with `seconds`: "2024-10-01 07:00 WIB". "-" for us <= 0.  */
void human_time (int64_t us, bool seconds, char *buf, size_t size);

#endif
