/* SPDX-License-Identifier: MIT */
/*
 * html.c: escaping of hostile text, invalid UTF-8 and control
 * characters, which links are allowed, highlighted spans (unsorted,
 * overlapping, out of range, inside a UTF-8 character), and that a
 * document is closed whatever is left open.
 */
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "report/html.h"
#include "evidence/review.h"
#include "tap.h"

static const char *esc(const char *s, size_t n)
{
	static struct buf b = BUF_INIT;

	buf_reset(&b);
	html_escape(&b, s, n);
	return b.s;
}

static const char *marked(const char *text, const struct mark_span *v,
			  size_t n)
{
	static struct buf b = BUF_INIT;
	struct html h;

	buf_reset(&b);
	html_init(&h, &b);
	html_marked(&h, text, strlen(text), v, n);
	return b.s;
}

static void escaping(void)
{
	const char *hostile = "<script>alert(1)</script>";
	const char *attr = "\"><img src=x onerror=alert(1)>";

	is_str(esc(hostile, strlen(hostile)),
	       "&lt;script&gt;alert(1)&lt;/script&gt;", "a script is text");
	is_str(esc(attr, strlen(attr)),
	       "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
	       "an attribute break-out is text");
	is_str(esc("a&b 'c'", 7), "a&amp;b &#39;c&#39;", "& and quotes");
	is_str(esc("a\x1b[31mb\x7f", 8), "a [31mb ",
	       "control characters become spaces");
	is_str(esc("a\tb\nc", 5), "a\tb\nc", "tab and newline are kept");
	is_str(esc("x\xff" "y", 3), "x\xef\xbf\xbdy",
	       "a bad byte becomes U+FFFD");
	is_str(esc("\xe2\x9c", 2), "\xef\xbf\xbd\xef\xbf\xbd",
	       "a cut character becomes U+FFFD per byte");
	is_str(esc("\xe2\x9c\x8c\xef\xb8\x8f", 6),
	       "\xe2\x9c\x8c\xef\xb8\x8f", "valid UTF-8 passes");
	is_str(esc("a\0b", 3), "a b", "a NUL becomes a space");
}

static void links(void)
{
	struct buf b = BUF_INIT;
	struct html h;

	ok(html_href_ok("https://x.com/a/status/1"), "https is linked");
	ok(html_href_ok("captures/abc123"), "a relative file is linked");
	ok(!html_href_ok("javascript:alert(1)"), "javascript: is not");
	ok(!html_href_ok("JaVaScRiPt:alert(1)"), "in any case");
	ok(!html_href_ok("data:text/html,<b>"), "data: is not");
	ok(!html_href_ok("https://x.com/\"onmouseover=\"a"),
	   "a quote in a URL is not");
	ok(!html_href_ok("https://x.com/a b"), "a space is not");
	ok(!html_href_ok("../../etc/passwd"), "'..' is not");
	ok(!html_href_ok("/etc/passwd"), "an absolute path is not");
	ok(!html_href_ok("//evil.example/x"), "a scheme-relative URL is not");
	ok(!html_href_ok(""), "empty is not");
	html_init(&h, &b);
	is_int(html_link(&h, "javascript:alert(1)", NULL), 0,
	       "html_link refuses javascript:");
	is_str(b.s, "javascript:alert(1)", "and writes it as text");
	buf_reset(&b);
	html_link(&h, "https://e.org/?a=1&b=2", "<b>");
	is_str(b.s, "<a href=\"https://e.org/?a=1&amp;b=2\" rel=\"noopener "
	       "noreferrer\">&lt;b&gt;</a>", "a link, escaped");
	buf_release(&b);
}

static void spans(void)
{
	struct mark_span v[4];
	struct mark_span *p = NULL;
	size_t n;

	v[0].start = 6;
	v[0].end = 9;
	v[1].start = 0;
	v[1].end = 2;
	is_str(marked("ab<c> def", v, 2), "<mark>ab</mark>&lt;c&gt; <mark>def"
	       "</mark>", "unsorted spans; each piece escaped");
	v[0].start = 0;
	v[0].end = 3;
	v[1].start = 2;
	v[1].end = 5;
	is_str(marked("abcdef", v, 2), "<mark>abcde</mark>f",
	       "overlapping spans merge");
	v[0].start = 4;
	v[0].end = 99;
	v[1].start = 50;
	v[1].end = 60;
	v[2].start = 3;
	v[2].end = 3;
	is_str(marked("abcdef", v, 3), "abcd<mark>ef</mark>",
	       "past the end is clamped; empty and outside spans dropped");
	/* "a✌b": the gesture is bytes 1..4 */
	v[0].start = 2;
	v[0].end = 3;
	is_str(marked("a\xe2\x9c\x8c" "b", v, 1),
	       "a<mark>\xe2\x9c\x8c</mark>b",
	       "a span inside a character takes the whole character");
	v[0].start = 0;
	v[0].end = 8;
	is_str(marked("<script>x", v, 1),
	       "<mark>&lt;script&gt;</mark>x", "a marked script is text");
	n = review_spans("[{\"start\":6,\"end\":9,\"role\":\"ref\"},"
			 "{\"start\":\"x\",\"end\":2},{\"start\":5,\"end\":1},"
			 "{\"start\":-1,\"end\":2}]", &p);
	is_int(n, 1, "review_spans keeps only sound spans");
	is_int(p ? (long long)p[0].end : -1, 9, "with their offsets");
	free(p);
	is_int(review_spans("not json", &p), 0, "bad JSON gives none");
}

static void document(void)
{
	static const char tail[] = "<p>t</p>\n</section>\n</body>\n</html>\n";
	struct buf b = BUF_INIT;
	struct html h;

	html_init(&h, &b);
	html_doc_begin(&h, "id", "<T>");
	html_open(&h, "section", "x\"y");
	html_open(&h, "p", NULL);
	html_text(&h, "t");
	html_doc_end(&h);
	ok(!strncmp(b.s, "<!DOCTYPE html>\n<html lang=\"id\">", 31),
	   "a doctype and a language");
	ok(strstr(b.s, "<title>&lt;T&gt;</title>") != NULL,
	   "the title is escaped");
	ok(strstr(b.s, "@page { size: A4") != NULL, "A4 print style");
	ok(strstr(b.s, "default-src 'none'") != NULL,
	   "a policy that loads nothing");
	ok(strstr(b.s, "<section class=\"x&quot;y\">") != NULL,
	   "a class is escaped too");
	ok(strstr(b.s, "<script") == NULL && strstr(b.s, "<link") == NULL &&
	   strstr(b.s, " src=") == NULL, "no scripts, no external resources");
	ok(b.len > strlen(tail) && !strcmp(b.s + b.len - strlen(tail), tail),
	   "everything open is closed, in order");
	is_int(h.depth, 0, "nothing left open");
	buf_release(&b);
}

int main(void)
{
	escaping();
	links();
	spans();
	document();
	return done_testing();
}
