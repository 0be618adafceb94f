/* SPDX-License-Identifier: MIT */
/*
 * Registry import: CSV bytes to civil servants and accounts.
 *
 * The file is streamed: read in chunks, converted from CP-1252 with
 * iconv when asked, checked as UTF-8 (a bad byte refuses the whole file,
 * naming its line), hashed, and fed to libcsv one physical line at a time
 * so every record knows the line it starts on. Each record is validated
 * whole, against the file so far too (its NIP and accounts are looked up
 * first), before anything of it is written, so a refused row leaves no
 * trace.
 *
 * Duplicates inside one file are found by the database itself: every
 * person and account row carries the import that last listed it and the
 * line, so a row already stamped by this import is a duplicate, and the
 * stamp names the first line. No in-memory set of
 * NIPs is needed, which keeps a million-row import within a few MB.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>
#include <openssl/evp.h>

#include "util/buf.h"
#include "store/db.h"
#include "util/fsutil.h"
#include "registry/handle.h"
#include "util/msg.h"
#include "registry/nip.h"
#include "util/parse.h"
#include "util/utf8.h"
#include "registry/registry.h"
#include "util/banned.h"

#define MAX_PROBLEMS 1000000	/* kept in memory; the rest only counted */
#define MAX_FIELD 65536		/* bytes in one field */

static const char *const kind_names[RK_COUNT] = {
	"fields", "nip", "nip-excel", "name", "employment", "region",
	"platform", "handle", "duplicate-nip", "duplicate-handle",
	"unknown-nip"
};

const char *registry_kind_name(enum registry_kind k)
{
	return k >= 0 && k < RK_COUNT ? kind_names[k] : "unknown";
}

enum col_role {
	COL_UNUSED = 0,
	COL_NIP, COL_NAME, COL_AGENCY, COL_UNIT, COL_POSITION, COL_GRADE,
	COL_EMPLOYMENT, COL_REGION_CODE, COL_REGION_NAME,
	COL_PLATFORM, COL_HANDLE,
	COL_ACCOUNT	/* + platform in col.platform */
};

/*
 * Header names, after header_key(): lower case, runs of anything but
 * letters and digits turned into one '_'. BKN's SIASN exports write "NIP
 * BARU", "NAMA", "UNOR NAMA", "JABATAN NAMA", "GOL AKHIR NAMA"; SIMPEG
 * exports vary by vendor. Keep in sync with man/netra-formats.5.
 */
static const struct {
	const char *key;
	enum col_role role;
	enum platform platform;
} header_names[] = {
	{ "nip", COL_NIP, PLATFORM_NONE },
	{ "nip_baru", COL_NIP, PLATFORM_NONE },
	{ "nipbaru", COL_NIP, PLATFORM_NONE },
	{ "nip_18", COL_NIP, PLATFORM_NONE },
	{ "ni_pppk", COL_NIP, PLATFORM_NONE },
	{ "nip_ni_pppk", COL_NIP, PLATFORM_NONE },
	{ "nomor_induk_pegawai", COL_NIP, PLATFORM_NONE },
	{ "nama", COL_NAME, PLATFORM_NONE },
	{ "name", COL_NAME, PLATFORM_NONE },
	{ "nama_lengkap", COL_NAME, PLATFORM_NONE },
	{ "nama_pegawai", COL_NAME, PLATFORM_NONE },
	{ "full_name", COL_NAME, PLATFORM_NONE },
	{ "instansi", COL_AGENCY, PLATFORM_NONE },
	{ "agency", COL_AGENCY, PLATFORM_NONE },
	{ "instansi_induk", COL_AGENCY, PLATFORM_NONE },
	{ "instansi_induk_nama", COL_AGENCY, PLATFORM_NONE },
	{ "instansi_kerja", COL_AGENCY, PLATFORM_NONE },
	{ "instansi_kerja_nama", COL_AGENCY, PLATFORM_NONE },
	{ "opd", COL_AGENCY, PLATFORM_NONE },
	{ "skpd", COL_AGENCY, PLATFORM_NONE },
	{ "perangkat_daerah", COL_AGENCY, PLATFORM_NONE },
	{ "unit_kerja", COL_UNIT, PLATFORM_NONE },
	{ "unor", COL_UNIT, PLATFORM_NONE },
	{ "unor_nama", COL_UNIT, PLATFORM_NONE },
	{ "unit", COL_UNIT, PLATFORM_NONE },
	{ "satuan_kerja", COL_UNIT, PLATFORM_NONE },
	{ "satker", COL_UNIT, PLATFORM_NONE },
	{ "jabatan", COL_POSITION, PLATFORM_NONE },
	{ "jabatan_nama", COL_POSITION, PLATFORM_NONE },
	{ "nama_jabatan", COL_POSITION, PLATFORM_NONE },
	{ "position", COL_POSITION, PLATFORM_NONE },
	{ "golongan", COL_GRADE, PLATFORM_NONE },
	{ "gol", COL_GRADE, PLATFORM_NONE },
	{ "gol_akhir", COL_GRADE, PLATFORM_NONE },
	{ "gol_akhir_nama", COL_GRADE, PLATFORM_NONE },
	{ "golongan_ruang", COL_GRADE, PLATFORM_NONE },
	{ "pangkat_golongan", COL_GRADE, PLATFORM_NONE },
	{ "grade", COL_GRADE, PLATFORM_NONE },
	{ "jenis_pegawai", COL_EMPLOYMENT, PLATFORM_NONE },
	{ "jenis_asn", COL_EMPLOYMENT, PLATFORM_NONE },
	{ "jenis_kepegawaian", COL_EMPLOYMENT, PLATFORM_NONE },
	{ "status_pegawai", COL_EMPLOYMENT, PLATFORM_NONE },
	{ "employment", COL_EMPLOYMENT, PLATFORM_NONE },
	{ "employment_type", COL_EMPLOYMENT, PLATFORM_NONE },
	{ "kode_wilayah", COL_REGION_CODE, PLATFORM_NONE },
	{ "kode_kabupaten_kota", COL_REGION_CODE, PLATFORM_NONE },
	{ "kode_kab_kota", COL_REGION_CODE, PLATFORM_NONE },
	{ "kode_daerah", COL_REGION_CODE, PLATFORM_NONE },
	{ "region_code", COL_REGION_CODE, PLATFORM_NONE },
	{ "kabupaten_kota", COL_REGION_NAME, PLATFORM_NONE },
	{ "kab_kota", COL_REGION_NAME, PLATFORM_NONE },
	{ "kabupaten", COL_REGION_NAME, PLATFORM_NONE },
	{ "kota", COL_REGION_NAME, PLATFORM_NONE },
	{ "wilayah", COL_REGION_NAME, PLATFORM_NONE },
	{ "region", COL_REGION_NAME, PLATFORM_NONE },
	{ "region_name", COL_REGION_NAME, PLATFORM_NONE },
	{ "platform", COL_PLATFORM, PLATFORM_NONE },
	{ "platform_media_sosial", COL_PLATFORM, PLATFORM_NONE },
	{ "media_sosial", COL_PLATFORM, PLATFORM_NONE },
	{ "handle", COL_HANDLE, PLATFORM_NONE },
	{ "akun", COL_HANDLE, PLATFORM_NONE },
	{ "account", COL_HANDLE, PLATFORM_NONE },
	{ "username", COL_HANDLE, PLATFORM_NONE },
	{ "x", COL_ACCOUNT, PLATFORM_X },
	{ "twitter", COL_ACCOUNT, PLATFORM_X },
	{ "akun_x", COL_ACCOUNT, PLATFORM_X },
	{ "akun_twitter", COL_ACCOUNT, PLATFORM_X },
	{ "instagram", COL_ACCOUNT, PLATFORM_INSTAGRAM },
	{ "ig", COL_ACCOUNT, PLATFORM_INSTAGRAM },
	{ "akun_instagram", COL_ACCOUNT, PLATFORM_INSTAGRAM },
	{ "facebook", COL_ACCOUNT, PLATFORM_FACEBOOK },
	{ "fb", COL_ACCOUNT, PLATFORM_FACEBOOK },
	{ "akun_facebook", COL_ACCOUNT, PLATFORM_FACEBOOK },
	{ "tiktok", COL_ACCOUNT, PLATFORM_TIKTOK },
	{ "akun_tiktok", COL_ACCOUNT, PLATFORM_TIKTOK },
	{ "youtube", COL_ACCOUNT, PLATFORM_YOUTUBE },
	{ "yt", COL_ACCOUNT, PLATFORM_YOUTUBE },
	{ "akun_youtube", COL_ACCOUNT, PLATFORM_YOUTUBE },
	{ NULL, COL_UNUSED, PLATFORM_NONE }
};

struct column {
	char *header;		/* as written */
	enum col_role role;
	enum platform platform;	/* for COL_ACCOUNT */
};

struct region_entry {
	char code[8];
	char *name;		/* "Kabupaten Kudus" */
	char *key;		/* "kudus" */
	int kota;		/* 1 kota, 0 kabupaten/province */
};

struct import_ctx {
	struct db *db;
	const struct registry_opts *o;
	struct registry_result *res;
	struct buf *err;
	int status;		/* REGISTRY_* once something fatal happened */

	struct csv_parser csv;
	struct buf *fields;	/* the current record's fields */
	size_t nfields;
	size_t fields_cap;
	int field_too_long;
	long line;		/* line being fed */
	long row_line;		/* line the current record started on */

	int have_header;
	struct column *cols;
	size_t ncols;
	int col_of[COL_ACCOUNT];	/* role -> column index, or -1 */
	unsigned platforms_given;	/* bit per platform with a column */

	struct region_entry *regions;
	size_t nregions;
	char **unknown_codes;	/* warned about once each */
	size_t n_unknown_codes;

	long import_id;
	int64_t now;
	int64_t account_id_before;
	struct db_stmt *st_person_ins;
	struct db_stmt *st_person_upd;
	struct db_stmt *st_person_get;
	struct db_stmt *st_touch;
	struct db_stmt *st_account_ins;
	struct db_stmt *st_account_seen;
	struct db_stmt *st_account_get;
	struct db_stmt *st_account_end;
	struct db_stmt *st_account_del;
	struct db_stmt *st_person_del;

	long people_seen;	/* people already in the registry, listed again */
	size_t row_problems;	/* problems added for the current row */
	struct buf scratch;
	struct buf handle;
};

/* ---- problems, warnings ---- */

static void add_warning(struct import_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add_warning(struct import_ctx *c, const char *fmt, ...)
{
	struct registry_result *r = c->res;
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	r->warnings = xrealloc(r->warnings,
			       (r->n_warnings + 1) * sizeof(*r->warnings));
	r->warnings[r->n_warnings++] = buf_detach(&b, NULL);
}

static void add_problem(struct import_ctx *c, int column,
			enum registry_kind kind, const char *value,
			const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void add_problem(struct import_ctx *c, int column,
			enum registry_kind kind, const char *value,
			const char *fmt, ...)
{
	struct registry_result *r = c->res;
	struct registry_problem *p;
	struct buf reason = BUF_INIT;
	const char *field = NULL;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&reason, fmt, ap);
	va_end(ap);
	if (column > 0 && (size_t)column <= c->ncols)
		field = c->cols[column - 1].header;
	c->row_problems++;
	if (r->n_problems >= MAX_PROBLEMS) {
		buf_release(&reason);
		return;
	}
	if (r->n_problems == r->problems_cap) {
		r->problems_cap = r->problems_cap ? r->problems_cap * 2 : 16;
		r->problems = xrealloc(r->problems,
				       r->problems_cap * sizeof(*r->problems));
	}
	p = &r->problems[r->n_problems++];
	p->line = c->row_line;
	p->column = column;
	p->field = field ? xstrdup(field) : NULL;
	p->value = value ? xstrdup(value) : NULL;
	p->kind = kind;
	p->reason = buf_detach(&reason, NULL);
}

static int fail_db(struct import_ctx *c, const char *what)
{
	if (c->status == REGISTRY_OK) {
		buf_addf(c->err, "%s: %s", what, db_errmsg(c->db));
		c->status = REGISTRY_DB;
	}
	return -1;
}

static int refuse_file(struct import_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int refuse_file(struct import_ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->status != REGISTRY_OK)
		return -1;
	va_start(ap, fmt);
	buf_vaddf(c->err, fmt, ap);
	va_end(ap);
	c->status = REGISTRY_REFUSED;
	return -1;
}

/* ---- small text helpers ---- */

/* Trims ASCII blanks and U+00A0 (Excel's favourite) from both ends. */
static void trim(struct buf *b)
{
	size_t s = 0, e = b->len;

	for (;;) {
		if (s < e && strchr(" \t\r\n", b->s[s]) && b->s[s]) {
			s++;
		} else if (e - s >= 2 && (unsigned char)b->s[s] == 0xC2 &&
			   (unsigned char)b->s[s + 1] == 0xA0) {
			s += 2;
		} else {
			break;
		}
	}
	for (;;) {
		if (e > s && strchr(" \t\r\n", b->s[e - 1]) && b->s[e - 1]) {
			e--;
		} else if (e - s >= 2 && (unsigned char)b->s[e - 2] == 0xC2 &&
			   (unsigned char)b->s[e - 1] == 0xA0) {
			e -= 2;
		} else {
			break;
		}
	}
	if (s)
		memmove(b->s, b->s + s, e - s);
	buf_setlen(b, e - s);
}

static void header_key(const char *h, struct buf *out)
{
	int sep = 0;

	buf_reset(out);
	for (; *h; h++) {
		unsigned char ch = (unsigned char)*h;

		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
			if (sep && out->len)
				buf_addch(out, '_');
			buf_addch(out, ch);
			sep = 0;
		} else if (ch >= 'A' && ch <= 'Z') {
			if (sep && out->len)
				buf_addch(out, '_');
			buf_addch(out, ch - 'A' + 'a');
			sep = 0;
		} else {
			sep = 1;
		}
	}
}

/* Lower-case region key: "Kab. Kudus" -> "kudus", *kota set. */
static char *region_key(const char *name, int *kota, int *typed)
{
	static const struct {
		const char *prefix;
		int kota;
	} prefixes[] = {
		{ "kabupaten ", 0 }, { "kab. ", 0 }, { "kab ", 0 },
		{ "kab.", 0 }, { "kotamadya ", 1 }, { "kota ", 1 },
		{ "provinsi ", 0 }, { "prov. ", 0 }, { NULL, 0 }
	};
	struct buf b = BUF_INIT;
	const char *p;
	int i, space = 0;

	for (p = name; *p; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch == ' ' || ch == '\t' || ch == '_' || ch == '-') {
			space = 1;
			continue;
		}
		if (space && b.len)
			buf_addch(&b, ' ');
		space = 0;
		buf_addch(&b, ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
	}
	*kota = 0;
	*typed = 0;
	for (i = 0; prefixes[i].prefix; i++) {
		size_t n = strlen(prefixes[i].prefix);

		if (b.len > n && !strncmp(b.s, prefixes[i].prefix, n)) {
			memmove(b.s, b.s + n, b.len - n);
			buf_setlen(&b, b.len - n);
			*kota = prefixes[i].kota;
			*typed = 1;
			break;
		}
	}
	return buf_detach(&b, NULL);
}

int region_code_parse(const char *s, char out[8])
{
	size_t n = strlen(s);

	if (n == 2 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' &&
	    s[1] <= '9') {
		memcpy(out, s, 3);
		return 0;
	}
	if (n == 5 && s[2] == '.') {
		memcpy(out, s, 6);
	} else if (n == 4) {
		out[0] = s[0];
		out[1] = s[1];
		out[2] = '.';
		out[3] = s[2];
		out[4] = s[3];
		out[5] = '\0';
	} else {
		return -1;
	}
	if (out[0] < '0' || out[0] > '9' || out[1] < '0' || out[1] > '9' ||
	    out[3] < '0' || out[3] > '9' || out[4] < '0' || out[4] > '9')
		return -1;
	if (!strcmp(out + 3, "00"))
		return -1;
	return 0;
}

static int load_regions(struct import_ctx *c)
{
	struct db_stmt *st = db_prepare(c->db, "SELECT code, name FROM region "
				      "WHERE province IS NOT NULL", c->err);
	int rc;

	if (!st) {
		c->status = REGISTRY_DB;
		return -1;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		struct region_entry *e;
		int typed;

		c->regions = xrealloc(c->regions,
				      (c->nregions + 1) * sizeof(*c->regions));
		e = &c->regions[c->nregions++];
		snprintf(e->code, sizeof(e->code), "%s",
			 db_col_text(st, 0));
		e->name = xstrdup(db_col_text(st, 1));
		e->key = region_key(e->name, &e->kota, &typed);
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return fail_db(c, "cannot read regions");
	return 0;
}

static const struct region_entry *region_by_code(struct import_ctx *c,
						  const char *code)
{
	size_t i;

	for (i = 0; i < c->nregions; i++)
		if (!strcmp(c->regions[i].code, code))
			return &c->regions[i];
	return NULL;
}

/*
 * Finds a kabupaten/kota by name. Returns the entry, or NULL with *why 0
 * (unknown) or 1 (ambiguous: "Tegal" is a kabupaten and a kota).
 */
static const struct region_entry *region_by_name(struct import_ctx *c,
						  const char *name, int *why)
{
	const struct region_entry *found = NULL;
	int kota, typed, n = 0;
	char *key = region_key(name, &kota, &typed);
	size_t i;

	for (i = 0; i < c->nregions; i++) {
		if (strcmp(c->regions[i].key, key))
			continue;
		if (typed && c->regions[i].kota != kota)
			continue;
		found = &c->regions[i];
		n++;
	}
	free(key);
	*why = n > 1;
	return n == 1 ? found : NULL;
}

/* ---- the header ---- */

static int take_header(struct import_ctx *c)
{
	struct buf key = BUF_INIT;
	size_t i, j;
	int rc = 0;

	for (i = 0; i < COL_ACCOUNT; i++)
		c->col_of[i] = -1;
	c->ncols = c->nfields;
	c->cols = xcalloc(c->ncols, sizeof(*c->cols));
	for (i = 0; i < c->ncols; i++) {
		struct column *col = &c->cols[i];

		trim(&c->fields[i]);
		col->header = xstrdup(c->fields[i].s);
		col->platform = PLATFORM_NONE;
		header_key(col->header, &key);
		for (j = 0; header_names[j].key; j++)
			if (!strcmp(header_names[j].key, key.s))
				break;
		col->role = header_names[j].role;
		col->platform = header_names[j].platform;
		if (col->role == COL_UNUSED) {
			if (!key.len)
				add_warning(c, "column %zu has no header; "
					    "its values are not used", i + 1);
			else
				add_warning(c, "column %zu '%s' is not a "
					    "column netra knows; its values are "
					    "not used", i + 1, col->header);
			continue;
		}
		if (col->role == COL_ACCOUNT) {
			for (j = 0; j < i; j++)
				if (c->cols[j].role == COL_ACCOUNT &&
				    c->cols[j].platform == col->platform)
					add_warning(c, "columns %zu '%s' and "
						    "%zu '%s' both hold %s "
						    "accounts; both are read",
						    j + 1, c->cols[j].header,
						    i + 1, col->header,
						    platform_name(col->platform));
			c->platforms_given |= 1u << col->platform;
			continue;
		}
		if (c->col_of[col->role] >= 0) {
			int k = c->col_of[col->role];

			rc = refuse_file(c, "%s:%ld: columns %d '%s' and %zu "
					 "'%s' mean the same thing; keep one "
					 "of them", c->o->display, c->row_line,
					 k + 1, c->cols[k].header, i + 1,
					 col->header);
			goto out;
		}
		c->col_of[col->role] = (int)i;
	}
	if (c->col_of[COL_NIP] < 0) {
		rc = refuse_file(c, "%s:%ld: no NIP column (looked for a "
				 "header such as 'NIP', 'NIP BARU' or "
				 "'nip_baru'); is the first line the header?",
				 c->o->display, c->row_line);
		goto out;
	}
	c->res->long_form = c->col_of[COL_PLATFORM] >= 0 ||
			    c->col_of[COL_HANDLE] >= 0;
	if (c->res->long_form) {
		if (c->col_of[COL_PLATFORM] < 0 || c->col_of[COL_HANDLE] < 0) {
			rc = refuse_file(c, "%s:%ld: one account per row needs "
					 "both a 'platform' and a 'handle' "
					 "column", c->o->display, c->row_line);
			goto out;
		}
		if (c->platforms_given) {
			rc = refuse_file(c, "%s:%ld: a file is either one "
					 "account per row (platform, handle) "
					 "or one person per row with account "
					 "columns (x, instagram, ...), not "
					 "both", c->o->display, c->row_line);
			goto out;
		}
		c->platforms_given = (1u << PLATFORM_COUNT) - 1;
	} else if (c->col_of[COL_NAME] < 0) {
		rc = refuse_file(c, "%s:%ld: no name column (looked for 'nama' "
				 "or 'name')", c->o->display, c->row_line);
		goto out;
	}
out:
	buf_release(&key);
	return rc;
}

/* ---- one row ---- */

static const char *field(struct import_ctx *c, enum col_role role)
{
	int i = c->col_of[role];

	if (i < 0 || (size_t)i >= c->nfields)
		return "";
	return c->fields[i].s;
}

static int column_of(struct import_ctx *c, enum col_role role)
{
	return c->col_of[role] + 1;
}

struct person {
	struct nip nip;
	int have_nip;
	const char *name, *agency, *unit, *position, *grade;
	const char *employment;	/* "PNS", "PPPK" or NULL */
	char region_code[8];
	const char *region_name;
};

static void check_nip(struct import_ctx *c, struct person *p)
{
	const char *raw = field(c, COL_NIP);
	enum nip_type type = NIP_UNKNOWN;
	struct buf msg = BUF_INIT;

	if (p->employment)
		type = !strcmp(p->employment, "PPPK") ? NIP_PPPK : NIP_PNS;
	if (!nip_parse(raw, type, &p->nip, &msg)) {
		p->have_nip = 1;
	} else {
		int excel = strchr(raw, 'E') || strchr(raw, 'e');

		add_problem(c, column_of(c, COL_NIP),
			    excel ? RK_NIP_EXCEL : RK_NIP, raw, "%s", msg.s);
	}
	buf_release(&msg);
}

static void check_employment(struct import_ctx *c, struct person *p)
{
	const char *v = field(c, COL_EMPLOYMENT);

	p->employment = NULL;
	if (!*v)
		return;
	if (!strcasecmp(v, "PNS") || !strcasecmp(v, "CPNS"))
		p->employment = "PNS";
	else if (!strcasecmp(v, "PPPK") || !strcasecmp(v, "P3K") ||
		 !strncasecmp(v, "PPPK ", 5))
		p->employment = "PPPK";
	else
		add_problem(c, column_of(c, COL_EMPLOYMENT), RK_EMPLOYMENT, v,
			    "employment type '%s' is neither PNS nor PPPK",
			    v);
}

static int names_agree(const char *a, const char *b)
{
	int k1, k2, t1, t2, same;
	char *x = region_key(a, &k1, &t1);
	char *y = region_key(b, &k2, &t2);

	same = !strcmp(x, y) && (!t1 || !t2 || k1 == k2);
	free(x);
	free(y);
	return same;
}

static void check_region(struct import_ctx *c, struct person *p)
{
	const char *code = field(c, COL_REGION_CODE);
	const char *name = field(c, COL_REGION_NAME);
	const struct region_entry *e;
	size_t i;
	int why;

	p->region_code[0] = '\0';
	p->region_name = NULL;
	if (!*code && !*name && c->o->region)
		code = c->o->region;
	if (*code) {
		int col = c->col_of[COL_REGION_CODE] >= 0 ?
			  column_of(c, COL_REGION_CODE) : 0;

		if (region_code_parse(code, p->region_code) ||
		    strlen(p->region_code) != 5) {
			p->region_code[0] = '\0';
			add_problem(c, col, RK_REGION, code,
				    "'%s' is not a kabupaten/kota code; write "
				    "it as Kemendagri does, e.g. 33.19", code);
			return;
		}
		e = region_by_code(c, p->region_code);
		if (e) {
			if (*name && !names_agree(name, e->name)) {
				add_problem(c, column_of(c, COL_REGION_NAME),
					    RK_REGION, name,
					    "region code %s is %s, not '%s'",
					    e->code, e->name, name);
				return;
			}
			p->region_name = e->name;
			return;
		}
		p->region_name = *name ? name : NULL;
		for (i = 0; i < c->n_unknown_codes; i++)
			if (!strcmp(c->unknown_codes[i], p->region_code))
				return;
		c->unknown_codes = xrealloc(c->unknown_codes,
					    (c->n_unknown_codes + 1) *
					    sizeof(*c->unknown_codes));
		c->unknown_codes[c->n_unknown_codes++] =
			xstrdup(p->region_code);
		add_warning(c, "region code %s (first on line %ld) is not in "
			    "netra's region list; it is kept as written",
			    p->region_code, c->row_line);
		return;
	}
	if (*name) {
		e = region_by_name(c, name, &why);
		if (!e) {
			add_problem(c, column_of(c, COL_REGION_NAME), RK_REGION,
				    name, why ?
				    "'%s' is both a kabupaten and a kota; "
				    "write 'Kabupaten ...' or 'Kota ...', or "
				    "add a kode_wilayah column" :
				    "unknown kabupaten/kota '%s'; add a "
				    "kode_wilayah column (e.g. 33.19)", name);
			return;
		}
		memcpy(p->region_code, e->code, sizeof(p->region_code));
		p->region_name = e->name;
		return;
	}
	add_problem(c, 0, RK_REGION, NULL, "no region: add a kode_wilayah or "
		    "kabupaten_kota column, or give --region CODE");
}

static void check_text(struct import_ctx *c, enum col_role role,
		       const char **out, const char *what, int required)
{
	const char *v = field(c, role);
	const char *s;

	*out = *v ? v : NULL;
	if (required && !*v) {
		add_problem(c, c->col_of[role] >= 0 ? column_of(c, role) : 0,
			    RK_NAME, NULL, "%s is empty", what);
		return;
	}
	for (s = v; *s; s++) {
		/* A line break inside a quoted cell is Excel's Alt+Enter. */
		if ((unsigned char)*s < 0x20 && !strchr("\t\r\n", *s)) {
			add_problem(c, column_of(c, role), RK_NAME, v,
				    "%s contains a control character "
				    "(0x%02x)", what, (unsigned char)*s);
			*out = NULL;
			return;
		}
	}
}

static int step_done(struct import_ctx *c, struct db_stmt *st, const char *w)
{
	int rc = db_step(st);

	db_reset(st);
	if (rc != DB_DONE && rc != DB_ROW)
		return fail_db(c, w);
	return 0;
}

/*
 * What the database holds for a key, looked up before anything of the
 * row is written: rows are checked whole, then written, so a refused row
 * leaves nothing behind without the cost of a savepoint per row.
 */
struct held {
	int exists;
	int64_t id;		/* account id */
	int64_t nip;		/* account owner */
	int64_t import;		/* the import that last listed it */
	int64_t line;		/* and its line there */
};

static int lookup(struct import_ctx *c, struct db_stmt *st, struct held *h)
{
	int rc = db_step(st);

	memset(h, 0, sizeof(*h));
	if (rc == DB_ROW) {
		h->exists = 1;
		h->id = db_col_int(st, 0);
		h->nip = db_col_int(st, 1);
		h->import = db_col_int(st, 2);
		h->line = db_col_int(st, 3);
	}
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return fail_db(c, "cannot read the registry");
	return 0;
}

/*
 * Binds without a copy: the row's fields outlive the statement's step.
 * NULL or empty is SQL NULL.
 */
static void bind_static(struct db_stmt *st, int i, const char *v, int unused)
{
	(void)unused;
	if (!v || !*v)
		db_bind_null(st, i);
	else
		db_bind_cstr(st, i, v);
}

static int write_person(struct import_ctx *c, const struct person *p,
			int exists)
{
	struct db_stmt *st = exists ? c->st_person_upd : c->st_person_ins;

	db_bind_int(st, 1, p->nip.value);
	bind_static(st, 2, p->name, 1);
	bind_static(st, 3, p->agency, 1);
	bind_static(st, 4, p->unit, 1);
	bind_static(st, 5, p->position, 1);
	bind_static(st, 6, p->grade, 1);
	bind_static(st, 7, p->employment, 1);
	bind_static(st, 8, p->region_code, 1);
	bind_static(st, 9, p->region_name, 1);
	db_bind_int(st, 10, c->now);
	db_bind_int(st, 11, c->import_id);
	db_bind_int(st, 12, c->row_line);
	if (step_done(c, st, "cannot store person"))
		return -1;
	if (!exists)
		c->res->people_new++;
	else
		c->people_seen++;
	return 0;
}

/* Splits a cell holding several handles (';', '|', ',' or blanks). */
static int next_handle(const char **cursor, struct buf *out)
{
	const char *s = *cursor;
	const char *seps = ";|, \t\r\n";

	while (*s && strchr(seps, *s))
		s++;
	if (!*s)
		return 0;
	buf_reset(out);
	while (*s && !strchr(seps, *s))
		buf_addch(out, *s++);
	*cursor = s;
	return 1;
}

struct pending_account {
	enum platform platform;
	char *handle;
	int column;
	char *raw;
	struct held held;	/* the active account with this handle */
};

static int add_account(struct pending_account **acc, size_t *n,
		       enum platform pf, const char *handle, int column,
		       const char *raw)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*acc)[i].platform == pf &&
		    !strcmp((*acc)[i].handle, handle))
			return 0;	/* the same account twice in a row */
	*acc = xrealloc(*acc, (*n + 1) * sizeof(**acc));
	(*acc)[*n].platform = pf;
	(*acc)[*n].handle = xstrdup(handle);
	(*acc)[*n].column = column;
	(*acc)[*n].raw = xstrdup(raw);
	(*n)++;
	return 0;
}

static void collect_accounts(struct import_ctx *c,
			     struct pending_account **acc, size_t *nacc)
{
	struct registry_result *r = c->res;
	size_t i;

	for (i = 0; i < c->ncols; i++) {
		enum platform pf = c->cols[i].platform;
		const char *cell = c->fields[i].s;
		const char *cur;

		if (r->long_form && c->cols[i].role == COL_HANDLE) {
			const char *pv = field(c, COL_PLATFORM);

			pf = platform_parse(pv);
			if (pf == PLATFORM_NONE) {
				add_problem(c, column_of(c, COL_PLATFORM),
					    RK_PLATFORM, pv, "unknown "
					    "platform '%s'; use x, instagram, "
					    "facebook, tiktok or youtube", pv);
				continue;
			}
			if (!*cell) {
				add_problem(c, (int)i + 1, RK_HANDLE, NULL,
					    "the handle is empty");
				continue;
			}
		} else if (c->cols[i].role != COL_ACCOUNT) {
			continue;
		}
		cur = cell;
		while (next_handle(&cur, &c->scratch)) {
			struct buf msg = BUF_INIT;

			buf_reset(&c->handle);
			if (handle_normalize(pf, c->scratch.s, &c->handle,
					     &msg))
				add_problem(c, (int)i + 1, RK_HANDLE,
					    c->scratch.s, "%s", msg.s);
			else
				add_account(acc, nacc, pf, c->handle.s,
					    (int)i + 1, c->scratch.s);
			buf_release(&msg);
		}
	}
}

/*
 * The common case first: a person new to the registry whose accounts are
 * new too, written with plain inserts and no look-ups. Returns 0 when the
 * row is stored, 1 when something of it already exists (what was written
 * is removed again, and the careful path takes over), -1 on a database
 * error.
 */
static int try_fresh(struct import_ctx *c, const struct person *p,
		     struct pending_account *acc, size_t nacc)
{
	struct db_stmt *st = c->st_person_ins;
	size_t i, done = 0;
	int rc;

	db_bind_int(st, 1, p->nip.value);
	db_bind_cstr(st, 2, p->name);
	bind_static(st, 3, p->agency, 1);
	bind_static(st, 4, p->unit, 1);
	bind_static(st, 5, p->position, 1);
	bind_static(st, 6, p->grade, 1);
	bind_static(st, 7, p->employment, 1);
	bind_static(st, 8, p->region_code, 1);
	bind_static(st, 9, p->region_name, 1);
	db_bind_int(st, 10, c->now);
	db_bind_int(st, 11, c->import_id);
	db_bind_int(st, 12, c->row_line);
	rc = db_step(st);
	db_reset(st);
	if (rc == DB_CONSTRAINT)
		return 1;
	if (rc != DB_DONE)
		return fail_db(c, "cannot store person");
	st = c->st_account_ins;
	for (i = 0; i < nacc; i++) {
		db_bind_int(st, 1, p->nip.value);
		db_bind_cstr(st, 2, platform_name(acc[i].platform));
		db_bind_cstr(st, 3, acc[i].handle);
		db_bind_int(st, 4, c->now);
		db_bind_int(st, 5, c->import_id);
		db_bind_int(st, 6, c->row_line);
		rc = db_step(st);
		db_reset(st);
		if (rc == DB_CONSTRAINT)
			break;
		if (rc != DB_DONE)
			return fail_db(c, "cannot store account");
		acc[i].held.id = db_last_id(c->db);
		done++;
	}
	if (done == nacc) {
		c->res->people_new++;
		return 0;
	}
	for (i = 0; i < done; i++) {
		db_bind_int(c->st_account_del, 1, acc[i].held.id);
		if (step_done(c, c->st_account_del, "cannot undo account"))
			return -1;
	}
	db_bind_int(c->st_person_del, 1, p->nip.value);
	if (step_done(c, c->st_person_del, "cannot undo person"))
		return -1;
	return 1;
}

static void process_row(struct import_ctx *c)
{
	struct registry_result *r = c->res;
	struct pending_account *acc = NULL;
	size_t nacc = 0, i;
	struct person p;
	struct held person;
	char other[19];

	memset(&p, 0, sizeof(p));
	for (i = 0; i < c->nfields; i++)
		trim(&c->fields[i]);
	for (i = 0; i < c->nfields && !c->fields[i].len; i++)
		;
	if (i == c->nfields) {
		r->blank_rows++;
		return;
	}
	r->rows++;
	c->row_problems = 0;
	if (c->field_too_long) {
		add_problem(c, 0, RK_FIELDS, NULL, "a field is longer than "
			    "%d bytes", MAX_FIELD);
		goto refused;
	}
	if (c->nfields != c->ncols) {
		add_problem(c, 0, RK_FIELDS, NULL, "expected %zu fields like "
			    "the header, found %zu (a '%c' inside an unquoted "
			    "value?)", c->ncols, c->nfields, r->delim);
		goto refused;
	}
	check_employment(c, &p);
	check_nip(c, &p);
	if (!r->long_form || *field(c, COL_NAME)) {
		check_text(c, COL_NAME, &p.name, "name", 1);
		check_text(c, COL_AGENCY, &p.agency, "agency", 0);
		check_text(c, COL_UNIT, &p.unit, "unit", 0);
		check_text(c, COL_POSITION, &p.position, "position", 0);
		check_text(c, COL_GRADE, &p.grade, "grade", 0);
		check_region(c, &p);
	}
	collect_accounts(c, &acc, &nacc);
	if (c->row_problems)
		goto refused;

	if (p.name) {
		int rc = try_fresh(c, &p, acc, nacc);

		if (rc < 0)
			goto out;
		if (!rc) {
			r->rows_ok++;
			goto out;
		}
	}

	/* The row is valid in itself; now against the file so far. */
	db_bind_int(c->st_person_get, 1, p.nip.value);
	if (lookup(c, c->st_person_get, &person))
		goto out;
	if (person.exists && person.import == c->import_id &&
	    !r->long_form) {
		add_problem(c, column_of(c, COL_NIP), RK_DUP_NIP,
			    p.nip.digits, "NIP %s is already on line %lld",
			    p.nip.digits, (long long)person.line);
		goto refused;
	}
	if (!person.exists && !p.name) {
		add_problem(c, column_of(c, COL_NIP), RK_UNKNOWN_NIP,
			    p.nip.digits, "NIP %s is not in the registry; "
			    "import the staff list first, or add a 'nama' "
			    "column", p.nip.digits);
		goto refused;
	}
	for (i = 0; i < nacc; i++) {
		struct pending_account *a = &acc[i];

		db_bind_cstr(c->st_account_get, 1, platform_name(a->platform));
		db_bind_cstr(c->st_account_get, 2, a->handle);
		if (lookup(c, c->st_account_get, &a->held))
			goto out;
		if (a->held.exists && a->held.nip != p.nip.value &&
		    a->held.import == c->import_id) {
			nip_format(a->held.nip, other);
			add_problem(c, a->column, RK_DUP_HANDLE, a->raw,
				    "%s account '%s' is already given to NIP "
				    "%s on line %lld",
				    platform_name(a->platform), a->handle,
				    other, (long long)a->held.line);
		}
	}
	if (c->row_problems)
		goto refused;

	/* Everything checked: write. */
	if (p.name && !(person.exists && person.import == c->import_id)) {
		if (write_person(c, &p, person.exists))
			goto out;
	} else if (person.import != c->import_id) {
		db_bind_int(c->st_touch, 1, c->import_id);
		db_bind_int(c->st_touch, 2, c->row_line);
		db_bind_int(c->st_touch, 3, c->now);
		db_bind_int(c->st_touch, 4, p.nip.value);
		if (step_done(c, c->st_touch, "cannot update person"))
			goto out;
		c->people_seen++;
	}
	for (i = 0; i < nacc; i++) {
		struct pending_account *a = &acc[i];
		struct db_stmt *st = c->st_account_ins;

		if (a->held.exists && a->held.nip == p.nip.value) {
			st = c->st_account_seen;
			db_bind_int(st, 1, c->import_id);
			db_bind_int(st, 2, c->row_line);
			db_bind_int(st, 3, a->held.id);
			if (step_done(c, st, "cannot update account"))
				goto out;
			continue;
		}
		if (a->held.exists) {
			/* The newer roster wins: end the old owner's. */
			db_bind_int(c->st_account_end, 1, c->now);
			db_bind_int(c->st_account_end, 2, a->held.id);
			if (step_done(c, c->st_account_end,
				      "cannot end account"))
				goto out;
			r->accounts_moved++;
			nip_format(a->held.nip, other);
			add_warning(c, "line %ld: %s account '%s' moves from "
				    "NIP %s to NIP %s", c->row_line,
				    platform_name(a->platform), a->handle,
				    other, p.nip.digits);
		}
		db_bind_int(st, 1, p.nip.value);
		db_bind_cstr(st, 2, platform_name(a->platform));
		db_bind_cstr(st, 3, a->handle);
		db_bind_int(st, 4, c->now);
		db_bind_int(st, 5, c->import_id);
		db_bind_int(st, 6, c->row_line);
		if (step_done(c, st, "cannot store account"))
			goto out;
	}
	r->rows_ok++;
	goto out;
refused:
	r->rows_refused++;
out:
	for (i = 0; i < nacc; i++) {
		free(acc[i].handle);
		free(acc[i].raw);
	}
	free(acc);
}

/* ---- libcsv callbacks ---- */

static void on_field(void *s, size_t len, void *data)
{
	struct import_ctx *c = data;
	struct buf *f;

	if (c->nfields == c->fields_cap) {
		size_t i, old = c->fields_cap;

		c->fields_cap = old ? old * 2 : 32;
		c->fields = xrealloc(c->fields,
				     c->fields_cap * sizeof(*c->fields));
		for (i = old; i < c->fields_cap; i++)
			buf_init(&c->fields[i]);
	}
	f = &c->fields[c->nfields++];
	buf_reset(f);
	if (len > MAX_FIELD) {
		c->field_too_long = 1;
		len = MAX_FIELD;
	}
	if (s)
		buf_add(f, s, len);
}

static void on_row(int term, void *data)
{
	struct import_ctx *c = data;

	(void)term;
	if (c->status != REGISTRY_OK)
		goto out;
	if (!c->have_header) {
		size_t i;
		int blank = 1;

		for (i = 0; i < c->nfields; i++)
			if (c->fields[i].len)
				blank = 0;
		if (!blank) {
			c->have_header = 1;
			take_header(c);
		}
		goto out;
	}
	process_row(c);
out:
	c->nfields = 0;
	c->field_too_long = 0;
}

static int space_not_delim(unsigned char ch)
{
	return ch == ' ';
}

/* ---- reading the file ---- */

/* Picks ',' ';' or TAB: the most frequent outside quotes on line 1. */
static char detect_delim(const char *s, size_t len)
{
	size_t i, comma = 0, semi = 0, tab = 0;
	int quoted = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && (s[i] == '\n' || s[i] == '\r'))
			break;
		else if (!quoted && s[i] == ',')
			comma++;
		else if (!quoted && s[i] == ';')
			semi++;
		else if (!quoted && s[i] == '\t')
			tab++;
	}
	if (tab > comma && tab > semi)
		return '\t';
	if (semi > comma)
		return ';';
	return ',';
}

static int feed(struct import_ctx *c, const char *s, size_t len)
{
	while (len && c->status == REGISTRY_OK) {
		const char *nl = memchr(s, '\n', len);
		size_t n = nl ? (size_t)(nl - s) + 1 : len;

		if (c->csv.pstate == 0)
			c->row_line = c->line;
		if (csv_parse(&c->csv, s, n, on_field, on_row, c) != n) {
			if (csv_error(&c->csv) == CSV_EPARSE)
				return refuse_file(c, "%s:%ld: malformed "
						   "quoting: a '\"' inside an "
						   "unquoted value, or text "
						   "after a closing quote",
						   c->o->display, c->line);
			return refuse_file(c, "%s:%ld: %s", c->o->display,
					   c->line,
					   csv_strerror(csv_error(&c->csv)));
		}
		if (nl)
			c->line++;
		s += n;
		len -= n;
	}
	return c->status == REGISTRY_OK ? 0 : -1;
}

static long line_at(const char *s, size_t off, long first)
{
	size_t i;
	long line = first;

	for (i = 0; i < off; i++)
		if (s[i] == '\n')
			line++;
	return line;
}

static int read_file(struct import_ctx *c, FILE *f)
{
	char in[65536];
	char conv[65536 * 3 + 8];
	struct buf carry = BUF_INIT;	/* incomplete UTF-8 tail */
	struct buf chunk = BUF_INIT;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	iconv_t ic = (iconv_t)-1;
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0, i;
	int first = 1, rc = -1;
	long lines_seen = 1;
	size_t n;

	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
		buf_addf(c->err, "cannot initialise SHA-256");
		c->status = REGISTRY_DB;
		goto out;
	}
	if (c->o->encoding && strcasecmp(c->o->encoding, "utf-8") &&
	    strcasecmp(c->o->encoding, "utf8")) {
		ic = iconv_open("UTF-8", c->o->encoding);
		if (ic == (iconv_t)-1) {
			refuse_file(c, "unknown encoding '%s' (try cp1252)",
				    c->o->encoding);
			goto out;
		}
	}
	while ((n = fread(in, 1, sizeof(in), f)) > 0) {
		const char *data = in;
		size_t len = n, bad;

		EVP_DigestUpdate(md, in, n);
		if (ic != (iconv_t)-1) {
			char *ip = in, *op = conv;
			size_t il = n, ol = sizeof(conv);

			if (iconv(ic, &ip, &il, &op, &ol) == (size_t)-1) {
				refuse_file(c, "%s:%ld: byte 0x%02x is not "
					    "%s", c->o->display,
					    line_at(in, (size_t)(ip - in),
						    lines_seen),
					    (unsigned char)*ip,
					    c->o->encoding);
				goto out;
			}
			data = conv;
			len = (size_t)(op - conv);
		}
		buf_reset(&chunk);
		buf_add(&chunk, carry.s, carry.len);
		buf_add(&chunk, data, len);
		buf_reset(&carry);
		data = chunk.s;
		len = chunk.len;
		if (first) {
			first = 0;
			if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
				data += 3;
				len -= 3;
			}
			c->res->delim = detect_delim(data, len);
			csv_set_delim(&c->csv, (unsigned char)c->res->delim);
		}
		if (!utf8_valid(data, len, &bad)) {
			/* An incomplete sequence at the end may continue. */
			if (len - bad < 4 && (unsigned char)data[bad] >= 0xC2 &&
			    !feof(f)) {
				size_t k;
				int tail = 1;

				for (k = bad + 1; k < len; k++)
					if (((unsigned char)data[k] & 0xC0) !=
					    0x80)
						tail = 0;
				if (tail) {
					buf_add(&carry, data + bad, len - bad);
					len = bad;
					goto valid;
				}
			}
			refuse_file(c, "%s:%ld: not UTF-8 (byte 0x%02x); if "
				    "the file comes from Excel on Windows, "
				    "import it with --encoding cp1252",
				    c->o->display,
				    line_at(data, bad, c->line),
				    (unsigned char)data[bad]);
			goto out;
		}
valid:
		lines_seen = line_at(in, n, lines_seen);
		if (feed(c, data, len))
			goto out;
	}
	if (ferror(f)) {
		buf_addf(c->err, "cannot read '%s': %s", c->o->display,
			 strerror(errno));
		c->status = REGISTRY_DB;
		goto out;
	}
	if (carry.len) {
		refuse_file(c, "%s:%ld: the file ends inside a UTF-8 "
			    "character", c->o->display, c->line);
		goto out;
	}
	if (c->csv.pstate == 0)
		c->row_line = c->line;
	if (csv_fini(&c->csv, on_field, on_row, c) != 0) {
		refuse_file(c, "%s:%ld: a quoted value opened here is never "
			    "closed", c->o->display, c->row_line);
		goto out;
	}
	if (c->status != REGISTRY_OK)
		goto out;
	if (!c->have_header) {
		refuse_file(c, "%s: the file is empty; expected a header line "
			    "and one row per person", c->o->display);
		goto out;
	}
	EVP_DigestFinal_ex(md, digest, &dlen);
	for (i = 0; i < dlen; i++)
		snprintf(c->res->sha256 + 2 * i, 3, "%02x", digest[i]);
	rc = 0;
out:
	if (ic != (iconv_t)-1)
		iconv_close(ic);
	EVP_MD_CTX_free(md);
	buf_release(&carry);
	buf_release(&chunk);
	return rc;
}

/* ---- statements ---- */

static const char sql_person_ins[] =
	"INSERT INTO asn(nip, name, agency, unit, position, grade, "
	"employment, region_code, region_name, created_at, changed_at, "
	"seen_at, last_import, last_line) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?10, ?11, ?12)";

/* The trigger asn_keep_history keeps the old values when they change. */
static const char sql_person_upd[] =
	"UPDATE asn SET name = ?2, agency = ?3, unit = ?4, position = ?5, "
	"grade = ?6, employment = ?7, region_code = ?8, region_name = ?9, "
	"seen_at = ?10, last_import = ?11, last_line = ?12 WHERE nip = ?1";

static int prepare_all(struct import_ctx *c)
{
	struct {
		struct db_stmt **st;
		const char *sql;
	} list[] = {
		{ &c->st_person_ins, sql_person_ins },
		{ &c->st_person_upd, sql_person_upd },
		{ &c->st_person_get, "SELECT nip, nip, last_import, last_line "
		  "FROM asn WHERE nip = ?" },
		{ &c->st_touch, "UPDATE asn SET last_import = ?1, "
		  "last_line = ?2, seen_at = ?3 WHERE nip = ?4" },
		{ &c->st_account_ins, "INSERT INTO account(nip, platform, "
		  "handle, started_at, last_import, last_line) "
		  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)" },
		{ &c->st_account_seen, "UPDATE account SET last_import = ?1, "
		  "last_line = ?2 WHERE id = ?3" },
		{ &c->st_account_get, "SELECT id, nip, last_import, "
		  "last_line FROM account WHERE platform = ? AND handle = ? "
		  "AND ended_at IS NULL" },
		{ &c->st_account_end,
		  "UPDATE account SET ended_at = ? WHERE id = ?" },
		{ &c->st_account_del, "DELETE FROM account WHERE id = ?" },
		{ &c->st_person_del, "DELETE FROM asn WHERE nip = ?" },
	};
	size_t i;

	for (i = 0; i < sizeof(list) / sizeof(list[0]); i++) {
		*list[i].st = db_prepare(c->db, list[i].sql, c->err);
		if (!*list[i].st) {
			c->status = REGISTRY_DB;
			return -1;
		}
	}
	return 0;
}

static void finalize_all(struct import_ctx *c)
{
	db_finalize(c->st_person_ins);
	db_finalize(c->st_person_upd);
	db_finalize(c->st_person_get);
	db_finalize(c->st_touch);
	db_finalize(c->st_account_ins);
	db_finalize(c->st_account_seen);
	db_finalize(c->st_account_get);
	db_finalize(c->st_account_end);
	db_finalize(c->st_account_del);
	db_finalize(c->st_person_del);
}

static int begin_import(struct import_ctx *c)
{
	struct db_stmt *st;

	if (db_begin(c->db, c->err)) {
		c->status = REGISTRY_DB;
		return -1;
	}
	st = db_prepare(c->db, "INSERT INTO import_run(kind, source, "
			"started_at) VALUES ('registry', ?, ?)", c->err);
	if (!st) {
		c->status = REGISTRY_DB;
		return -1;
	}
	db_bind_cstr(st, 1, c->o->display);
	db_bind_int(st, 2, c->now);
	if (db_step(st) != DB_DONE) {
		db_finalize(st);
		return fail_db(c, "cannot record import");
	}
	db_finalize(st);
	c->import_id = (long)db_last_id(c->db);
	c->account_id_before = db_int(c->db, "SELECT max(id) FROM account",
				      0);
	return 0;
}

/*
 * Accounts of people listed in this file, on platforms this file speaks
 * of, that the file no longer lists: ended, not deleted.
 */
static int end_dropped_accounts(struct import_ctx *c)
{
	struct db_stmt *st;
	int p;

	if (!c->account_id_before)
		return 0;	/* no accounts before this import */
	st = db_prepare(c->db, "UPDATE account SET ended_at = ?1 "
			"WHERE ended_at IS NULL AND platform = ?2 "
			"AND last_import IS NOT ?3 AND nip IN "
			"(SELECT nip FROM asn WHERE last_import = ?3)", c->err);
	if (!st) {
		c->status = REGISTRY_DB;
		return -1;
	}
	for (p = 0; p < PLATFORM_COUNT; p++) {
		if (!(c->platforms_given & (1u << p)))
			continue;
		db_bind_int(st, 1, c->now);
		db_bind_cstr(st, 2, platform_name((enum platform)p));
		db_bind_int(st, 3, c->import_id);
		if (db_step(st) != DB_DONE) {
			db_finalize(st);
			return fail_db(c, "cannot end dropped accounts");
		}
		c->res->accounts_ended += db_changes(c->db);
		db_reset(st);
	}
	db_finalize(st);
	return 0;
}

static int finish_import(struct import_ctx *c)
{
	struct registry_result *r = c->res;
	struct db_stmt *st;
	char sql[160];

	if (end_dropped_accounts(c))
		return -1;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM asn_history WHERE "
		 "replaced_by_import = %ld", c->import_id);
	r->people_changed = (long)db_int(c->db, sql, 0);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM account WHERE "
		 "id > %lld", (long long)c->account_id_before);
	r->accounts_new = (long)db_int(c->db, sql, 0);
	r->people_unchanged = c->people_seen - r->people_changed;
	if (r->people_unchanged < 0)
		r->people_unchanged = 0;
	st = db_prepare(c->db, "UPDATE import_run SET finished_at = ?, "
			"sha256 = ?, rows_ok = ?, rows_refused = ? "
			"WHERE id = ?", c->err);
	if (!st) {
		c->status = REGISTRY_DB;
		return -1;
	}
	db_bind_int(st, 1, c->now);
	db_bind_cstr(st, 2, r->sha256);
	db_bind_int(st, 3, r->rows_ok);
	db_bind_int(st, 4, r->rows_refused);
	db_bind_int(st, 5, c->import_id);
	if (db_step(st) != DB_DONE) {
		db_finalize(st);
		return fail_db(c, "cannot record import");
	}
	db_finalize(st);
	return 0;
}

int registry_import(struct db *db, const struct registry_opts *o,
		    struct registry_result *res, struct buf *err)
{
	struct import_ctx c;
	FILE *f = NULL;
	size_t i;

	memset(&c, 0, sizeof(c));
	c.db = db;
	c.o = o;
	c.res = res;
	c.err = err;
	c.line = 1;
	c.row_line = 1;
	c.now = netra_now();
	buf_init(&c.scratch);
	buf_init(&c.handle);
	res->delim = ',';
	if (csv_init(&c.csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) {
		buf_addf(err, "cannot initialise the CSV parser");
		return REGISTRY_DB;
	}
	csv_set_space_func(&c.csv, space_not_delim);
	if (o->region) {
		char code[8];

		if (region_code_parse(o->region, code) || strlen(code) != 5) {
			refuse_file(&c, "--region '%s' is not a kabupaten/kota "
				    "code such as 33.19", o->region);
			goto out;
		}
	}
	f = fs_open_read(o->path, err);
	if (!f) {
		c.status = REGISTRY_REFUSED;
		goto out;
	}
	/*
	 * A million rows: a bigger page cache, still well under 64 MB. The
	 * foreign-key check of account.nip costs an index search per
	 * account; this file inserts every person before their accounts and
	 * deletes a person only after deleting the accounts it has just
	 * given them, so the check is switched off for the import (it
	 * cannot be changed inside the transaction) and on again after.
	 */
	db_bulk(db, 1);
	if (load_regions(&c) || begin_import(&c) || prepare_all(&c))
		goto out;
	if (read_file(&c, f))
		goto out;
	if (finish_import(&c))
		goto out;
	if (o->dry_run || (res->rows_refused && !o->partial) ||
	    !res->rows_ok) {
		db_rollback(db);
	} else if (db_commit(db, err)) {
		c.status = REGISTRY_DB;
		goto out;
	} else {
		res->committed = 1;
	}
out:
	finalize_all(&c);
	if (c.status != REGISTRY_OK)
		db_rollback(db);
	db_bulk(db, 0);
	if (f && f != stdin)
		fclose(f);
	csv_free(&c.csv);
	for (i = 0; i < c.fields_cap; i++)
		buf_release(&c.fields[i]);
	free(c.fields);
	for (i = 0; i < c.ncols; i++)
		free(c.cols[i].header);
	free(c.cols);
	for (i = 0; i < c.nregions; i++) {
		free(c.regions[i].name);
		free(c.regions[i].key);
	}
	free(c.regions);
	for (i = 0; i < c.n_unknown_codes; i++)
		free(c.unknown_codes[i]);
	free(c.unknown_codes);
	buf_release(&c.scratch);
	buf_release(&c.handle);
	return c.status;
}

void registry_result_release(struct registry_result *res)
{
	size_t i;

	for (i = 0; i < res->n_problems; i++) {
		free(res->problems[i].field);
		free(res->problems[i].value);
		free(res->problems[i].reason);
	}
	free(res->problems);
	for (i = 0; i < res->n_warnings; i++)
		free(res->warnings[i]);
	free(res->warnings);
	memset(res, 0, sizeof(*res));
}
