/* SPDX-License-Identifier: MIT */
/*
 * CSV output, the one CSV writer of netra (RFC 4180: quoted when needed,
 * CRLF rows), to a stream or into a buffer. Cells are neutralised for
 * spreadsheets: a cell beginning with = + - @ TAB or CR gets a leading
 * apostrophe, so a post saying "=HYPERLINK(...)" stays text when an HR
 * officer opens the file in Excel.
 *
 * Two dialects. CSV_RFC4180 is for scripts: ',' and no byte-order mark
 * (which would end up in the first header's name). CSV_EXCEL is for
 * double-clicking in an Excel set to an Indonesian locale: a UTF-8 BOM
 * (without it Excel reads cp1252), ';' (the list separator of id-ID) and
 * ids of more digits than a spreadsheet number keeps (NIP, 19-digit post
 * ids) written as the formula ="..." so that they stay whole instead of
 * becoming 1.98501E+17.
 */
#ifndef NETRA_UTIL_CSVOUT_H
#define NETRA_UTIL_CSVOUT_H

#include <stdio.h>

struct buf;

enum csv_dialect {
	CSV_RFC4180,
	CSV_EXCEL
};

struct csv_writer {
	FILE *f;	/* the stream, or NULL to write into b */
	struct buf *b;
	char delim;	/* ',' or ';' (Excel in an Indonesian locale) */
	int excel;	/* CSV_EXCEL */
	int in_row;	/* a field was written in the current row */
};

/* A writer of delim-separated cells to f (no BOM: the caller's choice). */
void csvw_init(struct csv_writer *w, FILE *f, char delim);
/*
 * A writer of dialect d to f, or into b when f is NULL; CSV_EXCEL writes
 * the byte-order mark first.
 */
void csvw_open(struct csv_writer *w, FILE *f, struct buf *b,
	       enum csv_dialect d);
/* A text cell: neutralised and quoted as needed; NULL is an empty cell. */
void csvw_field(struct csv_writer *w, const char *s);
/* A cell that is known to be safe (a number netra formatted itself). */
void csvw_field_raw(struct csv_writer *w, const char *s);
void csvw_field_int(struct csv_writer *w, long long v);
/*
 * An identifier (NIP, post or account id): in CSV_EXCEL, one of more than
 * 11 digits is written as ="..." so that every digit survives; otherwise
 * as a text cell.
 */
void csvw_field_id(struct csv_writer *w, const char *s);
/* A header row: the NULL-terminated names. */
void csvw_header(struct csv_writer *w, const char *const *names);
void csvw_end_row(struct csv_writer *w);

#endif
