/*  pbw.h: a minimal protobuf writer for hostile test messages: the real
    codec cannot produce seven scores, a wrong wire type, or a body type
    the server does not know, so tests build those bytes by hand.  */
#ifndef RAPOR_PBW_H
#define RAPOR_PBW_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint8_t *data;
    size_t len;
    size_t cap;
} pbw_t;

void pbw_init (pbw_t *self);
void pbw_free (pbw_t *self);
void pbw_varint_field (pbw_t *self, uint32_t field, uint64_t value);
void pbw_bytes_field (pbw_t *self, uint32_t field, const void *data, size_t len);
void pbw_raw (pbw_t *self, const void *data, size_t len);

/*  A whole Request (version 1) whose Submit for DINKES, 2024-Q2 carries
    `scores` ComponentScores, cycling through components 1..6: the shape
    that makes protobuf-c allocate far more than the bytes it reads.  */
void pbw_flood_request (pbw_t *self, int scores);

#endif
