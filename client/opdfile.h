/*  opdfile.h: an OPD list as a CSV file, for `rapor-admin opd import`.

    One OPD per line: code,name,kind (RFC 4180: a name with a comma is
    "quoted", "" inside quotes is one quote), and optionally a fourth
    column, assesses: the components whose verified score this OPD gives
    by default, as codes or numbers separated by spaces ("perencanaan
    inovasi"). A first line "code,name,kind" or "code,name,kind,assesses"
    is a header; blank lines and lines starting with '#' are skipped; a
    UTF-8 byte order mark and CRLF line ends are accepted. Mistakes become
    problems that name the file's line ("line 7"), with the codes the
    server uses; the file is taken whole or not at all.  */
#ifndef RAPOR_OPDFILE_H
#define RAPOR_OPDFILE_H

#include "admin.h"
#include "problem.h"

#include <stdbool.h>
#include <stdio.h>

/*  Reads every line of `file` into a->imports (a new array the caller
    frees, also on failure) and a->import_count, and the line each row
    came from into *lines (a new array the caller frees). `name` labels
    the problems. False if the stream cannot be read or memory ran out;
    true otherwise, with problems added for bad lines.  */
bool opdfile_read (FILE *file, const char *name, admin_t *a, unsigned **lines,
                   problems_t *problems);

/*  Problems about "opds[i]..." (from admin_validate or the server) name
    the file's line instead: field "line N (code)".  */
void opdfile_name_lines (problems_t *problems, const unsigned *lines, size_t count);

#endif
