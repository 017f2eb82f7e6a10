/*  human.c: see human.h.  */
#include "human.h"
#include "i18n.h"
#include "idfmt.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void
human_centi (int64_t centi, char *buf, size_t size)
{
    if (i18n_indonesian ()) {
        idfmt_centi (centi, buf, size);
        return;
    }
    int64_t a = centi < 0 ? -centi : centi;
    snprintf (buf, size, "%s%" PRId64 ".%02d", centi < 0 ? "-" : "", a / 100, (int) (a % 100));
}

void
human_rupiah (int64_t amount, char *buf, size_t size)
{
    if (i18n_indonesian ()) {
        idfmt_rupiah (amount, false, buf, size);
        return;
    }
    /*  idfmt groups with dots; English groups with commas.  */
    char grouped[IDFMT_MAX];
    idfmt_rupiah (amount, false, grouped, sizeof grouped);
    for (char *p = grouped; *p; p++)
        if (*p == '.')
            *p = ',';
    snprintf (buf, size, "%s", grouped);
}

const char *
human_status (const char *status)
{
    if (!status)
        return "";
    if (strcmp (status, "open") == 0)
        return _("open");
    if (strcmp (status, "closed") == 0)
        return _("closed");
    if (strcmp (status, "finalized") == 0)
        return _("finalized");
    return status;
}

const char *
human_objection_status (const char *status)
{
    if (status && strcmp (status, "accepted") == 0)
        return _("accepted");
    if (status && strcmp (status, "rejected") == 0)
        return _("rejected");
    if (status && strcmp (status, "open") == 0)
        return _("open objection");
    return status ? status : "";
}

void
human_period (const char *code, char *buf, size_t size)
{
    if (!i18n_indonesian () || !idfmt_period (code, false, buf, size))
        snprintf (buf, size, "%s", code ? code : "");
}

/*  The display zone, set once: the process's TZ is ours to set, since
    every time a tool prints goes through here.  */
static void
s_zone (void)
{
    static bool set;
    if (set)
        return;
    const char *tz = getenv ("RAPOR_TZ");
    setenv ("TZ", tz && *tz ? tz : HUMAN_DEFAULT_TZ, 1);
    tzset ();
    set = true;
}

void
human_time (int64_t us, bool seconds, char *buf, size_t size)
{
    if (us <= 0) {
        snprintf (buf, size, "-");
        return;
    }
    s_zone ();
    time_t secs = (time_t) (us / 1000000);
    struct tm tm;
    localtime_r (&secs, &tm);
    if (!strftime (buf, size, seconds ? "%Y-%m-%d %H:%M:%S %Z" : "%Y-%m-%d %H:%M %Z", &tm))
        snprintf (buf, size, "-");
}
