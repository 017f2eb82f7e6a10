/*  hash.c  */
#include "hash.h"

uint32_t
hash_text (const char *text)
{
    uint32_t h = 2166136261u;
    for (; *text; text++)
        h = (h ^ (uint8_t) *text) * 16777619u;
    return h;
}
