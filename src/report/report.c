/* SPDX-License-Identifier: MIT */
/*
 * Writing the audit report of a district or province (see report.h). The
 * findings in scope are read once, filtered by period and phase, and
 * counted into the summary (a cJSON tree); findings.csv is written from
 * the same rows and index.html is drawn from the summary. The report is
 * built in a fresh folder next to the target and renamed into place, so
 * a regenerated report replaces the old one whole.
 */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

#include "util/buf.h"
#include "util/csvout.h"
#include "store/db.h"
#include "util/fsutil.h"
#include "report/html.h"
#include "registry/nip.h"
#include "util/parse.h"
#include "report/report.h"
#include "score/rules.h"
#include "report/svg.h"
#include "util/banned.h"

#define WIB (7 * 3600)
#define WEEK (7 * 86400)
#define MAX_WEEKS 156

/* ---- rows ---- */

struct row {
	int64_t id, nip, posted_at;
	long score;
	int has_nip, has_time;
	char *status, *level, *race, *phase, *region, *name, *agency, *unit,
		*platform, *account, *post_id, *url, *indicators, *text,
		*candidate;
};

struct rows {
	struct row *v;
	size_t n, cap;
};

static char *dup_col(struct db_stmt *st, int i)
{
	const char *s = db_col_text(st, i);

	return s ? xstrdup(s) : NULL;
}

static void row_free(struct row *r)
{
	free(r->status);
	free(r->level);
	free(r->race);
	free(r->phase);
	free(r->region);
	free(r->name);
	free(r->agency);
	free(r->unit);
	free(r->platform);
	free(r->account);
	free(r->post_id);
	free(r->url);
	free(r->indicators);
	free(r->text);
	free(r->candidate);
}

static void rows_free(struct rows *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		row_free(&rs->v[i]);
	free(rs->v);
}

/* Region match: the code itself, or a district of the province code. */
#define IN_REGION(c) \
	"(" c " = ?1 OR (length(?1) = 2 AND substr(" c ", 1, 3) = ?1 || '.'))"

static const char sql_rows[] =
	"SELECT f.id, f.status, f.level, f.score, f.race, f.phase, f.region, "
	"f.nip, s.name, s.agency, s.unit, p.platform, p.account, p.post_id, "
	"p.posted_at, p.url, f.indicators, (SELECT v.text FROM post_version v "
	"WHERE v.post = p.id ORDER BY v.seq DESC LIMIT 1), f.candidate_name "
	"FROM finding f JOIN post p ON p.id = f.post "
	"LEFT JOIN asn s ON s.nip = f.nip "
	"WHERE f.retracted_at IS NULL AND " IN_REGION("f.region")
	" AND (?2 < 0 OR p.posted_at >= ?2) AND (?3 < 0 OR p.posted_at < ?3) "
	"ORDER BY p.posted_at, f.id";

/* 1 when t is inside phase of one of the races covering region. */
static int in_phase(const struct rules *r, const char *region,
		    const char *phase, int64_t t)
{
	const struct rules_race **races;
	size_t n, i, k;
	int in = 0;

	if (!r || !region)
		return 0;
	races = rules_races_for_region(r, region, &n);
	for (i = 0; i < n && !in; i++)
		for (k = 0; k < races[i]->n_phases; k++) {
			const struct rules_phase *p = &races[i]->phases[k];

			if (!strcmp(rules_phase_name(p->kind), phase) &&
			    t >= p->start && t < p->end)
				in = 1;
		}
	free(races);
	return in;
}

static int read_rows(struct db *db, const struct report_opts *o,
		     struct rows *rs, struct buf *err)
{
	struct db_stmt *st = db_prepare(db, sql_rows, err);
	int rc;

	if (!st)
		return -1;
	db_bind_cstr(st, 1, o->region);
	db_bind_int(st, 2, o->from);
	db_bind_int(st, 3, o->to);
	while ((rc = db_step(st)) == DB_ROW) {
		struct row r;

		memset(&r, 0, sizeof(r));
		r.has_time = !db_col_null(st, 14);
		r.posted_at = db_col_int(st, 14);
		if (o->phase && (!r.has_time ||
				 !in_phase(o->rules,
					   db_col_text(
						   st, 6),
					   o->phase, r.posted_at)))
			continue;
		r.id = db_col_int(st, 0);
		r.status = dup_col(st, 1);
		r.level = dup_col(st, 2);
		r.score = (long)db_col_int(st, 3);
		r.race = dup_col(st, 4);
		r.phase = dup_col(st, 5);
		r.region = dup_col(st, 6);
		r.has_nip = !db_col_null(st, 7);
		r.nip = db_col_int(st, 7);
		r.name = dup_col(st, 8);
		r.agency = dup_col(st, 9);
		r.unit = dup_col(st, 10);
		r.platform = dup_col(st, 11);
		r.account = dup_col(st, 12);
		r.post_id = dup_col(st, 13);
		r.url = dup_col(st, 15);
		r.indicators = dup_col(st, 16);
		r.text = dup_col(st, 17);
		r.candidate = dup_col(st, 18);
		if (rs->n == rs->cap) {
			rs->cap = rs->cap ? 2 * rs->cap : 64;
			rs->v = xrealloc(rs->v, rs->cap * sizeof(*rs->v));
		}
		rs->v[rs->n++] = r;
	}
	db_finalize(st);
	if (rc != DB_DONE) {
		buf_addf(err, "cannot read findings: %s", db_errmsg(db));
		return -1;
	}
	return 0;
}

/* ---- counting ---- */

/* Adds n to the number under key in the object o (created at 0). */
static void bump(cJSON *o, const char *key, long n)
{
	cJSON *c = cJSON_GetObjectItemCaseSensitive(o, key ? key : "-");

	if (c)
		cJSON_SetNumberValue(c, c->valuedouble + n);
	else
		cJSON_AddNumberToObject(o, key ? key : "-", n);
}

/* An object of counts as an array of {key: k, count: n}, largest first. */
static int cmp_count(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a;
	const cJSON *y = *(const cJSON *const *)b;

	if (x->valuedouble != y->valuedouble)
		return x->valuedouble < y->valuedouble ? 1 : -1;
	return strcmp(x->string, y->string);
}

static cJSON *sorted_counts(cJSON *o, const char *key)
{
	cJSON *a = cJSON_CreateArray(), *c, **v;
	size_t n = (size_t)cJSON_GetArraySize(o), i = 0;

	v = xcalloc(n ? n : 1, sizeof(*v));
	cJSON_ArrayForEach(c, o)
		v[i++] = c;
	qsort(v, n, sizeof(*v), cmp_count);
	for (i = 0; i < n; i++) {
		cJSON *e = cJSON_CreateObject();

		cJSON_AddStringToObject(e, key, v[i]->string);
		cJSON_AddNumberToObject(e, "findings", v[i]->valuedouble);
		cJSON_AddItemToArray(a, e);
	}
	free(v);
	return a;
}

static int64_t week_of(int64_t t)
{
	int64_t d = (t + WIB) / 86400;

	if ((t + WIB) % 86400 < 0)
		d--;
	return d - (((d - 4) % 7) + 7) % 7;	/* 1970-01-05 was a Monday */
}

static void add_date(cJSON *o, const char *k, int64_t day)
{
	char s[16];

	time_fmt_date(day * 86400, s);
	cJSON_AddStringToObject(o, k, s);
}

static const char sql_registry[] =
	"SELECT count(DISTINCT s.nip), count(a.id), "
	"coalesce(sum(EXISTS (SELECT 1 FROM post p WHERE "
	"p.platform = a.platform AND (p.account = a.handle OR "
	"p.account_id = a.platform_user_id) AND (?2 < 0 OR p.posted_at >= ?2) "
	"AND (?3 < 0 OR p.posted_at < ?3))), 0) "
	"FROM asn s LEFT JOIN account a ON a.nip = s.nip AND "
	"a.ended_at IS NULL AND a.platform = coalesce(?4, a.platform) "
	"WHERE " IN_REGION("s.region_code");

/* Civil servants, active accounts and accounts with posts in the period. */
static int registry_counts(struct db *db, const char *code,
			   const struct report_opts *o, const char *platform,
			   long out[3], struct buf *err)
{
	struct db_stmt *st = db_prepare(db, sql_registry, err);
	int rc;

	if (!st)
		return -1;
	db_bind_cstr(st, 1, code);
	db_bind_int(st, 2, o->from);
	db_bind_int(st, 3, o->to);
	if (platform)
		db_bind_cstr(st, 4, platform);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out[0] = (long)db_col_int(st, 0);
		out[1] = (long)db_col_int(st, 1);
		out[2] = (long)db_col_int(st, 2);
	}
	db_finalize(st);
	if (rc != DB_ROW) {
		buf_addf(err, "cannot count the registry: %s",
			 db_errmsg(db));
		return -1;
	}
	return 0;
}

static const char *const platforms[] = {
	"x", "instagram", "facebook", "tiktok", "youtube", NULL
};

static const char sql_failures[] =
	"SELECT c.platform, c.account, c.endpoint, c.last_error, "
	"c.updated_at FROM collect_cursor c WHERE c.last_error IS NOT NULL "
	"AND EXISTS (SELECT 1 FROM account a JOIN asn s ON s.nip = a.nip "
	"WHERE a.platform = c.platform AND a.handle = c.account AND "
	"a.ended_at IS NULL AND " IN_REGION("s.region_code") ") "
	"ORDER BY c.platform, c.account, c.endpoint";

static int limits(struct db *db, const struct report_opts *o, cJSON *sum,
		  struct buf *err)
{
	cJSON *l = cJSON_AddObjectToObject(sum, "limits");
	cJSON *never = cJSON_AddObjectToObject(l,
					       "never_collected_by_platform");
	cJSON *imp = cJSON_AddObjectToObject(l, "import_only_accounts");
	cJSON *fails = cJSON_AddArrayToObject(l, "collection_failures");
	struct db_stmt *st;
	long c[3], total = 0;
	size_t i;
	int rc;

	for (i = 0; platforms[i]; i++) {
		if (registry_counts(db, o->region, o, platforms[i], c, err))
			return -1;
		cJSON_AddNumberToObject(never, platforms[i], c[1] - c[2]);
		total += c[1] - c[2];
		if (!strcmp(platforms[i], "tiktok") ||
		    !strcmp(platforms[i], "facebook"))
			cJSON_AddNumberToObject(imp, platforms[i], c[1]);
	}
	cJSON_AddNumberToObject(l, "accounts_never_collected", total);
	st = db_prepare(db, sql_failures, err);
	if (!st)
		return -1;
	db_bind_cstr(st, 1, o->region);
	while ((rc = db_step(st)) == DB_ROW) {
		cJSON *f = cJSON_CreateObject();
		char t[32];

		cJSON_AddStringToObject(f, "platform",
			db_col_text(st, 0));
		cJSON_AddStringToObject(f, "account",
			db_col_text(st, 1));
		cJSON_AddStringToObject(f, "endpoint",
			db_col_text(st, 2));
		cJSON_AddStringToObject(f, "error",
			db_col_text(st, 3));
		time_fmt_iso(db_col_int(st, 4), t);
		cJSON_AddStringToObject(f, "at", t);
		cJSON_AddItemToArray(fails, f);
	}
	db_finalize(st);
	if (rc != DB_DONE) {
		buf_addf(err, "cannot read collection failures: %s",
			 db_errmsg(db));
		return -1;
	}
	return 0;
}

static void dossier_ref(const struct report_opts *o, int64_t nip,
			struct buf *b)
{
	char n[19];

	nip_format(nip, n);
	if (o->default_layout)
		buf_addf(b, "../../dossier/%s/index.html", n);
	else
		buf_addf(b, "out/dossier/%s/index.html", n);
}

#define EXCERPT 200

/* A finding for the list: who, where, when, the start of the text. */
static void list_add(cJSON *list, const struct row *r)
{
	cJSON *e = cJSON_CreateObject();
	char n[19], t[32], x[EXCERPT + 4];
	const char *text = r->text ? r->text : "";
	size_t full = strlen(text), len = full;

	cJSON_AddNumberToObject(e, "id", (double)r->id);
	cJSON_AddStringToObject(e, "status", r->status);
	if (r->has_nip) {
		nip_format(r->nip, n);
		cJSON_AddStringToObject(e, "nip", n);
	} else {
		cJSON_AddNullToObject(e, "nip");
	}
	cJSON_AddStringToObject(e, "name", r->name ? r->name : "-");
	cJSON_AddStringToObject(e, "platform", r->platform);
	cJSON_AddStringToObject(e, "level", r->level);
	if (r->has_time) {
		time_fmt_iso(r->posted_at, t);
		cJSON_AddStringToObject(e, "posted_at", t);
	} else {
		cJSON_AddNullToObject(e, "posted_at");
	}
	/* cut on a character boundary */
	if (len > EXCERPT) {
		len = EXCERPT;
		while (len && ((unsigned char)text[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(x, text, len);
	snprintf(x + len, 4, "%s", len < full ? "..." : "");
	cJSON_AddStringToObject(e, "text", x);
	cJSON_AddItemToArray(list, e);
}

static void count_rows(const struct report_opts *o, const struct rows *rs,
		       cJSON *sum)
{
	cJSON *status = cJSON_AddObjectToObject(sum, "by_status");
	cJSON *level = cJSON_AddObjectToObject(sum, "by_level");
	cJSON *plat = cJSON_CreateObject(), *agency = cJSON_CreateObject();
	cJSON *ind = cJSON_CreateObject(), *conf, *weeks, *list;
	int64_t lo = 0, hi = -1, w;
	size_t i;

	bump(status, "dugaan", 0);
	bump(status, "dikonfirmasi", 0);
	bump(status, "ditolak", 0);
	bump(level, "tinggi", 0);
	bump(level, "sedang", 0);
	bump(level, "rendah", 0);
	cJSON_AddNumberToObject(sum, "findings", (double)rs->n);
	conf = cJSON_CreateArray();
	list = cJSON_CreateArray();
	for (i = 0; i < rs->n; i++) {
		const struct row *r = &rs->v[i];
		cJSON *codes = cJSON_Parse(r->indicators ? r->indicators : "");
		cJSON *c;
		struct buf ag = BUF_INIT;

		bump(status, r->status, 1);
		bump(level, r->level, 1);
		bump(plat, r->platform, 1);
		buf_addf(&ag, "%s / %s", r->agency ? r->agency : "-",
			 r->unit ? r->unit : "-");
		bump(agency, ag.s, 1);
		buf_release(&ag);
		cJSON_ArrayForEach(c, codes)
			if (cJSON_IsString(c))
				bump(ind, c->valuestring, 1);
		cJSON_Delete(codes);
		if (r->has_time) {
			w = week_of(r->posted_at);
			if (hi < lo || w < lo)
				lo = w;
			if (hi < w)
				hi = w;
		}
		list_add(list, r);
		if (r->status && !strcmp(r->status, "dikonfirmasi")) {
			cJSON *e = cJSON_CreateObject();
			char n[19], t[32];
			struct buf d = BUF_INIT;

			cJSON_AddNumberToObject(e, "id", (double)r->id);
			if (r->has_nip) {
				nip_format(r->nip, n);
				cJSON_AddStringToObject(e, "nip", n);
				dossier_ref(o, r->nip, &d);
				cJSON_AddStringToObject(e, "dossier", d.s);
			} else {
				cJSON_AddNullToObject(e, "nip");
				cJSON_AddNullToObject(e, "dossier");
			}
			buf_release(&d);
			cJSON_AddStringToObject(e, "name",
						r->name ? r->name : "-");
			cJSON_AddStringToObject(e, "agency",
						r->agency ? r->agency : "-");
			cJSON_AddStringToObject(e, "unit",
						r->unit ? r->unit : "-");
			cJSON_AddStringToObject(e, "platform", r->platform);
			cJSON_AddStringToObject(e, "level", r->level);
			cJSON_AddStringToObject(e, "race", r->race);
			if (r->has_time) {
				time_fmt_iso(r->posted_at, t);
				cJSON_AddStringToObject(e, "posted_at", t);
			} else {
				cJSON_AddNullToObject(e, "posted_at");
			}
			cJSON_AddItemToArray(conf, e);
		}
	}
	cJSON_AddItemToObject(sum, "by_platform", sorted_counts(plat,
								"platform"));
	cJSON_AddItemToObject(sum, "by_agency", sorted_counts(agency,
							      "agency"));
	cJSON_AddItemToObject(sum, "by_indicator", sorted_counts(ind,
								 "indicator"));
	cJSON_Delete(plat);
	cJSON_Delete(agency);
	cJSON_Delete(ind);
	weeks = cJSON_AddArrayToObject(sum, "by_week");
	if (o->from >= 0)
		lo = week_of(o->from);
	if (o->to >= 0)
		hi = week_of(o->to - 1);
	if (hi >= lo && (o->from >= 0 || o->to >= 0 || rs->n)) {
		if (hi - lo > 7 * (MAX_WEEKS - 1))
			lo = hi - 7 * (MAX_WEEKS - 1);
		for (w = lo; w <= hi; w += 7) {
			cJSON *e = cJSON_CreateObject();
			long n = 0;

			for (i = 0; i < rs->n; i++)
				if (rs->v[i].has_time &&
				    week_of(rs->v[i].posted_at) == w)
					n++;
			add_date(e, "week", w);
			cJSON_AddNumberToObject(e, "findings", n);
			cJSON_AddItemToArray(weeks, e);
		}
	}
	cJSON_AddItemToObject(sum, "confirmed", conf);
	cJSON_AddItemToObject(sum, "list", list);
}

/*
 * The phases of the races covering the region that overlap the period:
 * --from/--to, else the span of the findings' posts.
 */
static void phases(const struct report_opts *o, const struct rows *rs,
		   cJSON *sum)
{
	int64_t lo = o->from, hi = o->to;
	size_t j;
	cJSON *a = cJSON_AddArrayToObject(sum, "phases");
	const struct rules_race **races;
	size_t n, i, k;

	if (!o->rules)
		return;
	for (j = 0; j < rs->n; j++) {
		if (!rs->v[j].has_time)
			continue;
		if (o->from < 0 && (lo < 0 || rs->v[j].posted_at < lo))
			lo = rs->v[j].posted_at;
		if (o->to < 0 && (hi < 0 || rs->v[j].posted_at >= hi))
			hi = rs->v[j].posted_at + 1;
	}
	races = rules_races_for_region(o->rules, o->region, &n);
	for (i = 0; i < n; i++)
		for (k = 0; k < races[i]->n_phases; k++) {
			const struct rules_phase *p = &races[i]->phases[k];
			cJSON *e;
			char s[16], t[16];

			if (lo >= 0 && p->end <= lo)
				continue;
			if (hi >= 0 && p->start >= hi)
				continue;
			e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "race", races[i]->id);
			cJSON_AddStringToObject(e, "race_name",
						races[i]->name);
			cJSON_AddStringToObject(e, "phase",
						rules_phase_name(p->kind));
			time_fmt_date(p->start + WIB, s);
			time_fmt_date(p->end - 1 + WIB, t);
			cJSON_AddStringToObject(e, "start", s);
			cJSON_AddStringToObject(e, "end", t);
			cJSON_AddItemToArray(a, e);
		}
	free(races);
}

static const char sql_region[] =
	"SELECT name, province FROM region WHERE code = ?";
static const char sql_districts[] =
	"SELECT code, name FROM region WHERE province = ? ORDER BY code";

static void add_period(const struct report_opts *o, cJSON *sum)
{
	cJSON *p = cJSON_AddObjectToObject(sum, "period");
	char t[32];

	if (o->from >= 0) {
		time_fmt_iso(o->from, t);
		cJSON_AddStringToObject(p, "from", t);
	} else {
		cJSON_AddNullToObject(p, "from");
	}
	if (o->to >= 0) {
		time_fmt_iso(o->to, t);
		cJSON_AddStringToObject(p, "to", t);
	} else {
		cJSON_AddNullToObject(p, "to");
	}
	if (o->phase)
		cJSON_AddStringToObject(sum, "phase", o->phase);
	else
		cJSON_AddNullToObject(sum, "phase");
}

static void add_registry(cJSON *o, const long c[3])
{
	cJSON_AddNumberToObject(o, "asn", c[0]);
	cJSON_AddNumberToObject(o, "accounts", c[1]);
	cJSON_AddNumberToObject(o, "accounts_collected", c[2]);
}

/* One row per district of a province: registry and finding counts. */
static int districts(struct db *db, const struct report_opts *o,
		     const struct rows *rs, cJSON *sum, struct buf *err)
{
	struct db_stmt *st = db_prepare(db, sql_districts, err);
	cJSON *a = cJSON_AddArrayToObject(sum, "districts");
	int rc;

	if (!st)
		return -1;
	db_bind_cstr(st, 1, o->region);
	while ((rc = db_step(st)) == DB_ROW) {
		const char *code = db_col_text(st, 0);
		cJSON *d = cJSON_CreateObject();
		long c[3], n[4] = { 0, 0, 0, 0 };
		size_t i;

		if (registry_counts(db, code, o, NULL, c, err)) {
			cJSON_Delete(d);
			db_finalize(st);
			return -1;
		}
		for (i = 0; i < rs->n; i++) {
			const struct row *r = &rs->v[i];

			if (!r->region || strcmp(r->region, code))
				continue;
			n[0]++;
			if (!strcmp(r->status, "dugaan"))
				n[1]++;
			else if (!strcmp(r->status, "dikonfirmasi"))
				n[2]++;
			else
				n[3]++;
		}
		cJSON_AddStringToObject(d, "code", code);
		cJSON_AddStringToObject(d, "name",
			db_col_text(st, 1));
		add_registry(d, c);
		cJSON_AddNumberToObject(d, "findings", n[0]);
		cJSON_AddNumberToObject(d, "dugaan", n[1]);
		cJSON_AddNumberToObject(d, "dikonfirmasi", n[2]);
		cJSON_AddNumberToObject(d, "ditolak", n[3]);
		cJSON_AddItemToArray(a, d);
	}
	db_finalize(st);
	if (rc != DB_DONE) {
		buf_addf(err, "cannot list districts: %s", db_errmsg(db));
		return -1;
	}
	return 0;
}

/* Returns 0, 2 for an unknown region, -1 on database errors. */
static int build_summary(struct db *db, const struct report_opts *o,
			 const struct rows *rs, cJSON *sum, struct buf *err)
{
	struct db_stmt *st = db_prepare(db, sql_region, err);
	cJSON *r;
	long c[3];
	char t[32];
	int rc, province;

	if (!st)
		return -1;
	db_bind_cstr(st, 1, o->region);
	rc = db_step(st);
	if (rc != DB_ROW) {
		db_finalize(st);
		if (rc != DB_DONE) {
			buf_addf(err, "cannot read regions: %s",
				 db_errmsg(db));
			return -1;
		}
		buf_addf(err, "region %s is not in the region table",
			 o->region);
		return 2;
	}
	cJSON_AddStringToObject(sum, "format", "netra-report/1");
	time_fmt_iso(netra_now(), t);
	cJSON_AddStringToObject(sum, "generated_at", t);
	r = cJSON_AddObjectToObject(sum, "region");
	cJSON_AddStringToObject(r, "code", o->region);
	cJSON_AddStringToObject(r, "name",
				db_col_text(st, 0));
	province = db_col_null(st, 1);
	cJSON_AddBoolToObject(r, "province", province);
	db_finalize(st);
	add_period(o, sum);
	phases(o, rs, sum);
	if (registry_counts(db, o->region, o, NULL, c, err))
		return -1;
	add_registry(sum, c);
	count_rows(o, rs, sum);
	if (limits(db, o, sum, err))
		return -1;
	if (province && districts(db, o, rs, sum, err))
		return -1;
	return 0;
}

/* ---- files ---- */

static int close_file(FILE *f, const char *path, struct buf *err)
{
	int bad = fflush(f) || ferror(f) || fsync(fileno(f));

	if (fclose(f) || bad) {
		buf_addf(err, "cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int write_file(const char *dir, const char *name, const char *data,
		      size_t len, struct buf *err)
{
	struct buf path = BUF_INIT;
	FILE *f;
	int rc = -1;

	buf_addf(&path, "%s/%s", dir, name);
	f = fs_create_excl(path.s, err);
	if (f) {
		if (len && fwrite(data, 1, len, f) != len) {
			buf_addf(err, "cannot write '%s': %s", path.s,
				 strerror(errno));
			fclose(f);
		} else {
			rc = close_file(f, path.s, err);
		}
	}
	buf_release(&path);
	return rc;
}

static void csv_text(struct csv_writer *w, const char *s)
{
	csvw_field(w, s ? s : "");
}

static int write_csv(const char *dir, const struct rows *rs,
		     struct buf *err)
{
	static const char *const head[] = {
		"id", "status", "tingkat", "skor", "pemilihan", "tahapan",
		"wilayah", "nip", "nama", "instansi", "unit_kerja",
		"platform", "akun", "post_id", "waktu_unggah_utc", "url",
		"indikator", "kandidat", "teks", NULL
	};
	struct buf path = BUF_INIT;
	struct csv_writer w;
	FILE *f;
	size_t i;

	buf_addf(&path, "%s/findings.csv", dir);
	f = fs_create_excl(path.s, err);
	if (!f) {
		buf_release(&path);
		return -1;
	}
	csvw_open(&w, f, NULL, CSV_EXCEL);
	csvw_header(&w, head);
	for (i = 0; i < rs->n; i++) {
		const struct row *r = &rs->v[i];
		struct buf b = BUF_INIT;
		cJSON *codes = cJSON_Parse(r->indicators ? r->indicators : "");
		cJSON *c;
		char t[32], n[19];

		csvw_field_int(&w, (long long)r->id);
		csv_text(&w, r->status);
		csv_text(&w, r->level);
		csvw_field_int(&w, r->score);
		csv_text(&w, r->race);
		csv_text(&w, r->phase);
		csv_text(&w, r->region);
		if (r->has_nip) {
			nip_format(r->nip, n);
			csvw_field_id(&w, n);
		} else {
			csvw_field_raw(&w, "");
		}
		csv_text(&w, r->name);
		csv_text(&w, r->agency);
		csv_text(&w, r->unit);
		csv_text(&w, r->platform);
		csv_text(&w, r->account);
		csvw_field_id(&w, r->post_id);
		if (r->has_time) {
			time_fmt_iso(r->posted_at, t);
			csvw_field_raw(&w, t);
		} else {
			csvw_field_raw(&w, "");
		}
		csv_text(&w, r->url);
		cJSON_ArrayForEach(c, codes)
			if (cJSON_IsString(c))
				buf_addf(&b, "%s%s", b.len ? " " : "",
					 c->valuestring);
		cJSON_Delete(codes);
		csv_text(&w, b.s);
		csv_text(&w, r->candidate);
		csv_text(&w, r->text);
		csvw_end_row(&w);
		buf_release(&b);
	}
	i = (size_t)close_file(f, path.s, err);
	buf_release(&path);
	return i ? -1 : 0;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int rm_tree(const char *path)
{
	return nftw(path, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

/*
 * 1 when dir may be replaced: a folder holding only a report's files
 * (index.html, findings.csv, summary.json of format netra-report/1), or
 * an empty folder. Anything else is refused, so --out pointed at the
 * wrong folder deletes nothing.
 */
static int replaceable(const char *dir)
{
	struct buf p = BUF_INIT, e = BUF_INIT, data = BUF_INIT;
	struct dirent *d;
	struct stat st;
	int ok = 1, report = 0;
	DIR *dh;

	if (lstat(dir, &st) || !S_ISDIR(st.st_mode))
		return 0;
	dh = opendir(dir);
	if (!dh)
		return 0;
	while (ok && (d = readdir(dh))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		if (strcmp(d->d_name, "index.html") &&
		    strcmp(d->d_name, "findings.csv") &&
		    strcmp(d->d_name, "summary.json"))
			ok = 0;
		report = 1;
	}
	closedir(dh);
	if (ok && report) {
		cJSON *j, *f;

		buf_addf(&p, "%s/summary.json", dir);
		j = fs_read_all(p.s, &data, &e) ? NULL : cJSON_Parse(data.s);
		f = cJSON_GetObjectItemCaseSensitive(j, "format");
		ok = cJSON_IsString(f) &&
		     !strcmp(f->valuestring, "netra-report/1");
		cJSON_Delete(j);
	}
	buf_release(&p);
	buf_release(&e);
	buf_release(&data);
	return ok;
}

/* ---- the page ---- */

static const char *js(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static long jl(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsNumber(v) ? (long)v->valuedouble : 0;
}

static void row_num(struct html *h, const char *label, long n)
{
	char s[32];

	snprintf(s, sizeof(s), "%ld", n);
	html_row(h, label, s);
}

static void head_row(struct html *h, const char *const *cols)
{
	html_open(h, "thead", NULL);
	html_open(h, "tr", NULL);
	for (; *cols; cols++)
		html_elem(h, "th", NULL, *cols);
	html_close(h);
	html_close(h);
}

static void td_num(struct html *h, long n)
{
	html_open(h, "td", NULL);
	html_textf(h, "%ld", n);
	html_close(h);
}

/* A table of an array of {key, findings}. */
static void count_table(struct html *h, const cJSON *a, const char *key,
			const char *label)
{
	const char *cols[] = { label, "Temuan", NULL };
	const cJSON *e;

	if (!cJSON_GetArraySize(a)) {
		html_elem(h, "p", NULL, "Tidak ada temuan.");
		return;
	}
	html_open(h, "table", NULL);
	head_row(h, cols);
	html_open(h, "tbody", NULL);
	cJSON_ArrayForEach(e, a) {
		html_open(h, "tr", NULL);
		html_elem(h, "td", NULL, js(e, key));
		td_num(h, jl(e, "findings"));
		html_close(h);
	}
	html_close(h);
	html_close(h);
}

/* An array of {key, findings} as chart bars (at most max). */
static void bars_chart(struct buf *out, const char *title, const cJSON *a,
		       const char *key, size_t max)
{
	struct svg_bar *v;
	size_t n = 0;
	const cJSON *e;

	v = xcalloc(max, sizeof(*v));
	cJSON_ArrayForEach(e, a) {
		if (n == max)
			break;
		v[n].label = js(e, key);
		v[n].value = jl(e, "findings");
		n++;
	}
	if (n)
		svg_bars(out, title, v, n);
	free(v);
}

static int64_t date_days(const char *s)
{
	int y, m, d;

	if (!s || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return 0;
	return days_from_civil(y, m, d);
}

static void week_chart(struct html *h, const cJSON *sum)
{
	const cJSON *weeks = cJSON_GetObjectItemCaseSensitive(sum, "by_week");
	const cJSON *ph = cJSON_GetObjectItemCaseSensitive(sum, "phases");
	size_t n = (size_t)cJSON_GetArraySize(weeks), nb = 0, i = 0, k;
	struct svg_bar *cols;
	struct svg_band *bands;
	int64_t first;
	const cJSON *e;

	if (!n) {
		html_elem(h, "p", NULL, "Tidak ada temuan dalam periode ini.");
		return;
	}
	cols = xcalloc(n, sizeof(*cols));
	bands = xcalloc((size_t)cJSON_GetArraySize(ph) + 1, sizeof(*bands));
	first = date_days(js(cJSON_GetArrayItem(weeks, 0), "week"));
	cJSON_ArrayForEach(e, weeks) {
		cols[i].label = js(e, "week");
		cols[i].value = jl(e, "findings");
		i++;
	}
	cJSON_ArrayForEach(e, ph) {
		const char *p = js(e, "phase");
		double a, b;

		if (strcmp(p, "kampanye") && strcmp(p, "masa_tenang") &&
		    strcmp(p, "pemungutan"))
			continue;
		a = (double)(date_days(js(e, "start")) - first) / 7;
		b = (double)(date_days(js(e, "end")) + 1 - first) / 7;
		if (b <= 0 || a >= (double)n)
			continue;
		for (k = 0; k < nb; k++)
			if (bands[k].from == (a < 0 ? 0 : a) &&
			    !strcmp(bands[k].label, p))
				break;	/* races on the same calendar */
		if (k < nb)
			continue;
		bands[nb].from = a < 0 ? 0 : a;
		bands[nb].to = b > (double)n ? (double)n : b;
		bands[nb].label = p;
		nb++;
	}
	svg_columns(h->out, "Temuan per minggu (tahapan diarsir)", cols, n,
		    bands, nb);
	free(cols);
	free(bands);
}

static void page_scope(struct html *h, const cJSON *sum)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(sum, "region");
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(sum, "period");
	const cJSON *ph = cJSON_GetObjectItemCaseSensitive(sum, "phases");
	struct buf b = BUF_INIT;
	const cJSON *e;

	html_open(h, "table", NULL);
	buf_addf(&b, "%s (%s)", js(r, "name"), js(r, "code"));
	html_row(h, "Wilayah", b.s);
	buf_reset(&b);
	buf_addf(&b, "%s s.d. %s (waktu unggah, UTC)",
		 js(p, "from") ? js(p, "from") : "awal data",
		 js(p, "to") ? js(p, "to") : "akhir data");
	html_row(h, "Periode", b.s);
	html_row(h, "Tahapan dipilih",
		 js(sum, "phase") ? js(sum, "phase") : "semua tahapan");
	buf_reset(&b);
	cJSON_ArrayForEach(e, ph)
		buf_addf(&b, "%s%s: %s %s s.d. %s", b.len ? "; " : "",
			 js(e, "race"), js(e, "phase"), js(e, "start"),
			 js(e, "end"));
	html_row(h, "Tahapan dalam periode", b.len ? b.s : "-");
	html_row(h, "Disusun", js(sum, "generated_at"));
	row_num(h, "ASN dalam daftar", jl(sum, "asn"));
	row_num(h, "Akun media sosial", jl(sum, "accounts"));
	row_num(h, "Akun dengan unggahan terkumpul",
		jl(sum, "accounts_collected"));
	html_close(h);
	buf_release(&b);
}

static void page_counts(struct html *h, const cJSON *sum)
{
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(sum, "by_status");
	const cJSON *lv = cJSON_GetObjectItemCaseSensitive(sum, "by_level");

	html_elem(h, "h2", NULL, "II. Ringkasan temuan");
	html_open(h, "table", NULL);
	row_num(h, "Seluruh temuan", jl(sum, "findings"));
	row_num(h, "Dugaan (belum ditinjau)", jl(st, "dugaan"));
	row_num(h, "Dikonfirmasi peninjau", jl(st, "dikonfirmasi"));
	row_num(h, "Ditolak peninjau", jl(st, "ditolak"));
	row_num(h, "Tingkat tinggi", jl(lv, "tinggi"));
	row_num(h, "Tingkat sedang", jl(lv, "sedang"));
	row_num(h, "Tingkat rendah", jl(lv, "rendah"));
	html_close(h);
	html_elem(h, "h3", NULL, "Temuan per minggu");
	week_chart(h, sum);
	html_elem(h, "h3", NULL, "Temuan per instansi / unit kerja");
	bars_chart(h->out, "Temuan per instansi / unit kerja",
		   cJSON_GetObjectItemCaseSensitive(sum, "by_agency"),
		   "agency", 15);
	count_table(h, cJSON_GetObjectItemCaseSensitive(sum, "by_agency"),
		    "agency", "Instansi / unit kerja");
	html_elem(h, "h3", NULL, "Temuan per indikator");
	bars_chart(h->out, "Temuan per indikator",
		   cJSON_GetObjectItemCaseSensitive(sum, "by_indicator"),
		   "indicator", 15);
	count_table(h, cJSON_GetObjectItemCaseSensitive(sum, "by_indicator"),
		    "indicator", "Indikator");
	html_elem(h, "p", "meta", "Satu temuan dapat memenuhi beberapa "
		  "indikator, sehingga jumlah per indikator dapat melebihi "
		  "jumlah temuan.");
	html_elem(h, "h3", NULL, "Temuan per platform");
	count_table(h, cJSON_GetObjectItemCaseSensitive(sum, "by_platform"),
		    "platform", "Platform");
}

static void page_districts(struct html *h, const cJSON *sum)
{
	static const char *const cols[] = {
		"Kode", "Kabupaten/kota", "ASN", "Akun", "Akun terkumpul",
		"Temuan", "Dugaan", "Dikonfirmasi", "Ditolak", NULL
	};
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(sum, "districts");
	const cJSON *e;

	if (!a)
		return;
	html_elem(h, "h2", NULL, "Rekap per kabupaten/kota");
	html_open(h, "table", NULL);
	head_row(h, cols);
	html_open(h, "tbody", NULL);
	cJSON_ArrayForEach(e, a) {
		html_open(h, "tr", NULL);
		html_elem(h, "td", NULL, js(e, "code"));
		html_elem(h, "td", NULL, js(e, "name"));
		td_num(h, jl(e, "asn"));
		td_num(h, jl(e, "accounts"));
		td_num(h, jl(e, "accounts_collected"));
		td_num(h, jl(e, "findings"));
		td_num(h, jl(e, "dugaan"));
		td_num(h, jl(e, "dikonfirmasi"));
		td_num(h, jl(e, "ditolak"));
		html_close(h);
	}
	html_close(h);
	html_close(h);
}

/*
 * A link to a dossier beside the report folder. html_link() refuses
 * ".." in a path, so this one is written here: the path is
 * "../../dossier/" + a NIP netra formatted (digits) + "/index.html",
 * escaped all the same.
 */
static void dossier_link(struct html *h, const char *href)
{
	buf_adds(h->out, "<a href=\"");
	html_escape(h->out, href, strlen(href));
	buf_adds(h->out, "\">");
	html_text(h, "berkas (dossier)");
	buf_adds(h->out, "</a>");
}

/* Every finding in scope, with the start of its post's text. */
static void page_list(struct html *h, const cJSON *sum)
{
	static const char *const cols[] = {
		"Temuan", "Status", "NIP / nama", "Platform",
		"Waktu unggah (UTC)", "Tingkat", "Awal teks unggahan", NULL
	};
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(sum, "list");
	const cJSON *e;

	html_elem(h, "h2", NULL, "IV. Daftar temuan");
	if (!cJSON_GetArraySize(a)) {
		html_elem(h, "p", NULL, "Tidak ada temuan.");
		return;
	}
	html_open(h, "table", NULL);
	head_row(h, cols);
	html_open(h, "tbody", NULL);
	cJSON_ArrayForEach(e, a) {
		html_open(h, "tr", NULL);
		html_open(h, "td", NULL);
		html_textf(h, "#%ld", jl(e, "id"));
		html_close(h);
		html_elem(h, "td", NULL, js(e, "status"));
		html_open(h, "td", NULL);
		html_textf(h, "%s %s", js(e, "nip") ? js(e, "nip") : "-",
			   js(e, "name") ? js(e, "name") : "");
		html_close(h);
		html_elem(h, "td", NULL, js(e, "platform"));
		html_elem(h, "td", NULL, js(e, "posted_at"));
		html_elem(h, "td", NULL, js(e, "level"));
		html_elem(h, "td", "post", js(e, "text"));
		html_close(h);
	}
	html_close(h);
	html_close(h);
}

static void page_confirmed(struct html *h, const cJSON *sum, int link)
{
	static const char *const cols[] = {
		"Temuan", "NIP", "Nama", "Instansi / unit", "Platform",
		"Waktu unggah (UTC)", "Tingkat", "Berkas", NULL
	};
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(sum, "confirmed");
	const cJSON *e;

	html_elem(h, "h2", NULL, "III. Pelanggaran yang dikonfirmasi");
	if (!cJSON_GetArraySize(a)) {
		html_elem(h, "p", NULL, "Belum ada temuan yang dikonfirmasi "
			  "peninjau.");
		return;
	}
	html_open(h, "table", NULL);
	head_row(h, cols);
	html_open(h, "tbody", NULL);
	cJSON_ArrayForEach(e, a) {
		html_open(h, "tr", NULL);
		html_open(h, "td", NULL);
		html_textf(h, "#%ld", jl(e, "id"));
		html_close(h);
		html_elem(h, "td", "mono", js(e, "nip"));
		html_elem(h, "td", NULL, js(e, "name"));
		html_open(h, "td", NULL);
		html_textf(h, "%s / %s", js(e, "agency"), js(e, "unit"));
		html_close(h);
		html_elem(h, "td", NULL, js(e, "platform"));
		html_elem(h, "td", NULL, js(e, "posted_at"));
		html_elem(h, "td", NULL, js(e, "level"));
		html_open(h, "td", "mono");
		if (!js(e, "dossier"))
			html_text(h, "-");
		else if (link)
			dossier_link(h, js(e, "dossier"));
		else
			html_text(h, js(e, "dossier"));
		html_close(h);
		html_close(h);
	}
	html_close(h);
	html_close(h);
}

static void page_limits(struct html *h, const cJSON *sum)
{
	const cJSON *l = cJSON_GetObjectItemCaseSensitive(sum, "limits");
	const cJSON *nv, *im, *fa, *e;
	struct buf b = BUF_INIT;

	nv = cJSON_GetObjectItemCaseSensitive(l, "never_collected_by_platform");
	im = cJSON_GetObjectItemCaseSensitive(l, "import_only_accounts");
	fa = cJSON_GetObjectItemCaseSensitive(l, "collection_failures");
	html_elem(h, "h2", NULL, "V. Keterbatasan data");
	html_open(h, "ul", NULL);
	html_open(h, "li", NULL);
	html_textf(h, "%ld akun belum pernah terkumpul unggahannya dalam "
		   "periode ini", jl(l, "accounts_never_collected"));
	cJSON_ArrayForEach(e, nv)
		buf_addf(&b, "%s%s %ld", b.len ? ", " : "", e->string,
			 (long)e->valuedouble);
	html_textf(h, " (%s).", b.s);
	html_close(h);
	html_open(h, "li", NULL);
	html_textf(h, "TikTok (%ld akun) dan akun pribadi Facebook (%ld "
		   "akun) tidak dapat dikumpulkan lewat API; unggahannya "
		   "hanya ada bila diimpor dari tangkapan pengawas.",
		   jl(im, "tiktok"), jl(im, "facebook"));
	html_close(h);
	html_open(h, "li", NULL);
	if (!cJSON_GetArraySize(fa))
		html_text(h, "Tidak ada kegagalan pengumpulan yang tercatat.");
	else
		html_textf(h, "%d pengumpulan terakhir gagal:",
			   cJSON_GetArraySize(fa));
	html_close(h);
	html_close(h);
	if (cJSON_GetArraySize(fa)) {
		static const char *const cols[] = {
			"Platform", "Akun", "Endpoint", "Galat", "Waktu (UTC)",
			NULL
		};

		html_open(h, "table", NULL);
		head_row(h, cols);
		html_open(h, "tbody", NULL);
		cJSON_ArrayForEach(e, fa) {
			html_open(h, "tr", NULL);
			html_elem(h, "td", NULL, js(e, "platform"));
			html_elem(h, "td", NULL, js(e, "account"));
			html_elem(h, "td", NULL, js(e, "endpoint"));
			html_elem(h, "td", NULL, js(e, "error"));
			html_elem(h, "td", NULL, js(e, "at"));
			html_close(h);
		}
		html_close(h);
		html_close(h);
	}
	buf_release(&b);
}

static void render(const cJSON *sum, int link, struct buf *out)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(sum, "region");
	struct html h;
	struct buf t = BUF_INIT;

	buf_addf(&t, "Laporan pengawasan netralitas ASN: %s", js(r, "name"));
	html_init(&h, out);
	html_doc_begin(&h, "id", t.s);
	html_elem(&h, "h1", NULL, t.s);
	html_elem(&h, "p", "dugaan", "Setiap temuan berstatus DUGAAN sampai "
		  "dikonfirmasi oleh peninjau. Temuan yang belum ditinjau "
		  "bukan bukti pelanggaran.");
	html_elem(&h, "h2", NULL, "I. Cakupan pengawasan");
	page_scope(&h, sum);
	page_districts(&h, sum);
	page_counts(&h, sum);
	page_confirmed(&h, sum, link);
	page_list(&h, sum);
	page_limits(&h, sum);
	html_elem(&h, "p", "meta", "Dibuat oleh netra. Angka yang sama ada "
		  "di summary.json; daftar temuan di findings.csv.");
	html_doc_end(&h);
	buf_release(&t);
}

/* ---- the report ---- */

int report_write(struct db *db, const struct report_opts *o,
		 struct report_result *res, struct buf *err)
{
	struct rows rs = { NULL, 0, 0 };
	struct buf tmp = BUF_INIT, parent = BUF_INIT, page = BUF_INIT;
	cJSON *sum = cJSON_CreateObject();
	char *json = NULL, *slash;
	int rc;

	memset(res, 0, sizeof(*res));
	rc = read_rows(db, o, &rs, err);
	if (!rc)
		rc = build_summary(db, o, &rs, sum, err);
	if (rc)
		goto out;
	res->findings = (long)rs.n;
	res->confirmed = (long)cJSON_GetArraySize(
		cJSON_GetObjectItemCaseSensitive(sum, "confirmed"));
	if (fs_exists(o->out_dir) && !replaceable(o->out_dir)) {
		buf_addf(err, "'%s' exists and is not a netra report; "
			 "choose another --out", o->out_dir);
		rc = 3;
		goto out;
	}
	buf_adds(&parent, o->out_dir);
	while (parent.len > 1 && parent.s[parent.len - 1] == '/')
		parent.s[--parent.len] = '\0';
	buf_addf(&tmp, "%s.new-XXXXXX", parent.s);
	slash = strrchr(parent.s, '/');
	if (slash && slash != parent.s) {
		*slash = '\0';
		if (fs_mkdirs(parent.s, err)) {
			rc = -1;
			goto out;
		}
	}
	if (!mkdtemp(tmp.s)) {
		buf_addf(err, "cannot create a folder next to '%s': %s",
			 o->out_dir, strerror(errno));
		rc = -1;
		goto out;
	}
	json = cJSON_Print(sum);
	render(sum, o->default_layout, &page);
	rc = write_file(tmp.s, "summary.json", json, strlen(json), err) ||
	     write_csv(tmp.s, &rs, err) ||
	     write_file(tmp.s, "index.html", page.s, page.len, err) ? -1 : 0;
	if (!rc && fs_exists(o->out_dir) && rm_tree(o->out_dir)) {
		buf_addf(err, "cannot remove the old report '%s': %s",
			 o->out_dir, strerror(errno));
		rc = -1;
	}
	if (!rc && rename(tmp.s, o->out_dir)) {
		buf_addf(err, "cannot rename '%s' to '%s': %s", tmp.s,
			 o->out_dir, strerror(errno));
		rc = -1;
	}
	if (rc)
		rm_tree(tmp.s);
out:
	cJSON_free(json);
	cJSON_Delete(sum);
	rows_free(&rs);
	buf_release(&tmp);
	buf_release(&parent);
	buf_release(&page);
	return rc;
}
