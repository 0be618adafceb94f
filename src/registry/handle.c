/* SPDX-License-Identifier: MIT */
/*
 * Platform names and account handles. A handle comes from a registry
 * cell as "name", "@name" or a profile URL copied from a browser, and
 * leaves as the one canonical string per account that the registry,
 * imports and collection compare. Nothing here goes to the network:
 * short links (vm.tiktok.com, facebook.com/share/...) and legacy YouTube
 * names without /c/ or /user/ cannot be resolved, so they are refused
 * with a message asking for the handle. Reserved paths (x.com/home,
 * instagram.com/p/...) are refused rather than taken for usernames.
 *
 * Rules, per platform (length counts bytes; all ASCII):
 *   x          1-15 of [A-Za-z0-9_], stored lower-case
 *   instagram  1-30 of [a-z0-9._], no dot first or last, no "..", lower
 *   facebook   5-50 of [a-z0-9.] with at least 5 that are not dots (dots
 *              and case do not tell usernames apart, but are kept as
 *              written, lower-case), or a numeric profile id (1-20
 *              digits, from profile.php?id=, /people/Name/N,
 *              /pages/Name/N, /p/Name-N or /Name-N)
 *   tiktok     2-24 of [a-z0-9._], no dot last, lower-case
 *   youtube    "@" and 3-30 of [a-z0-9._-] (a name without "@" is taken
 *              as a handle); "UC" and 22 of [A-Za-z0-9_-] kept as is;
 *              legacy /c/NAME and /user/NAME as "c/name" and "user/name"
 *              (1-100 of [a-z0-9._-]) so that the stored form normalises
 *              to itself
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "registry/handle.h"
#include "util/parse.h"
#include "util/utf8.h"
#include "util/banned.h"

#define X_MAX 15
#define IG_MAX 30
#define FB_MIN 5
#define FB_MAX 50
#define FB_ID_MAX 20
#define TT_MIN 2
#define TT_MAX 24
#define YT_MIN 3
#define YT_MAX 30
#define YT_LEGACY_MAX 100
#define YT_ID_LEN 24

/* The longest part of a raw value quoted back in a message. */
#define QUOTE_MAX 80

static const char *const names[PLATFORM_COUNT] = {
	"x", "instagram", "facebook", "tiktok", "youtube"
};

static const char *const labels[PLATFORM_COUNT] = {
	"X", "Instagram", "Facebook", "TikTok", "YouTube"
};

/* The article before each label: "an X URL", "a TikTok URL". */
static const char *const articles[PLATFORM_COUNT] = {
	"an", "an", "a", "a", "a"
};

static const struct {
	const char *name;
	enum platform p;
} aliases[] = {
	{ "x", PLATFORM_X },
	{ "twitter", PLATFORM_X },
	{ "instagram", PLATFORM_INSTAGRAM },
	{ "ig", PLATFORM_INSTAGRAM },
	{ "facebook", PLATFORM_FACEBOOK },
	{ "fb", PLATFORM_FACEBOOK },
	{ "tiktok", PLATFORM_TIKTOK },
	{ "youtube", PLATFORM_YOUTUBE },
	{ "yt", PLATFORM_YOUTUBE },
};

/* A host belongs to a platform when it is one of these or under one. */
static const struct {
	const char *host;
	enum platform p;
} hosts[] = {
	{ "twitter.com", PLATFORM_X },
	{ "x.com", PLATFORM_X },
	{ "instagram.com", PLATFORM_INSTAGRAM },
	{ "instagr.am", PLATFORM_INSTAGRAM },
	{ "facebook.com", PLATFORM_FACEBOOK },
	{ "fb.com", PLATFORM_FACEBOOK },
	{ "tiktok.com", PLATFORM_TIKTOK },
	{ "youtube.com", PLATFORM_YOUTUBE },
	{ "youtu.be", PLATFORM_YOUTUBE },
};

/* First path segments that are pages, not accounts. */
static const char *const x_reserved[] = {
	"home", "i", "intent", "search", "hashtag", "share", "explore",
	"notifications", "messages", "settings", "compose", "login",
	"logout", "signup", "tos", "privacy", "about", "help", "jobs",
	"download", "account", "oauth", NULL
};

static const char *const ig_reserved[] = {
	"p", "reel", "reels", "tv", "explore", "accounts", "direct",
	"about", "developer", "legal", "web", "challenge", "emails",
	"session", "oauth", "privacy", "s", "ar", NULL
};

static const char *const fb_reserved[] = {
	"groups", "events", "watch", "marketplace", "gaming", "hashtag",
	"photo.php", "photo", "story.php", "permalink.php", "login",
	"login.php", "sharer.php", "sharer", "home.php", "search",
	"messages", "notifications", "friends", "bookmarks", "settings",
	"help", "policies", "privacy", "reel", "stories", "live",
	"fundraisers", "ads", "business", "l.php", "dialog", "plugins",
	"video.php", "notes", "checkpoint", "recover", NULL
};

static const char *const yt_pages[] = {
	"watch", "shorts", "live", "playlist", "embed", "results", "feed",
	"hashtag", "post", "redirect", "attribution_link", "v", "clip",
	"account", "premium", "gaming", NULL
};

const char *platform_name(enum platform p)
{
	if (p < 0 || p >= PLATFORM_COUNT)
		return "none";
	return names[p];
}

static int is_blank_ascii(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

enum platform platform_parse(const char *s)
{
	size_t len, i;

	if (!s)
		return PLATFORM_NONE;
	while (is_blank_ascii(*s))
		s++;
	len = strlen(s);
	while (len && is_blank_ascii(s[len - 1]))
		len--;
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strlen(aliases[i].name) == len &&
		    !strncasecmp(s, aliases[i].name, len))
			return aliases[i].p;
	return PLATFORM_NONE;
}

/*
 * Length of a blank at s: ASCII blanks, U+00A0, U+202F, and the
 * invisible U+200B and U+FEFF that copying from a browser or a BOM
 * leaves behind.
 */
static size_t blank_len(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (!len)
		return 0;
	if (is_blank_ascii(u[0]))
		return 1;
	if (len >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (len >= 3 && u[0] == 0xe2 && u[1] == 0x80 &&
	    (u[2] == 0xaf || u[2] == 0x8b))
		return 3;
	if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		return 3;
	return 0;
}

static void trim(const char **s, size_t *len)
{
	size_t k;

	while ((k = blank_len(*s, *len))) {
		*s += k;
		*len -= k;
	}
	for (;;) {
		for (k = 1; k <= 3 && k <= *len; k++)
			if (blank_len(*s + *len - k, k) == k)
				break;
		if (k > 3 || k > *len)
			break;
		*len -= k;
	}
}

static void add_quoted(struct buf *b, const char *s, size_t len)
{
	size_t i, n = len > QUOTE_MAX ? QUOTE_MAX : len, bad = n;

	if (!utf8_valid(s, n, &bad))
		n = bad;
	buf_addch(b, '\'');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == '\\')
			buf_addf(b, "\\x%02x", c);
		else
			buf_addch(b, c);
	}
	for (; i < len && i < QUOTE_MAX; i++)
		buf_addf(b, "\\x%02x", (unsigned char)s[i]);
	if (len > QUOTE_MAX)
		buf_adds(b, "...");
	buf_addch(b, '\'');
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int all_digits(const char *s, size_t len)
{
	size_t i;

	if (!len)
		return 0;
	for (i = 0; i < len; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

/* A URL split into lower-case host, path and query. */
struct url {
	struct buf host;	/* without port, userinfo or final dot */
	const char *path;	/* after the host, up to ? or # */
	size_t path_len;
	const char *query;	/* after ?, up to #; NULL when none */
	size_t query_len;
};

static enum platform platform_of_host(const char *h, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		size_t n = strlen(hosts[i].host);

		if (len < n || strncmp(h + len - n, hosts[i].host, n))
			continue;
		if (len == n || h[len - n - 1] == '.')
			return hosts[i].p;
	}
	return PLATFORM_NONE;
}

/*
 * Splits s into u when it is a URL: it has a scheme ("https://"), or it
 * starts with "www.", or what comes before the first / ? # is the host
 * of a platform ("x.com/name"). Returns 0 then, -1 when s is no URL.
 */
static int url_split(const char *s, size_t len, struct url *u)
{
	size_t i, a, end;
	int scheme = 0;

	for (i = 0; i < len && (is_alnum(s[i]) || s[i] == '+' ||
				s[i] == '-' || s[i] == '.'); i++)
		;
	if (i > 0 && i + 3 <= len && !memcmp(s + i, "://", 3)) {
		scheme = 1;
		s += i + 3;
		len -= i + 3;
	}
	for (end = 0; end < len && s[end] != '/' && s[end] != '?' &&
	     s[end] != '#'; end++)
		;
	/* userinfo@ goes; the host is what follows the last '@' */
	for (a = end; a > 0 && s[a - 1] != '@'; a--)
		;
	buf_init(&u->host);
	for (i = a; i < end && s[i] != ':'; i++)
		buf_addch(&u->host, lower((unsigned char)s[i]));
	if (u->host.len && u->host.s[u->host.len - 1] == '.')
		buf_setlen(&u->host, u->host.len - 1);
	if (!scheme && (a > 0 || (strncmp(u->host.s, "www.", 4) &&
	    platform_of_host(u->host.s, u->host.len) == PLATFORM_NONE))) {
		buf_release(&u->host);
		return -1;
	}
	u->path = s + end;
	for (i = end; i < len && s[i] != '?' && s[i] != '#'; i++)
		;
	u->path_len = i - end;
	u->query = NULL;
	u->query_len = 0;
	if (i < len && s[i] == '?') {
		u->query = s + i + 1;
		for (i++; i < len && s[i] != '#'; i++)
			;
		u->query_len = s + i - u->query;
	}
	return 0;
}

static int hex(int c)
{
	if (is_digit(c))
		return c - '0';
	c = lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Appends s with %XX decoded. */
static void add_decoded(struct buf *b, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		int h, l;

		if (s[i] == '%' && i + 2 < len &&
		    (h = hex((unsigned char)s[i + 1])) >= 0 &&
		    (l = hex((unsigned char)s[i + 2])) >= 0) {
			buf_addch(b, h * 16 + l);
			i += 2;
		} else {
			buf_addch(b, s[i]);
		}
	}
}

/*
 * Replaces out with path segment n (from 0; empty segments skipped),
 * %-decoded. Returns 0, or -1 when there are not that many.
 */
static int url_seg(const struct url *u, int n, struct buf *out)
{
	size_t i = 0, start;

	buf_reset(out);
	for (;;) {
		while (i < u->path_len && u->path[i] == '/')
			i++;
		if (i >= u->path_len)
			return -1;
		start = i;
		while (i < u->path_len && u->path[i] != '/')
			i++;
		if (!n--) {
			add_decoded(out, u->path + start, i - start);
			return 0;
		}
	}
}

/* Replaces out with the value of query parameter key; -1 when absent. */
static int url_param(const struct url *u, const char *key, struct buf *out)
{
	size_t i = 0, klen = strlen(key);

	buf_reset(out);
	while (u->query && i < u->query_len) {
		size_t start = i;

		while (i < u->query_len && u->query[i] != '&')
			i++;
		if (i - start > klen && !memcmp(u->query + start, key, klen) &&
		    u->query[start + klen] == '=') {
			add_decoded(out, u->query + start + klen + 1,
				    i - start - klen - 1);
			return 0;
		}
		i++;
	}
	return -1;
}

static int in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcasecmp(*list, s))
			return 1;
	return 0;
}

enum platform platform_of_hostname(const char *host)
{
	return host ? platform_of_host(host, strlen(host)) : PLATFORM_NONE;
}

enum platform platform_of_url(const char *raw)
{
	const char *s = raw ? raw : "";
	size_t len = strlen(s);
	struct url u;
	enum platform p;

	trim(&s, &len);
	if (url_split(s, len, &u))
		return PLATFORM_NONE;
	p = platform_of_host(u.host.s, u.host.len);
	buf_release(&u.host);
	return p;
}

/* What a handle is being checked as, for the messages. */
struct ctx {
	enum platform p;
	const char *raw;	/* the trimmed input, for quoting */
	size_t raw_len;
	int from_url;
	struct buf *err;
};

/* Starts a message about name: "X username 'name' (in 'URL') ". */
static void subject(const struct ctx *c, const char *what, const char *name,
		    size_t len)
{
	buf_addf(c->err, "%s %s ", labels[c->p], what);
	add_quoted(c->err, name, len);
	if (c->from_url) {
		buf_adds(c->err, " in ");
		add_quoted(c->err, c->raw, c->raw_len);
	}
	buf_addch(c->err, ' ');
}

/* Names the character at s, as "a space" or "'é'". */
static void add_char(struct buf *b, const char *s, size_t len)
{
	size_t bad = 0, k;
	uint32_t cp;

	if (*s == ' ') {
		buf_adds(b, "a space");
		return;
	}
	if (!utf8_valid(s, len < 4 ? len : 4, &bad) && bad == 0) {
		buf_addf(b, "the byte 0x%02x", (unsigned char)*s);
		return;
	}
	k = utf8_decode(s, len, &cp);
	if (cp < 0x20 || cp == 0x7f) {
		buf_addf(b, "the control character 0x%02x", (unsigned)cp);
		return;
	}
	buf_addch(b, '\'');
	buf_add(b, s, k);
	buf_addch(b, '\'');
	if (cp >= 0x80)
		buf_addf(b, " (U+%04X)", (unsigned)cp);
}

/*
 * Checks name against the allowed characters (allowed(c) for ASCII c)
 * and the length limits; on failure appends a message and returns -1.
 */
static int check_chars(const struct ctx *c, const char *what,
		       const char *name, size_t len, int (*allowed)(int),
		       size_t min, size_t max, const char *rule)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (allowed((unsigned char)name[i]))
			continue;
		subject(c, what, name, len);
		buf_adds(c->err, "has ");
		add_char(c->err, name + i, len - i);
		buf_addf(c->err, ", which %s does not allow (%s); check the "
			 "account's profile", labels[c->p], rule);
		return -1;
	}
	if (len < min || len > max) {
		subject(c, what, name, len);
		buf_addf(c->err, "has %zu characters, but %s allows %zu-%zu; "
			 "check the account's profile", len, labels[c->p],
			 min, max);
		return -1;
	}
	return 0;
}

static int x_char(int c)
{
	return is_alnum(c) || c == '_';
}

static int ig_char(int c)
{
	return is_alnum(c) || c == '_' || c == '.';
}

static int fb_char(int c)
{
	return is_alnum(c) || c == '.';
}

static int yt_char(int c)
{
	return is_alnum(c) || c == '_' || c == '.' || c == '-';
}

static void add_lower(struct buf *b, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf_addch(b, lower((unsigned char)s[i]));
}

static int norm_x(const struct ctx *c, const char *s, size_t len,
		  struct buf *out)
{
	if (check_chars(c, "username", s, len, x_char, 1, X_MAX,
			"letters, digits and _"))
		return -1;
	add_lower(out, s, len);
	return 0;
}

static int norm_instagram(const struct ctx *c, const char *s, size_t len,
			  struct buf *out)
{
	if (check_chars(c, "username", s, len, ig_char, 1, IG_MAX,
			"letters, digits, _ and ."))
		return -1;
	if (s[0] == '.' || s[len - 1] == '.' || memmem(s, len, "..", 2)) {
		subject(c, "username", s, len);
		buf_adds(c->err, "has a dot at the start or end, or two dots "
			 "in a row, which Instagram does not allow; check "
			 "the account's profile");
		return -1;
	}
	add_lower(out, s, len);
	return 0;
}

static int norm_facebook(const struct ctx *c, const char *s, size_t len,
			 struct buf *out)
{
	size_t i, n = 0;

	if (all_digits(s, len)) {
		if (len > FB_ID_MAX) {
			subject(c, "profile id", s, len);
			buf_addf(c->err, "has %zu digits, more than a "
				 "profile id has; check it", len);
			return -1;
		}
		buf_add(out, s, len);
		return 0;
	}
	if (check_chars(c, "username", s, len, fb_char, FB_MIN, FB_MAX,
			"letters, digits and ."))
		return -1;
	for (i = 0; i < len; i++)
		n += s[i] != '.';
	if (n < FB_MIN) {
		subject(c, "username", s, len);
		buf_addf(c->err, "has %zu characters besides dots, but "
			 "Facebook needs at least %d; check the account's "
			 "profile", n, FB_MIN);
		return -1;
	}
	add_lower(out, s, len);
	return 0;
}

static int norm_tiktok(const struct ctx *c, const char *s, size_t len,
		       struct buf *out)
{
	if (check_chars(c, "username", s, len, ig_char, TT_MIN, TT_MAX,
			"letters, digits, _ and ."))
		return -1;
	if (s[len - 1] == '.') {
		subject(c, "username", s, len);
		buf_adds(c->err, "ends in a dot, which TikTok does not allow; "
			 "check the account's profile");
		return -1;
	}
	add_lower(out, s, len);
	return 0;
}

static int is_channel_id(const char *s, size_t len)
{
	size_t i;

	if (len != YT_ID_LEN || s[0] != 'U' || s[1] != 'C')
		return 0;
	for (i = 2; i < len; i++)
		if (!is_alnum((unsigned char)s[i]) && s[i] != '_' &&
		    s[i] != '-')
			return 0;
	return 1;
}

/* s without its "@": a handle. */
static int norm_yt_handle(const struct ctx *c, const char *s, size_t len,
			  struct buf *out)
{
	if (check_chars(c, "handle", s, len, yt_char, YT_MIN, YT_MAX,
			"letters, digits, _, - and ."))
		return -1;
	buf_addch(out, '@');
	add_lower(out, s, len);
	return 0;
}

/* kind is "c" or "user"; s the legacy name. */
static int norm_yt_legacy(const struct ctx *c, const char *kind,
			  const char *s, size_t len, struct buf *out)
{
	if (check_chars(c, !strcmp(kind, "c") ? "custom URL name" :
			"legacy username", s, len, yt_char, 1, YT_LEGACY_MAX,
			"letters, digits, _, - and ."))
		return -1;
	buf_addf(out, "%s/", kind);
	add_lower(out, s, len);
	return 0;
}

static int norm_youtube(const struct ctx *c, const char *s, size_t len,
			int at, struct buf *out)
{
	if (!at && is_channel_id(s, len)) {
		buf_add(out, s, len);
		return 0;
	}
	if (!at && len > 2 && !strncasecmp(s, "c/", 2))
		return norm_yt_legacy(c, "c", s + 2, len - 2, out);
	if (!at && len > 5 && !strncasecmp(s, "user/", 5))
		return norm_yt_legacy(c, "user", s + 5, len - 5, out);
	return norm_yt_handle(c, s, len, out);
}

/* A bare handle: "name" or "@name". */
static int norm_bare(const struct ctx *c, const char *s, size_t len,
		     struct buf *out)
{
	int at = 0;

	if (len && s[0] == '@') {
		at = 1;
		s++;
		len--;
	}
	if (!len) {
		buf_addf(c->err, "%s handle '@' has no name after the '@'; "
			 "write the username", labels[c->p]);
		return -1;
	}
	switch (c->p) {
	case PLATFORM_X:
		return norm_x(c, s, len, out);
	case PLATFORM_INSTAGRAM:
		return norm_instagram(c, s, len, out);
	case PLATFORM_FACEBOOK:
		return norm_facebook(c, s, len, out);
	case PLATFORM_TIKTOK:
		return norm_tiktok(c, s, len, out);
	default:
		return norm_youtube(c, s, len, at, out);
	}
}

static void url_problem(const struct ctx *c, const char *why)
{
	add_quoted(c->err, c->raw, c->raw_len);
	buf_addf(c->err, " %s", why);
}

/* Refuses a reserved first segment: "'URL' is not an account URL". */
static int refuse_page(const struct ctx *c, const struct buf *seg)
{
	add_quoted(c->err, c->raw, c->raw_len);
	buf_addf(c->err, " is not an account URL ('%s' is %s %s page); give "
		 "the username or the profile URL", seg->s, articles[c->p],
		 labels[c->p]);
	return -1;
}

static int no_name(const struct ctx *c)
{
	url_problem(c, "has no username in it; give the username or the "
		    "profile URL");
	return -1;
}

static int url_x(const struct ctx *c, const struct url *u, struct buf *seg,
		 struct buf *out)
{
	if (url_seg(u, 0, seg))
		return no_name(c);
	if (in_list(x_reserved, seg->s))
		return refuse_page(c, seg);
	/* x.com/NAME/status/123 and the like: NAME */
	return norm_bare(c, seg->s, seg->len, out);
}

static int url_instagram(const struct ctx *c, const struct url *u,
			 struct buf *seg, struct buf *out)
{
	if (url_seg(u, 0, seg))
		return no_name(c);
	if (!strcasecmp(seg->s, "stories")) {
		/* instagram.com/stories/NAME/123 */
		if (url_seg(u, 1, seg))
			return no_name(c);
	} else if (in_list(ig_reserved, seg->s)) {
		return refuse_page(c, seg);
	}
	return norm_bare(c, seg->s, seg->len, out);
}

/* The digits after the last '-' of seg ("Some-Name-100064..."), or -1. */
static int trailing_id(const struct buf *seg, const char **id, size_t *len)
{
	const char *dash = memrchr(seg->s, '-', seg->len);

	if (!dash)
		return -1;
	*id = dash + 1;
	*len = seg->s + seg->len - *id;
	return all_digits(*id, *len) ? 0 : -1;
}

static int url_facebook(const struct ctx *c, const struct url *u,
			struct buf *seg, struct buf *out)
{
	const char *id;
	size_t len;

	if (url_seg(u, 0, seg))
		return no_name(c);
	if (!strcasecmp(seg->s, "profile.php")) {
		if (url_param(u, "id", seg) || !all_digits(seg->s, seg->len)) {
			url_problem(c, "has no numeric id= in it; copy the "
				    "profile URL again, or give the username");
			return -1;
		}
		return norm_facebook(c, seg->s, seg->len, out);
	}
	if (!strcasecmp(seg->s, "people") || !strcasecmp(seg->s, "pages")) {
		/* /people/Some-Name/N, /pages/Some-Name/N */
		if (url_seg(u, 2, seg) || !all_digits(seg->s, seg->len)) {
			url_problem(c, "has no numeric id after the name; copy "
				    "the profile URL again, or give the "
				    "username");
			return -1;
		}
		return norm_facebook(c, seg->s, seg->len, out);
	}
	if (!strcasecmp(seg->s, "p")) {
		/* /p/Some-Name-N */
		if (url_seg(u, 1, seg) || trailing_id(seg, &id, &len)) {
			url_problem(c, "has no numeric id at the end of the "
				    "name; copy the profile URL again, or give "
				    "the username");
			return -1;
		}
		return norm_facebook(c, id, len, out);
	}
	if (!strcasecmp(seg->s, "share")) {
		url_problem(c, "is a Facebook share link, which cannot be "
			    "resolved offline; open it and give the username "
			    "or the profile URL it leads to");
		return -1;
	}
	if (!strcasecmp(seg->s, "pg")) {
		/* the old page form /pg/NAME/posts */
		if (url_seg(u, 1, seg))
			return no_name(c);
	} else if (in_list(fb_reserved, seg->s)) {
		return refuse_page(c, seg);
	}
	/* Usernames have no '-': /Some-Name-N is a page's numeric id. */
	if (memchr(seg->s, '-', seg->len) && !trailing_id(seg, &id, &len))
		return norm_facebook(c, id, len, out);
	return norm_bare(c, seg->s, seg->len, out);
}

static int url_tiktok(const struct ctx *c, const struct url *u,
		      struct buf *seg, struct buf *out)
{
	int shortlink = !strcmp(u->host.s, "vm.tiktok.com") ||
		!strcmp(u->host.s, "vt.tiktok.com");

	if (!shortlink && url_seg(u, 0, seg))
		return no_name(c);
	if (shortlink || !strcmp(seg->s, "t")) {
		url_problem(c, "is a TikTok short link, which cannot be "
			    "resolved offline; open it and give the @handle "
			    "of the account");
		return -1;
	}
	if (seg->s[0] != '@') {
		url_problem(c, "is not a TikTok profile URL (those have "
			    "/@username); give the @handle");
		return -1;
	}
	return norm_bare(c, seg->s, seg->len, out);
}

static int url_youtube(const struct ctx *c, const struct url *u,
		       struct buf *seg, struct buf *out)
{
	const char *kind;

	if (!strcmp(u->host.s, "youtu.be")) {
		url_problem(c, "is a video link, not a channel; give the "
			    "channel's @handle or its /channel/ URL");
		return -1;
	}
	if (url_seg(u, 0, seg)) {
		url_problem(c, "has no channel in it; give the channel's "
			    "@handle or its /channel/ URL");
		return -1;
	}
	if (seg->s[0] == '@')
		return norm_bare(c, seg->s, seg->len, out);
	if (!strcasecmp(seg->s, "channel")) {
		if (url_seg(u, 1, seg) || !is_channel_id(seg->s, seg->len)) {
			url_problem(c, "has no channel id (UC and 22 more "
				    "characters) after /channel/; copy the "
				    "channel URL again");
			return -1;
		}
		buf_add(out, seg->s, seg->len);
		return 0;
	}
	if (!strcasecmp(seg->s, "c") || !strcasecmp(seg->s, "user")) {
		kind = !strcasecmp(seg->s, "c") ? "c" : "user";
		if (url_seg(u, 1, seg))
			return no_name(c);
		return norm_yt_legacy(c, kind, seg->s, seg->len, out);
	}
	if (in_list(yt_pages, seg->s)) {
		url_problem(c, "is a video or page URL, not a channel; give "
			    "the channel's @handle or its /channel/ URL");
		return -1;
	}
	/*
	 * youtube.com/NAME may be a custom URL or a legacy username; which
	 * one only YouTube knows.
	 */
	url_problem(c, "is a legacy YouTube URL without /@, /c/ or /user/, "
		    "which cannot be resolved offline; open it and give the "
		    "channel's @handle");
	return -1;
}

static int norm_url(const struct ctx *c, const struct url *u,
		    struct buf *out)
{
	enum platform q = platform_of_host(u->host.s, u->host.len);
	struct buf seg = BUF_INIT;
	int ret;

	if (!u->host.len) {
		url_problem(c, "has no host; give the username or the profile "
			    "URL");
		return -1;
	}
	if (q == PLATFORM_NONE) {
		add_quoted(c->err, c->raw, c->raw_len);
		buf_addf(c->err, " is not %s %s URL (host ", articles[c->p],
			 labels[c->p]);
		add_quoted(c->err, u->host.s, u->host.len);
		buf_addf(c->err, "); give the %s username or profile URL",
			 labels[c->p]);
		return -1;
	}
	if (q != c->p) {
		add_quoted(c->err, c->raw, c->raw_len);
		buf_addf(c->err, " is %s %s URL, not %s; give the %s account "
			 "here, or put this one under %s", articles[q],
			 labels[q], labels[c->p], labels[c->p], labels[q]);
		return -1;
	}
	switch (c->p) {
	case PLATFORM_X:
		ret = url_x(c, u, &seg, out);
		break;
	case PLATFORM_INSTAGRAM:
		ret = url_instagram(c, u, &seg, out);
		break;
	case PLATFORM_FACEBOOK:
		ret = url_facebook(c, u, &seg, out);
		break;
	case PLATFORM_TIKTOK:
		ret = url_tiktok(c, u, &seg, out);
		break;
	default:
		ret = url_youtube(c, u, &seg, out);
		break;
	}
	buf_release(&seg);
	return ret;
}

int handle_normalize(enum platform p, const char *raw, struct buf *out,
		     struct buf *err)
{
	const char *s = raw ? raw : "";
	size_t len = strlen(s), start = out->len;
	struct ctx c;
	struct url u;
	int ret;

	if (p < 0 || p >= PLATFORM_COUNT) {
		buf_adds(err, "no platform given for the handle; name one of "
			 "x, instagram, facebook, tiktok, youtube");
		return -1;
	}
	trim(&s, &len);
	if (!len) {
		buf_addf(err, "%s handle is empty; write the username or the "
			 "profile URL", labels[p]);
		return -1;
	}
	c.p = p;
	c.raw = s;
	c.raw_len = len;
	c.err = err;
	c.from_url = !url_split(s, len, &u);
	if (c.from_url) {
		ret = norm_url(&c, &u, out);
		buf_release(&u.host);
	} else {
		ret = norm_bare(&c, s, len, out);
	}
	if (ret)
		buf_setlen(out, start);
	return ret;
}
