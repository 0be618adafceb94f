/* SPDX-License-Identifier: MIT */
/*
 * Live collection; see collect.h. One struct sweep per account and
 * endpoint walks that endpoint's pages; every request carries a struct
 * job (CURLINFO_PRIVATE's role, through http.h's arg) naming its sweep.
 * A response is checked (status, the platform's error shapes, JSON),
 * stored (capture file, then one transaction: capture row, posts,
 * capture_http row, cursor), and only then is the next page queued, so
 * the cursor in the database never runs ahead of what is stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "util/buf.h"
#include "evidence/capture.h"
#include "collect/collect.h"
#include "store/db.h"
#include "util/jsonutil.h"
#include "util/msg.h"
#include "util/parse.h"
#include "collect/post.h"
#include "collect/source.h"
#include "util/banned.h"

#define X_BATCH 100		/* handles per /2/users/by */

enum ep {
	EP_X_USERS, EP_X_TWEETS, EP_X_FOLLOWING,
	EP_YT_CHANNEL, EP_YT_ITEMS, EP_YT_VIDEOS,
	EP_IG_MEDIA, EP_FB_POSTS, EP_TT_VIDEOS
};

static const char *const ep_names[] = {
	"users", "tweets", "following", "channels", "uploads", "videos",
	"media", "posts", "videos"
};

static const char *const platform_names[CP_N] = {
	"x", "youtube", "instagram", "facebook", "tiktok"
};

struct acct {
	enum collect_platform p;
	char *handle;		/* canonical */
	char *user_id;		/* the platform's id, or NULL */
	int pending;		/* requests and sweeps under way */
	int failed, unavailable;
	struct acct *next;
};

struct sweep {
	struct acct *a;
	enum ep ep;
	char *uid;		/* the id in the URL */
	char *token;		/* next page, or NULL: the first */
	char *since_id;		/* stop at this id (incremental) */
	char *newest_id;	/* newest id of this sweep */
	long pages;
	struct sweep *next;
};

struct job {
	enum ep ep;
	struct sweep *sw;	/* NULL for a batch or a one-off */
	struct acct *a;		/* the account (NULL for a batch) */
	struct acct **batch;	/* EP_X_USERS */
	size_t n_batch;
	int unavailable;	/* on_response found the account missing */
	struct job *prev, *next; /* run.jobs: freed even when dropped */
};

struct run {
	struct db *db;
	const struct collect_opts *o;
	struct collect_totals *t;
	struct http_engine *e;
	struct store *s;
	struct acct *accts;
	struct sweep *sweeps;
	struct job *jobs;	/* queued or under way */
	char *dead[CP_N];	/* why a platform's token is unusable */
	struct buf auth[CP_N];	/* header lines (secret) */
	struct db_stmt *st_http, *st_cur, *st_get, *st_err, *st_cap;
	long ended;
};

const char *collect_platform_name(enum collect_platform p)
{
	return platform_names[p];
}

void collect_totals_init(struct collect_totals *t)
{
	memset(t, 0, sizeof(*t));
	t->x_remaining = -1;
	buf_init(&t->failures);
	buf_init(&t->unavailable);
}

void collect_totals_release(struct collect_totals *t)
{
	buf_release(&t->failures);
	buf_release(&t->unavailable);
}

/* ---- small helpers ------------------------------------------------- */

static const cJSON *jget(const cJSON *o, const char *path)
{
	char key[64];
	const char *dot;
	size_t n;

	while (o && *path) {
		dot = strchr(path, '.');
		n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		o = cJSON_GetObjectItemCaseSensitive(o, key);
		path += n + (dot ? 1 : 0);
	}
	return o;
}

static const char *jstr(const cJSON *o, const char *path)
{
	const cJSON *v = jget(o, path);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Appends s percent-encoded (all but unreserved characters). */
static void url_esc(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c)) {
			buf_addch(b, c);
		} else {
			buf_addch(b, '%');
			buf_addch(b, hex[c >> 4]);
			buf_addch(b, hex[c & 15]);
		}
	}
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* Decimal ids: 1 when a <= b. */
static int id_le(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return la < lb;
	return strcmp(a, b) <= 0;
}

static void set_str(char **p, const char *v)
{
	free(*p);
	*p = v ? xstrdup(v) : NULL;
}

int collect_x_with_url(const char *body, size_t len, const char *url,
		       struct buf *out)
{
	size_t i = 0, k;

	while (i < len && strchr(" \t\r\n", body[i]) && body[i])
		i++;
	if (i == len || body[i] != '{')
		return -1;
	buf_adds(out, "{\"__twarc\":{\"url\":\"");
	for (; *url; url++) {
		if (*url == '"' || *url == '\\')
			buf_addch(out, '\\');
		if ((unsigned char)*url >= 0x20)
			buf_addch(out, *url);
	}
	buf_adds(out, "\"}");
	for (k = i + 1; k < len && strchr(" \t\r\n", body[k]) && body[k]; k++)
		;
	if (k < len && body[k] != '}')
		buf_addch(out, ',');
	buf_add(out, body + i + 1, len - i - 1);
	return 0;
}

/* ---- accounts and their end ---------------------------------------- */

static void acct_end(struct run *R, struct acct *a)
{
	if (--a->pending > 0)
		return;
	if (a->failed)
		R->t->accounts_failed++;
	else if (a->unavailable)
		R->t->accounts_unavailable++;
	else
		R->t->accounts_done++;
	R->ended++;
	if (R->o->progress)
		R->o->progress(R->o->progress_arg, R->ended, R->t->accounts);
}

static void acct_fail(struct run *R, struct acct *a, enum http_fail f,
		      const char *why)
{
	struct buf w = BUF_INIT;

	if (!a->failed && !a->unavailable) {
		a->failed = 1;
		R->t->fail_by[f]++;
		buf_adds(&w, why);
		msg_redact(&w);
		buf_addf(&R->t->failures, "%s %s: %s\n",
			 platform_names[a->p], a->handle, w.s);
	}
	buf_release(&w);
}

static void acct_unavailable(struct run *R, struct acct *a, const char *why)
{
	if (a->failed || a->unavailable)
		return;
	a->unavailable = 1;
	buf_addf(&R->t->unavailable, "%s %s: %s\n", platform_names[a->p],
		 a->handle, why);
}

/* ---- database ------------------------------------------------------ */

static int prepare(struct run *R, struct buf *err)
{
	R->st_http = db_prepare(R->db,
		"INSERT INTO capture_http(capture, url, status, headers, "
		"retrieved_at, platform, account, endpoint) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?)", err);
	R->st_cur = R->st_http ? db_prepare(R->db,
		"INSERT INTO collect_cursor(platform, account, endpoint, "
		"user_id, next_token, since_id, newest_id, done, pages, "
		"updated_at, last_error) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL) "
		"ON CONFLICT (platform, account, endpoint) DO UPDATE SET "
		"user_id = excluded.user_id, next_token = excluded.next_token,"
		" since_id = excluded.since_id, newest_id = excluded.newest_id,"
		" done = excluded.done, pages = excluded.pages, "
		"updated_at = excluded.updated_at, last_error = NULL", err)
		: NULL;
	R->st_get = R->st_cur ? db_prepare(R->db,
		"SELECT user_id, next_token, since_id, newest_id, done, pages "
		"FROM collect_cursor WHERE platform = ? AND account = ? AND "
		"endpoint = ?", err) : NULL;
	R->st_err = R->st_get ? db_prepare(R->db,
		"INSERT INTO collect_cursor(platform, account, endpoint, "
		"updated_at, last_error) VALUES (?, ?, ?, ?, ?) "
		"ON CONFLICT (platform, account, endpoint) DO UPDATE SET "
		"updated_at = excluded.updated_at, "
		"last_error = excluded.last_error", err) : NULL;
	R->st_cap = R->st_err ? db_prepare(R->db,
		"SELECT id FROM capture WHERE sha256 = ?", err) : NULL;
	return R->st_cap ? 0 : -1;
}

static int step_done(struct db *db, struct db_stmt *st, struct buf *err)
{
	int rc = db_step(st);

	db_reset(st);
	db_clear_bindings(st);
	if (rc != DB_DONE) {
		buf_addf(err, "database: %s", db_errmsg(db));
		return -1;
	}
	return 0;
}

static int save_cursor(struct run *R, const struct sweep *sw, int done,
		       struct buf *err)
{
	struct db_stmt *st = R->st_cur;

	db_bind_text(st, 1, platform_names[sw->a->p], 0);
	db_bind_text(st, 2, sw->a->handle, 0);
	db_bind_text(st, 3, ep_names[sw->ep], 0);
	db_bind_text(st, 4, sw->uid, 0);
	db_bind_text(st, 5, done ? NULL : sw->token, 0);
	db_bind_text(st, 6, done && sw->newest_id ? sw->newest_id :
		     sw->since_id, 0);
	db_bind_text(st, 7, done ? NULL : sw->newest_id, 0);
	db_bind_int(st, 8, done);
	db_bind_int(st, 9, done ? 0 : sw->pages);
	db_bind_int(st, 10, R->o->now);
	return step_done(R->db, st, err);
}

static void save_error(struct run *R, struct acct *a, enum ep ep,
		       const char *why)
{
	struct buf err = BUF_INIT, w = BUF_INIT;
	struct db_stmt *st = R->st_err;

	buf_adds(&w, why);
	msg_redact(&w);
	db_bind_text(st, 1, platform_names[a->p], 0);
	db_bind_text(st, 2, a->handle, 0);
	db_bind_text(st, 3, ep_names[ep], 0);
	db_bind_int(st, 4, R->o->now);
	db_bind_text(st, 5, w.s, 0);
	step_done(R->db, st, &err);	/* best effort: a note, not data */
	buf_release(&err);
	buf_release(&w);
}

/* Loads the sweep's cursor: resume a sweep under way, or start anew. */
static int load_sweep(struct run *R, struct sweep *sw, struct buf *err)
{
	struct db_stmt *st = R->st_get;
	int rc;

	db_bind_text(st, 1, platform_names[sw->a->p], 0);
	db_bind_text(st, 2, sw->a->handle, 0);
	db_bind_text(st, 3, ep_names[sw->ep], 0);
	rc = db_step(st);
	if (rc == DB_ROW) {
		const char *uid = db_col_text(st, 0);
		int done = (int)db_col_int(st, 4);

		if (uid && !sw->uid)
			sw->uid = xstrdup(uid);
		set_str(&sw->since_id,
			db_col_text(st, 2));
		if (!done) {
			set_str(&sw->token,
				db_col_text(st, 1));
			set_str(&sw->newest_id,
				db_col_text(st, 3));
			sw->pages = db_col_int(st, 5);
		}
	}
	db_reset(st);
	db_clear_bindings(st);
	if (rc != DB_ROW && rc != DB_DONE) {
		buf_addf(err, "database: %s", db_errmsg(R->db));
		return -1;
	}
	return 0;
}

/* ---- requests ------------------------------------------------------ */

static const char X_TWEET_Q[] =
	"max_results=100&tweet.fields=created_at,author_id,"
	"referenced_tweets,in_reply_to_user_id,edit_history_tweet_ids,"
	"attachments,note_tweet,lang&expansions=author_id,"
	"referenced_tweets.id,referenced_tweets.id.author_id,"
	"attachments.media_keys&media.fields=type,url,preview_image_url,"
	"alt_text&user.fields=username,name";

static const char IG_FIELDS[] =
	"{id,caption,media_type,media_url,thumbnail_url,permalink,"
	"timestamp,username,like_count,comments_count}";

static void job_free(struct run *R, struct job *j);

static int queue(struct run *R, struct job *j, const char *url,
		 const char *body, const char *bucket, struct buf *err)
{
	enum collect_platform p = j->a ? j->a->p : CP_X;
	struct http_request rq;

	memset(&rq, 0, sizeof(rq));
	rq.url = url;
	rq.auth = R->auth[p].s;
	rq.bucket = bucket;
	rq.arg = j;
	if (body) {
		rq.body = body;
		rq.body_len = strlen(body);
		rq.content_type = "application/json";
	}
	if (http_add(R->e, &rq, err)) {
		job_free(R, j);
		return -1;
	}
	return 0;
}

static struct job *job_new(struct run *R, enum ep ep, struct sweep *sw,
			   struct acct *a)
{
	struct job *j = xcalloc(1, sizeof(*j));

	j->ep = ep;
	j->sw = sw;
	j->a = a;
	j->next = R->jobs;
	if (R->jobs)
		R->jobs->prev = j;
	R->jobs = j;
	return j;
}

static void job_free(struct run *R, struct job *j)
{
	if (j->prev)
		j->prev->next = j->next;
	else
		R->jobs = j->next;
	if (j->next)
		j->next->prev = j->prev;
	free(j->batch);
	free(j);
}

static void iso_time(int64_t t, char out[32])
{
	time_fmt_iso(t, out);
}

/* Queues the sweep's next page (sw->token, or the first). */
static int queue_page(struct run *R, struct sweep *sw, struct buf *err)
{
	const struct collect_source *src = &R->o->src[sw->a->p];
	struct buf url = BUF_INIT, body = BUF_INIT;
	const char *bucket = NULL;
	char ts[32];
	int rc;

	buf_adds(&url, src->base_url);
	switch (sw->ep) {
	case EP_X_TWEETS:
		buf_addf(&url, "/2/users/%s/tweets?%s", sw->uid, X_TWEET_Q);
		if (sw->since_id)
			buf_addf(&url, "&since_id=%s", sw->since_id);
		if (R->o->since) {
			iso_time(R->o->since, ts);
			buf_adds(&url, "&start_time=");
			url_esc(&url, ts);
		}
		if (sw->token) {
			buf_adds(&url, "&pagination_token=");
			url_esc(&url, sw->token);
		}
		bucket = "x:tweets";
		break;
	case EP_X_FOLLOWING:
		buf_addf(&url, "/2/users/%s/following?max_results=1000"
			 "&user.fields=username,name", sw->uid);
		if (sw->token) {
			buf_adds(&url, "&pagination_token=");
			url_esc(&url, sw->token);
		}
		bucket = "x:following";
		break;
	case EP_YT_ITEMS:
		buf_adds(&url, "/youtube/v3/playlistItems?part=snippet,"
			 "contentDetails,status&maxResults=50&playlistId=");
		url_esc(&url, sw->uid);
		if (sw->token) {
			buf_adds(&url, "&pageToken=");
			url_esc(&url, sw->token);
		}
		break;
	case EP_IG_MEDIA: {
		struct buf f = BUF_INIT;

		buf_addf(&f, "business_discovery.username(%s){id,username,"
			 "name,media", sw->a->handle);
		if (sw->token)
			buf_addf(&f, ".after(%s)", sw->token);
		buf_addf(&f, ".limit(50)%s}", IG_FIELDS);
		buf_addf(&url, "/%s/", src->graph_version);
		url_esc(&url, src->ig_user_id);
		buf_adds(&url, "?fields=");
		url_esc(&url, f.s);
		buf_release(&f);
		break;
	}
	case EP_FB_POSTS:
		buf_addf(&url, "/%s/", src->graph_version);
		url_esc(&url, sw->uid);
		buf_adds(&url, "/posts?fields=id,message,created_time,"
			 "permalink_url,full_picture,from&limit=100");
		if (R->o->since)
			buf_addf(&url, "&since=%lld", (long long)R->o->since);
		if (sw->token) {
			buf_adds(&url, "&after=");
			url_esc(&url, sw->token);
		}
		break;
	case EP_TT_VIDEOS: {
		cJSON *q = cJSON_CreateObject(), *and, *c, *vals;
		char *s;
		char d0[16], d1[16], *sp;
		int64_t from = R->o->since ? R->o->since :
			R->o->now - 30 * 86400;

		buf_adds(&url, "/v2/research/video/query/?fields=id,"
			 "create_time,username,region_code,video_description,"
			 "hashtag_names,like_count,comment_count,share_count,"
			 "view_count");
		and = cJSON_AddArrayToObject(cJSON_AddObjectToObject(q,
						"query"), "and");
		c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "operation", "IN");
		cJSON_AddStringToObject(c, "field_name", "username");
		vals = cJSON_AddArrayToObject(c, "field_values");
		cJSON_AddItemToArray(vals, cJSON_CreateString(sw->a->handle));
		cJSON_AddItemToArray(and, c);
		time_fmt_date(from, d0);
		time_fmt_date(R->o->now, d1);
		/* YYYYMMDD */
		memmove(d0 + 4, d0 + 5, 2);
		memmove(d0 + 6, d0 + 8, 3);
		memmove(d1 + 4, d1 + 5, 2);
		memmove(d1 + 6, d1 + 8, 3);
		cJSON_AddStringToObject(q, "start_date", d0);
		cJSON_AddStringToObject(q, "end_date", d1);
		cJSON_AddNumberToObject(q, "max_count", 100);
		if (sw->token && (sp = strchr(sw->token, ' '))) {
			*sp = '\0';
			cJSON_AddRawToObject(q, "cursor", sw->token);
			cJSON_AddStringToObject(q, "search_id", sp + 1);
			*sp = ' ';
		}
		s = cJSON_PrintUnformatted(q);
		cJSON_Delete(q);
		if (!s)
			die_oom();
		buf_adds(&body, s);
		cJSON_free(s);
		break;
	}
	default:
		break;
	}
	rc = queue(R, job_new(R, sw->ep, sw, sw->a), url.s,
		   body.len ? body.s : NULL, bucket, err);
	buf_release(&url);
	buf_release(&body);
	return rc;
}

static struct sweep *sweep_new(struct run *R, struct acct *a, enum ep ep,
			       const char *uid, struct buf *err)
{
	struct sweep *sw = xcalloc(1, sizeof(*sw));

	sw->a = a;
	sw->ep = ep;
	sw->uid = uid ? xstrdup(uid) : NULL;
	sw->next = R->sweeps;
	R->sweeps = sw;
	if (load_sweep(R, sw, err))
		return NULL;
	return sw;
}

/* Starts a sweep of a: queues its page, a->pending counts it. */
static int start_sweep(struct run *R, struct acct *a, enum ep ep,
		       const char *uid, struct buf *err)
{
	struct sweep *sw = sweep_new(R, a, ep, uid, err);

	if (!sw)
		return -1;
	if (!sw->uid) {
		acct_unavailable(R, a, "no platform id");
		return 0;
	}
	a->pending++;
	return queue_page(R, sw, err);
}

/* ---- storing a page ------------------------------------------------ */

struct psink {
	struct post_sink inner;
	int incremental;
};

static int ps_post(void *arg, const struct post_rec *r, struct buf *err)
{
	struct psink *k = arg;

	return k->inner.post(k->inner.arg, r, err);
}

static int ps_complete(void *arg, const char *platform, const char *account,
		       const char *account_id, int64_t from, int64_t to,
		       struct buf *err)
{
	struct psink *k = arg;

	if (k->incremental)
		return 0;
	return k->inner.complete(k->inner.arg, platform, account, account_id,
				 from, to, err);
}

static int ps_user(void *arg, const char *platform, const char *account,
		   const char *account_id, struct buf *err)
{
	struct psink *k = arg;

	return k->inner.user(k->inner.arg, platform, account, account_id,
			     err);
}

static int ps_gone(void *arg, const char *platform, const char *post_id,
		   const char *reason, struct buf *err)
{
	struct psink *k = arg;

	return k->inner.gone(k->inner.arg, platform, post_id, reason, err);
}

static void ps_warn(void *arg, const char *m)
{
	struct psink *k = arg;

	k->inner.warn(k->inner.arg, m);
}

static const struct post_format *format_of(enum ep ep)
{
	switch (ep) {
	case EP_X_USERS: case EP_X_TWEETS: case EP_X_FOLLOWING:
		return &format_x_v2;
	case EP_YT_CHANNEL: case EP_YT_ITEMS: case EP_YT_VIDEOS:
		return &format_youtube;
	case EP_IG_MEDIA: case EP_FB_POSTS:
		return &format_meta;
	default:
		return &format_tiktok;
	}
}

static void add_counts(struct store_counts *a, const struct store_counts *b)
{
	a->captures_new += b->captures_new;
	a->posts_seen += b->posts_seen;
	a->posts_new += b->posts_new;
	a->posts_changed += b->posts_changed;
	a->posts_deleted += b->posts_deleted;
	a->posts_restored += b->posts_restored;
	a->posts_unlinked += b->posts_unlinked;
	a->users_learnt += b->users_learnt;
	a->gone_unknown += b->gone_unknown;
	a->warnings += b->warnings;
}

/* The selected response headers as a JSON object. */
static char *headers_json(const char *h)
{
	cJSON *o = cJSON_CreateObject();
	char *s;

	while (h && *h) {
		const char *nl = strchr(h, '\n'), *c = strchr(h, ':');
		size_t n = nl ? (size_t)(nl - h) : strlen(h);

		if (c && c < h + n) {
			char *k = xstrndup(h, (size_t)(c - h));
			const char *v = c + 1;
			char *vv;

			while (*v == ' ')
				v++;
			vv = xstrndup(v, n - (size_t)(v - h));
			cJSON_AddItemToObject(o, k, cJSON_CreateString(vv));
			free(k);
			free(vv);
		}
		h += n + (nl ? 1 : 0);
	}
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!s)
		die_oom();
	return s;
}

/*
 * Stores r's body as a capture with its posts, the capture_http row and
 * (when sw) the cursor, in one transaction. done: the sweep ends here.
 * Returns 0, 1 when the parser refused the body (why says why; nothing
 * kept), -1 on a database or file failure (err). With why NULL the body
 * is a failed request's last answer: kept as format "http-error", not
 * parsed, no cursor.
 */
static int store_page(struct run *R, struct job *j,
		      const struct http_response *r, struct sweep *sw,
		      int done, struct buf *why, struct buf *err)
{
	const struct post_format *fmt = why ? format_of(j->ep) : NULL;
	struct capture cap = CAPTURE_INIT;
	struct buf doc = BUF_INIT, msg = BUF_INIT;
	struct psink k;
	struct post_sink sink;
	const char *data = r->body;
	size_t len = r->len;
	char *hj = NULL;
	FILE *f;
	int rc = -1, in_tx = 0;
	int64_t cap_id;

	if (!r->len) {
		rc = 0;		/* no body, nothing to keep */
		goto out;
	}
	f = fmemopen((void *)r->body, r->len, "r");
	if (!f) {
		buf_addf(err, "%s: cannot read the response", r->url);
		goto out;
	}
	if (capture_store(R->o->capture_dir, f, r->url, &cap, err)) {
		fclose(f);
		goto out;
	}
	fclose(f);
	if (fmt == &format_x_v2 && !collect_x_with_url(r->body, r->len,
						      r->url, &doc)) {
		data = doc.s;
		len = doc.len;
	}
	memset(&k, 0, sizeof(k));
	store_sink(R->s, &k.inner);
	k.incremental = sw && sw->since_id;
	sink.arg = &k;
	sink.post = ps_post;
	sink.complete = ps_complete;
	sink.user = ps_user;
	sink.gone = ps_gone;
	sink.warn = ps_warn;
	if (db_begin(R->db, err) ||
	    store_capture_begin(R->s, &cap, r->url,
				fmt ? fmt->name : "http-error", R->o->now,
				err))
		goto out;
	in_tx = 1;
	if (fmt && fmt->parse(&sink, data, len, 0, &msg)) {
		if (store_db_failed(R->s)) {
			buf_addf(err, "%s: %s", r->url, msg.s);
			goto out;
		}
		buf_addf(why, "response refused: %s", msg.s);
		rc = 1;
		goto out;
	}
	if (store_capture_end(R->s, err))
		goto out;
	db_bind_cstr(R->st_cap, 1, cap.sha256);
	if (db_step(R->st_cap) != DB_ROW) {
		db_reset(R->st_cap);
		buf_addf(err, "database: capture row missing");
		goto out;
	}
	cap_id = db_col_int(R->st_cap, 0);
	db_reset(R->st_cap);
	hj = headers_json(r->headers);
	db_bind_int(R->st_http, 1, cap_id);
	db_bind_text(R->st_http, 2, r->url, 0);
	db_bind_int(R->st_http, 3, r->status);
	db_bind_text(R->st_http, 4, hj, 0);
	db_bind_int(R->st_http, 5, r->time);
	db_bind_text(R->st_http, 6, platform_names[j->a ? j->a->p : CP_X], 0);
	db_bind_text(R->st_http, 7, j->a ? j->a->handle : NULL, 0);
	db_bind_text(R->st_http, 8, ep_names[j->ep], 0);
	if (step_done(R->db, R->st_http, err))
		goto out;
	if (sw && save_cursor(R, sw, done, err))
		goto out;
	if (db_commit(R->db, err))
		goto out;
	in_tx = 0;
	add_counts(&R->t->c, store_counts(R->s));
	if (fmt)
		R->t->pages++;
	rc = 0;
out:
	if (in_tx)
		db_rollback(R->db);
	if (rc)
		capture_discard(&cap);
	capture_release(&cap);
	buf_release(&doc);
	buf_release(&msg);
	free(hj);
	return rc;
}

/* ---- platform error shapes ----------------------------------------- */

/* Looks at a non-2xx body; may change the verdict or kill a platform. */
static void judge_error(struct run *R, struct job *j,
			const struct http_response *r, const cJSON *root,
			struct http_verdict *v)
{
	enum collect_platform p = j->a ? j->a->p : CP_X;
	const char *reason = NULL;
	const cJSON *errs = jget(root, "error.errors");
	const cJSON *code = jget(root, "error.code");
	const char *dead = NULL;

	if (cJSON_IsArray(errs) && cJSON_GetArraySize(errs) > 0)
		reason = jstr(cJSON_GetArrayItem(errs, 0), "reason");
	if (p == CP_YOUTUBE && reason) {
		if (!strcmp(reason, "quotaExceeded") ||
		    !strcmp(reason, "dailyLimitExceeded"))
			dead = "quota exceeded (YouTube quotaExceeded)";
		/* badRequest and forbidden are about the key only when
		   the message says so (a private playlist is forbidden) */
		if (!dead && (r->status == 400 || r->status == 403) &&
		    (!strcmp(reason, "keyInvalid") ||
		     (jstr(root, "error.message") &&
		      strstr(jstr(root, "error.message"), "API key"))))
			dead = "token rejected (YouTube API key)";
		if (!dead && !strcmp(reason, "playlistNotFound"))
			j->unavailable = 1;
	}
	if ((p == CP_INSTAGRAM || p == CP_FACEBOOK) && cJSON_IsNumber(code)) {
		int c = code->valueint;
		int sub = 0;
		const cJSON *sc = jget(root, "error.error_subcode");

		if (cJSON_IsNumber(sc))
			sub = sc->valueint;
		if (c == 190 || c == 102)
			dead = "token rejected (Graph OAuthException 190)";
		else if (c == 4 || c == 17 || c == 32 || c == 613) {
			v->action = HTTP_RETRY;
			buf_reset(&v->why);
			buf_addf(&v->why, "rate limited (Graph code %d)", c);
			return;
		} else if (c == 110 || c == 100 || sub == 2207013)
			j->unavailable = 1;
	}
	if (p == CP_TIKTOK && cJSON_IsString(code) &&
	    !strcmp(code->valuestring, "access_token_invalid"))
		dead = "token rejected (TikTok access_token_invalid)";
	if ((p == CP_X || p == CP_TIKTOK) && r->status == 401)
		dead = "token rejected (401)";
	if (dead) {
		if (!R->dead[p])
			R->dead[p] = xstrdup(dead);
		if (p == CP_INSTAGRAM || p == CP_FACEBOOK) {
			if (!R->dead[CP_INSTAGRAM])
				R->dead[CP_INSTAGRAM] = xstrdup(dead);
			if (!R->dead[CP_FACEBOOK])
				R->dead[CP_FACEBOOK] = xstrdup(dead);
		}
		v->action = HTTP_GIVE_UP;
		buf_reset(&v->why);
		buf_adds(&v->why, dead);
	}
	if (j->unavailable) {
		v->action = HTTP_GIVE_UP;
		buf_reset(&v->why);
		buf_adds(&v->why, "not found or not reachable through the API");
	}
}

/* ---- pages: what comes next ---------------------------------------- */

static int x_users(struct run *R, struct job *j, const cJSON *root,
		   struct buf *err)
{
	const cJSON *it, *data = jget(root, "data");
	size_t i;

	for (i = 0; i < j->n_batch; i++) {
		struct acct *a = j->batch[i];
		const char *id = NULL;

		cJSON_ArrayForEach(it, data) {
			const char *u = jstr(it, "username");
			char *h = u ? json_handle(u) : NULL;

			if (h && !strcmp(h, a->handle))
				id = jstr(it, "id");
			free(h);
			if (id)
				break;
		}
		if (!id) {
			acct_unavailable(R, a, "no such user on X");
		} else {
			set_str(&a->user_id, id);
			if (start_sweep(R, a, EP_X_TWEETS, id, err) ||
			    start_sweep(R, a, EP_X_FOLLOWING, id, err))
				return -1;
		}
		acct_end(R, a);
	}
	return 0;
}

/*
 * Works out the sweep's next token (*tok, owned, NULL at the end) and
 * whether it is done, from the page: no next page, or an incremental
 * sweep reached the newest id of the last one, or --since passed.
 */
static void next_of(struct run *R, struct sweep *sw, const cJSON *root,
		    char **tok, int *done)
{
	const cJSON *it, *arr = NULL;
	const char *t = NULL, *first = NULL;
	int stop = 0;
	int64_t when;

	*tok = NULL;
	switch (sw->ep) {
	case EP_X_TWEETS:
		arr = jget(root, "data");
		cJSON_ArrayForEach(it, arr) {
			const char *id = jstr(it, "id");

			if (!first)
				first = id;
			if (id && sw->since_id && id_le(id, sw->since_id))
				stop = 1;
		}
		if (jstr(root, "meta.newest_id"))
			first = jstr(root, "meta.newest_id");
		t = jstr(root, "meta.next_token");
		break;
	case EP_X_FOLLOWING:
		t = jstr(root, "meta.next_token");
		break;
	case EP_YT_ITEMS:
		cJSON_ArrayForEach(it, jget(root, "items")) {
			const char *id = jstr(it, "contentDetails.videoId");
			const char *pa = jstr(it, "snippet.publishedAt");

			if (!first)
				first = id;
			if (id && sw->since_id && !strcmp(id, sw->since_id))
				stop = 1;
			if (R->o->since && pa && !time_parse_iso(pa, &when, 0)
			    && when < R->o->since)
				stop = 1;
		}
		t = jstr(root, "nextPageToken");
		break;
	case EP_IG_MEDIA:
		arr = jget(root, "business_discovery.media.data");
		cJSON_ArrayForEach(it, arr) {
			const char *id = jstr(it, "id");
			const char *ts = jstr(it, "timestamp");

			if (!first)
				first = id;
			if (id && sw->since_id && !strcmp(id, sw->since_id))
				stop = 1;
			if (R->o->since && ts && !time_parse_iso(ts, &when, 0)
			    && when < R->o->since)
				stop = 1;
		}
		if (cJSON_GetArraySize(arr) > 0)
			t = jstr(root,
				 "business_discovery.media.paging.cursors."
				 "after");
		break;
	case EP_FB_POSTS:
		if (jstr(root, "paging.next"))
			t = jstr(root, "paging.cursors.after");
		break;
	case EP_TT_VIDEOS:
		if (cJSON_IsTrue(jget(root, "data.has_more"))) {
			const cJSON *c = jget(root, "data.cursor");
			const char *sid = jstr(root, "data.search_id");
			struct buf b = BUF_INIT;

			if (sid && (cJSON_IsNumber(c) || cJSON_IsString(c))) {
				if (cJSON_IsNumber(c))
					buf_addf(&b, "%d", c->valueint);
				else if (all_digits(c->valuestring))
					buf_adds(&b, c->valuestring);
				/* the cursor goes raw into the next body */
				if (b.len) {
					buf_addf(&b, " %s", sid);
					*tok = buf_detach(&b, NULL);
				}
				buf_release(&b);
			}
		}
		break;
	default:
		break;
	}
	if (first && !sw->newest_id && !sw->token)
		sw->newest_id = xstrdup(first);
	if (t && !stop)
		*tok = xstrdup(t);
	*done = !*tok;
}

/* Queues the details of the videos on a playlistItems page. */
static int yt_videos(struct run *R, struct acct *a, const cJSON *root,
		     struct buf *err)
{
	const cJSON *it;
	struct buf url = BUF_INIT;
	int n = 0, rc = 0;

	buf_addf(&url, "%s/youtube/v3/videos?part=snippet,statistics&id=",
		 R->o->src[CP_YOUTUBE].base_url);
	cJSON_ArrayForEach(it, jget(root, "items")) {
		const char *id = jstr(it, "contentDetails.videoId");

		if (!id)
			continue;
		if (n++)
			buf_addch(&url, ',');
		url_esc(&url, id);
	}
	if (n) {
		a->pending++;
		rc = queue(R, job_new(R, EP_YT_VIDEOS, NULL, a), url.s, NULL,
			   NULL, err);
	}
	buf_release(&url);
	return rc;
}

static int yt_channel(struct run *R, struct job *j, const cJSON *root,
		      struct buf *err)
{
	const char *up = jstr(cJSON_GetArrayItem(jget(root, "items"), 0),
			      "contentDetails.relatedPlaylists.uploads");

	if (!up) {
		acct_unavailable(R, j->a, "no such channel on YouTube");
		return 0;
	}
	return start_sweep(R, j->a, EP_YT_ITEMS, up, err);
}

/* ---- the callbacks ------------------------------------------------- */

/* The quota a response reports: x-app-usage, x-rate-limit-remaining. */
static void note_usage(struct run *R, enum collect_platform p,
		       const struct http_response *r)
{
	struct buf h = BUF_INIT;
	int64_t n;

	if ((p == CP_INSTAGRAM || p == CP_FACEBOOK) &&
	    !http_header(r, "x-app-usage", &h)) {
		cJSON *u = cJSON_Parse(h.s);
		const cJSON *c = jget(u, "call_count");

		if (cJSON_IsNumber(c) && c->valueint > R->t->meta_usage)
			R->t->meta_usage = c->valueint;
		cJSON_Delete(u);
	}
	buf_reset(&h);
	if (p == CP_X && !http_header(r, "x-rate-limit-remaining", &h) &&
	    !parse_i64z(h.s, &n) && n >= 0 &&
	    (R->t->x_remaining < 0 || n < R->t->x_remaining))
		R->t->x_remaining = (long)n;
	buf_release(&h);
}

static int on_response(void *arg, const struct http_response *r,
		       struct http_verdict *v, struct buf *err)
{
	struct run *R = arg;
	struct job *j = r->arg;
	enum collect_platform p = j->a ? j->a->p : CP_X;
	struct buf why = BUF_INIT, perr = BUF_INIT;
	cJSON *root = NULL;
	char *tok = NULL;
	int done = 1, rc = 0, s;

	if (p == CP_YOUTUBE)
		R->t->youtube_units++;
	note_usage(R, p, r);
	if (R->dead[p]) {
		v->action = HTTP_GIVE_UP;
		buf_reset(&v->why);
		buf_adds(&v->why, R->dead[p]);
		goto out;
	}
	root = json_parse(r->body, r->len, 1, &perr);
	if (r->status < 200 || r->status > 299) {
		judge_error(R, j, r, root, v);
		goto out;
	}
	if (!root) {
		v->action = HTTP_RETRY;
		buf_reset(&v->why);
		buf_addf(&v->why, "invalid JSON in a %ld response: %s",
			 r->status, perr.s);
		goto out;
	}
	if (p == CP_TIKTOK && jstr(root, "error.code") &&
	    strcmp(jstr(root, "error.code"), "ok")) {
		v->action = HTTP_GIVE_UP;
		buf_reset(&v->why);
		buf_addf(&v->why, "TikTok error %s",
			 jstr(root, "error.code"));
		goto out;
	}
	if (j->sw)
		next_of(R, j->sw, root, &tok, &done);
	if (tok && j->sw->token && !strcmp(tok, j->sw->token)) {
		/* the same page again: a server bug, not a reason to loop */
		v->action = HTTP_GIVE_UP;
		buf_reset(&v->why);
		buf_adds(&v->why, "the API returned the same page token "
			 "again; stopped");
		goto out;
	}
	if (j->sw) {
		j->sw->pages++;
		set_str(&j->sw->token, tok);
	}
	s = store_page(R, j, r, j->sw, done, &why, err);
	if (s < 0) {
		rc = -1;
		goto out;
	}
	if (s > 0) {
		/* kept nothing; the account's sweep ends here */
		v->action = HTTP_GIVE_UP;
		buf_reset(&v->why);
		buf_add(&v->why, why.s, why.len);
		goto out;
	}
	switch (j->ep) {
	case EP_X_USERS:
		rc = x_users(R, j, root, err);
		break;
	case EP_YT_CHANNEL:
		rc = yt_channel(R, j, root, err);
		acct_end(R, j->a);
		break;
	case EP_YT_ITEMS:
		rc = yt_videos(R, j->a, root, err);
		/* fall through */
	default:
		if (!rc && j->sw && !done)
			rc = queue_page(R, j->sw, err);
		else if (j->a)
			acct_end(R, j->a);
		break;
	}
	job_free(R, j);
out:
	free(tok);
	cJSON_Delete(root);
	buf_release(&why);
	buf_release(&perr);
	return rc;
}

static int on_failure(void *arg, const struct http_response *r,
		      struct buf *err)
{
	struct run *R = arg;
	struct job *j = r->arg;
	enum collect_platform p = j->a ? j->a->p : CP_X;
	enum http_fail f = r->fail;
	size_t i;

	/* a platform given up (token, quota) counts as such, not as ours */
	if (R->dead[p] && r->why && !strcmp(r->why, R->dead[p]))
		f = strstr(r->why, "quota") ? HTTP_FAIL_RATE : HTTP_FAIL_AUTH;
	/* the last answer is evidence of why: kept, never parsed */
	if (r->status && store_page(R, j, r, NULL, 0, NULL, err) < 0) {
		job_free(R, j);
		return -1;
	}
	if (j->ep == EP_X_USERS) {
		for (i = 0; i < j->n_batch; i++) {
			acct_fail(R, j->batch[i], f, r->why);
			save_error(R, j->batch[i], j->ep, r->why);
			acct_end(R, j->batch[i]);
		}
	} else {
		if (j->unavailable)
			acct_unavailable(R, j->a, r->why);
		else
			acct_fail(R, j->a, f, r->why);
		save_error(R, j->a, j->ep, r->why);
		acct_end(R, j->a);
	}
	job_free(R, j);
	return 0;
}

/* ---- the run ------------------------------------------------------- */

/* The run's row in collect_run (its own transaction). */
static int record_run(struct run *R, struct buf *err)
{
	const struct collect_totals *t = R->t;
	cJSON *f = cJSON_CreateObject();
	struct db_stmt *st;
	char *fj;
	int i, rc;

	for (i = 1; i < HTTP_FAIL_N; i++)
		if (t->fail_by[i])
			cJSON_AddNumberToObject(f,
				http_fail_name((enum http_fail)i),
				(double)t->fail_by[i]);
	fj = cJSON_PrintUnformatted(f);
	cJSON_Delete(f);
	if (!fj)
		die_oom();
	st = db_prepare(R->db,
		"INSERT INTO collect_run(started_at, finished_at, accounts, "
		"accounts_failed, requests, retries, posts_new, posts_changed, "
		"posts_deleted, youtube_units, failures) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (!st) {
		cJSON_free(fj);
		return -1;
	}
	db_bind_int(st, 1, R->o->now);
	db_bind_int(st, 2, netra_now());
	db_bind_int(st, 3, t->accounts);
	db_bind_int(st, 4, t->accounts_failed);
	db_bind_int(st, 5, (int64_t)t->http.requests);
	db_bind_int(st, 6, (int64_t)t->http.retries);
	db_bind_int(st, 7, t->c.posts_new);
	db_bind_int(st, 8, t->c.posts_changed);
	db_bind_int(st, 9, t->c.posts_deleted);
	db_bind_int(st, 10, t->youtube_units);
	db_bind_text(st, 11, fj, 0);
	rc = step_done(R->db, st, err);
	db_finalize(st);
	cJSON_free(fj);
	return rc;
}

static int platform_of(const char *name)
{
	int i;

	for (i = 0; i < CP_N; i++)
		if (!strcmp(platform_names[i], name))
			return i;
	return -1;
}

static int load_accounts(struct run *R, struct buf *err)
{
	const struct collect_opts *o = R->o;
	struct buf like = BUF_INIT, canon = BUF_INIT, e2 = BUF_INIT;
	struct db_stmt *st;
	struct acct **tail = &R->accts;
	int rc;

	st = db_prepare(R->db,
		"SELECT a.platform, a.handle, a.platform_user_id "
		"FROM account a JOIN asn s ON s.nip = a.nip "
		"WHERE a.ended_at IS NULL AND (?1 IS NULL OR a.platform = ?1) "
		"AND (?2 IS NULL OR s.region_code = ?2 OR "
		"s.region_code LIKE ?3) ORDER BY a.platform, a.handle", err);
	if (!st)
		return -1;
	db_bind_text(st, 1, o->platform, 0);
	db_bind_text(st, 2, o->region, 0);
	if (o->region)
		buf_addf(&like, "%s.%%", o->region);
	db_bind_text(st, 3, o->region ? like.s : NULL, 0);
	while ((rc = db_step(st)) == DB_ROW) {
		const char *pl = db_col_text(st, 0);
		const char *h = db_col_text(st, 1);
		const char *u = db_col_text(st, 2);
		int p = pl ? platform_of(pl) : -1;
		struct acct *a;

		if (p < 0 || !h)
			continue;
		if (o->account) {
			buf_reset(&canon);
			buf_reset(&e2);
			if (store_canon_account(pl, o->account, &canon, &e2) ||
			    strcmp(canon.s, h))
				continue;
		}
		a = xcalloc(1, sizeof(*a));
		a->p = (enum collect_platform)p;
		a->handle = xstrdup(h);
		a->user_id = u ? xstrdup(u) : NULL;
		*tail = a;
		tail = &a->next;
		R->t->accounts++;
	}
	db_finalize(st);
	buf_release(&like);
	buf_release(&canon);
	buf_release(&e2);
	if (rc != DB_DONE) {
		buf_addf(err, "database: %s", db_errmsg(R->db));
		return -1;
	}
	return 0;
}

/* Queues the first requests of every account. */
static int start(struct run *R, struct buf *err)
{
	struct acct *a, **batch = NULL;
	size_t n = 0;
	struct buf url = BUF_INIT;
	int rc = 0;

	for (a = R->accts; a && !rc; a = a->next) {
		const struct collect_source *src = &R->o->src[a->p];

		if (!src->token || !*src->token ||
		    ((a->p == CP_INSTAGRAM) && !src->ig_user_id)) {
			R->t->accounts_skipped++;
			R->t->skipped[a->p]++;
			R->ended++;
			continue;
		}
		a->pending = 1;	/* held until its first requests queue */
		switch (a->p) {
		case CP_X:
			if (a->user_id) {
				rc = start_sweep(R, a, EP_X_TWEETS,
						 a->user_id, err);
				if (!rc)
					rc = start_sweep(R, a, EP_X_FOLLOWING,
							 a->user_id, err);
				acct_end(R, a);
				break;
			}
			if (!batch)
				batch = xcalloc(X_BATCH, sizeof(*batch));
			batch[n++] = a;
			if (n == X_BATCH) {
				struct job *j = job_new(R, EP_X_USERS, NULL,
							NULL);

				j->batch = batch;
				j->n_batch = n;
				batch = NULL;
				n = 0;
				buf_reset(&url);
				buf_addf(&url, "%s/2/users/by?usernames=",
					 src->base_url);
				for (size_t i = 0; i < j->n_batch; i++) {
					if (i)
						buf_addch(&url, ',');
					url_esc(&url, j->batch[i]->handle);
				}
				buf_adds(&url, "&user.fields=username,name");
				rc = queue(R, j, url.s, NULL, "x:users", err);
			}
			break;
		case CP_YOUTUBE: {
			struct sweep *sw = sweep_new(R, a, EP_YT_ITEMS, NULL,
						     err);

			if (!sw) {
				rc = -1;
				break;
			}
			if (sw->uid) {
				a->pending++;
				rc = queue_page(R, sw, err);
				acct_end(R, a);
				break;
			}
			buf_reset(&url);
			buf_addf(&url, "%s/youtube/v3/channels?part=snippet,"
				 "contentDetails&", src->base_url);
			if (a->handle[0] == '@') {
				buf_adds(&url, "forHandle=");
				url_esc(&url, a->handle);
			} else {
				buf_adds(&url, "id=");
				url_esc(&url, a->handle);
			}
			rc = queue(R, job_new(R, EP_YT_CHANNEL, NULL, a), url.s,
				   NULL, NULL, err);
			break;
		}
		case CP_INSTAGRAM:
			rc = start_sweep(R, a, EP_IG_MEDIA, a->handle, err);
			acct_end(R, a);
			break;
		case CP_FACEBOOK:
			rc = start_sweep(R, a, EP_FB_POSTS,
					 a->user_id ? a->user_id : a->handle,
					 err);
			acct_end(R, a);
			break;
		case CP_TIKTOK:
			rc = start_sweep(R, a, EP_TT_VIDEOS, a->handle, err);
			acct_end(R, a);
			break;
		default:
			break;
		}
	}
	if (!rc && n) {
		struct job *j = job_new(R, EP_X_USERS, NULL, NULL);
		size_t i;

		j->batch = batch;
		j->n_batch = n;
		batch = NULL;
		buf_reset(&url);
		buf_addf(&url, "%s/2/users/by?usernames=",
			 R->o->src[CP_X].base_url);
		for (i = 0; i < j->n_batch; i++) {
			if (i)
				buf_addch(&url, ',');
			url_esc(&url, j->batch[i]->handle);
		}
		buf_adds(&url, "&user.fields=username,name");
		rc = queue(R, j, url.s, NULL, "x:users", err);
	}
	free(batch);
	buf_release(&url);
	return rc;
}

int collect_run(struct db *db, const struct collect_opts *o,
		struct collect_totals *t, struct buf *err)
{
	struct run R;
	struct acct *a, *an;
	struct sweep *sw, *sn;
	int i, rc = -1;

	memset(&R, 0, sizeof(R));
	R.db = db;
	R.o = o;
	R.t = t;
	for (i = 0; i < CP_N; i++) {
		buf_init(&R.auth[i]);
		if (!o->src[i].token)
			continue;
		if (i == CP_YOUTUBE)
			buf_addf(&R.auth[i], "X-Goog-Api-Key: %s",
				 o->src[i].token);
		else
			buf_addf(&R.auth[i], "Authorization: Bearer %s",
				 o->src[i].token);
	}
	R.s = store_new(db, err);
	if (!R.s || prepare(&R, err))
		goto out;
	R.e = http_new(&o->http, err);
	if (!R.e)
		goto out;
	if (load_accounts(&R, err) || start(&R, err))
		goto out;
	rc = http_run(R.e, on_response, on_failure, &R, err);
	t->http = *http_stats(R.e);
	if (!rc)
		rc = record_run(&R, err);
	/* the run goes into the audit log in cmd_collect.c */
out:
	if (R.e)
		http_free(R.e);	/* drops queued requests ... */
	/* ... whose jobs are freed here */
	while (R.jobs)
		job_free(&R, R.jobs);
	if (R.s)
		store_free(R.s);
	db_finalize(R.st_http);
	db_finalize(R.st_cur);
	db_finalize(R.st_get);
	db_finalize(R.st_err);
	db_finalize(R.st_cap);
	for (i = 0; i < CP_N; i++) {
		explicit_bzero(R.auth[i].s, R.auth[i].len);
		buf_release(&R.auth[i]);
		free(R.dead[i]);
	}
	for (a = R.accts; a; a = an) {
		an = a->next;
		free(a->handle);
		free(a->user_id);
		free(a);
	}
	for (sw = R.sweeps; sw; sw = sn) {
		sn = sw->next;
		free(sw->uid);
		free(sw->token);
		free(sw->since_id);
		free(sw->newest_id);
		free(sw);
	}
	return rc;
}
