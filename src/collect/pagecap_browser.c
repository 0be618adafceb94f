/* SPDX-License-Identifier: MIT */
/*
 * Page capture (pagecap.c, pagecap_browser.c): the browser's session,
 * drawn on pagecap.h. Modules outside the two files use pagecap.h only.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <openssl/evp.h>

#include "util/buf.h"
#include "collect/cdp.h"
#include "collect/pagecap.h"
#include "collect/pagecap_int.h"
#include "util/msg.h"
#include "util/banned.h"

#define NOTE_MAX 40		/* notes kept per capture */
#define STOP_GRACE_MS 3000	/* for the browser to close by itself */

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
		pagecap_add_url(&pg->notes, detail);
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
			pg->out->remote_ip = pagecap_clean_dup(jstr(r,
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
	if (pagecap_check_url(url, &why))
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
