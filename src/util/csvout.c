/* SPDX-License-Identifier: MIT */
/* CSV writing with formula neutralisation; see csvout.h. */
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/csvout.h"
#include "util/banned.h"

void csvw_init(struct csv_writer *w, FILE *f, char delim)
{
	w->f = f;
	w->b = NULL;
	w->delim = delim;
	w->excel = 0;
	w->in_row = 0;
}

static void put(struct csv_writer *w, const char *s, size_t n)
{
	if (w->f)
		fwrite(s, 1, n, w->f);
	else
		buf_add(w->b, s, n);
}

static void putc1(struct csv_writer *w, char c)
{
	put(w, &c, 1);
}

void csvw_open(struct csv_writer *w, FILE *f, struct buf *b,
	       enum csv_dialect d)
{
	csvw_init(w, f, d == CSV_EXCEL ? ';' : ',');
	w->b = b;
	w->excel = d == CSV_EXCEL;
	if (w->excel)
		put(w, "\xEF\xBB\xBF", 3);
}

static void put_cell(struct csv_writer *w, const char *s, int neutralise)
{
	int quote;
	const char *p, *run;

	if (w->in_row)
		putc1(w, w->delim);
	w->in_row = 1;
	if (!s || !*s)
		return;
	quote = strchr(s, w->delim) || strchr(s, '"') || strchr(s, '\n') ||
		strchr(s, '\r') || s[0] == ' ';
	if (quote)
		putc1(w, '"');
	if (neutralise && strchr("=+-@\t\r", s[0]))
		putc1(w, '\'');
	for (run = p = s; *p; p++) {
		if (*p == '"') {
			put(w, run, (size_t)(p - run) + 1);
			run = p;
		}
	}
	put(w, run, (size_t)(p - run));
	if (quote)
		putc1(w, '"');
}

void csvw_field(struct csv_writer *w, const char *s)
{
	put_cell(w, s, 1);
}

void csvw_field_raw(struct csv_writer *w, const char *s)
{
	put_cell(w, s, 0);
}

void csvw_field_int(struct csv_writer *w, long long v)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", v);
	put_cell(w, num, 0);
}

void csvw_field_id(struct csv_writer *w, const char *s)
{
	struct buf b = BUF_INIT;
	size_t n = s ? strspn(s, "0123456789") : 0;

	if (!w->excel || n <= 11 || s[n]) {
		put_cell(w, s, 1);
		return;
	}
	/* Excel would show 1.98501E+17 and lose digits. */
	buf_addf(&b, "=\"%s\"", s);
	put_cell(w, b.s, 0);
	buf_release(&b);
}

void csvw_header(struct csv_writer *w, const char *const *names)
{
	for (; *names; names++)
		put_cell(w, *names, 0);
	csvw_end_row(w);
}

void csvw_end_row(struct csv_writer *w)
{
	put(w, "\r\n", 2);
	w->in_row = 0;
}
