/* SPDX-License-Identifier: MIT */
/*
 * Small inline SVG charts for the report: a weekly column chart with
 * shaded periods and a horizontal bar chart. Only numbers netra formats
 * and constant names become markup; every label goes through
 * html_escape(). No scripts, no links, no external resources.
 */
#ifndef NETRA_REPORT_SVG_H
#define NETRA_REPORT_SVG_H

#include <stddef.h>

struct buf;

struct svg_bar {
	const char *label;
	long value;
};

/* A shaded span over columns [from, to) with a label. */
struct svg_band {
	double from, to;
	const char *label;
};

/* Horizontal bars, one per item, with labels and values. */
void svg_bars(struct buf *out, const char *title,
	      const struct svg_bar *bars, size_t n);
/*
 * Columns (e.g. findings per week) labelled below, with bands shaded
 * behind them.
 */
void svg_columns(struct buf *out, const char *title,
		 const struct svg_bar *cols, size_t n,
		 const struct svg_band *bands, size_t nb);

#endif
