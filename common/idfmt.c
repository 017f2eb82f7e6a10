/*  idfmt.c: see idfmt.h.  */
#include "idfmt.h"
#include "period.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define WIB_OFFSET_S (7 * 3600)

/*  |n| with a dot before every third digit from the right, after an
    optional prefix; the sign, if any, comes before the prefix.  */
static void
s_grouped (int64_t n, const char *prefix, bool plus, char *buf, size_t size)
{
    uint64_t magnitude = n < 0 ? (uint64_t) 0 - (uint64_t) n : (uint64_t) n;
    char digits[24];
    int len = snprintf (digits, sizeof digits, "%llu", (unsigned long long) magnitude);
    char grouped[40];
    size_t k = 0;
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            grouped[k++] = '.';
        grouped[k++] = digits[i];
    }
    grouped[k] = '\0';
    snprintf (buf, size, "%s%s%s", n < 0 ? IDFMT_MINUS : plus && n > 0 ? "+" : "", prefix,
              grouped);
}

void
idfmt_centi (int64_t centi, char *buf, size_t size)
{
    /*  The whole part carries the sign, so -5 must not lose it to "0".  */
    uint64_t magnitude = centi < 0 ? (uint64_t) 0 - (uint64_t) centi : (uint64_t) centi;
    char whole[40];
    s_grouped ((int64_t) (magnitude / 100), "", false, whole, sizeof whole);
    snprintf (buf, size, "%s%s,%02u", centi < 0 ? IDFMT_MINUS : "", whole,
              (unsigned) (magnitude % 100));
}

void
idfmt_int (int64_t n, char *buf, size_t size)
{
    s_grouped (n, "", false, buf, size);
}

void
idfmt_rupiah (int64_t amount, bool plus, char *buf, size_t size)
{
    s_grouped (amount, "Rp ", plus, buf, size);
}

void
idfmt_pct (int32_t pct, char *buf, size_t size)
{
    s_grouped (pct, "", true, buf, size);
    size_t len = strlen (buf);
    snprintf (buf + len, size > len ? size - len : 0, "%%");
}

bool
idfmt_period (const char *code, bool brief, char *buf, size_t size)
{
    static const char *roman[] = { "", "I", "II", "III", "IV" };
    period_t p;
    if (!code || !period_parse (code, strlen (code), &p)) {
        if (size)
            buf[0] = '\0';
        return false;
    }
    snprintf (buf, size, brief ? "TW %s %d" : "Triwulan %s Tahun %d", roman[p.quarter], p.year);
    return true;
}

void
idfmt_date (int64_t us, char *buf, size_t size)
{
    static const char *months[] = { "Januari", "Februari", "Maret", "April", "Mei", "Juni",
                                    "Juli", "Agustus", "September", "Oktober", "November",
                                    "Desember" };
    if (us <= 0) {
        if (size)
            buf[0] = '\0';
        return;
    }
    time_t secs = (time_t) (us / 1000000) + WIB_OFFSET_S;
    struct tm tm;
    gmtime_r (&secs, &tm);
    snprintf (buf, size, "%d %s %d", tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900);
}
