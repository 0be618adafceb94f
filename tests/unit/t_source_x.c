/* SPDX-License-Identifier: MIT */
/*
 * The X parsers (source_x.c): every fixture under fixtures/posts/x-v2,
 * twarc2 and x-archive through a recording sink, compared whole; the
 * exact message for each bad input; detection; a several-MB twarc2 line;
 * a sink with NULL callbacks and a sink that refuses.
 */
#include <stdio.h>

#include "collect/source.h"
#include "tap.h"
#include "source_check.h"

static void test_detect(void)
{
	static const char *const v2[] = {
		"x-v2/timeline-page1.json", "x-v2/edit.json",
		"x-v2/errors-partial.json", "x-v2/users-lookup.json",
	};
	static const char *const tw[] = {
		"twarc2/timeline.jsonl", "twarc2/following.jsonl",
		"twarc2/flattened.jsonl",
	};
	static const char canonical[] = "{\"platform\": \"x\", \"post_id\": "
		"\"1\", \"data\": [], \"meta\": {}}\n{\"platform\": \"x\"}\n";
	size_t i;

	for (i = 0; i < sizeof(v2) / sizeof(v2[0]); i++) {
		ok(detect_fixture(&format_x_v2, v2[i]), "x-v2 detects %s",
		   v2[i]);
		ok(!detect_fixture(&format_twarc2, v2[i]),
		   "twarc2 does not claim %s", v2[i]);
		ok(!detect_fixture(&format_x_archive, v2[i]),
		   "x-archive does not claim %s", v2[i]);
	}
	for (i = 0; i < sizeof(tw) / sizeof(tw[0]); i++) {
		ok(detect_fixture(&format_twarc2, tw[i]), "twarc2 detects %s",
		   tw[i]);
		ok(!detect_fixture(&format_x_v2, tw[i]),
		   "x-v2 does not claim %s", tw[i]);
	}
	ok(detect_fixture(&format_x_archive, "x-archive/tweets.js"),
	   "x-archive detects tweets.js");
	ok(!detect_fixture(&format_x_v2, "x-archive/tweets.js"),
	   "x-v2 does not claim tweets.js");
	ok(!detect_fixture(&format_x_v2, "meta/ig-media.json"),
	   "x-v2 does not claim Instagram media");
	ok(!detect_fixture(&format_x_v2, "meta/fb-page-posts.json"),
	   "x-v2 does not claim Facebook posts");
	ok(!detect_fixture(&format_x_v2, "youtube/videos.json"),
	   "x-v2 does not claim YouTube videos");
	ok(!format_twarc2.detect(canonical, sizeof(canonical) - 1),
	   "twarc2 does not claim canonical JSONL");
	ok(!format_x_v2.detect(canonical, sizeof(canonical) - 1),
	   "x-v2 does not claim canonical JSONL");
	ok(!format_x_v2.detect("", 0) && !format_twarc2.detect("", 0) &&
	   !format_x_archive.detect("", 0), "nothing claims empty input");
}

/* One twarc2 line of several MB: a post whose text is 3 MB. */
static void test_huge_line(void)
{
	static const char want[] = "post x 1859000000000000777 post "
		"-/1790000000000000101 - ref=-/-/- edit=- line=9 ";
	struct buf line = BUF_INIT, err = BUF_INIT;
	size_t i;
	int rc;

	buf_adds(&line, "{\"data\": [{\"id\": \"1859000000000000777\", "
		 "\"author_id\": \"1790000000000000101\", \"text\": \"");
	for (i = 0; i < 3 * 1024 * 1024 / 8; i++)
		buf_adds(&line, "nomor 2 ");
	buf_adds(&line, "\"}], \"__twarc\": {\"url\": \"https://api.twitter"
		 ".com/2/tweets/search/all?query=kudus\"}}");
	buf_reset(&rs.out);
	rc = format_twarc2.parse(&sink, line.s, line.len, 9, &err);
	is_int(rc, 0, "a 3 MB twarc2 line parses");
	/* the post line and the url line take 149 bytes */
	is_int(rs.out.len, 3 * 1024 * 1024 + 149,
	       "and its whole text reaches the sink");
	ok(!strncmp(rs.out.s, want, strlen(want)),
	   "with the line number it was given");
	buf_release(&line);
	buf_release(&err);
}

static void test_sinks(void)
{
	struct post_sink none = { 0 };
	struct buf data = BUF_INIT, err = BUF_INIT;
	int rc;

	read_fixture("x-v2/errors-partial.json", &data);
	rc = format_x_v2.parse(&none, data.s, data.len, 0, &err);
	is_int(rc, 0, "a sink without callbacks is fine");
	read_fixture("twarc2/timeline.jsonl", &data);
	rc = format_twarc2.parse(&none, data.s, (size_t)(strchr(data.s, '\n') -
							 data.s), 1, &err);
	is_int(rc, 0, "a sink without complete() is fine");

	read_fixture("x-v2/timeline-page1.json", &data);
	buf_reset(&rs.out);
	rs.n_post = 0;
	rs.fail_post = 2;
	rc = format_x_v2.parse(&sink, data.s, data.len, 0, &err);
	rs.fail_post = 0;
	is_int(rc, -1, "a sink's refusal stops the parse");
	is_str(err.s, "refused by sink", "with the sink's message");
	ok(strstr(rs.out.s, "1859000000000000105") &&
	   !strstr(rs.out.s, "1859000000000000103"),
	   "nothing after the refused record");
	buf_release(&data);
	buf_release(&err);
}

int main(void)
{
	rec_sink_init(&rs, &sink);

#define FMT format_x_v2
	check(&FMT, "x-v2/timeline-page1.json", 0,
	    "user x budi_kudus_asn 1790000000000000101\n"
	    "user x paslon2_kudus 1790000000000000303\n"
	    "user x sari_jepara 1790000000000000202\n"
	    "post x 1859000000000000105 post budi_kudus_asn/17900000000"
	    "00000101 2024-11-20T03:15:00Z ref=-/-/- edit=- line=0 del="
	    "0\n"
	    "  url https://x.com/budi_kudus_asn/status/1859000000000000"
	    "105\n"
	    "  text 'Coblos nomor 2 ✌️ tanggal 27 November! #KudusSehat"
	    " https://t.co/Fk7Qm2ZpLx'\n"
	    "  media photo https://pbs.twimg.com/media/FiktifKudus01.jp"
	    "g 'Poster kampanye paslon nomor 2 di alun-alun Kudus'\n"
	    "post x 1859000000000000104 repost budi_kudus_asn/179000000"
	    "0000000101 2024-11-19T12:00:00Z ref=paslon2_kudus/17900000"
	    "00000000303/1858000000000000301 edit=- line=0 del=0\n"
	    "  url https://x.com/budi_kudus_asn/status/1859000000000000"
	    "104\n"
	    "  text 'RT @paslon2_kudus: Terima kasih warga Kudus atas d"
	    "ukungannya! #KudusSehat'\n"
	    "post x 1859000000000000103 quote budi_kudus_asn/1790000000"
	    "000000101 2024-11-18T09:30:00Z ref=paslon2_kudus/179000000"
	    "0000000303/1858000000000000302 edit=- line=0 del=0\n"
	    "  url https://x.com/budi_kudus_asn/status/1859000000000000"
	    "103\n"
	    "  text 'Setuju sekali, programnya bagus untuk guru honorer"
	    " 👍 https://t.co/Qw3rTy8UiO'\n"
	    "post x 1859000000000000102 reply budi_kudus_asn/1790000000"
	    "000000101 2024-11-17T01:45:00Z ref=sari_jepara/17900000000"
	    "00000202/1859000000000000201 edit=- line=0 del=0\n"
	    "  url https://x.com/budi_kudus_asn/status/1859000000000000"
	    "102\n"
	    "  text '@Sari_Jepara Betul Bu, jangan lupa datang ke TPS y"
	    "a'\n"
	    "post x 1859000000000000101 post budi_kudus_asn/17900000000"
	    "00000101 2024-11-16T23:30:00Z ref=-/-/- edit=- line=0 del="
	    "0\n"
	    "  url https://x.com/budi_kudus_asn/status/1859000000000000"
	    "101\n"
	    "  text 'Jadwal posyandu Desa Jati minggu ini:\\nSelasa puk"
	    "ul 08.00 WIB. Bawa buku KIA ya.'\n"
	    "post x 1858000000000000301 post paslon2_kudus/179000000000"
	    "0000303 2024-11-19T10:00:00Z ref=-/-/- edit=- line=0 del=0"
	    "\n"
	    "  url https://x.com/paslon2_kudus/status/18580000000000003"
	    "01\n"
	    "  text 'Terima kasih warga Kudus atas dukungannya! #KudusS"
	    "ehat'\n"
	    "post x 1858000000000000302 post paslon2_kudus/179000000000"
	    "0000303 2024-11-18T08:00:00Z ref=-/-/- edit=- line=0 del=0"
	    "\n"
	    "  url https://x.com/paslon2_kudus/status/18580000000000003"
	    "02\n"
	    "  text 'Program kesejahteraan guru honorer akan kami perju"
	    "angkan. Pilih nomor 2!'\n"
	    "post x 1859000000000000201 post sari_jepara/17900000000000"
	    "00202 2024-11-17T01:00:00Z ref=-/-/- edit=- line=0 del=0\n"
	    "  url https://x.com/sari_jepara/status/1859000000000000201"
	    "\n"
	    "  text 'Sudah cek DPT belum? Yuk cek di cekdptonline.kpu.g"
	    "o.id'\n",
	    NULL);
	check(&FMT, "x-v2/timeline-page2.json", 0,
	    "user x budi_kudus_asn 1790000000000000101\n"
	    "warn data[0].attachments.media_keys[1]: media '3_185900000"
	    "0000000999' is not in includes.media\n"
	    "post x 1859000000000000100 post budi_kudus_asn/17900000000"
	    "00000101 2024-11-15T06:20:00Z ref=-/-/- edit=- line=0 del="
	    "0\n"
	    "  url https://x.com/budi_kudus_asn/status/1859000000000000"
	    "100\n"
	    "  text 'Kerja bakti bersih-bersih sungai Gelis bersama war"
	    "ga. Kudus resik!'\n"
	    "  media video https://pbs.twimg.com/ext_tw_video_thumb/185"
	    "9000000000000902/pu/img/FiktifVideo.jpg -\n"
	    "post x 1859000000000000099 post budi_kudus_asn/17900000000"
	    "00000101 2024-11-14T02:00:00Z ref=-/-/- edit=- line=0 del="
	    "0\n"
	    "  url https://x.com/budi_kudus_asn/status/1859000000000000"
	    "099\n"
	    "  text 'Rapat koordinasi Puskesmas pagi ini berjalan lanca"
	    "r.'\n",
	    NULL);
	check(&FMT, "x-v2/edit.json", 0,
	    "user x budi_kudus_asn 1790000000000000101\n"
	    "post x 1859000000000000107 post budi_kudus_asn/17900000000"
	    "00000101 2024-11-21T02:10:00Z ref=-/-/- edit=1859000000000"
	    "000106 line=0 del=0\n"
	    "  url https://x.com/budi_kudus_asn/status/1859000000000000"
	    "107\n"
	    "  text 'Ayo dukung paslon nomor 2 untuk Kudus yang lebih s"
	    "ehat! #KudusSehat (diedit)'\n",
	    NULL);
	check(&FMT, "x-v2/errors-partial.json", 0,
	    "user x budi_kudus_asn 1790000000000000101\n"
	    "post x 1859000000000000110 quote budi_kudus_asn/1790000000"
	    "000000101 2024-11-22T07:00:00Z ref=-/-/1858000000000000399"
	    " edit=- line=0 del=0\n"
	    "  url https://x.com/budi_kudus_asn/status/1859000000000000"
	    "110\n"
	    "  text 'Ini baru program nyata ✌️ https://t.co/Zx9cVb7NmA'"
	    "\n"
	    "gone x 1858000000000000399 Could not find tweet with refer"
	    "enced_tweets.id: [1858000000000000399].\n"
	    "gone x 1859000000000000108 Could not find tweet with ids: "
	    "[1859000000000000108].\n"
	    "warn errors[2]: 'Authorization Error': 'Sorry, you are not"
	    " authorized to see the Tweet with ids: [185900000000000010"
	    "9].'\n"
	    "warn errors[3]: 'Forbidden': 'User has been suspended: [pa"
	    "slonlama_fktf].'\n",
	    NULL);
	check(&FMT, "x-v2/users-lookup.json", 0,
	    "user x budi_kudus_asn 1790000000000000101\n"
	    "user x sari_jepara 1790000000000000202\n",
	    NULL);
	check(&FMT, "x-v2/following.json", 0,
	    "user x paslon2_kudus 1790000000000000303\n"
	    "post x follow:1790000000000000101:1790000000000000303 foll"
	    "ow -/1790000000000000101 - ref=paslon2_kudus/1790000000000"
	    "000303/- edit=- line=0 del=0\n"
	    "  url -\n"
	    "  text -\n"
	    "user x dinkes_fktf 1790000000000000404\n"
	    "post x follow:1790000000000000101:1790000000000000404 foll"
	    "ow -/1790000000000000101 - ref=dinkes_fktf/17900000"
	    "00000000404/- edit=- line=0 del=0\n"
	    "  url -\n"
	    "  text -\n",
	    NULL);
	check(&FMT, "x-v2/bad-api-error.json", -1,
	    "",
	    "X API error: 'Unauthorized': 'Unauthorized'");
	check(&FMT, "x-v2/bad-empty.json", -1,
	    "",
	    "empty input: no JSON value");
	check(&FMT, "x-v2/bad-missing-id.json", -1,
	    "user x budi_kudus_asn 1790000000000000101\n"
	    "user x paslon2_kudus 1790000000000000303\n"
	    "user x sari_jepara 1790000000000000202\n"
	    "post x 1859000000000000105 post budi_kudus_asn/17900000000"
	    "00000101 2024-11-20T03:15:00Z ref=-/-/- edit=- line=0 del="
	    "0\n"
	    "  url https://x.com/budi_kudus_asn/status/1859000000000000"
	    "105\n"
	    "  text 'Coblos nomor 2 ✌️ tanggal 27 November! #KudusSehat"
	    " https://t.co/Fk7Qm2ZpLx'\n"
	    "  media photo https://pbs.twimg.com/media/FiktifKudus01.jp"
	    "g 'Poster kampanye paslon nomor 2 di alun-alun Kudus'\n"
	    "post x 1859000000000000104 repost budi_kudus_asn/179000000"
	    "0000000101 2024-11-19T12:00:00Z ref=paslon2_kudus/17900000"
	    "00000000303/1858000000000000301 edit=- line=0 del=0\n"
	    "  url https://x.com/budi_kudus_asn/status/1859000000000000"
	    "104\n"
	    "  text 'RT @paslon2_kudus: Terima kasih warga Kudus atas d"
	    "ukungannya! #KudusSehat'\n",
	    "data[2].id: missing");
	check(&FMT, "x-v2/bad-time.json", -1,
	    "user x budi_kudus_asn 1790000000000000101\n",
	    "data[0].created_at: '2024-13-01T00:00:00.000Z' is not an I"
	    "SO 8601 time");
	check(&FMT, "x-v2/bad-truncated.json", -1,
	    "",
	    "invalid JSON at line 21, column 26: unexpected end of inpu"
	    "t (truncated?)");
	check(&FMT, "x-v2/bad-utf8.json", -1,
	    "",
	    "invalid UTF-8 at line 5, column 31 (byte 0xe9)");
	check(&FMT, "x-v2/bad-wrong-type.json", -1,
	    "user x budi_kudus_asn 1790000000000000101\n"
	    "warn data[0].attachments.media_keys[1]: media '3_185900000"
	    "0000000999' is not in includes.media\n"
	    "post x 1859000000000000100 post budi_kudus_asn/17900000000"
	    "00000101 2024-11-15T06:20:00Z ref=-/-/- edit=- line=0 del="
	    "0\n"
	    "  url https://x.com/budi_kudus_asn/status/1859000000000000"
	    "100\n"
	    "  text 'Kerja bakti bersih-bersih sungai Gelis bersama war"
	    "ga. Kudus resik!'\n"
	    "  media video https://pbs.twimg.com/ext_tw_video_thumb/185"
	    "9000000000000902/pu/img/FiktifVideo.jpg -\n",
	    "data[1].text: expected a string, found a number");
#undef FMT
#define FMT format_twarc2
	check(&FMT, "twarc2/timeline.jsonl", 0,
	    "user x budi_kudus_asn 1790000000000000101\n"
	    "post x 1859000000000000120 reply budi_kudus_asn/1790000000"
	    "000000101 2024-11-22T04:00:00Z ref=budi_kudus_asn/17900000"
	    "00000000101/1859000000000000090 edit=- line=1 del=0\n"
	    "  url https://x.com/budi_kudus_asn/status/1859000000000000"
	    "120\n"
	    "  text 'Lanjutan: anggaran posyandu naik 10% tahun depan.'"
	    "\n"
	    "post x 1859000000000000119 post budi_kudus_asn/17900000000"
	    "00000101 2024-11-21T10:00:00Z ref=-/-/- edit=- line=1 del="
	    "0\n"
	    "  url https://x.com/budi_kudus_asn/status/1859000000000000"
	    "119\n"
	    "  text 'Selamat pagi Kudus! Jangan lupa sarapan.'\n"
	    "post x 1859000000000000090 post budi_kudus_asn/17900000000"
	    "00000101 2024-11-10T01:00:00Z ref=-/-/- edit=- line=1 del="
	    "0\n"
	    "  url https://x.com/budi_kudus_asn/status/1859000000000000"
	    "090\n"
	    "  text 'Thread: program kerja Dinas tahun 2025 🧵'\n"
	    "complete x budi_kudus_asn/1790000000000000101 2024-11-21T1"
	    "0:00:00Z 2024-11-22T04:00:00Z\n"
	    "user x budi_kudus_asn 1790000000000000101\n"
	    "post x 1859000000000000118 post budi_kudus_asn/17900000000"
	    "00000101 2024-11-21T08:00:00Z ref=-/-/- edit=- line=2 del="
	    "0\n"
	    "  url https://x.com/budi_kudus_asn/status/1859000000000000"
	    "118\n"
	    "  text '#KudusSehat itu nomor 2, bukan yang lain 😉'\n"
	    "complete x budi_kudus_asn/1790000000000000101 2024-11-21T0"
	    "8:00:00Z 2024-11-21T08:00:00Z\n"
	    "user x paslon2_kudus 1790000000000000303\n"
	    "post x like:1790000000000000101:1858000000000000305 like -"
	    "/1790000000000000101 - ref=paslon2_kudus/17900000000000003"
	    "03/1858000000000000305 edit=- line=3 del=0\n"
	    "  url https://x.com/paslon2_kudus/status/18580000000000003"
	    "05\n"
	    "  text 'Debat publik malam ini, saksikan! Coblos nomor 2 ✌"
	    "️'\n"
	    "user x sari_jepara 1790000000000000202\n"
	    "post x like:1790000000000000202:1858000000000000305 like s"
	    "ari_jepara/1790000000000000202 - ref=-/-/18580000000000003"
	    "05 edit=- line=4 del=0\n"
	    "  url https://x.com/i/web/status/1858000000000000305\n"
	    "  text -\n"
	    "user x sari_jepara 1790000000000000202\n"
	    "post x 1859000000000000210 post sari_jepara/17900000000000"
	    "00202 2024-11-21T09:00:00Z ref=-/-/- edit=- line=6 del=0\n"
	    "  url https://x.com/sari_jepara/status/1859000000000000210"
	    "\n"
	    "  text 'Pelatihan kader PKK di balai desa, semangat ibu-ib"
	    "u!'\n",
	    NULL);
	check(&FMT, "twarc2/following.jsonl", 0,
	    "user x paslon2_kudus 1790000000000000303\n"
	    "post x follow:1790000000000000101:1790000000000000303 foll"
	    "ow -/1790000000000000101 - ref=paslon2_kudus/1790000000000"
	    "000303/- edit=- line=1 del=0\n"
	    "  url -\n"
	    "  text -\n"
	    "user x sari_jepara 1790000000000000202\n"
	    "post x follow:1790000000000000202:1790000000000000101 foll"
	    "ow sari_jepara/1790000000000000202 - ref=-/179000000000000"
	    "0101/- edit=- line=2 del=0\n"
	    "  url -\n"
	    "  text -\n",
	    NULL);
	check(&FMT, "twarc2/flattened.jsonl", 0,
	    "user x budi_kudus_asn 1790000000000000101\n"
	    "post x 1859000000000000130 post budi_kudus_asn/17900000000"
	    "00000101 2024-11-23T01:00:00Z ref=-/-/- edit=- line=1 del="
	    "0\n"
	    "  url https://x.com/budi_kudus_asn/status/1859000000000000"
	    "130\n"
	    "  text 'Hari tenang, mari jaga netralitas ASN.'\n",
	    NULL);
	check(&FMT, "twarc2/bad-line3.jsonl", -1,
	    "user x budi_kudus_asn 1790000000000000101\n"
	    "post x 1859000000000000118 post budi_kudus_asn/17900000000"
	    "00000101 2024-11-21T08:00:00Z ref=-/-/- edit=- line=1 del="
	    "0\n"
	    "  url https://x.com/budi_kudus_asn/status/1859000000000000"
	    "118\n"
	    "  text '#KudusSehat itu nomor 2, bukan yang lain 😉'\n"
	    "complete x budi_kudus_asn/1790000000000000101 2024-11-21T0"
	    "8:00:00Z 2024-11-21T08:00:00Z\n"
	    "user x sari_jepara 1790000000000000202\n"
	    "post x like:1790000000000000202:1858000000000000305 like s"
	    "ari_jepara/1790000000000000202 - ref=-/-/18580000000000003"
	    "05 edit=- line=2 del=0\n"
	    "  url https://x.com/i/web/status/1858000000000000305\n"
	    "  text -\n",
	    "3: invalid JSON at column 201: unexpected end of input (tr"
	    "uncated?)");
#undef FMT
#define FMT format_x_archive
	check(&FMT, "x-archive/tweets.js", 0,
	    "post x 1859000000000000105 post -/- 2024-11-20T03:15:00Z r"
	    "ef=-/-/- edit=- line=0 del=0\n"
	    "  url https://x.com/i/web/status/1859000000000000105\n"
	    "  text 'Coblos nomor 2 ✌️ tanggal 27 November! #KudusSehat"
	    " https://t.co/Fk7Qm2ZpLx'\n"
	    "  media photo https://pbs.twimg.com/media/FiktifKudus01.jp"
	    "g -\n"
	    "post x 1859000000000000104 repost -/- 2024-11-19T12:00:00Z"
	    " ref=paslon2_kudus/1790000000000000303/- edit=- line=0 del=0\n"
	    "  url https://x.com/i/web/status/1859000000000000104\n"
	    "  text 'RT @paslon2_kudus: Terima kasih warga Kudus atas d"
	    "ukungannya! #KudusSehat'\n"
	    "post x 1859000000000000103 quote -/- 2024-11-18T09:30:00Z "
	    "ref=paslon2_kudus/-/1858000000000000302 edit=- line=0 del="
	    "0\n"
	    "  url https://x.com/i/web/status/1859000000000000103\n"
	    "  text 'Setuju sekali, programnya bagus untuk guru honorer"
	    " 👍 https://t.co/Qw3rTy8UiO'\n"
	    "post x 1859000000000000102 reply -/- 2024-11-17T01:45:00Z "
	    "ref=sari_jepara/1790000000000000202/1859000000000000201 ed"
	    "it=- line=0 del=0\n"
	    "  url https://x.com/i/web/status/1859000000000000102\n"
	    "  text '@Sari_Jepara Betul Bu, jangan lupa datang ke TPS y"
	    "a'\n"
	    "post x 1859000000000000107 post -/- 2024-11-21T02:10:00Z r"
	    "ef=-/-/- edit=1859000000000000106 line=0 del=0\n"
	    "  url https://x.com/i/web/status/1859000000000000107\n"
	    "  text 'Ayo dukung paslon nomor 2 untuk Kudus yang lebih s"
	    "ehat! #KudusSehat (diedit)'\n"
	    "post x 1859000000000000101 post -/- 2024-11-16T23:30:00Z r"
	    "ef=-/-/- edit=- line=0 del=0\n"
	    "  url https://x.com/i/web/status/1859000000000000101\n"
	    "  text 'Jadwal posyandu Desa Jati minggu ini:\\nSelasa puk"
	    "ul 08.00 WIB. Bawa buku KIA ya.'\n",
	    NULL);
	check(&FMT, "x-archive/like.js", 0,
	    "post x like::1858000000000000305 like -/- - ref=-/-/185800"
	    "0000000000305 edit=- line=0 del=0\n"
	    "  url https://twitter.com/i/web/status/1858000000000000305"
	    "\n"
	    "  text 'Debat publik malam ini, saksikan! Coblos nomor 2 ✌"
	    "️'\n"
	    "post x like::1850000000000000001 like -/- - ref=-/-/185000"
	    "0000000000001 edit=- line=0 del=0\n"
	    "  url -\n"
	    "  text -\n",
	    NULL);
	check(&FMT, "x-archive/following.js", 0,
	    "post x follow::1790000000000000303 follow -/- - ref=-/1790"
	    "000000000000303/- edit=- line=0 del=0\n"
	    "  url https://twitter.com/intent/user?user_id=179000000000"
	    "0000303\n"
	    "  text -\n"
	    "post x follow::1790000000000000404 follow -/- - ref=-/1790"
	    "000000000000404/- edit=- line=0 del=0\n"
	    "  url https://twitter.com/intent/user?user_id=179000000000"
	    "0000404\n"
	    "  text -\n",
	    NULL);
	check(&FMT, "x-archive/account.js", 0,
	    "user x budi_kudus_asn 1790000000000000101\n",
	    NULL);
	check(&FMT, "x-archive/bad-time.js", -1,
	    "post x 1859000000000000105 post -/- 2024-11-20T03:15:00Z r"
	    "ef=-/-/- edit=- line=0 del=0\n"
	    "  url https://x.com/i/web/status/1859000000000000105\n"
	    "  text 'Coblos nomor 2 ✌️ tanggal 27 November! #KudusSehat"
	    " https://t.co/Fk7Qm2ZpLx'\n"
	    "  media photo https://pbs.twimg.com/media/FiktifKudus01.jp"
	    "g -\n",
	    "[1].tweet.created_at: '2024-11-19T12:00:00Z' is not a time"
	    " like 'Wed Oct 10 20:19:24 +0000 2018'");
	check(&FMT, "x-archive/bad-weekday.js", -1,
	    "post x 1859000000000000105 post -/- 2024-11-20T03:15:00Z r"
	    "ef=-/-/- edit=- line=0 del=0\n"
	    "  url https://x.com/i/web/status/1859000000000000105\n"
	    "  text 'Coblos nomor 2 ✌️ tanggal 27 November! #KudusSehat"
	    " https://t.co/Fk7Qm2ZpLx'\n"
	    "  media photo https://pbs.twimg.com/media/FiktifKudus01.jp"
	    "g -\n",
	    "[1].tweet.created_at: 'Wed Nov 19 12:00:00 +0000 2024' is "
	    "not a time like 'Wed Oct 10 20:19:24 +0000 2018'");
	check(&FMT, "x-archive/bad-missing-id.js", -1,
	    "post x 1859000000000000105 post -/- 2024-11-20T03:15:00Z r"
	    "ef=-/-/- edit=- line=0 del=0\n"
	    "  url https://x.com/i/web/status/1859000000000000105\n"
	    "  text 'Coblos nomor 2 ✌️ tanggal 27 November! #KudusSehat"
	    " https://t.co/Fk7Qm2ZpLx'\n"
	    "  media photo https://pbs.twimg.com/media/FiktifKudus01.jp"
	    "g -\n"
	    "post x 1859000000000000104 repost -/- 2024-11-19T12:00:00Z"
	    " ref=paslon2_kudus/1790000000000000303/- edit=- line=0 del=0\n"
	    "  url https://x.com/i/web/status/1859000000000000104\n"
	    "  text 'RT @paslon2_kudus: Terima kasih warga Kudus atas d"
	    "ukungannya! #KudusSehat'\n",
	    "[2].tweet.id_str: missing");
	check(&FMT, "x-archive/bad-type.js", -1,
	    "",
	    "X archive file of type 'direct-messages' is not supported "
	    "(tweets, like, following, account)");
	check(&FMT, "x-archive/bad-no-prefix.js", -1,
	    "",
	    "not an X archive file: no 'window.YTD.' at the start");
	check(&FMT, "x-archive/bad-truncated.js", -1,
	    "",
	    "invalid JSON at line 11, column 8: unexpected end of input"
	    " (truncated?)");
#undef FMT
	test_detect();
	test_huge_line();
	test_sinks();
	buf_release(&rs.out);
	return done_testing();
}
