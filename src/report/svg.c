/* SPDX-License-Identifier: MIT */
/*
 * Inline SVG charts (see svg.h). The markup is built from constant
 * element names and numbers formatted here; labels and titles are
 * escaped with html_escape(), so data cannot add elements or
 * attributes. Greys and hatching keep the charts readable when printed
 * in black and white.
 */
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "report/html.h"
#include "report/svg.h"
#include "util/banned.h"

#define W 640		/* the drawing's width in user units */

static void text_at(struct buf *out, double x, double y, const char *anchor,
		    int size, const char *s)
{
	buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" "
		 "text-anchor=\"%s\" font-family=\"sans-serif\">", x, y, size,
		 anchor);
	html_escape(out, s ? s : "-", s ? strlen(s) : 1);
	buf_adds(out, "</text>\n");
}

static void begin(struct buf *out, const char *title, int h)
{
	buf_addf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		 "class=\"chart\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
		 "role=\"img\" aria-label=\"", W, h);
	html_escape(out, title, strlen(title));
	buf_adds(out, "\">\n<title>");
	html_escape(out, title, strlen(title));
	buf_adds(out, "</title>\n");
}

static long max_of(const struct svg_bar *v, size_t n)
{
	long m = 1;
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].value > m)
			m = v[i].value;
	return m;
}

void svg_bars(struct buf *out, const char *title,
	      const struct svg_bar *bars, size_t n)
{
	const double label_w = 260, bar_w = W - label_w - 50, row = 22;
	long m = max_of(bars, n);
	size_t i;
	char num[32];

	begin(out, title, (int)(row * (double)n + 10));
	for (i = 0; i < n; i++) {
		double y = 5 + row * (double)i;
		double w = bar_w * (double)bars[i].value / (double)m;
		char lab[64];
		size_t len = bars[i].label ? strlen(bars[i].label) : 0;

		/* long names are cut at 40 bytes, on a character boundary */
		if (len > 40) {
			len = 40;
			while (len && ((unsigned char)bars[i].label[len] &
				       0xc0) == 0x80)
				len--;
			memcpy(lab, bars[i].label, len);
			memcpy(lab + len, "...", 4);
		} else {
			snprintf(lab, sizeof(lab), "%s",
				 bars[i].label ? bars[i].label : "-");
		}
		text_at(out, label_w - 6, y + 14, "end", 11, lab);
		buf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			 "height=\"%.1f\" fill=\"#444\"/>\n", label_w, y,
			 w, row - 6);
		snprintf(num, sizeof(num), "%ld", bars[i].value);
		text_at(out, label_w + w + 4, y + 14, "start", 11, num);
	}
	buf_adds(out, "</svg>\n");
}

void svg_columns(struct buf *out, const char *title,
		 const struct svg_bar *cols, size_t n,
		 const struct svg_band *bands, size_t nb)
{
	const double left = 30, top = 34, plot_h = 180, plot_w = W - left - 10;
	double cw = plot_w / (double)(n ? n : 1);
	long m = max_of(cols, n);
	size_t i, every = n > 12 ? (n + 11) / 12 : 1;
	char num[32];

	begin(out, title, (int)(top + plot_h + 50));
	for (i = 0; i < nb; i++) {
		double x = left + cw * bands[i].from;
		double w = cw * (bands[i].to - bands[i].from);

		buf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			 "height=\"%.1f\" fill=\"%s\"/>\n", x, top, w, plot_h,
			 i % 2 ? "#ddd" : "#eee");
		text_at(out, x + 2, top - 4 - (double)(i % 2) * 12, "start",
			9, bands[i].label);
	}
	buf_addf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		 "stroke=\"#000\"/>\n", left, top + plot_h, left + plot_w,
		 top + plot_h);
	snprintf(num, sizeof(num), "%ld", m);
	text_at(out, left - 4, top + 8, "end", 10, num);
	text_at(out, left - 4, top + plot_h, "end", 10, "0");
	for (i = 0; i < n; i++) {
		double h = plot_h * (double)cols[i].value / (double)m;
		double x = left + cw * (double)i;

		buf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			 "height=\"%.1f\" fill=\"#333\"/>\n", x + cw * 0.15,
			 top + plot_h - h, cw * 0.7, h);
		if (cols[i].value) {
			snprintf(num, sizeof(num), "%ld", cols[i].value);
			text_at(out, x + cw / 2, top + plot_h - h - 3,
				"middle", 10, num);
		}
		if (i % every == 0)
			text_at(out, x + cw / 2, top + plot_h + 14, "middle",
				9, cols[i].label);
	}
	buf_adds(out, "</svg>\n");
}
