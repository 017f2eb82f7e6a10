/*  outfile: whole or not at all, with the target's mode.  */
#include "outfile.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/rapor-outfile-XXXXXX";
static char path[256];

static void
s_setup (void)
{
    strcpy (dir, "/tmp/rapor-outfile-XXXXXX");
    cr_assert (mkdtemp (dir));
    snprintf (path, sizeof path, "%s/out.csv", dir);
}

static void
s_teardown (void)
{
    unlink (path);
    rmdir (dir);
}

static void
s_read (const char *file, char *buf, size_t size)
{
    FILE *f = fopen (file, "r");
    cr_assert (f, "%s", file);
    size_t n = fread (buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose (f);
}

static int
s_entries (void)
{
    char command[400];
    snprintf (command, sizeof command, "test $(ls -A %s | wc -l) -eq 1", dir);
    return system (command) == 0 ? 1 : 0;
}

TestSuite (outfile, .init = s_setup, .fini = s_teardown);

Test (outfile, nothing_appears_until_commit)
{
    char err[256], buf[64];
    outfile_t *file = outfile_new (path, err, sizeof err);
    cr_assert (file, "%s", err);
    fputs ("a,b\n", outfile_stream (file));
    cr_expect_neq (access (path, F_OK), 0, "the target appears only at commit");
    cr_assert (outfile_commit (&file, err, sizeof err), "%s", err);
    cr_expect_null (file);
    s_read (path, buf, sizeof buf);
    cr_expect_str_eq (buf, "a,b\n");
    cr_expect (s_entries (), "only the target is left");
}

Test (outfile, abandoned_output_leaves_the_old_file_and_no_temporary)
{
    FILE *f = fopen (path, "w");
    fputs ("old\n", f);
    fclose (f);
    char err[256], buf[64];
    outfile_t *file = outfile_new (path, err, sizeof err);
    cr_assert (file, "%s", err);
    fputs ("new, half written", outfile_stream (file));
    outfile_destroy (&file);
    cr_expect_null (file);
    outfile_destroy (&file);        /*  NULL is fine  */
    s_read (path, buf, sizeof buf);
    cr_expect_str_eq (buf, "old\n");
    cr_expect (s_entries (), "the temporary file is gone");
}

Test (outfile, keeps_the_mode_of_the_file_it_replaces)
{
    FILE *f = fopen (path, "w");
    fclose (f);
    cr_assert_eq (chmod (path, 0640), 0);
    char err[256];
    outfile_t *file = outfile_new (path, err, sizeof err);
    cr_assert (file, "%s", err);
    fputs ("x\n", outfile_stream (file));
    cr_assert (outfile_commit (&file, err, sizeof err), "%s", err);
    struct stat st;
    cr_assert_eq (stat (path, &st), 0);
    cr_expect_eq (st.st_mode & 07777, 0640);
}

Test (outfile, a_device_is_written_directly_and_its_failure_reported)
{
    char err[256];
    outfile_t *file = outfile_new ("/dev/null", err, sizeof err);
    cr_assert (file, "%s", err);
    fputs ("x\n", outfile_stream (file));
    cr_expect (outfile_commit (&file, err, sizeof err), "%s", err);
    struct stat st;
    cr_expect (stat ("/dev/null", &st) == 0 && S_ISCHR (st.st_mode), "/dev/null is still a device");

    file = outfile_new ("/dev/full", err, sizeof err);
    cr_assert (file, "%s", err);
    fputs ("x\n", outfile_stream (file));
    cr_expect_not (outfile_commit (&file, err, sizeof err));
    cr_expect (strstr (err, "/dev/full") && strstr (err, "No space left"), "%s", err);
}

Test (outfile, a_missing_directory_is_named)
{
    char err[256], bad[300];
    snprintf (bad, sizeof bad, "%s/nope/out.csv", dir);
    cr_expect_null (outfile_new (bad, err, sizeof err));
    cr_expect (strstr (err, bad) && strstr (err, "No such file"), "%s", err);
}

Test (outfile, check_reports_an_earlier_write_error)
{
    FILE *f = fopen ("/dev/full", "w");
    cr_assert (f);
    char big[8192], err[256];
    memset (big, 'x', sizeof big);
    fwrite (big, 1, sizeof big, f);     /*  past the buffer: fails now  */
    cr_expect_not (outfile_check (f, err, sizeof err));
    cr_expect (strstr (err, "No space left"), "%s", err);
    fclose (f);
}
