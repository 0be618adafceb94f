/* SPDX-License-Identifier: MIT */
/*
 * The per-district (or per-province) audit report: index.html,
 * findings.csv and summary.json in one folder. The numbers are gathered
 * once into summary.json (a cJSON tree) and the page is drawn from that
 * tree, so the page and the JSON cannot disagree. Retracted findings are
 * left out; every finding not confirmed is "dugaan".
 */
#ifndef NETRA_REPORT_REPORT_H
#define NETRA_REPORT_REPORT_H

#include <stdint.h>

struct db;

struct buf;
struct rules;

struct report_opts {
	const char *region;	/* canonical code: "33" or "33.19" */
	int64_t from, to;	/* posted_at in [from, to); -1: open */
	const char *phase;	/* phase name or NULL */
	const char *out_dir;	/* the report folder */
	int default_layout;	/* out/report/CODE: ../../dossier beside */
	const struct rules *rules;
};

struct report_result {
	long findings, confirmed;
};

/*
 * Writes the report. Returns 0; 2 when the region is unknown; 3 when
 * out_dir exists and is not a report; -1 on database or file errors.
 * err says why.
 */
int report_write(struct db *db, const struct report_opts *o,
		 struct report_result *res, struct buf *err);

#endif
