/* SPDX-License-Identifier: MIT */
/*
 * netra collect: fetch the registry's accounts from the platform APIs
 * (collect.h). Credentials and base URLs come from the environment only
 * (NETRA_X_BEARER, NETRA_X_BASE_URL, ...); a platform without one is
 * skipped and said so. Prints a summary, or one JSON object (--json);
 * exits 4 when any account failed or the run was interrupted.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "evidence/audit.h"
#include "util/buf.h"
#include "evidence/capture.h"
#include "cmd.h"
#include "collect/collect.h"
#include "util/msg.h"
#include "util/parse.h"
#include "store/store.h"
#include "util/banned.h"

static const char *const usage[] = {
	"usage: netra [-d DB] collect [--platform P] [--region CODE] "
	"[--since DATE]",
	"                             [--account HANDLE] [--concurrency N] "
	"[--json]",
	"                             [--max-tries N] [--retry-delay MS] "
	"[--stall-timeout S]",
	"",
	"Fetches the public posts of the registry's active accounts from the",
	"platform APIs, page by page; each page is stored as it arrives, so",
	"a run stopped anywhere continues where it was. Tokens and base URLs",
	"come from the environment (see netra(1) ENVIRONMENT).",
	"",
	"  --platform P        only x, youtube, instagram, facebook or tiktok",
	"  --region CODE       only civil servants of this region (33, 33.19)",
	"  --since DATE        only posts from DATE (YYYY-MM-DD) on",
	"  --account HANDLE    only this account",
	"  --concurrency N     requests at once (default 8)",
	"  --max-tries N       attempts per request (default 5)",
	"  --retry-delay MS    first retry delay, doubling (default 1000)",
	"  --stall-timeout S   a transfer silent this long fails (default 30)",
	"  --json              print one JSON object instead of a summary",
	NULL
};

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void progress(void *arg, long done, long total)
{
	(void)arg;
	msg_progress("collecting", (unsigned long long)done,
		     (unsigned long long)total);
}

static const char *env(const char *name, const char *dflt)
{
	const char *v = getenv(name);

	return v && *v ? v : dflt;
}

static int num_opt(const char *name, const char *s, long lo, long hi,
		   long *out)
{
	int64_t v;

	if (parse_i64z(s, &v) || v < lo || v > hi) {
		error("%s: '%s' is not a number from %ld to %ld", name, s, lo,
		      hi);
		return -1;
	}
	*out = (long)v;
	return 0;
}

static void print_json(const struct collect_totals *t, int interrupted)
{
	cJSON *o = cJSON_CreateObject(), *f, *u;
	char *s;
	int i;

	if (!o)
		die_oom();
	cJSON_AddNumberToObject(o, "accounts", (double)t->accounts);
	cJSON_AddNumberToObject(o, "accounts_done", (double)t->accounts_done);
	cJSON_AddNumberToObject(o, "accounts_failed",
				(double)t->accounts_failed);
	cJSON_AddNumberToObject(o, "accounts_skipped",
				(double)t->accounts_skipped);
	cJSON_AddNumberToObject(o, "accounts_unavailable",
				(double)t->accounts_unavailable);
	cJSON_AddNumberToObject(o, "pages", (double)t->pages);
	cJSON_AddNumberToObject(o, "posts_seen", (double)t->c.posts_seen);
	cJSON_AddNumberToObject(o, "posts_new", (double)t->c.posts_new);
	cJSON_AddNumberToObject(o, "posts_changed",
				(double)t->c.posts_changed);
	cJSON_AddNumberToObject(o, "posts_deleted",
				(double)t->c.posts_deleted);
	cJSON_AddNumberToObject(o, "requests", (double)t->http.requests);
	cJSON_AddNumberToObject(o, "retries", (double)t->http.retries);
	cJSON_AddNumberToObject(o, "rate_waits", (double)t->http.rate_waits);
	cJSON_AddNumberToObject(o, "youtube_units", (double)t->youtube_units);
	cJSON_AddNumberToObject(o, "meta_app_usage", (double)t->meta_usage);
	cJSON_AddNumberToObject(o, "x_rate_limit_remaining",
				(double)t->x_remaining);
	cJSON_AddBoolToObject(o, "interrupted", interrupted);
	f = cJSON_AddObjectToObject(o, "failures");
	for (i = 1; i < HTTP_FAIL_N; i++)
		if (t->fail_by[i])
			cJSON_AddNumberToObject(f,
				http_fail_name((enum http_fail)i),
				(double)t->fail_by[i]);
	u = cJSON_AddObjectToObject(o, "skipped");
	for (i = 0; i < CP_N; i++)
		if (t->skipped[i])
			cJSON_AddNumberToObject(u,
				collect_platform_name((enum collect_platform)i),
				(double)t->skipped[i]);
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!s)
		die_oom();
	printf("%s\n", s);
	cJSON_free(s);
}

static void print_summary(const struct collect_totals *t)
{
	int i;

	printf("accounts: %ld (%ld done, %ld failed, %ld not reachable by "
	       "API, %ld skipped)\n", t->accounts, t->accounts_done,
	       t->accounts_failed, t->accounts_unavailable,
	       t->accounts_skipped);
	printf("pages: %ld\n", t->pages);
	printf("posts seen: %ld, new: %ld, changed: %ld, deleted: %ld\n",
	       t->c.posts_seen, t->c.posts_new, t->c.posts_changed,
	       t->c.posts_deleted);
	printf("requests: %lu, retries: %lu, rate-limit waits: %lu\n",
	       t->http.requests, t->http.retries, t->http.rate_waits);
	for (i = 1; i < HTTP_FAIL_N; i++)
		if (t->fail_by[i])
			printf("failed (%s): %ld\n",
			       http_fail_name((enum http_fail)i),
			       t->fail_by[i]);
	if (t->youtube_units)
		printf("YouTube quota units used: %ld\n", t->youtube_units);
	if (t->meta_usage)
		printf("Graph API app usage: %ld%% of the hourly calls\n",
		       t->meta_usage);
	if (t->x_remaining >= 0)
		printf("X rate limit: %ld requests left in the tightest "
		       "window\n", t->x_remaining);
	for (i = 0; i < CP_N; i++)
		if (t->skipped[i])
			printf("%s: %ld accounts not collected (no "
			       "credentials for its API); bring them in with "
			       "'netra import'\n",
			       collect_platform_name((enum collect_platform)i),
			       t->skipped[i]);
	if (t->accounts_unavailable)
		printf("accounts the APIs do not serve (personal accounts, "
		       "unknown handles) come in through 'netra import'\n");
}

/* Prints each line of msgs as a warning. */
static void print_lines(const struct buf *msgs, int as_error)
{
	const char *p = msgs->s, *nl;

	while (*p) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		if (as_error)
			error("%.*s", (int)(nl - p), p);
		else
			warning("%.*s", (int)(nl - p), p);
		p = *nl ? nl + 1 : nl;
	}
}

int cmd_collect(struct netra *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "platform", required_argument, NULL, 'p' },
		{ "region", required_argument, NULL, 'r' },
		{ "since", required_argument, NULL, 's' },
		{ "account", required_argument, NULL, 'a' },
		{ "concurrency", required_argument, NULL, 'c' },
		{ "max-tries", required_argument, NULL, 't' },
		{ "retry-delay", required_argument, NULL, 'b' },
		{ "stall-timeout", required_argument, NULL, 'S' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	struct collect_opts o;
	struct collect_totals t;
	struct buf err = BUF_INIT, dir = BUF_INIT;
	struct sigaction sa;
	const char *meta;
	long n;
	int json = 0, opt, rc = NETRA_EXIT_OK, r, i, audit_failed;

	if (cmd_wants_help(argc, argv))
		return cmd_usage(usage, 1);
	memset(&o, 0, sizeof(o));
	http_opts_init(&o.http);
	o.http.low_speed_time = 30;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'p':
			if (!store_platform_valid(optarg)) {
				error("unknown platform '%s' (x, instagram, "
				      "facebook, tiktok, youtube)", optarg);
				return NETRA_EXIT_USAGE;
			}
			o.platform = optarg;
			break;
		case 'r':
			o.region = optarg;
			break;
		case 's':
			if (time_parse_iso(optarg, &o.since, 1)) {
				error("--since: '%s' is not a date "
				      "(YYYY-MM-DD)", optarg);
				return NETRA_EXIT_USAGE;
			}
			break;
		case 'a':
			o.account = optarg;
			break;
		case 'c':
			if (num_opt("--concurrency", optarg, 1, 1024, &n))
				return NETRA_EXIT_USAGE;
			o.http.concurrency = (int)n;
			break;
		case 't':
			if (num_opt("--max-tries", optarg, 1, 100, &n))
				return NETRA_EXIT_USAGE;
			o.http.max_tries = (int)n;
			break;
		case 'b':
			if (num_opt("--retry-delay", optarg, 0, 3600000, &n))
				return NETRA_EXIT_USAGE;
			o.http.backoff_ms = n;
			break;
		case 'S':
			if (num_opt("--stall-timeout", optarg, 1, 3600, &n))
				return NETRA_EXIT_USAGE;
			o.http.low_speed_time = n;
			break;
		case 'j':
			json = 1;
			break;
		default:
			return cmd_usage(usage, 0);
		}
	}
	if (optind < argc)
		return cmd_usage(usage, 0);
	o.src[CP_X].base_url = env("NETRA_X_BASE_URL", "https://api.x.com");
	o.src[CP_X].token = env("NETRA_X_BEARER", NULL);
	o.src[CP_YOUTUBE].base_url = env("NETRA_YOUTUBE_BASE_URL",
					 "https://www.googleapis.com");
	o.src[CP_YOUTUBE].token = env("NETRA_YOUTUBE_KEY", NULL);
	meta = env("NETRA_META_BASE_URL", "https://graph.facebook.com");
	for (i = CP_INSTAGRAM; i <= CP_FACEBOOK; i++) {
		o.src[i].base_url = meta;
		o.src[i].token = env("NETRA_META_TOKEN", NULL);
		o.src[i].graph_version = env("NETRA_META_GRAPH_VERSION",
					     "v19.0");
		o.src[i].ig_user_id = env("NETRA_META_IG_USER_ID", NULL);
	}
	o.src[CP_TIKTOK].base_url = env("NETRA_TIKTOK_BASE_URL",
					"https://open.tiktokapis.com");
	o.src[CP_TIKTOK].token = env("NETRA_TIKTOK_TOKEN", NULL);
	for (i = 0; i < CP_N; i++) {
		size_t l = strlen(o.src[i].base_url);

		if (strncmp(o.src[i].base_url, "https://", 8) &&
		    strncmp(o.src[i].base_url, "http://", 7)) {
			error("base URL of %s must start with https:// (or "
			      "http:// for a test server): '%s'",
			      collect_platform_name((enum collect_platform)i),
			      o.src[i].base_url);
			return NETRA_EXIT_USAGE;
		}
		if (l && o.src[i].base_url[l - 1] == '/') {
			error("base URL of %s must not end with '/'",
			      collect_platform_name((enum collect_platform)i));
			return NETRA_EXIT_USAGE;
		}
	}
	if (o.platform) {
		int p;

		for (p = 0; p < CP_N; p++)
			if (!strcmp(o.platform, collect_platform_name(
					    (enum collect_platform)p)))
				break;
		if (p < CP_N && !o.src[p].token) {
			error("no credentials for %s: set %s", o.platform,
			      p == CP_X ? "NETRA_X_BEARER" :
			      p == CP_YOUTUBE ? "NETRA_YOUTUBE_KEY" :
			      p == CP_TIKTOK ? "NETRA_TIKTOK_TOKEN" :
			      "NETRA_META_TOKEN");
			return NETRA_EXIT_USAGE;
		}
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	o.http.stop = &stop_flag;
	if (!json)
		o.progress = progress;
	capture_dir_for(ctx->db_path, &dir);
	o.capture_dir = dir.s;
	o.now = netra_now();
	collect_totals_init(&t);
	r = collect_run(netra_db(ctx), &o, &t, &err);
	audit_failed = 0;
	msg_progress_end();
	if (t.pages) {
		/* the run in the audit log, even a partial one */
		struct buf d = BUF_INIT, aerr = BUF_INIT;

		audit_counts(&d, "accounts", (long long)t.accounts,
			     "accounts_done", (long long)t.accounts_done,
			     "accounts_failed", (long long)t.accounts_failed,
			     "pages", (long long)t.pages, "posts_new",
			     (long long)t.c.posts_new, "posts_changed",
			     (long long)t.c.posts_changed, "posts_deleted",
			     (long long)t.c.posts_deleted, (char *)NULL);
		if (audit_append(netra_db(ctx), NULL, "collect", "api", d.s,
				 &aerr) < 0) {
			/* the pages are stored; the log could not say so */
			error("%s", aerr.s);
			audit_failed = 1;
		}
		buf_release(&d);
		buf_release(&aerr);
	}
	print_lines(&t.failures, 1);
	if (msg_level >= MSG_VERBOSE)
		print_lines(&t.unavailable, 0);
	if (r && stop_flag) {
		error("interrupted: the pages stored so far are kept; run "
		      "'netra collect' again to continue");
		rc = NETRA_EXIT_SOURCES;
	} else if (r) {
		error("%s", err.s);
		rc = NETRA_EXIT_DB;
	} else if (t.accounts_failed) {
		rc = NETRA_EXIT_SOURCES;
	}
	if (audit_failed)
		rc = NETRA_EXIT_DB;
	if (json)
		print_json(&t, r && stop_flag);
	else
		print_summary(&t);
	collect_totals_release(&t);
	buf_release(&err);
	buf_release(&dir);
	return rc;
}
