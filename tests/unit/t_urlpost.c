/* SPDX-License-Identifier: MIT */
/*
 * Post links (urlpost.c): for each platform the forms people copy from a
 * browser or an app, each checked for platform, kind, id, id kind,
 * handle and canonical URL; then short links, and hostile or broken
 * links, each of which must be refused with a message that names the
 * problem and never repeats a password. Handles and ids are invented.
 */
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "collect/urlpost.h"
#include "tap.h"
#include "util/banned.h"

/* the last call's result, taken before a message reads its err */
static int rc;

struct good {
	const char *url;
	const char *platform;
	const char *kind;
	enum urlpost_id id_kind;
	const char *post_id;
	const char *handle;	/* NULL: none */
	const char *canonical;
};

static const struct good goods[] = {
	/* X */
	{ "https://x.com/budi_fiktif/status/1790000000000000101",
	  "x", "status", URLPOST_ID_NATIVE, "1790000000000000101",
	  "budi_fiktif",
	  "https://x.com/budi_fiktif/status/1790000000000000101" },
	{ "https://twitter.com/Budi_Fiktif/status/1790000000000000101?s=20&"
	  "t=AbC",
	  "x", "status", URLPOST_ID_NATIVE, "1790000000000000101",
	  "budi_fiktif",
	  "https://x.com/budi_fiktif/status/1790000000000000101" },
	{ "mobile.twitter.com/budi_fiktif/status/1790000000000000101/photo/1",
	  "x", "status", URLPOST_ID_NATIVE, "1790000000000000101",
	  "budi_fiktif",
	  "https://x.com/budi_fiktif/status/1790000000000000101" },
	{ "  HTTPS://WWW.X.COM/budi_fiktif/statuses/1790000000000000101#top \n",
	  "x", "status", URLPOST_ID_NATIVE, "1790000000000000101",
	  "budi_fiktif",
	  "https://x.com/budi_fiktif/status/1790000000000000101" },
	{ "https://x.com/i/web/status/1790000000000000102",
	  "x", "status", URLPOST_ID_NATIVE, "1790000000000000102", NULL,
	  "https://x.com/i/web/status/1790000000000000102" },
	{ "https://x.com/i/status/1790000000000000102",
	  "x", "status", URLPOST_ID_NATIVE, "1790000000000000102", NULL,
	  "https://x.com/i/web/status/1790000000000000102" },
	{ "http://x.com./budi_fiktif/status/17",
	  "x", "status", URLPOST_ID_NATIVE, "17", "budi_fiktif",
	  "https://x.com/budi_fiktif/status/17" },
	{ "https://x.com:443/budi_fiktif/status/17",
	  "x", "status", URLPOST_ID_NATIVE, "17", "budi_fiktif",
	  "https://x.com/budi_fiktif/status/17" },
	/* Instagram */
	{ "https://www.instagram.com/p/C0FiKtIf01a/",
	  "instagram", "post", URLPOST_ID_SHORTCODE, "C0FiKtIf01a", NULL,
	  "https://www.instagram.com/p/C0FiKtIf01a/" },
	{ "https://instagram.com/p/C0FiKtIf01a/?utm_source=ig_web_copy_link&"
	  "igsh=MzRl",
	  "instagram", "post", URLPOST_ID_SHORTCODE, "C0FiKtIf01a", NULL,
	  "https://www.instagram.com/p/C0FiKtIf01a/" },
	{ "https://www.instagram.com/reel/C1ReeLfiKt2/",
	  "instagram", "reel", URLPOST_ID_SHORTCODE, "C1ReeLfiKt2", NULL,
	  "https://www.instagram.com/reel/C1ReeLfiKt2/" },
	{ "https://www.instagram.com/reels/C1ReeLfiKt2",
	  "instagram", "reel", URLPOST_ID_SHORTCODE, "C1ReeLfiKt2", NULL,
	  "https://www.instagram.com/reel/C1ReeLfiKt2/" },
	{ "https://www.instagram.com/siti.fiktif/p/C0FiKtIf01a/",
	  "instagram", "post", URLPOST_ID_SHORTCODE, "C0FiKtIf01a",
	  "siti.fiktif", "https://www.instagram.com/p/C0FiKtIf01a/" },
	{ "https://www.instagram.com/tv/C0FiKtIf01a/",
	  "instagram", "post", URLPOST_ID_SHORTCODE, "C0FiKtIf01a", NULL,
	  "https://www.instagram.com/p/C0FiKtIf01a/" },
	/* Facebook */
	{ "https://www.facebook.com/story.php?story_fbid=1234567890123&id="
	  "100000000000001",
	  "facebook", "post", URLPOST_ID_NATIVE,
	  "100000000000001_1234567890123", "100000000000001",
	  "https://www.facebook.com/story.php?story_fbid=1234567890123&id="
	  "100000000000001" },
	{ "https://m.facebook.com/story.php?id=100000000000001&story_fbid="
	  "pfbid02FiKtIfAbCdEf&mibextid=Nif5oz",
	  "facebook", "post", URLPOST_ID_LOCAL, "pfbid02FiKtIfAbCdEf",
	  "100000000000001",
	  "https://www.facebook.com/story.php?story_fbid="
	  "pfbid02FiKtIfAbCdEf&id=100000000000001" },
	{ "https://www.facebook.com/permalink.php?story_fbid=987654321&id="
	  "100000000000002",
	  "facebook", "post", URLPOST_ID_NATIVE, "100000000000002_987654321",
	  "100000000000002",
	  "https://www.facebook.com/story.php?story_fbid=987654321&id="
	  "100000000000002" },
	{ "https://web.facebook.com/Dinas.Fiktif.Kudus/posts/"
	  "pfbid0abcDEF123?__cft__[0]=x",
	  "facebook", "post", URLPOST_ID_LOCAL, "pfbid0abcDEF123",
	  "dinas.fiktif.kudus",
	  "https://www.facebook.com/dinas.fiktif.kudus/posts/pfbid0abcDEF123" },
	{ "https://www.facebook.com/100000000000003/posts/4455667788/",
	  "facebook", "post", URLPOST_ID_NATIVE, "100000000000003_4455667788",
	  "100000000000003",
	  "https://www.facebook.com/100000000000003/posts/4455667788" },
	{ "https://www.facebook.com/dinas.fiktif.kudus/videos/1122334455",
	  "facebook", "video", URLPOST_ID_LOCAL, "1122334455",
	  "dinas.fiktif.kudus",
	  "https://www.facebook.com/dinas.fiktif.kudus/videos/1122334455" },
	{ "https://www.facebook.com/watch/?v=5566778899",
	  "facebook", "video", URLPOST_ID_LOCAL, "5566778899", NULL,
	  "https://www.facebook.com/watch/?v=5566778899" },
	{ "https://www.facebook.com/reel/6677889900",
	  "facebook", "reel", URLPOST_ID_LOCAL, "6677889900", NULL,
	  "https://www.facebook.com/reel/6677889900" },
	{ "https://www.facebook.com/groups/warga.fiktif/posts/7788990011/",
	  "facebook", "post", URLPOST_ID_LOCAL, "7788990011", NULL,
	  "https://www.facebook.com/groups/warga.fiktif/posts/7788990011" },
	/* TikTok */
	{ "https://www.tiktok.com/@ani.fiktif/video/7300000000000000001?is_"
	  "from_webapp=1&sender_device=pc",
	  "tiktok", "video", URLPOST_ID_NATIVE, "7300000000000000001",
	  "ani.fiktif",
	  "https://www.tiktok.com/@ani.fiktif/video/7300000000000000001" },
	{ "https://m.tiktok.com/@Ani.Fiktif/video/7300000000000000001",
	  "tiktok", "video", URLPOST_ID_NATIVE, "7300000000000000001",
	  "ani.fiktif",
	  "https://www.tiktok.com/@ani.fiktif/video/7300000000000000001" },
	{ "https://www.tiktok.com/@ani.fiktif/photo/7300000000000000002",
	  "tiktok", "photo", URLPOST_ID_NATIVE, "7300000000000000002",
	  "ani.fiktif",
	  "https://www.tiktok.com/@ani.fiktif/photo/7300000000000000002" },
	{ "https://www.tiktok.com/embed/v2/7300000000000000003",
	  "tiktok", "video", URLPOST_ID_NATIVE, "7300000000000000003", NULL,
	  "https://www.tiktok.com/video/7300000000000000003" },
	/* YouTube */
	{ "https://www.youtube.com/watch?v=FiKtIf0_-01",
	  "youtube", "video", URLPOST_ID_NATIVE, "FiKtIf0_-01", NULL,
	  "https://www.youtube.com/watch?v=FiKtIf0_-01" },
	{ "https://m.youtube.com/watch?feature=share&v=FiKtIf0_-01&t=42s",
	  "youtube", "video", URLPOST_ID_NATIVE, "FiKtIf0_-01", NULL,
	  "https://www.youtube.com/watch?v=FiKtIf0_-01" },
	{ "https://youtu.be/FiKtIf0_-01?si=AbCdEf",
	  "youtube", "video", URLPOST_ID_NATIVE, "FiKtIf0_-01", NULL,
	  "https://www.youtube.com/watch?v=FiKtIf0_-01" },
	{ "https://www.youtube.com/shorts/ShOrTfiKt02",
	  "youtube", "short", URLPOST_ID_NATIVE, "ShOrTfiKt02", NULL,
	  "https://www.youtube.com/shorts/ShOrTfiKt02" },
	{ "https://www.youtube.com/live/LiVeFiKt003?feature=share",
	  "youtube", "video", URLPOST_ID_NATIVE, "LiVeFiKt003", NULL,
	  "https://www.youtube.com/watch?v=LiVeFiKt003" },
	{ "youtube.com/embed/FiKtIf0_-01",
	  "youtube", "video", URLPOST_ID_NATIVE, "FiKtIf0_-01", NULL,
	  "https://www.youtube.com/watch?v=FiKtIf0_-01" },
};

/* Short links: recognised, but only a redirect tells the post. */
static const struct {
	const char *url;
	const char *platform;
} shorts[] = {
	{ "https://vm.tiktok.com/ZSFiKt01/", "tiktok" },
	{ "https://vt.tiktok.com/ZSFiKt02", "tiktok" },
	{ "https://www.tiktok.com/t/ZTFiKt03/", "tiktok" },
	{ "https://fb.watch/fIkTiF04/", "facebook" },
	{ "https://www.facebook.com/share/p/1FiKtIf05/", "facebook" },
	{ "https://www.facebook.com/share/v/1FiKtIf06/", "facebook" },
	{ "https://www.instagram.com/share/reel/FiKt07/", "instagram" },
	{ "https://t.co/FiKtIf08", "x" },
};

/* Refused links and a piece of what the message must say. */
static const struct {
	const char *url;
	const char *says;
} bads[] = {
	{ "", "empty" },
	{ "   ", "empty" },
	{ "javascript:alert(1)//x.com/a/status/1", "not a web link" },
	{ "JavaScript:alert(document.cookie)", "not a web link" },
	{ "data:text/html,<script>alert(1)</script>", "not a web link" },
	{ "file:///etc/passwd", "not a web link" },
	{ "ftp://x.com/budi_fiktif/status/1", "not a web link" },
	{ "https://budi:rahasia123@x.com/budi_fiktif/status/1", "password" },
	{ "https://budi@x.com/budi_fiktif/status/1", "user name" },
	{ "https://x.com.evil.example/budi_fiktif/status/1", "evil.example" },
	{ "https://notx.com/budi_fiktif/status/1", "not a link to X" },
	{ "https://evil.example/x.com/budi_fiktif/status/1", "evil.example" },
	{ "https://x.com@evil.example/budi_fiktif/status/1", "user name" },
	{ "https://127.0.0.1/budi_fiktif/status/1", "not a link to X" },
	{ "https://[::1]/budi_fiktif/status/1", "host" },
	{ "https://x.com:8443/budi_fiktif/status/1", "port" },
	{ "http://x.com:443/budi_fiktif/status/1", "port" },
	{ "https://x.com\\@evil.example/a/status/1", "'\\'" },
	{ "https://x.c\xd0\xbem/budi_fiktif/status/1", "non-ASCII" },
	{ "https://x.com/budi fiktif/status/1", "a space" },
	{ "https://x.com/budi\tfiktif/status/1", "control character" },
	{ "https://x.com/budi_fiktif/status/1\r\nSet-Cookie: a=b",
	  "control character" },
	{ "https://x.com/<script>/status/1", "'<'" },
	{ "https://x.com/budi_fiktif", "not a link to a post" },
	{ "https://x.com/home", "not a link to a post" },
	{ "https://x.com/search?q=coblos", "not a link to a post" },
	{ "https://x.com/budi_fiktif/status/", "post number" },
	{ "https://x.com/budi_fiktif/status/12abc", "post number" },
	{ "https://x.com/budi_fiktif/status/0123", "post number" },
	{ "https://x.com/budi_fiktif/status/123456789012345678901",
	  "post number" },
	{ "https://x.com/budi_fiktif/status/1%2F2", "post number" },
	{ "https://x.com/hashtag/status/1", "not an account URL" },
	{ "https://x.com/this_name_is_far_too_long/status/1", "cannot be one" },
	{ "https://www.instagram.com/siti.fiktif/", "not a link to a post" },
	{ "https://www.instagram.com/p/", "post code" },
	{ "https://www.instagram.com/p/ab/", "post code" },
	{ "https://www.instagram.com/p/C0Fi%2e%2e/", "post code" },
	{ "https://www.instagram.com/explore/tags/pemilu/",
	  "not a link to a post" },
	{ "https://www.facebook.com/"
	  "dinas.fiktif.kudus", "not a link to a post" },
	{ "https://www.facebook.com/story.php?id=100000000000001",
	  "story_fbid" },
	{ "https://www.facebook.com/story.php?story_fbid=12&id=abc", "id=" },
	{ "https://www.facebook.com/dinas.fiktif/posts/notanumber",
	  "post number" },
	{ "https://www.facebook.com/watch/?v=abc", "video number" },
	{ "https://www.tiktok.com/@ani.fiktif", "not a link to a post" },
	{ "https://www.tiktok.com/ani.fiktif/video/7300000000000000001",
	  "not a link to a post" },
	{ "https://www.tiktok.com/@ani.fiktif/video/73x", "video number" },
	{ "https://vm.tiktok.com/", "short link" },
	{ "https://www.youtube.com/@kanal.fiktif", "not a link to a post" },
	{ "https://www.youtube.com/watch?v=short", "video id" },
	{ "https://www.youtube.com/watch?list=PL123", "video id" },
	{ "https://youtu.be/", "video id" },
	{ "https://www.youtube.com/watch?v=FiKtIf0_-01%00", "video id" },
};

static void test_goods(void)
{
	size_t i;

	for (i = 0; i < sizeof(goods) / sizeof(goods[0]); i++) {
		const struct good *g = &goods[i];
		struct urlpost u = URLPOST_INIT;
		struct buf err = BUF_INIT;
		rc = urlpost_parse(g->url, &u, &err);

		if (!ok(rc == 0, "recognised: %s", g->url)) {
			printf("#   %s\n", err.s);
			buf_release(&err);
			continue;
		}
		is_str(platform_name(u.platform), g->platform, "  platform");
		is_str(urlpost_kind_name(u.kind), g->kind, "  kind");
		is_int(u.id_kind, g->id_kind, "  id kind");
		is_str(u.post_id, g->post_id, "  post id");
		is_str(u.handle, g->handle, "  handle");
		is_str(u.url, g->canonical, "  canonical URL");
		ok(!u.needs_redirect, "  no redirect needed");
		/* the canonical URL is a fixed point */
		{
			struct urlpost v = URLPOST_INIT;

			rc = urlpost_parse(u.url, &v, &err);
			ok(!rc &&
			   v.url && !strcmp(v.url, u.url) &&
			   !strcmp(v.post_id, u.post_id),
			   "  the canonical URL parses to itself");
			urlpost_release(&v);
		}
		urlpost_release(&u);
		buf_release(&err);
	}
}

static void test_shorts(void)
{
	size_t i;

	for (i = 0; i < sizeof(shorts) / sizeof(shorts[0]); i++) {
		struct urlpost u = URLPOST_INIT;
		struct buf err = BUF_INIT;

		rc = urlpost_parse(shorts[i].url, &u, &err);
		ok(!rc &&
		   u.needs_redirect && !u.post_id && !u.url &&
		   !strcmp(platform_name(u.platform), shorts[i].platform),
		   "short link, needs the redirect: %s (%s)", shorts[i].url,
		   err.s);
		urlpost_release(&u);
		buf_release(&err);
	}
}

static void test_bads(void)
{
	size_t i;

	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		struct urlpost u = URLPOST_INIT;
		struct buf err = BUF_INIT;
		rc = urlpost_parse(bads[i].url, &u, &err);

		ok(rc == -1 && strstr(err.s, bads[i].says) && !u.post_id &&
		   !u.url, "refused, says '%s': %s", bads[i].says, err.s);
		ok(!strstr(err.s, "rahasia123"), "  never shows a password");
		ok(!strchr(err.s, '\n') && !strchr(err.s, '\r'),
		   "  one line");
		urlpost_release(&u);
		buf_release(&err);
	}
}

/* A message quotes the link with tokens hidden, and short. */
static void test_messages(void)
{
	struct urlpost u = URLPOST_INIT;
	struct buf err = BUF_INIT, big = BUF_INIT;
	size_t i;

	i = urlpost_parse("https://graph.facebook.com/v19.0/me?"
			  "access_token=EAAGfiktif", &u, &err) == -1;
	ok(i && err.len && !strstr(err.s, "EAAGfiktif"),
	   "a token in a refused link is not repeated: %s", err.s);
	buf_reset(&err);
	buf_adds(&big, "https://x.com/budi_fiktif/status/1?");
	for (i = 0; i < 3000; i++)
		buf_addch(&big, 'a');
	rc = urlpost_parse(big.s, &u, &err);
	ok(rc == -1 && strstr(err.s, "2048") &&
	   err.len < 400, "a 3 kB link is refused, and quoted short");
	buf_reset(&err);
	rc = urlpost_parse(NULL, &u, &err);
	ok(rc == -1 && strstr(err.s, "empty"),
	   "NULL is an empty link");
	buf_release(&big);
	buf_release(&err);
}

int main(void)
{
	test_goods();
	test_shorts();
	test_bads();
	test_messages();
	return done_testing();
}
