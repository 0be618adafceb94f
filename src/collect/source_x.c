/* SPDX-License-Identifier: MIT */
/*
 * X (Twitter): the parsers of X API v2 responses ("x-v2"), of twarc2's
 * JSONL of such responses ("twarc2") and of the files of a user's own
 * archive ("x-archive"). No HTTP here.
 *
 * Documented fields read (docs.x.com "Data Dictionary", the v2 tweet,
 * user and media objects, "Edit Posts" and "Error handling"; twarc2's
 * docs for __twarc; the archive's own README.txt shapes):
 *   v2 response: data (array, or one object for a lookup by id),
 *     includes.users[] {id, username, name}, includes.media[]
 *     {media_key, type, url, preview_image_url, alt_text},
 *     includes.tweets[] (referenced posts), meta {result_count,
 *     newest_id, oldest_id, next_token}, errors[] {title, detail, type,
 *     resource_type, resource_id, parameter, value};
 *   tweet: id, text, note_tweet.text (posts over 280 characters),
 *     author_id, created_at, referenced_tweets[] {type: retweeted |
 *     quoted | replied_to, id}, in_reply_to_user_id,
 *     edit_history_tweet_ids[], attachments.media_keys[];
 *   user: id, username (name is a display name and is not kept);
 *   a whole-response error (HTTP 4xx body): title, detail, type, status;
 *   twarc2: "__twarc": {"url", "version", "retrieved_at"} added to each
 *     response line; the request URL tells the endpoint;
 *   archive: window.YTD.<type>.partN = [ ... ] where <type> is tweets
 *     (tweet in 2019 archives), like, following or account; tweet
 *     {id_str, full_text, created_at "Wed Oct 10 20:19:24 +0000 2018",
 *     in_reply_to_status_id_str, in_reply_to_user_id_str,
 *     in_reply_to_screen_name, entities.user_mentions[], entities.urls[]
 *     {expanded_url}, extended_entities.media[] {type, media_url_https},
 *     edit_info.edit.initialTweetId}; like {tweetId, fullText,
 *     expandedUrl}; following {accountId, userLink}; account {username,
 *     accountId}.
 *
 * Decisions:
 *   - one reference per post: retweeted > quoted > replied_to (a reply
 *     that quotes a candidate's post is kept as the quote: the quoted
 *     content is what is amplified);
 *   - an edit (edit_history_tweet_ids with more than one id, whose first
 *     id is not the post's own) gets edit_of = that first id, the
 *     original;
 *   - includes.tweets are emitted as posts of their own authors too
 *     (the retweeted original's full text is what the store must score)
 *     unless the same id is in data;
 *   - partial errors: a tweet not found (title "Not Found Error" or type
 *     .../resource-not-found, resource_type "tweet") is gone(); any
 *     other (authorization, suspended user, ...) is warn();
 *   - the endpoint is known only from __twarc.url (twarc2 adds it; the
 *     collector must add it to what it saves). With it: a page of
 *     /2/users/:id/following or /followers becomes follow records,
 *     /2/users/:id/liked_tweets and /2/tweets/:id/liking_users like
 *     records, and /2/users/:id/tweets (the user timeline, without an
 *     exclude= parameter) calls complete() for that user between the
 *     oldest and newest created_at of the page: a timeline page lists
 *     every post of the user in that contiguous range. Nothing else
 *     calls complete(): search results match a query, and a bare page
 *     does not say which endpoint it came from. A users page from an
 *     unknown endpoint only teaches handle <-> id pairs;
 *   - the archive does not name its owner (tweets.js has no author):
 *     account and account_id stay NULL and likes/follows carry an empty
 *     owner ("like::<id>"); the store fills them from --account or the
 *     archive's account.js (which this parser reads into user()). The
 *     archive does not call complete(): a big archive is split into
 *     tweets.js, tweets-part1.js, ..., and one part is not the whole
 *     list; the importer, which sees manifest.js, can.
 */
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/jsonutil.h"
#include "util/parse.h"
#include "collect/post.h"
#include "collect/source.h"
#include "util/banned.h"

enum x_endpoint {
	EP_UNKNOWN,
	EP_TIMELINE,		/* /2/users/:id/tweets */
	EP_FOLLOWING,		/* /2/users/:id/following */
	EP_FOLLOWERS,		/* /2/users/:id/followers */
	EP_LIKED_TWEETS,	/* /2/users/:id/liked_tweets */
	EP_LIKING_USERS		/* /2/tweets/:id/liking_users */
};

struct xpage {
	const struct post_sink *sink;
	long line;		/* for records; 0 for whole documents */
	const cJSON *data;	/* data: array, object or NULL */
	const cJSON *users;	/* includes.users or NULL */
	const cJSON *tweets;	/* includes.tweets or NULL */
	const cJSON *media;	/* includes.media or NULL */
	const cJSON *flat_author; /* twarc2 --flatten: the post's author */
	enum x_endpoint ep;
	char *ep_id;		/* the :id of the endpoint, or NULL */
	int complete_ok;	/* timeline without exclude= */
	int64_t t_min, t_max;	/* created_at range of ep_id's posts */
	struct buf *err;
};

static const cJSON *find_by(const cJSON *arr, const char *key,
			    const char *value)
{
	const cJSON *it;

	if (!value)
		return NULL;
	cJSON_ArrayForEach(it, arr) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, key);

		if (cJSON_IsString(v) && !strcmp(v->valuestring, value))
			return it;
	}
	return NULL;
}

static const char *username_of(const struct xpage *pg, const char *id)
{
	const cJSON *u = find_by(pg->users, "id", id);
	const cJSON *n;

	if (!u && pg->flat_author) {
		n = cJSON_GetObjectItemCaseSensitive(pg->flat_author, "id");
		if (cJSON_IsString(n) && id && !strcmp(n->valuestring, id))
			u = pg->flat_author;
	}
	n = cJSON_GetObjectItemCaseSensitive(u, "username");
	return cJSON_IsString(n) ? n->valuestring : NULL;
}

static char *status_url(const char *handle, const char *id)
{
	struct buf b = BUF_INIT;

	if (handle)
		buf_addf(&b, "https://x.com/%s/status/%s", handle, id);
	else
		buf_addf(&b, "https://x.com/i/web/status/%s", id);
	return buf_detach(&b, NULL);
}

/* "RT @name: ..." -> lower-case "name" (retweets of deleted posts) */
static char *rt_handle(const char *text)
{
	size_t n = 0;

	if (!text || strncmp(text, "RT @", 4))
		return NULL;
	text += 4;
	while ((text[n] >= 'a' && text[n] <= 'z') ||
	       (text[n] >= 'A' && text[n] <= 'Z') ||
	       (text[n] >= '0' && text[n] <= '9') || text[n] == '_')
		n++;
	if (!n || n > 15 || text[n] != ':')
		return NULL;
	{
		char *s = xstrndup(text, n), *h = json_handle(s);

		free(s);
		return h;
	}
}

static int ref_rank(const char *type)
{
	if (!strcmp(type, "retweeted"))
		return 3;
	if (!strcmp(type, "quoted"))
		return 2;
	if (!strcmp(type, "replied_to"))
		return 1;
	return 0;
}

static int x_refs(struct xpage *pg, const cJSON *t, const char *path,
		  struct post_rec *r)
{
	static const char *const kinds[] = { "post", "reply", "quote",
					     "repost" };
	struct buf p = BUF_INIT;
	const cJSON *refs, *ref, *orig;
	const char *type, *best_type = NULL;
	char *id = NULL;
	int best = 0, rc = -1;
	size_t i = 0;

	if (json_member(t, path, "referenced_tweets", cJSON_Array, 0, &refs,
			pg->err))
		return -1;
	cJSON_ArrayForEach(ref, refs) {
		buf_reset(&p);
		buf_addf(&p, "%s.referenced_tweets[%zu]", path, i++);
		if (json_str(ref, p.s, "type", 1, &type, pg->err) ||
		    json_id(ref, p.s, "id", 1, JSON_ID_DIGITS_STR, &id,
			    pg->err))
			goto out;
		if (ref_rank(type) > best) {
			best = ref_rank(type);
			best_type = type;
			free(r->ref_post_id);
			r->ref_post_id = id;
			id = NULL;
		}
		free(id);
		id = NULL;
	}
	r->kind = xstrdup(kinds[best]);
	if (best_type) {
		orig = find_by(pg->tweets, "id", r->ref_post_id);
		if (orig) {
			const cJSON *a = cJSON_GetObjectItemCaseSensitive(
				orig, "author_id");

			if (cJSON_IsString(a))
				r->ref_account_id = xstrdup(a->valuestring);
		}
		if (!r->ref_account_id && best == 1 &&
		    json_id(t, path, "in_reply_to_user_id", 0,
			    JSON_ID_DIGITS_STR, &r->ref_account_id, pg->err))
			goto out;
		r->ref_account = json_handle(username_of(pg,
							 r->ref_account_id));
		if (!r->ref_account && best == 3)
			r->ref_account = rt_handle(r->text);
	}
	rc = 0;
out:
	free(id);
	buf_release(&p);
	return rc;
}

static int x_media(struct xpage *pg, const cJSON *t, const char *path,
		   struct post_rec *r)
{
	const cJSON *att, *keys, *k;
	struct buf p = BUF_INIT;
	size_t i = 0;

	if (json_member(t, path, "attachments", cJSON_Object, 0, &att,
			pg->err))
		return -1;
	if (!att)
		return 0;
	buf_addf(&p, "%s.attachments", path);
	if (json_member(att, p.s, "media_keys", cJSON_Array, 0, &keys,
			pg->err)) {
		buf_release(&p);
		return -1;
	}
	cJSON_ArrayForEach(k, keys) {
		const cJSON *m, *ty, *url, *alt;

		if (!cJSON_IsString(k)) {
			buf_addf(pg->err, "%s.media_keys[%zu]: expected a "
				 "string, found %s", p.s, i,
				 json_type_name(k));
			buf_release(&p);
			return -1;
		}
		m = find_by(pg->media, "media_key", k->valuestring);
		if (!m) {
			struct buf w = BUF_INIT;

			json_quote(&w, k->valuestring);
			source_warn(pg->sink, "%s.media_keys[%zu]: media %s "
				    "is not in includes.media", p.s, i, w.s);
			buf_release(&w);
			i++;
			continue;
		}
		ty = cJSON_GetObjectItemCaseSensitive(m, "type");
		url = cJSON_GetObjectItemCaseSensitive(m, "url");
		if (!cJSON_IsString(url))
			url = cJSON_GetObjectItemCaseSensitive(
				m, "preview_image_url");
		alt = cJSON_GetObjectItemCaseSensitive(m, "alt_text");
		post_rec_add_media(r, cJSON_IsString(ty) ? ty->valuestring :
				   NULL,
				   cJSON_IsString(url) ? url->valuestring :
				   NULL,
				   cJSON_IsString(alt) ? alt->valuestring :
				   NULL);
		i++;
	}
	buf_release(&p);
	return 0;
}

/* Fills r from one v2 tweet object at path. */
static int x_tweet(struct xpage *pg, const cJSON *t, const char *path,
		   struct post_rec *r)
{
	const cJSON *note, *hist;
	const char *text;
	struct buf p = BUF_INIT;

	if (!cJSON_IsObject(t)) {
		json_fail(pg->err, path, NULL, "expected an object, found %s",
			  json_type_name(t));
		return -1;
	}
	r->platform = xstrdup("x");
	r->line = pg->line;
	if (json_id(t, path, "id", 1, JSON_ID_DIGITS_STR, &r->post_id,
		    pg->err) ||
	    json_str(t, path, "text", 0, &text, pg->err) ||
	    json_member(t, path, "note_tweet", cJSON_Object, 0, &note,
			pg->err) ||
	    json_id(t, path, "author_id", 0, JSON_ID_DIGITS_STR, &r->account_id,
		    pg->err) ||
	    json_time(t, path, "created_at", 0, &r->posted_at, pg->err))
		return -1;
	if (note) {
		const char *full;

		buf_addf(&p, "%s.note_tweet", path);
		if (json_str(note, p.s, "text", 0, &full, pg->err)) {
			buf_release(&p);
			return -1;
		}
		if (full)
			text = full;
		buf_release(&p);
	}
	r->text = json_dup(text);
	r->account = json_handle(username_of(pg, r->account_id));
	r->url = status_url(r->account, r->post_id);
	if (x_refs(pg, t, path, r))
		return -1;
	if (json_member(t, path, "edit_history_tweet_ids", cJSON_Array, 0,
			&hist, pg->err))
		return -1;
	if (cJSON_GetArraySize(hist) > 1) {
		char *first;

		buf_addf(&p, "%s.edit_history_tweet_ids[0]", path);
		if (json_id_item(cJSON_GetArrayItem(hist, 0), p.s, NULL,
				 JSON_ID_DIGITS_STR, &first, pg->err)) {
			buf_release(&p);
			return -1;
		}
		buf_release(&p);
		if (strcmp(first, r->post_id))
			r->edit_of = first;
		else
			free(first);
	}
	return x_media(pg, t, path, r);
}

static int x_user(struct xpage *pg, const cJSON *u, const char *path,
		  char **id, char **handle)
{
	const char *name;

	*id = *handle = NULL;
	if (!cJSON_IsObject(u)) {
		json_fail(pg->err, path, NULL, "expected an object, found %s",
			  json_type_name(u));
		return -1;
	}
	if (json_id(u, path, "id", 1, JSON_ID_DIGITS_STR, id, pg->err) ||
	    json_str(u, path, "username", 1, &name, pg->err)) {
		free(*id);
		*id = NULL;
		return -1;
	}
	*handle = json_handle(name);
	return source_user(pg->sink, "x", *handle, *id, pg->err);
}

/* One element of data from a user list endpoint. */
static int x_data_user(struct xpage *pg, const cJSON *u, const char *path)
{
	struct post_rec r;
	struct buf b = BUF_INIT;
	char *id, *handle;
	const char *target;

	if (x_user(pg, u, path, &id, &handle)) {
		free(id);
		free(handle);
		return -1;
	}
	post_rec_init(&r);
	r.platform = xstrdup("x");
	r.line = pg->line;
	target = username_of(pg, pg->ep_id);
	switch (pg->ep) {
	case EP_FOLLOWING:	/* ep_id follows u */
		buf_addf(&b, "follow:%s:%s", pg->ep_id, id);
		r.kind = xstrdup("follow");
		r.account_id = xstrdup(pg->ep_id);
		r.account = json_handle(target);
		r.ref_account_id = id;
		r.ref_account = handle;
		break;
	case EP_FOLLOWERS:	/* u follows ep_id */
		buf_addf(&b, "follow:%s:%s", id, pg->ep_id);
		r.kind = xstrdup("follow");
		r.account_id = id;
		r.account = handle;
		r.ref_account_id = xstrdup(pg->ep_id);
		r.ref_account = json_handle(target);
		break;
	case EP_LIKING_USERS:	/* u likes post ep_id */
		buf_addf(&b, "like:%s:%s", id, pg->ep_id);
		r.kind = xstrdup("like");
		r.account_id = id;
		r.account = handle;
		r.ref_post_id = xstrdup(pg->ep_id);
		r.url = status_url(NULL, pg->ep_id);
		break;
	default:		/* a users lookup: only the pair */
		free(id);
		free(handle);
		post_rec_release(&r);
		return 0;
	}
	r.post_id = buf_detach(&b, NULL);
	return source_post(pg->sink, &r, pg->err);
}

/* One element of data that is a post. */
static int x_data_tweet(struct xpage *pg, const cJSON *t, const char *path)
{
	struct post_rec r;
	struct buf b = BUF_INIT;

	post_rec_init(&r);
	if (x_tweet(pg, t, path, &r)) {
		post_rec_release(&r);
		return -1;
	}
	if (pg->ep == EP_TIMELINE && r.account_id &&
	    !strcmp(r.account_id, pg->ep_id) &&
	    r.posted_at != POST_TIME_UNKNOWN) {
		if (pg->t_min == POST_TIME_UNKNOWN || r.posted_at < pg->t_min)
			pg->t_min = r.posted_at;
		if (pg->t_max == POST_TIME_UNKNOWN || r.posted_at > pg->t_max)
			pg->t_max = r.posted_at;
	}
	if (pg->ep == EP_LIKED_TWEETS) {
		/* ep_id liked this post: keep its text, url and media */
		free(r.ref_post_id);
		free(r.ref_account);
		free(r.ref_account_id);
		free(r.edit_of);
		free(r.kind);
		r.edit_of = NULL;
		r.ref_post_id = r.post_id;
		r.ref_account = r.account;
		r.ref_account_id = r.account_id;
		buf_addf(&b, "like:%s:%s", pg->ep_id, r.ref_post_id);
		r.post_id = buf_detach(&b, NULL);
		r.account_id = xstrdup(pg->ep_id);
		r.account = json_handle(username_of(pg, pg->ep_id));
		r.kind = xstrdup("like");
		r.posted_at = POST_TIME_UNKNOWN;
	}
	return source_post(pg->sink, &r, pg->err);
}

static int is_user_endpoint(enum x_endpoint ep)
{
	return ep == EP_FOLLOWING || ep == EP_FOLLOWERS ||
	       ep == EP_LIKING_USERS;
}

static int x_data_one(struct xpage *pg, const cJSON *it, const char *path)
{
	int user;

	if (pg->ep != EP_UNKNOWN)
		user = is_user_endpoint(pg->ep);
	else
		user = cJSON_HasObjectItem(it, "username") &&
		       !cJSON_HasObjectItem(it, "text");
	return user ? x_data_user(pg, it, path) : x_data_tweet(pg, it, path);
}

/* The endpoint of a request URL, and its :id. */
static enum x_endpoint x_endpoint_of(const char *url, char **id)
{
	static const struct {
		const char *prefix, *suffix;
		enum x_endpoint ep;
	} eps[] = {
		{ "/2/users/", "/tweets", EP_TIMELINE },
		{ "/2/users/", "/following", EP_FOLLOWING },
		{ "/2/users/", "/followers", EP_FOLLOWERS },
		{ "/2/users/", "/liked_tweets", EP_LIKED_TWEETS },
		{ "/2/tweets/", "/liking_users", EP_LIKING_USERS },
	};
	const char *p = strstr(url, "://"), *q;
	size_t i, n;

	*id = NULL;
	if (!p)
		return EP_UNKNOWN;
	p = strchr(p + 3, '/');
	if (!p)
		return EP_UNKNOWN;
	for (i = 0; i < sizeof(eps) / sizeof(eps[0]); i++) {
		size_t pl = strlen(eps[i].prefix), sl = strlen(eps[i].suffix);

		if (strncmp(p, eps[i].prefix, pl))
			continue;
		q = p + pl;
		for (n = 0; q[n] >= '0' && q[n] <= '9'; n++)
			;
		if (!n || n > 20 || strncmp(q + n, eps[i].suffix, sl) ||
		    (q[n + sl] && q[n + sl] != '?'))
			continue;
		*id = xstrndup(q, n);
		return eps[i].ep;
	}
	return EP_UNKNOWN;
}

static int x_twarc_meta(struct xpage *pg, const cJSON *root)
{
	const cJSON *tw;
	const char *url;

	if (json_member(root, "", "__twarc", cJSON_Object, 0, &tw, pg->err) ||
	    json_str(tw, "__twarc", "url", 0, &url, pg->err))
		return -1;
	if (!url)
		return 0;
	pg->ep = x_endpoint_of(url, &pg->ep_id);
	pg->complete_ok = pg->ep == EP_TIMELINE && !strstr(url, "exclude=");
	return 0;
}

static int is_not_found(const cJSON *e)
{
	const cJSON *title = cJSON_GetObjectItemCaseSensitive(e, "title");
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(e, "type");
	const char *suffix = "/resource-not-found";
	size_t n, sl = strlen(suffix);

	if (cJSON_IsString(title) &&
	    !strcmp(title->valuestring, "Not Found Error"))
		return 1;
	if (!cJSON_IsString(type))
		return 0;
	n = strlen(type->valuestring);
	return n >= sl && !strcmp(type->valuestring + n - sl, suffix);
}

static int x_errors(struct xpage *pg, const cJSON *root)
{
	const cJSON *errs, *e;
	struct buf p = BUF_INIT, w = BUF_INIT;
	size_t i = 0;
	int rc = -1;

	if (json_member(root, "", "errors", cJSON_Array, 0, &errs, pg->err))
		return -1;
	cJSON_ArrayForEach(e, errs) {
		const char *rtype, *title, *detail;
		char *rid = NULL;

		buf_reset(&p);
		buf_addf(&p, "errors[%zu]", i++);
		if (!cJSON_IsObject(e)) {
			json_fail(pg->err, p.s, NULL, "expected an object, "
				  "found %s", json_type_name(e));
			goto out;
		}
		if (json_str(e, p.s, "resource_type", 0, &rtype, pg->err) ||
		    json_str(e, p.s, "title", 0, &title, pg->err) ||
		    json_str(e, p.s, "detail", 0, &detail, pg->err))
			goto out;
		if (rtype && !strcmp(rtype, "tweet") && is_not_found(e)) {
			int r;

			if (json_id(e, p.s, "resource_id", 1,
				    JSON_ID_DIGITS_STR, &rid, pg->err))
				goto out;
			r = source_gone(pg->sink, "x", rid,
					detail ? detail : title, pg->err);
			free(rid);
			if (r)
				goto out;
			continue;
		}
		buf_reset(&w);
		json_quote(&w, title ? title : "error");
		if (detail) {
			buf_adds(&w, ": ");
			json_quote(&w, detail);
		}
		source_warn(pg->sink, "%s: %s", p.s, w.s);
	}
	rc = 0;
out:
	buf_release(&p);
	buf_release(&w);
	return rc;
}

static int x_includes(struct xpage *pg, const cJSON *root)
{
	const cJSON *inc;

	if (json_member(root, "", "includes", cJSON_Object, 0, &inc,
			pg->err) ||
	    json_member(inc, "includes", "users", cJSON_Array, 0, &pg->users,
			pg->err) ||
	    json_member(inc, "includes", "tweets", cJSON_Array, 0,
			&pg->tweets, pg->err) ||
	    json_member(inc, "includes", "media", cJSON_Array, 0, &pg->media,
			pg->err))
		return -1;
	return 0;
}

static int in_data(const struct xpage *pg, const char *id)
{
	const cJSON *v;

	if (cJSON_IsArray(pg->data))
		return find_by(pg->data, "id", id) != NULL;
	v = cJSON_GetObjectItemCaseSensitive(pg->data, "id");
	return cJSON_IsString(v) && !strcmp(v->valuestring, id);
}

static int x_page_body(struct xpage *pg, const cJSON *root)
{
	const cJSON *it, *d;
	struct buf p = BUF_INIT;
	size_t i = 0;
	int rc = -1;

	if (!cJSON_IsObject(root)) {
		buf_addf(pg->err, "expected an X API v2 response object, "
			 "found %s", json_type_name(root));
		return -1;
	}
	d = cJSON_GetObjectItemCaseSensitive(root, "data");
	if (!d && !cJSON_HasObjectItem(root, "errors") &&
	    cJSON_IsString(cJSON_GetObjectItemCaseSensitive(root, "title"))) {
		/* a whole-response error saved instead of a page */
		const char *title, *detail;

		json_str(root, "", "title", 0, &title, pg->err);
		json_str(root, "", "detail", 0, &detail, pg->err);
		buf_adds(pg->err, "X API error: ");
		json_quote(pg->err, title);
		if (detail) {
			buf_adds(pg->err, ": ");
			json_quote(pg->err, detail);
		}
		return -1;
	}
	if (!d && cJSON_HasObjectItem(root, "id") &&
	    cJSON_HasObjectItem(root, "text")) {
		/* twarc2 --flatten: the post itself, author inside */
		d = root;
		pg->flat_author = cJSON_GetObjectItemCaseSensitive(root,
								   "author");
		if (pg->flat_author) {
			char *id, *h;
			int r = x_user(pg, pg->flat_author, "author", &id, &h);

			free(id);
			free(h);
			if (r)
				return -1;
		}
	}
	if (d && !cJSON_IsArray(d) && !cJSON_IsObject(d)) {
		json_fail(pg->err, "", "data", "expected an array or an object,"
			  " found %s", json_type_name(d));
		return -1;
	}
	pg->data = d;
	if (x_twarc_meta(pg, root) || x_includes(pg, root))
		return -1;
	cJSON_ArrayForEach(it, pg->users) {
		char *id, *h;
		int r;

		buf_reset(&p);
		buf_addf(&p, "includes.users[%zu]", i++);
		r = x_user(pg, it, p.s, &id, &h);
		free(id);
		free(h);
		if (r)
			goto out;
	}
	if (cJSON_IsObject(d)) {
		if (x_data_one(pg, d, d == root ? "" : "data"))
			goto out;
	} else {
		i = 0;
		cJSON_ArrayForEach(it, d) {
			buf_reset(&p);
			buf_addf(&p, "data[%zu]", i++);
			if (x_data_one(pg, it, p.s))
				goto out;
		}
	}
	i = 0;
	cJSON_ArrayForEach(it, pg->tweets) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
		struct post_rec r;

		buf_reset(&p);
		buf_addf(&p, "includes.tweets[%zu]", i++);
		if (cJSON_IsString(id) && in_data(pg, id->valuestring))
			continue;
		/*
		 * Plain posts of their authors: never a like, and never in
		 * the timeline window (an older post of the same user that
		 * a reply on this page points at is not on this page).
		 */
		post_rec_init(&r);
		if (x_tweet(pg, it, p.s, &r)) {
			post_rec_release(&r);
			goto out;
		}
		if (source_post(pg->sink, &r, pg->err))
			goto out;
	}
	if (x_errors(pg, root))
		goto out;
	if (pg->complete_ok && pg->t_min != POST_TIME_UNKNOWN &&
	    pg->sink && pg->sink->complete) {
		char *h = json_handle(username_of(pg, pg->ep_id));

		rc = pg->sink->complete(pg->sink->arg, "x", h, pg->ep_id,
					pg->t_min, pg->t_max, pg->err) ? -1 : 0;
		free(h);
		goto out;
	}
	rc = 0;
out:
	buf_release(&p);
	return rc;
}

static int x_page(const struct post_sink *sink, const char *data, size_t len,
		  long line, int one_line, struct buf *err)
{
	struct xpage pg;
	cJSON *root;
	int rc;

	root = json_parse(data, len, one_line, err);
	if (!root)
		return -1;
	memset(&pg, 0, sizeof(pg));
	pg.sink = sink;
	pg.line = line;
	pg.err = err;
	pg.t_min = pg.t_max = POST_TIME_UNKNOWN;
	rc = x_page_body(&pg, root);
	free(pg.ep_id);
	cJSON_Delete(root);
	return rc;
}

static int x_v2_parse(const struct post_sink *sink, const char *data,
		      size_t len, long line, struct buf *err)
{
	return x_page(sink, data, len, line, 0, err);
}

static int twarc2_parse(const struct post_sink *sink, const char *data,
			size_t len, long line, struct buf *err)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r' &&
		    data[i] != '\n')
			break;
	if (i == len)
		return 0;	/* a blank line holds nothing */
	return x_page(sink, data, len, line, 1, err);
}

/* A canonical JSONL line (the other format): platform and post_id. */
static int is_canonical(const char *s, size_t len)
{
	return head_key(s, len, "platform", "\"") &&
	       head_key(s, len, "post_id", "\"");
}

static int twarc2_detect(const char *head, size_t len)
{
	const char *nl = memchr(head, '\n', len);
	size_t first = nl ? (size_t)(nl - head) : len;

	if (head_first(head, len) != '{' || is_canonical(head, first))
		return 0;
	if (head_has(head, first, "\"__twarc\""))
		return 1;
	/* a long first line: more lines follow, each an X page */
	return nl && head_first(nl, len - first) == '{' &&
	       head_key(head, first, "data", "[") &&
	       (head_has(head, first, "\"includes\"") ||
		head_has(head, first, "\"meta\""));
}

static int x_v2_detect(const char *head, size_t len)
{
	if (head_first(head, len) != '{' || twarc2_detect(head, len) ||
	    is_canonical(head, len) || head_has(head, len, "\"paging\"") ||
	    head_has(head, len, "\"media_type\"") ||
	    head_has(head, len, "\"created_time\"") ||
	    head_has(head, len, "\"permalink\"") ||
	    head_has(head, len, "\"timestamp\"") ||
	    head_key(head, len, "kind", "\"youtube#") ||
	    head_has(head, len, "\"videos\""))
		return 0;
	if (head_key(head, len, "data", "[") ||
	    head_key(head, len, "data", "{"))
		return head_has(head, len, "\"includes\"") ||
		       head_has(head, len, "\"meta\"") ||
		       head_has(head, len, "\"edit_history_tweet_ids\"") ||
		       head_has(head, len, "\"author_id\"") ||
		       head_has(head, len, "\"username\"");
	return (head_key(head, len, "errors", "[") &&
		head_has(head, len, "\"resource_type\"")) ||
	       (head_key(head, len, "meta", "{") &&
		head_has(head, len, "\"result_count\""));
}

/*
 * The archive's time: "Wed Oct 10 20:19:24 +0000 2018". Strict: every
 * field, a real date, the weekday that date had.
 */
static int twitter_time(const char *s, int64_t *out)
{
	static const char days[] = "SunMonTueWedThuFriSat";
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int m, y, d, hh, mm, ss, zh, zm, wd, neg;
	int64_t day, v;

	if (strlen(s) != 30 || s[3] != ' ' || s[7] != ' ' || s[10] != ' ' ||
	    s[13] != ':' || s[16] != ':' || s[19] != ' ' || s[25] != ' ' ||
	    (s[20] != '+' && s[20] != '-'))
		return -1;
	for (wd = 0; wd < 7 && strncmp(days + wd * 3, s, 3); wd++)
		;
	for (m = 0; m < 12 && strncmp(months + m * 3, s + 4, 3); m++)
		;
	if (wd == 7 || m == 12)
		return -1;
#define NUM(at, n, dst) do { \
	if (parse_i64(s + (at), (n), &v) || s[at] == '+' || s[at] == '-') \
		return -1; \
	dst = (int)v; \
} while (0)
	NUM(8, 2, d);
	NUM(11, 2, hh);
	NUM(14, 2, mm);
	NUM(17, 2, ss);
	NUM(21, 2, zh);
	NUM(23, 2, zm);
	NUM(26, 4, y);
#undef NUM
	neg = s[20] == '-';
	if (!date_valid(y, m + 1, d) || hh > 23 || mm > 59 || ss > 60 ||
	    zh > 14 || zm > 59)
		return -1;
	day = days_from_civil(y, m + 1, d);
	if ((((day % 7) + 7 + 4) % 7) != wd)
		return -1;
	*out = day * 86400 + hh * 3600 + mm * 60 + ss -
	       (neg ? -1 : 1) * (zh * 3600 + zm * 60);
	return 0;
}

/*
 * "https://twitter.com/<name>/status/<id>" (or x.com, with www. or
 * mobile.) -> name and id; 0 when url is a post link.
 */
static int status_link(const char *url, char **name, char **id)
{
	static const char *const hosts[] = {
		"https://twitter.com/", "https://x.com/",
		"https://www.twitter.com/", "https://mobile.twitter.com/",
		"https://www.x.com/",
	};
	const char *p = NULL, *slash;
	size_t i, n;

	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]) && !p; i++)
		if (!strncmp(url, hosts[i], strlen(hosts[i])))
			p = url + strlen(hosts[i]);
	if (!p)
		return -1;
	slash = strchr(p, '/');
	if (!slash || slash == p || slash - p > 15 ||
	    strncmp(slash, "/status/", 8) || !strncmp(p, "i/", 2))
		return -1;
	for (n = 0; slash[8 + n] >= '0' && slash[8 + n] <= '9'; n++)
		;
	if (!n || n > 20 || (slash[8 + n] && slash[8 + n] != '?' &&
			     slash[8 + n] != '/'))
		return -1;
	{
		char *raw = xstrndup(p, (size_t)(slash - p));

		*name = json_handle(raw);
		free(raw);
	}
	*id = xstrndup(slash + 8, n);
	return 0;
}

static int arch_media(const cJSON *t, const char *path, struct post_rec *r,
		      struct buf *err)
{
	const cJSON *ent, *media, *m;
	struct buf p = BUF_INIT;
	int rc = -1;

	if (json_member(t, path, "extended_entities", cJSON_Object, 0, &ent,
			err))
		return -1;
	buf_addf(&p, "%s.extended_entities", path);
	if (!ent) {
		if (json_member(t, path, "entities", cJSON_Object, 0, &ent,
				err))
			goto out;
		buf_reset(&p);
		buf_addf(&p, "%s.entities", path);
	}
	if (json_member(ent, p.s, "media", cJSON_Array, 0, &media, err))
		goto out;
	cJSON_ArrayForEach(m, media) {
		const cJSON *ty = cJSON_GetObjectItemCaseSensitive(m, "type");
		const cJSON *url = cJSON_GetObjectItemCaseSensitive(
			m, "media_url_https");
		const cJSON *alt = cJSON_GetObjectItemCaseSensitive(
			m, "ext_alt_text");

		post_rec_add_media(r, cJSON_IsString(ty) ? ty->valuestring :
				   NULL,
				   cJSON_IsString(url) ? url->valuestring :
				   NULL,
				   cJSON_IsString(alt) ? alt->valuestring :
				   NULL);
	}
	rc = 0;
out:
	buf_release(&p);
	return rc;
}

/* A quoted post: a link to another post among entities.urls. */
static int arch_quote(const cJSON *t, const char *path, struct post_rec *r,
		      struct buf *err)
{
	const cJSON *ent, *urls, *u;
	struct buf p = BUF_INIT;

	if (json_member(t, path, "entities", cJSON_Object, 0, &ent, err))
		return -1;
	buf_addf(&p, "%s.entities", path);
	if (json_member(ent, p.s, "urls", cJSON_Array, 0, &urls, err)) {
		buf_release(&p);
		return -1;
	}
	buf_release(&p);
	cJSON_ArrayForEach(u, urls) {
		const cJSON *x = cJSON_GetObjectItemCaseSensitive(
			u, "expanded_url");
		char *name, *id;

		if (!cJSON_IsString(x) ||
		    status_link(x->valuestring, &name, &id))
			continue;
		if (!strcmp(id, r->post_id)) {
			free(name);
			free(id);
			continue;
		}
		r->kind = xstrdup("quote");
		r->ref_account = name;
		r->ref_post_id = id;
		return 0;
	}
	return 0;
}

/* The id_str of the mention of handle h in entities.user_mentions. */
static char *rt_author_id(const cJSON *t, const char *h)
{
	const cJSON *ent = cJSON_GetObjectItemCaseSensitive(t, "entities");
	const cJSON *ms = cJSON_GetObjectItemCaseSensitive(ent,
							   "user_mentions");
	const cJSON *m;

	cJSON_ArrayForEach(m, ms) {
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(
			m, "screen_name");
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(m, "id_str");
		char *mh;
		int same;
		size_t i;

		if (!cJSON_IsString(n) || !cJSON_IsString(id) ||
		    !*id->valuestring)
			continue;
		for (i = 0; id->valuestring[i]; i++)
			if (id->valuestring[i] < '0' ||
			    id->valuestring[i] > '9' || i >= 20)
				break;
		if (id->valuestring[i])
			continue;
		mh = json_handle(n->valuestring);
		same = !strcmp(mh, h);
		free(mh);
		if (same)
			return xstrdup(id->valuestring);
	}
	return NULL;
}

static int arch_tweet(const struct post_sink *sink, const cJSON *t,
		      const char *path, struct buf *err)
{
	struct post_rec r;
	const char *text, *at, *reply_name;
	const cJSON *edit_info, *edit;
	struct buf p = BUF_INIT;

	post_rec_init(&r);
	r.platform = xstrdup("x");
	if (json_id(t, path, "id_str", 1, JSON_ID_DIGITS_STR, &r.post_id,
		    err) ||
	    json_str(t, path, "full_text", 0, &text, err) ||
	    json_str(t, path, "created_at", 1, &at, err) ||
	    json_id(t, path, "in_reply_to_status_id_str", 0,
		    JSON_ID_DIGITS_STR, &r.ref_post_id, err) ||
	    json_id(t, path, "in_reply_to_user_id_str", 0, JSON_ID_DIGITS_STR,
		    &r.ref_account_id, err) ||
	    json_str(t, path, "in_reply_to_screen_name", 0, &reply_name, err))
		goto out;
	if (twitter_time(at, &r.posted_at)) {
		json_fail(err, path, "created_at", "%s", "");
		json_quote(err, at);
		buf_adds(err, " is not a time like 'Wed Oct 10 20:19:24 "
			 "+0000 2018'");
		goto out;
	}
	r.text = json_dup(text);
	r.url = status_url(NULL, r.post_id);
	if (r.ref_post_id) {
		r.kind = xstrdup("reply");
		r.ref_account = json_handle(reply_name);
	} else if ((r.ref_account = rt_handle(text))) {
		/*
		 * The archive keeps no id of the retweeted post; the
		 * retweeted author's id is among the mentions.
		 */
		free(r.ref_account_id);
		r.ref_account_id = rt_author_id(t, r.ref_account);
		r.kind = xstrdup("repost");
	} else {
		free(r.ref_account_id);
		r.ref_account_id = NULL;
		if (arch_quote(t, path, &r, err))
			goto out;
		if (!r.kind)
			r.kind = xstrdup("post");
	}
	if (json_member(t, path, "edit_info", cJSON_Object, 0, &edit_info,
			err))
		goto out;
	buf_addf(&p, "%s.edit_info", path);
	if (json_member(edit_info, p.s, "edit", cJSON_Object, 0, &edit, err))
		goto out;
	if (edit) {
		buf_adds(&p, ".edit");
		if (json_id(edit, p.s, "initialTweetId", 1,
			    JSON_ID_DIGITS_STR, &r.edit_of, err))
			goto out;
		if (!strcmp(r.edit_of, r.post_id)) {
			free(r.edit_of);
			r.edit_of = NULL;
		}
	}
	if (arch_media(t, path, &r, err))
		goto out;
	buf_release(&p);
	return source_post(sink, &r, err);
out:
	buf_release(&p);
	post_rec_release(&r);
	return -1;
}

static int arch_like(const struct post_sink *sink, const cJSON *l,
		     const char *path, struct buf *err)
{
	struct post_rec r;
	struct buf b = BUF_INIT;
	const char *text, *url;

	post_rec_init(&r);
	if (json_id(l, path, "tweetId", 1, JSON_ID_DIGITS_STR, &r.ref_post_id,
		    err) ||
	    json_str(l, path, "fullText", 0, &text, err) ||
	    json_str(l, path, "expandedUrl", 0, &url, err)) {
		post_rec_release(&r);
		return -1;
	}
	r.platform = xstrdup("x");
	buf_addf(&b, "like::%s", r.ref_post_id);
	r.post_id = buf_detach(&b, NULL);
	r.kind = xstrdup("like");
	r.text = json_dup(text);
	r.url = json_dup(url);
	return source_post(sink, &r, err);
}

static int arch_following(const struct post_sink *sink, const cJSON *f,
			  const char *path, struct buf *err)
{
	struct post_rec r;
	struct buf b = BUF_INIT;
	const char *link;

	post_rec_init(&r);
	if (json_id(f, path, "accountId", 1, JSON_ID_DIGITS_STR,
		    &r.ref_account_id, err) ||
	    json_str(f, path, "userLink", 0, &link, err)) {
		post_rec_release(&r);
		return -1;
	}
	r.platform = xstrdup("x");
	buf_addf(&b, "follow::%s", r.ref_account_id);
	r.post_id = buf_detach(&b, NULL);
	r.kind = xstrdup("follow");
	r.url = json_dup(link);
	return source_post(sink, &r, err);
}

static int arch_account(const struct post_sink *sink, const cJSON *a,
			const char *path, struct buf *err)
{
	const char *name;
	char *id, *h;
	int rc;

	if (json_id(a, path, "accountId", 1, JSON_ID_DIGITS_STR, &id, err))
		return -1;
	if (json_str(a, path, "username", 1, &name, err)) {
		free(id);
		return -1;
	}
	h = json_handle(name);
	rc = source_user(sink, "x", h, id, err);
	free(h);
	free(id);
	return rc;
}

static const struct {
	const char *type;	/* window.YTD.<type>.partN */
	const char *member;	/* each element's one member */
	int (*fn)(const struct post_sink *, const cJSON *, const char *,
		  struct buf *);
} arch_types[] = {
	{ "tweets", "tweet", arch_tweet },
	{ "tweet", "tweet", arch_tweet },	/* 2019 archives */
	{ "like", "like", arch_like },
	{ "following", "following", arch_following },
	{ "account", "account", arch_account },
};

static int x_archive_parse(const struct post_sink *sink, const char *data,
			   size_t len, long line, struct buf *err)
{
	static const char prefix[] = "window.YTD.";
	struct buf copy = BUF_INIT, p = BUF_INIT, type = BUF_INIT;
	size_t i, start, eq, end;
	const cJSON *el, *inner;
	cJSON *root = NULL;
	int rc = -1, t = -1;

	(void)line;
	for (start = 0; start < len && (data[start] == ' ' ||
	     data[start] == '\n' || data[start] == '\r' ||
	     data[start] == '\t'); start++)
		;
	if (len - start < sizeof(prefix) - 1 ||
	    memcmp(data + start, prefix, sizeof(prefix) - 1)) {
		buf_adds(err, "not an X archive file: no 'window.YTD.' at "
			 "the start");
		return -1;
	}
	for (eq = start; eq < len && data[eq] != '=' && data[eq] != '\n';
	     eq++)
		;
	if (eq == len || data[eq] != '=') {
		buf_adds(err, "not an X archive file: no '=' after "
			 "'window.YTD.'");
		return -1;
	}
	/* the type is between the prefix and ".part" */
	for (i = start + sizeof(prefix) - 1; i < eq && data[i] != '.'; i++)
		buf_addch(&type, data[i]);
	for (i = 0; i < sizeof(arch_types) / sizeof(arch_types[0]); i++)
		if (!strcmp(type.s, arch_types[i].type))
			t = (int)i;
	if (t < 0) {
		buf_adds(err, "X archive file of type ");
		json_quote(err, type.s);
		buf_adds(err, " is not supported (tweets, like, following, "
			 "account)");
		goto out;
	}
	/* blank out the assignment and a final ';', keeping positions */
	buf_add(&copy, data, len);
	memset(copy.s, ' ', eq + 1);
	for (end = len; end > eq + 1 && (copy.s[end - 1] == ' ' ||
	     copy.s[end - 1] == '\n' || copy.s[end - 1] == '\r' ||
	     copy.s[end - 1] == '\t'); end--)
		;
	if (end > eq + 1 && copy.s[end - 1] == ';')
		copy.s[end - 1] = ' ';
	root = json_parse(copy.s, copy.len, 0, err);
	if (!root)
		goto out;
	if (!cJSON_IsArray(root)) {
		buf_addf(err, "expected an array after '=', found %s",
			 json_type_name(root));
		goto out;
	}
	i = 0;
	cJSON_ArrayForEach(el, root) {
		buf_reset(&p);
		buf_addf(&p, "[%zu]", i++);
		if (!cJSON_IsObject(el)) {
			json_fail(err, p.s, NULL, "expected an object, found "
				  "%s", json_type_name(el));
			goto out;
		}
		if (json_member(el, p.s, arch_types[t].member, cJSON_Object, 1,
				&inner, err))
			goto out;
		buf_addf(&p, ".%s", arch_types[t].member);
		if (arch_types[t].fn(sink, inner, p.s, err))
			goto out;
	}
	rc = 0;
out:
	cJSON_Delete(root);
	buf_release(&copy);
	buf_release(&p);
	buf_release(&type);
	return rc;
}

static int x_archive_detect(const char *head, size_t len)
{
	size_t i = 0;

	if (len >= 3 && !memcmp(head, "\xef\xbb\xbf", 3))
		i = 3;
	while (i < len && (head[i] == ' ' || head[i] == '\n' ||
			   head[i] == '\r' || head[i] == '\t'))
		i++;
	return len - i >= 11 && !memcmp(head + i, "window.YTD.", 11);
}

const struct post_format format_x_v2 = {
	"x-v2", 0, x_v2_detect, x_v2_parse
};

const struct post_format format_twarc2 = {
	"twarc2", 1, twarc2_detect, twarc2_parse
};

const struct post_format format_x_archive = {
	"x-archive", 0, x_archive_detect, x_archive_parse
};
