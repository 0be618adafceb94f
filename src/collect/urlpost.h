/* SPDX-License-Identifier: MIT */
/*
 * A link to one post, recognised per platform: the link a Bawaslu staff
 * member copies from a browser or a citizen's report (laporan
 * masyarakat). urlpost_parse() says which platform and post it names,
 * the account when the link carries one, and gives one canonical URL, so
 * that two links to the same post (x.com and twitter.com, mobile., a
 * share query string) meet on the same post.
 *
 * Recognised (any host under the platform's domains: www., m., mobile.):
 *   X          /NAME/status/ID (and /statuses/, /photo/1, /video/1 after
 *              it), /i/web/status/ID, /i/status/ID
 *   Instagram  /p/CODE/, /reel/CODE/, /reels/CODE/, /tv/CODE/, and the
 *              same after a /NAME/ (instagram.com/NAME/p/CODE/)
 *   Facebook   story.php?story_fbid=&id=, permalink.php?story_fbid=&id=,
 *              /PAGE/posts/ID, /PAGE/videos/ID, /watch/?v=ID, /reel/ID,
 *              /groups/GROUP/posts/ID, /groups/GROUP/permalink/ID
 *   TikTok     /@NAME/video/ID, /@NAME/photo/ID, /embed/v2/ID
 *   YouTube    /watch?v=ID, youtu.be/ID, /shorts/ID, /live/ID, /embed/ID
 * Short links that only the network can resolve (t.co, fb.watch,
 * facebook.com/share/..., instagram.com/share/..., vm.tiktok.com,
 * vt.tiktok.com, tiktok.com/t/...) are recognised as such: the result
 * has needs_redirect set and no post id; fetch the link (pagecap.h
 * follows redirects) and parse the final URL again.
 *
 * Refused, with a message that says what to do: anything but http and
 * https (javascript:, data:, file:, ftp:), a user name or password in
 * the link (never repeated in the message), a host that only looks like
 * a platform's (x.com.evil.example, notx.com, an IP address, a
 * non-ASCII look-alike), a port other than the scheme's own, control
 * characters or non-ASCII bytes, links longer than 2048 bytes, and a
 * platform link that is not a post (a profile, a search, a hashtag).
 *
 * Handles go through registry/handle.c (handle_normalize), so a handle
 * from a link is the same string the registry stores. Nothing here goes
 * to the network, and nothing is decoded: ids and names must be plain
 * ASCII in the link, as the platforms write them.
 */
#ifndef NETRA_COLLECT_URLPOST_H
#define NETRA_COLLECT_URLPOST_H

#include "registry/handle.h"

struct buf;

enum urlpost_kind {
	URLPOST_UNKNOWN = 0,	/* a short link: only the redirect tells */
	URLPOST_STATUS,		/* an X post */
	URLPOST_POST,		/* an Instagram or Facebook post */
	URLPOST_REEL,		/* an Instagram or Facebook reel */
	URLPOST_VIDEO,		/* TikTok, YouTube, Facebook video */
	URLPOST_PHOTO,		/* a TikTok photo post */
	URLPOST_SHORT		/* a YouTube short */
};

/* What post_id is, so a capture can be matched to an API record. */
enum urlpost_id {
	URLPOST_ID_NONE = 0,	/* no id (a short link) */
	/*
	 * The id the platform's API gives the post, as post.post_id holds
	 * it: X and TikTok numeric ids, YouTube video ids, Facebook
	 * "PAGEID_POSTID" when the link has both numbers.
	 */
	URLPOST_ID_NATIVE,
	/* An Instagram shortcode; the Graph API's id is another (numeric)
	   one: match on the permalink */
	URLPOST_ID_SHORTCODE,
	/* A Facebook post number or pfbid code without the page's numeric
	   id: match on the URL */
	URLPOST_ID_LOCAL
};

struct urlpost {
	enum platform platform;
	enum urlpost_kind kind;
	enum urlpost_id id_kind;
	char *post_id;		/* owned; NULL when needs_redirect */
	char *handle;		/* owned; the canonical handle (handle.h)
				   when the link names the account, else
				   NULL */
	char *url;		/* owned; the canonical https URL, NULL when
				   needs_redirect */
	int needs_redirect;	/* a short link: fetch it, parse the end */
};

#define URLPOST_INIT { PLATFORM_NONE, URLPOST_UNKNOWN, URLPOST_ID_NONE, \
	NULL, NULL, NULL, 0 }

/*
 * Recognises raw (blanks around it are ignored; no scheme means https).
 * Returns 0 with out filled (release it with urlpost_release()), or -1
 * with one message appended to err (no location: the caller adds the
 * file, line and column) and out untouched.
 */
int urlpost_parse(const char *raw, struct urlpost *out, struct buf *err);

void urlpost_release(struct urlpost *u);

/* "status", "post", "reel", "video", "photo", "short", "unknown". */
const char *urlpost_kind_name(enum urlpost_kind k);

#endif
