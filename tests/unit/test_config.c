/*  rapord settings: defaults, bounds, and the file format.  */
#include "config.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

Test (config, defaults)
{
    config_t c;
    config_defaults (&c);
    cr_expect_str_eq (c.endpoint, "tcp://*:7700");
    cr_expect_str_eq (c.database, "");
    cr_expect_eq (c.db_timeout_ms, 5000);
    cr_expect_eq (c.max_message_bytes, 65536);
}

Test (config, set_checks_names_and_bounds)
{
    config_t c;
    config_defaults (&c);
    char err[256];
    cr_expect (config_set (&c, "db-timeout-ms", "250", err, sizeof err));
    cr_expect_eq (c.db_timeout_ms, 250);
    cr_expect_not (config_set (&c, "db_timeout_ms", "10", err, sizeof err));
    cr_expect (strstr (err, "100"));
    cr_expect_not (config_set (&c, "db_timeout_ms", "12abc", err, sizeof err));
    cr_expect_not (config_set (&c, "colour", "blue", err, sizeof err));
    cr_expect (strstr (err, "colour"));
}

Test (config, file)
{
    char path[] = "/tmp/rapord-conf-XXXXXX";
    int fd = mkstemp (path);
    const char *text =
        "# comment\n"
        "endpoint = tcp://127.0.0.1:7800   # trailing comment\n"
        "database = \"host=/tmp dbname=rapor password=a#b\"\n"
        "\n"
        "log_level=debug\n";
    cr_assert_eq (write (fd, text, strlen (text)), (ssize_t) strlen (text));
    close (fd);
    config_t c;
    config_defaults (&c);
    char err[256] = "";
    cr_expect (config_load_file (&c, path, err, sizeof err), "%s", err);
    cr_expect_str_eq (c.endpoint, "tcp://127.0.0.1:7800");
    cr_expect_str_eq (c.database, "host=/tmp dbname=rapor password=a#b");
    cr_expect_str_eq (c.log_level, "debug");

    FILE *f = fopen (path, "w");
    fputs ("endpoint tcp://x\n", f);
    fclose (f);
    cr_expect_not (config_load_file (&c, path, err, sizeof err));
    cr_expect (strstr (err, ":1:"), "names the line: %s", err);
    unlink (path);
}

Test (config, sample_file_loads)
{
    config_t c;
    config_defaults (&c);
    char err[256] = "";
    cr_expect (config_load_file (&c, RAPOR_SOURCE_DIR "/deploy/rapord.conf", err, sizeof err),
               "%s", err);
}
