/*  view.c: see view.h.  */
#include "view.h"
#include "component.h"
#include "report.h"
#include "score.h"

#include <stdlib.h>
#include <string.h>

void
view_json_string (const char *text, FILE *out)
{
    fputc ('"', out);
    for (const unsigned char *p = (const unsigned char *) text; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf (out, "\\%c", *p);
        else
        if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&')
            fprintf (out, "\\u%04x", *p);
        else
            fputc (*p, out);
    }
    fputc ('"', out);
}

void
view_html_escape (const char *text, FILE *out)
{
    for (const char *p = text; *p; p++) {
        switch (*p) {
            case '&': fputs ("&amp;", out); break;
            case '<': fputs ("&lt;", out); break;
            case '>': fputs ("&gt;", out); break;
            case '"': fputs ("&quot;", out); break;
            case '\'': fputs ("&#39;", out); break;
            default: fputc (*p, out);
        }
    }
}

/*  A memory stream and its buffer, closed into a string by s_close.  */
typedef struct {
    char *data;
    size_t size;
    FILE *out;
} s_text_t;

static bool
s_open (s_text_t *t)
{
    t->data = NULL;
    t->size = 0;
    t->out = open_memstream (&t->data, &t->size);
    return t->out != NULL;
}

static char *
s_close (s_text_t *t, size_t *size)
{
    bool ok = !ferror (t->out);
    if (fclose (t->out) != 0)
        ok = false;
    if (!ok) {
        free (t->data);
        *size = 0;
        return NULL;
    }
    *size = t->size;
    return t->data;
}

/*  "87.50" or null.  */
static void
s_score (int32_t centi, FILE *out)
{
    char text[16];
    if (centi == RANKING_NO_SCORE) {
        fputs ("null", out);
        return;
    }
    score_format (centi, text, sizeof text);
    fprintf (out, "\"%s\"", text);
}

char *
view_ranking (const ranking_t *r, const char *check, size_t *size)
{
    s_text_t t;
    if (!s_open (&t))
        return NULL;
    /*  The JSON the tools write (PROTOCOL.md §9.2), then the web's escapes
        on top: report.c leaves '<' as is, which JSON allows.  */
    char *plain = NULL;
    size_t plain_size = 0;
    FILE *p = open_memstream (&plain, &plain_size);
    if (!p) {
        fclose (t.out);
        free (t.data);
        return NULL;
    }
    report_json_checked (r, check, p);
    fclose (p);
    for (size_t i = 0; plain && i < plain_size; i++) {
        char c = plain[i];
        if (c == '<' || c == '>' || c == '&')
            fprintf (t.out, "\\u%04x", (unsigned) c);
        else
        if (c != '\n')
            fputc (c, t.out);
    }
    free (plain);
    return s_close (&t, size);
}

char *
view_status (const period_status_t *s, const ranking_t *latest, const char *alert,
             bool connected, size_t *size)
{
    s_text_t t;
    if (!s_open (&t))
        return NULL;
    fputs ("{\"period\":", t.out);
    if (s) {
        view_json_string (s->period, t.out);
        fputs (",\"status\":", t.out);
        view_json_string (s->status, t.out);
        fprintf (t.out, ",\"complete\":%u,\"opds\":%u,\"open_objections\":%u,"
                 "\"changed_at_us\":%lld", s->complete, s->opds, s->open_objections,
                 (long long) s->changed_at_us);
    }
    else
        fputs ("null,\"status\":null,\"complete\":null,\"opds\":null,"
               "\"open_objections\":null,\"changed_at_us\":null", t.out);
    fputs (",\"ranking_period\":", t.out);
    if (latest)
        view_json_string (latest->period, t.out);
    else
        fputs ("null", t.out);
    fprintf (t.out, ",\"ranking_seq\":%llu,\"alert\":",
             (unsigned long long) (latest ? latest->seq : 0));
    view_json_string (alert, t.out);
    fprintf (t.out, ",\"connected\":%s}", connected ? "true" : "false");
    return s_close (&t, size);
}

static const ranking_entry_t *
s_entry (const ranking_t *r, const char *code)
{
    for (size_t i = 0; r && i < r->count; i++)
        if (strcmp (r->entries[i].code, code) == 0)
            return &r->entries[i];
    return NULL;
}

char *
view_opd (const char *code, const ranking_t *const *rankings, size_t count, size_t *size)
{
    const ranking_t *newest = NULL;
    const ranking_entry_t *e = NULL;
    for (size_t i = count; i-- > 0 && !e; )
        if ((e = s_entry (rankings[i], code)) != NULL)
            newest = rankings[i];
    *size = 0;
    if (!e)
        return NULL;
    s_text_t t;
    if (!s_open (&t))
        return NULL;
    char total[16];
    score_format (e->total_centi, total, sizeof total);
    fputs ("{\"opd\":", t.out);
    view_json_string (e->code, t.out);
    fputs (",\"name\":", t.out);
    view_json_string (e->name, t.out);
    fputs (",\"period\":", t.out);
    view_json_string (newest->period, t.out);
    fprintf (t.out, ",\"rank\":%u,\"opds\":%zu,\"total\":\"%s\",\"tpp_pct\":%d,"
             "\"best\":%s,\"worst\":%s,\"incomplete\":%s,\"components\":[", e->rank,
             newest->count, total, e->tpp_pct, e->best ? "true" : "false",
             e->worst ? "true" : "false", e->incomplete ? "true" : "false");
    for (size_t c = 0; c < COMPONENT_COUNT; c++) {
        const component_t *k = component_at (c);
        fprintf (t.out, "%s{\"code\":\"%s\",\"name\":", c ? "," : "", k->code);
        view_json_string (k->name_id, t.out);
        fprintf (t.out, ",\"weight\":%u,\"verified\":", newest->rules.weights[c]);
        s_score (e->verified[c], t.out);
        fputs (",\"self\":", t.out);
        s_score (e->self[c], t.out);
        fputc ('}', t.out);
    }
    fputs ("],\"trend\":[", t.out);
    bool first = true;
    for (size_t i = 0; i < count; i++) {
        const ranking_entry_t *x = s_entry (rankings[i], code);
        if (!x)
            continue;
        score_format (x->total_centi, total, sizeof total);
        fprintf (t.out, "%s{\"period\":", first ? "" : ",");
        view_json_string (rankings[i]->period, t.out);
        fprintf (t.out, ",\"rank\":%u,\"opds\":%zu,\"total\":\"%s\",\"tpp_pct\":%d}", x->rank,
                 rankings[i]->count, total, x->tpp_pct);
        first = false;
    }
    fputs ("]}", t.out);
    return s_close (&t, size);
}

size_t
view_reveal_index (size_t count, size_t step)
{
    return count - 1 - step;
}

char *
view_upacara (const ranking_t *r, size_t revealed, size_t *size)
{
    s_text_t t;
    if (!s_open (&t))
        return NULL;
    size_t count = r ? r->count : 0;
    if (revealed > count)
        revealed = count;
    fputs ("{\"period\":", t.out);
    if (r)
        view_json_string (r->period, t.out);
    else
        fputs ("null", t.out);
    fprintf (t.out, ",\"seq\":%llu,\"opds\":%zu,\"revealed\":%zu,\"entries\":[",
             (unsigned long long) (r ? r->seq : 0), count, revealed);
    /*  In rank order; "step" says which press revealed it (1 = first).
        The first count - revealed entries (the best) are not written.  */
    for (size_t i = count - revealed; i < count; i++) {
        const ranking_entry_t *e = &r->entries[i];
        char total[16];
        score_format (e->total_centi, total, sizeof total);
        fprintf (t.out, "%s{\"step\":%zu,\"rank\":%u,\"opd\":", i > count - revealed ? "," : "",
                 count - i, e->rank);
        view_json_string (e->code, t.out);
        fputs (",\"name\":", t.out);
        view_json_string (e->name, t.out);
        fprintf (t.out, ",\"total\":\"%s\",\"tpp_pct\":%d,\"best\":%s,\"worst\":%s,"
                 "\"incomplete\":%s}", total, e->tpp_pct, e->best ? "true" : "false",
                 e->worst ? "true" : "false", e->incomplete ? "true" : "false");
    }
    fputs ("]}", t.out);
    return s_close (&t, size);
}

char *
view_components (size_t *size)
{
    s_text_t t;
    if (!s_open (&t))
        return NULL;
    fputc ('[', t.out);
    for (size_t c = 0; c < COMPONENT_COUNT; c++) {
        const component_t *k = component_at (c);
        fprintf (t.out, "%s{\"code\":\"%s\",\"name\":", c ? "," : "", k->code);
        view_json_string (k->name_id, t.out);
        fputc ('}', t.out);
    }
    fputc (']', t.out);
    return s_close (&t, size);
}
