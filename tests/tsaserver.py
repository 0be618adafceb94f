#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A loopback RFC 3161 time-stamping authority for the tests.

Makes, in --dir (a fresh temporary folder the test owns), two test CAs
and a TSA certificate under each with openssl req/x509
(extendedKeyUsage=critical,timeStamping), every name invented:

  ca.crt        "Netra Uji CA (fiktif)"       issues tsa.crt
  other-ca.crt  "Netra Uji CA Lain (fiktif)"  issues other-tsa.crt

then answers POSTs of application/timestamp-query on 127.0.0.1, on a free
port which it prints alone on the first line of stdout, with replies
made by `openssl ts -reply`. Routes:

  /tsa           a good reply, signed by tsa.crt
  /other-tsa     a good reply, signed by other-tsa.crt (trusted only
                 by other-ca.crt)
  /wrong-nonce   a good reply to another request: same digest, another
                 nonce
  /wrong-digest  a good reply to another request for another digest
  /reject        a TimeStampResp with status rejection, text
                 "uji: ditolak", failure info badAlg
  /garbage       200 with bytes that are no TimeStampResp
  /http-403      403
  /http-500      500 (every time)
  GET /__log     the requests seen so far: one "METHOD PATH LENGTH
                 CONTENT-TYPE" line each

Stops on SIGTERM, when stdin reaches EOF with --watch-stdin, or after
--max-seconds. Python 3 standard library and the openssl command only.
"""

import argparse
import http.server
import os
import signal
import subprocess
import sys
import threading
import time

CNF = """[ tsa ]
default_tsa = tsa_main

[ tsa_main ]
serial = {d}/{name}.serial
crypto_device = builtin
signer_cert = {d}/{name}.crt
certs = {d}/{ca}.crt
signer_key = {d}/{name}.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1.1
other_policies = 1.3.6.1.4.1.99999.1.2
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""

EXT = """[ tsa_ext ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""

LOCK = threading.Lock()
LOG = []


def run(*args, **kw):
    r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       **kw)
    if r.returncode:
        sys.stderr.write("tsaserver: %s: %s\n" % (" ".join(args),
                                                  r.stderr.decode()))
        raise SystemExit(1)
    return r.stdout


def make_pki(d):
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
          "-nodes"]
    with open(os.path.join(d, "ext.cnf"), "w") as f:
        f.write(EXT)
    for ca, tsa, cn in (("ca", "tsa", "Netra Uji"),
                        ("other-ca", "other-tsa", "Netra Uji Lain")):
        run("openssl", "req", "-x509", *ec, "-keyout", f"{d}/{ca}.key",
            "-out", f"{d}/{ca}.crt", "-days", "3650",
            "-subj", f"/C=ID/O=Bawaslu Uji/CN={cn} CA (fiktif)",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        run("openssl", "req", "-new", *ec, "-keyout", f"{d}/{tsa}.key",
            "-out", f"{d}/{tsa}.csr",
            "-subj", f"/C=ID/O=Bawaslu Uji/CN={cn} TSA (fiktif)")
        run("openssl", "x509", "-req", "-in", f"{d}/{tsa}.csr",
            "-CA", f"{d}/{ca}.crt", "-CAkey", f"{d}/{ca}.key",
            "-set_serial", "2", "-days", "3650", "-out", f"{d}/{tsa}.crt",
            "-extfile", f"{d}/ext.cnf", "-extensions", "tsa_ext")
        with open(f"{d}/{tsa}.serial", "w") as f:
            f.write("01\n")
        with open(f"{d}/{tsa}.cnf", "w") as f:
            f.write(CNF.format(d=d, name=tsa, ca=ca))


def reply(d, name, query):
    with LOCK:
        q = os.path.join(d, "q.der")
        r = os.path.join(d, "r.der")
        with open(q, "wb") as f:
            f.write(query)
        run("openssl", "ts", "-reply", "-config", f"{d}/{name}.cnf",
            "-queryfile", q, "-out", r)
        with open(r, "rb") as f:
            return f.read()


SHA256_OID = bytes.fromhex("0609608648016503040201")


def other_query(d, query, other_digest):
    """A new request, another nonce: for the query's digest or another."""
    i = query.find(SHA256_OID)
    j = query.find(b"\x04\x20", i) if i >= 0 else -1
    digest = query[j + 2:j + 34].hex() if j >= 0 else ""
    if other_digest or len(digest) != 64:
        digest = "ab" * 32
    return run("openssl", "ts", "-query", "-digest", digest, "-sha256",
               "-cert")


def der(tag, body):
    n = len(body)
    if n < 0x80:
        return bytes([tag, n]) + body
    ln = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(ln)]) + ln + body


# status rejection (2), text "uji: ditolak", failInfo badAlg (bit 0)
REJECT = der(0x30, der(0x30, der(0x02, b"\x02") +
                       der(0x30, der(0x0c, b"uji: ditolak")) +
                       der(0x03, b"\x07\x80")))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "netra-tsa-uji/1"

    def log_message(self, *a):
        pass

    def send(self, status, body, ctype="application/timestamp-reply"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/__log":
            self.send(200, "".join(LOG).encode(), "text/plain")
        else:
            self.send(404, b"not found\n", "text/plain")

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        query = self.rfile.read(n)
        LOG.append("POST %s %d %s\n" % (self.path, len(query),
                                         self.headers.get("Content-Type")))
        d = self.server.dir
        p = self.path
        if p == "/tsa":
            self.send(200, reply(d, "tsa", query))
        elif p == "/other-tsa":
            self.send(200, reply(d, "other-tsa", query))
        elif p in ("/wrong-nonce", "/wrong-digest"):
            q = other_query(d, query, p == "/wrong-digest")
            self.send(200, reply(d, "tsa", q))
        elif p == "/reject":
            self.send(200, REJECT)
        elif p == "/garbage":
            self.send(200, b"<html>bukan balasan</html>")
        elif p == "/http-403":
            self.send(403, b"forbidden\n", "text/plain")
        elif p == "/http-500":
            self.send(500, b"server error\n", "text/plain")
        else:
            self.send(404, b"not found\n", "text/plain")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--watch-stdin", action="store_true")
    ap.add_argument("--max-seconds", type=float, default=300)
    a = ap.parse_args()
    make_pki(os.path.abspath(a.dir))
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.dir = os.path.abspath(a.dir)
    signal.signal(signal.SIGTERM, lambda *x: os._exit(0))
    if a.watch_stdin:
        def watch():
            while sys.stdin.buffer.read(1):
                pass
            os._exit(0)
        threading.Thread(target=watch, daemon=True).start()
    deadline = time.time() + a.max_seconds
    threading.Thread(target=lambda: (time.sleep(max(0, deadline -
                                                    time.time())),
                                     os._exit(0)), daemon=True).start()
    print(srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
