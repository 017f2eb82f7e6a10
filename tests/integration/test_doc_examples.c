/*  The worked examples of docs/PROTOCOL.md §9, byte for byte: §3.7's
    quarter (DINKES and DISHUB, weights 1,1,1,1,1,2, N 1, P = Q = 15) is
    run through the real tools against a real rapord, and what
    `rapor-admin export` (plain and --excel), `--json finalize`,
    `--json standings`, `rapor-watch --json` and `status --json` write is
    compared with the example blocks, read from the document at test time.

    Third parties write importers from those blocks alone, so only what a
    real server must make different is substituted: seq, finalized_at_us,
    the digest that follows from them (recomputed here from §3.7's own
    encoding block, not taken from the tool), and the actor. status --json
    is compared by key order and JSON types only.

    The example must be one a real server can make, and this test found
    two ways it was not (fixed in the document): DISHUB lacks a verified
    score, so finalizing needs --force and the ranking carries a force
    reason; and the acting OPD must be active, so it is ranked too: only
    DINKES or DISHUB can finalize a ranking that holds just those two.
    The test forces with the document's reason and acts as the
    document's actor, and fails if the document names ones that cannot
    be.  */
#define _GNU_SOURCE     /*  vasprintf  */
#include "served.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PERIOD "2024-Q3"
/*  Needs no CSV quoting in either form: no comma, semicolon or quote.  */
#define FALLBACK_REASON "Perencanaan DISHUB tidak dinilai - disetujui Sekda"

/*  ---- the document ---------------------------------------------------  */

static char s_doc[1 << 18];

static void
s_doc_load (void)
{
    const char *path = harness_source_path ("docs/PROTOCOL.md");
    FILE *f = fopen (path, "r");
    cr_assert (f, "cannot read %s", path);
    size_t n = fread (s_doc, 1, sizeof s_doc - 1, f);
    cr_assert (feof (f), "%s is larger than the test's buffer", path);
    s_doc[n] = '\0';
    fclose (f);
}

/*  The contents of the first fenced block (a ``` line at column 0) after
    the first line that starts with `anchor`, without the fences; each of
    its lines keeps its LF. malloc'd.  */
static char *
s_doc_block (const char *anchor)
{
    const char *at = s_doc;
    size_t len = strlen (anchor);
    while (at && strncmp (at, anchor, len) != 0) {
        at = strchr (at, '\n');
        at = at ? at + 1 : NULL;
    }
    cr_assert (at, "docs/PROTOCOL.md has no line starting with '%s'", anchor);
    const char *open = strstr (at, "\n```\n");
    cr_assert (open, "no example block after '%s'", anchor);
    open += 5;
    const char *close = strstr (open - 1, "\n```\n");
    cr_assert (close, "the example block after '%s' is not closed", anchor);
    return strndup (open, (size_t) (close + 1 - open));
}

/*  ---- text surgery ---------------------------------------------------  */

/*  Replaces every `from` in *text by `to`; the count must be `expected`
    (< 0: any but none), so a document whose example changed shape fails
    here, by name.  */
static void
s_replace (char **text, const char *from, const char *to, int expected, const char *what)
{
    int count = 0;
    for (const char *p = *text; (p = strstr (p, from)) != NULL; p += strlen (from))
        count++;
    if (expected < 0)
        cr_assert_gt (count, 0, "%s: no '%s'", what, from);
    else
        cr_assert_eq (count, expected, "%s: '%s' occurs %d times, expected %d", what, from,
                      count, expected);
    size_t size = strlen (*text) + (size_t) count * (strlen (to) + 1) + 1;
    char *out = malloc (size), *w = out;
    const char *r = *text, *hit;
    while ((hit = strstr (r, from)) != NULL) {
        memcpy (w, r, (size_t) (hit - r));
        w += hit - r;
        w = stpcpy (w, to);
        r = hit + strlen (from);
    }
    strcpy (w, r);
    free (*text);
    *text = out;
}

static char *
s_printf (const char *format, ...)
{
    char *out = NULL;
    va_list args;
    va_start (args, format);
    cr_assert (vasprintf (&out, format, args) >= 0);
    va_end (args);
    return out;
}

/*  One value of an example swapped for the real one: `shape` (one %s)
    filled with each, replaced exactly `expected` times.  */
static void
s_swap (char **text, const char *shape, const char *from, const char *to, int expected,
        const char *what)
{
    char *line = s_printf (shape, from), *real = s_printf (shape, to);
    s_replace (text, line, real, expected, what);
    free (line);
    free (real);
}

/*  The value of "key": in a one-line JSON text, as written (a string
    without its quotes). malloc'd.  */
static char *
s_json_value (const char *json, const char *key)
{
    char *pattern = s_printf ("\"%s\":", key);
    const char *at = strstr (json, pattern);
    cr_assert (at, "no %s in %s", pattern, json);
    at += strlen (pattern);
    free (pattern);
    if (*at == '"') {
        const char *end = strchr (at + 1, '"');
        cr_assert (end);
        return strndup (at + 1, (size_t) (end - at - 1));
    }
    return strndup (at, strcspn (at, ",}"));
}

static void
s_sha256_hex (const char *text, char hex[65])
{
    unsigned char sum[crypto_hash_sha256_BYTES];
    crypto_hash_sha256 (sum, (const unsigned char *) text, strlen (text));
    for (size_t i = 0; i < sizeof sum; i++)
        snprintf (hex + 2 * i, 3, "%02x", sum[i]);
}

/*  A JSON text's shape: keys and their order kept, every string value
    "" and every number 0; null, true, false and punctuation as they are.  */
static char *
s_json_shape (const char *json)
{
    char *out = malloc (strlen (json) + 1), *w = out;
    const char *p = json;
    while (*p) {
        if (*p == '"') {
            const char *start = p++;
            while (*p && *p != '"')
                p += (*p == '\\' && p[1]) ? 2 : 1;
            if (*p)
                p++;
            if (*p == ':') {
                memcpy (w, start, (size_t) (p - start));
                w += p - start;
            }
            else
                w = stpcpy (w, "\"\"");
            continue;
        }
        if (*p == '-' || (*p >= '0' && *p <= '9')) {
            while (*p == '-' || *p == '+' || *p == '.' || *p == 'e' || *p == 'E'
                   || (*p >= '0' && *p <= '9'))
                p++;
            *w++ = '0';
            continue;
        }
        *w++ = *p++;
    }
    *w = '\0';
    return out;
}

/*  ---- running the tools ----------------------------------------------  */

static struct {
    int status;
    char out[65536];
    char err[16384];
} sr;

/*  Runs argv (NULL-ended) with stdout and stderr apart, into sr (harness_run
    joins them, and the outputs compared here are stdout alone).  */
static int
s_split (const char *const *argv)
{
    sr.status = harness_exec (argv, NULL, 0, sr.out, sizeof sr.out, sr.err, sizeof sr.err);
    return sr.status;
}

/*  rapor-admin with the acting OPD's inspectorate key and `args`.  */
static char s_actor_key[700];

static int
s_admin (const char *const *args)
{
    const char *argv[32] = { RAPOR_ADMIN_PATH, "--server", server.endpoint, "--key", s_actor_key,
                             "--server-key", harness_server_key () };
    int argc = 7;
    for (int i = 0; args[i] && argc < 31; i++)
        argv[argc++] = args[i];
    argv[argc] = NULL;
    return s_split (argv);
}

#define ADMIN(...) s_admin ((const char *const[]) { __VA_ARGS__, NULL })

/*  Submits a verified sheet (opd,komponen,nilai lines) as ASSESSOR.  */
static void
s_verified (const char *assessor, const char *sheet)
{
    char path[] = "/tmp/rapor-doc-sheet-XXXXXX";
    int fd = mkstemp (path);
    cr_assert (fd >= 0);
    cr_assert_eq (write (fd, sheet, strlen (sheet)), (ssize_t) strlen (sheet));
    close (fd);
    harness_submit (&run, &server, "--as", assessor, "--verified", "--period", PERIOD,
                    "--csv", path, NULL);
    unlink (path);
    cr_assert_eq (run.status, 0, "%s: %s", assessor, run.output);
}

/*  Up to 80 bytes from `text` with CR and LF made visible, into a
    static buffer of its own per `slot` (0 or 1).  */
static const char *
s_excerpt (const char *text, int slot)
{
    static char buf[2][200];
    char *w = buf[slot];
    for (int i = 0; i < 80 && text[i]; i++) {
        if (text[i] == '\r' || text[i] == '\n') {
            *w++ = '\\';
            *w++ = text[i] == '\r' ? 'r' : 'n';
        }
        else
            *w++ = text[i];
    }
    *w = '\0';
    return buf[slot];
}

/*  Shows where two texts first differ, with the bytes on either side.  */
static void
s_expect_same (const char *what, const char *expected, const char *actual)
{
    if (strcmp (expected, actual) == 0)
        return;
    size_t at = 0;
    while (expected[at] && expected[at] == actual[at])
        at++;
    size_t from = at > 40 ? at - 40 : 0;
    cr_expect_fail ("%s differs from docs/PROTOCOL.md at byte %zu:\n"
                    "  document: ...%s\n  tool:     ...%s\n"
                    "whole document text:\n%s\nwhole tool output:\n%s",
                    what, at, s_excerpt (expected + from, 0), s_excerpt (actual + from, 1),
                    expected, actual);
}

SERVED_SUITE (doc_examples);

Test (doc_examples, the_worked_example_of_section_9_byte_for_byte)
{
    s_doc_load ();
    char *encoding = s_doc_block ("**Worked example.**");
    char *csv = s_doc_block ("### 9.1 ");
    char *excel = s_doc_block ("#### The Excel form");
    char *json = s_doc_block ("Example (one line, wrapped here)");
    char *status = s_doc_block ("### 9.3 ");

    /*  The JSON example is one line, wrapped between tokens.  */
    s_replace (&json, "\n", "", -1, "§9.2 unwrapped");
    char *joined = s_printf ("%s\n", json);
    free (json);
    json = joined;

    /*  The values the document's ranking has, read off its JSON example.  */
    char *doc_seq = s_json_value (json, "seq");
    char *doc_at = s_json_value (json, "finalized_at_us");
    char *doc_by = s_json_value (json, "finalized_by");
    char *doc_reason = s_json_value (json, "force_reason");
    char *doc_digest = s_json_value (json, "digest");
    cr_assert (!strchr (doc_reason, '\\'), "the test reads the reason unescaped");

    /*  §3.7's encoding is what the example's digest is the SHA-256 of.  */
    char hex[65];
    s_sha256_hex (encoding, hex);
    cr_expect_str_eq (hex, doc_digest, "§3.7's encoding block hashes to the digest §9 shows");

    /*  Who acts: an inspectorate key of an OPD that is ranked (the actor
        must be active, §1.1, and every active OPD is ranked, §3.4).  */
    const char *actor = strcmp (doc_by, "DISHUB") == 0 ? "DISHUB" : "DINKES";
    if (strcmp (actor, doc_by) != 0)
        fprintf (stderr, "test_doc_examples: FINDING: the example is finalized by %s, which would"
                 " then be active and ranked; finalizing as %s instead\n", doc_by, actor);
    const char *reason = *doc_reason ? doc_reason : FALLBACK_REASON;

    /*  The OPD register holds just the example's OPDs and the assessors
        that verify them (deactivated with the tool before finalizing);
        no tool renames an OPD, so DISHUB's name is set as registered.  */
    cr_assert_eq (harness_db_command (&db, "UPDATE opds SET active = false WHERE active AND code"
        " NOT IN ('DINKES', 'DISHUB', 'INSPEKTORAT', 'BAPPEDA', 'ORGANISASI', 'BPKAD', 'PBJ')"), 0);
    cr_assert_eq (harness_db_command (&db, "UPDATE opds SET name = 'Dinas Perhubungan — Lalu Lintas'"
                                           " WHERE code = 'DISHUB'"), 0);

    char dir[] = "/tmp/rapor-doc-XXXXXX";
    cr_assert (mkdtemp (dir));
    char *cert = s_printf ("%s/%s.inspectorate", dir, actor);
    const char *keygen[] = { RAPOR_ADMIN_PATH, "keygen", cert, NULL };
    cr_assert_eq (harness_run (&run, keygen), 0, "%s", run.output);
    harness_admin (&run, &server, "key", "add", cert, actor, "inspectorate", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    snprintf (s_actor_key, sizeof s_actor_key, "%s_secret", cert);

    cr_assert_eq (ADMIN ("open", PERIOD), 0, "%s", sr.err);
    cr_assert_eq (ADMIN ("weights", PERIOD, "pengadaan=2"), 0, "%s", sr.err);
    cr_assert_eq (ADMIN ("rules", PERIOD, "1", "15", "15"), 0, "%s", sr.err);
    cr_assert_eq (ADMIN ("tpp", PERIOD, "DINKES", "150000000"), 0, "%s", sr.err);

    harness_submit (&run, &server, "--opd", "DINKES", "--period", PERIOD, "pengawasan=90",
                    "perencanaan=90", "pelaporan=90", "anggaran=90", "inovasi=90",
                    "pengadaan=90", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    s_verified ("INSPEKTORAT", "DINKES,pengawasan,87.50\nDISHUB,pengawasan,70.00\n");
    s_verified ("BAPPEDA", "DINKES,perencanaan,90.00\nDINKES,inovasi,95.00\nDISHUB,inovasi,70.00\n");
    s_verified ("ORGANISASI", "DINKES,pelaporan,80.00\nDISHUB,pelaporan,60.00\n");
    s_verified ("BPKAD", "DINKES,anggaran,70.00\nDISHUB,anggaran,65.00\n");
    s_verified ("PBJ", "DINKES,pengadaan,88.00\nDISHUB,pengadaan,75.00\n");

    cr_assert_eq (ADMIN ("close", PERIOD), 0, "%s", sr.err);
    const char *const assessors[] = { "INSPEKTORAT", "BAPPEDA", "ORGANISASI", "BPKAD", "PBJ" };
    for (size_t i = 0; i < 5; i++)
        cr_assert_eq (ADMIN ("opd", "deactivate", assessors[i]), 0, "%s", sr.err);

    /*  DISHUB has no perencanaan score: the guard (§3.6) refuses.  */
    ADMIN ("finalize", PERIOD);
    cr_expect_eq (sr.status, 1, "finalizing the incomplete example is refused: %s%s", sr.out, sr.err);
    cr_expect (strstr (sr.err, "period_incomplete") || strstr (sr.out, "period_incomplete"),
               "%s%s", sr.out, sr.err);
    if (!*doc_reason)
        fprintf (stderr, "test_doc_examples: FINDING: the example says not forced, but DISHUB"
                 " lacks perencanaan: finalized with --force '%s'\n", reason);
    /*  The document's example must be one a real server can make.  */
    cr_expect_str_eq (doc_reason, reason, "the document names the force reason");
    cr_expect_str_eq (doc_by, actor, "the document's actor can finalize this ranking");

    ADMIN ("--json", "finalize", PERIOD, "--force", reason);
    cr_assert_eq (sr.status, 0, "%s", sr.err);
    char *finalized = strdup (sr.out);

    /*  What the server makes different: from the database, never from the
        tool whose output is checked; the digest from §3.7's encoding.  */
    char seq[1][64], at[1][64];
    cr_assert_eq (harness_db_column (&db, "SELECT r.seq FROM rankings r JOIN periods p ON"
                                          " p.id = r.period_id WHERE p.code = '" PERIOD "'", seq, 1), 1);
    cr_assert_eq (harness_db_column (&db, "SELECT (extract(epoch FROM r.finalized_at) * 1000000)"
                                          "::bigint FROM rankings r JOIN periods p ON p.id ="
                                          " r.period_id WHERE p.code = '" PERIOD "'", at, 1), 1);
    s_swap (&encoding, "\nseq=%s\n", doc_seq, seq[0], 1, "§3.7 seq");
    s_swap (&encoding, "\nfinalized_at_us=%s\n", doc_at, at[0], 1, "§3.7 finalized_at_us");
    s_swap (&encoding, "\nfinalized_by=%s\n", doc_by, actor, 1, "§3.7 finalized_by");
    s_swap (&encoding, "\nforce_reason=%s\n", doc_reason, reason, 1, "§3.7 force_reason");
    char digest[65];
    s_sha256_hex (encoding, digest);

    /*  §9.2: the same substitutions in the JSON example.  */
    s_swap (&json, "\"seq\":%s,", doc_seq, seq[0], 1, "§9.2 seq");
    s_swap (&json, "\"finalized_at_us\":%s,", doc_at, at[0], 1, "§9.2 finalized_at_us");
    s_swap (&json, "\"finalized_by\":\"%s\",", doc_by, actor, 1, "§9.2 finalized_by");
    s_swap (&json, "\"force_reason\":\"%s\",", doc_reason, reason, 1, "§9.2 force_reason");
    s_replace (&json, doc_digest, digest, 1, "§9.2 digest");

    s_expect_same ("rapor-admin --json finalize", json, finalized);
    ADMIN ("--json", "standings", PERIOD);
    cr_expect_eq (sr.status, 0, "%s", sr.err);
    s_expect_same ("rapor-admin --json standings", json, sr.out);

    /*  rapor-watch adds digest_check after digest (§9.2's table).  */
    char *watch_json = strdup (json);
    char *plain = s_printf ("\"digest\":\"%s\",", digest);
    char *checked = s_printf ("\"digest\":\"%s\",\"digest_check\":\"ok\",", digest);
    s_replace (&watch_json, plain, checked, 1, "§9.2 digest_check");
    free (plain);
    free (checked);
    const char *watch[] = { RAPOR_WATCH_PATH, "--server", server.endpoint, "--broadcast",
                            server.pub_endpoint, "--period", PERIOD, "--once", "--json",
                            "--key", harness_key ("DINKES", "opd"), "--server-key",
                            harness_server_key (), NULL };
    cr_expect_eq (s_split (watch), 0, "%s", sr.err);
    s_expect_same ("rapor-watch --json", watch_json, sr.out);

    /*  §9.1: the payroll CSV, to standard output and to a file.  */
    char *doc_tail = s_printf ("%s,%s", doc_digest, doc_reason);
    char *tail = s_printf ("%s,%s", digest, reason);
    s_swap (&csv, "\n" PERIOD ",%s,", doc_seq, seq[0], 2, "§9.1 seq");
    s_swap (&csv, "%s\n", doc_tail, tail, 2, "§9.1 digest and force_reason");
    cr_expect_eq (ADMIN ("export", PERIOD), 0, "%s", sr.err);
    s_expect_same ("rapor-admin export (stdout)", csv, sr.out);
    char *file = s_printf ("%s/q3.csv", dir);
    cr_expect_eq (ADMIN ("export", PERIOD, file), 0, "%s", sr.err);
    cr_expect_str_empty (sr.out, "with FILE nothing goes to stdout");
    /*  §9.1: "Wrote N OPDs of PERIOD to FILE." on standard error, for
        people (the tool goes on with "(complete: X of Y OPDs...)").  */
    char *wrote = s_printf ("Wrote 2 OPDs of " PERIOD " to %s", file);
    cr_expect (strncmp (sr.err, wrote, strlen (wrote)) == 0, "%s", sr.err);
    free (wrote);
    s_expect_same ("rapor-admin export FILE", csv, harness_read_file (file));

    /*  The Excel form: ⏎ marks CRLF, and the file starts with a BOM.  */
    s_replace (&excel, "⏎\n", "\r\n", 3, "§9.1 Excel ⏎");
    for (const char *p = excel; (p = strchr (p, '\n')) != NULL; p++)
        cr_assert (p > excel && p[-1] == '\r', "§9.1 Excel: a line not marked ⏎");
    free (doc_tail);
    free (tail);
    doc_tail = s_printf ("%s;%s", doc_digest, doc_reason);
    tail = s_printf ("%s;%s", digest, reason);
    s_swap (&excel, "\r\n" PERIOD ";%s;", doc_seq, seq[0], 2, "§9.1 Excel seq");
    s_swap (&excel, "%s\r\n", doc_tail, tail, 2, "§9.1 Excel digest and force_reason");
    free (doc_tail);
    free (tail);
    char *bom = s_printf ("\xEF\xBB\xBF%s", excel);
    char *xfile = s_printf ("%s/q3-excel.csv", dir);
    cr_expect_eq (ADMIN ("export", PERIOD, xfile, "--excel"), 0, "%s", sr.err);
    s_expect_same ("rapor-admin export --excel", bom, harness_read_file (xfile));

    /*  §9.3: key order and types.  */
    cr_expect_eq (ADMIN ("status", "--json"), 0, "%s", sr.err);
    char *doc_shape = s_json_shape (status), *tool_shape = s_json_shape (sr.out);
    s_expect_same ("rapor-admin status --json (shape)", doc_shape, tool_shape);

    unlink (file);
    unlink (xfile);
    unlink (cert);
    unlink (s_actor_key);
    rmdir (dir);
    free (doc_shape), free (tool_shape), free (bom), free (file), free (xfile), free (cert);
    free (watch_json), free (finalized), free (encoding), free (csv), free (excel), free (json);
    free (status), free (doc_seq), free (doc_at), free (doc_by), free (doc_reason), free (doc_digest);
}
