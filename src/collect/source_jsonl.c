/* SPDX-License-Identifier: MIT */
/*
 * The canonical post format: JSON Lines, one post object per line, as
 * documented in netra-formats(5). Every line is parsed on its own with
 * cJSON (the file is streamed by import.c, never held whole), checked
 * field by field, and handed to the sink as a post_rec. Unknown fields
 * are ignored, so exports with extra fields (a "label", say) import as
 * they are; null stands for an absent optional field.
 *
 * Messages name the field ("post_id: missing", "media[1].url: not an
 * http(s) URL"); import.c puts the file and line in front.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "util/buf.h"
#include "util/parse.h"
#include "util/utf8.h"
#include "collect/post.h"
#include "collect/import.h"
#include "store/store.h"
#include "util/banned.h"

#define ID_MAX 256

/* Fetches a string member; NULL when absent, null or (optional) "". */
static int get_str(const cJSON *o, const char *prefix, const char *name,
		   int required, const char **out, struct buf *err)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, name);

	*out = NULL;
	if (!it || cJSON_IsNull(it)) {
		if (required) {
			buf_addf(err, "%s%s: missing", prefix, name);
			return -1;
		}
		return 0;
	}
	if (!cJSON_IsString(it) || !it->valuestring) {
		buf_addf(err, "%s%s: must be a string%s", prefix, name,
			 cJSON_IsNumber(it) ? " (write ids as strings: a JSON "
			 "number loses digits)" : "");
		return -1;
	}
	if (!*it->valuestring) {
		if (required) {
			buf_addf(err, "%s%s: empty", prefix, name);
			return -1;
		}
		return 0;
	}
	*out = it->valuestring;
	return 0;
}

/* An id: printable, no blanks, at most ID_MAX bytes. */
static int check_id(const char *prefix, const char *name, const char *v,
		    struct buf *err)
{
	const unsigned char *p;

	if (!v)
		return 0;
	if (strlen(v) > ID_MAX) {
		buf_addf(err, "%s%s: longer than %d bytes", prefix, name,
			 ID_MAX);
		return -1;
	}
	for (p = (const unsigned char *)v; *p; p++) {
		if (*p <= ' ' || *p == 0x7f) {
			buf_addf(err, "%s%s: blank or control character in "
				 "an id", prefix, name);
			return -1;
		}
	}
	return 0;
}

static int check_url(const char *prefix, const char *name, const char *v,
		     struct buf *err)
{
	const unsigned char *p;

	if (!v)
		return 0;
	if (strncasecmp(v, "https://", 8) && strncasecmp(v, "http://", 7))
		goto bad;
	for (p = (const unsigned char *)v; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			goto bad;
	return 0;
bad:
	buf_addf(err, "%s%s: not an http(s) URL", prefix, name);
	return -1;
}

/*
 * Most strings of the record are borrowed from the cJSON tree, which
 * outlives the sink call (a large import makes millions of records);
 * only account, ref_account and media are owned. See release().
 */
static int dup_id(const cJSON *o, const char *prefix, const char *name,
		  int required, char **out, struct buf *err)
{
	const char *v;

	if (get_str(o, prefix, name, required, &v, err) ||
	    check_id(prefix, name, v, err))
		return -1;
	*out = (char *)v;
	return 0;
}

static void release(struct post_rec *r)
{
	r->platform = r->post_id = r->account_id = r->kind = NULL;
	r->text = r->url = r->ref_account_id = r->ref_post_id = NULL;
	r->edit_of = NULL;
	post_rec_release(r);	/* account, ref_account, media */
}

static int dup_account(const cJSON *o, const char *prefix,
		       const char *platform, char **out, struct buf *err)
{
	struct buf canon = BUF_INIT, why = BUF_INIT;
	const char *v;

	if (get_str(o, prefix, "account", 0, &v, err))
		return -1;
	if (!v)
		return 0;
	if (store_canon_account(platform, v, &canon, &why)) {
		buf_addf(err, "%saccount: %s", prefix, why.s);
		buf_release(&canon);
		buf_release(&why);
		return -1;
	}
	buf_release(&why);
	*out = buf_detach(&canon, NULL);
	return 0;
}

static int get_media(const cJSON *o, struct post_rec *r, struct buf *err)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, "media");
	const cJSON *m;
	struct buf pre = BUF_INIT;
	int i = 0, rc = -1;

	if (!arr || cJSON_IsNull(arr))
		return 0;
	if (!cJSON_IsArray(arr)) {
		buf_adds(err, "media: must be an array");
		return -1;
	}
	cJSON_ArrayForEach(m, arr) {
		const char *type, *url, *alt;

		buf_reset(&pre);
		buf_addf(&pre, "media[%d].", i++);
		if (!cJSON_IsObject(m)) {
			buf_addf(err, "media[%d]: must be an object", i - 1);
			goto out;
		}
		if (get_str(m, pre.s, "type", 1, &type, err) ||
		    check_id(pre.s, "type", type, err) ||
		    get_str(m, pre.s, "url", 0, &url, err) ||
		    check_url(pre.s, "url", url, err) ||
		    get_str(m, pre.s, "alt", 0, &alt, err))
			goto out;
		post_rec_add_media(r, type, url, alt);
	}
	rc = 0;
out:
	buf_release(&pre);
	return rc;
}

static int get_ref(const cJSON *o, struct post_rec *r, struct buf *err)
{
	const cJSON *ref = cJSON_GetObjectItemCaseSensitive(o, "ref");

	if (!ref || cJSON_IsNull(ref))
		return 0;
	if (!cJSON_IsObject(ref)) {
		buf_adds(err, "ref: must be an object");
		return -1;
	}
	if (dup_account(ref, "ref.", r->platform, &r->ref_account, err) ||
	    dup_id(ref, "ref.", "account_id", 0, &r->ref_account_id, err) ||
	    dup_id(ref, "ref.", "post_id", 0, &r->ref_post_id, err))
		return -1;
	return 0;
}

/* Fills r from the object o; -1 with "field: problem" in err. */
static int read_post(const cJSON *o, struct post_rec *r, struct buf *err)
{
	const cJSON *it;
	const char *v;
	int timeless;

	if (get_str(o, "", "platform", 1, &v, err))
		return -1;
	if (!store_platform_valid(v)) {
		buf_adds(err, "platform: not one of x, instagram, facebook, "
			 "tiktok, youtube");
		return -1;
	}
	r->platform = (char *)v;
	if (dup_id(o, "", "post_id", 1, &r->post_id, err) ||
	    dup_account(o, "", r->platform, &r->account, err) ||
	    dup_id(o, "", "account_id", 0, &r->account_id, err))
		return -1;
	if (!r->account && !r->account_id) {
		buf_adds(err, "account: missing (give account or account_id)");
		return -1;
	}
	if (get_str(o, "", "kind", 1, &v, err))
		return -1;
	if (!store_kind_valid(v)) {
		buf_adds(err, "kind: not one of post, reply, repost, quote, "
			 "comment, like, follow");
		return -1;
	}
	r->kind = (char *)v;
	timeless = !strcmp(v, "like") || !strcmp(v, "follow");
	if (get_str(o, "", "posted_at", !timeless, &v, err))
		return -1;
	if (v && time_parse_iso(v, &r->posted_at, 0)) {
		buf_adds(err, "posted_at: not an ISO 8601 time with an offset "
			 "(2024-11-27T10:00:00+07:00)");
		return -1;
	}
	if (get_str(o, "", "text", 0, &v, err))
		return -1;
	it = cJSON_GetObjectItemCaseSensitive(o, "text");
	if (cJSON_IsString(it) && it->valuestring)
		r->text = it->valuestring;
	if (get_str(o, "", "url", 0, &v, err) || check_url("", "url", v, err))
		return -1;
	r->url = (char *)v;
	if (get_ref(o, r, err) || get_media(o, r, err) ||
	    dup_id(o, "", "edit_of", 0, &r->edit_of, err))
		return -1;
	it = cJSON_GetObjectItemCaseSensitive(o, "deleted");
	if (it && !cJSON_IsNull(it)) {
		if (!cJSON_IsBool(it)) {
			buf_adds(err, "deleted: must be true or false");
			return -1;
		}
		r->deleted = cJSON_IsTrue(it);
	}
	return 0;
}

/* 1 when a "\u0000" escape (an odd run of backslashes) is in s. */
static int has_nul_escape(const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	while ((p = memmem(p, (size_t)(end - p), "u0000", 5)) != NULL) {
		const char *q = p;
		size_t n = 0;

		while (q > s && q[-1] == '\\') {
			q--;
			n++;
		}
		if (n % 2)
			return 1;
		p += 5;
	}
	return 0;
}

static int jsonl_parse(const struct post_sink *sink, const char *data,
		       size_t len, long line, struct buf *err)
{
	struct post_rec r;
	const char *end = NULL;
	cJSON *o;
	size_t bad = 0;
	int rc = -1;

	if (line == 1 && len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
		data += 3;
		len -= 3;
	}
	if (!utf8_valid(data, len, &bad)) {
		buf_addf(err, "invalid UTF-8 at byte %zu of the line", bad + 1);
		return -1;
	}
	if (memchr(data, '\0', len)) {
		buf_adds(err, "a NUL byte in the line (binary data?)");
		return -1;
	}
	if (has_nul_escape(data, len)) {
		buf_adds(err, "a string holds \\u0000 (NUL), which netra "
			 "refuses");
		return -1;
	}
	o = cJSON_ParseWithLengthOpts(data, len, &end, 0);
	if (!o) {
		size_t at = end && end >= data ? (size_t)(end - data) : 0;
		size_t last = len;

		while (last && strchr(" \t\r", data[last - 1]))
			last--;
		if (at >= len || !last || data[last - 1] != '}')
			buf_adds(err, "not valid JSON: the line ends early "
				 "(truncated?)");
		else
			buf_addf(err, "not valid JSON at byte %zu of the line",
				 at + 1);
		return -1;
	}
	for (; end && end < data + len; end++) {
		if (!strchr(" \t\r", *end)) {
			buf_addf(err, "text after the JSON object at byte %zu "
				 "of the line (one post per line)",
				 (size_t)(end - data) + 1);
			goto out;
		}
	}
	if (!cJSON_IsObject(o)) {
		buf_adds(err, "not a JSON object (one post object per line)");
		goto out;
	}
	post_rec_init(&r);
	r.line = line;
	if (!read_post(o, &r, err))
		rc = sink->post(sink->arg, &r, err);
	release(&r);
out:
	cJSON_Delete(o);
	return rc;
}

/* Looks like JSONL: the first line is an object naming a post_id. */
static int jsonl_detect(const char *head, size_t len)
{
	const char *nl;
	size_t i = 0;

	if (len >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && strchr(" \t\r\n", head[i]))
		i++;
	if (i >= len || head[i] != '{')
		return 0;
	nl = memchr(head + i, '\n', len - i);
	return memmem(head + i, nl ? (size_t)(nl - head - i) : len - i,
		      "\"post_id\"", 9) != NULL;
}

const struct post_format source_jsonl_format = {
	"jsonl", 1, jsonl_detect, jsonl_parse
};
