/* SPDX-License-Identifier: MIT */
/*
 * The HTTP engine (http.c) against tests/mockserver.py, started here as a
 * child process on 127.0.0.1 (it prints its port; it exits when our end
 * of its stdin closes, so a crashed test leaves no server behind).
 *
 * Every assertion is on behaviour: what the server saw (requests,
 * connections, headers, arrival times), what the callbacks got (status,
 * tries, reasons), the counters. Where time matters the bound is one the
 * protocol guarantees (a retry after "Retry-After: 1" arrives at least a
 * second after the first try) or generous (concurrent requests take less
 * than 60% of the serial time), never a tight one.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "util/buf.h"
#include "collect/http.h"
#include "netra.h"
#include "collect/source.h"
#include "source_sink.h"
#include "tap.h"
#include "util/banned.h"

#define X_TOKEN "fiktif-x-bearer-AAAA0001"
#define YT_KEY "fiktif-youtube-key-BBBB0002"
#define META_TOKEN "fiktif-meta-token-CCCC0003"
#define TT_TOKEN "fiktif-tiktok-token-DDDD0004"
#define X_AUTH "Authorization: Bearer " X_TOKEN
#define BUDI "1790000000000000101"

struct server {
	pid_t pid;
	int stdin_fd;
	char base[64];
};

static struct server plain, tls;
static const char *base = plain.base;

/* Starts tests/mockserver.py, over TLS when tls_dir is not NULL. */
static void start_server(struct server *s, const char *tls_dir)
{
	const char *src = getenv("NETRA_SRC");
	struct buf script = BUF_INIT, crt = BUF_INIT, key = BUF_INIT;
	int out[2], in[2];
	char line[32];
	size_t n = 0;

	buf_addf(&script, "%s/tests/mockserver.py", src ? src : ".");
	if (tls_dir) {
		buf_addf(&crt, "%s/%s/test-only.crt", src ? src : ".",
			 tls_dir);
		buf_addf(&key, "%s/%s/test-only.key", src ? src : ".",
			 tls_dir);
	}
	if (pipe(out) || pipe(in)) {
		printf("Bail out! pipe: %s\n", strerror(errno));
		exit(1);
	}
	s->pid = fork();
	if (s->pid < 0) {
		printf("Bail out! fork: %s\n", strerror(errno));
		exit(1);
	}
	if (!s->pid) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		if (tls_dir)
			execlp("python3", "python3", script.s, "--watch-stdin",
			       "--max-seconds", "600", "--tls", crt.s, key.s,
			       (char *)NULL);
		else
			execlp("python3", "python3", script.s, "--watch-stdin",
			       "--max-seconds", "600", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	s->stdin_fd = in[1];
	while (n < sizeof(line) - 1) {
		ssize_t r = read(out[0], line + n, 1);

		if (r <= 0 || line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	close(out[0]);
	buf_release(&script);
	buf_release(&crt);
	buf_release(&key);
	if (!n) {
		printf("Bail out! the mock server did not start\n");
		exit(1);
	}
	snprintf(s->base, sizeof(s->base), "%s://127.0.0.1:%s",
		 tls_dir ? "https" : "http", line);
}

static void stop_server(struct server *s)
{
	int st;

	close(s->stdin_fd);
	kill(s->pid, SIGTERM);
	waitpid(s->pid, &st, 0);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* What the callbacks saw. */
struct rec {
	struct http_engine *e;
	int responses, failures;
	long status;		/* of the last response or failure */
	int tries;
	enum http_fail fail;
	struct buf why;		/* last failure's reason */
	struct buf body;	/* last response's body */
	struct buf headers;	/* last response's headers */
	struct buf seen;	/* every URL, header block and reason */
	struct buf order;	/* "arg-name:status " per response */
	int json_check;		/* HTTP_RETRY a 200 that is not JSON */
	int follow;		/* add X timeline next pages */
	int posts;		/* tweets seen over the pages */
	int fail_after;		/* return -1 at this response */
	volatile sig_atomic_t *stop_after_first;
	const char *quota_word;	/* GIVE_UP "quota exceeded" on it */
};

static void rec_init(struct rec *r, struct http_engine *e)
{
	memset(r, 0, sizeof(*r));
	r->e = e;
	buf_init(&r->why);
	buf_init(&r->body);
	buf_init(&r->headers);
	buf_init(&r->seen);
	buf_init(&r->order);
}

static void rec_release(struct rec *r)
{
	buf_release(&r->why);
	buf_release(&r->body);
	buf_release(&r->headers);
	buf_release(&r->seen);
	buf_release(&r->order);
}

static int on_resp(void *cb_arg, const struct http_response *res,
		   struct http_verdict *v, struct buf *err)
{
	struct rec *r = cb_arg;

	r->responses++;
	r->status = res->status;
	r->tries = res->tries;
	buf_reset(&r->body);
	buf_add(&r->body, res->body, res->len);
	buf_reset(&r->headers);
	buf_adds(&r->headers, res->headers);
	buf_addf(&r->seen, "%s\n%s\n", res->url, res->headers);
	buf_addf(&r->order, "%s:%ld ", res->arg ? (const char *)res->arg :
		 "-", res->status);
	if (r->fail_after && r->responses == r->fail_after) {
		buf_adds(err, "the store refused");
		return -1;
	}
	if (r->stop_after_first)
		*r->stop_after_first = 1;
	if (r->quota_word && strstr(res->body, r->quota_word)) {
		v->action = HTTP_GIVE_UP;
		buf_reset(&v->why);
		buf_adds(&v->why, "quota exceeded");
		return 0;
	}
	if (r->json_check && res->status == 200) {
		cJSON *j = cJSON_ParseWithLength(res->body, res->len);

		if (!j) {
			v->action = HTTP_RETRY;
			buf_adds(&v->why, "invalid JSON");
			return 0;
		}
		cJSON_Delete(j);
	}
	if (r->follow && res->status == 200) {
		cJSON *j = cJSON_ParseWithLength(res->body, res->len);
		cJSON *tok = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "meta"),
						 "next_token");

		r->posts += cJSON_GetArraySize(cJSON_GetObjectItem(j, "data"));
		if (cJSON_IsString(tok)) {
			struct buf url = BUF_INIT;

			buf_addf(&url, "%s/2/users/" BUDI "/tweets?"
				 "max_results=100&pagination_token=%s", base,
				 tok->valuestring);
			if (http_get(r->e, url.s, X_AUTH, res->arg, err) < 0) {
				buf_release(&url);
				cJSON_Delete(j);
				return -1;
			}
			buf_release(&url);
		}
		cJSON_Delete(j);
	}
	return 0;
}

static int on_fail(void *cb_arg, const struct http_response *res,
		   struct buf *err)
{
	struct rec *r = cb_arg;

	(void)err;
	r->failures++;
	r->status = res->status;
	r->tries = res->tries;
	r->fail = res->fail;
	buf_reset(&r->why);
	buf_adds(&r->why, res->why);
	buf_addf(&r->seen, "%s\n%s\n%s\n", res->url, res->headers, res->why);
	buf_addf(&r->order, "%s:FAIL ", res->arg ? (const char *)res->arg :
		 "-");
	return 0;
}

static struct http_opts test_opts(void)
{
	struct http_opts o;

	http_opts_init(&o);
	o.concurrency = 4;
	o.max_tries = 3;
	o.backoff_ms = 50;
	o.backoff_max_ms = 200;
	o.connect_timeout_ms = 5000;
	o.low_speed_time = 1;
	o.timeout_ms = 20000;
	o.seed = 42;
	return o;
}

/* A control request to the mock server: method-less POST or GET. */
static void ctl(const char *path, const char *json, struct buf *out)
{
	struct http_opts o = test_opts();
	struct buf err = BUF_INIT, url = BUF_INIT;
	struct http_engine *e;
	struct http_request req;
	struct rec r;

	o.max_tries = 1;
	e = http_new(&o, &err);
	rec_init(&r, e);
	buf_addf(&url, "%s%s", base, path);
	memset(&req, 0, sizeof(req));
	req.url = url.s;
	req.body = json;
	req.body_len = json ? strlen(json) : 0;
	if (http_add(e, &req, &err) || http_run(e, on_resp, on_fail, &r, &err)
	    || r.status != 200) {
		printf("Bail out! control %s: %s %s\n", path, err.s, r.why.s);
		exit(1);
	}
	if (out) {
		buf_reset(out);
		buf_add(out, r.body.s, r.body.len);
	}
	rec_release(&r);
	http_free(e);
	buf_release(&err);
	buf_release(&url);
}

static cJSON *server_log(void)
{
	struct buf b = BUF_INIT;
	cJSON *j;

	ctl("/__log", NULL, &b);
	j = cJSON_Parse(b.s);
	buf_release(&b);
	return j;
}

/* The n-th (0-based) log entry whose path contains s, or NULL. */
static cJSON *log_entry(cJSON *log, const char *s, int n)
{
	cJSON *it;

	cJSON_ArrayForEach(it, log) {
		const char *p = cJSON_GetStringValue(
			cJSON_GetObjectItem(it, "path"));

		if (p && strstr(p, s) && n-- == 0)
			return it;
	}
	return NULL;
}

static int log_count(cJSON *log, const char *s)
{
	int n = 0;

	while (log_entry(log, s, n))
		n++;
	return n;
}

static double log_time(cJSON *log, const char *s, int n)
{
	cJSON *it = log_entry(log, s, n);

	return it ? cJSON_GetNumberValue(cJSON_GetObjectItem(it, "time")) : -1;
}

static const char *log_header(cJSON *log, const char *s, int n,
			      const char *name)
{
	cJSON *it = log_entry(log, s, n);

	return cJSON_GetStringValue(cJSON_GetObjectItem(
		cJSON_GetObjectItem(it, "headers"), name));
}

static long server_stat(const char *name)
{
	struct buf b = BUF_INIT;
	cJSON *j;
	long v;

	ctl("/__stats", NULL, &b);
	j = cJSON_Parse(b.s);
	v = (long)cJSON_GetNumberValue(cJSON_GetObjectItem(j, name));
	cJSON_Delete(j);
	buf_release(&b);
	return v;
}

static void fault(const char *json)
{
	ctl("/__fault", json, NULL);
}

static void reset_server(void)
{
	ctl("/__reset", "{}", NULL);
}

/* Runs one engine over urls (GETs with auth, arg = the url's tag). */
struct job {
	const char *tag;	/* arg, shown in rec.order */
	const char *path;	/* after base */
	const char *auth;
};

static int run_jobs(const struct http_opts *o, const struct job *jobs,
		    size_t n, struct rec *r, struct http_engine **ep,
		    struct buf *err)
{
	struct http_engine *e = http_new(o, err);
	size_t i;
	int rc;

	rec_init(r, e);
	for (i = 0; i < n; i++) {
		struct buf url = BUF_INIT;

		buf_addf(&url, "%s%s", base, jobs[i].path);
		if (http_get(e, url.s, jobs[i].auth, (void *)jobs[i].tag,
			     err) < 0) {
			buf_release(&url);
			return -1;
		}
		buf_release(&url);
	}
	rc = http_run(e, on_resp, on_fail, r, err);
	*ep = e;
	return rc;
}

static void test_plain(void)
{
	static const struct job j[] = {
		{ "budi", "/2/users/by/username/budi_kudus_asn", X_AUTH },
	};
	struct http_opts o = test_opts();
	struct buf err = BUF_INIT;
	struct http_engine *e;
	struct rec r;
	cJSON *log;
	const struct http_stats *st;

	reset_server();
	is_int(run_jobs(&o, j, 1, &r, &e, &err), 0, "plain: run returns 0");
	is_int(r.responses, 1, "plain: one response");
	is_int(r.status, 200, "plain: status 200");
	is_int(r.tries, 1, "plain: first try");
	ok(strstr(r.body.s, "\"username\": \"budi_kudus_asn\"") != NULL,
	   "plain: the body is the user");
	ok(strstr(r.headers.s, "content-type: application/json") != NULL,
	   "plain: content-type kept, name in lower case");
	ok(strstr(r.headers.s, "x-rate-limit-remaining: 1499\n") != NULL,
	   "plain: x-rate-limit-remaining kept");
	ok(strstr(r.headers.s, "date: ") != NULL, "plain: date kept");
	ok(!strstr(r.headers.s, "server:") &&
	   !strstr(r.headers.s, "content-length"),
	   "plain: other headers not kept");
	ok(!strstr(r.seen.s, X_TOKEN) && !strstr(r.seen.s, "Bearer"),
	   "plain: no token in the response's URL or headers");
	st = http_stats(e);
	is_int(st->requests, 1, "plain: one request counted");
	is_int(st->done, 1, "plain: one done");
	ok(st->bytes == r.body.len, "plain: bytes counted");
	log = server_log();
	is_int(log_count(log, "/2/users/by/username/"), 1,
	       "plain: the server saw one request");
	is_str(log_header(log, "/2/users/by/", 0, "authorization"),
	       "Bearer " X_TOKEN, "plain: the bearer token was sent");
	is_str(log_header(log, "/2/users/by/", 0, "user-agent"),
	       "netra/" NETRA_VERSION, "plain: user agent netra/VERSION");
	cJSON_Delete(log);
	rec_release(&r);
	http_free(e);
	buf_release(&err);
}

static void test_key_in_url(void)
{
	static const struct job j[] = {
		{ "yt", "/youtube/v3/channels?part=snippet&forHandle="
		  "%40budi.kudus.asn&key=" YT_KEY, NULL },
		{ "meta", "/v19.0/100000000000101/posts?limit=2&"
		  "access_token=" META_TOKEN, NULL },
	};
	struct http_opts o = test_opts();
	struct buf err = BUF_INIT;
	struct http_engine *e;
	struct rec r;

	reset_server();
	is_int(run_jobs(&o, j, 2, &r, &e, &err), 0, "key: run returns 0");
	is_int(r.responses, 2, "key: two responses");
	ok(strstr(r.order.s, "yt:200") && strstr(r.order.s, "meta:200"),
	   "key: both authorised by query values (%s)", r.order.s);
	ok(strstr(r.seen.s, "key=REDACTED") &&
	   strstr(r.seen.s, "access_token=REDACTED"),
	   "key: the URLs handed back are redacted");
	ok(!strstr(r.seen.s, YT_KEY) && !strstr(r.seen.s, META_TOKEN),
	   "key: no key or token in anything handed back");
	rec_release(&r);
	http_free(e);
	buf_release(&err);
}

static void test_keepalive(void)
{
	struct job j[20];
	struct http_opts o = test_opts();
	struct buf err = BUF_INIT;
	struct http_engine *e;
	struct rec r;
	long before, after;
	size_t i;

	for (i = 0; i < 20; i++) {
		j[i].tag = "k";
		j[i].path = "/2/users/by/username/budi_kudus_asn";
		j[i].auth = X_AUTH;
	}
	o.concurrency = 2;
	reset_server();
	before = server_stat("connections");
	is_int(run_jobs(&o, j, 20, &r, &e, &err), 0,
	       "keep-alive: run returns 0");
	after = server_stat("connections");
	is_int(r.responses, 20, "keep-alive: 20 responses");
	/* the /__stats request itself opens one connection */
	ok(after - before - 1 <= 4, "keep-alive: 20 requests over %ld "
	   "connections (at most 4)", after - before - 1);
	ok(http_stats(e)->connects <= 4, "keep-alive: the engine opened %lu "
	   "connections", http_stats(e)->connects);
	rec_release(&r);
	http_free(e);
	buf_release(&err);
}

static void test_concurrency(void)
{
	struct job j[16];
	struct http_opts o = test_opts();
	struct buf err = BUF_INIT;
	struct http_engine *e;
	struct rec r;
	double t0, t;
	size_t i;

	for (i = 0; i < 16; i++) {
		j[i].tag = "c";
		j[i].path = "/2/users/by/username/budi_kudus_asn";
		j[i].auth = X_AUTH;
	}
	o.concurrency = 16;
	reset_server();
	ctl("/__config", "{\"delay_ms\": 250}", NULL);
	t0 = now_s();
	is_int(run_jobs(&o, j, 16, &r, &e, &err), 0,
	       "concurrency: run returns 0");
	t = now_s() - t0;
	ctl("/__config", "{\"delay_ms\": 0}", NULL);
	is_int(r.responses, 16, "concurrency: 16 responses");
	/* serial would be 16 x 250 ms = 4 s */
	ok(t < 0.6 * 4.0, "concurrency: 16 requests with 250 ms latency "
	   "took %.2f s, under 60%% of the serial 4 s", t);
	rec_release(&r);
	http_free(e);
	buf_release(&err);
}

static void test_429_reset(void)
{
	static const struct job j[] = {
		{ "a", "/2/users/by/username/budi_kudus_asn?who=a", X_AUTH },
	};
	struct http_opts o = test_opts();
	struct buf err = BUF_INIT;
	struct http_engine *e;
	struct rec r;
	cJSON *log;
	double t1, t2;

	reset_server();
	fault("{\"path\": \"/2/users/by/\", \"kind\": \"429\", "
	      "\"reset\": 2}");
	is_int(run_jobs(&o, j, 1, &r, &e, &err), 0, "429 reset: run 0");
	is_int(r.status, 200, "429 reset: then 200");
	is_int(r.tries, 2, "429 reset: on the second try");
	is_int(http_stats(e)->retries, 1, "429 reset: one retry counted");
	is_int(http_stats(e)->rate_waits, 1, "429 reset: one gate closed");
	log = server_log();
	is_int(log_count(log, "who=a"), 2, "429 reset: the server saw two");
	t1 = log_time(log, "who=a", 0);
	t2 = log_time(log, "who=a", 1);
	/* reset was the first try's second + 2: at least 1 s later */
	ok(t2 - t1 >= 1.0, "429 reset: the retry waited for "
	   "x-rate-limit-reset (%.2f s)", t2 - t1);
	cJSON_Delete(log);
	rec_release(&r);
	http_free(e);
	buf_release(&err);
}

static void test_retry_after(void)
{
	static const struct job j[] = {
		{ "a", "/2/users/by/username/budi_kudus_asn?who=a", X_AUTH },
		{ "b", "/2/users/by/username/budi_kudus_asn?who=b", X_AUTH },
	};
	struct http_opts o = test_opts();
	struct buf err = BUF_INIT;
	struct http_engine *e;
	struct rec r;
	cJSON *log;

	o.concurrency = 1;
	reset_server();
	fault("{\"path\": \"/2/\", \"query\": \"who=a\", "
	      "\"kind\": \"429-retry-after\", \"retry_after\": 1}");
	is_int(run_jobs(&o, j, 2, &r, &e, &err), 0, "Retry-After: run 0");
	is_int(r.responses, 2, "Retry-After: both answered");
	is_str(r.order.s, "a:200 b:200 ",
	       "Retry-After: a's retry first (retries go to the front)");
	log = server_log();
	ok(log_time(log, "who=a", 1) - log_time(log, "who=a", 0) >= 1.0,
	   "Retry-After: 1 honoured for the request");
	/* the gate: b, queued behind a, waited for the host too */
	ok(log_time(log, "who=b", 0) - log_time(log, "who=a", 0) >= 1.0,
	   "Retry-After: the host's other request waited as well");
	cJSON_Delete(log);
	rec_release(&r);
	http_free(e);

	reset_server();
	fault("{\"path\": \"/2/\", \"kind\": \"429-retry-after\", "
	      "\"retry_after\": 2, \"date\": true}");
	is_int(run_jobs(&o, j, 1, &r, &e, &err), 0, "Retry-After date: 0");
	is_int(r.tries, 2, "Retry-After date: second try");
	log = server_log();
	ok(log_time(log, "who=a", 1) - log_time(log, "who=a", 0) >= 1.0,
	   "Retry-After as an HTTP date honoured");
	cJSON_Delete(log);
	rec_release(&r);
	http_free(e);
	buf_release(&err);
}

static void test_server_errors(void)
{
	static const struct job j[] = {
		{ "bad", "/2/users/by/username/budi_kudus_asn?who=bad",
		  X_AUTH },
		{ "good", "/2/users/by/username/budi_kudus_asn?who=good",
		  X_AUTH },
	};
	struct http_opts o = test_opts();
	struct buf err = BUF_INIT;
	struct http_engine *e;
	struct rec r;
	cJSON *log;

	reset_server();
	fault("{\"path\": \"/2/\", \"kind\": \"500\"}");
	is_int(run_jobs(&o, j + 1, 1, &r, &e, &err), 0, "500: run 0");
	is_int(r.status, 200, "500 then 200");
	is_int(r.tries, 2, "500: succeeded on the second try");
	rec_release(&r);
	http_free(e);

	reset_server();
	fault("{\"path\": \"/2/\", \"query\": \"who=bad\", \"kind\": \"503\", "
	      "\"count\": -1}");
	is_int(run_jobs(&o, j, 2, &r, &e, &err), 0,
	       "503 x max: run still returns 0");
	is_int(r.failures, 1, "503 x max: one failure");
	is_int(r.responses, 1, "503 x max: the other request succeeded");
	is_str(r.why.s, "server error (503), gave up after 3 tries",
	       "503 x max: the reason");
	is_int(r.fail, HTTP_FAIL_SERVER, "503 x max: failure class");
	is_int(r.status, 503, "503 x max: last status handed over");
	is_int(http_stats(e)->fail[HTTP_FAIL_SERVER], 1,
	       "503 x max: counted as a server failure");
	log = server_log();
	is_int(log_count(log, "who=bad"), 3, "503 x max: exactly 3 tries");
	cJSON_Delete(log);
	rec_release(&r);
	http_free(e);
	buf_release(&err);
}

static void test_transport(void)
{
	static const struct job j[] = {
		{ "t", "/2/users/1790000000000000101/tweets", X_AUTH },
	};
	struct http_opts o = test_opts();
	struct buf err = BUF_INIT, url = BUF_INIT;
	struct http_engine *e;
	struct rec r;
	cJSON *log, *body;
	double t0;

	reset_server();
	fault("{\"path\": \"/2/\", \"kind\": \"stall\", \"seconds\": 8}");
	t0 = now_s();
	is_int(run_jobs(&o, j, 1, &r, &e, &err), 0, "stall: run 0");
	is_int(r.status, 200, "stall: then 200");
	is_int(r.tries, 2, "stall: timed out, retried");
	ok(now_s() - t0 < 7.0, "stall: the low-speed limit cut it short");
	body = cJSON_Parse(r.body.s);
	ok(body != NULL, "stall: the retried body is whole JSON");
	cJSON_Delete(body);
	is_int(http_stats(e)->retries, 1, "stall: one retry");
	rec_release(&r);
	http_free(e);

	reset_server();
	fault("{\"path\": \"/2/\", \"kind\": \"truncated\"}");
	is_int(run_jobs(&o, j, 1, &r, &e, &err), 0, "truncated: run 0");
	is_int(r.tries, 2, "truncated: retried");
	body = cJSON_Parse(r.body.s);
	ok(body != NULL, "truncated: the retried body is whole JSON");
	cJSON_Delete(body);
	rec_release(&r);
	http_free(e);

	reset_server();
	fault("{\"path\": \"/2/\", \"kind\": \"truncated\", \"count\": -1}");
	is_int(run_jobs(&o, j, 1, &r, &e, &err), 0, "truncated x max: 0");
	is_int(r.failures, 1, "truncated x max: failed");
	is_int(r.fail, HTTP_FAIL_TRANSPORT, "truncated x max: transport");
	ok(!strncmp(r.why.s, "truncated body: ", 16) &&
	   strstr(r.why.s, "gave up after 3 tries"),
	   "truncated x max: reason '%s'", r.why.s);
	rec_release(&r);
	http_free(e);

	reset_server();
	fault("{\"path\": \"/2/\", \"kind\": \"drop\"}");
	is_int(run_jobs(&o, j, 1, &r, &e, &err), 0, "drop: run 0");
	is_int(r.status, 200, "drop: retried to 200");
	log = server_log();
	ok(log_count(log, "/tweets") >= 2, "drop: the server saw a retry");
	cJSON_Delete(log);
	rec_release(&r);
	http_free(e);

	/* nothing listens on a port we bound and closed */
	{
		int s = socket(AF_INET, SOCK_STREAM, 0);
		struct sockaddr_in a;
		socklen_t al = sizeof(a);
		struct http_request req;

		memset(&a, 0, sizeof(a));
		a.sin_family = AF_INET;
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		bind(s, (struct sockaddr *)&a, sizeof(a));
		getsockname(s, (struct sockaddr *)&a, &al);
		close(s);
		buf_addf(&url, "http://127.0.0.1:%d/youtube/v3/videos?id=x&"
			 "key=" YT_KEY, ntohs(a.sin_port));
		o.max_tries = 2;
		e = http_new(&o, &err);
		rec_init(&r, e);
		memset(&req, 0, sizeof(req));
		req.url = url.s;
		req.auth = X_AUTH;
		is_int(http_add(e, &req, &err), 0, "refused: queued");
		is_int(http_run(e, on_resp, on_fail, &r, &err), 0,
		       "refused: run 0");
		is_int(r.failures, 1, "refused: failed");
		is_int(r.fail, HTTP_FAIL_TRANSPORT, "refused: transport");
		ok(!strncmp(r.why.s, "cannot connect: ", 16),
		   "refused: reason '%s'", r.why.s);
		is_int(r.tries, 2, "refused: tried max_tries times");
		ok(!strstr(r.seen.s, YT_KEY) && !strstr(r.seen.s, X_TOKEN),
		   "refused: no secret in the URL or reason");
		rec_release(&r);
		http_free(e);
	}
	buf_release(&url);
	buf_release(&err);
}

static void test_refusals(void)
{
	static const struct job j[] = {
		{ "f", "/2/users/by/username/budi_kudus_asn", X_AUTH },
	};
	static const struct job wrong[] = {
		{ "w", "/2/users/by/username/budi_kudus_asn",
		  "Authorization: Bearer not-the-token" },
	};
	static const struct job yt[] = {
		{ "q", "/youtube/v3/channels?forHandle=%40budi.kudus.asn",
		  "X-Goog-Api-Key: " YT_KEY },
	};
	struct http_opts o = test_opts();
	struct buf err = BUF_INIT;
	struct http_engine *e;
	struct rec r;
	cJSON *log;

	reset_server();
	fault("{\"path\": \"/2/\", \"kind\": \"401\"}");
	is_int(run_jobs(&o, j, 1, &r, &e, &err), 0, "401: run 0");
	is_int(r.responses, 1, "401: the body went to on_response");
	is_int(r.failures, 1, "401: then a failure");
	is_str(r.why.s, "token rejected (401)", "401: the reason");
	is_int(r.fail, HTTP_FAIL_AUTH, "401: class");
	is_int(http_stats(e)->retries, 0, "401: not retried");
	log = server_log();
	is_int(log_count(log, "/2/"), 1, "401: the server saw one request");
	cJSON_Delete(log);
	rec_release(&r);
	http_free(e);

	reset_server();
	is_int(run_jobs(&o, wrong, 1, &r, &e, &err), 0, "wrong token: 0");
	is_str(r.why.s, "token rejected (401)", "wrong token: refused");
	ok(!strstr(r.seen.s, "not-the-token"), "wrong token: not shown");
	rec_release(&r);
	http_free(e);

	reset_server();
	fault("{\"path\": \"/youtube/\", \"kind\": \"quota\"}");
	o.concurrency = 1;
	{
		struct http_engine *e2 = http_new(&o, &err);
		struct buf url = BUF_INIT;

		rec_init(&r, e2);
		r.quota_word = "quotaExceeded";
		buf_addf(&url, "%s%s", base, yt[0].path);
		http_get(e2, url.s, yt[0].auth, (void *)"q", &err);
		is_int(http_run(e2, on_resp, on_fail, &r, &err), 0,
		       "quota: run 0");
		is_int(r.status, 403, "quota: a 403");
		is_str(r.why.s, "quota exceeded",
		       "quota: the callback's reason");
		is_int(r.fail, HTTP_FAIL_CALLER, "quota: class caller");
		ok(!strstr(r.seen.s, YT_KEY), "quota: no key shown");
		log = server_log();
		is_str(log_header(log, "/youtube/", 0, "x-goog-api-key"),
		       YT_KEY, "quota: the key went in a header");
		cJSON_Delete(log);
		rec_release(&r);
		http_free(e2);
		buf_release(&url);
	}

	reset_server();
	fault("{\"path\": \"/2/\", \"kind\": \"status\", \"status\": 404}");
	o.concurrency = 4;
	is_int(run_jobs(&o, j, 1, &r, &e, &err), 0, "404: run 0");
	is_str(r.why.s, "not found (404)", "404: not retried, reason");
	is_int(r.fail, HTTP_FAIL_HTTP, "404: class");
	rec_release(&r);
	http_free(e);
	buf_release(&err);
}

static void test_invalid_json(void)
{
	static const struct job j[] = {
		{ "i", "/2/users/1790000000000000101/tweets", X_AUTH },
	};
	struct http_opts o = test_opts();
	struct buf err = BUF_INIT;
	struct http_engine *e;
	struct rec r;

	reset_server();
	fault("{\"path\": \"/2/\", \"kind\": \"invalid-json\"}");
	e = http_new(&o, &err);
	rec_init(&r, e);
	r.json_check = 1;
	{
		struct buf url = BUF_INIT;

		buf_addf(&url, "%s%s", base, j[0].path);
		http_get(e, url.s, X_AUTH, (void *)"i", &err);
		buf_release(&url);
	}
	is_int(http_run(e, on_resp, on_fail, &r, &err), 0, "invalid: run 0");
	is_int(r.responses, 2, "invalid JSON: seen, then the retry");
	is_int(r.tries, 2, "invalid JSON: retried by the callback's word");
	is_int(r.failures, 0, "invalid JSON: no failure");
	rec_release(&r);
	http_free(e);

	reset_server();
	fault("{\"path\": \"/2/\", \"kind\": \"invalid-json\", "
	      "\"count\": -1}");
	e = http_new(&o, &err);
	rec_init(&r, e);
	r.json_check = 1;
	{
		struct buf url = BUF_INIT;

		buf_addf(&url, "%s%s", base, j[0].path);
		http_get(e, url.s, X_AUTH, (void *)"i", &err);
		buf_release(&url);
	}
	is_int(http_run(e, on_resp, on_fail, &r, &err), 0, "invalid x max");
	is_str(r.why.s, "invalid JSON, gave up after 3 tries",
	       "invalid JSON x max: the callback's reason");
	is_int(r.fail, HTTP_FAIL_CALLER, "invalid JSON x max: class");
	rec_release(&r);
	http_free(e);
	buf_release(&err);
}

static void test_pages(void)
{
	static const struct job j[] = {
		{ "p", "/2/users/" BUDI "/tweets?max_results=100", X_AUTH },
	};
	struct http_opts o = test_opts();
	struct buf err = BUF_INIT;
	struct http_engine *e;
	struct rec r;
	cJSON *log;

	reset_server();
	fault("{\"path\": \"/2/\", \"query\": \"pagination_token\", "
	      "\"kind\": \"503\"}");
	e = http_new(&o, &err);
	rec_init(&r, e);
	r.follow = 1;
	{
		struct buf url = BUF_INIT;

		buf_addf(&url, "%s%s", base, j[0].path);
		http_get(e, url.s, X_AUTH, (void *)"p", &err);
		buf_release(&url);
	}
	is_int(http_run(e, on_resp, on_fail, &r, &err), 0, "pages: run 0");
	is_int(r.responses, 3, "pages: 12 posts in 3 pages of 5");
	is_int(r.posts, 12, "pages: every post once");
	log = server_log();
	is_int(log_count(log, "/tweets"), 4,
	       "pages: 3 pages and one retry of page 2");
	is_int(log_count(log, "pagination_token="), 3,
	       "pages: pages 2 and 3 asked with the token");
	cJSON_Delete(log);
	rec_release(&r);
	http_free(e);
	buf_release(&err);
}

static void test_post(void)
{
	static const char q[] = "{\"query\": {\"and\": [{\"operation\": "
		"\"IN\", \"field_name\": \"username\", \"field_values\": "
		"[\"budi.kudus.asn\"]}]}, \"max_count\": 20, \"cursor\": 0}";
	struct http_opts o = test_opts();
	struct buf err = BUF_INIT, url = BUF_INIT;
	struct http_engine *e = http_new(&o, &err);
	struct http_request req;
	struct rec r;
	cJSON *log;

	reset_server();
	rec_init(&r, e);
	buf_addf(&url, "%s/v2/research/video/query/?fields=id,create_time,"
		 "username,video_description", base);
	memset(&req, 0, sizeof(req));
	req.url = url.s;
	req.auth = "Authorization: Bearer " TT_TOKEN;
	req.body = q;
	req.body_len = strlen(q);
	req.arg = (void *)"tt";
	is_int(http_add(e, &req, &err), 0, "POST: queued");
	is_int(http_run(e, on_resp, on_fail, &r, &err), 0, "POST: run 0");
	is_int(r.status, 200, "POST: 200");
	ok(strstr(r.body.s, "\"has_more\": true") != NULL,
	   "POST: a first page with more");
	log = server_log();
	is_str(cJSON_GetStringValue(cJSON_GetObjectItem(
		log_entry(log, "/v2/research/", 0), "body")), q,
	       "POST: the server got the body");
	is_str(cJSON_GetStringValue(cJSON_GetObjectItem(
		log_entry(log, "/v2/research/", 0), "method")), "POST",
	       "POST: as a POST");
	ok(!strncmp(log_header(log, "/v2/research/", 0, "content-type"),
		    "application/json", 16), "POST: JSON content type");
	cJSON_Delete(log);
	rec_release(&r);
	http_free(e);
	buf_release(&url);
	buf_release(&err);
}

/* The mock's pages parse with netra's own parsers: the shapes agree. */
static void test_shapes(void)
{
	static const struct {
		const char *path, *auth;
		const struct post_format *fmt;
		int posts;
	} c[] = {
		{ "/2/users/" BUDI "/tweets", X_AUTH, &format_x_v2, 5 },
		{ "/youtube/v3/playlistItems?part=snippet,contentDetails,"
		  "status&playlistId=UUFiktifBudiKudus000001A",
		  "X-Goog-Api-Key: " YT_KEY, &format_youtube, 5 },
		{ "/youtube/v3/videos?part=snippet,statistics&id="
		  "Fk000000007,Fk000000006", "X-Goog-Api-Key: " YT_KEY,
		  &format_youtube, 2 },
		{ "/v19.0/17841400000000999?fields=business_discovery."
		  "username(budi.kudus.asn)%7Bid,username,media%7Bid,caption,"
		  "media_type,permalink,timestamp%7D%7D",
		  "Authorization: Bearer " META_TOKEN, &format_meta, 5 },
		{ "/v19.0/100000000000101/posts?limit=3",
		  "Authorization: Bearer " META_TOKEN, &format_meta, 3 },
	};
	struct http_opts o = test_opts();
	size_t i;

	reset_server();
	o.concurrency = 1;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct buf err = BUF_INIT;
		struct job j;
		struct http_engine *e;
		struct rec r;
		struct rec_sink rs;
		struct post_sink sink;
		int rc;

		j.tag = "s";
		j.path = c[i].path;
		j.auth = c[i].auth;
		run_jobs(&o, &j, 1, &r, &e, &err);
		rec_sink_init(&rs, &sink);
		rc = c[i].fmt->parse(&sink, r.body.s, r.body.len, 0, &err);
		is_int(rc, 0, "shape: %s parses %s %s", c[i].fmt->name,
		       c[i].path, err.s);
		is_int(rs.n_post, c[i].posts, "shape: %d posts", c[i].posts);
		buf_release(&rs.out);
		rec_release(&r);
		http_free(e);
		buf_release(&err);
	}
}

/* Buckets: their own gates, their own limits. */
static void test_buckets(void)
{
	struct http_opts o = test_opts();
	struct buf err = BUF_INIT;
	struct http_engine *e;
	struct rec r;
	cJSON *log;
	double t0, gap = 10;
	int i;

	/* a 429 in bucket "x:a" holds a2 back, not "x:b" */
	reset_server();
	fault("{\"path\": \"/2/\", \"query\": \"who=a\", "
	      "\"kind\": \"429-retry-after\", \"retry_after\": 2}");
	e = http_new(&o, &err);
	rec_init(&r, e);
	for (i = 0; i < 3; i++) {
		struct http_request req;
		struct buf url = BUF_INIT;
		static const char *const who[] = { "a", "a2", "b" };

		buf_addf(&url, "%s/2/users/by/username/budi_kudus_asn?who=%s",
			 base, who[i]);
		memset(&req, 0, sizeof(req));
		req.url = url.s;
		req.auth = X_AUTH;
		req.bucket = i < 2 ? "x:a" : "x:b";
		req.arg = (void *)who[i];
		http_add(e, &req, &err);
		buf_release(&url);
	}
	http_limit(e, "x:a", 1, 0);
	is_int(http_run(e, on_resp, on_fail, &r, &err), 0, "buckets: run 0");
	log = server_log();
	ok(log_time(log, "who=b", 0) - log_time(log, "who=a", 0) < 1.5,
	   "buckets: b did not wait for a's gate");
	ok(log_time(log, "who=a2", 0) - log_time(log, "who=a", 0) >= 1.0,
	   "buckets: a2, in a's bucket, did");
	cJSON_Delete(log);
	rec_release(&r);
	http_free(e);

	/* at most 2 at once: 6 requests of 300 ms take 3 rounds */
	reset_server();
	ctl("/__config", "{\"delay_ms\": 300}", NULL);
	e = http_new(&o, &err);
	rec_init(&r, e);
	for (i = 0; i < 6; i++) {
		struct buf url = BUF_INIT;

		buf_addf(&url, "%s/2/users/by/username/budi_kudus_asn", base);
		http_get(e, url.s, X_AUTH, (void *)"l", &err);
		buf_release(&url);
	}
	/* the default bucket: the URL's scheme://host:port */
	http_limit(e, base, 2, 0);
	t0 = now_s();
	is_int(http_run(e, on_resp, on_fail, &r, &err), 0, "limit: run 0");
	ctl("/__config", "{\"delay_ms\": 0}", NULL);
	is_int(r.responses, 6, "limit: 6 responses");
	ok(now_s() - t0 >= 0.9, "limit: 2 at once, 3 rounds of 300 ms "
	   "(%.2f s)", now_s() - t0);
	rec_release(&r);
	http_free(e);

	/* starts 300 ms apart */
	reset_server();
	e = http_new(&o, &err);
	rec_init(&r, e);
	for (i = 0; i < 4; i++) {
		struct http_request req;
		struct buf url = BUF_INIT;

		buf_addf(&url, "%s/2/users/by/username/budi_kudus_asn?i=%d",
			 base, i);
		memset(&req, 0, sizeof(req));
		req.url = url.s;
		req.auth = X_AUTH;
		req.bucket = "slow";
		http_add(e, &req, &err);
		buf_release(&url);
	}
	http_limit(e, "slow", 0, 300);
	is_int(http_run(e, on_resp, on_fail, &r, &err), 0, "interval: run 0");
	log = server_log();
	for (i = 1; i < 4; i++) {
		double d = log_time(log, "i=", i) - log_time(log, "i=", i - 1);

		if (d < gap)
			gap = d;
	}
	ok(gap >= 0.25, "interval: starts spaced (smallest gap %.3f s)", gap);
	cJSON_Delete(log);
	rec_release(&r);
	http_free(e);
	buf_release(&err);
}

static volatile sig_atomic_t stop_flag;

static void test_stop(void)
{
	static const struct job j[] = {
		{ "a", "/2/users/by/username/budi_kudus_asn", X_AUTH },
		{ "b", "/2/users/by/username/budi_kudus_asn", X_AUTH },
		{ "c", "/2/users/by/username/budi_kudus_asn", X_AUTH },
	};
	struct http_opts o = test_opts();
	struct buf err = BUF_INIT;
	struct http_engine *e;
	struct rec r;
	size_t i;

	reset_server();
	o.concurrency = 1;
	o.stop = &stop_flag;
	stop_flag = 0;
	{
		e = http_new(&o, &err);
		rec_init(&r, e);
		r.stop_after_first = &stop_flag;
		for (i = 0; i < 3; i++) {
			struct buf url = BUF_INIT;

			buf_addf(&url, "%s%s", base, j[i].path);
			http_get(e, url.s, X_AUTH, (void *)j[i].tag, &err);
			buf_release(&url);
		}
		is_int(http_run(e, on_resp, on_fail, &r, &err), -1,
		       "stop: run returns -1");
		is_str(err.s, "interrupted", "stop: says interrupted");
		is_int(r.responses, 1, "stop: nothing after the flag");
		rec_release(&r);
		http_free(e);
	}
	buf_reset(&err);
	o.stop = NULL;
	o.concurrency = 2;
	e = http_new(&o, &err);
	rec_init(&r, e);
	r.fail_after = 1;
	for (i = 0; i < 3; i++) {
		struct buf url = BUF_INIT;

		buf_addf(&url, "%s%s", base, j[i].path);
		http_get(e, url.s, X_AUTH, (void *)j[i].tag, &err);
		buf_release(&url);
	}
	is_int(http_run(e, on_resp, on_fail, &r, &err), -1,
	       "callback error: run returns -1");
	is_str(err.s, "the store refused", "callback error: its message");
	rec_release(&r);
	http_free(e);
	buf_release(&err);
}

static void test_long_wait(void)
{
	static const struct job j[] = {
		{ "w", "/2/users/by/username/budi_kudus_asn", X_AUTH },
	};
	static const struct job three[] = {
		{ "1", "/2/users/by/username/budi_kudus_asn?n=1", X_AUTH },
		{ "2", "/2/users/by/username/budi_kudus_asn?n=2", X_AUTH },
		{ "3", "/2/users/by/username/budi_kudus_asn?n=3", X_AUTH },
	};
	cJSON *log;
	struct http_opts o = test_opts();
	struct buf err = BUF_INIT;
	struct http_engine *e;
	struct rec r;
	double t0 = now_s();

	reset_server();
	fault("{\"path\": \"/2/\", \"kind\": \"429\", \"reset\": 100}");
	o.max_wait_ms = 5000;
	is_int(run_jobs(&o, j, 1, &r, &e, &err), 0, "long wait: run 0");
	is_int(r.failures, 1, "long wait: given up");
	is_int(r.fail, HTTP_FAIL_RATE, "long wait: rate limited");
	ok(!strncmp(r.why.s, "rate limited (429), asked to wait ", 34),
	   "long wait: reason '%s'", r.why.s);
	ok(now_s() - t0 < 50, "long wait: did not wait");
	rec_release(&r);
	http_free(e);

	/* a good page that spends the window: the next ones wait for it */
	reset_server();
	fault("{\"path\": \"/2/\", \"kind\": \"exhaust\", \"reset\": 2}");
	o.concurrency = 1;
	is_int(run_jobs(&o, three, 3, &r, &e, &err), 0, "exhausted: run 0");
	is_str(r.order.s, "1:200 2:200 3:200 ", "exhausted: all three done");
	log = server_log();
	ok(log_time(log, "n=2", 0) - log_time(log, "n=1", 0) >= 1.0,
	   "exhausted: the next page waited for x-rate-limit-reset");
	cJSON_Delete(log);
	rec_release(&r);
	http_free(e);

	/* ... unless that is longer than max_wait_ms: they fail at once */
	reset_server();
	fault("{\"path\": \"/2/\", \"kind\": \"exhaust\", "
	      "\"reset\": 100}");
	t0 = now_s();
	is_int(run_jobs(&o, three, 3, &r, &e, &err), 0, "window: run 0");
	is_str(r.order.s, "1:200 2:FAIL 3:FAIL ",
	       "window: the page came, the rest failed");
	is_int(r.fail, HTTP_FAIL_RATE, "window: rate limited");
	ok(!strncmp(r.why.s, "rate limited: the server's window reopens in ",
		    45), "window: reason '%s'", r.why.s);
	is_int(http_stats(e)->fail[HTTP_FAIL_RATE], 2, "window: 2 counted");
	ok(now_s() - t0 < 50, "window: did not wait");
	log = server_log();
	is_int(log_count(log, "/2/"), 1, "window: one request sent");
	cJSON_Delete(log);
	rec_release(&r);
	http_free(e);
	buf_release(&err);
}

static void test_add_refusals(void)
{
	struct buf err = BUF_INIT;
	struct http_engine *e = http_new(NULL, &err);
	struct http_request req;
	static const char *const bad_hdr[] = { "X-A: 1\r\nX-B: 2", NULL };

	is_int(http_get(e, "ftp://127.0.0.1/x", NULL, NULL, &err), -1,
	       "add: ftp refused");
	is_str(err.s, "unsupported URL scheme 'ftp' (http or https only)",
	       "add: ftp message");
	buf_reset(&err);
	is_int(http_get(e, "http://", NULL, NULL, &err), -1,
	       "add: no host refused");
	buf_reset(&err);
	is_int(http_get(e, "https://127.0.0.1/?key=s3cret x", NULL, NULL,
			&err), -1, "add: malformed URL refused");
	ok(!strstr(err.s, "s3cret"), "add: message redacted: %s", err.s);
	buf_reset(&err);
	memset(&req, 0, sizeof(req));
	req.url = "http://127.0.0.1:1/";
	req.headers = bad_hdr;
	is_int(http_add(e, &req, &err), -1, "add: header injection refused");
	buf_reset(&err);
	is_int(http_run(e, on_resp, on_fail, NULL, &err), 0,
	       "add: an empty run returns 0 at once");
	http_free(e);
	buf_release(&err);
}

/* TLS is verified: a certificate no CA vouches for is refused. */
static void test_tls(void)
{
	const char *src = getenv("NETRA_SRC");
	struct http_opts o = test_opts();
	struct buf err = BUF_INIT, url = BUF_INIT, ca = BUF_INIT;
	struct http_engine *e;
	struct rec r;

	buf_addf(&url, "%s/2/users/by/username/budi_kudus_asn?key=" YT_KEY,
		 tls.base);
	e = http_new(&o, &err);
	rec_init(&r, e);
	http_get(e, url.s, X_AUTH, (void *)"tls", &err);
	is_int(http_run(e, on_resp, on_fail, &r, &err), 0, "tls: run 0");
	is_int(r.failures, 1, "tls: a self-signed certificate is refused");
	is_int(r.tries, 1, "tls: and not retried");
	ok(!strncmp(r.why.s, "TLS certificate rejected: ", 26),
	   "tls: reason '%s'", r.why.s);
	ok(!strstr(r.seen.s, YT_KEY), "tls: no key in the reason or URL");
	rec_release(&r);
	http_free(e);

	buf_addf(&ca, "%s/fixtures/http/tls/test-only.crt", src ? src : ".");
	o.ca_file = ca.s;
	e = http_new(&o, &err);
	rec_init(&r, e);
	http_get(e, url.s, X_AUTH, (void *)"tls", &err);
	is_int(http_run(e, on_resp, on_fail, &r, &err), 0, "tls ca: run 0");
	is_int(r.status, 200, "tls: with its CA file, 200 over HTTPS");
	rec_release(&r);
	http_free(e);
	buf_release(&ca);
	buf_release(&url);
	buf_release(&err);
}

int main(void)
{
	/* loopback only, whatever proxy the environment names */
	setenv("no_proxy", "127.0.0.1,localhost", 1);
	setenv("NO_PROXY", "127.0.0.1,localhost", 1);
	signal(SIGPIPE, SIG_IGN);
	test_add_refusals();
	start_server(&plain, NULL);
	test_plain();
	test_key_in_url();
	test_keepalive();
	test_concurrency();
	test_429_reset();
	test_retry_after();
	test_server_errors();
	test_transport();
	test_refusals();
	test_invalid_json();
	test_pages();
	test_buckets();
	test_post();
	test_shapes();
	test_stop();
	test_long_wait();
	start_server(&tls, "fixtures/http/tls");
	test_tls();
	stop_server(&tls);
	stop_server(&plain);
	return done_testing();
}
