/* SPDX-License-Identifier: MIT */
/*
 * Page capture (pagecap.h): the HTTP exchange through the engine, the
 * verdict and the page's text, and the results' memory; the browser's
 * part is pagecap_browser.c. Bytes from the network are kept as they
 * came; what is made into a message or a note is cleaned of control
 * characters and cut short.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "util/buf.h"
#include "collect/http.h"
#include "collect/pagecap.h"
#include "collect/pagecap_int.h"
#include "util/msg.h"
#include "netra.h"
#include "util/parse.h"
#include "util/banned.h"


/*
 * What a page that is not the post looks like, per platform: the
 * verdict and the reason are given when one of these appears. Lower
 * case; matched case-insensitively in the rendered text and the DOM (or
 * the HTTP body without a browser). Heuristics: the platforms change
 * their pages; keep this table in step with them.
 */
static const struct {
	enum platform p;	/* PLATFORM_NONE: any */
	enum pagecap_verdict v;
	const char *marker;
} markers[] = {
	{ PLATFORM_X, PAGECAP_LOGIN, "sign in to x" },
	{ PLATFORM_X, PAGECAP_LOGIN, "log in to x" },
	{ PLATFORM_X, PAGECAP_LOGIN, "masuk ke x" },
	{ PLATFORM_X, PAGECAP_ERROR, "this page doesn\xe2\x80\x99t exist" },
	{ PLATFORM_X, PAGECAP_ERROR, "this page doesn't exist" },
	{ PLATFORM_X, PAGECAP_ERROR, "this post is unavailable" },
	{ PLATFORM_X, PAGECAP_ERROR, "halaman ini tidak ada" },
	{ PLATFORM_X, PAGECAP_ERROR, "postingan ini tidak tersedia" },
	{ PLATFORM_X, PAGECAP_ERROR, "this account doesn\xe2\x80\x99t exist" },
	{ PLATFORM_INSTAGRAM, PAGECAP_LOGIN, "id=\"loginform\"" },
	{ PLATFORM_INSTAGRAM, PAGECAP_LOGIN, "log in to instagram" },
	{ PLATFORM_INSTAGRAM, PAGECAP_ERROR,
	  "sorry, this page isn't available" },
	{ PLATFORM_INSTAGRAM, PAGECAP_ERROR,
	  "sorry, this page isn\xe2\x80\x99t available" },
	{ PLATFORM_INSTAGRAM, PAGECAP_ERROR,
	  "maaf, halaman ini tidak tersedia" },
	{ PLATFORM_FACEBOOK, PAGECAP_LOGIN, "id=\"login_form\"" },
	{ PLATFORM_FACEBOOK, PAGECAP_LOGIN, "you must log in to continue" },
	{ PLATFORM_FACEBOOK, PAGECAP_LOGIN, "anda harus masuk" },
	{ PLATFORM_FACEBOOK, PAGECAP_ERROR,
	  "this content isn't available" },
	{ PLATFORM_FACEBOOK, PAGECAP_ERROR,
	  "this content isn\xe2\x80\x99t available" },
	{ PLATFORM_FACEBOOK, PAGECAP_ERROR, "konten ini tidak tersedia" },
	{ PLATFORM_TIKTOK, PAGECAP_LOGIN, "log in to tiktok" },
	{ PLATFORM_TIKTOK, PAGECAP_LOGIN, "masuk ke tiktok" },
	{ PLATFORM_TIKTOK, PAGECAP_ERROR, "video currently unavailable" },
	{ PLATFORM_TIKTOK, PAGECAP_ERROR, "couldn't find this" },
	{ PLATFORM_TIKTOK, PAGECAP_ERROR, "video saat ini tidak tersedia" },
	{ PLATFORM_YOUTUBE, PAGECAP_LOGIN, "sign in to confirm" },
	{ PLATFORM_YOUTUBE, PAGECAP_LOGIN, "login untuk mengonfirmasi" },
	{ PLATFORM_YOUTUBE, PAGECAP_ERROR, "video unavailable" },
	{ PLATFORM_YOUTUBE, PAGECAP_ERROR, "video tidak tersedia" },
	{ PLATFORM_YOUTUBE, PAGECAP_ERROR, "this video isn't available" },
	{ PLATFORM_YOUTUBE, PAGECAP_ERROR, "this video has been removed" },
};

/* Login pages by path (lower case, a prefix up to '/', '?', '.' or end). */
static const struct {
	enum platform p;
	const char *path;
} login_paths[] = {
	{ PLATFORM_X, "/login" },
	{ PLATFORM_X, "/i/flow/login" },
	{ PLATFORM_X, "/account/access" },
	{ PLATFORM_INSTAGRAM, "/accounts/login" },
	{ PLATFORM_INSTAGRAM, "/challenge" },
	{ PLATFORM_FACEBOOK, "/login" },
	{ PLATFORM_FACEBOOK, "/checkpoint" },
	{ PLATFORM_TIKTOK, "/login" },
	{ PLATFORM_YOUTUBE, "/servicelogin" },
	{ PLATFORM_YOUTUBE, "/signin" },
};

/* Hosts that are a login or consent wall whatever the path. */
static const char *const login_hosts[] = {
	"accounts.google.com", "consent.youtube.com", "consent.google.com",
	NULL
};

const char *pagecap_verdict_name(enum pagecap_verdict v)
{
	switch (v) {
	case PAGECAP_POST:
		return "post";
	case PAGECAP_LOGIN:
		return "login";
	case PAGECAP_ERROR:
		return "error";
	case PAGECAP_UNREACHABLE:
		break;
	}
	return "unreachable";
}

void pagecap_opts_init(struct pagecap_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->http_timeout_ms = 30000;
	o->connect_timeout_ms = 10000;
	o->max_tries = 2;
	o->max_redirects = 10;
	o->max_body = (size_t)16 << 20;
	o->chromium = NULL;
	o->browser_timeout_ms = 60000;
	o->load_timeout_ms = 30000;
	o->settle_ms = 1000;
	o->width = 1280;
	o->height = 800;
	o->max_shot_height = 16384;
}

void pagecap_result_init(struct pagecap_result *r)
{
	memset(r, 0, sizeof(*r));
}

static void hop_release(struct pagecap_hop *h)
{
	free(h->url);
	free(h->status_line);
	free(h->headers);
	free(h->location);
	free(h->remote_ip);
	free(h->local_ip);
	free(h->certs_pem);
	free(h->cert_subject);
	free(h->cert_issuer);
}

static void http_release(struct pagecap_http *h)
{
	size_t i;

	for (i = 0; i < h->n_hops; i++)
		hop_release(&h->hops[i]);
	free(h->hops);
	free(h->request_headers);
	free(h->final_url);
	free(h->body);
	free(h->content_type);
	free(h->error);
	memset(h, 0, sizeof(*h));
}

static void browser_release(struct pagecap_browser *b)
{
	free(b->why_not);
	free(b->png);
	free(b->dom);
	free(b->pdf);
	free(b->product);
	free(b->user_agent);
	free(b->protocol_version);
	free(b->revision);
	free(b->final_url);
	free(b->remote_ip);
	free(b->title);
	free(b->notes);
	free(b->og_title);
	free(b->og_description);
	free(b->description);
	free(b->main_text);
	free(b->main_selector);
	free(b->inner_text);
	memset(b, 0, sizeof(*b));
}

void pagecap_result_release(struct pagecap_result *r)
{
	free(r->url);
	http_release(&r->http);
	browser_release(&r->browser);
	free(r->verdict_why);
	free(r->text);
	free(r->text_source);
	memset(r, 0, sizeof(*r));
}

/* Appends s (len bytes) with control characters as spaces, cut at max. */
void pagecap_add_clean(struct buf *b, const char *s, size_t len, size_t max)
{
	size_t i;

	for (i = 0; i < len && i < max; i++) {
		unsigned char c = (unsigned char)s[i];

		buf_addch(b, c < 0x20 || c == 0x7f ? ' ' : c);
	}
	if (len > max)
		buf_adds(b, "...");
}

char *pagecap_clean_dup(const char *s, size_t max)
{
	struct buf b = BUF_INIT;

	if (!s)
		return NULL;
	pagecap_add_clean(&b, s, strlen(s), max);
	return buf_detach(&b, NULL);
}

/* A URL as it may appear in a message: cleaned, secrets redacted. */
void pagecap_add_url(struct buf *b, const char *url)
{
	struct buf s = BUF_INIT;

	pagecap_add_clean(&s, url, strlen(url), NOTE_LEN);
	msg_redact(&s);
	buf_add(b, s.s, s.len);
	buf_release(&s);
}

/*
 * Refuses what is not an http(s) URL, or carries credentials: those
 * never reach libcurl or the browser (no file://, no javascript:).
 */
int pagecap_check_url(const char *url, struct buf *err)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *user = NULL, *pass = NULL, *host = NULL;
	int rc = -1;

	if (!u)
		die_oom();
	if (!url || !*url) {
		buf_adds(err, "no URL to capture");
		goto out;
	}
	if (strpbrk(url, "\r\n\t ")) {
		buf_adds(err, "the URL to capture has a space or a line break");
		goto out;
	}
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0)) {
		buf_adds(err, "'");
		pagecap_add_url(err, url);
		buf_adds(err, "' is not a well-formed URL");
		goto out;
	}
	if (strcasecmp(scheme, "http") && strcasecmp(scheme, "https")) {
		buf_adds(err, "only http:// and https:// pages can be "
			 "captured, not ");
		pagecap_add_clean(err, scheme, strlen(scheme), NOTE_LEN);
		buf_adds(err, ":");
		goto out;
	}
	if (curl_url_get(u, CURLUPART_HOST, &host, 0)) {
		buf_adds(err, "'");
		pagecap_add_url(err, url);
		buf_adds(err, "' has no host");
		goto out;
	}
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PASSWORD, &pass, 0) == CURLUE_OK) {
		buf_adds(err, "the URL to capture holds a user name or "
			 "password; netra never sends credentials to a page");
		goto out;
	}
	rc = 0;
out:
	curl_free(scheme);
	curl_free(user);
	curl_free(pass);
	curl_free(host);
	curl_url_cleanup(u);
	return rc;
}

/* ---- the HTTP exchange ---- */

struct fetch {
	const struct pagecap_opts *o;
	struct http_engine *e;
	struct pagecap_http *out;
	struct buf seen;	/* every URL asked for, "\n"-separated */
	int done;		/* a final response came */
};

static char *dup_or_empty(const char *s)
{
	return xstrdup(s ? s : "");
}

static struct pagecap_hop *add_hop(struct pagecap_http *h,
				   const struct http_response *r)
{
	struct pagecap_hop *hop;
	const struct http_capture *c = r->cap;

	h->hops = xrealloc(h->hops, (h->n_hops + 1) * sizeof(*h->hops));
	hop = &h->hops[h->n_hops++];
	memset(hop, 0, sizeof(*hop));
	hop->url = dup_or_empty(r->url);
	hop->status = r->status;
	hop->headers = dup_or_empty(r->headers);
	hop->time = r->time;
	hop->status_line = dup_or_empty(c ? c->status_line : NULL);
	hop->remote_ip = dup_or_empty(c ? c->remote_ip : NULL);
	hop->local_ip = dup_or_empty(c ? c->local_ip : NULL);
	hop->certs_pem = dup_or_empty(c ? c->certs_pem : NULL);
	hop->cert_subject = dup_or_empty(c ? c->cert_subject : NULL);
	hop->cert_issuer = dup_or_empty(c ? c->cert_issuer : NULL);
	if (c) {
		hop->remote_port = c->remote_port;
		hop->local_port = c->local_port;
		hop->http_version = c->http_version;
		hop->n_certs = c->n_certs;
		hop->dns_us = c->dns_us;
		hop->connect_us = c->connect_us;
		hop->tls_us = c->tls_us;
		hop->first_byte_us = c->first_byte_us;
		hop->total_us = c->total_us;
	}
	return hop;
}

static void fetch_error(struct fetch *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fetch_error(struct fetch *f, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	free(f->out->error);
	f->out->error = buf_detach(&b, NULL);
}

static int seen_before(const struct fetch *f, const char *url)
{
	const char *p = f->seen.s;
	size_t n = strlen(url);

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len == n && !memcmp(p, url, n))
			return 1;
		p = nl ? nl + 1 : NULL;
	}
	return 0;
}

/* The headers of every capture request (besides User-Agent). */
static const char *const hdrs[] = {
	"Accept: text/html,application/xhtml+xml,*/*;q=0.8",
	"Accept-Language: id-ID,id;q=0.9,en;q=0.8",
	NULL
};

static int queue_hop(struct fetch *f, const char *url, struct buf *err)
{
	struct http_request rq;

	memset(&rq, 0, sizeof(rq));
	rq.url = url;
	rq.headers = hdrs;
	rq.flags = HTTP_REQ_CAPTURE;
	buf_adds(&f->seen, url);
	buf_addch(&f->seen, '\n');
	return http_add(f->e, &rq, err);
}

static int on_fetch(void *arg, const struct http_response *r,
		    struct http_verdict *v, struct buf *err)
{
	struct fetch *f = arg;
	struct pagecap_http *h = f->out;
	struct pagecap_hop *hop = add_hop(h, r);
	const char *next = r->cap ? r->cap->redirect_url : NULL;
	struct buf ct = BUF_INIT, why = BUF_INIT;

	(void)err;
	v->action = HTTP_DONE;
	buf_reset(&v->why);
	if (r->status >= 300 && r->status < 400 && next && *next) {
		hop->location = xstrdup(next);
		if (seen_before(f, next)) {
			buf_adds(&why, "a redirect loop: ");
			pagecap_add_url(&why, next);
			buf_addf(&why, " was asked for before (after %zu hops)",
				 h->n_hops);
			fetch_error(f, "%s", why.s);
		} else if ((int)h->n_hops > f->o->max_redirects) {
			fetch_error(f, "more than %d redirects",
				    f->o->max_redirects);
		} else if (queue_hop(f, next, &why)) {
			struct buf m = BUF_INIT;

			buf_adds(&m, "a redirect to ");
			pagecap_add_url(&m, next);
			buf_addf(&m, " that cannot be followed: %s", why.s);
			fetch_error(f, "%s", m.s);
			buf_release(&m);
		}
		buf_release(&why);
		return 0;
	}
	f->done = 1;
	h->status = r->status;
	free(h->final_url);
	h->final_url = xstrdup(hop->url);
	free(h->body);
	h->body = xmalloc(r->len + 1);
	memcpy(h->body, r->body, r->len);
	h->body[r->len] = '\0';
	h->body_len = r->len;
	h->truncated = r->cap && r->cap->truncated;
	if (!http_header(r, "content-type", &ct)) {
		free(h->content_type);
		h->content_type = pagecap_clean_dup(ct.s, NOTE_LEN);
	}
	buf_release(&ct);
	buf_release(&why);
	return 0;
}

/*
 * Given up by the engine: a transport failure, or a 5xx or 429 on every
 * try. A response that came is the page's answer, kept as the final one
 * (a capture of a failing server is evidence of that).
 */
static int on_fetch_fail(void *arg, const struct http_response *r,
			 struct buf *err)
{
	struct fetch *f = arg;
	struct pagecap_http *h = f->out;
	struct buf ct = BUF_INIT;

	(void)err;
	add_hop(h, r);
	if (!r->status) {
		fetch_error(f, "%s", r->why ? r->why : "the request failed");
		return 0;
	}
	f->done = 1;
	h->status = r->status;
	free(h->final_url);
	h->final_url = xstrdup(r->url);
	free(h->body);
	h->body = xmalloc(r->len + 1);
	memcpy(h->body, r->body, r->len);
	h->body[r->len] = '\0';
	h->body_len = r->len;
	if (!http_header(r, "content-type", &ct)) {
		free(h->content_type);
		h->content_type = pagecap_clean_dup(ct.s, NOTE_LEN);
	}
	buf_release(&ct);
	return 0;
}

int pagecap_fetch(const struct pagecap_opts *opts, const char *url,
		  struct pagecap_http *out, struct buf *err)
{
	struct pagecap_opts def;
	struct http_opts ho;
	struct fetch f;
	int rc = -1;

	if (!opts) {
		pagecap_opts_init(&def);
		opts = &def;
	}
	memset(&f, 0, sizeof(f));
	f.o = opts;
	f.out = out;
	buf_init(&f.seen);
	if (pagecap_check_url(url, err))
		return -1;
	http_opts_init(&ho);
	ho.concurrency = 1;
	ho.timeout_ms = opts->http_timeout_ms;
	ho.connect_timeout_ms = opts->connect_timeout_ms;
	ho.max_tries = opts->max_tries;
	ho.backoff_ms = 500;
	ho.backoff_max_ms = 2000;
	ho.max_wait_ms = opts->http_timeout_ms;
	ho.max_body = opts->max_body;
	ho.user_agent = opts->user_agent;
	ho.ca_file = opts->ca_file;
	ho.stop = opts->stop;
	f.e = http_new(&ho, err);
	if (!f.e)
		goto out;
	{
		struct buf rh = BUF_INIT;
		size_t i;

		buf_addf(&rh, "User-Agent: %s\n", opts->user_agent ?
			 opts->user_agent : "netra/" NETRA_VERSION);
		for (i = 0; hdrs[i]; i++)
			buf_addf(&rh, "%s\n", hdrs[i]);
		free(out->request_headers);
		out->request_headers = buf_detach(&rh, NULL);
	}
	if (queue_hop(&f, url, err))
		goto out;
	if (http_run(f.e, on_fetch, on_fetch_fail, &f, err)) {
		if (!out->error)
			out->error = xstrdup(err->s);
		goto out;
	}
	if (!f.done || out->error) {
		if (!out->error)
			fetch_error(&f, "no response");
		buf_adds(err, out->error);
		goto out;
	}
	rc = 0;
out:
	http_free(f.e);
	buf_release(&f.seen);
	return rc;
}

/* ---- verdict, text, both ---- */

/* The lower-case path of url, or "" (and its host into host). */
static void url_parts(const char *url, struct buf *path, struct buf *host)
{
	CURLU *u = curl_url();
	char *p = NULL, *h = NULL;
	size_t i;

	if (!u)
		die_oom();
	if (url && !curl_url_set(u, CURLUPART_URL, url, 0)) {
		if (!curl_url_get(u, CURLUPART_PATH, &p, 0))
			for (i = 0; p[i]; i++)
				buf_addch(path, p[i] >= 'A' && p[i] <= 'Z' ?
					  p[i] + 32 : p[i]);
		if (!curl_url_get(u, CURLUPART_HOST, &h, 0))
			for (i = 0; h[i]; i++)
				buf_addch(host, h[i] >= 'A' && h[i] <= 'Z' ?
					  h[i] + 32 : h[i]);
	}
	curl_free(p);
	curl_free(h);
	curl_url_cleanup(u);
}

static int path_is(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	return !strncmp(path, prefix, n) && (!path[n] || path[n] == '/' ||
					     path[n] == '?' || path[n] == '.');
}

static int applies(enum platform want, enum platform p)
{
	return p == PLATFORM_NONE || want == PLATFORM_NONE || want == p;
}

enum pagecap_verdict pagecap_judge(enum platform p, long status,
				   const char *final_url, const char *text,
				   size_t len, struct buf *why)
{
	struct buf path = BUF_INIT, host = BUF_INIT, low = BUF_INIT;
	enum pagecap_verdict v = PAGECAP_POST;
	size_t i;

	url_parts(final_url, &path, &host);
	for (i = 0; login_hosts[i] && v == PAGECAP_POST; i++)
		if (!strcmp(host.s, login_hosts[i])) {
			buf_addf(why, "the page is a login or consent page "
				 "(%s)", host.s);
			v = PAGECAP_LOGIN;
		}
	for (i = 0; i < sizeof(login_paths) / sizeof(login_paths[0]) &&
	     v == PAGECAP_POST; i++)
		if (applies(p, login_paths[i].p) &&
		    path_is(path.s, login_paths[i].path)) {
			buf_adds(why, "the page is a login page (");
			pagecap_add_clean(why, path.s, path.len, NOTE_LEN);
			buf_adds(why, ")");
			v = PAGECAP_LOGIN;
		}
	if (v == PAGECAP_POST && status >= 400) {
		buf_addf(why, "the server answered HTTP %ld", status);
		v = PAGECAP_ERROR;
	}
	if (v == PAGECAP_POST && text) {
		for (i = 0; i < len; i++) {
			char c = text[i];

			buf_addch(&low, c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		for (i = 0; i < sizeof(markers) / sizeof(markers[0]); i++) {
			if (!applies(p, markers[i].p) ||
			    !memmem(low.s, low.len, markers[i].marker,
				    strlen(markers[i].marker)))
				continue;
			buf_addf(why, "the page says \"%s\" (%s %s page)",
				 markers[i].marker,
				 markers[i].v == PAGECAP_LOGIN ? "a login" :
				 "an error",
				 markers[i].p == PLATFORM_NONE ? "web" :
				 platform_name(markers[i].p));
			v = markers[i].v;
			break;
		}
	}
	buf_release(&path);
	buf_release(&host);
	buf_release(&low);
	return v;
}

static void set_text(struct pagecap_result *r, const char *text,
		     const char *src)
{
	struct buf s = BUF_INIT;

	r->text = xstrdup(text);
	buf_addf(&s, "page: %s", src);
	r->text_source = buf_detach(&s, NULL);
}

int pagecap_capture(const struct pagecap_opts *opts, const char *url,
		    enum platform p, struct pagecap_result *r,
		    struct buf *err)
{
	struct pagecap_opts def;
	struct pagecap_browser *b = &r->browser;
	struct buf ignore = BUF_INIT, why = BUF_INIT, seen = BUF_INIT;
	int got_http;

	if (!opts) {
		pagecap_opts_init(&def);
		opts = &def;
	}
	if (pagecap_check_url(url, err))
		return -1;
	r->url = xstrdup(url);
	r->started = netra_now();
	got_http = !pagecap_fetch(opts, url, &r->http, &ignore);
	buf_reset(&ignore);
	pagecap_browse(opts, url, p, b, &ignore);
	r->ended = netra_now();

	if (!got_http && !b->ran) {
		r->verdict = PAGECAP_UNREACHABLE;
		buf_adds(&why, "no page came: ");
		buf_adds(&why, r->http.error ? r->http.error : "no response");
		if (b->why_not) {
			buf_adds(&why, "; ");
			buf_adds(&why, b->why_not);
		}
		goto out;
	}
	/* what the browser rendered is the evidence; else libcurl's body */
	if (b->ran && (b->inner_text || b->dom)) {
		if (b->inner_text)
			buf_adds(&seen, b->inner_text);
		buf_addch(&seen, '\n');
		if (b->dom)
			buf_add(&seen, b->dom, b->dom_len);
	} else if (got_http) {
		buf_add(&seen, r->http.body, r->http.body_len);
	}
	r->verdict = pagecap_judge(p, b->ran && b->status ? b->status :
				   r->http.status, b->ran ? b->final_url :
				   r->http.final_url, seen.s, seen.len, &why);
	if (r->verdict == PAGECAP_POST && b->ran && got_http &&
	    r->http.final_url)
		r->verdict = pagecap_judge(p, r->http.status,
					   r->http.final_url, NULL, 0, &why);
	if (r->verdict == PAGECAP_POST && b->password_field) {
		buf_adds(&why, "the page asks for a password");
		r->verdict = PAGECAP_LOGIN;
	}
	if (r->verdict != PAGECAP_POST)
		goto out;
	if (b->main_text && *b->main_text)
		set_text(r, b->main_text, b->main_selector);
	else if (b->og_description && *b->og_description)
		set_text(r, b->og_description, "og:description");
	else if (b->og_title && *b->og_title)
		set_text(r, b->og_title, "og:title");
	else if (b->description && *b->description)
		set_text(r, b->description, "meta description");
out:
	if (why.len)
		r->verdict_why = buf_detach(&why, NULL);
	buf_release(&why);
	buf_release(&ignore);
	buf_release(&seen);
	return 0;
}
