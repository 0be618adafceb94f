/* SPDX-License-Identifier: MIT */
/*
 * Live collection: the registry's accounts fetched from the platform
 * APIs through the HTTP engine (http.h), each response body stored as a
 * capture (capture.h) and read by the platform's own parser (source.h)
 * into the post store (store.h), one transaction per page together with
 * its capture_http row and the account's cursor (schema/006_collect.sql).
 * A run stopped anywhere (SIGKILL too) resumes from the last committed
 * page and stores nothing twice.
 *
 * Endpoints walked, per platform:
 *   x          /2/users/by (handles to ids, 100 a request), then per
 *              user /2/users/:id/tweets (since_id from the last sweep)
 *              and /2/users/:id/following;
 *   youtube    channels (forHandle, or id) -> the uploads playlist ->
 *              playlistItems pages -> videos (details of each page);
 *   instagram  business_discovery of the operator's IG user (media
 *              pages by cursor);
 *   facebook   /PAGE/posts (cursors; paging.next says when to stop);
 *   tiktok     the Research API video query (cursor, search_id).
 *
 * Only a full timeline sweep of X lets the parser declare a page's
 * window complete (deletions); an incremental one (since_id) does not.
 * A request given up keeps its last answer as a capture of format
 * "http-error" (evidence of why), never parsed. Modules never print:
 * failures are returned per account in the totals.
 */
#ifndef NETRA_COLLECT_COLLECT_H
#define NETRA_COLLECT_COLLECT_H

#include <signal.h>
#include <stdint.h>

#include "util/buf.h"
#include "collect/http.h"
#include "store/store.h"

struct db;

enum collect_platform {
	CP_X = 0,
	CP_YOUTUBE,
	CP_INSTAGRAM,
	CP_FACEBOOK,
	CP_TIKTOK,
	CP_N
};

/* Where and how to reach one platform. Strings are borrowed. */
struct collect_source {
	const char *base_url;	/* "https://api.x.com", no trailing '/' */
	const char *token;	/* the secret, or NULL: not collected */
	const char *graph_version; /* meta: "v19.0" */
	const char *ig_user_id;	/* meta: the operator's IG user id */
};

struct collect_opts {
	const char *platform;	/* store name ("x", ...) or NULL: all */
	const char *region;	/* region code prefix, or NULL */
	const char *account;	/* canonical handle, or NULL */
	int64_t since;		/* unix seconds, or 0 */
	const char *capture_dir;
	int64_t now;
	struct http_opts http;	/* concurrency, retries, timeouts */
	struct collect_source src[CP_N]; /* meta's is shared by IG and FB */
	/* called after each account ends (progress); may be NULL */
	void (*progress)(void *arg, long done, long total);
	void *progress_arg;
};

struct collect_totals {
	long accounts;		/* selected */
	long accounts_done;	/* every endpoint to its end */
	long accounts_failed;	/* given up: see failures */
	long accounts_skipped;	/* no token for their platform */
	long accounts_unavailable; /* not reachable by API (personal
				   Instagram/Facebook accounts, ...) */
	long skipped[CP_N];	/* ... by platform */
	long pages;		/* pages stored */
	long youtube_units;	/* YouTube Data API quota units spent */
	long meta_usage;	/* highest x-app-usage call_count seen (%
				   of the app's hourly Graph API calls) */
	long x_remaining;	/* lowest x-rate-limit-remaining seen;
				   -1 when none */
	struct store_counts c;	/* summed over the pages */
	struct http_stats http;	/* the engine's counters */
	struct buf failures;	/* "platform handle: reason\n" each */
	struct buf unavailable;	/* same shape */
	long fail_by[HTTP_FAIL_N]; /* failed accounts by class */
};

void collect_totals_init(struct collect_totals *t);

/* "x", "youtube", ... for a platform. */
const char *collect_platform_name(enum collect_platform p);

/*
 * Collects every selected account. Returns 0 when the run went to its
 * end (accounts may have failed: see t), -1 with a message in err on a
 * database or file-system failure or when o->http.stop was set; the
 * committed pages are kept either way.
 */
int collect_run(struct db *db, const struct collect_opts *o,
		struct collect_totals *t, struct buf *err);

void collect_totals_release(struct collect_totals *t);

/*
 * For the parsers and tests: the X response body with
 * "__twarc":{"url":URL} put first in its top-level object, as twarc2
 * saves it, so source_x.c knows the endpoint. Appended to out; -1 when
 * body is not a JSON object.
 */
int collect_x_with_url(const char *body, size_t len, const char *url,
		       struct buf *out);

#endif
