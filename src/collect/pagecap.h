/* SPDX-License-Identifier: MIT */
/*
 * Page capture: one URL taken in as evidence, twice over.
 *
 * 1. The raw HTTP exchange, through netra's one HTTP engine
 *    (collect/http.h) with HTTP_REQ_CAPTURE: every hop of the redirect
 *    chain (each a new request, never carrying a credential: the engine
 *    tells where a 3xx points and pagecap_fetch() asks for that URL
 *    itself, at most opts.max_redirects times, a URL seen before ending
 *    the chain as a loop), and for each hop the status line, every
 *    response header, the server's address, the TLS chain (PEM, as
 *    libcurl saw it) and libcurl's timings; the last hop's body, cut at
 *    opts.max_body (and said so). TLS is always verified. A 5xx or 429
 *    is tried opts.max_tries times, then kept as the final response.
 * 2. The page as a person sees it, through a fresh headless Chromium
 *    (collect/cdp.h) over the DevTools pipe, all from one page load:
 *    Page.navigate, the load event (or opts.load_timeout_ms, after which
 *    the page is taken as it is, and said so), opts.settle_ms for scripts
 *    to draw, then a full-page screenshot (PNG, Page.captureScreenshot
 *    with captureBeyondViewport, the viewport's width and the page's
 *    height up to opts.max_shot_height), the rendered DOM
 *    (DOM.getOuterHTML), a PDF print (Page.printToPDF, A4) and the
 *    browser's version and user agent (Browser.getVersion). The viewport
 *    is fixed (opts.width x opts.height at device pixel ratio 1) and the
 *    profile new and empty: no cookies, no login.
 *
 * The page is hostile, and is kept from changing what is captured: its
 * JavaScript dialogs are dismissed; once the requested page has loaded
 * (its redirects followed) any other navigation of the main frame (a
 * script setting location, a <meta refresh>, a form) is answered with a
 * 204 by the browser itself (Fetch domain), so it never leaves; downloads
 * are denied; what it tried is listed in browser.notes. Text is read in
 * an isolated JavaScript world (Page.createIsolatedWorld), where the
 * page's own scripts cannot reach the functions that read it.
 *
 * The verdict (pagecap_judge) says whether the capture holds a post or
 * something else: an HTTP status >= 400, a final URL that is a
 * platform's login page, or a platform's known login-wall or error text
 * (the table at the top of pagecap.c). These are heuristics on the
 * platforms' pages as of 2024; a capture judged a login wall or an error
 * page still keeps every byte, and says so instead of pretending to hold
 * the post.
 *
 * What this deliberately does not do: store anything (the caller names
 * the bytes by SHA-256 and keeps them, evidence/capture.h), log in, send
 * cookies, run more than one page per browser, resolve what post the
 * page is (collect/urlpost.h), or read text from the raw HTML without the
 * browser (no HTML parser in netra: without Chromium there is no page
 * text, only the HTTP exchange).
 */
#ifndef NETRA_COLLECT_PAGECAP_H
#define NETRA_COLLECT_PAGECAP_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "registry/handle.h"

struct buf;

struct pagecap_opts {
	/* HTTP exchange */
	long http_timeout_ms;	/* one hop, whole (default 30000) */
	long connect_timeout_ms; /* default 10000 */
	int max_tries;		/* per hop, for 5xx and transport errors
				   (default 2) */
	int max_redirects;	/* default 10 */
	size_t max_body;	/* bytes of the last body kept (16 MiB) */
	const char *user_agent;	/* default "netra/" NETRA_VERSION */
	const char *ca_file;	/* TLS CA bundle; NULL: the system's */
	/* browser */
	const char *chromium;	/* a path, or a name looked up in PATH;
				   NULL: "chromium"; "" : no browser */
	long browser_timeout_ms; /* the whole browser session, start to
				   kill (default 60000) */
	long load_timeout_ms;	/* wait for the load event (30000) */
	long settle_ms;		/* then let scripts draw (1000) */
	int width, height;	/* viewport, CSS px at DPR 1 (1280x800) */
	int max_shot_height;	/* a taller page is cut (16384 px) */
	const volatile sig_atomic_t *stop; /* set: stop at once */
};

void pagecap_opts_init(struct pagecap_opts *o);

/* One request and its response. All strings owned; "" when unknown. */
struct pagecap_hop {
	char *url;		/* asked for (secrets redacted) */
	long status;		/* 0: no response (see .error) */
	char *status_line;	/* "HTTP/1.1 302 Found" */
	char *headers;		/* every response header, "name: value\n",
				   names lower-cased, as received */
	char *location;		/* a 3xx's target, absolute, or NULL */
	char *remote_ip;	/* the server's address ... */
	long remote_port;
	char *local_ip;		/* ... and ours: where it was taken from */
	long local_port;
	long http_version;	/* 10, 11, 20, 30 */
	char *certs_pem;	/* the TLS chain, PEM, leaf first; "" for
				   http:// */
	int n_certs;
	char *cert_subject;	/* the leaf's, as OpenSSL prints it */
	char *cert_issuer;
	long dns_us, connect_us, tls_us, first_byte_us, total_us;
	int64_t time;		/* netra_now() at its end */
};

struct pagecap_http {
	struct pagecap_hop *hops; /* in order; the last is the final one */
	size_t n_hops;
	char *request_headers;	/* what netra sent on every hop, "name:
				   value\n" (libcurl adds Host and
				   Accept-Encoding); a GET, no cookie, no
				   credential */
	char *final_url;	/* the last hop's URL, or NULL */
	long status;		/* the last hop's status, 0: none */
	unsigned char *body;	/* the last hop's body (owned), NUL after;
				   a Content-Encoding (gzip, br) undone by
				   libcurl, the header still saying it */
	size_t body_len;
	int truncated;		/* body cut at opts.max_body */
	char *content_type;	/* of the last hop, or NULL */
	char *error;		/* why no final response came (a loop, too
				   many redirects, a transport error), or
				   NULL */
};

struct pagecap_browser {
	int ran;		/* the browser started and opened the page */
	char *why_not;		/* no screenshot: why ("no chromium on
				   PATH ...", "the browser did not finish
				   within 60 s"), else NULL */
	unsigned char *png;	/* full-page screenshot, or NULL */
	size_t png_len;
	int png_width, png_height; /* from the PNG's IHDR */
	int page_height;	/* the page's height, CSS px */
	int png_cut;		/* page_height > max_shot_height */
	char *dom;		/* the rendered DOM, HTML, or NULL */
	size_t dom_len;
	unsigned char *pdf;	/* the PDF print, or NULL */
	size_t pdf_len;
	char *product;		/* "Chrome/156.0.8078.114" */
	char *user_agent;	/* the browser's User-Agent */
	char *protocol_version;	/* DevTools protocol, "1.3" */
	char *revision;		/* "@ea19f97..." */
	char *final_url;	/* the main frame's document URL */
	long status;		/* the main document's HTTP status, 0 */
	char *remote_ip;	/* where the browser got it from */
	long remote_port;
	int load_timed_out;	/* captured without the load event */
	char *title;		/* document.title */
	char *notes;		/* one line each: dialogs dismissed,
				   navigations refused, steps that failed;
				   "" when none */
	/* read by the isolated world, for the text and the verdict */
	char *og_title, *og_description, *description;
	char *main_text;	/* the platform's main text node, or NULL */
	char *main_selector;	/* which one */
	char *inner_text;	/* document.body.innerText, first 64 KiB */
	int password_field;	/* a visible <input type=password> */
};

enum pagecap_verdict {
	PAGECAP_POST = 0,	/* nothing says it is not the post */
	PAGECAP_LOGIN,		/* a login wall, a redirect to a login */
	PAGECAP_ERROR,		/* HTTP >= 400 or the platform's error or
				   "unavailable" page */
	PAGECAP_UNREACHABLE	/* neither libcurl nor the browser got a
				   page */
};

struct pagecap_result {
	char *url;		/* as asked */
	int64_t started, ended;	/* netra_now() */
	struct pagecap_http http;
	struct pagecap_browser browser;
	enum pagecap_verdict verdict;
	char *verdict_why;	/* "HTTP 404", "redirected to a login page
				   (/accounts/login/)", ... or NULL */
	/*
	 * The post's text as the rendered page shows it, or NULL: always
	 * taken from a page, never from an API; text_source says from where
	 * ("page: [data-testid=\"tweetText\"]", "page: og:description").
	 * Hostile like everything from a page: escape it wherever it goes.
	 * Only set when the verdict is PAGECAP_POST.
	 */
	char *text;
	char *text_source;
};

/* Zeroes; every pointer NULL. */
void pagecap_result_init(struct pagecap_result *r);
void pagecap_result_release(struct pagecap_result *r);

/*
 * The HTTP exchange alone. Returns 0 when a final response (of any
 * status) came, -1 when none did (out->error and err say why; the hops
 * so far are kept). A URL that is not http(s), or holds a user name or
 * password, is refused (-1, no request made).
 */
int pagecap_fetch(const struct pagecap_opts *o, const char *url,
		  struct pagecap_http *out, struct buf *err);

/*
 * The browser alone, reading the page for platform p (PLATFORM_NONE:
 * generic). Returns 0 when a screenshot was taken (the DOM and PDF too
 * unless notes say otherwise), -1 with out->why_not (and err) saying why
 * not: no browser, the time limit, the page would not open.
 */
int pagecap_browse(const struct pagecap_opts *o, const char *url,
		   enum platform p, struct pagecap_browser *out,
		   struct buf *err);

/*
 * Both, then the verdict and the text. Returns 0 when the URL was tried
 * (whatever came of it: r says), -1 with a message only when the URL or
 * the options are refused before anything is tried. A capture without a
 * screenshot has r->browser.why_not set.
 */
int pagecap_capture(const struct pagecap_opts *o, const char *url,
		    enum platform p, struct pagecap_result *r,
		    struct buf *err);

/*
 * The verdict on what a page shows: status (0: unknown), final_url (may
 * be NULL), text (HTML or rendered text, may be NULL) for platform p
 * (PLATFORM_NONE: every platform's markers). Appends the reason to why
 * unless the verdict is PAGECAP_POST.
 */
enum pagecap_verdict pagecap_judge(enum platform p, long status,
				   const char *final_url, const char *text,
				   size_t len, struct buf *why);

/* "post", "login", "error", "unreachable". */
const char *pagecap_verdict_name(enum pagecap_verdict v);

#endif
