/* SPDX-License-Identifier: MIT */
/*
 * netra posts: list stored posts with their versions and deletion marks,
 * as a table, JSON (--json), or CSV (--csv for scripts, --excel for a
 * spreadsheet in an Indonesian locale). The edits of an X post (new ids
 * with the same edit_of) are one entry whose versions span them all.
 *
 * Post text is hostile: the table replaces control characters (no
 * terminal escapes get through), CSV cells that a spreadsheet would read
 * as a formula (starting with = + - @, tab or CR) get a leading
 * apostrophe.
 *
 * Two CSV flavours, because one cannot serve both readers: --csv is
 * RFC 4180 for scripts (comma, CRLF, quotes doubled, no BOM, which would
 * end up in the first header name); --excel is for double-clicking in an
 * Indonesian-locale Excel, whose list separator is ';' and which reads
 * UTF-8 only after a BOM; there long numeric ids (NIP, 19-digit post ids)
 * are written as ="..." so Excel keeps them as text, not 1.98501E+17.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "util/buf.h"
#include "util/csvout.h"
#include "util/jsonout.h"
#include "cmd.h"
#include "store/db.h"
#include "util/msg.h"
#include "util/parse.h"
#include "util/utf8.h"
#include "store/store.h"
#include "util/banned.h"

static const char *const usage[] = {
	"usage: netra [-d DB] posts [--nip NIP] [--account HANDLE] "
	"[--platform P]",
	"                           [--json | --csv | --excel]",
	"",
	"Lists stored posts, their versions and deletion marks.",
	"",
	"  --nip NIP         posts of the civil servant's accounts",
	"  --account HANDLE  posts of one account (handle or user id)",
	"  --platform P      posts of one platform",
	"  --json            a JSON array of posts",
	"  --csv             CSV (RFC 4180: comma, CRLF, no BOM)",
	"  --excel           CSV for Excel: UTF-8 BOM, ';' separated, long",
	"                    ids as =\"...\" so that no digit is lost",
	NULL
};

enum out_fmt { OUT_TABLE, OUT_JSON, OUT_CSV, OUT_EXCEL };

static const char *const platforms[] = {
	"x", "instagram", "facebook", "tiktok", "youtube"
};

/* Keep in sync with schema/003_posts.sql. */
static const char list_sql[] =
	"SELECT p.id, p.platform, p.post_id, p.account, p.account_id,"
	" a.nip, p.posted_at, p.kind, p.url, p.deleted_at,"
	" coalesce(p.edit_of, p.post_id) AS grp,"
	" min(coalesce(p.posted_at, 0)) OVER (PARTITION BY p.platform,"
	"  coalesce(p.edit_of, p.post_id)) AS gtime"
	" FROM post p"
	" LEFT JOIN post_owner o ON o.post = p.id"
	" LEFT JOIN account a ON a.id = o.account"
	" WHERE (?1 IS NULL OR a.nip = ?1)"
	" AND (?2 IS NULL OR p.platform = ?2)"
	" AND (?3 IS NULL OR p.account_id = ?3 OR p.account ="
	"  CASE p.platform WHEN 'x' THEN ?4 WHEN 'instagram' THEN ?5"
	"  WHEN 'facebook' THEN ?6 WHEN 'tiktok' THEN ?7"
	"  WHEN 'youtube' THEN ?8 END)"
	" ORDER BY gtime, p.platform, grp, coalesce(p.posted_at, 0), p.id";

static const char version_sql[] =
	"SELECT v.seq, v.text, v.media, v.seen_at, c.sha256"
	" FROM post_version v JOIN capture c ON c.id = v.capture"
	" WHERE v.post = ?1 ORDER BY v.seq";

static void add_text(cJSON *o, const char *k, struct db_stmt *st, int col)
{
	const char *v = db_col_text(st, col);

	if (v)
		cJSON_AddStringToObject(o, k, (const char *)v);
	else
		cJSON_AddNullToObject(o, k);
}

static void set_item(cJSON *o, const char *k, cJSON *v)
{
	if (!v)
		die_oom();
	if (cJSON_GetObjectItemCaseSensitive(o, k))
		cJSON_ReplaceItemInObjectCaseSensitive(o, k, v);
	else
		cJSON_AddItemToObject(o, k, v);
}

static cJSON *col_json(struct db_stmt *st, int col)
{
	const char *v = db_col_text(st, col);

	return v ? cJSON_CreateString((const char *)v) : cJSON_CreateNull();
}

static cJSON *col_time(struct db_stmt *st, int col)
{
	char t[32];

	if (db_col_null(st, col))
		return cJSON_CreateNull();
	time_fmt_iso(db_col_int(st, col), t);
	return cJSON_CreateString(t);
}

/* Appends the versions of post (row of st) to the entry's "versions". */
static int add_versions(struct db_stmt *vs, cJSON *entry, int64_t post,
			const char *post_id, struct db_stmt *st)
{
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(entry, "versions");
	int rc;

	db_bind_int(vs, 1, post);
	while ((rc = db_step(vs)) == DB_ROW) {
		cJSON *v = cJSON_CreateObject();
		const char *media = db_col_text(vs, 2);
		cJSON *m = media ? cJSON_Parse(media) : NULL;

		if (!v)
			die_oom();
		cJSON_AddItemToArray(arr, v);
		cJSON_AddStringToObject(v, "post_id", post_id);
		jsonout_time(v, "posted_at", st, 6);
		cJSON_AddNumberToObject(v, "seq", (int)db_col_int(vs, 0));
		add_text(v, "text", vs, 1);
		cJSON_AddItemToObject(v, "media", m ? m : cJSON_CreateArray());
		jsonout_time(v, "seen_at", vs, 3);
		add_text(v, "capture", vs, 4);
		set_item(entry, "text", col_json(vs, 1));
	}
	db_reset(vs);
	return rc == DB_DONE ? 0 : -1;
}

/* A new entry from the first row of a group. */
static cJSON *new_entry(struct db_stmt *st)
{
	cJSON *e = cJSON_CreateObject();
	const char *pid = db_col_text(st, 2);
	const char *grp = db_col_text(st, 10);

	if (!e)
		die_oom();
	add_text(e, "platform", st, 1);
	add_text(e, "post_id", st, 2);
	if (strcmp(pid, grp))
		cJSON_AddStringToObject(e, "edit_of", grp);
	else
		cJSON_AddNullToObject(e, "edit_of");
	add_text(e, "account", st, 3);
	add_text(e, "account_id", st, 4);
	if (db_col_null(st, 5)) {
		cJSON_AddNullToObject(e, "nip");
	} else {
		char nip[24];

		snprintf(nip, sizeof(nip), "%018lld",
			 (long long)db_col_int(st, 5));
		cJSON_AddStringToObject(e, "nip", nip);
	}
	jsonout_time(e, "posted_at", st, 6);
	add_text(e, "kind", st, 7);
	add_text(e, "url", st, 8);
	cJSON_AddNullToObject(e, "text");
	cJSON_AddItemToObject(e, "versions", cJSON_CreateArray());
	jsonout_time(e, "deleted_at", st, 9);
	return e;
}

/* A later row of the same group (an X edit): it is the current form. */
static void update_entry(cJSON *e, struct db_stmt *st)
{
	set_item(e, "post_id", col_json(st, 2));
	set_item(e, "url", col_json(st, 8));
	set_item(e, "deleted_at", col_time(st, 9));
	if (cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(e, "edit_of")))
		set_item(e, "edit_of", col_json(st, 10));
}

static const char *str_of(const cJSON *e, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, k);

	return cJSON_IsString(v) ? v->valuestring : "";
}

static const char *const csv_cols[] = {
	"platform", "post_id", "edit_of", "account", "account_id", "nip",
	"posted_at", "kind", "url", "versions", "deleted_at", "text", NULL
};

static int id_column(const char *col)
{
	return !strcmp(col, "post_id") || !strcmp(col, "edit_of") ||
	       !strcmp(col, "account_id") || !strcmp(col, "nip");
}

/* The CSV writer of the listing, opened by header(). */
static struct csv_writer csv_out;

static void csv_row(const cJSON *e)
{
	struct csv_writer *w = &csv_out;
	int i;

	for (i = 0; csv_cols[i]; i++) {
		const char *v = str_of(e, csv_cols[i]);

		if (!strcmp(csv_cols[i], "versions"))
			csvw_field_int(w, cJSON_GetArraySize(
				cJSON_GetObjectItemCaseSensitive(e,
							"versions")));
		else if (id_column(csv_cols[i]))
			csvw_field_id(w, v);
		else
			csvw_field(w, v);
	}
	csvw_end_row(w);
}

/* Code points in s (valid UTF-8). */
static size_t cp_count(const char *s, size_t len)
{
	size_t i = 0, n = 0;
	uint32_t cp;

	while (i < len) {
		size_t k = utf8_decode(s + i, len - i, &cp);

		i += k ? k : 1;
		n++;
	}
	return n;
}

/*
 * s padded or cut to width code points ("..." marks a cut); control and
 * bidirectional-override characters become spaces.
 */
static void cell(struct buf *b, const char *s, size_t width)
{
	size_t len = strlen(s), i = 0, n = 0;
	size_t limit = cp_count(s, len) > width ? width - 3 : width;

	while (i < len && n < limit) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, len - i, &cp);

		if (!k)
			k = 1;
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			buf_addch(b, ' ');
		else
			buf_add(b, s + i, k);
		i += k;
		n++;
	}
	if (limit < width) {
		buf_adds(b, "...");
		n += 3;
	}
	for (; n < width; n++)
		buf_addch(b, ' ');
}

static void table_row(const cJSON *e)
{
	struct buf b = BUF_INIT;
	char v[16];
	const char *acct = str_of(e, "account");

	cell(&b, str_of(e, "platform"), 9);
	buf_addch(&b, ' ');
	cell(&b, str_of(e, "post_id"), 19);
	buf_addch(&b, ' ');
	cell(&b, *acct ? acct : str_of(e, "account_id"), 16);
	buf_addch(&b, ' ');
	cell(&b, str_of(e, "nip"), 18);
	buf_addch(&b, ' ');
	cell(&b, str_of(e, "posted_at"), 20);
	buf_addch(&b, ' ');
	cell(&b, str_of(e, "kind"), 7);
	snprintf(v, sizeof(v), " %2d ", cJSON_GetArraySize(
		cJSON_GetObjectItemCaseSensitive(e, "versions")));
	buf_adds(&b, v);
	cell(&b, *str_of(e, "deleted_at") ? "deleted" : "", 7);
	buf_addch(&b, ' ');
	cell(&b, str_of(e, "text"), 50);
	while (b.len && b.s[b.len - 1] == ' ')
		buf_setlen(&b, b.len - 1);
	printf("%s\n", b.s);
	buf_release(&b);
}

static void emit(cJSON *e, enum out_fmt f, long *n)
{
	char *s;

	switch (f) {
	case OUT_JSON:
		s = cJSON_PrintUnformatted(e);
		if (!s)
			die_oom();
		printf("%s%s", *n ? ",\n" : "\n", s);
		cJSON_free(s);
		break;
	case OUT_CSV:
	case OUT_EXCEL:
		csv_row(e);
		break;
	case OUT_TABLE:
		table_row(e);
		break;
	}
	(*n)++;
}

static void header(enum out_fmt f)
{
	if (f == OUT_TABLE) {
		printf("%-9s %-19s %-16s %-18s %-20s %-7s  V %-7s TEXT\n",
		       "PLATFORM", "POST_ID", "ACCOUNT", "NIP", "POSTED",
		       "KIND", "DELETED");
		return;
	}
	if (f == OUT_JSON) {
		fputs("[", stdout);
		return;
	}
	csvw_open(&csv_out, stdout, NULL,
		  f == OUT_EXCEL ? CSV_EXCEL : CSV_RFC4180);
	csvw_header(&csv_out, csv_cols);
}

static int list(struct db *db, struct db_stmt *st, enum out_fmt f)
{
	struct buf err = BUF_INIT, key = BUF_INIT, cur = BUF_INIT;
	struct db_stmt *vs = db_prepare(db, version_sql, &err);
	cJSON *e = NULL;
	long n = 0;
	int rc;

	if (!vs)
		die(NETRA_EXIT_DB, "%s", err.s);
	header(f);
	while ((rc = db_step(st)) == DB_ROW) {
		buf_reset(&key);
		buf_adds(&key, db_col_text(st, 1));
		buf_addch(&key, '\n');
		buf_adds(&key, db_col_text(st, 10));
		if (!e || strcmp(key.s, cur.s)) {
			if (e) {
				emit(e, f, &n);
				cJSON_Delete(e);
			}
			e = new_entry(st);
			buf_reset(&cur);
			buf_add(&cur, key.s, key.len);
		} else {
			update_entry(e, st);
		}
		if (add_versions(vs, e, db_col_int(st, 0),
				 db_col_text(st, 2), st))
			break;
	}
	if (e) {
		emit(e, f, &n);
		cJSON_Delete(e);
	}
	if (f == OUT_JSON)
		fputs(n ? "\n]\n" : "]\n", stdout);
	if (rc != DB_DONE && rc != DB_ROW)
		die(NETRA_EXIT_DB, "cannot list posts: %s", db_errmsg(db));
	db_finalize(vs);
	buf_release(&err);
	buf_release(&key);
	buf_release(&cur);
	return NETRA_EXIT_OK;
}

int cmd_posts(struct netra *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "nip", required_argument, NULL, 'n' },
		{ "account", required_argument, NULL, 'a' },
		{ "platform", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ "excel", no_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 }
	};
	const char *nip = NULL, *account = NULL, *platform = NULL;
	enum out_fmt f = OUT_TABLE;
	struct buf err = BUF_INIT, canon = BUF_INIT;
	struct db_stmt *st;
	struct db *db;
	int64_t nipv = 0;
	int opt, i, nfmt = 0, rc;

	if (cmd_wants_help(argc, argv))
		return cmd_usage(usage, 1);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'n':
			nip = optarg;
			break;
		case 'a':
			account = optarg;
			break;
		case 'p':
			platform = optarg;
			break;
		case 'j':
			f = OUT_JSON;
			nfmt++;
			break;
		case 'c':
			f = OUT_CSV;
			nfmt++;
			break;
		case 'e':
			f = OUT_EXCEL;
			nfmt++;
			break;
		default:
			return cmd_usage(usage, 0);
		}
	}
	if (optind != argc || nfmt > 1)
		return cmd_usage(usage, 0);
	if (nip && (strlen(nip) != 18 || parse_i64z(nip, &nipv) ||
		    nipv <= 0)) {
		error("--nip: '%s' is not an 18-digit NIP", nip);
		return NETRA_EXIT_USAGE;
	}
	if (platform && !store_platform_valid(platform)) {
		error("unknown platform '%s' (x, instagram, facebook, tiktok, "
		      "youtube)", platform);
		return NETRA_EXIT_USAGE;
	}
	db = netra_db(ctx);
	st = db_prepare(db, list_sql, &err);
	if (!st)
		die(NETRA_EXIT_DB, "%s", err.s);
	if (nip)
		db_bind_int(st, 1, nipv);
	db_bind_text(st, 2, platform, 1);
	db_bind_text(st, 3, account, 1);
	for (i = 0; account && i < 5; i++) {
		buf_reset(&canon);
		buf_reset(&err);
		if (!store_canon_account(platforms[i], account, &canon, &err))
			db_bind_text(st, 4 + i, canon.s, 1);
	}
	rc = list(db, st, f);
	db_finalize(st);
	buf_release(&err);
	buf_release(&canon);
	return rc;
}
