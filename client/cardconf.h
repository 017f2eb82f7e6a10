/*  cardconf.h: what rapor-card prints that is not in the ranking: the
    regency's name and logo, the fonts, and who signs.

    The file has one "key = value" per line; '#' starts a comment line;
    blank lines are ignored. Keys (deploy/rapor-card.conf is the sample):
      regency    the header's first line ("Pemerintah Kabupaten Banyuwangi")
      unit       an optional second line (the issuing office, an address)
      logo       a PNG, printed left of the header; a relative path is
                 relative to the configuration file's directory
      font       the text family (default "DejaVu Sans")
      font_mono  the digest's family (default "DejaVu Sans Mono")
      place      where the card is signed ("Banyuwangi"), before the date
      signer     "TITLE | NAME" or "TITLE | NAME | NIP"; up to three, printed
                 left to right in the order given
    An unknown key or a malformed line is an error: a typo must not print
    67 cards without the Bupati's name.  */
#ifndef RAPOR_CARDCONF_H
#define RAPOR_CARDCONF_H

#include <stdbool.h>
#include <stddef.h>

#define CARDCONF_SIGNERS 3
#define CARDCONF_TEXT 256

typedef struct {
    char title[CARDCONF_TEXT];
    char name[CARDCONF_TEXT];
    char id[CARDCONF_TEXT];         /*  NIP; "" for none  */
} cardconf_signer_t;

typedef struct {
    char regency[CARDCONF_TEXT];
    char unit[CARDCONF_TEXT];
    char logo[4096];                /*  "" for none  */
    char font[CARDCONF_TEXT];
    char font_mono[CARDCONF_TEXT];
    char place[CARDCONF_TEXT];
    size_t signer_count;
    cardconf_signer_t signers[CARDCONF_SIGNERS];
} cardconf_t;

/*  The defaults: Banyuwangi's name, DejaVu fonts, no logo, no signers.  */
void cardconf_default (cardconf_t *self);

/*  Reads `path` over the defaults. False, with a sentence naming the file
    and line in err, if it cannot be read or a line is wrong.  */
bool cardconf_load (cardconf_t *self, const char *path, char *err, size_t err_size);

#endif
