/*  problem.c: bounded list of request problems.  */
#include "problem.h"
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
problems_init (problems_t *self)
{
    memset (self, 0, sizeof *self);
}

void
problems_add (problems_t *self, const char *code, const char *field,
              const char *format, ...)
{
    if (self->count == PROBLEM_MAX) {
        self->dropped++;
        return;
    }
    problem_t *p = &self->items[self->count++];
    snprintf (p->code, sizeof p->code, "%s", code);
    snprintf (p->field, sizeof p->field, "%s", field ? field : "");
    va_list args;
    va_start (args, format);
    int n = vsnprintf (p->message, sizeof p->message, format, args);
    va_end (args);
    if (n >= (int) sizeof p->message)
        text_end_whole (p->message);    /*  a message cut is still UTF-8  */
}

bool
problems_empty (const problems_t *self)
{
    return self->count == 0 && self->dropped == 0;
}

bool
problems_has (const problems_t *self, const char *code)
{
    for (size_t i = 0; i < self->count; i++)
        if (strcmp (self->items[i].code, code) == 0)
            return true;
    return false;
}
