/* SPDX-License-Identifier: MIT */
/*
 * netra review: the pending findings for a person to decide on, highest
 * first, each with its post, the matched words, the account's owner and
 * the legal clock; one finding with its decisions; and recording a
 * decision (confirm or dismiss, by whom, why). Decisions are recorded by
 * review.c with their audit log entry.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "util/buf.h"
#include "util/jsonout.h"
#include "cmd.h"
#include "store/db.h"
#include "util/msg.h"
#include "registry/nip.h"
#include "util/parse.h"
#include "registry/registry.h"
#include "evidence/review.h"
#include "util/banned.h"

enum {
	OPT_BY = 256, OPT_REASON, OPT_REGION, OPT_NIP, OPT_JSON
};

static const char *const usage[] = {
	"usage: netra review [--region CODE] [--nip NIP] [--json]",
	"       netra review [--json] FINDING",
	"       netra review FINDING confirm --by NAME [--reason TEXT]",
	"       netra review FINDING dismiss --by NAME --reason TEXT",
	"",
	"Without a finding, lists the pending findings (dugaan), highest",
	"first, with the post, the matched words (between [[ and ]]), the",
	"account's owner and the reporting deadline. With one, shows it and",
	"its decisions. confirm and dismiss record a decision; a later one",
	"revises it, and every decision is kept in the audit log.",
	NULL
};

/* Keep the columns in sync with print_finding() and json_finding(). */
static const char sql_list[] =
	"SELECT f.id, f.score, f.level, f.race, f.local, f.candidate, "
	"f.candidate_name, f.phase, f.indicators, f.spans, f.status, f.nip, "
	"s.name, s.agency, s.unit, s.position, p.platform, p.post_id, "
	"p.account, p.url, p.posted_at, c.imported_at, v.text, p.deleted_at, "
	"p.kind, f.retracted_at, f.region "
	"FROM finding f JOIN post p ON p.id = f.post "
	"JOIN capture c ON c.id = p.first_capture "
	"LEFT JOIN post_version v ON v.post = f.post AND v.seq = f.version "
	"LEFT JOIN asn s ON s.nip = f.nip "
	"WHERE (?1 IS NULL OR f.id = ?1) "
	"AND (?1 IS NOT NULL OR (f.status = 'dugaan' AND "
	"     f.retracted_at IS NULL)) "
	"AND (?2 IS NULL OR f.region = ?2 OR "
	"     (length(?2) = 2 AND substr(f.region, 1, 3) = ?2 || '.')) "
	"AND (?3 IS NULL OR f.nip = ?3) "
	"ORDER BY f.score DESC, c.imported_at, f.id";

static const char sql_history[] =
	"SELECT id, decision, decided_by, reason, at, previous "
	"FROM review_decision WHERE finding = ? ORDER BY id";

static const char *col(struct db_stmt *st, int i)
{
	return db_col_text(st, i);
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* Data for a terminal: control characters become spaces. */
static void safe(struct buf *b, const char *s)
{
	s = or_dash(s);
	review_text_marked(b, s, strlen(s), NULL, 0);
}

static void clock_text(struct buf *b, int64_t observed, int64_t now)
{
	char t1[32], t2[32];
	int64_t dl = review_deadline(observed), left;

	time_fmt_iso(observed, t1);
	time_fmt_iso(dl, t2);
	buf_addf(b, "first observed %s; deadline %s", t1, t2);
	left = dl - now;
	if (left < 0)
		buf_addf(b, " (passed %lld days ago)",
			 (long long)((-left + 86399) / 86400));
	else
		buf_addf(b, " (%lld days left)",
			 (long long)(left / 86400));
}

static void print_history(struct db *db, int64_t id)
{
	struct buf err = BUF_INIT;
	struct db_stmt *st = db_prepare(db, sql_history, &err);
	int n = 0;

	if (!st) {
		error("%s", err.s);
		buf_release(&err);
		return;
	}
	db_bind_int(st, 1, id);
	while (db_step(st) == DB_ROW) {
		struct buf line = BUF_INIT;
		char t[32];
		const char *r = col(st, 3);

		time_fmt_iso(db_col_int(st, 4), t);
		buf_addf(&line, "  decision #%lld %s %s by ",
			 (long long)db_col_int(st, 0), t,
			 col(st, 1));
		safe(&line, col(st, 2));
		if (r) {
			buf_adds(&line, ": ");
			safe(&line, r);
		}
		if (!db_col_null(st, 5))
			buf_addf(&line, " (revises #%lld)", (long long)
				 db_col_int(st, 5));
		printf("%s\n", line.s);
		buf_release(&line);
		n++;
	}
	if (!n)
		printf("  no decision yet\n");
	db_finalize(st);
}

static void print_finding(struct db_stmt *st, int64_t now, int with_rule)
{
	struct buf b = BUF_INIT;
	struct mark_span *spans = NULL;
	size_t n = review_spans(col(st, 9), &spans);
	const char *text = col(st, 22);
	char nip[19] = "", t[32] = "-";

	if (!db_col_null(st, 11))
		nip_format(db_col_int(st, 11), nip);
	if (!db_col_null(st, 20))
		time_fmt_iso(db_col_int(st, 20), t);
	buf_addf(&b, "#%lld  %s %d  %s%s", (long long)db_col_int(
		 st, 0), col(st, 2), (int)db_col_int(st, 1), col(st, 3),
		 (int)db_col_int(st, 4) ? "" : " (outside the region)");
	if (col(st, 6))
		buf_addf(&b, ": %d ", (int)db_col_int(st, 5));
	safe(&b, col(st, 6));
	buf_addf(&b, "  [%s]%s\n  owner:    ", col(st, 10),
		 db_col_null(st, 25) ? "" :
		 " (retracted by a later scoring)");
	safe(&b, col(st, 12));
	buf_addf(&b, " (NIP %s), ", or_dash(nip));
	safe(&b, col(st, 15));
	buf_adds(&b, ", ");
	safe(&b, col(st, 13));
	buf_addf(&b, ", %s\n  post:     %s %s:%s by @", or_dash(col(st, 26)),
		 col(st, 24), col(st, 16), col(st, 17));
	safe(&b, col(st, 18));
	buf_addf(&b, " at %s", t);
	if (!db_col_null(st, 23)) {
		time_fmt_iso(db_col_int(st, 23), t);
		buf_addf(&b, ", seen deleted %s", t);
	}
	buf_adds(&b, "\n  url:      ");
	safe(&b, col(st, 19));
	buf_adds(&b, "\n  clock:    ");
	clock_text(&b, db_col_int(st, 21), now);
	if (with_rule)
		buf_addf(&b, "\n            rule: %s; %s", REVIEW_CLOCK_RULE,
			 REVIEW_CLOCK_NOTE);
	buf_addf(&b, "\n  phase:    %s\n  rules:    %s\n  text:     ",
		 or_dash(col(st, 7)), col(st, 8));
	if (text)
		review_text_marked(&b, text, db_col_bytes(st,
				   22), spans, n);
	else
		buf_adds(&b, "(no text)");
	printf("%s\n", b.s);
	buf_release(&b);
	free(spans);
}

static cJSON *json_history(struct db *db, int64_t id)
{
	struct buf err = BUF_INIT;
	struct db_stmt *st = db_prepare(db, sql_history, &err);
	cJSON *a = cJSON_CreateArray();

	buf_release(&err);
	if (!st)
		return a;
	db_bind_int(st, 1, id);
	while (db_step(st) == DB_ROW) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddNumberToObject(o, "id", (double)
					db_col_int(st, 0));
		jsonout_str(o, "decision", col(st, 1));
		jsonout_str(o, "by", col(st, 2));
		jsonout_str(o, "reason", col(st, 3));
		jsonout_time(o, "at", st, 4);
		if (db_col_null(st, 5))
			cJSON_AddNullToObject(o, "revises");
		else
			cJSON_AddNumberToObject(o, "revises", (double)
						db_col_int(st, 5));
		cJSON_AddItemToArray(a, o);
	}
	db_finalize(st);
	return a;
}

static cJSON *json_finding(struct db *db, struct db_stmt *st, int history)
{
	cJSON *o = cJSON_CreateObject();
	char nip[19], t[32];
	int64_t obs = db_col_int(st, 21);

	cJSON_AddNumberToObject(o, "id", (double)db_col_int(st, 0));
	cJSON_AddNumberToObject(o, "score", (int)db_col_int(st, 1));
	jsonout_str(o, "level", col(st, 2));
	jsonout_str(o, "race", col(st, 3));
	cJSON_AddBoolToObject(o, "local", (int)db_col_int(st, 4));
	if (db_col_null(st, 5))
		cJSON_AddNullToObject(o, "candidate");
	else
		cJSON_AddNumberToObject(o, "candidate",
					(int)db_col_int(st, 5));
	jsonout_str(o, "candidate_name", col(st, 6));
	jsonout_str(o, "phase", col(st, 7));
	cJSON_AddItemToObject(o, "indicators", jsonout_raw(col(st, 8)));
	cJSON_AddItemToObject(o, "spans", jsonout_raw(col(st, 9)));
	jsonout_str(o, "status", col(st, 10));
	if (db_col_null(st, 11)) {
		cJSON_AddNullToObject(o, "nip");
	} else {
		nip_format(db_col_int(st, 11), nip);
		cJSON_AddStringToObject(o, "nip", nip);
	}
	jsonout_str(o, "name", col(st, 12));
	jsonout_str(o, "agency", col(st, 13));
	jsonout_str(o, "unit", col(st, 14));
	jsonout_str(o, "position", col(st, 15));
	jsonout_str(o, "region", col(st, 26));
	jsonout_str(o, "platform", col(st, 16));
	jsonout_str(o, "post_id", col(st, 17));
	jsonout_str(o, "account", col(st, 18));
	jsonout_str(o, "url", col(st, 19));
	jsonout_str(o, "kind", col(st, 24));
	jsonout_time(o, "posted_at", st, 20);
	jsonout_time(o, "first_observed", st, 21);
	time_fmt_iso(review_deadline(obs), t);
	cJSON_AddStringToObject(o, "deadline", t);
	cJSON_AddStringToObject(o, "deadline_rule", REVIEW_CLOCK_RULE);
	jsonout_time(o, "deleted_at", st, 23);
	jsonout_time(o, "retracted_at", st, 25);
	jsonout_str(o, "text", col(st, 22));
	if (history)
		cJSON_AddItemToObject(o, "decisions",
				      json_history(db, db_col_int(st,
						   0)));
	return o;
}

static int print_json(cJSON *j)
{
	char *s = cJSON_PrintUnformatted(j);

	puts(s);
	cJSON_free(s);
	cJSON_Delete(j);
	return 0;
}

static int list(struct db *db, int64_t id, const char *region, int64_t nip,
		int json)
{
	struct buf err = BUF_INIT;
	struct db_stmt *st = db_prepare(db, sql_list, &err);
	cJSON *arr = json ? cJSON_CreateArray() : NULL;
	int64_t now = netra_now();
	long n = 0;
	int rc;

	if (!st) {
		error("%s", err.s);
		buf_release(&err);
		cJSON_Delete(arr);
		return NETRA_EXIT_DB;
	}
	if (id)
		db_bind_int(st, 1, id);
	db_bind_text(st, 2, region, 1);
	if (nip)
		db_bind_int(st, 3, nip);
	while ((rc = db_step(st)) == DB_ROW) {
		n++;
		if (json) {
			cJSON_AddItemToArray(arr, json_finding(db, st, !!id));
			continue;
		}
		if (n > 1)
			putchar('\n');
		print_finding(st, now, !!id);
		if (id)
			print_history(db, id);
	}
	if (rc != DB_DONE) {
		error("cannot list findings: %s", db_errmsg(db));
		db_finalize(st);
		cJSON_Delete(arr);
		return NETRA_EXIT_DB;
	}
	db_finalize(st);
	if (id && !n) {
		cJSON_Delete(arr);
		error("no finding %lld", (long long)id);
		return NETRA_EXIT_INPUT;
	}
	if (json)
		print_json(id ? cJSON_DetachItemFromArray(arr, 0) : arr);
	if (id && json)
		cJSON_Delete(arr);
	if (!id && !json && n)
		printf("\ndeadline rule: %s; %s\n", REVIEW_CLOCK_RULE,
		       REVIEW_CLOCK_NOTE);
	if (!id)
		note("%ld pending %s", n, n == 1 ? "finding" : "findings");
	return NETRA_EXIT_OK;
}

static int parse_id(const char *s, int64_t *id)
{
	if (*s == '#')
		s++;
	return parse_i64z(s, id) || *id <= 0 ? -1 : 0;
}

int cmd_review(struct netra *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, OPT_BY },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "nip", required_argument, NULL, OPT_NIP },
		{ "json", no_argument, NULL, OPT_JSON },
		{ NULL, 0, NULL, 0 }
	};
	const char *by = NULL, *reason = NULL;
	char region[8] = "";
	int64_t id = 0, nipv = 0;
	int opt, json = 0, rc;
	enum review_decision d = 0;
	struct review_outcome res;
	struct buf err = BUF_INIT;
	struct db *db;

	if (cmd_wants_help(argc, argv))
		return cmd_usage(usage, 1);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case OPT_BY:
			by = optarg;
			break;
		case OPT_REASON:
			reason = optarg;
			break;
		case OPT_REGION:
			if (region_code_parse(optarg, region)) {
				error("--region '%s' is not a region code "
				      "such as 33 or 33.19", optarg);
				return NETRA_EXIT_USAGE;
			}
			break;
		case OPT_NIP: {
			struct nip nip;

			if (nip_parse(optarg, NIP_UNKNOWN, &nip, &err)) {
				error("--nip: %s", err.s);
				buf_release(&err);
				return NETRA_EXIT_USAGE;
			}
			nipv = nip.value;
			break;
		}
		case OPT_JSON:
			json = 1;
			break;
		default:
			return cmd_usage(usage, 0);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 2)
		return cmd_usage(usage, 0);
	if (argc >= 1 && parse_id(argv[0], &id)) {
		error("'%s' is not a finding number", argv[0]);
		return NETRA_EXIT_USAGE;
	}
	if (argc == 2) {
		d = review_decision_parse(argv[1]);
		if (!d) {
			error("'%s' is not a decision: confirm or dismiss",
			      argv[1]);
			return NETRA_EXIT_USAGE;
		}
		if (!by || !*by) {
			error("%s needs --by NAME: the person deciding",
			      argv[1]);
			return NETRA_EXIT_USAGE;
		}
		if (d == REVIEW_DISMISS && (!reason || !*reason)) {
			error("dismiss needs --reason TEXT: why the finding "
			      "is not a breach");
			return NETRA_EXIT_USAGE;
		}
		if (region[0] || nipv) {
			error("--region and --nip filter the list; a "
			      "decision takes none");
			return NETRA_EXIT_USAGE;
		}
	} else if (by || reason) {
		error("--by and --reason go with confirm or dismiss");
		return NETRA_EXIT_USAGE;
	}
	db = netra_db(ctx);
	if (!d)
		return list(db, id, region[0] ? region : NULL, nipv, json);
	rc = review_decide(db, id, d, by, reason, &res, &err);
	if (rc == REVIEW_REFUSED) {
		error("%s", err.s);
		buf_release(&err);
		return NETRA_EXIT_INPUT;
	}
	if (rc) {
		error("%s", err.s);
		buf_release(&err);
		return NETRA_EXIT_DB;
	}
	buf_release(&err);
	if (json) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddNumberToObject(o, "finding", (double)id);
		cJSON_AddNumberToObject(o, "decision_id",
					(double)res.decision_id);
		cJSON_AddStringToObject(o, "status", review_status(d));
		cJSON_AddStringToObject(o, "previous_status", res.old_status);
		if (res.previous)
			cJSON_AddNumberToObject(o, "revises",
						(double)res.previous);
		else
			cJSON_AddNullToObject(o, "revises");
		cJSON_AddNumberToObject(o, "audit_id", (double)res.audit_id);
		print_json(o);
	}
	if (res.previous)
		note("finding %lld: %s (was %s; decision #%lld revises #%lld)",
		     (long long)id, review_status(d), res.old_status,
		     (long long)res.decision_id, (long long)res.previous);
	else
		note("finding %lld: %s (decision #%lld)", (long long)id,
		     review_status(d), (long long)res.decision_id);
	return NETRA_EXIT_OK;
}
