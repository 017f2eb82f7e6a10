/*  report.c: see report.h.  */
#include "report.h"
#include "i18n.h"
#include "human.h"
#include "idfmt.h"
#include "score.h"

#include <string.h>
#include <time.h>

/*  A score in the table: "87,50" when the messages are Indonesian,
    "87.50" in English (human.h); "-" for none.  */
static void
s_score (int32_t centi, char *buf, size_t size)
{
    if (centi == RANKING_NO_SCORE)
        snprintf (buf, size, "-");
    else
        human_centi (centi, buf, size);
}

/*  Whole rupiah for the "TPP (Rp)" column: "1.234.567" in Indonesian,
    "1,234,567" in English, with an ASCII minus so the column lines up.  */
static void
s_rupiah (int64_t amount, char *buf, size_t size)
{
    char text[HUMAN_MAX];
    human_rupiah (amount < 0 ? -amount : amount, text, sizeof text);
    snprintf (buf, size, "%s%s", amount < 0 ? "-" : "",
              strncmp (text, "Rp ", 3) == 0 ? text + 3 : text);
}

/*  Cuts UTF-8 text to at most `chars` code points without splitting one.  */
static void
s_clip (const char *text, size_t chars, char *buf, size_t size)
{
    size_t i = 0, count = 0;
    while (text[i] && count < chars && i + 4 < size) {
        size_t len = 1;
        while ((text[i + len] & 0xC0) == 0x80)
            len++;
        memcpy (buf + i, text + i, len);
        i += len;
        count++;
    }
    buf[i] = '\0';
    for (; count < chars; count++)
        strcat (buf, " ");
}

/*  "Best:" or "Worst:", one OPD per line (ties can name dozens; one line
    of them was 2,235 characters), or why there is none.  */
static void
s_named (const ranking_t *r, bool best, FILE *out)
{
    fprintf (out, "\n%s:", best ? _("Best") : _("Worst"));
    size_t named = 0;
    for (size_t i = 0; i < r->count; i++) {
        const ranking_entry_t *e = &r->entries[i];
        if (best ? e->best : e->worst)
            fprintf (out, "\n  %s (%s)", e->code, e->name), named++;
    }
    if (!named)
        fputs (r->count ? _(" none: every OPD has the same total") : _(" none: no OPDs"), out);
    fputc ('\n', out);
}

/*  The objections of the period and their answers, oldest first.  */
static void
s_objections (const ranking_t *r, FILE *out)
{
    if (!r->objection_count)
        return;
    fprintf (out, _("\nObjections (masa sanggah): %zu\n"), r->objection_count);
    for (size_t i = 0; i < r->objection_count; i++) {
        const objection_t *o = &r->objections[i];
        char disputed[HUMAN_MAX], corrected[HUMAN_MAX];
        s_score (o->disputed_centi, disputed, sizeof disputed);
        s_score (o->corrected_centi, corrected, sizeof corrected);
        fprintf (out, _("  #%llu %s %s %s: %s"), (unsigned long long) o->id, o->opd,
                 component_code (o->component), disputed, human_objection_status (o->status));
        if (strcmp (o->status, "accepted") == 0)
            fprintf (out, _(" by %s, now %s"), o->answered_by, corrected);
        else
        if (strcmp (o->status, "rejected") == 0)
            fprintf (out, _(" by %s: %s"), o->answered_by, o->answer);
        else
            fputs (_(" (never answered)"), out);
        fputc ('\n', out);
    }
}

void
report_table (const ranking_t *r, FILE *out, bool color)
{
    char when[HUMAN_MAX], period[HUMAN_MAX];
    human_time (r->finalized_at_us, true, when, sizeof when);
    human_period (r->period, period, sizeof period);
    if (r->provisional)
        fprintf (out, _("Rapor kinerja OPD %s: PROVISIONAL standings (not final)\n"), period);
    else
    if (r->preview)
        fprintf (out, _("Rapor kinerja OPD %s: PREVIEW of the finalization (nothing is stored "
                 "or announced yet)\n"), period);
    else
        fprintf (out, _("Rapor kinerja OPD %s: finalized %s by %s (revision %u, sequence %llu)\n"),
                 period, when, r->finalized_by, r->revision, (unsigned long long) r->seq);
    if (r->digest[0])
        fprintf (out, _("Digest (SHA-256): %s\n"), r->digest);
    if (r->force_reason[0])
        fprintf (out, _("FINALIZED ALTHOUGH INCOMPLETE. Reason given: %s\n"), r->force_reason);
    size_t complete = ranking_complete_count (r);
    fprintf (out, _("Complete: %zu of %zu OPDs"), complete, r->count);
    if (complete < r->count)
        fprintf (out, _(" (%zu incomplete: a missing verified score counts as 0)"),
                 r->count - complete);
    fprintf (out, _("\nWeights:"));
    for (int c = 0; c < COMPONENT_COUNT; c++)
        fprintf (out, " %s=%u", component_at ((size_t) c)->code, r->rules.weights[c]);
    fprintf (out, _(". Best %u: +%u%% TPP; worst %u: -%u%% TPP.\n\n"), r->rules.reward_n,
             r->rules.reward_pct, r->rules.reward_n, r->rules.punish_pct);
    /*  The "self" column is as wide as its translated heading.  */
    const char *self_head = _("self");
    int sw = (int) strlen (self_head) < 6 ? 6 : (int) strlen (self_head);
    fprintf (out, "%4s  %-16s %-30s %6s %6s %6s %6s %6s %6s  %6s  %*s  %5s %16s\n",
             _("rank"), "OPD", _("name"), "awas", "rencn", "lapor", "anggr", "inov", "pbj",
             "total", sw, self_head, "TPP", "TPP (Rp)");
    for (size_t i = 0; i < r->count; i++) {
        const ranking_entry_t *e = &r->entries[i];
        char name[128], v[COMPONENT_COUNT][HUMAN_MAX], total[HUMAN_MAX], self[HUMAN_MAX], pct[8];
        char rp[HUMAN_MAX + 2];
        s_clip (e->name, 30, name, sizeof name);
        for (int c = 0; c < COMPONENT_COUNT; c++)
            s_score (e->verified[c], v[c], sizeof v[c]);
        human_centi (e->total_centi, total, sizeof total);
        int32_t self_total = ranking_total (e->self, r->rules.weights);
        human_centi (self_total, self, sizeof self);
        snprintf (pct, sizeof pct, e->tpp_pct > 0 ? "+%d%%" : e->tpp_pct < 0 ? "%d%%" : "0",
                  e->tpp_pct);
        if (e->base_tpp == RANKING_NO_TPP)
            snprintf (rp, sizeof rp, "-");
        else
            s_rupiah (e->tpp_rupiah, rp, sizeof rp);
        const char *on = !color ? "" : e->tpp_pct > 0 ? "\033[32m" : e->tpp_pct < 0 ? "\033[31m" : "";
        const char *off = on[0] ? "\033[0m" : "";
        fprintf (out, "%s%4u  %-16s %s %6s %6s %6s %6s %6s %6s  %6s  %*s  %5s %16s%s%s\n", on,
                 e->rank, e->code, name, v[0], v[1], v[2], v[3], v[4], v[5], total, sw, self, pct,
                 rp, e->incomplete ? _("  incomplete") : "", off);
    }
    s_named (r, true, out);
    s_named (r, false, out);
    s_objections (r, out);
    fprintf (out, _("'self' is the self-assessment total with the same weights, shown for "
             "comparison; only verified scores rank.\n\n"));
}

static void
s_json_string (const char *text, FILE *out)
{
    fputc ('"', out);
    for (const unsigned char *p = (const unsigned char *) text; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf (out, "\\%c", *p);
        else
        if (*p < 0x20)
            fprintf (out, "\\u%04x", *p);
        else
            fputc (*p, out);
    }
    fputc ('"', out);
}

/*  "87.50", or null for no score: the machine form, never human_centi.  */
static void
s_json_score (int32_t centi, FILE *out)
{
    char text[16];
    score_format (centi, text, sizeof text);
    if (centi == RANKING_NO_SCORE)
        fputs ("null", out);
    else
        fprintf (out, "\"%s\"", text);
}

static void
s_json_scores (const int32_t *scores, FILE *out)
{
    fputc ('{', out);
    for (int c = 0; c < COMPONENT_COUNT; c++) {
        fprintf (out, "%s\"%s\":", c ? "," : "", component_at ((size_t) c)->code);
        s_json_score (scores[c], out);
    }
    fputc ('}', out);
}

void
report_json (const ranking_t *r, FILE *out)
{
    report_json_checked (r, NULL, out);
}

void
report_json_checked (const ranking_t *r, const char *digest_check, FILE *out)
{
    /*  Scores and totals are strings with two decimals ("87.50"): JSON
        numbers would invite floating point on the reading side.  */
    fputs ("{\"period\":", out);
    s_json_string (r->period, out);
    fprintf (out, ",\"revision\":%u,\"seq\":%llu,\"provisional\":%s,\"preview\":%s,"
             "\"complete\":%zu,\"opds\":%zu,\"finalized_at_us\":%lld,\"finalized_by\":",
             r->revision, (unsigned long long) r->seq, r->provisional ? "true" : "false",
             r->preview ? "true" : "false", ranking_complete_count (r), r->count,
             (long long) r->finalized_at_us);
    s_json_string (r->finalized_by, out);
    fputs (",\"weights\":{", out);
    for (int c = 0; c < COMPONENT_COUNT; c++)
        fprintf (out, "%s\"%s\":%u", c ? "," : "", component_at ((size_t) c)->code,
                 r->rules.weights[c]);
    fprintf (out, "},\"reward_n\":%u,\"reward_pct\":%u,\"punish_pct\":%u,\"force_reason\":",
             r->rules.reward_n, r->rules.reward_pct, r->rules.punish_pct);
    s_json_string (r->force_reason, out);
    fputs (",\"digest\":", out);
    s_json_string (r->digest, out);
    if (digest_check)
        fprintf (out, ",\"digest_check\":\"%s\"", digest_check);
    fputs (",\"entries\":[", out);
    for (size_t i = 0; i < r->count; i++) {
        const ranking_entry_t *e = &r->entries[i];
        char total[16];
        score_format (e->total_centi, total, sizeof total);
        fprintf (out, "%s{\"rank\":%u,\"opd\":", i ? "," : "", e->rank);
        s_json_string (e->code, out);
        fputs (",\"name\":", out);
        s_json_string (e->name, out);
        fputs (",\"verified\":", out);
        s_json_scores (e->verified, out);
        fputs (",\"self\":", out);
        s_json_scores (e->self, out);
        fprintf (out, ",\"total\":\"%s\",\"tpp_pct\":%d,\"base_tpp\":", total, e->tpp_pct);
        if (e->base_tpp == RANKING_NO_TPP)
            fputs ("null,\"tpp_rupiah\":null", out);
        else
            fprintf (out, "%lld,\"tpp_rupiah\":%lld", (long long) e->base_tpp,
                     (long long) e->tpp_rupiah);
        fprintf (out, ",\"incomplete\":%s,\"best\":%s,\"worst\":%s}",
                 e->incomplete ? "true" : "false", e->best ? "true" : "false",
                 e->worst ? "true" : "false");
    }
    fputs ("],\"best\":[", out);
    bool first = true;
    for (size_t i = 0; i < r->count; i++)
        if (r->entries[i].best) {
            fputs (first ? "" : ",", out);
            s_json_string (r->entries[i].code, out);
            first = false;
        }
    fputs ("],\"worst\":[", out);
    first = true;
    for (size_t i = 0; i < r->count; i++)
        if (r->entries[i].worst) {
            fputs (first ? "" : ",", out);
            s_json_string (r->entries[i].code, out);
            first = false;
        }
    fputs ("],\"objections\":[", out);
    for (size_t i = 0; i < r->objection_count; i++) {
        const objection_t *o = &r->objections[i];
        fprintf (out, "%s{\"id\":%llu,\"opd\":", i ? "," : "", (unsigned long long) o->id);
        s_json_string (o->opd, out);
        fprintf (out, ",\"component\":\"%s\",\"disputed\":", component_code (o->component));
        s_json_score (o->disputed_centi, out);
        fputs (",\"reason\":", out);
        s_json_string (o->reason, out);
        fputs (",\"filed_by\":", out);
        s_json_string (o->filed_by, out);
        fputs (",\"status\":", out);
        s_json_string (o->status, out);
        fputs (",\"answer\":", out);
        s_json_string (o->answer, out);
        fputs (",\"corrected\":", out);
        s_json_score (o->corrected_centi, out);
        fputs (",\"answered_by\":", out);
        s_json_string (o->answered_by, out);
        fputc ('}', out);
    }
    fputs ("]}\n", out);
    fflush (out);
}

/*  The two CSV dialects: RFC 4180 for programs, and what Excel with
    Indonesian settings opens as a table of numbers.  */
typedef struct {
    char sep;
    const char *eol;
    bool decimal_comma;
} s_dialect_t;

static void
s_csv_field (const s_dialect_t *d, const char *text, FILE *out)
{
    const char special[] = { d->sep, '"', '\r', '\n', '\0' };
    if (!strpbrk (text, special)) {
        fputs (text, out);
        return;
    }
    fputc ('"', out);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc ('"', out);
        fputc (*p, out);
    }
    fputc ('"', out);
}

/*  A score as the dialect writes it: "87.50" or "87,50". Scores are 0 to
    100, so the Indonesian form never has a thousands dot or a minus.  */
static void
s_csv_score (const s_dialect_t *d, int64_t centi, char *buf, size_t size)
{
    if (d->decimal_comma)
        idfmt_centi (centi, buf, size);
    else
        score_format (centi, buf, size);
}

static void
s_csv (const ranking_t *r, const s_dialect_t *d, FILE *out)
{
    const char s = d->sep;
    fprintf (out, "period%cseq%crank%copd%cname", s, s, s, s);
    for (int c = 0; c < COMPONENT_COUNT; c++)
        fprintf (out, "%c%s", s, component_at ((size_t) c)->code);
    /*  The digest and force reason repeat on every row, as columns: a line
        outside the table would break spreadsheet and payroll importers.  */
    fprintf (out, "%ctotal%ctpp_pct%cbase_tpp_rupiah%ctpp_adjustment_rupiah%cincomplete%cbest"
             "%cworst%cdigest%cforce_reason%s", s, s, s, s, s, s, s, s, s, d->eol);
    for (size_t i = 0; i < r->count; i++) {
        const ranking_entry_t *e = &r->entries[i];
        fprintf (out, "%s%c%llu%c%u%c%s%c", r->period, s, (unsigned long long) r->seq, s,
                 e->rank, s, e->code, s);
        s_csv_field (d, e->name, out);
        for (int c = 0; c < COMPONENT_COUNT; c++) {
            char v[IDFMT_MAX];
            if (e->verified[c] == RANKING_NO_SCORE)
                v[0] = '\0';
            else
                s_csv_score (d, e->verified[c], v, sizeof v);
            fprintf (out, "%c%s", s, v);
        }
        char total[IDFMT_MAX];
        s_csv_score (d, e->total_centi, total, sizeof total);
        fprintf (out, "%c%s%c%d%c", s, total, s, e->tpp_pct, s);
        /*  Rupiah stay plain digits in both: a number a spreadsheet sums.  */
        if (e->base_tpp != RANKING_NO_TPP)
            fprintf (out, "%lld%c%lld", (long long) e->base_tpp, s, (long long) e->tpp_rupiah);
        else
            fputc (s, out);
        fprintf (out, "%c%s%c%s%c%s%c%s%c", s, e->incomplete ? "yes" : "no", s,
                 e->best ? "yes" : "no", s, e->worst ? "yes" : "no", s, r->digest, s);
        s_csv_field (d, r->force_reason, out);
        fputs (d->eol, out);
    }
}

void
report_csv (const ranking_t *r, FILE *out)
{
    static const s_dialect_t rfc4180 = { ',', "\n", false };
    s_csv (r, &rfc4180, out);
}

void
report_csv_excel (const ranking_t *r, FILE *out)
{
    static const s_dialect_t excel = { ';', "\r\n", true };
    fputs ("\xEF\xBB\xBF", out);     /*  tells Excel the file is UTF-8  */
    s_csv (r, &excel, out);
}
