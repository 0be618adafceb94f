/* SPDX-License-Identifier: MIT */
/* CSV writing with formula neutralisation; see csvout.h. */
#include <stdio.h>
#include <string.h>

#include "util/csvout.h"
#include "util/banned.h"

void csvw_init(struct csv_writer *w, FILE *f, char delim)
{
	w->f = f;
	w->delim = delim;
	w->in_row = 0;
}

static void put_cell(struct csv_writer *w, const char *s, int neutralise)
{
	int quote;
	const char *p;

	if (w->in_row)
		fputc(w->delim, w->f);
	w->in_row = 1;
	if (!s || !*s)
		return;
	quote = strchr(s, w->delim) || strchr(s, '"') || strchr(s, '\n') ||
		strchr(s, '\r') || s[0] == ' ';
	if (quote)
		fputc('"', w->f);
	if (neutralise && strchr("=+-@\t\r", s[0]))
		fputc('\'', w->f);
	for (p = s; *p; p++) {
		if (*p == '"')
			fputc('"', w->f);
		fputc(*p, w->f);
	}
	if (quote)
		fputc('"', w->f);
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

void csvw_end_row(struct csv_writer *w)
{
	fputs("\r\n", w->f);
	w->in_row = 0;
}
