/* SPDX-License-Identifier: MIT */
/*
 * netra run: one scripted pass over a configuration file (netra.conf(5)).
 * The stages are the ordinary commands, called in-process with argv
 * arrays, in order: registry import (each file), import, collect (each
 * platform, when configured), score, and report (each region, when this
 * netra has a report command). A lock on <db>.lock is held for the whole
 * run so two runs on one database never interleave; since every stage is
 * idempotent (imports by hash, scoring by version), a run killed anywhere
 * is finished by running it again.
 *
 * The exit status is the worst of the stages, ranked 5 > 3 > 2 > 4 > 1 > 0
 * (netra(1) EXIT STATUS). A stage that exits 5, and a refused registry
 * file, stop the run.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

#include "util/buf.h"
#include "cmd.h"
#include "util/config.h"
#include "store/db.h"
#include "util/fsutil.h"
#include "util/msg.h"
#include "util/banned.h"

enum { OPT_CONFIG = 256, OPT_JSON, OPT_FAIL_ON, OPT_QUIET, OPT_VERBOSE };

static const char *const usage[] = {
	"usage: netra run [--config FILE] [--json] [--fail-on LEVEL]",
	"                 [--quiet | --verbose]",
	"",
	"Runs registry import, import, collect, score and report as the",
	"configuration file says (netra.conf(5)); the file is --config, else",
	"$NETRA_CONFIG, else ./netra.conf. Exits with the worst stage's code.",
	"",
	"  --config FILE   the configuration file",
	"  --json          print one JSON summary of the stages",
	"  --fail-on LEVEL exit 1 when scoring finds new findings at or above",
	"                  LEVEL (rendah, sedang, tinggi)",
	"  --quiet         errors only (no stage banners)",
	"  --verbose       more detail",
	NULL
};

struct run {
	struct netra *ctx;
	int json;
	int rc;			/* the worst exit so far */
	cJSON *stages;		/* the --json summary's stage list */
};

static int rank(int code)
{
	switch (code) {
	case NETRA_EXIT_OK:
		return 0;
	case NETRA_EXIT_FINDINGS:
		return 1;
	case NETRA_EXIT_SOURCES:
		return 2;
	case NETRA_EXIT_USAGE:
		return 3;
	case NETRA_EXIT_INPUT:
		return 4;
	default:
		return 5;
	}
}

static const char *status_name(int code)
{
	switch (code) {
	case NETRA_EXIT_OK:
		return "ok";
	case NETRA_EXIT_FINDINGS:
		return "findings";
	case NETRA_EXIT_USAGE:
		return "usage";
	case NETRA_EXIT_INPUT:
		return "refused";
	case NETRA_EXIT_SOURCES:
		return "sources_failed";
	default:
		return "failed";
	}
}

static void worst(struct run *r, int code)
{
	if (rank(code) > rank(r->rc))
		r->rc = code;
}

static cJSON *add_stage(struct run *r, const char *name, const char *what)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		die_oom();
	cJSON_AddStringToObject(o, "stage", name);
	if (what)
		cJSON_AddStringToObject(o, "target", what);
	cJSON_AddItemToArray(r->stages, o);
	return o;
}

/*
 * Calls fn with argv. With --json, the command's standard output (its own
 * --json object) is caught in a temporary file and kept as "result".
 */
static int call(struct run *r, cJSON *stage, netra_cmd_fn fn, char **argv)
{
	struct buf out = BUF_INIT;
	FILE *tmp = NULL;
	int argc, rc, saved = -1;

	for (argc = 0; argv[argc]; argc++)
		;
	if (r->json) {
		fflush(stdout);
		tmp = tmpfile();
		saved = dup(STDOUT_FILENO);
		if (!tmp || saved < 0 ||
		    dup2(fileno(tmp), STDOUT_FILENO) < 0)
			die(NETRA_EXIT_DB, "cannot catch a stage's output: %s",
			    strerror(errno));
	}
	optind = 0;
	rc = fn(r->ctx, argc, argv);
	if (r->json) {
		char chunk[4096];
		size_t n;
		cJSON *res;

		fflush(stdout);
		dup2(saved, STDOUT_FILENO);
		close(saved);
		rewind(tmp);
		while ((n = fread(chunk, 1, sizeof(chunk), tmp)) > 0)
			buf_add(&out, chunk, n);
		fclose(tmp);
		res = cJSON_Parse(out.s);
		if (res)
			cJSON_AddItemToObject(stage, "result", res);
	}
	buf_release(&out);
	cJSON_AddNumberToObject(stage, "exit", rc);
	cJSON_AddStringToObject(stage, "status", status_name(rc));
	worst(r, rc);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void push(char *s, char ***v, size_t *n, size_t *cap)
{
	if (*n + 1 >= *cap) {
		*cap = *cap * 2 + 16;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[(*n)++] = s;
}

/* Appends path, or every regular file in it when a folder, sorted. */
static void expand(const char *path, char ***v, size_t *n, size_t *cap)
{
	struct stat st;
	struct dirent *de;
	size_t first = *n;
	DIR *d;

	if (stat(path, &st) || !S_ISDIR(st.st_mode)) {
		push(xstrdup(path), v, n, cap);
		return;
	}
	d = opendir(path);
	if (!d) {
		warning("cannot read the folder %s: %s", path,
			strerror(errno));
		return;
	}
	while ((de = readdir(d))) {
		struct buf p = BUF_INIT;

		if (de->d_name[0] == '.')
			continue;
		buf_addf(&p, "%s/%s", path, de->d_name);
		if (stat(p.s, &st) || !S_ISREG(st.st_mode)) {
			buf_release(&p);
			continue;
		}
		push(buf_detach(&p, NULL), v, n, cap);
	}
	closedir(d);
	qsort(*v + first, *n - first, sizeof(**v), cmp_str);
}

/* The one-line stage banner: "netra: == STAGE ARG". */
static void banner(const char *stage, const char *arg)
{
	if (msg_level >= MSG_NORMAL)
		fprintf(stderr, "netra: == %s%s%s\n", stage, *arg ? " " : "",
			arg);
}

static int stage_registry(struct run *r, const struct netra_conf *c)
{
	size_t i;

	for (i = 0; i < c->registry.n; i++) {
		char *argv[5];
		int k = 0, rc;

		argv[k++] = (char *)"registry";
		argv[k++] = (char *)"import";
		if (r->json)
			argv[k++] = (char *)"--json";
		argv[k++] = c->registry.v[i];
		argv[k] = NULL;
		banner("registry import", c->registry.v[i]);
		rc = call(r, add_stage(r, "registry", c->registry.v[i]),
			  cmd_registry, argv);
		if (rc == NETRA_EXIT_INPUT || rc == NETRA_EXIT_DB ||
		    rc == NETRA_EXIT_USAGE) {
			error("registry file %s refused: the run stops here",
			      c->registry.v[i]);
			return -1;
		}
	}
	return 0;
}

static int stage_import(struct run *r, const struct netra_conf *c)
{
	char **argv = NULL;
	size_t n = 0, cap = 0, i, files;
	int rc;

	if (!c->import.n)
		return 0;
	push(xstrdup("import"), &argv, &n, &cap);
	if (r->json)
		push(xstrdup("--json"), &argv, &n, &cap);
	files = n;
	for (i = 0; i < c->import.n; i++)
		expand(c->import.v[i], &argv, &n, &cap);
	files = n - files;
	argv[n] = NULL;
	if (!files) {
		cJSON *s = add_stage(r, "import", NULL);

		note("import: no files in the configured folders");
		cJSON_AddNumberToObject(s, "exit", 0);
		cJSON_AddStringToObject(s, "status", "ok");
		rc = 0;
	} else {
		struct buf b = BUF_INIT;

		buf_addf(&b, "%zu file%s", files, files == 1 ? "" : "s");
		banner("import", b.s);
		buf_release(&b);
		rc = call(r, add_stage(r, "import", NULL), cmd_import, argv);
	}
	for (i = 0; i < n; i++)
		free(argv[i]);
	free(argv);
	return rc == NETRA_EXIT_DB ? -1 : 0;
}

static int stage_collect(struct run *r, const struct netra_conf *c)
{
	size_t i;

	for (i = 0; i < c->sources.n; i++) {
		char *argv[5];
		int k = 0;

		argv[k++] = (char *)"collect";
		argv[k++] = (char *)"--platform";
		argv[k++] = c->sources.v[i];
		if (r->json)
			argv[k++] = (char *)"--json";
		argv[k] = NULL;
		banner("collect", c->sources.v[i]);
		if (call(r, add_stage(r, "collect", c->sources.v[i]),
			 cmd_collect, argv) == NETRA_EXIT_DB)
			return -1;
	}
	return 0;
}

static int stage_score(struct run *r, const struct netra_conf *c,
		       const char *fail_on)
{
	char *argv[8];
	int k = 0;

	argv[k++] = (char *)"score";
	if (c->rules) {
		argv[k++] = (char *)"--rules";
		argv[k++] = c->rules;
	}
	if (fail_on) {
		argv[k++] = (char *)"--fail-on";
		argv[k++] = (char *)fail_on;
	}
	if (r->json)
		argv[k++] = (char *)"--json";
	argv[k] = NULL;
	banner("score", fail_on ? fail_on : "");
	return call(r, add_stage(r, "score", NULL), cmd_score, argv) ==
		NETRA_EXIT_DB ? -1 : 0;
}

static int stage_report(struct run *r, const struct netra_conf *c)
{
	netra_cmd_fn fn = netra_find_command("report");
	struct buf err = BUF_INIT;
	size_t i;

	if (!c->regions.n)
		return 0;
	if (!fn) {
		cJSON *s = add_stage(r, "report", NULL);

		note("report: skipped, this netra has no 'report' command");
		cJSON_AddStringToObject(s, "status", "skipped");
		return 0;
	}
	for (i = 0; i < c->regions.n; i++) {
		struct buf dir = BUF_INIT;
		char *argv[9];
		int k = 0, rc;

		buf_addf(&dir, "%s/report/%s", c->out, c->regions.v[i]);
		if (fs_mkdirs(dir.s, &err)) {
			error("%s", err.s);
			buf_release(&err);
			buf_release(&dir);
			worst(r, NETRA_EXIT_DB);
			return -1;
		}
		argv[k++] = (char *)"report";
		argv[k++] = (char *)"--region";
		argv[k++] = c->regions.v[i];
		argv[k++] = (char *)"--out";
		argv[k++] = dir.s;
		if (c->phase) {
			argv[k++] = (char *)"--phase";
			argv[k++] = c->phase;
		}
		argv[k] = NULL;
		banner("report", c->regions.v[i]);
		rc = call(r, add_stage(r, "report", c->regions.v[i]), fn,
			  argv);
		buf_release(&dir);
		if (rc == NETRA_EXIT_DB)
			return -1;
	}
	return 0;
}

/* Takes the run lock on <db>.lock; the descriptor stays open to exit. */
static void print_summary(struct run *r, const struct netra_conf *c,
			  const char *db_path)
{
	cJSON *o = cJSON_CreateObject();
	char *s;

	if (!o)
		die_oom();
	cJSON_AddStringToObject(o, "config", c->path ? c->path : "");
	cJSON_AddStringToObject(o, "database", db_path);
	cJSON_AddItemToObject(o, "stages", r->stages);
	r->stages = NULL;
	cJSON_AddNumberToObject(o, "exit", r->rc);
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!s)
		die_oom();
	printf("%s\n", s);
	cJSON_free(s);
}

int cmd_run(struct netra *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, OPT_CONFIG },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "quiet", no_argument, NULL, OPT_QUIET },
		{ "verbose", no_argument, NULL, OPT_VERBOSE },
		{ NULL, 0, NULL, 0 }
	};
	struct netra_conf c;
	struct buf err = BUF_INIT;
	struct run r = { ctx, 0, 0, NULL };
	const char *path = NULL, *fail_on = NULL;
	int opt;

	if (cmd_wants_help(argc, argv))
		return cmd_usage(usage, 1);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case OPT_CONFIG:
			path = optarg;
			break;
		case OPT_JSON:
			r.json = 1;
			break;
		case OPT_FAIL_ON:
			fail_on = optarg;
			if (strcmp(fail_on, "rendah") &&
			    strcmp(fail_on, "sedang") &&
			    strcmp(fail_on, "tinggi")) {
				error("--fail-on: '%s' is not rendah, sedang "
				      "or tinggi", fail_on);
				return NETRA_EXIT_USAGE;
			}
			break;
		case OPT_QUIET:
			msg_level = MSG_QUIET;
			break;
		case OPT_VERBOSE:
			msg_level = MSG_VERBOSE;
			break;
		default:
			return cmd_usage(usage, 0);
		}
	}
	if (optind < argc) {
		error("run takes no arguments ('%s')", argv[optind]);
		return cmd_usage(usage, 0);
	}
	if (!path)
		path = getenv("NETRA_CONFIG");
	if (!path || !*path)
		path = "netra.conf";
	if (conf_load(path, &c, &err)) {
		error("%s", err.s);
		buf_release(&err);
		conf_release(&c);
		return NETRA_EXIT_INPUT;
	}
	if (c.database)
		ctx->db_path = c.database;
	if (c.rules)
		setenv("NETRA_RULES", c.rules, 1);
	if (netra_lock(ctx, "run")) {
		conf_release(&c);
		return NETRA_EXIT_DB;
	}
	r.stages = cJSON_CreateArray();
	if (!r.stages)
		die_oom();
	if (!stage_registry(&r, &c) && !stage_import(&r, &c) &&
	    !stage_collect(&r, &c) && !stage_score(&r, &c, fail_on))
		stage_report(&r, &c);
	if (r.json)
		print_summary(&r, &c, ctx->db_path);
	else if (msg_level >= MSG_NORMAL)
		fprintf(stderr, "netra: == run finished: exit %d\n", r.rc);
	cJSON_Delete(r.stages);
	/* the database path may point into c: close before releasing it */
	if (ctx->db)
		db_close(ctx->db);
	ctx->db = NULL;
	conf_release(&c);
	return r.rc;
}
