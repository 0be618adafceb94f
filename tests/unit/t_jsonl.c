/* SPDX-License-Identifier: MIT */
/* The canonical JSONL reader: fields, nulls, unknown fields, refusals. */
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "collect/import.h"
#include "collect/post.h"
#include "store/store.h"
#include "tap.h"

static struct post_rec got;
static int n_posts;

static char *dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int on_post(void *arg, const struct post_rec *r, struct buf *err)
{
	size_t i;

	(void)arg;
	(void)err;
	post_rec_release(&got);
	got.platform = dup(r->platform);
	got.post_id = dup(r->post_id);
	got.account = dup(r->account);
	got.account_id = dup(r->account_id);
	got.kind = dup(r->kind);
	got.text = dup(r->text);
	got.url = dup(r->url);
	got.ref_account = dup(r->ref_account);
	got.ref_post_id = dup(r->ref_post_id);
	got.edit_of = dup(r->edit_of);
	got.posted_at = r->posted_at;
	got.deleted = r->deleted;
	got.line = r->line;
	for (i = 0; i < r->n_media; i++)
		post_rec_add_media(&got, r->media[i].type, r->media[i].url,
				   r->media[i].alt);
	n_posts++;
	return 0;
}

static const struct post_sink sink = { NULL, on_post, NULL, NULL, NULL,
				       NULL };

static int parse(const char *line, struct buf *err)
{
	buf_reset(err);
	return source_jsonl_format.parse(&sink, line, strlen(line), 7, err);
}

#define REFUSED(line, msg) do { \
	ok(parse(line, &err) && strstr(err.s, msg), "refused: %s", msg); \
	if (!strstr(err.s, msg)) \
		printf("#   got: %s\n", err.s); \
} while (0)

int main(void)
{
	struct buf err = BUF_INIT;
	const char *full = "{\"platform\":\"x\","
		"\"post_id\":\"1850000000000000002\","
		"\"account\":\"budi_fiktif\",\"account_id\":\"900\","
		"\"posted_at\":\"2024-11-02T19:30:00+07:00\","
		"\"kind\":\"quote\",\"text\":\"Ayo coblos \\u2705\","
		"\"url\":\"https://x.com/b/status/2\","
		"\"ref\":{\"account\":\"calon_fiktif\",\"post_id\":\"77\"},"
		"\"media\":[{\"type\":\"photo\","
		"\"url\":\"https://p.example/1.jpg\",\"alt\":\"foto\"}],"
		"\"edit_of\":\"1850000000000000001\",\"deleted\":true,"
		"\"label\":\"campaign\",\"extra\":{\"a\":[1]}}";

	post_rec_init(&got);
	ok(!parse(full, &err), "a full record parses: %s", err.s);
	is_str(got.platform, "x", "platform");
	is_str(got.post_id, "1850000000000000002", "19-digit id kept as text");
	is_str(got.account_id, "900", "account_id");
	is_int(got.posted_at, 1730550600, "posted_at with offset");
	is_str(got.kind, "quote", "kind");
	is_str(got.text, "Ayo coblos \xE2\x9C\x85", "text with \\u escape");
	is_str(got.ref_account, "calon_fiktif", "ref.account");
	is_str(got.ref_post_id, "77", "ref.post_id");
	is_int(got.n_media, 1, "one media");
	is_str(got.media[0].alt, "foto", "media alt");
	is_str(got.edit_of, "1850000000000000001", "edit_of");
	is_int(got.deleted, 1, "deleted");
	is_int(got.line, 7, "line number passed on");

	ok(!parse("{\"platform\":\"x\",\"post_id\":\"3\",\"account\":\"a_b\","
		  "\"posted_at\":\"2023-11-25T21:33:24+00:00\","
		  "\"kind\":\"post\",\"text\":null,\"url\":null,"
		  "\"ref\":null,\"media\":null,"
		  "\"deleted\":null,\"edit_of\":null,"
		  "\"account_id\":null}", &err),
	   "nulls are absent fields: %s", err.s);
	ok(!got.text && !got.url && !got.n_media && !got.deleted,
	   "null fields read as absent");
	ok(!parse("{\"platform\":\"x\",\"post_id\":\"4\",\"account_id\":\"9\","
		  "\"kind\":\"like\",\"ref\":{\"post_id\":\"5\"}}", &err),
	   "a like needs no time: %s", err.s);
	ok(got.posted_at == POST_TIME_UNKNOWN && !got.account,
	   "time unknown, id-only author");
	ok(!parse("\xEF\xBB\xBF{\"platform\":\"x\",\"post_id\":\"4\","
		  "\"account_id\":\"9\",\"kind\":\"follow\"}", &err),
	   "a UTF-8 BOM before the object is skipped: %s", err.s);

	REFUSED("{\"platform\":\"x\"", "not valid JSON");
	REFUSED("{\"platform\":\"x\",\"post_id\":\"1\",\"account\":\"a\","
		"\"kind\":\"post\"}", "posted_at: missing");
	REFUSED("{\"platform\":\"x\",\"post_id\":\"\",\"account\":\"a\"}",
		"post_id: empty");
	REFUSED("{\"platform\":\"x\",\"post_id\":1,\"account\":\"a\"}",
		"post_id: must be a string (write ids as strings");
	REFUSED("{\"platform\":\"x\",\"post_id\":\"1\",\"account\":7}",
		"account: must be a string");
	REFUSED("{\"platform\":\"x\",\"post_id\":\"1\",\"account\":\"a\","
		"\"kind\":\"post\",\"posted_at\":\"kemarin\"}",
		"posted_at: not an ISO 8601 time");
	REFUSED("{\"platform\":\"x\",\"post_id\":\"1\",\"account\":\"a\","
		"\"kind\":\"post\",\"posted_at\":\"2024-11-01T00:00:00Z\","
		"\"media\":[1]}", "media[0]: must be an object");
	REFUSED("{\"platform\":\"x\",\"post_id\":\"1\",\"account\":\"a\","
		"\"kind\":\"post\",\"posted_at\":\"2024-11-01T00:00:00Z\","
		"\"media\":[{\"type\":\"photo\","
		"\"url\":\"file:///etc/passwd\"}]}",
		"media[0].url: not an http(s) URL");
	REFUSED("{\"platform\":\"x\",\"post_id\":\"1\",\"account\":\"a\","
		"\"kind\":\"post\",\"posted_at\":\"2024-11-01T00:00:00Z\","
		"\"ref\":{\"post_id\":5}}", "ref.post_id: must be a string");
	REFUSED("{\"text\":\"\xC3\x28\"}", "invalid UTF-8 at byte 10");
	REFUSED("{\"text\":\"\xED\xA0\x80\"}", "invalid UTF-8");
	REFUSED("{\"text\":\"\\\\\\u0000\"}", "\\u0000");
	REFUSED("null", "not a JSON object");

	buf_reset(&err);
	ok(!parse("{\"text\":\"\\\\u0000\",\"platform\":\"x\","
		  "\"post_id\":\"1\",\"account\":\"a\",\"kind\":\"like\"}",
		  &err),
	   "an escaped backslash before u0000 is text: %s", err.s);

	ok(source_jsonl_format.detect("{\"platform\":\"x\","
				      "\"post_id\":\"1\"}\n", 33),
	   "detects JSONL");
	ok(source_jsonl_format.detect("\xEF\xBB\xBF  {\"post_id\":\"1\"}", 19),
	   "detects after a BOM and blanks");
	ok(!source_jsonl_format.detect("{\n  \"data\": [{\"id\": \"1\"}]}", 26),
	   "an X API response is not JSONL");
	ok(!source_jsonl_format.detect("platform,post_id\n", 17),
	   "CSV is not JSONL");
	ok(post_format_by_name("jsonl") == &source_jsonl_format,
	   "registered as jsonl");
	ok(post_format_detect("{\"post_id\":\"1\"}", 15) ==
	   &source_jsonl_format, "found by detection");

	post_rec_release(&got);
	buf_release(&err);
	return done_testing();
}
