/* SPDX-License-Identifier: MIT */
/*
 * UTF-8: the one decoder, validator and encoder of netra. Strict means
 * what RFC 3629 allows: no overlong forms, no surrogates, nothing past
 * U+10FFFF (the byte ranges of its Table 3-7).
 */
#ifndef NETRA_UTIL_UTF8_H
#define NETRA_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * The sequence at s[0..n): its length (1 to 4) with the code point in
 * *cp, or 0 when it is not valid UTF-8 (or n is 0).
 */
size_t utf8_next(const char *s, size_t n, uint32_t *cp);
/*
 * 1 when s[0..len) is valid; otherwise 0 and *bad (when not NULL) is the
 * offset of the first bad byte.
 */
int utf8_valid(const char *s, size_t len, size_t *bad);
/*
 * Decodes one code point at s, leniently: an invalid or cut sequence
 * gives U+FFFD and consumes at least one byte. Returns the length used.
 */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Writes cp (at most U+10FFFF) as UTF-8 into out; returns its length. */
size_t utf8_encode(uint32_t cp, char out[4]);

#endif
