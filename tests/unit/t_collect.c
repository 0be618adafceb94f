/* SPDX-License-Identifier: MIT */
/*
 * collect.c without a server: the endpoint URL put into an X page for
 * source_x.c (follow records from a following page, a complete() window
 * from a timeline page, nothing from a bare page), and a run whose
 * accounts have no credentials (skipped, no request made). The runs
 * against the mock server are tests/t32*.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "collect/collect.h"
#include "store/db.h"
#include "collect/post.h"
#include "collect/source.h"
#include "tap.h"
#include "util/banned.h"

struct rec {
	int posts, follows, completes;
};

static int r_post(void *arg, const struct post_rec *r, struct buf *err)
{
	struct rec *k = arg;

	(void)err;
	if (!strcmp(r->kind, "follow"))
		k->follows++;
	else
		k->posts++;
	return 0;
}

static int r_complete(void *arg, const char *platform, const char *account,
		      const char *account_id, int64_t from, int64_t to,
		      struct buf *err)
{
	struct rec *k = arg;

	(void)platform; (void)account; (void)account_id; (void)from;
	(void)to; (void)err;
	k->completes++;
	return 0;
}

static int r_user(void *arg, const char *platform, const char *account,
		  const char *account_id, struct buf *err)
{
	(void)arg; (void)platform; (void)account; (void)account_id;
	(void)err;
	return 0;
}

static int r_gone(void *arg, const char *platform, const char *post_id,
		  const char *reason, struct buf *err)
{
	(void)arg; (void)platform; (void)post_id; (void)reason; (void)err;
	return 0;
}

static void r_warn(void *arg, const char *m)
{
	(void)arg; (void)m;
}

static struct rec parse(const char *body, const char *url)
{
	struct rec k = { 0, 0, 0 };
	struct post_sink sink = { &k, r_post, r_complete, r_user, r_gone,
				  r_warn };
	struct buf doc = BUF_INIT, err = BUF_INIT;

	if (url && !collect_x_with_url(body, strlen(body), url, &doc))
		format_x_v2.parse(&sink, doc.s, doc.len, 0, &err);
	else
		format_x_v2.parse(&sink, body, strlen(body), 0, &err);
	if (err.len)
		printf("# %s\n", err.s);
	buf_release(&doc);
	buf_release(&err);
	return k;
}

static const char FOLLOWING[] =
	"{\"data\":[{\"id\":\"1790000000000000303\",\"name\":\"P\","
	"\"username\":\"paslon2_kudus\"}],\"meta\":{\"result_count\":1}}";
static const char TIMELINE[] =
	" {\"data\":[{\"id\":\"1859000000000000012\",\"text\":\"a\","
	"\"author_id\":\"1790000000000000101\",\"created_at\":"
	"\"2024-11-20T03:00:00.000Z\",\"edit_history_tweet_ids\":"
	"[\"1859000000000000012\"]}],\"includes\":{\"users\":[{\"id\":"
	"\"1790000000000000101\",\"name\":\"B\",\"username\":"
	"\"budi_kudus_asn\"}]},\"meta\":{\"result_count\":1}}";
#define BASE "https://api.x.com/2/users/1790000000000000101"

int main(void)
{
	struct buf b = BUF_INIT, err = BUF_INIT;
	struct collect_opts o;
	struct collect_totals t;
	struct rec k;
	struct db *db = NULL;

	ok(!collect_x_with_url("{}", 2, "https://h/a\"b", &b),
	   "an empty object takes the url");
	is_str(b.s, "{\"__twarc\":{\"url\":\"https://h/a\\\"b\"}}",
	       "no comma before an empty object's end; quotes escaped");
	buf_reset(&b);
	ok(!collect_x_with_url(" {\"a\":1}", 8, "u", &b), "leading space");
	is_str(b.s, "{\"__twarc\":{\"url\":\"u\"},\"a\":1}", "comma added");
	buf_reset(&b);
	ok(collect_x_with_url("[1]", 3, "u", &b) == -1, "an array is refused");
	ok(collect_x_with_url("", 0, "u", &b) == -1, "nothing is refused");

	k = parse(FOLLOWING, BASE "/following?max_results=1000");
	is_int(k.follows, 1, "a following page gives follow records");
	k = parse(FOLLOWING, NULL);
	is_int(k.follows, 0, "... which a bare page cannot");
	k = parse(TIMELINE, BASE "/tweets?max_results=100");
	is_int(k.posts, 1, "a timeline page's post");
	is_int(k.completes, 1, "a timeline page declares its window");
	k = parse(TIMELINE, NULL);
	is_int(k.completes, 0, "... which a bare page does not");

	/* no credentials: every account skipped, nothing fetched */
	ok(!db_open(":memory:", DB_CREATE | DB_MIGRATE, &db, &err),
	   "database");
	ok(!db_exec(db, "INSERT INTO asn(nip, name, region_code, created_at,"
		    " changed_at, seen_at) VALUES (198501012010011001, 'A',"
		    " '33.19', 0, 0, 0); INSERT INTO account(nip, platform,"
		    " handle, started_at) VALUES (198501012010011001, 'x',"
		    " 'budi_kudus_asn', 0), (198501012010011001, 'tiktok',"
		    " 'budi.kudus', 0)", &err), "accounts");
	memset(&o, 0, sizeof(o));
	http_opts_init(&o.http);
	o.src[CP_X].base_url = "http://127.0.0.1:9";
	o.src[CP_TIKTOK].base_url = "http://127.0.0.1:9";
	o.capture_dir = "/nonexistent";
	collect_totals_init(&t);
	ok(!collect_run(db, &o, &t, &err), "a run without credentials");
	is_int(t.accounts, 2, "two accounts selected");
	is_int(t.accounts_skipped, 2, "both skipped");
	is_int(t.skipped[CP_TIKTOK], 1, "... one of them TikTok");
	is_int(t.http.requests, 0, "no request made");
	collect_totals_release(&t);

	collect_totals_init(&t);
	o.region = "34";
	ok(!collect_run(db, &o, &t, &err), "another region");
	is_int(t.accounts, 0, "--region 34 selects nobody");
	collect_totals_release(&t);
	collect_totals_init(&t);
	o.region = "33";
	o.platform = "x";
	ok(!collect_run(db, &o, &t, &err), "the province, X only");
	is_int(t.accounts, 1, "--region 33 --platform x: one account");
	collect_totals_release(&t);

	db_close(db);
	buf_release(&b);
	buf_release(&err);
	return done_testing();
}
