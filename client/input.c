/*  input.c: score arguments, CSV files and assessors' sheets into
    submissions. See input.h for the forms accepted.  */
#include "input.h"
#include "i18n.h"
#include "component.h"
#include "score.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define UTF8_BOM "\xEF\xBB\xBF"
#define COMPONENTS_HINT N_("use pengawasan, perencanaan, pelaporan, anggaran, inovasi or pengadaan")

/*  ---------------------------------------------------------------------
    Scores  */

static bool
s_all (const char *s, int (*is) (int))
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!is ((unsigned char) *s))
            return false;
    return true;
}

const char *
input_parse_score (const char *text, const char *component, int32_t *centi, char *why,
                   size_t why_size)
{
    /*  Spaces around the number are what a spreadsheet or a careful typist
        leaves; they say nothing, so they are dropped, not refused.  */
    while (*text == ' ' || *text == '\t')
        text++;
    size_t len = strlen (text);
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    if (len == 0) {
        snprintf (why, why_size, _("the score for %s is empty; write a number from 0 to 100, "
                  "like 87,50"), component);
        return PROBLEM_SCORE_INVALID;
    }
    char typed[SCORE_TEXT_MAX + 8];
    if (len >= sizeof typed) {
        snprintf (why, why_size, _("the score for %s is '%.20s...', which is not a number "
                  "from 0 to 100"), component, text);
        return PROBLEM_SCORE_INVALID;
    }
    memcpy (typed, text, len);
    typed[len] = '\0';
    if (typed[len - 1] == '%') {
        snprintf (why, why_size, _("the score for %s is '%s'; write it with no percent sign, "
                  "like 80"), component, typed);
        return PROBLEM_SCORE_INVALID;
    }
    /*  One decimal mark, a comma or a dot: Indonesian and English alike.  */
    char plain[sizeof typed];
    int marks = 0;
    for (size_t i = 0; i <= len; i++) {
        plain[i] = typed[i] == ',' ? '.' : typed[i];
        marks += typed[i] == ',' || typed[i] == '.';
    }
    bool negative = plain[0] == '-' || strncmp (plain, "\xE2\x88\x92", 3) == 0;
    const char *digits = plain[0] == '-' ? plain + 1 : negative ? plain + 3 : plain;
    if (marks > 1) {
        snprintf (why, why_size, _("the score for %s is '%s'; use one decimal mark (a comma or "
                  "a dot) and no thousands mark, like 87,50"), component, typed);
        return PROBLEM_SCORE_INVALID;
    }
    int32_t value = 0;
    switch (score_parse (digits, &value)) {
        case SCORE_OK:
            if (negative && value != 0) {
                snprintf (why, why_size, _("the score for %s is %s; it must be between 0 and 100"),
                          component, typed);
                return PROBLEM_SCORE_OUT_OF_RANGE;
            }
            *centi = value;
            return NULL;
        case SCORE_OUT_OF_RANGE:
            snprintf (why, why_size, _("the score for %s is %s; it must be between 0 and 100"),
                      component, typed);
            return PROBLEM_SCORE_OUT_OF_RANGE;
        case SCORE_TOO_PRECISE:
            snprintf (why, why_size, _("the score for %s is %s; write at most two decimals, "
                      "like 87,56"), component, typed);
            return PROBLEM_SCORE_INVALID;
        case SCORE_SYNTAX:
            break;
    }
    bool letters = false, inner_space = false;
    for (const char *p = typed; *p; p++) {
        letters |= isalpha ((unsigned char) *p) != 0;
        inner_space |= *p == ' ' || *p == '\t';
    }
    if (letters)
        snprintf (why, why_size, _("the score for %s is '%s', which has letters; write digits "
                  "only, like 87,50"), component, typed);
    else
    if (inner_space)
        snprintf (why, why_size, _("the score for %s is '%s'; take out the space inside the "
                  "number, like 87,50"), component, typed);
    else
    if (marks == 1 && (digits[0] == '.' || plain[len - 1] == '.'))
        snprintf (why, why_size, _("the score for %s is '%s'; write digits on both sides of "
                  "the decimal mark, like 0,50 or 87,00"), component, typed);
    else
        snprintf (why, why_size, _("the score for %s is '%s', which is not a number; write a "
                  "number from 0 to 100, like 87,50"), component, typed);
    return PROBLEM_SCORE_INVALID;
}

/*  Adds one score given as text. `where` names its origin ("x.csv line 3"),
    `component_col` and `score_col` the columns (", column 2 (nilai)") or
    "" for an argument.  */
static void
s_add (submission_t *sub, const char *code, const char *score_text, const char *evidence,
       const char *where, const char *component_col, const char *score_col,
       problems_t *problems)
{
    const char *field = "scores";   /*  `where` in the message says which  */
    const component_t *component = component_by_code (code);
    if (!component) {
        if (*code)
            problems_add (problems, PROBLEM_COMPONENT_UNKNOWN, field,
                          _("%s%s: '%.40s' is not a component; %s."), where,
                          component_col, code, _(COMPONENTS_HINT));
        else
            problems_add (problems, PROBLEM_COMPONENT_UNKNOWN, field,
                          _("%s%s: the component is empty; %s."), where,
                          component_col, _(COMPONENTS_HINT));
        return;
    }
    int32_t centi = 0;
    char why[200];
    const char *problem = input_parse_score (score_text, code, &centi, why, sizeof why);
    if (problem) {
        problems_add (problems, problem, field, "%s%s: %s.", where, score_col, why);
        return;
    }
    submission_add_score (sub, component->id, centi, evidence, evidence ? strlen (evidence) : 0);
}

bool
input_add_argument (submission_t *sub, const char *argument, problems_t *problems)
{
    const char *eq = strchr (argument, '=');
    if (!eq || eq == argument)
        return false;
    char code[64];
    snprintf (code, sizeof code, "%.*s", (int) (eq - argument), argument);
    char where[96];
    snprintf (where, sizeof where, _("argument '%.60s'"), argument);
    s_add (sub, code, eq + 1, NULL, where, "", "", problems);
    return true;
}

bool
input_add_evidence (submission_t *sub, const char *argument, problems_t *problems)
{
    const char *eq = strchr (argument, '=');
    if (!eq || eq == argument)
        return false;
    char code[64];
    snprintf (code, sizeof code, "%.*s", (int) (eq - argument), argument);
    const component_t *component = component_by_code (code);
    for (size_t i = 0; component && i < submission_held (sub); i++)
        if (sub->scores[i].component == component->id) {
            component_score_t *s = &sub->scores[i];
            size_t len = strlen (eq + 1);
            size_t n = len < EVIDENCE_MAX_BYTES ? len : EVIDENCE_MAX_BYTES;
            memcpy (s->evidence, eq + 1, n);
            s->evidence[n] = '\0';
            s->evidence_len = len;
            return true;
        }
    problems_add (problems, PROBLEM_COMPONENT_UNKNOWN, "evidence",
                  _("--evidence %s: give a score for '%s' too, or check its spelling."), code, code);
    return true;
}

/*  ---------------------------------------------------------------------
    The CSV dialect  */

enum { COL_OPD, COL_COMPONENT, COL_SCORE, COL_EVIDENCE, COL_COUNT };
#define FIELDS_MAX 8

static const char *s_col_words[COL_COUNT][2] = {
    { "opd", "opd" }, { "component", "komponen" }, { "score", "nilai" },
    { "evidence", "bukti" }
};

typedef struct {
    bool sheet;                 /*  an opd column is expected  */
    char sep;                   /*  ',' or ';'; 0 until the first line  */
    bool known;                 /*  header read, or default columns taken  */
    int col[COL_COUNT];         /*  field index of each column, -1 if absent  */
    const char *name[COL_COUNT];   /*  its name, as the header wrote it  */
    int columns;
    bool refused;               /*  the layout is wrong: skip every row  */
} s_layout_t;

/*  Splits one CSV record in place into at most `max` fields. Handles
    "quoted, fields" and "" escapes. Returns the field count (max + 1 if
    there are more), -1 if a quote is left open.  */
static int
s_split_csv (char *line, char sep, char **fields, int max)
{
    int count = 0;
    char *read = line, *write = line;
    while (count < max) {
        fields[count++] = write;
        while (*read == ' ' || *read == '\t')
            *write++ = *read++;
        if (*read == '"') {
            write = fields[count - 1];     /*  spaces before a quote are not data  */
            read++;
            while (true) {
                if (*read == '\0')
                    return -1;
                if (*read == '"') {
                    if (read[1] == '"') {
                        *write++ = '"';
                        read += 2;
                        continue;
                    }
                    read++;
                    break;
                }
                *write++ = *read++;
            }
        }
        while (*read && *read != sep)
            *write++ = *read++;
        if (*read != sep) {
            *write = '\0';
            return count;
        }
        read++;
        *write++ = '\0';
    }
    return max + 1;     /*  a separator after the last field that fits  */
}

static char *
s_trim (char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *end = s + strlen (s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n'))
        *--end = '\0';
    return s;
}

/*  ',' or ';', whichever comes first outside quotes; ',' if neither.  */
static char
s_detect_separator (const char *line)
{
    bool quoted = false;
    for (const char *p = line; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        else
        if (!quoted && (*p == ',' || *p == ';'))
            return *p;
    }
    return ',';
}

static int
s_column_of (const char *word)
{
    for (int c = 0; c < COL_COUNT; c++)
        if (strcasecmp (word, s_col_words[c][0]) == 0 || strcasecmp (word, s_col_words[c][1]) == 0)
            return c;
    return -1;
}

static void
s_default_layout (s_layout_t *layout)
{
    int at = 0;
    for (int c = 0; c < COL_COUNT; c++) {
        layout->col[c] = c == COL_OPD && !layout->sheet ? -1 : at++;
        layout->name[c] = s_col_words[c][0];
    }
    layout->columns = at;
    layout->known = true;
}

/*  True if `text` is a header line; then fills the layout from it, and
    adds problems for a column it does not know or one it lacks.  */
static bool
s_read_header (s_layout_t *layout, const char *text, const char *where, problems_t *problems)
{
    char copy[512];
    snprintf (copy, sizeof copy, "%s", text);
    char *fields[FIELDS_MAX];
    int n = s_split_csv (copy, layout->sep, fields, FIELDS_MAX);
    if (n > FIELDS_MAX)
        n = FIELDS_MAX;
    /*  A data row never holds a column's name ("nilai" is not a score, nor
        "komponen" a component), so one such name makes a header.  */
    bool header = false;
    for (int i = 0; i < n; i++)
        header |= s_column_of (s_trim (fields[i])) >= 0;
    if (!header)
        return false;
    for (int c = 0; c < COL_COUNT; c++)
        layout->col[c] = -1;
    layout->columns = n;
    layout->known = true;
    for (int i = 0; i < n; i++) {
        const char *word = s_trim (fields[i]);
        if (!*word)
            continue;       /*  a cell Excel padded the header with  */
        int c = s_column_of (word);
        if (c < 0 || layout->col[c] >= 0) {
            problems_add (problems, PROBLEM_SCORE_INVALID, "csv",
                          _("%s, column %d: '%.30s' %s; the columns are opd (sheets only), "
                          "component or komponen, score or nilai, evidence or bukti."),
                          where, i + 1, word, c < 0 ? _("is not a column") : _("appears twice"));
            layout->refused = true;
            continue;
        }
        layout->col[c] = i;
        layout->name[c] = c == COL_OPD ? "opd" : strcasecmp (word, s_col_words[c][1]) == 0
                        ? s_col_words[c][1] : s_col_words[c][0];
    }
    /*  A misspelt column is the cause; "no component column" would only
        repeat it.  */
    for (int c = COL_OPD; c <= COL_SCORE && !layout->refused; c++)
        if (layout->col[c] < 0 && (c != COL_OPD || layout->sheet)) {
            if (c == COL_OPD)
                problems_add (problems, PROBLEM_SCORE_INVALID, "csv",
                              _("%s: the header has no opd column, so this is not an assessor's "
                              "sheet; for one OPD's scores give --opd CODE."), where);
            else
                problems_add (problems, PROBLEM_SCORE_INVALID, "csv",
                              _("%s: the header has no %s column (or %s); separator '%c'."), where,
                              s_col_words[c][0], s_col_words[c][1], layout->sep);
            layout->refused = true;
        }
    if (layout->col[COL_OPD] >= 0 && !layout->sheet) {
        problems_add (problems, PROBLEM_SCORE_INVALID, "csv",
                      _("%s: this file has an opd column, so it holds many OPDs' scores; "
                      "leave out --opd to send each OPD's rows as its own submission."), where);
        layout->refused = true;
    }
    return true;
}

/*  "87" then "5" in a comma-separated line is most likely 87,5 typed with
    a decimal comma: taking 5 as evidence would store the wrong score.  */
static bool
s_split_decimal (const s_layout_t *layout, char **fields, int n, int score_at)
{
    return layout->sep == ',' && score_at + 1 < n && s_all (s_trim (fields[score_at]), isdigit)
        && strlen (s_trim (fields[score_at + 1])) <= 2 && s_all (s_trim (fields[score_at + 1]), isdigit);
}

/*  One data row. The opd field goes to *opd (NULL for a plain CSV).
    False, with a problem, if the row has the wrong shape.  */
static bool
s_split_row (s_layout_t *layout, char *text, const char *where, char **opd, char **component,
             char **score, char **evidence, problems_t *problems)
{
    char *fields[FIELDS_MAX];
    int n = s_split_csv (text, layout->sep, fields, FIELDS_MAX);
    /*  A spreadsheet pads short rows with empty cells up to its widest.  */
    while (n > layout->columns && n <= FIELDS_MAX && !*s_trim (fields[n - 1]))
        n--;
    int need = 0;
    for (int c = COL_OPD; c <= COL_SCORE; c++)
        if (layout->col[c] + 1 > need)
            need = layout->col[c] + 1;
    int score_at = layout->col[COL_SCORE];
    int evidence_at = layout->col[COL_EVIDENCE];
    bool decimal = n > score_at + 1 && score_at + 1 < FIELDS_MAX
                && (evidence_at < 0 || evidence_at == score_at + 1)
                && s_split_decimal (layout, fields, n, score_at);
    if (n < 0 || n < need || n > layout->columns || decimal) {
        char expect[96] = "";
        for (int i = 0; i < layout->columns; i++)
            for (int c = 0; c < COL_COUNT; c++)
                if (layout->col[c] == i) {
                    size_t used = strlen (expect);
                    snprintf (expect + used, sizeof expect - used, "%s%s",
                              i ? (layout->sep == ';' ? ";" : ",") : "", layout->name[c]);
                }
        const char *hint = n < 0 ? _("; a quote is not closed")
                         : decimal ? _("; a decimal comma splits the score here: write 87.5, "
                                       "quote it (\"87,5\") or separate with ';'")
                         : n > layout->columns ? _("; quote a text that holds the separator")
                         : "";
        problems_add (problems, PROBLEM_SCORE_INVALID, "csv",
                      _("%s: expected the fields '%s', separated by '%c'%s."), where, expect,
                      layout->sep, hint);
        return false;
    }
    *opd = layout->col[COL_OPD] >= 0 ? s_trim (fields[layout->col[COL_OPD]]) : NULL;
    *component = s_trim (fields[layout->col[COL_COMPONENT]]);
    *score = fields[score_at];
    *evidence = evidence_at >= 0 && evidence_at < n && *fields[evidence_at]
              ? fields[evidence_at] : NULL;
    return true;
}

/*  Reads lines until the end, calling `row` for each data row. Problems
    that belong to no row go to `problems`.  */
typedef void (s_row_fn) (void *arg, int line, const char *where, const s_layout_t *layout,
                         char *opd, char *component, char *score, char *evidence);

static bool
s_read (FILE *file, const char *name, s_layout_t *layout, crypto_hash_sha256_state *hash,
        s_row_fn *row, void *arg, problems_t *problems)
{
    char *line = NULL;
    size_t cap = 0;
    int number = 0;
    ssize_t got;
    while ((got = getline (&line, &cap, file)) != -1) {
        number++;
        if (hash)
            crypto_hash_sha256_update (hash, (const unsigned char *) line, (size_t) got);
        char where[96];
        snprintf (where, sizeof where, _("%.50s line %d"), name, number);
        if (number == 1 && got >= 2 && ((line[0] == '\xFF' && line[1] == '\xFE')
                                     || (line[0] == '\xFE' && line[1] == '\xFF'))) {
            problems_add (problems, PROBLEM_EVIDENCE_INVALID, "csv",
                          _("%s is UTF-16 text (Excel's \"Unicode Text\"); save it as "
                          "\"CSV UTF-8 (Comma delimited)\" or \"CSV (Comma delimited)\"."), name);
            break;
        }
        if ((size_t) got != strlen (line)) {
            problems_add (problems, PROBLEM_EVIDENCE_INVALID, "csv",
                          _("%s contains a NUL byte; save the file as UTF-8 text."), where);
            continue;
        }
        char *text = line;
        if (number == 1 && strncmp (text, UTF8_BOM, 3) == 0)
            text += 3;     /*  Excel's "CSV UTF-8" starts so; it is not data  */
        text = s_trim (text);
        if (*text == '\0' || *text == '#' || layout->refused)
            continue;
        if (!layout->sep)
            layout->sep = s_detect_separator (text);
        if (!layout->known) {
            if (s_read_header (layout, text, where, problems))
                continue;
            s_default_layout (layout);
        }
        char *opd, *component, *score, *evidence;
        if (s_split_row (layout, text, where, &opd, &component, &score, &evidence, problems))
            row (arg, number, where, layout, opd, component, score, evidence);
    }
    bool ok = !ferror (file);
    free (line);
    return ok;
}

/*  ", column 2 (nilai)" for messages.  */
static void
s_column_label (const s_layout_t *layout, int c, char *buf, size_t size)
{
    snprintf (buf, size, _(", column %d (%s)"), layout->col[c] + 1, layout->name[c]);
}

static void
s_add_row (submission_t *sub, const char *where, const s_layout_t *layout, char *component,
           char *score, char *evidence, problems_t *problems)
{
    char ccol[40], scol[40];
    s_column_label (layout, COL_COMPONENT, ccol, sizeof ccol);
    s_column_label (layout, COL_SCORE, scol, sizeof scol);
    s_add (sub, component, score, evidence, where, ccol, scol, problems);
}

typedef struct {
    submission_t *sub;
    problems_t *problems;
} s_csv_arg_t;

static void
s_csv_row (void *arg, int line, const char *where, const s_layout_t *layout, char *opd,
           char *component, char *score, char *evidence)
{
    (void) line;
    (void) opd;
    s_csv_arg_t *a = arg;
    s_add_row (a->sub, where, layout, component, score, evidence, a->problems);
}

bool
input_read_csv (submission_t *sub, FILE *file, const char *name, problems_t *problems)
{
    s_layout_t layout = { .sheet = false };
    s_csv_arg_t arg = { sub, problems };
    return s_read (file, name, &layout, NULL, s_csv_row, &arg, problems);
}

/*  ---------------------------------------------------------------------
    Sheets  */

input_sheet_t *
input_sheet_new (void)
{
    input_sheet_t *self = calloc (1, sizeof *self);
    if (self)
        problems_init (&self->problems);
    return self;
}

void
input_sheet_destroy (input_sheet_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    input_sheet_t *self = *self_p;
    for (size_t i = 0; i < self->count; i++)
        free (self->groups[i].submission);
    free (self->groups);
    free (self);
    *self_p = NULL;
}

/*  The group of `opd`, added at the end if new; NULL if out of memory.  */
static input_group_t *
s_group (input_sheet_t *self, const char *opd)
{
    for (size_t i = 0; i < self->count; i++)
        if (strcmp (self->groups[i].opd, opd) == 0)
            return &self->groups[i];
    if (self->count == self->capacity) {
        size_t capacity = self->capacity ? self->capacity * 2 : 64;
        input_group_t *groups = realloc (self->groups, capacity * sizeof *groups);
        if (!groups)
            return NULL;
        self->groups = groups;
        self->capacity = capacity;
    }
    input_group_t *g = &self->groups[self->count];
    memset (g, 0, sizeof *g);
    g->submission = malloc (sizeof *g->submission);
    if (!g->submission)
        return NULL;
    self->count++;
    snprintf (g->opd, sizeof g->opd, "%s", opd);
    submission_init (g->submission);
    submission_set_opd (g->submission, opd, strlen (opd));
    problems_init (&g->problems);
    return g;
}

typedef struct {
    input_sheet_t *sheet;
    bool out_of_memory;
} s_sheet_arg_t;

static void
s_sheet_row (void *arg, int line, const char *where, const s_layout_t *layout, char *opd,
             char *component, char *score, char *evidence)
{
    s_sheet_arg_t *a = arg;
    input_sheet_t *self = a->sheet;
    self->rows++;
    if (!*opd) {
        problems_add (&self->problems, PROBLEM_OPD_INVALID, "opd",
                      _("%s, column %d (opd): the OPD is empty; write its code, like DINKES."),
                      where, layout->col[COL_OPD] + 1);
        return;
    }
    if (strlen (opd) > OPD_CODE_MAX) {
        problems_add (&self->problems, PROBLEM_OPD_INVALID, "opd",
                      _("%s, column %d (opd): '%.40s' is not an OPD code (2 to 16 of A-Z, 0-9 "
                      "and _, like DINKES)."), where, layout->col[COL_OPD] + 1, opd);
        return;
    }
    input_group_t *g = s_group (self, opd);
    if (!g) {
        a->out_of_memory = true;
        return;
    }
    size_t used = strlen (g->lines);
    snprintf (g->lines + used, sizeof g->lines - used, "%s%d", used ? ", " : "", line);
    s_add_row (g->submission, where, layout, component, score, evidence, &g->problems);
}

bool
input_sheet_read (input_sheet_t *self, FILE *file, const char *name)
{
    s_layout_t layout = { .sheet = true };
    s_sheet_arg_t arg = { self, false };
    crypto_hash_sha256_state hash;
    crypto_hash_sha256_init (&hash);
    bool ok = s_read (file, name, &layout, &hash, s_sheet_row, &arg, &self->problems);
    crypto_hash_sha256_final (&hash, self->sha256);
    return ok && !arg.out_of_memory;
}

bool
input_sheet_has_problems (const input_sheet_t *self)
{
    if (!problems_empty (&self->problems))
        return true;
    for (size_t i = 0; i < self->count; i++)
        if (!problems_empty (&self->groups[i].problems))
            return true;
    return false;
}
