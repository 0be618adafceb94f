/* SPDX-License-Identifier: MIT */
/*
 * The only place that writes HTML. Every piece of text goes through
 * html_escape(), so post text, names and URLs from the data are shown as
 * text whatever they hold ("<script>", "\"><img onerror=..."). Markup
 * comes only from the tag and class names the code passes, which are
 * constants; even those are escaped. Documents are self-contained: the
 * style is inline, there are no scripts and nothing is loaded from the
 * network.
 *
 * Elements are opened and closed through a small stack, so a document is
 * always well nested; html_doc_end() closes whatever is still open.
 */
#ifndef NETRA_REPORT_HTML_H
#define NETRA_REPORT_HTML_H

#include <stddef.h>

struct buf;

#define HTML_DEPTH 32

struct html {
	struct buf *out;		/* the document, appended to */
	const char *stack[HTML_DEPTH];	/* open elements */
	int depth;
};

/* A byte range [start, end) of a text to highlight with <mark>. */
struct mark_span {
	size_t start, end;
};

/*
 * Appends s[0..n) escaped for text and attribute values: & < > " ' become
 * entities, control characters other than tab, newline and carriage
 * return become spaces, and bytes that are not valid UTF-8 become U+FFFD.
 */
void html_escape(struct buf *out, const char *s, size_t n);

void html_init(struct html *h, struct buf *out);
/*
 * <!DOCTYPE html>, <html lang>, <head> with charset, title and the
 * built-in print style (A4), then <body>.
 */
void html_doc_begin(struct html *h, const char *lang, const char *title);
/* Closes every open element, </body></html>. */
void html_doc_end(struct html *h);

/* Opens tag (with class cls when not NULL). */
void html_open(struct html *h, const char *tag, const char *cls);
void html_close(struct html *h);
/* Escaped text; NULL writes nothing. */
void html_text(struct html *h, const char *s);
void html_textn(struct html *h, const char *s, size_t n);
/* printf, then escaped as a whole. */
void html_textf(struct html *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* <tag class>text</tag>; text NULL gives dflt (or nothing). */
void html_elem(struct html *h, const char *tag, const char *cls,
	       const char *text);
/* A table row: <tr><th>label</th><td>value or "-"</td></tr>. */
void html_row(struct html *h, const char *label, const char *value);
/*
 * A link, only when href is an http or https URL or a relative path of
 * letters, digits, '.', '_', '-' and '/' with no "..": anything else
 * (javascript:, data:, a hostile quote) is shown as text, not linked.
 * Returns 1 when it wrote a link.
 */
int html_link(struct html *h, const char *href, const char *text);
/*
 * text[0..len) with the spans wrapped in <mark>, each piece escaped on
 * its own. Spans may be unsorted or overlap (they are merged); ranges
 * past len are clamped; boundaries inside a UTF-8 character are moved
 * to include the whole character.
 */
void html_marked(struct html *h, const char *text, size_t len,
		 const struct mark_span *spans, size_t n);

/* 1 when href would be linked by html_link(). */
int html_href_ok(const char *href);

#endif
