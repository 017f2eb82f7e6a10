/*  input.c: score arguments and CSV into a submission_t.  */
#include "input.h"
#include "component.h"
#include "score.h"

#include <stdlib.h>
#include <string.h>

/*  Adds one score given as text; `where` names its origin for messages.  */
static void
s_add (submission_t *sub, const char *code, const char *score_text, const char *evidence,
       const char *where, problems_t *problems)
{
    const char *field = "scores";   /*  `where` in the message says which  */
    const component_t *component = component_by_code (code);
    if (!component) {
        problems_add (problems, PROBLEM_COMPONENT_UNKNOWN, field,
                      "%s: '%s' is not a component; use pengawasan, perencanaan, "
                      "pelaporan, anggaran, inovasi or pengadaan.", where, code);
        return;
    }
    int32_t centi = 0;
    switch (score_parse (score_text, &centi)) {
        case SCORE_OK:
            break;
        case SCORE_OUT_OF_RANGE:
            problems_add (problems, PROBLEM_SCORE_OUT_OF_RANGE, field,
                          "%s: the score for %s is %s; it must be between 0.00 and 100.00.",
                          where, code, score_text);
            return;
        case SCORE_TOO_PRECISE:
            problems_add (problems, PROBLEM_SCORE_INVALID, field,
                          "%s: the score for %s has more than two decimals (%s); "
                          "round it to two, like 87.55.", where, code, score_text);
            return;
        case SCORE_SYNTAX:
            problems_add (problems, PROBLEM_SCORE_INVALID, field,
                          "%s: the score for %s is '%s'; write a number like 87.50 "
                          "with a dot, not a comma.", where, code, score_text);
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
    snprintf (where, sizeof where, "argument '%.60s'", argument);
    s_add (sub, code, eq + 1, NULL, where, problems);
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
                  "--evidence %s: give a score for '%s' too, or check its spelling.", code, code);
    return true;
}

/*  Splits one CSV record in place into at most `max` fields. Handles
    "quoted, fields" and "" escapes. Returns the field count, -1 if a quote
    is left open.  */
static int
s_split_csv (char *line, char **fields, int max)
{
    int count = 0;
    char *read = line, *write = line;
    while (count < max) {
        fields[count++] = write;
        if (*read == '"') {
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
        while (*read && *read != ',')
            *write++ = *read++;
        if (*read != ',') {
            *write = '\0';
            return count;
        }
        read++;
        *write++ = '\0';
    }
    return *read ? max + 1 : count;
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

bool
input_read_csv (submission_t *sub, FILE *file, const char *name, problems_t *problems)
{
    char *line = NULL;
    size_t cap = 0;
    int number = 0;
    ssize_t got;
    while ((got = getline (&line, &cap, file)) != -1) {
        number++;
        char where[160];
        snprintf (where, sizeof where, "%.120s line %d", name, number);
        if ((size_t) got != strlen (line)) {
            problems_add (problems, PROBLEM_EVIDENCE_INVALID, "csv",
                          "%s contains a NUL byte; save the file as UTF-8 text.", where);
            continue;
        }
        char *text = s_trim (line);
        if (*text == '\0' || *text == '#')
            continue;
        if (number == 1 && strncmp (text, "component", 9) == 0)
            continue;
        char *fields[3];
        int n = s_split_csv (text, fields, 3);
        if (n < 2 || n > 3) {
            problems_add (problems, PROBLEM_SCORE_INVALID, "csv",
                          "%s: expected 'component,score' or 'component,score,\"evidence\"'%s.",
                          where, n < 0 ? " (a quote is not closed)" : "");
            continue;
        }
        const char *evidence = n == 3 ? fields[2] : NULL;
        s_add (sub, s_trim (fields[0]), s_trim (fields[1]),
               evidence && *evidence ? evidence : NULL, where, problems);
    }
    bool ok = !ferror (file);
    free (line);
    return ok;
}
