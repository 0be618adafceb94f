/* SPDX-License-Identifier: MIT */
/*
 * TikTok: the parser of TikTok Research API video query responses
 * ("tiktok"). No HTTP here.
 *
 * Documented fields read (developers.tiktok.com: "Research API - Query
 * Videos" and the Research API codebook):
 *   response: data {videos[], cursor, has_more, search_id},
 *     error {code, message, log_id}, where code "ok" means success;
 *   video: id (a JSON number of up to 19 digits), create_time (unix
 *     seconds), username, video_description, region_code,
 *     hashtag_names[], voice_to_text.
 *
 * Decisions:
 *   - ids are JSON numbers that a double would round (7318014939153409326
 *     becomes 7318014939153409536): json_parse() turns them into text
 *     before cJSON sees them, so they arrive exact;
 *   - an error other than "ok" refuses the whole response with TikTok's
 *     code and message, even when data is present;
 *   - a video is a post of its username; the API gives no user id, so
 *     account_id is NULL; text is video_description (voice_to_text is
 *     not the author's writing and is left out); url the public video
 *     link;
 *   - comment lists (data.comments) are refused: they name no author;
 *   - no complete(): a query result is a search, never an account's
 *     whole list, and TikTok drops deleted and private videos from it
 *     without saying so.
 */
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/jsonutil.h"
#include "collect/post.h"
#include "collect/source.h"
#include "util/banned.h"

static int tt_video(const struct post_sink *sink, const cJSON *v,
		    const char *path, struct buf *err)
{
	struct post_rec r;
	struct buf b = BUF_INIT;
	const char *user, *desc;
	int64_t t;
	int found;

	post_rec_init(&r);
	if (!cJSON_IsObject(v)) {
		json_fail(err, path, NULL, "expected an object, found %s",
			  json_type_name(v));
		return -1;
	}
	if (json_id(v, path, "id", 1, JSON_ID_DIGITS, &r.post_id, err) ||
	    json_int(v, path, "create_time", 0, &t, &found, err) ||
	    json_str(v, path, "username", 0, &user, err) ||
	    json_str(v, path, "video_description", 0, &desc, err)) {
		post_rec_release(&r);
		return -1;
	}
	r.platform = xstrdup("tiktok");
	r.kind = xstrdup("post");
	if (found)
		r.posted_at = t;
	r.account = json_handle(user);
	r.text = json_dup(desc);
	if (r.account)
		buf_addf(&b, "https://www.tiktok.com/@%s/video/%s", r.account,
			 r.post_id);
	else
		buf_addf(&b, "https://www.tiktok.com/video/%s", r.post_id);
	r.url = buf_detach(&b, NULL);
	return source_post(sink, &r, err);
}

static int tt_body(const struct post_sink *sink, const cJSON *root,
		   struct buf *err)
{
	struct buf p = BUF_INIT;
	const cJSON *e, *data, *videos, *v;
	const char *code, *msg;
	size_t i = 0;
	int rc = -1;

	if (!cJSON_IsObject(root)) {
		buf_addf(err, "expected a TikTok API response object, found "
			 "%s", json_type_name(root));
		return -1;
	}
	if (json_member(root, "", "error", cJSON_Object, 0, &e, err) ||
	    json_str(e, "error", "code", 0, &code, err) ||
	    json_str(e, "error", "message", 0, &msg, err))
		return -1;
	if (code && strcmp(code, "ok")) {
		buf_adds(err, "TikTok API error ");
		json_quote(err, code);
		if (msg && *msg) {
			buf_adds(err, ": ");
			json_quote(err, msg);
		}
		return -1;
	}
	if (json_member(root, "", "data", cJSON_Object, 1, &data, err))
		return -1;
	if (cJSON_HasObjectItem(data, "comments")) {
		buf_adds(err, "data.comments: TikTok comment lists are not "
			 "supported (they name no author)");
		return -1;
	}
	if (json_member(data, "data", "videos", cJSON_Array, 1, &videos, err))
		return -1;
	cJSON_ArrayForEach(v, videos) {
		buf_reset(&p);
		buf_addf(&p, "data.videos[%zu]", i++);
		if (tt_video(sink, v, p.s, err))
			goto out;
	}
	rc = 0;
out:
	buf_release(&p);
	return rc;
}

static int tiktok_parse(const struct post_sink *sink, const char *data,
			size_t len, long line, struct buf *err)
{
	cJSON *root;
	int rc;

	(void)line;
	root = json_parse(data, len, 0, err);
	if (!root)
		return -1;
	rc = tt_body(sink, root, err);
	cJSON_Delete(root);
	return rc;
}

static int tiktok_detect(const char *head, size_t len)
{
	if (head_first(head, len) != '{')
		return 0;
	if (head_key(head, len, "data", "{") &&
	    head_key(head, len, "videos", "["))
		return 1;
	return head_key(head, len, "error", "{") &&
	       head_has(head, len, "\"log_id\"");
}

const struct post_format format_tiktok = {
	"tiktok", 0, tiktok_detect, tiktok_parse
};
