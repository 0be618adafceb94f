/* SPDX-License-Identifier: MIT */
/*
 * Detection across the platform formats: every good fixture is claimed
 * by exactly its own format and by no other, so post_formats[] may list
 * them in any order; and none of them claims canonical JSONL, which
 * belongs to the jsonl reader.
 */
#include <stdio.h>

#include "collect/source.h"
#include "source_sink.h"
#include "tap.h"

static const struct post_format *const formats[] = {
	&format_x_v2, &format_twarc2, &format_x_archive, &format_youtube,
	&format_meta, &format_tiktok,
};
#define N_FORMATS (sizeof(formats) / sizeof(formats[0]))

static const struct {
	const char *fixture;
	const char *format;
} cases[] = {
	{ "x-v2/timeline-page1.json", "x-v2" },
	{ "x-v2/timeline-page2.json", "x-v2" },
	{ "x-v2/edit.json", "x-v2" },
	{ "x-v2/errors-partial.json", "x-v2" },
	{ "x-v2/users-lookup.json", "x-v2" },
	{ "x-v2/following.json", "x-v2" },
	{ "twarc2/timeline.jsonl", "twarc2" },
	{ "twarc2/following.jsonl", "twarc2" },
	{ "twarc2/flattened.jsonl", "twarc2" },
	{ "x-archive/tweets.js", "x-archive" },
	{ "x-archive/like.js", "x-archive" },
	{ "x-archive/following.js", "x-archive" },
	{ "x-archive/account.js", "x-archive" },
	{ "youtube/playlistitems-page1.json", "youtube" },
	{ "youtube/playlistitems-page2.json", "youtube" },
	{ "youtube/videos.json", "youtube" },
	{ "youtube/commentthreads.json", "youtube" },
	{ "youtube/channels.json", "youtube" },
	{ "youtube/bad-quota.json", "youtube" },
	{ "meta/ig-media.json", "meta" },
	{ "meta/ig-media-page2.json", "meta" },
	{ "meta/ig-business-discovery.json", "meta" },
	{ "meta/ig-comments.json", "meta" },
	{ "meta/fb-page-posts.json", "meta" },
	{ "meta/bad-oauth.json", "meta" },
	{ "tiktok/videos-page1.json", "tiktok" },
	{ "tiktok/videos-page2.json", "tiktok" },
	{ "tiktok/bad-error.json", "tiktok" },
};

int main(void)
{
	static const char canonical[] =
		"{\"platform\": \"x\", \"post_id\": \"1859000000000000105\", "
		"\"account\": \"budi_kudus_asn\", \"kind\": \"post\", "
		"\"data\": [1], \"meta\": {}, \"__twarc\": {}}\n";
	struct buf data = BUF_INIT, who = BUF_INIT;
	size_t i, f;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len;

		read_fixture(cases[i].fixture, &data);
		len = data.len < 65536 ? data.len : 65536;
		buf_reset(&who);
		for (f = 0; f < N_FORMATS; f++)
			if (formats[f]->detect(data.s, len))
				buf_addf(&who, "%s%s", who.len ? " " : "",
					 formats[f]->name);
		is_str(who.s, cases[i].format, "%s is claimed by %s only",
		       cases[i].fixture, cases[i].format);
	}
	for (f = 0; f < N_FORMATS; f++) {
		ok(!formats[f]->detect(canonical, sizeof(canonical) - 1),
		   "%s does not claim canonical JSONL", formats[f]->name);
		ok(!formats[f]->detect("", 0), "%s does not claim nothing",
		   formats[f]->name);
	}
	buf_release(&data);
	buf_release(&who);
	return done_testing();
}
