/*  hex.h: lower-case hex for submission ids in logs, receipts and flags.  */
#ifndef RAPOR_HEX_H
#define RAPOR_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*  Writes 2*len hex digits and a NUL; out must hold 2*len + 1 bytes.  */
void hex_encode (const uint8_t *data, size_t len, char *out);

/*  Decodes exactly 2*len hex digits (either case) into out[len].  */
bool hex_decode (const char *text, uint8_t *out, size_t len);

#endif
