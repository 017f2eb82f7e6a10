/*  i18n.c: setlocale and bindtextdomain, once, for every tool.  */
#include "i18n.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#ifndef RAPOR_LOCALEDIR
#define RAPOR_LOCALEDIR "/usr/share/locale"
#endif

void
i18n_init (void)
{
    /*  Not LC_ALL: LC_NUMERIC must stay "C" (see i18n.h), and LC_TIME,
        LC_COLLATE are never consulted on purpose. LC_CTYPE tells gettext
        the terminal's character set.  */
    setlocale (LC_MESSAGES, "");
    setlocale (LC_CTYPE, "");
    const char *dir = getenv ("RAPOR_LOCALEDIR");
    bindtextdomain (RAPOR_TEXTDOMAIN, dir && *dir ? dir : RAPOR_LOCALEDIR);
    /*  The translations are UTF-8, and so is everything else Rapor prints.  */
    bind_textdomain_codeset (RAPOR_TEXTDOMAIN, "UTF-8");
    textdomain (RAPOR_TEXTDOMAIN);
}

bool
i18n_indonesian (void)
{
    /*  The catalog's header is the translation of "": it names the
        language of the file that gettext chose for these messages.  */
    static const char empty[] = "";     /*  not a literal: xgettext skips it  */
    const char *header = gettext (empty);
    if (!header || !*header)
        return false;
    const char *lang = strstr (header, "Language: ");
    return lang && strncmp (lang + 10, "id", 2) == 0;
}
