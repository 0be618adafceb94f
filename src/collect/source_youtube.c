/* SPDX-License-Identifier: MIT */
/*
 * YouTube: the parser of YouTube Data API v3 list responses ("youtube").
 * No HTTP here.
 *
 * Documented fields read (developers.google.com/youtube/v3/docs:
 * PlaylistItems, Videos, CommentThreads, Comments, Channels, Search,
 * and "Errors"):
 *   every response: kind ("youtube#<resource>ListResponse"), items[],
 *     nextPageToken, pageInfo; an error response: error {code, message};
 *   playlistItem: snippet {publishedAt, channelId, title, description,
 *     videoOwnerChannelId, resourceId.videoId}, contentDetails {videoId,
 *     videoPublishedAt};
 *   video: id, snippet {publishedAt, channelId, title, description};
 *   search result: id {kind, videoId}, snippet {publishedAt, channelId,
 *     title, description};
 *   commentThread: snippet {channelId, videoId, topLevelComment},
 *     replies.comments[]; comment: id, snippet {authorDisplayName,
 *     authorChannelId.value, textOriginal, textDisplay, publishedAt,
 *     videoId, channelId, parentId};
 *   channel: id, snippet.customUrl (the "@handle").
 *
 * Decisions:
 *   - a video is a post: post_id the video id, account_id the channel
 *     id (videoOwnerChannelId in a playlist, which may list other
 *     channels' videos), account NULL (the responses carry no handle;
 *     a channels list teaches it through user()), text the title, a
 *     blank line and the description; posted_at the video's own
 *     publication (contentDetails.videoPublishedAt) before the time it
 *     was added to the playlist;
 *   - a playlist entry whose video was deleted or made private comes
 *     back as title "Deleted video" / "Private video" without
 *     videoOwnerChannelId: gone() with that title as the reason;
 *   - a comment or reply is kind "comment" referring to the video
 *     (ref_post_id) and its channel (ref_account_id); its author's
 *     handle is authorDisplayName when that is an "@handle" (YouTube
 *     shows handles there since 2024), in handle.h's form "@name" lower
 *     case; text is textOriginal, else textDisplay;
 *   - nothing here calls complete(): a playlist omits private videos,
 *     and a search is a query.
 */
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/jsonutil.h"
#include "collect/post.h"
#include "collect/source.h"
#include "util/banned.h"

struct yt {
	const struct post_sink *sink;
	struct buf *err;
};

/* handle.h's YouTube form: "@name" in lower case; NULL if not a handle */
static char *yt_handle(const char *s)
{
	char *h;

	if (!s || s[0] != '@' || !s[1])
		return NULL;
	h = json_handle(s + 1);
	{
		struct buf b = BUF_INIT;

		buf_addf(&b, "@%s", h);
		free(h);
		return buf_detach(&b, NULL);
	}
}

static char *watch_url(const char *video, const char *comment)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "https://www.youtube.com/watch?v=%s", video);
	if (comment)
		buf_addf(&b, "&lc=%s", comment);
	return buf_detach(&b, NULL);
}

static char *title_text(const char *title, const char *desc)
{
	struct buf b = BUF_INIT;

	if (!title && !desc)
		return NULL;
	if (title)
		buf_adds(&b, title);
	if (title && desc && *desc)
		buf_adds(&b, "\n\n");
	if (desc)
		buf_adds(&b, desc);
	return buf_detach(&b, NULL);
}

/* A video from its snippet; id already in r->post_id. */
static int yt_video_snippet(struct yt *y, const cJSON *sn, const char *path,
			    const char *owner_key, struct post_rec *r)
{
	const char *title, *desc;

	if (json_str(sn, path, "title", 0, &title, y->err) ||
	    json_str(sn, path, "description", 0, &desc, y->err) ||
	    json_id(sn, path, owner_key, 0, JSON_ID_TOKEN, &r->account_id,
		    y->err))
		return -1;
	if (!r->account_id && strcmp(owner_key, "channelId") &&
	    json_id(sn, path, "channelId", 0, JSON_ID_TOKEN, &r->account_id,
		    y->err))
		return -1;
	if (r->posted_at == POST_TIME_UNKNOWN &&
	    json_time(sn, path, "publishedAt", 0, &r->posted_at, y->err))
		return -1;
	r->platform = xstrdup("youtube");
	r->kind = xstrdup("post");
	r->text = title_text(title, desc);
	r->url = watch_url(r->post_id, NULL);
	return 0;
}

static int yt_playlist_item(struct yt *y, const cJSON *it, const char *path)
{
	struct post_rec r;
	struct buf p = BUF_INIT;
	const cJSON *sn, *cd, *res;
	const char *title;
	char *rid = NULL;
	int rc = -1;

	post_rec_init(&r);
	if (json_member(it, path, "snippet", cJSON_Object, 1, &sn, y->err) ||
	    json_member(it, path, "contentDetails", cJSON_Object, 0, &cd,
			y->err))
		goto out;
	buf_addf(&p, "%s.contentDetails", path);
	if (json_id(cd, p.s, "videoId", 0, JSON_ID_TOKEN, &r.post_id,
		    y->err) ||
	    json_time(cd, p.s, "videoPublishedAt", 0, &r.posted_at, y->err))
		goto out;
	buf_reset(&p);
	buf_addf(&p, "%s.snippet", path);
	if (json_member(sn, p.s, "resourceId", cJSON_Object, !r.post_id,
			&res, y->err))
		goto out;
	buf_adds(&p, ".resourceId");
	if (json_id(res, p.s, "videoId", !r.post_id, JSON_ID_TOKEN, &rid,
		    y->err))
		goto out;
	if (!r.post_id) {
		r.post_id = rid;
		rid = NULL;
	}
	buf_reset(&p);
	buf_addf(&p, "%s.snippet", path);
	if (json_str(sn, p.s, "title", 0, &title, y->err))
		goto out;
	if (!cJSON_HasObjectItem(sn, "videoOwnerChannelId") && title &&
	    (!strcmp(title, "Deleted video") ||
	     !strcmp(title, "Private video"))) {
		rc = source_gone(y->sink, "youtube", r.post_id, title, y->err);
		goto out;
	}
	if (yt_video_snippet(y, sn, p.s, "videoOwnerChannelId", &r))
		goto out;
	rc = source_post(y->sink, &r, y->err);
out:
	free(rid);
	post_rec_release(&r);
	buf_release(&p);
	return rc;
}

static int yt_video(struct yt *y, const cJSON *it, const char *path)
{
	struct post_rec r;
	struct buf p = BUF_INIT;
	const cJSON *sn;
	int rc = -1;

	post_rec_init(&r);
	if (json_id(it, path, "id", 1, JSON_ID_TOKEN, &r.post_id, y->err) ||
	    json_member(it, path, "snippet", cJSON_Object, 1, &sn, y->err))
		goto out;
	buf_addf(&p, "%s.snippet", path);
	if (yt_video_snippet(y, sn, p.s, "channelId", &r))
		goto out;
	rc = source_post(y->sink, &r, y->err);
out:
	post_rec_release(&r);
	buf_release(&p);
	return rc;
}

static int yt_search_result(struct yt *y, const cJSON *it, const char *path)
{
	struct post_rec r;
	struct buf p = BUF_INIT;
	const cJSON *id, *sn;
	const char *kind;
	int rc = -1;

	post_rec_init(&r);
	if (json_member(it, path, "id", cJSON_Object, 1, &id, y->err))
		goto out;
	buf_addf(&p, "%s.id", path);
	if (json_str(id, p.s, "kind", 1, &kind, y->err))
		goto out;
	if (strcmp(kind, "youtube#video")) {
		rc = 0;		/* a channel or playlist found: no post */
		goto out;
	}
	if (json_id(id, p.s, "videoId", 1, JSON_ID_TOKEN, &r.post_id,
		    y->err) ||
	    json_member(it, path, "snippet", cJSON_Object, 1, &sn, y->err))
		goto out;
	buf_reset(&p);
	buf_addf(&p, "%s.snippet", path);
	if (yt_video_snippet(y, sn, p.s, "channelId", &r))
		goto out;
	rc = source_post(y->sink, &r, y->err);
out:
	post_rec_release(&r);
	buf_release(&p);
	return rc;
}

static int yt_comment(struct yt *y, const cJSON *c, const char *path)
{
	struct post_rec r;
	struct buf p = BUF_INIT;
	const cJSON *sn, *author;
	const char *text, *display, *name;
	int rc = -1;

	post_rec_init(&r);
	if (json_id(c, path, "id", 1, JSON_ID_TOKEN, &r.post_id, y->err) ||
	    json_member(c, path, "snippet", cJSON_Object, 1, &sn, y->err))
		goto out;
	buf_addf(&p, "%s.snippet", path);
	if (json_str(sn, p.s, "textOriginal", 0, &text, y->err) ||
	    json_str(sn, p.s, "textDisplay", 0, &display, y->err) ||
	    json_str(sn, p.s, "authorDisplayName", 0, &name, y->err) ||
	    json_id(sn, p.s, "videoId", 1, JSON_ID_TOKEN, &r.ref_post_id,
		    y->err) ||
	    json_id(sn, p.s, "channelId", 0, JSON_ID_TOKEN,
		    &r.ref_account_id, y->err) ||
	    json_time(sn, p.s, "publishedAt", 1, &r.posted_at, y->err) ||
	    json_member(sn, p.s, "authorChannelId", cJSON_Object, 0, &author,
			y->err))
		goto out;
	buf_adds(&p, ".authorChannelId");
	if (json_id(author, p.s, "value", 1, JSON_ID_TOKEN, &r.account_id,
		    y->err))
		goto out;
	r.platform = xstrdup("youtube");
	r.kind = xstrdup("comment");
	r.account = yt_handle(name);
	r.text = json_dup(text ? text : display);
	r.url = watch_url(r.ref_post_id, r.post_id);
	if (source_user(y->sink, "youtube", r.account, r.account_id, y->err))
		goto out;
	rc = source_post(y->sink, &r, y->err);
out:
	post_rec_release(&r);
	buf_release(&p);
	return rc;
}

static int yt_thread(struct yt *y, const cJSON *it, const char *path)
{
	struct buf p = BUF_INIT;
	const cJSON *sn, *top, *replies, *list, *c;
	size_t i = 0;
	int rc = -1;

	if (json_member(it, path, "snippet", cJSON_Object, 1, &sn, y->err))
		return -1;
	buf_addf(&p, "%s.snippet", path);
	if (json_member(sn, p.s, "topLevelComment", cJSON_Object, 1, &top,
			y->err))
		goto out;
	buf_adds(&p, ".topLevelComment");
	if (yt_comment(y, top, p.s) ||
	    json_member(it, path, "replies", cJSON_Object, 0, &replies,
			y->err))
		goto out;
	buf_reset(&p);
	buf_addf(&p, "%s.replies", path);
	if (json_member(replies, p.s, "comments", cJSON_Array, 0, &list,
			y->err))
		goto out;
	cJSON_ArrayForEach(c, list) {
		buf_reset(&p);
		buf_addf(&p, "%s.replies.comments[%zu]", path, i++);
		if (yt_comment(y, c, p.s))
			goto out;
	}
	rc = 0;
out:
	buf_release(&p);
	return rc;
}

static int yt_channel(struct yt *y, const cJSON *it, const char *path)
{
	struct buf p = BUF_INIT;
	const cJSON *sn;
	const char *custom;
	char *id = NULL, *h = NULL;
	int rc = -1;

	if (json_id(it, path, "id", 1, JSON_ID_TOKEN, &id, y->err) ||
	    json_member(it, path, "snippet", cJSON_Object, 0, &sn, y->err))
		goto out;
	buf_addf(&p, "%s.snippet", path);
	if (json_str(sn, p.s, "customUrl", 0, &custom, y->err))
		goto out;
	h = yt_handle(custom);
	rc = source_user(y->sink, "youtube", h, id, y->err);
out:
	free(id);
	free(h);
	buf_release(&p);
	return rc;
}

static const struct {
	const char *kind;	/* the response's kind */
	const char *item_kind;	/* each item's kind */
	int (*fn)(struct yt *, const cJSON *, const char *);
} yt_kinds[] = {
	{ "youtube#playlistItemListResponse", "youtube#playlistItem",
	  yt_playlist_item },
	{ "youtube#videoListResponse", "youtube#video", yt_video },
	{ "youtube#searchListResponse", "youtube#searchResult",
	  yt_search_result },
	{ "youtube#commentThreadListResponse", "youtube#commentThread",
	  yt_thread },
	{ "youtube#commentListResponse", "youtube#comment", yt_comment },
	{ "youtube#channelListResponse", "youtube#channel", yt_channel },
};

static int yt_api_error(const cJSON *e, struct buf *err)
{
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(e, "code");
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(e, "message");

	buf_adds(err, "YouTube API error");
	if (cJSON_IsNumber(code))
		buf_addf(err, " %d", code->valueint);
	if (cJSON_IsString(msg)) {
		buf_adds(err, ": ");
		json_quote(err, msg->valuestring);
	}
	return -1;
}

static int yt_body(struct yt *y, const cJSON *root)
{
	struct buf p = BUF_INIT;
	const cJSON *items, *it, *e;
	const char *kind, *ik;
	size_t i, k = sizeof(yt_kinds) / sizeof(yt_kinds[0]);
	int rc = -1;

	if (!cJSON_IsObject(root)) {
		buf_addf(y->err, "expected a YouTube API response object, "
			 "found %s", json_type_name(root));
		return -1;
	}
	e = cJSON_GetObjectItemCaseSensitive(root, "error");
	if (cJSON_IsObject(e))
		return yt_api_error(e, y->err);
	if (json_str(root, "", "kind", 1, &kind, y->err))
		return -1;
	for (i = 0; i < k && strcmp(kind, yt_kinds[i].kind); i++)
		;
	if (i == k) {
		buf_adds(y->err, "kind: ");
		json_quote(y->err, kind);
		buf_adds(y->err, " is not a supported YouTube list response "
			 "(playlistItems, videos, search, commentThreads, "
			 "comments, channels)");
		return -1;
	}
	if (json_member(root, "", "items", cJSON_Array, 0, &items, y->err))
		return -1;
	k = i;
	i = 0;
	cJSON_ArrayForEach(it, items) {
		buf_reset(&p);
		buf_addf(&p, "items[%zu]", i++);
		if (!cJSON_IsObject(it)) {
			json_fail(y->err, p.s, NULL, "expected an object, "
				  "found %s", json_type_name(it));
			goto out;
		}
		if (json_str(it, p.s, "kind", 0, &ik, y->err))
			goto out;
		if (ik && strcmp(ik, yt_kinds[k].item_kind)) {
			json_fail(y->err, p.s, "kind", "%s", "");
			json_quote(y->err, ik);
			buf_addf(y->err, " in a %s", kind);
			goto out;
		}
		if (yt_kinds[k].fn(y, it, p.s))
			goto out;
	}
	rc = 0;
out:
	buf_release(&p);
	return rc;
}

static int youtube_parse(const struct post_sink *sink, const char *data,
			 size_t len, long line, struct buf *err)
{
	struct yt y = { sink, err };
	cJSON *root;
	int rc;

	(void)line;
	root = json_parse(data, len, 0, err);
	if (!root)
		return -1;
	rc = yt_body(&y, root);
	cJSON_Delete(root);
	return rc;
}

static int youtube_detect(const char *head, size_t len)
{
	return head_first(head, len) == '{' &&
	       (head_key(head, len, "kind", "\"youtube#") ||
		(head_key(head, len, "error", "{") &&
		 head_has(head, len, "\"youtube.")));
}

const struct post_format format_youtube = {
	"youtube", 0, youtube_detect, youtube_parse
};
