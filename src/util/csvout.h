/* SPDX-License-Identifier: MIT */
/*
 * CSV output (RFC 4180: quoted when needed, CRLF rows). Cells are
 * neutralised for spreadsheets: a cell beginning with = + - @ TAB or CR
 * gets a leading apostrophe, so a post saying "=HYPERLINK(...)" stays
 * text when an HR officer opens the file in Excel.
 */
#ifndef NETRA_UTIL_CSVOUT_H
#define NETRA_UTIL_CSVOUT_H

#include <stdio.h>

struct csv_writer {
	FILE *f;
	char delim;	/* ',' or ';' (Excel in an Indonesian locale) */
	int in_row;	/* a field was written in the current row */
};

void csvw_init(struct csv_writer *w, FILE *f, char delim);
/* A text cell: neutralised and quoted as needed; NULL is an empty cell. */
void csvw_field(struct csv_writer *w, const char *s);
/* A cell that is known to be safe (a number netra formatted itself). */
void csvw_field_raw(struct csv_writer *w, const char *s);
void csvw_field_int(struct csv_writer *w, long long v);
void csvw_end_row(struct csv_writer *w);

#endif
