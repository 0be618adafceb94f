/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for handle.c: platform names, the platform of a URL, and
 * for each platform the forms a handle arrives in, its canonical form,
 * and the refusals with what their messages must name. The accounts are
 * invented.
 */
#include <string.h>

#include "util/buf.h"
#include "registry/handle.h"
#include "tap.h"

/* Expects raw to normalise to want for p, and want to itself. */
static void good(enum platform p, const char *raw, const char *want)
{
	struct buf out = BUF_INIT, err = BUF_INIT, again = BUF_INIT;
	int r = handle_normalize(p, raw, &out, &err);

	if (!ok(!r, "%s accepts '%s'", platform_name(p), raw))
		printf("#   err: %s\n", err.s);
	is_str(out.s, want, "%s '%s' is '%s'", platform_name(p), raw, want);
	buf_reset(&err);
	r = handle_normalize(p, want, &again, &err);
	is_str(r ? err.s : again.s, want, "%s '%s' is stable",
	       platform_name(p), want);
	buf_release(&out);
	buf_release(&err);
	buf_release(&again);
}

/* Expects raw refused for p, the message naming want (and also2). */
static void bad(enum platform p, const char *raw, const char *want,
		const char *also2)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	int r;

	buf_adds(&out, "kept");
	r = handle_normalize(p, raw, &out, &err);
	ok(r == -1, "%s refuses '%s'", platform_name(p), raw ? raw : "");
	is_str(out.s, "kept", "out untouched on refusal");
	if (!ok(strstr(err.s, want) && (!also2 || strstr(err.s, also2)),
		"message for '%s' says '%s'", raw ? raw : "", want))
		printf("#   err: %s\n", err.s);
	ok(err.len && err.s[err.len - 1] != '.', "no full stop");
	buf_release(&out);
	buf_release(&err);
}

int main(void)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	enum platform x = PLATFORM_X, ig = PLATFORM_INSTAGRAM;
	enum platform fb = PLATFORM_FACEBOOK, tt = PLATFORM_TIKTOK;
	enum platform yt = PLATFORM_YOUTUBE;

	/* Names. */
	is_str(platform_name(x), "x", "name x");
	is_str(platform_name(ig), "instagram", "name instagram");
	is_str(platform_name(fb), "facebook", "name facebook");
	is_str(platform_name(tt), "tiktok", "name tiktok");
	is_str(platform_name(yt), "youtube", "name youtube");
	is_int(platform_parse("x"), x, "parse x");
	is_int(platform_parse("Twitter"), x, "parse Twitter");
	is_int(platform_parse("X"), x, "parse X");
	is_int(platform_parse("INSTAGRAM"), ig, "parse INSTAGRAM");
	is_int(platform_parse("ig"), ig, "parse ig");
	is_int(platform_parse("Facebook"), fb, "parse Facebook");
	is_int(platform_parse("FB"), fb, "parse FB");
	is_int(platform_parse("TikTok"), tt, "parse TikTok");
	is_int(platform_parse("youtube"), yt, "parse youtube");
	is_int(platform_parse("YT"), yt, "parse YT");
	is_int(platform_parse(" ig "), ig, "parse with blanks");
	is_int(platform_parse("insta"), PLATFORM_NONE, "parse insta");
	is_int(platform_parse("xx"), PLATFORM_NONE, "parse xx");
	is_int(platform_parse(""), PLATFORM_NONE, "parse empty");
	is_int(platform_parse(NULL), PLATFORM_NONE, "parse NULL");

	/* Platforms of URLs. */
	is_int(platform_of_url("https://twitter.com/budi"), x, "twitter.com");
	is_int(platform_of_url("x.com/budi"), x, "x.com without scheme");
	is_int(platform_of_url("https://mobile.twitter.com/budi"), x,
	       "mobile.twitter.com");
	is_int(platform_of_url("http://www.instagram.com/budi"), ig,
	       "www.instagram.com");
	is_int(platform_of_url("instagr.am/budi"), ig, "instagr.am");
	is_int(platform_of_url("https://m.facebook.com/budi.santoso"), fb,
	       "m.facebook.com");
	is_int(platform_of_url("fb.com/budi.santoso"), fb, "fb.com");
	is_int(platform_of_url("https://vm.tiktok.com/ZSabc/"), tt,
	       "vm.tiktok.com");
	is_int(platform_of_url("HTTPS://WWW.YOUTUBE.COM/@Budi"), yt,
	       "upper-case URL");
	is_int(platform_of_url("https://youtu.be/abc"), yt, "youtu.be");
	is_int(platform_of_url("https://example.com/budi"), PLATFORM_NONE,
	       "other host");
	is_int(platform_of_url("https://notx.com/budi"), PLATFORM_NONE,
	       "notx.com is not x.com");
	is_int(platform_of_url("https://x.com.evil.example/budi"),
	       PLATFORM_NONE, "x.com as a prefix");
	is_int(platform_of_url("budi"), PLATFORM_NONE, "no URL");
	is_int(platform_of_url("@budi"), PLATFORM_NONE, "@name");
	is_int(platform_of_url(NULL), PLATFORM_NONE, "NULL");

	/* X. */
	good(x, "budi_santoso", "budi_santoso");
	good(x, "@Budi_Santoso", "budi_santoso");
	good(x, "  @BudiS85 \xc2\xa0", "budis85");
	good(x, "b", "b");
	good(x, "abcdefghijklmno", "abcdefghijklmno");
	good(x, "https://twitter.com/BudiS85", "budis85");
	good(x, "http://www.twitter.com/BudiS85/", "budis85");
	good(x, "https://x.com/BudiS85?s=21&t=abc", "budis85");
	good(x, "x.com/BudiS85#top", "budis85");
	good(x, "https://mobile.twitter.com/BudiS85", "budis85");
	good(x, "https://x.com/BudiS85/status/1790000000000000000",
	     "budis85");
	good(x, "twitter.com/BudiS85/with_replies", "budis85");
	bad(x, "abcdefghijklmnop", "has 16 characters", "1-15");
	bad(x, "budi.santoso", "has '.'", "letters, digits and _");
	bad(x, "budi santoso", "has a space", NULL);
	bad(x, "budi-s", "has '-'", NULL);
	bad(x, "b\xc3\xbc" "di", "has '\xc3\xbc' (U+00FC)", NULL);
	bad(x, "@", "no name after the '@'", NULL);
	bad(x, "https://x.com/home", "not an account URL",
	    "'home' is an X page");
	bad(x, "https://twitter.com/i/web/status/1", "'i' is an X page", NULL);
	bad(x, "https://twitter.com/intent/user?screen_name=budi",
	    "'intent'", NULL);
	bad(x, "https://x.com/search?q=pilkada", "'search'", NULL);
	bad(x, "https://x.com/hashtag/Pilkada2024", "'hashtag'", NULL);
	bad(x, "https://twitter.com/share?text=a", "'share'", NULL);
	bad(x, "https://x.com/", "no username", NULL);
	bad(x, "https://www.instagram.com/budi", "is an Instagram URL, not X",
	    "put this one under Instagram");
	bad(x, "https://", "has no host", NULL);
	bad(x, "b\xff" "udi", "the byte 0xff", NULL);
	bad(x, "https://example.com/budi", "is not an X URL",
	    "host 'example.com'");

	/* Instagram. */
	good(ig, "budi.santoso_85", "budi.santoso_85");
	good(ig, "@Budi.Santoso", "budi.santoso");
	good(ig, "https://www.instagram.com/budi.santoso/", "budi.santoso");
	good(ig, "instagram.com/budi.santoso?igsh=MXh2", "budi.santoso");
	good(ig, "https://instagr.am/budi.santoso", "budi.santoso");
	good(ig, "https://www.instagram.com/budi.santoso/reels/",
	     "budi.santoso");
	good(ig, "https://www.instagram.com/budi.santoso/p/Cabc123/",
	     "budi.santoso");
	good(ig, "https://www.instagram.com/stories/budi.santoso/3312/",
	     "budi.santoso");
	good(ig, "abcdefghijklmnopqrstuvwxyz1234",
	     "abcdefghijklmnopqrstuvwxyz1234");
	bad(ig, "abcdefghijklmnopqrstuvwxyz12345", "has 31 characters", "1-30");
	bad(ig, ".budi", "dot at the start or end", NULL);
	bad(ig, "budi.", "dot at the start or end", NULL);
	bad(ig, "budi..santoso", "two dots in a row", NULL);
	bad(ig, "budi-santoso", "has '-'", NULL);
	bad(ig, "https://www.instagram.com/p/Cabc123/", "not an account URL",
	    "'p' is an Instagram page");
	bad(ig, "https://www.instagram.com/reel/Cabc123/", "'reel'", NULL);
	bad(ig, "https://www.instagram.com/explore/tags/pilkada/",
	    "'explore'", NULL);
	bad(ig, "https://www.tiktok.com/@budi", "is a TikTok URL, not "
	    "Instagram", NULL);

	/* Facebook. */
	good(fb, "budi.santoso", "budi.santoso");
	good(fb, "Budi.Santoso.85", "budi.santoso.85");
	good(fb, "https://www.facebook.com/Budi.Santoso.85", "budi.santoso.85");
	good(fb, "https://m.facebook.com/budi.santoso?ref=bookmarks",
	     "budi.santoso");
	good(fb, "web.facebook.com/budi.santoso/", "budi.santoso");
	good(fb, "https://fb.com/budi.santoso", "budi.santoso");
	good(fb, "https://www.facebook.com/profile.php?id=100012345678901",
	     "100012345678901");
	good(fb, "https://m.facebook.com/profile.php?sk=about"
	     "&id=100012345678901&mibextid=ZbWKwL", "100012345678901");
	good(fb, "https://www.facebook.com/people/Budi-Santoso/"
	     "100012345678901/", "100012345678901");
	good(fb, "https://www.facebook.com/p/Pemdes-Sukamaju-100064123456789/",
	     "100064123456789");
	good(fb, "https://www.facebook.com/Kantor-Desa-Sukamaju-123456789012/",
	     "123456789012");
	good(fb, "https://www.facebook.com/pg/desa.sukamaju/posts/",
	     "desa.sukamaju");
	good(fb, "100012345678901", "100012345678901");
	good(fb, "https://www.facebook.com/budi.santoso/posts/pfbid0abc",
	     "budi.santoso");
	bad(fb, "budi", "has 4 characters", "5-50");
	bad(fb, "b.u.d.i", "has 4 characters besides dots",
	    "at least 5");
	bad(fb, "budi_santoso", "has '_'", "letters, digits and .");
	bad(fb, "budi-santoso", "has '-'", NULL);
	bad(fb, "123456789012345678901", "has 21 digits", NULL);
	bad(fb, "https://www.facebook.com/profile.php", "no numeric id=",
	    NULL);
	bad(fb, "https://www.facebook.com/profile.php?id=abc",
	    "no numeric id=", NULL);
	bad(fb, "https://www.facebook.com/people/Budi-Santoso/",
	    "no numeric id after the name", NULL);
	bad(fb, "https://www.facebook.com/groups/123456789/",
	    "not an account URL", "'groups' is a Facebook page");
	bad(fb, "https://www.facebook.com/events/123456789/", "'events'",
	    NULL);
	bad(fb, "https://www.facebook.com/watch/?v=123", "'watch'", NULL);
	bad(fb, "https://www.facebook.com/share/1AbCdEf/", "share link",
	    "cannot be resolved offline");
	bad(fb, "https://www.facebook.com/", "no username", NULL);
	bad(fb, "https://x.com/budi", "is an X URL, not Facebook", NULL);

	/* TikTok. */
	good(tt, "budi.santoso", "budi.santoso");
	good(tt, "@Budi_Santoso", "budi_santoso");
	good(tt, "bs", "bs");
	good(tt, "abcdefghijklmnopqrstuvwx", "abcdefghijklmnopqrstuvwx");
	good(tt, "https://www.tiktok.com/@budi.santoso", "budi.santoso");
	good(tt, "https://www.tiktok.com/@Budi.Santoso?lang=id-ID",
	     "budi.santoso");
	good(tt, "tiktok.com/@budi.santoso/video/7300000000000000000",
	     "budi.santoso");
	good(tt, "https://m.tiktok.com/@budi.santoso/", "budi.santoso");
	good(tt, "https://www.tiktok.com/%40budi.santoso", "budi.santoso");
	bad(tt, "b", "has 1 characters", "2-24");
	bad(tt, "abcdefghijklmnopqrstuvwxy", "has 25 characters", NULL);
	bad(tt, "budi.", "ends in a dot", NULL);
	bad(tt, "budi-santoso", "has '-'", NULL);
	bad(tt, "https://vm.tiktok.com/ZSabc123/", "short link",
	    "give the @handle");
	bad(tt, "https://vt.tiktok.com/ZSabc123/", "short link", NULL);
	bad(tt, "https://www.tiktok.com/t/ZTabc123/", "short link", NULL);
	bad(tt, "https://www.tiktok.com/budi.santoso",
	    "not a TikTok profile URL", "/@username");
	bad(tt, "https://www.tiktok.com/tag/pilkada", "not a TikTok profile",
	    NULL);
	bad(tt, "https://www.youtube.com/@budi", "is a YouTube URL, not "
	    "TikTok", NULL);

	/* YouTube. */
	good(yt, "@BudiSantoso", "@budisantoso");
	good(yt, "BudiSantoso", "@budisantoso");
	good(yt, "@budi.santoso-85_x", "@budi.santoso-85_x");
	good(yt, "UCabcdefghijklmnopqrstuv", "UCabcdefghijklmnopqrstuv");
	good(yt, "UC-aB_cDeFgHiJkLmNoPqRsT", "UC-aB_cDeFgHiJkLmNoPqRsT");
	good(yt, "https://www.youtube.com/@BudiSantoso", "@budisantoso");
	good(yt, "https://m.youtube.com/@BudiSantoso/videos?view=0",
	     "@budisantoso");
	good(yt, "youtube.com/channel/UCabcdefghijklmnopqrstuv/",
	     "UCabcdefghijklmnopqrstuv");
	good(yt, "https://www.youtube.com/c/BudiSantosoOfficial",
	     "c/budisantosoofficial");
	good(yt, "https://www.youtube.com/user/BudiSantoso85",
	     "user/budisantoso85");
	good(yt, "@abc", "@abc");
	bad(yt, "@ab", "has 2 characters", "3-30");
	bad(yt, "@abcdefghijklmnopqrstuvwxyz12345", "has 31 characters",
	    NULL);
	bad(yt, "@budi santoso", "has a space", NULL);
	bad(yt, "https://www.youtube.com/channel/UCshort",
	    "no channel id", NULL);
	bad(yt, "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
	    "not a channel", NULL);
	bad(yt, "https://www.youtube.com/shorts/abc", "not a channel", NULL);
	bad(yt, "https://youtu.be/dQw4w9WgXcQ", "video link", NULL);
	bad(yt, "https://www.youtube.com/BudiSantoso", "legacy YouTube URL",
	    "give the channel's @handle");
	bad(yt, "https://www.youtube.com/", "no channel", NULL);
	bad(yt, "https://www.facebook.com/budi.santoso",
	    "is a Facebook URL, not YouTube", NULL);

	/* Every platform: empty, blanks only, NULL. */
	bad(x, "", "X handle is empty", "write the username");
	bad(ig, "   ", "Instagram handle is empty", NULL);
	bad(fb, NULL, "Facebook handle is empty", NULL);
	bad(tt, "\xc2\xa0\t", "TikTok handle is empty", NULL);
	bad(yt, "\xef\xbb\xbf", "YouTube handle is empty", NULL);
	bad(PLATFORM_NONE, "budi", "no platform given", NULL);

	/* Appending, and the message in full. */
	buf_adds(&out, "x:");
	ok(!handle_normalize(x, "@Budi", &out, &err), "append");
	is_str(out.s, "x:budi", "appended to out");
	ok(handle_normalize(x, "https://x.com/budi-s", &out, &err),
	   "URL with a bad name");
	is_str(err.s, "X username 'budi-s' in 'https://x.com/budi-s' has "
	       "'-', which X does not allow (letters, digits and _); check "
	       "the account's profile", "message in full");
	is_str(out.s, "x:budi", "out kept");
	buf_reset(&err);
	ok(handle_normalize(ig, "budi\x01", &out, &err), "control char");
	ok(strstr(err.s, "'budi\\x01'") && strstr(err.s, "control character"),
	   "control character escaped");

	buf_release(&out);
	buf_release(&err);
	return done_testing();
}
