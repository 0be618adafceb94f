/* SPDX-License-Identifier: MIT */
/*
 * The post store; see store.h for the rules it keeps. Every statement is
 * prepared once in store_new() and reused with bound values (post content
 * is hostile and never reaches SQL text). Strings of a post_rec outlive
 * each step, so they are bound without a copy (db_bind_cstr).
 *
 * Marks (deleted, restored) come only from a capture's first import: a
 * capture imported again (the same bytes) changes nothing, and an old
 * capture re-imported cannot undo what a newer one observed.
 */
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "util/buf.h"
#include "evidence/capture.h"
#include "store/db.h"
#include "registry/handle.h"
#include "util/msg.h"
#include "store/store.h"
#include "util/banned.h"

struct window {
	char *platform;
	char *account;
	char *account_id;
	int64_t from, to;
};

enum stmt {
	S_FIND_CAPTURE,
	S_INS_CAPTURE,
	S_FIND_POST,
	S_INS_POST,
	S_LAST_VER,
	S_INS_VER,
	S_LINK,
	S_ACCOUNTS,
	S_SET_UID,
	S_MARK,
	S_INS_DELETION,
	S_RESTORE,
	S_RESTORE_LOG,
	S_FILL,
	S_WINDOW,
	S_WINDOW_ID,
	S_AUTHORS,
	S_COUNT
};

/*
 * The stored posts of an author in a window that capture ?6 lacks (an X
 * post counts as present when one of its later edits is).
 */
#define WINDOW_REST \
	" AND p.posted_at BETWEEN ?4 AND ?5" \
	" AND p.deleted_at IS NULL" \
	" AND NOT EXISTS (SELECT 1 FROM capture_post c" \
	"  WHERE c.capture = ?6 AND c.post = p.id)" \
	" AND NOT EXISTS (SELECT 1 FROM post q JOIN capture_post c" \
	"  ON c.post = q.id AND c.capture = ?6" \
	"  WHERE q.platform = p.platform" \
	"  AND q.edit_of = coalesce(p.edit_of, p.post_id))"

/* Keep in sync with schema/003_posts.sql. */
static const char *const sql[S_COUNT] = {
	[S_FIND_CAPTURE] = "SELECT id FROM capture WHERE sha256 = ?1",
	[S_INS_CAPTURE] = "INSERT INTO capture(sha256, size, source, format,"
		" imported_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_FIND_POST] = "SELECT id, deleted_at, account IS NULL,"
		" account_id IS NULL, posted_at IS NULL, url IS NULL"
		" FROM post WHERE platform = ?1 AND post_id = ?2",
	[S_INS_POST] = "INSERT INTO post(platform, post_id, account,"
		" account_id, posted_at, kind, url, ref_account,"
		" ref_account_id, ref_post_id, edit_of, first_capture)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
		" ON CONFLICT (platform, post_id) DO NOTHING",
	[S_LAST_VER] = "SELECT seq, text, media FROM post_version"
		" WHERE post = ?1 ORDER BY seq DESC LIMIT 1",
	[S_INS_VER] = "INSERT INTO post_version(post, seq, text, media,"
		" seen_at, capture) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[S_LINK] = "INSERT OR IGNORE INTO capture_post(capture, post)"
		" VALUES (?1, ?2)",
	[S_ACCOUNTS] = "SELECT platform, handle, platform_user_id"
		" FROM account",
	[S_SET_UID] = "UPDATE account SET platform_user_id = ?3"
		" WHERE platform = ?1 AND handle = ?2"
		" AND platform_user_id IS NULL",
	[S_MARK] = "UPDATE post SET deleted_at = ?2"
		" WHERE id = ?1 AND deleted_at IS NULL",
	[S_INS_DELETION] = "INSERT INTO post_deletion(post, observed_at,"
		" capture, how, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_RESTORE] = "UPDATE post SET deleted_at = NULL WHERE id = ?1",
	[S_RESTORE_LOG] = "UPDATE post_deletion SET restored_at = ?2,"
		" restored_by = ?3 WHERE post = ?1 AND restored_at IS NULL",
	[S_FILL] = "UPDATE post SET account = coalesce(account, ?2),"
		" account_id = coalesce(account_id, ?3),"
		" posted_at = coalesce(posted_at, ?4),"
		" url = coalesce(url, ?5) WHERE id = ?1",
	[S_WINDOW] = "SELECT p.id FROM post p"
		" WHERE p.platform = ?1 AND p.account = ?2" WINDOW_REST,
	[S_WINDOW_ID] = "SELECT p.id FROM post p"
		" WHERE p.platform = ?1 AND p.account_id = ?3" WINDOW_REST,
	[S_AUTHORS] = "SELECT p.platform, p.account,"
		" iif(p.account IS NULL, p.account_id, NULL) AS aid,"
		" min(p.posted_at), max(p.posted_at)"
		" FROM capture_post c JOIN post p ON p.id = c.post"
		" WHERE c.capture = ?1 AND p.posted_at IS NOT NULL"
		" GROUP BY p.platform, p.account, aid",
};

/*
 * The registry's accounts as a hash set, loaded once per capture: looking
 * each new post's author up in SQLite cost more than storing the post.
 * Keys are "h" or "u", the platform, NUL, then the handle or user id;
 * a handle key's flag says its account has no platform user id yet.
 */
struct regset {
	char **keys;
	size_t *lens;
	unsigned char *flags;
	size_t cap, n;
};

static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static void regset_clear(struct regset *r)
{
	size_t i;

	for (i = 0; i < r->cap; i++)
		free(r->keys[i]);
	free(r->keys);
	free(r->lens);
	free(r->flags);
	memset(r, 0, sizeof(*r));
}

/* The slot of key, or the empty slot where it would go. */
static size_t regset_slot(const struct regset *r, const char *k, size_t len)
{
	size_t i = (size_t)hash_bytes(k, len) & (r->cap - 1);

	while (r->keys[i] && (r->lens[i] != len || memcmp(r->keys[i], k, len)))
		i = (i + 1) & (r->cap - 1);
	return i;
}

static void regset_add(struct regset *r, const char *k, size_t len,
		       int flag)
{
	size_t i;

	if (2 * (r->n + 1) > r->cap) {
		struct regset old = *r;

		r->cap = old.cap ? 2 * old.cap : 64;
		r->keys = xcalloc(r->cap, sizeof(*r->keys));
		r->lens = xcalloc(r->cap, sizeof(*r->lens));
		r->flags = xcalloc(r->cap, 1);
		r->n = 0;
		for (i = 0; i < old.cap; i++) {
			if (!old.keys[i])
				continue;
			regset_add(r, old.keys[i], old.lens[i], old.flags[i]);
			free(old.keys[i]);
			old.keys[i] = NULL;
		}
		regset_clear(&old);
	}
	i = regset_slot(r, k, len);
	if (!r->keys[i]) {
		r->keys[i] = xmalloc(len);
		memcpy(r->keys[i], k, len);
		r->lens[i] = len;
		r->n++;
	}
	r->flags[i] = (unsigned char)flag;
}

/* 0 when absent, else 1 + the key's flag. */
static int regset_get(const struct regset *r, const char *k, size_t len)
{
	size_t i;

	if (!r->n)
		return 0;
	i = regset_slot(r, k, len);
	return r->keys[i] ? 1 + r->flags[i] : 0;
}

static const char *regkey(struct buf *b, char type, const char *platform,
			  const char *v)
{
	buf_reset(b);
	buf_addch(b, type);
	buf_adds(b, platform);
	buf_addch(b, 0);
	buf_adds(b, v);
	return b->s;
}

struct store {
	struct db *db;
	struct db_stmt *st[S_COUNT];
	int64_t capture;	/* capture.id being stored */
	int capture_new;	/* first import of these bytes */
	int64_t now;
	struct store_counts counts;
	struct window *win;
	size_t n_win, alloc_win;
	struct buf media;	/* scratch: the record's media as JSON */
	struct buf key;		/* scratch: a registry set key */
	struct regset reg;	/* the registry's accounts, in memory */
	int reg_valid;		/* reg matches the database: the last
				   capture ended well and (as callers
				   do) was committed; collect stores
				   thousands of pages a run ... */
	int64_t reg_version;	/* ... and no other connection wrote
				   since (PRAGMA data_version) */
	int db_error;		/* a database call failed */
};

static const char *const platforms[] = {
	"x", "instagram", "facebook", "tiktok", "youtube", NULL
};
static const char *const kinds[] = {
	"post", "reply", "repost", "quote", "comment", "like", "follow", NULL
};

static int in_list(const char *const *list, const char *s)
{
	if (!s)
		return 0;
	for (; *list; list++)
		if (!strcmp(*list, s))
			return 1;
	return 0;
}

int store_platform_valid(const char *name)
{
	return in_list(platforms, name);
}

int store_kind_valid(const char *name)
{
	return in_list(kinds, name);
}

int store_have_handle_rules(void)
{
	return 1;
}

int store_canon_account(const char *platform, const char *raw,
			struct buf *out, struct buf *err)
{
	enum platform p;

	p = platform_parse(platform);
	if (p == PLATFORM_NONE) {
		buf_addf(err, "unknown platform '%s'", platform);
		return -1;
	}
	return handle_normalize(p, raw, out, err);
}

static int db_fail(struct store *s, struct buf *err, const char *what)
{
	buf_addf(err, "database error (%s): %s", what, db_errmsg(s->db));
	s->db_error = 1;
	return -1;
}

static void bind_str(struct db_stmt *st, int i, const char *v)
{
	if (v)
		db_bind_cstr(st, i, v);
	else
		db_bind_null(st, i);
}

static void bind_time(struct db_stmt *st, int i, int64_t t)
{
	if (t == POST_TIME_UNKNOWN)
		db_bind_null(st, i);
	else
		db_bind_int(st, i, t);
}

/* Steps a statement that returns no row, then resets it. */
static int exec_st(struct store *s, enum stmt k, struct buf *err)
{
	struct db_stmt *st = s->st[k];
	int rc = db_step(st);

	/* Every caller binds every parameter, so bindings are not cleared. */
	db_reset(st);
	if (rc != DB_DONE)
		return db_fail(s, err, "write");
	return 0;
}

static void done_st(struct store *s, enum stmt k)
{
	db_reset(s->st[k]);
	db_clear_bindings(s->st[k]);
}

struct store *store_new(struct db *db, struct buf *err)
{
	struct store *s = xcalloc(1, sizeof(*s));
	int i;

	s->db = db;
	/*
	 * A large file is one transaction: with SQLite's default 2 MB cache
	 * the random inserts into the (platform, post_id) index spill pages
	 * to the WAL and read them back. 40 MB (measured: 1M posts in 20 s
	 * rather than 28 s with 24 MB) keeps the import's peak near 55 MB,
	 * under its 64 MB budget.
	 */
	if (db_exec(db, "PRAGMA cache_size = -40960", err)) {
		free(s);
		return NULL;
	}
	buf_init(&s->media);
	buf_init(&s->key);
	for (i = 0; i < S_COUNT; i++) {
		s->st[i] = db_prepare(db, sql[i], err);
		if (!s->st[i]) {
			store_free(s);
			return NULL;
		}
	}
	return s;
}

static void clear_windows(struct store *s)
{
	size_t i;

	for (i = 0; i < s->n_win; i++) {
		free(s->win[i].platform);
		free(s->win[i].account);
		free(s->win[i].account_id);
	}
	s->n_win = 0;
}

void store_free(struct store *s)
{
	int i;

	if (!s)
		return;
	for (i = 0; i < S_COUNT; i++)
		db_finalize(s->st[i]);
	clear_windows(s);
	free(s->win);
	buf_release(&s->media);
	buf_release(&s->key);
	regset_clear(&s->reg);
	free(s);
}

int store_db_failed(const struct store *s)
{
	return s->db_error;
}

const struct store_counts *store_counts(const struct store *s)
{
	return &s->counts;
}

static int load_registry(struct store *s, struct buf *err)
{
	struct db_stmt *st = s->st[S_ACCOUNTS];
	int rc;

	regset_clear(&s->reg);
	while ((rc = db_step(st)) == DB_ROW) {
		const char *p = db_col_text(st, 0);
		const char *h = db_col_text(st, 1);
		const char *u = db_col_text(st, 2);

		if (!p || !h)
			continue;
		regkey(&s->key, 'h', p, h);
		if (regset_get(&s->reg, s->key.s, s->key.len) != 1)
			regset_add(&s->reg, s->key.s, s->key.len, !u);
		if (u) {
			regkey(&s->key, 'u', p, u);
			regset_add(&s->reg, s->key.s, s->key.len, 0);
		}
	}
	done_st(s, S_ACCOUNTS);
	if (rc != DB_DONE)
		return db_fail(s, err, "registry");
	return 0;
}

int store_capture_begin(struct store *s, const struct capture *c,
			const char *source, const char *format, int64_t now,
			struct buf *err)
{
	struct db_stmt *st = s->st[S_FIND_CAPTURE];
	int64_t version = db_int(s->db, "PRAGMA data_version", -1);
	int rc;

	memset(&s->counts, 0, sizeof(s->counts));
	s->db_error = 0;
	clear_windows(s);
	if (!s->reg_valid || version != s->reg_version) {
		if (load_registry(s, err))
			return -1;
		s->reg_version = version;
	}
	/* a capture not ended well may be rolled back: reload next time */
	s->reg_valid = 0;
	s->now = now;
	s->capture_new = 0;
	db_bind_cstr(st, 1, c->sha256);
	rc = db_step(st);
	if (rc == DB_ROW)
		s->capture = db_col_int(st, 0);
	done_st(s, S_FIND_CAPTURE);
	if (rc == DB_ROW)
		return 0;
	if (rc != DB_DONE)
		return db_fail(s, err, "capture");
	st = s->st[S_INS_CAPTURE];
	db_bind_cstr(st, 1, c->sha256);
	db_bind_int(st, 2, c->size);
	db_bind_cstr(st, 3, source);
	db_bind_cstr(st, 4, format);
	db_bind_int(st, 5, now);
	if (exec_st(s, S_INS_CAPTURE, err))
		return -1;
	s->capture = db_last_id(s->db);
	s->capture_new = 1;
	s->counts.captures_new = 1;
	return 0;
}

/* The record's media as a JSON array in s->media; NULL when none. */
static const char *media_json(struct store *s, const struct post_rec *r)
{
	cJSON *arr;
	char *txt;
	size_t i;

	buf_reset(&s->media);
	if (!r->n_media)
		return NULL;
	arr = cJSON_CreateArray();
	if (!arr)
		die_oom();
	for (i = 0; i < r->n_media; i++) {
		cJSON *o = cJSON_CreateObject();
		const struct post_media *m = &r->media[i];

		if (!o)
			die_oom();
		cJSON_AddItemToArray(arr, o);
		if (m->type)
			cJSON_AddStringToObject(o, "type", m->type);
		else
			cJSON_AddNullToObject(o, "type");
		if (m->url)
			cJSON_AddStringToObject(o, "url", m->url);
		else
			cJSON_AddNullToObject(o, "url");
		if (m->alt)
			cJSON_AddStringToObject(o, "alt", m->alt);
		else
			cJSON_AddNullToObject(o, "alt");
	}
	txt = cJSON_PrintUnformatted(arr);
	cJSON_Delete(arr);
	if (!txt)
		die_oom();
	buf_adds(&s->media, txt);
	cJSON_free(txt);
	return s->media.s;
}

static int same_text(const char *a, const char *b)
{
	if (!a || !b)
		return !a && !b;
	return !strcmp(a, b);
}

static int mark_deleted(struct store *s, int64_t post, const char *how,
			const char *reason, struct buf *err)
{
	struct db_stmt *st = s->st[S_MARK];

	db_bind_int(st, 1, post);
	db_bind_int(st, 2, s->now);
	if (exec_st(s, S_MARK, err))
		return -1;
	if (!db_changes(s->db))
		return 0;
	st = s->st[S_INS_DELETION];
	db_bind_int(st, 1, post);
	db_bind_int(st, 2, s->now);
	db_bind_int(st, 3, s->capture);
	db_bind_cstr(st, 4, how);
	bind_str(st, 5, reason);
	if (exec_st(s, S_INS_DELETION, err))
		return -1;
	s->counts.posts_deleted++;
	return 0;
}

static int restore(struct store *s, int64_t post, struct buf *err)
{
	struct db_stmt *st = s->st[S_RESTORE];

	db_bind_int(st, 1, post);
	if (exec_st(s, S_RESTORE, err))
		return -1;
	st = s->st[S_RESTORE_LOG];
	db_bind_int(st, 1, post);
	db_bind_int(st, 2, s->now);
	db_bind_int(st, 3, s->capture);
	if (exec_st(s, S_RESTORE_LOG, err))
		return -1;
	s->counts.posts_restored++;
	return 0;
}

static int learn_user(struct store *s, const char *platform,
		      const char *account, const char *account_id,
		      struct buf *err)
{
	struct db_stmt *st = s->st[S_SET_UID];

	db_bind_cstr(st, 1, platform);
	db_bind_cstr(st, 2, account);
	db_bind_cstr(st, 3, account_id);
	if (exec_st(s, S_SET_UID, err))
		return -1;
	if (db_changes(s->db)) {
		s->counts.users_learnt++;
		regkey(&s->key, 'h', platform, account);
		regset_add(&s->reg, s->key.s, s->key.len, 0);
		regkey(&s->key, 'u', platform, account_id);
		regset_add(&s->reg, s->key.s, s->key.len, 0);
	}
	return 0;
}

/*
 * Is the author of r a registry account (by platform user id, else by
 * handle)? Learns the platform user id on the way.
 */
static int owner_known(struct store *s, const struct post_rec *r,
		       int *found, struct buf *err)
{
	int h;

	*found = 0;
	if (r->account_id) {
		regkey(&s->key, 'u', r->platform, r->account_id);
		if (regset_get(&s->reg, s->key.s, s->key.len)) {
			*found = 1;
			return 0;
		}
	}
	if (!r->account)
		return 0;
	regkey(&s->key, 'h', r->platform, r->account);
	h = regset_get(&s->reg, s->key.s, s->key.len);
	*found = h != 0;
	if (h == 2 && r->account_id)
		return learn_user(s, r->platform, r->account, r->account_id,
				  err);
	return 0;
}

static int add_version(struct store *s, int64_t post, int64_t seq,
		       const struct post_rec *r, const char *media,
		       struct buf *err)
{
	struct db_stmt *st = s->st[S_INS_VER];

	db_bind_int(st, 1, post);
	db_bind_int(st, 2, seq);
	bind_str(st, 3, r->text);
	bind_str(st, 4, media);
	db_bind_int(st, 5, s->now);
	db_bind_int(st, 6, s->capture);
	return exec_st(s, S_INS_VER, err);
}

static int link_capture(struct store *s, int64_t post, struct buf *err)
{
	struct db_stmt *st = s->st[S_LINK];

	db_bind_int(st, 1, s->capture);
	db_bind_int(st, 2, post);
	return exec_st(s, S_LINK, err);
}

/*
 * Inserts r unless (platform, post_id) is known: *added says which. The
 * insert comes first because new posts are the bulk of a large import.
 */
static int insert_post(struct store *s, const struct post_rec *r,
		       const char *media, int *added, struct buf *err)
{
	struct db_stmt *st = s->st[S_INS_POST];
	int64_t id;
	int found = 0;

	bind_str(st, 1, r->platform);
	bind_str(st, 2, r->post_id);
	bind_str(st, 3, r->account);
	bind_str(st, 4, r->account_id);
	bind_time(st, 5, r->posted_at);
	bind_str(st, 6, r->kind);
	bind_str(st, 7, r->url);
	bind_str(st, 8, r->ref_account);
	bind_str(st, 9, r->ref_account_id);
	bind_str(st, 10, r->ref_post_id);
	bind_str(st, 11, r->edit_of);
	db_bind_int(st, 12, s->capture);
	if (exec_st(s, S_INS_POST, err))
		return -1;
	*added = db_changes(s->db) > 0;
	if (!*added)
		return 0;
	id = db_last_id(s->db);
	if (add_version(s, id, 1, r, media, err) || link_capture(s, id, err))
		return -1;
	s->counts.posts_new++;
	if (owner_known(s, r, &found, err))
		return -1;
	if (!found)
		s->counts.posts_unlinked++;
	if (r->deleted && s->capture_new &&
	    mark_deleted(s, id, "flag", NULL, err))
		return -1;
	return 0;
}

static int check_rec(const struct post_rec *r, struct buf *err)
{
	if (!store_platform_valid(r->platform)) {
		buf_addf(err, "platform: %s", r->platform ? "unknown platform"
			 : "missing");
		return -1;
	}
	if (!r->post_id || !*r->post_id) {
		buf_adds(err, "post_id: missing");
		return -1;
	}
	if (!store_kind_valid(r->kind)) {
		buf_addf(err, "kind: %s", r->kind ? "unknown kind" :
			 "missing");
		return -1;
	}
	if (!r->account && !r->account_id) {
		buf_adds(err, "account: missing (give account or "
			 "account_id)");
		return -1;
	}
	return 0;
}

int store_post(struct store *s, const struct post_rec *r, struct buf *err)
{
	struct db_stmt *st = s->st[S_FIND_POST];
	const char *media;
	int64_t id, seq = 0;
	int rc, deleted, fill, changed, added = 0;

	if (check_rec(r, err))
		return -1;
	media = media_json(s, r);
	if (insert_post(s, r, media, &added, err))
		return -1;
	if (added) {
		s->counts.posts_seen++;
		return 0;
	}
	db_bind_cstr(st, 1, r->platform);
	db_bind_cstr(st, 2, r->post_id);
	rc = db_step(st);
	if (rc != DB_ROW) {
		done_st(s, S_FIND_POST);
		return db_fail(s, err, "post lookup");
	}
	id = db_col_int(st, 0);
	deleted = !db_col_null(st, 1);
	fill = ((int)db_col_int(st, 2) && r->account) ||
	       ((int)db_col_int(st, 3) && r->account_id) ||
	       ((int)db_col_int(st, 4) &&
		r->posted_at != POST_TIME_UNKNOWN) ||
	       ((int)db_col_int(st, 5) && r->url);
	done_st(s, S_FIND_POST);
	s->counts.posts_seen++;

	st = s->st[S_LAST_VER];
	db_bind_int(st, 1, id);
	rc = db_step(st);
	changed = 1;
	if (rc == DB_ROW) {
		seq = db_col_int(st, 0);
		changed = !same_text(db_col_text(st, 1), r->text) ||
			  !same_text(db_col_text(st, 2), media);
	}
	done_st(s, S_LAST_VER);
	if (rc != DB_ROW && rc != DB_DONE)
		return db_fail(s, err, "version lookup");
	if (changed) {
		if (add_version(s, id, seq + 1, r, media, err))
			return -1;
		s->counts.posts_changed++;
	}
	if (link_capture(s, id, err))
		return -1;
	if (fill) {
		st = s->st[S_FILL];
		db_bind_int(st, 1, id);
		bind_str(st, 2, r->account);
		bind_str(st, 3, r->account_id);
		bind_time(st, 4, r->posted_at);
		bind_str(st, 5, r->url);
		if (exec_st(s, S_FILL, err))
			return -1;
	}
	if (!s->capture_new)
		return 0;
	if (r->deleted && !deleted)
		return mark_deleted(s, id, "flag", NULL, err);
	if (!r->deleted && deleted)
		return restore(s, id, err);
	return 0;
}

int store_complete(struct store *s, const char *platform,
		   const char *account, const char *account_id, int64_t from,
		   int64_t to, struct buf *err)
{
	struct window *w;

	if (!store_platform_valid(platform)) {
		buf_addf(err, "complete: unknown platform");
		return -1;
	}
	if (!account && !account_id) {
		buf_addf(err, "complete: no account named");
		return -1;
	}
	if (from > to) {
		buf_addf(err, "complete: the window ends before it starts");
		return -1;
	}
	if (s->n_win == s->alloc_win) {
		s->alloc_win = s->alloc_win ? 2 * s->alloc_win : 8;
		s->win = xrealloc(s->win, s->alloc_win * sizeof(*s->win));
	}
	w = &s->win[s->n_win++];
	w->platform = xstrdup(platform);
	w->account = account ? xstrdup(account) : NULL;
	w->account_id = account_id ? xstrdup(account_id) : NULL;
	w->from = from;
	w->to = to;
	return 0;
}

int store_complete_all(struct store *s, struct buf *err)
{
	struct db_stmt *st = s->st[S_AUTHORS];
	int rc;

	db_bind_int(st, 1, s->capture);
	while ((rc = db_step(st)) == DB_ROW) {
		const char *p = db_col_text(st, 0);
		const char *a = db_col_text(st, 1);
		const char *id = db_col_text(st, 2);

		if (store_complete(s, p, a, id, db_col_int(st, 3),
				   db_col_int(st, 4), err)) {
			done_st(s, S_AUTHORS);
			return -1;
		}
	}
	done_st(s, S_AUTHORS);
	if (rc != DB_DONE)
		return db_fail(s, err, "authors");
	return 0;
}

/* Marks the posts of window w that this capture lacks. */
static int apply_window(struct store *s, const struct window *w,
			struct buf *err)
{
	enum stmt k = w->account ? S_WINDOW : S_WINDOW_ID;
	struct db_stmt *st = s->st[k];
	int64_t *ids = NULL;
	size_t n = 0, alloc = 0, i;
	int rc;

	db_bind_cstr(st, 1, w->platform);
	bind_str(st, 2, w->account);
	bind_str(st, 3, w->account_id);
	db_bind_int(st, 4, w->from);
	db_bind_int(st, 5, w->to);
	db_bind_int(st, 6, s->capture);
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			ids = xrealloc(ids, alloc * sizeof(*ids));
		}
		ids[n++] = db_col_int(st, 0);
	}
	done_st(s, k);
	if (rc != DB_DONE) {
		free(ids);
		return db_fail(s, err, "complete");
	}
	for (i = 0; i < n; i++) {
		if (mark_deleted(s, ids[i], "complete", NULL, err)) {
			free(ids);
			return -1;
		}
	}
	free(ids);
	return 0;
}

int store_capture_end(struct store *s, struct buf *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < s->n_win && !rc; i++)
		if (s->capture_new)
			rc = apply_window(s, &s->win[i], err);
	clear_windows(s);
	s->reg_valid = !rc && !s->db_error;
	return rc;
}

int store_user(struct store *s, const char *platform, const char *account,
	       const char *account_id, struct buf *err)
{
	if (!store_platform_valid(platform) || !account || !account_id) {
		buf_addf(err, "user: platform, account and account_id needed");
		return -1;
	}
	return learn_user(s, platform, account, account_id, err);
}

int store_gone(struct store *s, const char *platform, const char *post_id,
	       const char *reason, struct buf *err)
{
	struct db_stmt *st = s->st[S_FIND_POST];
	int64_t id;
	int rc;

	if (!store_platform_valid(platform) || !post_id) {
		buf_addf(err, "gone: platform and post_id needed");
		return -1;
	}
	db_bind_cstr(st, 1, platform);
	db_bind_cstr(st, 2, post_id);
	rc = db_step(st);
	id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	done_st(s, S_FIND_POST);
	if (rc == DB_DONE) {
		s->counts.gone_unknown++;
		return 0;
	}
	if (rc != DB_ROW)
		return db_fail(s, err, "post lookup");
	if (!s->capture_new)
		return 0;
	return mark_deleted(s, id, "gone", reason, err);
}

void store_warn(struct store *s, const char *msg)
{
	(void)msg;
	s->counts.warnings++;
}

static int sink_post(void *arg, const struct post_rec *r, struct buf *err)
{
	return store_post(arg, r, err);
}

static int sink_complete(void *arg, const char *platform,
			 const char *account, const char *account_id,
			 int64_t from, int64_t to, struct buf *err)
{
	return store_complete(arg, platform, account, account_id, from, to,
			      err);
}

static int sink_user(void *arg, const char *platform, const char *account,
		     const char *account_id, struct buf *err)
{
	return store_user(arg, platform, account, account_id, err);
}

static int sink_gone(void *arg, const char *platform, const char *post_id,
		     const char *reason, struct buf *err)
{
	return store_gone(arg, platform, post_id, reason, err);
}

static void sink_warn(void *arg, const char *msg)
{
	store_warn(arg, msg);
}

void store_sink(struct store *s, struct post_sink *sink)
{
	sink->arg = s;
	sink->post = sink_post;
	sink->complete = sink_complete;
	sink->user = sink_user;
	sink->gone = sink_gone;
	sink->warn = sink_warn;
}
