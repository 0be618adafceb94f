/* SPDX-License-Identifier: MIT */
/*
 * netra rules: check the election and indicator data files (every error,
 * with file, line and field), and list the races that cover a region
 * with their phases, the phase they are in now, and their candidates.
 * The data folder is --rules DIR, else $NETRA_RULES, else the installed
 * data folder, else "." (rules_dir()).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "util/buf.h"
#include "cmd.h"
#include "util/msg.h"
#include "util/parse.h"
#include "score/rules.h"
#include "util/banned.h"

static const char *const usage[] = {
	"usage: netra rules check [--rules DIR] [DIR]",
	"       netra rules list [--rules DIR] [--region CODE] [--json]",
	"",
	"check  validates elections/*.json and indicators/*.json under DIR",
	"       and prints a summary; every error names file, line and field",
	"       (exit 3 when there is one).",
	"list   the races covering CODE (\"33.19\", \"17\", \"ID\"; all races",
	"       without --region), their phases, the phase at the current",
	"       time ($NETRA_NOW pins it) and their candidates.",
	"",
	"The data folder is --rules DIR, else $NETRA_RULES, else the",
	"installed share/netra, else the current folder.",
	NULL
};

/* Prints each line of err as its own error message. */
static void print_errors(const struct buf *err)
{
	const char *p = err->s, *nl;

	while (*p) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		if (nl > p)
			error("%.*s", (int)(nl - p), p);
		p = *nl ? nl + 1 : nl;
	}
}

static int load(const char *dir, struct rules *r)
{
	struct buf err = BUF_INIT;
	int n = 0;
	const char *p;

	if (!rules_load_dir(dir, r, &err)) {
		buf_release(&err);
		return 0;
	}
	print_errors(&err);
	for (p = err.s; *p; p++)
		n += *p == '\n';
	error("%d error%s in the rules under '%s'", n, n == 1 ? "" : "s",
	      dir);
	buf_release(&err);
	return -1;
}

static int rules_check(const char *dir)
{
	struct rules r;
	struct rules_counts c;
	int rc;

	rc = load(dir, &r);
	if (!rc) {
		rules_count(&r, &c);
		printf("rules in '%s' are valid\n", dir);
		printf("%zu elections, %zu races, %zu candidates, %zu parties, "
		       "%zu indicators, %zu word lists, %zu words\n",
		       c.elections, c.races, c.candidates, c.parties,
		       c.indicators, c.lists, c.words);
		printf("%zu items marked unconfirmed (not to be relied on "
		       "alone)\n", c.unconfirmed);
	}
	rules_free(&r);
	return rc ? NETRA_EXIT_INPUT : NETRA_EXIT_OK;
}

static void fmt_day(int64_t t, int utc_offset, char out[16])
{
	time_fmt_date(t + (int64_t)utc_offset * 60, out);
}

static const char *at_name(enum rules_at at)
{
	switch (at) {
	case RULES_AT_BEFORE:
		return "sebelum";
	case RULES_AT_IN:
		return "dalam";
	case RULES_AT_BETWEEN:
		return "antara";
	default:
		return "sesudah";
	}
}

static void candidate_names(const struct rules_candidate *k, struct buf *b)
{
	size_t m;

	buf_reset(b);
	for (m = 0; m < k->n_members; m++)
		buf_addf(b, "%s%s", m ? " - " : "", k->members[m].name);
}

static void join(const struct rules_strings *s, struct buf *b)
{
	size_t i;

	buf_reset(b);
	for (i = 0; i < s->n; i++)
		buf_addf(b, "%s%s", i ? ", " : "", s->v[i]);
}

static void list_text(const struct rules_race **races, size_t n, int64_t now)
{
	struct buf b = BUF_INIT, p = BUF_INIT;
	const struct rules_phase *ph;
	enum rules_at at;
	char d1[16], d2[16];
	size_t i, j;
	int off;

	for (i = 0; i < n; i++) {
		const struct rules_race *r = races[i];

		off = r->election->utc_offset;
		join(&r->regions, &b);
		printf("%s\t%s\t%s\t%s\n", r->id, rules_race_type_name(r->type),
		       b.s, r->name);
		printf("  file: %s\n", r->election->file);
		ph = rules_phase_at(r, now, &at);
		if (ph) {
			fmt_day(ph->start, off, d1);
			fmt_day(ph->end - 1, off, d2);
			printf("  now: %s %s (%s .. %s)\n", at_name(at),
			       rules_phase_name(ph->kind), d1, d2);
		} else {
			printf("  now: sebelum tahapan\n");
		}
		for (j = 0; j < r->n_phases; j++) {
			fmt_day(r->phases[j].start, off, d1);
			fmt_day(r->phases[j].end - 1, off, d2);
			printf("  phase %-18s %s .. %s\n",
			       rules_phase_name(r->phases[j].kind), d1, d2);
		}
		for (j = 0; j < r->n_candidates; j++) {
			const struct rules_candidate *k = &r->candidates[j];

			candidate_names(k, &b);
			join(&k->parties, &p);
			printf("  %2d  %s  [%s]\n", k->number, b.s,
			       k->independent ? "perseorangan" : p.s);
		}
		for (j = 0; j < r->n_parties; j++)
			printf("  %2d  %s\n", r->parties[j].number,
			       r->parties[j].acronym);
	}
	buf_release(&b);
	buf_release(&p);
}

static cJSON *strings_json(const struct rules_strings *s)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < s->n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(s->v[i]));
	return a;
}

static cJSON *terms_json(const struct rules_terms *t)
{
	cJSON *a = cJSON_CreateArray(), *o;
	size_t i;

	for (i = 0; i < t->n; i++) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "text", t->v[i].text);
		cJSON_AddStringToObject(o, "strength",
					t->v[i].strength == RULES_STRONG ?
					"strong" : "ambiguous");
		if (t->v[i].unconfirmed)
			cJSON_AddTrueToObject(o, "unconfirmed");
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static cJSON *race_json(const struct rules_race *r, int64_t now)
{
	cJSON *o = cJSON_CreateObject(), *a, *e, *m;
	const struct rules_phase *ph;
	enum rules_at at;
	char d[16];
	size_t j, k;
	int off = r->election->utc_offset;

	cJSON_AddStringToObject(o, "id", r->id);
	cJSON_AddStringToObject(o, "type", rules_race_type_name(r->type));
	cJSON_AddStringToObject(o, "name", r->name);
	cJSON_AddStringToObject(o, "election", r->election->group);
	cJSON_AddStringToObject(o, "file", r->election->file);
	cJSON_AddItemToObject(o, "regions", strings_json(&r->regions));
	ph = rules_phase_at(r, now, &at);
	e = cJSON_AddObjectToObject(o, "now");
	cJSON_AddStringToObject(e, "at", at_name(at));
	if (ph)
		cJSON_AddStringToObject(e, "phase", rules_phase_name(ph->kind));
	else
		cJSON_AddNullToObject(e, "phase");
	a = cJSON_AddArrayToObject(o, "phases");
	for (j = 0; j < r->n_phases; j++) {
		e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "phase",
					rules_phase_name(r->phases[j].kind));
		fmt_day(r->phases[j].start, off, d);
		cJSON_AddStringToObject(e, "start", d);
		fmt_day(r->phases[j].end - 1, off, d);
		cJSON_AddStringToObject(e, "end", d);
		cJSON_AddItemToArray(a, e);
	}
	a = cJSON_AddArrayToObject(o, "candidates");
	for (j = 0; j < r->n_candidates; j++) {
		const struct rules_candidate *c = &r->candidates[j];

		e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "number", c->number);
		m = cJSON_AddArrayToObject(e, "members");
		for (k = 0; k < c->n_members; k++) {
			cJSON *x = cJSON_CreateObject();

			cJSON_AddStringToObject(x, "role", c->members[k].role);
			cJSON_AddStringToObject(x, "name", c->members[k].name);
			cJSON_AddItemToObject(x, "aliases",
				terms_json(&c->members[k].aliases));
			cJSON_AddItemToArray(m, x);
		}
		cJSON_AddItemToObject(e, "aliases", terms_json(&c->aliases));
		cJSON_AddItemToObject(e, "hashtags", terms_json(&c->hashtags));
		cJSON_AddItemToObject(e, "gestures", terms_json(&c->gestures));
		cJSON_AddItemToObject(e, "parties", strings_json(&c->parties));
		cJSON_AddBoolToObject(e, "independent", c->independent);
		cJSON_AddItemToArray(a, e);
	}
	a = cJSON_AddArrayToObject(o, "parties");
	for (j = 0; j < r->n_parties; j++) {
		e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "number", r->parties[j].number);
		cJSON_AddStringToObject(e, "acronym", r->parties[j].acronym);
		cJSON_AddItemToObject(e, "aliases",
				      terms_json(&r->parties[j].aliases));
		cJSON_AddItemToArray(a, e);
	}
	return o;
}

static int rules_list(const char *dir, const char *region, int json)
{
	const struct rules_race **races = NULL;
	struct rules r;
	int64_t now = netra_now();
	size_t n = 0, i, j;
	cJSON *arr;
	char *s;

	if (load(dir, &r)) {
		rules_free(&r);
		return NETRA_EXIT_INPUT;
	}
	if (region) {
		races = rules_races_for_region(&r, region, &n);
	} else {
		for (i = 0; i < r.n_elections; i++)
			for (j = 0; j < r.elections[i].n_races; j++) {
				races = xrealloc(races,
						 (n + 1) * sizeof(*races));
				races[n++] = &r.elections[i].races[j];
			}
	}
	if (json) {
		arr = cJSON_CreateArray();
		for (i = 0; i < n; i++)
			cJSON_AddItemToArray(arr, race_json(races[i], now));
		s = cJSON_Print(arr);
		if (!s)
			die_oom();
		printf("%s\n", s);
		cJSON_free(s);
		cJSON_Delete(arr);
	} else {
		list_text(races, n, now);
		if (!n)
			note("no race covers region %s", region);
	}
	free(races);
	rules_free(&r);
	return NETRA_EXIT_OK;
}

int cmd_rules(struct netra *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "region", required_argument, NULL, 'g' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *dir = NULL, *region = NULL, *sub;
	int opt, json = 0;

	(void)ctx;
	if (cmd_wants_help(argc, argv))
		return cmd_usage(usage, 1);
	if (argc < 2)
		return cmd_usage(usage, 0);
	sub = argv[1];
	argc--;
	argv++;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'r':
			dir = optarg;
			break;
		case 'g':
			region = optarg;
			break;
		case 'j':
			json = 1;
			break;
		default:
			return cmd_usage(usage, 0);
		}
	}
	if (!strcmp(sub, "check")) {
		if (region || json || argc - optind > 1)
			return cmd_usage(usage, 0);
		if (argc - optind == 1) {
			if (dir) {
				error("give the folder once: --rules DIR or "
				      "DIR");
				return NETRA_EXIT_USAGE;
			}
			dir = argv[optind];
		}
		return rules_check(rules_dir(dir));
	}
	if (!strcmp(sub, "list")) {
		if (argc != optind)
			return cmd_usage(usage, 0);
		if (region && !rules_region_valid(region)) {
			error("--region: expected a region code like 33, "
			      "33.19 or ID, got '%s'", region);
			return NETRA_EXIT_USAGE;
		}
		return rules_list(rules_dir(dir), region, json);
	}
	error("'%s' is not a rules subcommand (check, list)", sub);
	return cmd_usage(usage, 0);
}
