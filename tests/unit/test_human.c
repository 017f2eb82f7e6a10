/*  What a person reads, in the language of the messages: numbers and
    periods follow the catalog gettext chose (Indonesian: 87,50, Rp
    1.234.567, Triwulan III Tahun 2024; English: 87.50, Rp 1,234,567,
    2024-Q3), times are in WIB unless RAPOR_TZ says otherwise. Each test
    runs in its own process (Criterion), so each sets its own locale.  */
#include "human.h"
#include "i18n.h"
#include "idfmt.h"

#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

/*  2024-09-30 17:00:00 UTC: midnight of 1 October in Banyuwangi.  */
#define MIDNIGHT_WIB_US 1727715600000000LL

static void
s_language (const char *language)
{
    setenv ("RAPOR_LOCALEDIR", RAPOR_BUILD_LOCALEDIR, 1);
    setenv ("LANG", "C.UTF-8", 1);
    unsetenv ("LC_ALL");
    unsetenv ("LC_MESSAGES");
    if (language)
        setenv ("LANGUAGE", language, 1);
    else
        unsetenv ("LANGUAGE");
    unsetenv ("RAPOR_TZ");
    i18n_init ();
}

Test (human, indonesian_messages_write_indonesian_numbers)
{
    s_language ("id");
    cr_assert (i18n_indonesian (), "the build's id catalog is found (po/ compiled)");
    cr_expect_str_eq (_("Receipt: %s\n"), "Tanda terima: %s\n");
    char buf[HUMAN_MAX];
    human_centi (8750, buf, sizeof buf);
    cr_expect_str_eq (buf, "87,50");
    human_centi (123456, buf, sizeof buf);
    cr_expect_str_eq (buf, "1.234,56");
    human_rupiah (1234567, buf, sizeof buf);
    cr_expect_str_eq (buf, "Rp 1.234.567");
    human_period ("2024-Q3", buf, sizeof buf);
    cr_expect_str_eq (buf, "Triwulan III Tahun 2024");
    human_period ("not-a-period", buf, sizeof buf);
    cr_expect_str_eq (buf, "not-a-period");
}

Test (human, english_messages_write_english_numbers)
{
    s_language (NULL);
    cr_assert_not (i18n_indonesian ());
    cr_expect_str_eq (_("Receipt: %s\n"), "Receipt: %s\n");
    char buf[HUMAN_MAX];
    human_centi (8750, buf, sizeof buf);
    cr_expect_str_eq (buf, "87.50");
    human_centi (-5, buf, sizeof buf);
    cr_expect_str_eq (buf, "-0.05");
    human_rupiah (1234567, buf, sizeof buf);
    cr_expect_str_eq (buf, "Rp 1,234,567");
    human_period ("2024-Q3", buf, sizeof buf);
    cr_expect_str_eq (buf, "2024-Q3");
}

Test (human, a_language_without_a_catalog_falls_back_to_english)
{
    s_language ("fr");
    cr_expect_not (i18n_indonesian ());
    cr_expect_str_eq (_("Receipt: %s\n"), "Receipt: %s\n");
}

Test (human, times_are_in_wib_by_default)
{
    s_language (NULL);
    setenv ("TZ", "UTC0", 1);       /*  the machine's zone does not matter  */
    char buf[HUMAN_MAX];
    human_time (MIDNIGHT_WIB_US, true, buf, sizeof buf);
    cr_expect_str_eq (buf, "2024-10-01 00:00:00 WIB");
    human_time (MIDNIGHT_WIB_US, false, buf, sizeof buf);
    cr_expect_str_eq (buf, "2024-10-01 00:00 WIB");
    human_time (0, true, buf, sizeof buf);
    cr_expect_str_eq (buf, "-");
}

Test (human, rapor_tz_chooses_another_zone)
{
    s_language (NULL);
    setenv ("RAPOR_TZ", "WITA-8", 1);
    char buf[HUMAN_MAX];
    human_time (MIDNIGHT_WIB_US, false, buf, sizeof buf);
    cr_expect_str_eq (buf, "2024-10-01 01:00 WITA");
}

Test (human, numbers_in_c_stay_c_under_an_indonesian_locale)
{
    /*  i18n_init never takes LC_NUMERIC: printf of a protocol number keeps
        its dot whatever LANG says (the JSON and CSV outputs rely on it).  */
    char dir[] = "/tmp/rapor-numeric-XXXXXX", cmd[200];
    cr_assert (mkdtemp (dir));
    snprintf (cmd, sizeof cmd, "localedef -i id_ID -f UTF-8 %s/id_ID.UTF-8 >/dev/null 2>&1", dir);
    cr_assert_eq (system (cmd), 0, "localedef (Debian: locales) makes id_ID.UTF-8");
    setenv ("LOCPATH", dir, 1);
    setenv ("LC_ALL", "id_ID.UTF-8", 1);
    i18n_init ();
    snprintf (cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect_eq (system (cmd), 0);
    cr_expect_str_eq (setlocale (LC_CTYPE, NULL), "id_ID.UTF-8", "the locale was taken");
    char buf[32];
    snprintf (buf, sizeof buf, "%.2f", 87.5);
    cr_expect_str_eq (buf, "87.50");
    cr_expect_float_eq (strtod ("87.5", NULL), 87.5, 1e-9);
}
