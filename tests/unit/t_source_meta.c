/* SPDX-License-Identifier: MIT */
/*
 * The Meta parser (source_meta.c): each fixture under
 * fixtures/posts/meta (Instagram media, business discovery, comments,
 * Facebook page posts, an id written as a JSON number) through a
 * recording sink, compared whole, the exact message for each bad input,
 * and detection.
 */
#include <stdio.h>

#include "collect/source.h"
#include "tap.h"
#include "source_check.h"

static void test_detect(void)
{
	static const char *const yes[] = {
		"meta/ig-media.json",
		"meta/ig-media-page2.json",
		"meta/ig-business-discovery.json",
		"meta/fb-page-posts.json",
		"meta/bad-oauth.json",
	};
	static const char *const no[] = {
		"x-v2/timeline-page1.json",
		"x-v2/users-lookup.json",
		"youtube/videos.json",
		"twarc2/timeline.jsonl",
		"x-archive/like.js",
	};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		ok(detect_fixture(&format_meta, yes[i]),
		   "meta detects %s", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ok(!detect_fixture(&format_meta, no[i]),
		   "meta does not claim %s", no[i]);
}

int main(void)
{
	rec_sink_init(&rs, &sink);
#define FMT format_meta
	check(&FMT, "meta/ig-media.json", 0,
	    "post instagram 17900000000000103 post sari.jepara/17841400"
	    "000000202 2024-11-20T08:00:00Z ref=-/-/- edit=- line=0 del"
	    "=0\n"
	    "  url https://www.instagram.com/p/FkSari00003/\n"
	    "  text 'Coblos nomor 2 ✌️ demi Kudus sehat! #KudusSehat #P"
	    "ilkadaKudus2024'\n"
	    "  media photo https://scontent.cdninstagram.com/v/fiktif/s"
	    "ari_kampanye.jpg -\n"
	    "post instagram 17900000000000102 post sari.jepara/- 2024-1"
	    "1-18T02:30:00Z ref=-/-/- edit=- line=0 del=0\n"
	    "  url https://www.instagram.com/p/FkSari00002/\n"
	    "  text 'Kegiatan posyandu balita di Desa Jati.\\nTerima ka"
	    "sih para kader!'\n"
	    "  media photo https://scontent.cdninstagram.com/v/fiktif/p"
	    "osyandu1.jpg -\n"
	    "  media video https://scontent.cdninstagram.com/v/fiktif/p"
	    "osyandu2.mp4 -\n"
	    "post instagram 17900000000000101 post sari.jepara/- 2024-1"
	    "1-16T23:00:00Z ref=-/-/- edit=- line=0 del=0\n"
	    "  url https://www.instagram.com/reel/FkSari00001/\n"
	    "  text 'Senam pagi bersama ibu-ibu PKK 💪'\n"
	    "  media video https://scontent.cdninstagram.com/v/fiktif/s"
	    "enam.mp4 -\n",
	    NULL);
	check(&FMT, "meta/ig-media-page2.json", 0,
	    "post instagram 17900000000000100 post sari.jepara/- 2024-1"
	    "1-25T01:00:00Z ref=-/-/- edit=- line=0 del=0\n"
	    "  url https://www.instagram.com/p/FkSari00000/\n"
	    "  text 'Hari Guru Nasional, terima kasih guru-guruku 🙏'\n"
	    "  media photo https://scontent.cdninstagram.com/v/fiktif/h"
	    "ari_guru.jpg -\n",
	    NULL);
	check(&FMT, "meta/ig-business-discovery.json", 0,
	    "user instagram budi.kudus.asn 17841400000000101\n"
	    "post instagram 17900000000000201 post budi.kudus.asn/17841"
	    "400000000101 2024-11-19T10:15:00Z ref=-/-/- edit=- line=0 "
	    "del=0\n"
	    "  url https://www.instagram.com/p/FkBudi00001/\n"
	    "  text 'Hadir di kampanye akbar paslon 2 ✌️✌️'\n"
	    "  media photo https://scontent.cdninstagram.com/v/fiktif/b"
	    "udi_kampanye.jpg -\n"
	    "post instagram 17900000000000200 post budi.kudus.asn/17841"
	    "400000000101 2024-11-12T03:00:00Z ref=-/-/- edit=- line=0 "
	    "del=0\n"
	    "  url https://www.instagram.com/p/FkBudi00000/\n"
	    "  text 'Pelayanan KTP keliling hari ini di kecamatan Bae.'"
	    "\n"
	    "  media photo https://scontent.cdninstagram.com/v/fiktif/k"
	    "tp.jpg -\n",
	    NULL);
	check(&FMT, "meta/ig-comments.json", 0,
	    "post instagram 17950000000000301 comment budi.kudus.asn/- "
	    "2024-11-20T09:00:00Z ref=-/-/- edit=- line=0 del=0\n"
	    "  url -\n"
	    "  text '@sari.jepara siap, nomor 2! ✌️'\n"
	    "post instagram 17950000000000302 comment wargajati_fktf"
	    "/- 2024-11-20T09:30:00Z ref=-/-/- edit=- line=0 del=0\n"
	    "  url -\n"
	    "  text 'Lokasinya di mana, Bu?'\n",
	    NULL);
	check(&FMT, "meta/fb-page-posts.json", 0,
	    "post facebook 100000000000101_200000000000002 post -/10000"
	    "0000000101 2024-11-21T04:00:00Z ref=-/-/- edit=- line=0 de"
	    "l=0\n"
	    "  url https://www.facebook.com/100000000000101/posts/20000"
	    "0000000002\n"
	    "  text 'Mari sukseskan Pilkada Kudus 27 November. Pilih no"
	    "mor 2 ✌️ #KudusSehat'\n"
	    "  media photo https://scontent.xx.fbcdn.net/v/fiktif/fb_ka"
	    "mpanye.jpg -\n"
	    "post facebook 100000000000101_200000000000001 post -/10000"
	    "0000000101 2024-11-19T01:00:00Z ref=-/-/- edit=- line=0 de"
	    "l=0\n"
	    "  url https://www.facebook.com/100000000000101/posts/20000"
	    "0000000001\n"
	    "  text 'Jadwal pelayanan Disdukcapil pekan depan tetap buk"
	    "a.'\n",
	    NULL);
	check(&FMT, "meta/bad-oauth.json", -1,
	    "",
	    "Graph API error 190: 'Error validating access token: Sessi"
	    "on has expired on Friday, 22-Nov-24 01:00:00 PST.'");
	check(&FMT, "meta/bad-unknown-item.json", -1,
	    "",
	    "data[0]: neither an Instagram media (timestamp, media_type"
	    ", caption) nor a Facebook post (created_time, permalink_ur"
	    "l, from)");
	check(&FMT, "meta/bad-time.json", -1,
	    "post instagram 17900000000000103 post sari.jepara/17841400"
	    "000000202 2024-11-20T08:00:00Z ref=-/-/- edit=- line=0 del"
	    "=0\n"
	    "  url https://www.instagram.com/p/FkSari00003/\n"
	    "  text 'Coblos nomor 2 ✌️ demi Kudus sehat! #KudusSehat #P"
	    "ilkadaKudus2024'\n"
	    "  media photo https://scontent.cdninstagram.com/v/fiktif/s"
	    "ari_kampanye.jpg -\n",
	    "data[1].timestamp: '2024-11-18 02:30' is not an ISO 8601 t"
	    "ime");
	check(&FMT, "meta/bad-fb-id.json", -1,
	    "post facebook 100000000000101_200000000000002 post -/10000"
	    "0000000101 2024-11-21T04:00:00Z ref=-/-/- edit=- line=0 de"
	    "l=0\n"
	    "  url https://www.facebook.com/100000000000101/posts/20000"
	    "0000000002\n"
	    "  text 'Mari sukseskan Pilkada Kudus 27 November. Pilih no"
	    "mor 2 ✌️ #KudusSehat'\n"
	    "  media photo https://scontent.xx.fbcdn.net/v/fiktif/fb_ka"
	    "mpanye.jpg -\n",
	    "data[1].id: 'halaman_kudus' is not an id");
	check(&FMT, "meta/bad-truncated.json", -1,
	    "",
	    "invalid JSON at line 22, column 23: unexpected end of inpu"
	    "t (truncated?)");
#undef FMT
	test_detect();
	buf_release(&rs.out);
	return done_testing();
}
