/*  pgarray.h: PostgreSQL array literals ({"a","b",NULL}) built up element
    by element, to send a whole batch as one parameter per column.

    Every element is quoted and escaped, so any text is safe inside;
    bytea goes in as hex. Out of memory is remembered: pgarray_text then
    returns NULL.  */
#ifndef RAPOR_PGARRAY_H
#define RAPOR_PGARRAY_H

#include <stddef.h>

typedef struct _pgarray_t pgarray_t;

/*  An empty array, or NULL if out of memory.  */
pgarray_t *pgarray_new (void);

void pgarray_destroy (pgarray_t **self_p);

/*  Empties the array for reuse, keeping its memory.  */
void pgarray_reset (pgarray_t *self);

/*  `len` bytes of text (no NUL inside); NULL text adds a NULL element.  */
void pgarray_add_text (pgarray_t *self, const char *text, size_t len);

/*  Bytes, as a bytea element in hex.  */
void pgarray_add_bytea (pgarray_t *self, const void *bytes, size_t len);

void pgarray_add_int (pgarray_t *self, long long value);

/*  The literal, valid until the next add or destroy; NULL if any add ran
    out of memory.  */
const char *pgarray_text (pgarray_t *self);

#endif
