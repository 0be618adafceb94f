/* SPDX-License-Identifier: MIT */
/*
 * netra registry import|check|list: the civil-servant registry. The
 * validation lives in registry.c; this file parses options, prints
 * problems in compiler form, writes the reject file and picks the exit
 * code. `check` runs the very same import against an in-memory database,
 * so an HR office needs no database and sees exactly what an import
 * would refuse.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "evidence/audit.h"
#include "util/buf.h"
#include "util/jsonout.h"
#include "cmd.h"
#include "util/csvout.h"
#include "store/db.h"
#include "util/fsutil.h"
#include "registry/handle.h"
#include "util/msg.h"
#include "registry/nip.h"
#include "registry/registry.h"
#include "util/banned.h"

#define SHOW_PROBLEMS 20	/* printed on stderr; all go to the file */

static const char *const usage_main[] = {
	"usage: netra registry import [--partial] [--dry-run] "
	"[--encoding cp1252]",
	"                             [--region CODE] [--reject FILE] "
	"[--json] FILE",
	"       netra registry check [--encoding cp1252] [--region CODE] "
	"[--reject FILE]",
	"                            [--json] FILE",
	"       netra registry list [--region CODE] [--agency TEXT] "
	"[--platform P]",
	"                           [--json | --csv]",
	NULL
};

static const char *const usage_import[] = {
	"usage: netra registry import [--partial] [--dry-run] "
	"[--encoding cp1252]",
	"                             [--region CODE] [--reject FILE] "
	"[--json] FILE",
	"",
	"Loads civil servants and their accounts from an HR export (CSV with",
	"',', ';' or TAB; one person per row, or one account per row with",
	"nip, platform, handle). FILE '-' is standard input.",
	"",
	"  --partial        import the good rows even if some are refused",
	"  --dry-run        validate and report; change nothing",
	"  --encoding ENC   the file's encoding when not UTF-8 (cp1252)",
	"  --region CODE    region (e.g. 33.19) for rows that name none",
	"  --reject FILE    where refused rows go (default FILE.rejects.csv)",
	"  --json           print one JSON object with the counts",
	NULL
};

static const char *const usage_check[] = {
	"usage: netra registry check [--encoding cp1252] [--region CODE] "
	"[--reject FILE]",
	"                            [--json] FILE",
	"",
	"Validates a staff list exactly as 'registry import' would, without a",
	"database, and lists every problem with its line.",
	NULL
};

static const char *const usage_list[] = {
	"usage: netra registry list [--region CODE] [--agency TEXT] "
	"[--platform P]",
	"                           [--json | --csv]",
	"",
	"Lists civil servants and their current accounts. --region 33 takes",
	"every kabupaten/kota of the province; --agency matches part of the",
	"agency name, ignoring case.",
	NULL
};

enum {
	OPT_PARTIAL = 256, OPT_DRY_RUN, OPT_ENCODING, OPT_REGION, OPT_REJECT,
	OPT_JSON, OPT_CSV, OPT_AGENCY, OPT_PLATFORM
};

static void print_problem(const char *file, const struct registry_problem *p)
{
	if (p->column && p->value)
		error("%s:%ld:%d: %s '%s': %s", file, p->line, p->column,
		      p->field ? p->field : "value", p->value, p->reason);
	else if (p->column)
		error("%s:%ld:%d: %s", file, p->line, p->column, p->reason);
	else
		error("%s:%ld: %s", file, p->line, p->reason);
}

static int write_rejects(const char *path, const struct registry_result *r,
			 struct buf *err)
{
	struct csv_writer w;
	FILE *f = fs_create(path, err);
	size_t i;

	if (!f)
		return -1;
	csvw_init(&w, f, ',');
	csvw_field_raw(&w, "line");
	csvw_field_raw(&w, "column");
	csvw_field_raw(&w, "field");
	csvw_field_raw(&w, "value");
	csvw_field_raw(&w, "problem");
	csvw_field_raw(&w, "reason");
	csvw_end_row(&w);
	for (i = 0; i < r->n_problems; i++) {
		const struct registry_problem *p = &r->problems[i];

		csvw_field_int(&w, p->line);
		csvw_field_int(&w, p->column);
		csvw_field(&w, p->field);
		csvw_field(&w, p->value);
		csvw_field_raw(&w, registry_kind_name(p->kind));
		csvw_field(&w, p->reason);
		csvw_end_row(&w);
	}
	if (fclose(f)) {
		buf_addf(err, "cannot write '%s'", path);
		return -1;
	}
	return 0;
}

static cJSON *problems_json(const struct registry_result *r)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < r->n_problems; i++) {
		const struct registry_problem *p = &r->problems[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddNumberToObject(o, "line", (double)p->line);
		cJSON_AddNumberToObject(o, "column", p->column);
		if (p->field)
			cJSON_AddStringToObject(o, "field", p->field);
		else
			cJSON_AddNullToObject(o, "field");
		if (p->value)
			cJSON_AddStringToObject(o, "value", p->value);
		else
			cJSON_AddNullToObject(o, "value");
		cJSON_AddStringToObject(o, "problem",
					registry_kind_name(p->kind));
		cJSON_AddStringToObject(o, "reason", p->reason);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static cJSON *result_json(const char *file, const struct registry_result *r,
			  int status, const char *refusal)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *w = cJSON_CreateArray();
	cJSON *kinds = cJSON_CreateObject();
	long counts[RK_COUNT] = { 0 };
	size_t i;

	cJSON_AddStringToObject(o, "file", file);
	cJSON_AddBoolToObject(o, "file_refused", status == REGISTRY_REFUSED);
	if (refusal)
		cJSON_AddStringToObject(o, "file_problem", refusal);
	cJSON_AddStringToObject(o, "format", r->long_form ?
				"account-per-row" : "person-per-row");
	cJSON_AddNumberToObject(o, "rows", r->rows);
	cJSON_AddNumberToObject(o, "blank_rows", r->blank_rows);
	cJSON_AddNumberToObject(o, "rows_ok", r->rows_ok);
	cJSON_AddNumberToObject(o, "rows_refused", r->rows_refused);
	cJSON_AddNumberToObject(o, "people_new", r->people_new);
	cJSON_AddNumberToObject(o, "people_changed", r->people_changed);
	cJSON_AddNumberToObject(o, "people_unchanged", r->people_unchanged);
	cJSON_AddNumberToObject(o, "accounts_new", r->accounts_new);
	cJSON_AddNumberToObject(o, "accounts_ended", r->accounts_ended);
	cJSON_AddNumberToObject(o, "accounts_moved", r->accounts_moved);
	cJSON_AddBoolToObject(o, "committed", r->committed);
	if (r->sha256[0])
		cJSON_AddStringToObject(o, "sha256", r->sha256);
	for (i = 0; i < r->n_problems; i++)
		counts[r->problems[i].kind]++;
	for (i = 0; i < RK_COUNT; i++)
		if (counts[i])
			cJSON_AddNumberToObject(kinds, registry_kind_name(
				(enum registry_kind)i), (double)counts[i]);
	cJSON_AddItemToObject(o, "problems_by_kind", kinds);
	cJSON_AddItemToObject(o, "problems", problems_json(r));
	for (i = 0; i < r->n_warnings; i++)
		cJSON_AddItemToArray(w, cJSON_CreateString(r->warnings[i]));
	cJSON_AddItemToObject(o, "warnings", w);
	return o;
}

static void print_json(cJSON *o)
{
	char *s = cJSON_PrintUnformatted(o);

	if (!s)
		die_oom();
	puts(s);
	free(s);
	cJSON_Delete(o);
}

struct run_opts {
	struct registry_opts ro;
	const char *reject;
	int json;
};

static int parse_run_opts(int argc, char **argv, int import,
			  struct run_opts *ro)
{
	static const struct option opts[] = {
		{ "partial", no_argument, NULL, OPT_PARTIAL },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "encoding", required_argument, NULL, OPT_ENCODING },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "reject", required_argument, NULL, OPT_REJECT },
		{ "json", no_argument, NULL, OPT_JSON },
		{ NULL, 0, NULL, 0 }
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case OPT_PARTIAL:
		case OPT_DRY_RUN:
			if (!import) {
				error("'check' never changes anything; "
				      "%s is for 'import'", argv[optind - 1]);
				return -1;
			}
			if (opt == OPT_PARTIAL)
				ro->ro.partial = 1;
			else
				ro->ro.dry_run = 1;
			break;
		case OPT_ENCODING:
			ro->ro.encoding = optarg;
			break;
		case OPT_REGION:
			ro->ro.region = optarg;
			break;
		case OPT_REJECT:
			ro->reject = optarg;
			break;
		case OPT_JSON:
			ro->json = 1;
			break;
		default:
			return -1;
		}
	}
	if (optind != argc - 1) {
		error(optind < argc ? "one FILE at a time" : "FILE is missing");
		return -1;
	}
	ro->ro.path = argv[optind];
	ro->ro.display = strcmp(ro->ro.path, "-") ? ro->ro.path : "stdin";
	return 0;
}

/* Writes s with control characters as '?': a cell must not drive a
   terminal. */
static void put_clean(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, f);
}

/* The HR office's report (registry check): counts by kind, then lines. */
static void print_check_report(const char *file,
			       const struct registry_result *r)
{
	static const char *const what[RK_COUNT] = {
		"wrong number of fields",
		"NIP malformed or impossible",
		"NIP mangled by a spreadsheet (scientific notation)",
		"name missing or unusable",
		"employment type not PNS or PPPK",
		"region unknown, ambiguous or missing",
		"platform unknown",
		"account handle the platform could not have",
		"NIP already on an earlier line",
		"account given to two people",
		"NIP not in the registry (account-per-row file)"
	};
	long counts[RK_COUNT] = { 0 };
	size_t i;

	printf("%s: %ld rows, %ld valid, %ld with problems\n", file, r->rows,
	       r->rows_ok, r->rows_refused);
	if (r->blank_rows)
		printf("(%ld blank rows skipped)\n", r->blank_rows);
	for (i = 0; i < r->n_warnings; i++)
		printf("note: %s\n", r->warnings[i]);
	if (!r->n_problems)
		return;
	for (i = 0; i < r->n_problems; i++)
		counts[r->problems[i].kind]++;
	printf("\nproblems by kind:\n");
	for (i = 0; i < RK_COUNT; i++)
		if (counts[i])
			printf("  %6ld  %-16s %s\n", counts[i],
			       registry_kind_name((enum registry_kind)i),
			       what[i]);
	printf("\nproblems, line by line:\n");
	for (i = 0; i < r->n_problems; i++) {
		const struct registry_problem *p = &r->problems[i];

		printf("  line %ld", p->line);
		if (p->column)
			printf(", column %d (%s)", p->column,
			       p->field ? p->field : "?");
		if (p->value) {
			fputs(" '", stdout);
			put_clean(stdout, p->value);
			fputc('\'', stdout);
		}
		fputs(": ", stdout);
		put_clean(stdout, p->reason);
		fputc('\n', stdout);
	}
}

/* The import's one-line summary (check prints its own report). */
static void print_summary(const struct run_opts *o,
			  const struct registry_result *r)
{
	const char *f = o->ro.display;

	if (r->committed)
		note("%s: %ld rows: %ld people (%ld new, %ld changed, %ld "
		     "unchanged), %ld accounts new, %ld ended%s", f, r->rows,
		     r->rows_ok, r->people_new, r->people_changed,
		     r->people_unchanged, r->accounts_new, r->accounts_ended,
		     r->rows_refused ? "; refused rows skipped (--partial)" :
		     "");
	else if (o->ro.dry_run)
		note("%s: dry run: %ld rows, %ld valid, %ld refused; nothing "
		     "changed", f, r->rows, r->rows_ok, r->rows_refused);
	else if (r->rows_refused)
		note("%s: nothing imported: %ld of %ld rows refused; fix them "
		     "or import the rest with --partial", f, r->rows_refused,
		     r->rows);
	else
		note("%s: no rows to import", f);
}

static int run(struct netra *ctx, int argc, char **argv, int check)
{
	struct run_opts o;
	struct registry_result r = REGISTRY_RESULT_INIT;
	struct buf err = BUF_INIT, reject = BUF_INIT;
	struct db *db = NULL;
	int status, rc;
	size_t i;

	memset(&o, 0, sizeof(o));
	if (cmd_wants_help(argc, argv))
		return cmd_usage(check ? usage_check : usage_import, 1);
	if (parse_run_opts(argc, argv, !check, &o))
		return cmd_usage(check ? usage_check : usage_import, 0);
	if (check) {
		o.ro.dry_run = 1;
		if (db_open(":memory:", DB_MIGRATE, &db, &err))
			die(NETRA_EXIT_DB, "%s", err.s);
	} else {
		db = netra_db(ctx);
	}
	status = registry_import(db, &o.ro, &r, &err);
	if (check)
		db_close(db);
	if (status == REGISTRY_DB) {
		error("%s", err.s);
		rc = NETRA_EXIT_DB;
		goto out;
	}
	if (status == REGISTRY_REFUSED)
		error("%s", err.s);
	if (check && !o.json) {
		if (status == REGISTRY_OK)
			print_check_report(o.ro.display, &r);
	} else {
		for (i = 0; i < r.n_warnings; i++)
			warning("%s: %s", o.ro.display, r.warnings[i]);
		for (i = 0; i < r.n_problems && i < SHOW_PROBLEMS; i++)
			print_problem(o.ro.display, &r.problems[i]);
	}
	if (r.n_problems) {
		if (o.reject)
			buf_adds(&reject, o.reject);
		else if (!check)
			buf_addf(&reject, "%s.rejects.csv",
				 strcmp(o.ro.path, "-") ? o.ro.path : "stdin");
	}
	if (reject.len) {
		struct buf werr = BUF_INIT;

		if (write_rejects(reject.s, &r, &werr)) {
			error("%s", werr.s);
			buf_release(&werr);
			rc = NETRA_EXIT_DB;
			goto out;
		}
	}
	if (r.n_problems > SHOW_PROBLEMS && !(check && !o.json))
		error("%s: %zu more problems%s%s", o.ro.display,
		      r.n_problems - SHOW_PROBLEMS,
		      reject.len ? " in " : "; list them with --reject FILE",
		      reject.len ? reject.s : "");
	else if (reject.len)
		note("refused rows are listed in %s", reject.s);
	if (status == REGISTRY_OK && !check)
		print_summary(&o, &r);
	if (o.json)
		print_json(result_json(o.ro.display, &r, status,
				       status == REGISTRY_REFUSED ? err.s :
				       NULL));
	rc = status == REGISTRY_REFUSED || r.rows_refused ? NETRA_EXIT_INPUT :
	     NETRA_EXIT_OK;
	if (check && !rc && r.n_problems)
		rc = NETRA_EXIT_INPUT;
	if (!check && r.committed) {
		struct buf d = BUF_INIT;

		audit_counts(&d, "rows_ok", (long long)r.rows_ok,
			     "rows_refused", (long long)r.rows_refused,
			     "people_new", (long long)r.people_new,
			     "people_changed", (long long)r.people_changed,
			     "accounts_new", (long long)r.accounts_new,
			     "accounts_ended", (long long)r.accounts_ended,
			     (char *)NULL);
		if (audit_append(db, NULL, "registry-import", o.ro.display,
				 d.s, &err) < 0) {
			error("%s", err.s);
			rc = NETRA_EXIT_DB;
		}
		buf_release(&d);
	}
out:
	registry_result_release(&r);
	buf_release(&err);
	buf_release(&reject);
	return rc;
}

/* ---- list ---- */

struct list_filter {
	char region[8];
	const char *agency;
	enum platform platform;
	int json, csv;
};

static const char sql_list[] =
	"SELECT nip, name, agency, unit, position, grade, employment, "
	"region_code, region_name FROM asn "
	"WHERE (?1 IS NULL OR region_code = ?1 OR "
	"      (length(?1) = 2 AND substr(region_code, 1, 3) = ?1 || '.')) "
	"AND (?2 IS NULL OR instr(lower(agency), lower(?2)) > 0) "
	"AND (?3 IS NULL OR EXISTS (SELECT 1 FROM account a WHERE "
	"      a.nip = asn.nip AND a.platform = ?3 AND a.ended_at IS NULL)) "
	"ORDER BY region_code, agency, name, nip";

static const char sql_accounts[] =
	"SELECT platform, handle FROM account WHERE nip = ? AND "
	"ended_at IS NULL ORDER BY platform, handle";

static const char *col_text(struct db_stmt *st, int i)
{
	const char *s = db_col_text(st, i);

	return s ? (const char *)s : NULL;
}

static int list(struct netra *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "region", required_argument, NULL, OPT_REGION },
		{ "agency", required_argument, NULL, OPT_AGENCY },
		{ "platform", required_argument, NULL, OPT_PLATFORM },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ NULL, 0, NULL, 0 }
	};
	struct list_filter lf;
	struct buf err = BUF_INIT, acc = BUF_INIT;
	struct db_stmt *st = NULL, *sa = NULL;
	struct csv_writer w;
	cJSON *arr = NULL;
	struct db *db;
	long n = 0;
	int opt, rc = NETRA_EXIT_OK, p;

	memset(&lf, 0, sizeof(lf));
	lf.platform = PLATFORM_NONE;
	if (cmd_wants_help(argc, argv))
		return cmd_usage(usage_list, 1);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case OPT_REGION:
			if (region_code_parse(optarg, lf.region)) {
				error("--region '%s' is not a region code "
				      "such as 33 or 33.19", optarg);
				return NETRA_EXIT_USAGE;
			}
			break;
		case OPT_AGENCY:
			lf.agency = optarg;
			break;
		case OPT_PLATFORM:
			lf.platform = platform_parse(optarg);
			if (lf.platform == PLATFORM_NONE) {
				error("unknown platform '%s'; use x, "
				      "instagram, facebook, tiktok or youtube",
				      optarg);
				return NETRA_EXIT_USAGE;
			}
			break;
		case OPT_JSON:
			lf.json = 1;
			break;
		case OPT_CSV:
			lf.csv = 1;
			break;
		default:
			return cmd_usage(usage_list, 0);
		}
	}
	if (optind != argc || (lf.json && lf.csv))
		return cmd_usage(usage_list, 0);
	db = netra_db(ctx);
	st = db_prepare(db, sql_list, &err);
	sa = st ? db_prepare(db, sql_accounts, &err) : NULL;
	if (!sa) {
		error("%s", err.s);
		rc = NETRA_EXIT_DB;
		goto out;
	}
	db_bind_text(st, 1, lf.region, 1);
	db_bind_text(st, 2, lf.agency, 1);
	db_bind_text(st, 3, lf.platform == PLATFORM_NONE ? NULL :
		     platform_name(lf.platform), 1);
	if (lf.json)
		arr = cJSON_CreateArray();
	if (lf.csv) {
		static const char *const head[] = {
			"nip", "name", "agency", "unit", "position", "grade",
			"employment", "region_code", "region_name", NULL
		};
		int i;

		csvw_init(&w, stdout, ',');
		for (i = 0; head[i]; i++)
			csvw_field_raw(&w, head[i]);
		for (p = 0; p < PLATFORM_COUNT; p++)
			csvw_field_raw(&w, platform_name((enum platform)p));
		csvw_end_row(&w);
	}
	while ((opt = db_step(st)) == DB_ROW) {
		char nip[19];
		cJSON *person = NULL, *accounts = NULL;
		struct buf per[PLATFORM_COUNT];

		for (p = 0; p < PLATFORM_COUNT; p++)
			buf_init(&per[p]);
		n++;
		nip_format(db_col_int(st, 0), nip);
		buf_reset(&acc);
		if (arr) {
			person = cJSON_CreateObject();
			accounts = cJSON_CreateArray();
			cJSON_AddStringToObject(person, "nip", nip);
			jsonout_str(person, "name", col_text(st, 1));
			jsonout_str(person, "agency", col_text(st, 2));
			jsonout_str(person, "unit", col_text(st, 3));
			jsonout_str(person, "position", col_text(st, 4));
			jsonout_str(person, "grade", col_text(st, 5));
			jsonout_str(person, "employment", col_text(st, 6));
			jsonout_str(person, "region_code", col_text(st, 7));
			jsonout_str(person, "region_name", col_text(st, 8));
		}
		db_bind_int(sa, 1, db_col_int(st, 0));
		while (db_step(sa) == DB_ROW) {
			const char *pf = col_text(sa, 0);
			const char *h = col_text(sa, 1);

			if (accounts) {
				cJSON *a = cJSON_CreateObject();

				cJSON_AddStringToObject(a, "platform", pf);
				cJSON_AddStringToObject(a, "handle", h);
				cJSON_AddItemToArray(accounts, a);
			}
			p = platform_parse(pf);
			if (p != PLATFORM_NONE) {
				if (per[p].len)
					buf_addch(&per[p], '|');
				buf_adds(&per[p], h);
			}
			buf_addf(&acc, "%s%s:%s", acc.len ? " " : "", pf, h);
		}
		db_reset(sa);
		if (arr) {
			cJSON_AddItemToObject(person, "accounts", accounts);
			cJSON_AddItemToArray(arr, person);
		} else if (lf.csv) {
			int i;

			csvw_field_raw(&w, nip);
			for (i = 1; i <= 8; i++)
				csvw_field(&w, col_text(st, i));
			for (p = 0; p < PLATFORM_COUNT; p++)
				csvw_field(&w, per[p].s);
			csvw_end_row(&w);
		} else {
			const char *region = col_text(st, 7);
			const char *agency = col_text(st, 2);

			printf("%s  %-28s %-6s %-24s %s\n", nip,
			       col_text(st, 1), region ? region : "-",
			       agency ? agency : "-",
			       acc.len ? acc.s : "(no accounts)");
		}
		for (p = 0; p < PLATFORM_COUNT; p++)
			buf_release(&per[p]);
	}
	if (opt != DB_DONE) {
		error("cannot list the registry: %s", db_errmsg(db));
		rc = NETRA_EXIT_DB;
		goto out;
	}
	if (arr) {
		print_json(arr);
		arr = NULL;
	} else if (!lf.csv) {
		note("%ld %s", n, n == 1 ? "person" : "people");
	}
out:
	cJSON_Delete(arr);
	db_finalize(st);
	db_finalize(sa);
	buf_release(&err);
	buf_release(&acc);
	return rc;
}

int cmd_registry(struct netra *ctx, int argc, char **argv)
{
	if (argc < 2) {
		if (argc == 1)
			return cmd_usage(usage_main, 0);
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_usage(usage_main, 1);
	if (!strcmp(argv[1], "import")) {
		ctx->setup = SETUP_DB_CREATE;
		return run(ctx, argc - 1, argv + 1, 0);
	}
	if (!strcmp(argv[1], "check"))
		return run(ctx, argc - 1, argv + 1, 1);
	if (!strcmp(argv[1], "list")) {
		ctx->setup = SETUP_DB;
		return list(ctx, argc - 1, argv + 1);
	}
	error("'%s' is not a registry command (import, check, list)", argv[1]);
	return NETRA_EXIT_USAGE;
}
