/* SPDX-License-Identifier: MIT */
/*
 * What pagecap.c and pagecap_browser.c share; nothing else includes this.
 */
#ifndef NETRA_COLLECT_PAGECAP_INT_H
#define NETRA_COLLECT_PAGECAP_INT_H

#include <stddef.h>

struct buf;

#define NOTE_LEN 200		/* bytes of a URL or text in a note */
#define TEXT_MAX 65536		/* bytes of text read from the page */

/* Appends s (len bytes) with control characters as spaces, cut at max. */
void pagecap_add_clean(struct buf *b, const char *s, size_t len, size_t max);
/* A cleaned copy of s (NULL for NULL), cut at max bytes. */
char *pagecap_clean_dup(const char *s, size_t max);
/* A URL as it may appear in a message: cleaned, secrets redacted. */
void pagecap_add_url(struct buf *b, const char *url);
/*
 * Refuses what is not an http(s) URL, or carries credentials: those
 * never reach libcurl or the browser (no file://, no javascript:).
 */
int pagecap_check_url(const char *url, struct buf *err);

#endif
