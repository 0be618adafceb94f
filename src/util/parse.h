/* SPDX-License-Identifier: MIT */
/*
 * Strict parsing of numbers and dates (UTF-8 is util/utf8.h). Strict
 * means the whole string must be the value: "12x", "", " 12" and
 * overflow are errors, so
 * 18-digit NIPs and 19-digit platform ids are never silently changed
 * (redis's string2ll is the model).
 */
#ifndef NETRA_UTIL_PARSE_H
#define NETRA_UTIL_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* 0 and *out set when s[0..len) is exactly a decimal int64; -1 otherwise. */
int parse_i64(const char *s, size_t len, int64_t *out);
/* Same, NUL-terminated. */
int parse_i64z(const char *s, int64_t *out);

/* 1 when y-m-d is a real Gregorian date. */
int date_valid(int y, int m, int d);
/* Days since 1970-01-01 for a Gregorian date (Howard Hinnant's algorithm). */
int64_t days_from_civil(int y, int m, int d);
void civil_from_days(int64_t z, int *y, int *m, int *d);

/*
 * Parses ISO 8601: "YYYY-MM-DD" (midnight UTC), or
 * "YYYY-MM-DDTHH:MM[:SS[.frac]]" followed by "Z", "+HH:MM", "+HHMM" or
 * "+HH" (a space may stand for the T). Seconds since the epoch, UTC.
 * Returns 0, or -1 when s is not such a time (no offset is an error
 * unless allow_local, in which case it is read as UTC).
 */
int time_parse_iso(const char *s, int64_t *out, int allow_local);
/* Writes "YYYY-MM-DDTHH:MM:SSZ" (21 bytes with the NUL). */
void time_fmt_iso(int64_t t, char out[32]);
/* "YYYY-MM-DD". */
void time_fmt_date(int64_t t, char out[16]);

/*
 * The clock: NETRA_NOW (epoch seconds or ISO 8601), else
 * SOURCE_DATE_EPOCH, else the system clock. Tests pin it.
 */
int64_t netra_now(void);

#endif
