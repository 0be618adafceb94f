/* SPDX-License-Identifier: MIT */
/*
 * Platforms and account handles. A handle arrives as "name", "@name" or a
 * profile URL (with or without scheme, www./m./mobile., query string,
 * fragment, trailing slash; twitter.com and x.com alike) and is stored in
 * one canonical form per platform, so that the registry, imports and
 * collection all compare the same strings.
 */
#ifndef NETRA_REGISTRY_HANDLE_H
#define NETRA_REGISTRY_HANDLE_H

struct buf;

enum platform {
	PLATFORM_NONE = -1,
	PLATFORM_X = 0,
	PLATFORM_INSTAGRAM,
	PLATFORM_FACEBOOK,
	PLATFORM_TIKTOK,
	PLATFORM_YOUTUBE,
	PLATFORM_COUNT
};

/* "x", "instagram", "facebook", "tiktok", "youtube" (the stored names). */
const char *platform_name(enum platform p);
/*
 * Reads a platform name as users write it, case-insensitive: x, twitter,
 * instagram, ig, facebook, fb, tiktok, youtube, yt. PLATFORM_NONE if none.
 */
enum platform platform_parse(const char *s);
/* The platform a profile URL belongs to, from its host; NONE if not a URL. */
enum platform platform_of_url(const char *raw);
/*
 * The platform a bare host name (lower case, no port, no final dot)
 * belongs to: one of the platform's domains or a name under one
 * ("mobile.x.com"); "x.com.evil.example" and "notx.com" are NONE.
 */
enum platform platform_of_hostname(const char *host);

/*
 * Normalises raw for platform p, appending the canonical form to out:
 *   x, instagram, tiktok: the lower-case username without '@';
 *   facebook: the lower-case username, or the numeric profile id from
 *     profile.php?id=N, /people/Name/N, /pages/Name/N, /p/Name-N or the
 *     old /Name-N;
 *   youtube: "@handle" in lower case, or a channel id "UC..." as is, or
 *     "c/name" / "user/name" (lower case) for legacy /c/ and /user/ URLs.
 * A canonical form normalises to itself. A handle the platform could not
 * have (length, characters), a URL of another platform, a reserved page
 * (x.com/home, instagram.com/p/...), or a link that only the network
 * could resolve (vm.tiktok.com, facebook.com/share/..., youtube.com/NAME)
 * returns -1 with a message (no location) appended to err, and out as
 * it was. The rules per platform are listed at the top of handle.c.
 */
int handle_normalize(enum platform p, const char *raw, struct buf *out,
		     struct buf *err);

#endif
