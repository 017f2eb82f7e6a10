/*  rapor-submit: an OPD sends its component scores to rapord.  */
#include "admin.h"
#include "i18n.h"
#include "component.h"
#include "dispute.h"
#include "input.h"
#include "period.h"
#include "hex.h"
#include "submit.h"
#include "text.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

static void
s_usage (FILE *out)
{
    fprintf (out,
        _("Usage: rapor-submit --opd CODE --period YYYY-Qn [options] COMPONENT=SCORE...\n"
        "       rapor-submit --opd CODE --period YYYY-Qn [options] --csv FILE\n"
        "       rapor-submit --period YYYY-Qn --verified [options] --csv SHEET\n"
        "       rapor-submit --opd CODE --period YYYY-Qn [options] --mine\n"
        "       rapor-submit --opd CODE --period YYYY-Qn [options] --object COMPONENT REASON\n"
        "       rapor-submit --opd CODE --period YYYY-Qn [options] --objections\n"
        "\n"
        "Sends an OPD's component scores to the Rapor server and prints its answer.\n"
        "An OPD self-assesses itself; the designated assessor of a component sends\n"
        "the verified score for every OPD: --as BAPPEDA --verified --opd DINKES ...\n"
        "Scores have at most two decimals, from 0 to 100: pengawasan=87,50 inovasi=90\n"
        "Components: pengawasan, perencanaan, pelaporan, anggaran, inovasi, pengadaan.\n"
        "\n"
        "  -o, --opd CODE          the OPD being scored (env RAPOR_OPD); left out, the\n"
        "                          OPD of the key (an OPD's own key)\n"
        "  -a, --as CODE           the OPD sending, if not the one scored (env RAPOR_AS)\n"
        "  -v, --verified          send verified scores, as the designated assessor;\n"
        "                          without it the scores are a self-assessment\n"
        "  -p, --period PERIOD     the quarter, like 2024-Q2 (env RAPOR_PERIOD)\n"
        "  -f, --csv FILE          read 'component,score[,evidence]' lines ('-' = stdin);\n"
        "                          Excel's files too: ';' or ',', a BOM, CRLF, 87,5 or\n"
        "                          87.5, Indonesian headers (komponen,nilai,bukti)\n"
        "                          With --verified and no --opd, a sheet of\n"
        "                          'opd,komponen,nilai[,bukti]' lines, each OPD's rows\n"
        "                          sent as its own submission; sending the same file\n"
        "                          again stores nothing twice\n"
        "  -e, --evidence C=TEXT   evidence note for component C (repeatable)\n"
        "\n"
        "Objections (masa sanggah), with the OPD's own key:\n"
        "      --mine              show the self-assessed and verified scores the OPD has\n"
        "                          now, per component, and who verified them\n"
        "      --object COMPONENT REASON\n"
        "                          object to the verified score of COMPONENT, saying why\n"
        "                          (1 to 500 characters); only while the period is closed,\n"
        "                          one open objection per component; the assessor or the\n"
        "                          inspectorate answers it before the period is finalized\n"
        "      --objections        list the OPD's objections and their answers\n"
        "\n"
        "  -s, --server ENDPOINT   server address (env RAPOR_SERVER,\n"
        "                          default tcp://127.0.0.1:7700)\n"
        "  -t, --timeout MS        first attempt's wait; retries wait twice as long (default 2500)\n"
        "  -r, --retries N         attempts before giving up (default 3)\n"
        "      --submission-id HEX retry an earlier submission safely (32 hex digits)\n"
        "  -k, --key FILE          this OPD's secret key certificate (env RAPOR_KEY)\n"
        "  -K, --server-key KEY    the server's public key: 40 Z85 characters or its\n"
        "                          certificate file (env RAPOR_SERVER_KEY)\n"
        "      --insecure-plaintext-dev  no keys, no encryption: development only\n"
        "  -q, --quiet             print nothing on success\n"
        "  -h, --help              show this help\n"
        "  -V, --version           show the version\n"
        "\n"
        "Exit status:\n"
        "  0  accepted: the scores are stored (or were already stored); with --mine,\n"
        "     --object or --objections: done\n"
        "  1  rejected: nothing was stored; the messages say what to fix; with a sheet:\n"
        "     some rows were refused (the others were stored)\n"
        "  2  usage error: bad options or an unreadable CSV file\n"
        "  3  server unreachable or unavailable: retry with --submission-id\n"
        "  4  not trusted: this key is not registered or was revoked, or the server\n"
        "     key is wrong\n"));
}

static int
s_int_option (const char *text, int min, int max, const char *name)
{
    char *end = NULL;
    long n = strtol (text, &end, 10);
    if (!*text || *end || n < min || n > max) {
        fprintf (stderr, _("rapor-submit: %s must be a number from %d to %d\n"), name, min, max);
        exit (EXIT_USAGE);
    }
    return (int) n;
}

/*  True if the scores will travel under a key (--key or RAPOR_KEY, and
    not the development mode), so an OPD's key can stand for --opd.  */
static bool
s_key_given (const char *key_file, bool insecure)
{
    const char *dev = getenv ("RAPOR_INSECURE_PLAINTEXT_DEV");
    if (insecure || (dev && strcmp (dev, "1") == 0))
        return false;
    return (key_file && *key_file) || (getenv ("RAPOR_KEY") && *getenv ("RAPOR_KEY"));
}

/*  Drops the local "OPD code" complaint when the OPD was left to the key.  */
static void
s_drop_opd_invalid (problems_t *problems, const char *opd)
{
    if (*opd)
        return;
    size_t kept = 0;
    for (size_t i = 0; i < problems->count; i++)
        if (strcmp (problems->items[i].code, PROBLEM_OPD_INVALID) != 0)
            problems->items[kept++] = problems->items[i];
    problems->count = kept;
}

static void
s_text (char *dest, size_t cap, size_t *len, const char *src)
{
    text_copy (dest, cap, len, src, strlen (src));
}

/*  --mine, --object and --objections: admin requests an OPD key may make.
    The OPD acts for itself (--as only matters without a key).  */
static int
s_opd_side (int mode, const char *opd, const char *period, const char *as, const char *object,
            int argc, char **argv, submit_options_t *opts, const char *key_file,
            const char *server_key, bool insecure)
{
    static request_t request;
    admin_t *a = &request.admin;
    request.kind = REQUEST_ADMIN;
    admin_init (a, mode == 'M' ? ADMIN_LIST_SUBMISSIONS
                 : mode == 'O' ? ADMIN_OBJECTION_FILE : ADMIN_OBJECTION_LIST);
    s_text (a->actor, OPD_CODE_MAX, &a->actor_len, as ? as : opd);
    s_text (a->opd, OPD_CODE_MAX, &a->opd_len, opd);
    s_text (a->period, PERIOD_FIELD_MAX, &a->period_len, period);
    if (mode != 'O' && argc > 0) {
        fprintf (stderr, _("rapor-submit: unexpected '%s'; --mine and --objections take no "
                 "scores\n"), argv[0]);
        return EXIT_USAGE;
    }
    if (mode == 'O') {
        const component_t *component = component_by_code (object);
        if (!component) {
            fprintf (stderr, _("rapor-submit: --object takes a component: pengawasan, "
                     "perencanaan, pelaporan, anggaran, inovasi or pengadaan\n"));
            return EXIT_USAGE;
        }
        if (argc < 1) {
            fprintf (stderr, _("rapor-submit: say why the score is wrong: --object %s "
                     "\"REASON\"\n"), object);
            return EXIT_USAGE;
        }
        a->component = component->id;
        /*  The reason's words, however the shell split them.  */
        char reason[ADMIN_REASON_MAX_BYTES + 2] = "";
        for (int i = 0; i < argc; i++) {
            size_t used = strlen (reason);
            snprintf (reason + used, sizeof reason - used, "%s%s", i ? " " : "", argv[i]);
        }
        s_text (a->reason, ADMIN_REASON_MAX_BYTES, &a->reason_len, reason);
    }
    problems_t problems;
    problems_init (&problems);
    admin_validate (a, &problems);
    s_drop_opd_invalid (&problems, opd);
    if (!problems_empty (&problems)) {
        fprintf (stderr, _("Not sent: %zu problem%s to fix first:\n"), problems.count,
                 problems.count == 1 ? "" : "s");
        submit_print_problems (&problems, stderr);
        return EXIT_REJECTED;
    }
    static curve_t curve;
    if (!keys_setup (&curve, "rapor-submit", key_file, server_key, insecure))
        return EXIT_USAGE;
    opts->curve = &curve;
    return dispute_send (opts, &request, stdout, stderr);
}

/*  --csv without --opd: an assessor's sheet, one submission per OPD.  */
static int
s_send_sheet (const char *csv, const char *period, const char *submitter, bool verified,
              const char *sid, int surplus, submit_options_t *opts, const char *key_file,
              const char *server_key, bool insecure)
{
    if (sid || surplus) {
        fprintf (stderr, _("rapor-submit: a sheet (--csv without --opd) takes no %s; each OPD's "
                 "rows get their own submission id\n"),
                 sid ? "--submission-id" : _("COMPONENT=SCORE arguments"));
        return EXIT_USAGE;
    }
    period_t parsed;
    if (!period_parse (period, strlen (period), &parsed)) {
        fprintf (stderr, _("rapor-submit: --period '%s' is not a quarter; write it as YYYY-Qn, "
                 "like 2024-Q3\n"), period);
        return EXIT_USAGE;
    }
    FILE *file = strcmp (csv, "-") == 0 ? stdin : fopen (csv, "r");
    if (!file) {
        fprintf (stderr, _("rapor-submit: cannot read %s: %s\n"), csv, strerror (errno));
        return EXIT_USAGE;
    }
    input_sheet_t *sheet = input_sheet_new ();
    bool read = sheet && input_sheet_read (sheet, file, csv);
    int error = errno;
    if (file != stdin)
        fclose (file);
    if (!read) {
        fprintf (stderr, _("rapor-submit: cannot read %s: %s\n"), csv, strerror (error));
        input_sheet_destroy (&sheet);
        return EXIT_USAGE;
    }
    int code = EXIT_USAGE;
    static submission_t base;
    submission_init (&base);
    submission_set_period (&base, period, strlen (period));
    if (submitter)
        submission_set_submitter (&base, submitter, strlen (submitter));
    base.kind = verified ? SCORE_KIND_VERIFIED : SCORE_KIND_SELF;
    static curve_t curve;
    if (sheet->count == 0 && problems_empty (&sheet->problems))
        fprintf (stderr, _("rapor-submit: %s has no rows; write 'opd,komponen,nilai,bukti' "
                 "lines (or opd;komponen;nilai;bukti)\n"), csv);
    else
    if (keys_setup (&curve, "rapor-submit", key_file, server_key, insecure)) {
        opts->curve = &curve;
        /*  Who sends decides the ids: the key when there is one.  */
        const char *identity = curve.on ? curve.public_key : submitter ? submitter : "-";
        code = submit_sheet (opts, sheet, csv, &base, identity, stdout);
    }
    input_sheet_destroy (&sheet);
    return code;
}

int
main (int argc, char **argv)
{
    i18n_init ();
    static const struct option options[] = {
        { "opd", required_argument, NULL, 'o' },
        { "as", required_argument, NULL, 'a' },
        { "verified", no_argument, NULL, 'v' },
        { "period", required_argument, NULL, 'p' },
        { "csv", required_argument, NULL, 'f' },
        { "evidence", required_argument, NULL, 'e' },
        { "server", required_argument, NULL, 's' },
        { "timeout", required_argument, NULL, 't' },
        { "retries", required_argument, NULL, 'r' },
        { "submission-id", required_argument, NULL, 'I' },
        { "key", required_argument, NULL, 'k' },
        { "server-key", required_argument, NULL, 'K' },
        { "insecure-plaintext-dev", no_argument, NULL, 'P' },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { "mine", no_argument, NULL, 'M' },
        { "object", required_argument, NULL, 'O' },
        { "objections", no_argument, NULL, 'L' },
        { NULL, 0, NULL, 0 }
    };
    submit_options_t opts = {
        .endpoint = getenv ("RAPOR_SERVER") ? getenv ("RAPOR_SERVER") : "tcp://127.0.0.1:7700",
        .timeout_ms = 2500, .attempts = 3, .quiet = false
    };
    const char *opd = getenv ("RAPOR_OPD");
    const char *period = getenv ("RAPOR_PERIOD");
    const char *csv = NULL, *sid = NULL;
    const char *submitter = getenv ("RAPOR_AS");
    bool verified = false, insecure = false;
    const char *key_file = NULL, *server_key = NULL;
    const char *evidence[16];
    int evidence_count = 0;
    int mode = 0;                       /*  0: send scores, or 'M', 'O', 'L'  */
    const char *object = NULL;
    int c;
    while ((c = getopt_long (argc, argv, "o:a:vp:f:e:s:t:r:k:K:qhV", options, NULL)) != -1) {
        switch (c) {
            case 'o': opd = optarg; break;
            case 'a': submitter = optarg; break;
            case 'v': verified = true; break;
            case 'p': period = optarg; break;
            case 'f': csv = optarg; break;
            case 's': opts.endpoint = optarg; break;
            case 't': opts.timeout_ms = s_int_option (optarg, 100, 600000, "--timeout"); break;
            case 'r': opts.attempts = s_int_option (optarg, 1, 100, "--retries"); break;
            case 'I': sid = optarg; break;
            case 'k': key_file = optarg; break;
            case 'K': server_key = optarg; break;
            case 'P': insecure = true; break;
            case 'q': opts.quiet = true; break;
            case 'h': s_usage (stdout); return EXIT_ACCEPTED;
            case 'V': printf (_("rapor-submit %s\n"), RAPOR_VERSION); return EXIT_ACCEPTED;
            case 'M':
            case 'O':
            case 'L':
                if (mode && mode != c) {
                    fprintf (stderr, _("rapor-submit: give one of --mine, --object and "
                             "--objections\n"));
                    return EXIT_USAGE;
                }
                mode = c;
                if (c == 'O')
                    object = optarg;
                break;
            case 'e':
                if (evidence_count == 16) {
                    fprintf (stderr, _("rapor-submit: at most 16 --evidence options\n"));
                    return EXIT_USAGE;
                }
                evidence[evidence_count++] = optarg;
                break;
            default:
                fprintf (stderr, _("Try 'rapor-submit --help'.\n"));
                return EXIT_USAGE;
        }
    }
    if (!period) {
        fprintf (stderr, _("rapor-submit: say which period, e.g. --period 2024-Q2 "
                 "(see --help)\n"));
        return EXIT_USAGE;
    }
    if (!opd && csv && !mode && verified)
        return s_send_sheet (csv, period, submitter, verified, sid, argc - optind, &opts,
                             key_file, server_key, insecure);
    if (!opd && !s_key_given (key_file, insecure)) {
        fprintf (stderr, _("rapor-submit: say which OPD, e.g. --opd DINKES; or give an "
                 "assessor's sheet with an opd column: --verified --csv FILE (see --help)\n"));
        return EXIT_USAGE;
    }
    /*  With an OPD's key and no --opd, the key decides: rapord fills in the
        key's OPD (docs/PROTOCOL.md, "the key's OPD"); another role's key
        is told to name the OPD.  */
    if (!opd && mode == 'L') {
        /*  rapord fills in the key's OPD everywhere but here (identity.h).  */
        fprintf (stderr, _("rapor-submit: --objections lists one OPD's objections: say which "
                 "with --opd CODE\n"));
        return EXIT_USAGE;
    }
    if (!opd)
        opd = "";
    if (mode)
        return s_opd_side (mode, opd, period, submitter, object, argc - optind, argv + optind,
                           &opts, key_file, server_key, insecure);
    if (!csv && optind >= argc) {
        fprintf (stderr, _("rapor-submit: no scores given; add COMPONENT=SCORE arguments "
                 "or --csv FILE (see --help)\n"));
        return EXIT_USAGE;
    }

    static submission_t submission;     /*  large; not on the stack  */
    problems_t problems;
    submission_init (&submission);
    problems_init (&problems);
    submission_set_opd (&submission, opd, strlen (opd));
    submission_set_period (&submission, period, strlen (period));
    if (submitter)
        submission_set_submitter (&submission, submitter, strlen (submitter));
    submission.kind = verified ? SCORE_KIND_VERIFIED : SCORE_KIND_SELF;
    submission.id_len = SUBMISSION_ID_LEN;
    if (sid) {
        if (!hex_decode (sid, submission.id, SUBMISSION_ID_LEN)) {
            fprintf (stderr, _("rapor-submit: --submission-id must be 32 hex digits, "
                     "as printed by an earlier run\n"));
            return EXIT_USAGE;
        }
    }
    else
    if (getrandom (submission.id, SUBMISSION_ID_LEN, 0) != SUBMISSION_ID_LEN) {
        fprintf (stderr, _("rapor-submit: cannot get random bytes for the submission id\n"));
        return EXIT_USAGE;
    }
    if (csv) {
        FILE *file = strcmp (csv, "-") == 0 ? stdin : fopen (csv, "r");
        if (!file || !input_read_csv (&submission, file, csv, &problems)) {
            fprintf (stderr, _("rapor-submit: cannot read %s: %s\n"), csv, strerror (errno));
            return EXIT_USAGE;
        }
        if (file != stdin)
            fclose (file);
    }
    for (int i = optind; i < argc; i++)
        if (!input_add_argument (&submission, argv[i], &problems)) {
            fprintf (stderr, _("rapor-submit: '%s' is not COMPONENT=SCORE, "
                     "e.g. pengawasan=87.50\n"), argv[i]);
            return EXIT_USAGE;
        }
    for (int i = 0; i < evidence_count; i++)
        if (!input_add_evidence (&submission, evidence[i], &problems)) {
            fprintf (stderr, _("rapor-submit: --evidence takes COMPONENT=TEXT\n"));
            return EXIT_USAGE;
        }
    /*  The same rules the server applies, so most mistakes never travel.  */
    problems_t rules;
    problems_init (&rules);
    submission_validate (&submission, &rules);
    for (size_t i = 0; i < rules.count; i++) {
        /*  "no scores" only repeats what the input problems already said.  */
        const problem_t *p = &rules.items[i];
        if (problems.count && strcmp (p->code, PROBLEM_SCORES_MISSING) == 0)
            continue;
        problems_add (&problems, p->code, p->field, "%s", p->message);
    }
    s_drop_opd_invalid (&problems, opd);
    if (!problems_empty (&problems)) {
        fprintf (stderr, _("Not sent: the scores have %zu problem%s to fix first:\n"),
                 problems.count, problems.count == 1 ? "" : "s");
        submit_print_problems (&problems, stderr);
        return EXIT_REJECTED;
    }
    static curve_t curve;
    if (!keys_setup (&curve, "rapor-submit", key_file, server_key, insecure))
        return EXIT_USAGE;
    opts.curve = &curve;
    return submit_send (&opts, &submission, stdout, stderr);
}
