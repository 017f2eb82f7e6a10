/*  pbw.c: protobuf wire format, varint and length-delimited only.  */
#include "pbw.h"

#include <stdlib.h>
#include <string.h>

void
pbw_init (pbw_t *self)
{
    memset (self, 0, sizeof *self);
}

void
pbw_free (pbw_t *self)
{
    free (self->data);
    pbw_init (self);
}

void
pbw_raw (pbw_t *self, const void *data, size_t len)
{
    if (self->len + len > self->cap) {
        size_t cap = (self->len + len) * 2 + 64;
        uint8_t *grown = realloc (self->data, cap);
        if (!grown)
            abort ();
        self->data = grown;
        self->cap = cap;
    }
    if (len)
        memcpy (self->data + self->len, data, len);
    self->len += len;
}

static void
s_varint (pbw_t *self, uint64_t value)
{
    uint8_t buf[10];
    size_t n = 0;
    do {
        buf[n] = (uint8_t) (value & 0x7F);
        value >>= 7;
        if (value)
            buf[n] |= 0x80;
        n++;
    } while (value);
    pbw_raw (self, buf, n);
}

void
pbw_varint_field (pbw_t *self, uint32_t field, uint64_t value)
{
    s_varint (self, (uint64_t) field << 3 | 0);
    s_varint (self, value);
}

void
pbw_bytes_field (pbw_t *self, uint32_t field, const void *data, size_t len)
{
    s_varint (self, (uint64_t) field << 3 | 2);
    s_varint (self, len);
    pbw_raw (self, data, len);
}

void
pbw_flood_request (pbw_t *self, int scores)
{
    pbw_t score, submit;
    pbw_init (&submit);
    pbw_bytes_field (&submit, 1, "0123456789abcdef", 16);
    pbw_bytes_field (&submit, 2, "2024-Q2", 7);
    pbw_bytes_field (&submit, 3, "DINKES", 6);
    for (int i = 0; i < scores; i++) {
        pbw_init (&score);
        pbw_varint_field (&score, 1, (uint64_t) (i % 6) + 1);
        pbw_varint_field (&score, 2, 5000);
        pbw_bytes_field (&submit, 4, score.data, score.len);
        pbw_free (&score);
    }
    pbw_init (self);
    pbw_varint_field (self, 1, 1);
    pbw_bytes_field (self, 16, submit.data, submit.len);
    pbw_free (&submit);
}
