/* SPDX-License-Identifier: MIT */
/*
 * Meta: the parser of Graph API responses for Instagram and Facebook
 * ("meta"). No HTTP here.
 *
 * Documented fields read (developers.facebook.com/docs: Instagram Graph
 * API "IG User Media", "IG Media" and "Business Discovery"; Graph API
 * "Page Feed" / "Post"; "Paginated Results"; "Handling Errors"):
 *   a list: data[], paging {cursors {before, after}, next, previous};
 *   IG media: id, caption, media_type (IMAGE, VIDEO, CAROUSEL_ALBUM),
 *     media_url, thumbnail_url, permalink, timestamp
 *     ("2024-10-01T08:00:00+0000"), username, owner.id,
 *     children.data[] {id, media_type, media_url};
 *   IG comment (a media's comments edge): id, text, timestamp, username;
 *   business_discovery: {username, id, media {data[], paging}} beside
 *     the caller's own "id";
 *   Facebook post: id ("<page id>_<post id>"), message, created_time,
 *     permalink_url, full_picture, from {name, id};
 *   an error: error {message, type, code, fbtrace_id}.
 *
 * Decisions:
 *   - platform per item, from its shape: created_time, permalink_url or
 *     from make a Facebook post; timestamp, media_type or caption an
 *     Instagram media (an item with text and no caption or media_type
 *     is an Instagram comment). An item with none of these is refused:
 *     guessing the platform would file a post under the wrong account;
 *   - Instagram: account is the username (the item's, or
 *     business_discovery's), account_id owner.id or business_discovery's
 *     id; media_type IMAGE is "photo", VIDEO "video", a carousel's
 *     children each a media entry; text the caption;
 *   - Facebook: account NULL (from.name is a display name, not a
 *     username), account_id from.id, else the page id before '_' in
 *     the post id; text the message; full_picture a photo;
 *   - an IG comment's media id is in the request URL, not the response:
 *     ref_post_id stays NULL;
 *   - paging is the collector's business; nothing here calls
 *     complete(): Meta does not promise a list is whole (hidden,
 *     age-restricted and ad posts are left out).
 */
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/jsonutil.h"
#include "collect/post.h"
#include "collect/source.h"
#include "util/banned.h"

struct meta {
	const struct post_sink *sink;
	struct buf *err;
	const char *bd_username;	/* business_discovery's, or NULL */
	const char *bd_id;
};

static int has(const cJSON *it, const char *key)
{
	return cJSON_HasObjectItem(it, key);
}

static const char *ig_media_type(const char *t)
{
	if (!t)
		return NULL;
	if (!strcmp(t, "IMAGE"))
		return "photo";
	if (!strcmp(t, "VIDEO"))
		return "video";
	return t;	/* CAROUSEL_ALBUM */
}

static int ig_children(struct meta *m, const cJSON *it, const char *path,
		       struct post_rec *r)
{
	struct buf p = BUF_INIT;
	const cJSON *ch, *list, *c;
	int rc = -1;

	if (json_member(it, path, "children", cJSON_Object, 0, &ch, m->err))
		return -1;
	buf_addf(&p, "%s.children", path);
	if (json_member(ch, p.s, "data", cJSON_Array, 0, &list, m->err))
		goto out;
	cJSON_ArrayForEach(c, list) {
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(c,
								  "media_type");
		const cJSON *u = cJSON_GetObjectItemCaseSensitive(c,
								  "media_url");

		post_rec_add_media(r, cJSON_IsString(t) ?
				   ig_media_type(t->valuestring) : NULL,
				   cJSON_IsString(u) ? u->valuestring : NULL,
				   NULL);
	}
	rc = 0;
out:
	buf_release(&p);
	return rc;
}

static int ig_item(struct meta *m, const cJSON *it, const char *path)
{
	struct post_rec r;
	struct buf p = BUF_INIT;
	const char *caption, *text, *type, *media_url, *thumb, *link, *user;
	const cJSON *owner;
	int rc = -1;

	post_rec_init(&r);
	if (json_id(it, path, "id", 1, JSON_ID_DIGITS, &r.post_id, m->err) ||
	    json_str(it, path, "caption", 0, &caption, m->err) ||
	    json_str(it, path, "text", 0, &text, m->err) ||
	    json_str(it, path, "media_type", 0, &type, m->err) ||
	    json_str(it, path, "media_url", 0, &media_url, m->err) ||
	    json_str(it, path, "thumbnail_url", 0, &thumb, m->err) ||
	    json_str(it, path, "permalink", 0, &link, m->err) ||
	    json_str(it, path, "username", 0, &user, m->err) ||
	    json_time(it, path, "timestamp", 0, &r.posted_at, m->err) ||
	    json_member(it, path, "owner", cJSON_Object, 0, &owner, m->err))
		goto out;
	buf_addf(&p, "%s.owner", path);
	if (json_id(owner, p.s, "id", 0, JSON_ID_DIGITS, &r.account_id,
		    m->err))
		goto out;
	r.platform = xstrdup("instagram");
	if (!caption && !type && text) {
		r.kind = xstrdup("comment");
		r.text = xstrdup(text);
	} else {
		r.kind = xstrdup("post");
		r.text = json_dup(caption);
	}
	r.account = json_handle(user ? user : m->bd_username);
	if (!r.account_id && m->bd_id)
		r.account_id = xstrdup(m->bd_id);
	r.url = json_dup(link);
	/* a carousel's own media_url repeats its first child */
	if ((media_url || thumb) && !has(it, "children"))
		post_rec_add_media(&r, ig_media_type(type),
				   media_url ? media_url : thumb, NULL);
	if (ig_children(m, it, path, &r))
		goto out;
	rc = source_post(m->sink, &r, m->err);
out:
	post_rec_release(&r);
	buf_release(&p);
	return rc;
}

static int fb_item(struct meta *m, const cJSON *it, const char *path)
{
	struct post_rec r;
	struct buf p = BUF_INIT;
	const char *msg, *link, *pic;
	const cJSON *from;
	int rc = -1;

	post_rec_init(&r);
	if (json_id(it, path, "id", 1, JSON_ID_FB, &r.post_id, m->err) ||
	    json_str(it, path, "message", 0, &msg, m->err) ||
	    json_str(it, path, "permalink_url", 0, &link, m->err) ||
	    json_str(it, path, "full_picture", 0, &pic, m->err) ||
	    json_time(it, path, "created_time", 0, &r.posted_at, m->err) ||
	    json_member(it, path, "from", cJSON_Object, 0, &from, m->err))
		goto out;
	buf_addf(&p, "%s.from", path);
	if (json_id(from, p.s, "id", 0, JSON_ID_DIGITS, &r.account_id,
		    m->err))
		goto out;
	if (!r.account_id && strchr(r.post_id, '_'))
		r.account_id = xstrndup(r.post_id, (size_t)(strchr(r.post_id,
							'_') - r.post_id));
	r.platform = xstrdup("facebook");
	r.kind = xstrdup("post");
	r.text = json_dup(msg);
	r.url = json_dup(link);
	if (pic)
		post_rec_add_media(&r, "photo", pic, NULL);
	rc = source_post(m->sink, &r, m->err);
out:
	post_rec_release(&r);
	buf_release(&p);
	return rc;
}

static int meta_list(struct meta *m, const cJSON *list, const char *path)
{
	struct buf p = BUF_INIT;
	const cJSON *it;
	size_t i = 0;
	int rc = -1;

	cJSON_ArrayForEach(it, list) {
		buf_reset(&p);
		buf_addf(&p, "%s[%zu]", path, i++);
		if (!cJSON_IsObject(it)) {
			json_fail(m->err, p.s, NULL, "expected an object, "
				  "found %s", json_type_name(it));
			goto out;
		}
		if (has(it, "created_time") || has(it, "permalink_url") ||
		    has(it, "from")) {
			if (fb_item(m, it, p.s))
				goto out;
		} else if (has(it, "timestamp") || has(it, "media_type") ||
			   has(it, "caption")) {
			if (ig_item(m, it, p.s))
				goto out;
		} else {
			json_fail(m->err, p.s, NULL, "neither an Instagram "
				  "media (timestamp, media_type, caption) nor "
				  "a Facebook post (created_time, "
				  "permalink_url, from)");
			goto out;
		}
	}
	rc = 0;
out:
	buf_release(&p);
	return rc;
}

static int meta_body(struct meta *m, const cJSON *root)
{
	const cJSON *e, *bd, *media, *list;
	char *bd_id = NULL, *h = NULL;
	int rc = -1;

	if (!cJSON_IsObject(root)) {
		buf_addf(m->err, "expected a Graph API response object, "
			 "found %s", json_type_name(root));
		return -1;
	}
	e = cJSON_GetObjectItemCaseSensitive(root, "error");
	if (cJSON_IsObject(e)) {
		const cJSON *code = cJSON_GetObjectItemCaseSensitive(e, "code");
		const cJSON *msg = cJSON_GetObjectItemCaseSensitive(e,
								    "message");

		buf_adds(m->err, "Graph API error");
		if (cJSON_IsNumber(code))
			buf_addf(m->err, " %d", code->valueint);
		if (cJSON_IsString(msg)) {
			buf_adds(m->err, ": ");
			json_quote(m->err, msg->valuestring);
		}
		return -1;
	}
	if (json_member(root, "", "business_discovery", cJSON_Object, 0, &bd,
			m->err))
		return -1;
	if (bd) {
		if (json_str(bd, "business_discovery", "username", 1,
			     &m->bd_username, m->err) ||
		    json_id(bd, "business_discovery", "id", 1, JSON_ID_DIGITS,
			    &bd_id, m->err) ||
		    json_member(bd, "business_discovery", "media",
				cJSON_Object, 0, &media, m->err) ||
		    json_member(media, "business_discovery.media", "data",
				cJSON_Array, 0, &list, m->err))
			goto out;
		m->bd_id = bd_id;
		h = json_handle(m->bd_username);
		if (source_user(m->sink, "instagram", h, bd_id, m->err) ||
		    meta_list(m, list, "business_discovery.media.data"))
			goto out;
		rc = 0;
		goto out;
	}
	if (json_member(root, "", "data", cJSON_Array, 1, &list, m->err))
		return -1;
	rc = meta_list(m, list, "data");
out:
	free(bd_id);
	free(h);
	return rc;
}

static int meta_parse(const struct post_sink *sink, const char *data,
		      size_t len, long line, struct buf *err)
{
	struct meta m = { sink, err, NULL, NULL };
	cJSON *root;
	int rc;

	(void)line;
	root = json_parse(data, len, 0, err);
	if (!root)
		return -1;
	rc = meta_body(&m, root);
	cJSON_Delete(root);
	return rc;
}

static int meta_detect(const char *head, size_t len)
{
	if (head_first(head, len) != '{' ||
	    head_key(head, len, "kind", "\"youtube#"))
		return 0;
	if (head_key(head, len, "business_discovery", "{"))
		return 1;
	if (head_key(head, len, "error", "{"))
		return head_has(head, len, "\"fbtrace_id\"");
	return head_key(head, len, "data", "[") &&
	       !head_has(head, len, "\"__twarc\"") &&
	       (head_has(head, len, "\"media_type\"") ||
		head_has(head, len, "\"created_time\"") ||
		head_has(head, len, "\"permalink_url\"") ||
		head_has(head, len, "\"permalink\"") ||
		head_has(head, len, "\"timestamp\""));
}

const struct post_format format_meta = {
	"meta", 0, meta_detect, meta_parse
};
