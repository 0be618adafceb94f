/* SPDX-License-Identifier: MIT */
/*
 * netra eval: measures the scoring against labelled posts. Each line of
 * the file is a post in the canonical JSONL format (netra-formats(5))
 * with a "label" of "campaign" or "neutral"; it is scored as if a civil
 * servant of --region had written it, and counted as "campaign" when its
 * highest finding reaches the sedang band. Prints precision, recall and
 * F1 for "campaign" with the confusion counts, or one JSON object.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "util/buf.h"
#include "cmd.h"
#include "util/fsutil.h"
#include "util/msg.h"
#include "util/parse.h"
#include "score/rules.h"
#include "score/score.h"
#include "util/banned.h"

static const char *const usage[] = {
	"usage: netra eval [--region CODE] [--rules DIR] [--json] FILE.jsonl",
	"",
	"Scores labelled posts (canonical JSONL plus \"label\": \"campaign\" or",
	"\"neutral\") as if written by a civil servant of CODE (default 33.19)",
	"(or the line's own \"region\") and prints precision, recall and F1",
	"for \"campaign\". A post counts as",
	"campaign when its highest finding is at least 'sedang'.",
	NULL
};

enum { OPT_REGION = 256, OPT_RULES, OPT_JSON };

struct eval_counts {
	long tp, fp, fn, tn;
};

static const char *jstr(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double ratio(long a, long b)
{
	return b ? (double)a / (double)b : 0.0;
}

static cJSON *finding_json(const struct score_finding *f)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *codes = cJSON_CreateArray();
	size_t i;

	cJSON_AddStringToObject(o, "race", f->race->id);
	cJSON_AddNumberToObject(o, "candidate", f->candidate);
	cJSON_AddNumberToObject(o, "score", f->score);
	cJSON_AddStringToObject(o, "level", f->level);
	for (i = 0; i < f->n_codes; i++)
		cJSON_AddItemToArray(codes, cJSON_CreateString(f->codes[i]));
	cJSON_AddItemToObject(o, "indicators", codes);
	codes = cJSON_CreateArray();
	for (i = 0; i < f->n_contrib; i++) {
		char line[200];

		snprintf(line, sizeof(line), "%+d %s %s", f->contrib[i].points,
			 f->contrib[i].code, f->contrib[i].why);
		cJSON_AddItemToArray(codes, cJSON_CreateString(line));
	}
	cJSON_AddItemToObject(o, "why", codes);
	return o;
}

int cmd_eval(struct netra *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "region", required_argument, NULL, OPT_REGION },
		{ "rules", required_argument, NULL, OPT_RULES },
		{ "json", no_argument, NULL, OPT_JSON },
		{ NULL, 0, NULL, 0 }
	};
	const char *region = "33.19", *rules_opt = NULL;
	struct rules rules;
	struct score_engine *eng = NULL;
	struct score_result res = SCORE_RESULT_INIT;
	struct eval_counts n = { 0, 0, 0, 0 };
	struct buf err = BUF_INIT;
	cJSON *errors = cJSON_CreateArray();
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0, bad = 0;
	FILE *f = NULL;
	int opt, json = 0, rc = NETRA_EXIT_OK;

	(void)ctx;
	memset(&rules, 0, sizeof(rules));
	if (cmd_wants_help(argc, argv)) {
		cJSON_Delete(errors);
		return cmd_usage(usage, 1);
	}
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case OPT_REGION:
			region = optarg;
			break;
		case OPT_RULES:
			rules_opt = optarg;
			break;
		case OPT_JSON:
			json = 1;
			break;
		default:
			cJSON_Delete(errors);
			return cmd_usage(usage, 0);
		}
	}
	if (optind != argc - 1 || !rules_region_valid(region)) {
		if (optind == argc - 1)
			error("--region '%s' is not a region code", region);
		cJSON_Delete(errors);
		return cmd_usage(usage, 0);
	}
	if (rules_load_dir(rules_dir(rules_opt), &rules, &err)) {
		error("the rules do not load:\n%s", err.s);
		rc = NETRA_EXIT_INPUT;
		goto out;
	}
	eng = score_engine_new(&rules, &err);
	if (!eng) {
		error("%s", err.s);
		rc = NETRA_EXIT_INPUT;
		goto out;
	}
	f = fs_open_read(argv[optind], &err);
	if (!f) {
		error("%s", err.s);
		rc = NETRA_EXIT_INPUT;
		goto out;
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		struct score_input in;
		const char *label, *text, *kind, *when, *id;
		const cJSON *ref;
		cJSON *o;
		int64_t t = INT64_MIN;
		int want, got, top;

		lineno++;
		if (len <= 1 && line[0] == '\n')
			continue;
		o = cJSON_ParseWithLength(line, (size_t)len);
		if (!cJSON_IsObject(o)) {
			error("%s:%ld: not a JSON object", argv[optind], lineno);
			cJSON_Delete(o);
			bad++;
			continue;
		}
		label = jstr(o, "label");
		text = jstr(o, "text");
		kind = jstr(o, "kind");
		when = jstr(o, "posted_at");
		id = jstr(o, "post_id");
		ref = cJSON_GetObjectItemCaseSensitive(o, "ref");
		if (!label || (strcmp(label, "campaign") &&
			       strcmp(label, "neutral"))) {
			error("%s:%ld: label: expected \"campaign\" or "
			      "\"neutral\"", argv[optind], lineno);
			cJSON_Delete(o);
			bad++;
			continue;
		}
		if (when && time_parse_iso(when, &t, 0)) {
			error("%s:%ld: posted_at: '%s' is not an ISO 8601 "
			      "time with an offset", argv[optind], lineno,
			      when);
			cJSON_Delete(o);
			bad++;
			continue;
		}
		memset(&in, 0, sizeof(in));
		in.text = text;
		in.len = text ? strlen(text) : 0;
		in.kind = kind ? kind : "post";
		in.posted_at = t;
		in.ref_account = cJSON_IsObject(ref) ? jstr(ref, "account") :
				 NULL;
		/* a line may name its own region (mixed test sets) */
		in.region = jstr(o, "region") && rules_region_valid(
			jstr(o, "region")) ? jstr(o, "region") : region;
		score_post(eng, &in, &res);
		top = res.n ? res.v[0].score : 0;
		want = !strcmp(label, "campaign");
		got = top >= SCORE_SEDANG;
		if (want && got)
			n.tp++;
		else if (!want && got)
			n.fp++;
		else if (want)
			n.fn++;
		else
			n.tn++;
		if (want != got) {
			cJSON *e = cJSON_CreateObject();
			cJSON *fs = cJSON_CreateArray();
			size_t i;

			cJSON_AddNumberToObject(e, "line", lineno);
			if (id)
				cJSON_AddStringToObject(e, "post_id", id);
			cJSON_AddStringToObject(e, "label", label);
			cJSON_AddNumberToObject(e, "score", top);
			for (i = 0; i < res.n; i++)
				cJSON_AddItemToArray(fs,
						     finding_json(&res.v[i]));
			cJSON_AddItemToObject(e, "findings", fs);
			cJSON_AddStringToObject(e, "text", text ? text : "");
			cJSON_AddItemToArray(errors, e);
		}
		cJSON_Delete(o);
	}
	if (ferror(f)) {
		error("cannot read '%s'", argv[optind]);
		rc = NETRA_EXIT_DB;
		goto out;
	}
	{
		double p = ratio(n.tp, n.tp + n.fp);
		double r = ratio(n.tp, n.tp + n.fn);
		double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0.0;

		if (json) {
			cJSON *o = cJSON_CreateObject();
			char *s;

			cJSON_AddNumberToObject(o, "tp", n.tp);
			cJSON_AddNumberToObject(o, "fp", n.fp);
			cJSON_AddNumberToObject(o, "fn", n.fn);
			cJSON_AddNumberToObject(o, "tn", n.tn);
			cJSON_AddNumberToObject(o, "precision", p);
			cJSON_AddNumberToObject(o, "recall", r);
			cJSON_AddNumberToObject(o, "f1", f1);
			cJSON_AddNumberToObject(o, "rejected", bad);
			cJSON_AddItemToObject(o, "errors", errors);
			errors = NULL;
			s = cJSON_PrintUnformatted(o);
			puts(s);
			free(s);
			cJSON_Delete(o);
		} else {
			printf("posts     %ld (region %s, rules %s)\n",
			       n.tp + n.fp + n.fn + n.tn, region,
			       score_engine_version(eng));
			printf("precision %.3f\nrecall    %.3f\nf1        %.3f\n",
			       p, r, f1);
			printf("tp %ld  fp %ld  fn %ld  tn %ld\n", n.tp, n.fp,
			       n.fn, n.tn);
		}
	}
	if (bad)
		rc = NETRA_EXIT_INPUT;
out:
	if (f && f != stdin)
		fclose(f);
	free(line);
	cJSON_Delete(errors);
	score_result_release(&res);
	score_engine_free(eng);
	rules_free(&rules);
	buf_release(&err);
	return rc;
}
