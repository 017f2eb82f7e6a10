/*  i18n.h: the tools speak the reader's language (gettext, domain "rapor").

    Every message meant for a person is written in English in the source
    and wrapped in _() (or N_() where it must stay a constant); po/id.po
    carries the Indonesian. The language follows LANGUAGE / LC_ALL /
    LC_MESSAGES / LANG as gettext reads them; English is the fallback.

    Only LC_MESSAGES and LC_CTYPE are taken from the environment: LC_NUMERIC
    stays "C" so every printf/strtod of a protocol, JSON, CSV or SQL number
    keeps its decimal dot whatever the user's locale (a test proves JSON and
    CSV are byte-identical under LANG=id_ID.UTF-8). Human output that wants
    Indonesian number forms asks i18n_indonesian() and uses idfmt.h.

    The catalogs are read from RAPOR_LOCALEDIR (compiled in: the install
    prefix's share/locale) unless the environment variable RAPOR_LOCALEDIR
    names another folder, as the tests do with the build tree's.  */
#ifndef RAPOR_I18N_H
#define RAPOR_I18N_H

#include <libintl.h>
#include <stdbool.h>

#define RAPOR_TEXTDOMAIN "rapor"
#define _(s) gettext (s)
#define N_(s) s

/*  Reads the locale from the environment (messages and character type
    only) and binds the "rapor" domain. Call first thing in every main.  */
void i18n_init (void);

/*  True when the messages are being printed in Indonesian (the catalog in
    use says "Language: id"), so human output writes 87,50 and Rp 1.234.567.
    JSON, CSV and the protocol never ask.  */
bool i18n_indonesian (void);

#endif
