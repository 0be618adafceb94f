/* SPDX-License-Identifier: MIT */
/*
 * RFC 3161 timestamps (tsa.h). OpenSSL builds the request
 * (TS_REQ), reads the reply (d2i_TS_RESP), and checks it
 * (TS_VERIFY_CTX: TS_REQ_to_TS_VERIFY_CTX for imprint, nonce and
 * version, plus TS_VFY_SIGNATURE with an X509_STORE loaded from the
 * user's CA bundle); the HTTP engine carries it. What is left here is
 * the order of the TSAs, the classification of failures (from the TS
 * library's reason codes) and the reading of the token's fields.
 *
 * Ownership, as OpenSSL 3.0 has it: TS_VERIFY_CTX_free() frees the
 * store and the imprint given to it (TS_VERIFY_CTX_set_store,
 * TS_VERIFY_CTX_set_imprint), so those are handed over, never freed
 * here; TS_RESP_get_token() and TS_RESP_get_tst_info() are borrowed
 * from the response.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pkcs7.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "util/buf.h"
#include "collect/http.h"
#include "evidence/tsa.h"
#include "util/msg.h"
#include "netra.h"
#include "util/parse.h"
#include "util/sha256.h"
#include "util/banned.h"

#define REPLY_MAX ((size_t)1 << 20)	/* a reply is a few kilobytes */
#define TEXT_MAX 200			/* of a TSA's status text shown */

const char *tsa_status_name(enum tsa_status s)
{
	switch (s) {
	case TSA_OK:
		return "ok";
	case TSA_UNREACHABLE:
		return "unreachable";
	case TSA_REFUSED:
		return "refused";
	case TSA_MISMATCH:
		return "mismatch";
	case TSA_UNTRUSTED:
		return "untrusted";
	case TSA_ERROR:
		break;
	}
	return "error";
}

void tsa_opts_init(struct tsa_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->timeout_ms = 30000;
	o->connect_timeout_ms = 10000;
	o->max_tries = 2;
	o->backoff_ms = 500;
}

void tsa_token_release(struct tsa_token *t)
{
	free(t->der);
	free(t->url);
	free(t->tsa_name);
	free(t->serial);
	free(t->policy);
	memset(t, 0, sizeof(*t));
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int tsa_digest_from_hex(const char *hex, unsigned char out[TSA_DIGEST_LEN])
{
	int i;

	if (!hex || strlen(hex) != 2 * TSA_DIGEST_LEN)
		return -1;
	for (i = 0; i < TSA_DIGEST_LEN; i++) {
		int h = hexval((unsigned char)hex[2 * i]);
		int l = hexval((unsigned char)hex[2 * i + 1]);

		if (h < 0 || l < 0)
			return -1;
		out[i] = (unsigned char)(h * 16 + l);
	}
	return 0;
}

/* Appends text with control characters replaced, cut at max bytes. */
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

/*
 * The TS library's reason for the last failure, and OpenSSL's detail
 * ("Verify error:unable to get local issuer certificate"), appended to
 * b; returns the reason code (0 when the error was not the TS
 * library's). Empties the error queue.
 */
static int ts_reason(struct buf *b)
{
	unsigned long e, first = 0;
	const char *data = NULL;
	int flags = 0, reason = 0;
	struct buf detail = BUF_INIT;

	while ((e = ERR_get_error_all(NULL, NULL, NULL, &data, &flags))) {
		if (!first)
			first = e;
		if (ERR_GET_LIB(e) == ERR_LIB_TS) {
			reason = ERR_GET_REASON(e);
			first = e;
			buf_reset(&detail);
			if (data && (flags & ERR_TXT_STRING))
				add_clean(&detail, data, strlen(data),
					  TEXT_MAX);
		}
	}
	if (first) {
		const char *r = ERR_reason_error_string(first);

		buf_adds(b, r ? r : "unknown OpenSSL error");
		if (detail.len)
			buf_addf(b, " (%s)", detail.s);
	} else {
		buf_adds(b, "no reason given by OpenSSL");
	}
	buf_release(&detail);
	return reason;
}

/* The class of a failed TS_RESP_verify_*, by the TS reason code. */
static enum tsa_status verify_class(int reason)
{
	switch (reason) {
	case TS_R_CERTIFICATE_VERIFY_ERROR:
	case TS_R_INVALID_SIGNER_CERTIFICATE_PURPOSE:
	case TS_R_TSA_UNTRUSTED:
	case TS_R_TSA_NAME_MISMATCH:
		return TSA_UNTRUSTED;
	default:
		/* imprint, nonce, version, policy, signature, ESS, format */
		return TSA_MISMATCH;
	}
}

/* Unix seconds of an ASN.1 time, or -1. */
static int64_t asn1_epoch(const ASN1_TIME *t)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (!t || !ASN1_TIME_to_tm(t, &tm))
		return -1;
	return days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) *
		86400 + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
}

/*
 * A store holding ca_file's certificates, checking at time at (when
 * at >= 0). NULL with a message when the file does not load.
 */
static X509_STORE *load_store(const char *ca_file, int64_t at,
			      struct buf *err)
{
	X509_STORE *s;

	if (!ca_file || !*ca_file) {
		buf_adds(err, "no CA bundle named for the time-stamping "
			 "authority; give the PEM file that issued its "
			 "certificate (--tsa-ca)");
		return NULL;
	}
	if (access(ca_file, R_OK)) {
		buf_addf(err, "%s: cannot read the TSA's CA bundle: %s; give "
			 "the PEM file of the CA that issued the TSA's "
			 "certificate", ca_file, strerror(errno));
		return NULL;
	}
	s = X509_STORE_new();
	if (!s)
		die_oom();
	if (X509_STORE_load_file(s, ca_file) != 1) {
		buf_addf(err, "%s: cannot load the TSA's CA bundle: ", ca_file);
		ts_reason(err);
		buf_adds(err, "; give a PEM file of CA certificates");
		X509_STORE_free(s);
		return NULL;
	}
	if (at >= 0)
		X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(s),
					   (time_t)at);
	return s;
}

/* Fills info from a checked token (der: its DER, copied). */
static int read_token(PKCS7 *token, struct tsa_token *info, struct buf *err)
{
	TS_TST_INFO *tst = PKCS7_to_TS_TST_INFO(token);
	STACK_OF(X509) *signers = NULL;
	const ASN1_INTEGER *serial;
	ASN1_OBJECT *policy;
	TS_MSG_IMPRINT *mi;
	ASN1_OCTET_STRING *msg;
	unsigned char *der = NULL;
	char oid[128];
	int n, rc = -1;

	if (!tst) {
		buf_adds(err, "the token holds no TSTInfo");
		goto out;
	}
	n = i2d_PKCS7(token, &der);
	if (n <= 0) {
		buf_adds(err, "cannot encode the token");
		goto out;
	}
	info->der = xmalloc((size_t)n);
	memcpy(info->der, der, (size_t)n);
	info->der_len = (size_t)n;
	info->gen_time = asn1_epoch(TS_TST_INFO_get_time(tst));
	time_fmt_iso(info->gen_time, info->gen_time_iso);
	serial = TS_TST_INFO_get_serial(tst);
	if (serial) {
		BIGNUM *bn = ASN1_INTEGER_to_BN(serial, NULL);
		char *h = bn ? BN_bn2hex(bn) : NULL;

		info->serial = xstrdup(h ? h : "");
		OPENSSL_free(h);
		BN_free(bn);
	}
	policy = TS_TST_INFO_get_policy_id(tst);
	if (policy && OBJ_obj2txt(oid, sizeof(oid), policy, 1) > 0)
		info->policy = xstrdup(oid);
	mi = TS_TST_INFO_get_msg_imprint(tst);
	msg = mi ? TS_MSG_IMPRINT_get_msg(mi) : NULL;
	if (msg && ASN1_STRING_length(msg) == TSA_DIGEST_LEN)
		sha256_to_hex(ASN1_STRING_get0_data(msg), info->sha256);
	signers = PKCS7_get0_signers(token, NULL, 0);
	if (signers && sk_X509_num(signers) == 1) {
		BIO *b = BIO_new(BIO_s_mem());
		char *p = NULL;
		long len;

		if (!b)
			die_oom();
		X509_NAME_print_ex(b, X509_get_subject_name(
				   sk_X509_value(signers, 0)), 0,
				   XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
		len = BIO_get_mem_data(b, &p);
		{
			struct buf nm = BUF_INIT;

			add_clean(&nm, p, len > 0 ? (size_t)len : 0, 1000);
			info->tsa_name = buf_detach(&nm, NULL);
		}
		BIO_free(b);
	} else {
		info->tsa_name = xstrdup("");
	}
	ERR_clear_error();
	rc = 0;
out:
	sk_X509_free(signers);
	OPENSSL_free(der);
	TS_TST_INFO_free(tst);
	return rc;
}

/* genTime of token, unchecked (to check the chain at that time), or -1. */
static int64_t token_time(PKCS7 *token)
{
	TS_TST_INFO *tst = PKCS7_to_TS_TST_INFO(token);
	int64_t t = tst ? asn1_epoch(TS_TST_INFO_get_time(tst)) : -1;

	TS_TST_INFO_free(tst);
	ERR_clear_error();
	return t;
}

/* The digest algorithm of token's imprint is SHA-256. */
static int imprint_is_sha256(PKCS7 *token)
{
	TS_TST_INFO *tst = PKCS7_to_TS_TST_INFO(token);
	TS_MSG_IMPRINT *mi = tst ? TS_TST_INFO_get_msg_imprint(tst) : NULL;
	X509_ALGOR *alg = mi ? TS_MSG_IMPRINT_get_algo(mi) : NULL;
	const ASN1_OBJECT *obj = NULL;
	int ok = 0;

	if (alg) {
		X509_ALGOR_get0(&obj, NULL, NULL, alg);
		ok = obj && OBJ_obj2nid(obj) == NID_sha256;
	}
	TS_TST_INFO_free(tst);
	ERR_clear_error();
	return ok;
}

/* A TimeStampReq over digest, with a fresh nonce; NULL on failure. */
static TS_REQ *make_request(const unsigned char *digest, const char *policy,
			    struct buf *err)
{
	TS_REQ *req = TS_REQ_new();
	TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
	X509_ALGOR *alg = X509_ALGOR_new();
	unsigned char nb[8];
	BIGNUM *bn = NULL;
	ASN1_INTEGER *nonce = NULL;
	ASN1_OBJECT *pol = NULL;
	int ok = 0;

	if (!req || !mi || !alg)
		die_oom();
	if (RAND_bytes(nb, sizeof(nb)) != 1) {
		buf_adds(err, "OpenSSL has no random bytes for the nonce");
		goto out;
	}
	nb[0] &= 0x7f;
	nb[0] |= 0x01;	/* a full 63-bit positive nonce, never 0 */
	bn = BN_bin2bn(nb, sizeof(nb), NULL);
	nonce = bn ? BN_to_ASN1_INTEGER(bn, NULL) : NULL;
	if (policy) {
		pol = OBJ_txt2obj(policy, 1);
		if (!pol) {
			buf_addf(err, "TSA policy '%s' is not an OID (digits "
				 "and dots, e.g. 1.2.3.4)", policy);
			goto out;
		}
	}
	if (!nonce ||
	    !X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL) ||
	    !TS_MSG_IMPRINT_set_algo(mi, alg) ||
	    !TS_MSG_IMPRINT_set_msg(mi, (unsigned char *)digest,
				    TSA_DIGEST_LEN) ||
	    !TS_REQ_set_version(req, 1) ||
	    !TS_REQ_set_msg_imprint(req, mi) ||
	    !TS_REQ_set_nonce(req, nonce) ||
	    !TS_REQ_set_cert_req(req, 1) ||
	    (pol && !TS_REQ_set_policy_id(req, pol))) {
		buf_adds(err, "cannot build the time-stamp request: ");
		ts_reason(err);
		goto out;
	}
	ok = 1;
out:
	ASN1_OBJECT_free(pol);
	ASN1_INTEGER_free(nonce);
	BN_free(bn);
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_free(mi);
	if (!ok) {
		TS_REQ_free(req);
		return NULL;
	}
	return req;
}

/* What one POST to one TSA brought back. */
struct reply {
	long status;
	int got;		/* a response came */
	int unreachable;	/* transport errors or 5xx on every try */
	struct buf body;
	struct buf why;
};

static int on_reply(void *arg, const struct http_response *r,
		    struct http_verdict *v, struct buf *err)
{
	struct reply *rp = r->arg;

	(void)arg;
	(void)err;
	rp->got = 1;
	rp->status = r->status;
	buf_reset(&rp->body);
	buf_add(&rp->body, r->body, r->len);
	/* a 4xx is the TSA's answer, judged by the caller */
	v->action = HTTP_DONE;
	return 0;
}

static int on_fail(void *arg, const struct http_response *r,
		   struct buf *err)
{
	struct reply *rp = r->arg;

	(void)arg;
	(void)err;
	rp->status = r->status;
	rp->unreachable = r->fail == HTTP_FAIL_TRANSPORT ||
		r->fail == HTTP_FAIL_SERVER || r->fail == HTTP_FAIL_RATE;
	buf_reset(&rp->why);
	buf_adds(&rp->why, r->why ? r->why : "failed");
	return 0;
}

/* Checks a reply to req against the CA bundle; fills out when good. */
static enum tsa_status check_reply(TS_REQ *req, const struct reply *rp,
				   const char *ca_file, struct tsa_token *out,
				   struct buf *why)
{
	const unsigned char *p = (const unsigned char *)rp->body.s;
	TS_RESP *resp = NULL;
	TS_STATUS_INFO *si;
	TS_VERIFY_CTX *vc = NULL;
	X509_STORE *store;
	PKCS7 *token;
	enum tsa_status st = TSA_REFUSED;
	long status;

	if (rp->status < 200 || rp->status >= 300) {
		buf_addf(why, "HTTP %ld", rp->status);
		return TSA_REFUSED;
	}
	ERR_clear_error();
	resp = d2i_TS_RESP(NULL, &p, (long)rp->body.len);
	if (!resp || p != (const unsigned char *)rp->body.s + rp->body.len) {
		buf_addf(why, "the reply (%zu bytes) is not a time-stamp "
			 "reply (RFC 3161 TimeStampResp)", rp->body.len);
		ERR_clear_error();
		goto out;
	}
	si = TS_RESP_get_status_info(resp);
	status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(si));
	if (status != TS_STATUS_GRANTED &&
	    status != TS_STATUS_GRANTED_WITH_MODS) {
		const STACK_OF(ASN1_UTF8STRING) *text =
			TS_STATUS_INFO_get0_text(si);
		const ASN1_BIT_STRING *fi =
			TS_STATUS_INFO_get0_failure_info(si);
		int i;

		buf_addf(why, "the TSA refused (status %ld%s)", status,
			 status == TS_STATUS_REJECTION ? ", rejection" :
			 status == TS_STATUS_WAITING ? ", waiting" : "");
		for (i = 0; text && i < sk_ASN1_UTF8STRING_num(text); i++) {
			const ASN1_UTF8STRING *t =
				sk_ASN1_UTF8STRING_value(text, i);

			buf_adds(why, ": ");
			add_clean(why, (const char *)ASN1_STRING_get0_data(t),
				  (size_t)ASN1_STRING_length(t), TEXT_MAX);
		}
		if (fi && ASN1_BIT_STRING_get_bit(fi, TS_INFO_BAD_ALG))
			buf_adds(why, "; it does not take SHA-256");
		if (fi && ASN1_BIT_STRING_get_bit(fi,
						  TS_INFO_UNACCEPTED_POLICY))
			buf_adds(why, "; it does not serve that policy");
		if (fi && ASN1_BIT_STRING_get_bit(fi, TS_INFO_SYSTEM_FAILURE))
			buf_adds(why, "; it reports a system failure");
		goto out;
	}
	token = TS_RESP_get_token(resp);
	if (!token) {
		buf_adds(why, "the reply grants a stamp but holds no token");
		goto out;
	}
	store = load_store(ca_file, token_time(token), why);
	if (!store) {
		st = TSA_ERROR;
		goto out;
	}
	vc = TS_REQ_to_TS_VERIFY_CTX(req, NULL);
	if (!vc) {
		X509_STORE_free(store);
		buf_adds(why, "OpenSSL cannot make a verification context");
		st = TSA_ERROR;
		goto out;
	}
	TS_VERIFY_CTX_set_store(vc, store);	/* vc owns it now */
	TS_VERIFY_CTX_add_flags(vc, TS_VFY_SIGNATURE);
	if (TS_RESP_verify_response(vc, resp) != 1) {
		struct buf r = BUF_INIT;

		st = verify_class(ts_reason(&r));
		buf_addf(why, st == TSA_UNTRUSTED ? "the token's signer is not "
			 "trusted by %s: %s" : "the token does not match the "
			 "request: %s", st == TSA_UNTRUSTED ? ca_file : r.s,
			 r.s);
		buf_release(&r);
		goto out;
	}
	if (!imprint_is_sha256(token)) {
		buf_adds(why, "the token's imprint is not SHA-256");
		st = TSA_MISMATCH;
		goto out;
	}
	if (read_token(token, out, why)) {
		tsa_token_release(out);
		st = TSA_MISMATCH;
		goto out;
	}
	st = TSA_OK;
out:
	TS_VERIFY_CTX_free(vc);
	TS_RESP_free(resp);
	ERR_clear_error();
	return st;
}

/* How grave a failure is, for choosing the one to report. */
static int gravity(enum tsa_status s)
{
	switch (s) {
	case TSA_UNTRUSTED:
		return 5;
	case TSA_MISMATCH:
		return 4;
	case TSA_ERROR:
		return 3;
	case TSA_REFUSED:
		return 2;
	case TSA_UNREACHABLE:
		return 1;
	default:
		return 0;
	}
}

static void shown_url(struct buf *b, const char *url)
{
	struct buf s = BUF_INIT;

	add_clean(&s, url, strlen(url), TEXT_MAX);
	msg_redact(&s);
	buf_add(b, s.s, s.len);
	buf_release(&s);
}

int tsa_stamp(const struct tsa_opts *o,
	      const unsigned char digest[TSA_DIGEST_LEN],
	      struct tsa_token *out, enum tsa_status *st, struct buf *err)
{
	struct http_opts ho;
	struct http_engine *e = NULL;
	struct buf msgs = BUF_INIT;
	TS_REQ *req = NULL;
	unsigned char *der = NULL;
	enum tsa_status worst = TSA_OK;
	int n, i, rc = -1;

	*st = TSA_ERROR;
	if (!o->urls || !o->urls[0]) {
		buf_adds(err, "no time-stamping authority configured; give "
			 "its URL (--tsa)");
		return -1;
	}
	{
		/* a bad CA bundle is the user's to fix before any TSA */
		X509_STORE *s = load_store(o->ca_file, -1, err);

		if (!s)
			return -1;
		X509_STORE_free(s);
	}
	req = make_request(digest, o->policy, err);
	if (!req)
		return -1;
	n = i2d_TS_REQ(req, &der);
	if (n <= 0) {
		buf_adds(err, "cannot encode the time-stamp request");
		goto out;
	}
	http_opts_init(&ho);
	ho.concurrency = 1;
	ho.timeout_ms = o->timeout_ms;
	ho.connect_timeout_ms = o->connect_timeout_ms;
	ho.max_tries = o->max_tries;
	ho.backoff_ms = o->backoff_ms;
	ho.backoff_max_ms = o->backoff_ms * 4;
	ho.max_body = REPLY_MAX;
	ho.user_agent = o->user_agent;
	ho.ca_file = o->tls_ca_file;
	ho.stop = o->stop;
	e = http_new(&ho, err);
	if (!e)
		goto out;
	for (i = 0; o->urls[i]; i++) {
		struct http_request rq;
		struct reply rp;
		struct buf why = BUF_INIT;
		enum tsa_status s;

		memset(&rq, 0, sizeof(rq));
		memset(&rp, 0, sizeof(rp));
		buf_init(&rp.body);
		buf_init(&rp.why);
		rq.url = o->urls[i];
		rq.body = (const char *)der;
		rq.body_len = (size_t)n;
		rq.content_type = "application/timestamp-query";
		rq.arg = &rp;
		if (http_add(e, &rq, &why) ||
		    http_run(e, on_reply, on_fail, NULL, &why)) {
			s = o->stop && *o->stop ? TSA_UNREACHABLE : TSA_ERROR;
		} else if (!rp.got) {
			s = rp.unreachable ? TSA_UNREACHABLE : TSA_REFUSED;
			buf_add(&why, rp.why.s, rp.why.len);
		} else {
			s = check_reply(req, &rp, o->ca_file, out, &why);
		}
		buf_release(&rp.body);
		buf_release(&rp.why);
		if (s == TSA_OK) {
			out->url = xstrdup(o->urls[i]);
			buf_release(&why);
			*st = TSA_OK;
			rc = 0;
			goto out;
		}
		if (msgs.len)
			buf_adds(&msgs, "; ");
		shown_url(&msgs, o->urls[i]);
		buf_addf(&msgs, ": %s: %s", tsa_status_name(s), why.s);
		buf_release(&why);
		if (gravity(s) > gravity(worst))
			worst = s;
		if (o->stop && *o->stop)
			break;
	}
	*st = worst;
	buf_addf(err, "no time-stamp token (%s", tsa_status_name(worst));
	if (worst == TSA_UNREACHABLE)
		buf_adds(err, ": the evidence is kept and the stamp is "
			 "pending; ask again later");
	buf_addf(err, "): %s", msgs.s);
out:
	http_free(e);
	OPENSSL_free(der);
	TS_REQ_free(req);
	buf_release(&msgs);
	return rc;
}

int tsa_verify(const unsigned char *der, size_t len,
	       const unsigned char digest[TSA_DIGEST_LEN], const char *ca_file,
	       struct tsa_token *info, enum tsa_status *st, struct buf *err)
{
	const unsigned char *p = der;
	PKCS7 *token = NULL;
	TS_RESP *resp = NULL;
	TS_VERIFY_CTX *vc = NULL;
	X509_STORE *store;
	unsigned char *imp;
	struct tsa_token tmp = TSA_TOKEN_INIT;
	int rc = -1;

	*st = TSA_MISMATCH;
	ERR_clear_error();
	if (der && len)
		token = d2i_PKCS7(NULL, &p, (long)len);
	if (!token || p != der + len) {
		/* a whole TimeStampResp, as some tools keep it */
		PKCS7_free(token);
		token = NULL;
		p = der;
		if (der && len)
			resp = d2i_TS_RESP(NULL, &p, (long)len);
		if (resp && p == der + len && TS_RESP_get_token(resp))
			token = PKCS7_dup(TS_RESP_get_token(resp));
		if (!token) {
			buf_addf(err, "the stored token (%zu bytes) is not an "
				 "RFC 3161 time-stamp token", len);
			goto out;
		}
	}
	if (!imprint_is_sha256(token)) {
		buf_adds(err, "the token's imprint is not SHA-256 (or the "
			 "token is damaged)");
		goto out;
	}
	store = load_store(ca_file, token_time(token), err);
	if (!store) {
		*st = TSA_ERROR;
		goto out;
	}
	vc = TS_VERIFY_CTX_new();
	if (!vc)
		die_oom();
	TS_VERIFY_CTX_set_store(vc, store);	/* vc owns it */
	imp = OPENSSL_malloc(TSA_DIGEST_LEN);
	if (!imp)
		die_oom();
	memcpy(imp, digest, TSA_DIGEST_LEN);
	TS_VERIFY_CTX_set_imprint(vc, imp, TSA_DIGEST_LEN); /* and imp */
	TS_VERIFY_CTX_set_flags(vc, TS_VFY_VERSION | TS_VFY_IMPRINT |
				TS_VFY_SIGNATURE);
	if (TS_RESP_verify_token(vc, token) != 1) {
		struct buf r = BUF_INIT;

		*st = verify_class(ts_reason(&r));
		if (*st == TSA_UNTRUSTED)
			buf_addf(err, "the token's signer is not trusted by "
				 "%s: %s", ca_file, r.s);
		else
			buf_addf(err, "the token does not match these bytes: "
				 "%s", r.s);
		buf_release(&r);
		goto out;
	}
	if (read_token(token, &tmp, err)) {
		tsa_token_release(&tmp);
		goto out;
	}
	if (info)
		*info = tmp;
	else
		tsa_token_release(&tmp);
	*st = TSA_OK;
	rc = 0;
out:
	TS_VERIFY_CTX_free(vc);
	PKCS7_free(token);
	TS_RESP_free(resp);
	ERR_clear_error();
	return rc;
}
