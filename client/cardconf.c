/*  cardconf.c: see cardconf.h.  */
#include "cardconf.h"
#include "i18n.h"
#include "utf8.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

void
cardconf_default (cardconf_t *self)
{
    memset (self, 0, sizeof *self);
    snprintf (self->regency, sizeof self->regency, "Pemerintah Kabupaten Banyuwangi");
    snprintf (self->font, sizeof self->font, "DejaVu Sans");
    snprintf (self->font_mono, sizeof self->font_mono, "DejaVu Sans Mono");
    snprintf (self->place, sizeof self->place, "Banyuwangi");
}

/*  Trims spaces and tabs on both ends, in place.  */
static char *
s_trim (char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen (s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

static bool
s_copy (char *dst, size_t size, const char *value)
{
    if (strlen (value) >= size)
        return false;
    snprintf (dst, size, "%s", value);
    return true;
}

/*  "TITLE | NAME [| NIP]".  */
static bool
s_signer (cardconf_t *self, char *value, const char **why)
{
    if (self->signer_count == CARDCONF_SIGNERS) {
        *why = _("at most three signers");
        return false;
    }
    cardconf_signer_t *s = &self->signers[self->signer_count];
    char *parts[3] = { value, NULL, NULL };
    for (int i = 1; i < 3; i++) {
        char *bar = parts[i - 1] ? strchr (parts[i - 1], '|') : NULL;
        if (bar) {
            *bar = '\0';
            parts[i] = bar + 1;
        }
    }
    if (!parts[1] || strchr (parts[2] ? parts[2] : "", '|')) {
        *why = _("a signer is written 'TITLE | NAME' or 'TITLE | NAME | NIP'");
        return false;
    }
    if (!*s_trim (parts[0]) || !*s_trim (parts[1])) {
        *why = _("a signer needs both a title and a name");
        return false;
    }
    if (!s_copy (s->title, sizeof s->title, s_trim (parts[0]))
    ||  !s_copy (s->name, sizeof s->name, s_trim (parts[1]))
    ||  !s_copy (s->id, sizeof s->id, parts[2] ? s_trim (parts[2]) : "")) {
        *why = _("too long");
        return false;
    }
    self->signer_count++;
    return true;
}

/*  A relative logo path is taken from the configuration's directory, so
    the file and its logo can move together.  */
static bool
s_logo (cardconf_t *self, const char *config, const char *value)
{
    const char *slash = strrchr (config, '/');
    if (value[0] == '/' || !slash)
        return s_copy (self->logo, sizeof self->logo, value);
    int n = snprintf (self->logo, sizeof self->logo, "%.*s/%s", (int) (slash - config), config,
                      value);
    return n > 0 && (size_t) n < sizeof self->logo;
}

bool
cardconf_load (cardconf_t *self, const char *path, char *err, size_t err_size)
{
    FILE *f = fopen (path, "r");
    if (!f) {
        snprintf (err, err_size, _("cannot read the configuration %s: %s"), path, strerror (errno));
        return false;
    }
    char line[8192];
    int number = 0;
    bool ok = true;
    while (ok && fgets (line, sizeof line, f)) {
        number++;
        char *text = s_trim (line);
        if (!*text || *text == '#')
            continue;
        const char *why = NULL;
        char *eq = strchr (text, '=');
        if (!eq)
            why = _("expected 'key = value'");
        else
        if (!utf8_check (text, strlen (text), NULL))
            why = _("not UTF-8");
        else {
            *eq = '\0';
            char *key = s_trim (text), *value = s_trim (eq + 1);
            bool fits = true;
            if (strcmp (key, "regency") == 0)
                fits = s_copy (self->regency, sizeof self->regency, value);
            else
            if (strcmp (key, "unit") == 0)
                fits = s_copy (self->unit, sizeof self->unit, value);
            else
            if (strcmp (key, "logo") == 0)
                fits = s_logo (self, path, value);
            else
            if (strcmp (key, "font") == 0)
                fits = s_copy (self->font, sizeof self->font, value);
            else
            if (strcmp (key, "font_mono") == 0)
                fits = s_copy (self->font_mono, sizeof self->font_mono, value);
            else
            if (strcmp (key, "place") == 0)
                fits = s_copy (self->place, sizeof self->place, value);
            else
            if (strcmp (key, "signer") == 0)
                s_signer (self, value, &why);
            else
                why = _("unknown key (known: regency, unit, logo, font, font_mono, place, signer)");
            if (!fits)
                why = _("value too long");
        }
        if (why) {
            snprintf (err, err_size, _("%s line %d: %s"), path, number, why);
            ok = false;
        }
    }
    if (ok && ferror (f)) {
        snprintf (err, err_size, _("cannot read the configuration %s: %s"), path, strerror (errno));
        ok = false;
    }
    fclose (f);
    if (ok && (!*self->font || !*self->font_mono)) {
        snprintf (err, err_size, _("%s: font and font_mono may not be empty"), path);
        ok = false;
    }
    return ok;
}
