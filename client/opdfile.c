/*  opdfile.c: see opdfile.h.  */
#include "opdfile.h"
#include "i18n.h"
#include "text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define S_LINE_MAX 4096         /*  a longer line is refused, not cut  */

/*  Splits one line into at most `max` fields, in place. Returns the
    number of fields, or -1 if a quote is not closed.  */
static int
s_split (char *line, char **fields, int max)
{
    int n = 0;
    char *in = line;
    while (n < max + 1) {
        char *out = in, *start = in;
        if (*in == '"') {
            in++;
            for (;;) {
                if (*in == '\0')
                    return -1;
                if (*in == '"' && in[1] == '"') {
                    *out++ = '"';
                    in += 2;
                }
                else
                if (*in == '"') {
                    in++;
                    break;
                }
                else
                    *out++ = *in++;
            }
            if (*in != ',' && *in != '\0')
                return -1;
        }
        else {
            while (*in && *in != ',')
                *out++ = *in++;
        }
        char end = *in;
        *out = '\0';
        if (n < max)
            fields[n] = start;
        n++;
        if (end == '\0')
            break;
        in++;
    }
    return n;
}

/*  Leading and trailing blanks go: spreadsheets add them.  */
static char *
s_trim (char *text)
{
    while (*text == ' ' || *text == '\t')
        text++;
    size_t len = strlen (text);
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        text[--len] = '\0';
    return text;
}

/*  The fourth column: component codes or numbers, separated by spaces
    (or ';' or '/', which a spreadsheet keeps in one cell), into
    row->assesses. False, with a problem naming the line, for a word that
    is no component or more words than there are components.  */
static bool
s_assesses (admin_opd_t *row, char *cell, const char *name, unsigned number,
            problems_t *problems)
{
    char field[PROBLEM_FIELD_MAX];
    snprintf (field, sizeof field, _("line %u (assesses)"), number);
    char *save = NULL;
    for (char *word = strtok_r (cell, " \t;/", &save); word;
         word = strtok_r (NULL, " \t;/", &save)) {
        for (char *p = word; *p; p++)
            *p = (char) tolower ((unsigned char) *p);       /*  "Pengawasan" too  */
        const component_t *c = component_by_code (word);
        char *end = NULL;
        unsigned long id = strtoul (word, &end, 10);
        if (!c && *end == '\0' && end != word)
            c = component_by_id ((uint32_t) id);
        if (!c) {
            problems_add (problems, PROBLEM_ADMIN_INVALID, field,
                          _("%s line %u: '%.40s' is not a component; write their codes "
                          "(pengawasan perencanaan pelaporan anggaran inovasi pengadaan) or "
                          "numbers 1-6, separated by spaces."), name, number, word);
            return false;
        }
        if (row->assess_count == COMPONENT_COUNT) {
            problems_add (problems, PROBLEM_ADMIN_INVALID, field,
                          _("%s line %u: more than the %d components."), name, number,
                          COMPONENT_COUNT);
            return false;
        }
        row->assesses[row->assess_count++] = c->id;
    }
    row->assess_carried = row->assess_count;
    return true;
}

bool
opdfile_read (FILE *file, const char *name, admin_t *a, unsigned **lines, problems_t *problems)
{
    size_t cap = 64;
    a->imports = calloc (cap, sizeof *a->imports);
    *lines = calloc (cap, sizeof **lines);
    a->import_count = 0;
    if (!a->imports || !*lines)
        return false;
    char line[S_LINE_MAX + 2];
    unsigned number = 0;
    while (fgets (line, sizeof line, file)) {
        number++;
        char field[PROBLEM_FIELD_MAX];
        snprintf (field, sizeof field, _("line %u"), number);
        size_t len = strlen (line);
        if (len == sizeof line - 1 && line[len - 1] != '\n') {
            problems_add (problems, PROBLEM_ADMIN_INVALID, field,
                          _("%s line %u is longer than %d bytes."), name, number, S_LINE_MAX);
            int c;
            while ((c = fgetc (file)) != EOF && c != '\n')
                ;
            continue;
        }
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        char *text = line;
        if (number == 1 && strncmp (text, "\xEF\xBB\xBF", 3) == 0)
            text += 3;
        text = s_trim (text);
        if (*text == '\0' || *text == '#')
            continue;
        char *fields[4];
        int n = s_split (text, fields, 4);
        if (n != 3 && n != 4) {
            problems_add (problems, PROBLEM_ADMIN_INVALID, field,
                          _("%s line %u: write code,name,kind[,assesses] (3 or 4 fields, a name "
                          "with a comma in \"quotes\"); found %s."), name, number,
                          n < 0 ? _("an unclosed quote") : n < 3 ? _("fewer fields") : _("more fields"));
            continue;
        }
        char *code = s_trim (fields[0]), *opd_name = s_trim (fields[1]);
        char *kind = s_trim (fields[2]);
        char *assesses = n == 4 ? s_trim (fields[3]) : "";
        if (a->import_count == 0 && strcmp (code, "code") == 0 && strcmp (opd_name, "name") == 0
        &&  strcmp (kind, "kind") == 0 && (n == 3 || strcmp (assesses, "assesses") == 0))
            continue;       /*  the header  */
        if (a->import_count == ADMIN_IMPORT_MAX) {
            problems_add (problems, PROBLEM_ADMIN_INVALID, field,
                          _("%s line %u: one import takes at most %d OPDs."), name, number,
                          ADMIN_IMPORT_MAX);
            break;
        }
        if (a->import_count == cap) {
            cap *= 2;
            admin_opd_t *more = realloc (a->imports, cap * sizeof *more);
            unsigned *more_lines = more ? realloc (*lines, cap * sizeof *more_lines) : NULL;
            if (more)
                a->imports = more;
            if (!more_lines)
                return false;
            *lines = more_lines;
        }
        admin_opd_t *row = &a->imports[a->import_count];
        memset (row, 0, sizeof *row);
        text_copy (row->code, OPD_CODE_MAX, &row->code_len, code, strlen (code));
        text_copy (row->name, ADMIN_NAME_MAX_BYTES, &row->name_len, opd_name, strlen (opd_name));
        text_copy (row->kind, ADMIN_KIND_MAX, &row->kind_len, kind, strlen (kind));
        if (!s_assesses (row, assesses, name, number, problems))
            continue;
        (*lines)[a->import_count++] = number;
    }
    if (ferror (file))
        return false;
    if (a->import_count == 0 && problems->count == 0)
        problems_add (problems, PROBLEM_ADMIN_INVALID, "file",
                      _("%s holds no OPD: write one code,name,kind per line."), name);
    return true;
}

void
opdfile_name_lines (problems_t *problems, const unsigned *lines, size_t count)
{
    for (size_t k = 0; k < problems->count; k++) {
        problem_t *p = &problems->items[k];
        char *end = NULL;
        if (strncmp (p->field, "opds[", 5) != 0)
            continue;
        unsigned long i = strtoul (p->field + 5, &end, 10);
        if (!end || *end != ']' || i >= count)
            continue;
        const char *what = end[1] == '.' ? end + 2 : "";
        char field[PROBLEM_FIELD_MAX];
        snprintf (field, sizeof field, _("line %u (%.16s)"), lines[i], what);
        snprintf (p->field, sizeof p->field, "%s", field);
    }
}
