/* SPDX-License-Identifier: MIT */
/*
 * netra dossier: writes the evidence dossier of one civil servant, or of
 * every civil servant of a region with findings to include (dossier.c
 * writes and logs each one). Only confirmed findings go in unless
 * --include-pending; an existing dossier is replaced only with --force.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "util/buf.h"
#include "evidence/capture.h"
#include "cmd.h"
#include "store/db.h"
#include "evidence/dossier.h"
#include "util/msg.h"
#include "registry/nip.h"
#include "registry/registry.h"
#include "util/banned.h"

enum {
	OPT_OUT = 256, OPT_ALL, OPT_REGION, OPT_PENDING, OPT_FORCE, OPT_JSON,
	OPT_BY
};

#define DEFAULT_OUT "out/dossier"

static const char *const usage[] = {
	"usage: netra dossier [--out DIR] [--include-pending] [--force]",
	"                     [--by NAME] [--json] NIP",
	"       netra dossier --all --region CODE [--out DIR]",
	"                     [--include-pending] [--force] [--by NAME] "
	"[--json]",
	"",
	"Writes DIR/NIP/ (default DIR: " DEFAULT_OUT "): index.html laid out",
	"along Formulir Model A, manifest.json, captures/ and SHA256SUMS.",
	"Only confirmed findings go in unless --include-pending (marked",
	"DUGAAN). An existing dossier is replaced only with --force.",
	NULL
};

static const char sql_nips[] =
	"SELECT DISTINCT f.nip FROM finding f JOIN asn s ON s.nip = f.nip "
	"WHERE (f.status = 'dikonfirmasi' OR (?2 AND f.status = 'dugaan' AND "
	"f.retracted_at IS NULL)) AND (f.region = ?1 OR "
	"(length(?1) = 2 AND substr(f.region, 1, 3) = ?1 || '.')) "
	"ORDER BY f.nip";

static int one(struct db *db, int64_t nip, const struct dossier_opts *o,
	       cJSON *arr, long *refused)
{
	struct dossier_result res;
	struct buf err = BUF_INIT;
	int rc = dossier_write(db, nip, o, &res, &err);

	if (rc == DOSSIER_REFUSED) {
		error("%s", err.s);
		(*refused)++;
		buf_release(&err);
		return 0;
	}
	if (rc) {
		error("%s", err.s);
		buf_release(&err);
		return -1;
	}
	buf_release(&err);
	if (arr) {
		cJSON *j = cJSON_CreateObject();
		char n[19];

		nip_format(nip, n);
		cJSON_AddStringToObject(j, "nip", n);
		cJSON_AddStringToObject(j, "path", res.path);
		cJSON_AddNumberToObject(j, "findings", res.findings);
		cJSON_AddNumberToObject(j, "pending", res.pending);
		cJSON_AddNumberToObject(j, "captures", res.captures);
		cJSON_AddStringToObject(j, "manifest_sha256",
					res.manifest_sha256);
		cJSON_AddItemToArray(arr, j);
	}
	note("%s: %ld %s (%ld pending), %ld %s", res.path, res.findings,
	     res.findings == 1 ? "finding" : "findings", res.pending,
	     res.captures, res.captures == 1 ? "capture" : "captures");
	return 0;
}

int cmd_dossier(struct netra *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, OPT_OUT },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "include-pending", no_argument, NULL, OPT_PENDING },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "by", required_argument, NULL, OPT_BY },
		{ NULL, 0, NULL, 0 }
	};
	struct dossier_opts o;
	struct buf err = BUF_INIT, dir = BUF_INIT;
	char region[8] = "";
	int opt, all = 0, json = 0, rc = NETRA_EXIT_OK;
	long refused = 0, written = 0;
	cJSON *arr = NULL;
	struct db *db;

	memset(&o, 0, sizeof(o));
	o.out_dir = DEFAULT_OUT;
	if (cmd_wants_help(argc, argv))
		return cmd_usage(usage, 1);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case OPT_OUT:
			if (!*optarg) {
				error("--out needs a folder");
				return NETRA_EXIT_USAGE;
			}
			o.out_dir = optarg;
			break;
		case OPT_ALL:
			all = 1;
			break;
		case OPT_REGION:
			if (region_code_parse(optarg, region)) {
				error("--region '%s' is not a region code "
				      "such as 33 or 33.19", optarg);
				return NETRA_EXIT_USAGE;
			}
			break;
		case OPT_PENDING:
			o.include_pending = 1;
			break;
		case OPT_FORCE:
			o.force = 1;
			break;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_BY:
			o.actor = optarg;
			break;
		default:
			return cmd_usage(usage, 0);
		}
	}
	if (all ? optind != argc || !region[0] :
	    optind + 1 != argc || region[0]) {
		if (all && !region[0])
			error("--all needs --region CODE");
		return cmd_usage(usage, 0);
	}
	db = netra_db(ctx);
	capture_dir_for(ctx->db_path, &dir);
	o.capture_dir = dir.s;
	if (json)
		arr = cJSON_CreateArray();
	if (!all) {
		struct nip nip;

		if (nip_parse(argv[optind], NIP_UNKNOWN, &nip, &err)) {
			error("%s", err.s);
			rc = NETRA_EXIT_USAGE;
			goto out;
		}
		if (one(db, nip.value, &o, arr, &refused))
			rc = NETRA_EXIT_DB;
		else
			written = !refused;
	} else {
		struct db_stmt *st = db_prepare(db, sql_nips, &err);
		int src;

		if (!st) {
			error("%s", err.s);
			rc = NETRA_EXIT_DB;
			goto out;
		}
		db_bind_cstr(st, 1, region);
		db_bind_int(st, 2, o.include_pending);
		/*
		 * The list is read first: writing a dossier appends to the
		 * audit log, which must not happen under an open read.
		 */
		{
			int64_t *nips = NULL;
			size_t n = 0, cap = 0, i;

			while ((src = db_step(st)) == DB_ROW) {
				if (n == cap) {
					cap = cap ? 2 * cap : 16;
					nips = xrealloc(nips, cap *
							sizeof(*nips));
				}
				nips[n++] = db_col_int(st, 0);
			}
			db_finalize(st);
			if (src != DB_DONE) {
				error("cannot list findings: %s",
				      db_errmsg(db));
				rc = NETRA_EXIT_DB;
			}
			for (i = 0; !rc && i < n; i++) {
				long before = refused;

				if (one(db, nips[i], &o, arr, &refused))
					rc = NETRA_EXIT_DB;
				else if (refused == before)
					written++;
			}
			free(nips);
		}
		if (!rc)
			note("region %s: %ld %s written, %ld refused", region,
			     written, written == 1 ? "dossier" : "dossiers",
			     refused);
	}
	if (!rc && refused)
		rc = NETRA_EXIT_INPUT;
	if (json && rc != NETRA_EXIT_USAGE) {
		char *s = cJSON_PrintUnformatted(arr);

		puts(s);
		cJSON_free(s);
	}
out:
	cJSON_Delete(arr);
	buf_release(&err);
	buf_release(&dir);
	return rc;
}
