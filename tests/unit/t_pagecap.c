/* SPDX-License-Identifier: MIT */
/*
 * Page capture (pagecap.c, cdp.c, and the capture requests of http.c)
 * against tests/pageserver.py on loopback, plain and over TLS, serving
 * invented post pages. First what needs no browser: the verdict table,
 * the HTTP exchange (headers, redirect chains, a loop, limits, TLS
 * chain, refused URLs) and that collection requests still refuse
 * redirects; then, when Chromium is installed (else a TAP skip), real
 * headless captures: a post behind redirects on a slow server, the size
 * and colours of a full-page screenshot, a hostile page, a login wall, a
 * 404, an enormous page, a page that never finishes (the time limit
 * kills the browser), and captures without a usable browser. At the end
 * no browser process and no profile folder may be left.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/buf.h"
#include "collect/cdp.h"
#include "collect/http.h"
#include "collect/pagecap.h"
#include "util/fsutil.h"
#include "child_server.h"
#include "tap.h"
#include "util/banned.h"

static struct child_server plain, tls;
static char *tmp;		/* TMPDIR for the browser's folders */
static int rc;			/* the last call, before err is read */

static void url(struct buf *b, const char *path)
{
	buf_reset(b);
	buf_addf(b, "%s%s", plain.base, path);
}

static void opts(struct pagecap_opts *o)
{
	pagecap_opts_init(o);
	o->http_timeout_ms = 10000;
	o->max_tries = 1;
	o->settle_ms = 200;
	o->load_timeout_ms = 10000;
	o->browser_timeout_ms = 30000;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* How many lines of the page server's log contain s. */
static int log_count(const char *s)
{
	struct buf u = BUF_INIT, log = BUF_INIT;
	const char *p;
	int n = 0;

	buf_addf(&u, "%s/__log", plain.base);
	fetch_text(u.s, &log);
	for (p = log.s; (p = strstr(p, s)); p++)
		n++;
	buf_release(&u);
	buf_release(&log);
	return n;
}

static void test_judge(void)
{
	static const struct {
		enum platform p;
		long status;
		const char *url, *text;
		enum pagecap_verdict want;
		const char *says;
	} cases[] = {
		{ PLATFORM_X, 200, "https://x.com/budi_fiktif/status/1",
		  "<div>Ayo coblos</div>", PAGECAP_POST, NULL },
		{ PLATFORM_X, 404, "https://x.com/a/status/1", "", PAGECAP_ERROR,
		  "HTTP 404" },
		{ PLATFORM_X, 200, "https://x.com/i/flow/login?redirect=1", "",
		  PAGECAP_LOGIN, "/i/flow/login" },
		{ PLATFORM_X, 200, "https://x.com/a/status/1",
		  "<h1>Sign in to X</h1>", PAGECAP_LOGIN, "sign in to x" },
		{ PLATFORM_X, 200, "https://x.com/a/status/1",
		  "Hmm...this page doesn\xe2\x80\x99t exist.", PAGECAP_ERROR,
		  "doesn" },
		{ PLATFORM_X, 200, "https://x.com/loginfo/status/1", "",
		  PAGECAP_POST, NULL },
		{ PLATFORM_INSTAGRAM, 200,
		  "https://www.instagram.com/accounts/login/?next=%2Fp%2F",
		  "", PAGECAP_LOGIN, "/accounts/login" },
		{ PLATFORM_INSTAGRAM, 200, "https://www.instagram.com/p/C0/",
		  "<form ID=\"loginForm\">", PAGECAP_LOGIN, "loginform" },
		{ PLATFORM_INSTAGRAM, 200, "https://www.instagram.com/p/C0/",
		  "Sorry, this page isn't available.", PAGECAP_ERROR,
		  "isn't available" },
		{ PLATFORM_FACEBOOK, 200, "https://www.facebook.com/login.php",
		  "", PAGECAP_LOGIN, "/login.php" },
		{ PLATFORM_FACEBOOK, 200, "https://m.facebook.com/checkpoint/1",
		  "", PAGECAP_LOGIN, "/checkpoint" },
		{ PLATFORM_FACEBOOK, 200, "https://www.facebook.com/a/posts/1",
		  "This content isn\xe2\x80\x99t available right now",
		  PAGECAP_ERROR, "content" },
		{ PLATFORM_TIKTOK, 200, "https://www.tiktok.com/login", "",
		  PAGECAP_LOGIN, "/login" },
		{ PLATFORM_TIKTOK, 200, "https://www.tiktok.com/@a/video/1",
		  "Video currently unavailable", PAGECAP_ERROR, "unavailable" },
		{ PLATFORM_YOUTUBE, 200,
		  "https://accounts.google.com/ServiceLogin?continue=x", "",
		  PAGECAP_LOGIN, "accounts.google.com" },
		{ PLATFORM_YOUTUBE, 200, "https://consent.youtube.com/m?x=1", "",
		  PAGECAP_LOGIN, "consent" },
		{ PLATFORM_YOUTUBE, 200, "https://www.youtube.com/watch?v=a",
		  "<title>Video unavailable</title>", PAGECAP_ERROR,
		  "video unavailable" },
		/* another platform's markers do not count ... */
		{ PLATFORM_YOUTUBE, 200, "https://www.youtube.com/watch?v=a",
		  "Sign in to X", PAGECAP_POST, NULL },
		/* ... unless the platform is not known */
		{ PLATFORM_NONE, 200, "http://127.0.0.1/x", "Sign in to X",
		  PAGECAP_LOGIN, "sign in to x" },
		{ PLATFORM_NONE, 0, NULL, NULL, PAGECAP_POST, NULL },
		{ PLATFORM_NONE, 500, "not a url", NULL, PAGECAP_ERROR, "500" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf why = BUF_INIT;
		enum pagecap_verdict v = pagecap_judge(
			cases[i].p, cases[i].status, cases[i].url,
			cases[i].text, cases[i].text ? strlen(cases[i].text) :
			0, &why);

		ok(v == cases[i].want && (!cases[i].says ?
					  !why.len : !!strstr(why.s,
							      cases[i].says)),
		   "judge %s %ld %s: %s (%s)", platform_name(cases[i].p),
		   cases[i].status, cases[i].url ? cases[i].url : "-",
		   pagecap_verdict_name(v), why.s);
		buf_release(&why);
	}
}

static void release_http(struct pagecap_http *h)
{
	struct pagecap_result r;

	pagecap_result_init(&r);
	r.http = *h;
	pagecap_result_release(&r);
	memset(h, 0, sizeof(*h));
}

static void test_fetch_basic(void)
{
	struct pagecap_opts o;
	struct pagecap_http h;
	struct buf u = BUF_INIT, err = BUF_INIT;
	const struct pagecap_hop *hop;

	opts(&o);
	memset(&h, 0, sizeof(h));
	url(&u, "/x");
	rc = pagecap_fetch(&o, u.s, &h, &err);
	ok(!rc && h.n_hops == 1 && h.status == 200, "GET /x: %s", err.s);
	hop = h.hops;
	is_str(hop->status_line, "HTTP/1.1 200 OK", "  the status line");
	ok(strstr(hop->headers, "content-type: text/html; charset=utf-8\n") &&
	   strstr(hop->headers, "server: netra-halaman-uji/1") &&
	   strstr(hop->headers, "content-length: "),
	   "  every response header kept");
	is_str(hop->remote_ip, "127.0.0.1", "  the server's address");
	is_int(hop->remote_port, plain.port, "  and port");
	ok(!strcmp(hop->local_ip, "127.0.0.1") && hop->local_port > 0 &&
	   hop->local_port != plain.port, "  and ours (%s:%ld)",
	   hop->local_ip, hop->local_port);
	ok(h.request_headers &&
	   !strncmp(h.request_headers, "User-Agent: netra/", 18) &&
	   strstr(h.request_headers, "Accept-Language: id-ID"),
	   "  what was sent is recorded");
	is_int(hop->http_version, 11, "  HTTP/1.1");
	ok(hop->total_us > 0 && hop->first_byte_us > 0 &&
	   hop->first_byte_us <= hop->total_us && !hop->tls_us,
	   "  timings (%ld us to the first byte, %ld us)", hop->first_byte_us,
	   hop->total_us);
	is_str(hop->certs_pem, "", "  no TLS chain over http://");
	ok(h.body && strstr((char *)h.body, "TEKS-X") &&
	   h.body_len == strlen((char *)h.body) && !h.truncated,
	   "  the body, whole");
	is_str(h.content_type, "text/html; charset=utf-8", "  content type");
	is_str(h.final_url, u.s, "  the final URL");
	ok(!h.error, "  no error");
	release_http(&h);
	url(&u, "/headers");
	buf_reset(&err);
	rc = pagecap_fetch(&o, u.s, &h, &err);
	ok(!rc && strstr(h.hops[0].headers,
			 "set-cookie: sesi=fiktif123; Path=/; HttpOnly\n") &&
	   strstr(h.hops[0].headers, "x-uji: satu\n") &&
	   strstr(h.hops[0].headers, "x-uji: dua\n"),
	   "repeated and cookie headers are kept as received");
	release_http(&h);
	buf_release(&u);
	buf_release(&err);
}

static void test_fetch_redirects(void)
{
	struct pagecap_opts o;
	struct pagecap_http h;
	struct buf u = BUF_INIT, err = BUF_INIT, want = BUF_INIT;
	int before;

	opts(&o);
	memset(&h, 0, sizeof(h));
	url(&u, "/redirect?n=3&to=/x");
	rc = pagecap_fetch(&o, u.s, &h, &err);
	ok(!rc && h.n_hops == 4 && h.status == 200,
	   "three redirects, then the page: %s", err.s);
	if (h.n_hops == 4) {
		is_int(h.hops[0].status, 307, "  hop 1: 307");
		is_int(h.hops[1].status, 303, "  hop 2: 303");
		is_int(h.hops[2].status, 302, "  hop 3: 302");
		url(&want, "/redirect?n=2&to=%2Fx");
		is_str(h.hops[0].location, want.s, "  hop 1 points on, "
		       "absolute");
		is_str(h.hops[1].url, want.s, "  and hop 2 asked for it");
		ok(strstr(h.hops[0].headers, "location: /redirect?n=2") != NULL,
		   "  the Location header as sent (relative)");
		url(&want, "/x");
		is_str(h.final_url, want.s, "  the final URL");
		ok(!h.hops[3].location, "  the last hop points nowhere");
	}
	release_http(&h);

	url(&u, "/loop");
	buf_reset(&err);
	rc = pagecap_fetch(&o, u.s, &h, &err);
	ok(rc && h.n_hops == 2 && strstr(err.s, "redirect loop") &&
	   h.error && !h.body, "a redirect loop ends: %s", err.s);
	release_http(&h);

	url(&u, "/redirect?n=12&to=/x");
	buf_reset(&err);
	o.max_redirects = 10;
	rc = pagecap_fetch(&o, u.s, &h, &err);
	ok(rc && h.n_hops == 11 && strstr(err.s, "more than 10 redirects"),
	   "twelve redirects are too many: %s (%zu hops)", err.s, h.n_hops);
	release_http(&h);

	/* collection (no capture flag) still refuses to follow */
	before = log_count("GET /x ");
	{
		struct http_engine *e = http_new(NULL, &err);
		struct buf got = BUF_INIT;

		url(&u, "/redirect?n=1&to=/x");
		buf_reset(&err);
		ok(e && !http_get(e, u.s, NULL, &got, &err),
		   "an API request to a redirect");
		ok(!http_run(e, fetch_cb, NULL, NULL, &err), "  runs");
		ok(http_stats(e)->fail[HTTP_FAIL_HTTP] == 1,
		   "  is refused (the 3xx is a failure)");
		http_free(e);
		buf_release(&got);
	}
	is_int(log_count("GET /x "), before,
	       "  and the redirect's target was never asked for");
	buf_release(&u);
	buf_release(&err);
	buf_release(&want);
}

static void test_fetch_limits(void)
{
	struct pagecap_opts o;
	struct pagecap_http h;
	struct buf u = BUF_INIT, err = BUF_INIT;
	int before;

	opts(&o);
	memset(&h, 0, sizeof(h));
	o.max_body = (size_t)1 << 20;
	url(&u, "/enormous");
	rc = pagecap_fetch(&o, u.s, &h, &err);
	ok(!rc && h.status == 200 && h.truncated &&
	   h.body_len == (size_t)1 << 20,
	   "an 8 MiB page is cut at 1 MiB, and says so: %s", err.s);
	release_http(&h);

	o.http_timeout_ms = 1000;
	url(&u, "/slow?ms=3000");
	buf_reset(&err);
	rc = pagecap_fetch(&o, u.s, &h, &err);
	ok(rc && strstr(err.s, "timed out") && h.n_hops == 1 &&
	   !h.hops[0].status, "a page slower than the limit: %s", err.s);
	release_http(&h);
	o.http_timeout_ms = 10000;

	url(&u, "/missing");
	buf_reset(&err);
	rc = pagecap_fetch(&o, u.s, &h, &err);
	ok(!rc && h.status == 404 && strstr((char *)h.body, "tidak "
					    "ditemukan"),
	   "a 404 is a response, kept with its body");
	release_http(&h);

	o.max_tries = 2;
	url(&u, "/status?code=503");
	buf_reset(&err);
	before = log_count("GET /status?code=503 ");
	rc = pagecap_fetch(&o, u.s, &h, &err);
	ok(!rc && h.status == 503 && h.n_hops == 1 && !h.error &&
	   strstr((char *)h.body, "status 503"),
	   "a 503 on every try is kept as the answer: %s", err.s);
	is_int(log_count("GET /status?code=503 ") - before, 2,
	       "  after max_tries (2) tries");
	release_http(&h);
	o.max_tries = 1;

	buf_reset(&u);
	buf_addf(&u, "http://127.0.0.1:%d/x", closed_port());
	buf_reset(&err);
	rc = pagecap_fetch(&o, u.s, &h, &err);
	ok(rc && strstr(err.s, "cannot connect") && h.error,
	   "nothing listening: %s", err.s);
	release_http(&h);

	before = log_count("GET ");
	{
		static const char *const bad[] = {
			"file:///etc/passwd", "javascript:alert(1)",
			"ftp://127.0.0.1/x", "", "http://a b/",
		};
		size_t i;

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			buf_reset(&err);
			rc = pagecap_fetch(&o, bad[i], &h, &err);
			ok(rc && err.len && !h.n_hops, "refused: '%s': %s",
			   bad[i], err.s);
			release_http(&h);
		}
		buf_reset(&u);
		buf_addf(&u, "http://budi:rahasia@127.0.0.1:%d/x", plain.port);
		buf_reset(&err);
		rc = pagecap_fetch(&o, u.s, &h, &err);
		ok(rc && strstr(err.s, "password") &&
		   !strstr(err.s, "rahasia"),
		   "a URL with a password is refused: %s", err.s);
		release_http(&h);
	}
	is_int(log_count("GET "), before, "  none of them was requested");

	{
		struct http_engine *e = http_new(NULL, &err);
		struct http_request rq;

		memset(&rq, 0, sizeof(rq));
		url(&u, "/x");
		rq.url = u.s;
		rq.auth = "Authorization: Bearer fiktif";
		rq.flags = HTTP_REQ_CAPTURE;
		buf_reset(&err);
		ok(http_add(e, &rq, &err) && strstr(err.s, "auth"),
		   "a capture request never carries an auth line: %s", err.s);
		http_free(e);
	}
	buf_release(&u);
	buf_release(&err);
}

static void test_fetch_tls(void)
{
	struct pagecap_opts o;
	struct pagecap_http h;
	struct buf u = BUF_INIT, err = BUF_INIT, ca = BUF_INIT;
	const char *src = getenv("NETRA_SRC");

	opts(&o);
	memset(&h, 0, sizeof(h));
	buf_addf(&ca, "%s/fixtures/http/tls/test-only.crt", src ? src : ".");
	o.ca_file = ca.s;
	buf_addf(&u, "%s/x", tls.base);
	rc = pagecap_fetch(&o, u.s, &h, &err);
	ok(!rc && h.status == 200, "HTTPS with the test CA: %s", err.s);
	if (h.n_hops) {
		ok(!strncmp(h.hops[0].certs_pem, "-----BEGIN CERTIFICATE-----",
			    27) &&
		   strstr(h.hops[0].certs_pem, "-----END CERTIFICATE-----\n"),
		   "  the server's certificate, PEM");
		ok(h.hops[0].n_certs >= 1, "  %d certificate(s)",
		   h.hops[0].n_certs);
		ok(strstr(h.hops[0].cert_subject, "netra test server (fiktif)")
		   != NULL, "  its subject: %s", h.hops[0].cert_subject);
		ok(h.hops[0].tls_us > 0, "  the TLS handshake's time");
	}
	release_http(&h);
	/* the chain is there for every hop, not only the first */
	buf_reset(&u);
	buf_addf(&u, "%s/redirect?n=1&to=/x", tls.base);
	buf_reset(&err);
	rc = pagecap_fetch(&o, u.s, &h, &err);
	ok(!rc && h.n_hops == 2 && h.hops[0].n_certs >= 1 &&
	   h.hops[1].n_certs >= 1,
	   "  each hop has the chain (fresh connections)");
	release_http(&h);
	o.ca_file = NULL;
	buf_reset(&err);
	rc = pagecap_fetch(&o, u.s, &h, &err);
	ok(rc && strstr(err.s, "TLS certificate rejected"),
	   "an untrusted certificate is refused: %s", err.s);
	release_http(&h);
	buf_release(&u);
	buf_release(&err);
	buf_release(&ca);
}

/* A PDF that parses the way a reader starts: header, pages, trailer. */
static int pdf_ok(const unsigned char *p, size_t n)
{
	return n > 100 && !memcmp(p, "%PDF-1.", 7) &&
		memmem(p, n, "/Type /Pages", 12) &&
		memmem(p, n, "/Count ", 7) && memmem(p + n - 32, 32, "%%EOF", 5);
}

static int png_ok(const struct pagecap_browser *b, int w, int h)
{
	return b->png && b->png_len > 100 &&
		!memcmp(b->png, "\x89PNG\r\n\x1a\n", 8) && b->png_width == w &&
		b->png_height == h;
}

static int save(const char *name, const unsigned char *d, size_t n,
		struct buf *path)
{
	struct buf err = BUF_INIT;
	int r;

	buf_reset(path);
	buf_addf(path, "%s/%s", tmp, name);
	r = fs_write_atomic(path->s, d, n, &err);
	buf_release(&err);
	return r;
}

static void test_browser_post(void)
{
	struct pagecap_opts o;
	struct pagecap_result r;
	struct pagecap_browser *b = &r.browser;
	struct buf u = BUF_INIT, err = BUF_INIT, want = BUF_INIT;

	opts(&o);
	pagecap_result_init(&r);
	url(&u, "/redirect?n=3&to=/x%3Fdelay%3D800");
	rc = pagecap_capture(&o, u.s, PLATFORM_X, &r, &err);
	ok(!rc && !b->why_not, "a post behind 3 redirects on a slow server: "
	   "%s %s", err.s, b->why_not ? b->why_not : "");
	is_str(pagecap_verdict_name(r.verdict), "post", "  judged a post");
	is_str(r.text, "Ayo coblos nomor 2 TEKS-X #PilkadaFiktif & jangan "
	       "lupa <datang>", "  the post's text, as rendered");
	is_str(r.text_source, "page: [data-testid=\"tweetText\"]",
	       "  marked as read from the page");
	ok(r.http.n_hops == 4 && r.http.status == 200,
	   "  the HTTP exchange: 4 hops");
	ok(png_ok(b, 1280, 800), "  a 1280x800 PNG (%dx%d)", b->png_width,
	   b->png_height);
	ok(b->dom && strstr(b->dom, "TEKS-X") &&
	   !strncmp(b->dom, "<!DOCTYPE html>", 15),
	   "  the rendered DOM");
	ok(pdf_ok(b->pdf, b->pdf_len), "  a PDF (%zu bytes)", b->pdf_len);
	ok(b->product && !strncmp(b->product, "Chrome/", 7),
	   "  the browser's version: %s", b->product);
	ok(b->user_agent && strstr(b->user_agent, "HeadlessChrome/"),
	   "  its user agent: %s", b->user_agent);
	url(&want, "/x?delay=800");
	is_str(b->final_url, want.s, "  the browser followed the redirects");
	is_int(b->status, 200, "  the document's status, as the browser got "
	       "it");
	is_str(b->remote_ip, "127.0.0.1", "  and from where");
	is_str(b->title, "Budi Fiktif di X: \xe2\x80\x9c" "Ayo coblos nomor "
	       "2\xe2\x80\x9d / X", "  the title");
	is_str(b->notes, "", "  nothing to note");
	ok(!b->load_timed_out, "  loaded in time");
	ok(r.started && r.ended >= r.started, "  when");
	ok(log_count("HeadlessChrome") >= 4 && log_count("netra/") >= 4,
	   "  the server saw both libcurl and Chromium");
	pagecap_result_release(&r);
	buf_release(&u);
	buf_release(&err);
	buf_release(&want);
}

static void test_browser_sized(void)
{
	struct pagecap_opts o;
	struct pagecap_browser b;
	struct buf u = BUF_INIT, err = BUF_INIT, path = BUF_INIT;
	const char *src = getenv("NETRA_SRC");
	struct buf script = BUF_INIT;

	opts(&o);
	memset(&b, 0, sizeof(b));
	url(&u, "/sized");
	rc = pagecap_browse(&o, u.s, PLATFORM_NONE, &b, &err);
	ok(!rc && png_ok(&b, 1280, 2000) && b.page_height == 2000 &&
	   !b.png_cut, "a 2000 px page: a 1280x2000 full-page PNG (%dx%d) %s",
	   b.png_width, b.png_height, err.s);
	buf_addf(&script, "%s/tests/pngcheck.py", src ? src : ".");
	if (b.png && !save("sized.png", b.png, b.png_len, &path)) {
		const char *argv[] = {
			"python3", script.s, path.s, "1280", "2000",
			"10,10,255,0,0", "1270,590,255,0,0", "640,900,0,255,0",
			"10,1300,0,0,255", "1270,1995,0,0,255", NULL
		};

		ok(run_cmd(argv) == 0, "  red, green and blue where the page "
		   "has them, down to the last rows");
	} else {
		ok(0, "  the PNG could not be checked");
	}
	ok(pdf_ok(b.pdf, b.pdf_len), "  and its PDF");
	{
		struct pagecap_result r;

		pagecap_result_init(&r);
		r.browser = b;
		pagecap_result_release(&r);
	}
	buf_release(&u);
	buf_release(&err);
	buf_release(&path);
	buf_release(&script);
}

static void test_browser_hostile(void)
{
	struct pagecap_opts o;
	struct pagecap_result r;
	struct pagecap_browser *b = &r.browser;
	struct buf u = BUF_INIT, err = BUF_INIT, want = BUF_INIT;

	opts(&o);
	o.settle_ms = 1500;	/* long enough for the refresh and timers */
	pagecap_result_init(&r);
	url(&u, "/hostile");
	rc = pagecap_capture(&o, u.s, PLATFORM_NONE, &r, &err);
	ok(!rc && png_ok(b, 1280, 800), "a hostile page is captured: %s",
	   b->why_not ? b->why_not : "");
	is_str(b->final_url, u.s, "  and stays where it was asked to be");
	ok(b->dom && strstr(b->dom, "Teks asli TEKS-HOSTILE") &&
	   strstr(b->dom, "<span>n19999</span>") && !strstr(b->dom, "PERGI"),
	   "  its own DOM, all 20000 nodes (%zu bytes)", b->dom_len);
	ok(b->notes && strstr(b->notes, "dialog (alert); dismissed: "
			      "serangan: alert") &&
	   strstr(b->notes, "dialog (confirm)"),
	   "  its dialogs were dismissed");
	ok(b->notes && strstr(b->notes, "tried to go elsewhere; refused: ") &&
	   strstr(b->notes, "/elsewhere"), "  its navigation was refused");
	is_int(log_count(" /elsewhere"), 0,
	   "  the server never saw the browser leave");
	is_str(r.text, "Teks TEKS-HOSTILE <b>", "  its text, not interpreted");
	is_str(r.text_source, "page: og:description", "  from og:description");
	ok(pdf_ok(b->pdf, b->pdf_len), "  a PDF");
	pagecap_result_release(&r);
	buf_release(&u);
	buf_release(&err);
	buf_release(&want);
}

static void test_browser_walls(void)
{
	struct pagecap_opts o;
	struct pagecap_result r;
	struct buf u = BUF_INIT, err = BUF_INIT;

	opts(&o);
	pagecap_result_init(&r);
	url(&u, "/login-redirect");
	rc = pagecap_capture(&o, u.s, PLATFORM_INSTAGRAM, &r, &err);
	ok(!rc && r.verdict == PAGECAP_LOGIN && r.verdict_why &&
	   strstr(r.verdict_why, "/accounts/login/") && !r.text,
	   "a redirect to a login page: %s (%s)",
	   pagecap_verdict_name(r.verdict), r.verdict_why);
	ok(r.browser.png && r.browser.password_field,
	   "  still captured, and the password field seen");
	pagecap_result_release(&r);

	url(&u, "/missing");
	buf_reset(&err);
	rc = pagecap_capture(&o, u.s, PLATFORM_X, &r, &err);
	ok(!rc && r.verdict == PAGECAP_ERROR && r.verdict_why &&
	   strstr(r.verdict_why, "HTTP 404") && !r.text,
	   "a 404: %s (%s)", pagecap_verdict_name(r.verdict), r.verdict_why);
	ok(r.browser.png && r.browser.status == 404 && r.http.status == 404,
	   "  screenshot kept; both saw the 404");
	pagecap_result_release(&r);
	buf_release(&u);
	buf_release(&err);
}

static void test_browser_enormous(void)
{
	struct pagecap_opts o;
	struct pagecap_browser b;
	struct buf u = BUF_INIT, err = BUF_INIT;

	opts(&o);
	o.max_shot_height = 3000;
	memset(&b, 0, sizeof(b));
	url(&u, "/enormous?kb=256");
	rc = pagecap_browse(&o, u.s, PLATFORM_NONE, &b, &err);
	ok(!rc && png_ok(&b, 1280, 3000) && b.png_cut &&
	   b.page_height > 3000, "an enormous page: its first 3000 px, and "
	   "so noted (%d px tall) %s", b.page_height, err.s);
	ok(b.notes && strstr(b.notes, "shows its first 3000 px"),
	   "  noted");
	ok(b.dom_len > 256 * 1024, "  the whole DOM (%zu bytes)", b.dom_len);
	{
		struct pagecap_result r;

		pagecap_result_init(&r);
		r.browser = b;
		pagecap_result_release(&r);
	}
	buf_release(&u);
	buf_release(&err);
}

static void test_browser_timeout(void)
{
	struct pagecap_opts o;
	struct pagecap_browser b;
	struct buf u = BUF_INIT, err = BUF_INIT;
	double t0;

	opts(&o);
	o.browser_timeout_ms = 4000;
	o.load_timeout_ms = 60000;
	memset(&b, 0, sizeof(b));
	url(&u, "/hang");
	t0 = now_s();
	rc = pagecap_browse(&o, u.s, PLATFORM_NONE, &b, &err);
	ok(rc && b.why_not && strstr(b.why_not, "within 4 s") && !b.png,
	   "a page that never finishes: %s", b.why_not);
	ok(now_s() - t0 < 30, "  the time limit held (%.1f s)", now_s() - t0);
	ok(b.notes && strstr(b.notes, "killed at the time limit"),
	   "  the browser was killed");
	{
		struct pagecap_result r;

		pagecap_result_init(&r);
		r.browser = b;
		pagecap_result_release(&r);
	}
	buf_release(&u);
	buf_release(&err);
}

/* Without a usable browser the HTTP exchange is still there. */
static void test_no_browser(void)
{
	static const struct {
		const char *chromium, *says;
	} cases[] = {
		{ "/nonexistent/chromium", "not an executable file" },
		{ "netra-no-such-browser", "no 'netra-no-such-browser' found "
		  "on PATH" },
		{ "", "no browser configured" },
		{ "/bin/true", "closed its DevTools pipe" },
	};
	struct pagecap_opts o;
	struct pagecap_result r;
	struct buf u = BUF_INIT, err = BUF_INIT;
	size_t i;

	opts(&o);
	url(&u, "/x");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pagecap_result_init(&r);
		o.chromium = cases[i].chromium;
		buf_reset(&err);
		rc = pagecap_capture(&o, u.s, PLATFORM_X, &r, &err);
		ok(!rc && r.browser.why_not &&
		   strstr(r.browser.why_not, cases[i].says) && !r.browser.png &&
		   !r.browser.ran, "browser '%s': no screenshot, says why: %s",
		   cases[i].chromium, r.browser.why_not);
		ok(r.http.status == 200 && r.http.body &&
		   strstr((char *)r.http.body, "TEKS-X") &&
		   r.verdict == PAGECAP_POST && !r.text,
		   "  the HTTP exchange is kept, no text claimed");
		pagecap_result_release(&r);
	}
	o.chromium = NULL;
	pagecap_result_init(&r);
	buf_reset(&err);
	rc = pagecap_capture(&o, "file:///etc/passwd", PLATFORM_X, &r, &err);
	ok(rc && strstr(err.s, "http://") && !r.url,
	   "a file:// URL is refused before anything runs: %s", err.s);
	pagecap_result_release(&r);
	buf_reset(&u);
	buf_addf(&u, "http://127.0.0.1:%d/x", closed_port());
	o.chromium = "";
	pagecap_result_init(&r);
	buf_reset(&err);
	rc = pagecap_capture(&o, u.s, PLATFORM_X, &r, &err);
	ok(!rc && r.verdict == PAGECAP_UNREACHABLE && r.verdict_why &&
	   strstr(r.verdict_why, "cannot connect"),
	   "nothing there: unreachable: %s", r.verdict_why);
	pagecap_result_release(&r);
	buf_release(&u);
	buf_release(&err);
}

static double t_start;

/* How long each group took, as a TAP comment (never asserted). */
static void lap(const char *what)
{
	double t = now_s();

	printf("# %s: %.1f s\n", what, t - t_start);
	t_start = t;
}

/* No browser folder left in tmp, and no process still using one. */
static void test_nothing_left(void)
{
	DIR *d = opendir(tmp);
	struct dirent *e;
	int left = 0, procs = 0;

	while (d && (e = readdir(d)))
		if (!strncmp(e->d_name, "netra-chromium.", 15))
			left++;
	if (d)
		closedir(d);
	is_int(left, 0, "no browser folder is left behind");
	d = opendir("/proc");
	while (d && (e = readdir(d))) {
		struct buf p = BUF_INIT, cmd = BUF_INIT, ignore = BUF_INIT;
		size_t i;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		buf_addf(&p, "/proc/%s/cmdline", e->d_name);
		if (!fs_read_all(p.s, &cmd, &ignore)) {
			for (i = 0; i < cmd.len; i++)
				if (!cmd.s[i])
					cmd.s[i] = ' ';
			if (strstr(cmd.s, tmp) && strstr(cmd.s, "chrom"))
				procs++;
		}
		buf_release(&p);
		buf_release(&cmd);
		buf_release(&ignore);
	}
	if (d)
		closedir(d);
	is_int(procs, 0, "no browser process is left running");
}

int main(void)
{
	const char *src = getenv("NETRA_SRC");
	struct buf crt = BUF_INIT, key = BUF_INIT, ignore = BUF_INIT;
	const char *targs[4];
	char *path;

	tmp = temp_dir("pagecap");
	setenv("TMPDIR", tmp, 1);
	child_server_start(&plain, "pageserver.py", NULL, "http");
	buf_addf(&crt, "%s/fixtures/http/tls/test-only.crt", src ? src : ".");
	buf_addf(&key, "%s/fixtures/http/tls/test-only.key", src ? src : ".");
	targs[0] = "--tls";
	targs[1] = crt.s;
	targs[2] = key.s;
	targs[3] = NULL;
	child_server_start(&tls, "pageserver.py", targs, "https");

	t_start = now_s();
	test_judge();
	test_fetch_basic();
	lap("test_fetch_basic");
	test_fetch_redirects();
	lap("test_fetch_redirects");
	test_fetch_limits();
	lap("test_fetch_limits");
	test_fetch_tls();
	lap("test_fetch_tls");
	test_no_browser();
	lap("test_no_browser");
	path = cdp_find_browser(NULL, &ignore);
	if (path) {
		test_browser_post();
	lap("test_browser_post");
		test_browser_sized();
	lap("test_browser_sized");
		test_browser_hostile();
	lap("test_browser_hostile");
		test_browser_walls();
	lap("test_browser_walls");
		test_browser_enormous();
	lap("test_browser_enormous");
		test_browser_timeout();
	lap("test_browser_timeout");
	} else {
		printf("ok %d # skip chromium is not installed (%s)\n",
		       ++tap_n, ignore.s);
	}
	test_nothing_left();
	free(path);
	child_server_stop(&plain);
	child_server_stop(&tls);
	remove_tree(tmp);
	free(tmp);
	buf_release(&crt);
	buf_release(&key);
	buf_release(&ignore);
	return done_testing();
}
