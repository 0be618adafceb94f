/* SPDX-License-Identifier: MIT */
/*
 * Post links (urlpost.h). The link is split by libcurl's URL parser
 * (curl_url), which also resolves "." and ".." segments; what it hands
 * back is then checked strictly here: the scheme, no credentials, a host
 * under one of the platforms' domains (registry/handle.c decides which),
 * the scheme's own port, and per platform the path and query shapes of
 * a post. Ids and names are checked against the characters the platform
 * uses; nothing is %-decoded, so "%2F" or "%00" in an id is refused
 * rather than interpreted.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "util/buf.h"
#include "collect/urlpost.h"
#include "registry/handle.h"
#include "util/msg.h"
#include "util/banned.h"

#define URL_MAX 2048
#define QUOTE_MAX 100
#define SEG_MAX 16

/* Lengths of ids, as the platforms issue them. */
#define NUM_ID_MAX 20		/* X, TikTok, Facebook numeric ids */
#define IG_CODE_MIN 5		/* Instagram shortcodes: 11 today, */
#define IG_CODE_MAX 64		/* longer for private media */
#define YT_ID_LEN 11
#define FB_CODE_MAX 128		/* pfbid... codes */
#define SHORT_MAX 64		/* short-link codes */

const char *urlpost_kind_name(enum urlpost_kind k)
{
	switch (k) {
	case URLPOST_STATUS:
		return "status";
	case URLPOST_POST:
		return "post";
	case URLPOST_REEL:
		return "reel";
	case URLPOST_VIDEO:
		return "video";
	case URLPOST_PHOTO:
		return "photo";
	case URLPOST_SHORT:
		return "short";
	case URLPOST_UNKNOWN:
		break;
	}
	return "unknown";
}

void urlpost_release(struct urlpost *u)
{
	free(u->post_id);
	free(u->handle);
	free(u->url);
	u->post_id = u->handle = u->url = NULL;
	u->platform = PLATFORM_NONE;
	u->kind = URLPOST_UNKNOWN;
	u->id_kind = URLPOST_ID_NONE;
	u->needs_redirect = 0;
}

static const char *const labels[PLATFORM_COUNT] = {
	"X", "Instagram", "Facebook", "TikTok", "YouTube"
};

/* The link as it may be shown: credentials and tokens hidden, quoted. */
struct link {
	const char *raw;	/* trimmed input */
	size_t len;
	struct buf shown;	/* 'https://x.com/...' */
	char *host;		/* from curl, lower-cased, no final dot */
	char *path;		/* from curl, "/..." */
	char *query;		/* from curl, or NULL */
	const char *seg[SEG_MAX]; /* path segments, into segbuf */
	size_t seg_len[SEG_MAX];
	int nseg;
	struct buf segbuf;
	enum platform p;
};

static void quote(struct buf *out, const char *s, size_t len)
{
	size_t i, n = len > QUOTE_MAX ? QUOTE_MAX : len;

	buf_addch(out, '\'');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c >= 0x7f || c == '\\' || c == '\'')
			buf_addf(out, "\\x%02x", c);
		else
			buf_addch(out, c);
	}
	if (len > QUOTE_MAX)
		buf_adds(out, "...");
	buf_addch(out, '\'');
}

/*
 * The link for messages: userinfo ("user:pass@") replaced by "***@",
 * then msg_redact() for tokens in the query, then quoted.
 */
static void make_shown(struct link *l)
{
	struct buf s = BUF_INIT;
	const char *p = l->raw, *end = l->raw + l->len, *auth, *at = NULL;
	const char *q;

	auth = p;
	for (q = p; q + 2 < end; q++)
		if (q[0] == ':' && q[1] == '/' && q[2] == '/') {
			auth = q + 3;
			break;
		}
	for (q = auth; q < end && *q != '/' && *q != '?' && *q != '#'; q++)
		if (*q == '@')
			at = q;
	if (at) {
		buf_add(&s, p, (size_t)(auth - p));
		buf_adds(&s, "***");
		buf_add(&s, at, (size_t)(end - at));
	} else {
		buf_add(&s, p, l->len);
	}
	msg_redact(&s);
	quote(&l->shown, s.s, s.len);
	buf_release(&s);
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int all_of(const char *s, size_t len, int (*ok)(int), size_t min,
		  size_t max)
{
	size_t i;

	if (len < min || len > max)
		return 0;
	for (i = 0; i < len; i++)
		if (!ok((unsigned char)s[i]))
			return 0;
	return 1;
}

static int code_char(int c)
{
	return is_alnum(c) || c == '_' || c == '-';
}

static int group_char(int c)
{
	return code_char(c) || c == '.';
}

static int numeric_id(const char *s, size_t len)
{
	return all_of(s, len, is_digit, 1, NUM_ID_MAX) && s[0] != '0';
}

/* Facebook: a numeric post id or a "pfbid..." code. */
static int fb_post_id(const char *s, size_t len)
{
	if (numeric_id(s, len))
		return 1;
	return len > 5 && !strncmp(s, "pfbid", 5) &&
		all_of(s, len, is_alnum, 6, FB_CODE_MAX);
}

static int seg_is(const struct link *l, int i, const char *name)
{
	return i < l->nseg && strlen(name) == l->seg_len[i] &&
		!strncasecmp(l->seg[i], name, l->seg_len[i]);
}

/* Query parameter key of l, or NULL; *len its length (not decoded). */
static const char *param(const struct link *l, const char *key, size_t *len)
{
	const char *q = l->query;
	size_t klen = strlen(key);

	while (q && *q) {
		const char *amp = strchr(q, '&');
		size_t n = amp ? (size_t)(amp - q) : strlen(q);

		if (n > klen && !strncmp(q, key, klen) && q[klen] == '=') {
			*len = n - klen - 1;
			return q + klen + 1;
		}
		q = amp ? amp + 1 : NULL;
	}
	return NULL;
}

static int refuse(const struct link *l, struct buf *err, const char *why)
{
	buf_addf(err, "%s %s", l->shown.s, why);
	return -1;
}

static int not_a_post(const struct link *l, struct buf *err)
{
	buf_addf(err, "%s is %s %s link but not a link to a post; open the "
		 "post itself and copy its link (Share, Copy link)", l->shown.s,
		 l->p == PLATFORM_INSTAGRAM || l->p == PLATFORM_X ? "an" : "a",
		 labels[l->p]);
	return -1;
}

static int bad_id(const struct link *l, struct buf *err, const char *what)
{
	buf_addf(err, "%s has no valid %s %s in it; copy the post's link "
		 "again", l->shown.s, labels[l->p], what);
	return -1;
}

/* Profile URLs, so handle.c also refuses its reserved pages (x.com/i). */
static const char *const profile_base[PLATFORM_COUNT] = {
	"https://x.com/", "https://www.instagram.com/",
	"https://www.facebook.com/", "https://www.tiktok.com/",
	"https://www.youtube.com/"
};

/*
 * The canonical handle for name (as written in the link), into *out:
 * handle.c reads it as the profile URL it stands for.
 */
static int take_handle(const struct link *l, const char *name, size_t len,
		       char **out, struct buf *err)
{
	struct buf h = BUF_INIT, e = BUF_INIT, tmp = BUF_INIT;

	buf_adds(&tmp, profile_base[l->p]);
	buf_add(&tmp, name, len);
	if (handle_normalize(l->p, tmp.s, &h, &e)) {
		buf_addf(err, "%s names an account that cannot be one: %s",
			 l->shown.s, e.s);
		buf_release(&h);
		buf_release(&e);
		buf_release(&tmp);
		return -1;
	}
	*out = buf_detach(&h, NULL);
	buf_release(&e);
	buf_release(&tmp);
	return 0;
}

static void set(struct urlpost *o, enum urlpost_kind k, enum urlpost_id ik,
		const char *id, size_t id_len)
{
	o->kind = k;
	o->id_kind = ik;
	o->post_id = xstrndup(id, id_len);
}

static void set_url(struct urlpost *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void set_url(struct urlpost *o, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	o->url = buf_detach(&b, NULL);
}

static int short_link(const struct link *l, int code_seg, struct urlpost *o,
		      struct buf *err)
{
	if (code_seg >= l->nseg ||
	    !all_of(l->seg[code_seg], l->seg_len[code_seg], code_char, 1,
		    SHORT_MAX))
		return refuse(l, err, "is a short link without its code; copy "
			      "the whole link");
	o->needs_redirect = 1;
	return 0;
}

/* x.com/NAME/status/ID[/photo/1...], x.com/i/web/status/ID */
static int parse_x(const struct link *l, struct urlpost *o, struct buf *err)
{
	int s;

	if (!strcmp(l->host, "t.co"))
		return short_link(l, 0, o, err);
	if (seg_is(l, 0, "i")) {
		s = seg_is(l, 1, "web") ? 2 : 1;
		if (!seg_is(l, s, "status") && !seg_is(l, s, "statuses"))
			return not_a_post(l, err);
		if (s + 1 >= l->nseg ||
		    !numeric_id(l->seg[s + 1], l->seg_len[s + 1]))
			return bad_id(l, err, "post number");
		set(o, URLPOST_STATUS, URLPOST_ID_NATIVE, l->seg[s + 1],
		    l->seg_len[s + 1]);
		set_url(o, "https://x.com/i/web/status/%s", o->post_id);
		return 0;
	}
	if (l->nseg < 2 || (!seg_is(l, 1, "status") &&
			    !seg_is(l, 1, "statuses")))
		return not_a_post(l, err);
	if (l->nseg < 3 || !numeric_id(l->seg[2], l->seg_len[2]))
		return bad_id(l, err, "post number");
	if (take_handle(l, l->seg[0], l->seg_len[0], &o->handle, err))
		return -1;
	set(o, URLPOST_STATUS, URLPOST_ID_NATIVE, l->seg[2], l->seg_len[2]);
	set_url(o, "https://x.com/%s/status/%s", o->handle, o->post_id);
	return 0;
}

/* instagram.com/[NAME/](p|reel|reels|tv)/CODE/ */
static int parse_instagram(const struct link *l, struct urlpost *o,
			   struct buf *err)
{
	int s = 0;
	enum urlpost_kind k;

	if (seg_is(l, 0, "share"))
		return short_link(l, l->nseg > 2 ? 2 : 1, o, err);
	if (l->nseg >= 3 && !seg_is(l, 0, "p") && !seg_is(l, 0, "reel") &&
	    !seg_is(l, 0, "reels") && !seg_is(l, 0, "tv"))
		s = 1;
	if (seg_is(l, s, "p") || seg_is(l, s, "tv"))
		k = URLPOST_POST;
	else if (seg_is(l, s, "reel") || seg_is(l, s, "reels"))
		k = URLPOST_REEL;
	else
		return not_a_post(l, err);
	if (s + 1 >= l->nseg || !all_of(l->seg[s + 1], l->seg_len[s + 1],
					code_char, IG_CODE_MIN, IG_CODE_MAX))
		return bad_id(l, err, "post code");
	if (s && take_handle(l, l->seg[0], l->seg_len[0], &o->handle, err))
		return -1;
	set(o, k, URLPOST_ID_SHORTCODE, l->seg[s + 1], l->seg_len[s + 1]);
	set_url(o, "https://www.instagram.com/%s/%s/",
		k == URLPOST_REEL ? "reel" : "p", o->post_id);
	return 0;
}

/* story.php / permalink.php ?story_fbid=&id= */
static int fb_story(const struct link *l, struct urlpost *o, struct buf *err)
{
	const char *fbid, *id;
	size_t fbid_len = 0, id_len = 0;
	struct buf pid = BUF_INIT;

	fbid = param(l, "story_fbid", &fbid_len);
	id = param(l, "id", &id_len);
	if (!fbid || !fb_post_id(fbid, fbid_len))
		return bad_id(l, err, "story_fbid");
	if (!id || !numeric_id(id, id_len))
		return bad_id(l, err, "page or profile id (id=)");
	if (take_handle(l, id, id_len, &o->handle, err))
		return -1;
	if (numeric_id(fbid, fbid_len)) {
		buf_add(&pid, id, id_len);
		buf_addch(&pid, '_');
		buf_add(&pid, fbid, fbid_len);
		set(o, URLPOST_POST, URLPOST_ID_NATIVE, pid.s, pid.len);
	} else {
		set(o, URLPOST_POST, URLPOST_ID_LOCAL, fbid, fbid_len);
	}
	buf_release(&pid);
	set_url(o, "https://www.facebook.com/story.php?story_fbid=%.*s&id=%s",
		(int)fbid_len, fbid, o->handle);
	return 0;
}

static int parse_facebook(const struct link *l, struct urlpost *o,
			  struct buf *err)
{
	const char *v;
	size_t vlen = 0;
	struct buf pid = BUF_INIT;
	enum urlpost_kind k;

	if (!strcmp(l->host, "fb.watch"))
		return short_link(l, 0, o, err);
	if (seg_is(l, 0, "share"))
		return short_link(l, l->nseg > 2 ? 2 : 1, o, err);
	if (l->nseg == 1 && (seg_is(l, 0, "story.php") ||
			     seg_is(l, 0, "permalink.php")))
		return fb_story(l, o, err);
	if (seg_is(l, 0, "watch")) {
		v = param(l, "v", &vlen);
		if (!v || !numeric_id(v, vlen))
			return bad_id(l, err, "video number (v=)");
		set(o, URLPOST_VIDEO, URLPOST_ID_LOCAL, v, vlen);
		set_url(o, "https://www.facebook.com/watch/?v=%s", o->post_id);
		return 0;
	}
	if (seg_is(l, 0, "reel")) {
		if (l->nseg < 2 || !numeric_id(l->seg[1], l->seg_len[1]))
			return bad_id(l, err, "reel number");
		set(o, URLPOST_REEL, URLPOST_ID_LOCAL, l->seg[1],
		    l->seg_len[1]);
		set_url(o, "https://www.facebook.com/reel/%s", o->post_id);
		return 0;
	}
	if (seg_is(l, 0, "groups")) {
		if (l->nseg < 4 || (!seg_is(l, 2, "posts") &&
				    !seg_is(l, 2, "permalink")))
			return not_a_post(l, err);
		if (!all_of(l->seg[1], l->seg_len[1], group_char, 1, 100) ||
		    !fb_post_id(l->seg[3], l->seg_len[3]))
			return bad_id(l, err, "group post number");
		set(o, URLPOST_POST, URLPOST_ID_LOCAL, l->seg[3],
		    l->seg_len[3]);
		set_url(o, "https://www.facebook.com/groups/%.*s/posts/%s",
			(int)l->seg_len[1], l->seg[1], o->post_id);
		return 0;
	}
	if (l->nseg < 3 || (!seg_is(l, 1, "posts") && !seg_is(l, 1, "videos")))
		return not_a_post(l, err);
	k = seg_is(l, 1, "posts") ? URLPOST_POST : URLPOST_VIDEO;
	if (!(k == URLPOST_POST ? fb_post_id(l->seg[2], l->seg_len[2]) :
	      numeric_id(l->seg[2], l->seg_len[2])))
		return bad_id(l, err, k == URLPOST_POST ? "post number" :
			      "video number");
	if (take_handle(l, l->seg[0], l->seg_len[0], &o->handle, err))
		return -1;
	if (k == URLPOST_POST && numeric_id(o->handle, strlen(o->handle)) &&
	    numeric_id(l->seg[2], l->seg_len[2])) {
		buf_addf(&pid, "%s_%.*s", o->handle, (int)l->seg_len[2],
			 l->seg[2]);
		set(o, k, URLPOST_ID_NATIVE, pid.s, pid.len);
		buf_release(&pid);
	} else {
		set(o, k, URLPOST_ID_LOCAL, l->seg[2], l->seg_len[2]);
	}
	set_url(o, "https://www.facebook.com/%s/%s/%.*s", o->handle,
		k == URLPOST_POST ? "posts" : "videos", (int)l->seg_len[2],
		l->seg[2]);
	return 0;
}

/* tiktok.com/@NAME/video/ID, /@NAME/photo/ID, /embed/v2/ID */
static int parse_tiktok(const struct link *l, struct urlpost *o,
			struct buf *err)
{
	enum urlpost_kind k;

	if (!strcmp(l->host, "vm.tiktok.com") ||
	    !strcmp(l->host, "vt.tiktok.com"))
		return short_link(l, 0, o, err);
	if (seg_is(l, 0, "t"))
		return short_link(l, 1, o, err);
	if (seg_is(l, 0, "embed") || seg_is(l, 0, "video")) {
		/* /video/ID is the form netra writes without a handle */
		int s = seg_is(l, 1, "v2") ? 2 : 1;

		if (s >= l->nseg || !numeric_id(l->seg[s], l->seg_len[s]))
			return bad_id(l, err, "video number");
		set(o, URLPOST_VIDEO, URLPOST_ID_NATIVE, l->seg[s],
		    l->seg_len[s]);
		set_url(o, "https://www.tiktok.com/video/%s", o->post_id);
		return 0;
	}
	if (l->nseg < 2 || l->seg[0][0] != '@' ||
	    (!seg_is(l, 1, "video") && !seg_is(l, 1, "photo")))
		return not_a_post(l, err);
	k = seg_is(l, 1, "video") ? URLPOST_VIDEO : URLPOST_PHOTO;
	if (l->nseg < 3 || !numeric_id(l->seg[2], l->seg_len[2]))
		return bad_id(l, err, "video number");
	if (take_handle(l, l->seg[0], l->seg_len[0], &o->handle, err))
		return -1;
	set(o, k, URLPOST_ID_NATIVE, l->seg[2], l->seg_len[2]);
	set_url(o, "https://www.tiktok.com/@%s/%s/%s", o->handle,
		k == URLPOST_VIDEO ? "video" : "photo", o->post_id);
	return 0;
}

/* youtube.com/watch?v=ID, youtu.be/ID, /shorts/ID, /live/ID, /embed/ID */
static int parse_youtube(const struct link *l, struct urlpost *o,
			 struct buf *err)
{
	const char *id = NULL;
	size_t len = 0;
	enum urlpost_kind k = URLPOST_VIDEO;

	if (!strcmp(l->host, "youtu.be")) {
		if (l->nseg >= 1) {
			id = l->seg[0];
			len = l->seg_len[0];
		}
	} else if (seg_is(l, 0, "watch")) {
		id = param(l, "v", &len);
	} else if (seg_is(l, 0, "shorts") || seg_is(l, 0, "live") ||
		   seg_is(l, 0, "embed") || seg_is(l, 0, "v")) {
		if (seg_is(l, 0, "shorts"))
			k = URLPOST_SHORT;
		if (l->nseg >= 2) {
			id = l->seg[1];
			len = l->seg_len[1];
		}
	} else {
		return not_a_post(l, err);
	}
	if (!id || !all_of(id, len, code_char, YT_ID_LEN, YT_ID_LEN))
		return bad_id(l, err, "video id (11 characters)");
	set(o, k, URLPOST_ID_NATIVE, id, len);
	if (k == URLPOST_SHORT)
		set_url(o, "https://www.youtube.com/shorts/%s", o->post_id);
	else
		set_url(o, "https://www.youtube.com/watch?v=%s", o->post_id);
	return 0;
}

/* Hosts that belong to a platform but are not in handle.c's list. */
static enum platform extra_host(const char *h)
{
	if (!strcmp(h, "t.co"))
		return PLATFORM_X;
	if (!strcmp(h, "fb.watch"))
		return PLATFORM_FACEBOOK;
	return PLATFORM_NONE;
}

static int host_ok(int c)
{
	return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '.';
}

/* The scheme raw starts with, when it has one: its length, else 0. */
static size_t scheme_len(const char *s, size_t len)
{
	size_t i;

	if (!len || !((s[0] >= 'a' && s[0] <= 'z') ||
		      (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	for (i = 1; i < len && (is_alnum((unsigned char)s[i]) ||
				s[i] == '+' || s[i] == '-' || s[i] == '.');
	     i++)
		;
	if (i >= len || s[i] != ':')
		return 0;
	/* "x.com:443/..." is a host and a port, not a scheme */
	if (i + 1 < len && is_digit((unsigned char)s[i + 1]))
		return 0;
	return i;
}

static void split_path(struct link *l)
{
	const char *p = l->path ? l->path : "";
	size_t i = 0, n = strlen(p);

	buf_add(&l->segbuf, p, n);
	p = l->segbuf.s;
	l->nseg = 0;
	while (i < n && l->nseg < SEG_MAX) {
		while (i < n && p[i] == '/')
			i++;
		if (i >= n)
			break;
		l->seg[l->nseg] = p + i;
		while (i < n && p[i] != '/')
			i++;
		l->seg_len[l->nseg] = (size_t)(p + i - l->seg[l->nseg]);
		l->nseg++;
	}
	/* segments are not NUL-terminated in place: terminate them */
	for (i = 0; i < n; i++)
		if (l->segbuf.s[i] == '/')
			l->segbuf.s[i] = '\0';
}

/* Splits l->raw with curl_url and checks scheme, userinfo, host, port. */
static int split(struct link *l, struct buf *err)
{
	CURLU *u = curl_url();
	struct buf full = BUF_INIT;
	char *scheme = NULL, *user = NULL, *pass = NULL, *host = NULL;
	char *port = NULL, *path = NULL, *query = NULL;
	size_t sl = scheme_len(l->raw, l->len), i;
	int rc = -1;

	if (!u)
		die_oom();
	if (!sl)
		buf_adds(&full, "https://");
	buf_add(&full, l->raw, l->len);
	if (curl_url_set(u, CURLUPART_URL, full.s, 0) ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0)) {
		buf_addf(err, "%s is not a well-formed link; copy it again "
			 "from the browser's address bar", l->shown.s);
		goto out;
	}
	if (strcasecmp(scheme, "http") && strcasecmp(scheme, "https")) {
		buf_addf(err, "%s is not a web link (only http:// and "
			 "https://)", l->shown.s);
		goto out;
	}
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PASSWORD, &pass, 0) == CURLUE_OK) {
		buf_addf(err, "%s has a user name or password in it; netra "
			 "never sends credentials to a site: copy the post's "
			 "link without them", l->shown.s);
		goto out;
	}
	if (curl_url_get(u, CURLUPART_PORT, &port, 0) == CURLUE_OK &&
	    strcmp(port, !strcasecmp(scheme, "http") ? "80" : "443")) {
		buf_addf(err, "%s names a port (%s), which no platform's post "
			 "link has; copy the link again", l->shown.s, port);
		goto out;
	}
	for (i = 0; host[i]; i++)
		if (host[i] >= 'A' && host[i] <= 'Z')
			host[i] = (char)(host[i] - 'A' + 'a');
	if (i && host[i - 1] == '.')
		host[--i] = '\0';
	if (!all_of(host, i, host_ok, 1, 253)) {
		buf_addf(err, "%s has a host that is not a platform's (", l->
			 shown.s);
		quote(err, host, strlen(host));
		buf_adds(err, "); give a link to X, Instagram, Facebook, "
			 "TikTok or YouTube");
		goto out;
	}
	l->p = extra_host(host);
	if (l->p == PLATFORM_NONE)
		l->p = platform_of_hostname(host);
	if (l->p == PLATFORM_NONE) {
		buf_addf(err, "%s is not a link to X, Instagram, Facebook, "
			 "TikTok or YouTube (host ", l->shown.s);
		quote(err, host, strlen(host));
		buf_adds(err, "); give the post's link on the platform");
		goto out;
	}
	l->host = xstrdup(host);
	if (curl_url_get(u, CURLUPART_PATH, &path, 0) == CURLUE_OK)
		l->path = xstrdup(path);
	if (curl_url_get(u, CURLUPART_QUERY, &query, 0) == CURLUE_OK)
		l->query = xstrdup(query);
	split_path(l);
	rc = 0;
out:
	buf_release(&full);
	curl_free(scheme);
	curl_free(user);
	curl_free(pass);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_free(query);
	curl_url_cleanup(u);
	return rc;
}

static int blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int urlpost_parse(const char *raw, struct urlpost *out, struct buf *err)
{
	struct link l;
	struct urlpost o = URLPOST_INIT;
	size_t i;
	int rc = -1;

	memset(&l, 0, sizeof(l));
	buf_init(&l.shown);
	buf_init(&l.segbuf);
	l.raw = raw ? raw : "";
	l.len = strlen(l.raw);
	while (l.len && blank((unsigned char)*l.raw)) {
		l.raw++;
		l.len--;
	}
	while (l.len && blank((unsigned char)l.raw[l.len - 1]))
		l.len--;
	make_shown(&l);
	if (!l.len) {
		buf_adds(err, "the link is empty; paste the post's link");
		goto out;
	}
	if (l.len > URL_MAX) {
		buf_addf(err, "%s is longer than %d bytes, more than a post's "
			 "link; copy the link again", l.shown.s, URL_MAX);
		goto out;
	}
	i = scheme_len(l.raw, l.len);
	if (i && !((i == 4 && !strncasecmp(l.raw, "http", 4)) ||
		   (i == 5 && !strncasecmp(l.raw, "https", 5)))) {
		buf_addf(err, "%s is not a web link (only http:// and "
			 "https:// links can be captured); copy the post's "
			 "link from the browser's address bar", l.shown.s);
		goto out;
	}
	for (i = 0; i < l.len; i++) {
		unsigned char c = (unsigned char)l.raw[i];

		if (c == '\\' || c == '"' || c == '<' || c == '>' ||
		    c == '`') {
			buf_addf(err, "%s has the character '%c' (at %zu), "
				 "which a post's link never has; copy the "
				 "link again from the browser's address bar",
				 l.shown.s, c, i + 1);
			goto out;
		}
		if (c <= 0x20 || c >= 0x7f) {
			buf_addf(err, "%s has %s (byte 0x%02x at %zu), which a "
				 "post's link never has; copy the link again "
				 "from the browser's address bar", l.shown.s,
				 c == ' ' ? "a space" : c < 0x20 || c == 0x7f ?
				 "a control character" : "a non-ASCII byte",
				 c, i + 1);
			goto out;
		}
	}
	if (split(&l, err))
		goto out;
	o.platform = l.p;
	switch (l.p) {
	case PLATFORM_X:
		rc = parse_x(&l, &o, err);
		break;
	case PLATFORM_INSTAGRAM:
		rc = parse_instagram(&l, &o, err);
		break;
	case PLATFORM_FACEBOOK:
		rc = parse_facebook(&l, &o, err);
		break;
	case PLATFORM_TIKTOK:
		rc = parse_tiktok(&l, &o, err);
		break;
	default:
		rc = parse_youtube(&l, &o, err);
		break;
	}
	if (rc)
		urlpost_release(&o);
	else
		*out = o;
out:
	buf_release(&l.shown);
	buf_release(&l.segbuf);
	free(l.host);
	free(l.path);
	free(l.query);
	return rc;
}
