/* SPDX-License-Identifier: MIT */
/*
 * netra staff-check: the HR office's (BKD/BKPSDM) view of its own staff
 * list. The list is validated exactly as `registry check` does (the same
 * import, into an in-memory database); then each person on it is looked
 * up in the audit database: is the NIP valid, which accounts netra knows,
 * which of them it has posts from, the findings by status and level, and
 * where the dossier is for confirmed ones. People on the list that the
 * registry does not know are listed, never dropped, and so are rows whose
 * NIP is invalid.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cJSON.h>

#include "util/buf.h"
#include "cmd.h"
#include "util/csvout.h"
#include "store/db.h"
#include "util/msg.h"
#include "registry/nip.h"
#include "registry/registry.h"
#include "util/banned.h"

static const char *const usage[] = {
	"usage: netra [-d DB] staff-check [--encoding cp1252] [--region CODE]",
	"                   [--dossiers DIR] [--json | --csv | --excel] FILE",
	"",
	"Checks an office's staff list (the registry's CSV formats) and, for",
	"each person, reports: NIP valid or not, accounts known, accounts with",
	"collected posts, findings by status and level, and the dossier of",
	"confirmed findings (under DIR, default out/dossier). People the",
	"registry does not know are listed too.",
	NULL
};

enum { OPT_ENCODING = 256, OPT_REGION, OPT_DOSSIERS, OPT_JSON, OPT_CSV,
       OPT_EXCEL };

struct person_status {
	char nip[19];
	const char *name;	/* from the staff list */
	long line;
	int valid;		/* NIP and row valid */
	const char *problem;	/* first problem of the row, or NULL */
	int known;		/* in the audit registry */
	int accounts, collected;
	char handles[512];
	int dugaan, dikonfirmasi, ditolak;
	int rendah, sedang, tinggi;	/* open findings (not dismissed) */
	char dossier[4096];
};

static const char sql_person[] =
	"SELECT (SELECT count(*) FROM asn WHERE nip = ?1), "
	"(SELECT count(*) FROM account WHERE nip = ?1 AND ended_at IS NULL), "
	"(SELECT count(*) FROM account a WHERE a.nip = ?1 AND "
	"  a.ended_at IS NULL AND EXISTS (SELECT 1 FROM post_owner o "
	"  WHERE o.account = a.id)), "
	"(SELECT group_concat(platform || ':' || handle, ' ') FROM "
	"  (SELECT platform, handle FROM account WHERE nip = ?1 AND "
	"   ended_at IS NULL ORDER BY platform, handle))";

static const char sql_findings[] =
	"SELECT status, level, count(*) FROM finding WHERE nip = ?1 AND "
	"retracted_at IS NULL GROUP BY status, level";

static void lookup(struct db_stmt *sp, struct db_stmt *sf, int64_t nip,
		   const char *dossiers, struct person_status *ps)
{
	struct stat st;
	const char *h;

	db_bind_int(sp, 1, nip);
	if (db_step(sp) == DB_ROW) {
		ps->known = (int)db_col_int(sp, 0) > 0;
		ps->accounts = (int)db_col_int(sp, 1);
		ps->collected = (int)db_col_int(sp, 2);
		h = db_col_text(sp, 3);
		snprintf(ps->handles, sizeof(ps->handles), "%s",
			 h ? (const char *)h : "");
	}
	db_reset(sp);
	db_bind_int(sf, 1, nip);
	while (db_step(sf) == DB_ROW) {
		const char *status = db_col_text(sf, 0);
		const char *level = db_col_text(sf, 1);
		int n = (int)db_col_int(sf, 2);

		if (!strcmp(status, "dikonfirmasi"))
			ps->dikonfirmasi += n;
		else if (!strcmp(status, "ditolak"))
			ps->ditolak += n;
		else
			ps->dugaan += n;
		if (!strcmp(status, "ditolak"))
			continue;
		if (!strcmp(level, "tinggi"))
			ps->tinggi += n;
		else if (!strcmp(level, "sedang"))
			ps->sedang += n;
		else
			ps->rendah += n;
	}
	db_reset(sf);
	/* the folder name comes from the NIP alone */
	if (ps->dikonfirmasi) {
		snprintf(ps->dossier, sizeof(ps->dossier), "%s/%s/index.html",
			 dossiers, ps->nip);
		if (stat(ps->dossier, &st))
			snprintf(ps->dossier, sizeof(ps->dossier),
				 "(not written yet: netra dossier %s)",
				 ps->nip);
	}
}

static const char *state_of(const struct person_status *ps)
{
	if (!ps->valid)
		return "invalid";
	if (!ps->known)
		return "not-in-registry";
	return "ok";
}

static void put_json(cJSON *arr, const struct person_status *ps)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *f = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "line", (double)ps->line);
	cJSON_AddStringToObject(o, "nip", ps->nip);
	if (ps->name)
		cJSON_AddStringToObject(o, "name", ps->name);
	else
		cJSON_AddNullToObject(o, "name");
	cJSON_AddBoolToObject(o, "nip_valid", ps->valid);
	if (ps->problem)
		cJSON_AddStringToObject(o, "problem", ps->problem);
	cJSON_AddStringToObject(o, "state", state_of(ps));
	cJSON_AddBoolToObject(o, "in_registry", ps->known);
	cJSON_AddNumberToObject(o, "accounts_known", ps->accounts);
	cJSON_AddNumberToObject(o, "accounts_collected", ps->collected);
	cJSON_AddStringToObject(o, "accounts", ps->handles);
	cJSON_AddNumberToObject(f, "dugaan", ps->dugaan);
	cJSON_AddNumberToObject(f, "dikonfirmasi", ps->dikonfirmasi);
	cJSON_AddNumberToObject(f, "ditolak", ps->ditolak);
	cJSON_AddNumberToObject(f, "rendah", ps->rendah);
	cJSON_AddNumberToObject(f, "sedang", ps->sedang);
	cJSON_AddNumberToObject(f, "tinggi", ps->tinggi);
	cJSON_AddItemToObject(o, "findings", f);
	if (ps->dossier[0])
		cJSON_AddStringToObject(o, "dossier", ps->dossier);
	else
		cJSON_AddNullToObject(o, "dossier");
	cJSON_AddItemToArray(arr, o);
}

static void put_csv(struct csv_writer *w, const struct person_status *ps)
{
	csvw_field_int(w, ps->line);
	csvw_field_id(w, ps->nip);
	csvw_field(w, ps->name);
	csvw_field_raw(w, ps->valid ? "ya" : "tidak");
	csvw_field_raw(w, state_of(ps));
	csvw_field(w, ps->problem);
	csvw_field_int(w, ps->accounts);
	csvw_field_int(w, ps->collected);
	csvw_field(w, ps->handles);
	csvw_field_int(w, ps->dugaan);
	csvw_field_int(w, ps->dikonfirmasi);
	csvw_field_int(w, ps->ditolak);
	csvw_field_int(w, ps->tinggi);
	csvw_field_int(w, ps->sedang);
	csvw_field_int(w, ps->rendah);
	csvw_field(w, ps->dossier);
	csvw_end_row(w);
}

static void put_row(const struct person_status *ps)
{
	printf("%5ld  %-18s  %-28.28s  %-15s  %2d/%-2d  %2d %2d %2d  %s\n",
	       ps->line, ps->nip[0] ? ps->nip : "-",
	       ps->name ? ps->name : "-", state_of(ps), ps->collected,
	       ps->accounts, ps->dugaan, ps->dikonfirmasi, ps->ditolak,
	       ps->problem ? ps->problem : ps->dossier);
}

int cmd_staff_check(struct netra *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "encoding", required_argument, NULL, OPT_ENCODING },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "dossiers", required_argument, NULL, OPT_DOSSIERS },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ "excel", no_argument, NULL, OPT_EXCEL },
		{ NULL, 0, NULL, 0 }
	};
	struct registry_opts ro;
	struct registry_result r = REGISTRY_RESULT_INIT;
	struct buf err = BUF_INIT;
	const char *dossiers = "out/dossier";
	struct db *mem = NULL, *db;
	struct db_stmt *rows = NULL, *sp = NULL, *sf = NULL;
	struct csv_writer w;
	cJSON *arr = NULL;
	int opt, json = 0, csv = 0, excel = 0, status, rc = NETRA_EXIT_OK;
	long n = 0, invalid = 0, unknown = 0, with_findings = 0;
	size_t i;

	memset(&ro, 0, sizeof(ro));
	if (cmd_wants_help(argc, argv))
		return cmd_usage(usage, 1);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case OPT_ENCODING:
			ro.encoding = optarg;
			break;
		case OPT_REGION:
			ro.region = optarg;
			break;
		case OPT_DOSSIERS:
			dossiers = optarg;
			break;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_CSV:
			csv = 1;
			break;
		case OPT_EXCEL:
			csv = excel = 1;
			break;
		default:
			return cmd_usage(usage, 0);
		}
	}
	if (optind != argc - 1 || json + csv > 1)
		return cmd_usage(usage, 0);
	ro.path = argv[optind];
	ro.display = strcmp(ro.path, "-") ? ro.path : "stdin";
	ro.partial = 1;
	if (db_open(":memory:", DB_MIGRATE, &mem, &err))
		die(NETRA_EXIT_DB, "%s", err.s);
	status = registry_import(mem, &ro, &r, &err);
	if (status != REGISTRY_OK) {
		error("%s", err.s);
		rc = status == REGISTRY_DB ? NETRA_EXIT_DB : NETRA_EXIT_INPUT;
		goto out;
	}
	db = netra_db(ctx);
	sp = db_prepare(db, sql_person, &err);
	sf = sp ? db_prepare(db, sql_findings, &err) : NULL;
	rows = sf ? db_prepare(mem, "SELECT nip, name, last_line FROM asn "
			       "ORDER BY last_line", &err) : NULL;
	if (!rows) {
		error("%s", err.s);
		rc = NETRA_EXIT_DB;
		goto out;
	}
	if (json)
		arr = cJSON_CreateArray();
	if (csv) {
		static const char *const head[] = {
			"baris", "nip", "nama", "nip_valid", "status",
			"masalah", "akun_dikenal", "akun_terkumpul", "akun",
			"dugaan", "dikonfirmasi", "ditolak", "tinggi",
			"sedang", "rendah", "dosir", NULL
		};

		csvw_open(&w, stdout, NULL, excel ? CSV_EXCEL : CSV_RFC4180);
		for (i = 0; head[i]; i++)
			csvw_field_raw(&w, head[i]);
		csvw_end_row(&w);
	}
	if (!json && !csv)
		printf("%5s  %-18s  %-28s  %-15s  %5s  %8s  %s\n", "line",
		       "NIP", "name", "state", "coll", "dug/kon/tol",
		       "problem or dossier");
	/* valid people, then the rows refused, both in file order */
	while (db_step(rows) == DB_ROW) {
		struct person_status ps;

		memset(&ps, 0, sizeof(ps));
		nip_format(db_col_int(rows, 0), ps.nip);
		ps.name = db_col_text(rows, 1);
		ps.line = db_col_int(rows, 2);
		ps.valid = 1;
		lookup(sp, sf, db_col_int(rows, 0), dossiers, &ps);
		n++;
		unknown += !ps.known;
		with_findings += ps.dugaan + ps.dikonfirmasi > 0;
		if (arr)
			put_json(arr, &ps);
		else if (csv)
			put_csv(&w, &ps);
		else
			put_row(&ps);
	}
	for (i = 0; i < r.n_problems; i++) {
		const struct registry_problem *p = &r.problems[i];
		struct person_status ps;

		if (i && r.problems[i - 1].line == p->line)
			continue;	/* one entry per refused row */
		memset(&ps, 0, sizeof(ps));
		ps.line = p->line;
		ps.problem = p->reason;
		/* the NIP as written, when the NIP is what is wrong */
		if ((p->kind == RK_NIP || p->kind == RK_NIP_EXCEL ||
		     p->kind == RK_DUP_NIP) && p->value)
			snprintf(ps.nip, sizeof(ps.nip), "%s", p->value);
		n++;
		invalid++;
		if (arr)
			put_json(arr, &ps);
		else if (csv)
			put_csv(&w, &ps);
		else
			put_row(&ps);
	}
	if (arr) {
		char *s = cJSON_PrintUnformatted(arr);

		puts(s);
		free(s);
	}
	note("%s: %ld people: %ld with an invalid row, %ld not in the "
	     "registry, %ld with findings", ro.display, n, invalid, unknown,
	     with_findings);
	if (invalid)
		rc = NETRA_EXIT_INPUT;
out:
	cJSON_Delete(arr);
	db_finalize(rows);
	db_finalize(sp);
	db_finalize(sf);
	db_close(mem);
	registry_result_release(&r);
	buf_release(&err);
	return rc;
}
