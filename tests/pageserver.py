#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Invented social-media post pages on loopback, for the page-capture tests.

Serves on 127.0.0.1, on a free port which it prints alone on the first
line of stdout (HTTPS with --tls CERT KEY). Every person, handle and post
is invented. Routes (any other path: 404):

  /x /instagram /facebook /tiktok /youtube [?delay=MS]
                  a post page shaped like that platform's: og:title,
                  og:description, the platform's main text node, and the
                  marker TEKS-<PLATFORM> in the post's text; delay=MS
                  answers MS ms late (a slow page)
  /sized          a 2000 px tall page, no margins: red 0-600, green
                  600-1200, blue 1200-2000 (for screenshot checks)
  /redirect?n=N&to=PATH
                  N redirects (301, 302, 303, 307, 308 in turn) to PATH
  /loop           302 to /loop-b, which 302s back to /loop
  /missing        404 with an HTML page
  /status?code=N  status N (503 by default) with a small page
  /gone           410, a platform-style "unavailable" page
  /login-redirect 302 to /accounts/login/?next=/p/C0FiKtIf01a/
  /accounts/login/  an Instagram-style login form (200)
  /login-wall/x   200: X's "Sign in to X" wall with a password field
  /error-page/x   200: X's "this page doesn't exist"
  /slow?ms=N      waits N ms, then a small page
  /hang           sends headers and half a page, then waits 60 s
  /enormous?kb=N  an N KiB HTML page (streamed; 8 MiB by default)
  /hostile        a page that alerts, confirms, navigates away by
                  script and by <meta refresh>, opens a pop-up, submits a
                  form to /elsewhere, and builds a DOM of 20000 nodes
                  (not displayed: Chromium takes minutes to print 20000
                  visible spans); its own text is TEKS-HOSTILE
  /elsewhere /popup  where /hostile tries to go (logged, text PERGI)
  /headers        200 with Set-Cookie, X-Uji and a Server header
  /binary         200 image/png, a few bytes
  GET /__log      the requests so far: "METHOD PATH UA" lines
  POST /__reset   clears the log

Stops on SIGTERM, when stdin reaches EOF with --watch-stdin, or after
--max-seconds. Python 3 standard library only.
"""

import argparse
import http.server
import os
import signal
import ssl
import sys
import threading
import time
import urllib.parse

LOG = []
LOCK = threading.Lock()

HEAD = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>{title}</title>
<meta property="og:title" content="{og_title}">
<meta property="og:description" content="{og_desc}">
<meta name="description" content="{og_desc}">
<style>body{{font-family:sans-serif;margin:20px}}
.post{{border:2px solid #1d9bf0;padding:16px;background:#e8f5fe}}</style>
</head><body>
"""

POSTS = {
    "x": dict(
        title="Budi Fiktif di X: \u201cAyo coblos nomor 2\u201d / X",
        og_title="Budi Fiktif (@budi_fiktif) di X",
        og_desc="\u201cAyo coblos nomor 2 TEKS-X #PilkadaFiktif\u201d",
        body='<article data-testid="tweet"><div data-testid="User-Name">'
             'Budi Fiktif @budi_fiktif</div><div data-testid="tweetText" '
             'lang="in">Ayo coblos nomor 2 TEKS-X <a href="/hashtag">'
             '#PilkadaFiktif</a> &amp; jangan lupa &lt;datang&gt;</div>'
             '<time datetime="2024-11-20T01:00:00.000Z">20 Nov</time>'
             '</article>'),
    "instagram": dict(
        title="Siti Fiktif di Instagram",
        og_title="Siti Fiktif (@siti.fiktif) \u2022 Foto Instagram",
        og_desc="12 likes, 3 comments - siti.fiktif on November 20, 2024: "
                "\u201cDukung paslon fiktif TEKS-INSTAGRAM\u201d",
        body='<main><article><h1 dir="auto">Dukung paslon fiktif '
             'TEKS-INSTAGRAM</h1></article></main>'),
    "facebook": dict(
        title="Dinas Fiktif Kudus - Facebook",
        og_title="Dinas Fiktif Kudus",
        og_desc="Mari bersama paslon fiktif TEKS-FACEBOOK",
        body='<div role="article"><div data-ad-preview="message">Mari '
             'bersama paslon fiktif TEKS-FACEBOOK</div></div>'),
    "tiktok": dict(
        title="Ani Fiktif (@ani.fiktif) | TikTok",
        og_title="Ani Fiktif di TikTok",
        og_desc="Video kampanye fiktif TEKS-TIKTOK",
        body='<div data-e2e="browse-video-desc"><span>Video kampanye '
             'fiktif TEKS-TIKTOK</span></div>'),
    "youtube": dict(
        title="Pidato fiktif - YouTube",
        og_title="Pidato fiktif TEKS-YOUTUBE",
        og_desc="Deskripsi video fiktif",
        body='<h1 class="ytd-watch-metadata"><yt-formatted-string>Pidato '
             'fiktif TEKS-YOUTUBE</yt-formatted-string></h1>'
             '<div id="description">Deskripsi video fiktif</div>'),
}

SIZED = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>ukuran</title>
<style>html,body{margin:0;padding:0}div{width:100%}</style></head><body>
<div style="height:600px;background:#ff0000">merah</div>
<div style="height:600px;background:#00ff00">hijau</div>
<div style="height:800px;background:#0000ff">biru</div>
</body></html>
"""

HOSTILE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>TEKS-HOSTILE</title>
<meta http-equiv="refresh" content="0;url=/elsewhere">
<meta property="og:description" content="Teks TEKS-HOSTILE &lt;b&gt;">
<script>
alert("serangan: alert");
confirm("serangan: confirm");
window.open("/popup");
window.addEventListener("load", function () {
  setTimeout(function () { location.href = "/elsewhere?by=timeout"; }, 0);
  location.replace("/elsewhere?by=load");
  var f = document.createElement("form");
  f.method = "POST"; f.action = "/elsewhere?by=form";
  document.body.appendChild(f); f.submit();
});
</script></head><body>
<p id="own">Teks asli TEKS-HOSTILE</p>
<div id="big" style="display:none"></div>
<script>
var b = document.getElementById("big"), s = [];
for (var i = 0; i < 20000; i++) s.push("<span>n" + i + "</span>");
b.innerHTML = s.join(" ");
location.href = "/elsewhere?by=inline";
</script>
</body></html>
"""


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "netra-halaman-uji/1"

    def log_message(self, *a):
        pass

    def handle(self):
        # a client that hangs up early (a time limit) is no error here
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass

    def log(self):
        if self.path.startswith("/__"):
            return
        with LOCK:
            LOG.append("%s %s %s\n" % (self.command, self.path,
                                       self.headers.get("User-Agent", "-")))

    def send(self, status, body, ctype="text/html; charset=utf-8",
             headers=()):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def redirect(self, status, to):
        self.send(status, "<a href=\"%s\">pindah</a>" % to,
                  headers=[("Location", to)])

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        if self.path == "/__reset":
            with LOCK:
                LOG.clear()
            self.send(200, "ok\n", "text/plain")
            return
        self.log()
        self.send(200, "<p>PERGI</p>")

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query)
        p = u.path
        if p == "/__log":
            with LOCK:
                self.send(200, "".join(LOG), "text/plain")
            return
        self.log()
        name = p.strip("/")
        if name in POSTS:
            d = POSTS[name]
            time.sleep(int(q.get("delay", ["0"])[0]) / 1000)
            self.send(200, HEAD.format(**d) + '<div class="post">' +
                      d["body"] + "</div></body></html>\n")
        elif p == "/sized":
            self.send(200, SIZED)
        elif p == "/redirect":
            n = int(q.get("n", ["1"])[0])
            to = q.get("to", ["/x"])[0]
            codes = [301, 302, 303, 307, 308]
            if n <= 0:
                self.redirect(302, to)
            else:
                nxt = "/redirect?" + urllib.parse.urlencode(
                    {"n": n - 1, "to": to}) if n > 1 else to
                self.redirect(codes[n % len(codes)], nxt)
        elif p == "/loop":
            self.redirect(302, "/loop-b")
        elif p == "/loop-b":
            self.redirect(302, "/loop")
        elif p == "/status":
            code = int(q.get("code", ["503"])[0])
            self.send(code, "<!DOCTYPE html><title>%d</title><p>status %d"
                      % (code, code))
        elif p == "/missing":
            self.send(404, "<!DOCTYPE html><title>404</title><h1>Halaman "
                      "tidak ditemukan</h1>")
        elif p == "/gone":
            self.send(410, "<!DOCTYPE html><title>Video unavailable</title>"
                      "<h1>Video unavailable</h1>")
        elif p == "/login-redirect":
            self.redirect(302, "/accounts/login/?next=/p/C0FiKtIf01a/")
        elif p == "/accounts/login/":
            self.send(200, "<!DOCTYPE html><title>Login \u2022 Instagram"
                      "</title><form id=\"loginForm\"><input name="
                      "\"username\"><input type=\"password\" name="
                      "\"password\"></form>")
        elif p == "/login-wall/x":
            self.send(200, "<!DOCTYPE html><title>X</title><h1>Sign in to "
                      "X</h1><input type=\"password\">")
        elif p == "/error-page/x":
            self.send(200, "<!DOCTYPE html><title>X</title><span>Hmm...this "
                      "page doesn\u2019t exist. Try searching for something "
                      "else.</span>")
        elif p == "/slow":
            time.sleep(int(q.get("ms", ["1000"])[0]) / 1000)
            self.send(200, "<!DOCTYPE html><title>lambat</title><p>akhirnya"
                      "</p>")
        elif p == "/hang":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"<!DOCTYPE html><title>macet</title><p>")
            self.wfile.flush()
            time.sleep(60)
        elif p == "/enormous":
            kb = int(q.get("kb", ["8192"])[0])
            chunk = b"<p>" + b"besar " * 169 + b"</p>\n"
            chunk += b" " * (1024 - len(chunk))
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(kb * 1024))
            self.end_headers()
            try:
                for _ in range(kb):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif p == "/hostile":
            self.send(200, HOSTILE)
        elif p in ("/elsewhere", "/popup"):
            self.send(200, "<!DOCTYPE html><title>PERGI</title><p>PERGI</p>")
        elif p == "/headers":
            self.send(200, "<p>kepala</p>", headers=[
                ("Set-Cookie", "sesi=fiktif123; Path=/; HttpOnly"),
                ("X-Uji", "satu"), ("X-Uji", "dua")])
        elif p == "/binary":
            self.send(200, b"\x89PNG\r\n\x1a\n\0\0\0\0", "image/png")
        else:
            self.send(404, "<!DOCTYPE html><title>404</title><p>tidak ada")

    do_HEAD = do_GET


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--watch-stdin", action="store_true")
    ap.add_argument("--max-seconds", type=float, default=300)
    a = ap.parse_args()
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    if a.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.tls[0], a.tls[1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    signal.signal(signal.SIGTERM, lambda *x: os._exit(0))
    if a.watch_stdin:
        def watch():
            while sys.stdin.buffer.read(1):
                pass
            os._exit(0)
        threading.Thread(target=watch, daemon=True).start()

    def expire():
        time.sleep(a.max_seconds)
        os._exit(0)
    threading.Thread(target=expire, daemon=True).start()
    print(srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
