/*  component.c: the fixed component table.  */
#include "component.h"

#include <string.h>

static const component_t s_components[COMPONENT_COUNT] = {
    { 1, "pengawasan", "Pengawasan", "Oversight" },
    { 2, "perencanaan", "Perencanaan dan Pengendalian Pembangunan",
      "Development planning and control" },
    { 3, "pelaporan", "Pelaporan Kinerja", "Performance reporting" },
    { 4, "anggaran", "Pengelolaan Anggaran dan Barang Milik Daerah",
      "Budget and regional asset management" },
    { 5, "inovasi", "Inovasi", "Innovation" },
    { 6, "pengadaan", "Pengadaan Barang dan Jasa", "Procurement of goods and services" },
};

const component_t *
component_by_id (uint32_t id)
{
    if (id < 1 || id > COMPONENT_COUNT)
        return NULL;
    return &s_components[id - 1];
}

const component_t *
component_by_code (const char *code)
{
    for (size_t i = 0; i < COMPONENT_COUNT; i++)
        if (strcmp (s_components[i].code, code) == 0)
            return &s_components[i];
    return NULL;
}

const component_t *
component_at (size_t index)
{
    return index < COMPONENT_COUNT ? &s_components[index] : NULL;
}

const char *
component_code (uint32_t id)
{
    const component_t *c = component_by_id (id);
    return c ? c->code : "?";
}
