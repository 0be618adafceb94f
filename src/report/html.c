/* SPDX-License-Identifier: MIT */
/*
 * Writing HTML safely: escaping, a nesting stack of elements, links that
 * only ever point at http(s) or a relative file, text with highlighted
 * spans, and the built-in print style. See html.h. Nothing here reads the
 * database or the file system.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "report/html.h"
#include "util/msg.h"
#include "util/parse.h"
#include "util/utf8.h"
#include "netra.h"
#include "util/banned.h"

/*
 * The print style: A4 with 18 mm margins, serif body for reading on
 * paper, tables that do not split a row across pages, and highlighted
 * words that stay visible in black-and-white print (underline as well as
 * colour).
 */
static const char style[] =
	"@page { size: A4; margin: 18mm 16mm; }\n"
	"body { font-family: 'DejaVu Serif', Georgia, serif; font-size: 11pt;"
	" line-height: 1.4; color: #000; background: #fff; max-width: 180mm;"
	" margin: 0 auto; padding: 8mm 0; }\n"
	"h1 { font-size: 16pt; margin: 0 0 2mm; }\n"
	"h2 { font-size: 13pt; border-bottom: 1px solid #000;"
	" margin: 7mm 0 2mm; break-after: avoid; }\n"
	"h3 { font-size: 12pt; margin: 5mm 0 2mm; break-after: avoid; }\n"
	"h4 { font-size: 11pt; margin: 3mm 0 1mm; break-after: avoid; }\n"
	"table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm; }\n"
	"th, td { border: 1px solid #777; padding: 1mm 2mm; text-align: left;"
	" vertical-align: top; }\n"
	"th { background: #eee; width: 32%; font-weight: bold; }\n"
	"thead th { width: auto; }\n"
	"tr { break-inside: avoid; }\n"
	".post { white-space: pre-wrap; overflow-wrap: anywhere;"
	" border-left: 3px solid #000; margin: 1mm 0 3mm; padding: 1mm 3mm;"
	" background: #fafafa; }\n"
	"mark { background: #ffe066; color: #000; text-decoration: underline;"
	" font-weight: bold; }\n"
	".hash, .mono { font-family: 'DejaVu Sans Mono', monospace;"
	" font-size: 8.5pt; overflow-wrap: anywhere; }\n"
	".dugaan { border: 2px solid #000; padding: 2mm 3mm; font-weight: bold;"
	" }\n"
	".badge-dugaan { border: 1px solid #000; padding: 0 1mm;"
	" font-weight: bold; }\n"
	".badge-dikonfirmasi { background: #000; color: #fff; padding: 0 1mm;"
	" font-weight: bold; }\n"
	".notice { font-size: 9.5pt; border: 1px solid #777; padding: 2mm 3mm;"
	" }\n"
	".finding { break-before: page; }\n"
	".meta { font-size: 9.5pt; }\n"
	"@media print { a { color: #000; text-decoration: none; }"
	" a[href^='http']::after { content: ' (' attr(href) ')';"
	" font-size: 8pt; overflow-wrap: anywhere; } }\n";

static void add_replacement(struct buf *out)
{
	buf_adds(out, "\xef\xbf\xbd");
}

void html_escape(struct buf *out, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80) {
			size_t bad, k = 1;

			while (k < 4 && i + k < n &&
			       ((unsigned char)s[i + k] & 0xc0) == 0x80)
				k++;
			/* the longest valid character starting here */
			while (k > 0 && !utf8_valid(s + i, k, &bad))
				k--;
			if (!k) {
				add_replacement(out);
				i++;
			} else {
				buf_add(out, s + i, k);
				i += k;
			}
			continue;
		}
		switch (c) {
		case '&':
			buf_adds(out, "&amp;");
			break;
		case '<':
			buf_adds(out, "&lt;");
			break;
		case '>':
			buf_adds(out, "&gt;");
			break;
		case '"':
			buf_adds(out, "&quot;");
			break;
		case '\'':
			buf_adds(out, "&#39;");
			break;
		case '\t':
		case '\n':
		case '\r':
			buf_addch(out, c);
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				buf_addch(out, ' ');
			else
				buf_addch(out, c);
		}
		i++;
	}
}

static void esc(struct buf *out, const char *s)
{
	html_escape(out, s, strlen(s));
}

void html_init(struct html *h, struct buf *out)
{
	memset(h, 0, sizeof(*h));
	h->out = out;
}

void html_open(struct html *h, const char *tag, const char *cls)
{
	if (h->depth >= HTML_DEPTH)
		die(NETRA_EXIT_DB, "BUG: html elements nested too deep");
	buf_addch(h->out, '<');
	esc(h->out, tag);
	if (cls) {
		buf_adds(h->out, " class=\"");
		esc(h->out, cls);
		buf_addch(h->out, '"');
	}
	buf_addch(h->out, '>');
	h->stack[h->depth++] = tag;
}

void html_close(struct html *h)
{
	const char *tag;

	if (!h->depth)
		die(NETRA_EXIT_DB, "BUG: html_close() with nothing open");
	tag = h->stack[--h->depth];
	buf_adds(h->out, "</");
	esc(h->out, tag);
	buf_adds(h->out, ">");
	/* block elements end their line: the files diff well */
	if (strcmp(tag, "a") && strcmp(tag, "mark") && strcmp(tag, "span") &&
	    strcmp(tag, "code") && strcmp(tag, "strong") && strcmp(tag, "th") &&
	    strcmp(tag, "td") && strcmp(tag, "time"))
		buf_addch(h->out, '\n');
}

void html_doc_begin(struct html *h, const char *lang, const char *title)
{
	buf_adds(h->out, "<!DOCTYPE html>\n");
	buf_adds(h->out, "<html lang=\"");
	esc(h->out, lang);
	buf_adds(h->out, "\">\n");
	h->stack[h->depth++] = "html";
	html_open(h, "head", NULL);
	buf_adds(h->out, "\n<meta charset=\"utf-8\">\n");
	/* no scripts, no network, even if someone edits the file later */
	buf_adds(h->out, "<meta http-equiv=\"Content-Security-Policy\" "
		 "content=\"default-src 'none'; style-src 'unsafe-inline'; "
		 "img-src 'none'\">\n");
	buf_adds(h->out, "<meta name=\"referrer\" content=\"no-referrer\">\n");
	html_elem(h, "title", NULL, title);
	html_open(h, "style", NULL);
	buf_addch(h->out, '\n');
	buf_adds(h->out, style);
	html_close(h);
	html_close(h);
	html_open(h, "body", NULL);
	buf_addch(h->out, '\n');
}

void html_doc_end(struct html *h)
{
	while (h->depth)
		html_close(h);
}

void html_textn(struct html *h, const char *s, size_t n)
{
	if (s)
		html_escape(h->out, s, n);
}

void html_text(struct html *h, const char *s)
{
	if (s)
		esc(h->out, s);
}

void html_textf(struct html *h, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	html_escape(h->out, b.s, b.len);
	buf_release(&b);
}

void html_elem(struct html *h, const char *tag, const char *cls,
	       const char *text)
{
	html_open(h, tag, cls);
	html_text(h, text);
	html_close(h);
}

void html_row(struct html *h, const char *label, const char *value)
{
	html_open(h, "tr", NULL);
	html_elem(h, "th", NULL, label);
	html_elem(h, "td", NULL, value && *value ? value : "-");
	html_close(h);
}

int html_href_ok(const char *href)
{
	const char *p;

	if (!href || !*href)
		return 0;
	if (!strncmp(href, "https://", 8) || !strncmp(href, "http://", 7)) {
		for (p = href; *p; p++)
			if ((unsigned char)*p <= 0x20 || *p == '"' ||
			    *p == '<' || *p == '>' || *p == '\\' ||
			    *p == '\'' || *p == '`' || *p == 0x7f)
				return 0;
		return 1;
	}
	if (*href == '/' || strstr(href, ".."))
		return 0;
	for (p = href; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		      *p == '-' || *p == '/'))
			return 0;
	return 1;
}

int html_link(struct html *h, const char *href, const char *text)
{
	if (!html_href_ok(href)) {
		html_text(h, text ? text : href);
		return 0;
	}
	buf_adds(h->out, "<a href=\"");
	esc(h->out, href);
	buf_adds(h->out, "\" rel=\"noopener noreferrer\">");
	esc(h->out, text ? text : href);
	buf_adds(h->out, "</a>");
	return 1;
}

static int span_cmp(const void *a, const void *b)
{
	const struct mark_span *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return 0;
}

/* Moves i back to the first byte of the UTF-8 character holding it. */
static size_t char_start(const char *s, size_t len, size_t i)
{
	while (i > 0 && i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
		i--;
	return i;
}

void html_marked(struct html *h, const char *text, size_t len,
		 const struct mark_span *spans, size_t n)
{
	struct mark_span *v;
	size_t i, m = 0, at = 0;

	if (!text)
		return;
	v = n ? xcalloc(n, sizeof(*v)) : NULL;
	for (i = 0; i < n; i++) {
		size_t s = spans[i].start, e = spans[i].end;

		if (e > len)
			e = len;
		if (s >= e)
			continue;
		v[m].start = char_start(text, len, s);
		v[m].end = char_start(text, len, e);
		if (v[m].end < e) {
			/* e was inside a character: take all of it */
			v[m].end++;
			while (v[m].end < len &&
			       ((unsigned char)text[v[m].end] & 0xc0) == 0x80)
				v[m].end++;
		}
		m++;
	}
	if (m)
		qsort(v, m, sizeof(*v), span_cmp);
	for (i = 0; i < m; i++) {
		size_t s = v[i].start, e = v[i].end;

		while (i + 1 < m && v[i + 1].start <= e) {
			if (v[i + 1].end > e)
				e = v[i + 1].end;
			i++;
		}
		if (s < at)
			s = at;
		if (s >= e)
			continue;
		html_escape(h->out, text + at, s - at);
		buf_adds(h->out, "<mark>");
		html_escape(h->out, text + s, e - s);
		buf_adds(h->out, "</mark>");
		at = e;
	}
	html_escape(h->out, text + at, len - at);
	free(v);
}
