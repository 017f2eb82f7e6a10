/*  rapor-admin: the inspectorate's tool. One command per run; see --help.  */
#include "call.h"
#include "component.h"
#include "report.h"
#include "score.h"
#include "submit.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void
s_usage (FILE *out)
{
    fprintf (out,
        "Usage: rapor-admin [options] COMMAND [ARGS]\n"
        "\n"
        "Runs a quarter of the rapor kinerja OPD on the Rapor server.\n"
        "\n"
        "Quarters:\n"
        "  open PERIOD                      open a quarter for submissions (2024-Q3)\n"
        "  close PERIOD                     stop taking submissions\n"
        "  reopen PERIOD REASON             take submissions again; the reason is recorded\n"
        "  finalize PERIOD                  freeze, rank and broadcast (period must be closed);\n"
        "                                   refused while a verified score is missing or an\n"
        "                                   objection is unanswered\n"
        "  finalize PERIOD --preview        show exactly what finalizing would announce\n"
        "  finalize PERIOD --force REASON   finalize although incomplete; the reason is kept\n"
        "                                   with the ranking and shown wherever it is\n"
        "  missing PERIOD                   which verified scores are still missing, by OPD\n"
        "  weights PERIOD C=W...            component weights (1-1000; unnamed ones are 1)\n"
        "  rules PERIOD N P Q               best N get +P%% TPP, worst N get -Q%% (default 5 15 15)\n"
        "  assessor PERIOD COMPONENT OPD    designate who verifies a component\n"
        "  tpp PERIOD OPD RUPIAH            an OPD's base TPP for the quarter\n"
        "  submissions PERIOD [OPD]         what was submitted\n"
        "  standings PERIOD                 provisional ranking before finalization\n"
        "  export PERIOD [FILE]             finalized ranking as CSV for BPKAD (default stdout)\n"
        "  verify PERIOD                    check the stored ranking against its digest and\n"
        "                                   the stored scores; exit 1 names what was altered\n"
        "Keys:\n"
        "  keygen PATH [LABEL]              write a key pair: PATH (public), PATH_secret\n"
        "  key add KEY|CERT OPD ROLE [LABEL]  register a client key; ROLE: opd, assessor,\n"
        "                                   inspectorate or dashboard\n"
        "  key revoke KEY|CERT              refuse this key from now on\n"
        "  key list\n"
        "OPDs:\n"
        "  opd list\n"
        "  opd add CODE KIND NAME...        KIND: dinas badan bagian kecamatan sekretariat\n"
        "                                   inspektorat satuan rumah_sakit kantor\n"
        "  opd deactivate CODE\n"
        "\n"
        "Options:\n"
        "  -s, --server ENDPOINT   server address (env RAPOR_SERVER, default tcp://127.0.0.1:7700)\n"
        "  -a, --as CODE           who acts (env RAPOR_AS, default INSPEKTORAT)\n"
        "  -t, --timeout MS        wait per attempt (default 5000)\n"
        "  -r, --retries N         attempts (default 3)\n"
        "      --json              print rankings as JSON instead of a table\n"
        "  -k, --key FILE          the inspectorate's secret key certificate (env RAPOR_KEY)\n"
        "  -K, --server-key KEY    the server's public key or certificate (env RAPOR_SERVER_KEY)\n"
        "      --insecure-plaintext-dev  no keys, no encryption: development only\n"
        "  -h, --help, -V, --version\n"
        "\n"
        "Exit status: 0 done, 1 refused by the server, 2 usage error, 3 server unreachable,\n"
        "4 key refused or wrong server key.\n");
}

static int
s_usage_error (const char *what)
{
    fprintf (stderr, "rapor-admin: %s (see rapor-admin --help)\n", what);
    return EXIT_USAGE;
}

static void
s_text (char *dest, size_t cap, size_t *len, const char *src)
{
    size_t n = strlen (src);
    size_t k = n < cap ? n : cap;
    memcpy (dest, src, k);
    dest[k] = '\0';
    *len = n;
}

static bool
s_number (const char *text, long long max, long long *value)
{
    char *end = NULL;
    long long n = strtoll (text, &end, 10);
    if (!*text || *end || n < 0 || n > max)
        return false;
    *value = n;
    return true;
}

/*  A key given as Z85 text, or read from a certificate file.  */
static bool
s_key_text (const char *arg, char *key)
{
    FILE *f = fopen (arg, "r");     /*  a file wins: a 40-character path is valid Z85  */
    if (!f && strlen (arg) == 40) {
        snprintf (key, 41, "%s", arg);
        return true;
    }
    if (!f)
        return false;
    char line[256];
    bool found = false;
    while (!found && fgets (line, sizeof line, f)) {
        const char *p = strstr (line, "public-key = \"");
        if (p && strlen (p + 14) >= 41 && p[14 + 40] == '"') {
            snprintf (key, 41, "%.40s", p + 14);
            found = true;
        }
    }
    fclose (f);
    return found;
}

static int
s_keygen (int argc, char **argv)
{
    if (argc < 2)
        return s_usage_error ("usage: keygen PATH [LABEL]");
    if (access (argv[1], F_OK) == 0) {
        fprintf (stderr, "rapor-admin: %s exists; keygen never overwrites a key\n", argv[1]);
        return EXIT_USAGE;
    }
    char public_key[41];
    if (!keys_generate (argv[1], argc > 2 ? argv[2] : NULL, public_key)) {
        fprintf (stderr, "rapor-admin: cannot write %s\n", argv[1]);
        return EXIT_USAGE;
    }
    printf ("Wrote %s (public: give it out) and %s_secret (keep it private).\n"
            "Public key: %s\n", argv[1], argv[1], public_key);
    return 0;
}

/*  Fills the admin request from the command line. Returns 0 or EXIT_USAGE.  */
static int
s_parse (int argc, char **argv, admin_t *a)
{
    const char *cmd = argv[0];
    long long n = 0;
#define NEED(count, what) do { if (argc < (count)) return s_usage_error (what); } while (0)
    if (strcmp (cmd, "opd") == 0) {
        NEED (2, "say: opd list, opd add or opd deactivate");
        if (strcmp (argv[1], "list") == 0)
            a->op = ADMIN_OPD_LIST;
        else
        if (strcmp (argv[1], "add") == 0) {
            NEED (5, "usage: opd add CODE KIND NAME...");
            a->op = ADMIN_OPD_ADD;
            s_text (a->opd, OPD_CODE_MAX, &a->opd_len, argv[2]);
            s_text (a->opd_kind, ADMIN_KIND_MAX, &a->opd_kind_len, argv[3]);
            char name[ADMIN_NAME_MAX_BYTES + 2] = "";
            for (int i = 4; i < argc; i++) {
                size_t used = strlen (name);
                snprintf (name + used, sizeof name - used, "%s%s", i > 4 ? " " : "", argv[i]);
            }
            s_text (a->name, ADMIN_NAME_MAX_BYTES, &a->name_len, name);
        }
        else
        if (strcmp (argv[1], "deactivate") == 0) {
            NEED (3, "usage: opd deactivate CODE");
            a->op = ADMIN_OPD_DEACTIVATE;
            s_text (a->opd, OPD_CODE_MAX, &a->opd_len, argv[2]);
        }
        else
            return s_usage_error ("unknown opd command");
        return 0;
    }
    if (strcmp (cmd, "key") == 0) {
        NEED (2, "say: key add, key revoke or key list");
        if (strcmp (argv[1], "list") == 0) {
            a->op = ADMIN_KEY_LIST;
            return 0;
        }
        NEED (3, "which key? give its 40-character Z85 text or its certificate file");
        char key[41];
        if (!s_key_text (argv[2], key))
            return s_usage_error ("cannot read that key: give 40 Z85 characters or a certificate");
        s_text (a->public_key, ADMIN_KEY_LEN, &a->public_key_len, key);
        if (strcmp (argv[1], "revoke") == 0) {
            a->op = ADMIN_KEY_REVOKE;
            return 0;
        }
        if (strcmp (argv[1], "add") != 0)
            return s_usage_error ("unknown key command");
        NEED (5, "usage: key add KEY|CERT OPD ROLE [LABEL]");
        a->op = ADMIN_KEY_ADD;
        s_text (a->opd, OPD_CODE_MAX, &a->opd_len, argv[3]);
        s_text (a->role, ADMIN_ROLE_MAX, &a->role_len, argv[4]);
        if (argc > 5)
            s_text (a->name, ADMIN_NAME_MAX_BYTES, &a->name_len, argv[5]);
        return 0;
    }
    static const struct { const char *name; admin_op_t op; } ops[] = {
        { "open", ADMIN_PERIOD_OPEN }, { "close", ADMIN_PERIOD_CLOSE },
        { "reopen", ADMIN_PERIOD_REOPEN }, { "finalize", ADMIN_PERIOD_FINALIZE },
        { "weights", ADMIN_SET_WEIGHTS }, { "rules", ADMIN_SET_RULES },
        { "assessor", ADMIN_SET_ASSESSOR }, { "tpp", ADMIN_SET_BASE_TPP },
        { "submissions", ADMIN_LIST_SUBMISSIONS }, { "standings", ADMIN_STANDINGS },
        { "missing", ADMIN_PERIOD_MISSING },
        { "verify", ADMIN_PERIOD_VERIFY },
    };
    a->op = ADMIN_NONE;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (strcmp (cmd, ops[i].name) == 0)
            a->op = ops[i].op;
    if (a->op == ADMIN_NONE)
        return s_usage_error ("unknown command");
    NEED (2, "which period? e.g. 2024-Q3");
    s_text (a->period, PERIOD_FIELD_MAX, &a->period_len, argv[1]);
    switch (a->op) {
        case ADMIN_PERIOD_REOPEN: {
            NEED (3, "reopening needs a reason: reopen PERIOD \"reason\"");
            char reason[ADMIN_REASON_MAX_BYTES + 2] = "";
            for (int i = 2; i < argc; i++) {
                size_t used = strlen (reason);
                snprintf (reason + used, sizeof reason - used, "%s%s", i > 2 ? " " : "", argv[i]);
            }
            s_text (a->reason, ADMIN_REASON_MAX_BYTES, &a->reason_len, reason);
            break;
        }
        case ADMIN_SET_WEIGHTS:
            a->weight_count = COMPONENT_COUNT;
            for (int c = 0; c < COMPONENT_COUNT; c++)
                a->weights[c] = 1;
            for (int i = 2; i < argc; i++) {
                char code[32];
                const char *eq = strchr (argv[i], '=');
                if (!eq || eq - argv[i] >= (long) sizeof code)
                    return s_usage_error ("weights are COMPONENT=WEIGHT, e.g. inovasi=2");
                snprintf (code, sizeof code, "%.*s", (int) (eq - argv[i]), argv[i]);
                const component_t *component = component_by_code (code);
                if (!component || !s_number (eq + 1, RANKING_WEIGHT_MAX, &n) || n < 1)
                    return s_usage_error ("weights are COMPONENT=WEIGHT with WEIGHT 1 to 1000");
                a->weights[component->id - 1] = (uint32_t) n;
            }
            break;
        case ADMIN_SET_RULES: {
            NEED (5, "usage: rules PERIOD N P Q, e.g. rules 2024-Q3 5 15 15");
            long long q = 0, p = 0;
            if (!s_number (argv[2], ADMIN_RULE_N_MAX, &n) || !s_number (argv[3], 100, &p)
            ||  !s_number (argv[4], 100, &q))
                return s_usage_error ("N is 0-1000, P and Q are percentages 0-100");
            a->reward_n = (uint32_t) n;
            a->reward_pct = (uint32_t) p;
            a->punish_pct = (uint32_t) q;
            break;
        }
        case ADMIN_SET_ASSESSOR: {
            NEED (4, "usage: assessor PERIOD COMPONENT OPD");
            const component_t *component = component_by_code (argv[2]);
            if (!component)
                return s_usage_error ("unknown component; use pengawasan, perencanaan, "
                                      "pelaporan, anggaran, inovasi or pengadaan");
            a->component = component->id;
            s_text (a->opd, OPD_CODE_MAX, &a->opd_len, argv[3]);
            break;
        }
        case ADMIN_SET_BASE_TPP:
            NEED (4, "usage: tpp PERIOD OPD RUPIAH");
            s_text (a->opd, OPD_CODE_MAX, &a->opd_len, argv[2]);
            if (!s_number (argv[3], RANKING_BASE_TPP_MAX, &n))
                return s_usage_error ("the base TPP is whole rupiah, no dots: 150000000");
            a->amount = n;
            break;
        case ADMIN_LIST_SUBMISSIONS:
            if (argc > 2)
                s_text (a->opd, OPD_CODE_MAX, &a->opd_len, argv[2]);
            break;
        case ADMIN_PERIOD_FINALIZE:
            /*  finalize PERIOD [--preview] [--force "REASON"]  */
            for (int i = 2; i < argc; i++) {
                if (strcmp (argv[i], "--preview") == 0)
                    a->preview = true;
                else
                if (strcmp (argv[i], "--force") == 0) {
                    NEED (i + 2, "--force needs a reason: finalize PERIOD --force \"REASON\"");
                    a->force = true;
                    s_text (a->reason, ADMIN_REASON_MAX_BYTES, &a->reason_len, argv[++i]);
                }
                else
                    return s_usage_error ("finalize takes PERIOD, then --preview and/or "
                                          "--force \"REASON\"");
            }
            break;
        default:
            break;
    }
#undef NEED
    return 0;
}

/*  One line per missing verified score, then how many more there are.  */
static void
s_print_missing (const reply_t *reply, FILE *out)
{
    for (size_t i = 0; i < reply->missing_count; i++) {
        const missing_score_t *m = &reply->missing[i];
        const component_t *c = component_by_id (m->component);
        fprintf (out, "missing %-16s %-12s assessor %s\n", m->opd, c ? c->code : "?",
                 m->assessor[0] ? m->assessor : "(none designated)");
    }
    if (reply->missing_total > reply->missing_count)
        fprintf (out, "... and %u more missing\n", reply->missing_total - (unsigned) reply->missing_count);
}

static void
s_print_submissions (const reply_t *reply, FILE *out)
{
    fprintf (out, "%-26s %-16s %-16s %-9s %s\n", "stored at", "OPD", "sent by", "kind", "scores");
    for (size_t i = 0; i < reply->submission_count; i++) {
        const submission_info_t *s = &reply->submissions[i];
        time_t secs = (time_t) (s->stored_at_us / 1000000);
        struct tm tm;
        char when[32];
        localtime_r (&secs, &tm);
        strftime (when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
        fprintf (out, "%-26s %-16s %-16s %-9s", when, s->opd, s->submitter,
                 s->kind == SCORE_KIND_VERIFIED ? "verified" : "self");
        for (size_t k = 0; k < s->score_count; k++) {
            char v[16];
            score_format (s->score_centi[k], v, sizeof v);
            const component_t *c = component_by_id (s->component[k]);
            fprintf (out, " %s=%s", c ? c->code : "?", v);
        }
        fputc ('\n', out);
    }
}

int
main (int argc, char **argv)
{
    static const struct option options[] = {
        { "server", required_argument, NULL, 's' },
        { "as", required_argument, NULL, 'a' },
        { "timeout", required_argument, NULL, 't' },
        { "retries", required_argument, NULL, 'r' },
        { "json", no_argument, NULL, 'j' },
        { "key", required_argument, NULL, 'k' },
        { "server-key", required_argument, NULL, 'K' },
        { "insecure-plaintext-dev", no_argument, NULL, 'P' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 }
    };
    call_options_t call = {
        getenv ("RAPOR_SERVER") ? getenv ("RAPOR_SERVER") : "tcp://127.0.0.1:7700",
        5000, 3, stderr, NULL
    };
    const char *actor = getenv ("RAPOR_AS") ? getenv ("RAPOR_AS") : "INSPEKTORAT";
    bool json = false, insecure = false;
    const char *key_file = NULL, *server_key = NULL;
    long long n = 0;
    int c;
    /*  "+": stop at the command, so "reopen 2024-Q3 -x" keeps its words.  */
    while ((c = getopt_long (argc, argv, "+s:a:t:r:k:K:hV", options, NULL)) != -1) {
        switch (c) {
            case 's': call.endpoint = optarg; break;
            case 'a': actor = optarg; break;
            case 't':
                if (!s_number (optarg, 600000, &n) || n < 100)
                    return s_usage_error ("--timeout is 100 to 600000 ms");
                call.timeout_ms = (int) n;
                break;
            case 'r':
                if (!s_number (optarg, 100, &n) || n < 1)
                    return s_usage_error ("--retries is 1 to 100");
                call.attempts = (int) n;
                break;
            case 'j': json = true; break;
            case 'k': key_file = optarg; break;
            case 'K': server_key = optarg; break;
            case 'P': insecure = true; break;
            case 'h': s_usage (stdout); return 0;
            case 'V': printf ("rapor-admin %s\n", RAPOR_VERSION); return 0;
            default: return s_usage_error ("bad option");
        }
    }
    if (optind >= argc)
        return s_usage_error ("no command given");

    if (strcmp (argv[optind], "keygen") == 0)
        return s_keygen (argc - optind, argv + optind);
    static curve_t curve;
    if (!keys_setup (&curve, "rapor-admin", key_file, server_key, insecure))
        return EXIT_USAGE;
    call.curve = &curve;
    static request_t request;
    static reply_t reply;
    bool export = strcmp (argv[optind], "export") == 0;
    if (export) {
        if (argc - optind < 2)
            return s_usage_error ("usage: export PERIOD [FILE]");
        request.kind = REQUEST_SNAPSHOT;
        s_text (request.snapshot_period, PERIOD_FIELD_MAX, &request.snapshot_period_len,
                argv[optind + 1]);
    }
    else {
        request.kind = REQUEST_ADMIN;
        int rc = s_parse (argc - optind, argv + optind, &request.admin);
        if (rc)
            return rc;
        s_text (request.admin.actor, OPD_CODE_MAX, &request.admin.actor_len, actor);
        problems_t problems;
        problems_init (&problems);
        if (!admin_validate (&request.admin, &problems)) {
            fprintf (stderr, "Not sent: %zu problem%s to fix first:\n", problems.count,
                     problems.count == 1 ? "" : "s");
            submit_print_problems (&problems, stderr);
            return EXIT_REJECTED;
        }
    }
    call_status_t status = call_request (&call, &request, &reply);
    if (status != CALL_OK) {
        call_explain (status, &call, &reply, stderr);
        codec_reply_clear (&reply);
        return submit_exit_code (status);
    }
    int code = 0;
    if (reply.kind == REPLY_REJECTION) {
        if (problems_has (&reply.problems, PROBLEM_RECORD_ALTERED))
            fprintf (stderr, "ALTERED: the stored record of %s does not verify:\n",
                     request.admin.period);
        else
            fprintf (stderr, "Refused: nothing was changed. The server found %zu problem%s:\n",
                     reply.problems.count, reply.problems.count == 1 ? "" : "s");
        submit_print_problems (&reply.problems, stderr);
        code = EXIT_REJECTED;
    }
    else
    if (export && reply.kind == REPLY_RANKING) {
        FILE *out = argc - optind > 2 ? fopen (argv[optind + 2], "w") : stdout;
        if (!out) {
            perror (argv[optind + 2]);
            code = EXIT_USAGE;
        }
        else {
            report_csv (reply.ranking, out);
            if (out != stdout) {
                fclose (out);
                fprintf (stderr, "Wrote %zu OPDs of %s to %s.\n", reply.ranking->count,
                         reply.ranking->period, argv[optind + 2]);
            }
        }
    }
    else
    if (reply.kind == REPLY_ADMIN_RESULT) {
        printf ("%s\n", reply.summary);
        if (request.admin.op == ADMIN_OPD_LIST)
            for (size_t i = 0; i < reply.opd_count; i++)
                printf ("%-16s %-12s %-8s %s\n", reply.opds[i].code, reply.opds[i].kind,
                        reply.opds[i].active ? "active" : "inactive", reply.opds[i].name);
        if (request.admin.op == ADMIN_LIST_SUBMISSIONS)
            s_print_submissions (&reply, stdout);
        if (request.admin.op == ADMIN_PERIOD_MISSING
        ||  (request.admin.op == ADMIN_PERIOD_FINALIZE && reply.missing_count))
            s_print_missing (&reply, request.admin.op == ADMIN_PERIOD_MISSING ? stdout : stderr);
        for (size_t i = 0; i < reply.key_count; i++)
            printf ("%s %-16s %-12s %-8s %s\n", reply.keys[i].public_key, reply.keys[i].opd,
                    reply.keys[i].role, reply.keys[i].revoked ? "revoked" : "active",
                    reply.keys[i].label);
        if (reply.ranking) {
            if (json)
                report_json (reply.ranking, stdout);
            else
                report_table (reply.ranking, stdout, isatty (STDOUT_FILENO));
        }
    }
    else {
        call_explain (CALL_BAD_REPLY, &call, &reply, stderr);
        code = EXIT_UNREACHABLE;
    }
    codec_reply_clear (&reply);
    return code;
}
