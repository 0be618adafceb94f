/* SPDX-License-Identifier: MIT */
/*
 * The TikTok parser (source_tiktok.c): each fixture under
 * fixtures/posts/tiktok through a recording sink, compared whole (19-digit
 * ids written as JSON numbers must arrive exact, 9223372036854775807
 * included), the exact message for each bad input, and detection.
 */
#include <stdio.h>

#include "collect/source.h"
#include "tap.h"
#include "source_check.h"

static void test_detect(void)
{
	static const char *const yes[] = {
		"tiktok/videos-page1.json",
		"tiktok/videos-page2.json",
		"tiktok/bad-error.json",
	};
	static const char *const no[] = {
		"x-v2/timeline-page1.json",
		"youtube/videos.json",
		"meta/ig-media.json",
		"twarc2/timeline.jsonl",
	};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		ok(detect_fixture(&format_tiktok, yes[i]),
		   "tiktok detects %s", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ok(!detect_fixture(&format_tiktok, no[i]),
		   "tiktok does not claim %s", no[i]);
}

int main(void)
{
	rec_sink_init(&rs, &sink);
#define FMT format_tiktok
	check(&FMT, "tiktok/videos-page1.json", 0,
	    "post tiktok 7438000000000000103 post budi.kudus.asn/- 2024"
	    "-11-20T04:00:00Z ref=-/-/- edit=- line=0 del=0\n"
	    "  url https://www.tiktok.com/@budi.kudus.asn/video/7438000"
	    "000000000103\n"
	    "  text 'Coblos nomor 2 ✌️ jangan golput! #KudusSehat #pilk"
	    "adakudus'\n"
	    "post tiktok 7438000000000000102 post sari.jepara/- 2024-11"
	    "-19T00:00:00Z ref=-/-/- edit=- line=0 del=0\n"
	    "  url https://www.tiktok.com/@sari.jepara/video/7438000000"
	    "000000102\n"
	    "  text 'Tutorial daftar BPJS lewat aplikasi, gampang bange"
	    "t'\n"
	    "post tiktok 9223372036854775807 post budi.kudus.asn/- 2024"
	    "-11-18T00:00:00Z ref=-/-/- edit=- line=0 del=0\n"
	    "  url https://www.tiktok.com/@budi.kudus.asn/video/9223372"
	    "036854775807\n"
	    "  text 'Senam sehat pagi di alun-alun 💃'\n",
	    NULL);
	check(&FMT, "tiktok/videos-page2.json", 0,
	    "post tiktok 7438000000000000101 post budi.kudus.asn/- 2024"
	    "-11-17T00:00:00Z ref=-/-/- edit=- line=0 del=0\n"
	    "  url https://www.tiktok.com/@budi.kudus.asn/video/7438000"
	    "000000000101\n"
	    "  text 'Nobar debat publik, siapa yang paling meyakinkan? "
	    "✌️'\n",
	    NULL);
	check(&FMT, "tiktok/bad-error.json", -1,
	    "",
	    "TikTok API error 'access_token_invalid': 'The access token"
	    " is invalid or not found in the request.'");
	check(&FMT, "tiktok/bad-missing-id.json", -1,
	    "post tiktok 7438000000000000103 post budi.kudus.asn/- 2024"
	    "-11-20T04:00:00Z ref=-/-/- edit=- line=0 del=0\n"
	    "  url https://www.tiktok.com/@budi.kudus.asn/video/7438000"
	    "000000000103\n"
	    "  text 'Coblos nomor 2 ✌️ jangan golput! #KudusSehat #pilk"
	    "adakudus'\n",
	    "data.videos[1].id: missing");
	check(&FMT, "tiktok/bad-time.json", -1,
	    "post tiktok 7438000000000000103 post budi.kudus.asn/- 2024"
	    "-11-20T04:00:00Z ref=-/-/- edit=- line=0 del=0\n"
	    "  url https://www.tiktok.com/@budi.kudus.asn/video/7438000"
	    "000000000103\n"
	    "  text 'Coblos nomor 2 ✌️ jangan golput! #KudusSehat #pilk"
	    "adakudus'\n"
	    "post tiktok 7438000000000000102 post sari.jepara/- 2024-11"
	    "-19T00:00:00Z ref=-/-/- edit=- line=0 del=0\n"
	    "  url https://www.tiktok.com/@sari.jepara/video/7438000000"
	    "000000102\n"
	    "  text 'Tutorial daftar BPJS lewat aplikasi, gampang bange"
	    "t'\n",
	    "data.videos[2].create_time: 'kemarin' is not an integer");
	check(&FMT, "tiktok/bad-float-id.json", -1,
	    "",
	    "data.videos[0].id: a number is not an id");
	check(&FMT, "tiktok/bad-comments.json", -1,
	    "",
	    "data.comments: TikTok comment lists are not supported (the"
	    "y name no author)");
	check(&FMT, "tiktok/bad-empty.json", -1,
	    "",
	    "empty input: no JSON value");
#undef FMT
	test_detect();
	buf_release(&rs.out);
	return done_testing();
}
