/* SPDX-License-Identifier: MIT */
/*
 * The HTTP engine: the one libcurl multi loop in netra (newsraft's
 * curl_multi_poll / perform / info_read shape). The caller queues
 * requests, then http_run() performs them, many at once, and hands every
 * response to a callback, which may queue more (the next page).
 *
 * What the engine does so the adapters need not:
 *   - concurrency (opts.concurrency transfers at once), keep-alive (the
 *     multi handle's connection cache; easy handles are pooled);
 *   - timeouts on connect, on a stalled transfer (fewer than
 *     low_speed_limit bytes/s for low_speed_time s) and on the whole
 *     transfer; TLS verification always on; proxies from the environment
 *     (libcurl's default: http_proxy, https_proxy, no_proxy);
 *   - retries of 429, 5xx and transport errors (timeouts, resets, a body
 *     shorter than its Content-Length, ...) up to max_tries, with
 *     exponential backoff and jitter;
 *   - rate limits: Retry-After (seconds or an HTTP date) and
 *     x-rate-limit-reset when x-rate-limit-remaining is 0 delay that
 *     request AND close a gate on its bucket: no request of that bucket
 *     starts before the gate opens. A bucket is the request's own name
 *     for its rate-limit window (X counts per endpoint: "x:tweets"), or
 *     by default the URL's scheme://host:port. http_limit() caps a
 *     bucket's transfers at once and spaces its starts;
 *   - 401, 403, 404 and other 4xx are not retried: the response goes to
 *     the callback (whose parser may recognise a quota error in the
 *     body), with a proposed verdict of "give up: token rejected (401)".
 *
 * What it does not do: parse bodies, store anything, follow redirects
 * (a 3xx is a failure: an API does not redirect, and a redirect would
 * carry the token elsewhere), or print. A page capture (HTTP_REQ_CAPTURE,
 * below) is told where a 3xx points and may queue that URL itself, as a
 * new request: the engine still never follows one. Waiting never busy-loops:
 * curl_multi_poll sleeps until a socket is ready or the next retry or
 * gate is due.
 *
 * Secrets: the auth header line and the URL (which may hold a key= query
 * value) are copied into the request, handed to curl, and wiped with
 * explicit_bzero when the request ends. Everything the engine hands back
 * (URLs, reasons, headers) is redacted with msg_redact(); response
 * headers never include anything the client sent.
 */
#ifndef NETRA_COLLECT_HTTP_H
#define NETRA_COLLECT_HTTP_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

struct http_engine;

struct http_opts {
	int concurrency;	/* transfers at once (default 8) */
	long connect_timeout_ms; /* default 10000 */
	long low_speed_limit;	/* bytes/s below which a transfer ... */
	long low_speed_time;	/* ... for this many s is stalled (1, 30) */
	long timeout_ms;	/* a whole transfer (default 120000) */
	int max_tries;		/* attempts per request (default 5) */
	long backoff_ms;	/* first retry delay (default 1000) ... */
	long backoff_max_ms;	/* ... doubling up to this (default 60000) */
	long max_wait_ms;	/* a rate-limit wait longer than this gives
				   up instead, for the request and for
				   everything waiting in its bucket
				   (default 960000: X's 15 min window and a
				   minute) */
	size_t max_body;	/* a longer body is a failure (64 MiB) */
	const char *user_agent;	/* default "netra/" NETRA_VERSION */
	const char *ca_file;	/* CA bundle, or NULL for the system's */
	unsigned int seed;	/* jitter seed; 0: from the clock and pid */
	/* when it becomes non-zero (a signal handler), http_run stops */
	const volatile sig_atomic_t *stop;
};

/* Fills o with the defaults above. */
void http_opts_init(struct http_opts *o);

/* Why a request was given up (struct http_stats counts each). */
enum http_fail {
	HTTP_FAIL_NONE = 0,
	HTTP_FAIL_AUTH,		/* 401, or 403 the callback agreed with */
	HTTP_FAIL_HTTP,		/* another 4xx, a 3xx */
	HTTP_FAIL_RATE,		/* 429 on every try, or a wait too long */
	HTTP_FAIL_SERVER,	/* 5xx on every try */
	HTTP_FAIL_TRANSPORT,	/* timeouts, resets, truncated bodies ... */
	HTTP_FAIL_CALLER,	/* the callback said give up */
	HTTP_FAIL_N
};

struct http_stats {
	unsigned long requests;		/* attempts started (with retries) */
	unsigned long responses;	/* HTTP responses received */
	unsigned long retries;		/* attempts that were retries */
	unsigned long done;		/* requests finished well */
	unsigned long failed;		/* requests given up */
	unsigned long fail[HTTP_FAIL_N]; /* ... by reason */
	unsigned long rate_waits;	/* host gates closed by a server */
	unsigned long connects;		/* new connections opened */
	unsigned long long bytes;	/* body bytes received */
};

/*
 * What a capture request (HTTP_REQ_CAPTURE) learns besides the body, for
 * the record of an HTTP exchange kept as evidence. Borrowed like the
 * response that points at it. Times are microseconds from the start of
 * the attempt, as libcurl measures them (CURLINFO_*_TIME_T); 0 when that
 * step did not happen (no TLS on http://).
 */
struct http_capture {
	const char *status_line; /* "HTTP/1.1 302 Found", "" if none */
	const char *redirect_url; /* where a 3xx points, made absolute by
				   libcurl (CURLINFO_REDIRECT_URL), or NULL */
	const char *certs_pem;	/* the server's TLS chain as libcurl saw
				   it (CURLINFO_CERTINFO), PEM, leaf first;
				   "" for http:// */
	int n_certs;
	const char *cert_subject; /* the leaf's Subject and Issuer as */
	const char *cert_issuer; /* libcurl/OpenSSL print them, or "" */
	const char *remote_ip;	/* the address talked to, or "" */
	long remote_port;
	const char *local_ip;	/* ours on that connection, or "" */
	long local_port;
	long http_version;	/* 10, 11, 20, 30; 0 unknown */
	long dns_us, connect_us, tls_us, first_byte_us, total_us;
	int truncated;		/* the body passed opts.max_body: body
				   holds its first max_body bytes, the
				   rest was not read */
};

/*
 * One response, or one failure. Everything is borrowed: valid only during
 * the callback; copy what you keep.
 */
struct http_response {
	void *arg;		/* as given to http_add() */
	const char *url;	/* the request URL, secrets redacted */
	long status;		/* HTTP status; 0 when none (transport) */
	const char *body;	/* raw body bytes, NUL-terminated (the NUL
				   is not part of len); "" when none */
	size_t len;
	/*
	 * Selected response headers, one "name: value\n" each, names in
	 * lower case, in the order received: content-type, date, etag,
	 * last-modified, retry-after, x-rate-limit-*, x-ratelimit-*,
	 * x-app-usage, x-business-use-case-usage. Never a request header.
	 */
	const char *headers;
	int64_t time;		/* netra_now() when the response ended
				   (NETRA_NOW pins it in tests) */
	long elapsed_ms;	/* this attempt, start to end */
	int tries;		/* attempts so far, this one included */
	enum http_fail fail;	/* on_failure only: the class ... */
	const char *why;	/* ... and reason, e.g. "token rejected
				   (401)"; NULL in on_response */
	/* HTTP_REQ_CAPTURE requests only (NULL otherwise) */
	const struct http_capture *cap;
};

enum http_action {
	HTTP_DONE = 0,		/* the request is finished */
	HTTP_RETRY,		/* try again later (counts as a try) */
	HTTP_GIVE_UP		/* fail it, with v->why as the reason */
};

/*
 * What on_response decides. The engine presets it: HTTP_DONE for 2xx;
 * HTTP_GIVE_UP with a reason ("token rejected (401)", "forbidden (403)",
 * "not found (404)", "HTTP 400") otherwise. The callback may change it:
 * an adapter that recognises a quota error in a 403 body says
 * HTTP_RETRY (with delay_ms when it knows when quota returns) or
 * HTTP_GIVE_UP with a better reason; a 200 whose body does not parse may
 * say HTTP_RETRY. A retry past max_tries becomes a failure with the
 * callback's reason.
 */
struct http_verdict {
	enum http_action action;
	struct buf why;		/* reason for HTTP_RETRY / HTTP_GIVE_UP */
	long delay_ms;		/* HTTP_RETRY: at least this long; 0 for
				   the usual backoff */
};

/*
 * Called once per response the engine does not retry by itself. May call
 * http_add() to queue more. Returns 0, or -1 with a message in err to
 * stop the whole run (a database error): http_run then returns -1.
 */
typedef int (*http_response_fn)(void *cb_arg, const struct http_response *r,
				struct http_verdict *v, struct buf *err);
/*
 * Called once when a request is given up (r->fail and r->why say why;
 * r->status and r->body are the last attempt's, if it got a response).
 * Same return convention. May call http_add().
 */
typedef int (*http_failure_fn)(void *cb_arg, const struct http_response *r,
			       struct buf *err);

enum http_req_flags {
	/*
	 * A page capture, not an API call: every response header is kept
	 * (not only the selected ones) and the status line; the TLS chain
	 * is asked for, on a fresh connection (libcurl reports a chain only
	 * for a handshake made by the same transfer); a body over max_body
	 * is cut there and handed over with cap->truncated set instead of
	 * failing; a 3xx comes with cap->redirect_url. Never give a capture
	 * an auth line: the caller follows redirects anywhere.
	 */
	HTTP_REQ_CAPTURE = 1 << 0
};

/* One request to queue; http_add() copies every field but arg. */
struct http_request {
	const char *url;	/* http:// or https:// only */
	const char *auth;	/* a whole header line holding a secret
				   ("Authorization: Bearer ..."), or NULL */
	const char *const *headers; /* more header lines, NULL-terminated,
				   or NULL; not secret */
	const char *body;	/* when not NULL: a POST of these bytes */
	size_t body_len;
	const char *content_type; /* of the body (application/json) */
	const char *bucket;	/* rate-limit bucket, or NULL for the URL's
				   "scheme://host:port" */
	void *arg;		/* the caller's, handed back; never freed */
	unsigned flags;		/* enum http_req_flags */
};

/*
 * Creates an engine (NULL opts: the defaults). Returns NULL with a
 * message in err when libcurl cannot be set up.
 */
struct http_engine *http_new(const struct http_opts *opts, struct buf *err);
/*
 * Frees the engine. Requests still queued (http_run stopped early) are
 * dropped without a callback; their secrets are wiped.
 */
void http_free(struct http_engine *e);

/*
 * Queues a request. Returns 0, or -1 with a message (an unsupported or
 * malformed URL; a header line with a line break). Callable from inside
 * the callbacks.
 */
int http_add(struct http_engine *e, const struct http_request *req,
	     struct buf *err);
/* Shorthand: a GET of url with an optional auth header line. */
int http_get(struct http_engine *e, const char *url, const char *auth,
	     void *arg, struct buf *err);

/*
 * Limits for a bucket (a name given in requests, or a URL's
 * "scheme://host:port", e.g. "https://open.tiktokapis.com:443"): at most
 * max_running of its transfers at once (0: only opts.concurrency), and
 * starts at least interval_ms apart (0: no spacing). Before or between
 * runs, or from a callback.
 */
void http_limit(struct http_engine *e, const char *bucket, int max_running,
		long interval_ms);

/*
 * Performs every queued request, and every one the callbacks add, until
 * none is left. Each request ends in exactly one call: on_response
 * returning HTTP_DONE, or on_failure. Returns 0 when the queue ran dry
 * (whether or not some requests failed: see the stats), -1 with a
 * message when a callback returned -1, opts.stop was set, or libcurl
 * failed. After -1, the transfers that were under way are abandoned
 * without a callback (the caller, who committed each page as it came,
 * fetches them again next run); queued requests stay queued for another
 * http_run() or http_free().
 */
int http_run(struct http_engine *e, http_response_fn on_response,
	     http_failure_fn on_failure, void *cb_arg, struct buf *err);

/* Counters since http_new(). */
const struct http_stats *http_stats(const struct http_engine *e);

/*
 * The value of header name (lower case) in a response's selected
 * headers, appended to out. Returns 0, or -1 when absent.
 */
int http_header(const struct http_response *r, const char *name,
		struct buf *out);

/* "token rejected", "rate limited", ...: a label for a failure class. */
const char *http_fail_name(enum http_fail f);

#endif
