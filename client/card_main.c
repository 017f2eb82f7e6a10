/*  rapor-card: the printable rapor of every OPD, and the announcement.

    Reads the finalized ranking of a quarter (and the three before it,
    for the chart) from the snapshot service, refuses one whose digest
    does not verify, and writes PDFs: one card per OPD, all cards in one
    file, the announcement sheet. Wiring only: fetch.c asks the server,
    cardrun.c writes the files, card.c and sheet.c lay out the pages.  */
#include "cardconf.h"
#include "i18n.h"
#include "cardrun.h"
#include "fetch.h"
#include "period.h"
#include "submit.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OPDS 64         /*  --opd given more often is a mistake  */

static void
s_usage (FILE *out)
{
    fprintf (out,
        _("Usage: rapor-card --period PERIOD [--opd CODE]... [--out DIR] [--combined FILE]\n"
        "                  [--announcement FILE] [options]\n"
        "\n"
        "Prints the rapor kinerja OPD of a finalized quarter as PDF (A4): one card per\n"
        "OPD, and the announcement (pengumuman) of the whole ranking. Only a ranking\n"
        "whose digest verifies is printed.\n"
        "\n"
        "  -p, --period PERIOD     the finalized quarter, e.g. 2024-Q3 (env RAPOR_PERIOD)\n"
        "  -o, --opd CODE          only this OPD's card; repeatable (default: every OPD)\n"
        "  -d, --out DIR           one card per OPD: DIR/CODE.pdf\n"
        "  -C, --combined FILE     every card in one PDF, one page each, for printing\n"
        "  -a, --announcement FILE the announcement sheet\n"
        "  -c, --config FILE       regency name, logo, fonts, signers (env RAPOR_CARD_CONFIG;\n"
        "                          see deploy/rapor-card.conf)\n"
        "  -s, --server ENDPOINT   request socket (env RAPOR_SERVER, default tcp://127.0.0.1:7700)\n"
        "  -t, --timeout MS        first attempt's wait; retries wait twice as long (default 5000)\n"
        "  -k, --key FILE          this client's secret key certificate (env RAPOR_KEY): a\n"
        "                          dashboard, inspectorate or OPD key; an OPD key prints\n"
        "                          only its own card\n"
        "  -K, --server-key KEY    the server's public key or certificate (env RAPOR_SERVER_KEY)\n"
        "      --insecure-plaintext-dev  no keys, no encryption: development only\n"
        "  -h, --help, -V, --version\n"
        "\n"
        "Exit status: 0 written; 1 refused (quarter not finalized, unknown OPD, another\n"
        "OPD's card with an OPD key, ranking not matching its digest); 2 usage or\n"
        "configuration error (bad option, unreadable configuration, missing logo or\n"
        "font); 3 server unreachable; 4 key refused or wrong server key; 5 a file could\n"
        "not be written (no partial file is left).\n"));
}

typedef struct {
    const char *period, *out, *combined, *announcement, *config;
    const char *opds[MAX_OPDS];
    size_t opd_count;
} args_t;

/*  The configuration, its fonts and its logo, all checked before the
    server is asked anything. Returns 0 or EXIT_USAGE.  */
static int
s_prepare (const args_t *args, cardconf_t *conf, cairo_surface_t **logo)
{
    char err[1024];
    cardconf_default (conf);
    if (args->config && !cardconf_load (conf, args->config, err, sizeof err)) {
        fprintf (stderr, _("rapor-card: %s\n"), err);
        return EXIT_USAGE;
    }
    if (!pdf_font_check (conf->font, err, sizeof err)
    ||  !pdf_font_check (conf->font_mono, err, sizeof err)) {
        fprintf (stderr, _("rapor-card: %s\n"), err);
        return EXIT_USAGE;
    }
    if (conf->logo[0] && !(*logo = pdf_png_load (conf->logo, err, sizeof err))) {
        fprintf (stderr, _("rapor-card: %s (set logo = in %s, or leave it out)\n"), err,
                 args->config ? args->config : "the configuration");
        return EXIT_USAGE;
    }
    return 0;
}

/*  The entries to print, in rank order: those named, or all. Returns 0 or
    EXIT_REJECTED naming an OPD the ranking does not have.  */
static int
s_select (const args_t *args, const ranking_t *r, cardrun_t *run)
{
    run->cards = calloc (r->count ? r->count : 1, sizeof *run->cards);
    if (!run->cards) {
        fprintf (stderr, _("rapor-card: out of memory\n"));
        return EXIT_UNREACHABLE;
    }
    for (size_t k = 0; k < args->opd_count; k++) {
        bool known = false;
        for (size_t i = 0; i < r->count && !known; i++)
            known = strcmp (r->entries[i].code, args->opds[k]) == 0;
        if (!known) {
            fprintf (stderr, _("rapor-card: unknown OPD '%s': it is not in the finalized ranking "
                     "of %s (%zu OPDs; 'rapor-admin opd list' shows the codes)\n"),
                     args->opds[k], r->period, r->count);
            return EXIT_REJECTED;
        }
    }
    for (size_t i = 0; i < r->count; i++) {
        bool wanted = args->opd_count == 0;
        for (size_t k = 0; k < args->opd_count && !wanted; k++)
            wanted = strcmp (r->entries[i].code, args->opds[k]) == 0;
        if (wanted)
            run->cards[run->card_count++] = &r->entries[i];
    }
    return 0;
}

/*  Everything after the configuration: ask, check, write.  */
static int
s_run (const args_t *args, const call_options_t *call, cardrun_t *run)
{
    ranking_t *ranking = NULL, *earlier[CARD_HISTORY - 1] = { NULL };
    int code = fetch_ranking (call, args->period, false, &ranking);
    run->page.ranking = ranking;
    bool cards = args->out || args->combined;
    if (code == 0 && cards)
        code = s_select (args, ranking, run);
    /*  The key check: for every OPD named, or once for "all".  */
    for (size_t k = 0; code == 0 && cards && k < (args->opd_count ? args->opd_count : 1); k++) {
        bool allowed = false;
        code = fetch_may_print (call, args->period, args->opd_count ? args->opds[k] : "",
                                &allowed);
        if (code == 0 && !allowed)
            code = EXIT_REJECTED;
    }
    char periods[CARD_HISTORY - 1][16];
    cardrun_earlier_periods (args->period, periods);
    for (int i = 0; code == 0 && cards && i < CARD_HISTORY - 1; i++) {
        code = fetch_ranking (call, periods[i], true, &earlier[i]);
        run->earlier[i] = earlier[i];
    }
    if (code == 0 && args->out && (code = cardrun_directory (run, args->out)) == 0)
        fprintf (stderr, _("rapor-card: wrote %zu card%s of %s to %s/ (one PDF per OPD, named "
                 "by its code)\n"), run->card_count, run->card_count == 1 ? "" : "s",
                 args->period, args->out);
    if (code == 0 && args->combined && (code = cardrun_combined (run, args->combined)) == 0)
        fprintf (stderr, _("rapor-card: wrote %zu card%s of %s to %s\n"), run->card_count,
                 run->card_count == 1 ? "" : "s", args->period, args->combined);
    if (code == 0 && args->announcement
    &&  (code = cardrun_announcement (run, args->announcement)) == 0)
        fprintf (stderr, _("rapor-card: wrote the announcement of %s (%zu OPDs) to %s\n"),
                 args->period, ranking->count, args->announcement);
    for (int i = 0; i < CARD_HISTORY - 1; i++)
        ranking_destroy (&earlier[i]);
    ranking_destroy (&ranking);
    free (run->cards);
    return code;
}

int
main (int argc, char **argv)
{
    i18n_init ();
    static const struct option options[] = {
        { "period", required_argument, NULL, 'p' },
        { "opd", required_argument, NULL, 'o' },
        { "out", required_argument, NULL, 'd' },
        { "combined", required_argument, NULL, 'C' },
        { "announcement", required_argument, NULL, 'a' },
        { "config", required_argument, NULL, 'c' },
        { "server", required_argument, NULL, 's' },
        { "timeout", required_argument, NULL, 't' },
        { "key", required_argument, NULL, 'k' },
        { "server-key", required_argument, NULL, 'K' },
        { "insecure-plaintext-dev", no_argument, NULL, 'P' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 }
    };
    args_t args = { .period = getenv ("RAPOR_PERIOD"), .config = getenv ("RAPOR_CARD_CONFIG") };
    call_options_t call = { getenv ("RAPOR_SERVER") ? getenv ("RAPOR_SERVER")
                                                    : "tcp://127.0.0.1:7700", 5000, 3, stderr, NULL };
    const char *key_file = NULL, *server_key = NULL;
    bool insecure = false;
    int c;
    while ((c = getopt_long (argc, argv, "p:o:d:C:a:c:s:t:k:K:hV", options, NULL)) != -1) {
        switch (c) {
            case 'p': args.period = optarg; break;
            case 'o':
                if (args.opd_count == MAX_OPDS) {
                    fprintf (stderr, _("rapor-card: at most %d --opd; without --opd every OPD's "
                             "card is printed\n"), MAX_OPDS);
                    return EXIT_USAGE;
                }
                args.opds[args.opd_count++] = optarg;
                break;
            case 'd': args.out = optarg; break;
            case 'C': args.combined = optarg; break;
            case 'a': args.announcement = optarg; break;
            case 'c': args.config = optarg; break;
            case 's': call.endpoint = optarg; break;
            case 't': call.timeout_ms = atoi (optarg) >= 100 ? atoi (optarg) : 5000; break;
            case 'k': key_file = optarg; break;
            case 'K': server_key = optarg; break;
            case 'P': insecure = true; break;
            case 'h': s_usage (stdout); return 0;
            case 'V': printf (_("rapor-card %s\n"), RAPOR_VERSION); return 0;
            default:
                fprintf (stderr, _("Try 'rapor-card --help'.\n"));
                return EXIT_USAGE;
        }
    }
    period_t p;
    if (optind < argc) {
        fprintf (stderr, _("rapor-card: unexpected '%s'; rapor-card takes options only. Try "
                 "'rapor-card --help'.\n"), argv[optind]);
        return EXIT_USAGE;
    }
    if (!args.period || !period_parse (args.period, strlen (args.period), &p)) {
        fprintf (stderr, _("rapor-card: give the quarter as --period YYYY-Qn (e.g. 2024-Q3)%s%s\n"),
                 args.period ? _(", not ") : "", args.period ? args.period : "");
        return EXIT_USAGE;
    }
    if (!args.out && !args.combined && !args.announcement) {
        fprintf (stderr, _("rapor-card: nothing to write: give --out DIR, --combined FILE or "
                 "--announcement FILE\n"));
        return EXIT_USAGE;
    }
    if (args.opd_count && !args.out && !args.combined) {
        fprintf (stderr, _("rapor-card: --opd chooses cards; give --out DIR or --combined FILE "
                 "to write them\n"));
        return EXIT_USAGE;
    }
    static cardconf_t conf;
    cairo_surface_t *logo = NULL;
    int code = s_prepare (&args, &conf, &logo);
    static curve_t curve;
    if (code == 0 && !keys_setup (&curve, "rapor-card", key_file, server_key, insecure))
        code = EXIT_USAGE;
    call.curve = &curve;
    cardrun_t run = { .page = { &conf, logo, NULL } };
    if (code == 0)
        code = s_run (&args, &call, &run);
    if (logo)
        cairo_surface_destroy (logo);
    return code;
}
