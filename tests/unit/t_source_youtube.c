/* SPDX-License-Identifier: MIT */
/*
 * The YouTube parser (source_youtube.c): each fixture under
 * fixtures/posts/youtube through a recording sink, compared whole, the
 * exact message for each bad input, and detection.
 */
#include <stdio.h>

#include "collect/source.h"
#include "tap.h"
#include "source_check.h"

static void test_detect(void)
{
	static const char *const yes[] = {
		"youtube/playlistitems-page1.json",
		"youtube/videos.json",
		"youtube/commentthreads.json",
		"youtube/channels.json",
		"youtube/bad-quota.json",
	};
	static const char *const no[] = {
		"x-v2/timeline-page1.json",
		"twarc2/timeline.jsonl",
		"x-archive/tweets.js",
	};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		ok(detect_fixture(&format_youtube, yes[i]),
		   "youtube detects %s", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ok(!detect_fixture(&format_youtube, no[i]),
		   "youtube does not claim %s", no[i]);
}

int main(void)
{
	rec_sink_init(&rs, &sink);
#define FMT format_youtube
	check(&FMT, "youtube/playlistitems-page1.json", 0,
	    "post youtube FkBudi00001 post -/UCFiktifBudiKudus000001A 2"
	    "024-11-20T04:58:10Z ref=-/-/- edit=- line=0 del=0\n"
	    "  url https://www.youtube.com/watch?v=FkBudi00001\n"
	    "  text 'Vlog: kampanye akbar paslon nomor 2 di alun-alun ✌"
	    "️\\n\\nSeru sekali! Jangan lupa 27 November coblos nomor 2"
	    ". #KudusSehat'\n"
	    "post youtube FkBudi00002 post -/UCFiktifBudiKudus000001A 2"
	    "024-11-18T02:00:00Z ref=-/-/- edit=- line=0 del=0\n"
	    "  url https://www.youtube.com/watch?v=FkBudi00002\n"
	    "  text 'Sosialisasi imunisasi anak di Puskesmas Jati'\n"
	    "gone youtube FkBudi00003 Deleted video\n"
	    "gone youtube FkBudi00004 Private video\n",
	    NULL);
	check(&FMT, "youtube/playlistitems-page2.json", 0,
	    "post youtube FkPaslon001 post -/UCFiktifPaslon2Kudus0002 2"
	    "024-11-14T13:00:00Z ref=-/-/- edit=- line=0 del=0\n"
	    "  url https://www.youtube.com/watch?v=FkPaslon001\n"
	    "  text 'Debat publik paslon nomor 2 (siaran ulang)\\n\\nSa"
	    "ksikan visi misi paslon nomor 2 untuk Kudus.\\nPilih yang "
	    "peduli!'\n",
	    NULL);
	check(&FMT, "youtube/videos.json", 0,
	    "post youtube FkPaslon001 post -/UCFiktifPaslon2Kudus0002 2"
	    "024-11-14T13:00:00Z ref=-/-/- edit=- line=0 del=0\n"
	    "  url https://www.youtube.com/watch?v=FkPaslon001\n"
	    "  text 'Debat publik paslon nomor 2 (siaran ulang)\\n\\nSa"
	    "ksikan visi misi paslon nomor 2 untuk Kudus.\\nPilih yang "
	    "peduli!'\n"
	    "post youtube FkBudi00001 post -/UCFiktifBudiKudus000001A 2"
	    "024-11-20T04:58:10Z ref=-/-/- edit=- line=0 del=0\n"
	    "  url https://www.youtube.com/watch?v=FkBudi00001\n"
	    "  text 'Vlog: kampanye akbar paslon nomor 2 di alun-alun ✌"
	    "️\\n\\nSeru sekali! Jangan lupa 27 November coblos nomor 2"
	    ". #KudusSehat'\n",
	    NULL);
	check(&FMT, "youtube/commentthreads.json", 0,
	    "user youtube @sari.jepara UCFiktifSariJepara00003B\n"
	    "post youtube UgzFiktifSari0001 comment @sari.jepara/UCFikt"
	    "ifSariJepara00003B 2024-11-15T01:00:00Z ref=-/UCFiktifPasl"
	    "on2Kudus0002/FkPaslon001 edit=- line=0 del=0\n"
	    "  url https://www.youtube.com/watch?v=FkPaslon001&lc=UgzFi"
	    "ktifSari0001\n"
	    "  text 'Mantap, coblos nomor 2! ✌️\\nKudus makin sehat'\n"
	    "user youtube @budi.kudus.asn UCFiktifBudiKudus000001A\n"
	    "post youtube UgzFiktifSari0001.AFiktifBudi01 comment @budi"
	    ".kudus.asn/UCFiktifBudiKudus000001A 2024-11-15T02:30:00Z r"
	    "ef=-/UCFiktifPaslon2Kudus0002/FkPaslon001 edit=- line=0 de"
	    "l=0\n"
	    "  url https://www.youtube.com/watch?v=FkPaslon001&lc=UgzFi"
	    "ktifSari0001.AFiktifBudi01\n"
	    "  text 'Setuju Bu 👍'\n"
	    "post youtube UgyFiktifWarga002 comment -/UCFiktifWargaKudu"
	    "s0004CC 2024-11-15T03:00:00Z ref=-/UCFiktifPaslon2Kudus000"
	    "2/FkPaslon001 edit=- line=0 del=0\n"
	    "  url https://www.youtube.com/watch?v=FkPaslon001&lc=UgyFi"
	    "ktifWarga002\n"
	    "  text 'Kapan jadwal debat berikutnya?'\n",
	    NULL);
	check(&FMT, "youtube/channels.json", 0,
	    "user youtube @budi.kudus.asn UCFiktifBudiKudus000001A\n",
	    NULL);
	check(&FMT, "youtube/bad-quota.json", -1,
	    "",
	    "YouTube API error 403: 'The request cannot be completed be"
	    "cause you have exceeded your <a href=\"/youtube/v3/getting"
	    "-started#quota\">quota</a>.'");
	check(&FMT, "youtube/bad-kind.json", -1,
	    "",
	    "kind: 'youtube#activityListResponse' is not a supported Yo"
	    "uTube list response (playlistItems, videos, search, commen"
	    "tThreads, comments, channels)");
	check(&FMT, "youtube/bad-missing-id.json", -1,
	    "post youtube FkPaslon001 post -/UCFiktifPaslon2Kudus0002 2"
	    "024-11-14T13:00:00Z ref=-/-/- edit=- line=0 del=0\n"
	    "  url https://www.youtube.com/watch?v=FkPaslon001\n"
	    "  text 'Debat publik paslon nomor 2 (siaran ulang)\\n\\nSa"
	    "ksikan visi misi paslon nomor 2 untuk Kudus.\\nPilih yang "
	    "peduli!'\n",
	    "items[1].id: missing");
	check(&FMT, "youtube/bad-time.json", -1,
	    "post youtube FkBudi00001 post -/UCFiktifBudiKudus000001A 2"
	    "024-11-20T04:58:10Z ref=-/-/- edit=- line=0 del=0\n"
	    "  url https://www.youtube.com/watch?v=FkBudi00001\n"
	    "  text 'Vlog: kampanye akbar paslon nomor 2 di alun-alun ✌"
	    "️\\n\\nSeru sekali! Jangan lupa 27 November coblos nomor 2"
	    ". #KudusSehat'\n",
	    "items[1].contentDetails.videoPublishedAt: '18/11/2024 09:0"
	    "0' is not an ISO 8601 time");
	check(&FMT, "youtube/bad-wrong-type.json", -1,
	    "user youtube @sari.jepara UCFiktifSariJepara00003B\n"
	    "post youtube UgzFiktifSari0001 comment @sari.jepara/UCFikt"
	    "ifSariJepara00003B 2024-11-15T01:00:00Z ref=-/UCFiktifPasl"
	    "on2Kudus0002/FkPaslon001 edit=- line=0 del=0\n"
	    "  url https://www.youtube.com/watch?v=FkPaslon001&lc=UgzFi"
	    "ktifSari0001\n"
	    "  text 'Mantap, coblos nomor 2! ✌️\\nKudus makin sehat'\n"
	    "user youtube @budi.kudus.asn UCFiktifBudiKudus000001A\n"
	    "post youtube UgzFiktifSari0001.AFiktifBudi01 comment @budi"
	    ".kudus.asn/UCFiktifBudiKudus000001A 2024-11-15T02:30:00Z r"
	    "ef=-/UCFiktifPaslon2Kudus0002/FkPaslon001 edit=- line=0 de"
	    "l=0\n"
	    "  url https://www.youtube.com/watch?v=FkPaslon001&lc=UgzFi"
	    "ktifSari0001.AFiktifBudi01\n"
	    "  text 'Setuju Bu 👍'\n",
	    "items[1].snippet.topLevelComment.snippet.authorChannelId: "
	    "expected an object, found a string");
#undef FMT
	test_detect();
	buf_release(&rs.out);
	return done_testing();
}
