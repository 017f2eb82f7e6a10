/*  codec.h: the only door between protobuf bytes and Rapor's own structs.

    Nothing outside codec.c includes rapor.pb-c.h. Decoding copies every
    field into plain structs and frees the unpacked message on every path,
    so callers never hold protobuf-c memory. Decoding checks only what the
    wire can get wrong (bytes that are not protobuf, no body, sizes);
    the business rules are submission_validate's.  */
#ifndef RAPOR_CODEC_H
#define RAPOR_CODEC_H

#include "problem.h"
#include "submission.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROTOCOL_VERSION 1

typedef enum {
    REQUEST_NONE = 0,       /*  body missing or of a type we do not know  */
    REQUEST_SUBMIT,
    REQUEST_PING
} request_kind_t;

typedef struct {
    uint32_t version;
    uint64_t request_id;
    request_kind_t kind;
    submission_t submit;    /*  valid when kind == REQUEST_SUBMIT  */
} request_t;

typedef enum {
    REPLY_NONE = 0,
    REPLY_RECEIPT,
    REPLY_REJECTION,
    REPLY_UNAVAILABLE,
    REPLY_PONG
} reply_kind_t;

typedef struct {
    uint8_t submission_id[SUBMISSION_ID_LEN];
    int64_t stored_at_us;
    uint32_t score_count;
    bool duplicate;
} receipt_t;

typedef struct {
    uint32_t version;
    uint64_t request_id;
    reply_kind_t kind;
    receipt_t receipt;              /*  REPLY_RECEIPT  */
    problems_t problems;            /*  REPLY_REJECTION  */
    char reason[128];               /*  REPLY_UNAVAILABLE  */
    uint32_t retry_after_ms;        /*  REPLY_UNAVAILABLE  */
    char server_version[32];        /*  REPLY_PONG  */
} reply_t;

/*  Decodes one request. Returns true with *request filled; or false with
    a PROBLEM_MALFORMED problem added, when the bytes are not a Request.
    request_id is still recovered when possible (0 otherwise).  */
bool codec_request_decode (const uint8_t *data, size_t size,
                           request_t *request, problems_t *problems);

/*  Encodes into a new buffer. Caller owns the return value (free()).
    Returns NULL on out-of-memory.  */
uint8_t *codec_request_encode (const request_t *request, size_t *size);
uint8_t *codec_reply_encode (const reply_t *reply, size_t *size);

/*  Decodes one reply; false if the bytes are not a Reply.  */
bool codec_reply_decode (const uint8_t *data, size_t size, reply_t *reply);

#endif
