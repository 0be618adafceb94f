/* SPDX-License-Identifier: MIT */
/*
 * netra report: the audit report of a district, or of a province with
 * its districts rolled up (report.c writes it). Dates are calendar days
 * in WIB (UTC+07:00); --to includes its whole day. The region code is
 * parsed into its canonical form before it becomes part of a path.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "cmd.h"
#include "util/msg.h"
#include "util/parse.h"
#include "registry/registry.h"
#include "report/report.h"
#include "score/rules.h"
#include "util/banned.h"

enum { OPT_REGION = 256, OPT_FROM, OPT_TO, OPT_PHASE, OPT_OUT, OPT_RULES };

#define WIB (7 * 3600)

static const char *const usage[] = {
	"usage: netra report --region CODE [--from DATE] [--to DATE]",
	"                    [--phase NAME] [--out DIR] [--rules DIR]",
	"",
	"Writes index.html, findings.csv and summary.json into DIR",
	"(default out/report/CODE). A province code (33) rolls up its",
	"districts. DATE is YYYY-MM-DD in WIB; --to includes the day.",
	"An existing report folder is replaced.",
	NULL
};

/* The first second (UTC) of a WIB calendar day, or -1. */
static int64_t day_start(const char *s)
{
	int y, m, d, n = 0;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3
	    || n != 10 || s[4] != '-' || s[7] != '-' || !date_valid(y, m, d))
		return -1;
	return days_from_civil(y, m, d) * 86400 - WIB;
}

static int phase_known(const char *name)
{
	int k;

	for (k = 0; k < PHASE_COUNT; k++)
		if (!strcmp(rules_phase_name((enum rules_phase_kind)k), name))
			return 1;
	return 0;
}

int cmd_report(struct netra *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "region", required_argument, NULL, OPT_REGION },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "phase", required_argument, NULL, OPT_PHASE },
		{ "out", required_argument, NULL, OPT_OUT },
		{ "rules", required_argument, NULL, OPT_RULES },
		{ NULL, 0, NULL, 0 }
	};
	struct report_opts o;
	struct report_result res;
	struct rules rules;
	struct buf err = BUF_INIT, dir = BUF_INIT;
	const char *rules_opt = NULL;
	char region[8] = "";
	int opt, rc;

	memset(&o, 0, sizeof(o));
	memset(&rules, 0, sizeof(rules));
	o.from = o.to = -1;
	if (cmd_wants_help(argc, argv))
		return cmd_usage(usage, 1);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case OPT_REGION:
			if (region_code_parse(optarg, region)) {
				error("--region '%s' is not a region code "
				      "such as 33 or 33.19", optarg);
				return NETRA_EXIT_USAGE;
			}
			break;
		case OPT_FROM:
		case OPT_TO: {
			int64_t t = day_start(optarg);

			if (t < 0) {
				error("--%s '%s' is not a date YYYY-MM-DD",
				      opt == OPT_FROM ? "from" : "to", optarg);
				return NETRA_EXIT_USAGE;
			}
			if (opt == OPT_FROM)
				o.from = t;
			else
				o.to = t + 86400;
			break;
		}
		case OPT_PHASE:
			if (!phase_known(optarg)) {
				error("--phase '%s' is not a phase such as "
				      "kampanye or masa_tenang", optarg);
				return NETRA_EXIT_USAGE;
			}
			o.phase = optarg;
			break;
		case OPT_OUT:
			if (!*optarg) {
				error("--out needs a folder");
				return NETRA_EXIT_USAGE;
			}
			o.out_dir = optarg;
			break;
		case OPT_RULES:
			rules_opt = optarg;
			break;
		default:
			return cmd_usage(usage, 0);
		}
	}
	if (optind != argc || !region[0]) {
		if (!region[0])
			error("--region CODE is needed");
		return cmd_usage(usage, 0);
	}
	if (o.from >= 0 && o.to >= 0 && o.to <= o.from) {
		error("--to is before --from");
		return NETRA_EXIT_USAGE;
	}
	o.region = region;
	if (!o.out_dir) {
		buf_addf(&dir, "out/report/%s", region);
		o.out_dir = dir.s;
		o.default_layout = 1;
	}
	if (rules_load_dir(rules_dir(rules_opt), &rules, &err)) {
		error("%s", err.s);
		rc = NETRA_EXIT_INPUT;
		goto out;
	}
	o.rules = &rules;
	rc = report_write(netra_db(ctx), &o, &res, &err);
	if (rc == 2 || rc == 3) {
		error("%s", err.s);
		rc = rc == 2 ? NETRA_EXIT_USAGE : NETRA_EXIT_INPUT;
	} else if (rc) {
		error("%s", err.s);
		rc = NETRA_EXIT_DB;
	} else {
		note("%s: %ld %s (%ld confirmed)", o.out_dir, res.findings,
		     res.findings == 1 ? "finding" : "findings",
		     res.confirmed);
	}
out:
	rules_free(&rules);
	buf_release(&err);
	buf_release(&dir);
	return rc;
}
