/* SPDX-License-Identifier: MIT */
/*
 * The HTTP engine (http.h): one libcurl multi handle, one loop of
 * curl_multi_poll / curl_multi_perform / curl_multi_info_read, shaped
 * like newsraft's downloader. Each easy handle belongs to one struct
 * transfer, found again through CURLINFO_PRIVATE; transfers are pooled
 * (opts.concurrency of them at most) and their connections stay in the
 * multi handle's cache, so a host is talked to over a few kept-alive
 * connections.
 *
 * Scheduling: every bucket (the request's, or its URL's
 * scheme://host:port) has a FIFO of ready requests, a gate (the earliest
 * time a request in it may start) and optional limits (http_limit());
 * the loop takes requests from the buckets round-robin, skipping closed
 * gates and full buckets. A request to retry waits in the delayed list
 * until its time, then goes to the front of its bucket's queue. The poll
 * timeout is the time until the next retry or gate is due (at most half
 * a second, so opts.stop is seen), so waiting never spins.
 *
 * Nothing here prints, parses bodies or touches the database.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "util/buf.h"
#include "collect/http.h"
#include "collect/http_capture.h"
#include "util/msg.h"
#include "netra.h"
#include "util/parse.h"
#include "util/banned.h"

#define POLL_MAX_MS 500

struct request {
	struct request *next;
	struct bucket *bucket;
	char *url;		/* may hold key=...: wiped when freed */
	char *shown;		/* url, redacted */
	char *auth;		/* a secret header line: wiped when freed */
	char **headers;		/* more header lines, NULL-terminated */
	char *body;		/* POST body, or NULL */
	size_t body_len;
	char *ctype;		/* Content-Type of the body, or NULL */
	void *arg;
	unsigned flags;		/* enum http_req_flags */
	int tries;		/* attempts started */
	int64_t due;		/* monotonic ms: not before */
};

struct bucket {
	struct bucket *next;
	char *key;		/* "https://api.x.com:443", or a name */
	int64_t gate;		/* monotonic ms: nothing starts before */
	struct request *head, *tail; /* ready requests */
	int running;		/* transfers of this bucket under way */
	int limit;		/* at most this many at once; 0: any */
	long interval_ms;	/* starts at least this far apart */
};

struct transfer {
	CURL *h;
	struct request *req;	/* NULL when the transfer is idle */
	struct curl_slist *slist;
	struct buf body;
	struct buf hdrs;	/* selected response headers */
	struct http_capture_bufs cb; /* captures: what is kept */
	unsigned flags;		/* the request's */
	size_t max_body;
	int too_big;		/* the body passed opts.max_body */
	int64_t started;	/* monotonic ms */
	char errbuf[CURL_ERROR_SIZE];
};

struct http_engine {
	struct http_opts o;
	char *user_agent;
	char *ca_file;
	CURLM *multi;
	struct transfer *xfers;	/* o.concurrency of them */
	int running;
	struct bucket *buckets;
	struct bucket *rr;	/* where the next round-robin pick starts */
	size_t queued;		/* requests in the bucket queues */
	struct request *delayed; /* waiting retries, unordered */
	struct http_stats st;
	uint64_t rng;
};

void http_opts_init(struct http_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->concurrency = 8;
	o->connect_timeout_ms = 10000;
	o->low_speed_limit = 1;
	o->low_speed_time = 30;
	o->timeout_ms = 120000;
	o->max_tries = 5;
	o->backoff_ms = 1000;
	o->backoff_max_ms = 60000;
	o->max_wait_ms = 960000;
	o->max_body = (size_t)64 << 20;
	o->user_agent = NULL;
	o->ca_file = NULL;
	o->seed = 0;
	o->stop = NULL;
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* xorshift64*: jitter only, never anything secret. */
static uint64_t rng_next(struct http_engine *e)
{
	e->rng ^= e->rng >> 12;
	e->rng ^= e->rng << 25;
	e->rng ^= e->rng >> 27;
	return e->rng * 2685821657736338717ULL;
}

static void wipe_free(char *s)
{
	if (!s)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

static void request_free(struct request *r)
{
	size_t i;

	if (!r)
		return;
	wipe_free(r->url);
	wipe_free(r->auth);
	free(r->shown);
	for (i = 0; r->headers && r->headers[i]; i++)
		free(r->headers[i]);
	free(r->headers);
	free(r->body);
	free(r->ctype);
	free(r);
}

/* The slist holds a copy of the auth line: wipe it too. */
static void slist_wipe_free(struct curl_slist *l)
{
	struct curl_slist *p;

	for (p = l; p; p = p->next)
		if (p->data)
			explicit_bzero(p->data, strlen(p->data));
	curl_slist_free_all(l);
}

struct http_engine *http_new(const struct http_opts *opts, struct buf *err)
{
	struct http_engine *e;
	struct http_opts def;
	int i;

	if (!opts) {
		http_opts_init(&def);
		opts = &def;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
		buf_adds(err, "cannot initialise libcurl");
		return NULL;
	}
	e = xcalloc(1, sizeof(*e));
	e->o = *opts;
	if (e->o.concurrency < 1)
		e->o.concurrency = 1;
	if (e->o.max_tries < 1)
		e->o.max_tries = 1;
	if (e->o.backoff_ms < 1)
		e->o.backoff_ms = 1;
	if (e->o.backoff_max_ms < e->o.backoff_ms)
		e->o.backoff_max_ms = e->o.backoff_ms;
	e->user_agent = xstrdup(opts->user_agent ? opts->user_agent :
				"netra/" NETRA_VERSION);
	e->ca_file = opts->ca_file ? xstrdup(opts->ca_file) : NULL;
	e->o.user_agent = e->user_agent;
	e->o.ca_file = e->ca_file;
	e->rng = opts->seed ? opts->seed :
		((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid() ^
		(uint64_t)mono_ms();
	if (!e->rng)
		e->rng = 88172645463325252ULL;
	e->multi = curl_multi_init();
	if (!e->multi) {
		buf_adds(err, "cannot create a libcurl multi handle");
		http_free(e);
		return NULL;
	}
	/*
	 * At most o.concurrency connections, and as many kept alive: one
	 * per transfer, so a busy host is served over the same few.
	 */
	curl_multi_setopt(e->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
			  (long)e->o.concurrency);
	curl_multi_setopt(e->multi, CURLMOPT_MAXCONNECTS,
			  (long)e->o.concurrency);
	e->xfers = xcalloc((size_t)e->o.concurrency, sizeof(*e->xfers));
	for (i = 0; i < e->o.concurrency; i++) {
		buf_init(&e->xfers[i].body);
		buf_init(&e->xfers[i].hdrs);
		http_capture_bufs_init(&e->xfers[i].cb);
	}
	return e;
}

static void drop_queues(struct http_engine *e)
{
	struct bucket *h;
	struct request *r;

	for (h = e->buckets; h; h = h->next) {
		while ((r = h->head)) {
			h->head = r->next;
			request_free(r);
		}
		h->tail = NULL;
	}
	e->queued = 0;
	while ((r = e->delayed)) {
		e->delayed = r->next;
		request_free(r);
	}
}

static void xfer_release(struct http_engine *e, struct transfer *t)
{
	if (t->req && e->multi)
		curl_multi_remove_handle(e->multi, t->h);
	if (t->req) {
		t->req->bucket->running--;
		request_free(t->req);
		t->req = NULL;
		e->running--;
	}
	slist_wipe_free(t->slist);
	t->slist = NULL;
	/* keep a pooled buffer unless a big body made it big */
	if (t->body.cap > ((size_t)1 << 20))
		buf_release(&t->body);
	buf_reset(&t->body);
	buf_reset(&t->hdrs);
}

void http_free(struct http_engine *e)
{
	struct bucket *h;
	int i;

	if (!e)
		return;
	for (i = 0; e->xfers && i < e->o.concurrency; i++) {
		struct transfer *t = &e->xfers[i];

		xfer_release(e, t);
		if (t->h)
			curl_easy_cleanup(t->h);
		buf_release(&t->body);
		buf_release(&t->hdrs);
		http_capture_bufs_release(&t->cb);
	}
	free(e->xfers);
	drop_queues(e);
	while ((h = e->buckets)) {
		e->buckets = h->next;
		free(h->key);
		free(h);
	}
	if (e->multi)
		curl_multi_cleanup(e->multi);
	free(e->user_agent);
	free(e->ca_file);
	free(e);
	curl_global_cleanup();
}

const struct http_stats *http_stats(const struct http_engine *e)
{
	return &e->st;
}

const char *http_fail_name(enum http_fail f)
{
	switch (f) {
	case HTTP_FAIL_NONE:
		return "none";
	case HTTP_FAIL_AUTH:
		return "token rejected";
	case HTTP_FAIL_HTTP:
		return "refused";
	case HTTP_FAIL_RATE:
		return "rate limited";
	case HTTP_FAIL_SERVER:
		return "server error";
	case HTTP_FAIL_TRANSPORT:
		return "transfer failed";
	case HTTP_FAIL_CALLER:
		return "bad response";
	case HTTP_FAIL_N:
		break;
	}
	return "unknown";
}

/* The host key of a URL, or -1 with a message. */
static int url_host_key(const char *url, struct buf *key, struct buf *err)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL;
	int rc = -1;

	if (!u)
		die_oom();
	if (curl_url_set(u, CURLUPART_URL, url, 0) ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT)) {
		struct buf shown = BUF_INIT;

		buf_adds(&shown, url);
		msg_redact(&shown);
		buf_addf(err, "malformed URL '%s'", shown.s);
		buf_release(&shown);
		goto out;
	}
	if (strcasecmp(scheme, "http") && strcasecmp(scheme, "https")) {
		buf_addf(err, "unsupported URL scheme '%s' (http or https "
			 "only)", scheme);
		goto out;
	}
	buf_addf(key, "%s://%s:%s", scheme, host, port);
	rc = 0;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return rc;
}

static struct bucket *bucket_get(struct http_engine *e, const char *key)
{
	struct bucket *h;

	for (h = e->buckets; h; h = h->next)
		if (!strcmp(h->key, key))
			return h;
	h = xcalloc(1, sizeof(*h));
	h->key = xstrdup(key);
	h->next = e->buckets;
	e->buckets = h;
	return h;
}

void http_limit(struct http_engine *e, const char *bucket, int max_running,
		long interval_ms)
{
	struct bucket *b = bucket_get(e, bucket);

	b->limit = max_running > 0 ? max_running : 0;
	b->interval_ms = interval_ms > 0 ? interval_ms : 0;
}

static int bucket_open(const struct bucket *b, int64_t now)
{
	return b->head && b->gate <= now && (!b->limit ||
					     b->running < b->limit);
}

static void bucket_push(struct http_engine *e, struct request *r, int front)
{
	struct bucket *h = r->bucket;

	if (front) {
		r->next = h->head;
		h->head = r;
		if (!h->tail)
			h->tail = r;
	} else {
		r->next = NULL;
		if (h->tail)
			h->tail->next = r;
		else
			h->head = r;
		h->tail = r;
	}
	e->queued++;
}

static int line_ok(const char *s)
{
	return !strpbrk(s, "\r\n");
}

int http_add(struct http_engine *e, const struct http_request *req,
	     struct buf *err)
{
	struct buf key = BUF_INIT;
	struct request *r;
	size_t n = 0, i;

	if (!req->url || !*req->url) {
		buf_adds(err, "empty URL");
		return -1;
	}
	if ((req->flags & HTTP_REQ_CAPTURE) && req->auth) {
		buf_adds(err, "a page capture cannot carry an auth header "
			 "(it follows redirects anywhere)");
		return -1;
	}
	if (!line_ok(req->url) || (req->auth && !line_ok(req->auth)) ||
	    (req->content_type && !line_ok(req->content_type))) {
		buf_adds(err, "a line break in a URL or header");
		return -1;
	}
	for (i = 0; req->headers && req->headers[i]; i++) {
		if (!line_ok(req->headers[i])) {
			buf_adds(err, "a line break in a header");
			return -1;
		}
		n++;
	}
	if (url_host_key(req->url, &key, err) < 0) {
		buf_release(&key);
		return -1;
	}
	r = xcalloc(1, sizeof(*r));
	r->bucket = bucket_get(e, req->bucket ? req->bucket : key.s);
	buf_release(&key);
	r->url = xstrdup(req->url);
	{
		struct buf shown = BUF_INIT;

		buf_adds(&shown, req->url);
		msg_redact(&shown);
		r->shown = buf_detach(&shown, NULL);
	}
	r->auth = req->auth ? xstrdup(req->auth) : NULL;
	r->headers = xcalloc(n + 1, sizeof(*r->headers));
	for (i = 0; i < n; i++)
		r->headers[i] = xstrdup(req->headers[i]);
	if (req->body) {
		r->body = xmalloc(req->body_len + 1);
		memcpy(r->body, req->body, req->body_len);
		r->body[req->body_len] = '\0';
		r->body_len = req->body_len;
	}
	r->ctype = req->content_type ? xstrdup(req->content_type) : NULL;
	r->arg = req->arg;
	r->flags = req->flags;
	bucket_push(e, r, 0);
	return 0;
}

int http_get(struct http_engine *e, const char *url, const char *auth,
	     void *arg, struct buf *err)
{
	struct http_request req;

	memset(&req, 0, sizeof(req));
	req.url = url;
	req.auth = auth;
	req.arg = arg;
	return http_add(e, &req, err);
}

/* Response headers worth keeping: rate limits, dates, validators. */
static int keep_header(const char *name, size_t len)
{
	static const char *const exact[] = {
		"content-type", "date", "etag", "last-modified",
		"retry-after", "x-app-usage", "x-business-use-case-usage",
		NULL
	};
	static const char *const prefix[] = {
		"x-rate-limit-", "x-ratelimit-", NULL
	};
	size_t i;

	for (i = 0; exact[i]; i++)
		if (strlen(exact[i]) == len && !strncasecmp(name, exact[i], len))
			return 1;
	for (i = 0; prefix[i]; i++) {
		size_t n = strlen(prefix[i]);

		if (len > n && !strncasecmp(name, prefix[i], n))
			return 1;
	}
	return 0;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *p)
{
	struct transfer *t = p;
	size_t n = size * nmemb, name_len, i;
	const char *colon, *v, *end;

	/* a new status line (after a 1xx): start over */
	if (n >= 5 && !strncmp(data, "HTTP/", 5)) {
		buf_reset(&t->hdrs);
		if (t->flags & HTTP_REQ_CAPTURE)
			http_capture_status_line(&t->cb, data, n);
		return n;
	}
	colon = memchr(data, ':', n);
	if (!colon)
		return n;
	name_len = (size_t)(colon - data);
	if (!(t->flags & HTTP_REQ_CAPTURE) && !keep_header(data, name_len))
		return n;
	v = colon + 1;
	end = data + n;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' ||
			   end[-1] == ' ' || end[-1] == '\t'))
		end--;
	{
		struct buf line = BUF_INIT;

		for (i = 0; i < name_len; i++) {
			char c = data[i];

			buf_addch(&line, c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		buf_adds(&line, ": ");
		for (; v < end; v++)
			buf_addch(&line, *v == '\n' || *v == '\r' ? ' ' : *v);
		msg_redact(&line);
		buf_add(&t->hdrs, line.s, line.len);
		buf_addch(&t->hdrs, '\n');
		buf_release(&line);
	}
	return n;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *p)
{
	struct transfer *t = p;
	size_t n = size * nmemb;

	if (t->body.len + n > t->max_body) {
		t->too_big = 1;
		/* a capture keeps what fits; the transfer stops here */
		if (t->flags & HTTP_REQ_CAPTURE)
			buf_add(&t->body, data, t->max_body - t->body.len);
		return 0;
	}
	buf_add(&t->body, data, n);
	return n;
}

int http_header(const struct http_response *r, const char *name,
		struct buf *out)
{
	size_t n = strlen(name);
	const char *p = r->headers;

	while (p && *p) {
		const char *eol = strchr(p, '\n');

		if (!eol)
			eol = p + strlen(p);
		if ((size_t)(eol - p) >= n + 2 && !strncasecmp(p, name, n) &&
		    p[n] == ':' && p[n + 1] == ' ') {
			buf_add(out, p + n + 2, (size_t)(eol - p) - n - 2);
			return 0;
		}
		p = *eol ? eol + 1 : eol;
	}
	return -1;
}

static int start_transfer(struct http_engine *e, struct transfer *t,
			  struct request *r, int64_t now, struct buf *err)
{
	struct curl_slist *l = NULL;
	size_t i;
	CURLMcode mc;

	if (!t->h) {
		t->h = curl_easy_init();
		if (!t->h) {
			buf_adds(err, "cannot create a libcurl handle");
			return -1;
		}
	} else {
		curl_easy_reset(t->h);
	}
	t->req = r;
	t->flags = r->flags;
	t->too_big = 0;
	t->max_body = e->o.max_body;
	t->errbuf[0] = '\0';
	t->started = now;
	buf_reset(&t->body);
	buf_reset(&t->hdrs);
	http_capture_bufs_reset(&t->cb);

	if (r->auth)
		l = curl_slist_append(l, r->auth);
	for (i = 0; r->headers[i]; i++)
		l = curl_slist_append(l, r->headers[i]);
	if (r->body) {
		struct buf ct = BUF_INIT;

		buf_addf(&ct, "Content-Type: %s",
			 r->ctype ? r->ctype : "application/json");
		l = curl_slist_append(l, ct.s);
		buf_release(&ct);
		/* no "Expect: 100-continue" round trip */
		l = curl_slist_append(l, "Expect:");
	}
	t->slist = l;

	curl_easy_setopt(t->h, CURLOPT_URL, r->url);
	curl_easy_setopt(t->h, CURLOPT_PRIVATE, (void *)t);
	curl_easy_setopt(t->h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(t->h, CURLOPT_WRITEDATA, (void *)t);
	curl_easy_setopt(t->h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(t->h, CURLOPT_HEADERDATA, (void *)t);
	curl_easy_setopt(t->h, CURLOPT_ERRORBUFFER, t->errbuf);
	curl_easy_setopt(t->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(t->h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(t->h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(t->h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(t->h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (e->ca_file)
		curl_easy_setopt(t->h, CURLOPT_CAINFO, e->ca_file);
	curl_easy_setopt(t->h, CURLOPT_CONNECTTIMEOUT_MS,
			 e->o.connect_timeout_ms);
	curl_easy_setopt(t->h, CURLOPT_TIMEOUT_MS, e->o.timeout_ms);
	curl_easy_setopt(t->h, CURLOPT_LOW_SPEED_LIMIT, e->o.low_speed_limit);
	curl_easy_setopt(t->h, CURLOPT_LOW_SPEED_TIME, e->o.low_speed_time);
	curl_easy_setopt(t->h, CURLOPT_USERAGENT, e->user_agent);
	curl_easy_setopt(t->h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(t->h, CURLOPT_TCP_KEEPALIVE, 1L);
	if (r->flags & HTTP_REQ_CAPTURE) {
		curl_easy_setopt(t->h, CURLOPT_CERTINFO, 1L);
		curl_easy_setopt(t->h, CURLOPT_FRESH_CONNECT, 1L);
		curl_easy_setopt(t->h, CURLOPT_FORBID_REUSE, 1L);
	}
	if (l)
		curl_easy_setopt(t->h, CURLOPT_HTTPHEADER, l);
	if (r->body) {
		curl_easy_setopt(t->h, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)r->body_len);
		curl_easy_setopt(t->h, CURLOPT_POSTFIELDS, r->body);
	}
	mc = curl_multi_add_handle(e->multi, t->h);
	if (mc != CURLM_OK) {
		buf_addf(err, "libcurl: %s", curl_multi_strerror(mc));
		slist_wipe_free(t->slist);
		t->slist = NULL;
		t->req = NULL;
		return -1;
	}
	if (r->tries)
		e->st.retries++;
	r->tries++;
	e->st.requests++;
	e->running++;
	r->bucket->running++;
	if (r->bucket->interval_ms &&
	    r->bucket->gate < now + r->bucket->interval_ms)
		r->bucket->gate = now + r->bucket->interval_ms;
	return 0;
}

/* Moves due retries to the front of their buckets' queues. */
static void release_delayed(struct http_engine *e, int64_t now)
{
	struct request **pp = &e->delayed, *r;

	while ((r = *pp)) {
		if (r->due <= now) {
			*pp = r->next;
			bucket_push(e, r, 1);
		} else {
			pp = &r->next;
		}
	}
}

/* Starts what may start now: buckets round-robin, closed ones skipped. */
static int start_ready(struct http_engine *e, int64_t now, struct buf *err)
{
	int i;

	release_delayed(e, now);
	while (e->running < e->o.concurrency && e->queued) {
		struct bucket *h = e->rr ? e->rr : e->buckets, *start = h;
		struct transfer *t = NULL;
		struct request *r;

		do {
			if (bucket_open(h, now))
				break;
			h = h->next ? h->next : e->buckets;
		} while (h != start);
		if (!bucket_open(h, now))
			break;
		r = h->head;
		h->head = r->next;
		if (!h->head)
			h->tail = NULL;
		r->next = NULL;
		e->queued--;
		e->rr = h->next;
		for (i = 0; i < e->o.concurrency; i++)
			if (!e->xfers[i].req) {
				t = &e->xfers[i];
				break;
			}
		if (!t || start_transfer(e, t, r, now, err) < 0) {
			if (!t)
				buf_adds(err, "no free transfer (a bug)");
			request_free(r);
			return -1;
		}
	}
	return 0;
}

/* Milliseconds until the loop has something to start, capped. */
static long next_wake(struct http_engine *e, int64_t now)
{
	int64_t wake = now + POLL_MAX_MS;
	struct request *r;
	struct bucket *h;

	if (e->running >= e->o.concurrency)
		return POLL_MAX_MS;
	for (r = e->delayed; r; r = r->next) {
		int64_t due = r->due > r->bucket->gate ? r->due :
			r->bucket->gate;

		/* a full bucket wakes the loop when a transfer ends */
		if (due < wake && (!r->bucket->limit ||
				   r->bucket->running < r->bucket->limit))
			wake = due;
	}
	for (h = e->buckets; h; h = h->next)
		if (h->head && h->gate < wake &&
		    (!h->limit || h->running < h->limit))
			wake = h->gate;
	return wake <= now ? 0 : (long)(wake - now);
}

static int64_t server_time(const struct http_response *r)
{
	struct buf v = BUF_INIT;
	time_t t = -1;

	if (!http_header(r, "date", &v))
		t = curl_getdate(v.s, NULL);
	buf_release(&v);
	return t == -1 ? (int64_t)time(NULL) : (int64_t)t;
}

/*
 * How long the server asks us to wait, in ms (0: it does not): a
 * Retry-After of seconds or an HTTP date, or x-rate-limit-reset (epoch
 * seconds, read against the response's Date) when
 * x-rate-limit-remaining is 0.
 */
static int64_t server_wait_ms(const struct http_response *r)
{
	struct buf v = BUF_INIT;
	int64_t wait = 0, n;

	if (!http_header(r, "retry-after", &v)) {
		if (!parse_i64z(v.s, &n)) {
			if (n > 0)
				wait = n * 1000;
		} else {
			time_t t = curl_getdate(v.s, NULL);

			if (t != -1 && (int64_t)t > server_time(r))
				wait = ((int64_t)t - server_time(r)) * 1000;
		}
	}
	buf_reset(&v);
	if (!http_header(r, "x-rate-limit-remaining", &v) &&
	    !parse_i64z(v.s, &n) && n == 0) {
		buf_reset(&v);
		if (!http_header(r, "x-rate-limit-reset", &v) &&
		    !parse_i64z(v.s, &n)) {
			int64_t now = server_time(r);

			if (n > now && (n - now) * 1000 > wait)
				wait = (n - now) * 1000;
		}
	}
	buf_release(&v);
	return wait;
}

static long backoff_ms(struct http_engine *e, int tries)
{
	long d = e->o.backoff_ms;
	int i;

	for (i = 1; i < tries && d < e->o.backoff_max_ms; i++)
		d *= 2;
	if (d > e->o.backoff_max_ms)
		d = e->o.backoff_max_ms;
	/* "equal jitter": half fixed, half random */
	return d / 2 + (long)(rng_next(e) % (uint64_t)(d / 2 + 1));
}

struct run {
	struct http_engine *e;
	http_response_fn on_response;
	http_failure_fn on_failure;
	void *cb_arg;
	struct buf *err;
};

static int give_up(struct run *run, struct request *q,
		   struct http_response *res, enum http_fail f,
		   const char *why)
{
	struct http_engine *e = run->e;
	int rc = 0;

	e->st.failed++;
	e->st.fail[f]++;
	res->fail = f;
	res->why = why;
	if (run->on_failure)
		rc = run->on_failure(run->cb_arg, res, run->err);
	request_free(q);
	return rc;
}

/* Fails q, which was waiting behind a gate closed for too long. */
static int fail_waiting(struct run *run, struct request *q, int64_t now)
{
	struct http_response res;
	struct buf why = BUF_INIT;
	int rc;

	memset(&res, 0, sizeof(res));
	res.arg = q->arg;
	res.url = q->shown;
	res.body = "";
	res.headers = "";
	res.time = netra_now();
	res.tries = q->tries;
	buf_addf(&why, "rate limited: the server's window reopens in %lld s",
		 (long long)((q->bucket->gate - now + 999) / 1000));
	rc = give_up(run, q, &res, HTTP_FAIL_RATE, why.s);
	buf_release(&why);
	return rc;
}

/*
 * A bucket whose gate stays closed longer than opts.max_wait_ms (a daily
 * or monthly quota, told by x-rate-limit-reset on the last good page):
 * the requests waiting in it fail now rather than hold the run for
 * hours, and so do those added to it later while the gate is closed.
 */
static int expire_gated(struct run *run, int64_t now)
{
	struct http_engine *e = run->e;
	struct request **pp, *r;
	struct bucket *b;

	for (b = e->buckets; b; b = b->next) {
		if (b->gate - now <= e->o.max_wait_ms)
			continue;
		while ((r = b->head)) {
			b->head = r->next;
			if (!b->head)
				b->tail = NULL;
			e->queued--;
			if (fail_waiting(run, r, now) < 0)
				return -1;
		}
	}
	pp = &e->delayed;
	while ((r = *pp)) {
		if (r->bucket->gate - now > e->o.max_wait_ms) {
			*pp = r->next;
			if (fail_waiting(run, r, now) < 0)
				return -1;
			continue;
		}
		pp = &r->next;
	}
	return 0;
}

/* Retries q after delay ms (0: backoff), or gives up when out of tries. */
static int retry(struct run *run, struct request *q,
		 struct http_response *res, enum http_fail f, const char *why,
		 int64_t delay, int64_t now)
{
	struct http_engine *e = run->e;
	struct buf msg = BUF_INIT;
	int rc;

	if (q->tries >= e->o.max_tries) {
		buf_addf(&msg, "%s, gave up after %d %s", why, q->tries,
			 q->tries == 1 ? "try" : "tries");
	} else if (delay > e->o.max_wait_ms) {
		buf_addf(&msg, "%s, asked to wait %lld s", why,
			 (long long)((delay + 999) / 1000));
		f = HTTP_FAIL_RATE;
	} else {
		if (!delay)
			delay = backoff_ms(e, q->tries);
		q->due = now + delay;
		q->next = e->delayed;
		e->delayed = q;
		return 0;
	}
	rc = give_up(run, q, res, f, msg.s);
	buf_release(&msg);
	return rc;
}

static int retryable(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_PARTIAL_FILE:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_BAD_CONTENT_ENCODING:
		return 1;
	default:
		return 0;
	}
}

static const char *transport_label(CURLcode rc)
{
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
		return "timed out";
	case CURLE_PARTIAL_FILE:
		return "truncated body";
	case CURLE_COULDNT_CONNECT:
		return "cannot connect";
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return "cannot resolve host";
	case CURLE_GOT_NOTHING:
		return "empty reply";
	case CURLE_PEER_FAILED_VERIFICATION:
		return "TLS certificate rejected";
	default:
		return "transfer failed";
	}
}

static void status_reason(long status, struct buf *why)
{
	switch (status) {
	case 401:
		buf_adds(why, "token rejected (401)");
		return;
	case 403:
		buf_adds(why, "forbidden (403)");
		return;
	case 404:
		buf_adds(why, "not found (404)");
		return;
	case 429:
		buf_adds(why, "rate limited (429)");
		return;
	}
	if (status >= 500)
		buf_addf(why, "server error (%ld)", status);
	else if (status >= 300 && status < 400)
		buf_addf(why, "unexpected redirect (%ld)", status);
	else
		buf_addf(why, "HTTP %ld", status);
}

/* A transfer ended with curl code rc: decide, call back, recycle. */
static int finish(struct run *run, struct transfer *t, CURLcode rc)
{
	struct http_engine *e = run->e;
	struct request *q = t->req;
	struct http_response res;
	struct http_verdict v;
	struct http_capture cap;
	struct buf why = BUF_INIT;
	int64_t now = mono_ms(), wait = 0;
	long status = 0, conns = 0;
	int ret = 0;
	/* a capture over max_body is a response, cut */
	int cut = rc == CURLE_WRITE_ERROR && t->too_big &&
		(q->flags & HTTP_REQ_CAPTURE);

	curl_multi_remove_handle(e->multi, t->h);
	t->req = NULL;
	e->running--;
	q->bucket->running--;
	curl_easy_getinfo(t->h, CURLINFO_NUM_CONNECTS, &conns);
	e->st.connects += (unsigned long)(conns > 0 ? conns : 0);
	if (cut)
		rc = CURLE_OK;
	if (rc == CURLE_OK)
		curl_easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, &status);

	memset(&res, 0, sizeof(res));
	res.arg = q->arg;
	res.url = q->shown;
	res.status = rc == CURLE_OK ? status : 0;
	res.body = rc == CURLE_OK ? t->body.s : "";
	res.len = rc == CURLE_OK ? t->body.len : 0;
	res.headers = t->hdrs.s;
	res.time = netra_now();
	res.elapsed_ms = (long)(now - t->started);
	res.tries = q->tries;
	if (q->flags & HTTP_REQ_CAPTURE) {
		http_capture_fill(t->h, &t->cb, &cap, cut);
		res.cap = &cap;
	}

	if (rc != CURLE_OK) {
		buf_adds(&why, transport_label(rc));
		buf_addf(&why, ": %s", t->errbuf[0] ? t->errbuf :
			 curl_easy_strerror(rc));
		msg_redact(&why);
		if (t->too_big) {
			buf_reset(&why);
			buf_addf(&why, "response larger than %zu bytes",
				 e->o.max_body);
			ret = give_up(run, q, &res, HTTP_FAIL_TRANSPORT, why.s);
		} else if (retryable(rc)) {
			ret = retry(run, q, &res, HTTP_FAIL_TRANSPORT, why.s,
				    0, now);
		} else {
			ret = give_up(run, q, &res, HTTP_FAIL_TRANSPORT, why.s);
		}
		goto out;
	}

	e->st.responses++;
	e->st.bytes += t->body.len;
	wait = server_wait_ms(&res);
	if (wait > 0) {
		/* the server said when: close the gate on the bucket */
		if (q->bucket->gate < now + wait)
			q->bucket->gate = now + wait;
		e->st.rate_waits++;
	}
	status_reason(status, &why);
	if (status == 429 || status >= 500) {
		int64_t d = wait;

		if (!d) {
			d = backoff_ms(e, q->tries);
			/* 429 without a hint: spare the whole bucket */
			if (status == 429 && q->bucket->gate < now + d)
				q->bucket->gate = now + d;
		}
		ret = retry(run, q, &res, status == 429 ? HTTP_FAIL_RATE :
			    HTTP_FAIL_SERVER, why.s, d, now);
		goto out;
	}

	memset(&v, 0, sizeof(v));
	buf_init(&v.why);
	if (status >= 200 && status < 300) {
		v.action = HTTP_DONE;
	} else {
		v.action = HTTP_GIVE_UP;
		buf_add(&v.why, why.s, why.len);
	}
	if (run->on_response(run->cb_arg, &res, &v, run->err) < 0) {
		buf_release(&v.why);
		request_free(q);
		ret = -1;
		goto out;
	}
	if (!v.why.len)
		buf_add(&v.why, why.s, why.len);
	switch (v.action) {
	case HTTP_DONE:
		e->st.done++;
		request_free(q);
		break;
	case HTTP_RETRY:
		ret = retry(run, q, &res, HTTP_FAIL_CALLER, v.why.s,
			    v.delay_ms > wait ? v.delay_ms : wait, now);
		break;
	case HTTP_GIVE_UP:
	default:
		if ((status >= 200 && status < 300) ||
		    strcmp(v.why.s, why.s))
			ret = give_up(run, q, &res, HTTP_FAIL_CALLER, v.why.s);
		else
			ret = give_up(run, q, &res, status == 401 ||
				      status == 403 ? HTTP_FAIL_AUTH :
				      HTTP_FAIL_HTTP, v.why.s);
		break;
	}
	buf_release(&v.why);
out:
	buf_release(&why);
	slist_wipe_free(t->slist);
	t->slist = NULL;
	if (t->body.cap > ((size_t)1 << 20))
		buf_release(&t->body);
	buf_reset(&t->body);
	buf_reset(&t->hdrs);
	return ret;
}

static void abort_all(struct http_engine *e)
{
	int i;

	for (i = 0; i < e->o.concurrency; i++)
		xfer_release(e, &e->xfers[i]);
}

int http_run(struct http_engine *e, http_response_fn on_response,
	     http_failure_fn on_failure, void *cb_arg, struct buf *err)
{
	struct run run;

	run.e = e;
	run.on_response = on_response;
	run.on_failure = on_failure;
	run.cb_arg = cb_arg;
	run.err = err;
	for (;;) {
		CURLMcode mc;
		CURLMsg *m;
		int still = 0, left, ended = 0;

		if (e->o.stop && *e->o.stop) {
			buf_adds(err, "interrupted");
			goto fail;
		}
		if (expire_gated(&run, mono_ms()) < 0 ||
		    start_ready(e, mono_ms(), err) < 0)
			goto fail;
		if (!e->running && !e->queued && !e->delayed)
			return 0;
		mc = curl_multi_perform(e->multi, &still);
		if (mc != CURLM_OK) {
			buf_addf(err, "libcurl: %s", curl_multi_strerror(mc));
			goto fail;
		}
		while ((m = curl_multi_info_read(e->multi, &left))) {
			CURL *h = m->easy_handle;
			CURLcode rc = m->data.result;
			struct transfer *t = NULL;

			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(h, CURLINFO_PRIVATE, (char **)&t);
			if (!t || !t->req)
				continue;
			ended = 1;
			if (finish(&run, t, rc) < 0)
				goto fail;
		}
		if (ended)
			continue;
		mc = curl_multi_poll(e->multi, NULL, 0,
				     (int)next_wake(e, mono_ms()), NULL);
		if (mc != CURLM_OK) {
			buf_addf(err, "libcurl: %s", curl_multi_strerror(mc));
			goto fail;
		}
	}
fail:
	abort_all(e);
	return -1;
}
