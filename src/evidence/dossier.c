/* SPDX-License-Identifier: MIT */
/*
 * Writing and checking evidence dossiers (see dossier.h). The facts are
 * read from the database once into the manifest (a cJSON tree), and the
 * HTML page is rendered from that same tree, so the page and the
 * manifest cannot disagree. All HTML goes through html.c.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>
#include <openssl/evp.h>

#include "evidence/audit.h"
#include "util/buf.h"
#include "util/jsonout.h"
#include "evidence/capture.h"
#include "store/db.h"
#include "evidence/dossier.h"
#include "util/fsutil.h"
#include "report/html.h"
#include "netra.h"
#include "registry/nip.h"
#include "util/parse.h"
#include "evidence/review.h"
#include "util/banned.h"

#define MANIFEST_MAX (64L << 20)

/* ---- files ---- */

static void hex_of(const unsigned char *md, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
}

/*
 * Streams in to SHA-256, and to out when not NULL. Returns 0, or -1
 * with a message naming what in err.
 */
static int hash_stream(int in, FILE *out, const char *what, char hex[65],
		       int64_t *size, struct buf *err)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char block[65536], sum[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	int rc = -1;
	ssize_t n;

	*size = 0;
	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
		buf_addf(err, "cannot start SHA-256 (OpenSSL)");
		goto out;
	}
	while ((n = read(in, block, sizeof(block))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			buf_addf(err, "cannot read '%s': %s", what,
				 strerror(errno));
			goto out;
		}
		if (!EVP_DigestUpdate(md, block, (size_t)n)) {
			buf_addf(err, "SHA-256 failed (OpenSSL)");
			goto out;
		}
		if (out && fwrite(block, 1, (size_t)n, out) != (size_t)n) {
			buf_addf(err, "cannot write a copy of '%s': %s", what,
				 strerror(errno));
			goto out;
		}
		*size += n;
	}
	if (!EVP_DigestFinal_ex(md, sum, &len) || len != 32) {
		buf_addf(err, "SHA-256 failed (OpenSSL)");
		goto out;
	}
	hex_of(sum, hex);
	rc = 0;
out:
	EVP_MD_CTX_free(md);
	return rc;
}

int dossier_sha256_file(const char *path, char hex[65], int64_t *size,
			struct buf *err)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	int rc;

	if (fd < 0) {
		buf_addf(err, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	rc = hash_stream(fd, NULL, path, hex, size, err);
	close(fd);
	return rc;
}

static int close_file(FILE *f, const char *path, struct buf *err)
{
	int bad = fflush(f) || ferror(f) || fsync(fileno(f));

	if (fclose(f) || bad) {
		buf_addf(err, "cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int write_new(const char *path, const void *data, size_t len,
		     struct buf *err)
{
	FILE *f = fs_create_excl(path, err);

	if (!f)
		return -1;
	if (len && fwrite(data, 1, len, f) != len) {
		buf_addf(err, "cannot write '%s': %s", path, strerror(errno));
		fclose(f);
		return -1;
	}
	return close_file(f, path, err);
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Removes a folder this module wrote (never follows symlinks). */
static int rm_tree(const char *path)
{
	return nftw(path, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

/* ---- facts from the database into the manifest ---- */

static const char *col(struct db_stmt *st, int i)
{
	return db_col_text(st, i);
}

static void add_int(cJSON *o, const char *k, struct db_stmt *st, int i)
{
	if (db_col_null(st, i))
		cJSON_AddNullToObject(o, k);
	else
		cJSON_AddNumberToObject(o, k,
					(double)db_col_int(st, i));
}

static const char sql_asn[] =
	"SELECT name, agency, unit, position, grade, employment, region_code, "
	"region_name FROM asn WHERE nip = ?";

static const char sql_accounts[] =
	"SELECT platform, handle, platform_user_id, started_at, ended_at "
	"FROM account WHERE nip = ? ORDER BY platform, handle, started_at";

static const char sql_findings[] =
	"SELECT f.id, f.status, f.race, f.local, f.candidate, "
	"f.candidate_name, f.score, f.level, f.phase, f.indicators, f.spans, "
	"f.explanation, f.rules_version, f.first_found_at, f.scored_at, "
	"f.retracted_at, f.version, p.id, p.platform, p.post_id, p.kind, "
	"p.account, p.account_id, p.url, p.posted_at, p.deleted_at, "
	"p.ref_account, p.ref_post_id, c.imported_at, c.sha256, f.region "
	"FROM finding f JOIN post p ON p.id = f.post "
	"JOIN capture c ON c.id = p.first_capture "
	"WHERE f.nip = ?1 AND (f.status = 'dikonfirmasi' OR "
	"(?2 AND f.status = 'dugaan' AND f.retracted_at IS NULL)) "
	"ORDER BY p.posted_at, f.id";

static const char sql_versions[] =
	"SELECT v.seq, v.text, v.media, v.seen_at, c.sha256 "
	"FROM post_version v JOIN capture c ON c.id = v.capture "
	"WHERE v.post = ? ORDER BY v.seq";

static const char sql_deletions[] =
	"SELECT d.observed_at, d.how, d.reason, d.restored_at, c.sha256, "
	"r.sha256 FROM post_deletion d JOIN capture c ON c.id = d.capture "
	"LEFT JOIN capture r ON r.id = d.restored_by "
	"WHERE d.post = ? ORDER BY d.id";

static const char sql_captures[] =
	"SELECT sha256, size, source, format, imported_at FROM capture "
	"WHERE id IN (SELECT capture FROM capture_post WHERE post = ?1 "
	"UNION SELECT first_capture FROM post WHERE id = ?1 "
	"UNION SELECT capture FROM post_version WHERE post = ?1 "
	"UNION SELECT capture FROM post_deletion WHERE post = ?1 "
	"UNION SELECT restored_by FROM post_deletion WHERE post = ?1) "
	"ORDER BY imported_at, id";

static const char sql_decisions[] =
	"SELECT id, decision, decided_by, reason, at, previous "
	"FROM review_decision WHERE finding = ? ORDER BY id";

struct stmts {
	struct db_stmt *versions, *deletions, *captures, *decisions;
};

static int post_facts(struct db *db, struct stmts *s, int64_t post,
		      cJSON *p, cJSON *caps, struct buf *err)
{
	cJSON *a;
	int rc;

	a = cJSON_AddArrayToObject(p, "versions");
	db_bind_int(s->versions, 1, post);
	while ((rc = db_step(s->versions)) == DB_ROW) {
		cJSON *v = cJSON_CreateObject();

		add_int(v, "seq", s->versions, 0);
		jsonout_str(v, "text", col(s->versions, 1));
		cJSON_AddItemToObject(v, "media", col(s->versions, 2) ?
				      jsonout_raw(col(s->versions, 2)) :
				      cJSON_CreateNull());
		jsonout_time(v, "seen_at", s->versions, 3);
		jsonout_str(v, "capture", col(s->versions, 4));
		cJSON_AddItemToArray(a, v);
	}
	db_reset(s->versions);
	if (rc != DB_DONE)
		goto dberr;
	a = cJSON_AddArrayToObject(p, "deletions");
	db_bind_int(s->deletions, 1, post);
	while ((rc = db_step(s->deletions)) == DB_ROW) {
		cJSON *v = cJSON_CreateObject();

		jsonout_time(v, "observed_at", s->deletions, 0);
		jsonout_str(v, "how", col(s->deletions, 1));
		jsonout_str(v, "reason", col(s->deletions, 2));
		jsonout_time(v, "restored_at", s->deletions, 3);
		jsonout_str(v, "capture", col(s->deletions, 4));
		jsonout_str(v, "restored_by_capture", col(s->deletions, 5));
		cJSON_AddItemToArray(a, v);
	}
	db_reset(s->deletions);
	if (rc != DB_DONE)
		goto dberr;
	a = cJSON_AddArrayToObject(p, "captures");
	db_bind_int(s->captures, 1, post);
	while ((rc = db_step(s->captures)) == DB_ROW) {
		const char *sha = col(s->captures, 0);

		cJSON_AddItemToArray(a, cJSON_CreateString(sha));
		if (!cJSON_GetObjectItemCaseSensitive(caps, sha)) {
			cJSON *c = cJSON_CreateObject();

			jsonout_str(c, "sha256", sha);
			add_int(c, "size", s->captures, 1);
			jsonout_str(c, "source", col(s->captures, 2));
			jsonout_str(c, "format", col(s->captures, 3));
			jsonout_time(c, "imported_at", s->captures, 4);
			cJSON_AddItemToObject(caps, sha, c);
		}
	}
	db_reset(s->captures);
	if (rc != DB_DONE)
		goto dberr;
	return 0;
dberr:
	buf_addf(err, "cannot read post %lld: %s", (long long)post,
		 db_errmsg(db));
	return -1;
}

static int decision_facts(struct db *db, struct db_stmt *st, int64_t finding,
			  cJSON *f, struct buf *err)
{
	cJSON *a = cJSON_AddArrayToObject(f, "decisions");
	int rc;

	db_bind_int(st, 1, finding);
	while ((rc = db_step(st)) == DB_ROW) {
		cJSON *d = cJSON_CreateObject();

		add_int(d, "id", st, 0);
		jsonout_str(d, "decision", col(st, 1));
		jsonout_str(d, "by", col(st, 2));
		jsonout_str(d, "reason", col(st, 3));
		jsonout_time(d, "at", st, 4);
		add_int(d, "revises", st, 5);
		cJSON_AddItemToArray(a, d);
	}
	db_reset(st);
	if (rc != DB_DONE) {
		buf_addf(err, "cannot read decisions: %s", db_errmsg(db));
		return -1;
	}
	return 0;
}

static cJSON *finding_facts(struct db *db, struct db_stmt *st, struct stmts *s,
			    cJSON *caps, struct buf *err)
{
	cJSON *f = cJSON_CreateObject(), *p;
	char t[32];
	int64_t observed = db_col_int(st, 28);

	add_int(f, "id", st, 0);
	jsonout_str(f, "status", col(st, 1));
	jsonout_str(f, "race", col(st, 2));
	cJSON_AddBoolToObject(f, "local", (int)db_col_int(st, 3));
	jsonout_str(f, "region", col(st, 30));
	add_int(f, "candidate", st, 4);
	jsonout_str(f, "candidate_name", col(st, 5));
	add_int(f, "score", st, 6);
	jsonout_str(f, "level", col(st, 7));
	jsonout_str(f, "phase", col(st, 8));
	cJSON_AddItemToObject(f, "indicators", jsonout_raw(col(st, 9)));
	cJSON_AddItemToObject(f, "spans", jsonout_raw(col(st, 10)));
	cJSON_AddItemToObject(f, "explanation", jsonout_raw(col(st, 11)));
	jsonout_str(f, "rules_version", col(st, 12));
	jsonout_time(f, "first_found_at", st, 13);
	jsonout_time(f, "scored_at", st, 14);
	jsonout_time(f, "retracted_at", st, 15);
	add_int(f, "scored_version", st, 16);
	jsonout_time(f, "first_observed", st, 28);
	time_fmt_iso(review_deadline(observed), t);
	cJSON_AddStringToObject(f, "deadline", t);
	cJSON_AddStringToObject(f, "deadline_rule", REVIEW_CLOCK_RULE);
	cJSON_AddStringToObject(f, "deadline_note", REVIEW_CLOCK_NOTE);
	p = cJSON_AddObjectToObject(f, "post");
	jsonout_str(p, "platform", col(st, 18));
	jsonout_str(p, "post_id", col(st, 19));
	jsonout_str(p, "kind", col(st, 20));
	jsonout_str(p, "account", col(st, 21));
	jsonout_str(p, "account_id", col(st, 22));
	jsonout_str(p, "url", col(st, 23));
	jsonout_time(p, "posted_at", st, 24);
	jsonout_time(p, "deleted_at", st, 25);
	jsonout_str(p, "ref_account", col(st, 26));
	jsonout_str(p, "ref_post_id", col(st, 27));
	jsonout_str(p, "first_capture", col(st, 29));
	if (post_facts(db, s, db_col_int(st, 17), p, caps, err) ||
	    decision_facts(db, s->decisions, db_col_int(st, 0), f,
			   err)) {
		cJSON_Delete(f);
		return NULL;
	}
	return f;
}

static int person_facts(struct db *db, int64_t nip, cJSON *m, struct buf *err)
{
	struct db_stmt *st = db_prepare(db, sql_asn, err);
	cJSON *o, *a;
	int rc;

	if (!st)
		return DOSSIER_FAILED;
	db_bind_int(st, 1, nip);
	rc = db_step(st);
	if (rc != DB_ROW) {
		char n[19];

		nip_format(nip, n);
		if (rc == DB_DONE)
			buf_addf(err, "NIP %s is not in the registry", n);
		else
			buf_addf(err, "cannot read the registry: %s",
				 db_errmsg(db));
		db_finalize(st);
		return rc == DB_DONE ? DOSSIER_REFUSED : DOSSIER_FAILED;
	}
	o = cJSON_AddObjectToObject(m, "asn");
	{
		char n[19];

		nip_format(nip, n);
		cJSON_AddStringToObject(o, "nip", n);
	}
	jsonout_str(o, "name", col(st, 0));
	jsonout_str(o, "agency", col(st, 1));
	jsonout_str(o, "unit", col(st, 2));
	jsonout_str(o, "position", col(st, 3));
	jsonout_str(o, "grade", col(st, 4));
	jsonout_str(o, "employment", col(st, 5));
	jsonout_str(o, "region_code", col(st, 6));
	jsonout_str(o, "region_name", col(st, 7));
	db_finalize(st);
	st = db_prepare(db, sql_accounts, err);
	if (!st)
		return DOSSIER_FAILED;
	a = cJSON_AddArrayToObject(o, "accounts");
	db_bind_int(st, 1, nip);
	while ((rc = db_step(st)) == DB_ROW) {
		cJSON *c = cJSON_CreateObject();

		jsonout_str(c, "platform", col(st, 0));
		jsonout_str(c, "handle", col(st, 1));
		jsonout_str(c, "platform_user_id", col(st, 2));
		jsonout_time(c, "started_at", st, 3);
		jsonout_time(c, "ended_at", st, 4);
		cJSON_AddItemToArray(a, c);
	}
	db_finalize(st);
	if (rc != DB_DONE) {
		buf_addf(err, "cannot read accounts: %s", db_errmsg(db));
		return DOSSIER_FAILED;
	}
	return DOSSIER_OK;
}

/*
 * The manifest without its "files": the person, the findings with their
 * posts and decisions, and the captures (an object keyed by hash while
 * collecting; turned into an array by the caller).
 */
static int build_facts(struct db *db, int64_t nip, const struct dossier_opts *o,
		       cJSON *m, cJSON *caps, struct dossier_result *res,
		       struct buf *err)
{
	struct stmts s = { NULL, NULL, NULL, NULL };
	struct db_stmt *st = NULL;
	cJSON *fs;
	int rc;

	rc = person_facts(db, nip, m, err);
	if (rc)
		return rc;
	rc = DOSSIER_FAILED;
	st = db_prepare(db, sql_findings, err);
	s.versions = st ? db_prepare(db, sql_versions, err) : NULL;
	s.deletions = s.versions ? db_prepare(db, sql_deletions, err) : NULL;
	s.captures = s.deletions ? db_prepare(db, sql_captures, err) : NULL;
	s.decisions = s.captures ? db_prepare(db, sql_decisions, err) : NULL;
	if (!s.decisions)
		goto out;
	fs = cJSON_AddArrayToObject(m, "findings");
	db_bind_int(st, 1, nip);
	db_bind_int(st, 2, o->include_pending);
	while ((rc = db_step(st)) == DB_ROW) {
		cJSON *f = finding_facts(db, st, &s, caps, err);

		if (!f) {
			rc = DOSSIER_FAILED;
			goto out;
		}
		cJSON_AddItemToArray(fs, f);
		res->findings++;
		if (!strcmp(col(st, 1), "dugaan"))
			res->pending++;
	}
	if (rc != DB_DONE) {
		buf_addf(err, "cannot read findings: %s", db_errmsg(db));
		rc = DOSSIER_FAILED;
		goto out;
	}
	rc = DOSSIER_OK;
	if (!res->findings) {
		char n[19];

		nip_format(nip, n);
		buf_addf(err, "NIP %s has no %s findings", n,
			 o->include_pending ? "confirmed or pending" :
			 "confirmed");
		if (!o->include_pending)
			buf_addf(err, "; --include-pending adds pending ones");
		rc = DOSSIER_REFUSED;
	}
out:
	db_finalize(st);
	db_finalize(s.versions);
	db_finalize(s.deletions);
	db_finalize(s.captures);
	db_finalize(s.decisions);
	return rc;
}

/* ---- the page ---- */

static const char *js(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double jn(const cJSON *o, const char *k, double dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static const char *platform_name(const char *p)
{
	if (!p)
		return "-";
	if (!strcmp(p, "x"))
		return "X (Twitter)";
	if (!strcmp(p, "instagram"))
		return "Instagram";
	if (!strcmp(p, "facebook"))
		return "Facebook";
	if (!strcmp(p, "tiktok"))
		return "TikTok";
	if (!strcmp(p, "youtube"))
		return "YouTube";
	return p;
}

static const char *kind_name(const char *k)
{
	static const char *const names[][2] = {
		{ "post", "unggahan" }, { "reply", "balasan" },
		{ "repost", "unggahan ulang (repost)" },
		{ "quote", "kutipan" }, { "comment", "komentar" },
		{ "like", "suka (like)" }, { "follow", "mengikuti (follow)" }
	};
	size_t i;

	for (i = 0; k && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(k, names[i][0]))
			return names[i][1];
	return or_dash(k);
}

static const char *status_label(const char *s)
{
	if (s && !strcmp(s, "dikonfirmasi"))
		return "DIKONFIRMASI";
	if (s && !strcmp(s, "ditolak"))
		return "DITOLAK";
	return "DUGAAN";
}

static void row_time(struct html *h, const char *label, const char *iso,
		     const char *suffix)
{
	struct buf b = BUF_INIT;

	if (iso) {
		buf_adds(&b, iso);
		if (suffix)
			buf_addf(&b, " %s", suffix);
	}
	html_row(h, label, b.s);
	buf_release(&b);
}

static void page_person(struct html *h, const cJSON *asn)
{
	const cJSON *acc;
	struct buf b = BUF_INIT;

	html_elem(h, "h3", NULL, "A. Terlapor (siapa)");
	html_open(h, "table", NULL);
	html_row(h, "Nama", js(asn, "name"));
	html_row(h, "NIP", js(asn, "nip"));
	html_row(h, "Jenis pegawai", js(asn, "employment"));
	html_row(h, "Jabatan", js(asn, "position"));
	html_row(h, "Golongan", js(asn, "grade"));
	html_row(h, "Unit kerja", js(asn, "unit"));
	html_row(h, "Instansi", js(asn, "agency"));
	if (js(asn, "region_code"))
		buf_addf(&b, "%s (%s)", or_dash(js(asn, "region_name")),
			 js(asn, "region_code"));
	html_row(h, "Wilayah", b.s);
	buf_reset(&b);
	cJSON_ArrayForEach(acc, cJSON_GetObjectItemCaseSensitive(asn,
							       "accounts")) {
		buf_addf(&b, "%s%s: @%s%s", b.len ? "; " : "",
			 platform_name(js(acc, "platform")),
			 or_dash(js(acc, "handle")),
			 js(acc, "ended_at") ? " (tidak aktif)" : "");
	}
	html_row(h, "Akun media sosial", b.s);
	html_close(h);
	buf_release(&b);
}

static void page_how(struct html *h, const cJSON *asn)
{
	struct buf b = BUF_INIT;

	html_elem(h, "h2", NULL, "II. Kegiatan pengawasan (bagaimana "
		  "ditemukan)");
	html_open(h, "table", NULL);
	html_row(h, "Bentuk", "Pengawasan langsung dan analisis konten "
		 "media sosial yang dapat diakses publik");
	html_row(h, "Tujuan", "Mengawasi netralitas Aparatur Sipil Negara "
		 "(SKB 2022 tentang Pedoman Pembinaan dan Pengawasan "
		 "Netralitas Pegawai ASN)");
	buf_addf(&b, "Akun media sosial milik %s (NIP %s)",
		 or_dash(js(asn, "name")), or_dash(js(asn, "nip")));
	html_row(h, "Sasaran", b.s);
	buf_release(&b);
	html_row(h, "Cara", "Unggahan publik dikumpulkan atau diimpor ke "
		 "netra dan disimpan apa adanya sebagai tangkapan mentah "
		 "(capture) dengan SHA-256; setiap unggahan dinilai otomatis "
		 "terhadap indikator SKB 2022; penilaian otomatis hanya "
		 "dugaan sampai diputuskan oleh peninjau (lihat bagian "
		 "Keputusan peninjau)");
	html_close(h);
}

/* I. Data Pengawas: the stages watched and the people who decided. */
static void page_supervisor(struct html *h, const cJSON *m, const cJSON *fs)
{
	struct buf phases = BUF_INIT, who = BUF_INIT, key = BUF_INIT;
	struct buf seen = BUF_INIT;	/* "\001name\001" per name listed */
	const cJSON *f, *d;

	cJSON_ArrayForEach(f, fs) {
		const char *ph = js(f, "phase");

		buf_reset(&key);
		buf_addf(&key, "%s, ", or_dash(ph));
		if (ph && !strstr(phases.s, key.s))
			buf_adds(&phases, key.s);
		cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(f,
								"decisions")) {
			buf_reset(&key);
			buf_addf(&key, "\001%s\001", or_dash(js(d, "by")));
			if (strstr(seen.s, key.s))
				continue;
			buf_adds(&seen, key.s);
			buf_addf(&who, "%s, ", or_dash(js(d, "by")));
		}
	}
	if (phases.len > 1)
		buf_setlen(&phases, phases.len - 2);
	if (who.len > 1)
		buf_setlen(&who, who.len - 2);
	html_elem(h, "h2", NULL, "I. Data pengawas");
	html_open(h, "table", NULL);
	html_row(h, "Tahapan yang diawasi", phases.s);
	html_row(h, "Peninjau yang memutuskan", who.s);
	html_row(h, "Berkas disusun oleh", js(m, "prepared_by"));
	html_close(h);
	buf_release(&phases);
	buf_release(&who);
	buf_release(&key);
	buf_release(&seen);
}

/* III. Uraian singkat: what happened, in order, one "Bahwa" a fact. */
static void page_story(struct html *h, const cJSON *asn, const cJSON *fs)
{
	const cJSON *f;

	html_elem(h, "h2", NULL, "III. Uraian singkat hasil pengawasan");
	html_open(h, "ol", NULL);
	cJSON_ArrayForEach(f, fs) {
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(f, "post");

		html_open(h, "li", NULL);
		html_textf(h, "Bahwa pada %s akun %s @%s milik %s membuat %s "
			   "yang menyebut %s (temuan #%.0f, %s).",
			   or_dash(js(p, "posted_at")),
			   platform_name(js(p, "platform")),
			   or_dash(js(p, "account")), or_dash(js(asn, "name")),
			   kind_name(js(p, "kind")),
			   or_dash(js(f, "candidate_name")), jn(f, "id", 0),
			   status_label(js(f, "status")));
		html_textf(h, " Unggahan itu pertama diamati pada %s; batas "
			   "waktu penanganan %s.", or_dash(js(f,
			   "first_observed")), or_dash(js(f, "deadline")));
		if (js(p, "deleted_at"))
			html_textf(h, " Pada %s unggahan itu teramati sudah "
				   "dihapus; tangkapannya tetap tersimpan.",
				   js(p, "deleted_at"));
		html_close(h);
	}
	html_close(h);
}

static void page_summary(struct html *h, const cJSON *fs)
{
	const cJSON *f;

	html_elem(h, "h3", NULL, "B. Ringkasan temuan");
	html_open(h, "table", NULL);
	html_open(h, "thead", NULL);
	html_open(h, "tr", NULL);
	html_elem(h, "th", NULL, "Temuan");
	html_elem(h, "th", NULL, "Status");
	html_elem(h, "th", NULL, "Platform");
	html_elem(h, "th", NULL, "Waktu unggah (UTC)");
	html_elem(h, "th", NULL, "Pertama diamati (UTC)");
	html_elem(h, "th", NULL, "Batas waktu (UTC)");
	html_elem(h, "th", NULL, "Skor");
	html_close(h);
	html_close(h);
	html_open(h, "tbody", NULL);
	cJSON_ArrayForEach(f, fs) {
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(f, "post");

		html_open(h, "tr", NULL);
		html_open(h, "td", NULL);
		html_textf(h, "#%.0f", jn(f, "id", 0));
		html_close(h);
		html_elem(h, "td", NULL, status_label(js(f, "status")));
		html_elem(h, "td", NULL, platform_name(js(p, "platform")));
		html_elem(h, "td", NULL, or_dash(js(p, "posted_at")));
		html_elem(h, "td", NULL, or_dash(js(f, "first_observed")));
		html_elem(h, "td", NULL, or_dash(js(f, "deadline")));
		html_open(h, "td", NULL);
		html_textf(h, "%.0f (%s)", jn(f, "score", 0),
			   or_dash(js(f, "level")));
		html_close(h);
		html_close(h);
	}
	html_close(h);
	html_close(h);
}

static void page_text(struct html *h, const cJSON *f, const cJSON *p)
{
	const cJSON *v, *shown = NULL;
	double seq = jn(f, "scored_version", -1);
	struct mark_span *spans = NULL;
	char *sj;
	size_t n;

	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(p, "versions"))
		if (jn(v, "seq", -2) == seq)
			shown = v;
	html_elem(h, "h4", NULL, "Isi unggahan (kata yang cocok ditandai)");
	if (!shown || !js(shown, "text")) {
		html_elem(h, "p", NULL, "Unggahan ini tidak memuat teks "
			  "(misalnya repost, like atau follow).");
		return;
	}
	sj = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(f,
								     "spans"));
	n = review_spans(sj, &spans);
	cJSON_free(sj);
	html_open(h, "div", "post");
	html_marked(h, js(shown, "text"), strlen(js(shown, "text")), spans,
		    n);
	html_close(h);
	free(spans);
}

static void page_versions(struct html *h, const cJSON *p)
{
	const cJSON *v, *a = cJSON_GetObjectItemCaseSensitive(p, "versions");
	struct buf b = BUF_INIT;

	html_elem(h, "h4", NULL, "Versi unggahan");
	html_open(h, "table", NULL);
	html_open(h, "thead", NULL);
	html_open(h, "tr", NULL);
	html_elem(h, "th", NULL, "Versi");
	html_elem(h, "th", NULL, "Terlihat (UTC)");
	html_elem(h, "th", NULL, "Teks");
	html_elem(h, "th", NULL, "Tangkapan");
	html_close(h);
	html_close(h);
	html_open(h, "tbody", NULL);
	cJSON_ArrayForEach(v, a) {
		html_open(h, "tr", NULL);
		html_open(h, "td", NULL);
		html_textf(h, "%.0f", jn(v, "seq", 0));
		html_close(h);
		html_elem(h, "td", NULL, or_dash(js(v, "seen_at")));
		html_elem(h, "td", "post", or_dash(js(v, "text")));
		html_open(h, "td", "hash");
		buf_reset(&b);
		buf_addf(&b, "captures/%s", or_dash(js(v, "capture")));
		html_link(h, b.s, or_dash(js(v, "capture")));
		html_close(h);
		html_close(h);
	}
	html_close(h);
	html_close(h);
	buf_release(&b);
}

static const char *how_name(const char *how)
{
	if (how && !strcmp(how, "complete"))
		return "tidak ada lagi dalam tangkapan lengkap akun";
	if (how && !strcmp(how, "flag"))
		return "ditandai terhapus oleh sumber data";
	if (how && !strcmp(how, "gone"))
		return "platform menyatakan unggahan tidak ada";
	return or_dash(how);
}

static void page_deletions(struct html *h, const cJSON *p)
{
	const cJSON *d, *a = cJSON_GetObjectItemCaseSensitive(p, "deletions");
	struct buf b = BUF_INIT;

	html_elem(h, "h4", NULL, "Pengamatan penghapusan");
	if (!cJSON_GetArraySize(a)) {
		html_elem(h, "p", NULL, "Tidak ada penghapusan yang teramati.");
		return;
	}
	html_open(h, "table", NULL);
	html_open(h, "thead", NULL);
	html_open(h, "tr", NULL);
	html_elem(h, "th", NULL, "Teramati hilang (UTC)");
	html_elem(h, "th", NULL, "Cara");
	html_elem(h, "th", NULL, "Muncul lagi (UTC)");
	html_elem(h, "th", NULL, "Tangkapan");
	html_close(h);
	html_close(h);
	html_open(h, "tbody", NULL);
	cJSON_ArrayForEach(d, a) {
		buf_reset(&b);
		buf_addf(&b, "%s%s%s", how_name(js(d, "how")),
			 js(d, "reason") ? ": " : "",
			 js(d, "reason") ? js(d, "reason") : "");
		html_open(h, "tr", NULL);
		html_elem(h, "td", NULL, or_dash(js(d, "observed_at")));
		html_elem(h, "td", NULL, b.s);
		html_elem(h, "td", NULL, or_dash(js(d, "restored_at")));
		html_open(h, "td", "hash");
		buf_reset(&b);
		buf_addf(&b, "captures/%s", or_dash(js(d, "capture")));
		html_link(h, b.s, or_dash(js(d, "capture")));
		html_close(h);
		html_close(h);
	}
	html_close(h);
	html_close(h);
	buf_release(&b);
}

static void page_decisions(struct html *h, const cJSON *f)
{
	const cJSON *d, *a = cJSON_GetObjectItemCaseSensitive(f, "decisions");

	html_elem(h, "h4", NULL, "Keputusan peninjau");
	if (!cJSON_GetArraySize(a)) {
		html_elem(h, "p", "dugaan", "DUGAAN: belum ada keputusan "
			  "peninjau. Temuan ini hasil penilaian otomatis "
			  "dan bukan kesimpulan.");
		return;
	}
	html_open(h, "table", NULL);
	html_open(h, "thead", NULL);
	html_open(h, "tr", NULL);
	html_elem(h, "th", NULL, "No.");
	html_elem(h, "th", NULL, "Keputusan");
	html_elem(h, "th", NULL, "Oleh");
	html_elem(h, "th", NULL, "Alasan");
	html_elem(h, "th", NULL, "Waktu (UTC)");
	html_close(h);
	html_close(h);
	html_open(h, "tbody", NULL);
	cJSON_ArrayForEach(d, a) {
		const char *dec = js(d, "decision");

		html_open(h, "tr", NULL);
		html_open(h, "td", NULL);
		if (jn(d, "revises", 0) > 0)
			html_textf(h, "#%.0f (merevisi #%.0f)",
				   jn(d, "id", 0), jn(d, "revises", 0));
		else
			html_textf(h, "#%.0f", jn(d, "id", 0));
		html_close(h);
		html_elem(h, "td", NULL, dec && !strcmp(dec, "confirm") ?
			  "dikonfirmasi" : "ditolak");
		html_elem(h, "td", NULL, or_dash(js(d, "by")));
		html_elem(h, "td", NULL, or_dash(js(d, "reason")));
		html_elem(h, "td", NULL, or_dash(js(d, "at")));
		html_close(h);
	}
	html_close(h);
	html_close(h);
}

static void page_finding(struct html *h, const cJSON *f)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(f, "post");
	const cJSON *x;
	const char *status = js(f, "status");
	struct buf b = BUF_INIT;

	html_open(h, "section", "finding");
	html_open(h, "h3", NULL);
	html_textf(h, "Temuan #%.0f ", jn(f, "id", 0));
	html_elem(h, "span", strcmp(or_dash(status), "dikonfirmasi") ?
		  "badge-dugaan" : "badge-dikonfirmasi", status_label(status));
	html_close(h);
	html_open(h, "table", NULL);
	buf_addf(&b, "%s yang menyebut %s", kind_name(js(p, "kind")),
		 or_dash(js(f, "candidate_name")));
	if (jn(f, "candidate", 0) > 0)
		buf_addf(&b, " (nomor urut %.0f)", jn(f, "candidate", 0));
	buf_addf(&b, " dalam %s%s", or_dash(js(f, "race")),
		 cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f, "local")) ?
		 "" : " (di luar wilayah ASN)");
	html_row(h, "Peristiwa (apa)", b.s);
	buf_reset(&b);
	buf_addf(&b, "%s, akun @%s, ID unggahan %s",
		 platform_name(js(p, "platform")), or_dash(js(p, "account")),
		 or_dash(js(p, "post_id")));
	html_row(h, "Tempat (di mana)", b.s);
	html_open(h, "tr", NULL);
	html_elem(h, "th", NULL, "Tautan platform");
	html_open(h, "td", "mono");
	html_link(h, js(p, "url"), or_dash(js(p, "url")));
	html_close(h);
	html_close(h);
	row_time(h, "Waktu unggah (kapan)", js(p, "posted_at"), NULL);
	row_time(h, "Pertama diamati (tanggal diketahui)",
		 js(f, "first_observed"), NULL);
	buf_reset(&b);
	buf_addf(&b, "%s: %s; %s", or_dash(js(f, "deadline")),
		 REVIEW_CLOCK_RULE, REVIEW_CLOCK_NOTE);
	html_row(h, "Batas waktu penanganan", b.s);
	html_row(h, "Tahapan", js(f, "phase"));
	buf_reset(&b);
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(f,
							     "indicators"))
		if (cJSON_IsString(x))
			buf_addf(&b, "%s%s", b.len ? ", " : "",
				 x->valuestring);
	html_row(h, "Aturan yang diduga dilanggar (indikator SKB 2022)", b.s);
	buf_reset(&b);
	buf_addf(&b, "%.0f dari 100 (%s); aturan penilaian %s",
		 jn(f, "score", 0), or_dash(js(f, "level")),
		 or_dash(js(f, "rules_version")));
	html_row(h, "Skor otomatis", b.s);
	buf_reset(&b);
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(f,
							     "explanation"))
		buf_addf(&b, "%s%s %+.0f: %s", b.len ? "; " : "",
			 or_dash(js(x, "code")), jn(x, "points", 0),
			 or_dash(js(x, "why")));
	html_row(h, "Alasan skor", b.s);
	if (js(p, "deleted_at"))
		row_time(h, "Status unggahan", js(p, "deleted_at"),
			 "(teramati sudah dihapus; bukti tetap tersimpan)");
	if (js(f, "retracted_at"))
		row_time(h, "Catatan", js(f, "retracted_at"),
			 "(penilaian ulang tidak lagi menemukan ini; "
			 "keputusan peninjau tetap berlaku)");
	html_close(h);
	page_text(h, f, p);
	page_versions(h, p);
	page_deletions(h, p);
	page_decisions(h, f);
	html_close(h);
	buf_release(&b);
}

static void page_captures(struct html *h, const cJSON *caps)
{
	const cJSON *c;
	struct buf b = BUF_INIT;

	html_elem(h, "h2", NULL, "V. Bukti: tangkapan mentah");
	html_elem(h, "p", NULL, "Setiap berkas di folder captures/ adalah "
		  "salinan persis data yang diterima dari platform atau "
		  "berkas ekspor, dinamai dengan SHA-256 isinya.");
	html_open(h, "table", NULL);
	html_open(h, "thead", NULL);
	html_open(h, "tr", NULL);
	html_elem(h, "th", NULL, "Berkas (SHA-256)");
	html_elem(h, "th", NULL, "Ukuran");
	html_elem(h, "th", NULL, "Sumber");
	html_elem(h, "th", NULL, "Diimpor (UTC)");
	html_close(h);
	html_close(h);
	html_open(h, "tbody", NULL);
	cJSON_ArrayForEach(c, caps) {
		html_open(h, "tr", NULL);
		html_open(h, "td", "hash");
		buf_reset(&b);
		buf_addf(&b, "captures/%s", or_dash(js(c, "sha256")));
		html_link(h, b.s, b.s);
		html_close(h);
		html_open(h, "td", NULL);
		html_textf(h, "%.0f bita", jn(c, "size", 0));
		html_close(h);
		buf_reset(&b);
		buf_addf(&b, "%s (%s)", or_dash(js(c, "source")),
			 or_dash(js(c, "format")));
		html_elem(h, "td", NULL, b.s);
		html_elem(h, "td", NULL, or_dash(js(c, "imported_at")));
		html_close(h);
	}
	html_close(h);
	html_close(h);
	buf_release(&b);
}

static void render(const cJSON *m, long pending, struct buf *out)
{
	const cJSON *asn = cJSON_GetObjectItemCaseSensitive(m, "asn");
	const cJSON *fs = cJSON_GetObjectItemCaseSensitive(m, "findings");
	const cJSON *f;
	struct html h;
	struct buf b = BUF_INIT;

	html_init(&h, out);
	buf_addf(&b, "Berkas bukti netralitas ASN: %s (NIP %s)",
		 or_dash(js(asn, "name")), or_dash(js(asn, "nip")));
	html_doc_begin(&h, "id", b.s);
	html_open(&h, "header", NULL);
	html_elem(&h, "h1", NULL, "Berkas Bukti Dugaan Pelanggaran "
		  "Netralitas ASN");
	html_open(&h, "p", "meta");
	html_textf(&h, "NIP %s. Dibuat oleh netra %s pada %s. "
		   "Disusun menurut isian Formulir Model A (Laporan Hasil "
		   "Pengawasan).", or_dash(js(asn, "nip")),
		   or_dash(js(m, "generator_version")),
		   or_dash(js(m, "generated_at")));
	html_close(&h);
	if (pending) {
		html_open(&h, "p", "dugaan");
		html_textf(&h, "MEMUAT DUGAAN: %ld temuan bertanda DUGAAN "
			   "belum dikonfirmasi oleh peninjau. Dugaan bukan "
			   "kesimpulan dan tidak boleh diteruskan sebagai "
			   "pelanggaran.", pending);
		html_close(&h);
	}
	html_close(&h);
	html_open(&h, "section", "notice");
	html_elem(&h, "h2", NULL, "Pelindungan data pribadi");
	html_elem(&h, "p", NULL, "Berkas ini memuat data pribadi yang "
		  "dilindungi UU 27/2022 tentang Pelindungan Data Pribadi. "
		  "Pemrosesan didasarkan pada Pasal 20 ayat (2) huruf c "
		  "(kewajiban hukum) dan huruf e (pelaksanaan tugas "
		  "berdasarkan peraturan perundang-undangan), hanya untuk "
		  "penanganan dugaan pelanggaran netralitas ASN. Jangan "
		  "dipublikasikan dan jangan diteruskan selain kepada pihak "
		  "yang berwenang (Bawaslu, BKN, PPK). Pihak ketiga dalam "
		  "unggahan juga subjek data pribadi. Simpan dan musnahkan "
		  "sesuai jadwal retensi arsip.");
	html_close(&h);
	page_supervisor(&h, m, fs);
	page_how(&h, asn);
	page_story(&h, asn, fs);
	html_elem(&h, "h2", NULL, "IV. Informasi dugaan pelanggaran");
	page_person(&h, asn);
	page_summary(&h, fs);
	cJSON_ArrayForEach(f, fs)
		page_finding(&h, f);
	page_captures(&h, cJSON_GetObjectItemCaseSensitive(m, "captures"));
	html_open(&h, "footer", "meta");
	html_elem(&h, "p", NULL, "Keutuhan berkas dapat diperiksa dengan "
		  "'sha256sum -c SHA256SUMS' di folder ini, atau "
		  "'netra verify FOLDER'. manifest.json memuat semua fakta "
		  "di halaman ini dalam bentuk yang dapat dibaca mesin.");
	html_close(&h);
	html_doc_end(&h);
	buf_release(&b);
}

/* ---- writing ---- */

struct file_entry {
	char *path;		/* relative to the dossier folder */
	char sha256[65];
	int64_t size;
};

static int entry_cmp(const void *a, const void *b)
{
	const struct file_entry *x = a, *y = b;

	return strcmp(x->path, y->path);
}

static int copy_capture(const char *from_dir, const char *to_dir,
			const char *sha, struct file_entry *e,
			struct buf *err)
{
	struct buf src = BUF_INIT, dst = BUF_INIT;
	FILE *out = NULL;
	int fd, rc = -1;

	buf_addf(&src, "%s/%.2s/%s", from_dir, sha, sha);
	buf_addf(&dst, "%s/captures/%s", to_dir, sha);
	fd = open(src.s, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		buf_addf(err, "stored capture '%s' cannot be read: %s", src.s,
			 strerror(errno));
		goto out;
	}
	out = fs_create_excl(dst.s, err);
	if (!out)
		goto out;
	if (hash_stream(fd, out, src.s, e->sha256, &e->size, err))
		goto out;
	if (close_file(out, dst.s, err)) {
		out = NULL;
		goto out;
	}
	out = NULL;
	if (strcmp(e->sha256, sha)) {
		buf_addf(err, "stored capture '%s' no longer matches its "
			 "SHA-256: the evidence store was changed; run "
			 "'netra verify'", src.s);
		goto out;
	}
	e->path = xstrdup(dst.s + strlen(to_dir) + 1);
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (out)
		fclose(out);
	buf_release(&src);
	buf_release(&dst);
	return rc;
}

static int add_file(const char *dir, const char *name, const struct buf *data,
		    struct file_entry *e, struct buf *err)
{
	struct buf path = BUF_INIT;
	int rc;

	buf_addf(&path, "%s/%s", dir, name);
	rc = write_new(path.s, data->s, data->len, err);
	buf_release(&path);
	if (rc)
		return -1;
	if (capture_sha256_hex(data->s, data->len, e->sha256)) {
		buf_addf(err, "SHA-256 failed (OpenSSL)");
		return -1;
	}
	e->size = (int64_t)data->len;
	e->path = xstrdup(name);
	return 0;
}

int dossier_write(struct db *db, int64_t nip, const struct dossier_opts *o,
		  struct dossier_result *res, struct buf *err)
{
	cJSON *m = cJSON_CreateObject(), *caps = cJSON_CreateObject();
	cJSON *c, *arr, *files;
	struct buf final = BUF_INIT, tmp = BUF_INIT, old = BUF_INIT;
	struct buf data = BUF_INIT, sums = BUF_INIT;
	struct file_entry *ents = NULL;
	size_t n_ents = 0, i;
	char nipd[19], t[32];
	struct stat st;
	int rc, made_tmp = 0, in_tx = 0;
	char *details = NULL;

	memset(res, 0, sizeof(*res));
	nip_format(nip, nipd);
	buf_addf(&final, "%s/%s", o->out_dir, nipd);
	if (final.len >= sizeof(res->path)) {
		buf_addf(err, "'%s': the path is too long", final.s);
		rc = DOSSIER_REFUSED;
		goto out;
	}
	if (!lstat(final.s, &st) && !o->force) {
		buf_addf(err, "'%s' exists; --force replaces it", final.s);
		rc = DOSSIER_REFUSED;
		goto out;
	}
	cJSON_AddStringToObject(m, "format", DOSSIER_FORMAT);
	cJSON_AddStringToObject(m, "generator", "netra");
	cJSON_AddStringToObject(m, "generator_version", NETRA_VERSION);
	time_fmt_iso(netra_now(), t);
	cJSON_AddStringToObject(m, "generated_at", t);
	cJSON_AddBoolToObject(m, "include_pending", o->include_pending);
	audit_actor(o->actor, &data);
	cJSON_AddStringToObject(m, "prepared_by", data.s);
	buf_reset(&data);
	cJSON_AddStringToObject(m, "legal_basis", "UU 27/2022 Pasal 20 "
				"ayat (2) huruf c dan e");
	rc = build_facts(db, nip, o, m, caps, res, err);
	if (rc)
		goto out;
	/* the captures as an array in the order first met */
	arr = cJSON_AddArrayToObject(m, "captures");
	while (caps->child) {
		c = cJSON_DetachItemViaPointer(caps, caps->child);
		cJSON_free(c->string);
		c->string = NULL;
		cJSON_AddItemToArray(arr, c);
	}
	rc = DOSSIER_FAILED;
	if (fs_mkdirs(o->out_dir, err))
		goto out;
	buf_addf(&tmp, "%s/.%s.tmp-%ld", o->out_dir, nipd, (long)getpid());
	if (!lstat(tmp.s, &st))
		rm_tree(tmp.s);
	if (mkdir(tmp.s, 0700)) {
		buf_addf(err, "cannot create '%s': %s", tmp.s,
			 strerror(errno));
		goto out;
	}
	made_tmp = 1;
	buf_addf(&data, "%s/captures", tmp.s);
	if (mkdir(data.s, 0700)) {
		buf_addf(err, "cannot create '%s': %s", data.s,
			 strerror(errno));
		goto out;
	}
	ents = xcalloc((size_t)cJSON_GetArraySize(arr) + 3, sizeof(*ents));
	cJSON_ArrayForEach(c, arr) {
		if (copy_capture(o->capture_dir, tmp.s, js(c, "sha256"),
				 &ents[n_ents], err))
			goto out;
		n_ents++;
		res->captures++;
	}
	buf_reset(&data);
	render(m, res->pending, &data);
	if (add_file(tmp.s, "index.html", &data, &ents[n_ents], err))
		goto out;
	n_ents++;
	qsort(ents, n_ents, sizeof(*ents), entry_cmp);
	files = cJSON_AddArrayToObject(m, "files");
	for (i = 0; i < n_ents; i++) {
		c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "path", ents[i].path);
		cJSON_AddStringToObject(c, "sha256", ents[i].sha256);
		cJSON_AddNumberToObject(c, "size", (double)ents[i].size);
		cJSON_AddItemToArray(files, c);
	}
	{
		char *s = cJSON_Print(m);

		buf_reset(&data);
		buf_adds(&data, s);
		buf_addch(&data, '\n');
		cJSON_free(s);
	}
	if (add_file(tmp.s, "manifest.json", &data, &ents[n_ents], err))
		goto out;
	memcpy(res->manifest_sha256, ents[n_ents].sha256, 65);
	n_ents++;
	qsort(ents, n_ents, sizeof(*ents), entry_cmp);
	for (i = 0; i < n_ents; i++)
		buf_addf(&sums, "%s  %s\n", ents[i].sha256, ents[i].path);
	buf_reset(&data);
	buf_addf(&data, "%s/SHA256SUMS", tmp.s);
	if (write_new(data.s, sums.s, sums.len, err))
		goto out;
	/* the audit entry commits only when the folder is in place */
	{
		cJSON *d = cJSON_CreateObject();

		cJSON_AddStringToObject(d, "folder", final.s);
		cJSON_AddNumberToObject(d, "findings", res->findings);
		cJSON_AddNumberToObject(d, "pending", res->pending);
		cJSON_AddNumberToObject(d, "captures", res->captures);
		cJSON_AddStringToObject(d, "manifest_sha256",
					res->manifest_sha256);
		details = cJSON_PrintUnformatted(d);
		cJSON_Delete(d);
	}
	if (db_begin(db, err))
		goto out;
	in_tx = 1;
	if (audit_append(db, o->actor, "dossier", nipd, details, err) < 0)
		goto out;
	if (!lstat(final.s, &st)) {
		buf_addf(&old, "%s/.%s.old-%ld", o->out_dir, nipd,
			 (long)getpid());
		if (rename(final.s, old.s)) {
			buf_addf(err, "cannot move '%s' aside: %s", final.s,
				 strerror(errno));
			goto out;
		}
	}
	if (rename(tmp.s, final.s)) {
		buf_addf(err, "cannot rename '%s' to '%s': %s", tmp.s,
			 final.s, strerror(errno));
		if (old.len && rename(old.s, final.s))
			buf_addf(err, "; the previous dossier is in '%s'",
				 old.s);
		goto out;
	}
	made_tmp = 0;
	if (db_commit(db, err))
		goto out;
	in_tx = 0;
	if (old.len)
		rm_tree(old.s);
	snprintf(res->path, sizeof(res->path), "%s", final.s);
	rc = DOSSIER_OK;
out:
	if (in_tx)
		db_rollback(db);
	if (made_tmp)
		rm_tree(tmp.s);
	for (i = 0; ents && i < n_ents; i++)
		free(ents[i].path);
	free(ents);
	cJSON_Delete(m);
	cJSON_Delete(caps);
	cJSON_free(details);
	buf_release(&final);
	buf_release(&tmp);
	buf_release(&old);
	buf_release(&data);
	buf_release(&sums);
	return rc;
}

/* ---- checking a dossier ---- */

struct seen {
	struct file_entry *v;
	size_t n, cap;
};

static void seen_add(struct seen *s, const char *path)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	memset(&s->v[s->n], 0, sizeof(s->v[0]));
	s->v[s->n].size = -1;
	s->v[s->n++].path = xstrdup(path);
}

static struct file_entry *seen_find(struct seen *s, const char *path)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].path, path))
			return &s->v[i];
	return NULL;
}

static void seen_release(struct seen *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].path);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* A name from a received dossier, printable whatever it holds. */
static void add_name(struct buf *b, const char *s)
{
	buf_addch(b, '\'');
	for (; *s; s++)
		buf_addch(b, (unsigned char)*s < 0x20 || *s == 0x7f ||
			  *s == '\'' ? '?' : *s);
	buf_addch(b, '\'');
}

static void problem(struct buf *p, const char *path, const char *what)
{
	add_name(p, path);
	buf_addf(p, " %s\n", what);
}

/*
 * A path as a dossier may list it: "name" or "captures/name", names of
 * letters, digits, '.', '_' and '-', not starting with '.'.
 */
static int safe_rel(const char *p)
{
	const char *name = p;
	const char *c;

	if (!strncmp(p, "captures/", 9))
		name = p + 9;
	if (!*name || *name == '.')
		return 0;
	for (c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' ||
		      *c == '-'))
			return 0;
	return 1;
}

static int list_dir(const char *dir, const char *prefix, struct seen *disk,
		    struct buf *problems, struct buf *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct buf path = BUF_INIT, rel = BUF_INIT;

	if (!d) {
		buf_addf(err, "cannot read '%s': %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir, de->d_name);
		buf_reset(&rel);
		buf_addf(&rel, "%s%s", prefix, de->d_name);
		if (lstat(path.s, &st)) {
			problem(problems, rel.s, "cannot be read");
			continue;
		}
		if (!*prefix && S_ISDIR(st.st_mode) &&
		    !strcmp(de->d_name, "captures")) {
			if (list_dir(path.s, "captures/", disk, problems,
				     err)) {
				closedir(d);
				buf_release(&path);
				buf_release(&rel);
				return -1;
			}
			continue;
		}
		if (!S_ISREG(st.st_mode)) {
			problem(problems, rel.s, S_ISLNK(st.st_mode) ?
				"is a symbolic link (added; a dossier holds "
				"only files)" : "is not a regular file "
				"(added)");
			continue;
		}
		seen_add(disk, rel.s);
	}
	closedir(d);
	buf_release(&path);
	buf_release(&rel);
	return 0;
}

static void check_sums(const char *dir, struct seen *disk, struct seen *sums,
		       struct buf *problems)
{
	struct buf path = BUF_INIT, text = BUF_INIT, e = BUF_INIT;
	char *line, *next;
	long lineno = 0;

	buf_addf(&path, "%s/SHA256SUMS", dir);
	if (!seen_find(disk, "SHA256SUMS")) {
		problem(problems, "SHA256SUMS", "is missing (removed)");
		goto out;
	}
	if (fs_read_all(path.s, &text, &e)) {
		problem(problems, "SHA256SUMS", "cannot be read");
		goto out;
	}
	for (line = text.s; line && *line; line = next) {
		char *sp;
		size_t i;

		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		sp = line + 64;
		for (i = 0; i < 64 && line[i]; i++)
			if (!((line[i] >= '0' && line[i] <= '9') ||
			      (line[i] >= 'a' && line[i] <= 'f')))
				break;
		if (i != 64 || sp[0] != ' ' || (sp[1] != ' ' && sp[1] != '*') ||
		    !safe_rel(sp + 2) || !strcmp(sp + 2, "SHA256SUMS") ||
		    seen_find(sums, sp + 2)) {
			buf_addf(problems, "'SHA256SUMS' line %ld is not "
				 "'<sha256>  <file>' naming a file of the "
				 "dossier once\n", lineno);
			continue;
		}
		seen_add(sums, sp + 2);
		memcpy(sums->v[sums->n - 1].sha256, line, 64);
		sums->v[sums->n - 1].sha256[64] = '\0';
	}
out:
	buf_release(&path);
	buf_release(&text);
	buf_release(&e);
}

static void check_manifest(const char *dir, struct seen *disk,
			   struct seen *man, struct buf *problems)
{
	struct buf path = BUF_INIT, text = BUF_INIT, e = BUF_INIT;
	cJSON *m = NULL, *f, *c;
	struct stat st;

	buf_addf(&path, "%s/manifest.json", dir);
	if (!seen_find(disk, "manifest.json")) {
		problem(problems, "manifest.json", "is missing (removed)");
		goto out;
	}
	if (lstat(path.s, &st) || st.st_size > MANIFEST_MAX ||
	    fs_read_all(path.s, &text, &e)) {
		problem(problems, "manifest.json", "cannot be read");
		goto out;
	}
	m = cJSON_ParseWithLength(text.s, text.len);
	if (!cJSON_IsObject(m) || !js(m, "format") ||
	    strcmp(js(m, "format"), DOSSIER_FORMAT)) {
		problem(problems, "manifest.json", "is not a netra dossier "
			"manifest (" DOSSIER_FORMAT ")");
		goto out;
	}
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(m, "files")) {
		const char *p = js(f, "path"), *h = js(f, "sha256");

		if (!p || !h || strlen(h) != 64 || !safe_rel(p) ||
		    !strcmp(p, "manifest.json") || !strcmp(p, "SHA256SUMS") ||
		    seen_find(man, p)) {
			problem(problems, "manifest.json", "has a \"files\" "
				"entry that is not a file of the dossier");
			continue;
		}
		seen_add(man, p);
		memcpy(man->v[man->n - 1].sha256, h, 65);
		man->v[man->n - 1].size = (int64_t)jn(f, "size", -1);
	}
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(m,
							     "captures")) {
		struct buf r = BUF_INIT;

		buf_addf(&r, "captures/%s", or_dash(js(c, "sha256")));
		if (!seen_find(man, r.s))
			problem(problems, r.s, "is a capture named in "
				"manifest.json but not among its files");
		buf_release(&r);
	}
out:
	cJSON_Delete(m);
	buf_release(&path);
	buf_release(&text);
	buf_release(&e);
}

int dossier_verify(const char *dir, struct buf *problems, struct buf *err)
{
	struct seen disk = { NULL, 0, 0 }, sums = { NULL, 0, 0 };
	struct seen man = { NULL, 0, 0 };
	struct buf path = BUF_INIT, e = BUF_INIT;
	size_t start = problems->len, i;
	struct stat st;
	int rc = -1;

	if (lstat(dir, &st) || !S_ISDIR(st.st_mode)) {
		buf_addf(err, "'%s' is not a dossier folder", dir);
		return -1;
	}
	if (list_dir(dir, "", &disk, problems, err))
		goto out;
	check_sums(dir, &disk, &sums, problems);
	check_manifest(dir, &disk, &man, problems);
	for (i = 0; i < disk.n; i++) {
		struct file_entry *d = &disk.v[i], *s, *m;

		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir, d->path);
		buf_reset(&e);
		if (dossier_sha256_file(path.s, d->sha256, &d->size, &e)) {
			problem(problems, d->path, "cannot be read");
			continue;
		}
		if (!strcmp(d->path, "SHA256SUMS"))
			continue;
		s = seen_find(&sums, d->path);
		if (!s)
			problem(problems, d->path, "is not listed in "
				"SHA256SUMS (added)");
		else if (strcmp(s->sha256, d->sha256))
			problem(problems, d->path, "does not match its SHA-256 "
				"in SHA256SUMS (changed)");
		if (!strncmp(d->path, "captures/", 9) &&
		    strcmp(d->path + 9, d->sha256))
			problem(problems, d->path, "is not named by its "
				"SHA-256 (changed)");
		if (!strcmp(d->path, "manifest.json"))
			continue;
		m = seen_find(&man, d->path);
		if (!m)
			problem(problems, d->path, "is not listed in "
				"manifest.json (added)");
		else if (strcmp(m->sha256, d->sha256) || m->size != d->size)
			problem(problems, d->path, "does not match its SHA-256 "
				"or size in manifest.json (changed)");
	}
	for (i = 0; i < sums.n; i++)
		if (!seen_find(&disk, sums.v[i].path))
			problem(problems, sums.v[i].path, "is listed in "
				"SHA256SUMS but missing (removed)");
	for (i = 0; i < man.n; i++)
		if (!seen_find(&disk, man.v[i].path))
			problem(problems, man.v[i].path, "is listed in "
				"manifest.json but missing (removed)");
	rc = problems->len > start ? 1 : 0;
out:
	seen_release(&disk);
	seen_release(&sums);
	seen_release(&man);
	buf_release(&path);
	buf_release(&e);
	return rc;
}
