/*  overview.c: see overview.h.  */
#define _XOPEN_SOURCE 700       /*  strptime  */
#include "overview.h"
#include "i18n.h"
#include "human.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/*  In the display zone (WIB unless RAPOR_TZ says otherwise), as the
    other listings of rapor-admin print it.  */
static void
s_when (int64_t us, char *out, size_t size)
{
    human_time (us, true, out, size);
}

void
overview_print_status (const server_status_t *st, FILE *out)
{
    char when[40];
    s_when (st->last_commit_at_us, when, sizeof when);
    fprintf (out, _("server:              %s\n"), st->server_version);
    fprintf (out, _("protocol version:    %u\n"), st->protocol_version);
    fprintf (out, _("schema version:      %u\n"), st->schema_version);
    fprintf (out, _("uptime:              %llu s (%llud %02lluh %02llum)\n"),
             (unsigned long long) st->uptime_s, (unsigned long long) st->uptime_s / 86400,
             (unsigned long long) st->uptime_s / 3600 % 24,
             (unsigned long long) st->uptime_s / 60 % 60);
    if (st->connections_known)
        fprintf (out, _("connections:         %u\n"), st->connections);
    else
        fprintf (out, _("connections:         not counted by this server\n"));
    if (st->last_commit_at_us)
        fprintf (out, _("last group commit:   %s, %u submission%s\n"), when,
                 st->last_commit_submissions, st->last_commit_submissions == 1 ? "" : "s");
    else
        fprintf (out, _("last group commit:   none since the server started\n"));
    fprintf (out, _("last broadcast seq:  %llu\n"), (unsigned long long) st->last_seq);
}

void
overview_status_json (const server_status_t *st, FILE *out)
{
    /*  server_version is "rapord " and a version we build: no quoting needed
        beyond what it holds, but escape quotes and backslashes anyway.  */
    fputs ("{\"server_version\":\"", out);
    for (const char *p = st->server_version; *p; p++) {
        if (*p == '"' || *p == '\\')
            fputc ('\\', out);
        if ((unsigned char) *p >= 0x20)
            fputc (*p, out);
    }
    fprintf (out, "\",\"protocol_version\":%u,\"schema_version\":%u,\"uptime_s\":%llu,",
             st->protocol_version, st->schema_version, (unsigned long long) st->uptime_s);
    if (st->connections_known)
        fprintf (out, "\"connections\":%u,", st->connections);
    else
        fputs ("\"connections\":null,", out);
    fprintf (out, "\"last_commit_at_us\":%lld,\"last_commit_submissions\":%u,"
             "\"last_seq\":%llu}\n", (long long) st->last_commit_at_us,
             st->last_commit_submissions, (unsigned long long) st->last_seq);
}

/*  A field as one word: "-" if empty, and no blanks inside.  */
static const char *
s_word (const char *text, char *buf, size_t size)
{
    if (!*text)
        return "-";
    snprintf (buf, size, "%s", text);
    for (char *p = buf; *p; p++)
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            *p = '_';
    return buf;
}

/*  Text on one line: control characters become spaces.  */
static void
s_line (const char *text, FILE *out)
{
    for (const char *p = text; *p; p++)
        fputc ((unsigned char) *p < 0x20 ? ' ' : *p, out);
}

void
overview_print_audit (const audit_entry_t *rows, size_t count, FILE *out)
{
    fprintf (out, "%-8s %-24s %-17s %-11s %-16s %-12s %-40s %6s %s | %s\n", "id", "at",
             "action", "outcome", "opd", "role", "key", "count", "reason", "detail");
    for (size_t i = 0; i < count; i++) {
        const audit_entry_t *e = &rows[i];
        char at[40], w[5][48];
        s_when (e->at_us, at, sizeof at);
        fprintf (out, "%-8llu %-24s %-17s %-11s %-16s %-12s %-40s %6u ",
                 (unsigned long long) e->id, at, s_word (e->action, w[0], sizeof w[0]),
                 s_word (e->outcome, w[1], sizeof w[1]), s_word (e->opd, w[2], sizeof w[2]),
                 s_word (e->role, w[3], sizeof w[3]),
                 s_word (e->public_key, w[4], sizeof w[4]), e->count);
        s_line (*e->reason ? e->reason : "-", out);
        fputs (" | ", out);
        s_line (*e->detail ? e->detail : "-", out);
        if (e->first_at_us) {
            char first[40], last[40];
            s_when (e->first_at_us, first, sizeof first);
            s_when (e->last_at_us, last, sizeof last);
            fprintf (out, _(" (first %s, last %s)"), first, last);
        }
        fputc ('\n', out);
    }
}

bool
overview_parse_since (const char *text, int64_t now_s, int64_t *us)
{
    char *end = NULL;
    long long n = strtoll (text, &end, 10);
    if (end != text && n >= 0 && end[0] && !end[1] && strchr ("mhd", end[0])
    &&  n <= 100LL * 365 * 24 * 60) {
        long long unit = end[0] == 'm' ? 60 : end[0] == 'h' ? 3600 : 86400;
        long long at = now_s - n * unit;
        *us = (at > 0 ? at : 1) * 1000000LL;
        return true;
    }
    static const char *formats[] = { "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S",
                                     "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d" };
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        struct tm tm;
        memset (&tm, 0, sizeof tm);
        const char *rest = strptime (text, formats[i], &tm);
        if (rest && !*rest) {
            tm.tm_isdst = -1;
            time_t t = mktime (&tm);
            if (t <= 0)
                return false;
            *us = (int64_t) t * 1000000;
            return true;
        }
    }
    return false;
}
