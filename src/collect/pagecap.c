/* SPDX-License-Identifier: MIT */
/*
 * Page capture (pagecap.h): the HTTP exchange through the engine, the
 * rendered page through Chromium's DevTools pipe (cdp.h), the verdict
 * and the page's text. Bytes from the network are kept as they came;
 * what is made into a message or a note is cleaned of control
 * characters and cut short.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>
#include <curl/curl.h>
#include <openssl/evp.h>

#include "util/buf.h"
#include "collect/cdp.h"
#include "collect/http.h"
#include "collect/pagecap.h"
#include "util/msg.h"
#include "netra.h"
#include "util/parse.h"
#include "util/banned.h"

#define NOTE_MAX 40		/* notes kept per capture */
#define NOTE_LEN 200		/* bytes of a URL or text in a note */
#define TEXT_MAX 65536		/* bytes of text read from the page */
#define STOP_GRACE_MS 3000	/* for the browser to close by itself */

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

/*
 * The platform's main text node, tried in order: what the rendered page
 * shows as the post's text. Keep in step with the platforms' markup.
 */
static const char *const main_nodes[PLATFORM_COUNT] = {
	"['[data-testid=\"tweetText\"]']",
	"['main article h1','article h1']",
	"['[data-ad-preview=\"message\"]',"
	"'[data-ad-comet-preview=\"message\"]']",
	"['[data-e2e=\"browse-video-desc\"]','[data-e2e=\"video-desc\"]']",
	"['h1.ytd-watch-metadata','#title h1']",
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
static void add_clean(struct buf *b, const char *s, size_t len, size_t max)
{
	size_t i;

	for (i = 0; i < len && i < max; i++) {
		unsigned char c = (unsigned char)s[i];

		buf_addch(b, c < 0x20 || c == 0x7f ? ' ' : c);
	}
	if (len > max)
		buf_adds(b, "...");
}

static char *clean_dup(const char *s, size_t max)
{
	struct buf b = BUF_INIT;

	if (!s)
		return NULL;
	add_clean(&b, s, strlen(s), max);
	return buf_detach(&b, NULL);
}

/* A URL as it may appear in a message: cleaned, secrets redacted. */
static void add_url(struct buf *b, const char *url)
{
	struct buf s = BUF_INIT;

	add_clean(&s, url, strlen(url), NOTE_LEN);
	msg_redact(&s);
	buf_add(b, s.s, s.len);
	buf_release(&s);
}

/*
 * Refuses what is not an http(s) URL, or carries credentials: those
 * never reach libcurl or the browser (no file://, no javascript:).
 */
static int check_url(const char *url, struct buf *err)
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
		add_url(err, url);
		buf_adds(err, "' is not a well-formed URL");
		goto out;
	}
	if (strcasecmp(scheme, "http") && strcasecmp(scheme, "https")) {
		buf_adds(err, "only http:// and https:// pages can be "
			 "captured, not ");
		add_clean(err, scheme, strlen(scheme), NOTE_LEN);
		buf_adds(err, ":");
		goto out;
	}
	if (curl_url_get(u, CURLUPART_HOST, &host, 0)) {
		buf_adds(err, "'");
		add_url(err, url);
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
	hop->certs_pem = dup_or_empty(c ? c->certs_pem : NULL);
	hop->cert_subject = dup_or_empty(c ? c->cert_subject : NULL);
	hop->cert_issuer = dup_or_empty(c ? c->cert_issuer : NULL);
	if (c) {
		hop->remote_port = c->remote_port;
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

static int queue_hop(struct fetch *f, const char *url, struct buf *err)
{
	static const char *const hdrs[] = {
		"Accept: text/html,application/xhtml+xml,*/*;q=0.8",
		"Accept-Language: id-ID,id;q=0.9,en;q=0.8",
		NULL
	};
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
			add_url(&why, next);
			buf_addf(&why, " was asked for before (after %zu hops)",
				 h->n_hops);
			fetch_error(f, "%s", why.s);
		} else if ((int)h->n_hops > f->o->max_redirects) {
			fetch_error(f, "more than %d redirects",
				    f->o->max_redirects);
		} else if (queue_hop(f, next, &why)) {
			struct buf m = BUF_INIT;

			buf_adds(&m, "a redirect to ");
			add_url(&m, next);
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
		h->content_type = clean_dup(ct.s, NOTE_LEN);
	}
	buf_release(&ct);
	buf_release(&why);
	return 0;
}

static int on_fetch_fail(void *arg, const struct http_response *r,
			 struct buf *err)
{
	struct fetch *f = arg;
	struct pagecap_hop *hop = add_hop(f->out, r);

	(void)err;
	(void)hop;
	fetch_error(f, "%s", r->why ? r->why : "the request failed");
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
	if (check_url(url, err))
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
	if (queue_hop(&f, url, err))
		goto out;
	if (http_run(f.e, on_fetch, on_fetch_fail, &f, err))
		goto out;
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

/* ---- the browser ---- */

struct page {
	struct cdp *c;
	const struct pagecap_opts *o;
	struct pagecap_browser *out;
	char *session;		/* the page's DevTools session */
	char *frame;		/* its main frame (the target id) */
	char *main_net;		/* network id of our navigation */
	int navigated;		/* Page.navigate answered */
	int loaded;		/* the load event, or loading stopped */
	int crashed;
	struct buf notes;
	int n_notes;
};

static const char *jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double jnum(const cJSON *o, const char *key, double def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(v) ? v->valuedouble : def;
}

static int same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

static void page_note(struct page *pg, const char *what, const char *detail)
{
	if (pg->n_notes++ >= NOTE_MAX) {
		if (pg->n_notes == NOTE_MAX + 1)
			buf_adds(&pg->notes, "(more notes left out)\n");
		return;
	}
	buf_adds(&pg->notes, what);
	if (detail) {
		buf_adds(&pg->notes, ": ");
		add_url(&pg->notes, detail);
	}
	buf_addch(&pg->notes, '\n');
}

static void fire(struct page *pg, const char *method, cJSON *params)
{
	struct buf ignore = BUF_INIT;

	cdp_send(pg->c, method, params, pg->session, &ignore);
	buf_release(&ignore);
}

/* A paused document request: ours (and its redirects) go on, others 204. */
static void on_paused(struct page *pg, const cJSON *p)
{
	const char *id = jstr(p, "requestId");
	const char *type = jstr(p, "resourceType");
	const char *frame = jstr(p, "frameId");
	const char *net = jstr(p, "networkId");
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(p, "request");
	const char *url = jstr(req, "url");
	cJSON *q = cJSON_CreateObject();

	if (!q || !id)
		die_oom();
	cJSON_AddStringToObject(q, "requestId", id);
	if (!same(type, "Document") || !same(frame, pg->frame)) {
		fire(pg, "Fetch.continueRequest", q);
		return;
	}
	if (!pg->main_net) {
		pg->main_net = xstrdup(net ? net : id);
		fire(pg, "Fetch.continueRequest", q);
		return;
	}
	if (same(net, pg->main_net)) {
		/* a redirect of the page we asked for */
		fire(pg, "Fetch.continueRequest", q);
		return;
	}
	/* 204 No Content: the browser stays on the page it has */
	cJSON_AddNumberToObject(q, "responseCode", 204);
	cJSON_AddItemToObject(q, "responseHeaders", cJSON_CreateArray());
	cJSON_AddStringToObject(q, "body", "");
	fire(pg, "Fetch.fulfillRequest", q);
	page_note(pg, "the page tried to go elsewhere; refused",
		  url ? url : "?");
}

static void on_event(void *arg, const char *method, const cJSON *p,
		     const char *session)
{
	struct page *pg = arg;

	if (!pg->session || !same(session, pg->session))
		return;
	if (!strcmp(method, "Fetch.requestPaused")) {
		on_paused(pg, p);
	} else if (!strcmp(method, "Page.javascriptDialogOpening")) {
		struct buf what = BUF_INIT;
		cJSON *q = cJSON_CreateObject();

		if (!q)
			die_oom();
		cJSON_AddBoolToObject(q, "accept", 0);
		fire(pg, "Page.handleJavaScriptDialog", q);
		buf_addf(&what, "the page opened a dialog (%s); dismissed",
			 jstr(p, "type") ? jstr(p, "type") : "?");
		page_note(pg, what.s, jstr(p, "message") ?
			  jstr(p, "message") : "");
		buf_release(&what);
	} else if (!strcmp(method, "Network.responseReceived")) {
		const cJSON *r = cJSON_GetObjectItemCaseSensitive(p,
								  "response");

		if (same(jstr(p, "type"), "Document") &&
		    same(jstr(p, "frameId"), pg->frame) &&
		    same(jstr(p, "requestId"), pg->main_net)) {
			pg->out->status = (long)jnum(r, "status", 0);
			free(pg->out->remote_ip);
			pg->out->remote_ip = clean_dup(jstr(r,
				"remoteIPAddress"), NOTE_LEN);
			pg->out->remote_port = (long)jnum(r, "remotePort", 0);
		}
	} else if (!strcmp(method, "Page.frameNavigated")) {
		const cJSON *fr = cJSON_GetObjectItemCaseSensitive(p, "frame");

		if (same(jstr(fr, "id"), pg->frame) && jstr(fr, "url")) {
			free(pg->out->final_url);
			pg->out->final_url = xstrdup(jstr(fr, "url"));
		}
	} else if (!strcmp(method, "Page.navigatedWithinDocument")) {
		if (same(jstr(p, "frameId"), pg->frame))
			page_note(pg, "the page changed its address by script",
			     jstr(p, "url") ? jstr(p, "url") : "?");
	} else if (!strcmp(method, "Page.loadEventFired")) {
		if (pg->navigated)
			pg->loaded = 1;
	} else if (!strcmp(method, "Page.frameStoppedLoading")) {
		if (pg->navigated && same(jstr(p, "frameId"), pg->frame))
			pg->loaded = 1;
	} else if (!strcmp(method, "Page.downloadWillBegin")) {
		page_note(pg, "the page started a download; denied",
		     jstr(p, "url") ? jstr(p, "url") : "?");
	} else if (!strcmp(method, "Inspector.targetCrashed")) {
		pg->crashed = 1;
		page_note(pg, "the page crashed", NULL);
	}
}

static int loaded(void *arg)
{
	struct page *pg = arg;

	return pg->loaded || pg->crashed;
}

static int crashed(void *arg)
{
	return ((struct page *)arg)->crashed;
}

/* base64 (as DevTools sends binary) to bytes, through OpenSSL. */
static int b64_decode(const char *in, size_t len, unsigned char **out,
		      size_t *out_len)
{
	EVP_ENCODE_CTX *ctx = EVP_ENCODE_CTX_new();
	unsigned char *o;
	int n1 = 0, n2 = 0;

	if (!ctx)
		die_oom();
	if (len > (size_t)1 << 30) {
		EVP_ENCODE_CTX_free(ctx);
		return -1;
	}
	o = xmalloc(len / 4 * 3 + 4);
	EVP_DecodeInit(ctx);
	if (EVP_DecodeUpdate(ctx, o, &n1, (const unsigned char *)in,
			     (int)len) < 0 ||
	    EVP_DecodeFinal(ctx, o + n1, &n2) < 0) {
		EVP_ENCODE_CTX_free(ctx);
		free(o);
		return -1;
	}
	EVP_ENCODE_CTX_free(ctx);
	*out = o;
	*out_len = (size_t)(n1 + n2);
	return 0;
}

static int take_b64(const cJSON *res, unsigned char **out, size_t *len)
{
	const char *d = jstr(res, "data");

	return d ? b64_decode(d, strlen(d), out, len) : -1;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		(uint32_t)p[2] << 8 | p[3];
}

/* Calls method on the page's session; params consumed. */
static int page_call(struct page *pg, const char *method, cJSON *params,
		     cJSON **res, struct buf *err)
{
	return cdp_call(pg->c, method, params, pg->session, res, err);
}

static cJSON *obj(void)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		die_oom();
	return o;
}

/* Sets up the page: a new target, its session, the domains we need. */
static int open_page(struct page *pg, struct buf *err)
{
	const struct pagecap_opts *o = pg->o;
	cJSON *res = NULL, *p, *pats, *pat;
	int rc = -1;

	p = obj();
	cJSON_AddStringToObject(p, "url", "about:blank");
	if (cdp_call(pg->c, "Target.createTarget", p, NULL, &res, err))
		goto out;
	pg->frame = jstr(res, "targetId") ? xstrdup(jstr(res, "targetId")) :
		NULL;
	cJSON_Delete(res);
	res = NULL;
	if (!pg->frame) {
		buf_adds(err, "the browser made a page without an id");
		goto out;
	}
	p = obj();
	cJSON_AddStringToObject(p, "targetId", pg->frame);
	cJSON_AddBoolToObject(p, "flatten", 1);
	if (cdp_call(pg->c, "Target.attachToTarget", p, NULL, &res, err))
		goto out;
	pg->session = jstr(res, "sessionId") ?
		xstrdup(jstr(res, "sessionId")) : NULL;
	cJSON_Delete(res);
	res = NULL;
	if (!pg->session) {
		buf_adds(err, "the browser gave no session for the page");
		goto out;
	}
	p = obj();
	cJSON_AddStringToObject(p, "behavior", "deny");
	if (cdp_call(pg->c, "Browser.setDownloadBehavior", p, NULL, NULL,
		     err) ||
	    page_call(pg, "Page.enable", NULL, NULL, err) ||
	    page_call(pg, "Network.enable", NULL, NULL, err))
		goto out;
	p = obj();
	pats = cJSON_AddArrayToObject(p, "patterns");
	pat = obj();
	cJSON_AddStringToObject(pat, "resourceType", "Document");
	cJSON_AddStringToObject(pat, "requestStage", "Request");
	cJSON_AddItemToArray(pats, pat);
	if (page_call(pg, "Fetch.enable", p, NULL, err))
		goto out;
	p = obj();
	cJSON_AddNumberToObject(p, "width", o->width);
	cJSON_AddNumberToObject(p, "height", o->height);
	cJSON_AddNumberToObject(p, "deviceScaleFactor", 1);
	cJSON_AddBoolToObject(p, "mobile", 0);
	if (page_call(pg, "Emulation.setDeviceMetricsOverride", p, NULL,
		      err))
		goto out;
	p = obj();
	cJSON_AddBoolToObject(p, "hidden", 1);
	if (page_call(pg, "Emulation.setScrollbarsHidden", p, NULL, err))
		goto out;
	rc = 0;
out:
	cJSON_Delete(res);
	return rc;
}

static char *jdup(const cJSON *o, const char *key, size_t max)
{
	const char *s = jstr(o, key);
	size_t n;

	if (!s)
		return NULL;
	n = strlen(s);
	return xstrndup(s, n > max ? max : n);
}

/*
 * Reads title, meta tags, the platform's main text node, a visible
 * password field and the body's text, in an isolated world: the page's
 * scripts share the DOM but not these functions, so a page that
 * replaced document.querySelector cannot lie to us through it.
 */
static void read_text(struct page *pg, enum platform p, struct buf *err)
{
	struct pagecap_browser *b = pg->out;
	struct buf js = BUF_INIT;
	cJSON *res = NULL, *q;
	const cJSON *val;
	double ctx;

	q = obj();
	cJSON_AddStringToObject(q, "frameId", pg->frame);
	cJSON_AddStringToObject(q, "worldName", "netra");
	if (page_call(pg, "Page.createIsolatedWorld", q, &res, err)) {
		page_note(pg, "the page's text could not be read", err->s);
		goto out;
	}
	ctx = jnum(res, "executionContextId", -1);
	cJSON_Delete(res);
	res = NULL;
	buf_addf(&js,
		 "(function(){var N=%d;"
		 "function m(s){var e=document.querySelector(s);"
		 "return e?(e.getAttribute('content')||''):'';}"
		 "function t(s){var e=document.querySelector(s);"
		 "return e?((e.innerText||e.textContent||'').trim()):'';}"
		 "var main='',src='',sel=%s;"
		 "for(var i=0;i<sel.length&&!main;i++){main=t(sel[i]);"
		 "if(main)src=sel[i];}"
		 "var pw=Array.prototype.some.call("
		 "document.querySelectorAll('input[type=password]'),"
		 "function(e){return e.offsetParent!==null;});"
		 "var body=document.body?(document.body.innerText||''):'';"
		 "return {title:(document.title||'').slice(0,N),"
		 "og_title:m('meta[property=\"og:title\"]').slice(0,N),"
		 "og_description:m('meta[property=\"og:description\"]')"
		 ".slice(0,N),"
		 "description:m('meta[name=\"description\"]').slice(0,N),"
		 "main:main.slice(0,N),main_source:src,password:pw,"
		 "text:body.slice(0,N)};})()",
		 TEXT_MAX, p >= 0 && p < PLATFORM_COUNT ? main_nodes[p] :
		 "[]");
	q = obj();
	cJSON_AddStringToObject(q, "expression", js.s);
	cJSON_AddNumberToObject(q, "contextId", ctx);
	cJSON_AddBoolToObject(q, "returnByValue", 1);
	cJSON_AddNumberToObject(q, "timeout", 5000);
	if (page_call(pg, "Runtime.evaluate", q, &res, err)) {
		page_note(pg, "the page's text could not be read", err->s);
		goto out;
	}
	val = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(res, "result"), "value");
	if (!cJSON_IsObject(val)) {
		page_note(pg, "the page's text could not be read", "no value");
		goto out;
	}
	b->title = jdup(val, "title", TEXT_MAX);
	b->og_title = jdup(val, "og_title", TEXT_MAX);
	b->og_description = jdup(val, "og_description", TEXT_MAX);
	b->description = jdup(val, "description", TEXT_MAX);
	b->main_text = jdup(val, "main", TEXT_MAX);
	b->main_selector = jdup(val, "main_source", NOTE_LEN);
	b->inner_text = jdup(val, "text", TEXT_MAX);
	b->password_field = cJSON_IsTrue(
		cJSON_GetObjectItemCaseSensitive(val, "password"));
	if (b->main_text && !*b->main_text) {
		free(b->main_text);
		free(b->main_selector);
		b->main_text = b->main_selector = NULL;
	}
out:
	cJSON_Delete(res);
	buf_release(&js);
}

static void screenshot(struct page *pg, struct buf *err)
{
	struct pagecap_browser *b = pg->out;
	const struct pagecap_opts *o = pg->o;
	cJSON *res = NULL, *q, *clip;
	const cJSON *size;
	double h;

	if (page_call(pg, "Page.getLayoutMetrics", NULL, &res, err))
		return;
	size = cJSON_GetObjectItemCaseSensitive(res, "cssContentSize");
	if (!size)
		size = cJSON_GetObjectItemCaseSensitive(res, "contentSize");
	h = jnum(size, "height", o->height);
	if (h > (double)(long long)h)
		h = (double)(long long)h + 1;	/* ceil, without libm */
	cJSON_Delete(res);
	res = NULL;
	if (h < o->height)
		h = o->height;
	b->page_height = h > 1e9 ? 1000000000 : (int)h;
	if (h > o->max_shot_height) {
		b->png_cut = 1;
		h = o->max_shot_height;
	}
	q = obj();
	cJSON_AddStringToObject(q, "format", "png");
	cJSON_AddBoolToObject(q, "captureBeyondViewport", 1);
	cJSON_AddBoolToObject(q, "fromSurface", 1);
	clip = cJSON_AddObjectToObject(q, "clip");
	cJSON_AddNumberToObject(clip, "x", 0);
	cJSON_AddNumberToObject(clip, "y", 0);
	cJSON_AddNumberToObject(clip, "width", o->width);
	cJSON_AddNumberToObject(clip, "height", h);
	cJSON_AddNumberToObject(clip, "scale", 1);
	if (page_call(pg, "Page.captureScreenshot", q, &res, err))
		return;
	if (take_b64(res, &b->png, &b->png_len) || b->png_len < 24 ||
	    memcmp(b->png, "\x89PNG\r\n\x1a\n", 8) ||
	    memcmp(b->png + 12, "IHDR", 4)) {
		buf_adds(err, "the browser's screenshot is not a PNG");
		free(b->png);
		b->png = NULL;
		b->png_len = 0;
	} else {
		b->png_width = (int)be32(b->png + 16);
		b->png_height = (int)be32(b->png + 20);
	}
	cJSON_Delete(res);
	if (b->png_cut) {
		struct buf n = BUF_INIT;

		buf_addf(&n, "the page is %d px tall; the screenshot shows its "
			 "first %d px", b->page_height, o->max_shot_height);
		page_note(pg, n.s, NULL);
		buf_release(&n);
	}
}

static void dom(struct page *pg, struct buf *err)
{
	cJSON *res = NULL, *q;
	const cJSON *root;
	const char *html;
	double id;

	q = obj();
	cJSON_AddNumberToObject(q, "depth", 0);
	if (page_call(pg, "DOM.getDocument", q, &res, err))
		goto fail;
	root = cJSON_GetObjectItemCaseSensitive(res, "root");
	id = jnum(root, "nodeId", -1);
	cJSON_Delete(res);
	res = NULL;
	q = obj();
	cJSON_AddNumberToObject(q, "nodeId", id);
	if (page_call(pg, "DOM.getOuterHTML", q, &res, err))
		goto fail;
	html = jstr(res, "outerHTML");
	if (html) {
		pg->out->dom_len = strlen(html);
		pg->out->dom = xstrdup(html);
	}
	cJSON_Delete(res);
	return;
fail:
	page_note(pg, "no DOM", err->s);
}

static void pdf(struct page *pg, struct buf *err)
{
	cJSON *res = NULL, *q = obj();

	/* A4, the paper of Indonesian offices */
	cJSON_AddBoolToObject(q, "printBackground", 1);
	cJSON_AddNumberToObject(q, "paperWidth", 8.27);
	cJSON_AddNumberToObject(q, "paperHeight", 11.69);
	cJSON_AddNumberToObject(q, "marginTop", 0.4);
	cJSON_AddNumberToObject(q, "marginBottom", 0.4);
	cJSON_AddNumberToObject(q, "marginLeft", 0.4);
	cJSON_AddNumberToObject(q, "marginRight", 0.4);
	if (page_call(pg, "Page.printToPDF", q, &res, err)) {
		page_note(pg, "no PDF", err->s);
		return;
	}
	if (take_b64(res, &pg->out->pdf, &pg->out->pdf_len) ||
	    pg->out->pdf_len < 5 || memcmp(pg->out->pdf, "%PDF-", 5)) {
		free(pg->out->pdf);
		pg->out->pdf = NULL;
		pg->out->pdf_len = 0;
		page_note(pg, "no PDF", "the browser's print is not a PDF");
	}
	cJSON_Delete(res);
}

static void version(struct page *pg, struct buf *err)
{
	cJSON *res = NULL;

	if (cdp_call(pg->c, "Browser.getVersion", NULL, NULL, &res, err))
		return;
	pg->out->product = jdup(res, "product", NOTE_LEN);
	pg->out->user_agent = jdup(res, "userAgent", 1000);
	pg->out->protocol_version = jdup(res, "protocolVersion", NOTE_LEN);
	pg->out->revision = jdup(res, "revision", NOTE_LEN);
	cJSON_Delete(res);
}

/* Page.navigate and the waits; -1 when there is no page to take. */
static int navigate(struct page *pg, const char *url, struct buf *err)
{
	const struct pagecap_opts *o = pg->o;
	cJSON *res = NULL, *q = obj();
	const char *e;
	int r;

	cJSON_AddStringToObject(q, "url", url);
	if (page_call(pg, "Page.navigate", q, &res, err))
		return -1;
	e = jstr(res, "errorText");
	if (e && *e) {
		buf_addf(err, "the browser could not open the page: %s", e);
		cJSON_Delete(res);
		return -1;
	}
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(res, "isDownload"))) {
		buf_adds(err, "the URL is a download, not a page");
		cJSON_Delete(res);
		return -1;
	}
	cJSON_Delete(res);
	pg->navigated = 1;
	pg->out->ran = 1;
	r = cdp_wait(pg->c, o->load_timeout_ms, loaded, pg, err);
	if (r < 0)
		return -1;
	if (!r) {
		struct buf n = BUF_INIT;

		pg->out->load_timed_out = 1;
		buf_addf(&n, "the page did not finish loading within %ld s; "
			 "taken as it was", (o->load_timeout_ms + 999) / 1000);
		page_note(pg, n.s, NULL);
		buf_release(&n);
	}
	if (pg->crashed) {
		buf_adds(err, "the page crashed the browser's renderer");
		return -1;
	}
	/* let scripts draw; a refused navigation is answered meanwhile */
	if (o->settle_ms > 0 &&
	    cdp_wait(pg->c, o->settle_ms, crashed, pg, err) < 0)
		return -1;
	return pg->crashed ? -1 : 0;
}

int pagecap_browse(const struct pagecap_opts *opts, const char *url,
		   enum platform p, struct pagecap_browser *out,
		   struct buf *err)
{
	struct pagecap_opts def;
	struct cdp_opts co;
	struct page pg;
	struct buf why = BUF_INIT, step = BUF_INIT, end = BUF_INIT;
	char *path = NULL;
	int rc = -1;

	if (!opts) {
		pagecap_opts_init(&def);
		opts = &def;
	}
	memset(&pg, 0, sizeof(pg));
	pg.o = opts;
	pg.out = out;
	buf_init(&pg.notes);
	if (check_url(url, &why))
		goto out;
	if (opts->chromium && !*opts->chromium) {
		buf_adds(&why, "no browser configured, so no screenshot, page "
			 "DOM or PDF was taken");
		goto out;
	}
	path = cdp_find_browser(opts->chromium, &why);
	if (!path)
		goto out;
	cdp_opts_init(&co);
	co.width = opts->width;
	co.height = opts->height;
	co.timeout_ms = opts->browser_timeout_ms;
	co.stop = opts->stop;
	pg.c = cdp_start(path, &co, on_event, &pg, &why);
	if (!pg.c)
		goto out;
	version(&pg, &why);
	if (why.len || open_page(&pg, &why) || navigate(&pg, url, &why))
		goto out;
	screenshot(&pg, &step);
	if (!out->png) {
		buf_addf(&why, "no screenshot: %s", step.len ? step.s :
			 "the browser gave none");
		goto out;
	}
	buf_reset(&step);
	dom(&pg, &step);
	buf_reset(&step);
	read_text(&pg, p, &step);
	buf_reset(&step);
	pdf(&pg, &step);
	rc = 0;
out:
	if (pg.c) {
		cdp_stop(pg.c, STOP_GRACE_MS, &end);
		if (end.len)
			page_note(&pg, end.s, NULL);
	}
	if (rc) {
		free(out->why_not);
		out->why_not = xstrdup(why.len ? why.s : "no screenshot");
		buf_adds(err, out->why_not);
	}
	free(out->notes);
	out->notes = buf_detach(&pg.notes, NULL);
	free(pg.session);
	free(pg.frame);
	free(pg.main_net);
	free(path);
	buf_release(&why);
	buf_release(&step);
	buf_release(&end);
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
			add_clean(why, path.s, path.len, NOTE_LEN);
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
	if (check_url(url, err))
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
