/* SPDX-License-Identifier: MIT */
/*
 * Diagnostics. Only this file writes to stderr; everything is redacted
 * first. Messages follow git's rules: lower-case start, no full stop,
 * the location first in compiler form (file:line:column: ...).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/msg.h"
#include "netra.h"
#include "util/banned.h"

enum msg_level msg_level = MSG_NORMAL;
static int progress_shown;

static void skip_secret(struct buf *b, size_t from, const char *stops)
{
	size_t end = from;

	while (end < b->len && !strchr(stops, b->s[end]))
		end++;
	if (end == from)
		return;
	{
		struct buf out = BUF_INIT;

		buf_add(&out, b->s, from);
		buf_adds(&out, "REDACTED");
		buf_add(&out, b->s + end, b->len - end);
		buf_release(b);
		*b = out;
	}
}

void msg_redact(struct buf *b)
{
	static const char *const params[] = {
		"access_token=", "key=", "token=", "client_secret=",
		"bearer_token=", "api_key=", NULL
	};
	size_t i;

	for (i = 0; i < b->len; i++) {
		const char *p = b->s + i;
		size_t j;

		if (b->len - i >= 7 && !strncasecmp(p, "bearer ", 7)) {
			skip_secret(b, i + 7, " \t\r\n\"',;&");
			i += 7;
			continue;
		}
		if (i > 0 && b->s[i - 1] != '?' && b->s[i - 1] != '&')
			continue;
		for (j = 0; params[j]; j++) {
			size_t n = strlen(params[j]);

			if (b->len - i >= n && !strncasecmp(p, params[j], n)) {
				skip_secret(b, i + n, " \t\r\n\"'&#");
				i += n;
				break;
			}
		}
	}
}

static void vreport(const char *prefix, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;

	if (progress_shown)
		msg_progress_end();
	buf_adds(&b, "netra: ");
	buf_adds(&b, prefix);
	buf_vaddf(&b, fmt, ap);
	msg_redact(&b);
	buf_addch(&b, '\n');
	fwrite(b.s, 1, b.len, stderr);
	buf_release(&b);
}

void error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("", fmt, ap);
	va_end(ap);
}

void warning(const char *fmt, ...)
{
	va_list ap;

	if (msg_level < MSG_NORMAL)
		return;
	va_start(ap, fmt);
	vreport("warning: ", fmt, ap);
	va_end(ap);
}

void note(const char *fmt, ...)
{
	va_list ap;

	if (msg_level < MSG_NORMAL)
		return;
	va_start(ap, fmt);
	vreport("", fmt, ap);
	va_end(ap);
}

void verbose(const char *fmt, ...)
{
	va_list ap;

	if (msg_level < MSG_VERBOSE)
		return;
	va_start(ap, fmt);
	vreport("", fmt, ap);
	va_end(ap);
}

void die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("fatal: ", fmt, ap);
	va_end(ap);
	exit(code);
}

void die_oom(void)
{
	static const char m[] = "netra: fatal: out of memory\n";

	if (write(2, m, sizeof(m) - 1) < 0)
		_exit(NETRA_EXIT_DB);
	_exit(NETRA_EXIT_DB);
}

void msg_progress(const char *label, unsigned long long done,
		  unsigned long long total)
{
	if (msg_level < MSG_NORMAL || !isatty(2))
		return;
	if (total)
		fprintf(stderr, "\rnetra: %s %llu/%llu (%llu%%)", label, done,
			total, done * 100 / total);
	else
		fprintf(stderr, "\rnetra: %s %llu", label, done);
	progress_shown = 1;
}

void msg_progress_end(void)
{
	if (!progress_shown)
		return;
	fputs("\r\033[K", stderr);
	progress_shown = 0;
}

void msg_bug(const char *file, int line, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	buf_addf(&b, "netra: BUG: %s:%d: ", file, line);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s\n", b.s);
	buf_release(&b);
	abort();
}

void msg_print(int to_stdout, const char *text)
{
	fputs(text, to_stdout ? stdout : stderr);
}
