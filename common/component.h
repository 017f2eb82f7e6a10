/*  component.h: the six components of the rapor kinerja OPD.

    This table and sql/001_init.sql seed the same rows; rapord refuses to
    start if the database disagrees with it (see store.c), so the client
    can check components locally without asking the server.  */
#ifndef RAPOR_COMPONENT_H
#define RAPOR_COMPONENT_H

#include <stddef.h>
#include <stdint.h>

#define COMPONENT_COUNT 6

typedef struct {
    uint32_t id;            /*  wire id, 1..6  */
    const char *code;       /*  short code clerks type: "inovasi"  */
    const char *name_id;    /*  Indonesian name  */
    const char *gloss_en;   /*  English gloss  */
} component_t;

/*  Returns the component, or NULL if unknown. Never caller-owned.  */
const component_t *component_by_id (uint32_t id);

/*  The component's code ("inovasi"), or "?" for an id that is none: for
    printing what a message carried.  */
const char *component_code (uint32_t id);
const component_t *component_by_code (const char *code);

/*  Index 0..COMPONENT_COUNT-1, in id order.  */
const component_t *component_at (size_t index);

#endif
