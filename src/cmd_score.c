/* SPDX-License-Identifier: MIT */
/*
 * netra score, findings, explain: scoring the stored posts of the
 * registry's civil servants, listing the findings, and showing why a post
 * scored as it did.
 *
 * score reads each post's latest version with its owner (view post_owner,
 * schema/003) and the owner's region, scores it (score.c) and stores one
 * finding per race (schema/004). Only posts whose version or rules changed
 * since they were last scored are read again, unless --all. A finding
 * that a rescore no longer produces is retracted (retracted_at), never
 * deleted; a reviewer's decision (status) is never touched here. The run
 * is one transaction: killed half-way, it changed nothing.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "evidence/audit.h"
#include "util/buf.h"
#include "util/jsonout.h"
#include "cmd.h"
#include "util/csvout.h"
#include "store/db.h"
#include "util/msg.h"
#include "registry/nip.h"
#include "util/parse.h"
#include "registry/registry.h"
#include "score/rules.h"
#include "score/score.h"
#include "util/banned.h"

enum {
	OPT_RULES = 256, OPT_ALL, OPT_JSON, OPT_CSV, OPT_FAIL_ON, OPT_REGION,
	OPT_AGENCY, OPT_LEVEL, OPT_STATUS, OPT_FROM, OPT_TO, OPT_NIP,
	OPT_RACE
};

static const char *const usage_score[] = {
	"usage: netra score [--rules DIR] [--all] [--fail-on LEVEL] [--json]",
	"",
	"Scores the posts of the registry's civil servants against the",
	"elections and indicators, for the races of each one's region first",
	"(and every other loaded race, marked outside). Only new or changed",
	"posts are scored unless --all. --fail-on rendah|sedang|tinggi exits 1",
	"when a new finding at or above that level appeared.",
	NULL
};

static const char *const usage_findings[] = {
	"usage: netra findings [--region CODE] [--agency TEXT] [--nip NIP]",
	"                      [--race ID] [--level LEVEL] [--status STATUS]",
	"                      [--from DATE] [--to DATE] [--all]",
	"                      [--json | --csv]",
	"",
	"Lists findings, highest score first. --level keeps that level and",
	"above; --status is dugaan, dikonfirmasi or ditolak; --from/--to",
	"filter on the post's time (YYYY-MM-DD); --all adds retracted ones.",
	NULL
};

static const char *const usage_explain[] = {
	"usage: netra explain [--rules DIR] [--json] POST",
	"",
	"Shows a post with the words that matched and each rule's",
	"contribution to its score. POST is PLATFORM:POST_ID, a post id, or",
	"a finding number.",
	NULL
};

static int level_rank(const char *level)
{
	if (!level)
		return 0;
	if (!strcmp(level, "rendah"))
		return 1;
	if (!strcmp(level, "sedang"))
		return 2;
	if (!strcmp(level, "tinggi"))
		return 3;
	return -1;
}

static const char *role_name(enum score_role r)
{
	switch (r) {
	case SCORE_REF:
		return "ref";
	case SCORE_ACT:
		return "act";
	case SCORE_CONTEXT:
		return "context";
	default:
		return "counter";
	}
}

static char *finding_indicators(const struct score_finding *f)
{
	cJSON *a = cJSON_CreateArray();
	char *s;
	size_t i;

	for (i = 0; i < f->n_codes; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(f->codes[i]));
	s = cJSON_PrintUnformatted(a);
	cJSON_Delete(a);
	return s;
}

static char *finding_spans(const struct score_finding *f)
{
	cJSON *a = cJSON_CreateArray();
	char *s;
	size_t i;

	for (i = 0; i < f->n_spans; i++) {
		cJSON *o = cJSON_CreateObject();

		char num[24];

		/* raw integers: cJSON prints numbers as doubles, slowly */
		snprintf(num, sizeof(num), "%zu", f->spans[i].start);
		cJSON_AddRawToObject(o, "start", num);
		snprintf(num, sizeof(num), "%zu", f->spans[i].end);
		cJSON_AddRawToObject(o, "end", num);
		cJSON_AddStringToObject(o, "role",
					role_name(f->spans[i].role));
		cJSON_AddStringToObject(o, "term", f->spans[i].term);
		cJSON_AddStringToObject(o, "what", f->spans[i].what);
		cJSON_AddItemToArray(a, o);
	}
	s = cJSON_PrintUnformatted(a);
	cJSON_Delete(a);
	return s;
}

static char *finding_explanation(const struct score_finding *f)
{
	cJSON *a = cJSON_CreateArray();
	char *s;
	size_t i;

	for (i = 0; i < f->n_contrib; i++) {
		cJSON *o = cJSON_CreateObject();

		char num[16];

		snprintf(num, sizeof(num), "%d", f->contrib[i].points);
		cJSON_AddStringToObject(o, "code", f->contrib[i].code);
		cJSON_AddRawToObject(o, "points", num);
		cJSON_AddStringToObject(o, "why", f->contrib[i].why);
		cJSON_AddItemToArray(a, o);
	}
	s = cJSON_PrintUnformatted(a);
	cJSON_Delete(a);
	return s;
}

static int load_engine(const char *rules_opt, struct rules *rules,
		       struct score_engine **eng)
{
	struct buf err = BUF_INIT;

	memset(rules, 0, sizeof(*rules));
	if (rules_load_dir(rules_dir(rules_opt), rules, &err)) {
		error("the rules in '%s' do not load:\n%s",
		      rules_dir(rules_opt), err.s);
		buf_release(&err);
		return NETRA_EXIT_INPUT;
	}
	*eng = score_engine_new(rules, &err);
	if (!*eng) {
		error("%s", err.s);
		buf_release(&err);
		return NETRA_EXIT_INPUT;
	}
	buf_release(&err);
	return 0;
}

/* ---- score ---- */

static const char sql_todo[] =
	"SELECT p.id, p.kind, p.posted_at, p.ref_account, v.seq, v.text, "
	"s.nip, s.region_code FROM post p "
	"JOIN post_version v ON v.post = p.id AND v.seq = "
	"  (SELECT max(seq) FROM post_version WHERE post = p.id) "
	"JOIN post_owner o ON o.post = p.id "
	"JOIN account a ON a.id = o.account "
	"JOIN asn s ON s.nip = a.nip "
	"LEFT JOIN post_scored ps ON ps.post = p.id "
	"WHERE ?1 OR ps.post IS NULL OR ps.version != v.seq "
	"OR ps.rules_version != ?2 ORDER BY p.id";

static const char sql_old[] =
	"SELECT score, level, indicators, retracted_at FROM finding "
	"WHERE post = ? AND race = ?";

static const char sql_put[] =
	"INSERT INTO finding(post, version, race, local, nip, region, "
	"candidate, candidate_name, score, level, phase, indicators, spans, "
	"explanation, rules_version, first_found_at, scored_at, score_run) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
	"?15, ?16, ?16, ?17) "
	"ON CONFLICT(post, race) DO UPDATE SET version = excluded.version, "
	"local = excluded.local, nip = excluded.nip, region = excluded.region, "
	"candidate = excluded.candidate, "
	"candidate_name = excluded.candidate_name, score = excluded.score, "
	"level = excluded.level, phase = excluded.phase, "
	"indicators = excluded.indicators, spans = excluded.spans, "
	"explanation = excluded.explanation, "
	"rules_version = excluded.rules_version, "
	"scored_at = excluded.scored_at, score_run = excluded.score_run, "
	"retracted_at = NULL";

static const char sql_retract[] =
	"UPDATE finding SET retracted_at = ?1 WHERE post = ?2 "
	"AND score_run IS NOT ?3 AND retracted_at IS NULL";

static const char sql_scored[] =
	"INSERT INTO post_scored(post, version, rules_version, scored_at) "
	"VALUES (?1, ?2, ?3, ?4) ON CONFLICT(post) DO UPDATE SET "
	"version = excluded.version, rules_version = excluded.rules_version, "
	"scored_at = excluded.scored_at";

struct score_stats {
	long posts, found_new, changed, retracted;
	long by_level[4];	/* level_rank() of new findings */
	long fail;		/* new findings at or above --fail-on */
};

static int step(struct db_stmt *st)
{
	int rc = db_step(st);

	db_reset(st);
	return rc == DB_DONE || rc == DB_ROW ? 0 : -1;
}

static int store_finding(struct db *db, struct db_stmt *old, struct db_stmt *put,
			 int64_t post, int version, int64_t nip,
			 const char *region, const struct score_finding *f,
			 const char *rules_version, int64_t now, long run,
			 int fail_rank, struct score_stats *ss)
{
	char *ind = finding_indicators(f);
	char *spans = finding_spans(f);
	char *expl = finding_explanation(f);
	int existed = 0, same = 0, rc = -1;

	db_bind_int(old, 1, post);
	db_bind_cstr(old, 2, f->race->id);
	if (db_step(old) == DB_ROW) {
		existed = 1;
		same = (int)db_col_int(old, 0) == f->score &&
		       !strcmp(db_col_text(old, 1),
			       f->level) &&
		       !strcmp(db_col_text(old, 2),
			       ind) &&
		       db_col_null(old, 3);
	}
	db_reset(old);
	db_bind_int(put, 1, post);
	db_bind_int(put, 2, version);
	db_bind_cstr(put, 3, f->race->id);
	db_bind_int(put, 4, f->local);
	if (nip)
		db_bind_int(put, 5, nip);
	else
		db_bind_null(put, 5);
	db_bind_text(put, 6, region, 1);
	db_bind_int(put, 7, f->candidate);
	db_bind_text(put, 8, f->candidate_name, 1);
	db_bind_int(put, 9, f->score);
	db_bind_cstr(put, 10, f->level);
	db_bind_cstr(put, 11, f->phase);
	db_bind_cstr(put, 12, ind);
	db_bind_cstr(put, 13, spans);
	db_bind_cstr(put, 14, expl);
	db_bind_cstr(put, 15, rules_version);
	db_bind_int(put, 16, now);
	db_bind_int(put, 17, run);
	if (step(put)) {
		error("cannot store a finding: %s", db_errmsg(db));
		goto out;
	}
	if (!existed) {
		ss->found_new++;
		ss->by_level[level_rank(f->level)]++;
		if (fail_rank && level_rank(f->level) >= fail_rank)
			ss->fail++;
	} else if (!same) {
		ss->changed++;
	}
	rc = 0;
out:
	cJSON_free(ind);
	cJSON_free(spans);
	cJSON_free(expl);
	return rc;
}

static int score_all(struct netra *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rules", required_argument, NULL, OPT_RULES },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ NULL, 0, NULL, 0 }
	};
	const char *rules_opt = NULL;
	struct rules rules;
	struct score_engine *eng = NULL;
	struct score_result res = SCORE_RESULT_INIT;
	struct score_stats ss;
	struct db_stmt *todo = NULL, *old = NULL, *put = NULL, *ret = NULL;
	struct db_stmt *done = NULL, *run_st = NULL;
	struct buf err = BUF_INIT;
	int opt, all = 0, json = 0, fail_rank = 0, rc, src;
	int64_t now = netra_now(), total;
	long run = 0;
	struct db *db;
	size_t i;

	memset(&ss, 0, sizeof(ss));
	memset(&rules, 0, sizeof(rules));
	if (cmd_wants_help(argc, argv))
		return cmd_usage(usage_score, 1);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case OPT_RULES:
			rules_opt = optarg;
			break;
		case OPT_ALL:
			all = 1;
			break;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_FAIL_ON:
			fail_rank = level_rank(optarg);
			if (fail_rank <= 0) {
				error("--fail-on takes rendah, sedang or "
				      "tinggi, not '%s'", optarg);
				return NETRA_EXIT_USAGE;
			}
			break;
		default:
			return cmd_usage(usage_score, 0);
		}
	}
	if (optind != argc)
		return cmd_usage(usage_score, 0);
	rc = load_engine(rules_opt, &rules, &eng);
	if (rc)
		goto out;
	db = netra_db(ctx);
	rc = NETRA_EXIT_DB;
	if (db_begin(db, &err))
		goto fail;
	run_st = db_prepare(db, "INSERT INTO score_run(started_at, "
			    "rules_version) VALUES (?, ?)", &err);
	if (!run_st)
		goto fail;
	db_bind_int(run_st, 1, now);
	db_bind_cstr(run_st, 2, score_engine_version(eng));
	if (step(run_st))
		goto dberr;
	run = (long)db_last_id(db);
	todo = db_prepare(db, sql_todo, &err);
	old = todo ? db_prepare(db, sql_old, &err) : NULL;
	put = old ? db_prepare(db, sql_put, &err) : NULL;
	ret = put ? db_prepare(db, sql_retract, &err) : NULL;
	done = ret ? db_prepare(db, sql_scored, &err) : NULL;
	if (!done)
		goto fail;
	total = db_int(db, "SELECT count(*) FROM post", 0);
	db_bind_int(todo, 1, all);
	db_bind_cstr(todo, 2, score_engine_version(eng));
	while ((src = db_step(todo)) == DB_ROW) {
		struct score_input in;
		int64_t post = db_col_int(todo, 0);
		int version = (int)db_col_int(todo, 4);
		int64_t nip = db_col_int(todo, 6);
		const char *region = db_col_text(todo,
								       7);

		memset(&in, 0, sizeof(in));
		in.kind = db_col_text(todo, 1);
		in.posted_at = db_col_null(todo, 2) ?
			       INT64_MIN : db_col_int(todo, 2);
		in.ref_account = db_col_text(todo, 3);
		in.text = db_col_text(todo, 5);
		in.len = db_col_bytes(todo, 5);
		in.region = region;
		score_post(eng, &in, &res);
		for (i = 0; i < res.n; i++)
			if (store_finding(db, old, put, post, version, nip,
					  region, &res.v[i],
					  score_engine_version(eng), now, run,
					  fail_rank, &ss))
				goto dberr;
		db_bind_int(ret, 1, now);
		db_bind_int(ret, 2, post);
		db_bind_int(ret, 3, run);
		if (step(ret))
			goto dberr;
		ss.retracted += db_changes(db);
		db_bind_int(done, 1, post);
		db_bind_int(done, 2, version);
		db_bind_cstr(done, 3, score_engine_version(eng));
		db_bind_int(done, 4, now);
		if (step(done))
			goto dberr;
		if (++ss.posts % 4096 == 0)
			msg_progress("scoring posts", (unsigned long long)
				     ss.posts, (unsigned long long)total);
	}
	msg_progress_end();
	if (src != DB_DONE)
		goto dberr;
	{
		struct db_stmt *fin = db_prepare(db, "UPDATE score_run SET "
			"finished_at = ?, posts = ?, findings_new = ?, "
			"findings_changed = ?, findings_retracted = ? "
			"WHERE id = ?", &err);

		if (!fin)
			goto fail;
		db_bind_int(fin, 1, now);
		db_bind_int(fin, 2, ss.posts);
		db_bind_int(fin, 3, ss.found_new);
		db_bind_int(fin, 4, ss.changed);
		db_bind_int(fin, 5, ss.retracted);
		db_bind_int(fin, 6, run);
		opt = step(fin);
		db_finalize(fin);
		if (opt)
			goto dberr;
	}
	{
		struct buf d = BUF_INIT, subj = BUF_INIT;

		buf_addf(&subj, "score_run:%ld", run);
		audit_counts(&d, "posts", (long long)ss.posts, "findings_new",
			     (long long)ss.found_new, "findings_changed",
			     (long long)ss.changed, "findings_retracted",
			     (long long)ss.retracted, (char *)NULL);
		opt = audit_append(db, NULL, "score", subj.s, d.s, &err) < 0;
		buf_release(&d);
		buf_release(&subj);
		if (opt)
			goto fail;
	}
	if (db_commit(db, &err))
		goto fail;
	if (json) {
		cJSON *o = cJSON_CreateObject();
		char *s;

		cJSON_AddNumberToObject(o, "run", run);
		cJSON_AddStringToObject(o, "rules_version",
					score_engine_version(eng));
		cJSON_AddNumberToObject(o, "posts_scored", ss.posts);
		cJSON_AddNumberToObject(o, "findings_new", ss.found_new);
		cJSON_AddNumberToObject(o, "findings_changed", ss.changed);
		cJSON_AddNumberToObject(o, "findings_retracted", ss.retracted);
		cJSON_AddNumberToObject(o, "new_rendah", ss.by_level[1]);
		cJSON_AddNumberToObject(o, "new_sedang", ss.by_level[2]);
		cJSON_AddNumberToObject(o, "new_tinggi", ss.by_level[3]);
		s = cJSON_PrintUnformatted(o);
		puts(s);
		free(s);
		cJSON_Delete(o);
	}
	note("scored %ld posts: %ld new findings (%ld tinggi, %ld sedang, "
	     "%ld rendah), %ld changed, %ld retracted", ss.posts,
	     ss.found_new, ss.by_level[3], ss.by_level[2], ss.by_level[1],
	     ss.changed, ss.retracted);
	rc = fail_rank && ss.fail ? NETRA_EXIT_FINDINGS : NETRA_EXIT_OK;
	goto out;
dberr:
	buf_addf(&err, "cannot score: %s", db_errmsg(ctx->db));
fail:
	msg_progress_end();
	error("%s", err.s);
	db_rollback(ctx->db);
	rc = NETRA_EXIT_DB;
out:
	db_finalize(run_st);
	db_finalize(todo);
	db_finalize(old);
	db_finalize(put);
	db_finalize(ret);
	db_finalize(done);
	score_result_release(&res);
	score_engine_free(eng);
	rules_free(&rules);
	buf_release(&err);
	return rc;
}

int cmd_score(struct netra *ctx, int argc, char **argv)
{
	return score_all(ctx, argc, argv);
}

/* ---- findings ---- */

static const char sql_findings[] =
	"SELECT f.id, p.platform, p.post_id, f.nip, s.name, s.agency, "
	"s.unit, f.region, f.race, f.local, f.candidate, f.candidate_name, "
	"f.score, f.level, f.phase, f.indicators, f.spans, f.status, "
	"p.posted_at, f.first_found_at, p.url, v.text, f.explanation, "
	"f.retracted_at, p.deleted_at, p.kind "
	"FROM finding f JOIN post p ON p.id = f.post "
	"LEFT JOIN post_version v ON v.post = f.post AND v.seq = f.version "
	"LEFT JOIN asn s ON s.nip = f.nip "
	"WHERE (?1 OR f.retracted_at IS NULL) "
	"AND (?2 IS NULL OR f.region = ?2 OR "
	"     (length(?2) = 2 AND substr(f.region, 1, 3) = ?2 || '.')) "
	"AND (?3 IS NULL OR instr(lower(s.agency), lower(?3)) > 0 "
	"     OR instr(lower(s.unit), lower(?3)) > 0) "
	"AND (?4 IS NULL OR f.score >= ?4) "
	"AND (?5 IS NULL OR f.status = ?5) "
	"AND (?6 IS NULL OR p.posted_at >= ?6) "
	"AND (?7 IS NULL OR p.posted_at < ?7) "
	"AND (?8 IS NULL OR f.nip = ?8) "
	"AND (?9 IS NULL OR f.race = ?9) "
	"ORDER BY f.score DESC, p.posted_at DESC, f.id";

static const char *col(struct db_stmt *st, int i)
{
	return db_col_text(st, i);
}

static int parse_day(const char *s, int64_t *t)
{
	return time_parse_iso(s, t, 1);
}

static int findings(struct netra *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "region", required_argument, NULL, OPT_REGION },
		{ "agency", required_argument, NULL, OPT_AGENCY },
		{ "level", required_argument, NULL, OPT_LEVEL },
		{ "status", required_argument, NULL, OPT_STATUS },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "nip", required_argument, NULL, OPT_NIP },
		{ "race", required_argument, NULL, OPT_RACE },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ NULL, 0, NULL, 0 }
	};
	const char *agency = NULL, *status = NULL, *race = NULL;
	char region[8] = "";
	int64_t from = INT64_MIN, to = INT64_MIN, nipv = 0;
	int opt, json = 0, csv = 0, all = 0, min_score = -1, rc = 0;
	struct buf err = BUF_INIT;
	struct csv_writer w;
	struct db_stmt *st;
	cJSON *arr = NULL;
	struct db *db;
	long n = 0;

	if (cmd_wants_help(argc, argv))
		return cmd_usage(usage_findings, 1);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case OPT_REGION:
			if (region_code_parse(optarg, region)) {
				error("--region '%s' is not a region code "
				      "such as 33 or 33.19", optarg);
				return NETRA_EXIT_USAGE;
			}
			break;
		case OPT_AGENCY:
			agency = optarg;
			break;
		case OPT_LEVEL:
			switch (level_rank(optarg)) {
			case 1:
				min_score = SCORE_MIN;
				break;
			case 2:
				min_score = SCORE_SEDANG;
				break;
			case 3:
				min_score = SCORE_TINGGI;
				break;
			default:
				error("--level takes rendah, sedang or "
				      "tinggi, not '%s'", optarg);
				return NETRA_EXIT_USAGE;
			}
			break;
		case OPT_STATUS:
			status = optarg;
			if (strcmp(status, "dugaan") &&
			    strcmp(status, "dikonfirmasi") &&
			    strcmp(status, "ditolak")) {
				error("--status takes dugaan, dikonfirmasi or "
				      "ditolak, not '%s'", optarg);
				return NETRA_EXIT_USAGE;
			}
			break;
		case OPT_FROM:
		case OPT_TO:
			if (parse_day(optarg, opt == OPT_FROM ? &from : &to)) {
				error("--%s '%s' is not a date (YYYY-MM-DD)",
				      opt == OPT_FROM ? "from" : "to", optarg);
				return NETRA_EXIT_USAGE;
			}
			if (opt == OPT_TO && strlen(optarg) == 10)
				to += 86400;	/* the whole day */
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
		case OPT_RACE:
			race = optarg;
			break;
		case OPT_ALL:
			all = 1;
			break;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_CSV:
			csv = 1;
			break;
		default:
			return cmd_usage(usage_findings, 0);
		}
	}
	if (optind != argc || (json && csv))
		return cmd_usage(usage_findings, 0);
	db = netra_db(ctx);
	st = db_prepare(db, sql_findings, &err);
	if (!st) {
		error("%s", err.s);
		buf_release(&err);
		return NETRA_EXIT_DB;
	}
	db_bind_int(st, 1, all);
	db_bind_text(st, 2, region, 1);
	db_bind_text(st, 3, agency, 1);
	if (min_score >= 0)
		db_bind_int(st, 4, min_score);
	db_bind_text(st, 5, status, 1);
	if (from != INT64_MIN)
		db_bind_int(st, 6, from);
	if (to != INT64_MIN)
		db_bind_int(st, 7, to);
	if (nipv)
		db_bind_int(st, 8, nipv);
	db_bind_text(st, 9, race, 1);
	if (json)
		arr = cJSON_CreateArray();
	if (csv) {
		static const char *const head[] = {
			"id", "platform", "post_id", "nip", "name", "agency",
			"region", "race", "local", "candidate", "score",
			"level", "phase", "indicators", "status", "posted_at",
			"first_found_at", "url", "text", NULL
		};

		csvw_init(&w, stdout, ',');
		for (opt = 0; head[opt]; opt++)
			csvw_field_raw(&w, head[opt]);
		csvw_end_row(&w);
	}
	while ((opt = db_step(st)) == DB_ROW) {
		char nip[19] = "", t[32] = "";

		n++;
		if (!db_col_null(st, 3))
			nip_format(db_col_int(st, 3), nip);
		if (!db_col_null(st, 18))
			time_fmt_iso(db_col_int(st, 18), t);
		if (arr) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddNumberToObject(o, "id",
				(double)db_col_int(st, 0));
			jsonout_str(o, "platform", col(st, 1));
			jsonout_str(o, "post_id", col(st, 2));
			jsonout_str(o, "nip", *nip ? nip : NULL);
			jsonout_str(o, "name", col(st, 4));
			jsonout_str(o, "agency", col(st, 5));
			jsonout_str(o, "unit", col(st, 6));
			jsonout_str(o, "region", col(st, 7));
			jsonout_str(o, "race", col(st, 8));
			cJSON_AddBoolToObject(o, "local",
					      (int)db_col_int(st, 9));
			cJSON_AddNumberToObject(o, "candidate",
						(int)db_col_int(st, 10));
			jsonout_str(o, "candidate_name", col(st, 11));
			cJSON_AddNumberToObject(o, "score",
						(int)db_col_int(st, 12));
			jsonout_str(o, "level", col(st, 13));
			jsonout_str(o, "phase", col(st, 14));
			cJSON_AddItemToObject(o, "indicators",
					      jsonout_raw(col(st, 15)));
			cJSON_AddItemToObject(o, "spans",
					      jsonout_raw(col(st, 16)));
			jsonout_str(o, "status", col(st, 17));
			jsonout_str(o, "kind", col(st, 25));
			jsonout_time(o, "posted_at", st, 18);
			jsonout_time(o, "first_found_at", st, 19);
			jsonout_str(o, "url", col(st, 20));
			jsonout_str(o, "text", col(st, 21));
			cJSON_AddItemToObject(o, "explanation",
					      jsonout_raw(col(st, 22)));
			jsonout_time(o, "retracted_at", st, 23);
			jsonout_time(o, "deleted_at", st, 24);
			cJSON_AddItemToArray(arr, o);
		} else if (csv) {
			char tf[32] = "";

			if (!db_col_null(st, 19))
				time_fmt_iso(db_col_int(st, 19), tf);
			csvw_field_int(&w, db_col_int(st, 0));
			csvw_field(&w, col(st, 1));
			csvw_field(&w, col(st, 2));
			csvw_field_raw(&w, nip);
			csvw_field(&w, col(st, 4));
			csvw_field(&w, col(st, 5));
			csvw_field(&w, col(st, 7));
			csvw_field(&w, col(st, 8));
			csvw_field_int(&w, (int)db_col_int(st, 9));
			csvw_field_int(&w, (int)db_col_int(st, 10));
			csvw_field_int(&w, (int)db_col_int(st, 12));
			csvw_field(&w, col(st, 13));
			csvw_field(&w, col(st, 14));
			csvw_field(&w, col(st, 15));
			csvw_field(&w, col(st, 17));
			csvw_field_raw(&w, t);
			csvw_field_raw(&w, tf);
			csvw_field(&w, col(st, 20));
			csvw_field(&w, col(st, 21));
			csvw_end_row(&w);
		} else {
			printf("#%-5lld %3d %-6s %-7s %-26s %s %s:%s %s\n",
			       (long long)db_col_int(st, 0),
			       (int)db_col_int(st, 12), col(st, 13),
			       col(st, 17), col(st, 8), *nip ? nip : "-",
			       col(st, 1), col(st, 2), col(st, 15));
		}
	}
	if (opt != DB_DONE) {
		error("cannot list findings: %s", db_errmsg(db));
		rc = NETRA_EXIT_DB;
	} else if (arr) {
		char *s = cJSON_PrintUnformatted(arr);

		puts(s);
		free(s);
	} else if (!csv) {
		note("%ld %s", n, n == 1 ? "finding" : "findings");
	}
	cJSON_Delete(arr);
	db_finalize(st);
	return rc;
}

int cmd_findings(struct netra *ctx, int argc, char **argv)
{
	return findings(ctx, argc, argv);
}

/* ---- explain ---- */

/* Prints text with each span between [[ and ]] (spans sorted, merged). */
static void print_marked(const char *text, size_t len,
			 const struct score_finding *f)
{
	size_t pos = 0, i;
	size_t *order = xcalloc(f->n_spans + 1, sizeof(*order));
	size_t n = 0;

	for (i = 0; i < f->n_spans; i++) {
		size_t k = n++;

		while (k > 0 && (f->spans[order[k - 1]].start >
				 f->spans[i].start ||
				 (f->spans[order[k - 1]].start ==
				  f->spans[i].start &&
				  f->spans[order[k - 1]].end <
				  f->spans[i].end))) {
			order[k] = order[k - 1];
			k--;
		}
		order[k] = i;
	}
	fputs("    ", stdout);
	for (i = 0; i < n; i++) {
		const struct score_span *sp = &f->spans[order[i]];

		if (sp->end > len)
			continue;
		if (sp->start < pos)
			continue;	/* inside the span before */
		fwrite(text + pos, 1, sp->start - pos, stdout);
		printf("[[%.*s]]", (int)(sp->end - sp->start),
		       text + sp->start);
		pos = sp->end;
	}
	fwrite(text + pos, 1, len - pos, stdout);
	putchar('\n');
	free(order);
}

static const char sql_explain[] =
	"SELECT p.id, p.platform, p.post_id, p.kind, p.posted_at, "
	"p.ref_account, v.text, s.nip, s.region_code, s.name, p.url "
	"FROM post p "
	"JOIN post_version v ON v.post = p.id AND v.seq = "
	"  (SELECT max(seq) FROM post_version WHERE post = p.id) "
	"LEFT JOIN post_owner o ON o.post = p.id "
	"LEFT JOIN account a ON a.id = o.account "
	"LEFT JOIN asn s ON s.nip = a.nip "
	"WHERE (?1 IS NOT NULL AND p.platform = ?1 AND p.post_id = ?2) "
	"OR (?1 IS NULL AND (p.post_id = ?2 OR p.id = (SELECT post FROM "
	"finding WHERE id = ?3)))";

int cmd_explain(struct netra *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rules", required_argument, NULL, OPT_RULES },
		{ "json", no_argument, NULL, OPT_JSON },
		{ NULL, 0, NULL, 0 }
	};
	const char *rules_opt = NULL, *arg;
	struct rules rules;
	struct score_engine *eng = NULL;
	struct score_result res = SCORE_RESULT_INIT;
	struct buf err = BUF_INIT, platform = BUF_INIT;
	struct db_stmt *st = NULL;
	cJSON *out = NULL;
	int opt, json = 0, rc, rows = 0;
	int64_t fid = 0;
	const char *colon;
	size_t i, k;

	memset(&rules, 0, sizeof(rules));
	if (cmd_wants_help(argc, argv))
		return cmd_usage(usage_explain, 1);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == OPT_RULES)
			rules_opt = optarg;
		else if (opt == OPT_JSON)
			json = 1;
		else
			return cmd_usage(usage_explain, 0);
	}
	if (optind != argc - 1)
		return cmd_usage(usage_explain, 0);
	arg = argv[optind];
	colon = strchr(arg, ':');
	if (colon)
		buf_add(&platform, arg, (size_t)(colon - arg));
	if (!colon && *arg == '#')
		arg++;
	if (!colon && parse_i64z(arg, &fid))
		fid = 0;
	rc = load_engine(rules_opt, &rules, &eng);
	if (rc)
		goto out;
	st = db_prepare(netra_db(ctx), sql_explain, &err);
	if (!st) {
		error("%s", err.s);
		rc = NETRA_EXIT_DB;
		goto out;
	}
	db_bind_text(st, 1, colon ? platform.s : NULL, 0);
	db_bind_cstr(st, 2, colon ? colon + 1 : arg);
	db_bind_int(st, 3, fid);
	if (json)
		out = cJSON_CreateArray();
	while (db_step(st) == DB_ROW) {
		struct score_input in;
		const char *text = col(st, 6);
		char nip[19] = "", t[32] = "?";
		cJSON *po = NULL, *fs = NULL;

		rows++;
		memset(&in, 0, sizeof(in));
		in.kind = col(st, 3);
		in.posted_at = db_col_null(st, 4) ?
			       INT64_MIN : db_col_int(st, 4);
		in.ref_account = col(st, 5);
		in.text = text;
		in.len = db_col_bytes(st, 6);
		in.region = col(st, 8);
		if (!db_col_null(st, 7))
			nip_format(db_col_int(st, 7), nip);
		if (in.posted_at != INT64_MIN)
			time_fmt_iso(in.posted_at, t);
		score_post(eng, &in, &res);
		if (out) {
			po = cJSON_CreateObject();
			fs = cJSON_CreateArray();
			jsonout_str(po, "platform", col(st, 1));
			jsonout_str(po, "post_id", col(st, 2));
			jsonout_str(po, "kind", in.kind);
			jsonout_str(po, "posted_at", in.posted_at == INT64_MIN ?
				NULL : t);
			jsonout_str(po, "nip", *nip ? nip : NULL);
			jsonout_str(po, "region", in.region);
			jsonout_str(po, "text", text);
			jsonout_str(po, "rules_version",
				score_engine_version(eng));
		} else {
			printf("%s:%s  %s  %s  %s (%s, %s)\n", col(st, 1),
			       col(st, 2), in.kind, t,
			       *nip ? nip : "(no civil servant)",
			       col(st, 9) ? col(st, 9) : "-",
			       in.region ? in.region : "-");
			printf("    %s\n", text ? text : "");
			if (!res.n)
				puts("  no finding: nothing in this post "
				     "takes a side");
		}
		for (i = 0; i < res.n; i++) {
			const struct score_finding *f = &res.v[i];

			if (out) {
				char *ind = finding_indicators(f);
				char *sp = finding_spans(f);
				char *ex = finding_explanation(f);
				cJSON *o = cJSON_CreateObject();

				cJSON_AddStringToObject(o, "race", f->race->id);
				cJSON_AddBoolToObject(o, "local", f->local);
				cJSON_AddNumberToObject(o, "candidate",
							f->candidate);
				cJSON_AddNumberToObject(o, "score", f->score);
				cJSON_AddStringToObject(o, "level", f->level);
				cJSON_AddStringToObject(o, "phase", f->phase);
				cJSON_AddItemToObject(o, "indicators",
						      jsonout_raw(ind));
				cJSON_AddItemToObject(o, "spans",
						      jsonout_raw(sp));
				cJSON_AddItemToObject(o, "explanation",
						      jsonout_raw(ex));
				cJSON_AddItemToArray(fs, o);
				cJSON_free(ind);
				cJSON_free(sp);
				cJSON_free(ex);
				continue;
			}
			printf("  %s (%s%s): pair %d %s, score %d, %s\n",
			       f->race->id, f->local ? "local" : "outside "
			       "the region", "", f->candidate,
			       f->candidate_name ? f->candidate_name : "",
			       f->score, f->level);
			if (text)
				print_marked(text, in.len, f);
			for (k = 0; k < f->n_contrib; k++)
				printf("    %+4d  %-16s %s\n",
				       f->contrib[k].points,
				       f->contrib[k].code, f->contrib[k].why);
		}
		if (out) {
			cJSON_AddItemToObject(po, "findings", fs);
			cJSON_AddItemToArray(out, po);
		}
	}
	if (!rows) {
		error("no post '%s'; give PLATFORM:POST_ID (as 'netra posts' "
		      "lists them) or a finding number", argv[optind]);
		rc = NETRA_EXIT_INPUT;
		goto out;
	}
	if (out) {
		char *s = cJSON_PrintUnformatted(out);

		puts(s);
		free(s);
	}
	rc = NETRA_EXIT_OK;
out:
	cJSON_Delete(out);
	db_finalize(st);
	score_result_release(&res);
	score_engine_free(eng);
	rules_free(&rules);
	buf_release(&err);
	buf_release(&platform);
	return rc;
}
