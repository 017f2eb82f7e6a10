/*  rapor-card: the report cards and the announcement, read back.

    A real quarter is finalized (by force: one verified score is missing)
    with an earlier quarter behind it; the ranking is taken from the
    broadcast, and every card rapor-card writes is read with poppler's
    pdftotext, pdfinfo and pdffonts: each card holds exactly its OPD's
    numbers, on one A4 page, with its fonts embedded; the announcement
    lists every OPD once, in rank order. Then what must be refused is:
    another OPD's card with an OPD's key, a quarter not finalized, an
    unknown OPD, a missing logo or font, an output that cannot be written,
    a ranking that does not match its digest.  */
#include "served.h"
#include "component.h"
#include "idfmt.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PDFTOTEXT "/usr/bin/pdftotext"
#define PDFINFO "/usr/bin/pdfinfo"
#define PDFFONTS "/usr/bin/pdffonts"

static struct {
    int status;
    char out[65536];
} cr_run;

static char s_text[1 << 18];

/*  Runs `argv` (NULL-ended) with stdout and stderr into cr_run.out; with
    fsize > 0 every file it writes is capped at that many bytes (a write
    past it fails, as on a full disk).  */
static int
s_exec (const char *const *argv, long fsize)
{
    cr_run.status = harness_exec (argv, NULL, fsize, cr_run.out, sizeof cr_run.out, NULL, 0);
    return cr_run.status;
}

/*  rapor-card with CODE's ROLE key (NULL: the inspectorate's) and `args`.  */
static int
s_card (const char *code, const char *role, long fsize, const char *const *args)
{
    static char key[700];
    snprintf (key, sizeof key, "%s", harness_key (code ? code : "INSPEKTORAT",
                                                  role ? role : "inspectorate"));
    const char *argv[64] = { RAPOR_CARD_PATH, "--server", server.endpoint, "--key", key,
                             "--server-key", harness_server_key () };
    int argc = 7;
    for (int i = 0; args[i] && argc < 63; i++)
        argv[argc++] = args[i];
    argv[argc] = NULL;
    return s_exec (argv, fsize);
}

#define CARD(code, role, ...) s_card (code, role, 0, (const char *const[]) { __VA_ARGS__, NULL })

/*  A poppler tool's output for `pdf` in s_text (pdftotext -layout).  */
static void
s_poppler (const char *tool, const char *pdf)
{
    cr_assert (access (tool, X_OK) == 0, "%s is needed (poppler-utils, deploy/install-deps)",
               tool);
    char out[] = "/tmp/rapor-card-text-XXXXXX";
    close (mkstemp (out));
    const char *text[] = { tool, "-layout", pdf, out, NULL };
    const char *other[] = { tool, pdf, NULL };
    bool totext = strcmp (tool, PDFTOTEXT) == 0;
    cr_assert_eq (s_exec (totext ? text : other, 0), 0, "%s %s: %s", tool, pdf, cr_run.out);
    if (totext)
        harness_slurp (out, s_text, sizeof s_text);
    else
        snprintf (s_text, sizeof s_text, "%s", cr_run.out);
    unlink (out);
}

/*  The text with every run of white space made one space: a sentence
    the layout wrapped is found whole.  */
static void
s_flat (const char *text, char *flat, size_t size)
{
    size_t k = 0;
    bool space = false;
    for (const char *p = text; *p && k + 1 < size; p++) {
        bool ws = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\f' || *p == '\r';
        if (ws && !space && k > 0)
            flat[k++] = ' ';
        else
        if (!ws)
            flat[k++] = *p;
        space = ws;
    }
    flat[k] = '\0';
}

/*  Verified and self scores for a closed period: every active OPD, all six
    components except `skip`'s pengadaan; base TPP for most.  */
static void
s_fill (const char *period, const char *skip)
{
    char sql[4096];
    snprintf (sql, sizeof sql,
        "INSERT INTO period_assessors (period_id, component_id, opd_id)"
        " SELECT p.id, d.component_id, d.opd_id FROM periods p CROSS JOIN assessor_defaults d"
        "  WHERE p.code = '%1$s' ON CONFLICT DO NOTHING;"
        "WITH lv AS (SELECT o.id AS opd_id, c.id AS component_id,"
        "    5000 + (hashtext(o.code || '%1$s' || c.id) & 4095) AS centi"
        "    FROM opds o CROSS JOIN components c"
        "   WHERE o.active AND NOT (o.code = '%2$s' AND c.code = 'pengadaan')),"
        " s AS (INSERT INTO submissions (submission_uuid, period_id, opd_id, content_sha256,"
        "    request_id, kind, submitter_opd_id)"
        "  SELECT substring(sha256(convert_to(k || o.id || '%1$s', 'UTF8')) FROM 1 FOR 16),"
        "         p.id, o.id, sha256(convert_to(k || o.id || '%1$s', 'UTF8')), 0, k, o.id"
        "    FROM opds o, periods p, (VALUES ('verified'), ('self')) AS kinds (k)"
        "   WHERE o.active AND p.code = '%1$s' RETURNING id, opd_id, kind)"
        " INSERT INTO scores (submission_id, component_id, score_centi)"
        "  SELECT s.id, lv.component_id,"
        "         CASE WHEN s.kind = 'self' THEN least(10000, lv.centi + 123) ELSE lv.centi END"
        "    FROM s JOIN lv ON lv.opd_id = s.opd_id;"
        "INSERT INTO opd_base_tpp (period_id, opd_id, amount)"
        " SELECT p.id, o.id, (40 + (hashtext(o.code) & 1023) %% 80) * 5000000"
        "   FROM opds o, periods p WHERE o.active AND p.code = '%1$s' AND o.id %% 11 <> 5",
        period, skip);
    cr_assert_eq (harness_db_command (&db, sql), 0, "%s", sql);
}

/*  2023-Q3 finalized in full, then 2024-Q1 by force without KEC_LICIN's
    pengadaan; 2024-Q1's ranking as the broadcast carried it.  */
static ranking_t *
s_quarter (void)
{
    cr_assert_eq (harness_db_command (&db, "INSERT INTO periods (code, status)"
                                           " VALUES ('2023-Q3', 'closed')"), 0);
    s_fill ("2023-Q3", "-");
    harness_admin (&run, &server, "finalize", "2023-Q3", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    s_fill ("2024-Q1", "KEC_LICIN");
    test_sub_t sub;
    cr_assert (harness_sub_open (&sub, server.pub_endpoint));
    harness_admin (&run, &server, "finalize", "2024-Q1", "--force", "uji kartu: PBJ terlambat",
                   NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    broadcast_t b;
    cr_assert (harness_sub_next (&sub, BROADCAST_RANKING, &b, 10000));
    harness_sub_close (&sub);
    cr_assert_str_eq (b.ranking->period, "2024-Q1");
    cr_assert_gt (b.ranking->count, 60);
    return b.ranking;
}

static void
s_tempdir (char *dir)
{
    strcpy (dir, "/tmp/rapor-cards-XXXXXX");
    cr_assert (mkdtemp (dir));
}

static void
s_rmdir (const char *dir)
{
    DIR *d = opendir (dir);
    struct dirent *e;
    while (d && (e = readdir (d))) {
        char path[1200];
        snprintf (path, sizeof path, "%s/%s", dir, e->d_name);
        if (strcmp (e->d_name, ".") && strcmp (e->d_name, ".."))
            unlink (path);
    }
    if (d)
        closedir (d);
    rmdir (dir);
}

static int
s_files (const char *dir)
{
    int n = 0;
    DIR *d = opendir (dir);
    struct dirent *e;
    while (d && (e = readdir (d)))
        n += strcmp (e->d_name, ".") && strcmp (e->d_name, "..");
    if (d)
        closedir (d);
    return n;
}

/*  The layout line of the table row of component i: "  1   Pengawasan ...".  */
static const char *
s_row (const char *text, size_t i, char *line, size_t size)
{
    char head[128];
    snprintf (head, sizeof head, "%zu %s ", i + 1, component_at (i)->name_id);
    for (const char *p = text; p && *p; p = strchr (p, '\n') ? strchr (p, '\n') + 1 : NULL) {
        const char *end = strchr (p, '\n');
        size_t len = end ? (size_t) (end - p) : strlen (p);
        char raw[512];
        snprintf (raw, sizeof raw, "%.*s", (int) len, p);
        s_flat (raw, line, size);
        if (strncmp (line, head, strlen (head)) == 0)
            return line;
    }
    return NULL;
}

static void
s_expect_has (const char *flat, const char *what, const char *code)
{
    cr_expect (strstr (flat, what), "%s's card lacks '%s':\n%s", code, what, flat);
}

/*  Every number of entry e, where it belongs on its card.  */
static void
s_check_card (const ranking_t *r, const ranking_entry_t *e, const char *pdf)
{
    static char flat[1 << 16];
    s_poppler (PDFTOTEXT, pdf);
    s_flat (s_text, flat, sizeof flat);
    char want[512], a[IDFMT_MAX], b[IDFMT_MAX];
    s_expect_has (flat, e->name, e->code);
    snprintf (want, sizeof want, "Kode perangkat daerah: %s", e->code);
    s_expect_has (flat, want, e->code);
    s_expect_has (flat, "Triwulan I Tahun 2024", e->code);
    snprintf (want, sizeof want, "Peringkat %u dari %zu", e->rank, r->count);
    s_expect_has (flat, want, e->code);
    idfmt_centi (e->total_centi, a, sizeof a);
    snprintf (want, sizeof want, "Nilai akhir %s", a);
    s_expect_has (flat, want, e->code);
    for (size_t i = 0; i < COMPONENT_COUNT; i++) {
        char row[512];
        cr_assert (s_row (s_text, i, row, sizeof row), "%s: no row for %s:\n%s", e->code,
                   component_at (i)->name_id, s_text);
        if (e->verified[i] == RANKING_NO_SCORE)
            snprintf (a, sizeof a, "belum ada (0)");
        else
            idfmt_centi (e->verified[i], a, sizeof a);
        if (e->self[i] == RANKING_NO_SCORE)
            snprintf (b, sizeof b, "—");
        else
            idfmt_centi (e->self[i], b, sizeof b);
        snprintf (want, sizeof want, "%s 1 %s %s", component_at (i)->name_id, a, b);
        cr_expect (strstr (row, want), "%s: row '%s', wanted '%s'", e->code, row, want);
    }
    /*  The consequence, and neither of the other two.  */
    const char *consequences[] = { "+15% TPP", IDFMT_MINUS "15% TPP", "tidak ada perubahan TPP" };
    int which = e->tpp_pct > 0 ? 0 : e->tpp_pct < 0 ? 1 : 2;
    cr_assert_eq (e->tpp_pct, which == 0 ? 15 : which == 1 ? -15 : 0, "the default rules");
    for (int k = 0; k < 3; k++)
        cr_expect_eq (strstr (flat, consequences[k]) != NULL, k == which, "%s: '%s' %s:\n%s",
                      e->code, consequences[k], k == which ? "missing" : "present", flat);
    if (e->base_tpp == RANKING_NO_TPP)
        s_expect_has (flat, "TPP dasar triwulan ini belum dicatat", e->code);
    else {
        idfmt_rupiah (e->tpp_rupiah, true, a, sizeof a);
        idfmt_rupiah (e->base_tpp, false, b, sizeof b);
        /*  Two lines of the right column: the layout may put the left
            column's text between them.  */
        snprintf (want, sizeof want, "Perubahan TPP %s", a);
        s_expect_has (flat, want, e->code);
        snprintf (want, sizeof want, "dari TPP dasar %s.", b);
        s_expect_has (flat, want, e->code);
    }
    s_expect_has (flat, r->digest, e->code);
    s_expect_has (flat, "rapor-admin verify 2024-Q1", e->code);
    s_expect_has (flat, "Alasan: uji kartu: PBJ terlambat", e->code);
    cr_expect_eq (strstr (flat, "TIDAK LENGKAP") != NULL, e->incomplete, "%s: %s", e->code, flat);
    s_expect_has (flat, "Bupati Banyuwangi", e->code);
    /*  2023-Q4 is finalized with nobody in it; 2023-Q2 does not exist.  */
    s_expect_has (flat, "Triwulan IV Tahun 2023: perangkat daerah ini tidak dinilai", e->code);
    s_expect_has (flat, "Triwulan II Tahun 2023: belum ditetapkan", e->code);

    s_poppler (PDFINFO, pdf);
    cr_expect (strstr (s_text, "Pages:           1\n"), "%s: %s", e->code, s_text);
    cr_expect (strstr (s_text, "Page size:       595 x 842 pts (A4)"), "%s: %s", e->code, s_text);
    s_poppler (PDFFONTS, pdf);
    /*  name, type (may hold a space), encoding, emb, sub, uni, object, generation.  */
    int fonts = 0;
    char *rows = strstr (s_text, "---\n");
    cr_assert (rows, "%s", s_text);
    for (char *line = strchr (rows, '\n') + 1; line && *line; ) {
        char *end = strchr (line, '\n');
        if (end)
            *end = '\0';
        char *tok[16];
        int n = 0;
        for (char *t = strtok (line, " "); t && n < 16; t = strtok (NULL, " "))
            tok[n++] = t;
        if (n >= 7) {
            fonts++;
            cr_expect_str_eq (tok[n - 5], "yes", "%s: font %s is not embedded", e->code, tok[0]);
        }
        line = end ? end + 1 : NULL;
    }
    cr_expect_geq (fonts, 2, "%s: %d fonts", e->code, fonts);
}

SERVED_SUITE (card);

Test (card, every_card_holds_exactly_its_opds_numbers_and_the_announcement_every_opd)
{
    ranking_t *r = s_quarter ();
    char dir[64], combined[128], sheet[128];
    s_tempdir (dir);
    snprintf (combined, sizeof combined, "%s/semua.pdf", dir);
    snprintf (sheet, sizeof sheet, "%s/pengumuman.pdf", dir);
    CARD (NULL, NULL, "--period", "2024-Q1", "--config",
          harness_source_path ("deploy/rapor-card.conf"), "--out", dir, "--combined", combined,
          "--announcement", sheet);
    cr_assert_eq (cr_run.status, 0, "%s", cr_run.out);
    char wrote[64];
    snprintf (wrote, sizeof wrote, "wrote %zu cards of 2024-Q1 to", r->count);
    cr_expect (strstr (cr_run.out, wrote), "%s", cr_run.out);
    cr_expect_eq (s_files (dir), (int) r->count + 2);
    for (size_t i = 0; i < r->count; i++) {
        char pdf[128];
        snprintf (pdf, sizeof pdf, "%s/%s.pdf", dir, r->entries[i].code);
        s_check_card (r, &r->entries[i], pdf);
    }
    s_poppler (PDFINFO, combined);
    char pages[64];
    snprintf (pages, sizeof pages, "Pages:           %zu\n", r->count);
    cr_expect (strstr (s_text, pages), "%s", s_text);

    /*  The announcement: every OPD once, in the broadcast's order, with
        its rank, its consequence and its mark.  */
    s_poppler (PDFINFO, sheet);
    int sheet_pages = 0;
    sscanf (strstr (s_text, "Pages:") + 6, "%d", &sheet_pages);
    cr_expect_geq (sheet_pages, 2, "a long list breaks across pages");
    s_poppler (PDFTOTEXT, sheet);
    static char flat[1 << 18];
    s_flat (s_text, flat, sizeof flat);
    size_t next = 0;
    int heads = 0;
    for (char *line = s_text; line && *line; ) {
        char *end = strchr (line, '\n');
        if (end)
            *end = '\0';
        unsigned rank = 0;
        char code[32] = "";
        if (strstr (line, "Peringkat") && strstr (line, "Kode") && strstr (line, "Keterangan"))
            heads++;
        if (sscanf (line, " %u %31[A-Z0-9_]", &rank, code) == 2 && strlen (code) >= 2) {
            cr_assert_lt (next, r->count, "more rows than OPDs: %s", line);
            const ranking_entry_t *e = &r->entries[next++];
            cr_expect_str_eq (code, e->code, "row %zu: %s", next, line);
            cr_expect_eq (rank, e->rank, "%s", line);
            char a[IDFMT_MAX];
            idfmt_centi (e->total_centi, a, sizeof a);
            cr_expect (strstr (line, a), "%s lacks %s", line, a);
            if (e->tpp_pct != 0) {
                idfmt_pct (e->tpp_pct, a, sizeof a);
                cr_expect (strstr (line, a), "%s lacks %s", line, a);
                cr_expect (strstr (line, e->tpp_pct > 0 ? "TERBAIK" : "TERENDAH"), "%s", line);
                if (e->base_tpp != RANKING_NO_TPP) {
                    idfmt_rupiah (e->tpp_rupiah, true, a, sizeof a);
                    cr_expect (strstr (line, a), "%s lacks %s", line, a);
                }
            }
            else
                cr_expect (!strstr (line, "TERBAIK") && !strstr (line, "TERENDAH"), "%s", line);
        }
        line = end ? end + 1 : NULL;
    }
    cr_expect_eq (next, r->count, "every OPD once: %zu rows of %zu", next, r->count);
    cr_expect_eq (heads, sheet_pages, "the table's header on each of the %d pages", sheet_pages);
    char want[128];
    snprintf (want, sizeof want, "Lengkap %zu dari %zu perangkat daerah",
              ranking_complete_count (r), r->count);
    cr_expect (strstr (flat, want), "%s", flat);
    cr_expect (strstr (flat, r->digest), "%s", flat);
    cr_expect (strstr (flat, "Alasan: uji kartu: PBJ terlambat"), "%s", flat);
    s_poppler (PDFFONTS, sheet);
    cr_expect (!strstr (s_text, " no "), "every font embedded: %s", s_text);
    ranking_destroy (&r);
    s_rmdir (dir);
}

Test (card, an_opd_key_prints_its_own_card_and_no_other)
{
    ranking_t *r = s_quarter ();
    ranking_destroy (&r);
    char dir[64];
    s_tempdir (dir);
    CARD ("DINKES", "opd", "--period", "2024-Q1", "--opd", "BAPPEDA", "--out", dir);
    cr_expect_eq (cr_run.status, 1, "%s", cr_run.out);
    cr_expect (strstr (cr_run.out, "may print only its own card, not the card of BAPPEDA"), "%s",
               cr_run.out);
    CARD ("DINKES", "opd", "--period", "2024-Q1", "--out", dir);
    cr_expect_eq (cr_run.status, 1, "every card is not its own: %s", cr_run.out);
    cr_expect (strstr (cr_run.out, "name it with --opd"), "%s", cr_run.out);
    CARD ("DINKES", "opd", "--period", "2024-Q1", "--opd", "DINKES", "--opd", "BAPPEDA",
          "--out", dir);
    cr_expect_eq (cr_run.status, 1, "%s", cr_run.out);
    cr_expect_eq (s_files (dir), 0, "nothing was written");
    CARD ("DINKES", "opd", "--period", "2024-Q1", "--opd", "DINKES", "--out", dir);
    cr_expect_eq (cr_run.status, 0, "%s", cr_run.out);
    cr_expect_eq (s_files (dir), 1);
    /*  A dashboard prints them all; the announcement is public.  */
    CARD ("DISKOMINFO", "dashboard", "--period", "2024-Q1", "--opd", "BAPPEDA", "--out", dir);
    cr_expect_eq (cr_run.status, 0, "%s", cr_run.out);
    CARD ("DINKES", "opd", "--period", "2024-Q1", "--announcement", "/dev/null");
    cr_expect_eq (cr_run.status, 0, "%s", cr_run.out);
    s_rmdir (dir);
}

static void
s_config (char *path, const char *text)
{
    strcpy (path, "/tmp/rapor-card-conf-XXXXXX");
    int fd = mkstemp (path);
    cr_assert (fd >= 0);
    cr_assert_eq (write (fd, text, strlen (text)), (ssize_t) strlen (text));
    close (fd);
}

Test (card, bad_input_gets_a_clear_message_and_leaves_nothing_behind)
{
    ranking_t *r = s_quarter ();
    ranking_destroy (&r);
    char dir[64];
    s_tempdir (dir);
    CARD (NULL, NULL, "--period", "2024-Q2", "--out", dir);
    cr_expect_eq (cr_run.status, 1, "%s", cr_run.out);
    cr_expect (strstr (cr_run.out, "2024-Q2 is not finalized"), "%s", cr_run.out);
    CARD (NULL, NULL, "--period", "2024-Q1", "--opd", "DINKES", "--opd", "NOPE", "--out", dir);
    cr_expect_eq (cr_run.status, 1, "%s", cr_run.out);
    cr_expect (strstr (cr_run.out, "unknown OPD 'NOPE'"), "%s", cr_run.out);
    char conf[64];
    s_config (conf, "logo = /nonexistent/logo.png\n");
    CARD (NULL, NULL, "--period", "2024-Q1", "--config", conf, "--out", dir);
    cr_expect_eq (cr_run.status, 2, "%s", cr_run.out);
    cr_expect (strstr (cr_run.out, "the logo /nonexistent/logo.png cannot be used: no such file"),
               "%s", cr_run.out);
    unlink (conf);
    s_config (conf, "font = Tidak Ada Huruf Ini\n");
    CARD (NULL, NULL, "--period", "2024-Q1", "--config", conf, "--out", dir);
    cr_expect_eq (cr_run.status, 2, "%s", cr_run.out);
    cr_expect (strstr (cr_run.out, "the font 'Tidak Ada Huruf Ini' is not installed"), "%s",
               cr_run.out);
    unlink (conf);
    s_config (conf, "signer = Bupati Banyuwangi\n");
    CARD (NULL, NULL, "--period", "2024-Q1", "--config", conf, "--out", dir);
    cr_expect_eq (cr_run.status, 2, "%s", cr_run.out);
    cr_expect (strstr (cr_run.out, "line 1: a signer is written 'TITLE | NAME'"), "%s",
               cr_run.out);
    unlink (conf);
    CARD (NULL, NULL, "--period", "2024-Q1", "--out", "/nonexistent/kartu");
    cr_expect_eq (cr_run.status, 5, "%s", cr_run.out);
    cr_expect (strstr (cr_run.out, "the output directory /nonexistent/kartu No such file"),
               "%s", cr_run.out);
    /*  A disk that fills up during the first card: no card, no temporary
        file, and the same for the announcement and the combined file.  */
    char sheet[128];
    snprintf (sheet, sizeof sheet, "%s/pengumuman.pdf", dir);
    s_card (NULL, NULL, 20000, (const char *const[]) { "--period", "2024-Q1", "--out", dir,
                                                       NULL });
    cr_expect_eq (cr_run.status, 5, "%s", cr_run.out);
    cr_expect (strstr (cr_run.out, "it was not written"), "%s", cr_run.out);
    s_card (NULL, NULL, 20000, (const char *const[]) { "--period", "2024-Q1", "--announcement",
                                                       sheet, NULL });
    cr_expect_eq (cr_run.status, 5, "%s", cr_run.out);
    cr_expect_eq (s_files (dir), 0, "no partial file is left behind");
    s_rmdir (dir);
}

Test (card, a_ranking_that_does_not_match_its_digest_is_not_printed)
{
    ranking_t *r = s_quarter ();
    ranking_destroy (&r);
    cr_assert_eq (harness_db_command (&db,
        "ALTER TABLE ranking_entries DISABLE TRIGGER USER;"
        " UPDATE ranking_entries SET total_centi = total_centi + 1"
        "  WHERE opd_id = (SELECT id FROM opds WHERE code = 'DINKES');"
        " ALTER TABLE ranking_entries ENABLE TRIGGER USER"), 0);
    char dir[64];
    s_tempdir (dir);
    CARD (NULL, NULL, "--period", "2024-Q1", "--opd", "BAPPEDA", "--out", dir, "--announcement",
          "/dev/null");
    cr_expect_eq (cr_run.status, 1, "%s", cr_run.out);
    cr_expect (strstr (cr_run.out, "does NOT match its digest"), "%s", cr_run.out);
    cr_expect (strstr (cr_run.out, "rapor-admin verify 2024-Q1"), "%s", cr_run.out);
    cr_expect_eq (s_files (dir), 0, "nothing printed");
    s_rmdir (dir);
}

Test (card, a_card_without_earlier_quarters_says_so)
{
    s_fill ("2024-Q1", "-");
    harness_admin (&run, &server, "finalize", "2024-Q1", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    char dir[64], pdf[128];
    s_tempdir (dir);
    CARD (NULL, NULL, "--period", "2024-Q1", "--opd", "DINKES", "--out", dir);
    cr_assert_eq (cr_run.status, 0, "%s", cr_run.out);
    snprintf (pdf, sizeof pdf, "%s/DINKES.pdf", dir);
    s_poppler (PDFTOTEXT, pdf);
    static char flat[1 << 16];
    s_flat (s_text, flat, sizeof flat);
    cr_expect (strstr (flat, "Belum ada triwulan sebelumnya"), "%s", flat);
    cr_expect (!strstr (flat, "TIDAK LENGKAP") && !strstr (flat, "PENGECUALIAN"), "%s", flat);
    s_rmdir (dir);
}
