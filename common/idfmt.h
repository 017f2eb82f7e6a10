/*  idfmt.h: numbers, money, quarters and dates written the Indonesian way.

    What an OPD head reads is printed as Indonesian documents print it:
    a decimal comma and dots between thousands ("87,50", "1.234,56"),
    money as "Rp 1.234.567", a quarter as "Triwulan III Tahun 2024", a
    date as "1 Oktober 2024". Negative numbers take the typographic minus
    sign U+2212 ("−15%"), which prints as a dash of the right length; the
    machine formats (CSV, JSON) keep their own, ASCII, rules (score.h).

    Every function writes a NUL-terminated string into buf and never more
    than `size` bytes; IDFMT_MAX bytes are always enough.  */
#ifndef RAPOR_IDFMT_H
#define RAPOR_IDFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IDFMT_MAX 64
#define IDFMT_MINUS "\xe2\x88\x92"     /*  U+2212 MINUS SIGN, in UTF-8  */

/*  Hundredths with two decimals: 8750 "87,50", 10000 "100,00",
    123456 "1.234,56", -5 "−0,05".  */
void idfmt_centi (int64_t centi, char *buf, size_t size);

/*  A whole number with thousands dots: 3000 "3.000", -1234567 "−1.234.567".  */
void idfmt_int (int64_t n, char *buf, size_t size);

/*  Whole rupiah: "Rp 1.234.567", a negative amount "−Rp 1.234.567"; with
    `plus`, a positive amount gets its sign too ("+Rp 22.500.000"), as a
    change of TPP is written.  */
void idfmt_rupiah (int64_t amount, bool plus, char *buf, size_t size);

/*  A signed percentage: "+15%", "−15%", "0%".  */
void idfmt_pct (int32_t pct, char *buf, size_t size);

/*  "2024-Q3" as "Triwulan III Tahun 2024"; with `brief`, "TW III 2024"
    (chart labels). False, and "" in buf, if `code` is not a period.  */
bool idfmt_period (const char *code, bool brief, char *buf, size_t size);

/*  Microseconds since 1970 as a date in Banyuwangi's time zone (WIB,
    UTC+7, no daylight saving): "1 Oktober 2024". "" for us <= 0.  */
void idfmt_date (int64_t us, char *buf, size_t size);

#endif
