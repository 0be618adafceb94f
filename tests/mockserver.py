#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A misbehaving mock of the platform APIs netra collects from.

Serves invented accounts (fixtures/http/accounts.json, plus --synthetic N
generated ones) in each API's response shape, paginated, on 127.0.0.1 on a
free port, which it prints alone on the first line of stdout. Threaded (one
thread per connection, HTTP/1.1 keep-alive), so concurrent clients really
overlap; --delay-ms adds latency to every API request.

Routes (any other path: 404):
  X API v2        GET  /2/users/by/username/NAME
                  GET  /2/users/by?usernames=A,B
                  GET  /2/users/ID/tweets?max_results=&pagination_token=
                  GET  /2/users/ID/following?pagination_token=
                  auth: "Authorization: Bearer TOKEN"
  YouTube v3      GET  /youtube/v3/channels?forHandle=@H | id=UC..[,UC..]
                  GET  /youtube/v3/playlistItems?playlistId=UU..&pageToken=
                  GET  /youtube/v3/videos?id=A,B
                  auth: key=KEY or "X-Goog-Api-Key: KEY"
  Graph API       GET  /vNN.N/IGID?fields=business_discovery.username(NAME)
                         {...,media.after(CURSOR).limit(N){...}}
                  GET  /vNN.N/PAGEID/posts?after=&limit=
                  auth: access_token=TOKEN or "Authorization: Bearer TOKEN"
  TikTok Research POST /v2/research/video/query/?fields=...  (JSON body:
                       query.and[].field_values usernames, max_count,
                       cursor, search_id)
                  auth: "Authorization: Bearer TOKEN"
A wrong credential gets that platform's own refusal (X 401, YouTube 400
keyInvalid, Graph 400 OAuthException 190, TikTok 401
access_token_invalid). The page size is --page-size (or a smaller
max_results / maxResults / limit / max_count).

Control (no auth, not delayed, not logged):
  GET /__health             "ok"
  POST /__fault  RULE|[RULE] add fault rules; DELETE /__fault clears them
  GET /__log                the request log, a JSON list; DELETE clears it
  GET /__stats              {"requests", "connections", "faults"}
  POST /__config {"delay_ms": N}
  POST /__reset             clears rules, log and counters
A fault RULE is {"path": PREFIX, "query": SUBSTRING, "method": M,
"kind": K, "count": N (default 1, -1 forever), "skip": N (let N matching
requests through first), ...}. Kinds:
  429              x-rate-limit-remaining: 0, x-rate-limit-reset: now +
                   "reset" s (default 1)
  429-retry-after  Retry-After: "retry_after" s (default 1), or an HTTP
                   date when "date": true
  500, 503         (503 with Retry-After when "retry_after" is given)
  stall            the headers, then silence for "seconds"
                   (default 10), then the connection is closed
  truncated        Content-Length of the whole body, half of it, close
  invalid-json     200 with the first half of the body only
  exhaust          the normal reply, but x-rate-limit-remaining: 0 and
                   x-rate-limit-reset: now + "reset" s (default 1)
  401              the platform's 401 body
  quota            the platform's quota error (X UsageCapExceeded 429,
                   YouTube 403 quotaExceeded, Graph 400 code 4, TikTok
                   429 rate_limit_exceeded)
  status           "status" (e.g. 404) with a small JSON body
  drop             the connection is closed without a reply
  delay            "ms" more latency, then the normal reply
--faults FILE loads rules at start. Every API request is logged (method,
target, all request headers, body, connection number, status, fault,
arrival time) for GET /__log and, with --log FILE, as JSON lines.

--tls CERT KEY serves HTTPS (fixtures/http/tls/test-only.*, made for
127.0.0.1). Stops on SIGTERM or SIGINT, when stdin reaches EOF with
--watch-stdin, or after --max-seconds. Python 3 standard library only.
"""

import argparse
import calendar
import email.utils
import hashlib
import json
import os
import re
import signal
import socket
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ACCOUNTS = os.path.join(HERE, "..", "fixtures", "http",
                                "accounts.json")


def iso(t, fmt="%Y-%m-%dT%H:%M:%S.000Z"):
    return time.strftime(fmt, time.gmtime(t))


def short_hash(s, n=8):
    return hashlib.sha256(s.encode()).hexdigest()[:n]


class Data:
    """The invented accounts and the pages generated from them."""

    def __init__(self, path, synthetic, pages, page_size):
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        self.tokens = d["tokens"]
        self.page_size = page_size or d.get("page_size", 5)
        syn = d.get("synthetic", {})
        n_syn = synthetic if synthetic is not None else syn.get("accounts", 0)
        n_pages = pages if pages is not None else syn.get("pages", 5)
        self.texts = d["texts"]
        self.base = calendar.timegm(time.strptime(d["base_time"],
                                                  "%Y-%m-%dT%H:%M:%SZ"))
        per = n_pages * self.page_size
        self.x = list(d.get("x", []))
        self.yt = list(d.get("youtube", []))
        self.ig = list(d.get("instagram", []))
        self.fb = list(d.get("facebook", []))
        self.tt = list(d.get("tiktok", []))
        for i in range(n_syn):
            name = "asn.fiktif.%05d" % i
            self.x.append({"username": "asn_fiktif_%05d" % i,
                           "id": str(1791000000000000000 + i),
                           "name": "ASN %05d (fiktif)" % i, "posts": per})
            self.yt.append({"handle": name,
                            "channel": "UCFiktifSint%012d" % i,
                            "title": "ASN %05d (fiktif)" % i, "videos": per})
            self.ig.append({"username": name,
                            "id": str(17841401000000000 + i),
                            "name": "ASN %05d (fiktif)" % i, "media": per})
            self.fb.append({"page": str(100000001000000 + i),
                            "name": "ASN %05d (fiktif)" % i, "posts": per})
            self.tt.append({"username": name, "videos": per})
        for i, a in enumerate(self.x):
            a["n"] = i
        self.x_by_name = {a["username"].lower(): a for a in self.x}
        self.x_by_id = {a["id"]: a for a in self.x}
        for i, a in enumerate(self.yt):
            a["n"] = i
        self.yt_by_handle = {a["handle"].lower(): a for a in self.yt}
        self.yt_by_channel = {a["channel"]: a for a in self.yt}
        self.yt_by_uploads = {"UU" + a["channel"][2:]: a for a in self.yt}
        for i, a in enumerate(self.ig):
            a["n"] = i
        self.ig_by_name = {a["username"].lower(): a for a in self.ig}
        for i, a in enumerate(self.fb):
            a["n"] = i
        self.fb_by_page = {a["page"]: a for a in self.fb}
        for i, a in enumerate(self.tt):
            a["n"] = i
        self.tt_by_name = {a["username"].lower(): a for a in self.tt}

    def text(self, a, k):
        return self.texts[(a + k) % len(self.texts)]

    def when(self, a, k):
        """Post k of account a (0 is the newest): unix seconds."""
        return self.base - k * 7 * 3600 - a * 60


def page_bounds(total, offset, size):
    end = min(total, offset + size)
    return range(offset, end), end < total


def limit_of(q, name, default):
    v = q.get(name, [None])[0]
    if v is None:
        return default
    try:
        return max(1, min(default, int(v)))
    except ValueError:
        return default


class State:
    def __init__(self, data, delay_ms, log_file):
        self.data = data
        self.delay_ms = delay_ms
        self.lock = threading.Lock()
        self.rules = []
        self.log = []
        self.log_file = log_file
        self.seq = 0
        self.conns = 0
        self.faults = 0
        self.stop = threading.Event()

    def add_rules(self, rules):
        if isinstance(rules, dict):
            rules = [rules]
        with self.lock:
            for r in rules:
                if "kind" not in r:
                    raise ValueError("a fault rule needs a kind")
                r = dict(r)
                r.setdefault("path", "/")
                r.setdefault("count", 1)
                r.setdefault("skip", 0)
                self.rules.append(r)
        return len(rules)

    def match_fault(self, method, path, query):
        with self.lock:
            for r in self.rules:
                if r["count"] == 0:
                    continue
                if not path.startswith(r["path"]):
                    continue
                if r.get("query") and r["query"] not in query:
                    continue
                if r.get("method") and r["method"] != method:
                    continue
                if r["skip"] > 0:
                    r["skip"] -= 1
                    continue
                if r["count"] > 0:
                    r["count"] -= 1
                self.faults += 1
                return dict(r)
        return None

    def record(self, entry):
        with self.lock:
            self.seq += 1
            entry["n"] = self.seq
            self.log.append(entry)

    def write_log(self, entry):
        with self.lock:
            if self.log_file:
                self.log_file.write(json.dumps(entry) + "\n")
                self.log_file.flush()

    def close_log(self):
        with self.lock:
            if self.log_file:
                self.log_file.close()
            self.log_file = None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "netra-mock/1"
    timeout = 120
    # one buffered write per reply, flushed by handle_one_request, and
    # TCP_NODELAY: headers and body in separate small writes would meet
    # Nagle and the client's delayed ACK (40 ms a reply)
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        pass

    def setup(self):
        super().setup()
        st = self.server.state
        with st.lock:
            st.conns += 1
            self.conn_no = st.conns

    # -- plumbing ---------------------------------------------------------

    def send(self, status, body, headers=None, ctype="application/json"):
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False)
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype + "; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.status_sent = status

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def do_GET(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def do_DELETE(self):
        self.dispatch()

    def dispatch(self):
        st = self.server.state
        u = urllib.parse.urlsplit(self.path)
        path, query = u.path, u.query
        body = self.read_body()
        if path.startswith("/__"):
            return self.control(path, body)
        self.status_sent = 0
        self.fault_kind = None
        # logged on arrival (a stalled reply must not land in the log
        # after a /__reset); status and fault are filled in at the end
        entry = {"time": time.time(), "method": self.command,
                 "path": self.path, "conn": self.conn_no,
                 "headers": {k.lower(): v for k, v in self.headers.items()},
                 "body": body.decode("utf-8", "replace") if body else None,
                 "status": 0, "fault": None}
        st.record(entry)
        try:
            if st.delay_ms:
                time.sleep(st.delay_ms / 1000.0)
            self.api(path, query, body)
        finally:
            entry["status"] = self.status_sent
            entry["fault"] = self.fault_kind
            st.write_log(entry)

    def control(self, path, body):
        st = self.server.state
        try:
            arg = json.loads(body) if body else None
        except ValueError:
            return self.send(400, {"error": "bad JSON"})
        if path == "/__health":
            return self.send(200, "ok\n", ctype="text/plain")
        if path == "/__fault":
            if self.command == "DELETE":
                with st.lock:
                    st.rules = []
                return self.send(200, {"ok": True})
            try:
                n = st.add_rules(arg)
            except (ValueError, TypeError, AttributeError) as e:
                return self.send(400, {"error": str(e)})
            return self.send(200, {"ok": True, "rules": n})
        if path == "/__log":
            with st.lock:
                if self.command == "DELETE":
                    st.log = []
                    text = '{"ok": true}'
                else:
                    text = json.dumps(st.log, ensure_ascii=False)
            return self.send(200, text)
        if path == "/__stats":
            with st.lock:
                stats = {"requests": st.seq, "connections": st.conns,
                         "faults": st.faults}
            return self.send(200, stats)
        if path == "/__config":
            if isinstance(arg, dict) and "delay_ms" in arg:
                st.delay_ms = int(arg["delay_ms"])
            return self.send(200, {"ok": True, "delay_ms": st.delay_ms})
        if path == "/__reset":
            with st.lock:
                st.rules, st.log = [], []
                st.seq = st.faults = 0
            return self.send(200, {"ok": True})
        return self.send(404, {"error": "no such control endpoint"})

    # -- the APIs ---------------------------------------------------------

    def platform(self, path):
        if path.startswith("/2/"):
            return "x"
        if path.startswith("/youtube/v3/"):
            return "youtube"
        if path.startswith("/v2/research/"):
            return "tiktok"
        if re.match(r"^/v\d+\.\d+/", path):
            return "meta"
        return None

    def credential(self, plat, q):
        auth = self.headers.get("Authorization", "")
        bearer = auth[7:] if auth.lower().startswith("bearer ") else None
        if plat == "youtube":
            return self.headers.get("X-Goog-Api-Key") or \
                q.get("key", [None])[0]
        if plat == "meta":
            return bearer or q.get("access_token", [None])[0]
        return bearer

    def api(self, path, query, body):
        st = self.server.state
        plat = self.platform(path)
        q = urllib.parse.parse_qs(query, keep_blank_values=True)
        fault = st.match_fault(self.command, path, query)
        if fault:
            self.fault_kind = fault["kind"]
            if fault["kind"] == "delay":
                time.sleep(fault.get("ms", 1000) / 1000.0)
                fault = None
            elif self.immediate_fault(fault, plat):
                return
        if plat is None:
            return self.send(404, {"error": "no such route"})
        cred = self.credential(plat, q)
        if cred != st.data.tokens[plat]:
            return self.refuse(plat, cred)
        try:
            status, obj, headers = getattr(self, "route_" + plat)(
                path, q, body)
        except ValueError as e:
            status, obj, headers = 400, {"error": str(e)}, {}
        if plat == "x":
            headers = dict(headers)
            headers.update(x_rate_headers(1500, 1499))
        if plat == "meta":
            headers = dict(headers)
            headers["x-app-usage"] = json.dumps(
                {"call_count": 1, "total_cputime": 1, "total_time": 1})
        if fault:
            return self.body_fault(fault, status, obj, headers)
        return self.send(status, obj, headers)

    def refuse(self, plat, cred):
        log_id = "20241122050000FIKTIF" + short_hash(str(cred), 12)
        if plat == "x":
            return self.send(401, {"title": "Unauthorized",
                                   "type": "about:blank", "status": 401,
                                   "detail": "Unauthorized"})
        if plat == "youtube":
            if not cred:
                return self.send(403, {"error": {
                    "code": 403,
                    "message": "The request is missing a valid API key.",
                    "errors": [{"message": "The request is missing a "
                                "valid API key.", "domain": "global",
                                "reason": "forbidden"}],
                    "status": "PERMISSION_DENIED"}})
            msg = "API key not valid. Please pass a valid API key."
            return self.send(400, {"error": {
                "code": 400, "message": msg,
                "errors": [{"message": msg, "domain": "global",
                            "reason": "badRequest"}],
                "status": "INVALID_ARGUMENT",
                "details": [{"@type": "type.googleapis.com/google.rpc."
                             "ErrorInfo", "reason": "API_KEY_INVALID",
                             "domain": "googleapis.com"}]}})
        if plat == "meta":
            return self.send(400, {"error": {
                "message": "Invalid OAuth access token - Cannot parse "
                "access token", "type": "OAuthException", "code": 190,
                "fbtrace_id": "AFiktif" + short_hash(str(cred))}})
        return self.send(401, {"data": {}, "error": {
            "code": "access_token_invalid",
            "message": "The access token is invalid or not found in the "
            "request.", "log_id": log_id}})

    def immediate_fault(self, f, plat):
        """Faults answered without the real reply. True when answered."""
        k = f["kind"]
        now = int(time.time())
        if k == "429":
            reset = now + int(f.get("reset", 1))
            return self.send(429, {"title": "Too Many Requests",
                                   "detail": "Too Many Requests",
                                   "type": "about:blank", "status": 429},
                             x_rate_headers(1500, 0, reset)) or True
        if k == "429-retry-after":
            ra = int(f.get("retry_after", 1))
            h = {"Retry-After": email.utils.formatdate(now + ra,
                                                       usegmt=True)
                 if f.get("date") else str(ra)}
            return self.send(429, {"error": "Too Many Requests"}, h) or True
        if k in ("500", "503"):
            h = {}
            if "retry_after" in f:
                h["Retry-After"] = str(int(f["retry_after"]))
            return self.send(int(k), {"error": {"code": int(k),
                                                "message": "Fiktif error"}},
                             h) or True
        if k == "401":
            if plat == "tiktok":
                return self.send(401, tiktok_error(
                    "access_token_invalid", "The access token is invalid "
                    "or not found in the request.")) or True
            return self.send(401, {"title": "Unauthorized",
                                   "type": "about:blank", "status": 401,
                                   "detail": "Unauthorized"}) or True
        if k == "quota":
            return self.quota(plat) or True
        if k == "status":
            s = int(f.get("status", 404))
            return self.send(s, {"error": {"code": s,
                                           "message": "Fiktif status"}}) \
                or True
        if k == "drop":
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return True
        return False

    def quota(self, plat):
        if plat == "youtube":
            msg = ("The request cannot be completed because you have "
                   "exceeded your <a href=\"/youtube/v3/getting-started"
                   "#quota\">quota</a>.")
            return self.send(403, {"error": {
                "code": 403, "message": msg,
                "errors": [{"message": msg, "domain": "youtube.quota",
                            "reason": "quotaExceeded"}]}})
        if plat == "meta":
            return self.send(400, {"error": {
                "message": "(#4) Application request limit reached",
                "type": "OAuthException", "is_transient": True, "code": 4,
                "fbtrace_id": "AFiktifQuota"}},
                {"x-app-usage": json.dumps({"call_count": 100,
                                            "total_cputime": 20,
                                            "total_time": 25})})
        if plat == "tiktok":
            return self.send(429, {"data": {}, "error": {
                "code": "rate_limit_exceeded",
                "message": "API rate limit exceeded",
                "log_id": "20241122050000FIKTIFQUOTA"}})
        return self.send(429, {"title": "UsageCapExceeded",
                               "detail": "Usage cap exceeded: Monthly "
                               "product cap", "period": "Monthly",
                               "scope": "Product",
                               "type": "https://api.twitter.com/2/problems/"
                               "usage-capped"})

    def body_fault(self, f, status, obj, headers):
        k = f["kind"]
        if k == "exhaust":
            headers = dict(headers)
            headers.update(x_rate_headers(
                1500, 0, int(time.time()) + int(f.get("reset", 1))))
            return self.send(status, obj, headers)
        body = json.dumps(obj, ensure_ascii=False).encode()
        if k == "invalid-json":
            return self.send(status, body[:len(body) // 2], headers)
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for hk, hv in headers.items():
            self.send_header(hk, hv)
        self.end_headers()
        self.status_sent = status
        self.close_connection = True
        if k == "truncated":
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
        elif k == "stall":
            # headers only: not one body byte, so the client's
            # low-speed check (bytes/s over its window) sees zero
            self.wfile.flush()
            self.server.state.stop.wait(float(f.get("seconds", 10)))
        else:
            self.wfile.write(body)
            self.close_connection = False
            return None
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        return None

    # X API v2

    def route_x(self, path, q, body):
        d = self.server.state.data
        m = re.match(r"^/2/users/by/username/([A-Za-z0-9_]+)$", path)
        if m:
            a = d.x_by_name.get(m.group(1).lower())
            if not a:
                return 200, {"errors": [x_not_found(m.group(1))]}, {}
            return 200, {"data": x_user(a)}, {}
        if path == "/2/users/by":
            names = q.get("usernames", [""])[0].split(",")
            found = [x_user(d.x_by_name[n.lower()]) for n in names
                     if n.lower() in d.x_by_name]
            errs = [x_not_found(n) for n in names
                    if n and n.lower() not in d.x_by_name]
            out = {}
            if found:
                out["data"] = found
            if errs:
                out["errors"] = errs
            return 200, out, {}
        m = re.match(r"^/2/users/(\d+)/(tweets|following)$", path)
        if not m:
            return 404, {"title": "Not Found Error", "status": 404,
                         "detail": "no such route"}, {}
        a = d.x_by_id.get(m.group(1))
        if not a:
            return 200, {"errors": [{"value": m.group(1),
                                     "detail": "Could not find user with "
                                     "id: [%s]." % m.group(1),
                                     "title": "Not Found Error",
                                     "resource_type": "user",
                                     "parameter": "id",
                                     "resource_id": m.group(1),
                                     "type": "https://api.twitter.com/2/"
                                     "problems/resource-not-found"}]}, {}
        size = limit_of(q, "max_results", d.page_size)
        tok = q.get("pagination_token", [None])[0]
        offset = 0
        if tok is not None:
            offset = decode_token(tok, a["id"])
            if offset is None:
                return 400, {"errors": [{"parameters": {
                    "pagination_token": [tok]}, "message": "The "
                    "`pagination_token` query parameter value [%s] is not "
                    "valid" % tok}], "title": "Invalid Request",
                    "detail": "One or more parameters to your request was "
                    "invalid.", "type": "https://api.twitter.com/2/problems/"
                    "invalid-request"}, {}
        if m.group(2) == "following":
            names = a.get("following", [])
            rng, more = page_bounds(len(names), offset, size)
            users = []
            for i in rng:
                f = d.x_by_name.get(names[i].lower())
                users.append(x_user(f) if f else {
                    "id": str(1792000000000000000 +
                              int(short_hash(names[i]), 16) % 10 ** 12),
                    "name": names[i], "username": names[i]})
            meta = {"result_count": len(users)}
            if more:
                meta["next_token"] = encode_token(offset + size, a["id"])
            out = {"meta": meta}
            if users:
                out["data"] = users
            return 200, out, {}
        rng, more = page_bounds(a["posts"], offset, size)
        tweets = []
        for k in rng:
            tid = str(1859000000000000000 + a["n"] * 10000 + a["posts"] - k)
            tweets.append({"id": tid, "text": d.text(a["n"], k),
                           "author_id": a["id"],
                           "created_at": iso(d.when(a["n"], k)),
                           "edit_history_tweet_ids": [tid], "lang": "in"})
        if not tweets:
            return 200, {"meta": {"result_count": 0}}, {}
        meta = {"result_count": len(tweets), "newest_id": tweets[0]["id"],
                "oldest_id": tweets[-1]["id"]}
        if more:
            meta["next_token"] = encode_token(offset + size, a["id"])
        if offset:
            meta["previous_token"] = encode_token(max(0, offset - size),
                                                  a["id"])
        return 200, {"data": tweets, "includes": {"users": [x_user(a)]},
                     "meta": meta}, {}

    # YouTube Data API v3

    def route_youtube(self, path, q, body):
        d = self.server.state.data
        if path == "/youtube/v3/channels":
            chans = []
            h = q.get("forHandle", [None])[0]
            if h:
                a = d.yt_by_handle.get(h.lstrip("@").lower())
                chans = [a] if a else []
            for cid in ",".join(q.get("id", [])).split(","):
                if cid in d.yt_by_channel:
                    chans.append(d.yt_by_channel[cid])
            out = {"kind": "youtube#channelListResponse",
                   "etag": "FiktifEtagCh" + short_hash(path + str(q)),
                   "pageInfo": {"totalResults": len(chans),
                                "resultsPerPage": 5}}
            if chans:
                out["items"] = [yt_channel(a) for a in chans]
            return 200, out, {}
        if path == "/youtube/v3/playlistItems":
            pl = q.get("playlistId", [""])[0]
            a = d.yt_by_uploads.get(pl)
            if not a:
                msg = ("The playlist identified with the request's "
                       "<code>playlistId</code> parameter cannot be found.")
                return 404, {"error": {"code": 404, "message": msg,
                                       "errors": [{
                                           "message": msg,
                                           "domain": "youtube.playlistItem",
                                           "reason": "playlistNotFound",
                                           "location": "playlistId",
                                           "locationType": "parameter"}]}}, {}
            size = limit_of(q, "maxResults", d.page_size)
            tok = q.get("pageToken", [None])[0]
            offset = 0
            if tok:
                offset = decode_token(tok, pl)
                if offset is None:
                    raise ValueError("invalid pageToken")
            rng, more = page_bounds(a["videos"], offset, size)
            out = {"kind": "youtube#playlistItemListResponse",
                   "etag": "FiktifEtagList" + short_hash(pl + str(offset))}
            if more:
                out["nextPageToken"] = encode_token(offset + size, pl)
            if offset:
                out["prevPageToken"] = encode_token(max(0, offset - size),
                                                    pl)
            out["items"] = [yt_item(d, a, k, pl) for k in rng]
            out["pageInfo"] = {"totalResults": a["videos"],
                               "resultsPerPage": size}
            return 200, out, {}
        if path == "/youtube/v3/videos":
            items = []
            for vid in ",".join(q.get("id", [])).split(","):
                m = re.match(r"^Fk(\d{9})$", vid)
                if not m:
                    continue
                n, r = divmod(int(m.group(1)), 10000)
                if n < len(d.yt) and 0 < r <= d.yt[n]["videos"]:
                    items.append(yt_video(d, d.yt[n],
                                          d.yt[n]["videos"] - r))
            return 200, {"kind": "youtube#videoListResponse",
                         "etag": "FiktifEtagVideos", "items": items,
                         "pageInfo": {"totalResults": len(items),
                                      "resultsPerPage": len(items)}}, {}
        return 404, {"error": {"code": 404, "message": "Not Found"}}, {}

    # Instagram and Facebook Graph API

    def route_meta(self, path, q, body):
        d = self.server.state.data
        m = re.match(r"^/(v\d+\.\d+)/(\d+)(/posts)?$", path)
        if not m:
            return 400, graph_error(100, "Unknown path components"), {}
        ver, oid, posts = m.groups()
        if posts:
            a = d.fb_by_page.get(oid)
            if not a:
                return 400, graph_error(100, "Unsupported get request. "
                                        "Object with ID '%s' does not "
                                        "exist" % oid, 33), {}
            size = limit_of(q, "limit", d.page_size)
            after = q.get("after", [None])[0]
            offset = decode_token(after, oid) if after else 0
            if offset is None:
                raise ValueError("invalid after cursor")
            rng, more = page_bounds(a["posts"], offset, size)
            data = []
            for k in rng:
                pid = "%s_%d" % (oid, 200000000000000 + a["posts"] - k)
                data.append({"id": pid, "message": d.text(a["n"], k),
                             "created_time": iso(d.when(a["n"], k),
                                                 "%Y-%m-%dT%H:%M:%S+0000"),
                             "permalink_url": "https://www.facebook.com/%s/"
                             "posts/%s" % (oid, pid.split("_")[1]),
                             "from": {"name": a["name"], "id": oid}})
            out = {"data": data}
            if data:
                out["paging"] = {"cursors": {
                    "before": encode_token(offset, oid),
                    "after": encode_token(offset + len(data), oid)}}
                if more:
                    nq = {k: v[0] for k, v in q.items()
                          if k != "access_token"}
                    nq["after"] = encode_token(offset + len(data), oid)
                    nq["limit"] = str(size)
                    out["paging"]["next"] = "%s://%s/%s/%s/posts?%s" % (
                        self.server.scheme,
                        self.headers.get("Host", "127.0.0.1"), ver, oid,
                        urllib.parse.urlencode(nq))
            return 200, out, {}
        fields = q.get("fields", [""])[0]
        m = re.search(r"business_discovery\.username\(([^)]*)\)", fields)
        if not m:
            return 200, {"id": oid}, {}
        a = d.ig_by_name.get(m.group(1).lower())
        if not a:
            return 400, {"error": {
                "message": "Invalid user id", "type": "OAuthException",
                "code": 110, "error_subcode": 2207013,
                "is_transient": False,
                "error_user_title": "Cannot find User",
                "error_user_msg": "The user with username: %s cannot be "
                "found." % m.group(1), "fbtrace_id": "AFiktifNoUser"}}, {}
        mm = re.search(r"media(?:\.after\(([^)]*)\))?(?:\.limit\((\d+)\))?",
                       fields[m.end():])
        after = mm.group(1) if mm else None
        size = min(d.page_size, int(mm.group(2))) if mm and mm.group(2) \
            else d.page_size
        offset = decode_token(after, a["id"]) if after else 0
        if offset is None:
            raise ValueError("invalid after cursor")
        rng, more = page_bounds(a["media"], offset, size)
        media = []
        for k in rng:
            mid = str(17900000000000000 + a["n"] * 10000 + a["media"] - k)
            media.append({"id": mid, "caption": d.text(a["n"], k),
                          "media_type": "IMAGE",
                          "media_url": "https://scontent.cdninstagram.com/"
                          "v/fiktif/%s.jpg" % mid,
                          "permalink": "https://www.instagram.com/p/Fk%s/"
                          % mid[-8:],
                          "timestamp": iso(d.when(a["n"], k),
                                           "%Y-%m-%dT%H:%M:%S+0000"),
                          "like_count": 3 * k + 1, "comments_count": k % 3})
        mobj = {"data": media}
        if media:
            mobj["paging"] = {"cursors": {
                "before": encode_token(offset, a["id"])}}
            if more:
                mobj["paging"]["cursors"]["after"] = encode_token(
                    offset + len(media), a["id"])
        return 200, {"business_discovery": {
            "username": a["username"], "id": a["id"], "name": a["name"],
            "followers_count": 100 + a["n"], "media_count": a["media"],
            "media": mobj}, "id": oid}, {}

    # TikTok Research API

    def route_tiktok(self, path, q, body):
        d = self.server.state.data
        if self.command != "POST" or \
                path.rstrip("/") != "/v2/research/video/query":
            return 404, tiktok_error("invalid_params", "no such route"), {}
        try:
            req = json.loads(body or b"{}")
            names = []
            for cond in req["query"]["and"]:
                if cond.get("field_name") == "username":
                    names += cond.get("field_values", [])
        except (ValueError, KeyError, TypeError):
            return 400, tiktok_error("invalid_params",
                                     "Invalid query in the request body"), {}
        size = min(d.page_size, int(req.get("max_count", d.page_size)))
        cursor = int(req.get("cursor", 0))
        vids = []
        for n in names:
            a = d.tt_by_name.get(str(n).lower())
            if a:
                vids += [(d.when(a["n"], k), a, k)
                         for k in range(a["videos"])]
        vids.sort(key=lambda v: (-v[0], v[1]["n"]))
        page = vids[cursor:cursor + size]
        out = []
        for t, a, k in page:
            out.append({"id": 7438000000000000000 + a["n"] * 10000 +
                        a["videos"] - k, "create_time": t,
                        "username": a["username"], "region_code": "ID",
                        "video_description": d.text(a["n"], k),
                        "hashtag_names": ["fiktif"], "like_count": k,
                        "comment_count": 0, "share_count": 0,
                        "view_count": 10 * k})
        sid = req.get("search_id") or str(
            7438000000000000000 + int(short_hash(",".join(names)), 16)
            % 10 ** 15)
        return 200, {"data": {"videos": out, "cursor": cursor + len(out),
                              "has_more": cursor + len(out) < len(vids),
                              "search_id": sid},
                     "error": {"code": "ok", "message": "",
                               "log_id": "20241122050000FIKTIF" +
                               short_hash(sid + str(cursor), 12)}}, {}


def x_rate_headers(limit, remaining, reset=None):
    if reset is None:
        reset = int(time.time()) + 900
    return {"x-rate-limit-limit": str(limit),
            "x-rate-limit-remaining": str(remaining),
            "x-rate-limit-reset": str(reset)}


def x_user(a):
    return {"id": a["id"], "name": a["name"], "username": a["username"]}


def x_not_found(name):
    return {"value": name, "detail": "Could not find user with username: "
            "[%s]." % name, "title": "Not Found Error",
            "resource_type": "user", "parameter": "username",
            "resource_id": name,
            "type": "https://api.twitter.com/2/problems/resource-not-found"}


def encode_token(offset, owner):
    """An opaque page token bound to its owner, as the APIs' are."""
    return "FkP%s%06x" % (short_hash(owner, 6), offset)


def decode_token(tok, owner):
    m = re.match(r"^FkP([0-9a-f]{6})([0-9a-f]{6})$", tok or "")
    if not m or m.group(1) != short_hash(owner, 6):
        return None
    return int(m.group(2), 16)


def yt_channel(a):
    return {"kind": "youtube#channel",
            "etag": "FiktifChEtag" + short_hash(a["channel"]),
            "id": a["channel"],
            "snippet": {"title": a["title"], "description":
                        "Kanal pribadi (fiktif).",
                        "customUrl": "@" + a["handle"],
                        "publishedAt": "2019-05-01T00:00:00Z",
                        "country": "ID"},
            "contentDetails": {"relatedPlaylists": {
                "likes": "", "uploads": "UU" + a["channel"][2:]}}}


def yt_vid(a, k):
    return "Fk%09d" % (a["n"] * 10000 + a["videos"] - k)


def yt_item(d, a, k, pl):
    vid = yt_vid(a, k)
    t = iso(d.when(a["n"], k), "%Y-%m-%dT%H:%M:%SZ")
    return {"kind": "youtube#playlistItem",
            "etag": "FiktifEtag" + short_hash(vid),
            "id": short_hash(pl + vid, 40),
            "snippet": {"publishedAt": t, "channelId": a["channel"],
                        "title": d.text(a["n"], k),
                        "description": d.text(a["n"], k + 1),
                        "channelTitle": a["title"], "playlistId": pl,
                        "position": k,
                        "resourceId": {"kind": "youtube#video",
                                       "videoId": vid},
                        "videoOwnerChannelTitle": a["title"],
                        "videoOwnerChannelId": a["channel"]},
            "contentDetails": {"videoId": vid, "videoPublishedAt": t},
            "status": {"privacyStatus": "public"}}


def yt_video(d, a, k):
    vid = yt_vid(a, k)
    return {"kind": "youtube#video", "etag": "FiktifVideoEtag",
            "id": vid,
            "snippet": {"publishedAt": iso(d.when(a["n"], k),
                                           "%Y-%m-%dT%H:%M:%SZ"),
                        "channelId": a["channel"],
                        "title": d.text(a["n"], k),
                        "description": d.text(a["n"], k + 1),
                        "channelTitle": a["title"], "categoryId": "25",
                        "liveBroadcastContent": "none"},
            "statistics": {"viewCount": str(10 * k + 5),
                           "likeCount": str(k), "favoriteCount": "0",
                           "commentCount": "0"}}


def graph_error(code, msg, sub=None):
    e = {"message": msg, "type": "GraphMethodException", "code": code,
         "fbtrace_id": "AFiktif" + short_hash(msg)}
    if sub is not None:
        e["error_subcode"] = sub
    return {"error": e}


def tiktok_error(code, msg):
    return {"data": {}, "error": {"code": code, "message": msg,
                                  "log_id": "20241122050000FIKTIF" +
                                  short_hash(msg, 12)}}


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 512

    def handle_error(self, request, client_address):
        # a client that hangs up mid-reply (a timeout, an aborted run)
        # is part of the game, not worth a traceback
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--accounts", default=DEFAULT_ACCOUNTS)
    ap.add_argument("--synthetic", type=int, default=None,
                    help="generated accounts per platform")
    ap.add_argument("--pages", type=int, default=None,
                    help="pages per generated account")
    ap.add_argument("--page-size", type=int, default=None)
    ap.add_argument("--delay-ms", type=int, default=0)
    ap.add_argument("--faults", help="a JSON file of fault rules")
    ap.add_argument("--log", help="append the request log here (JSONL)")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"),
                    help="serve HTTPS with this certificate and key")
    ap.add_argument("--max-seconds", type=float, default=3600)
    ap.add_argument("--watch-stdin", action="store_true",
                    help="exit when stdin reaches EOF")
    args = ap.parse_args()

    data = Data(args.accounts, args.synthetic, args.pages, args.page_size)
    log_file = open(args.log, "a", encoding="utf-8") if args.log else None
    state = State(data, args.delay_ms, log_file)
    if args.faults:
        with open(args.faults, encoding="utf-8") as f:
            state.add_rules(json.load(f))
    srv = Server(("127.0.0.1", args.port), Handler)
    srv.state = state
    srv.scheme = "http"
    if args.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls[0], args.tls[1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
        srv.scheme = "https"

    def stop(*_):
        state.stop.set()
        threading.Thread(target=srv.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.watch_stdin:
        def watch():
            try:
                while sys.stdin.buffer.read(4096):
                    pass
            except OSError:
                pass
            stop()
        threading.Thread(target=watch, daemon=True).start()
    timer = threading.Timer(args.max_seconds, stop)
    timer.daemon = True
    timer.start()

    sys.stdout.write("%d\n" % srv.server_address[1])
    sys.stdout.flush()
    try:
        srv.serve_forever(poll_interval=0.2)
    finally:
        srv.server_close()
        state.close_log()
    return 0


if __name__ == "__main__":
    sys.exit(main())
