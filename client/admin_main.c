/*  rapor-admin: the inspectorate's tool. One command per run; see --help.  */
#include "call.h"
#include "i18n.h"
#include "human.h"
#include "fingerprint.h"
#include "overview.h"
#include "opdfile.h"
#include "component.h"
#include "digest.h"
#include "dispute.h"
#include "outfile.h"
#include "report.h"
#include "score.h"
#include "submit.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define EXIT_OUTPUT 5      /*  the output could not be written; a FILE is left as it was  */

static void
s_usage (FILE *out)
{
    fprintf (out,
        _("Usage: rapor-admin [options] COMMAND [ARGS]\n"
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
        "  export PERIOD [FILE] --excel     the same for Excel with Indonesian settings:\n"
        "                                   UTF-8 BOM, ';', decimal commas (87,50), CRLF\n"
        "  verify PERIOD                    check the stored ranking against its digest and\n"
        "                                   the stored scores; exit 1 names what was altered\n"
        "Objections (masa sanggah, while the period is closed; OPDs file them with\n"
        "rapor-submit --object):\n"
        "  objections PERIOD [OPD]          list them with their numbers and answers\n"
        "  answer PERIOD ID accept SCORE [REASON]  accept objection ID: SCORE becomes the\n"
        "                                   verified score (as the assessor or inspectorate)\n"
        "  answer PERIOD ID reject REASON   reject objection ID; the score stays\n"
        "Keys:\n"
        "  keygen PATH [LABEL]              write a key pair: PATH (public), PATH_secret\n"
        "  fingerprint KEY|CERT             a key's fingerprint, to compare by phone\n"
        "  key add KEY|CERT OPD ROLE [LABEL]  register a client key; ROLE: opd, assessor,\n"
        "                                   inspectorate or dashboard\n"
        "  key revoke KEY|CERT              refuse this key from now on\n"
        "  key list\n"
        "OPDs:\n"
        "  opd list\n"
        "  opd add CODE KIND NAME...        KIND: dinas badan bagian kecamatan sekretariat\n"
        "                                   inspektorat satuan rumah_sakit kantor\n"
        "  opd deactivate CODE\n"
        "  opd import FILE.csv              register a list of OPDs (code,name,kind[,assesses]\n"
        "                                   per line; at most 500) and the components each\n"
        "                                   assesses by default, in one transaction: all or none\n"
        "Operations:\n"
        "  status                           the server's version, schema, uptime, connections,\n"
        "                                   last group commit and broadcast sequence (--json)\n"
        "  audit [--since TIME] [--opd CODE] [--action ACTION] [--limit N]\n"
        "                                   the audit log, newest first (default 100 rows, at\n"
        "                                   most 1000); TIME: 2024-10-01[THH:MM[:SS]] local,\n"
        "                                   or an age: 30m, 12h, 7d\n"
        "\n"
        "Options:\n"
        "  -s, --server ENDPOINT   server address (env RAPOR_SERVER, default tcp://127.0.0.1:7700)\n"
        "  -a, --as CODE           who acts (env RAPOR_AS); default: the key's OPD;\n"
        "                          required with --insecure-plaintext-dev\n"
        "  -t, --timeout MS        first attempt's wait; retries wait twice as long (default 5000)\n"
        "  -r, --retries N         attempts (default 3)\n"
        "      --json              standings, finalize: only the ranking, as one JSON\n"
        "                          document (status: its numbers), on stdout; messages go to stderr\n"
        "      --preview           finalize: show what it would announce, change nothing\n"
        "      --force REASON      finalize although incomplete; REASON is kept with it\n"
        "  -k, --key FILE          the inspectorate's secret key certificate (env RAPOR_KEY)\n"
        "  -K, --server-key KEY    the server's public key or certificate (env RAPOR_SERVER_KEY)\n"
        "      --insecure-plaintext-dev  no keys, no encryption: development only\n"
        "  -h, --help, -V, --version\n"
        "Options may also follow the command. Words after -- are never options\n"
        "(for a reason or a name that starts with '-').\n"
        "\n"
        "Exit status: 0 done, 1 refused by the server, 2 usage error, 3 server unreachable,\n"
        "4 key refused or wrong server key, 5 the output could not be written (a FILE\n"
        "is then left as it was).\n"));
}

static int
s_usage_error (const char *what)
{
    fprintf (stderr, _("rapor-admin: %s (see rapor-admin --help)\n"), what);
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

/*  A word no command expected: refused, never dropped.  */
static int
s_surplus (const char *word)
{
    fprintf (stderr, _("rapor-admin: unexpected '%s' after the command (see rapor-admin --help)\n"),
             word);
    return EXIT_USAGE;
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

/*  The label `keygen PATH LABEL` wrote into the certificate's metadata
    (label = "..."), so `key add CERT OPD ROLE` registers it without the
    label typed twice. "" if `arg` is no file or has no label.  */
static void
s_key_label (const char *arg, char *label, size_t size)
{
    label[0] = '\0';
    FILE *f = fopen (arg, "r");
    if (!f)
        return;
    char line[256];
    while (fgets (line, sizeof line, f)) {
        const char *p = line + strspn (line, " \t");
        if (strncmp (p, "label = \"", 9) != 0)
            continue;
        p += 9;
        const char *end = strrchr (p, '"');
        if (end && end > p)
            snprintf (label, size, "%.*s", (int) (end - p), p);
        break;
    }
    fclose (f);
}

static int
s_keygen (int argc, char **argv)
{
    if (argc < 2)
        return s_usage_error (_("usage: keygen PATH [LABEL]"));
    if (argc > 3)
        return s_surplus (argv[3]);
    if (access (argv[1], F_OK) == 0) {
        fprintf (stderr, _("rapor-admin: %s exists; keygen never overwrites a key\n"), argv[1]);
        return EXIT_USAGE;
    }
    char public_key[41];
    if (!keys_generate (argv[1], argc > 2 ? argv[2] : NULL, public_key)) {
        fprintf (stderr, _("rapor-admin: cannot write %s\n"), argv[1]);
        return EXIT_USAGE;
    }
    /*  zcert_save does not report a failed write: on a full disk it
        leaves empty files. Read both back before calling them written.  */
    char secret[4200], err[512];
    snprintf (secret, sizeof secret, "%s_secret", argv[1]);
    curve_t back;
    if (!keys_load (&back, secret, argv[1], err, sizeof err)
    ||  strcmp (back.public_key, public_key) != 0 || strcmp (back.server_key, public_key) != 0) {
        unlink (argv[1]);
        unlink (secret);
        fprintf (stderr, _("rapor-admin: %s and %s were not written completely (is the disk "
                 "full?); both are removed\n"), argv[1], secret);
        return EXIT_OUTPUT;
    }
    char fingerprint[FINGERPRINT_LEN + 1];
    fingerprint_of_z85 (public_key, fingerprint);
    printf (_("Wrote %s (public: give it out) and %s_secret (keep it private).\n"
            "Public key: %s\n"
            "Fingerprint, to compare by phone: %s\n"), argv[1], argv[1], public_key, fingerprint);
    return 0;
}

/*  Prints a key's fingerprint (fingerprint.h): what the inspectorate reads
    out and an OPD compares, so a server key passed on by hand is checked.  */
static int
s_fingerprint (int argc, char **argv)
{
    if (argc < 2)
        return s_usage_error (_("usage: fingerprint KEY|CERT"));
    if (argc > 2)
        return s_surplus (argv[2]);
    char key[41], fingerprint[FINGERPRINT_LEN + 1];
    if (!s_key_text (argv[1], key) || !fingerprint_of_z85 (key, fingerprint)) {
        fprintf (stderr, _("rapor-admin: '%s' is neither a public key (40 characters of Z85) nor "
                 "a certificate file holding one\n"), argv[1]);
        return EXIT_USAGE;
    }
    printf ("%s\n", fingerprint);
    return 0;
}

/*  The line each row of an OPD import came from (opdfile.h).  */
static unsigned *s_import_lines;

/*  Reads an OPD list for `opd import`. 0, EXIT_USAGE if the file cannot
    be read, EXIT_REJECTED (with every bad line printed) if a line is
    wrong: nothing is sent then.  */
static int
s_read_opds (const char *path, admin_t *a)
{
    FILE *f = strcmp (path, "-") == 0 ? stdin : fopen (path, "r");
    if (!f) {
        fprintf (stderr, _("rapor-admin: cannot read %s\n"), path);
        return EXIT_USAGE;
    }
    problems_t problems;
    problems_init (&problems);
    bool read = opdfile_read (f, path, a, &s_import_lines, &problems);
    if (f != stdin)
        fclose (f);
    if (!read)
        return s_usage_error (_("cannot read the OPD list (or out of memory)"));
    if (problems.count) {
        fprintf (stderr, _("Not sent: %s has %zu problem%s to fix first:\n"), path,
                 problems.count + problems.dropped, problems.count == 1 ? "" : "s");
        submit_print_problems (&problems, stderr);
        return EXIT_REJECTED;
    }
    a->import_carried = a->import_count;
    return 0;
}

/*  Fills the admin request from the command line. Returns 0 or EXIT_USAGE.  */
static int
s_parse (int argc, char **argv, admin_t *a)
{
    const char *cmd = argv[0];
    long long n = 0;
#define NEED(count, what) do { if (argc < (count)) return s_usage_error (_(what)); } while (0)
#define MOST(count) do { if (argc > (count)) return s_surplus (argv[count]); } while (0)
    if (strcmp (cmd, "opd") == 0) {
        NEED (2, "say: opd list, opd add, opd import or opd deactivate");
        if (strcmp (argv[1], "list") == 0) {
            MOST (2);
            a->op = ADMIN_OPD_LIST;
        }
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
            MOST (3);
            a->op = ADMIN_OPD_DEACTIVATE;
            s_text (a->opd, OPD_CODE_MAX, &a->opd_len, argv[2]);
        }
        else
        if (strcmp (argv[1], "import") == 0) {
            NEED (3, "usage: opd import FILE.csv");
            MOST (3);
            a->op = ADMIN_OPD_IMPORT;
            return s_read_opds (argv[2], a);
        }
        else
            return s_usage_error (_("unknown opd command"));
        return 0;
    }
    if (strcmp (cmd, "key") == 0) {
        NEED (2, "say: key add, key revoke or key list");
        if (strcmp (argv[1], "list") == 0) {
            MOST (2);
            a->op = ADMIN_KEY_LIST;
            return 0;
        }
        NEED (3, "which key? give its 40-character Z85 text or its certificate file");
        char key[41];
        if (!s_key_text (argv[2], key))
            return s_usage_error (_("cannot read that key: give 40 Z85 characters or a certificate"));
        s_text (a->public_key, ADMIN_KEY_LEN, &a->public_key_len, key);
        if (strcmp (argv[1], "revoke") == 0) {
            MOST (3);
            a->op = ADMIN_KEY_REVOKE;
            return 0;
        }
        if (strcmp (argv[1], "add") != 0)
            return s_usage_error (_("unknown key command"));
        NEED (5, "usage: key add KEY|CERT OPD ROLE [LABEL]");
        MOST (6);
        a->op = ADMIN_KEY_ADD;
        s_text (a->opd, OPD_CODE_MAX, &a->opd_len, argv[3]);
        s_text (a->role, ADMIN_ROLE_MAX, &a->role_len, argv[4]);
        char label[128];
        s_key_label (argv[2], label, sizeof label);
        if (argc > 5)
            s_text (a->name, ADMIN_NAME_MAX_BYTES, &a->name_len, argv[5]);
        else
        if (label[0])
            s_text (a->name, ADMIN_NAME_MAX_BYTES, &a->name_len, label);
        return 0;
    }
    if (strcmp (cmd, "status") == 0 || strcmp (cmd, "audit") == 0) {
        MOST (1);
        a->op = cmd[0] == 's' ? ADMIN_SERVER_STATUS : ADMIN_AUDIT_LIST;
        return 0;
    }
    static const struct { const char *name; admin_op_t op; } ops[] = {
        { "open", ADMIN_PERIOD_OPEN }, { "close", ADMIN_PERIOD_CLOSE },
        { "reopen", ADMIN_PERIOD_REOPEN }, { "finalize", ADMIN_PERIOD_FINALIZE },
        { "weights", ADMIN_SET_WEIGHTS }, { "rules", ADMIN_SET_RULES },
        { "assessor", ADMIN_SET_ASSESSOR }, { "tpp", ADMIN_SET_BASE_TPP },
        { "submissions", ADMIN_LIST_SUBMISSIONS }, { "standings", ADMIN_STANDINGS },
        { "missing", ADMIN_PERIOD_MISSING },
        { "objections", ADMIN_OBJECTION_LIST }, { "answer", ADMIN_OBJECTION_ANSWER },
        { "verify", ADMIN_PERIOD_VERIFY },
    };
    a->op = ADMIN_NONE;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (strcmp (cmd, ops[i].name) == 0)
            a->op = ops[i].op;
    if (a->op == ADMIN_NONE)
        return s_usage_error (_("unknown command"));
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
                    return s_usage_error (_("weights are COMPONENT=WEIGHT, e.g. inovasi=2"));
                snprintf (code, sizeof code, "%.*s", (int) (eq - argv[i]), argv[i]);
                const component_t *component = component_by_code (code);
                if (!component || !s_number (eq + 1, RANKING_WEIGHT_MAX, &n) || n < 1)
                    return s_usage_error (_("weights are COMPONENT=WEIGHT with WEIGHT 1 to 1000"));
                a->weights[component->id - 1] = (uint32_t) n;
            }
            break;
        case ADMIN_SET_RULES: {
            NEED (5, "usage: rules PERIOD N P Q, e.g. rules 2024-Q3 5 15 15");
            MOST (5);
            long long q = 0, p = 0;
            if (!s_number (argv[2], ADMIN_RULE_N_MAX, &n) || !s_number (argv[3], 100, &p)
            ||  !s_number (argv[4], 100, &q))
                return s_usage_error (_("N is 0-1000, P and Q are percentages 0-100"));
            a->reward_n = (uint32_t) n;
            a->reward_pct = (uint32_t) p;
            a->punish_pct = (uint32_t) q;
            break;
        }
        case ADMIN_SET_ASSESSOR: {
            NEED (4, "usage: assessor PERIOD COMPONENT OPD");
            MOST (4);
            const component_t *component = component_by_code (argv[2]);
            if (!component)
                return s_usage_error (_("unknown component; use pengawasan, perencanaan, "
                                      "pelaporan, anggaran, inovasi or pengadaan"));
            a->component = component->id;
            s_text (a->opd, OPD_CODE_MAX, &a->opd_len, argv[3]);
            break;
        }
        case ADMIN_SET_BASE_TPP:
            NEED (4, "usage: tpp PERIOD OPD RUPIAH");
            MOST (4);
            s_text (a->opd, OPD_CODE_MAX, &a->opd_len, argv[2]);
            if (!s_number (argv[3], RANKING_BASE_TPP_MAX, &n))
                return s_usage_error (_("the base TPP is whole rupiah, no dots: 150000000"));
            a->amount = n;
            break;
        case ADMIN_OBJECTION_ANSWER: {
            NEED (4, "usage: answer PERIOD ID accept SCORE [REASON] | answer PERIOD ID reject REASON");
            bool accept = strcmp (argv[3], "accept") == 0;
            int32_t centi = 0;
            if (!s_number (argv[2], INT64_MAX, &n) || n < 1
            ||  (!accept && strcmp (argv[3], "reject") != 0))
                return s_usage_error (_("say: answer PERIOD ID accept SCORE [REASON], or "
                                      "answer PERIOD ID reject REASON; ID as 'objections' lists it"));
            if (accept && (argc < 5 || score_parse (argv[4], &centi) != SCORE_OK))
                return s_usage_error (_("accepting needs the corrected score, 0 to 100 with at "
                                      "most two decimals: answer PERIOD ID accept 75.50"));
            a->objection_id = (uint64_t) n;
            a->accept = accept;
            a->score_centi = centi;
            char reason[ADMIN_REASON_MAX_BYTES + 2] = "";
            for (int i = accept ? 5 : 4; i < argc; i++) {
                size_t used = strlen (reason);
                snprintf (reason + used, sizeof reason - used, "%s%s", used ? " " : "", argv[i]);
            }
            s_text (a->reason, ADMIN_REASON_MAX_BYTES, &a->reason_len, reason);
            break;
        }
        case ADMIN_OBJECTION_LIST:
        case ADMIN_LIST_SUBMISSIONS:
            MOST (3);
            if (argc > 2)
                s_text (a->opd, OPD_CODE_MAX, &a->opd_len, argv[2]);
            break;
        default:
            MOST (2);       /*  open, close, finalize, standings: the period only  */
            break;
    }
#undef MOST
#undef NEED
    return 0;
}

/*  One line per missing verified score, then how many more there are.  */
static void
s_print_missing (const reply_t *reply, FILE *out)
{
    for (size_t i = 0; i < reply->missing_count; i++) {
        const missing_score_t *m = &reply->missing[i];
        fprintf (out, _("missing %-16s %-12s assessor %s\n"), m->opd, component_code (m->component),
                 m->assessor[0] ? m->assessor : _("(none designated)"));
    }
    if (reply->missing_total > reply->missing_count)
        fprintf (out, _("... and %u more missing\n"), reply->missing_total - (unsigned) reply->missing_count);
}

static void
s_print_submissions (const reply_t *reply, FILE *out)
{
    /*  13: "terverifikasi", the longest kind in either language.  */
    fprintf (out, "%-26s %-16s %-16s %-13s %s\n", _("stored at"), "OPD", _("sent by"), _("kind"),
             _("scores"));
    for (size_t i = 0; i < reply->submission_count; i++) {
        const submission_info_t *s = &reply->submissions[i];
        char when[HUMAN_MAX];
        human_time (s->stored_at_us, true, when, sizeof when);
        fprintf (out, "%-26s %-16s %-16s %-13s", when, s->opd, s->submitter,
                 s->kind == SCORE_KIND_VERIFIED ? _("verified") : _("self"));
        for (size_t k = 0; k < s->score_count; k++) {
            char v[HUMAN_MAX];
            human_centi (s->score_centi[k], v, sizeof v);
            fprintf (out, " %s=%s", component_code (s->component[k]), v);
        }
        fputc ('\n', out);
    }
}

static const struct option s_options[] = {
    { "server", required_argument, NULL, 's' },
    { "as", required_argument, NULL, 'a' },
    { "timeout", required_argument, NULL, 't' },
    { "retries", required_argument, NULL, 'r' },
    { "json", no_argument, NULL, 'j' },
    { "excel", no_argument, NULL, 'x' },
    { "key", required_argument, NULL, 'k' },
    { "server-key", required_argument, NULL, 'K' },
    { "insecure-plaintext-dev", no_argument, NULL, 'P' },
    { "preview", no_argument, NULL, 'p' },
    { "force", required_argument, NULL, 'F' },
    { "since", required_argument, NULL, 'S' },
    { "opd", required_argument, NULL, 'O' },
    { "action", required_argument, NULL, 'A' },
    { "limit", required_argument, NULL, 'L' },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 }
};
/*  "+": stop at the command; s_split hands getopt the options after it.  */
static const char s_short[] = "+s:a:t:r:k:K:hV";

/*  The commands that can answer in JSON alone.  */
static bool
s_json_command (const char *command)
{
    static const char *const commands[] = { "standings", "finalize", "status" };
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp (command, commands[i]) == 0)
            return true;
    return false;
}

/*  True if the option word takes its value from the next word. An
    unknown or ambiguous one takes none: getopt then refuses it by name.  */
static bool
s_takes_value (const char *word)
{
    if (word[1] != '-') {
        const char *at = strchr (s_short + 1, word[1]);
        return at && at[1] == ':';
    }
    const char *name = word + 2;
    if (strchr (name, '='))
        return false;
    const struct option *found = NULL;
    int matches = 0;
    for (const struct option *o = s_options; o->name; o++) {
        if (strcmp (o->name, name) == 0)
            return o->has_arg == required_argument;
        if (strncmp (o->name, name, strlen (name)) == 0) {
            found = o;
            matches++;
        }
    }
    return matches == 1 && found->has_arg == required_argument;
}

/*  The command line in two getopt passes: the options before the
    command, then those after it. Both passes go through one switch in
    main, so an option means the same wherever it stands.  */
typedef struct {
    int argc;
    char **argv;
    int pass;
    char **later;       /*  the options after the command, program name first  */
    int later_count;
    char **words;       /*  the command and its words; empty: no command  */
    int word_count;
} args_t;

/*  Splits what follows the command (argv[0]) into option words, with
    their values, and the command's own words. After the command an
    option is "--name[=value]" or exactly "-X": anything longer that
    starts with '-' is a word (a Z85 key may start with '-'), and the
    command refuses words it does not expect. Words after "--" are never
    options.  */
static bool
s_split (args_t *a, int argc, char **argv)
{
    a->later = calloc ((size_t) argc + 2, sizeof *a->later);
    a->words = calloc ((size_t) argc + 2, sizeof *a->words);
    if (!a->later || !a->words)
        return false;
    a->later[a->later_count++] = a->argv[0];    /*  getopt names it in its messages  */
    a->words[a->word_count++] = argv[0];
    bool literal = false;
    for (int i = 1; i < argc; i++) {
        const char *word = argv[i];
        bool option = !literal && word[0] == '-'
                   && (word[1] == '-' || (word[1] && !word[2]));
        if (!literal && strcmp (word, "--") == 0)
            literal = true;
        else
        if (option) {
            a->later[a->later_count++] = argv[i];
            if (s_takes_value (word) && i + 1 < argc)
                a->later[a->later_count++] = argv[++i];
        }
        else
            a->words[a->word_count++] = argv[i];
    }
    return true;
}

/*  getopt_long over both passes: the next option, or -1 when all are
    read (a->words then holds the command, if there is one).  */
static int
s_next_option (args_t *a)
{
    if (a->pass == 1)
        return getopt_long (a->later_count, a->later, s_short, s_options, NULL);
    int c = getopt_long (a->argc, a->argv, s_short, s_options, NULL);
    if (c != -1)
        return c;
    a->pass = 1;
    if (optind >= a->argc)
        return -1;
    if (!s_split (a, a->argc - optind, a->argv + optind)) {
        a->word_count = 0;
        return -1;
    }
    optind = 0;         /*  glibc: start afresh on the new list  */
    return s_next_option (a);
}

/*  Every run ends here: output that never reached stdout is a failure,
    not a success (a full disk, a closed pipe, /dev/full).  */
static int
s_finish (int code)
{
    char why[256];
    if (!outfile_check (stdout, why, sizeof why)) {
        fprintf (stderr, _("rapor-admin: cannot write the output: %s\n"), why);
        return code ? code : EXIT_OUTPUT;
    }
    return code;
}

/*  The CSV to `path`, whole or not at all; stdout if path is NULL.  */
static int
s_export (const ranking_t *ranking, const char *path, bool excel)
{
    void (*write_csv) (const ranking_t *, FILE *) = excel ? report_csv_excel : report_csv;
    /*  The payroll file decides TPP: a ranking that does not match its
        digest (altered on the way or in the database) is not written.  */
    if (!ranking->digest[0] || !digest_matches (ranking)) {
        fprintf (stderr, _("rapor-admin: the ranking of %s does not match its digest; nothing "
                 "was written. Ask the inspectorate to run: rapor-admin verify %s\n"),
                 ranking->period, ranking->period);
        return EXIT_REJECTED;
    }
    if (!path) {
        write_csv (ranking, stdout);
        return s_finish (0);
    }
    char err[512];
    outfile_t *file = outfile_new (path, err, sizeof err);
    if (file) {
        write_csv (ranking, outfile_stream (file));
        if (outfile_commit (&file, err, sizeof err)) {
            fprintf (stderr, _("Wrote %zu OPDs of %s to %s (complete: %zu of %zu OPDs%s).\n"),
                     ranking->count, ranking->period, path, ranking_complete_count (ranking),
                     ranking->count, ranking->force_reason[0] ? _("; finalized by force") : "");
            return s_finish (0);
        }
    }
    fprintf (stderr, _("rapor-admin: %s\nrapor-admin: the export failed; %s was not written "
             "(a file already there is unchanged).\n"), err, path);
    return EXIT_OUTPUT;
}

int
main (int argc, char **argv)
{
    i18n_init ();
    call_options_t call = {
        getenv ("RAPOR_SERVER") ? getenv ("RAPOR_SERVER") : "tcp://127.0.0.1:7700",
        5000, 3, stderr, NULL
    };
    /*  Who acts is the key's OPD: the server fills it in when the request
        leaves it empty, and refuses one that names another OPD. So no
        default here: --as (or RAPOR_AS) is sent only if given, and is
        required without a key.  */
    const char *actor = getenv ("RAPOR_AS") ? getenv ("RAPOR_AS") : "";
    bool json = false, insecure = false, preview = false, excel = false, audit_filtered = false;
    struct { int64_t since_us; const char *opd_arg, *action_arg; uint32_t limit; } audit = { .limit = 0 };
    const char *key_file = NULL, *server_key = NULL, *force = NULL;
    long long n = 0;
    int c;
    /*  Static: what it holds stays reachable until exit.  */
    static args_t args;
    args.argc = argc;
    args.argv = argv;
    while ((c = s_next_option (&args)) != -1) {
        switch (c) {
            case 's': call.endpoint = optarg; break;
            case 'a': actor = optarg; break;
            case 't':
                if (!s_number (optarg, 600000, &n) || n < 100)
                    return s_usage_error (_("--timeout is 100 to 600000 ms"));
                call.timeout_ms = (int) n;
                break;
            case 'r':
                if (!s_number (optarg, 100, &n) || n < 1)
                    return s_usage_error (_("--retries is 1 to 100"));
                call.attempts = (int) n;
                break;
            case 'j': json = true; break;
            case 'x': excel = true; break;
            case 'k': key_file = optarg; break;
            case 'K': server_key = optarg; break;
            case 'P': insecure = true; break;
            case 'p': preview = true; break;
            case 'F': force = optarg; break;
            case 'S':
                if (!overview_parse_since (optarg, (int64_t) time (NULL), &audit.since_us))
                    return s_usage_error (_("--since is 2024-10-01, 2024-10-01T08:00, or an age: "
                                          "30m, 12h, 7d"));
                audit_filtered = true;
                break;
            case 'O': audit.opd_arg = optarg; audit_filtered = true; break;
            case 'A': audit.action_arg = optarg; audit_filtered = true; break;
            case 'L':
                if (!s_number (optarg, ADMIN_AUDIT_MAX, &n) || n < 1)
                    return s_usage_error (_("--limit is 1 to 1000"));
                audit.limit = (uint32_t) n;
                audit_filtered = true;
                break;
            case 'h': s_usage (stdout); return s_finish (0);
            case 'V': printf (_("rapor-admin %s\n"), RAPOR_VERSION); return s_finish (0);
            default: return s_usage_error (_("bad option"));
        }
    }
    if (args.word_count == 0)
        return s_usage_error (_("no command given"));
    int word_count = args.word_count;
    char **words = args.words;
    if (json && !s_json_command (words[0])) {
        fprintf (stderr, _("rapor-admin: --json works with standings, finalize and status; '%s' prints "
                 "text only (see rapor-admin --help)\n"), words[0]);
        return EXIT_USAGE;
    }
    if (excel && strcmp (words[0], "export") != 0) {
        fprintf (stderr, _("rapor-admin: --excel works with export only\n"));
        return EXIT_USAGE;
    }

    if (strcmp (words[0], "keygen") == 0)
        return s_finish (s_keygen (word_count, words));
    if (strcmp (words[0], "fingerprint") == 0)
        return s_finish (s_fingerprint (word_count, words));
    static request_t request;
    static reply_t reply;
    bool export = strcmp (words[0], "export") == 0;
    if (export) {
        if (word_count < 2)
            return s_usage_error (_("usage: export PERIOD [FILE]"));
        if (word_count > 3)
            return s_surplus (words[3]);
        request.kind = REQUEST_SNAPSHOT;
        s_text (request.snapshot_period, PERIOD_FIELD_MAX, &request.snapshot_period_len,
                words[1]);
    }
    else {
        request.kind = REQUEST_ADMIN;
        int rc = s_parse (word_count, words, &request.admin);
        if (rc)
            return rc;
        if ((preview || force) && request.admin.op != ADMIN_PERIOD_FINALIZE)
            return s_usage_error (_("--preview and --force go with finalize only"));
        if (audit_filtered && request.admin.op != ADMIN_AUDIT_LIST)
            return s_usage_error (_("--since, --opd, --action and --limit go with audit only"));
        request.admin.since_us = audit.since_us;
        request.admin.limit = audit.limit;
        if (audit.opd_arg)
            s_text (request.admin.opd, OPD_CODE_MAX, &request.admin.opd_len, audit.opd_arg);
        if (audit.action_arg)
            s_text (request.admin.action, ADMIN_ACTION_MAX, &request.admin.action_len,
                    audit.action_arg);
        request.admin.preview = preview;
        if (force) {
            request.admin.force = true;
            s_text (request.admin.reason, ADMIN_REASON_MAX_BYTES, &request.admin.reason_len, force);
        }
        if (!*actor && insecure)
            return s_usage_error (_("without a key, say who acts: --as CODE or RAPOR_AS"));
        s_text (request.admin.actor, OPD_CODE_MAX, &request.admin.actor_len, actor);
        /*  Checked as sent, except an empty actor: the server takes the
            key's OPD for it, so any code stands in for the check.  */
        static admin_t check;
        check = request.admin;
        if (!*actor)
            s_text (check.actor, OPD_CODE_MAX, &check.actor_len, "KEY");
        problems_t problems;
        problems_init (&problems);
        if (!admin_validate (&check, &problems)) {
            opdfile_name_lines (&problems, s_import_lines, request.admin.import_count);
            fprintf (stderr, _("Not sent: %zu problem%s to fix first:\n"), problems.count,
                     problems.count == 1 ? "" : "s");
            submit_print_problems (&problems, stderr);
            return EXIT_REJECTED;
        }
    }
    /*  The command line is checked whole before the keys are read.  */
    static curve_t curve;
    if (!keys_setup (&curve, "rapor-admin", key_file, server_key, insecure))
        return EXIT_USAGE;
    call.curve = &curve;
    call_status_t status = call_request (&call, &request, &reply);
    if (status != CALL_OK) {
        call_explain (status, &call, &reply, stderr);
        codec_reply_clear (&reply);
        return submit_exit_code (status);
    }
    int code = 0;
    if (reply.kind == REPLY_REJECTION) {
        opdfile_name_lines (&reply.problems, s_import_lines, request.admin.import_count);
        if (problems_has (&reply.problems, PROBLEM_RECORD_ALTERED))
            fprintf (stderr, _("ALTERED: the stored record of %s does not verify:\n"),
                     request.admin.period);
        else
            fprintf (stderr, _("Refused: nothing was changed. The server found %zu problem%s:\n"),
                     reply.problems.count, reply.problems.count == 1 ? "" : "s");
        submit_print_problems (&reply.problems, stderr);
        code = EXIT_REJECTED;
    }
    else
    if (export && reply.kind == REPLY_RANKING)
        code = s_export (reply.ranking, word_count > 2 ? words[2] : NULL, excel);
    else
    if (reply.kind == REPLY_ADMIN_RESULT) {
        /*  With --json, stdout carries the JSON document and nothing else.  */
        FILE *text = json ? stderr : stdout;
        if (request.admin.op != ADMIN_SERVER_STATUS)
            fprintf (text, "%s\n", reply.summary);
        if (reply.has_server_status && json)
            overview_status_json (&reply.server_status, stdout);
        else
        if (reply.has_server_status)
            overview_print_status (&reply.server_status, stdout);
        if (request.admin.op == ADMIN_AUDIT_LIST)
            overview_print_audit (reply.audit, reply.audit_count, stdout);
        if (request.admin.op == ADMIN_OPD_LIST)
            for (size_t i = 0; i < reply.opd_count; i++)
                printf ("%-16s %-12s %-8s %s\n", reply.opds[i].code, reply.opds[i].kind,
                        /*  TRANSLATORS: an OPD's state in a column 8 wide  */
                        reply.opds[i].active ? _("active") : _("inactive"), reply.opds[i].name);
        if (request.admin.op == ADMIN_LIST_SUBMISSIONS)
            s_print_submissions (&reply, stdout);
        if (request.admin.op == ADMIN_PERIOD_MISSING
        ||  (request.admin.op == ADMIN_PERIOD_FINALIZE && reply.missing_count))
            s_print_missing (&reply, request.admin.op == ADMIN_PERIOD_MISSING ? stdout : stderr);
        dispute_print_objections (reply.objections, reply.objection_count, stdout);
        for (size_t i = 0; i < reply.key_count; i++)
            printf ("%s %-16s %-12s %-8s %s\n", reply.keys[i].public_key, reply.keys[i].opd,
                    /*  TRANSLATORS: a key's state in a column 8 wide  */
                    reply.keys[i].role, reply.keys[i].revoked ? _("revoked") : _("active"),
                    reply.keys[i].label);
        if (reply.ranking) {
            if (json)
                report_json (reply.ranking, stdout);
            else
                report_table (reply.ranking, stdout, isatty (STDOUT_FILENO));
        }
        code = s_finish (0);
    }
    else {
        call_explain (CALL_BAD_REPLY, &call, &reply, stderr);
        code = EXIT_UNREACHABLE;
    }
    codec_reply_clear (&reply);
    return code;
}
