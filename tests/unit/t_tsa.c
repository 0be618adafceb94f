/* SPDX-License-Identifier: MIT */
/*
 * RFC 3161 timestamps (tsa.c) against tests/tsaserver.py, a loopback TSA
 * built from `openssl ts -reply` with a test CA and TSA certificate made
 * on the fly in a temporary folder. Covers: a good stamp, checked and
 * verified again from the stored bytes (also as a whole TimeStampResp);
 * tampered tokens; the wrong CA; a TSA signed under another CA; a TSA
 * down and the next URL answering; every TSA down (pending); refusals
 * (rejection, garbage, 403, 500); replies to another nonce or digest;
 * and configuration errors.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/buf.h"
#include "evidence/tsa.h"
#include "util/fsutil.h"
#include "util/sha256.h"
#include "child_server.h"
#include "tap.h"
#include "util/banned.h"

/* the last call's result, taken before a message reads its err */
static int rc;

static struct child_server tsa;
static char *dir;
static struct buf ca, other_ca;
static unsigned char digest[TSA_DIGEST_LEN];
static const char evidence[] = "tangkapan layar uji: postingan fiktif "
	"budi_fiktif, 2024-11-20";

static void url(struct buf *b, const char *path)
{
	buf_reset(b);
	buf_addf(b, "%s%s", tsa.base, path);
}

/* Stamps digest at the given URLs (NULL-terminated) against ca_file. */
static int stamp(const char *const *urls, const char *ca_file,
		 struct tsa_token *t, enum tsa_status *st, struct buf *err)
{
	struct tsa_opts o;

	tsa_opts_init(&o);
	o.urls = urls;
	o.ca_file = ca_file;
	o.max_tries = 2;
	o.backoff_ms = 50;
	o.timeout_ms = 10000;
	return tsa_stamp(&o, digest, t, st, err);
}

static void test_good(struct tsa_token *keep)
{
	struct buf u = BUF_INIT, err = BUF_INIT;
	const char *urls[2];
	struct tsa_token t = TSA_TOKEN_INIT, v = TSA_TOKEN_INIT;
	enum tsa_status st = TSA_ERROR;
	char hex[65];
	int64_t now = (int64_t)time(NULL);
	int i;

	url(&u, "/tsa");
	urls[0] = u.s;
	urls[1] = NULL;
	rc = stamp(urls, ca.s, &t, &st, &err);
	ok(!rc && st == TSA_OK,
	   "a good stamp: %s", err.s);
	ok(t.der && t.der_len > 200, "the token bytes (%zu)", t.der_len);
	ok(t.tsa_name && strstr(t.tsa_name, "CN=Netra Uji TSA (fiktif)") &&
	   strstr(t.tsa_name, "O=Bawaslu Uji"), "the TSA's name: %s",
	   t.tsa_name);
	ok(t.gen_time > now - 300 && t.gen_time < now + 300,
	   "genTime is now: %s", t.gen_time_iso);
	for (i = 0; i < TSA_DIGEST_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	is_str(t.sha256, hex, "the token is over our digest");
	is_str(t.policy, "1.3.6.1.4.1.99999.1.1", "the TSA's policy");
	is_str(t.url, u.s, "the URL that answered");
	ok(t.serial && *t.serial, "a serial number: %s", t.serial);

	buf_reset(&err);
	rc = tsa_verify(t.der, t.der_len, digest, ca.s, &v, &st, &err);
	ok(!rc &&
	   st == TSA_OK, "the stored token verifies: %s", err.s);
	ok(v.gen_time == t.gen_time && v.tsa_name &&
	   !strcmp(v.tsa_name, t.tsa_name) && !strcmp(v.sha256, t.sha256),
	   "verify reads the same name, time and digest");
	ok(!v.url && v.der_len == t.der_len &&
	   !memcmp(v.der, t.der, t.der_len), "verify's copy of the token");
	tsa_token_release(&v);
	buf_reset(&err);
	rc = tsa_verify(t.der, t.der_len, digest, ca.s, NULL, &st, &err);
	ok(!rc,
	   "info may be NULL");
	*keep = t;
	buf_release(&u);
	buf_release(&err);
}

static void test_tampered(const struct tsa_token *t)
{
	struct buf err = BUF_INIT;
	enum tsa_status st = TSA_OK;
	unsigned char other[TSA_DIGEST_LEN], *copy;
	size_t i;

	memcpy(other, digest, sizeof(other));
	other[5] ^= 1;
	rc = tsa_verify(t->der, t->der_len, other, ca.s, NULL, &st, &err);
	ok(rc &&
	   st == TSA_MISMATCH && strstr(err.s, "imprint"),
	   "other bytes: mismatch: %s", err.s);

	copy = xmalloc(t->der_len);
	memcpy(copy, t->der, t->der_len);
	copy[t->der_len - 1] ^= 0x01;
	buf_reset(&err);
	rc = tsa_verify(copy, t->der_len, digest, ca.s, NULL, &st, &err);
	ok(rc &&
	   st == TSA_MISMATCH, "a signature byte changed: mismatch: %s",
	   err.s);

	/* the imprint inside the token changed, and asked for that way */
	memcpy(copy, t->der, t->der_len);
	for (i = 0; i + TSA_DIGEST_LEN <= t->der_len; i++)
		if (!memcmp(copy + i, digest, TSA_DIGEST_LEN))
			break;
	ok(i + TSA_DIGEST_LEN <= t->der_len, "the digest is in the token");
	if (i + TSA_DIGEST_LEN <= t->der_len) {
		copy[i + 5] ^= 1;
		buf_reset(&err);
		rc = tsa_verify(copy, t->der_len, other, ca.s, NULL, &st,
			      &err);
		ok(rc && st == TSA_MISMATCH &&
		   strstr(err.s, "signature"),
		   "a re-written imprint breaks the signature: %s", err.s);
	}
	buf_reset(&err);
	rc = tsa_verify(t->der, t->der_len / 2, digest, ca.s, NULL, &st,
		      &err);
	ok(rc && st == TSA_MISMATCH &&
	   strstr(err.s, "not an RFC 3161"), "half a token: %s", err.s);
	buf_reset(&err);
	rc = tsa_verify((const unsigned char *)"garbage", 7, digest, ca.s,
		      NULL, &st, &err);
	ok(rc && st == TSA_MISMATCH,
	   "garbage: mismatch");
	buf_reset(&err);
	rc = tsa_verify(NULL, 0, digest, ca.s, NULL, &st, &err);
	ok(rc &&
	   st == TSA_MISMATCH, "no bytes: mismatch");
	/* trailing bytes after the token */
	free(copy);
	copy = xmalloc(t->der_len + 1);
	memcpy(copy, t->der, t->der_len);
	copy[t->der_len] = 0;
	buf_reset(&err);
	rc = tsa_verify(copy, t->der_len + 1, digest, ca.s, NULL, &st, &err);
	ok(rc &&
	   st == TSA_MISMATCH, "a byte after the token: mismatch");
	free(copy);
	buf_release(&err);
}

static void test_wrong_ca(const struct tsa_token *t)
{
	struct buf u = BUF_INIT, err = BUF_INIT;
	const char *urls[2];
	struct tsa_token x = TSA_TOKEN_INIT;
	enum tsa_status st = TSA_OK;

	rc = tsa_verify(t->der, t->der_len, digest, other_ca.s, NULL, &st,
		      &err);
	ok(rc && st == TSA_UNTRUSTED &&
	   strstr(err.s, "not trusted") && strstr(err.s, "other-ca.crt"),
	   "another CA: untrusted: %s", err.s);
	url(&u, "/tsa");
	urls[0] = u.s;
	urls[1] = NULL;
	buf_reset(&err);
	rc = stamp(urls, other_ca.s, &x, &st, &err);
	ok(rc && st == TSA_UNTRUSTED && !x.der &&
	   strstr(err.s, "certificate verify error"),
	   "a stamp checked against another CA: untrusted, no token: %s",
	   err.s);
	url(&u, "/other-tsa");
	urls[0] = u.s;
	buf_reset(&err);
	rc = stamp(urls, ca.s, &x, &st, &err);
	ok(rc && st == TSA_UNTRUSTED &&
	   strstr(err.s, "certificate verify error"),
	   "a TSA under another CA: untrusted: %s", err.s);
	buf_reset(&err);
	rc = stamp(urls, other_ca.s, &x, &st, &err);
	ok(!rc && st == TSA_OK &&
	   strstr(x.tsa_name, "Netra Uji Lain TSA"),
	   "... trusted by its own CA: %s", err.s);
	tsa_token_release(&x);
	buf_release(&u);
	buf_release(&err);
}

static void test_down(void)
{
	struct buf d1 = BUF_INIT, d2 = BUF_INIT, good = BUF_INIT;
	struct buf err = BUF_INIT, b500 = BUF_INIT;
	const char *urls[4];
	struct tsa_token t = TSA_TOKEN_INIT;
	enum tsa_status st = TSA_OK;

	buf_addf(&d1, "http://127.0.0.1:%d/tsa", closed_port());
	buf_addf(&d2, "http://127.0.0.1:%d/tsa?token=rahasia", closed_port());
	url(&good, "/tsa");
	urls[0] = d1.s;
	urls[1] = good.s;
	urls[2] = NULL;
	rc = stamp(urls, ca.s, &t, &st, &err);
	ok(!rc && st == TSA_OK,
	   "the first TSA is down, the second answers: %s", err.s);
	is_str(t.url, good.s, "the token is the second TSA's");
	tsa_token_release(&t);

	urls[1] = d2.s;
	buf_reset(&err);
	rc = stamp(urls, ca.s, &t, &st, &err);
	ok(rc && st == TSA_UNREACHABLE &&
	   !t.der, "every TSA down: unreachable");
	ok(strstr(err.s, "pending") && strstr(err.s, d1.s) &&
	   strstr(err.s, "cannot connect"), "  says pending, names each "
	   "URL and why: %s", err.s);
	ok(!strstr(err.s, "rahasia"), "  a token in a TSA URL is hidden");

	url(&b500, "/http-500");
	urls[0] = b500.s;
	urls[1] = NULL;
	buf_reset(&err);
	rc = stamp(urls, ca.s, &t, &st, &err);
	ok(rc && st == TSA_UNREACHABLE &&
	   strstr(err.s, "500") && strstr(err.s, "2 tries"),
	   "500 on every try: unreachable: %s", err.s);
	buf_release(&d1);
	buf_release(&d2);
	buf_release(&good);
	buf_release(&b500);
	buf_release(&err);
}

static void one(const char *path, enum tsa_status want, const char *says)
{
	struct buf u = BUF_INIT, err = BUF_INIT;
	const char *urls[2];
	struct tsa_token t = TSA_TOKEN_INIT;
	enum tsa_status st = TSA_OK;

	url(&u, path);
	urls[0] = u.s;
	urls[1] = NULL;
	rc = stamp(urls, ca.s, &t, &st, &err);
	ok(rc && st == want && !t.der &&
	   strstr(err.s, says), "%s: %s, says '%s': %s", path,
	   tsa_status_name(want), says, err.s);
	buf_release(&u);
	buf_release(&err);
}

static void test_refused(void)
{
	struct buf d = BUF_INIT, r = BUF_INIT, n = BUF_INIT, err = BUF_INIT;
	const char *urls[4];
	struct tsa_token t = TSA_TOKEN_INIT;
	enum tsa_status st = TSA_OK;

	one("/reject", TSA_REFUSED, "uji: ditolak");
	one("/reject", TSA_REFUSED, "does not take SHA-256");
	one("/garbage", TSA_REFUSED, "not a time-stamp reply");
	one("/http-403", TSA_REFUSED, "HTTP 403");
	one("/nowhere", TSA_REFUSED, "HTTP 404");
	one("/wrong-nonce", TSA_MISMATCH, "nonce mismatch");
	one("/wrong-digest", TSA_MISMATCH, "imprint mismatch");

	/* the gravest class wins */
	buf_addf(&d, "http://127.0.0.1:%d/tsa", closed_port());
	url(&r, "/reject");
	url(&n, "/wrong-nonce");
	urls[0] = d.s;
	urls[1] = r.s;
	urls[2] = n.s;
	urls[3] = NULL;
	rc = stamp(urls, ca.s, &t, &st, &err);
	ok(rc && st == TSA_MISMATCH &&
	   strstr(err.s, "unreachable") && strstr(err.s, "refused"),
	   "down, refused, mismatch: mismatch, each told: %s", err.s);
	urls[2] = NULL;
	buf_reset(&err);
	rc = stamp(urls, ca.s, &t, &st, &err);
	ok(rc && st == TSA_REFUSED,
	   "down and refused: refused (not pending)");
	buf_release(&d);
	buf_release(&r);
	buf_release(&n);
	buf_release(&err);
}

static void test_config(void)
{
	struct buf u = BUF_INIT, err = BUF_INIT, bad = BUF_INIT;
	const char *urls[2], *none[1] = { NULL };
	struct tsa_token t = TSA_TOKEN_INIT;
	enum tsa_status st = TSA_OK;
	int fd;

	url(&u, "/tsa");
	urls[0] = u.s;
	urls[1] = NULL;
	rc = stamp(urls, NULL, &t, &st, &err);
	ok(rc && st == TSA_ERROR &&
	   strstr(err.s, "--tsa-ca"), "no CA bundle: %s", err.s);
	buf_reset(&err);
	rc = stamp(urls, "/nonexistent/ca.pem", &t, &st, &err);
	ok(rc &&
	   st == TSA_ERROR && strstr(err.s, "/nonexistent/ca.pem"),
	   "a CA bundle that is not there: %s", err.s);
	buf_addf(&bad, "%s/bad.pem", dir);
	fd = open(bad.s, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ok(fd >= 0 && write(fd, "not pem\n", 8) == 8, "a file that is no PEM");
	close(fd);
	buf_reset(&err);
	rc = stamp(urls, bad.s, &t, &st, &err);
	ok(rc && st == TSA_ERROR,
	   "a CA bundle with no certificate: %s", err.s);
	buf_reset(&err);
	rc = stamp(none, ca.s, &t, &st, &err);
	ok(rc && st == TSA_ERROR &&
	   strstr(err.s, "--tsa"), "no TSA URL: %s", err.s);
	urls[0] = "ftp://127.0.0.1/tsa";
	buf_reset(&err);
	rc = stamp(urls, ca.s, &t, &st, &err);
	ok(rc && st == TSA_ERROR &&
	   strstr(err.s, "scheme"), "an ftp:// TSA: %s", err.s);
	buf_release(&u);
	buf_release(&err);
	buf_release(&bad);
}

struct grab {
	struct buf body;
};

static int grab_cb(void *arg, const struct http_response *r,
		   struct http_verdict *v, struct buf *err)
{
	(void)v;
	(void)err;
	buf_add(&((struct grab *)arg)->body, r->body, r->len);
	return 0;
}

/* A whole TimeStampResp, as `openssl ts` keeps it, verifies too. */
static void test_whole_response(void)
{
	struct buf q = BUF_INIT, hex = BUF_INIT, qb = BUF_INIT, u = BUF_INIT;
	struct buf err = BUF_INIT;
	struct grab g;
	struct http_engine *e = http_new(NULL, &err);
	struct http_request rq;
	enum tsa_status st = TSA_ERROR;
	int i;

	buf_init(&g.body);
	buf_addf(&q, "%s/whole.tsq", dir);
	for (i = 0; i < TSA_DIGEST_LEN; i++)
		buf_addf(&hex, "%02x", digest[i]);
	{
		const char *argv[] = { "openssl", "ts", "-query", "-digest",
			hex.s, "-sha256", "-cert", "-out", q.s, NULL };

		ok(run_cmd(argv) == 0, "openssl ts -query");
	}
	ok(!fs_read_all(q.s, &qb, &err), "read the query");
	url(&u, "/tsa");
	memset(&rq, 0, sizeof(rq));
	rq.url = u.s;
	rq.body = qb.s;
	rq.body_len = qb.len;
	rq.content_type = "application/timestamp-query";
	rq.arg = &g;
	ok(e && !http_add(e, &rq, &err) &&
	   !http_run(e, grab_cb, NULL, &g, &err) && g.body.len > 200,
	   "a reply from the TSA");
	rc = tsa_verify((const unsigned char *)g.body.s, g.body.len, digest,
		       ca.s, NULL, &st, &err);
	ok(!rc && st == TSA_OK,
	   "a whole TimeStampResp verifies: %s", err.s);
	http_free(e);
	buf_release(&q);
	buf_release(&hex);
	buf_release(&qb);
	buf_release(&u);
	buf_release(&err);
	buf_release(&g.body);
}

static void test_log(void)
{
	struct buf log = BUF_INIT, u = BUF_INIT;

	url(&u, "/__log");
	ok(!fetch_text(u.s, &log) &&
	   strstr(log.s, "POST /tsa ") &&
	   strstr(log.s, " application/timestamp-query\n") &&
	   !strstr(log.s, "None"),
	   "every request was a POST of application/timestamp-query");
	buf_release(&log);
	buf_release(&u);
}

static void test_helpers(void)
{
	unsigned char d[TSA_DIGEST_LEN];

	ok(!tsa_digest_from_hex("E3B0C44298FC1C149AFBF4C8996FB924"
				"27AE41E4649B934CA495991B7852B855", d) &&
	   d[0] == 0xe3 && d[31] == 0x55, "a hex digest, upper case");
	ok(tsa_digest_from_hex("e3b0", d) && tsa_digest_from_hex(NULL, d) &&
	   tsa_digest_from_hex("zz" "b0c44298fc1c149afbf4c8996fb924"
			       "27ae41e4649b934ca495991b7852b855", d),
	   "short, NULL and non-hex digests are refused");
	{
		struct sha256 h;

		sha256_init(&h);
		sha256_final(&h, d);
		ok(d[0] == 0xe3 && d[1] == 0xb0, "SHA-256 of nothing");
	}
	is_str(tsa_status_name(TSA_UNREACHABLE), "unreachable", "names");
}

int main(void)
{
	const char *args[4];
	struct tsa_token t = TSA_TOKEN_INIT;

	test_helpers();
	{
		const char *argv[] = { "openssl", "version", NULL };

		if (run_cmd_q(argv, 1)) {
			printf("ok %d # skip the openssl command is not "
			       "installed (Debian package openssl): the test "
			       "TSA is built with openssl ts -reply\n",
			       ++tap_n);
			return done_testing();
		}
	}
	dir = temp_dir("tsa");
	args[0] = "--dir";
	args[1] = dir;
	args[2] = NULL;
	child_server_start(&tsa, "tsaserver.py", args, NULL);
	buf_addf(&ca, "%s/ca.crt", dir);
	buf_addf(&other_ca, "%s/other-ca.crt", dir);
	{
		struct sha256 h;

		sha256_init(&h);
		sha256_update(&h, evidence, strlen(evidence));
		sha256_final(&h, digest);
	}

	test_good(&t);
	if (t.der) {
		test_tampered(&t);
		test_wrong_ca(&t);
	}
	test_down();
	test_refused();
	test_config();
	test_whole_response();
	test_log();

	tsa_token_release(&t);
	child_server_stop(&tsa);
	remove_tree(dir);
	free(dir);
	buf_release(&ca);
	buf_release(&other_ca);
	return done_testing();
}
