/*  pgarray.c: PostgreSQL array literals. See pgarray.h.

    The text form: '{' elements separated by ',' '}'. A quoted element
    holds anything, with '"' and '\' escaped by '\'; an unquoted NULL is
    the null value. We always quote, so no element needs to be looked at
    twice.  */
#include "pgarray.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct _pgarray_t {
    char *data;
    size_t len, cap;
    size_t count;
    bool failed;
};

pgarray_t *
pgarray_new (void)
{
    pgarray_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->cap = 256;
    self->data = malloc (self->cap);
    if (!self->data) {
        free (self);
        return NULL;
    }
    self->data[0] = '{';
    self->len = 1;
    return self;
}

void
pgarray_destroy (pgarray_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    free ((*self_p)->data);
    free (*self_p);
    *self_p = NULL;
}

void
pgarray_reset (pgarray_t *self)
{
    if (!self)
        return;
    self->len = 1;          /*  the '{'  */
    self->count = 0;
    self->failed = false;
}

/*  Room for `more` bytes and the closing "}\0".  */
static bool
s_room (pgarray_t *self, size_t more)
{
    if (self->failed)
        return false;
    size_t need = self->len + more + 2;
    if (need <= self->cap)
        return true;
    size_t cap = self->cap;
    while (cap < need)
        cap *= 2;
    char *data = realloc (self->data, cap);
    if (!data) {
        self->failed = true;
        return false;
    }
    self->data = data;
    self->cap = cap;
    return true;
}

/*  The separator before every element but the first.  */
static bool
s_start (pgarray_t *self, size_t more)
{
    if (!s_room (self, more + 1))
        return false;
    if (self->count++)
        self->data[self->len++] = ',';
    return true;
}

void
pgarray_add_text (pgarray_t *self, const char *text, size_t len)
{
    if (!text) {
        if (s_start (self, 4)) {
            memcpy (self->data + self->len, "NULL", 4);
            self->len += 4;
        }
        return;
    }
    if (!s_start (self, 2 * len + 2))       /*  every byte escaped, at worst  */
        return;
    char *out = self->data + self->len;
    *out++ = '"';
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '"' || text[i] == '\\')
            *out++ = '\\';
        *out++ = text[i];
    }
    *out++ = '"';
    self->len = (size_t) (out - self->data);
}

void
pgarray_add_bytea (pgarray_t *self, const void *bytes, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    if (!s_start (self, 2 * len + 5))
        return;
    char *out = self->data + self->len;
    /*  "\\x...": the array's escaped backslash, then bytea's hex form.  */
    memcpy (out, "\"\\\\x", 4);
    out += 4;
    const unsigned char *b = bytes;
    for (size_t i = 0; i < len; i++) {
        *out++ = hex[b[i] >> 4];
        *out++ = hex[b[i] & 15];
    }
    *out++ = '"';
    self->len = (size_t) (out - self->data);
}

void
pgarray_add_int (pgarray_t *self, long long value)
{
    char number[24];
    int n = snprintf (number, sizeof number, "%lld", value);
    if (s_start (self, (size_t) n)) {
        memcpy (self->data + self->len, number, (size_t) n);
        self->len += (size_t) n;
    }
}

const char *
pgarray_text (pgarray_t *self)
{
    if (!self || !s_room (self, 0))
        return NULL;
    self->data[self->len] = '}';
    self->data[self->len + 1] = '\0';
    return self->data;
}
